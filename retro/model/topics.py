"""Topics: what the discuss phase walks through, one at a time.

A group of cards is one topic, whatever columns its cards sit in (each card keeps its column);
a card in no group is a topic of one. The agenda ranks the topics of the whole board by votes.
The facilitator steps through it; where discuss stands (the current topic and its timer) is
kept on the review, so every screen showing the review shows the same topic. An action agreed
during discuss is linked to the current topic.

Each rule changes the review it is called on or raises `RuleError` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from retro.errors import RuleError, ValidationError
from retro.model.rules import PHASES, _check_id, _dt, _pdt

if TYPE_CHECKING:
    from retro.model.action import Action
    from retro.model.review import Card, Review
    from retro.model.rules import Phase

DEFAULT_TOPIC_MINUTES = 5
"""Each topic's time box unless the review sets its own."""
MAX_MORE_TIME = 120
"""The most minutes one "more time" adds."""


@dataclass(frozen=True)
class Topic:
    """A group of cards (spanning any columns), or a card on its own, as the agenda shows it."""

    id: str
    """The id of the group's lead card, or of the card on its own."""
    title: str
    """The group's title, or the card's text ("" while it is hidden from the viewer)."""
    cards: tuple[Card, ...]
    """Its cards, most votes first (ties in the order they were added)."""
    votes: int
    """The votes on its cards that the viewer may see."""
    grouped: bool
    """Whether it is a group (even of cards in one column)."""
    columns: tuple[str, ...] = ()
    """The keys of the columns its cards sit in, each once, in the order the cards were added."""
    hidden: bool = False
    """Whether its lead card is hidden from the viewer (reflect): its title is not shown."""


def agenda(review: Review, viewer: str | None = None) -> list[Topic]:
    """The review's topics ranked by votes across the board, most first.

    Ties keep the order the topics were started in: a topic's place is that of its earliest
    card in the order cards were added, so two topics with as many votes are always listed the
    same way (and, before any vote, the agenda is the order of adding). Votes are those the
    viewer may see: while votes are private, only the viewer's own.
    """
    members: dict[str, list[Card]] = {}
    for card in review.cards:  # in the order of adding: the first card makes the topic's place
        lead = card.group or (card.id if card.id in review.groups else None) or card.id
        members.setdefault(lead, []).append(card)
    topics: list[Topic] = []
    for lead, cards in members.items():
        seen = {card.id: review.shown_votes(card, viewer) for card in cards}
        ordered = tuple(sorted(cards, key=lambda c: -seen[c.id]))
        lead_card = next((c for c in cards if c.id == lead), cards[0])
        hidden = review.is_hidden(lead_card, viewer)
        grouped = lead in review.groups
        title = review.groups.get(lead) or "" if grouped else lead_card.text
        columns = tuple(dict.fromkeys(card.column for card in cards))
        shown = "" if hidden else title
        topics.append(Topic(lead, shown, ordered, sum(seen.values()), grouped, columns, hidden))
    topics.sort(key=lambda t: -t.votes)  # stable: ties keep their first card's order
    return topics


def topic_holding(topics: list[Topic], card_id: str | None) -> Topic | None:
    """The topic one of whose cards has this id (None for none)."""
    if card_id is None:
        return None
    for topic in topics:
        if any(card.id == card_id for card in topic.cards):
            return topic
    return None


@dataclass
class Discussion:
    """Where discuss stands: the current topic and its time box."""

    minutes: int = DEFAULT_TOPIC_MINUTES
    """Each topic's time box, in minutes."""
    current: str | None = None
    """A card of the current topic (the group's lead card, or the card itself)."""
    started: datetime | None = None
    """When the current topic was started (its countdown runs from here)."""
    timebox: int | None = None
    """The current topic's time box in minutes, more time included."""

    def __post_init__(self) -> None:
        for value in (self.minutes, self.timebox):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 24 * 60
            ):
                raise ValidationError("a topic's time box is a whole number of minutes, 1–1440")
        if self.current is not None:
            _check_id(self.current, "c")

    def to_dict(self) -> dict[str, Any]:
        return {
            "minutes": self.minutes,
            "current": self.current,
            "started": _dt(self.started),
            "timebox": self.timebox,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Discussion:
        """From a stored dict; a review stored before topics existed has none (the defaults)."""
        data = data or {}
        return cls(
            minutes=data.get("minutes", DEFAULT_TOPIC_MINUTES),
            current=data.get("current"),
            started=_pdt(data.get("started")),
            timebox=data.get("timebox"),
        )


class TopicRules:
    """The agenda's rules, mixed into `Review`."""

    if TYPE_CHECKING:  # what `Review` has
        title: str
        phase: Phase
        actions: list[Action]
        discussion: Discussion

        def check_open(self) -> None: ...

    def agenda(self, viewer: str | None = None) -> list[Topic]:
        """The ranked topics (see `agenda`)."""
        return agenda(self, viewer)  # type: ignore[arg-type]

    def current_topic(self, topics: list[Topic] | None = None) -> Topic | None:
        """The topic being discussed (None outside discuss, or if its cards were deleted)."""
        if self.phase != "discuss":
            return None
        return topic_holding(self.agenda() if topics is None else topics, self.discussion.current)

    def topic_for(self, action: Action, topics: list[Topic] | None = None) -> Topic | None:
        """The topic an action was agreed on (None for none, or if its cards were deleted)."""
        return topic_holding(self.agenda() if topics is None else topics, action.topic)

    def topic_left(self, now: datetime) -> timedelta | None:
        """The current topic's time left (negative once over); None without a current topic."""
        found = self.discussion
        if self.current_topic() is None or found.started is None or found.timebox is None:
            return None
        return found.started + timedelta(minutes=found.timebox) - now

    def _check_discuss(self) -> list[Topic]:
        if self.phase != "discuss":
            raise RuleError(
                f"review {self.title!r} is in the {self.phase} phase; topics are taken one at a "
                "time in discuss ('retro review phase ID discuss')"
            )
        topics = self.agenda()
        if not topics:
            raise RuleError(f"review {self.title!r} has no cards, so no topics to discuss")
        return topics

    def _start(self, topic: Topic, now: datetime) -> Topic:
        self.discussion.current = topic.id
        self.discussion.started = now
        self.discussion.timebox = self.discussion.minutes
        return topic

    def go_to_topic(self, card_id: str, now: datetime) -> Topic:
        """Make the topic holding this card the current one, its timer starting afresh."""
        topics = self._check_discuss()
        topic = topic_holding(topics, card_id)
        if topic is None:
            raise ValidationError(f"review {self.title!r} has no card {card_id}")
        return self._start(topic, now)

    def go_to_rank(self, rank: int, now: datetime) -> Topic:
        """Make the topic at this place of the agenda (1 is the first) the current one."""
        topics = self._check_discuss()
        if not 1 <= rank <= len(topics):
            raise RuleError(f"the agenda has topics 1 to {len(topics)}; there is no topic {rank}")
        return self._start(topics[rank - 1], now)

    def step_topic(self, step: int, now: datetime) -> Topic:
        """Move to the next (step 1) or previous (step −1) topic of the agenda."""
        topics = self._check_discuss()
        current = topic_holding(topics, self.discussion.current)
        index = topics.index(current) + step if current is not None else 0
        if index >= len(topics):
            raise RuleError(
                f"topic {len(topics)} of {len(topics)} is the last; move on to agree actions "
                "('retro review phase ID act')"
            )
        if index < 0:
            raise RuleError("topic 1 is the first; there is no topic before it")
        return self._start(topics[index], now)

    def more_time(self, minutes: int, now: datetime) -> int:
        """Give the current topic more minutes (counted from now once it has run over);
        returns its time box."""
        self._check_discuss()
        if not isinstance(minutes, int) or not 1 <= minutes <= MAX_MORE_TIME:
            raise ValidationError(f"more time is a whole number of minutes, 1–{MAX_MORE_TIME}")
        left = self.topic_left(now)
        found = self.discussion
        if left is None or found.started is None or found.timebox is None:
            raise RuleError("no topic is being discussed; choose one first")
        if left < timedelta(0):  # over: the minutes run from now
            used = (now - found.started).total_seconds() / 60
            found.timebox = min(24 * 60, int(used) + (used % 1 > 0) + minutes)
        else:
            found.timebox = min(24 * 60, found.timebox + minutes)
        return found.timebox

    def enter_discuss(self, before: Phase, now: datetime) -> None:
        """On entering discuss: from an earlier phase the agenda starts at its first topic;
        coming back from a later one, the current topic (if it is still there) carries on."""
        topics = self.agenda()
        current = topic_holding(topics, self.discussion.current)
        if PHASES.index(before) < PHASES.index("discuss") or current is None:
            current = topics[0] if topics else None
        if current is None:
            self.discussion.current = self.discussion.started = self.discussion.timebox = None
        else:
            self._start(current, now)

    def add_action(self, action: Action) -> Action:
        """Agree an action (not on a closed review); during discuss it is linked to the
        current topic."""
        self.check_open()
        current = self.current_topic()
        if current is not None and action.topic is None:
            action.topic = current.id
        self.actions.append(action)
        return action


def clock(left: timedelta) -> str:
    """A topic's time left as people read a countdown: ``03:12 left``, ``01:05 over``."""
    seconds = int(left.total_seconds())
    minutes, rest = divmod(abs(seconds), 60)
    shown = f"{minutes:02d}:{rest:02d}" if minutes < 100 else f"{minutes // 60}h{minutes % 60:02d}"
    return f"{shown} {'left' if seconds >= 0 else 'over'}"
