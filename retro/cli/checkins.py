"""Check-ins of a goal: record one (`retro checkin GOAL VALUE`), list, edit and delete them.

A check-in is data people get wrong: its date must fall within the sprint (`Sprint.check_checkin`
says why not, naming the sprint's dates), and a value measured after the end is recorded on
purpose with ``--late``, as the goal's closing value.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json, shown, style, table
from retro.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from retro.model import CheckIn, Goal, Sprint

CHECKIN = params.IdType("h")


class CheckinGroup(click.Group):
    """``retro checkin GOAL VALUE`` records a check-in (the `add` subcommand); ``list``, ``edit``
    and ``delete`` act on the check-ins that are there."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


@click.group(cls=CheckinGroup)
def checkin() -> None:
    """Check-ins: a goal's actual value (or rating so far) on a day, with a confidence.

    \b
    Examples:
      retro checkin g5tn 310 --confidence 7 --note "cache helped"
      retro checkin g8wq partly --date yesterday
      retro checkin g5tn 290 --date 2026-03-18 --late
      retro checkin list g5tn
      retro checkin edit h3kx --value 305
      retro checkin delete h3kx
    """


def _parse_value(value: str) -> tuple[float | None, str | None]:
    from retro.model import RATINGS

    try:
        return float(value), None
    except ValueError:
        if value.strip().lower() not in RATINGS:
            raise click.BadParameter(
                f"'{value}' is neither a number nor a rating ({', '.join(RATINGS)})",
                param_hint="'VALUE'",
            ) from None
        return None, value.strip().lower()


def _fits(goal: Goal, checkin: CheckIn) -> None:
    if checkin.value is not None and not goal.quantitative:
        raise ValidationError(
            f"goal {goal.statement!r} has no baseline and target; check in a rating "
            "(exceeded, met, partly, missed) instead"
        )


@checkin.command("add")
@click.argument("goal_id", metavar="GOAL", type=params.GOAL)
@click.argument("value")
@click.option("--date", "on", type=params.DATE, help="The day of the value (default today).")
@click.option("--confidence", type=click.IntRange(0, 10), help="0–10: will the goal be met?")
@click.option("--note", default="", help="What you want to say about it.")
@click.option(
    "--late",
    is_flag=True,
    help="Measured after the sprint's end, on purpose: record it as the closing value.",
)
@json_option
@pass_env
def checkin_add(
    env: Env,
    goal_id: str,
    value: str,
    on: date | None,
    confidence: int | None,
    note: str,
    late: bool,
    as_json: bool,
) -> None:
    """Record a goal's actual value (or, for a qualitative goal, a rating so far).

    The date must fall within the sprint; a value measured after its end needs --late and is
    then the goal's closing value, not a point of its plan. A closed sprint takes no check-ins.

    \b
    Examples:
      retro checkin add g5tn 310 --confidence 7 --note "cache helped"
      retro checkin g8wq partly --date yesterday
    """
    from retro.model import CheckIn

    number_value, rating = _parse_value(value)
    new = CheckIn(
        on=on or env.today,
        value=number_value,
        rating=rating,  # type: ignore[arg-type]
        confidence=confidence,
        note=note,
        author=env.user,
        late=late,
    )
    store = env.store

    def add(s: Sprint) -> None:
        g = s.goal(goal_id)
        _fits(g, new)
        s.check_checkin(new.on, late=late)
        g.checkins.append(new)

    store.update_sprint(store.locate(goal_id), add)
    if as_json:
        emit_json({"goal_id": goal_id, **new.to_dict()})
    else:
        what = "closing value" if late else "check-in"
        echo(f"{what} {value} recorded for goal {env.short(goal_id)} ({env.short(new.id)})")


def _find(sprint: Sprint, checkin_id: str) -> tuple[Goal, CheckIn]:
    for goal in sprint.goals:
        for found in goal.checkins:
            if found.id == checkin_id:
                return goal, found
    raise NotFoundError(f"no check-in has the id '{checkin_id}'")


@checkin.command("list")
@click.argument("goal_id", metavar="GOAL", type=params.GOAL)
@json_option
@pass_env
def checkin_list(env: Env, goal_id: str, as_json: bool) -> None:
    """List a goal's check-ins by date, each against the plan that day.

    \b
    Example:
      retro checkin list g5tn
    """
    from retro.drift import summarize_goal
    from retro.insights.words import number, places, signed_percent

    store = env.store
    sprint = store.sprint(store.locate(goal_id))
    goal = sprint.goal(goal_id)
    ordered = sorted(goal.checkins, key=lambda c: (c.on, c.at))
    summary = summarize_goal(goal, sprint, store.team().tolerance, env.today)
    if as_json:
        emit_json(
            [
                {**c.to_dict(), "planned": p.planned, "schedule_drift": p.schedule_drift}
                for c, p in zip(ordered, summary.series, strict=True)
            ]
        )
        return
    echo(style(shown(goal.statement), bold=True) + "  " + style(env.short(goal.id), fg="cyan"))
    echo(style(f"{sprint.start} → {sprint.end}: {summary.sentence}", dim=True))
    if not ordered:
        echo(f"no check-ins yet; add one with: retro checkin {env.short(goal.id)} VALUE")
        return
    echo()
    short = store.short_ids("h", [c.id for c in ordered])
    rows = []
    for c, point in zip(ordered, summary.series, strict=True):
        shown_value: str = c.rating or ""
        if c.value is not None:
            shown_value = number(c.value, goal.unit)
        digits = 2
        if goal.baseline is not None and goal.target is not None:
            digits = places(goal.baseline, goal.target)
        plan = "" if point.planned is None else number(point.planned, goal.unit, digits)
        rows.append(
            [
                short.get(c.id, c.id),
                str(c.on) + (" late" if c.late else ""),
                shown_value,
                "closing" if c.late else plan,
                "—" if c.late else signed_percent(point.schedule_drift),
                "—" if c.confidence is None else f"{c.confidence}/10",
                c.author or "",
                c.note,
            ]
        )
    table(
        ["id", "date", "value", "plan", "vs plan", "conf.", "by", "note"],
        rows,
        align="llrrrr",
        styles=[{"fg": "cyan"}],
    )


@checkin.command("edit")
@click.argument("checkin_id", metavar="CHECKIN", type=CHECKIN)
@click.option("--value", "value", help="The actual value, or a rating for a qualitative goal.")
@click.option("--date", "on", type=params.DATE, help="The day of the value.")
@click.option("--confidence", type=click.IntRange(0, 10), help="0–10: will the goal be met?")
@click.option("--note", help="What you want to say about it.")
@click.option("--late/--not-late", default=None, help="Whether it is the closing value.")
@pass_env
def checkin_edit(
    env: Env,
    checkin_id: str,
    value: str | None,
    on: date | None,
    confidence: int | None,
    note: str | None,
    late: bool | None,
) -> None:
    """Correct a check-in: its value, date, confidence, note, or whether it is late.

    The new date is checked against the sprint as for a new check-in.

    \b
    Examples:
      retro checkin edit h3kx --value 305
      retro checkin edit h3kx --date 2026-03-04 --note "measured on staging"
    """
    from dataclasses import replace

    if all(x is None for x in (value, on, confidence, note, late)):
        raise click.UsageError("nothing to change: give --value, --date, --confidence or --note")
    store = env.store

    def edit(s: Sprint) -> None:
        goal, old = _find(s, checkin_id)
        changes: dict[str, Any] = {}
        if value is not None:
            changes["value"], changes["rating"] = _parse_value(value)
        if on is not None:
            changes["on"] = on
        if confidence is not None:
            changes["confidence"] = confidence
        if note is not None:
            changes["note"] = note
        if late is not None:
            changes["late"] = late
        new = replace(old, **changes)
        _fits(goal, new)
        s.check_checkin(new.on, late=new.late)
        goal.checkins[goal.checkins.index(old)] = new

    store.update_sprint(store.locate(checkin_id), edit)
    echo(f"updated check-in {env.short(checkin_id)}")


@checkin.command("delete")
@click.argument("checkin_id", metavar="CHECKIN", type=CHECKIN)
@pass_env
def checkin_delete(env: Env, checkin_id: str) -> None:
    """Delete a check-in recorded by mistake.

    \b
    Example:
      retro checkin delete h3kx
    """
    store = env.store
    short = env.short(checkin_id)

    def delete(s: Sprint) -> None:
        if s.status == "closed":
            from retro.errors import RuleError

            raise RuleError(f"{s.dates()} is closed; its check-ins are kept as they were")
        goal, old = _find(s, checkin_id)
        goal.checkins.remove(old)

    store.update_sprint(store.locate(checkin_id), delete)
    echo(f"deleted check-in {short}")
