"""Alignment sprints: plan, list, show, start, close, edit, delete."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, confirm, json_option, pass_env
from retro.cli.output import (
    band_cell,
    band_text,
    echo,
    emit_json,
    label,
    percent,
    shown,
    style,
    table,
)

if TYPE_CHECKING:
    from retro.drift import SprintSummary
    from retro.model import Sprint, SprintStatus


@click.group()
def sprint() -> None:
    """Alignment sprints: a time box with a purpose and measurable goals.

    \b
    Examples:
      retro sprint new "Sprint 12" --start today --end +2w --purpose "Faster deploys"
      retro sprint list
      retro sprint show s4m2
      retro sprint close s4m2
    """


@sprint.command("new")
@click.argument("title")
@click.option("--start", type=params.DATE, required=True, help="First day (today, monday …).")
@click.option("--end", type=params.DATE, required=True, help="Last day (+2w, 2026-11-30 …).")
@click.option("--purpose", help="The purpose of this sprint.")
@json_option
@pass_env
def sprint_new(
    env: Env, title: str, start: date, end: date, purpose: str | None, as_json: bool
) -> None:
    """Plan a sprint; it is active while today lies between its start and end.

    \b
    Examples:
      retro sprint new "Sprint 12" --start monday --end +2w
      retro sprint new "Q3 reliability" --start 2026-07-01 --end 2026-09-30 --purpose "Calm on-call"
    """
    from retro.model import Sprint as SprintModel

    today = env.today
    status: SprintStatus = "active" if start <= today <= end else "planned"
    new = SprintModel(title=title, start=start, end=end, purpose=purpose or "", status=status)
    env.store.add_sprint(new)
    if as_json:
        emit_json(new.to_dict())
    else:
        echo(f"added sprint {env.short(new.id)}")


@sprint.command("list")
@json_option
@pass_env
def sprint_list(env: Env, as_json: bool) -> None:
    """List sprints by start date, with their drift.

    \b
    Example:
      retro sprint list
    """
    from retro.drift import summarize_sprint

    store = env.store
    tolerance = store.team().tolerance
    summaries = [(s, summarize_sprint(s, tolerance, env.today)) for s in store.sprints()]
    if as_json:
        emit_json(
            [
                {
                    **_header(s),
                    "drift": m.drift,
                    "off_track_share": m.off_track_share,
                    "band": m.band,
                    "bands": dict(m.bands),
                    "sentence": m.sentence,
                }
                for s, m in summaries
            ]
        )
        return
    if not summaries:
        echo("no sprints yet; plan one with: retro sprint new TITLE --start D --end D")
        return
    short = store.short_ids("s")
    table(
        ["id", "status", "start", "end", "goals", "drift", "band", "title"],
        [
            [
                short.get(s.id, s.id),
                s.status,
                str(s.start),
                str(s.end),
                str(len(s.goals)),
                signed(m.drift),
                band_cell(m.band),
                s.title,
            ]
            for s, m in summaries
        ],
        align="llllrr",
        styles=[{"fg": "cyan"}],
    )


def _header(s: Sprint) -> dict[str, Any]:
    data = s.to_dict()
    data["goals"] = len(s.goals)
    return data


@sprint.command("show")
@click.argument("sprint_id", metavar="SPRINT", type=params.SPRINT)
@json_option
@pass_env
def sprint_show(env: Env, sprint_id: str, as_json: bool) -> None:
    """Show a sprint: purpose, dates, goals with their latest values and drift.

    \b
    Examples:
      retro sprint show s4m2
      retro sprint show s4m2 --json
    """
    store = env.store
    s = store.sprint(sprint_id)
    if as_json:
        from retro.drift import summarize_sprint

        data = s.to_dict()
        data["summary"] = summarize_sprint(s, store.team().tolerance, env.today).to_dict()
        emit_json(data)
        return
    summary = sprint_summary(env, s)
    echo(style(shown(s.title), bold=True) + "  " + style(store.short(s.id), fg="cyan"))
    if s.purpose:
        label("purpose", shown(s.purpose))
    label("dates", f"{s.start} → {s.end}")
    label("status", s.status)
    show_drift(env, s, summary)


def sprint_summary(env: Env, s: Sprint) -> SprintSummary:
    """A sprint's drift summary (computed before anything is printed, so that a store that
    cannot be read fails with its one-line error, not halfway through the output)."""
    from retro.drift import summarize_sprint

    return summarize_sprint(s, env.store.team().tolerance, env.today)


def show_drift(env: Env, s: Sprint, summary: SprintSummary | None = None) -> None:
    """Print a sprint's drift and its goals' table."""
    store = env.store
    if summary is None:
        summary = sprint_summary(env, s)
    label("drift", f"{signed(summary.drift)}  {band_text(summary.band)}  ({summary.sentence})")
    if not summary.goals:
        echo("no goals yet; add one with: retro goal add SPRINT STATEMENT --baseline N --target N")
        return
    echo()
    gshort = store.goal_short_ids(g.id for g in summary.goals)
    table(
        ["id", "owner", "latest", "target", "attain", "drift", "forecast", "band", "goal"],
        [
            [
                gshort.get(g.id, g.id),
                g.owner or "",
                _latest(g.latest_value, g.latest_rating, g.unit),
                "" if g.target is None else _num(g.target, g.unit),
                percent(g.attainment),
                signed(g.drift),
                "—" if g.forecast_value is None else _num(g.forecast_value, g.unit),
                band_cell(g.band),
                g.statement,
            ]
            for g in summary.goals
        ],
        align="llrrrrrl",
        styles=[{"fg": "cyan"}],
    )
    echo()
    for g in summary.goals:
        echo(f"{style(gshort.get(g.id, g.id), fg='cyan')}  {shown(g.sentence)}")


def signed(value: float | None) -> str:
    """A drift as a signed percentage, with the product's one minus sign: ``+12%``, ``−30%``,
    ``0%``; ``—`` when unknown."""
    from retro.insights.words import signed_percent

    return signed_percent(value)


def _num(value: float, unit: str) -> str:
    from retro.insights.words import number

    return number(value, unit)


def _latest(value: float | None, rating: str | None, unit: str) -> str:
    if value is not None:
        return _num(value, unit)
    return rating or "—"


@sprint.command("start")
@click.argument("sprint_id", metavar="SPRINT", type=params.SPRINT)
@pass_env
def sprint_start(env: Env, sprint_id: str) -> None:
    """Mark a sprint active.

    \b
    Example:
      retro sprint start s4m2
    """

    env.store.update_sprint(sprint_id, lambda s: s.activate())
    echo(f"sprint {env.short(sprint_id)} is active")


@sprint.command("close")
@click.argument("sprint_id", metavar="SPRINT", type=params.SPRINT)
@click.option(
    "--review/--no-review",
    default=True,
    show_default=True,
    help="Create the sprint's closing review with intents pre-filled from its goals.",
)
@pass_env
def sprint_close(env: Env, sprint_id: str, review: bool) -> None:
    """Close a sprint and open its closing review of intended against actual outcomes.

    Goals are judged on their latest check-ins; the closing after-action review gets one
    intent per goal (planned, what happened, a suggested rating) for the team to discuss.
    Rate qualitative goals first with 'retro goal rate GOAL RATING'.

    \b
    Examples:
      retro sprint close s4m2
      retro sprint close s4m2 --no-review
    """
    from retro.drift import closing_review
    from retro.model import now

    def close(s: Sprint) -> Sprint:
        s.close(now())
        return s

    closed = env.store.update_sprint(sprint_id, close)
    echo(f"closed sprint {env.short(sprint_id)}")
    show_drift(env, closed)
    if review:
        created = env.store.add_review(
            closing_review(
                closed, env.store.team(), facilitator=env.user, today=env.today, now=now()
            )
        )
        echo(
            f"added closing review {env.short(created.id)}: "
            f"retro review show {env.short(created.id)}"
        )


@sprint.command("edit")
@click.argument("sprint_id", metavar="SPRINT", type=params.SPRINT)
@click.option("--title", help="A new title.")
@click.option("--start", type=params.DATE, help="A new first day.")
@click.option("--end", type=params.DATE, help="A new last day.")
@click.option("--purpose", help="A new purpose for the sprint.")
@json_option
@pass_env
def sprint_edit(
    env: Env,
    sprint_id: str,
    title: str | None,
    start: date | None,
    end: date | None,
    purpose: str | None,
    as_json: bool,
) -> None:
    """Change a sprint's title, dates or purpose.

    \b
    Example:
      retro sprint edit s4m2 --end +1w --purpose "Fewer, calmer deploys"
    """
    from retro.model import Sprint as SprintModel

    def change(s: Sprint) -> Sprint:
        data = s.to_dict()
        for key, value in (("title", title), ("purpose", purpose)):
            if value is not None:
                data[key] = value
        for key, day in (("start", start), ("end", end)):
            if day is not None:
                data[key] = day.isoformat()
        checked = SprintModel.from_dict(data)
        s.__dict__.update(checked.__dict__)
        return s

    changed = env.store.update_sprint(sprint_id, change)
    if as_json:
        emit_json(changed.to_dict())
    else:
        echo(f"updated sprint {env.short(sprint_id)}")


@sprint.command("delete")
@click.argument("sprint_id", metavar="SPRINT", type=params.SPRINT)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def sprint_delete(env: Env, sprint_id: str, yes: bool) -> None:
    """Delete a sprint with its goals and check-ins.

    \b
    Example:
      retro sprint delete s4m2 --yes
    """
    store = env.store
    short = store.short(sprint_id)
    confirm(f"delete sprint {short} with its goals and check-ins?", yes)
    store.delete_sprint(sprint_id)
    echo(f"deleted sprint {short}")


from retro.cli.renames import sprint_rename  # noqa: E402

sprint.add_command(sprint_rename)
