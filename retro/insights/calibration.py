"""Calibration (DESIGN.md): how well the confidence stated at check-ins predicted outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from retro.insights.core import EPSILON, _fmean, attainment
from retro.insights.words import calibration_words
from retro.model import Goal, Sprint


@dataclass(frozen=True)
class Calibration:
    """How well stated confidence predicted outcomes: Brier scores (0 is perfect, 1 is worst)."""

    team: float | None
    """The Brier score over every scored check-in; None when nothing was scored."""
    by_owner: dict[str, float] = field(default_factory=dict)
    """The Brier score per goal owner (goals without an owner count only for the team)."""
    count: int = 0
    """How many check-ins were scored."""
    owner_counts: dict[str, int] = field(default_factory=dict)
    """How many check-ins were scored per owner."""

    @property
    def sentence(self) -> str:
        """The team's calibration in words ("confidence was a good predictor")."""
        return calibration_words(self.team)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "team": self.team,
            "by_owner": dict(self.by_owner),
            "count": self.count,
            "owner_counts": dict(self.owner_counts),
        }


def met(goal: Goal) -> bool | None:
    """Whether the goal ended met or exceeded (attainment ≥ 1.0); None without an attainment."""
    a = attainment(goal)
    return None if a is None else a >= 1.0 - EPSILON


def brier(confidence: int, outcome: bool) -> float:
    """One check-in's Brier score: ``(confidence/10 − outcome)²``, in 0..1."""
    return (confidence / 10 - (1.0 if outcome else 0.0)) ** 2


def calibration(sprints: Iterable[Sprint]) -> Calibration:
    """Calibration: the Brier score ``mean((confidence/10 − outcome)²)`` of check-in confidences
    against whether the goal ended met or exceeded (attainment ≥ 1.0).

    Only closed sprints (``status == "closed"``) count, only goals with an attainment, and only
    check-ins with a confidence. Per owner and for the whole team; 0 is perfect foresight, 0.25
    is always saying 5, 1 is certain and always wrong.
    """
    team: list[float] = []
    owners: dict[str, list[float]] = {}
    for sprint in sprints:
        if sprint.status != "closed":
            continue
        for goal in sprint.goals:
            outcome = met(goal)
            if outcome is None:
                continue
            for checkin in goal.checkins:
                if checkin.confidence is None:
                    continue
                score = brier(checkin.confidence, outcome)
                team.append(score)
                if goal.owner:
                    owners.setdefault(goal.owner, []).append(score)
    return Calibration(
        team=_fmean(team) if team else None,
        by_owner={o: _fmean(s) for o, s in sorted(owners.items())},
        count=len(team),
        owner_counts={o: len(s) for o, s in sorted(owners.items())},
    )
