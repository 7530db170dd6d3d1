"""Property: any valid object survives the store's save and load, and a whole-store export
imports into an empty store and exports again to the same document."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retro.model import Lesson, Review, Sprint
from retro.store import Store
from retro.transfer import dump, load
from tests.strategies import lessons, reviews, sprints, teams

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _in_creation_order(review: Review) -> Review:
    """The store returns what a review holds in creation order (then by id), its one order."""
    for kind in ("cards", "intents", "actions", "kudos"):
        getattr(review, kind).sort(key=lambda item: (item.created.isoformat(), item.id))
    return review


def _tmp() -> tempfile.TemporaryDirectory[str]:
    """A folder in memory where there is one: these tests write many small stores."""
    shm = Path("/dev/shm")
    return tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None)


def _store(folder: str) -> Store:
    store = Store(Path(folder) / "store")
    store.init("Property team")
    return store


@SETTINGS
@given(review=reviews())
def test_any_review_round_trips(review: Review) -> None:
    with _tmp() as folder:
        store = _store(folder)
        store.add_review(review)
        assert Store(store.path).review(review.id) == _in_creation_order(review)


@SETTINGS
@given(sprint=sprints())
def test_any_sprint_round_trips(sprint: Sprint) -> None:
    with _tmp() as folder:
        store = _store(folder)
        store.add_sprint(sprint)
        sprint.goals.sort(key=lambda goal: (goal.created.isoformat(), goal.id))
        assert Store(store.path).sprint(sprint.id) == sprint


@SETTINGS
@given(items=st.lists(lessons(), max_size=8, unique_by=lambda x: x.id))
def test_any_lessons_round_trip(items: list[Lesson]) -> None:
    with _tmp() as folder:
        store = _store(folder)
        for lesson in items:
            store.add_lesson(lesson)
        stored = {x.id: x for x in Store(store.path).lessons()}
        assert stored == {x.id: x for x in items}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    team=teams(),
    review_list=st.lists(reviews(), max_size=3, unique_by=lambda r: r.id),
    sprint_list=st.lists(sprints(), max_size=2, unique_by=lambda s: s.id),
    lesson_list=st.lists(lessons(), max_size=4, unique_by=lambda x: x.id),
)
def test_export_import_export_is_the_same_document(
    team,
    review_list,
    sprint_list,
    lesson_list,  # type: ignore[no-untyped-def]
) -> None:
    with _tmp() as folder:
        source = Store(Path(folder) / "a")
        source.init(team.name)
        source.update_team(lambda t: t.__dict__.update(team.__dict__))
        for review in review_list:
            source.add_review(review)
        for sprint in sprint_list:
            source.add_sprint(sprint)
        for lesson in lesson_list:
            source.add_lesson(lesson)
        exported = dump(source)
        target = Store(Path(folder) / "b")
        load(target, exported)
        assert dump(target) == exported
        again = load(target, exported)  # importing twice duplicates nothing
        assert again.total == 0
        assert dump(Store(target.path)) == exported
