"""Sprints: one file each, with goals (and their check-ins) as documents in it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from retro import model  # each class on first use: a lesson's write builds no sprint
from retro.errors import NotFoundError, StoreError
from retro.store import files
from retro.store.base import StoreBase, _build, _by_created
from retro.store.files import META, Tables, meta_table

if TYPE_CHECKING:
    from retro.model import Sprint
    from retro.store.sprintlines import SprintLine

T = TypeVar("T")


def sprint_from_tables(data: Tables, path: Path) -> Sprint:
    """Build a Sprint from the tables of its file."""
    headers = list(data.get("sprint", {}).values())
    if len(headers) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one sprint")
    return _build(
        model.Sprint.from_dict, {**headers[0], "goals": _by_created(data.get("goals", {}))}, path
    )


def sprint_to_tables(sprint: Sprint) -> Tables:
    """The tables of a sprint's file."""
    header = sprint.to_dict()
    header.pop("goals")
    return {
        META: meta_table("sprint"),
        "sprint": {sprint.id: header},
        "goals": {goal.id: goal.to_dict() for goal in sprint.goals},
    }


class SprintRepo(StoreBase):
    """Reading and changing sprints."""

    def sprint(self, sprint_id: str) -> Sprint:
        """The sprint with this full id."""
        path = self._sprint_path(sprint_id)
        data = self._read(path, "sprint")
        if data is None:
            raise NotFoundError(f"no sprint has the id '{sprint_id}'")
        return sprint_from_tables(data, path)

    def sprints(self) -> list[Sprint]:
        """Every sprint, by start date."""
        sprints = [self.sprint(sid) for sid in self.sprint_ids()]
        return sorted(sprints, key=lambda s: (s.start, s.created))

    def active_sprint_id(self, today: date) -> str | None:
        """The id of the sprint shown when none is named (`retro drift`): of every sprint in
        the order of `sprints`, the last active one, else the last one not closed whose dates
        hold `today`; None if there is none. Fails as `sprints` does for a damaged file.

        Cheap on a large store: each sprint file's status, dates and creation time are kept
        per file stamp in a disposable index (`retro.store.sprintlines`), so only files changed
        since are read and built. Inside a batch the sprints are built as before.
        """
        from retro.store import sprintlines

        lines = self._sprint_lines()
        if lines is None:
            lines = [sprintlines.line_of(s, []) for s in self.sprints()]
        return sprintlines.active_sprint_id(lines, today)

    def _sprint_lines(self) -> list[SprintLine] | None:
        """Every sprint's line from the index, in the order of the sprint ids, each file not
        in the index read and checked by `sprint` (which raises for a damaged file); None
        inside a batch."""
        from retro.store import sprintlines

        self.check_open()
        if self._pending is not None:
            return None
        found: list[SprintLine] = []
        for sid, line in sprintlines.sprint_lines(self.path, self.sprint_ids()).items():
            if line is None:
                line = sprintlines.line_of(self.sprint(sid), [])
            found.append(line)
        return found

    def goal_short_ids(self, only: Iterable[str]) -> dict[str, str]:
        """The shortest unique prefixes of these goal ids among every goal id of the store:
        what ``short_ids("g")`` gives for them (an id it does not find is left out).

        Cheap on a large store: the goal ids of each sprint file are kept per file stamp in
        the index of `active_sprint_id`; a file not in it has its bytes scanned, as
        `short_ids` does.
        """
        from retro.ids import shortest_prefixes
        from retro.store import sprintlines
        from retro.store.store import short_prefixes_among

        self.check_open()
        if self._pending is not None:
            every = shortest_prefixes(i for _, i in self._scan_ids("g"))
            return {i: every[i] for i in only if i in every}
        ids: list[str] = []
        for sid, line in sprintlines.sprint_lines(self.path, self.sprint_ids()).items():
            if line is not None:
                ids.extend(line.goal_ids)
                continue
            try:
                raw = self._sprint_path(sid).read_bytes()
            except OSError:
                continue
            ids.extend(m.decode() for m in sprintlines.GOAL_ID.findall(raw))
        known = set(ids)
        return short_prefixes_among([i for i in only if i in known], ids)

    def add_sprint(self, sprint: Sprint) -> Sprint:
        """Store a new sprint with its goals."""

        def create(data: Tables) -> Sprint:
            if data:
                raise StoreError(f"a sprint with the id {sprint.id} exists already")
            data.update(sprint_to_tables(sprint))
            return sprint

        return self._modify(self._sprint_path(sprint.id), "sprint", create)

    def update_sprint(self, sprint_id: str, fn: Callable[[Sprint], T]) -> T:
        """Change a sprint (its goals, check-ins, status) under the lock."""
        path = self._sprint_path(sprint_id)

        def change(data: Tables) -> T:
            if not data:
                raise NotFoundError(f"no sprint has the id '{sprint_id}'")
            sprint = sprint_from_tables(data, path)
            result = fn(sprint)
            data.clear()
            data.update(sprint_to_tables(sprint))
            return result

        return self._modify(path, "sprint", change)

    def delete_sprint(self, sprint_id: str) -> None:
        """Delete a sprint with its goals and check-ins."""
        self._delete(self._sprint_path(sprint_id), "sprint", sprint_id)
