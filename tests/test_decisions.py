"""The decision log's rules and its drift: hand-computed examples and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retro.drift import decision_score, decision_stats, due_decisions, log_order, raci_matrix
from retro.errors import RuleError, ValidationError
from retro.insights.decisions import calibration_sentence, drift_sentence
from retro.model import Decision, Goal

DAY = date(2026, 12, 1)


def bet(title: str = "Adopt trunk", **kw: object) -> Decision:
    kw.setdefault("expected", "fewer merge conflicts")
    kw.setdefault("review_on", date(2026, 12, 20))
    kw.setdefault("decided_on", DAY)
    return Decision(title=title, **kw)  # type: ignore[arg-type]


def reviewed(rating: str, confidence: int | None = None, decider: str | None = "ana") -> Decision:
    d = bet(confidence=confidence, decider=decider)
    d.review(rating, date(2026, 12, 20))
    return d


# --- the model ----------------------------------------------------------------------------------


def test_round_trip_and_kind_letter() -> None:
    d = bet(options=["git-flow", "trunk"], unit="ms", baseline=800, target=300, confidence=7)
    assert d.id.startswith("d")
    assert Decision.from_dict(d.to_dict()) == d


def test_due_on_and_after_its_review_date_until_reviewed() -> None:
    d = bet(review_on=date(2026, 12, 10))
    assert not d.is_due(date(2026, 12, 9))
    assert d.is_due(date(2026, 12, 10)) and d.is_due(date(2027, 1, 1))
    d.review("met", date(2026, 12, 11))
    assert not d.is_due(date(2027, 1, 1)) and d.status == "reviewed"


def test_review_date_before_the_decision_is_refused() -> None:
    with pytest.raises(ValidationError, match="before the decision"):
        bet(review_on=date(2026, 11, 30))


def test_confidence_is_a_whole_number_from_0_to_10() -> None:
    for bad in (-1, 11, 2.5, True):
        with pytest.raises(ValidationError, match="0 to 10"):
            bet(confidence=bad)


def test_superseded_cannot_be_reviewed_and_a_proposal_must_be_decided_first() -> None:
    old, new = bet("Old"), bet("New")
    old.supersede(new)
    assert (old.status, old.superseded_by) == ("superseded", new.id)
    with pytest.raises(RuleError, match="superseded"):
        old.review("met", DAY)
    with pytest.raises(RuleError, match="already"):
        old.supersede(bet("Newer"))
    with pytest.raises(RuleError, match="itself"):
        new.supersede(new)
    proposal = bet("Maybe", status="proposed")
    with pytest.raises(RuleError, match="decide it first"):
        proposal.review("met", DAY)
    proposal.decide("Yes, do it")
    assert proposal.status == "decided" and proposal.decision == "Yes, do it"


def test_a_value_needs_a_metric() -> None:
    with pytest.raises(ValidationError, match="no metric"):
        bet().review("met", DAY, actual_value=3)
    with pytest.raises(ValidationError, match="both a baseline and a target"):
        bet(baseline=1)


def test_the_decider_is_accountable_unless_someone_else_is_named() -> None:
    assert bet(decider="ana").raci()["accountable"] == ["ana"]
    assert bet(decider="ana", accountable=["bo"]).raci()["accountable"] == ["bo"]


# --- drift and calibration, by hand ------------------------------------------------------------


def test_scores_as_intents() -> None:
    assert [decision_score(reviewed(r)) for r in ("exceeded", "met", "partly", "missed")] == [
        1.25,
        1.0,
        0.5,
        0.0,
    ]
    assert decision_score(bet()) is None


def test_decision_drift_is_mean_score_minus_one() -> None:
    # met 1.0, partly 0.5, missed 0.0, exceeded 1.25, met 1.0: mean 3.75/5 = 0.75 → −0.25.
    items = [reviewed(r) for r in ("met", "partly", "missed", "exceeded", "met")]
    stats = decision_stats([*items, bet()], today=DAY)
    assert stats.reviewed == 5 and stats.paid_off == 3
    assert stats.drift == pytest.approx(-0.25)
    assert stats.sentence == (
        "3 of 5 bets paid off as expected; on the whole they fell short by a quarter"
    )
    assert stats.open == 1


def test_calibration_is_brier_of_confidence_against_paid_off() -> None:
    # (0.9 − 1)² = 0.01 for a met bet at 9; (0.8 − 0)² = 0.64 for a missed one at 8 (bo);
    # a bet with no confidence is not scored. Team: (0.01 + 0.64)/2 = 0.325.
    items = [reviewed("met", 9, "ana"), reviewed("missed", 8, "bo"), reviewed("met", None)]
    stats = decision_stats(items, today=DAY)
    assert stats.calibration == pytest.approx(0.325)
    assert stats.by_decider == pytest.approx({"ana": 0.01, "bo": 0.64})
    assert stats.calibrated == 2
    assert stats.calibration_sentence.startswith("confidence was a poor predictor")


def test_nothing_reviewed_gives_null_numbers_and_says_so() -> None:
    stats = decision_stats([bet()], today=DAY)
    assert (stats.reviewed, stats.drift, stats.calibration) == (0, None, None)
    assert stats.to_dict()["drift"] is None
    assert stats.sentence == "no decision reviewed yet"


def test_period_counts_decisions_reviewed_in_it() -> None:
    early, late = reviewed("missed"), reviewed("met")
    early.reviewed_on, late.reviewed_on = date(2026, 1, 5), date(2026, 6, 5)
    stats = decision_stats([early, late], today=DAY, since=date(2026, 3, 1))
    assert stats.reviewed == 1 and stats.drift == 0.0
    assert decision_stats([early, late], DAY, until=date(2026, 3, 1)).drift == -1.0


def test_sentences() -> None:
    assert (
        drift_sentence(4, 4, 0.0)
        == "4 of 4 bets paid off as expected; on the whole, exactly as expected"
    )
    assert drift_sentence(1, 1, 0.25).endswith("did better than expected by a quarter")
    assert drift_sentence(3, 1, -0.5).endswith("fell short by half")
    assert calibration_sentence(0.05, 3).startswith("confidence was a good predictor")
    assert calibration_sentence(None, 0) == "no reviewed decision with a confidence yet"


def test_due_first_in_the_log() -> None:
    due_old = bet("A", review_on=date(2026, 12, 2))
    due_new = bet("B", review_on=date(2026, 12, 5))
    waiting = bet("C", review_on=date(2027, 1, 1))
    done = reviewed("met")
    today = date(2026, 12, 6)
    assert due_decisions([waiting, due_new, due_old, done], today) == [due_old, due_new]
    assert log_order([done, waiting, due_new, due_old], today) == [due_old, due_new, waiting, done]


@given(st.lists(st.sampled_from(["exceeded", "met", "partly", "missed"]), min_size=1))
def test_drift_sign_says_behind_is_negative(ratings: list[str]) -> None:
    stats = decision_stats([reviewed(r) for r in ratings], today=DAY)
    assert stats.drift is not None
    short = any(r in ("partly", "missed") for r in ratings)
    if all(r == "met" for r in ratings):
        assert stats.drift == 0
    elif not short:
        assert stats.drift > 0
    elif all(r in ("partly", "missed", "met") for r in ratings):
        assert stats.drift < 0


# --- decision rights ----------------------------------------------------------------------------


def test_raci_matrix_and_warnings() -> None:
    g1 = Goal("Cut p95", "s" + "0" * 12, owner="chen", contributors=["dee"], accountable=["bo"])
    g2 = Goal("Fewer pages", "s" + "0" * 12, owner="ana")
    g3 = Goal("Calm", "s" + "0" * 12, accountable=["ana", "bo"])
    open_bet = bet("Trunk", decider="ana", consulted=["chen"])
    closed = reviewed("met")
    matrix = raci_matrix([g1, g2, g3], [open_bet, closed])
    assert [r.title for r in matrix.rows] == ["Cut p95", "Fewer pages", "Calm", "Trunk"]
    assert matrix.people == ["chen", "dee", "bo", "ana"]
    assert matrix.rows[0].letters("chen") == "R" and matrix.rows[0].letters("bo") == "A"
    assert matrix.rows[3].letters("chen") == "C" and matrix.rows[3].letters("ana") == "A"
    assert matrix.rows[1].letters("ana") == "RA"  # the owner answers for it unless named
    assert matrix.warnings == [
        "goal 'Calm' has 2 accountable people (ana, bo); one answers for it",
    ]
    nobody = raci_matrix([Goal("Orphan", "s" + "0" * 12)], [])
    assert nobody.warnings == ["goal 'Orphan' has no accountable person"]
