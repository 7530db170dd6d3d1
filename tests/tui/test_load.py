"""Loading the TUI's data: the dashboard from the store's index, the rest after it.

The dashboard must show what a full read of the store shows, from an index it may not trust over
the store, and keep up with other processes' writes.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from retro import drift
from retro.demo import build_demo
from retro.formats import all_formats
from retro.insights.terms import review_terms, themes_from_terms
from retro.loading import dashboard
from retro.loading.overview import OPEN_ACTIONS_SHOWN, TREND_WINDOW, compute_insights
from retro.loading.snapshot import Snapshot, load_snapshot
from retro.model import Action, Lesson, Review, Sprint
from retro.store import Store, derive
from retro.store.index import Index
from tests.tui.conftest import SIZE, TODAY, loaded, make_app, until

BIG_TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo scaled to about 1,000 documents (years of reviews, recurring themes)."""
    path = tmp_path_factory.mktemp("load") / "store"
    build_demo(Store(path), size=1000, today=BIG_TODAY)
    return path


def full_read(store: Store, today: date) -> dict[str, object]:
    """What the dashboard showed when it read every review, sprint and lesson."""
    team = store.team()
    reviews = tuple(store.reviews())
    sprints = tuple(store.sprints())
    lessons = store.lessons()
    actions = [a for r in reversed(reviews) for a in r.actions]
    opened = [a for a in actions if a.status == "open"]
    opened.sort(key=lambda a: (not a.is_overdue(today), a.due or date.max))
    active = [s for s in sprints if s.status == "active"]
    planned = [s for s in sprints if s.status == "planned"]
    return {
        "insights": compute_insights(team, reviews, sprints, today),
        "reviews": [(r.id, r.title, r.on, r.phase) for r in reviews],
        "recent": [replace(r, cards=[]) for r in reviews[-TREND_WINDOW:]],
        "counts": (len(reviews), len(sprints)),
        "actions": actions,
        "open": (
            len(opened),
            sum(1 for a in opened if a.is_overdue(today)),
            opened[:OPEN_ACTIONS_SHOWN],
        ),
        "lessons": lessons[:10],
        "lesson_count": len(lessons),
        "sprints": sprints,
        "current": active[-1] if active else (planned[0] if planned else None),
    }


def shown(snapshot: Snapshot) -> dict[str, object]:
    """The same, from a snapshot."""
    opened = snapshot.open_actions
    return {
        "insights": snapshot.insights,
        "reviews": [(r.id, r.title, r.on, r.phase) for r in snapshot.headers],
        "recent": list(snapshot.recent),
        "counts": (snapshot.review_count, snapshot.sprint_count),
        "actions": snapshot.actions(),
        "open": (opened.count, opened.overdue, list(opened.first)),
        "lessons": list(snapshot.recent_lessons),
        "lesson_count": snapshot.lesson_count,
        "sprints": snapshot.sprints,
        "current": snapshot.active_sprint(),
    }


def test_the_dashboard_shows_what_a_full_read_shows(big_path: Path) -> None:
    expected = full_read(Store(big_path), BIG_TODAY)
    insights = expected["insights"]
    assert insights.themes and insights.stale and insights.sprint_trend  # type: ignore[attr-defined]
    index = Index(big_path)
    index.close()
    index.path.unlink(missing_ok=True)
    cold = load_snapshot(Store(big_path), BIG_TODAY)
    assert shown(cold) == expected
    cold.complete()
    warm = load_snapshot(Store(big_path), BIG_TODAY)
    assert shown(warm) == expected


def test_every_review_and_lesson_is_still_there_for_the_other_screens(big_path: Path) -> None:
    store = Store(big_path)
    snapshot = load_snapshot(Store(big_path), BIG_TODAY)
    reviews = store.reviews()
    one = reviews[len(reviews) // 2]
    assert snapshot.review(one.id) == one  # one review, with its cards, read on its own
    assert snapshot.full._reviews is None  # … without reading all of them
    assert snapshot.review("rzzzzzzzzzzzz") is None
    assert snapshot.lessons == tuple(store.lessons())
    assert snapshot.reviews == tuple(reviews)
    assert all(not h.cards for h in snapshot.headers)
    assert snapshot.previous_review(one).id == drift.previous_review(one, reviews).id


def test_only_what_the_dashboard_shows_is_built_and_the_rest_when_asked(store: Store) -> None:
    for n in range(TREND_WINDOW):
        store.add_review(Review(title=f"Weekly {n}", on=TODAY - timedelta(days=n)))
    later = [
        store.add_sprint(
            Sprint(
                title=f"Later {n}",
                start=TODAY + timedelta(days=20 * n),
                end=TODAY + timedelta(days=20 * n + 14),
            )
        )
        for n in (1, 2)
    ]
    snapshot = load_snapshot(Store(store.path), TODAY)
    full = snapshot.full
    assert full._headers is None and full._sprints is None  # not built for the dashboard
    assert len(snapshot.recent) == TREND_WINDOW < snapshot.review_count
    assert len(snapshot.recent_sprints) < snapshot.sprint_count
    reviews = store.reviews()
    assert snapshot.headers == tuple(replace(r, cards=[]) for r in reviews)  # built when asked
    recent = snapshot.headers[-TREND_WINDOW:]
    assert all(a is b for a, b in zip(recent, snapshot.recent, strict=True))
    assert snapshot.sprints == tuple(store.sprints())
    assert later[1] not in snapshot.recent_sprints  # only the first planned one
    assert snapshot.sprint(later[1].id) == later[1]


def test_open_actions_are_counted_and_ordered_as_the_actions_themselves_say(store: Store) -> None:
    day = TODAY - timedelta(days=3)
    for n, dues in enumerate([[day, None, TODAY], [day, day, None], [None, TODAY, day]]):
        review = Review(title=f"Ties {n}", on=TODAY - timedelta(days=n))
        review.actions = [
            Action(f"Tie {n}.{i}", review.id, due=due) for i, due in enumerate(dues)
        ] + [Action(f"Done {n}", review.id, due=day, status="done")]
        store.add_review(review)
    snapshot = load_snapshot(store, TODAY)
    expected = full_read(Store(store.path), TODAY)
    assert shown(snapshot)["open"] == expected["open"]
    assert len(expected["open"][2]) == OPEN_ACTIONS_SHOWN  # type: ignore[arg-type]


def test_changes_elsewhere_to_sprints_and_review_dates_show_after_a_reload(store: Store) -> None:
    before = load_snapshot(store, TODAY)
    other = Store(store.path)  # another process
    current = before.active_sprint()
    assert current is not None
    other.update_sprint(current.id, lambda s: setattr(s, "title", "Renamed elsewhere"))
    oldest = other.reviews()[0]
    other.update_review(oldest.id, lambda r: setattr(r, "on", TODAY + timedelta(days=1)))
    other.add_sprint(Sprint(title="Later", start=TODAY, end=TODAY + timedelta(days=14)))
    after = load_snapshot(store, TODAY, before)
    sprint = after.active_sprint()
    assert sprint is not None and sprint.title == "Renamed elsewhere"
    assert after.recent[-1].id == oldest.id
    assert shown(after) == full_read(Store(store.path), TODAY)


def test_themes_from_each_reviews_terms_are_the_engines_themes(big_path: Path) -> None:
    store = Store(big_path)
    formats = all_formats(store.team().formats)
    reviews = store.reviews()
    terms = [(r, review_terms(r, formats)) for r in reviews]
    for least in (1, 2, 3, 5):
        engine = drift.recurring_themes(reviews, formats, min_reviews=least)
        assert engine, least
        assert themes_from_terms(terms, least) == engine


def test_a_warm_start_reads_the_index_not_the_files(
    big_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_snapshot(Store(big_path), BIG_TODAY)
    first.complete()

    def no_reading(*args: object) -> None:
        raise AssertionError(f"{args[-1]} was read although the index holds it")

    for name in ("review_rows", "sprint_rows", "lesson_rows"):
        monkeypatch.setattr(derive, name, no_reading)
    monkeypatch.setattr(dashboard, "read_review", no_reading)
    warm = load_snapshot(Store(big_path), BIG_TODAY)
    assert warm.insights == first.insights


def test_a_change_reads_only_the_changed_file_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_snapshot(store, TODAY)
    review = before.headers[-1]
    other = Store(store.path)  # another process
    other.update_review(review.id, lambda r: setattr(r, "title", "Renamed elsewhere"))
    read: list[Path] = []
    review_rows = derive.review_rows

    def counting(tables, path):  # type: ignore[no-untyped-def]
        read.append(path)
        return review_rows(tables, path)

    monkeypatch.setattr(derive, "review_rows", counting)
    after = load_snapshot(store, TODAY, before)
    assert read == [store.path / "reviews" / f"{review.id}.json"]
    assert after.headers[-1].title == "Renamed elsewhere"
    assert all(a is b for a, b in zip(after.headers[:-1], before.headers[:-1], strict=True))
    monkeypatch.undo()
    assert shown(after) == full_read(Store(store.path), TODAY)


def test_the_review_board_gets_a_new_review_read_after_the_snapshot(store: Store) -> None:
    snapshot = load_snapshot(store, TODAY)
    review = store.add_review(Review(title="Later", on=TODAY))
    assert snapshot.review(review.id) is None  # not in this read; the screen reads it itself


# -- the app -----------------------------------------------------------------------------------


def _store_files(root: Path) -> set[str]:
    """The store's files, but for its lock and the presence folder (who has it open: not data)."""
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.name != ".lock" and p.relative_to(root).parts[0] != ".presence"
    }


async def test_the_app_keeps_its_index_outside_the_store_and_loads_the_rest(
    store: Store,
) -> None:
    files_before = _store_files(store.path)
    cache = Index(store.path).path
    assert not cache.exists() and store.path not in cache.parents
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        snapshot = app.snapshot
        assert snapshot is not None
        assert await until(pilot, lambda: snapshot.full._reviews is not None)
        assert cache.is_file()
        top = str(app.screen.query_one("#topbar", Static).render())
        assert f"{len(store.reviews())} reviews" in top
        assert f"{len(store.lessons())} lessons" in top
    assert _store_files(store.path) == files_before


async def test_the_rest_is_built_once_the_dashboard_is_drawn(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("retro.app.COMPLETE_AFTER", 60.0)  # not the timer: the drawn dashboard
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        snapshot = app.snapshot
        assert snapshot is not None
        assert await until(pilot, snapshot.full.loaded)


async def test_a_damaged_index_changes_nothing_shown(store: Store) -> None:
    cache = Index(store.path).path
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"SQLite format 3\x00 but damaged" * 20)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None
        assert shown(app.snapshot) == full_read(Store(store.path), TODAY)


async def test_another_process_writes_show_on_the_dashboard_within_a_second(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = app.screen.query_one("#reviews", DataTable)
        other = Store(store.path)
        review = other.add_review(Review(title="Written elsewhere", on=TODAY))
        other.add_lesson(Lesson("Seen from the other terminal", on=TODAY, author="bruno"))
        assert await until(pilot, lambda: review.id in {k.value for k in table.rows}, 1.5)
        lessons = app.screen.query_one("#lessons", Static)
        assert "Seen from the other terminal" in str(lessons.render())


async def test_a_write_in_the_same_tick_and_size_is_still_seen(store: Store) -> None:
    """A rename to a title of the same length, within one tick of a coarse clock."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        snapshot = app.snapshot
        assert snapshot is not None
        review = snapshot.headers[-1]
        path = store.path / "reviews" / f"{review.id}.json"
        before = path.stat()
        flipped = review.title.swapcase()
        Store(store.path).update_review(review.id, lambda r: setattr(r, "title", flipped))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        table = app.screen.query_one("#reviews", DataTable)
        assert await until(pilot, lambda: flipped in str(table.get_row(review.id)[1]))
