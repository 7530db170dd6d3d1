"""What the TUI's dashboard reads of the store: the index's answers (`retro.store.index`) in the
shape the loader (`retro.loading`) uses, and the files read with a version each.

A file's *version* is (modification time, size, checksum of its bytes): unlike a stamp it
changes whenever the content does, even within one tick of a coarse clock with a recycled
inode, so an object built from one version of a file is reused only for that version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from retro.model import Action, Lesson, Review, Sprint
from retro.store import files
from retro.store.derive import micros
from retro.store.documents import build, review_from_tables, sprint_from_tables
from retro.store.index import FOLDERS, Index, checksum

NEWEST_LESSONS = 10
"""How many of the newest lessons the dashboard shows."""

Version = tuple[int, int, int]
"""A file's (modification time in ns, size, checksum of its bytes)."""


def versions(store_root: Path, index: Index) -> dict[str, Version]:
    """Every store file the dashboard reads, by relative path, with its version: the index's
    files (brought up to date first, under its freshness rule) and the team file."""
    index.sync(*FOLDERS)
    found: dict[str, Version] = {
        str(rel): (int(mtime), int(size), int(total))  # type: ignore[call-overload]
        for rel, mtime, size, total in index.rows("SELECT rel, mtime, size, sum FROM files")
    }
    team = read_versioned(store_root / "team.json")
    if team is not None:
        found["team.json"] = team[1]
    return found


def read_versioned(path: Path) -> tuple[bytes, Version] | None:
    """A file's bytes with its version (None if it is gone or cannot be read)."""
    try:
        raw, stamp = files.read_bytes(path)
    except OSError:
        return None
    return raw, (stamp[0], stamp[1], checksum(raw))


def read_review(path: Path) -> tuple[Review, Version] | None:
    """A review with all it holds, read from its file and checked (None if it is gone)."""
    found = read_versioned(path)
    if found is None:
        files.read_file(path, "review")  # let the store's read say what is wrong, if anything
        return None
    return review_from_tables(files.parse(path, found[0], "review"), path), found[1]


def read_lessons(path: Path) -> tuple[list[Lesson], Version] | None:
    """The lessons of one partition, in the file's order (None if it is gone)."""
    found = read_versioned(path)
    if found is None:
        files.read_file(path, "lessons")
        return None
    data = files.parse(path, found[0], "lessons")
    lessons = [build(Lesson.from_dict, doc, path) for doc in data.get("lessons", {}).values()]
    return lessons, found[1]


def newest_first(lessons: Iterable[Lesson]) -> list[Lesson]:
    """Lessons newest first, as the store lists them (a stable sort: ties keep their order)."""
    return sorted(lessons, key=lambda lesson: (lesson.on, lesson.created), reverse=True)


def lesson_files(paths: Iterable[str]) -> list[str]:
    """The lessons partitions among relative paths, in the order the store lists them."""
    found = [rel for rel in paths if rel.startswith("lessons/") and rel.count("/") == 2]
    return sorted(found, key=lambda rel: rel.split("/"))


class Dashboard:
    """The index's answers for one load of the dashboard (see the module note)."""

    def __init__(self, root: Path, index: Index, stamps: dict[str, Version]) -> None:
        self.root = root
        self.index = index
        self.stamps = stamps
        """Every file's version, as `versions` gave them."""
        rows = index.rows
        self._order = {
            "reviews": [
                str(r) for (r,) in rows("SELECT rel FROM reviews ORDER BY on_ord, created, id")
            ],
            "sprints": [
                str(r) for (r,) in rows("SELECT rel FROM sprints ORDER BY start, created, id")
            ],
        }

    @cached_property
    def _due(self) -> dict[str, list[int | None]]:
        """Every review file's open actions' due dates (read when the dashboard first asks)."""
        rows = self.index.rows("SELECT rel, due FROM reviews")
        return {str(rel): orjson.loads(str(due)) for rel, due in rows}

    @cached_property
    def _status(self) -> dict[str, str]:
        """Every sprint file's status."""
        return {str(rel): str(s) for rel, s in self.index.rows("SELECT rel, status FROM sprints")}

    def damaged(self) -> list[str]:
        """The files the index could not read (the loader reads them to say what is wrong)."""
        return [rel for folder in FOLDERS for rel in self.index.damaged(folder)]

    def in_order(self, folder: str) -> list[str]:
        """The review (or sprint) files in the store's order: by date (start), creation, id."""
        return self._order[folder]

    def _one(self, sql: str, rel: str) -> Any:
        found = self.index.rows(sql, (rel,))
        return orjson.loads(str(found[0][0])) if found else None

    def light_review(self, rel: str) -> Review | None:
        """The review of a file without its cards (None if it is gone)."""
        outline = self._one("SELECT outline FROM reviews WHERE rel = ?", rel)
        if outline is None:
            return None
        return review_from_tables({**outline, "cards": {}}, self.root / rel)

    def previous(self, review: Review) -> Review | None:
        """The review held before this one (by date, creation time, id, as
        `retro.drift.previous_review` orders them), without its cards."""
        found = self.index.rows(
            "SELECT rel FROM reviews WHERE id != ?1 AND (on_ord, created, id) < (?2, ?3, ?1)"
            " ORDER BY on_ord DESC, created DESC, id DESC LIMIT 1",
            (review.id, review.on.toordinal(), micros(review.created)),
        )
        return self.light_review(str(found[0][0])) if found else None

    def due_dates(self, rel: str) -> list[int | None]:
        """The due dates (day ordinals, None for none) of a review file's open actions, in the
        review's order."""
        return list(self._due.get(rel, []))

    def open_actions(self, rel: str) -> list[Action]:
        """The open actions of a review file, in the review's order."""
        return [
            build(Action.from_dict, orjson.loads(str(doc)), self.root / rel)
            for (doc,) in self.index.rows(
                "SELECT doc FROM actions WHERE rel = ? AND status = 'open' ORDER BY pos", (rel,)
            )
        ]

    def sprint(self, rel: str) -> Sprint | None:
        """The sprint of a file (None if it is gone)."""
        tables = self._one("SELECT tables FROM sprints WHERE rel = ?", rel)
        return None if tables is None else sprint_from_tables(tables, self.root / rel)

    def status(self, rel: str) -> str:
        """A sprint file's status."""
        return self._status[rel]

    def terms(
        self, rel: str, key: Any, compute: Callable[[Review], list[tuple[str, str]]]
    ) -> list[tuple[str, str]]:
        """Terms derived from a review's cards, kept in the index with the file under `key`
        (what else they depend on); `compute` gets the full review when they are not kept."""
        token = orjson.dumps(key, default=repr).decode()
        found = self.index.rows("SELECT key, terms FROM terms WHERE rel = ?", (rel,))
        if found and found[0][0] == token:
            return [(str(kind), str(term)) for kind, term in orjson.loads(str(found[0][1]))]
        read = read_review(self.root / rel)
        if read is None:
            return []
        terms = compute(read[0])
        if read[1] == self.stamps.get(rel):  # what was read is what the index holds
            self.index.keep_terms(rel, token, orjson.dumps([list(t) for t in terms]).decode())
        return terms

    def lesson_count(self) -> int:
        """How many lessons the store holds."""
        return int(self.index.rows("SELECT count(*) FROM lessons")[0][0])  # type: ignore[call-overload]

    def newest_lessons(self, limit: int = NEWEST_LESSONS) -> list[Lesson]:
        """The newest lessons of the store, newest first, as the store lists them."""
        from retro.store.search import ORDER

        return [
            build(Lesson.from_dict, orjson.loads(str(doc)), self.root / str(rel))
            for rel, doc in self.index.rows(
                f"SELECT rel, doc FROM lessons {ORDER} LIMIT ?", (limit,)
            )
        ]
