"""A live review in the TUI: the room on the board, done, the facilitator leading, following
them, the dashboard's live reviews, and changes heard by notification or by polling."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TabbedContent

from retro.app import RetroApp
from retro.live import beacon
from retro.live.presence import Presence
from retro.model import Card, Review, now
from retro.screens.review import ReviewScreen
from retro.store import Store
from retro.widgets.room import RoomLine
from tests.tui.conftest import SIZE, TODAY, loaded, until


def _live_review(store: Store, phase: str = "reflect") -> str:
    review = Review(
        title="Live retro",
        on=TODAY,
        facilitator="ana",
        participants=["ana"],
        phase_started=now(),
    )
    store.add_review(review)
    if phase != "reflect":
        store.update_review(review.id, lambda r: r.set_phase(phase, now()))
    return review.id


def _app(store: Store, review_id: str, user: str = "ana") -> RetroApp:
    return RetroApp(store, user=user, start=review_id, today=TODAY)


def _join(store: Store, who: str, review_id: str, done: bool = False) -> None:
    beacon.write(store.path, Presence(f"p{who}0000000001", who, "review", review_id, done))


def _room(app: RetroApp) -> str:
    line = app.screen.query_one(RoomLine)
    return str(line.render()) if line.display else ""


def _board_text(app: RetroApp) -> str:
    lists = app.screen.query(OptionList)
    return "\n".join(
        str(ol.get_option_at_index(i).prompt) for ol in lists for i in range(ol.option_count)
    )


async def _on_board(pilot: Pilot) -> ReviewScreen:
    await loaded(pilot)
    app = pilot.app
    assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    assert await until(pilot, lambda: screen.review is not None)
    return screen


@pytest.mark.parametrize("watch", ["notify", "poll"])
async def test_the_room_shows_who_else_is_there_and_when_they_are_done(
    store: Store, watch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RETRO_WATCH", watch)
    review_id = _live_review(store)
    app = _app(store, review_id)
    async with app.run_test(size=SIZE) as pilot:
        await _on_board(pilot)
        assert app.live.mode == watch
        assert _room(app) == ""  # alone: no room line
        mine = beacon.read_all(store.path)
        assert [(p.who, p.review_id, p.screen) for p in mine] == [("ana", review_id, "review")]
        _join(store, "bob", review_id)
        assert await until(pilot, lambda: "bob" in _room(app)), _room(app)
        assert "★ ana (you) facilitator ✎ writing" in _room(app)
        assert "bob ✎ writing" in _room(app)
        _join(store, "bob", review_id, done=True)
        assert await until(pilot, lambda: "bob ✓ done" in _room(app)), _room(app)
        await pilot.press("f")  # ana is done too
        assert await until(
            pilot, lambda: [p.done for p in beacon.read_all(store.path) if p.who == "ana"] == [True]
        )
        assert "ana (you) facilitator ✓ done" in _room(app)
        beacon.remove(store.path, "pbob0000000001")
        assert await until(pilot, lambda: _room(app) == ""), _room(app)
    assert [p.who for p in beacon.read_all(store.path)] == []  # left the room on exit


@pytest.mark.parametrize("watch", ["notify", "poll"])
async def test_a_card_added_elsewhere_shows_on_the_open_board(
    store: Store, watch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RETRO_WATCH", watch)
    review_id = _live_review(store)
    app = _app(store, review_id)
    async with app.run_test(size=SIZE) as pilot:
        await _on_board(pilot)
        assert (app._poller is not None) == (watch == "poll")
        Store(store.path).update_review(
            review_id,
            lambda r: r.cards.append(Card(column="start", text="Pair on deploys", author="ana")),
        )
        assert await until(pilot, lambda: "Pair on deploys" in _board_text(app))

        def in_snapshot() -> bool:
            found = app.snapshot.review(review_id) if app.snapshot else None
            return found is not None and any(c.text == "Pair on deploys" for c in found.cards)

        # Only the board's review changed: heard by notification, the rest of the store is not
        # read while the board is in front (polling reads it all), but as soon as another
        # screen is.
        await pilot.pause(0.8)
        assert in_snapshot() == (watch == "poll")
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        assert await until(pilot, in_snapshot)


async def test_votes_left_show_in_the_vote_phase(store: Store) -> None:
    review_id = _live_review(store, "vote")
    _join(store, "bob", review_id)
    app = _app(store, review_id)
    async with app.run_test(size=SIZE) as pilot:
        await _on_board(pilot)
        assert await until(pilot, lambda: "bob 3 votes left" in _room(app)), _room(app)


async def test_a_participant_cannot_move_the_phase_and_is_told_who_can(store: Store) -> None:
    review_id = _live_review(store)
    app = _app(store, review_id, user="bob")
    async with app.run_test(size=SIZE) as pilot:
        await _on_board(pilot)
        for key in (">", "r"):
            await pilot.press(key)
            assert await until(
                pilot,
                lambda: any(
                    "only the facilitator, ana" in str(n.message).lower()
                    for n in app._notifications
                ),
            )
            app.clear_notifications()
        await pilot.pause(0.3)
        assert Store(store.path).review(review_id).phase == "reflect"


async def test_a_participant_follows_the_facilitator_unless_they_went_elsewhere(
    store: Store,
) -> None:
    review_id = _live_review(store)
    app = _app(store, review_id, user="bob")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_board(pilot)
        tabs = screen.query_one(TabbedContent)

        def move(phase: str) -> None:
            Store(store.path).update_review(review_id, lambda r: r.lead_phase(phase, now(), "ana"))

        move("discuss")
        assert await until(
            pilot, lambda: screen.review is not None and screen.review.phase == "discuss"
        )
        assert await until(pilot, lambda: tabs.active == "agenda")  # discuss runs on the agenda
        move("act")  # act is run on the actions tab: bob's screen goes there
        assert await until(pilot, lambda: tabs.active == "actions")
        assert any("moved to ACT" in str(n.message) for n in app._notifications)
        await pilot.press("K")  # bob looks at the kudos on purpose
        assert await until(pilot, lambda: tabs.active == "kudos")
        app.clear_notifications()
        move("closed")
        assert await until(
            pilot, lambda: screen.review is not None and screen.review.phase == "closed"
        )
        await pilot.pause(0.2)
        assert tabs.active == "kudos"
        assert any("you stay on this tab" in str(n.message) for n in app._notifications)


async def test_the_facilitators_own_phase_change_is_not_a_change_to_follow(store: Store) -> None:
    review_id = _live_review(store, "discuss")
    app = _app(store, review_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_board(pilot)
        await pilot.press(">")
        assert await until(
            pilot, lambda: screen.review is not None and screen.review.phase == "act"
        )
        assert screen.query_one(TabbedContent).active == "actions"
        assert not any(n.title == "The facilitator leads" for n in app._notifications)


async def test_the_dashboard_shows_the_reviews_live_now(store: Store, tmp_path: Path) -> None:
    review_id = _live_review(store)
    app = RetroApp(store, user="ana", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        line = app.screen.query_one("#live-now", Static)
        assert not line.display
        _join(store, "bob", review_id)
        _join(store, "cy", review_id)
        assert await until(pilot, lambda: line.display)
        assert "Live retro (reflect): bob, cy" in str(line.render())
        beacon.remove(store.path, "pbob0000000001")
        beacon.remove(store.path, "pcy0000000001")
        assert await until(pilot, lambda: not line.display)


async def test_a_session_that_cannot_announce_itself_says_so_once(store: Store) -> None:
    review_id = _live_review(store)
    (store.path / ".presence").write_text("not a folder")  # as a read-only store would refuse
    app = _app(store, review_id)
    async with app.run_test(size=SIZE) as pilot:
        await _on_board(pilot)
        assert await until(
            pilot, lambda: any(n.title == "Not in the room" for n in app._notifications)
        )
        assert sum(n.title == "Not in the room" for n in app._notifications) == 1
        assert (store.path / ".presence").read_text() == "not a folder"
