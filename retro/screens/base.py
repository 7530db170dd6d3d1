"""What every screen of the TUI shares: the snapshot it draws and safe store writes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from retro.errors import RetroError
from retro.guest import allows

if TYPE_CHECKING:
    from retro.app import RetroApp
    from retro.loading.snapshot import Snapshot
    from retro.messages import DataReloaded

T = TypeVar("T")


class WriteTurns:
    """The TUI's store writes, one at a time in the order they were asked for (a ticket each,
    taken on the UI thread)."""

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._next = 0
        self._serving = 0

    def take(self) -> int:
        with self._turns:
            self._next += 1
            return self._next - 1

    @contextlib.contextmanager
    def wait(self, turn: int) -> Iterator[None]:
        with self._turns:
            self._turns.wait_for(lambda: self._serving == turn)
        try:
            yield
        finally:
            with self._turns:
                self._serving += 1
                self._turns.notify_all()


class RetroScreen(Screen[None]):
    """A screen that draws a `Snapshot` of the store and redraws when it changes."""

    @property
    def retro(self) -> RetroApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def snapshot(self) -> Snapshot | None:
        """The latest read of the store, once loaded."""
        return self.retro.snapshot

    @property
    def user(self) -> str:
        """The person at the keyboard."""
        return self.retro.user

    @property
    def today(self) -> date:
        """Today (frozen in tests)."""
        return self.retro.today

    DRAWS_LIGHT = False
    """Whether the screen draws from a light snapshot (read while a review board was in
    front: the dashboard's part built on first use). Other screens wait for the full read
    that follows when they come to the front, rather than build it on the UI thread."""

    DRAWS_ON_MOUNT = True
    """Whether mounting the screen draws the snapshot at hand (`on_mount`)."""

    def on_mount(self) -> None:
        snapshot = self.snapshot
        if snapshot is None or not self.DRAWS_ON_MOUNT:
            return
        if self.DRAWS_LIGHT or not snapshot.light:
            self.show_snapshot(snapshot)

    def on_data_reloaded(self, message: DataReloaded) -> None:
        # Dispatched by name (`DataReloaded.handler_name`), so that importing a screen does not
        # import the snapshot's module and the drift engine with it before the first frame.
        if self.DRAWS_LIGHT or not message.snapshot.light:
            self.show_snapshot(message.snapshot)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A served participant's keys (`retro.guest`): a screen that has rules of its own
        asks these first."""
        return allows(action, self.retro.guest)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw the screen from a fresh read of the store (keep cursors and typed text)."""

    def show_error(self, message: str) -> None:
        """The store could not be read; say so where the data would be."""

    def attempt(self, fn: Callable[[], T], then: Callable[[T], object] | None = None) -> None:
        """Run a store write in a thread worker, so that a slow disk or a lock another process
        holds never freezes the screen; writes run one at a time, in the order they were asked
        for. A `RetroError` becomes an error notification, not a crash; otherwise `then` gets
        the result on the UI thread and the app reads the store again."""
        turn = self.retro.write_turns.take()
        self.app.run_worker(  # the app's: closing the screen does not cancel a write
            partial(self._write_in_turn, turn, fn, then),
            thread=True,
            group="write",
            exit_on_error=False,
        )

    def _write_in_turn(
        self, turn: int, fn: Callable[[], T], then: Callable[[T], object] | None
    ) -> None:
        app = self.retro
        with app.write_turns.wait(turn):
            try:
                result = fn()
            except RetroError as exc:
                app.call_from_thread(self.notify, exc.message, severity="error", title="Not done")
                return
        if then is not None:
            app.call_from_thread(then, result)
        app.call_from_thread(app.reload)

    PRESENCE = "other"
    """The screen's name in the room (`retro.live.presence.SCREENS`)."""

    def presence(self) -> tuple[str, str | None, bool]:
        """What this screen tells the room: its name, the review it shows, whether the person
        marked themselves done writing."""
        return (self.PRESENCE, None, False)

    def on_screen_resume(self) -> None:
        self.retro.live.announce()
        self.retro.catch_up()

    def on_room_changed(self) -> None:
        """Who is in which room changed (`retro.app_live.RoomChanged`): redraw what shows it."""

    def export_target(self) -> tuple[str, str | None]:
        """What `x` exports from this screen: ("review", id), ("sprint", id), ("lessons", None)
        or ("team", None)."""
        return ("team", None)
