"""The drift definitions of DESIGN.md, one pure function each.

Drift is computed from the model, never stored. Every number the CLI, the TUI and the export show
comes from these functions, so they always agree. Unknowns are None, never zero: a goal without a
check-in has no attainment, a review without rated intents has no drift.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Literal

from retro.errors import ValidationError
from retro.model import Action, CheckIn, Goal, Rating, Review, Sprint

Band = Literal["on track", "at risk", "off track"]
BANDS: tuple[Band, ...] = ("on track", "at risk", "off track")
NO_DATA = "no data"
"""The name of the count of goals without a drift, beside the bands."""

RATING_SCORE: Mapping[Rating, float] = {"exceeded": 1.25, "met": 1.0, "partly": 0.5, "missed": 0.0}
"""The attainment a rating stands for (DESIGN.md)."""

DEFAULT_TOLERANCE = 0.1
"""On track while drift ≥ −tolerance."""
OFF_TRACK = 0.3
"""Off track once drift < −0.3 (fixed by DESIGN.md)."""
EPSILON = 1e-9
"""Allowance for binary floating point at band edges: 0.7 − 1 is −0.30000000000000004."""


# --- goals -----------------------------------------------------------------------------------


def _signed(value: float) -> float:
    """The value with −0.0 made 0.0, so nobody reads "−0.0" in a report."""
    return value + 0.0


def _latest(checkins: Iterable[CheckIn], *, valued: bool, late: bool = False) -> CheckIn | None:
    """The latest check-in (by date, then recording time) with a value (or with a rating):
    of the plan's check-ins, or with `late` of the late ones (closing measurements)."""
    usable = [
        c for c in checkins if (c.value if valued else c.rating) is not None and c.late == late
    ]
    return max(usable, key=lambda c: (c.on, c.at)) if usable else None


def latest_checkin(goal: Goal) -> CheckIn | None:
    """The latest check-in that counts for the goal: with a value if quantitative, else a rating;
    a late (closing) one first."""
    return _latest(goal.checkins, valued=goal.quantitative, late=True) or _latest(
        goal.checkins, valued=goal.quantitative
    )


def latest_value(goal: Goal) -> float | None:
    """The goal's current actual value: its closing value, else its latest late check-in's (a
    closing measurement, `CheckIn.late`), else its latest check-in's value.

    None for a qualitative goal and for a goal with neither.
    """
    if not goal.quantitative:
        return None
    if goal.closing_value is not None:
        return goal.closing_value
    checkin = _latest(goal.checkins, valued=True, late=True) or _latest(goal.checkins, valued=True)
    return checkin.value if checkin is not None else None


def latest_rating(goal: Goal) -> Rating | None:
    """The goal's rating: its explicit closing rating, else its latest check-in's rating."""
    if goal.rating is not None:
        return goal.rating
    checkin = _latest(goal.checkins, valued=False, late=True) or _latest(
        goal.checkins, valued=False
    )
    return checkin.rating if checkin is not None else None


def value_attainment(goal: Goal, value: float) -> float:
    """Attainment of a value for a quantitative goal: ``(value − baseline) / (target − baseline)``.

    Not clamped: over-delivery is above 1, moving the wrong way is below 0.

    Raises:
        ValidationError: the goal is qualitative (it has no baseline and target).
    """
    if goal.baseline is None or goal.target is None:
        raise ValidationError(f"goal {goal.id} has no baseline and target to measure against")
    return _signed((value - goal.baseline) / (goal.target - goal.baseline))


def attainment(goal: Goal) -> float | None:
    """Goal attainment ``a = (actual − baseline) / (target − baseline)``, not clamped.

    The actual is the closing value if there is one, else the latest check-in's value. A
    qualitative goal (or a quantitative one that has only ratings) scores its rating: the explicit
    closing rating, else the latest check-in's, mapped by `RATING_SCORE` (exceeded 1.25, met 1.0,
    partly 0.5, missed 0.0). The direction follows from baseline and target: reducing p95 latency
    from 800 ms to 300 ms and reaching 550 ms is ``(550 − 800) / (300 − 800) = 0.5``.

    Returns:
        The attainment, or None when there is nothing to measure (never zero for "unknown").
    """
    value = latest_value(goal)
    if value is not None:
        return value_attainment(goal, value)
    rating = latest_rating(goal)
    return RATING_SCORE[rating] if rating is not None else None


def outcome_drift(goal: Goal) -> float | None:
    """Outcome drift ``a − 1``: 0 exactly on target, negative short of it; None without ``a``."""
    a = attainment(goal)
    return None if a is None else _signed(a - 1.0)


def is_running(goal: Goal, sprint: Sprint, today: date) -> bool:
    """Whether the goal is still running: the sprint is not closed, today is not past the goal's
    due date, and the goal has no closing value, closing rating or late check-in."""
    _, due = goal_window(goal, sprint)
    closed = goal.closing_value is not None or goal.rating is not None
    closed = closed or any(c.late for c in goal.checkins)
    return sprint.status != "closed" and today <= due and not closed


def goal_drift(goal: Goal, sprint: Sprint, today: date | None = None) -> float | None:
    """Goal drift, the one number a goal is judged by (DESIGN.md).

    While the goal runs (`is_running`): its schedule drift ``a − p(t)`` at the latest check-in,
    dated ``t``, so a goal ahead of its plan on day 3 is on track. Once its due date has passed,
    the sprint is closed or the goal has a closing value or rating: its outcome drift ``a − 1``.
    Negative is behind what was intended, positive ahead. None without a check-in.
    """
    today = today or date.today()
    a = attainment(goal)
    if a is None:
        return None
    if not is_running(goal, sprint, today):
        return _signed(a - 1.0)
    latest = latest_checkin(goal)
    if latest is None:  # pragma: no cover - an attainment without closing comes from a check-in
        return _signed(a - 1.0)
    start, due = goal_window(goal, sprint)
    return _signed(a - plan_fraction(latest.on, start, due))


def forecast(goal: Goal, sprint: Sprint, today: date | None = None) -> float | None:
    """The attainment the goal reaches at its due date at the pace since the start:
    ``a · (e − s) / (t − s)`` for its latest check-in at ``t``, ``s < t < e``.

    None for a goal that is not running, a qualitative goal, a goal without a check-in, and a
    check-in on (or before) the start day or on (or after) the due date, where there is no pace
    to extrapolate or nothing left to forecast.
    """
    today = today or date.today()
    if not goal.quantitative or not is_running(goal, sprint, today):
        return None
    latest = _latest(goal.checkins, valued=True)
    if latest is None or latest.value is None:
        return None
    start, due = goal_window(goal, sprint)
    if not start < latest.on < due:
        return None
    a = value_attainment(goal, latest.value)
    return _signed(a * (due - start).days / (latest.on - start).days)


def goal_window(goal: Goal, sprint: Sprint) -> tuple[date, date]:
    """The goal's plan window ``(s, e)``: its start (else the sprint's), its due date (else the
    sprint's end)."""
    return goal.start or sprint.start, goal.due or sprint.end


def plan_fraction(on: date, start: date, due: date) -> float:
    """How much of the plan should be done on a day: ``(t − s) / (e − s)`` clamped to 0..1.

    A day before the start is 0, a day after the due date is 1; when start and due are the same
    day the fraction is 1 (0 only for a day before it), never a division by zero.
    """
    if on < start:
        return 0.0
    if due <= start:
        return 1.0
    return min(1.0, (on - start).days / (due - start).days)


def planned_value(goal: Goal, on: date, sprint: Sprint) -> float | None:
    """The linear plan's value on a day:
    ``planned = baseline + (target − baseline) · (t − s) / (e − s)``, the fraction clamped to 0..1.

    None for a qualitative goal.
    """
    if goal.baseline is None or goal.target is None:
        return None
    start, due = goal_window(goal, sprint)
    return goal.baseline + (goal.target - goal.baseline) * plan_fraction(on, start, due)


def schedule_drift(goal: Goal, checkin: CheckIn, sprint: Sprint) -> float | None:
    """Schedule drift of a check-in: ``(actual − planned) / (target − baseline)``.

    ``planned`` is `planned_value` on the check-in's date (the plan's time fraction clamped to
    0..1, so a check-in before the start or after the due date gets no nonsense value). 0 is on
    plan, negative is behind it, in the goal's direction.

    Returns:
        The schedule drift, or None for a qualitative goal or a check-in without a value.
    """
    if goal.baseline is None or goal.target is None or checkin.value is None:
        return None
    planned = planned_value(goal, checkin.on, sprint)
    assert planned is not None  # quantitative, checked above
    return _signed((checkin.value - planned) / (goal.target - goal.baseline))


# --- bands and sprints -----------------------------------------------------------------------


def check_tolerance(tolerance: float, off_track: float = OFF_TRACK) -> None:
    """The tolerance and the off-track threshold are finite numbers ≥ 0.

    A tolerance above the off-track threshold is allowed: the at-risk band is then empty.

    Raises:
        ValidationError: either is negative or not finite.
    """
    for value, what in ((tolerance, "tolerance"), (off_track, "off-track threshold")):
        if not (math.isfinite(value) and value >= 0):
            raise ValidationError(f"the {what} {value} must be a number of at least 0, like 0.1")


def band(
    drift: float | None, tolerance: float = DEFAULT_TOLERANCE, off_track: float = OFF_TRACK
) -> Band | None:
    """The status band of a drift ``d``.

    on track ``d ≥ −tolerance``; at risk ``−off_track ≤ d < −tolerance``; off track
    ``d < −off_track`` (DESIGN.md: tolerance 0.1 by default, off_track 0.3). The edges allow
    `EPSILON` for floating point, so a drift of ``0.7 − 1`` is exactly at risk, as by hand.

    Returns:
        The band, or None when the drift is unknown.

    Raises:
        ValidationError: a negative tolerance or threshold.
    """
    check_tolerance(tolerance, off_track)
    if drift is None:
        return None
    if drift >= -tolerance - EPSILON:
        return "on track"
    if drift >= -off_track - EPSILON:
        return "at risk"
    return "off track"


def sprint_drift(
    sprint: Sprint,
    tolerance: float = DEFAULT_TOLERANCE,
    off_track: float = OFF_TRACK,
    today: date | None = None,
) -> tuple[float | None, float | None]:
    """Sprint drift: the mean `goal_drift` (judged on ``today``), and the share of goals off track.

    Both are over the goals that have a drift (goals without a check-in are left out, not
    counted as zero).

    Returns:
        ``(mean(d), off-track goals / measured goals)``, or ``(None, None)`` when no goal is
        measured.
    """
    drifts = [d for d in (goal_drift(g, sprint, today) for g in sprint.goals) if d is not None]
    if not drifts:
        check_tolerance(tolerance, off_track)
        return None, None
    off = sum(1 for d in drifts if band(d, tolerance, off_track) == "off track")
    return _signed(_fmean(drifts)), off / len(drifts)


# --- reviews and actions ---------------------------------------------------------------------


def intent_attainment(rating: Rating | None) -> float | None:
    """An intent's attainment: its rating's score (`RATING_SCORE`), None while unrated."""
    return RATING_SCORE[rating] if rating is not None else None


def review_drift(review: Review) -> float | None:
    """Review drift: ``mean(attainment of its rated intents) − 1``, the sign of goal drift.

    0 when everything went as intended, −1 when everything was missed, positive when the team
    exceeded its intents. None when no intent is rated.
    """
    scores = [RATING_SCORE[i.rating] for i in review.intents if i.rating is not None]
    return _signed(_fmean(scores) - 1.0) if scores else None


def alignment_spread(review: Review) -> float | None:
    """Alignment spread: the population standard deviation of the review's pulse ratings (1–5).

    ``sqrt(mean((p − mean(p))²))``; 0 when everyone feels equally aligned. None with fewer than two
    ratings.
    """
    scores = list(review.pulse.values())
    return _pstdev(scores) if len(scores) >= 2 else None


def done_by(action: Action, day: date) -> bool:
    """Whether the action was done on or before the day (``status == "done"`` and
    ``done_on ≤ day``). A dropped action is not done."""
    return action.status == "done" and action.done_on is not None and action.done_on <= day


def follow_through(actions: Iterable[Action], by: date) -> float | None:
    """Follow-through: the share of the actions due on or before ``by`` that were done by then.

    ``|{due ≤ by and done_on ≤ by and status = done}| / |{due ≤ by}|``; dropped actions count as
    not done, actions without a due date are left out. None when no action is due by then.
    """
    due = [a for a in actions if a.due is not None and a.due <= by]
    if not due:
        return None
    return sum(1 for a in due if done_by(a, by)) / len(due)


def _fmean(values: Iterable[float]) -> float:
    """`statistics.fmean`, imported when first needed (statistics and fractions cost 4 ms
    of every command's start)."""
    from statistics import fmean

    return fmean(values)


def _pstdev(values: Sequence[float]) -> float:
    """`statistics.pstdev`, imported when first needed."""
    from statistics import pstdev

    return pstdev(values)
