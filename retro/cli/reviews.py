"""Reviews: create, list, show, move through phases, edit and delete."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

import click

from retro.cli import params
from retro.cli.base import Env, confirm, json_option, pass_env
from retro.cli.output import band_text, echo, emit_json, label, shown, style, table

if TYPE_CHECKING:
    from retro.model import Card, Phase, Review

PHASE_HELP = "reflect, group, vote, discuss, act, closed; or next / back"


@click.group()
def review() -> None:
    """Reviews: retrospectives and after-action reviews, one session each.

    \b
    Examples:
      retro review new "Sprint 12 retro" --format ssc
      retro review list
      retro review show r7kq
      retro review phase r7kq vote
    """


@review.command("new")
@click.argument("title")
@click.option(
    "--format", "format_key", type=params.FORMAT, help="Format key (see 'retro formats')."
)
@click.option("--sprint", type=params.SPRINT, help="The sprint this review looks back on.")
@click.option("--date", "on", type=params.DATE, help="When it is held (default today).")
@click.option("--votes", type=click.IntRange(0, 100), help="Votes per person (default 3).")
@click.option("--facilitator", help="Who runs it (default you).")
@click.option("--timebox", type=click.IntRange(1, 1440), help="Minutes per phase.")
@click.option(
    "--open-votes",
    is_flag=True,
    help="Everyone sees every vote while voting (default: each sees only their own).",
)
@json_option
@pass_env
def review_new(
    env: Env,
    title: str,
    format_key: str | None,
    sprint: str | None,
    on: date | None,
    votes: int | None,
    facilitator: str | None,
    timebox: int | None,
    open_votes: bool,
    as_json: bool,
) -> None:
    """Start a review; it opens in the reflect phase.

    While it is in the vote phase each person sees only their own votes, and the totals show
    for everyone when the phase moves on; --open-votes shows every vote all along.

    \b
    Examples:
      retro review new "Sprint 12 retro"
      retro review new "Launch AAR" --format aar --date yesterday --votes 5
      retro review new "Sprint 3 review" --sprint s4m2
    """
    from retro.model import DEFAULT_VOTES, Review, now

    store = env.store
    kwargs: dict[str, Any] = {}
    if format_key:
        kwargs["format"] = format_key
    who = facilitator or env.user
    created = store.add_review(
        Review(
            title=title,
            on=on or env.today,
            facilitator=who,
            participants=[who],
            sprint_id=sprint,
            vote_budget=DEFAULT_VOTES if votes is None else votes,
            timebox_minutes=timebox,
            phase_started=now(),
            open_votes=open_votes,
            **kwargs,
        )
    )
    if as_json:
        emit_json(visible_dict(created, env.user))
    else:
        echo(f"added review {env.short(created.id)}")


@review.command("list")
@click.option("--sprint", type=params.SPRINT, help="Only reviews of this sprint.")
@click.option(
    "-n", "limit", type=click.IntRange(1, params.MAX_COUNT), help="Only the N most recent."
)
@json_option
@pass_env
def review_list(env: Env, sprint: str | None, limit: int | None, as_json: bool) -> None:
    """List reviews, oldest first.

    \b
    Examples:
      retro review list
      retro review list -n 5 --json
    """
    store = env.store
    reviews = store.review_summaries()
    if sprint is not None:
        reviews = [r for r in reviews if r["sprint_id"] == sprint]
    if limit:
        reviews = reviews[-limit:]
    if as_json:
        emit_json(reviews)
        return
    if not reviews:
        echo("no reviews yet; start one with: retro review new TITLE")
        return
    short = store.short_ids("r", [r["id"] for r in reviews])
    table(
        ["id", "date", "phase", "format", "cards", "actions", "title"],
        [
            [
                short.get(r["id"], r["id"]),
                r["on"],
                r["phase"],
                r["format"],
                str(r["cards"]),
                str(r["open_actions"]),
                r["title"],
            ]
            for r in reviews
        ],
        align="llllrr",
        styles=[{"fg": "cyan"}],
    )


def visible_dict(r: Review, viewer: str) -> dict[str, Any]:
    """A review as JSON for this viewer: others' card texts are null while hidden, and while
    votes are private only the viewer's own votes are there."""
    data = r.to_dict()
    data["votes_private"] = r.votes_private
    for card, out in zip(r.cards, data["cards"], strict=True):
        hidden = r.is_hidden(card, viewer)
        out["hidden"] = hidden
        out["votes"] = r.visible_votes(card, viewer)
        if hidden:
            # Neither what it says nor who wrote it, until the reveal.
            out["text"] = None
            out["tags"] = []
            out["lesson_id"] = None
            out["author"] = None
    hidden_leads = {c.id for c in r.cards if r.is_hidden(c, viewer)}
    if "groups" in data:
        # A group's title is often its lead card's text: hidden while that card is.
        data["groups"] = {
            lead: ("group" if lead in hidden_leads else title)
            for lead, title in data["groups"].items()
        }
    return data


@review.command("show")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@json_option
@pass_env
def review_show(env: Env, review_id: str, as_json: bool) -> None:
    """Show a review: its columns and cards, intents, actions, kudos and pulse.

    In the reflect phase the texts of other people's cards stay hidden until the review moves
    on.

    \b
    Examples:
      retro review show r7kq
      retro review show r7kq --json
    """
    from retro.formats import get_format

    store = env.store
    r = store.review(review_id)
    if as_json:
        emit_json(visible_dict(r, env.user))
        return
    fmt = get_format(r.format, store.team().formats)
    # The short ids of what is shown, among every id of each kind: one scan of the reviews.
    shorts = store.short_ids_of(
        [r.id, *(c.id for c in r.cards), *(i.id for i in r.intents), *(a.id for a in r.actions)]
    )
    echo(style(shown(r.title), bold=True) + "  " + style(shorts[r.id], fg="cyan"))
    label("format", f"{fmt.name} ({fmt.key})")
    label("date", str(r.on))
    label("phase", phase_line(r))
    if r.facilitator:
        label("facilitator", shown(r.facilitator))
    if r.participants:
        label("participants", ", ".join(shown(p) for p in r.participants))
    if r.phase == "vote":
        private = " (only yours are shown until voting ends)" if r.votes_private else ""
        label("your votes", f"{r.votes_used(env.user)} of {r.vote_budget} used{private}")
    for column in fmt.columns:
        cards = r.sorted_cards(column.key)
        echo()
        echo(
            style(shown(column.title), bold=True, underline=True)
            + "  "
            + style(shown(column.prompt), dim=True)
        )
        if not cards:
            echo(style("  (no cards)", dim=True))
        for card in cards:
            echo("  " + card_line(r, card, shorts.get(card.id, card.id), env.user))
    _show_rest(env, r, shorts)
    from retro.cli.decisions import show_review_decisions

    show_review_decisions(env, r)


def phase_line(r: Review) -> str:
    """The phases with the current one highlighted."""
    from retro.model import PHASES

    # Brackets as well as colour: with NO_COLOR or in a pipe the colour is gone.
    return " → ".join(style(f"[{p}]", bold=True, fg="green") if p == r.phase else p for p in PHASES)


def card_line(r: Review, card: Card, short: str, viewer: str) -> str:
    """One card as a line: id, votes, text (or hidden), group, tags, author."""
    count = r.shown_votes(card, viewer)
    votes = style("●" * count, fg="yellow") + " " if count else ""
    hidden = r.is_hidden(card, viewer)
    text = style("(hidden until reveal)", dim=True) if hidden else shown(card.text)
    extra = []
    if card.group:
        lead = next((c for c in r.cards if c.id == card.group), None)
        # A group's title is often its lead card's text: hidden while that card is.
        title = r.groups.get(card.group) or "group"
        if lead is not None and r.is_hidden(lead, viewer):
            title = "group"
        extra.append(f"[{shown(title)}]")
    if not hidden:
        extra += [f"#{shown(t)}" for t in card.tags]
    if not hidden:
        extra.append(f"— {shown(card.author)}" if card.author else "— anonymous")
    if card.lesson_id:
        extra.append("(lesson)")
    return f"{style(short, fg='cyan')}  {votes}{text}  {style(' '.join(extra), dim=True)}"


def _show_rest(env: Env, r: Review, shorts: dict[str, str]) -> None:
    if r.intents:
        from retro.drift import band, review_drift, review_words, signed_percent

        echo()
        echo(style("Intents", bold=True, underline=True))
        value = review_drift(r)
        label(
            "  drift",
            f"{signed_percent(value)}  {band_text(band(value))}  ({review_words(value)})",
        )
        for i in r.intents:
            rating = style(i.rating or "unrated", fg=_RATING_COLOUR.get(i.rating or ""))
            short = style(shorts.get(i.id, i.id), fg="cyan")
            echo(f"  {short}  {rating}  planned: {shown(i.planned)}")
            if i.actual:
                echo(f"        happened: {shown(i.actual)}")
            if i.why:
                echo(f"        why: {shown(i.why)}")
    if r.actions:
        echo()
        echo(style("Actions", bold=True, underline=True))
        for a in r.actions:
            due = f" due {a.due}" if a.due else ""
            owner = f" ({shown(a.owner)})" if a.owner else ""
            colour = "red" if a.is_overdue(env.today) else None
            echo(
                f"  {style(shorts.get(a.id, a.id), fg='cyan')}  {style(a.status, fg=colour)}  "
                f"{shown(a.text)}{owner}{style(due, fg=colour)}"
            )
    if r.kudos:
        echo()
        echo(style("Kudos", bold=True, underline=True))
        for k in r.kudos:
            echo(f"  to {style(shown(k.to), bold=True)}: {shown(k.text)}")
    if r.pulse:
        echo()
        echo(
            style("Pulse", bold=True, underline=True)
            + style("  how aligned with the purpose, 1–5", dim=True)
        )
        for person, score in sorted(r.pulse.items()):
            echo(f"  {shown(person)}: {score}")
        from retro.drift import alignment_spread, spread_words

        spread = alignment_spread(r)
        if spread is not None:
            label("  alignment spread", f"{spread:.2f}  ({spread_words(spread)})")


_RATING_COLOUR = {"exceeded": "green", "met": "green", "partly": "yellow", "missed": "red"}


@review.command("phase")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.argument("phase", metavar="PHASE")
@click.option("-y", "--yes", is_flag=True, help="Reopen a closed review without asking.")
@json_option
@pass_env
def review_phase(env: Env, review_id: str, phase: str, yes: bool, as_json: bool) -> None:
    """Move a review to a phase: reflect, group, vote, discuss, act, closed (or next, back).

    Cards revealed once stay revealed: a review moved back to reflect hides only the cards
    added after that. Reopening a closed review for new cards (closed → reflect) asks first.

    \b
    Examples:
      retro review phase r7kq vote
      retro review phase r7kq next
      retro review phase r7kq reflect --yes
    """
    from retro.model import PHASES, now

    wanted = phase.strip().lower()
    if wanted not in (*PHASES, "next", "back"):
        raise click.BadParameter(f"'{phase}' is not a phase ({PHASE_HELP})", param_hint="'PHASE'")

    confirmed = yes
    current = env.store.review(review_id)
    if current.phase == "closed" and wanted == "reflect" and not yes:
        confirm(f"reopen the closed review {current.title!r} for new cards?", False)
        confirmed = True

    def move(r: Review) -> Phase:
        index = PHASES.index(r.phase)
        if wanted == "next":
            if index == len(PHASES) - 1:
                from retro.errors import RuleError

                raise RuleError(f"review {r.title!r} is already closed")
            target = PHASES[index + 1]
        elif wanted == "back":
            if index == 0:
                from retro.errors import RuleError

                raise RuleError(f"review {r.title!r} is in the first phase, reflect")
            target = PHASES[index - 1]
        else:
            target = cast("Phase", wanted)
        r.set_phase(target, now(), confirmed=confirmed)
        return target

    target = env.store.update_review(review_id, move)
    if as_json:
        emit_json(visible_dict(env.store.review(review_id), env.user))
    else:
        echo(f"review {env.short(review_id)} is now in the {target} phase")


@review.command("edit")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.option("--title", help="A new title.")
@click.option("--date", "on", type=params.DATE, help="A new date.")
@click.option("--facilitator", help="A new facilitator.")
@click.option("--votes", type=click.IntRange(0, 100), help="A new vote budget.")
@click.option("--sprint", type=params.SPRINT, help="Link it to this sprint.")
@click.option("--no-sprint", is_flag=True, help="Unlink it from its sprint.")
@click.option("--timebox", type=click.IntRange(1, 1440), help="Minutes per phase.")
@click.option(
    "--open-votes/--private-votes",
    default=None,
    help="Show every vote while voting, or only each person's own.",
)
@json_option
@pass_env
def review_edit(
    env: Env,
    review_id: str,
    title: str | None,
    on: date | None,
    facilitator: str | None,
    votes: int | None,
    sprint: str | None,
    no_sprint: bool,
    timebox: int | None,
    open_votes: bool | None,
    as_json: bool,
) -> None:
    """Change a review's title, date, facilitator, vote budget, sprint, time box or voting.

    \b
    Examples:
      retro review edit r7kq --title "Sprint 12 retrospective" --votes 5
      retro review edit r7kq --date yesterday --sprint s4m2
    """
    from retro.model import Review as ReviewModel

    if sprint and no_sprint:
        raise click.UsageError("give either --sprint or --no-sprint, not both")

    def change(r: Review) -> Review:
        data = r.to_dict()
        if title is not None:
            data["title"] = title
        if on is not None:
            data["on"] = on.isoformat()
        if facilitator is not None:
            data["facilitator"] = facilitator
        if votes is not None:
            data["vote_budget"] = votes
        if sprint is not None:
            data["sprint_id"] = sprint
        if no_sprint:
            data["sprint_id"] = None
        if timebox is not None:
            data["timebox_minutes"] = timebox
        if open_votes is not None:
            data["open_votes"] = open_votes
        checked = ReviewModel.from_dict(data)  # validates before anything is written
        r.__dict__.update(checked.__dict__)
        return r

    changed = env.store.update_review(review_id, change)
    if as_json:
        emit_json(visible_dict(changed, env.user))
    else:
        echo(f"updated review {env.short(review_id)}")


@review.command("delete")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def review_delete(env: Env, review_id: str, yes: bool) -> None:
    """Delete a review with all its cards, intents, actions and kudos.

    \b
    Example:
      retro review delete r7kq --yes
    """
    store = env.store
    r = store.review(review_id)
    short = store.short(review_id)
    confirm(f"delete review {short} {r.title!r} with {len(r.cards)} cards?", yes)
    store.delete_review(review_id)
    echo(f"deleted review {short}")
