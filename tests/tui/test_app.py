"""App-wide behaviour: key help, the command palette, the team switcher, unreadable stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from retro.commands import RetroCommands
from retro.demo import build_demo
from retro.screens.dashboard import DashboardScreen
from retro.screens.forms import PickScreen
from retro.screens.review import ReviewScreen
from retro.store import Store, set_current_team
from tests.tui.conftest import SIZE, TODAY, loaded, make_app, type_text, until


async def test_question_mark_shows_the_keys_of_the_screen(store: Store) -> None:
    app = make_app(store, start=store.reviews()[-1].id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        assert not app.screen.query("HelpPanel")


async def test_palette_offers_the_screens_keys_and_reviews(store: Store) -> None:
    review = store.reviews()[-1]
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        provider = RetroCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert store.review(review.id).phase == "vote"
        for wanted in ("Vote", "Group", "Next phase", "Action", "Kudos", "Pulse"):
            assert wanted in names
        # Keys that do not apply in the vote phase are not offered.
        assert "Card" not in names and "Reveal" not in names
        assert f"Open review: {review.title} ({review.on})" in names
        hits = [hit async for hit in provider.search("next phase")]
        assert hits and hits[0].text == "Next phase"
        # Running a command runs the key's action.
        phase = store.review(review.id).phase
        hits[0].command()
        assert await until(pilot, lambda: store.review(review.id).phase != phase)


async def test_palette_opens_from_the_keyboard(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await type_text(pilot, "Open review Postmortem")
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert "Postmortem" in store.review(app.screen.review_id).title


async def test_team_switcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("RETRO_HOME", str(home))
    platform = Store(home / "teams" / "platform")
    build_demo(platform, today=TODAY, user="ana")
    mobile = Store(home / "teams" / "mobile")
    mobile.init("Mobile", "Ship the app weekly", by="ana")
    set_current_team("platform")
    app = make_app(platform)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("T")
        assert isinstance(app.screen, PickScreen)
        await type_text(pilot, "mobile")
        await pilot.press("enter")
        assert await until(pilot, lambda: app.store.path == mobile.path)
        await loaded(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.snapshot is not None and app.snapshot.team.name == "Mobile"


async def test_a_damaged_store_is_a_notification_not_a_traceback(store: Store) -> None:
    review_file = next((store.path / "reviews").glob("*.json"))
    review_file.write_text("{ not json", encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: bool(app._notifications))
        messages = [n.message for n in app._notifications]
        assert any(review_file.name in m and "doctor" in m for m in messages)
        assert app.is_running
