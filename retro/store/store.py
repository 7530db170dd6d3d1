"""The store: one folder per team, partitioned TinyDB files, typed repositories.

Layout (schema 1)::

    store.json                      the catalogue: what this folder is, which schema
    team.json                       the team: name, members, agreements, purpose, formats
    reviews/<review id>.json        a review; its cards, intents, actions, kudos as documents
    sprints/<sprint id>.json        a sprint; its goals (with their check-ins) as documents
    lessons/<author>/<YYYY-MM>.json lessons by author and month
    decisions/<decision id>.json    a decision of the decision log
    .backup/…                       the last good version of every file written
    .lock                           the cross-process lock (not committed)

The folder listing is the index: there is no shared counter or index file that every write
touches, so the cost of a write does not grow with the store and two people on separate
machines only change the same file when they change the same thing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from retro import ids
from retro.errors import NotFoundError
from retro.store import files
from retro.store.derive import ids_in

if TYPE_CHECKING:
    from retro.store.doctor import DoctorReport

from retro.store.decisions import DecisionRepo
from retro.store.lessons import LessonRepo
from retro.store.reviews import ReviewRepo
from retro.store.sprints import SprintRepo

T = TypeVar("T")

_FOLDERS = {**dict.fromkeys("ciak", "reviews"), **dict.fromkeys("gh", "sprints"), "l": "lessons"}
"""The folder whose files hold the ids of each kind kept in the index (`retro.store.index`)."""


class Store(ReviewRepo, SprintRepo, LessonRepo, DecisionRepo):
    """A team's store: the team, reviews, sprints, lessons and decisions, ids, change
    detection."""

    # -- team ------------------------------------------------------------------------------

    # -- ids -------------------------------------------------------------------------------

    def files_of_kind(self, kind: str) -> list[Path]:
        """The files that hold the ids of this kind (reviews for cards, intents, actions and
        kudos; sprints for goals; the lesson partitions; the team file for members)."""
        return self._files_for_kind(kind)

    def bytes_of_kind(self, kind: str) -> int:
        """The total size of the files that hold the ids of this kind: a listing and a stat
        per file, nothing read (lesson partitions, the many, without building a path each)."""
        if kind != "l":
            total = 0
            for path in self.files_of_kind(kind):
                with contextlib.suppress(OSError):
                    total += path.stat().st_size
            return total
        self.check_open()
        return sum(stamp[1] for stamp in files.listing(self.path, "lessons").values())

    def _files_for_kind(self, kind: str) -> list[Path]:
        if kind in "ciak":
            return [self._review_path(r) for r in self.review_ids()]
        if kind in "gh":  # goals and their check-ins live in the sprint files
            return [self._sprint_path(s) for s in self.sprint_ids()]
        if kind == "l":
            return self.lesson_files()
        if kind == "m":
            return [self.path / "team.json"]
        if kind == "d":
            return [self._decision_path(d) for d in self.decision_ids()]
        return []

    def _found(self, prefix: str) -> list[tuple[str, str]]:
        """(id, holder) for every id starting with `prefix` (at least its kind letter): the
        review or sprint holding it, the lessons partition's relative path for a lesson, the id
        itself for a review or sprint. Files that cannot be read are left out (`_check_files`
        says what is wrong after a miss)."""
        kind = prefix[:1]
        if kind in ("r", "s", "d"):
            every = {"r": self.review_ids, "s": self.sprint_ids, "d": self.decision_ids}[kind]()
            return [(i, i) for i in every if i.startswith(prefix)]
        if kind == "m":
            team = self._read(self.path / "team.json", "team") or {}
            return sorted({(i, i) for i in ids_in(team) if i.startswith(prefix)})
        folder = _FOLDERS.get(kind)
        if folder is None:
            return []
        return self._synced(folder, strict=False).ids(prefix)

    def _ids_of(self, kind: str) -> list[str]:
        """Every id of a kind."""
        return [found for found, _ in self._found(kind)]

    def resolve(self, text: str, kind: str | None = None) -> str:
        """The full id of the object whose id starts with what the person typed.

        Raises:
            ValidationError: not an id, too short, or of another kind than `kind`.
            NotFoundError: nothing has that id.
            AmbiguousIdError: several objects match; the message lists them.
        """
        prefix = ids.normalise(text, kind)
        try:
            return ids.resolve(prefix, [i for i, _ in self._found(prefix)])
        except NotFoundError:
            self._check_files(prefix[0])
            raise

    def locate(self, full_id: str) -> str:
        """The id of the review or sprint holding this object (itself for reviews, sprints
        and lessons)."""
        kind = full_id[:1]
        if kind in "rsld":
            return full_id
        for found, holder in self._found(full_id):
            if found == full_id:
                return holder
        self._check_files(kind)
        raise NotFoundError(f"no {ids.KINDS.get(kind, 'object')} has the id '{full_id}'")

    def _check_files(self, kind: str) -> None:
        """After a miss: a damaged file may be what hides the object, so say so (naming the
        file) rather than that nothing has the id.

        Raises:
            CorruptStoreError, ForeignStoreError, StoreError: a file of this kind is damaged.
        """
        folder = {"r": "reviews", "s": "sprints", **_FOLDERS}.get(kind)
        if folder is not None:
            self._synced(folder)
        elif kind == "m":
            self.team()

    def short_ids(self, kind: str, only: Iterable[str] | None = None) -> dict[str, str]:
        """Full id → shortest unique prefix, over every id of this kind in the store.

        With `only`, for those ids alone (still unique among every id of the kind; an id the
        store does not hold is left out or kept whole).
        """
        if only is not None and kind in _FOLDERS:
            return self._synced(_FOLDERS[kind], strict=False).shortest(only, ids.MIN_SHOWN)
        every = self._ids_of(kind)
        if only is None:
            return ids.shortest_prefixes(every)
        return ids.shortest_among(only, every)

    def short_ids_of(self, wanted: Iterable[str]) -> dict[str, str]:
        """Each of these ids' shortest unique prefix among every id of its kind."""
        by_kind: dict[str, list[str]] = {}
        for full in wanted:
            by_kind.setdefault(full[:1], []).append(full)
        out: dict[str, str] = {}
        for kind, only in by_kind.items():
            out.update(self.short_ids(kind, only))
        return out

    def short(self, full_id: str) -> str:
        """One id's shortest unique prefix (the id itself if the store has no such id)."""
        return self.short_ids(full_id[:1], [full_id]).get(full_id, full_id)

    # -- whole store -----------------------------------------------------------------------

    def doctor(self, repair: bool = False) -> DoctorReport:
        """Check every file; with `repair`, restore damaged ones from their last good backup."""
        from retro.store.doctor import check

        return check(self, repair=repair)
