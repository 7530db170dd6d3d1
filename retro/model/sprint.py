"""Alignment sprints: their goals and the check-ins that show a goal's drift."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from retro.errors import RuleError, ValidationError
from retro.ids import new_id
from retro.model.naming import Titled
from retro.model.rules import (
    SPRINT_STATUSES,
    Rating,
    SprintStatus,
    _check_id,
    _d,
    _dt,
    _names,
    _number,
    _pd,
    _pdt,
    _rating,
    _req_date,
    _text,
    _who,
    now,
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
    id: str = field(default_factory=lambda: new_id("h"))
    """Kind letter ``h`` and a random suffix."""
    late: bool = False
    """Measured after the sprint's end on purpose (``retro checkin --late``): the goal's closing
    value (or rating), not a point of its plan."""

    def __post_init__(self) -> None:
        _check_id(self.id, "h")
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
            "id": self.id,
            "on": _d(self.on),
            "value": self.value,
            "rating": self.rating,
            "confidence": self.confidence,
            "note": self.note,
            "author": self.author,
            "at": _dt(self.at),
            **({"late": True} if self.late else {}),
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
            # A check-in from before check-ins had ids (schema 1) gets one here; the store's
            # migration to schema 2 writes it down, so it stays the same from then on.
            id=data.get("id") or new_id("h"),
            late=bool(data.get("late", False)),
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
    """Others who work on it (with the owner, the goal's responsible people)."""
    accountable: list[str] = field(default_factory=list)
    """Who answers for the goal (decision rights: one person; none or two is warned about)."""
    consulted: list[str] = field(default_factory=list)
    """Whose opinion is sought on it."""
    informed: list[str] = field(default_factory=list)
    """Who is kept up to date on it."""
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
        for role in ("contributors", "accountable", "consulted", "informed"):
            setattr(self, role, _names(getattr(self, role), f"a goal's {role}"))
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

    def raci(self) -> dict[str, list[str]]:
        """Decision rights: the owner and contributors are responsible; the owner is also
        accountable unless someone else is named (DESIGN: "owner (accountable)"); consulted and
        informed as named."""
        responsible = [self.owner] if self.owner else []
        responsible += [p for p in self.contributors if p not in responsible]
        return {
            "responsible": responsible,
            "accountable": list(self.accountable) or responsible[:1],
            "consulted": list(self.consulted),
            "informed": list(self.informed),
        }

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
            "accountable": list(self.accountable),
            "consulted": list(self.consulted),
            "informed": list(self.informed),
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
            accountable=list(data.get("accountable", [])),
            consulted=list(data.get("consulted", [])),
            informed=list(data.get("informed", [])),
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
class Sprint(Titled):
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

    def dates(self) -> str:
        """The sprint's name and dates, as an error about a date says them: "sprint 'S 12'
        (2026-03-02 → 2026-03-15)"."""
        return f"sprint {self.title!r} ({_d(self.start)} → {_d(self.end)})"

    def check_checkin(self, on: date, *, late: bool = False) -> None:
        """Whether a check-in dated `on` may be recorded: on the sprint's days while it is not
        closed; after its end only as a late (closing) measurement, and a late one only then.

        Raises:
            RuleError: the date is outside what is allowed, with a one-line reason naming the
                sprint's dates.
        """
        if self.status == "closed":
            raise RuleError(f"{self.dates()} is closed; it takes no more check-ins")
        if on < self.start:
            raise RuleError(f"{on} is before {self.dates()} starts")
        if late and on <= self.end:
            raise RuleError(
                f"--late is for a value measured after {self.dates()} ended; {on} is not"
            )
        if on > self.end and not late:
            raise RuleError(
                f"{on} is after {self.dates()} ended; add --late to record it as the closing value"
            )

    def activate(self) -> None:
        """Make the sprint active (not once it is closed)."""
        if self.status == "closed":
            raise RuleError(f"sprint {self.title!r} is closed")
        self.status = "active"

    def close(self, now: datetime) -> None:
        """Close the sprint (once)."""
        if self.status == "closed":
            raise RuleError(f"sprint {self.title!r} is already closed")
        self.status = "closed"
        self.closed_at = now

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
