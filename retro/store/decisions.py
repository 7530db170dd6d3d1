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

from retro.errors import NotFoundError, StoreError
from retro.store import files
from retro.store.base import StoreBase, _build
from retro.store.files import META, Tables, meta_table

if TYPE_CHECKING:
    from retro.model import Decision

T = TypeVar("T")


def decision_from_tables(data: Tables, path: Path) -> Decision:
    """Build the Decision of a decision file's tables."""
    from retro.model import Decision

    docs = list(data.get("decision", {}).values())
    if len(docs) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one decision")
    return _build(Decision.from_dict, docs[0], path)


def decision_to_tables(decision: Decision) -> Tables:
    """The tables of a decision's file."""
    return {META: meta_table("decision"), "decision": {decision.id: decision.to_dict()}}


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
        data = self._read(path, "decision")
        if data is None:
            raise NotFoundError(f"no decision has the id '{decision_id}'")
        return decision_from_tables(data, path)

    def decisions(self) -> list[Decision]:
        """Every decision, oldest first (by the day it was made, then when it was logged)."""
        found = [self.decision(i) for i in self.decision_ids()]
        return sorted(found, key=lambda d: (d.decided_on, d.created, d.id))

    def add_decision(self, decision: Decision) -> Decision:
        """Store a new decision in a file of its own."""

        def create(data: Tables) -> Decision:
            if data:
                raise StoreError(f"a decision with the id {decision.id} exists already")
            data.update(decision_to_tables(decision))
            return decision

        return self._modify(self._decision_path(decision.id), "decision", create)

    def update_decision(self, decision_id: str, fn: Callable[[Decision], T]) -> T:
        """Change a decision under the lock."""
        path = self._decision_path(decision_id)

        def change(data: Tables) -> T:
            if not data:
                raise NotFoundError(f"no decision has the id '{decision_id}'")
            decision = decision_from_tables(data, path)
            result = fn(decision)
            data.clear()
            data.update(decision_to_tables(decision))
            return result

        return self._modify(path, "decision", change)

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
