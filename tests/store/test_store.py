"""The store's repositories: what goes in comes out, and the files are laid out as promised."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from retro.errors import AmbiguousIdError, NotFoundError, RuleError, StoreError, ValidationError
from retro.model import Action, Card, CheckIn, Goal, Intent, Kudos, Lesson, Review, Sprint
from retro.store import Store


def test_init_creates_team_and_refuses_a_second_time(store: Store) -> None:
    team = store.team()
    assert team.name == "Platform"
    assert team.purpose == "Ship small, safe changes"
    assert (store.path / "store.json").exists()
    with pytest.raises(StoreError, match="already a retro store"):
        Store(store.path).init("Again")


def test_a_store_that_does_not_exist_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no retro store at .*'retro init'"):
        Store(tmp_path / "nothing").team()
    assert not (tmp_path / "nothing").exists()


def test_review_with_everything_round_trips(store: Store) -> None:
    review = Review("Sprint 12 retro", on=date(2026, 11, 20), format="aar", facilitator="ana")
    review.cards.append(Card("improve", "Deploys [bold]hurt[/]", author="ben", tags=["deploy"]))
    review.intents.append(Intent("Ship search", actual="Shipped late", rating="partly"))
    review.actions.append(Action("Automate rollback", review.id, owner="cy", due=date(2026, 12, 1)))
    review.kudos.append(Kudos("dee", "Fixed the pager at 3am", by="ana"))
    review.pulse = {"ana": 4, "ben": 2}
    store.add_review(review)
    assert Store(store.path).review(review.id) == review
    assert store.review_ids() == [review.id]


def test_update_review_changes_one_file_only(store: Store) -> None:
    one = store.add_review(Review("One"))
    two = store.add_review(Review("Two"))
    other = (store.path / "reviews" / f"{two.id}.json").read_bytes()
    store.update_review(one.id, lambda r: setattr(r, "phase", "vote"))
    assert store.review(one.id).phase == "vote"
    assert (store.path / "reviews" / f"{two.id}.json").read_bytes() == other


def test_add_card_follows_phase_and_format(store: Store) -> None:
    review = store.add_review(Review("Retro", format="ssc"))
    card = store.add_card(review.id, Card("Stop", "Friday deploys", author="ben"))
    stored = store.review(review.id)
    assert stored.cards == [card]
    assert stored.cards[0].column == "stop"
    assert stored.participants == ["ben"]
    with pytest.raises(ValidationError, match="has no column 'wind'"):
        store.add_card(review.id, Card("wind", "x"))
    store.update_review(review.id, lambda r: setattr(r, "phase", "vote"))
    with pytest.raises(RuleError, match="vote phase"):
        store.add_card(review.id, Card("start", "late"))
    assert len(store.review(review.id).cards) == 1


def test_cards_keep_the_order_they_were_added(store: Store) -> None:
    review = store.add_review(Review("Retro"))
    texts = [f"card {n}" for n in range(30)]
    for text in texts:
        store.add_card(review.id, Card("start", text))
    assert [c.text for c in store.review(review.id).cards] == texts


def test_anonymous_card_stores_no_author(store: Store) -> None:
    review = store.add_review(Review("Retro"))
    card = store.add_card(review.id, Card("start", "I am afraid to say this"))
    raw = (store.path / "reviews" / f"{review.id}.json").read_text()
    assert '"author": null' in raw
    assert store.review(review.id).card(card.id).author is None


def test_sprint_goals_and_checkins_round_trip(store: Store) -> None:
    sprint = Sprint("Q4 sprint", start=date(2026, 11, 1), end=date(2026, 11, 28), status="active")
    goal = Goal("Cut p95 latency", sprint.id, owner="ana", unit="ms", baseline=800, target=300)
    goal.checkins.append(CheckIn(on=date(2026, 11, 10), value=650, confidence=6, note="cache"))
    sprint.goals.append(goal)
    store.add_sprint(sprint)

    def add_checkin(s: Sprint) -> None:
        s.goal(goal.id).checkins.append(CheckIn(on=date(2026, 11, 20), value=550, confidence=7))

    store.update_sprint(sprint.id, add_checkin)
    stored = store.sprint(sprint.id)
    assert [c.value for c in stored.goal(goal.id).checkins] == [650, 550]
    assert store.sprints() == [stored]


def test_lessons_are_partitioned_by_author_and_month(store: Store) -> None:
    a = store.add_lesson(Lesson("Flags beat branches", on=date(2026, 10, 3), author="Ana B"))
    b = store.add_lesson(Lesson("Write the runbook first", on=date(2026, 11, 5), author="ben"))
    c = store.add_lesson(Lesson("Nobody owns what everyone owns", on=date(2026, 11, 6)))
    assert (store.path / "lessons" / "ana-b" / "2026-10.json").exists()
    assert (store.path / "lessons" / "ben" / "2026-11.json").exists()
    assert (store.path / "lessons" / "anonymous" / "2026-11.json").exists()
    assert store.lessons() == [c, b, a]


def test_lesson_update_moves_between_partitions(store: Store) -> None:
    lesson = store.add_lesson(Lesson("Timebox spikes", on=date(2026, 10, 3), author="ana"))
    store.update_lesson(lesson.id, lambda x: setattr(x, "on", date(2026, 12, 1)))
    assert store.lesson(lesson.id).on == date(2026, 12, 1)
    assert Store(store.path).lessons()[0].on.month != 10
    assert len(store.lessons()) == 1
    store.delete_lesson(lesson.id)
    assert store.lessons() == []


def test_delete_keeps_a_backup(store: Store) -> None:
    review = store.add_review(Review("Doomed"))
    store.delete_review(review.id)
    assert store.review_ids() == []
    assert (store.path / ".backup" / "reviews" / f"{review.id}.json").exists()
    with pytest.raises(NotFoundError):
        store.review(review.id)


def test_resolve_locate_and_short_ids(store: Store) -> None:
    review = store.add_review(Review("Retro"))
    card = store.add_card(review.id, Card("start", "x"))
    lesson = store.add_lesson(Lesson("y"))
    assert store.resolve(card.id[:6]) == card.id
    assert store.resolve(card.id.upper()[:6], "c") == card.id
    assert store.locate(card.id) == review.id
    assert store.resolve(lesson.id[:5], "l") == lesson.id
    assert store.short(card.id) == card.id[:4]
    with pytest.raises(ValidationError, match="is the id of a card, not of a review"):
        store.resolve(card.id[:6], "r")
    with pytest.raises(NotFoundError, match="no card has the id"):
        store.resolve("czzzzzz")


def test_ambiguous_prefix_lists_the_candidates(store: Store) -> None:
    review = store.add_review(Review("Retro"))
    first = store.add_card(review.id, Card("start", "one", id="cab12345678901"))
    second = store.add_card(review.id, Card("start", "two", id="cab12345678902"))
    with pytest.raises(AmbiguousIdError) as caught:
        store.resolve("cab1")
    assert first.id in caught.value.message and second.id in caught.value.message
    assert store.short_ids("c")[first.id] == first.id


def test_files_are_private(store: Store) -> None:
    review = store.add_review(Review("Retro"))
    store.add_lesson(Lesson("z", author="ana"))
    for path in [
        store.path / "store.json",
        store.path / "team.json",
        store.path / "reviews" / f"{review.id}.json",
        store.path / ".lock",
    ]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in [store.path, store.path / "reviews", store.path / "lessons" / "ana"]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_files_are_sorted_and_indented_for_diffs(store: Store) -> None:
    review = store.add_review(Review("Retro"))
    text = (store.path / "reviews" / f"{review.id}.json").read_text()
    assert text.startswith('{\n  "_meta": {')
    assert text.index('\n  "cards": {') < text.index('\n  "review": {')


def test_batch_writes_each_file_once_and_everything_lands(store: Store) -> None:
    with store.batch():
        for n in range(50):
            store.add_lesson(Lesson(f"lesson {n}", on=date(2026, 1 + n % 3, 1), author="ana"))
        review = store.add_review(Review("Batch"))
        store.add_card(review.id, Card("start", "in a batch"))
        assert len(store.lessons()) == 50
    fresh = Store(store.path)
    assert len(fresh.lessons()) == 50
    assert len(list((store.path / "lessons" / "ana").iterdir())) == 3
    assert fresh.review(review.id).cards[0].text == "in a batch"


def test_team_updates_keep_purpose_history(store: Store) -> None:
    store.update_team(lambda t: t.set_purpose("Make on-call boring", by="ben"))
    team = Store(store.path).team()
    assert [p.text for p in team.purposes] == ["Ship small, safe changes", "Make on-call boring"]


def test_review_outlines_are_reviews_without_their_cards(store: Store) -> None:
    first = Review("First", on=date(2026, 11, 1))
    first.cards.append(Card("start", "a card } with a brace\n  and a newline", author="ana"))
    first.actions.append(Action("Automate rollback", first.id, owner="cy"))
    first.intents.append(Intent("Ship search", rating="met"))
    store.add_review(first)
    second = store.add_review(Review("Second", on=date(2026, 11, 8)))
    store.add_card(second.id, Card("stop", "Friday deploys"))
    outlines = Store(store.path).review_outlines()
    assert [r.id for r in outlines] == [first.id, second.id]
    for outline in outlines:
        full = store.review(outline.id)
        assert outline.cards == []
        full.cards = []
        assert outline == full


def test_bytes_of_kind_is_the_size_of_the_files_holding_those_ids(store: Store) -> None:
    """What short ids printed after a create are sized from (a stat per file, nothing read)."""
    assert store.bytes_of_kind("l") == 0
    for n, who in enumerate(["ana", "bo", "ana", "chen"]):
        store.add_lesson(Lesson(f"lesson {n}", date(2026, 1 + n, 5), ["t"], who))
    (store.path / "lessons" / "ana" / ".hidden.json").write_text("{}")  # not a partition
    review = store.add_review(Review("R", date(2026, 3, 2)))
    store.add_card(review.id, Card(column="start", text="x", author="ana"))
    lessons = store.lesson_files()
    assert len(lessons) == 4
    assert store.bytes_of_kind("l") == sum(p.stat().st_size for p in lessons)
    assert store.bytes_of_kind("c") == sum(p.stat().st_size for p in store.files_of_kind("c"))
    assert store.bytes_of_kind("c") > 0
