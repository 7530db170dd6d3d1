"""Decisions: one small file each (``decisions/<id>.json``).

One file per decision keeps the log merge-friendly: a new decision adds a file nobody else
touches, and reviewing or superseding one changes only that decision's file (superseding
changes the old one; the new one only names nothing). A team logs a few decisions a week, so the
folder listing is all the index the log needs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from retro.store.base import StoreBase
from retro.store.documents import decision_from_tables, decision_to_tables

if TYPE_CHECKING:
    from retro.model import Decision

T = TypeVar("T")


class DecisionRepo(StoreBase):
    """Reading and changing decisions."""

    def _decision_path(self, decision_id: str) -> Path:
        return self.path / "decisions" / f"{decision_id}.json"

    def decision_ids(self) -> list[str]:
        """Every decision id (the folder listing is the index)."""
        return self._listing("decisions", "d")

    def decision(self, decision_id: str) -> Decision:
        """The decision with this full id."""
        path = self._decision_path(decision_id)
        return self._one(path, "decision", decision_id, decision_from_tables)

    def decisions(self) -> list[Decision]:
        """Every decision, oldest first (by the day it was made, then when it was logged)."""
        found = [self.decision(i) for i in self.decision_ids()]
        return sorted(found, key=lambda d: (d.decided_on, d.created, d.id))

    def add_decision(self, decision: Decision) -> Decision:
        """Store a new decision in a file of its own, through TinyDB."""
        tables = decision_to_tables(decision)
        self._add_one(self._decision_path(decision.id), "decision", decision.id, tables)
        return decision

    def update_decision(self, decision_id: str, fn: Callable[[Decision], T]) -> T:
        """Change a decision under the lock; only what changed is written, through TinyDB."""
        codec = (decision_from_tables, decision_to_tables)
        return self._update_one(
            self._decision_path(decision_id), "decision", decision_id, codec, fn
        )

    def supersede_decision(self, old_id: str, new_id: str) -> Decision:
        """Mark `old_id` replaced by `new_id` (the new one is read to check the rule)."""
        new = self.decision(new_id)

        def replace(old: Decision) -> Decision:
            old.supersede(new)
            return old

        return self.update_decision(old_id, replace)

    def delete_decision(self, decision_id: str) -> None:
        """Delete a decision (its file goes to the backup folder)."""
        self._delete(self._decision_path(decision_id), "decision", decision_id)
