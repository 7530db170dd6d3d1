"""Decisions (the decision log) and decision rights (RACI).

A decision is a bet: when it is made the team writes down what it expects to happen, how
confident it is, and when it will look again. At its review date it is *due*; its review rates
the outcome as an intent is rated (exceeded, met, partly, missed). The rules of a decision's
life (decide, review, supersede) live here, each raising one `RuleError` when it does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, cast

from retro.errors import RuleError, ValidationError
from retro.ids import new_id
from retro.model.rules import (
    Rating,
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

DecisionStatus = Literal["proposed", "decided", "superseded", "reviewed"]
DECISION_STATUSES: tuple[DecisionStatus, ...] = ("proposed", "decided", "superseded", "reviewed")
OPEN_STATUSES: tuple[DecisionStatus, ...] = ("proposed", "decided")
"""The statuses of a decision still waiting for its review."""

RACI_ROLES: tuple[str, ...] = ("responsible", "accountable", "consulted", "informed")


def _confidence(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValidationError("a confidence is a whole number from 0 to 10")
    return value


def _status(value: str) -> DecisionStatus:
    clean = str(value).strip().lower()
    if clean not in DECISION_STATUSES:
        raise ValidationError(
            f"decision status '{value}' is not one of: {', '.join(DECISION_STATUSES)}"
        )
    return cast(DecisionStatus, clean)


@dataclass
class Decision:
    """A decision of the team: what was decided, what it should lead to, when to look again."""

    title: str
    """A short name for the decision ("Adopt trunk-based development")."""
    expected: str
    """The expected outcome, in words."""
    review_on: date
    """When the team looks again whether the expected outcome happened."""
    decision: str = ""
    """What was decided (empty while it is only proposed)."""
    context: str = ""
    """Why a decision was needed: the forces at play."""
    options: list[str] = field(default_factory=list)
    """The options considered."""
    unit: str = ""
    """The unit of the expected metric, if any."""
    baseline: float | None = None
    """Where the metric stood when the decision was made."""
    target: float | None = None
    """Where the metric should be by the review date."""
    confidence: int | None = None
    """0–10: how sure the decider was that the outcome would be met."""
    decider: str | None = None
    """Who made the decision (accountable for it unless another is named)."""
    decided_on: date = field(default_factory=date.today)
    """The day it was made (or proposed)."""
    status: DecisionStatus = "decided"
    """proposed, decided, superseded (by another decision) or reviewed."""
    superseded_by: str | None = None
    """The decision that replaced this one."""
    review_id: str | None = None
    """The review it was made in, if any."""
    sprint_id: str | None = None
    """The sprint it was made for, if any."""
    goal_id: str | None = None
    """The goal it serves, if any."""
    responsible: list[str] = field(default_factory=list)
    """Who carries it out."""
    accountable: list[str] = field(default_factory=list)
    """Who answers for it (one person is the rule; none or two is warned about)."""
    consulted: list[str] = field(default_factory=list)
    """Whose opinion was sought."""
    informed: list[str] = field(default_factory=list)
    """Who is kept up to date."""
    rating: Rating | None = None
    """The review's rating of the outcome."""
    actual: str = ""
    """What actually happened, in words (at the review)."""
    actual_value: float | None = None
    """The metric's value at the review, if the decision has a metric."""
    why: str = ""
    """Why the outcome differed from the expectation."""
    reviewed_on: date | None = None
    """When it was reviewed."""
    reviewed_by: str | None = None
    """Who recorded the review."""
    id: str = field(default_factory=lambda: new_id("d"))
    """Kind letter ``d`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When it was logged."""
    updated: datetime | None = None
    """When it last changed (what a merge compares)."""

    def __post_init__(self) -> None:
        self.title = _text(self.title, "a decision's title").strip()
        self.expected = _text(self.expected, "a decision's expected outcome")
        self.decision = _text(self.decision, "the decision", required=False)
        self.context = _text(self.context, "a decision's context", required=False)
        self.options = [_text(o, "an option").strip() for o in self.options]
        self.unit = _text(self.unit, "the unit", required=False).strip()
        self.baseline = _number(self.baseline, "the baseline")
        self.target = _number(self.target, "the target")
        self.actual_value = _number(self.actual_value, "the actual value")
        self.confidence = _confidence(self.confidence)
        self.decider = _who(self.decider, "a decider")
        self.reviewed_by = _who(self.reviewed_by, "a reviewer")
        self.status = _status(self.status)
        self.rating = _rating(self.rating)
        self.actual = _text(self.actual, "what actually happened", required=False)
        self.why = _text(self.why, "why", required=False)
        for role in RACI_ROLES:
            setattr(self, role, _names(getattr(self, role), f"the {role} people"))
        _check_id(self.id, "d")
        for link, kind in (
            (self.superseded_by, "d"),
            (self.review_id, "r"),
            (self.sprint_id, "s"),
            (self.goal_id, "g"),
        ):
            if link is not None:
                _check_id(link, kind)
        if (self.baseline is None) != (self.target is None):
            raise ValidationError("a measurable expectation needs both a baseline and a target")
        if self.baseline is not None and self.baseline == self.target:
            raise ValidationError("the target equals the baseline: give a different target")
        if self.review_on < self.decided_on:
            raise ValidationError(
                f"the review date {self.review_on} is before the decision's date {self.decided_on}"
            )
        if self.status == "reviewed" and self.rating is None:
            raise ValidationError("a reviewed decision needs a rating")
        if self.status == "superseded" and self.superseded_by is None:
            raise ValidationError("a superseded decision names the decision that replaced it")

    # -- what it is now ---------------------------------------------------------------------

    @property
    def measurable(self) -> bool:
        """Whether the expected outcome has a metric with a baseline and a target."""
        return self.baseline is not None and self.target is not None

    @property
    def open(self) -> bool:
        """Whether it still waits for its review (proposed or decided)."""
        return self.status in OPEN_STATUSES

    def is_due(self, today: date) -> bool:
        """Whether its review date has come and it has not been reviewed (or replaced)."""
        return self.open and self.review_on <= today

    def raci(self) -> dict[str, list[str]]:
        """Who is responsible, accountable, consulted and informed. The decider is accountable
        when nobody else is named."""
        accountable = list(self.accountable)
        if not accountable and self.decider:
            accountable = [self.decider]
        return {
            "responsible": list(self.responsible),
            "accountable": accountable,
            "consulted": list(self.consulted),
            "informed": list(self.informed),
        }

    # -- the rules of its life --------------------------------------------------------------

    def decide(self, decision: str | None = None, on: date | None = None) -> None:
        """A proposal becomes a decision.

        Raises:
            RuleError: it is not a proposal.
        """
        if self.status != "proposed":
            raise RuleError(f"decision {self.title!r} is {self.status}, not proposed")
        if decision is not None:
            self.decision = _text(decision, "the decision")
        if not self.decision.strip():
            raise RuleError("say what was decided (the decision is empty)")
        if on is not None:
            self.decided_on = on
            if self.review_on < on:
                raise ValidationError(f"the review date {self.review_on} is before {on}")
        self.status = "decided"
        self.touch()

    def review(
        self,
        rating: str,
        on: date,
        *,
        actual: str = "",
        actual_value: float | None = None,
        why: str = "",
        by: str | None = None,
    ) -> None:
        """Record how the bet turned out.

        Raises:
            RuleError: it was superseded (review the decision that replaced it) or is still
                only a proposal.
            ValidationError: a bad rating or value.
        """
        if self.status == "superseded":
            raise RuleError(
                f"decision {self.title!r} was superseded; review the decision that replaced it"
            )
        if self.status == "proposed":
            raise RuleError(f"decision {self.title!r} is only proposed; decide it first")
        if actual_value is not None and not self.measurable:
            raise ValidationError(
                f"decision {self.title!r} has no metric (baseline and target); "
                "say what happened with --actual instead"
            )
        self.rating = _rating(rating)
        self.actual = _text(actual, "what actually happened", required=False)
        self.actual_value = _number(actual_value, "the actual value")
        self.why = _text(why, "why", required=False)
        self.reviewed_on = on
        self.reviewed_by = _who(by, "a reviewer")
        self.status = "reviewed"
        self.touch()

    def supersede(self, by: Decision) -> None:
        """Another decision replaces this one.

        Raises:
            RuleError: it would replace itself, or this one is already replaced.
        """
        if by.id == self.id:
            raise RuleError("a decision cannot supersede itself")
        if self.status == "superseded":
            raise RuleError(f"decision {self.title!r} was already superseded")
        if by.superseded_by == self.id:
            raise RuleError(f"decision {by.title!r} was itself superseded by {self.title!r}")
        self.status = "superseded"
        self.superseded_by = by.id
        self.touch()

    def touch(self) -> None:
        """Mark it changed now."""
        self.updated = now()

    # -- (de)serialisation ------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "context": self.context,
            "decision": self.decision,
            "options": list(self.options),
            "expected": self.expected,
            "unit": self.unit,
            "baseline": self.baseline,
            "target": self.target,
            "confidence": self.confidence,
            "decider": self.decider,
            "decided_on": _d(self.decided_on),
            "review_on": _d(self.review_on),
            "status": self.status,
            "superseded_by": self.superseded_by,
            "review_id": self.review_id,
            "sprint_id": self.sprint_id,
            "goal_id": self.goal_id,
            **{role: list(getattr(self, role)) for role in RACI_ROLES},
            "rating": self.rating,
            "actual": self.actual,
            "actual_value": self.actual_value,
            "why": self.why,
            "reviewed_on": _d(self.reviewed_on),
            "reviewed_by": self.reviewed_by,
            "created": _dt(self.created),
            "updated": _dt(self.updated),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        return cls(
            id=data["id"],
            title=data["title"],
            expected=data["expected"],
            review_on=_req_date(data.get("review_on"), "a decision's review date"),
            decision=data.get("decision", ""),
            context=data.get("context", ""),
            options=list(data.get("options", [])),
            unit=data.get("unit", ""),
            baseline=data.get("baseline"),
            target=data.get("target"),
            confidence=data.get("confidence"),
            decider=data.get("decider"),
            decided_on=_req_date(data.get("decided_on"), "a decision's date"),
            status=data.get("status", "decided"),
            superseded_by=data.get("superseded_by"),
            review_id=data.get("review_id"),
            sprint_id=data.get("sprint_id"),
            goal_id=data.get("goal_id"),
            **{role: data.get(role, []) for role in RACI_ROLES},
            rating=data.get("rating"),
            actual=data.get("actual", ""),
            actual_value=data.get("actual_value"),
            why=data.get("why", ""),
            reviewed_on=_pd(data.get("reviewed_on")),
            reviewed_by=data.get("reviewed_by"),
            created=_pdt(data.get("created")) or now(),
            updated=_pdt(data.get("updated")),
        )
