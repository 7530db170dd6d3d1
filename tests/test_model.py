"""The domain model: its rules, its phase rules and its round trips through JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from retro.errors import RetroError, RuleError, ValidationError
from retro.formats import get_format
from retro.model import (
    PHASES,
    Action,
    Agreement,
    Card,
    CheckIn,
    Goal,
    Intent,
    Kudos,
    Lesson,
    Member,
    PurposeVersion,
    Review,
    Sprint,
    Team,
    check_pulse,
    check_review_against_format,
)
from tests import strategies as S

SPRINT = "s0000000000aa"
REVIEW = "r0000000000aa"
NAN = float("nan")
INF = float("inf")

# --- validation ------------------------------------------------------------------------------

BLANKS = ["", " ", "\n\t ", "\u3000\u2028"]

EMPTY_TEXT: list[tuple[str, Callable[[str], object], str]] = [
    ("card", lambda t: Card("start", t), "a card's text cannot be empty"),
    ("lesson", lambda t: Lesson(t), "a lesson's text cannot be empty"),
    ("goal", lambda t: Goal(t, SPRINT), "a goal's statement cannot be empty"),
    ("review", lambda t: Review(t), "a review's title cannot be empty"),
    ("intent", lambda t: Intent(t), "what was planned cannot be empty"),
    ("kudos text", lambda t: Kudos("ana", t), "the kudos' text cannot be empty"),
    ("kudos to", lambda t: Kudos(t, "great work"), "who the kudos is for cannot be empty"),
    ("action", lambda t: Action(t, REVIEW), "an action's text cannot be empty"),
    ("sprint", lambda t: Sprint(t, date(2026, 1, 1), date(2026, 1, 14)), "a sprint's title"),
    ("member", lambda t: Member(t), "a member's name cannot be empty"),
    ("team", lambda t: Team(t), "the team's name cannot be empty"),
    ("agreement", lambda t: Agreement(t), "an agreement cannot be empty"),
    ("purpose", lambda t: PurposeVersion(t), "the purpose cannot be empty"),
    ("set purpose", lambda t: Team("core").set_purpose(t), "the purpose cannot be empty"),
    ("tag", lambda t: Lesson("x", tags=[t]), "cannot be empty"),
]


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize(("what", "build", "message"), EMPTY_TEXT, ids=[e[0] for e in EMPTY_TEXT])
def test_empty_or_blank_text_is_refused(
    what: str, build: Callable[[str], object], message: str, blank: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        build(blank)


def test_text_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValidationError, match="a card's text must be text"):
        Card("start", None)  # type: ignore[arg-type]


PEOPLE_FIELDS: list[tuple[str, Callable[[Any], object], str]] = [
    ("lesson", lambda who: Lesson("x", author=who), "a lesson's author"),
    ("card", lambda who: Card("start", "x", author=who), "a card's author"),
    ("check-in", lambda who: CheckIn(date(2025, 1, 1), value=1, author=who), "a check-in's author"),
    ("kudos", lambda who: Kudos("ana", "x", by=who), "who gave the kudos"),
    ("purpose", lambda who: PurposeVersion("x", set_by=who), "who set the purpose"),
]


@pytest.mark.parametrize(
    ("what", "build", "message"), PEOPLE_FIELDS, ids=[f[0] for f in PEOPLE_FIELDS]
)
def test_a_person_that_is_not_text_is_refused(
    what: str, build: Callable[[Any], object], message: str
) -> None:
    """A damaged store file (a number or a list where a name goes) is refused when read, not
    found later by whatever shows the name."""
    for bad in (5, ["ana"], {"name": "ana"}, "a\udcffb"):
        with pytest.raises(ValidationError, match=message):
            build(bad)
    for good in (None, "ana", "  Chen  ", ""):
        build(good)


def test_text_that_cannot_be_stored_as_utf8_is_refused() -> None:
    # A byte that is not UTF-8 in a shell argument reaches Python as a lone surrogate.
    with pytest.raises(ValidationError, match="a lesson's text has characters that are not"):
        Lesson("deploy \udcff failed")


def test_hostile_but_non_blank_text_is_kept_exactly() -> None:
    text = "[bold]x[/] \x1b[2J\x00 \u202eevil 😀\nnext"
    assert Card("start", text).text == text


def test_tags_are_normalised_and_refused_with_spaces() -> None:
    assert Lesson("x", tags=["#Deploy", "deploy", " CI "]).tags == ["deploy", "ci"]
    with pytest.raises(ValidationError, match="tag 'two words' cannot contain spaces"):
        Lesson("x", tags=["two words"])
    with pytest.raises(ValidationError, match="a tag cannot be empty"):
        Lesson("x", tags=["##"])


@pytest.mark.parametrize("confidence", [-1, 11, 100, 5.5, NAN, INF, -INF, True, "7"])
def test_confidence_outside_0_to_10_or_not_whole_is_refused(confidence: Any) -> None:
    with pytest.raises(ValidationError, match="confidence"):
        CheckIn(date(2026, 1, 5), value=3, confidence=confidence)


def test_confidence_messages_say_what_is_wrong() -> None:
    with pytest.raises(ValidationError, match=r"confidence 11 is outside 0–10"):
        CheckIn(date(2026, 1, 5), value=3, confidence=11)
    with pytest.raises(ValidationError, match=r"confidence 5.5 is not a whole number from 0 to"):
        CheckIn(date(2026, 1, 5), value=3, confidence=5.5)


@pytest.mark.parametrize("confidence", [0, 10, 7.0])
def test_confidence_in_range_is_a_whole_number(confidence: Any) -> None:
    checkin = CheckIn(date(2026, 1, 5), value=3, confidence=confidence)
    assert checkin.confidence == int(confidence)
    assert isinstance(checkin.confidence, int)


@pytest.mark.parametrize("score", [0, 6, -1, 2.5, True, NAN])
def test_pulse_outside_1_to_5_is_refused(score: Any) -> None:
    with pytest.raises(ValidationError, match="outside 1–5"):
        check_pulse(score)


def test_a_review_with_a_bad_pulse_names_the_person() -> None:
    with pytest.raises(ValidationError, match="ana's pulse 6 is outside 1–5"):
        Review("Sprint 4", pulse={"bo": 3, "ana": 6})


def test_pulse_in_range_is_kept() -> None:
    assert [check_pulse(s) for s in range(1, 6)] == [1, 2, 3, 4, 5]


def test_a_sprint_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"the sprint ends \(2026-01-01\) before it starts"):
        Sprint("S1", start=date(2026, 1, 14), end=date(2026, 1, 1))


def test_a_one_day_sprint_is_fine() -> None:
    assert Sprint("S1", start=date(2026, 1, 1), end=date(2026, 1, 1)).end == date(2026, 1, 1)


def test_a_goal_due_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"the goal is due \(2026-01-01\) before it starts"):
        Goal("ship", SPRINT, start=date(2026, 1, 14), due=date(2026, 1, 1))


@pytest.mark.parametrize(("baseline", "target"), [(5, 5), (0.0, -0.0), (2, 2.0)])
def test_a_target_equal_to_its_baseline_is_refused(baseline: float, target: float) -> None:
    with pytest.raises(ValidationError, match="the target equals the baseline"):
        Goal("p95 latency", SPRINT, baseline=baseline, target=target)


@pytest.mark.parametrize(("baseline", "target"), [(400, None), (None, 200)])
def test_a_baseline_without_a_target_is_refused(
    baseline: float | None, target: float | None
) -> None:
    with pytest.raises(ValidationError, match="needs both a baseline and a target"):
        Goal("p95 latency", SPRINT, baseline=baseline, target=target)


def test_a_goal_to_reduce_is_quantitative() -> None:
    goal = Goal("p95 latency", SPRINT, unit="ms", baseline=400, target=200)
    assert goal.quantitative
    assert (goal.baseline, goal.target) == (400.0, 200.0)
    assert not Goal("be kind", SPRINT).quantitative


RATING_BUILDERS: list[Callable[[str], object]] = [
    lambda r: CheckIn(date(2026, 1, 5), rating=r),
    lambda r: Goal("x", SPRINT, rating=r),
    lambda r: Intent("x", rating=r),
]


@pytest.mark.parametrize("build", RATING_BUILDERS, ids=["checkin", "goal", "intent"])
def test_a_rating_not_in_ratings_is_refused(build: Callable[[str], object]) -> None:
    with pytest.raises(
        ValidationError, match="rating 'great' is not one of: exceeded, met, partly, missed"
    ):
        build("great")


def test_a_rating_is_read_in_any_case() -> None:
    assert Intent("x", rating=" Met ").rating == "met"  # type: ignore[arg-type]


def test_a_checkin_needs_a_value_or_a_rating() -> None:
    with pytest.raises(ValidationError, match="a check-in needs a value or a rating"):
        CheckIn(date(2026, 1, 5))


def test_a_phase_not_in_phases_is_refused() -> None:
    with pytest.raises(ValidationError, match="phase 'brainstorm' is not one of: reflect, group"):
        Review("x", phase="brainstorm")  # type: ignore[arg-type]


@pytest.mark.parametrize("status", ["finished", "Done"])
def test_unknown_statuses_are_refused(status: str) -> None:
    with pytest.raises(ValidationError, match=f"action status '{status}' is not one of"):
        Action("x", REVIEW, status=status)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=f"sprint status '{status}' is not one of"):
        Sprint("x", date(2026, 1, 1), date(2026, 1, 2), status=status)  # type: ignore[arg-type]


@pytest.mark.parametrize("budget", [-1, 101, 10**9, 2.5, True, NAN])
def test_a_negative_or_absurd_vote_budget_is_refused(budget: Any) -> None:
    with pytest.raises(ValidationError, match="vote budget .* is outside 0–100"):
        Review("x", vote_budget=budget)


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1, NAN, INF, 1.5, 30.0, True, "30"])
def test_a_time_box_that_is_not_whole_minutes_within_a_day_is_refused(minutes: Any) -> None:
    with pytest.raises(ValidationError, match="a whole number of minutes from 1 to 1440"):
        Review("x", timebox_minutes=minutes)


NUMBER_BUILDERS: list[tuple[str, Callable[[Any], object], str]] = [
    ("baseline", lambda n: Goal("x", SPRINT, baseline=n, target=1), "the baseline"),
    ("target", lambda n: Goal("x", SPRINT, baseline=1, target=n), "the target"),
    (
        "closing",
        lambda n: Goal("x", SPRINT, baseline=0, target=1, closing_value=n),
        "the closing value",
    ),
    ("checkin", lambda n: CheckIn(date(2026, 1, 5), value=n), "a check-in value"),
    ("tolerance", lambda n: Team("core", tolerance=n), "the tolerance"),
]


@pytest.mark.parametrize("number", [NAN, INF, -INF, 10**400], ids=["nan", "inf", "-inf", "huge"])
@pytest.mark.parametrize(
    ("what", "build", "message"), NUMBER_BUILDERS, ids=[n[0] for n in NUMBER_BUILDERS]
)
def test_nan_infinite_and_overflowing_numbers_are_refused(
    what: str, build: Callable[[Any], object], message: str, number: Any
) -> None:
    with pytest.raises(ValidationError, match=message):
        build(number)


@pytest.mark.parametrize("value", ["12", True, [1]])
def test_a_number_that_is_not_a_number_is_refused(value: Any) -> None:
    with pytest.raises(ValidationError, match="a check-in value must be a number"):
        CheckIn(date(2026, 1, 5), value=value)


@pytest.mark.parametrize("tolerance", [0, 1, -0.1, 2])
def test_a_tolerance_outside_0_to_1_is_refused(tolerance: float) -> None:
    with pytest.raises(ValidationError, match="the tolerance must be a number between 0 and 1"):
        Team("core", tolerance=tolerance)


@pytest.mark.parametrize("count", [-1, 1.5, True])
def test_a_vote_count_must_be_a_whole_number_not_below_zero(count: Any) -> None:
    with pytest.raises(ValidationError, match="ana's vote count must be a whole number ≥ 0"):
        Card("start", "x", votes={"ana": count})


@pytest.mark.parametrize(
    "build",
    [
        lambda: Card("start", "x", id="r0000000000aa"),
        lambda: Goal("x", "r0000000000aa"),
        lambda: Action("x", "s0000000000aa"),
        lambda: Lesson("x", card_id="l0000000000aa"),
        lambda: Review("x", sprint_id="g0000000000aa"),
    ],
)
def test_an_id_of_the_wrong_kind_is_refused(build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError, match="is not a valid id for this object"):
        build()


def test_unknown_format_and_column_are_clear() -> None:
    with pytest.raises(ValidationError, match="unknown format 'kanban'; known formats: aar, ssc"):
        get_format("kanban")
    with pytest.raises(
        ValidationError, match="format 'ssc' has no column 'later'; its columns are: start, stop"
    ):
        get_format("ssc").column("later")


def test_a_card_in_an_unknown_column_breaks_its_format() -> None:
    review = Review("x", format="ssc", cards=[Card("start", "a"), Card("later", "b")])
    with pytest.raises(ValidationError, match="format 'ssc' has no column 'later'"):
        check_review_against_format(review, get_format("ssc"))


def test_a_review_is_checked_against_its_own_format_only() -> None:
    review = Review("x", format="ssc")
    with pytest.raises(ValidationError, match=f"review {review.id} uses format 'ssc', not 'msg'"):
        check_review_against_format(review, get_format("msg"))
    check_review_against_format(review, get_format("ssc"))


def test_stored_bad_dates_are_validation_errors() -> None:
    data = Lesson("x").to_dict()
    data["on"] = "last tuesday"
    with pytest.raises(ValidationError, match="stored date 'last tuesday' is not an ISO date"):
        Lesson.from_dict(data)
    data = Lesson("x").to_dict()
    data["created"] = "yesterday-ish"
    with pytest.raises(ValidationError, match="stored time 'yesterday-ish' is not an ISO time"):
        Lesson.from_dict(data)


def test_validation_errors_are_retro_errors_with_one_line_messages() -> None:
    with pytest.raises(RetroError) as caught:
        Review("x", vote_budget=-1)
    assert isinstance(caught.value, ValidationError)
    assert "\n" not in caught.value.message


# --- phase rules -----------------------------------------------------------------------------


def _review(phase: str, budget: int = 3) -> Review:
    cards = [
        Card("start", "pair more", author="ana"),
        Card("start", "fewer meetings", author="bo"),
        Card("stop", "friday deploys"),
        Card("start", "write tests", author="cy"),
    ]
    return Review("Sprint 4", phase=phase, vote_budget=budget, cards=cards)  # type: ignore[arg-type]


@pytest.mark.parametrize("phase", PHASES)
def test_cards_are_added_in_reflect_and_group_only(phase: str) -> None:
    review = _review(phase)
    if phase in ("reflect", "group"):
        review.check_can_add_card()
    else:
        with pytest.raises(RuleError, match=f"is in the {phase} phase; cards are added in reflect"):
            review.check_can_add_card()


@pytest.mark.parametrize("phase", [p for p in PHASES if p != "vote"])
def test_votes_are_cast_in_the_vote_phase_only(phase: str) -> None:
    with pytest.raises(RuleError, match=f"is in the {phase} phase; votes are cast in the vote"):
        _review(phase).check_can_vote("ana")


def test_votes_stay_within_the_budget_per_person() -> None:
    review = _review("vote", budget=2)
    review.check_can_vote("ana")
    review.cards[1].votes["ana"] = 1
    review.check_can_vote("ana")
    review.cards[2].votes["ana"] = 1
    assert review.votes_used("ana") == 2
    with pytest.raises(RuleError, match="ana has used all 2 votes"):
        review.check_can_vote("ana")
    review.check_can_vote("bo")  # ana's dots are not bo's


def test_a_zero_budget_allows_no_vote() -> None:
    with pytest.raises(RuleError, match="has used all 0 votes"):
        _review("vote", budget=0).check_can_vote("ana")


def test_in_reflect_others_and_anonymous_cards_are_hidden_but_not_your_own() -> None:
    review = _review("reflect")
    own, others, anonymous, _ = review.cards
    assert not review.is_hidden(own, "ana")
    assert review.is_hidden(others, "ana")
    assert review.is_hidden(anonymous, "ana")
    assert review.is_hidden(own, None)
    assert review.is_hidden(anonymous, None)


@pytest.mark.parametrize("phase", [p for p in PHASES if p != "reflect"])
def test_after_reflect_nothing_is_hidden(phase: str) -> None:
    review = _review(phase)
    assert not any(review.is_hidden(card, "ana") for card in review.cards)
    assert not any(review.is_hidden(card, None) for card in review.cards)


@pytest.mark.parametrize("phase", PHASES)
def test_sorted_cards_by_votes_from_discuss_on(phase: str) -> None:
    review = _review(phase)
    review.cards[1].votes = {"ana": 2, "bo": 1}
    review.cards[3].votes = {"cy": 1}
    texts = [c.text for c in review.sorted_cards("start")]
    if PHASES.index(phase) >= PHASES.index("discuss"):
        assert texts == ["fewer meetings", "write tests", "pair more"]
    else:
        assert texts == ["pair more", "fewer meetings", "write tests"]
    assert [c.text for c in review.sorted_cards("stop")] == ["friday deploys"]


def test_add_participant_keeps_each_person_once() -> None:
    review = Review("x")
    for person in ["ana", "bo", "ana", None, ""]:
        review.add_participant(person)
    assert review.participants == ["ana", "bo"]


# --- team purpose ----------------------------------------------------------------------------


def test_set_purpose_keeps_history_and_ignores_an_unchanged_purpose() -> None:
    team = Team("core")
    assert team.purpose is None
    first = datetime(2026, 1, 1, tzinfo=UTC)
    assert team.set_purpose("Ship safely", by="ana", at=first)
    assert not team.set_purpose("  Ship safely \n", by="bo")
    assert len(team.purposes) == 1
    assert team.set_purpose("Ship safely, weekly", by="bo")
    assert team.purpose == "Ship safely, weekly"
    assert [p.text for p in team.purposes] == ["Ship safely", "Ship safely, weekly"]
    assert (team.purposes[0].set_by, team.purposes[0].set_at) == ("ana", first)
    assert team.purposes[1].set_by == "bo"
    assert team.set_purpose("Ship safely")  # going back is a change, and is kept too
    assert len(team.purposes) == 3


def test_member_is_found_by_name_in_any_case() -> None:
    team = Team("core", members=[Member("Ana"), Member("Bo")])
    assert team.member(" ana ") is team.members[0]
    assert team.member("cy") is None


# --- round trips -----------------------------------------------------------------------------

ROUND_TRIPS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Member, S.members()),
    (Agreement, S.agreements()),
    (PurposeVersion, S.purpose_versions()),
    (Team, S.teams()),
    (CheckIn, S.checkins()),
    (Goal, S.goals()),
    (Sprint, S.sprints()),
    (Card, S.cards(("start", "stop", "continue"))),
    (Intent, S.intents()),
    (Action, S.actions()),
    (Kudos, S.kudos()),
    (Review, S.reviews()),
    (Lesson, S.lessons()),
]


@pytest.mark.parametrize(("cls", "strategy"), ROUND_TRIPS, ids=[c.__name__ for c, _ in ROUND_TRIPS])
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_any_valid_object_survives_save_and_load(
    cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    obj = data.draw(strategy)
    stored = obj.to_dict()
    assert cls.from_dict(stored) == obj
    assert cls.from_dict(stored).to_dict() == stored

    text = json.dumps(stored, allow_nan=False, ensure_ascii=False)
    assert cls.from_dict(json.loads(text)) == obj

    raw = orjson.dumps(stored, option=orjson.OPT_SORT_KEYS)
    assert cls.from_dict(orjson.loads(raw)) == obj


@settings(max_examples=40, deadline=None)
@given(S.reviews())
def test_a_review_header_is_json_and_its_cards_are_in_a_valid_order(review: Review) -> None:
    orjson.dumps(review.header_dict(), option=orjson.OPT_SORT_KEYS)
    check_review_against_format(review, get_format(review.format))
    card_ids = {c.id for c in review.cards}
    assert set(review.groups) <= card_ids
    assert all(c.group is None or c.group in review.groups for c in review.cards)
    for person in review.participants:
        assert review.votes_used(person) <= review.vote_budget
    for key in get_format(review.format).column_keys:
        shown = review.sorted_cards(key)
        column = [c for c in review.cards if c.column == key]
        assert sorted(c.id for c in shown) == sorted(c.id for c in column)
        if PHASES.index(review.phase) >= PHASES.index("discuss"):
            counts = [c.vote_count for c in shown]
            assert counts == sorted(counts, reverse=True)
        else:
            assert shown == column


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_a_review_in_a_custom_format_round_trips(data: st.DataObject) -> None:
    fmt = data.draw(S.custom_formats())
    review = data.draw(S.reviews(fmt))
    assert Review.from_dict(orjson.loads(orjson.dumps(review.to_dict()))) == review
    check_review_against_format(review, fmt)


# Finding one example is the point: no shrinking (shrinking a whole team took minutes on a
# fresh machine with no example database) and no database (the same search everywhere).
_FIND = settings(phases=[Phase.generate], database=None, max_examples=2_000)


def test_the_strategies_reach_hostile_text() -> None:
    # The round trips above mean something only if the strategies produce nasty text.
    for needle in ["\x1b", "\x00", "[bold]", "\u202e", "\n", "😀"]:
        find(S.texts(), lambda t, n=needle: n in t, settings=_FIND)
    find(S.reviews(), lambda r: len(r.cards) >= 2 and any(c.group for c in r.cards), settings=_FIND)
    find(S.sprints(), lambda s: any(g.quantitative and g.checkins for g in s.goals), settings=_FIND)
    find(
        S.teams(),
        lambda t: bool(t.formats and t.purposes and t.members and t.agreements),
        settings=_FIND,
    )


def test_a_stored_datetime_without_a_zone_is_read_as_utc() -> None:
    data = Lesson("x").to_dict()
    data["created"] = "2026-01-05T10:00:00"
    assert Lesson.from_dict(data).created == datetime(2026, 1, 5, 10, tzinfo=UTC)


def test_a_stored_fractional_time_box_is_read_as_the_next_whole_minute() -> None:
    """Older stores accepted 1.5 minutes; reading one must not refuse the whole review."""
    stored = Review("Old one", timebox_minutes=2).to_dict()
    stored["timebox_minutes"] = 1.5
    assert Review.from_dict(stored).timebox_minutes == 2
    stored["timebox_minutes"] = 30.0
    assert Review.from_dict(stored).timebox_minutes == 30


def test_votes_are_private_while_voting_unless_the_review_opens_them() -> None:
    from retro.model import Card, Review

    card = Card("start", "Pairing", "ana", votes={"ana": 2, "bo": 1})
    review = Review("Retro", phase="vote", cards=[card])
    assert review.votes_private
    assert review.visible_votes(card, "ana") == {"ana": 2}
    assert review.visible_votes(card, "cy") == {}
    assert review.visible_votes(card, None) == {}
    assert review.shown_votes(card, "bo") == 1
    review.open_votes = True
    assert review.visible_votes(card, "cy") == {"ana": 2, "bo": 1}
    review.open_votes = False
    review.phase = "discuss"
    assert review.shown_votes(card, None) == 3


def test_a_review_back_in_reflect_hides_only_cards_added_since() -> None:
    from datetime import UTC, datetime, timedelta

    import pytest

    from retro.errors import RuleError
    from retro.model import Card, Review

    review = Review("Retro")
    old = Card("start", "Old", "ana")
    review.cards.append(old)
    assert review.is_hidden(old, "bo")
    # A clock behind the cards' own does not hide them again.
    review.set_phase("group", datetime(2000, 1, 1, tzinfo=UTC))
    review.set_phase("closed", datetime(2000, 1, 2, tzinfo=UTC))
    with pytest.raises(RuleError, match="confirmation"):
        review.set_phase("reflect", datetime(2000, 1, 3, tzinfo=UTC))
    assert review.phase == "closed"
    review.set_phase("reflect", datetime(2000, 1, 3, tzinfo=UTC), confirmed=True)
    new = Card("stop", "New", "ana", created=old.created + timedelta(seconds=5))
    review.cards.append(new)
    assert not review.is_hidden(old, "bo")
    assert review.is_hidden(new, "bo") and not review.is_hidden(new, "ana")
    assert Review.from_dict(review.to_dict()).revealed == review.revealed
