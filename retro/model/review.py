"""Reviews: the board's cards, the intents (planned against actual), actions and kudos."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from retro.errors import ValidationError
from retro.formats import DEFAULT_FORMAT, Format
from retro.ids import new_id
from retro.model.action import Action
from retro.model.board import BoardRules
from retro.model.icebreaker import Icebreaker, IcebreakerRules, icebreaker_from
from retro.model.kudos import Kudos
from retro.model.naming import Titled
from retro.model.rules import (
    DEFAULT_VOTES,
    PHASES,
    Phase,
    Rating,
    _check_id,
    _d,
    _dt,
    _pdt,
    _rating,
    _req_date,
    _tags,
    _text,
    _who,
    _whole_minutes,
    check_pulse,
    now,
)
from retro.model.topics import Discussion, TopicRules

# --- reviews ---------------------------------------------------------------------------------


@dataclass
class Card:
    """A card on a review board."""

    column: str
    """The key of the format column it sits in."""
    text: str
    """What the person wrote."""
    author: str | None = None
    """Who wrote it; None for an anonymous card (no author is stored at all)."""
    votes: dict[str, int] = field(default_factory=dict)
    """Votes by participant: name → number of dots."""
    group: str | None = None
    """The id of the group's lead card, when the card is grouped."""
    tags: list[str] = field(default_factory=list)
    """Tags, lower case."""
    lesson_id: str | None = None
    """The lesson this card was promoted to."""
    id: str = field(default_factory=lambda: new_id("c"))
    """Kind letter ``c`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When the card was added."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "a card's text")
        self.tags = _tags(self.tags)
        self.author = _who(self.author, "a card's author")
        _check_id(self.id, "c")
        for person, count in self.votes.items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValidationError(f"{person}'s vote count must be a whole number ≥ 0")

    @property
    def vote_count(self) -> int:
        """All dots on the card."""
        return sum(self.votes.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "column": self.column,
            "text": self.text,
            "author": self.author,
            "votes": dict(self.votes),
            "group": self.group,
            "tags": list(self.tags),
            "lesson_id": self.lesson_id,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        return cls(
            id=data["id"],
            column=data["column"],
            text=data["text"],
            author=data.get("author"),
            votes={str(k): int(v) for k, v in (data.get("votes") or {}).items()},
            group=data.get("group"),
            tags=list(data.get("tags", [])),
            lesson_id=data.get("lesson_id"),
            created=_pdt(data.get("created")) or now(),
        )


@dataclass
class Intent:
    """What was supposed to happen against what actually happened (AARs, sprint reviews)."""

    planned: str
    """What was supposed to happen."""
    actual: str = ""
    """What actually happened."""
    rating: Rating | None = None
    """exceeded, met, partly or missed; None until rated."""
    why: str = ""
    """Why the difference."""
    goal_id: str | None = None
    """The sprint goal this intent reviews, if any."""
    id: str = field(default_factory=lambda: new_id("i"))
    """Kind letter ``i`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When the intent was added."""

    def __post_init__(self) -> None:
        self.planned = _text(self.planned, "what was planned")
        self.actual = _text(self.actual, "what happened", required=False)
        self.why = _text(self.why, "why", required=False)
        self.rating = _rating(self.rating)
        _check_id(self.id, "i")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "planned": self.planned,
            "actual": self.actual,
            "rating": self.rating,
            "why": self.why,
            "goal_id": self.goal_id,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Intent:
        return cls(
            id=data["id"],
            planned=data["planned"],
            actual=data.get("actual", ""),
            rating=data.get("rating"),
            why=data.get("why", ""),
            goal_id=data.get("goal_id"),
            created=_pdt(data.get("created")) or now(),
        )


@dataclass
class Review(BoardRules, TopicRules, IcebreakerRules, Titled):
    """One session of a chosen format, with its cards, intents, actions, kudos and pulse."""

    title: str
    """The review's name."""
    on: date = field(default_factory=date.today)
    """The day it is held."""
    format: str = DEFAULT_FORMAT
    """The key of its format."""
    facilitator: str | None = None
    """Who runs it."""
    participants: list[str] = field(default_factory=list)
    """Who takes part (grows as people add cards and vote)."""
    sprint_id: str | None = None
    """The sprint it reviews, if any."""
    phase: Phase = "reflect"
    """reflect, group, vote, discuss, act or closed."""
    vote_budget: int = DEFAULT_VOTES
    """Dots each participant may place in the vote phase."""
    timebox_minutes: int | None = None
    """The time box of the current phase, in minutes."""
    phase_started: datetime | None = None
    """When the current phase began (for the timer)."""
    open_votes: bool = False
    """Whether everyone sees every vote during the vote phase; by default each person sees only
    their own dots until the phase moves on."""
    revealed: datetime | None = None
    """When the cards were last revealed (the review left reflect): cards added by then stay
    revealed if the review goes back to reflect; only newer cards are hidden."""
    format_def: Format | None = None
    """The columns of a team's own format as they were when the review was created."""
    icebreaker: Icebreaker | None = None
    """The check-in round's question and answers, if the review has one."""
    discussion: Discussion = field(default_factory=Discussion)
    """Where discuss stands: each topic's time box, the current topic and its timer."""
    cards: list[Card] = field(default_factory=list)
    """The cards, in the order they were added."""
    groups: dict[str, str] = field(default_factory=dict)
    """Group titles by the id of the group's lead card."""
    intents: list[Intent] = field(default_factory=list)
    """Planned against happened."""
    actions: list[Action] = field(default_factory=list)
    """What the team agreed to do."""
    kudos: list[Kudos] = field(default_factory=list)
    """Recognition."""
    pulse: dict[str, int] = field(default_factory=dict)
    """How aligned the work felt with the purpose, 1–5, by participant."""
    id: str = field(default_factory=lambda: new_id("r"))
    """Kind letter ``r`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When the review was created."""

    def __post_init__(self) -> None:
        self.title = _text(self.title, "a review's title")
        _check_id(self.id, "r")
        if self.sprint_id is not None:
            _check_id(self.sprint_id, "s")
        if self.phase not in PHASES:
            raise ValidationError(f"phase '{self.phase}' is not one of: {', '.join(PHASES)}")
        if (
            isinstance(self.vote_budget, bool)
            or not isinstance(self.vote_budget, int)
            or not 0 <= self.vote_budget <= 100
        ):
            raise ValidationError(f"vote budget {self.vote_budget} is outside 0–100")
        if self.timebox_minutes is not None and (
            isinstance(self.timebox_minutes, bool)
            or not isinstance(self.timebox_minutes, int)
            or not 0 < self.timebox_minutes <= 24 * 60
        ):
            raise ValidationError("a time box is a whole number of minutes from 1 to 1440")
        if self.format_def is not None and self.format_def.key != self.format:
            raise ValidationError(f"the review's columns are of '{self.format_def.key}'")
        for person, score in self.pulse.items():
            try:
                check_pulse(score)
            except ValidationError as exc:
                raise ValidationError(f"{person}'s {exc.message}") from None

    # -- lookups ---------------------------------------------------------------------------

    def card(self, card_id: str) -> Card:
        """The card with this full id."""
        return _find(self.cards, card_id, "card", self.id)

    def intent(self, intent_id: str) -> Intent:
        """The intent with this full id."""
        return _find(self.intents, intent_id, "intent", self.id)

    def action(self, action_id: str) -> Action:
        """The action with this full id."""
        return _find(self.actions, action_id, "action", self.id)

    # -- (de)serialisation -----------------------------------------------------------------

    def header_dict(self) -> dict[str, Any]:
        """Everything but the contained objects (the store keeps those as their own documents)."""
        return {
            "id": self.id,
            "title": self.title,
            "on": _d(self.on),
            "format": self.format,
            "facilitator": self.facilitator,
            "participants": list(self.participants),
            "sprint_id": self.sprint_id,
            "phase": self.phase,
            "vote_budget": self.vote_budget,
            "timebox_minutes": self.timebox_minutes,
            "phase_started": _dt(self.phase_started),
            "open_votes": self.open_votes,
            "revealed": _dt(self.revealed),
            "format_def": self.format_def.to_dict() if self.format_def else None,
            "icebreaker": self.icebreaker.to_dict() if self.icebreaker else None,
            "groups": dict(self.groups),
            "discussion": self.discussion.to_dict(),
            "pulse": dict(self.pulse),
            "created": _dt(self.created),
        }

    def summary_dict(self) -> dict[str, Any]:
        """The header with counts of what the review holds, as the listings show it."""
        return {
            **self.header_dict(),
            "icebreaker": self.icebreaker.question if self.icebreaker else None,  # no answers
            "cards": len(self.cards),
            "intents": len(self.intents),
            "actions": len(self.actions),
            "open_actions": sum(1 for a in self.actions if a.status == "open"),
            "kudos": len(self.kudos),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.header_dict(),
            "cards": [c.to_dict() for c in self.cards],
            "intents": [i.to_dict() for i in self.intents],
            "actions": [a.to_dict() for a in self.actions],
            "kudos": [k.to_dict() for k in self.kudos],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Review:
        return cls(
            id=data["id"],
            title=data["title"],
            on=_req_date(data["on"], "a review's date"),
            format=data.get("format", DEFAULT_FORMAT),
            facilitator=data.get("facilitator"),
            participants=list(data.get("participants", [])),
            sprint_id=data.get("sprint_id"),
            phase=data.get("phase", "reflect"),
            vote_budget=data.get("vote_budget", DEFAULT_VOTES),
            timebox_minutes=_whole_minutes(data.get("timebox_minutes")),
            phase_started=_pdt(data.get("phase_started")),
            open_votes=bool(data.get("open_votes", False)),
            revealed=_pdt(data.get("revealed")),
            format_def=Format.from_dict(data["format_def"]) if data.get("format_def") else None,
            icebreaker=icebreaker_from(data.get("icebreaker")),
            groups=dict(data.get("groups") or {}),
            discussion=Discussion.from_dict(data.get("discussion")),
            pulse={str(k): v for k, v in (data.get("pulse") or {}).items()},
            cards=[Card.from_dict(c) for c in data.get("cards", [])],
            intents=[Intent.from_dict(i) for i in data.get("intents", [])],
            actions=[Action.from_dict(a) for a in data.get("actions", [])],
            kudos=[Kudos.from_dict(k) for k in data.get("kudos", [])],
            created=_pdt(data.get("created")) or now(),
        )


def check_review_against_format(review: Review, fmt: Format) -> None:
    """Every card of the review sits in a column of its format.

    Raises:
        ValidationError: the format is not the review's, or a card's column is unknown.
    """
    if fmt.key != review.format:
        raise ValidationError(f"review {review.id} uses format '{review.format}', not '{fmt.key}'")
    for card in review.cards:
        fmt.column(card.column)


def _find(items: list[Any], item_id: str, what: str, review_id: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise ValidationError(f"review {review_id} has no {what} {item_id}")
