"""Properties of the drift math that must hold for any input, checked with hypothesis."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from retro.drift import (
    BANDS,
    OFF_TRACK,
    RATING_SCORE,
    attainment,
    band,
    calibration,
    follow_through,
    goal_drift,
    plan_fraction,
    review_drift,
    schedule_drift,
    signed_percent,
)
from retro.model import Action, CheckIn, Goal, Intent, Review, Sprint

SPRINT = Sprint("Sprint", date(2024, 1, 1), date(2024, 1, 15))
DAY = date(2024, 1, 8)

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
drifts = st.floats(min_value=-10, max_value=10, allow_nan=False, allow_infinity=False)
tolerances = st.floats(min_value=0, max_value=OFF_TRACK)
days = st.dates(min_value=date(2023, 12, 1), max_value=date(2024, 2, 28))


def measured(baseline: float, target: float, actual: float | None = None) -> Goal:
    checkins = [] if actual is None else [CheckIn(DAY, value=actual)]
    return Goal("g", SPRINT.id, baseline=baseline, target=target, checkins=checkins)


def distinct_pair() -> st.SearchStrategy[tuple[float, float]]:
    # Far enough apart that (target − baseline) is a meaningful number, not rounding noise.
    return st.tuples(values, values).filter(lambda p: abs(p[0] - p[1]) > 1e-3)


@given(distinct_pair())
def test_attainment_is_one_at_target_and_zero_at_baseline(pair: tuple[float, float]) -> None:
    baseline, target = pair
    at_target = attainment(measured(baseline, target, target))
    at_baseline = attainment(measured(baseline, target, baseline))
    assert at_target is not None and math.isclose(at_target, 1.0, rel_tol=1e-9)
    assert at_baseline is not None and math.isclose(at_baseline, 0.0, abs_tol=1e-9)


@given(distinct_pair(), values, values)
def test_drift_grows_with_the_actual_in_the_goals_direction(
    pair: tuple[float, float], first: float, second: float
) -> None:
    baseline, target = pair
    # order the two actuals so that `better` is further in the goal's direction
    worse, better = sorted((first, second), reverse=target < baseline)
    low = goal_drift(measured(baseline, target, worse), SPRINT, DAY)
    high = goal_drift(measured(baseline, target, better), SPRINT, DAY)
    assert low is not None and high is not None
    assert low <= high


@given(drifts, tolerances)
def test_bands_partition_the_line(drift: float, tolerance: float) -> None:
    got = band(drift, tolerance)
    assert got in BANDS
    if drift >= -tolerance:
        assert got == "on track"
    elif drift >= -OFF_TRACK and drift < -tolerance - 1e-9:
        assert got == "at risk"
    elif drift < -OFF_TRACK - 1e-9:
        assert got == "off track"


@given(drifts, drifts, tolerances)
def test_a_worse_drift_is_never_in_a_better_band(low: float, high: float, tolerance: float) -> None:
    low, high = sorted((low, high))
    assert BANDS.index(band(low, tolerance) or "") >= BANDS.index(band(high, tolerance) or "")


@given(days, days, days)
def test_the_plans_time_fraction_stays_within_0_and_1(on: date, start: date, due: date) -> None:
    assume(start <= due)
    assert 0.0 <= plan_fraction(on, start, due) <= 1.0


@given(distinct_pair(), values, days)
def test_schedule_drift_is_finite_for_any_checkin_date(
    pair: tuple[float, float], actual: float, on: date
) -> None:
    goal = measured(*pair)
    checkin = CheckIn(on, value=actual)
    result = schedule_drift(goal, checkin, SPRINT)
    assert result is not None and math.isfinite(result)
    # at the plan's own value on that day, schedule drift is zero
    baseline, target = pair
    planned = baseline + (target - baseline) * plan_fraction(on, SPRINT.start, SPRINT.end)
    on_plan = schedule_drift(goal, CheckIn(on, value=planned), SPRINT)
    assert on_plan is not None and math.isclose(on_plan, 0.0, abs_tol=1e-6)


actions = st.builds(
    lambda due, status, done: Action(
        "a", "r0000", due=due, status=status, done_on=done if status != "open" else None
    ),
    st.one_of(st.none(), days),
    st.sampled_from(["open", "done", "dropped"]),
    days,
)


@given(st.lists(actions, max_size=30), days)
def test_follow_through_is_a_share(items: list[Action], by: date) -> None:
    result = follow_through(items, by)
    if any(a.due is not None and a.due <= by for a in items):
        assert result is not None and 0.0 <= result <= 1.0
    else:
        assert result is None


checkins = st.builds(
    lambda offset, value, confidence: CheckIn(
        SPRINT.start + timedelta(days=offset), value=value, confidence=confidence
    ),
    st.integers(0, 20),
    values,
    st.one_of(st.none(), st.integers(0, 10)),
)


@given(st.lists(st.tuples(distinct_pair(), st.lists(checkins, max_size=6)), max_size=6))
def test_the_brier_score_is_within_0_and_1(
    goals: list[tuple[tuple[float, float], list[CheckIn]]],
) -> None:
    sprint = Sprint("Closed", SPRINT.start, SPRINT.end, status="closed")
    for (baseline, target), items in goals:
        sprint.goals.append(
            Goal("g", sprint.id, owner="ana", baseline=baseline, target=target, checkins=items)
        )
    result = calibration([sprint])
    scored = sum(1 for _, items in goals if items for c in items if c.confidence is not None)
    assert result.count == scored
    if scored:
        assert result.team is not None and 0.0 <= result.team <= 1.0
        assert 0.0 <= result.by_owner["ana"] <= 1.0
    else:
        assert result.team is None


@given(
    distinct_pair(), st.integers(min_value=0, max_value=14), st.integers(min_value=0, max_value=14)
)
def test_a_goal_exactly_on_its_plan_has_drift_zero_every_day(
    pair: tuple[float, float], day: int, later: int
) -> None:
    baseline, target = pair
    on = SPRINT.start + timedelta(days=day)
    today = on + timedelta(days=min(later, 14 - day))  # judged any day until the due date
    planned = baseline + (target - baseline) * plan_fraction(on, SPRINT.start, SPRINT.end)
    g = Goal(
        "g", SPRINT.id, baseline=baseline, target=target, checkins=[CheckIn(on, value=planned)]
    )
    drift = goal_drift(g, SPRINT, today)
    assert drift is not None and math.isclose(drift, 0.0, abs_tol=1e-6)
    assert band(drift) == "on track"


@given(distinct_pair(), values, st.integers(min_value=0, max_value=30), st.booleans())
def test_the_sign_of_every_drift_says_behind_is_negative(
    pair: tuple[float, float], actual: float, day: int, closed: bool
) -> None:
    baseline, target = pair
    on = SPRINT.start + timedelta(days=min(day, 14))
    today = SPRINT.start + timedelta(days=day)
    sprint = Sprint("S", SPRINT.start, SPRINT.end, status="closed" if closed else "active")
    g = Goal("g", sprint.id, baseline=baseline, target=target, checkins=[CheckIn(on, value=actual)])
    drift = goal_drift(g, sprint, today)
    assert drift is not None
    running = not closed and today <= SPRINT.end
    # what was intended by then: the plan on the check-in's day while running, else the target
    intended = (
        baseline + (target - baseline) * plan_fraction(on, SPRINT.start, SPRINT.end)
        if running
        else target
    )
    towards = 1 if target > baseline else -1
    gap = (actual - intended) * towards  # positive when further in the goal's direction
    assume(abs(gap) > 1e-6 * max(1.0, abs(target - baseline)))
    assert (drift < 0) == (gap < 0)
    text = signed_percent(drift)  # signed, with U+2212; a drift under half a percent is "0%"
    assert text == "0%" or text[0] == ("+" if drift > 0 else "\u2212")


@given(st.lists(st.sampled_from(["exceeded", "met", "partly", "missed"]), min_size=1))
def test_review_drift_is_negative_exactly_when_the_intents_fell_short(ratings: list[str]) -> None:
    r = Review("R", on=DAY, format="aar")
    r.intents = [Intent("x", rating=x) for x in ratings]  # type: ignore[arg-type]
    mean = sum(RATING_SCORE[x] for x in ratings) / len(ratings)  # type: ignore[index]
    drift = review_drift(r)
    assert drift is not None and math.isclose(drift, mean - 1, abs_tol=1e-12)
    assert (drift < -1e-12) == (mean < 1 - 1e-12)
