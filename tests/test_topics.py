"""Topics: groups spanning columns, the ranked agenda, the current topic, its time box and the
actions agreed on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retro.errors import RuleError, ValidationError
from retro.model import Action, Card, Review
from retro.model.topics import DEFAULT_TOPIC_MINUTES, Discussion, agenda

T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def _card(column: str, text: str, n: int, **votes: int) -> Card:
    return Card(column, text, author="ana", votes=dict(votes), created=T0 + timedelta(seconds=n))


def board() -> Review:
    """A 4Ls review: one group spanning Longed for and Lacked, and three cards on their own."""
    review = Review("Sprint 12", format="4ls")
    calendar = _card("longed", "A shared staging calendar", 1, ana=2, ben=1)
    broken = _card("lacked", "Test environment kept breaking", 2, cy=2)
    pairing = _card("liked", "Pairing on the deploy", 3, ana=1, ben=1)
    flaky = _card("lacked", "Flaky tests", 4, cy=1)
    docs = _card("learned", "Docs in the repo", 5)
    review.cards = [calendar, broken, pairing, flaky, docs]
    review.set_phase("group", T0)
    review.group(calendar.id, [broken.id], "Staging")
    return review


def test_a_group_spanning_columns_is_one_topic_with_its_total_votes() -> None:
    review = board()
    topics = agenda(review)
    assert [t.title for t in topics] == [
        "Staging",
        "Pairing on the deploy",
        "Flaky tests",
        "Docs in the repo",
    ]
    staging = topics[0]
    assert staging.votes == 5 and staging.grouped
    assert staging.columns == ("longed", "lacked")  # its cards keep their columns
    assert [c.column for c in review.cards[:2]] == ["longed", "lacked"]
    assert [t.votes for t in topics] == [5, 2, 1, 0]


def test_ties_keep_the_order_the_topics_were_started_in() -> None:
    review = Review("Ties")
    cards = [_card("start", f"card {n}", n, ana=1) for n in range(5)]
    review.cards = list(reversed(cards))  # the order of adding, not of the timestamps
    review.set_phase("group", T0)
    assert [t.title for t in agenda(review)] == [c.text for c in review.cards]


@given(st.lists(st.integers(0, 4), min_size=1, max_size=12))
def test_the_agenda_is_ranked_by_votes_and_stable(votes: list[int]) -> None:
    review = Review("Ranked", phase="discuss")
    review.cards = [
        Card("start", f"c{n}", votes={"ana": v} if v else {}) for n, v in enumerate(votes)
    ]
    topics = agenda(review)
    order = [int(t.title[1:]) for t in topics]
    assert order == sorted(range(len(votes)), key=lambda n: (-votes[n], n))


def test_votes_private_in_the_vote_phase_rank_only_the_viewers_own() -> None:
    review = board()
    review.set_phase("vote", T0)
    mine = agenda(review, "cy")
    assert [(t.title, t.votes) for t in mine[:2]] == [("Staging", 2), ("Flaky tests", 1)]
    assert [t.votes for t in agenda(review, None)] == [0, 0, 0, 0]


def test_discuss_starts_at_the_top_topic_with_its_time_box() -> None:
    review = board()
    review.discussion.minutes = 7
    review.set_phase("discuss", T0)
    current = review.current_topic()
    assert current is not None and current.title == "Staging"
    assert review.topic_left(T0 + timedelta(minutes=2)) == timedelta(minutes=5)


def test_next_and_previous_walk_the_agenda_and_restart_the_timer() -> None:
    review = board()
    review.set_phase("discuss", T0)
    later = T0 + timedelta(minutes=9)
    assert review.step_topic(1, later).title == "Pairing on the deploy"
    assert review.topic_left(later) == timedelta(minutes=DEFAULT_TOPIC_MINUTES)
    assert review.step_topic(-1, later).title == "Staging"
    with pytest.raises(RuleError, match="topic 1 is the first"):
        review.step_topic(-1, later)
    review.go_to_rank(4, later)
    with pytest.raises(RuleError, match="is the last"):
        review.step_topic(1, later)
    assert review.current_topic().title == "Docs in the repo"  # type: ignore[union-attr]


def test_a_topic_is_chosen_by_any_of_its_cards() -> None:
    review = board()
    review.set_phase("discuss", T0)
    broken = review.cards[1]
    assert review.go_to_topic(broken.id, T0).title == "Staging"
    with pytest.raises(RuleError, match="no topic 9"):
        review.go_to_rank(9, T0)
    with pytest.raises(ValidationError, match="has no card"):
        review.go_to_topic("c0000nothere", T0)


@pytest.mark.parametrize("phase", ["reflect", "group", "vote", "act", "closed"])
def test_topics_are_stepped_through_only_in_discuss(phase: str) -> None:
    review = board()
    review.set_phase(phase, T0)
    for rule in (lambda: review.step_topic(1, T0), lambda: review.more_time(2, T0)):
        with pytest.raises(RuleError, match="topics are taken one at a time in discuss"):
            rule()
    assert review.current_topic() is None


def test_more_time_adds_minutes_and_counts_from_now_once_over() -> None:
    review = board()
    review.set_phase("discuss", T0)
    assert review.more_time(2, T0 + timedelta(minutes=1)) == 7
    assert review.topic_left(T0 + timedelta(minutes=1)) == timedelta(minutes=6)
    over = T0 + timedelta(minutes=10)
    review.more_time(3, over)
    assert review.topic_left(over) == timedelta(minutes=3)
    with pytest.raises(ValidationError, match="more time"):
        review.more_time(0, over)


def test_an_action_agreed_in_discuss_is_linked_to_the_current_topic() -> None:
    review = board()
    review.add_action(Action("Before", review.id))
    review.set_phase("discuss", T0)
    review.step_topic(1, T0)
    linked = review.add_action(Action("Pair every Friday", review.id))
    assert linked.topic == review.cards[2].id
    topic = review.topic_for(linked)
    assert topic is not None and topic.title == "Pairing on the deploy"
    assert review.actions[0].topic is None
    review.set_phase("act", T0)
    assert review.add_action(Action("After", review.id)).topic is None
    review.set_phase("closed", T0)
    with pytest.raises(RuleError, match="closed"):
        review.add_action(Action("Too late", review.id))


def test_coming_back_to_discuss_carries_on_with_the_current_topic() -> None:
    review = board()
    review.set_phase("discuss", T0)
    review.go_to_rank(3, T0)
    review.set_phase("act", T0)
    review.set_phase("discuss", T0)
    assert review.current_topic().title == "Flaky tests"  # type: ignore[union-attr]
    review.set_phase("vote", T0)
    review.set_phase("discuss", T0)
    assert review.current_topic().title == "Staging"  # type: ignore[union-attr]


def test_the_discussion_round_trips_and_old_reviews_load() -> None:
    review = board()
    review.discussion.minutes = 3
    review.set_phase("discuss", T0)
    review.step_topic(1, T0)
    review.add_action(Action("Linked", review.id))
    again = Review.from_dict(review.to_dict())
    assert again == review
    old = review.to_dict()
    del old["discussion"]
    for action in old["actions"]:
        del action["topic"]
    loaded = Review.from_dict(old)
    assert loaded.discussion == Discussion()
    assert loaded.actions[0].topic is None


def test_a_bad_time_box_is_refused() -> None:
    with pytest.raises(ValidationError, match="topic's time box"):
        Discussion(minutes=0)
    with pytest.raises(ValidationError, match="topic's time box"):
        Review.from_dict({**board().to_dict(), "discussion": {"minutes": "five"}})
