"""Sprints: one file each, with goals (and their check-ins) as documents in it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from retro.store.base import StoreBase
from retro.store.documents import sprint_from_tables, sprint_to_tables

if TYPE_CHECKING:
    from retro.model import Sprint

T = TypeVar("T")


class SprintRepo(StoreBase):
    """Reading and changing sprints."""

    def sprint(self, sprint_id: str) -> Sprint:
        """The sprint with this full id."""
        return self._one(self._sprint_path(sprint_id), "sprint", sprint_id, sprint_from_tables)

    def sprints(self) -> list[Sprint]:
        """Every sprint, by start date."""
        sprints = [self.sprint(sid) for sid in self.sprint_ids()]
        return sorted(sprints, key=lambda s: (s.start, s.created))

    def active_sprint_id(self, today: date) -> str | None:
        """The id of the sprint shown when none is named (`retro drift`): of every sprint in
        the order of `sprints`, the last active one, else the last one not closed whose dates
        hold `today`; None if there is none. From the index; fails as `sprints` does for a
        damaged file."""
        index = self._synced("sprints")
        order = "ORDER BY start DESC, created DESC, id DESC LIMIT 1"
        found = index.rows(f"SELECT id FROM sprints WHERE status = 'active' {order}")
        if not found:
            day = today.toordinal()
            found = index.rows(
                "SELECT id FROM sprints WHERE status != 'closed' AND start <= ?1 AND ?1 <= end "
                + order,
                (day,),
            )
        return str(found[0][0]) if found else None

    def goal_short_ids(self, only: Iterable[str]) -> dict[str, str]:
        """The shortest unique prefixes of these goal ids among every goal id of the store:
        what ``short_ids("g")`` gives for them (an id it does not find is left out)."""
        from retro.ids import MIN_SHOWN

        return self._synced("sprints", strict=False).shortest(only, MIN_SHOWN)

    def add_sprint(self, sprint: Sprint) -> Sprint:
        """Store a new sprint with its goals."""
        self._add_one(self._sprint_path(sprint.id), "sprint", sprint.id, sprint_to_tables(sprint))
        return sprint

    def update_sprint(self, sprint_id: str, fn: Callable[[Sprint], T]) -> T:
        """Change a sprint (its goals, check-ins, status) under the lock; only the documents
        that changed are written, through TinyDB."""
        codec = (sprint_from_tables, sprint_to_tables)
        return self._update_one(self._sprint_path(sprint_id), "sprint", sprint_id, codec, fn)

    def delete_sprint(self, sprint_id: str) -> None:
        """Delete a sprint with its goals and check-ins."""
        self._delete(self._sprint_path(sprint_id), "sprint", sprint_id)
