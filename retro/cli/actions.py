"""Actions: what a team agreed to do, with owners and due dates, carried forward until done."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env, read_text
from retro.cli.output import Styled, echo, emit_json, table

if TYPE_CHECKING:
    from retro.model import Action, Review

Listed = tuple[dict[str, Any], str, str]
"""An action as ``Action.to_dict`` gives it, with its review's title and its short id
(`Store.listed_actions`)."""


@click.group()
def action() -> None:
    """Actions agreed in reviews: add, list, done, drop, edit.

    \b
    Examples:
      retro action add r7kq "Write the deploy runbook" --owner ana --due "next friday"
      retro action list --overdue
      retro action done a2kd
    """


@action.command("add")
@click.argument("review", metavar="REVIEW", type=params.REVIEW)
@click.argument("text", required=False)
@click.option("--owner", help="Who will do it.")
@click.option("--due", type=params.DATE, help="By when (today, +1w, next friday, 2026-11-30).")
@click.option("--edit", is_flag=True, help="Write the text in $EDITOR.")
@json_option
@pass_env
def action_add(
    env: Env,
    review: str,
    text: str | None,
    owner: str | None,
    due: date | None,
    edit: bool,
    as_json: bool,
) -> None:
    """Agree an action in a review.

    \b
    Examples:
      retro action add r7kq "Write the deploy runbook" --owner ana --due +2w
      retro action add r7kq "Automate the release notes"
    """
    from retro.model import Action as ActionModel

    new = ActionModel(
        text=read_text(text, edit, "the action's text"), review_id=review, owner=owner, due=due
    )

    def add(r: Review) -> None:
        r.add_action(new)  # during discuss, linked to the current topic

    env.store.update_review(review, add)
    if as_json:
        emit_json(new.to_dict())
    else:
        echo(f"added action {env.short(new.id)}")
    # Allowed, but worth a second look: said on stderr so piped output stays the id line.
    if due is not None and due < env.today:
        echo(f"note: the due date {due.isoformat()} has already passed", err=True)
    if not owner:
        echo(
            "note: the action has no owner; give it one with "
            f"'retro action edit {env.short(new.id)} --owner NAME'",
            err=True,
        )


@action.command("list")
@click.option("--open", "status", flag_value="open", help="Only open actions (the default).")
@click.option("--done", "status", flag_value="done", help="Only done actions.")
@click.option("--dropped", "status", flag_value="dropped", help="Only dropped actions.")
@click.option("--all", "status", flag_value="all", help="Every action.")
@click.option("--owner", help="Only this person's actions.")
@click.option("--overdue", is_flag=True, help="Only open actions past their due date.")
@json_option
@pass_env
def action_list(
    env: Env, status: str | None, owner: str | None, overdue: bool, as_json: bool
) -> None:
    """List actions across every review (open ones unless told otherwise).

    \b
    Examples:
      retro action list
      retro action list --owner ana --overdue
      retro action list --done --json
    """
    store = env.store
    today = env.today
    wanted = status or "open"
    who = owner.strip().casefold() if owner else None
    rows = store.listed_actions(
        None if wanted == "all" else wanted, who, today if overdue else None
    )
    if as_json:
        emit_json([action_dict(a, today) for a in rows])
        return
    if not rows:
        echo("no actions match")
        return
    table(
        ["id", "status", "due", "owner", "review", "action"],
        [
            [
                short,
                str(a["status"]),
                due,
                "no owner" if a["owner"] is None else str(a["owner"]),
                title,
                a["text"],
            ]
            for (a, title, short), due in zip(rows, _due_column(rows, today), strict=True)
        ],
        shrink=(3, 4),
        styles=[{"fg": "cyan"}],
    )


def _due_column(rows: list[Listed], today: date) -> list[str]:
    """Each action's due date and how far it is from today, a red cell when the action is
    overdue (`Styled`: the table pads it, then colours it where colour reaches a terminal):
    each distinct date parsed and described once."""
    from retro.dates import describe

    texts: dict[str, tuple[str, bool]] = {}  # due → its text, whether it is past
    reds: dict[str, Styled] = {}
    column: list[str] = []
    for a, *_ in rows:
        due = a["due"]
        if due is None:
            column.append("")
            continue
        found = texts.get(due)
        if found is None:
            day = date.fromisoformat(due)
            found = texts[due] = (f"{day} ({describe(day, today)})", day < today)
        text, past = found
        if past and a["status"] == "open":  # overdue
            red = reds.get(due)
            if red is None:
                red = reds[due] = Styled(text, fg="red")
            column.append(red)
        else:
            column.append(text)
    return column


def action_dict(listed: Listed, today: date) -> dict[str, Any]:
    """An action as JSON, with its review's title and whether it is overdue."""
    data, title, _ = listed  # a dict of its own: no copy
    data["review_title"] = title
    due = data["due"]
    data["overdue"] = data["status"] == "open" and due is not None and due < today.isoformat()
    return data


def _set_status(env: Env, action_id: str, status: str) -> None:
    store = env.store
    today = env.today

    def change(r: Review) -> None:
        a = r.action(action_id)
        a.status = status  # type: ignore[assignment]
        a.done_on = today if status != "open" else None

    store.update_review(store.locate(action_id), change)


@action.command("done")
@click.argument("action_id", metavar="ACTION", type=params.ACTION)
@pass_env
def action_done(env: Env, action_id: str) -> None:
    """Mark an action done.

    \b
    Example:
      retro action done a2kd
    """
    _set_status(env, action_id, "done")
    echo(f"action {env.short(action_id)} is done")


@action.command("drop")
@click.argument("action_id", metavar="ACTION", type=params.ACTION)
@pass_env
def action_drop(env: Env, action_id: str) -> None:
    """Drop an action the team decided not to do.

    \b
    Example:
      retro action drop a2kd
    """
    _set_status(env, action_id, "dropped")
    echo(f"action {env.short(action_id)} is dropped")


@action.command("reopen")
@click.argument("action_id", metavar="ACTION", type=params.ACTION)
@pass_env
def action_reopen(env: Env, action_id: str) -> None:
    """Open a done or dropped action again.

    \b
    Example:
      retro action reopen a2kd
    """
    _set_status(env, action_id, "open")
    echo(f"action {env.short(action_id)} is open again")


@action.command("edit")
@click.argument("action_id", metavar="ACTION", type=params.ACTION)
@click.option("--text", help="New text ('-' reads it from stdin).")
@click.option("--owner", help="A new owner ('' for none).")
@click.option("--due", type=params.DATE, help="A new due date.")
@click.option("--no-due", is_flag=True, help="Remove the due date.")
@click.option("--edit", is_flag=True, help="Write the text in $EDITOR.")
@json_option
@pass_env
def action_edit(
    env: Env,
    action_id: str,
    text: str | None,
    owner: str | None,
    due: date | None,
    no_due: bool,
    edit: bool,
    as_json: bool,
) -> None:
    """Change an action's text, owner or due date.

    \b
    Examples:
      retro action edit a2kd --owner bruno --due +1w
      retro action edit a2kd --text "Write and test the runbook"
    """
    from retro.model import Action as ActionModel

    if due and no_due:
        raise click.UsageError("give either --due or --no-due, not both")
    store = env.store
    review_id = store.locate(action_id)
    new_text = None
    if text is not None or edit:
        current = store.review(review_id).action(action_id).text
        new_text = read_text(text, edit, "the action's text", initial=current)

    def change(r: Review) -> Action:
        a = r.action(action_id)
        data = a.to_dict()
        if new_text is not None:
            data["text"] = new_text
        if owner is not None:
            data["owner"] = owner.strip() or None
        if due is not None:
            data["due"] = due.isoformat()
        if no_due:
            data["due"] = None
        checked = ActionModel.from_dict(data)
        a.__dict__.update(checked.__dict__)
        return a

    changed = store.update_review(review_id, change)
    if as_json:
        emit_json(changed.to_dict())
    else:
        echo(f"updated action {env.short(action_id)}")


@action.command("delete")
@click.argument("action_id", metavar="ACTION", type=params.ACTION)
@pass_env
def action_delete(env: Env, action_id: str) -> None:
    """Delete an action entered by mistake (use 'drop' for one the team decided against).

    \b
    Example:
      retro action delete a2kd
    """
    store = env.store
    short = store.short(action_id)
    store.update_review(store.locate(action_id), lambda r: r.actions.remove(r.action(action_id)))
    echo(f"deleted action {short}")
