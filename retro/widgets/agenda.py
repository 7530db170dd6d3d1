"""The discuss phase's agenda: the topics ranked by votes across the board, the current one
marked with its countdown, beside the current topic itself (its cards from every column and the
actions agreed on it).

The panel only draws a `Review`; the review screen moves the current topic through the store,
and every screen showing the review redraws from what was written.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from retro.formats import Format
from retro.model import Review
from retro.model.topics import Topic, clock
from retro.text import plural
from retro.widgets.text import redraw, user

HIDDEN = "hidden until reveal"
KEYS_HINT = ". next topic · , previous · + more time · a agrees an action on this topic"


def countdown(review: Review, now: datetime) -> Content:
    """The current topic's time left (or over, in red); empty without a current topic."""
    left = review.topic_left(now)
    if left is None:
        return Content("")
    seconds = left.total_seconds()
    style = "bold $error" if seconds < 0 else "bold $warning" if seconds < 60 else "bold $text"
    return Content.styled(f"◷ {clock(left)}", style)


def _column_names(fmt: Format | None, keys: tuple[str, ...]) -> str:
    titles = {c.key: c.title for c in fmt.columns} if fmt else {}
    return " · ".join(titles.get(key, key) for key in keys)


def topic_option(
    rank: int, topic: Topic, fmt: Format | None, current: bool, timer: Content
) -> Content:
    """One topic of the agenda: rank, votes, title, columns; the current one marked."""
    mark = ("▶ ", "bold $warning") if current else ("  ", "")
    title = Content.styled(HIDDEN, "italic $text-muted") if topic.hidden else user(topic.title)
    head = Content.assemble(
        mark,
        (f"{rank:>2}. ", "bold" if current else "$text-muted"),
        title.stylize("bold") if current else title,
    )
    meta: list[Content | str | tuple[str, str]] = [
        ("     ", ""),
        (f"{plural(topic.votes, 'vote')} · ", "$text-muted"),
        (_column_names(fmt, topic.columns), "$text-muted"),
    ]
    if topic.grouped:
        meta.append((f" · {plural(len(topic.cards), 'card')}", "$text-muted"))
    if current and timer:
        meta += ["  ", timer]
    return Content.assemble(head, "\n", *meta)


def topic_view(
    review: Review, topic: Topic | None, rank: int, fmt: Format | None, viewer: str | None
) -> Content:
    """The current topic in full: its title, votes, cards (with their columns) and actions."""
    if review.phase != "discuss" or topic is None:
        if review.phase in ("reflect", "group", "vote"):
            return Content.styled(
                "The agenda is walked in discuss, one topic at a time: press > to get there.",
                "$text-muted",
            )
        return Content.styled(
            "Discuss is over: the agenda shows what each topic got. < goes back to discuss.",
            "$text-muted",
        )
    titles = {c.key: c.title for c in fmt.columns} if fmt else {}
    count = len(review.agenda(viewer))
    lines: list[Content] = [
        Content.styled(f"Topic {rank} of {count} · {plural(topic.votes, 'vote')}", "$text-muted"),
        Content.styled(HIDDEN, "italic") if topic.hidden else user(topic.title, "bold $accent"),
        Content(""),
    ]
    for card in topic.cards:
        hidden = review.is_hidden(card, viewer)
        votes = review.shown_votes(card, viewer)
        lines.append(
            Content.assemble(
                (f"{'●' * min(votes, 10) or '·'} ", "bold $accent"),
                Content.styled(HIDDEN, "italic $text-muted") if hidden else user(card.text),
                user(f" — {card.author}" if card.author and not hidden else "", "$text-muted"),
                (f"  {titles.get(card.column, card.column)}", "$text-secondary"),
            )
        )
    actions = [a for a in review.actions if review.topic_for(a) == topic]
    lines += [Content(""), Content.styled("Actions on this topic", "bold")]
    for action in actions:
        owner = f"  {action.owner or 'no owner'}" + (f" · due {action.due}" if action.due else "")
        lines.append(
            Content.assemble(("→ ", "$accent"), user(action.text), user(owner, "$text-muted"))
        )
    if not actions:
        lines.append(Content.styled("none yet: a agrees one", "italic $text-muted"))
    lines += [Content(""), Content.styled(KEYS_HINT, "$text-muted")]
    return Content("\n").join(lines)


class AgendaPanel(Horizontal):
    """The agenda beside the current topic; Enter on a topic makes it the current one."""

    class Chosen(Message):
        """The facilitator chose a topic to discuss now."""

        def __init__(self, topic_id: str) -> None:
            super().__init__()
            self.topic_id = topic_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._current: tuple[int, Topic] | None = None
        self._fmt: Format | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="agenda-side"):
            yield Static(id="agenda-head")
            yield OptionList(id="agenda-list", markup=False)
        with VerticalScroll(id="topic-view"):
            yield Static(id="topic-timer")
            yield Static(id="topic-body")

    def show(self, review: Review, fmt: Format | None, viewer: str | None, now: datetime) -> None:
        """Redraw the agenda and the current topic, keeping the highlighted topic."""
        self._fmt = fmt
        topics = review.agenda(viewer)
        current = review.current_topic(topics)
        timer = countdown(review, now)
        listing = self.query_one("#agenda-list", OptionList)
        keep = None
        if listing.highlighted is not None and listing.option_count:
            keep = listing.get_option_at_index(listing.highlighted).id
        listing.clear_options()
        self._current = None
        for rank, topic in enumerate(topics, 1):
            now_on = current is not None and topic.id == current.id
            if now_on:
                self._current = (rank, topic)
            listing.add_option(Option(topic_option(rank, topic, fmt, now_on, timer), id=topic.id))
        if keep is None and current is not None:
            keep = current.id
        if listing.option_count:
            try:
                listing.highlighted = listing.get_option_index(keep) if keep else 0
            except OptionDoesNotExist:
                listing.highlighted = 0
        minutes = review.discussion.minutes
        redraw(
            self.query_one("#agenda-head", Static),
            Content.assemble(
                ("Agenda", "bold"),
                (f" · {plural(len(topics), 'topic')} · {minutes} min each", "$text-muted"),
            ),
        )
        rank, shown = self._current or (0, None)
        redraw(self.query_one("#topic-body", Static), topic_view(review, shown, rank, fmt, viewer))
        self.tick(review, now)

    def tick(self, review: Review, now: datetime) -> None:
        """Redraw the countdown (every second) in the topic view and beside the topic."""
        timer = countdown(review, now)
        redraw(self.query_one("#topic-timer", Static), timer)
        if self._current is not None:
            rank, topic = self._current
            listing = self.query_one("#agenda-list", OptionList)
            with suppress(OptionDoesNotExist):
                prompt = topic_option(rank, topic, self._fmt, True, timer)
                listing.replace_option_prompt(topic.id, prompt)

    @on(OptionList.OptionSelected, "#agenda-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
