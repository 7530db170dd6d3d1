"""Digests of a store's files: what a dashboard needs of each review file, sprint file and lessons
partition, kept in a disposable cache so that a large store opens without parsing every file.

A review file's digest is its sort key (date, creation time), the due dates of its open actions,
its open actions, and the file without its cards table (the review's header, intents, actions
and kudos), plus, once asked for, the terms of its improve-like cards. A sprint file's digest is
its sort key, its status and its tables. A lessons partition's digest is its count and its
newest few lessons, each with its sort key. What only some screens need (tables, actions,
lessons) is kept as JSON bytes, parsed when that file is wanted. Each digest is keyed by its
file's stamp (modification time, size and inode: every store write replaces the file, so a new
inode means new content even within one tick of a coarse clock). A digest whose file has another
stamp now is made again from the file, and a file is checked as the store checks it (every
document but the cards is built) when it is digested; the store is always the truth and the
cache only saves reading.

The cache is one file per store in the user cache directory (``RETRO_CACHE``, else
``RETRO_HOME/cache``, else platformdirs' cache directory), never inside the store folder: a
store is shared through git and the cache is one machine's. Its first line is JSON (version,
store, the index's length, an Adler-32 of the rest); then the index (every digest as JSON, where
each piece of JSON bytes is an offset and a length) and the pieces, one after another, parsed
only when used. A missing, unreadable, damaged or foreign cache file is ignored (everything is
digested again); a cache that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson

from retro.errors import CorruptStoreError
from retro.model import Action, Lesson, Review, Sprint
from retro.store import files
from retro.store.base import _build
from retro.store.cachedir import cache_dir, cache_path, store_name
from retro.store.file_digests import (
    NEWEST_LESSONS,
    REVIEW_TABLES,
    SPRINT_TABLES,
    Piece,
    sort_key,
    valid_entry,
)
from retro.store.file_digests import digest_lessons as _digest_lessons
from retro.store.file_digests import digest_review as _digest_review
from retro.store.file_digests import digest_sprint as _digest_sprint
from retro.store.reviews import review_from_tables
from retro.store.sprints import sprint_from_tables
from retro.store.stamps import (
    Stamp,
    lesson_files,
    newest_first,
    read_lessons,
    read_review,
    read_sprint,
    read_stamped,
    review_files,
    scan,
    sprint_files,
    without_cards,
)

__all__ = [
    "DIGEST_VERSION",
    "NEWEST_LESSONS",
    "REVIEW_TABLES",
    "SPRINT_TABLES",
    "Stamp",
    "StoreDigest",
    "cache_dir",
    "cache_path",
    "lesson_files",
    "newest_first",
    "read_lessons",
    "read_review",
    "read_sprint",
    "read_stamped",
    "review_files",
    "scan",
    "sort_key",
    "sprint_files",
    "without_cards",
]

T = TypeVar("T")

DIGEST_VERSION = 3
"""Bumped whenever what a digest holds changes: a cache of another version is ignored."""
_DAMAGED = (CorruptStoreError, KeyError, TypeError, ValueError, AttributeError)
"""What building from a damaged cache entry raises (orjson's decode error is a ValueError)."""


@dataclass
class StoreDigest:
    """The digests of one store's review files, sprint files and lessons partitions, by
    relative path."""

    root: Path
    """The store folder."""
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Relative path → digest (with the ``stamp`` of the file it was made from)."""
    dirty: bool = False
    """Whether it holds something the cache file does not."""
    pieces: bytes | memoryview = field(default=b"", repr=False)
    """The pieces of the cache file it was loaded from (where loaded entries' `Piece`s are)."""
    remade: int = field(default=0, compare=False)
    """How many digests were made again from their files since this one was made (`remake`)."""

    # -- the cache file ------------------------------------------------------------------

    @classmethod
    def load(cls, root: Path, path: Path) -> StoreDigest:
        """The digests cached in `path` for the store at `root`; none if the file is missing,
        damaged or not this store's."""
        try:
            raw = path.read_bytes()
            rest = memoryview(raw)[raw.index(b"\n") + 1 :]
            meta = orjson.loads(raw[: len(raw) - len(rest)])
            if not (
                isinstance(meta, dict)
                and meta.get("version") == DIGEST_VERSION
                and meta.get("schema") == files.SCHEMA_VERSION
                and meta.get("store") == store_name(root)
                and meta.get("check") == zlib.adler32(rest)
                and type(meta.get("index")) is int
            ):
                return cls(root)
            data = orjson.loads(rest[: meta["index"]])
        except (OSError, ValueError):  # orjson's decode error, or no line break
            return cls(root)
        if not isinstance(data, dict):
            return cls(root)
        entries = {
            rel: entry
            for rel, entry in data.items()
            if isinstance(rel, str) and valid_entry(rel, entry)
        }
        return cls(root, entries, pieces=rest[meta["index"] :])

    def save(self, path: Path) -> None:
        """Write the cache file (atomically); a cache that cannot be written is skipped."""
        pieces: list[bytes | memoryview] = []
        offset = 0

        def put(piece: Piece) -> list[int]:
            nonlocal offset
            data = self._bytes(piece)
            pieces.append(data)
            offset += len(data)
            return [offset - len(data), len(data)]

        index: dict[str, dict[str, Any]] = {}
        for rel, entry in self.entries.items():
            out = dict(entry)
            for name in ("open", "tables", "newest"):
                if name in out:
                    out[name] = put(out[name])
            index[rel] = out
        body = orjson.dumps(index)
        check = zlib.adler32(body)
        for piece in pieces:
            check = zlib.adler32(piece, check)
        head = orjson.dumps(
            {
                "version": DIGEST_VERSION,
                "schema": files.SCHEMA_VERSION,
                "store": store_name(self.root),
                "index": len(body),
                "check": check,
            }
        )
        tmp: str | None = None
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(head + b"\n")
                handle.write(body)
                handle.writelines(pieces)
            os.replace(tmp, path)
            tmp = None
            self.dirty = False
        except OSError:
            pass  # a cache only saves time: the next start digests again
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _bytes(self, piece: Piece) -> bytes | memoryview:
        """The JSON bytes of a piece."""
        if isinstance(piece, bytes):
            return piece
        start, length = piece
        return self.pieces[start : start + length]

    def _json(self, piece: Piece) -> Any:
        return orjson.loads(self._bytes(piece))

    # -- keeping up with the store -------------------------------------------------------

    def refresh(self, stamps: Mapping[str, Stamp]) -> StoreDigest:
        """The digests for the store as `scan` found it: kept where the file's stamp is the
        same, made again from the file where it changed, dropped where the file is gone.

        Raises:
            CorruptStoreError, ForeignStoreError, StoreError: a changed file is damaged.
        """
        wanted = [
            *review_files(stamps).values(),
            *sprint_files(stamps).values(),
            *lesson_files(stamps),
        ]
        entries: dict[str, dict[str, Any]] = {}
        dirty = self.dirty or len(wanted) != len(self.entries)
        for rel in wanted:
            entry = self.entries.get(rel)
            if entry is None or tuple(entry["stamp"]) != stamps[rel]:
                entry = self._make(rel)
                dirty = True
                if entry is None:
                    continue
            entries[rel] = entry
        return StoreDigest(self.root, entries, dirty, self.pieces)

    def remake(self, rel: str) -> dict[str, Any] | None:
        """Digest one file again from the store (after a cached digest could not be used)."""
        entry = self._make(rel)
        if entry is None:
            self.entries.pop(rel, None)
        else:
            self.entries[rel] = entry
        self.dirty = True
        self.remade += 1
        return entry

    def _make(self, rel: str) -> dict[str, Any] | None:
        path = self.root / rel
        if rel.startswith("reviews/"):
            return _digest_review(path)
        if rel.startswith("sprints/"):
            return _digest_sprint(path)
        return _digest_lessons(path)

    def _built(self, rel: str, build: Callable[[dict[str, Any], Path], T]) -> T | None:
        """What `build` makes of a file's digest; made again from the file if the cached one
        cannot be built (None if the file was deleted since)."""
        entry = self.entries.get(rel)
        if entry is not None:
            with contextlib.suppress(*_DAMAGED):
                return build(entry, self.root)  # what this raises is never shown: any path
        remade = self.remake(rel)  # a damaged cache entry? The file says what is true.
        return None if remade is None else build(remade, self.root / rel)

    # -- what the digests hold -----------------------------------------------------------

    def in_order(self, folder: str) -> list[str]:
        """The review files (``folder="reviews"``) or sprint files (``"sprints"``), in the order
        the store lists their reviews (by date, then creation) or sprints (by start, then
        creation); ties by id."""
        prefix = f"{folder}/"
        keyed = [
            (entry["key"][0], entry["key"][1], rel)
            for rel, entry in self.entries.items()
            if rel.startswith(prefix)
        ]
        keyed.sort()
        return [rel for _, _, rel in keyed]

    def light_review(self, rel: str) -> Review | None:
        """The review of a file without its cards (everything else is there); None if the file
        was deleted since."""

        def build(entry: dict[str, Any], path: Path) -> Review:
            return review_from_tables({**self._json(entry["tables"]), "cards": {}}, path)

        return self._built(rel, build)

    def due_dates(self, rel: str) -> list[int | None]:
        """The due dates (day ordinals, None for none) of a review file's open actions, in the
        review's order."""
        due = self.entries[rel]["due"]
        return due if isinstance(due, list) else []

    def open_actions(self, rel: str) -> list[Action]:
        """The open actions of a review file, in the review's order."""

        def build(entry: dict[str, Any], path: Path) -> list[Action]:
            opened = [_build(Action.from_dict, doc, path) for doc in self._json(entry["open"])]
            due = [None if a.due is None else a.due.toordinal() for a in opened]
            if due != entry["due"]:
                raise ValueError("the due dates do not match the actions")
            return opened

        return self._built(rel, build) or []

    def sprint(self, rel: str) -> Sprint | None:
        """The sprint of a file; None if the file was deleted since."""

        def build(entry: dict[str, Any], path: Path) -> Sprint:
            return sprint_from_tables(self._json(entry["tables"]), path)

        return self._built(rel, build)

    def status(self, rel: str) -> str:
        """A sprint file's status."""
        return str(self.entries[rel]["status"])

    def terms(
        self, rel: str, key: Any, compute: Callable[[Review], list[tuple[str, str]]]
    ) -> list[tuple[str, str]]:
        """Terms derived from a review's cards, cached in its digest under `key` (what else
        they depend on); `compute` gets the full review (read from its file) when the cached
        ones are missing or were made under another key."""
        entry = self.entries[rel]
        cached = entry.get("terms")
        if isinstance(cached, dict) and cached.get("key") == key:
            with contextlib.suppress(TypeError, ValueError):
                return [(str(kind), str(term)) for kind, term in cached.get("terms", [])]
        found = read_review(self.root / rel)
        if found is None:
            return []
        review, stamp = found
        terms = compute(review)
        if list(stamp) == entry["stamp"]:
            entry["terms"] = {"key": key, "terms": [list(t) for t in terms]}
            self.dirty = True
        return terms

    def lesson_count(self) -> int:
        """How many lessons the store holds."""
        return sum(
            int(entry.get("count", 0))
            for rel, entry in self.entries.items()
            if rel.startswith("lessons/")
        )

    def newest_lessons(self, limit: int = NEWEST_LESSONS) -> list[Lesson]:
        """The newest lessons of the store, newest first, as the store lists them (ties in the
        order of the partitions, then of each partition's newest)."""
        parts = lesson_files([rel for rel in self.entries if rel.startswith("lessons/")])
        for attempt in range(2):
            found: list[tuple[int, int, int, int, str, Any]] = []
            tried: list[str] = []
            try:
                for rel, rank in self._newest_first(parts):
                    top = self.entries[rel]["top"]
                    if len(found) >= limit and (-found[limit - 1][0], -found[limit - 1][1]) > (
                        top[0],
                        top[1],
                    ):
                        break  # this partition and those after it hold nothing newer
                    tried.append(rel)
                    newest = self._json(self.entries[rel]["newest"])
                    found += [(-o, -t, rank, at, rel, doc) for at, (o, t, doc) in enumerate(newest)]
                    found.sort(key=lambda item: item[:4])
                return [
                    _build(Lesson.from_dict, doc, self.root / rel) for *_, rel, doc in found[:limit]
                ]
            except _DAMAGED:
                if attempt:
                    raise
                # A damaged cache entry, or a damaged file: digest them again to tell which.
                for rel in tried:
                    self.remake(rel)
                parts = lesson_files([rel for rel in self.entries if rel.startswith("lessons/")])
        return []

    def _newest_first(self, parts: list[str]) -> list[tuple[str, int]]:
        """The partitions that hold lessons, by their newest lesson, newest first (ties in the
        partitions' order), with their place in that order."""
        heads = [
            (top[0], top[1], -rank, rel)
            for rank, rel in enumerate(parts)
            if (top := self.entries[rel]["top"]) is not None
        ]
        heads.sort(reverse=True)
        return [(rel, -negative) for _, _, negative, rel in heads]
