"""Drift between intent and outcome: the definitions of DESIGN.md, as pure functions.

This is the public import path of the drift engine; the CLI, the TUI and the export all use these
functions, so they show the same numbers. The code lives in `retro.insights` (split by topic to
keep modules small); everything public is named here.

Definitions (each function's docstring states its formula):

- goal attainment `attainment` ``a = (actual − baseline)/(target − baseline)``, ratings by
  `RATING_SCORE`; goal drift `goal_drift`: ``a − p(t)`` while the goal runs (`is_running`),
  the outcome drift `outcome_drift` ``a − 1`` once it is over; `forecast` at the due date;
- schedule drift `schedule_drift` against the linear plan `planned_value`;
- status bands `band` (on track, at risk, off track; tolerance configurable);
- sprint drift `sprint_drift` (mean goal drift, off-track share);
- review drift `review_drift` (``mean − 1``, the sign of goal drift);
- alignment spread `alignment_spread`;
- follow-through `follow_through`; calibration `calibration` (Brier score);
- decision drift and calibration `decision_stats`, decision rights `raci_matrix`;
- trends `trends`, recurring themes `recurring_themes`, stale actions `stale_actions`;
- drift in words (`retro.insights.words`, `goal_sentence`), one minus sign `MINUS`;
- summaries `summarize_goal`, `summarize_sprint`, `summarize_review`, `summarize_team`.

No I/O here, and no Textual, click or TinyDB.

Each name is imported from its module on first use (PEP 562), so that a command pays only for
the modules it uses: importing every `retro.insights` module took 20–30 ms of a command's
start, and a command uses a few functions of one or two of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retro.lazy import exports

if TYPE_CHECKING:
    from retro.insights.calibration import Calibration as Calibration
    from retro.insights.calibration import brier as brier
    from retro.insights.calibration import calibration as calibration
    from retro.insights.calibration import met as met
    from retro.insights.closing import closing_intents as closing_intents
    from retro.insights.closing import closing_review as closing_review
    from retro.insights.closing import suggested_rating as suggested_rating
    from retro.insights.core import BANDS as BANDS
    from retro.insights.core import DEFAULT_TOLERANCE as DEFAULT_TOLERANCE
    from retro.insights.core import EPSILON as EPSILON
    from retro.insights.core import NO_DATA as NO_DATA
    from retro.insights.core import OFF_TRACK as OFF_TRACK
    from retro.insights.core import RATING_SCORE as RATING_SCORE
    from retro.insights.core import Band as Band
    from retro.insights.core import alignment_spread as alignment_spread
    from retro.insights.core import attainment as attainment
    from retro.insights.core import band as band
    from retro.insights.core import check_tolerance as check_tolerance
    from retro.insights.core import done_by as done_by
    from retro.insights.core import follow_through as follow_through
    from retro.insights.core import forecast as forecast
    from retro.insights.core import goal_drift as goal_drift
    from retro.insights.core import goal_window as goal_window
    from retro.insights.core import intent_attainment as intent_attainment
    from retro.insights.core import is_running as is_running
    from retro.insights.core import latest_checkin as latest_checkin
    from retro.insights.core import latest_rating as latest_rating
    from retro.insights.core import latest_value as latest_value
    from retro.insights.core import outcome_drift as outcome_drift
    from retro.insights.core import plan_fraction as plan_fraction
    from retro.insights.core import planned_value as planned_value
    from retro.insights.core import review_drift as review_drift
    from retro.insights.core import schedule_drift as schedule_drift
    from retro.insights.core import sprint_drift as sprint_drift
    from retro.insights.core import value_attainment as value_attainment
    from retro.insights.decisions import DecisionStats as DecisionStats
    from retro.insights.decisions import RaciMatrix as RaciMatrix
    from retro.insights.decisions import decision_score as decision_score
    from retro.insights.decisions import decision_stats as decision_stats
    from retro.insights.decisions import due_decisions as due_decisions
    from retro.insights.decisions import log_order as log_order
    from retro.insights.decisions import raci_matrix as raci_matrix
    from retro.insights.patterns import MIN_THEME_REVIEWS as MIN_THEME_REVIEWS
    from retro.insights.patterns import MIN_WORD_LENGTH as MIN_WORD_LENGTH
    from retro.insights.patterns import STALE_AFTER as STALE_AFTER
    from retro.insights.patterns import STOP_WORDS as STOP_WORDS
    from retro.insights.patterns import Theme as Theme
    from retro.insights.patterns import TrendPoint as TrendPoint
    from retro.insights.patterns import Trends as Trends
    from retro.insights.patterns import alignment_spread_trend as alignment_spread_trend
    from retro.insights.patterns import chronological as chronological
    from retro.insights.patterns import follow_through_trend as follow_through_trend
    from retro.insights.patterns import recurring_themes as recurring_themes
    from retro.insights.patterns import review_drift_trend as review_drift_trend
    from retro.insights.patterns import sprint_drift_trend as sprint_drift_trend
    from retro.insights.patterns import stale_actions as stale_actions
    from retro.insights.patterns import theme_words as theme_words
    from retro.insights.patterns import trends as trends
    from retro.insights.reviews import ActionSummary as ActionSummary
    from retro.insights.reviews import IntentSummary as IntentSummary
    from retro.insights.reviews import ReviewSummary as ReviewSummary
    from retro.insights.reviews import previous_review as previous_review
    from retro.insights.reviews import summarize_review as summarize_review
    from retro.insights.sprints import CheckInPoint as CheckInPoint
    from retro.insights.sprints import GoalSummary as GoalSummary
    from retro.insights.sprints import SprintSummary as SprintSummary
    from retro.insights.sprints import goal_sentence as goal_sentence
    from retro.insights.sprints import summarize_goal as summarize_goal
    from retro.insights.sprints import summarize_sprint as summarize_sprint
    from retro.insights.team import UNASSIGNED as UNASSIGNED
    from retro.insights.team import PurposeEntry as PurposeEntry
    from retro.insights.team import StaleAction as StaleAction
    from retro.insights.team import TeamSummary as TeamSummary
    from retro.insights.team import summarize_team as summarize_team
    from retro.insights.words import MINUS as MINUS
    from retro.insights.words import band_counts_words as band_counts_words
    from retro.insights.words import calibration_words as calibration_words
    from retro.insights.words import day_text as day_text
    from retro.insights.words import number as number
    from retro.insights.words import outcome_words as outcome_words
    from retro.insights.words import review_words as review_words
    from retro.insights.words import share_words as share_words
    from retro.insights.words import signed_percent as signed_percent
    from retro.insights.words import spread_words as spread_words

_HOMES: dict[str, str] = {
    "closing_intents": "closing",
    "closing_review": "closing",
    "suggested_rating": "closing",
    "BANDS": "core",
    "NO_DATA": "core",
    "forecast": "core",
    "is_running": "core",
    "outcome_drift": "core",
    "goal_sentence": "sprints",
    "MINUS": "words",
    "number": "words",
    "signed_percent": "words",
    "band_counts_words": "words",
    "calibration_words": "words",
    "spread_words": "words",
    "review_words": "words",
    "outcome_words": "words",
    "day_text": "words",
    "share_words": "words",
    "DEFAULT_TOLERANCE": "core",
    "EPSILON": "core",
    "OFF_TRACK": "core",
    "RATING_SCORE": "core",
    "Band": "core",
    "Calibration": "calibration",
    "alignment_spread": "core",
    "attainment": "core",
    "band": "core",
    "brier": "calibration",
    "calibration": "calibration",
    "check_tolerance": "core",
    "done_by": "core",
    "follow_through": "core",
    "goal_drift": "core",
    "goal_window": "core",
    "intent_attainment": "core",
    "latest_checkin": "core",
    "latest_rating": "core",
    "latest_value": "core",
    "met": "calibration",
    "plan_fraction": "core",
    "planned_value": "core",
    "review_drift": "core",
    "schedule_drift": "core",
    "sprint_drift": "core",
    "value_attainment": "core",
    "MIN_THEME_REVIEWS": "patterns",
    "MIN_WORD_LENGTH": "patterns",
    "STALE_AFTER": "patterns",
    "STOP_WORDS": "patterns",
    "Theme": "patterns",
    "TrendPoint": "patterns",
    "Trends": "patterns",
    "alignment_spread_trend": "patterns",
    "chronological": "patterns",
    "follow_through_trend": "patterns",
    "recurring_themes": "patterns",
    "review_drift_trend": "patterns",
    "sprint_drift_trend": "patterns",
    "stale_actions": "patterns",
    "theme_words": "patterns",
    "trends": "patterns",
    "ActionSummary": "reviews",
    "IntentSummary": "reviews",
    "ReviewSummary": "reviews",
    "previous_review": "reviews",
    "summarize_review": "reviews",
    "CheckInPoint": "sprints",
    "GoalSummary": "sprints",
    "SprintSummary": "sprints",
    "summarize_goal": "sprints",
    "summarize_sprint": "sprints",
    "UNASSIGNED": "team",
    "PurposeEntry": "team",
    "StaleAction": "team",
    "TeamSummary": "team",
    "summarize_team": "team",
    "DecisionStats": "decisions",
    "RaciMatrix": "decisions",
    "decision_score": "decisions",
    "decision_stats": "decisions",
    "due_decisions": "decisions",
    "log_order": "decisions",
    "raci_matrix": "decisions",
}
"""The module of `retro.insights` each name lives in."""

__all__ = sorted(_HOMES)

__getattr__, __dir__ = exports(
    __name__, {name: f"retro.insights.{home}" for name, home in _HOMES.items()}, globals()
)
