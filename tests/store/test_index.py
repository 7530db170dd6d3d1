"""The derived index (retro.store.index): every question it answers equals the same question
answered by reading every file, after any sequence of writes from several store objects; and
its freshness holds where timestamps are coarse and inodes repeat."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retro import ids
from retro.drift import previous_review
from retro.model import Lesson, Review, Sprint
from retro.store import Store
from retro.store import files as store_files
from retro.store.search import Filters
from tests.strategies import lessons, reviews, sprints

TODAY = date(2026, 3, 1)


def _tmp() -> tempfile.TemporaryDirectory[str]:
    shm = Path("/dev/shm")
    return tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None)


# -- the same questions, answered by reading every file ------------------------------------


def passes(lesson: Lesson, filters: Filters) -> bool:
    """Whether a lesson passes the filters (all but the limit): as `retro lessons` means them."""
    return (
        (filters.since is None or lesson.on >= filters.since)
        and (filters.until is None or lesson.on <= filters.until)
        and set(filters.tags) <= set(lesson.tags)
        and (
            filters.author is None or (lesson.author or "").casefold() == filters.author.casefold()
        )
        and (not filters.search or lesson.matches(filters.search))
    )


def _by_order(items: list[Review]) -> list[Review]:
    return sorted(items, key=lambda r: (r.on, r.created, r.id))


def _actions(all_reviews: list[Review], status: str | None, owner: str | None) -> list[Any]:
    found = [
        (a.to_dict(), r.title, (date.max if a.due is None else a.due, a.created))
        for r in all_reviews
        for a in r.actions
        if (status is None or a.status == status)
        and (owner is None or (a.owner or "").casefold() == owner)
    ]
    found.sort(key=lambda item: item[2])
    return [(doc, title) for doc, title, _ in found]


def _active(every: list[Sprint]) -> str | None:
    ordered = sorted(every, key=lambda s: (s.start, s.created, s.id))
    active = [s for s in ordered if s.status == "active"]
    if not active:
        active = [s for s in ordered if s.status != "closed" and s.start <= TODAY <= s.end]
    return active[-1].id if active else None


def _every_id(reader: Store) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for r in reader.reviews():
        for item in (*r.cards, *r.intents, *r.actions, *r.kudos):
            found.setdefault(item.id[0], []).append(item.id)
    for s in reader.sprints():
        found.setdefault("g", []).extend(g.id for g in s.goals)
    found.setdefault("l", []).extend(x.id for x in reader.lessons())
    return found


def check_index(path: Path, asker: Store) -> None:
    """Every query of `asker` (an object that may have answered before) equals the answer
    of a fresh object reading every file."""
    reader = Store(path)
    every = _by_order(reader.reviews())
    assert asker.review_summaries() == [r.summary_dict() for r in every]
    assert asker.review_outlines() == [
        Review.from_dict({**r.to_dict(), "cards": []}) for r in every
    ]
    for status in (None, "open", "done"):
        listed = asker.listed_actions(status)
        assert [(d, t) for d, t, _ in listed] == _actions(every, status, None)
        held = [a.id for r in every for a in r.actions]
        shortest = ids.shortest_prefixes(held)
        assert [s for _, _, s in listed] == [shortest[d["id"]] for d, _, _ in listed]
    for review in every:
        before = previous_review(review, every)
        found = asker.previous_review(review)
        assert (found and found.id) == (before and before.id)
    assert asker.active_sprint_id(TODAY) == _active(reader.sprints())
    all_lessons = reader.lessons()
    lesson_ids = ids.shortest_prefixes(x.id for x in all_lessons)
    for filters in (Filters(), Filters(search="a"), Filters(search="the e"), Filters(limit=2)):
        expected = [x.to_dict() for x in all_lessons if passes(x, filters)]
        found = asker.search_lessons(filters)
        assert found.lessons == expected[: filters.limit or None]
        assert found.short_ids() == {x["id"]: lesson_ids[x["id"]] for x in found.lessons}
    for review in every:
        assert asker.lessons_from_review(review.id) == [
            x for x in all_lessons if x.review_id == review.id
        ]
    for kind, held in _every_id(reader).items():
        assert sorted(asker._ids_of(kind)) == sorted(held)
        assert asker.short_ids(kind, held) == ids.shortest_prefixes(held)
        for full in held:
            assert asker.resolve(full[:12]) == full or len(held) > 1
    for review in every:
        for item in (*review.cards, *review.actions):
            assert asker.locate(item.id) == review.id


# -- random writes from several store objects ------------------------------------------------

OPS = st.one_of(
    st.tuples(st.just("review"), st.integers(0, 1), reviews()),
    st.tuples(st.just("retitle"), st.integers(0, 1), st.sampled_from(["Retro", "Retrp", "Other"])),
    st.tuples(st.just("status"), st.integers(0, 1), st.sampled_from(["open", "done", "dropped"])),
    st.tuples(st.just("drop"), st.integers(0, 1), st.none()),
    st.tuples(st.just("sprint"), st.integers(0, 1), sprints()),
    st.tuples(st.just("sprint_status"), st.integers(0, 1), st.sampled_from(["active", "closed"])),
    st.tuples(st.just("lesson"), st.integers(0, 1), lessons()),
    st.tuples(st.just("relesson"), st.integers(0, 1), st.sampled_from(["the end", "a x", "zz"])),
)


def _apply(store: Store, op: str, arg: Any) -> None:
    rids = store.review_ids()
    if op == "review":
        if arg.id not in rids:
            store.add_review(arg)
    elif op == "retitle" and rids:
        store.update_review(rids[0], lambda r: setattr(r, "title", arg))
    elif op == "status" and rids:

        def change(r: Review) -> None:
            for a in r.actions:
                a.status = arg
                a.done_on = None if arg == "open" else TODAY

        store.update_review(rids[-1], change)
    elif op == "drop" and rids:
        store.delete_review(rids[0])
    elif op == "sprint" and arg.id not in store.sprint_ids():
        store.add_sprint(arg)
    elif op == "sprint_status" and store.sprint_ids():
        store.update_sprint(store.sprint_ids()[0], lambda s: setattr(s, "status", arg))
    elif op == "lesson":
        if arg.id not in store.lesson_ids():
            store.add_lesson(arg)
    elif op == "relesson" and store.lesson_ids():
        store.update_lesson(store.lesson_ids()[0], lambda x: setattr(x, "text", arg))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(OPS, min_size=1, max_size=8))
def test_every_query_equals_reading_every_file(ops: list[tuple[str, int, Any]]) -> None:
    with _tmp() as folder:
        path = Path(folder) / "store"
        Store(path).init("Index team")
        handles = [Store(path), Store(path)]
        for op, who, arg in ops:
            _apply(handles[who], op, arg)
            check_index(path, handles[1 - who])


# -- freshness where timestamps are coarse and inodes repeat ---------------------------------


@pytest.fixture
def coarse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamps as a filesystem with 2-second timestamps that recycles inodes gives them."""

    def stamp_of(st: Any) -> store_files.Stamp:
        return (st.st_mtime_ns // 2_000_000_000 * 2_000_000_000, st.st_size, 7)

    monkeypatch.setattr(store_files, "stamp_of", stamp_of)


@pytest.mark.usefixtures("coarse")
def test_a_same_size_write_in_the_same_tick_is_seen(store: Store) -> None:
    review = store.add_review(Review("Retro A"))
    store.add_lesson(Lesson("vote one", author="ana", on=TODAY))
    assert [r["title"] for r in store.review_summaries()] == ["Retro A"]
    assert store.review(review.id).title == "Retro A"
    assert [x["text"] for x in store.search_lessons(Filters(search="one")).lessons] == ["vote one"]
    other = Store(store.path)
    other.update_review(review.id, lambda r: setattr(r, "title", "Retro B"))
    (lesson_id,) = other.lesson_ids()
    other.update_lesson(lesson_id, lambda x: setattr(x, "text", "vote two"))
    assert [r["title"] for r in store.review_summaries()] == ["Retro B"]
    assert store.review(review.id).title == "Retro B"
    assert store.search_lessons(Filters(search="one")).lessons == []
    assert [x["text"] for x in store.search_lessons(Filters(search="two")).lessons] == ["vote two"]


def test_a_settled_file_is_trusted_by_its_stamp() -> None:
    known = (1_000, 10, 5, 10_000_000_000)
    assert not store_files.stale(known, (1_000, 10, 5))
    assert store_files.stale(known, (1_000, 11, 5))
    assert store_files.stale((9_000_000_000, 10, 5, 10_000_000_000), (9_000_000_000, 10, 5))


# -- ids are found in parsed JSON, whatever its layout ----------------------------------------


def test_a_file_in_another_json_layout_is_indexed_the_same(store: Store) -> None:
    from retro.model import Action, Card

    review = store.add_review(Review("Retro"))
    store.update_review(review.id, lambda r: r.actions.append(Action("Fix it", r.id, owner="ana")))
    card = store.add_card(review.id, Card("start", "Pair more"))
    path = store.path / "reviews" / f"{review.id}.json"
    path.write_bytes(orjson.dumps(orjson.loads(path.read_bytes())))  # compact, one line
    other = Store(store.path)
    assert other.resolve(card.id[:6]) == card.id
    assert other.locate(card.id) == review.id
    assert [a["text"] for a, *_ in other.listed_actions()] == ["Fix it"]


def test_a_deleted_index_is_made_again(store: Store) -> None:
    review = store.add_review(Review("Retro"))
    assert [r["id"] for r in store.review_summaries()] == [review.id]
    store.index.close()
    store.index.path.unlink()
    assert [r["id"] for r in Store(store.path).review_summaries()] == [review.id]
    assert store.path not in store.index.path.parents  # never inside the store


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_the_storage_refuses_numbers_json_cannot_hold(store: Store, number: float) -> None:
    from retro.errors import StoreError

    before = (store.path / "team.json").read_bytes()
    with pytest.raises(StoreError, match="finite"):
        store_files.write_file(
            store.path / "team.json", {"team": {"team": {"x": [number]}}}, store.path
        )
    assert (store.path / "team.json").read_bytes() == before


def test_an_index_that_cannot_be_written_is_kept_in_memory(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from retro.store.index import Index

    review = store.add_review(Review("Retro"))
    real = Index._sync
    calls: list[str] = []

    def readonly(self: Index, *args: Any) -> None:
        calls.append(str(self._db and self._db.execute("PRAGMA database_list").fetchone()[2]))
        if len(calls) <= 2:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        real(self, *args)

    monkeypatch.setattr(Index, "_sync", readonly)
    assert [r["id"] for r in Store(store.path).review_summaries()] == [review.id]
    assert calls[-1] == ""  # the third try ran on a database in memory


def test_short_ids_follow_neighbours_coming_and_going(tmp_path: Path) -> None:
    """A lesson's short id is kept in the index between searches; one coming or going beside
    it (sharing a long prefix) changes it, in this store object and in another."""
    path = tmp_path / "store"
    Store(path).init("Short ids")
    mine, other = Store(path), Store(path)
    mine.add_lesson(Lesson("Pin the base image", on=TODAY, id="l0abcdef01"))
    mine.add_lesson(Lesson("Pin the runners", on=TODAY, id="l9zzzzzz01"))

    def shown() -> dict[str, str]:
        return mine.search_lessons(Filters(search="pin")).short_ids()

    assert shown() == {"l0abcdef01": "l0ab", "l9zzzzzz01": "l9zz"}
    other.add_lesson(Lesson("Pin the toolchain", on=TODAY, id="l0abcdef77"))
    assert shown() == {"l0abcdef01": "l0abcdef0", "l0abcdef77": "l0abcdef7", "l9zzzzzz01": "l9zz"}
    other.delete_lesson("l0abcdef77")
    assert shown() == {"l0abcdef01": "l0ab", "l9zzzzzz01": "l9zz"}
