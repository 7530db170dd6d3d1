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


class OpenReview(Message):
    """Open a review on the board."""

    def __init__(self, review_id: str) -> None:
        super().__init__()
        self.review_id = review_id


class OpenSprint(Message):
    """Open a sprint."""

    def __init__(self, sprint_id: str) -> None:
        super().__init__()
        self.sprint_id = sprint_id
