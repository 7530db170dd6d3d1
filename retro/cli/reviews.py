"""Reviews: create, list, show, move through phases, edit and delete."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

import click

from retro.cli import params
from retro.cli.base import Env, confirm, json_option, pass_env
from retro.cli.output import echo, emit_json, label, shown, style, table
from retro.cli.review_view import card_line, phase_line, show_rest, topic_line, visible_dict

if TYPE_CHECKING:
    from retro.model import Phase, Review

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
    "--topic-minutes",
    type=click.IntRange(1, 1440),
    help="Each topic's time box in discuss (default 5 minutes).",
)
@click.option(
    "--open-votes",
    is_flag=True,
    help="Everyone sees every vote while voting (default: each sees only their own).",
)
@click.option("--icebreaker", metavar="QUESTION", help="Open with a check-in round: one question.")
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
    topic_minutes: int | None,
    open_votes: bool,
    icebreaker: str | None,
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
      retro review new "Sprint 4 retro" --icebreaker "One word for this sprint?"
      retro review new "Sprint 13 retro" --topic-minutes 8
    """
    from retro.formats import get_format, kept_format
    from retro.model import DEFAULT_VOTES, Review, now
    from retro.model.topics import DEFAULT_TOPIC_MINUTES, Discussion

    store = env.store
    kwargs: dict[str, Any] = {}
    team = store.team()
    if format_key:
        kwargs["format"] = format_key
        kwargs["format_def"] = kept_format(get_format(format_key, team.formats))
    who = facilitator or env.user
    review = Review(
        title=title,
        on=on or env.today,
        facilitator=who,
        participants=[who],
        sprint_id=sprint,
        vote_budget=DEFAULT_VOTES if votes is None else votes,
        timebox_minutes=timebox,
        phase_started=now(),
        open_votes=open_votes,
        discussion=Discussion(minutes=topic_minutes or DEFAULT_TOPIC_MINUTES),
        **kwargs,
    )
    if icebreaker is not None:
        review.start_icebreaker(icebreaker, [m.name for m in team.members])
    created = store.add_review(review)
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
    from retro.formats import review_format
    from retro.model import now

    store = env.store
    r = store.review(review_id)
    if as_json:
        emit_json(visible_dict(r, env.user))
        return
    fmt = review_format(r, store.team().formats)
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
    from retro.cli.icebreaker import show_icebreaker

    show_icebreaker(r, env.user)
    topic = topic_line(r, now())
    if topic is not None:
        label("topic", topic + style("  (retro review topics ID lists them all)", dim=True))
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
    show_rest(env, r, shorts)
    from retro.cli.decisions import show_review_decisions

    show_review_decisions(env, r)


@review.command("phase")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.argument("phase", metavar="PHASE")
@click.option("-y", "--yes", is_flag=True, help="Reopen a closed review without asking.")
@click.option(
    "--force", is_flag=True, help="Move it though you are not its facilitator (stand in for them)."
)
@json_option
@pass_env
def review_phase(
    env: Env, review_id: str, phase: str, yes: bool, force: bool, as_json: bool
) -> None:
    """Move a review to a phase: reflect, group, vote, discuss, act, closed (or next, back).

    The facilitator leads: only they move the phase (a review without one, anyone);
    --force stands in for a facilitator who is away.
    Cards revealed once stay revealed: a review moved back to reflect hides only the cards
    added after that. Reopening a closed review for new cards (closed → reflect) asks first.

    \b
    Examples:
      retro review phase r7kq vote
      retro review phase r7kq next
      retro review phase r7kq reflect --yes
      retro review phase r7kq vote --force
    """
    from retro.model import PHASES, now

    wanted = phase.strip().lower()
    if wanted not in (*PHASES, "next", "back"):
        raise click.BadParameter(f"'{phase}' is not a phase ({PHASE_HELP})", param_hint="'PHASE'")

    confirmed = yes
    current = env.store.review(review_id)
    stand_in = "; they can, or you as their stand-in with --force"
    current.check_can_lead(env.user, force=force, hint=stand_in)  # before asking anything
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
        r.lead_phase(target, now(), env.user, confirmed=confirmed, force=force, hint=stand_in)
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
    "--topic-minutes", type=click.IntRange(1, 1440), help="Each topic's time box in discuss."
)
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
    topic_minutes: int | None,
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
        if topic_minutes is not None:
            data["discussion"]["minutes"] = topic_minutes
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


from retro.cli.icebreaker import review_answer, review_icebreaker  # noqa: E402
from retro.cli.renames import review_rename  # noqa: E402
from retro.cli.room import review_who  # noqa: E402

for _command in (review_rename, review_icebreaker, review_answer, review_who):
    review.add_command(_command)
from retro.cli import topics as _topics  # noqa: E402  (adds `review topics` and `review discuss`)

__all__ = ["_topics", "review"]
