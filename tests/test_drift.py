"""The drift engine against numbers worked out by hand, and its summaries as a user sees them."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from retro.drift import (
    alignment_spread,
    attainment,
    band,
    calibration,
    follow_through,
    follow_through_trend,
    forecast,
    goal_drift,
    goal_sentence,
    previous_review,
    recurring_themes,
    review_drift,
    schedule_drift,
    signed_percent,
    sprint_drift,
    stale_actions,
    summarize_review,
    summarize_sprint,
    summarize_team,
    theme_words,
    trends,
)
from retro.errors import ValidationError
from retro.formats import Column, all_formats, make_format
from retro.model import (
    Action,
    Card,
    CheckIn,
    Goal,
    Intent,
    Lesson,
    PurposeVersion,
    Review,
    Sprint,
    Team,
)

JAN = 2024
"""Every example runs in January 2024; the sprint runs from the 1st to the 11th (ten days)."""


def d(day: int, month: int = 1) -> date:
    return date(JAN, month, day)


def sprint(status: str = "active", start: int = 1, end: int = 11) -> Sprint:
    return Sprint("Sprint", d(start), d(end), status=status)  # type: ignore[arg-type]


S = sprint()
AFTER = d(20)
"""A day after S's end: every goal of S is judged on its outcome."""


def goal(
    baseline: float | None = None,
    target: float | None = None,
    *values: tuple[int, float],
    rating: str | None = None,
    closing: float | None = None,
    owner: str | None = None,
    within: Sprint = S,
    start: date | None = None,
    due: date | None = None,
    confidence: int | None = None,
) -> Goal:
    """A goal with check-ins given as (day of January, value)."""
    return Goal(
        "a goal",
        within.id,
        owner=owner,
        baseline=baseline,
        target=target,
        rating=rating,  # type: ignore[arg-type]
        closing_value=closing,
        start=start,
        due=due,
        checkins=[CheckIn(d(day), value=v, confidence=confidence) for day, v in values],
    )


def rated(*ratings: str | None) -> Goal:
    """A qualitative goal with one check-in per rating (days 2, 3, ...)."""
    return Goal(
        "a qualitative goal",
        S.id,
        checkins=[CheckIn(d(2 + i), rating=r) for i, r in enumerate(ratings)],  # type: ignore[arg-type]
    )


def sd(g: Goal, within: Sprint = S) -> float | None:
    """Schedule drift of the goal's only check-in."""
    return schedule_drift(g, g.checkins[0], within)


def with_goals(*goals: Goal, status: str = "active") -> Sprint:
    s = sprint(status)
    for g in goals:
        g.sprint_id = s.id
    s.goals.extend(goals)
    return s


def review(
    on: int,
    *,
    intents: tuple[str | None, ...] = (),
    pulse: dict[str, int] | None = None,
    actions: tuple[tuple[int | None, str, int | None], ...] = (),
    cards: tuple[tuple[str, str, tuple[str, ...]], ...] = (),
    fmt: str = "wwti",
    title: str | None = None,
    phase: str = "closed",
) -> Review:
    """A review on a day of January (held and closed); actions as (due day, status, done day);
    cards as (column, text, tags)."""
    r = Review(title or f"Review {on}", on=d(on), format=fmt, pulse=dict(pulse or {}))
    r.phase = phase  # type: ignore[assignment]
    r.intents = [Intent("planned", rating=x) for x in intents]  # type: ignore[arg-type]
    r.actions = [
        Action(
            f"action {i}",
            r.id,
            owner="ana" if i % 2 == 0 else None,
            due=d(due) if due else None,
            status=status,  # type: ignore[arg-type]
            done_on=d(done) if done else None,
        )
        for i, (due, status, done) in enumerate(actions)
    ]
    r.cards = [Card(col, text, tags=list(tags)) for col, text, tags in cards]
    return r


def brier_example() -> float | None:
    # Goal met (0→10, closed at 10: a = 1.0) with confidences 8 and 10:
    #   (0.8 − 1)² = 0.04 and (1.0 − 1)² = 0; a missed goal (a = 0.2) at confidence 6:
    #   (0.6 − 0)² = 0.36. Team = (0.04 + 0 + 0.36) / 3 = 0.1333…
    hit = goal(0, 10, (3, 4), (6, 10), owner="ana")
    hit.checkins[0].confidence, hit.checkins[1].confidence = 8, 10
    miss = goal(0, 10, (5, 2), owner="ben")
    miss.checkins[0].confidence = 6
    unscored = goal(0, 10, (5, 2))  # no confidence: skipped
    return calibration([with_goals(hit, miss, unscored, status="closed")]).team


def actions_example(by: int) -> float | None:
    r = review(
        1,
        actions=(
            (5, "done", 4),  # due 5th, done 4th: done in time
            (6, "done", 8),  # due 6th, done 8th: late, but done by the 8th
            (7, "dropped", 7),  # dropped counts as not done
            (20, "open", None),  # not due by the 10th
            (None, "open", None),  # no due date: never counted
        ),
    )
    return follow_through(r.actions, d(by))


# Each case: a computation and the value worked out by hand in the comment beside it.
WORKED: list[Any] = [
    # (50 − 0) / (100 − 0) = 0.5
    pytest.param(lambda: attainment(goal(0, 100, (5, 50))), 0.5, id="increase-half"),
    # p95 latency 800 → 300 ms, reached 550: (550 − 800) / (300 − 800) = −250 / −500 = 0.5
    pytest.param(lambda: attainment(goal(800, 300, (5, 550))), 0.5, id="decrease-latency"),
    # over-delivery: (25 − 10) / (20 − 10) = 1.5; drift 1.5 − 1 = 0.5
    # (judged after the due date, so goal drift is the outcome drift a − 1)
    pytest.param(lambda: goal_drift(goal(10, 20, (5, 25)), S, AFTER), 0.5, id="over-delivery"),
    # the wrong way: latency rose to 900: (900 − 800) / (300 − 800) = 100 / −500 = −0.2
    pytest.param(lambda: attainment(goal(800, 300, (5, 900))), -0.2, id="negative-attainment"),
    # latest check-in wins (day 8, not day 9 recorded first): (30 − 0) / 40 = 0.75; d = −0.25
    pytest.param(
        lambda: goal_drift(goal(0, 40, (9, 10), (8, 5), (10, 30)), S, AFTER), -0.25, id="latest"
    ),
    # closing value beats the latest check-in: (45 − 0) / (50 − 0) = 0.9
    pytest.param(lambda: attainment(goal(0, 50, (5, 30), closing=45)), 0.9, id="closing-value"),
    # qualitative: exceeded ↦ 1.25
    pytest.param(lambda: attainment(rated("exceeded")), 1.25, id="rating-exceeded"),
    # qualitative, latest rating partly ↦ 0.5; drift 0.5 − 1 = −0.5
    pytest.param(lambda: goal_drift(rated("missed", "partly"), S, AFTER), -0.5, id="rating-partly"),
    # missed ↦ 0.0 (a real zero, not "unknown")
    pytest.param(lambda: attainment(rated("missed")), 0.0, id="rating-missed"),
    # explicit closing rating met ↦ 1.0 even with no check-in
    pytest.param(lambda: attainment(goal(rating="met")), 1.0, id="closing-rating"),
    # no check-in: no attainment (None), not 0
    pytest.param(lambda: attainment(goal(0, 100)), None, id="no-checkin"),
    # early: day 3 of 1→11, plan = 0 + 100·2/10 = 20; actual 10: (10 − 20) / 100 = −0.1
    pytest.param(lambda: sd(goal(0, 100, (3, 10))), -0.1, id="schedule-early-behind"),
    # late: day 10, plan = 100·9/10 = 90; actual 95: (95 − 90) / 100 = 0.05
    pytest.param(lambda: sd(goal(0, 100, (10, 95))), 0.05, id="schedule-late-ahead"),
    # decrease: day 6, plan = 800 − 500·5/10 = 550; actual 600: (600 − 550) / −500 = −0.1
    pytest.param(lambda: sd(goal(800, 300, (6, 600))), -0.1, id="schedule-decrease"),
    # after the due date (20th): fraction clamps to 1, plan 100; (80 − 100) / 100 = −0.2
    pytest.param(lambda: sd(goal(0, 100, (20, 80))), -0.2, id="schedule-after-due"),
    # before the start (goal starts on the 5th, check-in the 3rd): fraction 0, plan 0;
    # (5 − 0) / 100 = 0.05
    pytest.param(lambda: sd(goal(0, 100, (3, 5), start=d(5))), 0.05, id="schedule-before-start"),
    # goal's own window 3rd→7th, day 4: plan = 100·1/4 = 25; (25 − 25) / 100 = 0
    pytest.param(lambda: sd(goal(0, 100, (4, 25), start=d(3), due=d(7))), 0.0, id="goal-window"),
    # start == due (5th): fraction 1, plan 100; (50 − 100) / 100 = −0.5
    pytest.param(lambda: sd(goal(0, 100, (5, 50), start=d(5), due=d(5))), -0.5, id="start-is-due"),
    # qualitative goals have no schedule drift
    pytest.param(
        lambda: schedule_drift(rated("met"), rated("met").checkins[0], S), None, id="q-sd"
    ),
    # bands, tolerance 0.1: −0.1 ≥ −0.1 → on track
    pytest.param(lambda: band(-0.1), "on track", id="band-edge-0.1"),
    # −0.1000001 < −0.1 and ≥ −0.3 → at risk
    pytest.param(lambda: band(-0.1000001), "at risk", id="band-below-0.1"),
    # −0.3 ≥ −0.3 → at risk
    pytest.param(lambda: band(-0.3), "at risk", id="band-edge-0.3"),
    # computed −0.3: (7 − 0) / 10 − 1 = 0.7 − 1, −0.30000000000000004 in floating point → at risk
    pytest.param(
        lambda: band(goal_drift(goal(0, 10, (5, 7)), S, AFTER)), "at risk", id="band-float-0.3"
    ),
    # −0.3000001 < −0.3 → off track
    pytest.param(lambda: band(-0.3000001), "off track", id="band-below-0.3"),
    # tolerance 0.2: −0.15 ≥ −0.2 → on track
    pytest.param(lambda: band(-0.15, tolerance=0.2), "on track", id="band-tolerance"),
    # unknown drift has no band
    pytest.param(lambda: band(None), None, id="band-none"),
    # sprint, after its end: a = 0.5, 1.0, met 1.0 and one unmeasured → drifts −0.5, 0, 0 →
    # mean −1/6; off track: 1 of 3 measured
    pytest.param(
        lambda: sprint_drift(
            with_goals(goal(0, 10, (5, 5)), goal(0, 10, (5, 10)), rated("met"), goal(0, 10)),
            today=AFTER,
        ),
        (-1 / 6, 1 / 3),
        id="sprint-drift",
    ),
    # empty sprint: nothing measured
    pytest.param(lambda: sprint_drift(with_goals()), (None, None), id="sprint-empty"),
    # review: exceeded 1.25, partly 0.5, one unrated → (1.25 + 0.5) / 2 − 1 = −0.125 (was
    # +0.125 before reviews took the sign of goals: behind is negative)
    pytest.param(
        lambda: review_drift(review(5, intents=("exceeded", "partly", None))), -0.125, id="review"
    ),
    # partly + met: (0.5 + 1.0) / 2 − 1 = −0.25 (DESIGN.md)
    pytest.param(lambda: review_drift(review(5, intents=("partly", "met"))), -0.25, id="review-pm"),
    # no rated intent: no review drift
    pytest.param(lambda: review_drift(review(5, intents=(None,))), None, id="review-unrated"),
    # pulse 2, 4: mean 3, variance ((−1)² + 1²) / 2 = 1, spread 1.0
    pytest.param(lambda: alignment_spread(review(5, pulse={"a": 2, "b": 4})), 1.0, id="spread"),
    # pulse 1, 1, 4: mean 2, variance (1 + 1 + 4) / 3 = 2, spread √2
    pytest.param(
        lambda: alignment_spread(review(5, pulse={"a": 1, "b": 1, "c": 4})),
        math.sqrt(2),
        id="spread-three",
    ),
    # a single pulse rating has no spread
    pytest.param(lambda: alignment_spread(review(5, pulse={"a": 3})), None, id="spread-one"),
    # by the 10th, 3 actions are due (5th, 6th, 7th); done by the 10th: the 4th and the 8th
    # (late, but done by then); dropped is not done → 2/3
    pytest.param(lambda: actions_example(10), 2 / 3, id="follow-through"),
    # by the 7th, the same 3 are due; only the one done on the 4th is done by then → 1/3
    pytest.param(lambda: actions_example(7), 1 / 3, id="follow-through-late"),
    # by the 3rd nothing is due: None
    pytest.param(lambda: actions_example(3), None, id="follow-through-none-due"),
    # no actions at all: None
    pytest.param(lambda: follow_through([], d(10)), None, id="follow-through-empty"),
    # Brier score: see brier_example
    pytest.param(brier_example, 0.4 / 3, id="brier"),
    # no closed sprint: nothing to score
    pytest.param(lambda: calibration([]).team, None, id="brier-empty"),
]


def latency(*values: tuple[int, float], end: int = 11) -> tuple[Goal, Sprint]:
    """The issue's goal: p95 latency 800 → 300 ms, in an active sprint from the 1st to `end`."""
    s = sprint(end=end)
    g = goal(800, 300, *values, within=s)
    g.unit = "ms"
    s.goals.append(g)
    return g, s


def closed_early() -> float | None:
    # closed on the 6th: outcome drift (60 − 0) / 100 − 1 = −0.4, not the schedule drift
    s = sprint("closed")
    g = goal(0, 100, (6, 60), within=s)
    return goal_drift(g, s, d(6))


def late(day: int, value: float, *values: tuple[int, float]) -> Goal:
    """A goal 0 → 100 of S with check-ins and a late (closing) one on `day`."""
    g = goal(0, 100, *values)
    g.checkins.append(CheckIn(d(day), value=value, late=True))
    return g


# Running goals: judged against the plan on the day of their latest check-in (S: 1st → 11th,
# ten days; p(t) = (t − 1) / 10).
RUNNING: list[Any] = [
    # ahead on day 3: a = 30/100 = 0.3, p = 2/10 = 0.2 → +0.1, on track (not −0.7 off track)
    pytest.param(lambda: goal_drift(goal(0, 100, (3, 30)), S, d(3)), 0.1, id="run-ahead"),
    pytest.param(
        lambda: band(goal_drift(goal(0, 100, (3, 30)), S, d(3))), "on track", id="run-ahead-band"
    ),
    # behind on day 6: a = 0.2, p = 5/10 = 0.5 → −0.3, at risk
    pytest.param(lambda: goal_drift(goal(0, 100, (6, 20)), S, d(6)), -0.3, id="run-behind"),
    # behind on day 9: a = 0.3, p = 8/10 → −0.5, off track
    pytest.param(
        lambda: band(goal_drift(goal(0, 100, (9, 30)), S, d(9))), "off track", id="run-off"
    ),
    # the issue: 800 → 300 ms over 14 days, 700 ms on day 0: a = (700 − 800)/(300 − 800) = 0.2,
    # p = 0 → +0.2, on track (the old contract said −0.8, off track)
    pytest.param(lambda: goal_drift(*latency((1, 700), end=15), d(1)), 0.2, id="run-issue"),
    # no check-in: no drift yet
    pytest.param(lambda: goal_drift(goal(0, 100), S, d(5)), None, id="run-no-checkin"),
    # check-in on the start day at the baseline: a = 0, p = 0 → 0
    pytest.param(lambda: goal_drift(goal(0, 100, (1, 0)), S, d(1)), 0.0, id="run-start-day"),
    # a check-in judged days later still uses its own day: day 3, 30 → +0.1 on the 8th
    pytest.param(lambda: goal_drift(goal(0, 100, (3, 30)), S, d(8)), 0.1, id="run-stale"),
    # own due date the 6th, day 4: p = 3/5 = 0.6, a = 0.5 → −0.1, on track
    pytest.param(
        lambda: goal_drift(goal(0, 100, (4, 50), due=d(6)), S, d(4)), -0.1, id="run-own-due"
    ),
    # own due date the 6th has passed on the 8th: outcome drift 0.8 − 1 = −0.2
    pytest.param(
        lambda: goal_drift(goal(0, 100, (5, 80), due=d(6)), S, d(8)), -0.2, id="run-own-due-passed"
    ),
    # sprint closed early (see closed_early): −0.4
    pytest.param(closed_early, -0.4, id="run-closed-early"),
    # on the due day: p = 1, a = 0.9 → −0.1
    pytest.param(lambda: goal_drift(goal(0, 100, (11, 90)), S, d(11)), -0.1, id="run-due-day"),
    # a closing value ends the goal: 45/50 − 1 = −0.1 even on day 5
    pytest.param(
        lambda: goal_drift(goal(0, 50, (5, 30), closing=45), S, d(5)), -0.1, id="run-closing"
    ),
    # qualitative, rated partly on day 2: a = 0.5, p = 1/10 → +0.4
    pytest.param(lambda: goal_drift(rated("partly"), S, d(2)), 0.4, id="run-rated"),
    # sprint on day 3: +0.1 (30 on day 3), −0.2 (0 on day 3: 0 − 0.2), one without check-in →
    # mean (0.1 − 0.2)/2 = −0.05, none off track
    pytest.param(
        lambda: sprint_drift(
            with_goals(goal(0, 100, (3, 30)), goal(0, 100, (3, 0)), goal(0, 100)), today=d(3)
        ),
        (-0.05, 0.0),
        id="run-sprint",
    ),
    # a late check-in (the 13th, after the end on the 11th) is the closing value: 90 → 0.9 − 1
    pytest.param(lambda: goal_drift(late(13, 90, (5, 40)), S, d(13)), -0.1, id="late-closing"),
    # … even judged on the due day: the goal is over once it has a closing measurement
    pytest.param(lambda: goal_drift(late(13, 90, (5, 40)), S, d(11)), -0.1, id="late-over"),
    # … and it is no plan point: no forecast from it
    pytest.param(lambda: forecast(late(13, 90, (5, 40)), S, d(11)), None, id="late-no-forecast"),
    # forecast: a = 0.3 on day 3, (e − s)/(t − s) = 10/2 → 1.5
    pytest.param(lambda: forecast(goal(0, 100, (3, 30)), S, d(3)), 1.5, id="forecast-ahead"),
    # forecast, latency: 600 ms on day 6: a = 0.4, · 10/5 → 0.8 (that is 800 − 500·0.8 = 400 ms)
    pytest.param(lambda: forecast(*latency((6, 600)), d(6)), 0.8, id="forecast-latency"),
    # a check-in on the start day has no pace: null
    pytest.param(lambda: forecast(goal(0, 100, (1, 10)), S, d(1)), None, id="forecast-start"),
    # a closed sprint has no forecast
    pytest.param(lambda: forecast(goal(0, 100, (3, 30)), S, AFTER), None, id="forecast-over"),
    # in words: 600 ms on day 6, plan 800 − 500·5/10 = 550 ms → 50 ms behind; forecast 400 ms
    pytest.param(
        lambda: summarize_sprint(latency((6, 600))[1], today=d(6)).goals[0].sentence,
        "50 ms behind plan (plan for today: 550 ms); at this pace: 400 ms by 11 Jan",
        id="words-behind",
    ),
    # in words: the goal on day 0: 700 against a plan of 800 → 100 ms ahead
    pytest.param(
        lambda: goal_sentence(*latency((1, 700), end=15), d(1)),
        "100 ms ahead of plan (plan for today: 800 ms)",
        id="words-ahead",
    ),
    # in words: on plan on the 2nd (10 of 100, plan 10), nothing since for 9 days
    pytest.param(
        lambda: goal_sentence(goal(0, 100, (2, 10)), S, d(11)),
        "on plan (plan for 2 Jan: 10); at this pace: 100 by 11 Jan; no check-in for 9 days",
        id="words-stale",
    ),
    # in words, over: 75 of 100 → fell short by a quarter
    pytest.param(
        lambda: goal_sentence(goal(0, 100, (5, 75)), S, AFTER),
        "fell short of the target (100) by a quarter",
        id="words-short",
    ),
    pytest.param(lambda: goal_sentence(goal(0, 100), S, d(5)), "no check-in yet", id="words-none"),
    # one minus sign: U+2212, and every drift percentage signed
    pytest.param(
        lambda: [signed_percent(x) for x in (-0.3, 0.125, 0.0, -0.004, None)],
        ["\u221230%", "+13%", "0%", "0%", "—"],
        id="minus-sign",
    ),
]


@pytest.mark.parametrize(("compute", "expected"), RUNNING)
def test_running_goal_example(compute: Callable[[], Any], expected: Any) -> None:
    test_worked_example(compute, expected)


@pytest.mark.parametrize(("compute", "expected"), WORKED)
def test_worked_example(compute: Callable[[], Any], expected: Any) -> None:
    got = compute()
    if isinstance(expected, tuple):
        assert len(got) == len(expected)
        for g, e in zip(got, expected, strict=True):
            assert g == pytest.approx(e) if e is not None else g is None
    elif isinstance(expected, float):
        assert got == pytest.approx(expected, abs=1e-12)
    else:
        assert got == expected


# --- goals -----------------------------------------------------------------------------------


def test_a_quantitative_goal_uses_its_value_over_its_rating() -> None:
    # (5 − 0) / 10 = 0.5, whatever the explicit rating says
    assert attainment(goal(0, 10, (5, 5), rating="exceeded")) == 0.5


def test_a_quantitative_goal_with_only_ratings_scores_its_rating() -> None:
    g = Goal("measured", S.id, baseline=0, target=10, checkins=[CheckIn(d(5), rating="partly")])
    assert attainment(g) == 0.5
    assert schedule_drift(g, g.checkins[0], S) is None


def test_same_day_checkins_are_ordered_by_recording_time() -> None:
    g = goal(0, 10)
    g.checkins = [
        CheckIn(d(5), value=9, at=datetime(JAN, 1, 5, 17, tzinfo=UTC)),
        CheckIn(d(5), value=2, at=datetime(JAN, 1, 5, 9, tzinfo=UTC)),
    ]
    assert attainment(g) == 0.9


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValidationError, match="tolerance"):
        band(-0.05, tolerance=-0.1)


def test_off_track_threshold_is_a_parameter() -> None:
    assert band(-0.35, off_track=0.4) == "at risk"
    assert band(-0.35) == "off track"


# --- calibration -----------------------------------------------------------------------------


def test_calibration_is_per_owner_over_closed_sprints_only() -> None:
    hit = goal(0, 10, (5, 10), owner="ana", confidence=8)  # (0.8 − 1)² = 0.04
    miss = goal(0, 10, (5, 3), owner="ben", confidence=9)  # (0.9 − 0)² = 0.81
    open_sprint_goal = goal(0, 10, (5, 0), owner="ana", confidence=10)  # not closed: ignored
    result = calibration(
        [with_goals(hit, miss, status="closed"), with_goals(open_sprint_goal, status="active")]
    )
    assert result.by_owner == pytest.approx({"ana": 0.04, "ben": 0.81})
    assert result.team == pytest.approx((0.04 + 0.81) / 2)
    assert result.count == 2
    assert result.owner_counts == {"ana": 1, "ben": 1}


def test_calibration_counts_over_delivery_as_met_and_skips_unmeasured_goals() -> None:
    over = goal(0, 10, (5, 15), confidence=10)  # a = 1.5 ≥ 1: met; (1 − 1)² = 0
    unmeasured = Goal("x", S.id, baseline=0, target=10)
    result = calibration([with_goals(over, unmeasured, status="closed")])
    assert result.team == 0.0
    assert result.by_owner == {}


# --- themes, stale actions, trends -----------------------------------------------------------


def test_recurring_themes_need_three_reviews_and_count_each_once() -> None:
    reviews = [
        review(2, cards=(("improve", "Flaky tests again, flaky!", ("ci",)),)),
        review(9, cards=(("improve", "The flaky tests", ("ci",)),)),
        review(16, cards=(("improve", "Tests are slow", ("ci",)), ("well", "flaky", ()))),
        review(23, cards=(("well", "tests good", ("ci",)),)),  # not an improve column
    ]
    themes = {(t.kind, t.term): t for t in recurring_themes(reviews)}
    assert set(themes) == {("tag", "ci"), ("word", "tests")}
    assert themes[("word", "tests")].count == 3
    assert themes[("tag", "ci")].review_ids == tuple(r.id for r in reviews[:3])
    assert [t.kind for t in recurring_themes(reviews)] == ["tag", "word"]


def test_a_review_in_reflect_gives_no_theme_its_cards_are_hidden() -> None:
    cards = (("improve", "secret rollout plan", ()),)
    reviews = [review(day, cards=cards) for day in (1, 2)]
    running = review(3, cards=cards, phase="reflect")
    assert recurring_themes([*reviews, running]) == []
    running.phase = "group"
    assert {t.term for t in recurring_themes([*reviews, running])} == {"secret", "rollout", "plan"}


def test_recurring_themes_use_a_teams_own_improve_columns() -> None:
    own = make_format("ours", "Ours", [Column("gripes", "Gripes", "?", improve=True)])
    reviews = [
        review(day, fmt="ours", cards=(("gripes", "deploys hurt", ()),)) for day in (1, 2, 3)
    ]
    assert [t.term for t in recurring_themes(reviews, [own])] == ["deploys", "hurt"]
    assert recurring_themes(reviews, {"ours": own}) == recurring_themes(reviews, [own])
    assert recurring_themes(reviews, all_formats([own]))[0].count == 3
    assert recurring_themes(reviews) == []  # format unknown: columns unknown, nothing to say


def test_theme_words_drop_stop_words_short_words_and_numbers() -> None:
    assert theme_words("We don't have CI and the 2024 deploy's docs are OK") == {"deploy", "docs"}


def test_stale_actions_are_open_after_two_later_reviews() -> None:
    first = review(1, actions=((5, "open", None), (5, "done", 4), (5, "dropped", 5)))
    second = review(8, actions=((12, "open", None),))
    third = review(15)
    stale = stale_actions([third, first, second])
    assert [(a.text, n) for a, n in stale] == [("action 0", 2)]
    assert stale_actions([first, second]) == []


def test_follow_through_trend_counts_actions_known_at_each_review() -> None:
    first = review(1, actions=((5, "done", 4), (6, "open", None)))
    second = review(8, actions=((12, "done", 12),))
    third = review(15)
    # 8th: first's two actions due, one done → 0.5; 15th: three due, two done → 2/3
    points = follow_through_trend([third, second, first], today=d(31))
    assert [(p.on, p.value) for p in points] == [(d(8), 0.5), (d(15), pytest.approx(2 / 3))]
    assert follow_through_trend([first, second, third], today=d(10))[-1].on == d(8)


def test_trends_are_ordered_by_date() -> None:
    late = with_goals(goal(0, 10, (5, 5)))
    late.end = d(20)
    early = with_goals(goal(0, 10, (5, 10)))
    result = trends([late, early], [review(9, intents=("met",)), review(2, intents=("missed",))])
    assert [p.value for p in result.sprint_drift] == [0.0, -0.5]
    assert [p.value for p in result.review_drift] == [-1.0, 0.0]  # missed is −1, behind
    json.dumps(result.to_dict())


# --- summaries -------------------------------------------------------------------------------


def test_sprint_summary_has_every_goal_number_and_the_chart_series() -> None:
    latency = goal(800, 300, (3, 750), (6, 600), owner="ana")
    latency.unit = "ms"
    latency.checkins[1].confidence = 6
    s = with_goals(latency, rated("met"), goal(0, 1))
    summary = summarize_sprint(s, today=d(6)).to_dict()
    assert json.loads(json.dumps(summary)) == summary
    # on the 6th, both running: latency a = (600−800)/(300−800) = 0.4 against p = 5/10 → −0.1;
    # "met" on the 2nd: 1.0 against p = 1/10 → +0.9; mean (−0.1 + 0.9) / 2 = 0.4
    # (the old contract judged a − 1: (−0.6 + 0) / 2 = −0.3, half the goals off track)
    assert summary["drift"] == pytest.approx(0.4)
    assert summary["off_track_share"] == 0.0
    assert summary["band_counts"] == {"on track": 2, "at risk": 0, "off track": 0}
    assert summary["bands"] == {"on track": 2, "at risk": 0, "off track": 0, "no data": 1}
    assert summary["sentence"] == "2 of 3 goals on track; 1 without a check-in"
    first = summary["goals"][0]
    assert first["owner"] == "ana" and first["unit"] == "ms" and first["direction"] == "decrease"
    assert first["latest_value"] == 600 and first["attainment"] == pytest.approx(0.4)
    assert first["band"] == "on track" and first["drift"] == pytest.approx(-0.1)
    assert first["outcome_drift"] == pytest.approx(-0.6)
    # 0.4 · 10/5 = 0.8 of the way by the 11th: 800 − 500·0.8 = 400 ms
    assert first["forecast"] == pytest.approx(0.8) and first["forecast_value"] == pytest.approx(400)
    assert (
        first["sentence"]
        == "50 ms behind plan (plan for today: 550 ms); at this pace: 400 ms by 11 Jan"
    )
    # plan on the 6th: 800 − 500·5/10 = 550; (600 − 550) / −500 = −0.1
    assert first["schedule_drift"] == pytest.approx(-0.1)
    assert [p["on"] for p in first["series"]] == ["2024-01-03", "2024-01-06"]
    assert first["series"][0]["planned"] == pytest.approx(700)  # 800 − 500·2/10
    assert first["series"][1]["confidence"] == 6
    assert first["days_left"] == 5
    assert summary["goals"][1]["latest_rating"] == "met"
    assert summary["goals"][2]["attainment"] is None and summary["goals"][2]["band"] is None


def test_review_summary_carries_forward_the_previous_open_actions() -> None:
    before = review(1, actions=((5, "done", 5), (5, "open", None), (9, "dropped", 9)))
    now = review(8, intents=("met", "missed"), pulse={"a": 3, "b": 5})
    now.actions = [Action("new", now.id, due=d(20))]
    assert previous_review(now, [now, before]) is before
    summary = summarize_review(now, before, today=d(8)).to_dict()
    assert json.loads(json.dumps(summary)) == summary
    assert summary["drift"] == -0.5  # (1.0 + 0.0) / 2 − 1: behind is negative
    assert summary["sentence"] == "fell short of what was intended by half on average"
    assert summary["alignment_spread"] == 1.0
    assert summary["follow_through"] == 0.5  # by the 8th: two due, one done
    assert [a["text"] for a in summary["carried_forward"]] == ["action 1"]
    assert summary["carried_forward"][0]["overdue"] is True
    assert [i["attainment"] for i in summary["intents"]] == [1.0, 0.0]
    assert summary["previous_id"] == before.id


def test_team_summary_covers_only_its_range() -> None:
    team = Team("Platform")
    team.purposes = [
        PurposeVersion("Ship fast", datetime(JAN - 1, 6, 1, tzinfo=UTC)),
        PurposeVersion("Ship safely", datetime(JAN, 1, 10, tzinfo=UTC)),
        PurposeVersion("Later", datetime(JAN, 3, 1, tzinfo=UTC)),
    ]
    inside = with_goals(goal(0, 10, (5, 10), confidence=9), status="closed")
    outside = sprint(start=1, end=11)
    outside.start, outside.end = date(JAN - 1, 11, 1), date(JAN - 1, 11, 14)
    earlier = review(20, actions=((None, "open", None),))
    earlier.on = date(JAN - 1, 12, 20)
    r1 = review(5, actions=((9, "done", 8), (9, "open", None)))
    r2 = review(19, pulse={"a": 2, "b": 4})
    lessons = [Lesson("x", on=d(3)), Lesson("y", on=date(JAN - 1, 12, 1))]
    summary = summarize_team(
        team, [inside, outside], [r2, earlier, r1], lessons, d(1), d(31), today=d(31)
    )
    data = summary.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["purpose"] == "Ship safely"
    assert [p["text"] for p in data["purpose_history"]] == ["Ship safely"]
    assert [s["id"] for s in data["sprints"]] == [inside.id]
    assert [r["id"] for r in data["reviews"]] == [r1.id, r2.id]
    assert data["reviews"][0]["previous_id"] == earlier.id
    assert data["follow_through"] == 0.5  # due in January: two (9th, 9th), one done
    assert data["calibration"]["team"] == pytest.approx(0.01)  # (0.9 − 1)²
    assert set(data["open_actions"]) == {"ana", "unassigned"}
    assert [a["later_reviews"] for a in data["stale_actions"]] == [2]
    assert data["lessons_count"] == 1
    assert [p["value"] for p in data["trends"]["alignment_spread"]] == [1.0]


# --- layering --------------------------------------------------------------------------------


def test_importing_drift_pulls_in_no_ui_or_storage() -> None:
    code = (
        "import sys, retro.drift\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'click', 'tinydb',"
        " 'rich'} or m.startswith('retro.store'))\n"
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
