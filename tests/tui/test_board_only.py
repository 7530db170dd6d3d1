"""A process that only shows a review board (`retro open REVIEW`, a browser of `retro serve`):
it reads what the board needs and builds the dashboard only when someone goes there."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from retro import drift
from retro.loading.snapshot import load_snapshot
from retro.model import Review
from retro.screens.dashboard import DashboardScreen
from retro.screens.review import ReviewScreen
from retro.store import Store
from tests.tui.conftest import SIZE, TODAY, loaded, make_app, until
from tests.tui.test_load import shown


def test_a_light_read_shows_the_board_what_a_full_read_does(store: Store) -> None:
    # Same day, same creation second: only the id orders them.
    for n in range(3):
        store.add_review(Review(title=f"Tie {n}", on=TODAY - timedelta(days=1)))
    reviews = store.reviews()
    light = load_snapshot(Store(store.path), TODAY, light=True)
    full = load_snapshot(Store(store.path), TODAY)
    for review in reviews:
        expected = drift.previous_review(review, reviews)
        found = light.previous_review(review)
        assert (found.id if found else None) == (expected.id if expected else None)
        assert light.review(review.id) == review
    assert light.light and not full.light
    assert light._overview is None  # nothing of the dashboard built for the board …
    assert light.full._headers is None  # … nor every review
    assert shown(light) == shown(full)  # … and the same when asked for


async def test_opened_on_a_review_the_dashboard_is_built_when_asked_for(store: Store) -> None:
    review = store.reviews()[-1]
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.review_id == review.id
        assert not any(isinstance(s, DashboardScreen) for s in app.screen_stack)
        snapshot = app.snapshot
        assert snapshot is not None and snapshot.light and snapshot._overview is None
        await pilot.press("escape")  # back: the dashboard, read in full
        assert await until(pilot, lambda: isinstance(app.screen, DashboardScreen))

        def drawn() -> bool:
            top = app.screen.query("#topbar")
            return bool(top) and f"{len(store.reviews())} reviews" in str(
                top.first(Static).render()
            )

        assert await until(pilot, drawn)
        assert app.snapshot is not None and not app.snapshot.light
        await pilot.press("2")  # and the board again, over the dashboard this time
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert isinstance(app.screen_stack[1], DashboardScreen)


async def test_another_screen_over_a_light_read_waits_for_the_full_one(store: Store) -> None:
    review = store.reviews()[-1]
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.light
        await pilot.press("3")  # the sprint screen needs the sprints: a full read
        assert await until(pilot, lambda: app.screen.__class__.__name__ == "SprintScreen")
        assert await until(pilot, lambda: app.snapshot is not None and not app.snapshot.light)
        active = next(s for s in store.sprints() if s.status == "active")
        assert await until(
            pilot,
            lambda: active.title in str(app.screen.query_one("#sprint-head", Static).render()),
        )


async def test_a_topic_countdown_runs_without_a_phase_timebox_and_an_idle_board_has_no_clock(
    store: Store,
) -> None:
    from datetime import UTC, datetime

    from retro.app import RetroApp
    from retro.model import Card

    review = Review(title="Clock", on=TODAY, format="ssc", facilitator="ana")
    review.cards.append(Card("start", "Pairing"))
    store.add_review(review)
    app = RetroApp(store, user="ana", start=review.id)  # the real clock
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert not screen._clock._active.is_set()  # nothing counts down: no wake-ups

        def discuss(r: Review) -> None:
            r.set_phase("discuss", datetime.now(UTC))  # the first topic starts, 5 minutes

        store.update_review(review.id, discuss)
        assert review.timebox_minutes is None
        timer = screen.query_one("#topic-timer", Static)
        assert await until(pilot, lambda: "◷" in str(timer.render()))
        first = str(timer.render())
        assert await until(pilot, lambda: str(timer.render()) != first, timeout=5)


def test_a_board_imports_no_dashboard_and_no_markdown_parser() -> None:
    import subprocess
    import sys

    code = (
        "import sys, retro.app, retro.screens.review, retro.widgets.keys, retro.loading.snapshot\n"
        "heavy = ('markdown_it', 'pygments', 'retro.screens.dashboard', 'retro.loading.overview')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
