"""Closing a sprint: the review of intended against actual outcomes, pre-filled from its goals.

DESIGN.md: "the sprint closes with a review of intended versus actual outcomes". The CLI's
`retro sprint close` and the TUI's sprint screen both build that review here, so they agree.
"""

from __future__ import annotations

from datetime import date, datetime

from retro.insights.core import RATING_SCORE, attainment, latest_rating, latest_value
from retro.model import Intent, Rating, Review, Sprint, Team


def suggested_rating(value: float | None) -> Rating | None:
    """The rating an attainment earns: exceeded from 1.25, met from 1.0, partly from 0.5.

    The thresholds are the scores DESIGN.md gives each rating, so a rating suggested from an
    attainment scores no higher than the attainment itself.
    """
    if value is None:
        return None
    if value >= RATING_SCORE["exceeded"]:
        return "exceeded"
    if value >= RATING_SCORE["met"]:
        return "met"
    return "partly" if value >= RATING_SCORE["partly"] else "missed"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{value:g} {unit}".strip()


def closing_intents(sprint: Sprint) -> list[Intent]:
    """One intent a goal: what was planned (statement, baseline → target), what happened (the
    latest value or rating) and a suggested rating (the goal's own closing rating first)."""
    intents = []
    for goal in sprint.goals:
        if goal.quantitative:
            assert goal.baseline is not None and goal.target is not None
            planned = f"{goal.statement} ({_number(goal.baseline, goal.unit)} → "
            planned += f"{_number(goal.target, goal.unit)})"
            actual = _number(latest_value(goal), goal.unit)
        else:
            planned, actual = goal.statement, latest_rating(goal) or ""
        rating = goal.rating or suggested_rating(attainment(goal))
        intents.append(Intent(planned, actual, rating, goal_id=goal.id))
    return intents


def closing_review(
    sprint: Sprint,
    team: Team,
    *,
    facilitator: str | None,
    today: date,
    now: datetime,
) -> Review:
    """The after-action review that closes a sprint, with its intents pre-filled.

    Everyone on the team is a participant; the facilitator first.
    """
    people = [facilitator] if facilitator else []
    people += [m.name for m in team.members]
    return Review(
        title=f"{sprint.title} · closing review",
        on=today,
        format="aar",
        facilitator=facilitator,
        participants=list(dict.fromkeys(people)),
        sprint_id=sprint.id,
        phase_started=now,
        intents=closing_intents(sprint),
    )
