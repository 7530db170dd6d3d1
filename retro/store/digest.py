"""Digests of a store's files: what a dashboard needs of each review file and lessons partition,
kept in a disposable cache so that a large store opens without parsing every card.

A review file's digest is the file without its cards table (the review's header, intents,
actions and kudos), plus, once asked for, the terms of its improve-like cards; a lessons
partition's digest is its count and its newest few lessons. Each digest is keyed by its file's
stamp (modification time, size and inode: every store write replaces the file, so a new inode
means new content even within one tick of a coarse clock). A digest whose file has another
stamp now is made again from the file; the store is always the truth and the cache only saves
parsing.

The cache is one JSON file per store in the user cache directory (``RETRO_CACHE``, else
``RETRO_HOME/cache``, else platformdirs' cache directory), never inside the store folder: a
store is shared through git and the cache is one machine's. A missing, unreadable, damaged or
foreign cache file is ignored (everything is digested again); a cache that cannot be written is
skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from retro.errors import CorruptStoreError
from retro.model import Lesson, Review
from retro.store import files
from retro.store.base import _build
from retro.store.reviews import review_from_tables

DIGEST_VERSION = 1
"""Bumped whenever what a digest holds changes: a cache of another version is ignored."""
NEWEST_LESSONS = 10
"""How many of its newest lessons a partition's digest keeps (the dashboard shows ten)."""
REVIEW_TABLES = ("review", "intents", "actions", "kudos")
"""The tables of a review file a digest keeps: all but the cards."""

Stamp = tuple[int, int, int]
"""A file's (modification time in ns, size, inode)."""

_CARDS = b'\n  "cards": {'
_TABLE_END = b"\n  }"


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where digests are cached: ``RETRO_CACHE``, else ``RETRO_HOME/cache``, else the user
    cache directory."""
    env = os.environ if env is None else env
    if env.get("RETRO_CACHE"):
        return Path(env["RETRO_CACHE"]).expanduser()
    if env.get("RETRO_HOME"):
        return Path(env["RETRO_HOME"]).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("retro", appauthor=False))


def cache_path(
    root: Path,
    env: Mapping[str, str] | None = None,
    *,
    name: str = "digest",
    suffix: str = "json",
) -> Path:
    """The cache file of the store at `root` (named by a hash of its absolute path); `name`
    and `suffix` tell the caches of one store apart (the digests, the search cache)."""
    key = hashlib.sha256(str(Path(root).expanduser().absolute()).encode()).hexdigest()[:24]
    return cache_dir(env) / f"{name}-{key}.{suffix}"


def scan(root: Path) -> dict[str, Stamp]:
    """Every store file (``.json``, not hidden) by its path relative to `root` (with ``/``),
    with its stamp: a scan of names and times, nothing is read."""
    found: dict[str, Stamp] = {}
    stack = [("", os.fspath(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".json"):
                    st = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError:
                continue
    return found


def review_files(stamps: Mapping[str, Stamp]) -> dict[str, str]:
    """Review id → relative path of its file, from a `scan`."""
    return {rel[8:-5]: rel for rel in stamps if rel.startswith("reviews/r") and rel.count("/") == 1}


def lesson_files(paths: Iterable[str]) -> list[str]:
    """The lessons partitions among relative paths (a `scan`), in the order the store lists
    them."""
    found = [rel for rel in paths if rel.startswith("lessons/") and rel.count("/") == 2]
    return sorted(found, key=lambda rel: rel.split("/"))


def sprint_files(stamps: Mapping[str, Stamp]) -> dict[str, str]:
    """Sprint id → relative path of its file, from a `scan`."""
    return {rel[8:-5]: rel for rel in stamps if rel.startswith("sprints/s") and rel.count("/") == 1}


def read_stamped(path: Path, kind: str) -> tuple[files.Tables, Stamp] | None:
    """Read and check a store file with the stamp of what was read; None if it is gone.

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: as `retro.store.files.read_file`.
    """
    raw_stamp = _read_raw(path, kind)
    if raw_stamp is None:
        return None
    raw, stamp = raw_stamp
    return files.parse(path, raw, kind), stamp


def _read_raw(path: Path, kind: str) -> tuple[bytes, Stamp] | None:
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except FileNotFoundError:
        return None
    except OSError:
        # Let the store's own reader say what is wrong, as every command does.
        files.read_file(path, kind)
        raise
    return raw, (st.st_mtime_ns, st.st_size, st.st_ino)


def without_cards(raw: bytes) -> bytes:
    """A review file's bytes with its cards table emptied, when the file is laid out as the
    store writes it (sorted keys, two-space indentation: the table's key and its closing brace
    are the only lines indented by exactly two spaces, and JSON strings hold no newline); else
    the bytes as they are."""
    start = raw.find(_CARDS)
    if start < 0 or raw[start + len(_CARDS) : start + len(_CARDS) + 1] == b"}":
        return raw
    end = raw.find(_TABLE_END, start)
    if end < 0:
        return raw
    return raw[:start] + _CARDS + b"}" + raw[end + len(_TABLE_END) :]


def read_review(path: Path) -> tuple[Review, Stamp] | None:
    """A review with all it holds, read from its file (None if it is gone)."""
    found = read_stamped(path, "review")
    if found is None:
        return None
    data, stamp = found
    return review_from_tables(data, path), stamp


def read_lessons(path: Path) -> tuple[list[Lesson], Stamp] | None:
    """The lessons of one partition, in the file's order (None if it is gone)."""
    found = read_stamped(path, "lessons")
    if found is None:
        return None
    data, stamp = found
    return [_build(Lesson.from_dict, doc, path) for doc in data.get("lessons", {}).values()], stamp


def newest_first(lessons: list[Lesson]) -> list[Lesson]:
    """Lessons newest first, as the store lists them (a stable sort: ties keep their order)."""
    return sorted(lessons, key=lambda lesson: (lesson.on, lesson.created), reverse=True)


def _digest_review(path: Path) -> dict[str, Any] | None:
    found = _read_raw(path, "review")
    if found is None:
        return None
    raw, stamp = found
    try:
        data = files.parse(path, without_cards(raw), "review")
    except CorruptStoreError:
        data = files.parse(path, raw, "review")  # the whole file says what is wrong
    return {"stamp": list(stamp), "tables": {name: data.get(name, {}) for name in REVIEW_TABLES}}


def _digest_lessons(path: Path) -> dict[str, Any] | None:
    found = read_lessons(path)
    if found is None:
        return None
    lessons, stamp = found
    newest = [
        [lesson.on.toordinal(), lesson.created.timestamp(), lesson.to_dict()]
        for lesson in newest_first(lessons)[:NEWEST_LESSONS]
    ]
    return {"stamp": list(stamp), "count": len(lessons), "newest": newest}


@dataclass
class StoreDigest:
    """The digests of one store's review files and lessons partitions, by relative path."""

    root: Path
    """The store folder."""
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Relative path → digest (JSON-ready, with the ``stamp`` of the file it was made from)."""
    dirty: bool = False
    """Whether it holds something the cache file does not."""

    # -- the cache file ------------------------------------------------------------------

    @classmethod
    def load(cls, root: Path, path: Path) -> StoreDigest:
        """The digests cached in `path` for the store at `root`; none if the file is missing,
        damaged or not this store's."""
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return cls(root)
        if (
            not isinstance(data, dict)
            or data.get("version") != DIGEST_VERSION
            or data.get("schema") != files.SCHEMA_VERSION
            or data.get("store") != str(Path(root).expanduser().absolute())
            or not isinstance(data.get("entries"), dict)
        ):
            return cls(root)
        entries = {
            rel: entry
            for rel, entry in data["entries"].items()
            if isinstance(rel, str) and _valid(rel, entry)
        }
        return cls(root, entries)

    def save(self, path: Path) -> None:
        """Write the cache file (atomically); a cache that cannot be written is skipped."""
        payload = orjson.dumps(
            {
                "version": DIGEST_VERSION,
                "schema": files.SCHEMA_VERSION,
                "store": str(Path(self.root).expanduser().absolute()),
                "entries": self.entries,
            }
        )
        tmp: str | None = None
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(tmp, path)
            tmp = None
            self.dirty = False
        except OSError:
            pass  # a cache only saves time: the next start digests again
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    # -- keeping up with the store -------------------------------------------------------

    def refresh(self, stamps: Mapping[str, Stamp]) -> StoreDigest:
        """The digests for the store as `scan` found it: kept where the file's stamp is the
        same, made again from the file where it changed, dropped where the file is gone.

        Raises:
            CorruptStoreError, ForeignStoreError, StoreError: a changed file is damaged.
        """
        wanted = [*review_files(stamps).values(), *lesson_files(stamps)]
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
        return StoreDigest(self.root, entries, dirty)

    def remake(self, rel: str) -> dict[str, Any] | None:
        """Digest one file again from the store (after a cached digest could not be used)."""
        entry = self._make(rel)
        if entry is None:
            self.entries.pop(rel, None)
        else:
            self.entries[rel] = entry
        self.dirty = True
        return entry

    def _make(self, rel: str) -> dict[str, Any] | None:
        path = self.root / rel
        return _digest_review(path) if rel.startswith("reviews/") else _digest_lessons(path)

    # -- what the digests hold -----------------------------------------------------------

    def light_review(self, rel: str) -> Review | None:
        """The review of a file without its cards (everything else is there); None if the file
        was deleted since."""
        path = self.root / rel
        try:
            return review_from_tables({**self.entries[rel]["tables"], "cards": {}}, path)
        except (CorruptStoreError, KeyError, TypeError, AttributeError):
            remade = self.remake(rel)  # a damaged cache entry? The file says what is true.
            if remade is None:
                return None
            return review_from_tables({**remade["tables"], "cards": {}}, path)

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
        """The newest lessons of the store, newest first, as the store lists them."""
        for attempt in range(2):
            candidates: list[tuple[int, float, str, Any]] = []
            for rel in lesson_files(list(self.entries)):
                newest = self.entries[rel].get("newest", [])
                candidates.extend((o, t, rel, doc) for o, t, doc in _keyed(newest))
            candidates.sort(key=lambda item: (item[0], item[1]), reverse=True)
            try:
                return [
                    _build(Lesson.from_dict, doc, self.root / rel)
                    for _, _, rel, doc in candidates[:limit]
                ]
            except CorruptStoreError:
                if attempt:
                    raise
                # A damaged cache entry, or a damaged file: digest them again to tell which.
                for _, _, rel, _ in candidates[:limit]:
                    self.remake(rel)
        return []


def _keyed(newest: Any) -> list[tuple[int, float, Any]]:
    """A partition digest's newest lessons with their sort keys; none if the entry is damaged."""
    try:
        return [(int(o), float(t), doc) for o, t, doc in newest if isinstance(doc, dict)]
    except (TypeError, ValueError):
        return []


def _valid(rel: str, entry: Any) -> bool:
    """Whether a cached entry has the shape of a digest (its content is checked when used)."""
    if not isinstance(entry, dict):
        return False
    stamp = entry.get("stamp")
    if not (isinstance(stamp, list) and len(stamp) == 3 and all(type(v) is int for v in stamp)):
        return False
    if rel.startswith("reviews/"):
        tables = entry.get("tables")
        return isinstance(tables, dict) and all(isinstance(t, dict) for t in tables.values())
    return type(entry.get("count")) is int and isinstance(entry.get("newest"), list)
