"""The decision log: bets with an expected outcome, reviewed when they come due."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, confirm, json_option, pass_env, people_options, read_text
from retro.cli.decisions_edit import decision_edit, decision_stats
from retro.cli.output import echo, emit_json, label, shown, style, table

if TYPE_CHECKING:
    from retro.model import Decision, Review

RATING_COLOUR = {"exceeded": "green", "met": "green", "partly": "yellow", "missed": "red"}


def status_of(d: Decision, today: date) -> str:
    """The status a person reads: ``due`` for an open decision whose review date has come."""
    return "due" if d.is_due(today) else d.status


@click.group()
def decision() -> None:
    """The decision log: what was decided, what it should lead to, and whether it did.

    A decision records the outcome the team expects, a confidence 0–10 and a review date. When
    the date comes it is due: listed first, on the dashboard and at the next review, until it
    is reviewed (rated exceeded, met, partly or missed, as an intent is).

    \b
    Examples:
      retro decision add "Adopt trunk-based development" --expect "fewer merge conflicts" \\
          --review +6w --confidence 7
      retro decision list --due
      retro decision review d3kq --rating partly --actual "conflicts halved" --why "big PRs"
      retro decision stats --since -6m
    """


@decision.command("add")
@click.argument("title")
@click.option("--expect", "expected", required=True, help="The outcome the team expects.")
@click.option("--review", "review_on", type=params.DATE, required=True, help="When to look again.")
@click.option("--decision", "text", help="What was decided (default: the title).")
@click.option("--context", help="Why a decision was needed; '-' reads it from stdin.")
@click.option("--edit", is_flag=True, help="Write the context in $EDITOR.")
@click.option("--option", "options", multiple=True, help="An option considered (repeatable).")
@click.option("--confidence", type=click.IntRange(0, 10), help="0–10: will it pay off?")
@click.option("--decider", help="Who decided (default you).")
@click.option("--date", "on", type=params.DATE, help="When it was decided (default today).")
@click.option("--from", "source", type=params.REVIEW_OR_SPRINT, help="The review or sprint.")
@click.option("--goal", type=params.GOAL, help="The goal it serves.")
@click.option("--unit", default="", help="The unit of an expected metric (ms, %).")
@click.option("--baseline", type=float, help="Where the metric stands now.")
@click.option("--target", type=float, help="Where it should be by the review date.")
@click.option("--proposed", is_flag=True, help="Only a proposal for now ('decision decide').")
@people_options
@json_option
@pass_env
def decision_add(env: Env, title: str, **opts: Any) -> None:
    """Log a decision with its expected outcome and a review date.

    \b
    Examples:
      retro decision add "Adopt trunk-based development" --expect "fewer merge conflicts" \\
          --review +6w --confidence 7 --option "keep git-flow" --from r7kq
      retro decision add "Cache the catalogue" --expect "p95 under 300 ms" --review +4w \\
          --unit ms --baseline 800 --target 300 --accountable chen
    """
    from retro.model import Decision as DecisionModel

    context = ""
    if opts["context"] is not None or opts["edit"]:
        context = read_text(opts["context"], opts["edit"], "the context")
    source = opts["source"]
    store = env.store
    if opts["goal"] and source is None:
        source = store.locate(opts["goal"])
    on = opts["on"] or env.today
    new = DecisionModel(
        title=title,
        expected=opts["expected"],
        review_on=opts["review_on"],
        decision="" if opts["proposed"] else (opts["text"] or title),
        context=context,
        options=list(opts["options"]),
        unit=opts["unit"],
        baseline=opts["baseline"],
        target=opts["target"],
        confidence=opts["confidence"],
        decider=opts["decider"] or env.user,
        decided_on=on,
        status="proposed" if opts["proposed"] else "decided",
        review_id=source if source and source[0] == "r" else None,
        sprint_id=source if source and source[0] == "s" else None,
        goal_id=opts["goal"],
        responsible=list(opts["responsible"]),
        accountable=list(opts["accountable"]),
        consulted=list(opts["consulted"]),
        informed=list(opts["informed"]),
    )
    store.add_decision(new)
    if opts["as_json"]:
        emit_json(new.to_dict())
        return
    echo(f"logged decision {store.short(new.id)}; review it on {new.review_on}")
    if new.review_on <= env.today:
        echo(style("note: its review date has come already, so it is due now", dim=True), err=True)


@decision.command("list")
@click.option("--due", is_flag=True, help="Only the decisions due for their review.")
@click.option(
    "--status",
    type=click.Choice(["proposed", "decided", "superseded", "reviewed"]),
    help="Only decisions with this status.",
)
@json_option
@pass_env
def decision_list(env: Env, due: bool, status: str | None, as_json: bool) -> None:
    """List decisions: due ones first, then open ones by review date, then the rest.

    \b
    Examples:
      retro decision list
      retro decision list --due
      retro decision list --status reviewed --json
    """
    from retro.drift import log_order

    store = env.store
    found = log_order(store.decisions(), env.today)
    if due:
        found = [d for d in found if d.is_due(env.today)]
    if status:
        found = [d for d in found if d.status == status]
    if as_json:
        emit_json([{**d.to_dict(), "due": d.is_due(env.today)} for d in found])
        return
    if not found:
        echo(
            "no decisions match"
            if due or status
            else "no decisions yet; log one with: retro decision add TITLE --expect … --review …"
        )
        return
    short = store.short_ids("d")
    table(
        ["id", "status", "review", "conf.", "decider", "outcome", "title"],
        [
            [
                short.get(d.id, d.id),
                _status_cell(d, env.today),
                str(d.review_on),
                "" if d.confidence is None else str(d.confidence),
                d.decider or "",
                d.rating or "",
                d.title,
            ]
            for d in found
        ],
        align="lllrll",
        shrink=(4,),  # a long decider's name gives way to the title, as an action's owner does
        styles=[{"fg": "cyan"}],
    )


def _status_cell(d: Decision, today: date) -> str:
    from retro.cli.output import Styled

    text = status_of(d, today)
    return Styled(text, fg="red", bold=True) if text == "due" else text


@decision.command("show")
@click.argument("decision_id", metavar="DECISION", type=params.DECISION)
@json_option
@pass_env
def decision_show(env: Env, decision_id: str, as_json: bool) -> None:
    """Show a decision: context, options, expected outcome, decision rights and its review.

    \b
    Example:
      retro decision show d3kq
    """
    store = env.store
    d = store.decision(decision_id)
    if as_json:
        emit_json({**d.to_dict(), "due": d.is_due(env.today)})
        return
    echo(style(shown(d.title), bold=True) + "  " + style(store.short(d.id), fg="cyan"))
    state = status_of(d, env.today)
    label("status", style(state, fg="red", bold=True) if state == "due" else state)
    if d.superseded_by:
        label("superseded by", store.short(d.superseded_by))
    label("decided", f"{d.decided_on}" + (f" by {shown(d.decider)}" if d.decider else ""))
    label("review on", str(d.review_on))
    for link, what in ((d.review_id, "review"), (d.sprint_id, "sprint"), (d.goal_id, "goal")):
        if link:
            label(f"from {what}", store.short(link))
    if d.confidence is not None:
        label("confidence", f"{d.confidence}/10")
    for name, text in (("context", d.context), ("decision", d.decision)):
        if text:
            echo()
            echo(style(name.capitalize(), bold=True, underline=True))
            echo(shown(text))
    if d.options:
        echo()
        echo(style("Options considered", bold=True, underline=True))
        for option in d.options:
            echo(f"  - {shown(option)}")
    echo()
    echo(style("Expected outcome", bold=True, underline=True))
    echo(shown(d.expected))
    if d.measurable:
        echo(f"metric: {d.baseline:g} → {d.target:g} {shown(d.unit)}".rstrip())
    roles = {k: v for k, v in d.raci().items() if v}
    if roles:
        echo()
        echo(style("Decision rights", bold=True, underline=True))
        for role, names in roles.items():
            label(role, ", ".join(shown(n) for n in names))
    if d.status == "reviewed":
        echo()
        echo(style("Review", bold=True, underline=True))
        rating = d.rating or ""
        label("outcome", style(rating, fg=RATING_COLOUR.get(rating)))
        label(
            "reviewed",
            f"{d.reviewed_on}" + (f" by {shown(d.reviewed_by)}" if d.reviewed_by else ""),
        )
        if d.actual:
            label("what happened", shown(d.actual))
        if d.actual_value is not None:
            label("actual value", f"{d.actual_value:g} {shown(d.unit)}".rstrip())
        if d.why:
            label("why", shown(d.why))


@decision.command("review")
@click.argument("decision_id", metavar="DECISION", type=params.DECISION)
@click.option(
    "--rating",
    required=True,
    type=click.Choice(["exceeded", "met", "partly", "missed"]),
    help="How the outcome compares with what was expected.",
)
@click.option("--actual", default="", help="What actually happened.")
@click.option("--value", "actual_value", type=float, help="The metric's value now.")
@click.option("--why", default="", help="Why the outcome differed from the expectation.")
@click.option("--date", "on", type=params.DATE, help="When it was reviewed (default today).")
@json_option
@pass_env
def decision_review(env: Env, decision_id: str, rating: str, **opts: Any) -> None:
    """Review a decision: how did the bet turn out?

    \b
    Examples:
      retro decision review d3kq --rating met --actual "merge conflicts down 80%"
      retro decision review d3kq --rating partly --value 420 --why "cache misses at night"
    """
    by = env.user

    def review(d: Decision) -> Decision:
        d.review(
            rating,
            opts["on"] or env.today,
            actual=opts["actual"],
            actual_value=opts["actual_value"],
            why=opts["why"],
            by=by,
        )
        return d

    d = env.store.update_decision(decision_id, review)
    if opts["as_json"]:
        emit_json(d.to_dict())
    else:
        echo(f"reviewed decision {env.store.short(d.id)}: {rating}")


@decision.command("decide")
@click.argument("decision_id", metavar="DECISION", type=params.DECISION)
@click.option("--decision", "text", help="What was decided (default: the title).")
@pass_env
def decision_decide(env: Env, decision_id: str, text: str | None) -> None:
    """Turn a proposed decision into a decision.

    \b
    Example:
      retro decision decide d3kq --decision "Trunk-based, with flags for unfinished work"
    """

    def decide(d: Decision) -> None:
        d.decide(text or d.decision or d.title, env.today)

    env.store.update_decision(decision_id, decide)
    echo(f"decided {env.store.short(decision_id)}")


@decision.command("supersede")
@click.argument("old_id", metavar="OLD", type=params.DECISION)
@click.argument("new_id", metavar="NEW", type=params.DECISION)
@pass_env
def decision_supersede(env: Env, old_id: str, new_id: str) -> None:
    """Mark decision OLD as replaced by decision NEW.

    \b
    Example:
      retro decision supersede d3kq d8mz
    """
    store = env.store
    store.supersede_decision(old_id, new_id)
    echo(f"decision {store.short(old_id)} is superseded by {store.short(new_id)}")


@decision.command("delete")
@click.argument("decision_id", metavar="DECISION", type=params.DECISION)
@click.option("-y", "--yes", is_flag=True, help="Do not ask.")
@pass_env
def decision_delete(env: Env, decision_id: str, yes: bool) -> None:
    """Delete a decision (prefer 'supersede': a log keeps its history).

    \b
    Example:
      retro decision delete d3kq --yes
    """
    store = env.store
    d = store.decision(decision_id)
    short = store.short(d.id)
    confirm(f"Delete decision {short} {shown(d.title)!r}?", yes)
    store.delete_decision(d.id)
    echo(f"deleted decision {short}")


def show_review_decisions(env: Env, r: Review) -> None:
    """Decisions made in the review, and (while it runs) those due for their review."""
    decisions = env.store.decisions()
    made = [d for d in decisions if d.review_id == r.id]
    due = [d for d in decisions if d.is_due(env.today)] if r.phase != "closed" else []
    if not made and not due:
        return
    short = env.store.short_ids("d")
    if made:
        echo()
        echo(style("Decisions", bold=True, underline=True))
        for d in made:
            echo(
                f"  {style(short.get(d.id, d.id), fg='cyan')}  {d.status}  {shown(d.title)}"
                + style(f"  expects {shown(d.expected)}; review on {d.review_on}", dim=True)
            )
    if due:
        echo()
        echo(style("Decisions due for review", bold=True, underline=True, fg="yellow"))
        for d in due:
            echo(
                f"  {style(short.get(d.id, d.id), fg='cyan')}  {shown(d.title)}"
                + style(f"  since {d.review_on}: retro decision review ID --rating …", dim=True)
            )


decision.add_command(decision_edit)
decision.add_command(decision_stats)
