"""A review's topics as the meeting took them: the agenda in its order (most votes first), each
topic once with its votes, its cards from every column, and the actions agreed on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from retro.drift import ActionSummary
from retro.export.blocks import heading, plural
from retro.export.escape import escape_line, escape_md
from retro.formats import Format
from retro.model import Review
from retro.model.topics import Topic

HIDDEN = "*(hidden until the cards are revealed)*"


def _votes(count: int) -> str:
    return f" · **{plural(count, 'vote')}**" if count else " · no votes"


def topics_section(
    review: Review,
    fmt: Format,
    viewer: str | None,
    actions: Sequence[ActionSummary],
    item: Callable[[ActionSummary], str],
) -> tuple[list[str], set[str]]:
    """The "Topics" section, and the ids of the actions it lists (under their topic).

    Args:
        review: the review (from the discuss phase on).
        fmt: its format (column titles).
        viewer: who is exporting.
        actions: the actions' summaries, in the review's order.
        item: how an action is written (`retro.export.review.action_item`).
    """
    titles = {c.key: c.title for c in fmt.columns}
    topics = review.agenda(viewer)
    by_id = {a.id: a for a in actions}
    linked: dict[str, list[ActionSummary]] = {}
    for action in review.actions:
        topic = review.topic_for(action, topics)
        if topic is not None and action.id in by_id:
            linked.setdefault(topic.id, []).append(by_id[action.id])
    blocks = [
        heading(2, "Topics"),
        "In the order they were discussed: most votes first across the board (ties in the "
        "order they were raised), a group once whatever columns its cards are in.",
    ]
    lines = [
        _topic(rank, topic, review, viewer, titles, linked.get(topic.id, []), item)
        for rank, topic in enumerate(topics, 1)
    ]
    blocks.append("\n".join(lines) if lines else "*No cards.*")
    return blocks, {a.id for found in linked.values() for a in found}


def _topic(
    rank: int,
    topic: Topic,
    review: Review,
    viewer: str | None,
    titles: dict[str, str],
    actions: list[ActionSummary],
    item: Callable[[ActionSummary], str],
) -> str:
    where = ", ".join(escape_line(titles.get(key, key)) for key in topic.columns)
    pad = "   "  # under "1. ": a nested list lines up with the item's text
    if topic.grouped:
        title = "Group" if topic.hidden or not topic.title.strip() else escape_line(topic.title)
        lines = [f"{rank}. **{title}**{_votes(topic.votes)} · {where}"]
        for card in topic.cards:
            if review.is_hidden(card, viewer):
                lines.append(f"{pad}- {HIDDEN}")
                continue
            line = f"{pad}- {escape_md(card.text, indent=pad + '  ')}"
            if card.author:
                line += f" — {escape_line(card.author)}"
            line += _card_votes(review.shown_votes(card, viewer))
            if card.tags:
                line += " · tags: " + ", ".join(escape_line(t) for t in card.tags)
            line += f" · *{escape_line(titles.get(card.column, card.column))}*"
            lines.append(line)
    else:
        card = topic.cards[0]
        if review.is_hidden(card, viewer):
            return f"{rank}. {HIDDEN}"
        line = f"{rank}. {escape_md(card.text, indent=pad)}"
        if card.author:
            line += f" — {escape_line(card.author)}"
        lines = [line + _votes(topic.votes) + f" · {where}"]
        if card.tags:
            lines[0] += " · tags: " + ", ".join(escape_line(t) for t in card.tags)
    for action in actions:
        lines.append(pad + item(action))  # a task item under its topic
    return "\n".join(lines)


def _card_votes(count: int) -> str:
    return f" · {plural(count, 'vote')}" if count else ""
