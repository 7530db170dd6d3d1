"""Changing a decision, the decision statistics, and the RACI matrix of a sprint."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env, people_options, read_text
from retro.cli.output import echo, emit_json, label, shown, style, table

if TYPE_CHECKING:
    from retro.model import Decision

ROLES = ("responsible", "accountable", "consulted", "informed")


@click.command("edit")
@click.argument("decision_id", metavar="DECISION", type=params.DECISION)
@click.option("--title", help="A new title.")
@click.option("--expect", "expected", help="A new expected outcome.")
@click.option("--review", "review_on", type=params.DATE, help="A new review date.")
@click.option("--decision", "text", help="What was decided.")
@click.option("--context", help="A new context; '-' reads it from stdin.")
@click.option("--edit", is_flag=True, help="Edit the context in $EDITOR.")
@click.option("--option", "options", multiple=True, help="Options considered (replace all).")
@click.option("--confidence", type=click.IntRange(0, 10), help="0–10: will it pay off?")
@click.option("--decider", help="Who decided.")
@click.option("--unit", help="The unit of the expected metric.")
@click.option("--baseline", type=float, help="Where the metric stood.")
@click.option("--target", type=float, help="Where it should be by the review date.")
@people_options
@json_option
@pass_env
def decision_edit(env: Env, decision_id: str, **opts: Any) -> None:
    """Change a decision's fields; people given for a role replace those named before.

    \b
    Examples:
      retro decision edit d3kq --review +2w
      retro decision edit d3kq --accountable chen --informed ops --informed support
      retro decision edit d3kq --edit
    """
    from retro.model import Decision as DecisionModel

    context: str | None = None
    if opts["context"] is not None or opts["edit"]:
        current = env.store.decision(decision_id).context if opts["edit"] else ""
        context = read_text(opts["context"], opts["edit"], "the context", initial=current)
    fields = {
        "title": opts["title"],
        "expected": opts["expected"],
        "review_on": opts["review_on"],
        "decision": opts["text"],
        "context": context,
        "confidence": opts["confidence"],
        "decider": opts["decider"],
        "unit": opts["unit"],
        "baseline": opts["baseline"],
        "target": opts["target"],
        "options": list(opts["options"]) or None,
        **{role: list(opts[role]) or None for role in ROLES},
    }
    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes:
        raise click.UsageError("nothing to change: give at least one option (see -h)")

    def edit(d: Decision) -> Decision:
        data = {**d.to_dict(), **changes}
        for key in ("review_on",):
            if key in changes:
                data[key] = changes[key].isoformat()
        updated = DecisionModel.from_dict(data)  # validates the whole decision again
        updated.touch()
        d.__dict__.update(updated.__dict__)
        return d

    d = env.store.update_decision(decision_id, edit)
    if opts["as_json"]:
        emit_json(d.to_dict())
    else:
        echo(f"changed decision {env.store.short(d.id)}: {', '.join(sorted(changes))}")


@click.command("stats")
@click.option("--since", type=params.DATE, help="Decisions reviewed from this day.")
@click.option("--until", type=params.DATE, help="Decisions reviewed up to this day.")
@json_option
@pass_env
def decision_stats(env: Env, since: date | None, until: date | None, as_json: bool) -> None:
    """Decision drift and calibration: did the bets pay off, and did confidence predict it?

    Each reviewed decision scores as an intent (exceeded 1.25, met 1, partly 0.5, missed 0);
    decision drift is their mean minus 1 (negative: the bets paid off less than expected).
    Calibration is the Brier score of confidence/10 against met-or-exceeded (0 is perfect).

    \b
    Examples:
      retro decision stats
      retro decision stats --since -6m --json
    """
    from retro.drift import decision_stats as stats_of
    from retro.insights.words import signed_percent

    if since and until and until < since:
        raise click.BadParameter(
            f"--until {until} is before --since {since}", param_hint="'--until'"
        )
    stats = stats_of(env.store.decisions(), env.today, since, until)
    if as_json:
        emit_json(stats.to_dict())
        return
    label("reviewed", str(stats.reviewed))
    label("decision drift", f"{signed_percent(stats.drift)}  {stats.sentence}")
    brier = "—" if stats.calibration is None else f"{stats.calibration:.2f}"
    label("calibration (Brier)", f"{brier}  {stats.calibration_sentence}")
    for who, score in stats.by_decider.items():
        echo(f"  {shown(who)}: {score:.2f}")
    label("open", f"{stats.open} ({stats.due} due for review)")


@click.command()
@click.argument("sprint_id", metavar="[SPRINT]", required=False, type=params.SPRINT)
@json_option
@pass_env
def raci(env: Env, sprint_id: str | None, as_json: bool) -> None:
    """Decision rights: who is Responsible, Accountable, Consulted and Informed.

    The matrix of a sprint's goals (the active sprint when none is named) and the team's open
    decisions, by person. A goal's owner and contributors are responsible; set the others with
    'retro goal roles' and 'retro decision edit'. Each goal or decision should have exactly one
    accountable person: none or two is warned about.

    \b
    Examples:
      retro raci
      retro raci s4m2 --json
    """
    from retro.drift import raci_matrix

    store = env.store
    if sprint_id is None:
        sprint_id = store.active_sprint_id(env.today)
    sprint = store.sprint(sprint_id) if sprint_id else None
    decisions = store.decisions()
    if sprint is not None:
        mine = [d for d in decisions if d.sprint_id in (None, sprint.id)]
    else:
        mine = decisions
    matrix = raci_matrix(sprint.goals if sprint else [], mine)
    if as_json:
        emit_json(
            {
                "sprint_id": sprint.id if sprint else None,
                "sprint": sprint.title if sprint else None,
                **matrix.to_dict(),
            }
        )
        return
    if sprint is not None:
        echo(
            style(shown(sprint.title), bold=True) + "  " + style(store.short(sprint.id), fg="cyan")
        )
    if not matrix.rows:
        echo("no goals or open decisions to show; add goals with 'retro goal add'")
        return
    short = store.short_ids_of([row.id for row in matrix.rows])
    table(
        ["id", "", *matrix.people, "goal or decision"],
        [
            [short.get(r.id, r.id), r.kind, *(r.letters(p) for p in matrix.people), r.title]
            for r in matrix.rows
        ],
        styles=[{"fg": "cyan"}, {"dim": True}],
    )
    echo(style("R responsible · A accountable · C consulted · I informed", dim=True))
    for warning in matrix.warnings:
        echo(style("warning: ", fg="yellow") + shown(warning), err=True)
