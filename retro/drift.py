"""Drift between intent and outcome: the definitions of DESIGN.md, as pure functions.

This is the public import path of the drift engine; the CLI, the TUI and the export all use these
functions, so they show the same numbers. The code lives in `retro.insights` (split by topic to
keep modules small); everything public is re-exported here.

Definitions (each function's docstring states its formula):

- goal attainment `attainment` ``a = (actual − baseline)/(target − baseline)``, ratings by
  `RATING_SCORE`; goal drift `goal_drift` ``d = a − 1``;
- schedule drift `schedule_drift` against the linear plan `planned_value`;
- status bands `band` (on track, at risk, off track; tolerance configurable);
- sprint drift `sprint_drift` (mean goal drift, off-track share);
- review drift `review_drift`, alignment spread `alignment_spread`;
- follow-through `follow_through`; calibration `calibration` (Brier score);
- trends `trends`, recurring themes `recurring_themes`, stale actions `stale_actions`;
- summaries `summarize_goal`, `summarize_sprint`, `summarize_review`, `summarize_team`.

No I/O here, and no Textual, click or TinyDB.
"""

from __future__ import annotations

from retro.insights.closing import closing_intents, closing_review, suggested_rating
from retro.insights.core import (
    BANDS,
    DEFAULT_TOLERANCE,
    EPSILON,
    OFF_TRACK,
    RATING_SCORE,
    Band,
    Calibration,
    alignment_spread,
    attainment,
    band,
    brier,
    calibration,
    check_tolerance,
    done_by,
    follow_through,
    goal_drift,
    goal_window,
    intent_attainment,
    latest_checkin,
    latest_rating,
    latest_value,
    met,
    plan_fraction,
    planned_value,
    review_drift,
    schedule_drift,
    sprint_drift,
    value_attainment,
)
from retro.insights.patterns import (
    MIN_THEME_REVIEWS,
    MIN_WORD_LENGTH,
    STALE_AFTER,
    STOP_WORDS,
    Theme,
    TrendPoint,
    Trends,
    alignment_spread_trend,
    chronological,
    follow_through_trend,
    recurring_themes,
    review_drift_trend,
    sprint_drift_trend,
    stale_actions,
    theme_words,
    trends,
)
from retro.insights.reviews import (
    ActionSummary,
    IntentSummary,
    ReviewSummary,
    previous_review,
    summarize_review,
)
from retro.insights.sprints import (
    CheckInPoint,
    GoalSummary,
    SprintSummary,
    summarize_goal,
    summarize_sprint,
)
from retro.insights.team import (
    UNASSIGNED,
    PurposeEntry,
    StaleAction,
    TeamSummary,
    summarize_team,
)

__all__ = [
    "BANDS",
    "DEFAULT_TOLERANCE",
    "EPSILON",
    "MIN_THEME_REVIEWS",
    "MIN_WORD_LENGTH",
    "OFF_TRACK",
    "RATING_SCORE",
    "STALE_AFTER",
    "STOP_WORDS",
    "UNASSIGNED",
    "ActionSummary",
    "Band",
    "Calibration",
    "CheckInPoint",
    "GoalSummary",
    "IntentSummary",
    "PurposeEntry",
    "ReviewSummary",
    "SprintSummary",
    "StaleAction",
    "TeamSummary",
    "Theme",
    "TrendPoint",
    "Trends",
    "alignment_spread",
    "alignment_spread_trend",
    "attainment",
    "band",
    "brier",
    "calibration",
    "check_tolerance",
    "chronological",
    "closing_intents",
    "closing_review",
    "done_by",
    "follow_through",
    "follow_through_trend",
    "goal_drift",
    "goal_window",
    "intent_attainment",
    "latest_checkin",
    "latest_rating",
    "latest_value",
    "met",
    "plan_fraction",
    "planned_value",
    "previous_review",
    "recurring_themes",
    "review_drift",
    "review_drift_trend",
    "schedule_drift",
    "sprint_drift",
    "sprint_drift_trend",
    "stale_actions",
    "suggested_rating",
    "summarize_goal",
    "summarize_review",
    "summarize_sprint",
    "summarize_team",
    "theme_words",
    "trends",
    "value_attainment",
]
