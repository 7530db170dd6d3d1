"""`retro.drift` names the whole drift engine, and a command pays only for the modules of
`retro.insights` it uses (each name is imported on first use)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import retro.drift
from retro.insights import (
    calibration,
    closing,
    core,
    decisions,
    patterns,
    reviews,
    sprints,
    team,
    words,
)

NAMED = {
    calibration: "Calibration brier calibration met",
    closing: "closing_intents closing_review suggested_rating",
    core: "BANDS DEFAULT_TOLERANCE EPSILON OFF_TRACK RATING_SCORE Band "
    "alignment_spread attainment band check_tolerance done_by follow_through "
    "NO_DATA forecast is_running outcome_drift "
    "goal_drift goal_window intent_attainment latest_checkin latest_rating latest_value "
    "plan_fraction planned_value review_drift schedule_drift sprint_drift value_attainment",
    patterns: "MIN_THEME_REVIEWS MIN_WORD_LENGTH STALE_AFTER STOP_WORDS Theme TrendPoint Trends "
    "alignment_spread_trend chronological follow_through_trend recurring_themes "
    "review_drift_trend sprint_drift_trend stale_actions theme_words trends",
    reviews: "ActionSummary IntentSummary ReviewSummary previous_review summarize_review",
    sprints: "CheckInPoint GoalSummary SprintSummary summarize_goal summarize_sprint goal_sentence",
    words: "MINUS number signed_percent band_counts_words calibration_words spread_words "
    "review_words outcome_words day_text share_words",
    team: "UNASSIGNED PurposeEntry StaleAction TeamSummary summarize_team",
    decisions: "DecisionStats RaciMatrix decision_score decision_stats due_decisions log_order "
    "raci_matrix",
}
"""Every name `retro.drift` gave before its names were imported lazily, by module."""


def test_every_name_is_the_object_of_its_module() -> None:
    every = {name for names in NAMED.values() for name in names.split()}
    assert set(retro.drift.__all__) == every
    assert every <= set(dir(retro.drift))
    for module, names in NAMED.items():
        for name in names.split():
            assert getattr(retro.drift, name) is getattr(module, name), name


def test_names_import_as_before() -> None:
    from retro.drift import SprintSummary, summarize_sprint

    assert summarize_sprint is sprints.summarize_sprint
    assert SprintSummary is sprints.SprintSummary


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'drift_of'"):
        retro.drift.drift_of  # noqa: B018
    with pytest.raises(AttributeError):
        retro.drift.terms  # noqa: B018  (a module of retro.insights, not a name of the engine)
    with pytest.raises(ImportError):
        from retro.drift import drift_of  # type: ignore[attr-defined]  # noqa: F401


def _insights_after(code: str) -> list[str]:
    program = (
        "import sys\n"
        f"{code}\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('retro.insights.'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    return out.split()


def test_importing_the_facade_imports_no_insights_module() -> None:
    assert _insights_after("import retro.drift") == []


def test_a_name_imports_its_module_only() -> None:
    found = _insights_after("from retro.drift import summarize_sprint")
    assert "retro.insights.sprints" in found
    assert not {"retro.insights.patterns", "retro.insights.team"} & set(found)
