"""Goals of a sprint, check-ins, and the drift command."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env, people_options
from retro.cli.output import band_text, echo, emit_json, label, number, percent, shown, style, table
from retro.cli.sprints import show_drift, signed
from retro.errors import NotFoundError, RuleError

if TYPE_CHECKING:
    from retro.model import Goal, Sprint


# --- goals and check-ins -----------------------------------------------------------------------


@click.group()
def goal() -> None:
    """Goals of a sprint: intended outcomes with owners, measurable where possible.

    \b
    Examples:
      retro goal add s4m2 "Cut p95 latency" --baseline 420 --target 200 --unit ms --owner ana
      retro goal rate g5tn met
    """


@goal.command("add")
@click.argument("sprint_id", metavar="SPRINT", type=params.SPRINT)
@click.argument("statement")
@click.option("--baseline", type=float, help="Where the measure stands now.")
@click.option("--target", type=float, help="Where it should be by the due date.")
@click.option("--unit", default="", help="The unit (ms, %, deploys/day).")
@click.option("--owner", help="Who is accountable.")
@click.option("--due", type=params.DATE, help="When it is due (default: the sprint's end).")
@people_options
@json_option
@pass_env
def goal_add(
    env: Env,
    sprint_id: str,
    statement: str,
    baseline: float | None,
    target: float | None,
    unit: str,
    owner: str | None,
    due: date | None,
    as_json: bool,
    **roles: tuple[str, ...],
) -> None:
    """Add a goal to a sprint (measurable with --baseline and --target, else rated at the end).

    \b
    Examples:
      retro goal add s4m2 "Cut p95 latency" --baseline 420 --target 200 --unit ms --owner ana
      retro goal add s4m2 "Onboard the new hire well" --owner bruno
    """
    from retro.model import Goal as GoalModel

    new = GoalModel(
        statement=statement,
        sprint_id=sprint_id,
        owner=owner,
        due=due,
        unit=unit,
        baseline=baseline,
        target=target,
        contributors=[p for p in roles["responsible"] if p != owner],
        accountable=list(roles["accountable"]),
        consulted=list(roles["consulted"]),
        informed=list(roles["informed"]),
    )

    def add(s: Sprint) -> None:
        if s.status == "closed":
            raise RuleError(f"sprint {s.title!r} is closed")
        s.goals.append(new)

    env.store.update_sprint(sprint_id, add)
    if as_json:
        emit_json(new.to_dict())
    else:
        echo(f"added goal {env.short(new.id)}")


def _update_goal(env: Env, goal_id: str, fn: Any) -> Any:
    store = env.store

    def change(s: Sprint) -> Any:
        return fn(s, s.goal(goal_id))

    return store.update_sprint(store.locate(goal_id), change)


@goal.command("rate")
@click.argument("goal_id", metavar="GOAL", type=params.GOAL)
@click.argument("rating", type=click.Choice(["exceeded", "met", "partly", "missed"]))
@pass_env
def goal_rate(env: Env, goal_id: str, rating: str) -> None:
    """Give a goal its closing rating: exceeded, met, partly or missed.

    \b
    Example:
      retro goal rate g5tn met
    """

    def rate(s: Sprint, g: Goal) -> None:
        g.rating = rating  # type: ignore[assignment]

    _update_goal(env, goal_id, rate)
    echo(f"rated goal {env.short(goal_id)}: {rating}")


@goal.command("roles")
@click.argument("goal_id", metavar="GOAL", type=params.GOAL)
@people_options
@json_option
@pass_env
def goal_roles(env: Env, goal_id: str, as_json: bool, **roles: tuple[str, ...]) -> None:
    """Set who is responsible, accountable, consulted and informed for a goal.

    The owner is always responsible; --responsible names the others who work on it. People
    given for a role replace those named before; roles not given stay as they were.

    \b
    Examples:
      retro goal roles g5tn --accountable chen --consulted ana --informed support
      retro raci
    """
    if not any(roles.values()):
        raise click.UsageError("name people for at least one role (see -h)")

    def assign(s: Sprint, g: Goal) -> dict[str, list[str]]:
        if roles["responsible"]:
            g.contributors = [p for p in dict.fromkeys(roles["responsible"]) if p != g.owner]
        for role in ("accountable", "consulted", "informed"):
            if roles[role]:
                setattr(g, role, list(dict.fromkeys(roles[role])))
        return g.raci()

    result = _update_goal(env, goal_id, assign)
    if as_json:
        emit_json({"goal_id": goal_id, **result})
        return
    filled = ", ".join(
        f"{role} {', '.join(shown(p) for p in names)}" for role, names in result.items() if names
    )
    echo(f"goal {env.short(goal_id)}: {filled}")


@goal.command("delete")
@click.argument("goal_id", metavar="GOAL", type=params.GOAL)
@pass_env
def goal_delete(env: Env, goal_id: str) -> None:
    """Delete a goal with its check-ins.

    \b
    Example:
      retro goal delete g5tn
    """
    short = env.short(goal_id)
    _update_goal(env, goal_id, lambda s, g: s.goals.remove(g))
    echo(f"deleted goal {short}")


# --- drift -------------------------------------------------------------------------------------


@click.command()
@click.argument("target", metavar="[ID]", required=False, type=params.REVIEW_OR_SPRINT)
@json_option
@pass_env
def drift(env: Env, target: str | None, as_json: bool) -> None:
    """Show the drift between intent and outcome: of a sprint, a review, or the active sprint.

    \b
    Examples:
      retro drift
      retro drift s4m2 --json
      retro drift r7kq
    """
    store = env.store
    if target is None:
        target = _active_sprint(env)
    if target.startswith("s"):
        from retro.drift import summarize_sprint  # the review engine only for a review

        s = store.sprint(target)
        summary = summarize_sprint(s, store.team().tolerance, env.today)
        if as_json:
            emit_json(summary.to_dict())
            return
        echo(style(shown(s.title), bold=True) + "  " + style(store.short(s.id), fg="cyan"))
        label("dates", f"{s.start} → {s.end} ({s.status})")
        show_drift(env, s, summary)
        return
    from retro.drift import summarize_review

    r = store.review(target)
    rsummary = summarize_review(r, store.previous_review(r), env.today)
    if as_json:
        emit_json(rsummary.to_dict())
        return
    from retro.drift import band

    echo(style(shown(r.title), bold=True) + "  " + style(store.short(r.id), fg="cyan"))
    label(
        "review drift",
        f"{signed(rsummary.drift)}  {band_text(band(rsummary.drift))}  ({rsummary.sentence})",
    )
    spread = number(rsummary.alignment_spread)
    label("alignment spread", f"{spread}  ({rsummary.spread_sentence})")
    label("follow-through", percent(rsummary.follow_through))
    if rsummary.intents:
        echo()
        ishort = store.short_ids("i", [i.id for i in rsummary.intents])
        table(
            ["id", "rating", "attain", "planned"],
            [
                [ishort.get(i.id, i.id), i.rating or "unrated", percent(i.attainment), i.planned]
                for i in rsummary.intents
            ],
            align="llr",
            styles=[{"fg": "cyan"}],
        )


def _active_sprint(env: Env) -> str:
    found = env.store.active_sprint_id(env.today)
    if found is None:
        raise NotFoundError(
            "there is no active sprint; give a sprint or review id ('retro sprint list')"
        )
    return found
