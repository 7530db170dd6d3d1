"""The domain: a dataclass for every concept of DESIGN.md, its validation and (de)serialisation.

Everything here is pure: no I/O, no TinyDB, no Textual, no click. Objects are built through
their constructors (which validate) and turned into plain JSON-ready dicts with ``to_dict`` and
back with ``from_dict``. Dates are ISO strings in those dicts, never objects that JSON cannot
hold. ``from_dict(x.to_dict()) == x`` for every valid object.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, cast

from retro.errors import RuleError, ValidationError
from retro.formats import DEFAULT_FORMAT, Format
from retro.ids import new_id

Rating = Literal["exceeded", "met", "partly", "missed"]
RATINGS: tuple[Rating, ...] = ("exceeded", "met", "partly", "missed")

Phase = Literal["reflect", "group", "vote", "discuss", "act", "closed"]
PHASES: tuple[Phase, ...] = ("reflect", "group", "vote", "discuss", "act", "closed")

SprintStatus = Literal["planned", "active", "closed"]
SPRINT_STATUSES: tuple[SprintStatus, ...] = ("planned", "active", "closed")

ActionStatus = Literal["open", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "done", "dropped")

DEFAULT_VOTES = 3
DEFAULT_TOLERANCE = 0.1
MAX_TEXT = 1_000_000
"""Longest text accepted for one field, in characters (a card of 1 MB is absurd but safe)."""


# --- helpers ---------------------------------------------------------------------------------


def now() -> datetime:
    """The current time in UTC (what the store records; it also orders cards added together)."""
    return datetime.now(UTC)


def _text(value: str, what: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text")
    if required and not value.strip():
        raise ValidationError(f"{what} cannot be empty")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{what} is longer than {MAX_TEXT:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # A byte that is not UTF-8 in a shell argument arrives as a lone surrogate; JSON
        # (orjson) cannot store it.
        raise ValidationError(
            f"{what} has characters that are not valid text (bytes that are not UTF-8)"
        ) from None
    return value


def _name(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    value = _text(value, what).strip()
    return value


def _who(value: str | None, what: str) -> str | None:
    """A person's name as given (None for nobody): text, but kept exactly as it is."""
    return None if value is None else _text(value, what, required=False)


def _tags(tags: list[str] | tuple[str, ...]) -> list[str]:
    """Tags are lower-case words without a leading '#', each kept once, in order."""
    out: list[str] = []
    for tag in tags:
        clean = _text(tag, "a tag").strip().lstrip("#").strip().lower()
        if not clean:
            raise ValidationError("a tag cannot be empty")
        if any(ch.isspace() for ch in clean):
            raise ValidationError(f"tag '{tag}' cannot contain spaces")
        if clean not in out:
            out.append(clean)
    return out


def _rating(value: str | None) -> Rating | None:
    if value is None:
        return None
    clean = value.strip().lower()
    if clean not in RATINGS:
        raise ValidationError(f"rating '{value}' is not one of: {', '.join(RATINGS)}")
    return cast(Rating, clean)


def _number(value: float | int | None, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{what} must be a number")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise ValidationError(f"{what} must be a finite number")
    return result


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _pd(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValidationError(f"stored date '{value}' is not an ISO date") from exc


def _pdt(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(f"stored time '{value}' is not an ISO time") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _req_date(value: Any, what: str) -> date:
    parsed = _pd(value)
    if parsed is None:
        raise ValidationError(f"{what} is missing")
    return parsed


def _check_id(value: str, kind: str) -> str:
    if not isinstance(value, str) or len(value) < 2 or value[0] != kind:
        raise ValidationError(f"'{value}' is not a valid id for this object")
    return value


# --- team ------------------------------------------------------------------------------------


@dataclass
class Member:
    """A person on the team."""

    name: str
    """How the person is shown and named on the command line (``--owner ana``)."""
    id: str = field(default_factory=lambda: new_id("m"))
    """Kind letter ``m`` and a random suffix."""
    joined: date = field(default_factory=date.today)
    """When the person was added."""

    def __post_init__(self) -> None:
        self.name = _text(self.name, "a member's name").strip()
        _check_id(self.id, "m")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "joined": _d(self.joined)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Member:
        return cls(name=data["name"], id=data["id"], joined=_req_date(data["joined"], "joined"))


@dataclass
class Agreement:
    """One working agreement of the team's charter (how we work together)."""

    text: str
    """The agreement, in the team's words."""
    added: date = field(default_factory=date.today)
    """When the team agreed it."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "an agreement")

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "added": _d(self.added)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agreement:
        return cls(text=data["text"], added=_req_date(data["added"], "added"))


@dataclass
class PurposeVersion:
    """One version of the team's purpose; the list of them is the purpose's history."""

    text: str
    """The purpose (north star) as it was set."""
    set_at: datetime = field(default_factory=now)
    """When it was set."""
    set_by: str | None = None
    """Who set it."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "the purpose")
        self.set_by = _who(self.set_by, "who set the purpose")

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "set_at": _dt(self.set_at), "set_by": self.set_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PurposeVersion:
        return cls(
            text=data["text"],
            set_at=_pdt(data["set_at"]) or now(),
            set_by=data.get("set_by"),
        )


@dataclass
class Team:
    """The team: the store itself. Its name, members, agreements, purpose history and formats."""

    name: str
    """The team's name."""
    members: list[Member] = field(default_factory=list)
    """The people on the team."""
    agreements: list[Agreement] = field(default_factory=list)
    """The team's charter."""
    purposes: list[PurposeVersion] = field(default_factory=list)
    """Every version of the purpose, oldest first; the last is current."""
    formats: list[Format] = field(default_factory=list)
    """The team's own review formats."""
    tolerance: float = DEFAULT_TOLERANCE
    """The drift tolerance for status bands (on track while drift ≥ −tolerance)."""
    created: datetime = field(default_factory=now)
    """When the team was created."""

    def __post_init__(self) -> None:
        self.name = _text(self.name, "the team's name").strip()
        tolerance = _number(self.tolerance, "the tolerance")
        if tolerance is None or not 0 < tolerance < 1:
            raise ValidationError("the tolerance must be a number between 0 and 1, like 0.1")
        self.tolerance = tolerance

    @property
    def purpose(self) -> str | None:
        """The current purpose, or None if none was ever set."""
        return self.purposes[-1].text if self.purposes else None

    def set_purpose(self, text: str, by: str | None = None, at: datetime | None = None) -> bool:
        """Set a new purpose, keeping the history. Returns False if it is unchanged."""
        text = _text(text, "the purpose").strip()
        if text == self.purpose:
            return False
        self.purposes.append(PurposeVersion(text, at or now(), by))
        return True

    def member(self, name: str) -> Member | None:
        """The member with this name (case-insensitive), if any."""
        wanted = name.strip().casefold()
        return next((m for m in self.members if m.name.casefold() == wanted), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "members": [m.to_dict() for m in self.members],
            "agreements": [a.to_dict() for a in self.agreements],
            "purposes": [p.to_dict() for p in self.purposes],
            "formats": [f.to_dict() for f in self.formats],
            "tolerance": self.tolerance,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Team:
        return cls(
            name=data["name"],
            members=[Member.from_dict(m) for m in data.get("members", [])],
            agreements=[Agreement.from_dict(a) for a in data.get("agreements", [])],
            purposes=[PurposeVersion.from_dict(p) for p in data.get("purposes", [])],
            formats=[Format.from_dict(f) for f in data.get("formats", [])],
            tolerance=data.get("tolerance", DEFAULT_TOLERANCE),
            created=_pdt(data.get("created")) or now(),
        )


# --- sprints and goals -----------------------------------------------------------------------


@dataclass
class CheckIn:
    """A dated actual value (or rating) for a goal, with the owner's confidence."""

    on: date
    """The day the value was observed."""
    value: float | None = None
    """The actual value, for a quantitative goal."""
    rating: Rating | None = None
    """The rating so far, for a qualitative goal."""
    confidence: int | None = None
    """How confident the person is, 0–10, that the goal will be met."""
    note: str = ""
    """What the person wants to say about it."""
    author: str | None = None
    """Who checked in."""
    at: datetime = field(default_factory=now)
    """When the check-in was recorded."""

    def __post_init__(self) -> None:
        self.author = _who(self.author, "a check-in's author")
        self.value = _number(self.value, "a check-in value")
        self.rating = _rating(self.rating)
        if self.value is None and self.rating is None:
            raise ValidationError("a check-in needs a value or a rating")
        if self.confidence is not None:
            if isinstance(self.confidence, bool) or not isinstance(self.confidence, int | float):
                raise ValidationError("confidence must be a whole number from 0 to 10")
            # The range first: it also refuses NaN and infinity, which int() cannot convert.
            if not 0 <= self.confidence <= 10:
                raise ValidationError(
                    f"confidence {self.confidence} is outside 0–10 (0 = no chance, 10 = certain)"
                )
            if self.confidence != int(self.confidence):
                raise ValidationError(
                    f"confidence {self.confidence} is not a whole number from 0 to 10"
                )
            self.confidence = int(self.confidence)
        self.note = _text(self.note, "a note", required=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": _d(self.on),
            "value": self.value,
            "rating": self.rating,
            "confidence": self.confidence,
            "note": self.note,
            "author": self.author,
            "at": _dt(self.at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckIn:
        return cls(
            on=_req_date(data["on"], "a check-in's date"),
            value=data.get("value"),
            rating=data.get("rating"),
            confidence=data.get("confidence"),
            note=data.get("note", ""),
            author=data.get("author"),
            at=_pdt(data.get("at")) or now(),
        )


@dataclass
class Goal:
    """An intended outcome of a sprint.

    Quantitative when it has a baseline and a target (the direction follows from them: a target
    below the baseline is a goal to reduce); qualitative otherwise, rated at the end.
    """

    statement: str
    """What the team intends to achieve."""
    sprint_id: str
    """The sprint the goal belongs to."""
    owner: str | None = None
    """The person accountable."""
    contributors: list[str] = field(default_factory=list)
    """Others who work on it."""
    due: date | None = None
    """When it is due (the sprint's end when None)."""
    start: date | None = None
    """When work on it starts (the sprint's start when None)."""
    unit: str = ""
    """The unit of the baseline and target (``ms``, ``%``)."""
    baseline: float | None = None
    """Where the measure stood at the start."""
    target: float | None = None
    """Where the measure should be by the due date."""
    rating: Rating | None = None
    """The closing rating of a qualitative goal (or an explicit one for any goal)."""
    closing_value: float | None = None
    """The value recorded when the sprint closed, if it differs from the latest check-in."""
    checkins: list[CheckIn] = field(default_factory=list)
    """Check-ins, in the order they were recorded."""
    id: str = field(default_factory=lambda: new_id("g"))
    """Kind letter ``g`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When the goal was added."""

    def __post_init__(self) -> None:
        self.statement = _text(self.statement, "a goal's statement")
        _check_id(self.id, "g")
        _check_id(self.sprint_id, "s")
        self.baseline = _number(self.baseline, "the baseline")
        self.target = _number(self.target, "the target")
        self.closing_value = _number(self.closing_value, "the closing value")
        self.rating = _rating(self.rating)
        if (self.baseline is None) != (self.target is None):
            raise ValidationError("a measurable goal needs both a baseline and a target")
        if self.baseline is not None and self.baseline == self.target:
            raise ValidationError(
                "the target equals the baseline: there is nothing to achieve; "
                "give a different target"
            )
        if self.start and self.due and self.due < self.start:
            raise ValidationError(f"the goal is due ({self.due}) before it starts ({self.start})")

    @property
    def quantitative(self) -> bool:
        """Whether the goal is measured against a baseline and target."""
        return self.baseline is not None and self.target is not None

    @property
    def latest(self) -> CheckIn | None:
        """The latest check-in by date (then by recording time)."""
        if not self.checkins:
            return None
        return max(self.checkins, key=lambda c: (c.on, c.at))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sprint_id": self.sprint_id,
            "statement": self.statement,
            "owner": self.owner,
            "contributors": list(self.contributors),
            "due": _d(self.due),
            "start": _d(self.start),
            "unit": self.unit,
            "baseline": self.baseline,
            "target": self.target,
            "rating": self.rating,
            "closing_value": self.closing_value,
            "checkins": [c.to_dict() for c in self.checkins],
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        return cls(
            id=data["id"],
            sprint_id=data["sprint_id"],
            statement=data["statement"],
            owner=data.get("owner"),
            contributors=list(data.get("contributors", [])),
            due=_pd(data.get("due")),
            start=_pd(data.get("start")),
            unit=data.get("unit", ""),
            baseline=data.get("baseline"),
            target=data.get("target"),
            rating=data.get("rating"),
            closing_value=data.get("closing_value"),
            checkins=[CheckIn.from_dict(c) for c in data.get("checkins", [])],
            created=_pdt(data.get("created")) or now(),
        )


@dataclass
class Sprint:
    """An alignment sprint: a time box with a purpose, goals and check-ins."""

    title: str
    """The sprint's name."""
    start: date
    """First day."""
    end: date
    """Last day."""
    purpose: str = ""
    """The purpose for this sprint."""
    status: SprintStatus = "planned"
    """planned, active or closed."""
    goals: list[Goal] = field(default_factory=list)
    """The sprint's goals."""
    id: str = field(default_factory=lambda: new_id("s"))
    """Kind letter ``s`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When the sprint was created."""
    closed_at: datetime | None = None
    """When it was closed."""

    def __post_init__(self) -> None:
        self.title = _text(self.title, "a sprint's title")
        self.purpose = _text(self.purpose, "the sprint's purpose", required=False)
        _check_id(self.id, "s")
        if self.end < self.start:
            raise ValidationError(f"the sprint ends ({self.end}) before it starts ({self.start})")
        if self.status not in SPRINT_STATUSES:
            raise ValidationError(
                f"sprint status '{self.status}' is not one of: {', '.join(SPRINT_STATUSES)}"
            )

    def goal(self, goal_id: str) -> Goal:
        """The goal with this full id."""
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise ValidationError(f"sprint {self.id} has no goal {goal_id}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "purpose": self.purpose,
            "start": _d(self.start),
            "end": _d(self.end),
            "status": self.status,
            "goals": [g.to_dict() for g in self.goals],
            "created": _dt(self.created),
            "closed_at": _dt(self.closed_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sprint:
        return cls(
            id=data["id"],
            title=data["title"],
            purpose=data.get("purpose", ""),
            start=_req_date(data["start"], "a sprint's start"),
            end=_req_date(data["end"], "a sprint's end"),
            status=data.get("status", "planned"),
            goals=[Goal.from_dict(g) for g in data.get("goals", [])],
            created=_pdt(data.get("created")) or now(),
            closed_at=_pdt(data.get("closed_at")),
        )


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
class Action:
    """Something the team agreed to do; carried forward until done or dropped."""

    text: str
    """What is to be done."""
    review_id: str
    """The review where it was agreed."""
    owner: str | None = None
    """Who will do it."""
    due: date | None = None
    """By when."""
    status: ActionStatus = "open"
    """open, done or dropped."""
    done_on: date | None = None
    """The day it was marked done (or dropped)."""
    id: str = field(default_factory=lambda: new_id("a"))
    """Kind letter ``a`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When it was agreed."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "an action's text")
        _check_id(self.id, "a")
        _check_id(self.review_id, "r")
        if self.status not in ACTION_STATUSES:
            raise ValidationError(
                f"action status '{self.status}' is not one of: {', '.join(ACTION_STATUSES)}"
            )

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.status == "open" and self.due is not None and self.due < today

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "review_id": self.review_id,
            "text": self.text,
            "owner": self.owner,
            "due": _d(self.due),
            "status": self.status,
            "done_on": _d(self.done_on),
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Action:
        return cls(
            id=data["id"],
            review_id=data["review_id"],
            text=data["text"],
            owner=data.get("owner"),
            due=_pd(data.get("due")),
            status=data.get("status", "open"),
            done_on=_pd(data.get("done_on")),
            created=_pdt(data.get("created")) or now(),
        )


@dataclass
class Kudos:
    """Recognition of a person for a contribution."""

    to: str
    """Who is recognised."""
    text: str
    """For what."""
    by: str | None = None
    """Who gave it."""
    id: str = field(default_factory=lambda: new_id("k"))
    """Kind letter ``k`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When it was given."""

    def __post_init__(self) -> None:
        self.to = _text(self.to, "who the kudos is for").strip()
        self.text = _text(self.text, "the kudos' text")
        self.by = _who(self.by, "who gave the kudos")
        _check_id(self.id, "k")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "to": self.to,
            "text": self.text,
            "by": self.by,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Kudos:
        return cls(
            id=data["id"],
            to=data["to"],
            text=data["text"],
            by=data.get("by"),
            created=_pdt(data.get("created")) or now(),
        )


def check_pulse(score: int) -> int:
    """A pulse rating: how aligned the work felt with the purpose, 1–5."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(f"pulse {score} is outside 1–5 (1 = not at all, 5 = fully aligned)")
    return score


def _whole_minutes(value: Any) -> Any:
    """A stored time box as whole minutes: stores written before time boxes had to be whole
    may hold one like 1.5, read as the next whole minute (2) rather than refused."""
    if isinstance(value, float) and math.isfinite(value) and 0 < value <= 24 * 60:
        return math.ceil(value)
    return value


@dataclass
class Review:
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

    def votes_used(self, person: str) -> int:
        """How many dots this person has placed."""
        return sum(card.votes.get(person, 0) for card in self.cards)

    def add_participant(self, person: str | None) -> None:
        """Note that this person takes part."""
        if person and person not in self.participants:
            self.participants.append(person)

    # -- phase rules -----------------------------------------------------------------------

    def check_can_add_card(self) -> None:
        """Cards are added in the reflect and group phases."""
        if self.phase not in ("reflect", "group"):
            raise RuleError(
                f"review {self.title!r} is in the {self.phase} phase; cards are added in "
                "reflect or group (move it back with 'retro review phase ID reflect')"
            )

    def check_can_vote(self, person: str) -> None:
        """Votes are cast in the vote phase, within the budget."""
        if self.phase != "vote":
            raise RuleError(
                f"review {self.title!r} is in the {self.phase} phase; votes are cast in the "
                "vote phase ('retro review phase ID vote')"
            )
        if self.votes_used(person) >= self.vote_budget:
            raise RuleError(
                f"{person} has used all {self.vote_budget} votes; take one back with "
                "'retro card vote ID --undo'"
            )

    def is_hidden(self, card: Card, viewer: str | None) -> bool:
        """Whether this card's text is hidden from the viewer: in reflect, others' cards are."""
        return self.phase == "reflect" and (card.author is None or card.author != viewer)

    def sorted_cards(self, column: str) -> list[Card]:
        """The column's cards: by votes (most first) from discuss on, else in added order."""
        cards = [c for c in self.cards if c.column == column]
        if PHASES.index(self.phase) >= PHASES.index("discuss"):
            cards.sort(key=lambda c: -c.vote_count)
        return cards

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
            "groups": dict(self.groups),
            "pulse": dict(self.pulse),
            "created": _dt(self.created),
        }

    def summary_dict(self) -> dict[str, Any]:
        """The header with counts of what the review holds, as the listings show it."""
        return {
            **self.header_dict(),
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
            groups=dict(data.get("groups") or {}),
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


# --- lessons ---------------------------------------------------------------------------------


@dataclass
class Lesson:
    """A lesson learned, from anyone."""

    text: str
    """The lesson."""
    on: date = field(default_factory=date.today)
    """The day it was learned."""
    tags: list[str] = field(default_factory=list)
    """Tags, lower case."""
    author: str | None = None
    """Who logged it."""
    review_id: str | None = None
    """The review it came from, if any."""
    card_id: str | None = None
    """The card it was promoted from, if any."""
    id: str = field(default_factory=lambda: new_id("l"))
    """Kind letter ``l`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When it was logged."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "a lesson's text")
        self.tags = _tags(self.tags)
        self.author = _who(self.author, "a lesson's author")
        _check_id(self.id, "l")
        if self.review_id is not None:
            _check_id(self.review_id, "r")
        if self.card_id is not None:
            _check_id(self.card_id, "c")

    def matches(self, words: str) -> bool:
        """Whether every word of the search appears in the text or tags (case-insensitive)."""
        haystack = (self.text + " " + " ".join(self.tags)).casefold()
        return all(word in haystack for word in words.casefold().split())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "on": _d(self.on),
            "tags": list(self.tags),
            "author": self.author,
            "review_id": self.review_id,
            "card_id": self.card_id,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lesson:
        return cls(
            id=data["id"],
            text=data["text"],
            on=_req_date(data["on"], "a lesson's date"),
            tags=list(data.get("tags", [])),
            author=data.get("author"),
            review_id=data.get("review_id"),
            card_id=data.get("card_id"),
            created=_pdt(data.get("created")) or now(),
        )


def _find(items: list[Any], item_id: str, what: str, review_id: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise ValidationError(f"review {review_id} has no {what} {item_id}")
