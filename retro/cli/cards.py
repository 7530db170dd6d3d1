"""Cards on a review board: add, edit, move, delete, vote, group, promote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, confirm, edit_option, json_option, pass_env, read_text
from retro.cli.output import echo, emit_json
from retro.errors import RuleError
from retro.text import plural

if TYPE_CHECKING:
    from retro.model import Review


def _card_review(env: Env, card_id: str) -> str:
    return env.store.locate(card_id)


@click.group()
def card() -> None:
    """Cards on a review board: add, edit, move, delete, vote, group, promote.

    \b
    Examples:
      retro card add r7kq start "Pair on deploys" -t deploy
      retro card vote c9x4
      retro card group c9x4 c2b7 --title "Deploys"
    """


@card.command("add")
@click.argument("review", metavar="REVIEW", type=params.REVIEW)
@click.argument("column", type=params.COLUMN)
@click.argument("text", required=False)
@click.option("--anon", is_flag=True, help="Add it without an author (none is stored).")
@click.option("-t", "--tag", "tags", multiple=True, type=params.TAG, help="A tag (repeatable).")
@edit_option
@json_option
@pass_env
def card_add(
    env: Env,
    review: str,
    column: str,
    text: str | None,
    anon: bool,
    tags: tuple[str, ...],
    edit: bool,
    as_json: bool,
) -> None:
    """Add a card to a column of a review (in the reflect or group phase).

    TEXT may be '-' to read it from stdin; --edit opens $EDITOR.

    \b
    Examples:
      retro card add r7kq start "Pair on every deploy" -t deploy
      retro card add r7kq stop "Friday releases" --anon
      git log --oneline | retro card add r7kq timeline -
    """
    from retro.model import Card as CardModel

    new = CardModel(
        column=column,
        text=read_text(text, edit, "the card's text"),
        author=None if anon else env.user,
        tags=list(tags),
    )
    added = env.store.add_card(review, new)
    if as_json:
        emit_json(added.to_dict())
    else:
        echo(f"added card {env.short(added.id)}")


@card.command("edit")
@click.argument("card_id", metavar="CARD", type=params.CARD)
@click.argument("text", required=False)
@click.option("-t", "--tag", "tags", multiple=True, type=params.TAG, help="Replace the tags.")
@edit_option
@json_option
@pass_env
def card_edit(
    env: Env, card_id: str, text: str | None, tags: tuple[str, ...], edit: bool, as_json: bool
) -> None:
    """Change a card's text (and tags).

    \b
    Examples:
      retro card edit c9x4 "Pair on every production deploy"
      retro card edit c9x4 --edit
    """
    from retro.model import Card as CardModel

    store = env.store
    review_id = _card_review(env, card_id)
    before = store.review(review_id)
    # Refused before $EDITOR opens on it: a hidden card's text must not reach the editor.
    before.check_visible(before.card(card_id), env.user)
    new_text = read_text(text, edit, "the card's text", initial=before.card(card_id).text)

    def change(r: Review) -> dict[str, Any]:
        r.check_open()
        c = r.card(card_id)
        r.check_visible(c, env.user)
        checked = CardModel(column=c.column, text=new_text, tags=list(tags) or c.tags)
        c.text, c.tags = checked.text, checked.tags
        # Others' votes stay private while voting is.
        return {**c.to_dict(), "votes": r.visible_votes(c, env.user)}

    changed = store.update_review(review_id, change)
    if as_json:
        emit_json(changed)
    else:
        echo(f"updated card {env.short(card_id)}")


@card.command("move")
@click.argument("card_id", metavar="CARD", type=params.CARD)
@click.argument("column", type=params.COLUMN)
@pass_env
def card_move(env: Env, card_id: str, column: str) -> None:
    """Move a card to another column of its review.

    \b
    Example:
      retro card move c9x4 continue
    """
    from retro.formats import review_format

    store = env.store
    review_id = _card_review(env, card_id)
    custom = store.team().formats

    def move(r: Review) -> str:
        return r.move_card(card_id, review_format(r, custom).column(column).key).column

    key = store.update_review(review_id, move)
    echo(f"moved card {env.short(card_id)} to {key}")


@card.command("delete")
@click.argument("card_id", metavar="CARD", type=params.CARD)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def card_delete(env: Env, card_id: str, yes: bool) -> None:
    """Delete a card (its votes go with it).

    \b
    Example:
      retro card delete c9x4 --yes
    """
    store = env.store
    review_id = _card_review(env, card_id)
    short = store.short(card_id)
    confirm(f"delete card {short}?", yes)

    store.update_review(review_id, lambda r: r.delete_card(card_id, env.user))
    echo(f"deleted card {short}")


@card.command("vote")
@click.argument("card_id", metavar="CARD", type=params.CARD)
@click.option("--undo", is_flag=True, help="Take one of your votes back.")
@pass_env
def card_vote(env: Env, card_id: str, undo: bool) -> None:
    """Place one of your votes on a card (in the vote phase, within the budget).

    \b
    Examples:
      retro card vote c9x4
      retro card vote c9x4 --undo
    """
    store = env.store
    review_id = _card_review(env, card_id)
    user = env.user

    newcomer = [False]

    def vote(r: Review) -> tuple[int, int]:
        if undo:
            used = r.unvote(card_id, user)
        else:
            joined = user not in r.participants
            used = r.vote(card_id, user)
            newcomer[0] = joined
        return used, r.vote_budget

    used, budget = store.update_review(review_id, vote)
    verb = "took back a vote from" if undo else "voted for"
    echo(f"{verb} card {store.short(card_id)} ({used} of {plural(budget, 'vote')} used)")
    if newcomer[0] and store.team().member(user) is None:
        echo(
            f"note: {user} is not a member of the team; added as a participant of this review "
            f"(add them to the team with: retro member add {user})",
            err=True,
        )


@card.command("group")
@click.argument("card_ids", metavar="CARD CARD...", nargs=-1, required=True, type=params.CARD)
@click.option("--title", help="The group's title (default: the first card's text).")
@pass_env
def card_group(env: Env, card_ids: tuple[str, ...], title: str | None) -> None:
    """Group cards of one review under the first card; --title names the group.

    \b
    Examples:
      retro card group c9x4 c2b7 c8q1 --title "Deploys"
      retro card group c9x4 c2b7
    """
    store = env.store
    lead = card_ids[0]
    review_id = _card_review(env, lead)
    for other in card_ids[1:]:
        if _card_review(env, other) != review_id:
            raise RuleError(
                f"card {store.short(other)} is on another review; group cards of one review"
            )
    if len(set(card_ids)) < 2:
        raise click.UsageError("give at least two different cards to group")

    led = store.update_review(review_id, lambda r: r.group(lead, list(card_ids[1:]), title))
    echo(f"grouped {len(set(card_ids))} cards under {store.short(led)}")


@card.command("promote")
@click.argument("card_id", metavar="CARD", type=params.CARD)
@click.option("-t", "--tag", "tags", multiple=True, type=params.TAG, help="Extra tags.")
@json_option
@pass_env
def card_promote(env: Env, card_id: str, tags: tuple[str, ...], as_json: bool) -> None:
    """Make a card a lesson learned, linked to its review.

    \b
    Example:
      retro card promote c9x4 -t deploy
    """
    from retro.model import Lesson

    store = env.store
    review_id = _card_review(env, card_id)
    r = store.review(review_id)
    c = r.card(card_id)
    r.check_visible(c, env.user)
    if c.lesson_id:
        raise RuleError(f"card {store.short(card_id)} is already a lesson")
    lesson = Lesson(
        text=c.text,
        on=env.today,
        tags=[*c.tags, *tags],
        author=env.user,
        review_id=review_id,
        card_id=card_id,
    )

    def link(r: Review) -> None:
        if r.card(card_id).lesson_id:
            raise RuleError(f"card {store.short(card_id)} is already a lesson")
        r.card(card_id).lesson_id = lesson.id

    store.add_lesson(lesson)
    try:
        store.update_review(review_id, link)
    except BaseException:
        store.delete_lesson(lesson.id)
        raise
    if as_json:
        emit_json(lesson.to_dict())
    else:
        echo(f"added lesson {env.short(lesson.id)} from card {store.short(card_id)}")
