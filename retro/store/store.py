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

import bisect
import contextlib
import os
import re
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from retro import ids
from retro.errors import NotFoundError
from retro.store import files

if TYPE_CHECKING:
    from retro.store.doctor import DoctorReport
    from retro.store.transfer import ImportReport

from retro.store.decisions import DecisionRepo
from retro.store.lessons import LessonRepo
from retro.store.reviews import ReviewRepo
from retro.store.sprints import SprintRepo

T = TypeVar("T")

_FILE_KINDS = {
    **dict.fromkeys("rciak", "review"),
    **dict.fromkeys("sgh", "sprint"),
    "l": "lessons",
    "m": "team",
    "d": "decision",
}
"""The kind of file that holds each kind of object."""


_REVIEW_ITEM = re.compile(r"[ciak]+|[ciak][0-9a-z]*")
"""Kinds of the review files, or a prefix of one of their ids, that the id index answers
(`retro.store.idlines`): any other prefix is looked for in the files' bytes."""


def short_prefixes_among(only: Iterable[str], every: Iterable[str]) -> dict[str, str]:
    """For each id of `only`, its shortest prefix (of at least four characters) that no other
    id of `every` shares: the same prefixes as `ids.shortest_prefixes(every)` gives them, for a
    list that shows some ids of many.

    One sort: the ids that share their first four characters are then side by side. An id of
    `every` whose first four no other id starts with (most of them) is shown by those; any
    other id is compared with its neighbours in the sorted ids (a binary search).
    """
    known = set(every)
    ordered = sorted(known)
    least = ids.MIN_SHOWN
    heads = [i[:least] for i in ordered]
    shared = {head for head, after in pairwise(heads) if head == after}
    out: dict[str, str] = {}
    for full in only:
        head = full[:least]
        if head not in shared and full in known:
            out[full] = head
        else:
            out[full] = _shortest_among(full, ordered, least)
    return out


def _shortest_among(full: str, ordered: list[str], least: int) -> str:
    """The shortest prefix of `full` (at least `least` characters) that none of the sorted ids
    beside its place in `ordered` shares."""
    at = bisect.bisect_left(ordered, full)
    need = least
    for other in ordered[max(0, at - 1) : at + 2]:
        # They share at least `need` characters exactly when their first `need` are the same
        # (an id shorter than `need` shares them with no other).
        if other[:need] == full[:need] and other != full:
            need = _shared(full, other) + 1
    return full[:need]


def _shared(one: str, other: str) -> int:
    """How many characters two texts share at their start."""
    n = min(len(one), len(other))
    for i in range(n):
        if one[i] != other[i]:
            return i
    return n


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
        return sum(stamp[1] for stamp in files.lesson_partitions(self.path).values())

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

    def _scan_ids(self, kind: str, prefix: str = "") -> list[tuple[Path, str]]:
        """(file, id) for every id of a kind starting with `prefix`: a scan of raw bytes, no
        parsing, so that resolving a prefix stays fast in a large store. `kind` may name
        several kinds kept in the review files (``"cia"``), scanned in one pass."""
        if kind == "r":
            return [(self._review_path(i), i) for i in self.review_ids() if i.startswith(prefix)]
        if kind == "s":
            return [(self._sprint_path(i), i) for i in self.sprint_ids() if i.startswith(prefix)]
        if kind == "d":
            return [
                (self._decision_path(i), i) for i in self.decision_ids() if i.startswith(prefix)
            ]
        if self._indexed(kind, prefix):
            return [(self._review_path(rid), found) for rid, found in self._held(kind, prefix)]
        # Several kinds of the review files at once (`short_ids_of`), or one, from `prefix`.
        start = "[" + kind + "]" if len(kind) > 1 else re.escape(prefix or kind)
        pattern = files.id_pattern(start)
        found: list[tuple[Path, str]] = []
        for path in self._files_for_kind(kind[:1]):  # kinds scanned together share files
            if self._pending is not None and path in self._pending:
                raw = files.encode(self._pending[path][1])
            else:
                try:
                    raw = path.read_bytes()
                except OSError:
                    continue
            found.extend((path, m.decode()) for m in pattern.findall(raw))
        return found

    def _indexed(self, kind: str, prefix: str = "") -> bool:
        """Whether the ids of `kind` starting with `prefix` come from the review files' id
        index (`retro.store.idlines`): kinds of the review files, outside a batch, a prefix
        the index's scan would find whole."""
        return (
            self._pending is None
            and kind[:1] in tuple("ciak")
            and _REVIEW_ITEM.fullmatch(prefix or kind) is not None
        )

    def _held(self, kind: str, prefix: str = "") -> list[tuple[str, str]]:
        """(review id, id) for every id of `kind` starting with `prefix`, from the review
        files' id index (see `_indexed`)."""
        from retro.store.idlines import review_item_ids

        return [
            (review_id, found)
            for review_id, held in review_item_ids(self.path, self.review_ids())
            for found in held
            if found[0] in kind and found.startswith(prefix)
        ]

    def _ids_of(self, kind: str) -> list[str]:
        """Every id of a kind (or of several kinds of the review files), as `_scan_ids` finds
        them, without a path for each."""
        if kind == "r":
            return self.review_ids()
        if kind == "s":
            return self.sprint_ids()
        if kind == "d":
            return self.decision_ids()
        if self._indexed(kind):
            return [found for _, found in self._held(kind)]
        return [found for _, found in self._scan_ids(kind)]

    def resolve(self, text: str, kind: str | None = None) -> str:
        """The full id of the object whose id starts with what the person typed.

        Raises:
            ValidationError: not an id, too short, or of another kind than `kind`.
            NotFoundError: nothing has that id.
            AmbiguousIdError: several objects match; the message lists them.
        """
        prefix = ids.normalise(text, kind)
        try:
            return ids.resolve(prefix, [i for _, i in self._scan_ids(prefix[0], prefix)])
        except NotFoundError:
            self._check_files(prefix[0])
            raise

    def locate(self, full_id: str) -> str:
        """The id of the review or sprint holding this object (itself for reviews, sprints
        and lessons)."""
        kind = full_id[:1]
        if kind in "rsld":
            return full_id
        for path, found in self._scan_ids(kind, full_id):
            if found == full_id:
                return path.stem
        self._check_files(kind)
        raise NotFoundError(f"no {ids.KINDS.get(kind, 'object')} has the id '{full_id}'")

    def _check_files(self, kind: str) -> None:
        """After a miss: a damaged file may be what hides the object, so say so (naming the
        file) rather than that nothing has the id. Only on this error path is every file of
        the kind parsed.

        Raises:
            CorruptStoreError, ForeignStoreError, StoreError: a file of this kind is damaged.
        """
        file_kind = _FILE_KINDS.get(kind)
        if file_kind is None:
            return
        for path in self._files_for_kind(kind):
            self._read(path, file_kind)

    def short_ids(self, kind: str, only: Iterable[str] | None = None) -> dict[str, str]:
        """Full id → shortest unique prefix, over every id of this kind in the store.

        With `only`, for those ids alone (still unique among every id of the kind): one sort
        and a binary search each, for a list that shows a few of many.
        """
        every = self._ids_of(kind)
        if only is None:
            return ids.shortest_prefixes(every)
        return short_prefixes_among(only, every)

    def short_ids_of(self, wanted: Iterable[str]) -> dict[str, str]:
        """Each of these ids' shortest unique prefix among every id of its kind: what
        ``short_ids(kind, only=…)`` gives, with one scan of the files the kinds share (a
        review's cards, intents, actions and kudos are all in the review files) rather than
        one scan per kind."""
        by_kind: dict[str, list[str]] = {}
        for full in wanted:
            by_kind.setdefault(full[:1], []).append(full)
        out: dict[str, str] = {}
        shared = "".join(k for k in by_kind if k in "ciak")
        if len(shared) > 1:
            every: dict[str, list[str]] = {k: [] for k in shared}
            for found in self._ids_of(shared):
                every[found[0]].append(found)
            for kind in shared:
                out.update(short_prefixes_among(by_kind.pop(kind), every[kind]))
        for kind, only in by_kind.items():
            out.update(self.short_ids(kind, only))
        return out

    def short(self, full_id: str) -> str:
        """One id's shortest unique prefix (the id itself if the store has no such id)."""
        every = self._ids_of(full_id[:1])
        if full_id not in every:
            return full_id
        return short_prefixes_among([full_id], every)[full_id]

    # -- change detection ------------------------------------------------------------------

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Changes whenever a store file changes: a scan of names, times and sizes."""
        entries: list[tuple[str, int, int]] = []
        stack = [self.path]
        while stack:
            folder = stack.pop()
            try:
                scan = list(os.scandir(folder))
            except OSError:
                continue
            for entry in scan:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.name.endswith(".json"):
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    entries.append((entry.path, st.st_mtime_ns, st.st_size))
        return tuple(sorted(entries))

    # -- whole store -----------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """The whole store as one JSON-ready document (see `retro.store.transfer`)."""
        from retro.store.transfer import dump

        return dump(self)

    def load(self, data: Any) -> ImportReport:
        """Import an export document, merging by id; refused whole if anything is invalid."""
        from retro.store.transfer import load

        return load(self, data)

    def doctor(self, repair: bool = False) -> DoctorReport:
        """Check every file; with `repair`, restore damaged ones from their last good backup."""
        from retro.store.doctor import check

        return check(self, repair=repair)
