"""The room's rules, pure: who counts as there, the stale rule, what each person shows."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from retro.live.presence import Presence, fresh, is_fresh, live_reviews, room, summary
from retro.model import Card, Review

NOW = 1_000_000.0


def _review(phase: str = "reflect", facilitator: str | None = "dana") -> Review:
    return Review(
        title="Sprint 12 retro",
        on=date(2026, 3, 2),
        facilitator=facilitator,
        phase=phase,  # type: ignore[arg-type]
        vote_budget=3,
        id="rlive00000000",
    )


def _here(who: str, session: str | None = None, **kwargs: object) -> Presence:
    defaults: dict[str, object] = {"screen": "review", "review_id": "rlive00000000"}
    defaults.update(kwargs)
    defaults.setdefault("updated", NOW - 1)
    return Presence(session or f"p{who}", who, **defaults)  # type: ignore[arg-type]


def test_a_presence_is_fresh_until_it_has_gone_unrefreshed_for_the_staleness() -> None:
    assert is_fresh(_here("ann", updated=NOW - 14.9), NOW)
    assert not is_fresh(_here("ann", updated=NOW - 15), NOW)
    assert is_fresh(_here("ann", updated=NOW - 1.9), NOW, stale_after=2)
    assert not is_fresh(_here("ann", updated=NOW - 2.1), NOW, stale_after=2)
    # Another host's clock a little ahead: still there.
    assert is_fresh(_here("ann", updated=NOW + 3), NOW)


@given(st.lists(st.floats(min_value=0, max_value=100), max_size=20), st.floats(1, 30))
def test_fresh_keeps_exactly_the_presences_refreshed_within_the_staleness(
    ages: list[float], stale: float
) -> None:
    presences = [_here("p", session=f"s{i}", updated=NOW - age) for i, age in enumerate(ages)]
    kept = fresh(presences, NOW, stale)
    assert {p.session for p in kept} == {p.session for p in presences if NOW - p.updated < stale}
    assert [p.updated for p in kept] == sorted((p.updated for p in kept), reverse=True)


def test_the_room_lists_the_facilitator_first_then_everyone_by_name_once_each() -> None:
    review = _review()
    seats = room(
        review,
        [
            _here("zoe"),
            _here("ann", session="pa1"),
            _here("ann", session="pa2", done=True),  # a second screen, marked done
            _here("dana"),
            _here("bob", review_id="rother0000000"),  # another review
            _here("cy", updated=NOW - 60),  # gone: a killed process
            _here("eve", screen="dashboard", review_id=None),
        ],
        NOW,
    )
    assert [(s.who, s.facilitator, s.state, s.sessions) for s in seats] == [
        ("dana", True, "writing", 1),
        ("ann", False, "done", 2),
        ("zoe", False, "writing", 1),
    ]
    assert summary(seats) == "dana (facilitator) writing · ann done · zoe writing"


def test_an_absent_facilitator_shows_as_away_and_a_review_without_one_has_none() -> None:
    seats = room(_review(), [_here("ann")], NOW)
    assert [(s.who, s.state, s.sessions) for s in seats] == [
        ("dana", "away", 0),
        ("ann", "writing", 1),
    ]
    assert seats[0].to_dict()["here"] is False
    seats = room(_review(facilitator=None), [_here("ann")], NOW)
    assert [(s.who, s.facilitator) for s in seats] == [("ann", False)]


def test_in_the_vote_phase_each_person_shows_the_votes_they_have_left_and_nothing_else() -> None:
    review = _review("vote")
    review.cards = [
        Card(column="start", text="secret a", votes={"ann": 2}),
        Card(column="stop", text="secret b", votes={"ann": 1, "zoe": 1}),
    ]
    seats = room(review, [_here("ann"), _here("zoe"), _here("dana")], NOW)
    assert [(s.who, s.state, s.votes_left) for s in seats] == [
        ("dana", "3 votes left", 3),
        ("ann", "0 votes left", 0),
        ("zoe", "2 votes left", 2),
    ]
    shown = str([s.to_dict() for s in seats])
    assert "secret" not in shown and all(card.id not in shown for card in review.cards)


def test_in_other_phases_people_are_just_there_and_done_is_forgotten() -> None:
    seats = room(_review("discuss"), [_here("ann", done=True)], NOW)
    assert [(s.who, s.state) for s in seats] == [("dana", "away"), ("ann", "here")]


def test_live_reviews_name_each_open_review_with_its_people_fullest_first() -> None:
    presences = [
        _here("ann", review_id="rbbbbbbbbbbbb"),
        _here("bob", review_id="raaaaaaaaaaaa"),
        _here("Cy", review_id="raaaaaaaaaaaa"),
        _here("bob", session="pb2", review_id="raaaaaaaaaaaa"),
        _here("old", review_id="rcccccccccccc", updated=NOW - 99),
        _here("eve", screen="lessons", review_id=None),
    ]
    assert live_reviews(presences, NOW) == {
        "raaaaaaaaaaaa": ["bob", "Cy"],
        "rbbbbbbbbbbbb": ["ann"],
    }


def test_a_file_that_is_not_a_presence_is_no_one() -> None:
    good = {"session": "pabc", "who": " ann ", "screen": "review", "review_id": "rx", "done": True}
    parsed = Presence.from_dict(good, 5.0)
    assert parsed == Presence("pabc", "ann", "review", "rx", True, 5.0)
    assert Presence.from_dict({**good, "screen": "elsewhere"}, 5.0).screen == "other"  # type: ignore[union-attr]
    assert Presence.from_dict({**good, "done": "yes"}, 5.0).done is False  # type: ignore[union-attr]
    for broken in (
        {**good, "who": ""},
        {**good, "who": 7},
        {**good, "session": None},
        {**good, "review_id": "c123"},
        {**good, "who": "x" * 500},
    ):
        assert Presence.from_dict(broken, 5.0) is None
