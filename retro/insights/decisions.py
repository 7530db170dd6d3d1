"""Drift of decisions, their calibration, and decision rights (RACI).

Definitions (DESIGN.md, "Drift"): a reviewed decision scores as an intent does (exceeded 1.25,
met 1.0, partly 0.5, missed 0.0); **decision drift** is ``mean(score) − 1`` over the decisions
reviewed in a period: negative when the bets paid off less than expected, positive when more,
0 when exactly as expected. **Decision calibration** is the Brier score of confidence/10 against
"met or exceeded", for the team and per decider (0 is perfect foresight, 0.25 is always saying 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from retro.insights.calibration import brier
from retro.insights.core import RATING_SCORE
from retro.insights.words import calibration_words, share_words
from retro.model.decision import RACI_ROLES, Decision
from retro.model.sprint import Goal

LETTERS = {"responsible": "R", "accountable": "A", "consulted": "C", "informed": "I"}


def decision_score(decision: Decision) -> float | None:
    """A reviewed decision's score (its rating as an intent's); None before its review."""
    if decision.status != "reviewed" or decision.rating is None:
        return None
    return RATING_SCORE[decision.rating]


def paid_off(decision: Decision) -> bool | None:
    """Whether the bet paid off as expected (met or exceeded); None before its review."""
    score = decision_score(decision)
    return None if score is None else score >= 1.0


def in_period(decision: Decision, since: date | None, until: date | None) -> bool:
    """Whether the decision was reviewed in the period (both ends included)."""
    on = decision.reviewed_on
    if on is None:
        return False
    return (since is None or on >= since) and (until is None or on <= until)


def due_decisions(decisions: Iterable[Decision], today: date) -> list[Decision]:
    """The decisions whose review date has come and that wait for their review, the longest
    overdue first."""
    due = [d for d in decisions if d.is_due(today)]
    return sorted(due, key=lambda d: (d.review_on, d.created, d.id))


def log_order(decisions: Iterable[Decision], today: date) -> list[Decision]:
    """The order a decision log is read in: due ones first (longest overdue first), then the
    other open ones by review date, then the reviewed and superseded, newest first."""
    items = list(decisions)
    due = due_decisions(items, today)
    waiting = sorted(
        (d for d in items if d.open and not d.is_due(today)), key=lambda d: (d.review_on, d.id)
    )
    done = sorted(
        (d for d in items if not d.open),
        key=lambda d: (d.reviewed_on or d.decided_on, d.created),
        reverse=True,
    )
    return due + waiting + done


def drift_sentence(reviewed: int, paid: int, drift: float | None) -> str:
    """The decision drift in words: "3 of 5 bets paid off as expected; on the whole they
    fell short by a quarter"."""
    if reviewed == 0 or drift is None:
        return "no decision reviewed yet"
    head = f"{paid} of {reviewed} {'bet' if reviewed == 1 else 'bets'} paid off as expected"
    if abs(drift) < 0.005:
        return head + "; on the whole, exactly as expected"
    if drift < 0:
        return head + f"; on the whole they fell short by {share_words(-drift)}"
    return head + f"; on the whole they did better than expected by {share_words(drift)}"


def calibration_sentence(score: float | None, count: int) -> str:
    """What a Brier score says about how well confidence predicted the outcome (the words of
    goal calibration), with how many decisions it rests on."""
    if score is None or count == 0:
        return "no reviewed decision with a confidence yet"
    return f"{calibration_words(score)} ({count} {'decision' if count == 1 else 'decisions'})"


@dataclass(frozen=True)
class DecisionStats:
    """Decision drift and calibration over a period."""

    reviewed: int
    """Decisions reviewed in the period."""
    paid_off: int
    """Of those, how many met or exceeded what was expected."""
    drift: float | None
    """``mean(score) − 1``; None when nothing was reviewed."""
    calibration: float | None
    """The team's Brier score of confidence/10 against met-or-exceeded; None without one."""
    calibrated: int
    """How many reviewed decisions had a confidence (what calibration is computed from)."""
    by_decider: dict[str, float] = field(default_factory=dict)
    """The Brier score per decider."""
    due: int = 0
    """Decisions due for their review (as of the day asked about)."""
    open: int = 0
    """Decisions waiting for their review (due or not)."""

    @property
    def sentence(self) -> str:
        return drift_sentence(self.reviewed, self.paid_off, self.drift)

    @property
    def calibration_sentence(self) -> str:
        return calibration_sentence(self.calibration, self.calibrated)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reviewed": self.reviewed,
            "paid_off": self.paid_off,
            "drift": self.drift,
            "calibration": self.calibration,
            "calibrated": self.calibrated,
            "by_decider": dict(self.by_decider),
            "due": self.due,
            "open": self.open,
            "sentence": self.sentence,
            "calibration_sentence": self.calibration_sentence,
        }


def decision_stats(
    decisions: Iterable[Decision],
    today: date,
    since: date | None = None,
    until: date | None = None,
) -> DecisionStats:
    """Decision drift and calibration of the decisions reviewed between `since` and `until`
    (both included; open ends are unbounded), with the due and open counts as of `today`."""
    items = list(decisions)
    reviewed = [d for d in items if decision_score(d) is not None and in_period(d, since, until)]
    scores = [decision_score(d) or 0.0 for d in reviewed]
    briers: list[float] = []
    per: dict[str, list[float]] = {}
    for d in reviewed:
        if d.confidence is None:
            continue
        value = brier(d.confidence, bool(paid_off(d)))
        briers.append(value)
        if d.decider:
            per.setdefault(d.decider, []).append(value)
    return DecisionStats(
        reviewed=len(reviewed),
        paid_off=sum(1 for d in reviewed if paid_off(d)),
        drift=sum(scores) / len(scores) - 1.0 if scores else None,
        calibration=sum(briers) / len(briers) if briers else None,
        calibrated=len(briers),
        by_decider={who: sum(v) / len(v) for who, v in sorted(per.items())},
        due=sum(1 for d in items if d.is_due(today)),
        open=sum(1 for d in items if d.open),
    )


# --- decision rights ------------------------------------------------------------------------


@dataclass(frozen=True)
class RaciRow:
    """One goal or decision of the matrix, with each person's roles."""

    id: str
    """The goal's or decision's id."""
    kind: str
    """``goal`` or ``decision``."""
    title: str
    """Its statement or title."""
    roles: dict[str, list[str]]
    """Role → people (``responsible``, ``accountable``, ``consulted``, ``informed``)."""

    def letters(self, person: str) -> str:
        """The person's roles as letters ("RA", "C", "")."""
        return "".join(LETTERS[r] for r in RACI_ROLES if person in self.roles.get(r, []))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, **self.roles}


@dataclass(frozen=True)
class RaciMatrix:
    """The decision rights of a sprint: goals and open decisions × people."""

    rows: list[RaciRow]
    """The goals, then the open decisions."""
    people: list[str]
    """Everyone named, in the order of the rows' roles."""
    warnings: list[str]
    """One line per goal or decision with no accountable person, or more than one."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "people": list(self.people),
            "rows": [row.to_dict() for row in self.rows],
            "warnings": list(self.warnings),
        }


def _warning(row: RaciRow) -> str | None:
    accountable = row.roles.get("accountable", [])
    if not accountable:
        return f"{row.kind} {row.title!r} has no accountable person"
    if len(accountable) > 1:
        return (
            f"{row.kind} {row.title!r} has {len(accountable)} accountable people "
            f"({', '.join(accountable)}); one answers for it"
        )
    return None


def raci_matrix(goals: Sequence[Goal], decisions: Iterable[Decision]) -> RaciMatrix:
    """The RACI matrix of these goals and the open ones of these decisions."""
    rows = [RaciRow(g.id, "goal", g.statement, g.raci()) for g in goals]
    rows += [RaciRow(d.id, "decision", d.title, d.raci()) for d in decisions if d.open]
    people: list[str] = []
    for row in rows:
        for role in RACI_ROLES:
            people.extend(p for p in row.roles.get(role, []) if p not in people)
    warnings = [w for w in (_warning(row) for row in rows) if w]
    return RaciMatrix(rows, people, warnings)
