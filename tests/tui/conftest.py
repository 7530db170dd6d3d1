"""Fixtures for the TUI tests: a demo store built for a fixed day, and an app over it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from retro.app import RetroApp
from retro.demo import build_demo
from retro.store import Store

TODAY = date(2026, 3, 2)
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's own data directory or store."""
    monkeypatch.setenv("RETRO_STORE", str(tmp_path / "env-store"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("RETRO_HOME", str(tmp_path / "home"))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store with the demo team, built for TODAY."""
    demo = Store(tmp_path / "store")
    build_demo(demo, today=TODAY, user="ana")
    return Store(tmp_path / "store")


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    """A store that does not exist yet."""
    return Store(tmp_path / "new-store")


def put_in_phase(store: Store, review_id: str, phase: str) -> None:
    """Move a review straight to `phase` in its file, as a test's starting point (no rules, no
    timestamps: what the screens do with the phase is what is tested)."""

    def move(review):  # type: ignore[no-untyped-def]
        review.phase = phase

    store.update_review(review_id, move)


def make_app(store: Store, start: str | None = None) -> RetroApp:
    """The app over `store`, as ana, with the clock frozen at TODAY."""
    return RetroApp(store, user="ana", start=start, today=TODAY)


WAIT = 20.0
"""How long a test waits for something to show before it fails: generous, since a loaded CI
machine can be many times slower than a laptop; a wait that succeeds returns at once."""


async def loaded(pilot: Pilot) -> None:
    """Wait until the app has read the store and the screen has drawn it."""
    app = pilot.app

    def read() -> bool:
        return getattr(app, "snapshot", None) is not None and not getattr(app, "_loading", False)

    welcome = app.__class__.__name__ == "RetroApp" and not app.store.exists()
    assert welcome or await until(pilot, read), "the app never read the store"
    await pilot.pause(0.1)
    # A review board mounts its columns after the screen: wait for their card lists too.
    from textual.widgets import OptionList

    from retro.widgets.board import Board, CardColumn

    def board_ready() -> bool:
        columns = [c for b in app.screen.query(Board) for c in b.query(CardColumn)]
        boards = list(app.screen.query(Board))
        return all(b.query(CardColumn) for b in boards) and all(
            c.query(OptionList) for c in columns
        )

    assert await until(pilot, board_ready), "the review board never showed its columns"
    await pilot.wait_for_scheduled_animations()


async def until(pilot: Pilot, condition, timeout: float = WAIT) -> bool:  # type: ignore[no-untyped-def]
    """Pause until `condition()` holds (or the timeout passes); returns whether it held. Every
    caller asserts the result: a wait that silently gives up hides a failure."""
    steps = int(timeout / 0.05)
    for _ in range(steps):
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key into whatever has the focus."""
    for char in text:
        await pilot.press("space" if char == " " else char)


def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no async plugin is installed)."""
    import asyncio
    import inspect

    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None


def frozen_now() -> datetime:
    """The app's frozen clock: noon UTC of TODAY."""
    return datetime.combine(TODAY, time(12), UTC)


def discussing(store: Store) -> str:
    """Add a 4Ls review in discuss, two minutes into its first topic: "Staging" spans Longed
    for and Lacked (5 votes, an action agreed on it), then two cards of their own."""
    from retro.model import Action, Card, Review

    at = frozen_now()
    review = Review("Agenda retro", format="4ls", on=TODAY, participants=["ana", "ben"])
    cards = [
        Card("longed", "A shared staging calendar", author="ana", votes={"ana": 2, "ben": 1}),
        Card("lacked", "Test environment kept breaking", author="ben", votes={"ben": 2}),
        Card("liked", "Pairing on the deploy", author="ben", votes={"ana": 1}),
        Card("learned", "Docs belong in the repo", author="ana"),
    ]
    review.cards = cards
    review.set_phase("group", at)
    review.group(cards[0].id, [cards[1].id], "Staging")
    review.set_phase("discuss", at - timedelta(minutes=2))
    review.add_action(Action("Book staging in the calendar", review.id, owner="ana"))
    store.add_review(review)
    return review.id
