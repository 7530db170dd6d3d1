"""The discuss phase's agenda: `retro review topics` lists it, `retro review discuss` moves
through it. The rules are the review's (`retro.model.topics`); these commands only call them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json, shown, style
from retro.cli.reviews import review

if TYPE_CHECKING:
    from retro.model import Review
    from retro.model.topics import Topic


def topics_dict(r: Review, viewer: str, now: Any) -> dict[str, Any]:
    """The agenda as JSON for this viewer: each topic's rank, title (null while hidden), votes
    the viewer may see, cards, linked actions and whether it is the current one."""
    topics = r.agenda(viewer)
    current = r.current_topic()
    left = r.topic_left(now)
    linked: dict[str, list[dict[str, Any]]] = {}
    for action in r.actions:
        topic = r.topic_for(action, topics)
        if topic is not None:
            linked.setdefault(topic.id, []).append(action.to_dict())
    return {
        "review": r.id,
        "phase": r.phase,
        "topic_minutes": r.discussion.minutes,
        "current": current.id if current else None,
        "seconds_left": int(left.total_seconds()) if left is not None else None,
        "topics": [
            {
                "rank": rank,
                "id": topic.id,
                "title": None if topic.hidden else topic.title,
                "grouped": topic.grouped,
                "votes": topic.votes,
                "columns": list(topic.columns),
                "cards": [
                    {
                        "id": card.id,
                        "column": card.column,
                        "text": None if r.is_hidden(card, viewer) else card.text,
                        "votes": r.shown_votes(card, viewer),
                    }
                    for card in topic.cards
                ],
                "actions": linked.get(topic.id, []),
                "current": current is not None and topic.id == current.id,
            }
            for rank, topic in enumerate(topics, 1)
        ],
    }


@review.command("topics")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@json_option
@pass_env
def review_topics(env: Env, review_id: str, as_json: bool) -> None:
    """List a review's agenda: its topics ranked by votes across the board.

    A group of cards is one topic whatever columns its cards are in; a card in no group is a
    topic of its own. Ties keep the order the topics' first cards were added. In discuss the
    current topic is marked with ▶ and its time left.

    \b
    Examples:
      retro review topics r7kq
      retro review topics r7kq --json
    """
    from retro.formats import review_format
    from retro.model import now

    store = env.store
    r = store.review(review_id)
    data = topics_dict(r, env.user, now())
    if as_json:
        emit_json(data)
        return
    if not data["topics"]:
        echo("no topics yet: the review has no cards")
        return
    titles = {c.key: c.title for c in review_format(r, store.team().formats).columns}
    shorts = store.short_ids_of(
        [c["id"] for t in data["topics"] for c in t["cards"]]
        + [a["id"] for t in data["topics"] for a in t["actions"]]
    )
    for topic in data["topics"]:
        _topic_lines(topic, data, titles, shorts)


def _topic_lines(
    topic: dict[str, Any], data: dict[str, Any], titles: dict[str, str], shorts: dict[str, str]
) -> None:
    from retro.model.topics import clock

    mark = style("▶", fg="green", bold=True) if topic["current"] else " "
    title = shown(topic["title"]) if topic["title"] is not None else "(hidden until reveal)"
    votes = f"{topic['votes']} vote{'' if topic['votes'] == 1 else 's'}"
    where = ", ".join(shown(titles.get(key, key)) for key in topic["columns"])
    line = f"{mark} {topic['rank']:>2}. {style(title, bold=topic['current'])}  "
    line += style(f"{votes} · {where}", dim=True)
    if topic["current"] and data["seconds_left"] is not None:
        from datetime import timedelta

        line += "  " + style(clock(timedelta(seconds=data["seconds_left"])), fg="yellow")
    echo(line)
    if topic["grouped"]:
        for card in topic["cards"]:
            text = shown(card["text"]) if card["text"] is not None else "(hidden until reveal)"
            short = style(shorts.get(card["id"], card["id"]), fg="cyan")
            echo(f"       {short}  {text}  " + style(titles.get(card["column"], ""), dim=True))
    else:
        card = topic["cards"][0]
        echo(f"       {style(shorts.get(card['id'], card['id']), fg='cyan')}")
    for action in topic["actions"]:
        owner = f" ({shown(action['owner'])})" if action["owner"] else ""
        due = f" due {action['due']}" if action["due"] else ""
        echo(f"       → {shown(action['text'])}{owner}{style(due, dim=True)}")


@review.command("discuss")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.argument("target", metavar="next|prev|TOPIC", required=False)
@click.option(
    "--more",
    type=click.IntRange(1, 120),
    metavar="MINUTES",
    help="Give the current topic more minutes.",
)
@json_option
@pass_env
def review_discuss(
    env: Env, review_id: str, target: str | None, more: int | None, as_json: bool
) -> None:
    """Move the discussion to the next or previous topic, or to one topic (by its place on the
    agenda or by the id of any of its cards); its timer starts afresh. --more gives the
    current topic more time. In the discuss phase only.

    \b
    Examples:
      retro review discuss r7kq next
      retro review discuss r7kq prev
      retro review discuss r7kq 3
      retro review discuss r7kq c9x4
      retro review discuss r7kq --more 2
    """
    from retro.model import now

    if target is None and more is None:
        raise click.UsageError(
            "say where to go (next, prev, a topic's number or card id) or --more"
        )
    store = env.store
    wanted = (target or "").strip().lower()
    card_id: str | None = None
    if wanted and wanted not in ("next", "prev") and not wanted.isdigit():
        card_id = params.CARD.convert(wanted, None, click.get_current_context())
    at = now()

    def move(r: Review) -> Topic | None:
        topic = r.current_topic()
        if wanted in ("next", "prev"):
            topic = r.step_topic(1 if wanted == "next" else -1, at)
        elif wanted.isdigit():
            topic = r.go_to_rank(int(wanted), at)
        elif card_id is not None:
            topic = r.go_to_topic(card_id, at)
        if more is not None:
            r.more_time(more, at)
        return topic

    topic = store.update_review(review_id, move)
    r = store.review(review_id)
    data = topics_dict(r, env.user, at)
    if as_json:
        emit_json(data)
        return
    from datetime import timedelta

    from retro.model.topics import clock

    current = next((t for t in data["topics"] if t["current"]), None)
    if topic is None or current is None:
        return
    left = data["seconds_left"]
    timer = f" · {clock(timedelta(seconds=left))}" if left is not None else ""
    title = shown(current["title"]) if current["title"] is not None else "(hidden)"
    echo(f"topic {current['rank']} of {len(data['topics'])}: {title}{timer}")
