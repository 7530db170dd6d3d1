"""Summaries of a goal and a sprint: every drift number, ready to render.

The CLI's ``--json``, the TUI and the Markdown export all render these objects, so they show the
same numbers. ``to_dict()`` gives JSON-ready data: dates as ISO strings, numbers as floats,
unknowns as None, bands as their strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from retro.insights.core import (
    BANDS,
    DEFAULT_TOLERANCE,
    NO_DATA,
    OFF_TRACK,
    Band,
    attainment,
    band,
    forecast,
    goal_drift,
    goal_window,
    is_running,
    latest_checkin,
    latest_rating,
    latest_value,
    plan_fraction,
    planned_value,
    schedule_drift,
    sprint_drift,
)
from retro.insights.words import (
    band_counts_words,
    forecast_words,
    join,
    outcome_words,
    places,
    plan_words,
    rating_plan_words,
    stale_words,
)
from retro.model import Goal, Rating, Sprint


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- goals and sprints -----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInPoint:
    """One check-in of a goal, against the plan (a point of the goal's chart)."""

    on: date
    """The check-in's date."""
    value: float | None
    """The actual value, if any."""
    rating: Rating | None
    """The rating, if any."""
    planned: float | None
    """The linear plan's value that day (None for a qualitative goal)."""
    schedule_drift: float | None
    """``(value − planned) / (target − baseline)``; None for a qualitative goal."""
    confidence: int | None
    """The stated confidence, 0–10, if any."""
    note: str = ""
    """What the person said."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "value": self.value,
            "rating": self.rating,
            "planned": self.planned,
            "schedule_drift": self.schedule_drift,
            "confidence": self.confidence,
            "note": self.note,
        }


@dataclass(frozen=True)
class GoalSummary:
    """A goal with its drift."""

    id: str
    """The goal's id."""
    statement: str
    """What the team intends to achieve."""
    owner: str | None
    """Who is accountable."""
    unit: str
    """The unit of baseline, target and values."""
    baseline: float | None
    """Where the measure started (None if qualitative)."""
    target: float | None
    """Where it should end (None if qualitative)."""
    direction: str | None
    """"increase", "decrease", or None for a qualitative goal."""
    start: date
    """The plan's start (the goal's, else the sprint's)."""
    due: date
    """The plan's end (the goal's due date, else the sprint's end)."""
    latest_value: float | None
    """The closing value, else the latest check-in's value."""
    latest_rating: Rating | None
    """The closing rating, else the latest check-in's rating."""
    latest_on: date | None
    """The date of the latest check-in that counts."""
    confidence: int | None
    """The latest check-in's confidence."""
    attainment: float | None
    """``(actual − baseline) / (target − baseline)``, or the rating's score."""
    drift: float | None
    """Goal drift: the schedule drift while the goal runs, ``attainment − 1`` once it is over."""
    band: Band | None
    """on track, at risk or off track (on `drift`)."""
    schedule_drift: float | None
    """Schedule drift of the latest check-in with a value."""
    planned_today: float | None
    """Where the plan says the measure should be today."""
    days_left: int
    """Days from today to the due date (negative once past it)."""
    series: tuple[CheckInPoint, ...] = ()
    """Every check-in by date, for charts."""
    contributors: tuple[str, ...] = ()
    """Others who work on it."""
    running: bool = False
    """Whether the goal is judged against its plan (not yet due, sprint open, no closing)."""
    outcome_drift: float | None = None
    """``attainment − 1``, whether or not the goal still runs."""
    forecast: float | None = None
    """The attainment at the due date at the pace since the start (None when not forecast)."""
    forecast_value: float | None = None
    """`forecast` in the goal's unit."""
    sentence: str = ""
    """The goal's drift in words ("50 ms behind plan (plan for today: 550 ms)")."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "owner": self.owner,
            "contributors": list(self.contributors),
            "unit": self.unit,
            "baseline": self.baseline,
            "target": self.target,
            "direction": self.direction,
            "start": _iso(self.start),
            "due": _iso(self.due),
            "latest_value": self.latest_value,
            "latest_rating": self.latest_rating,
            "latest_on": _iso(self.latest_on),
            "confidence": self.confidence,
            "attainment": self.attainment,
            "drift": self.drift,
            "band": self.band,
            "schedule_drift": self.schedule_drift,
            "planned_today": self.planned_today,
            "days_left": self.days_left,
            "series": [p.to_dict() for p in self.series],
            "running": self.running,
            "outcome_drift": self.outcome_drift,
            "forecast": self.forecast,
            "forecast_value": self.forecast_value,
            "sentence": self.sentence,
        }


def goal_sentence(goal: Goal, sprint: Sprint, today: date) -> str:
    """The goal's drift in words, from the same numbers as `goal_drift` and `forecast`."""
    latest = latest_checkin(goal)
    a = attainment(goal)
    if a is None:
        return "no check-in yet"
    start, due = goal_window(goal, sprint)
    if not is_running(goal, sprint, today):
        return outcome_words(a - 1.0, target=goal.target, unit=goal.unit)
    assert latest is not None  # a running goal's attainment comes from a check-in
    stale = stale_words(latest.on, today)
    if goal.baseline is None or goal.target is None or latest.value is None:
        rating = latest_rating(goal) or ""
        return join(
            rating_plan_words(rating, plan_fraction(latest.on, start, due), latest.on, today), stale
        )
    planned = planned_value(goal, latest.on, sprint)
    assert planned is not None
    words = plan_words(
        actual=latest.value,
        planned=planned,
        baseline=goal.baseline,
        target=goal.target,
        unit=goal.unit,
        on=latest.on,
        today=today,
    )
    ahead = forecast(goal, sprint, today)
    pace = ""
    if ahead is not None:
        value = goal.baseline + (goal.target - goal.baseline) * ahead
        pace = forecast_words(value, goal.unit, due, places(goal.baseline, goal.target))
    return join(words, pace, stale)


def summarize_goal(
    goal: Goal,
    sprint: Sprint,
    tolerance: float = DEFAULT_TOLERANCE,
    today: date | None = None,
) -> GoalSummary:
    """Everything about a goal's drift: attainment ``a``, drift ``a − 1``, its band, the schedule
    drift of its latest check-in and each check-in against the linear plan."""
    today = today or date.today()
    start, due = goal_window(goal, sprint)
    latest = latest_checkin(goal)
    direction = None
    if goal.baseline is not None and goal.target is not None:
        direction = "increase" if goal.target > goal.baseline else "decrease"
    series = tuple(
        CheckInPoint(
            on=c.on,
            value=c.value,
            rating=c.rating,
            planned=planned_value(goal, c.on, sprint),
            schedule_drift=schedule_drift(goal, c, sprint),
            confidence=c.confidence,
            note=c.note,
        )
        for c in sorted(goal.checkins, key=lambda c: (c.on, c.at))
    )
    drift = goal_drift(goal, sprint, today)
    ahead = forecast(goal, sprint, today)
    ahead_value = None
    if ahead is not None and goal.baseline is not None and goal.target is not None:
        ahead_value = goal.baseline + (goal.target - goal.baseline) * ahead
    a = attainment(goal)
    return GoalSummary(
        id=goal.id,
        statement=goal.statement,
        owner=goal.owner,
        contributors=tuple(goal.contributors),
        unit=goal.unit,
        baseline=goal.baseline,
        target=goal.target,
        direction=direction,
        start=start,
        due=due,
        latest_value=latest_value(goal),
        latest_rating=latest_rating(goal),
        latest_on=latest.on if latest else None,
        confidence=latest.confidence if latest else None,
        attainment=a,
        drift=drift,
        band=band(drift, tolerance),
        schedule_drift=schedule_drift(goal, latest, sprint) if latest else None,
        planned_today=planned_value(goal, today, sprint),
        days_left=(due - today).days,
        series=series,
        running=is_running(goal, sprint, today),
        outcome_drift=None if a is None else a - 1.0 + 0.0,
        forecast=ahead,
        forecast_value=ahead_value,
        sentence=goal_sentence(goal, sprint, today),
    )


@dataclass(frozen=True)
class SprintSummary:
    """A sprint with its drift and its goals' drift."""

    id: str
    """The sprint's id."""
    title: str
    """The sprint's name."""
    purpose: str
    """The sprint's purpose."""
    status: str
    """planned, active or closed."""
    start: date
    """First day."""
    end: date
    """Last day."""
    tolerance: float
    """The tolerance used for the bands."""
    drift: float | None
    """Mean goal drift over the goals that have an attainment."""
    off_track_share: float | None
    """Share of those goals that are off track."""
    band: Band | None
    """The band of the sprint drift."""
    goals: tuple[GoalSummary, ...]
    """Each goal's summary, in the sprint's order."""
    band_counts: dict[Band, int] = field(default_factory=dict)
    """How many goals are in each band (goals without attainment are not counted)."""
    measured: int = 0
    """How many goals have an attainment."""
    elapsed: float = 0.0
    """The share of the sprint's time gone by today, 0..1."""
    days_left: int = 0
    """Days from today to the sprint's end (negative once past it)."""
    bands: dict[str, int] = field(default_factory=dict)
    """How many goals are in each band, and how many have no drift yet ("no data")."""
    sentence: str = ""
    """The sprint's goals per band in words ("2 of 3 goals off track, 1 on track")."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "purpose": self.purpose,
            "status": self.status,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "tolerance": self.tolerance,
            "drift": self.drift,
            "off_track_share": self.off_track_share,
            "band": self.band,
            "band_counts": dict(self.band_counts),
            "bands": dict(self.bands),
            "sentence": self.sentence,
            "measured": self.measured,
            "elapsed": self.elapsed,
            "days_left": self.days_left,
            "goals": [g.to_dict() for g in self.goals],
        }


def summarize_sprint(
    sprint: Sprint, tolerance: float = DEFAULT_TOLERANCE, today: date | None = None
) -> SprintSummary:
    """A sprint's drift on ``today``: the mean goal drift and the off-track share (over goals with
    a drift), its band, the count per band, and a `GoalSummary` per goal."""
    today = today or date.today()
    goals = tuple(summarize_goal(g, sprint, tolerance, today) for g in sprint.goals)
    drift, off = sprint_drift(sprint, tolerance, OFF_TRACK, today)
    counts = {name: sum(1 for g in goals if g.band == name) for name in BANDS}
    bands: dict[str, int] = {name: counts[name] for name in BANDS}
    bands[NO_DATA] = sum(1 for g in goals if g.drift is None)
    return SprintSummary(
        id=sprint.id,
        title=sprint.title,
        purpose=sprint.purpose,
        status=sprint.status,
        start=sprint.start,
        end=sprint.end,
        tolerance=tolerance,
        drift=drift,
        off_track_share=off,
        band=band(drift, tolerance),
        goals=goals,
        band_counts=counts,
        measured=sum(1 for g in goals if g.attainment is not None),
        elapsed=plan_fraction(today, sprint.start, sprint.end),
        days_left=(sprint.end - today).days,
        bands=bands,
        sentence=band_counts_words(bands),
    )
