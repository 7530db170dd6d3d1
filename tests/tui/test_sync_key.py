"""The TUI's sync key: a sync in a thread worker, and what came in, said in a notification."""

from __future__ import annotations

from pathlib import Path

from retro.app import RetroApp
from retro.store import Store
from tests.gitshare.conftest import make_pair
from tests.tui.conftest import SIZE, loaded, until


def _said(app: RetroApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_the_sync_key_brings_bo_s_cards_and_says_so(tmp_path: Path) -> None:
    ana, bo = make_pair(tmp_path)
    review = ana.new_id("review", "new", "Sprint 1")
    ana.sync()
    bo.sync()
    for i in range(3):
        bo.retro("card", "add", review, "start", f"bo {i}")
    bo.sync()
    store = Store(ana.store)
    app = RetroApp(store, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        assert await until(pilot, lambda: any(s.startswith("Synced:") for s in _said(app)))
        synced = next(s for s in _said(app) if s.startswith("Synced:"))
        assert synced.startswith("Synced: 3 new cards from bo")
        assert len(store.review(review).cards) == 3


async def test_the_sync_key_outside_a_repository_says_why(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.init(name="Solo")
    app = RetroApp(store, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        assert await until(pilot, lambda: any(s.startswith("Not synced:") for s in _said(app)))
        assert any("is not in a git repository" in s for s in _said(app))
