"""A served participant (`retro serve` sets RETRO_SERVED=1 for its app processes) is one
participant, not the host: the keys that switch stores, sync through git, write files on the
host, create or move a store, or act as another person are offered nowhere and, pressed
anyway, say why in one line and do nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select
from textual.widgets._footer import FooterKey

from retro.app import RetroApp
from retro.commands import RetroCommands
from retro.guest import SERVED_ENV, WHY
from retro.screens.dashboard import DashboardScreen
from retro.screens.export import ExportScreen
from retro.screens.forms import FormScreen
from retro.screens.review import ReviewScreen
from retro.screens.welcome import WelcomeScreen
from retro.store import Store
from retro.widgets.keys_panel import ProductKeysTable
from tests.tui.conftest import SIZE, loaded, make_app, put_in_phase, type_text, until

REFUSED = {"switch_team", "sync", "voter", "rename_team", "save", "create", "demo"}


@pytest.fixture
def guest(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The environment `retro serve` gives a participant's app; the working folder, where a
    terminal's export would save, is an empty temporary one."""
    monkeypatch.setenv(SERVED_ENV, "1")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _said(app: RetroApp) -> list[str]:
    return [n.message for n in app._notifications]


def _offered(app: RetroApp) -> set[str]:
    """Every action the screen offers: in the footer, `?` and the palette."""
    return {active.binding.action for active in app.screen.active_bindings.values()}


def _footer(app: RetroApp) -> set[str]:
    return {key.action for key in app.screen.query(FooterKey)}


def _palette(app: RetroApp) -> set[str]:
    return {name for name, _, _ in RetroCommands(app.screen)._commands()}


def _keys_panel(app: RetroApp) -> list[str]:
    table = app.screen.query_one(ProductKeysTable).render_bindings_table()
    return [str(cell) for cell in table.columns[1].cells]


def _open_review(store: Store) -> str:
    return next(r.id for r in store.reviews() if r.phase != "closed")


async def test_the_host_s_keys_are_offered_nowhere_to_a_guest(store: Store, guest: Path) -> None:
    app = make_app(store, start=_open_review(store))
    assert app.guest
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert not _offered(app) & REFUSED
        assert "voter" not in _footer(app) and "add_action" in _footer(app)
        palette = _palette(app)
        assert "Next person" not in palette and "Teams" not in palette and "Sync" not in palette
        assert "Action" in palette
        await pilot.press("question_mark")
        assert await until(pilot, lambda: bool(app.screen.query(ProductKeysTable)))
        words = " ".join(_keys_panel(app))
        assert "Action" in words
        for hidden in ("Next person", "Teams", "Sync"):
            assert hidden not in words


async def test_a_terminal_participant_keeps_every_key(store: Store) -> None:
    app = make_app(store, start=_open_review(store))
    assert not app.guest
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert {"voter", "switch_team", "sync"} <= _offered(app)
        assert "voter" in _footer(app)
        assert {"Next person", "Teams", "Sync"} <= _palette(app)


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("T", "the host switches teams"),
        ("S", "the host syncs the store through git"),
        ("w", "you vote and add cards as yourself"),
    ],
)
async def test_a_guest_pressing_a_host_s_key_reads_why_and_nothing_happens(
    store: Store, guest: Path, key: str, why: str
) -> None:
    review = _open_review(store)
    before = store.review(review)
    app = make_app(store, start=review)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press(key)
        assert await until(pilot, lambda: any(why in said for said in _said(app)))
        (line,) = [said for said in _said(app) if said.startswith(WHY)]
        assert "\n" not in line
        await pilot.pause(0.2)
        assert app.screen is screen and screen.voter == "ana"  # no form, no other person
        assert app.store is store and app.store.path == store.path
        assert not any("Sync" in said for said in _said(app))
        assert store.review(review) == before
        assert not (store.path / ".git").exists()


async def test_a_guest_cannot_rename_the_team_s_folder(store: Store, guest: Path) -> None:
    name = store.team().name
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "rename_team" not in _offered(app) and "Rename team" not in _palette(app)
        await pilot.press("f2")
        assert await until(pilot, lambda: any("renames the team" in s for s in _said(app)))
        assert isinstance(app.screen, DashboardScreen)
        assert store.team().name == name and store.path.is_dir()


async def test_a_guest_s_export_downloads_and_writes_nothing_on_the_host(
    store: Store, guest: Path
) -> None:
    app = make_app(store, start=_open_review(store))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        export = app.screen
        assert isinstance(export, ExportScreen)
        assert await until(pilot, lambda: bool(export.markdown))
        assert "download" in _footer(app) and "save" not in _offered(app)
        await pilot.press("s")
        # Run by Pilot, the app has no browser to send the file to: it says so, asks no path.
        assert await until(pilot, lambda: any("needs the browser" in s for s in _said(app)))
        assert app.screen is export
        assert list(guest.iterdir()) == []


async def test_a_terminal_s_export_still_saves_to_a_file(store: Store, guest: Path) -> None:
    app = make_app(store, start=_open_review(store))
    app.guest = False  # as a terminal: `s` asks where to save
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert "save" in _footer(app) and "download" not in _offered(app)
        await pilot.press("s")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))


async def test_a_guest_creates_no_store_from_the_welcome_screen(
    empty_store: Store, guest: Path
) -> None:
    app = RetroApp(empty_store, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert not _offered(app) & {"create", "demo"}
        assert isinstance(app.focused, Input)
        await type_text(pilot, "Guests")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: any("creates the team" in s for s in _said(app)))
        await pilot.press("ctrl+d")
        assert await until(pilot, lambda: any("loads the demo" in s for s in _said(app)))
        # The form says so from the start, without its buttons; enter on the purpose refuses.
        assert "creates the team" in str(app.screen.query_one("#welcome-error").render())
        assert not app.screen.query_one("#welcome-buttons").display
        await pilot.press("enter", "enter")
        assert await until(pilot, lambda: len([s for s in _said(app) if "creates" in s]) == 2)
        assert isinstance(app.screen, WelcomeScreen)
        assert not empty_store.path.exists()
        assert app.store is empty_store


async def test_a_guest_writes_cards_and_the_pulse_as_themselves_only(
    store: Store, guest: Path
) -> None:
    review = _open_review(store)

    put_in_phase(store, review, "group")
    cards = len(store.review(review).cards)
    app = make_app(store, start=review)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        author = app.screen.query_one("#f-author", Select)
        assert author.value == "ana" and author._legal_values == {"ana", ""}
        await type_text(pilot, "Mine")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(store.review(review).cards) == cards + 1)
        assert store.review(review).cards[-1].author == "ana"
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("p")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        person = app.screen.query_one("#f-person", Select)
        assert person.value == "ana" and person._legal_values == {"ana"}
        await pilot.press("4", "ctrl+s")
        assert await until(pilot, lambda: store.review(review).pulse.get("ana") == 4)


def test_a_guest_s_hints_name_no_key_that_hands_the_screen_over() -> None:
    from retro.screens.review_keys import phase_hint

    assert "w votes as the next person" in phase_hint("vote", guest=False)
    assert "w " not in phase_hint("vote", guest=True) and "v puts a dot" in phase_hint("vote", True)
    assert phase_hint("reflect", guest=True) == phase_hint("reflect", guest=False)
