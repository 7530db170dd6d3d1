"""What every screen of the TUI shares: the snapshot it draws and safe store writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from retro.errors import RetroError

if TYPE_CHECKING:
    from retro.app import RetroApp
    from retro.loading.snapshot import Snapshot
    from retro.messages import DataReloaded

T = TypeVar("T")


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

    def on_mount(self) -> None:
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)

    def on_data_reloaded(self, message: DataReloaded) -> None:
        # Dispatched by name (`DataReloaded.handler_name`), so that importing a screen does not
        # import the snapshot's module and the drift engine with it before the first frame.
        self.show_snapshot(message.snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw the screen from a fresh read of the store (keep cursors and typed text)."""

    def show_error(self, message: str) -> None:
        """The store could not be read; say so where the data would be."""

    def attempt(self, fn: Callable[[], T]) -> T | None:
        """Run a store operation; a `RetroError` becomes an error notification, not a crash."""
        try:
            result = fn()
        except RetroError as exc:
            self.notify(exc.message, severity="error", title="Not done")
            return None
        self.retro.reload()
        return result

    def export_target(self) -> tuple[str, str | None]:
        """What `x` exports from this screen: ("review", id), ("sprint", id), ("lessons", None)
        or ("team", None)."""
        return ("team", None)
