"""App-wide messages of the TUI."""

from __future__ import annotations

from textual.message import Message

from retro.loading.snapshot import Snapshot


class DataReloaded(Message):
    """The store was read again (someone changed it, here or in another process)."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
        """The fresh read of the store."""
