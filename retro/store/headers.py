"""Two small disposable indexes for exporting one review from a large store.

- **Review order keys**: for every review file, the key `retro.drift.previous_review` orders
  reviews by (date, creation time, id), read from the file's header table. Finding the review
  held before another one then takes a listing of ``reviews/`` with a stamp per file, not a
  read of every file's header.
- **Review references of lesson partitions**: for every lessons partition, the review ids that
  appear in it as a whole JSON string (``"r…"``), so that the lessons promoted from a review
  are read from the few partitions that can hold them. It is the same test as looking for the
  bytes ``"<id>"`` in the partition, answered from the index while the partition is unchanged.

Each entry is keyed by its file's stamp (modification time, size, inode: every store write
replaces the file), as the digests of `retro.store.digest` are; an entry whose file has another
stamp now is made again from the file, and a file whose header cannot be read the quick way is
never indexed (the store reads it in full, with every check, each time). The store is always
the truth: a missing, damaged (a checksum covers every entry), foreign or unwritable index
only costs time.

Each index is one file per store in the user cache directory, beside the digests and the
search cache (`retro.store.cachedir`); the store's path is written in the file and checked,
so two stores can never share entries.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from retro.store import files
from retro.store.cachedir import store_name
from retro.store.files import Stamp

INDEX_VERSION = 1
"""Bumped whenever what an entry holds changes: an index of another version is ignored."""

OrderKey = tuple[int, int, str]
"""A review's (date as an ordinal, creation time in µs since the epoch, id): ordered exactly as
(date, aware creation time, id) are."""
Slow = Callable[[str], OrderKey | None]
"""The store's full, checked read of one review's order key (None if the file is gone)."""

HEADER_TABLE = b'\n  "review": {'
"""Where a review file's header table starts: a key at the top level (indented two spaces; a
newline never occurs inside a JSON string)."""
TAIL_BYTES = 16_384
"""How much of a review file's end is read first to find its header table."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_REF = re.compile(r"r[0-9a-z]{1,63}")
_QUOTED_REF = re.compile(rb'"(?=(r[0-9a-z]{1,63})")')
"""A review id as a whole JSON string. Only the opening quote is consumed, so that two strings
back to back (``"rab"rcd"``) are both seen: every segment between two consecutive quotes is
tried."""


# -- the pure part ------------------------------------------------------------------------


def order_key(on: date, created: datetime, review_id: str) -> OrderKey | None:
    """The order key of a review; None for a naive creation time (which cannot be ordered
    against the aware times the store holds)."""
    if created.tzinfo is None or created.utcoffset() is None:
        return None
    return (on.toordinal(), (created - _EPOCH) // _MICROSECOND, review_id)


def header_key(header: Mapping[str, Any]) -> OrderKey | None:
    """The order key of a review header, parsed as `Review.from_dict` parses it; None if the
    header does not have one (the store then builds the review to say what is wrong)."""
    try:
        on = date.fromisoformat(str(header["on"])[:10])
        created = datetime.fromisoformat(str(header["created"]))
        review_id = str(header["id"])
    except (KeyError, TypeError, ValueError):
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return order_key(on, created, review_id)


def latest_before(keys: Iterable[OrderKey], mine: OrderKey) -> OrderKey | None:
    """The greatest key before `mine`, other than `mine`'s own review: the previous review."""
    best: OrderKey | None = None
    for key in keys:
        if key[2] != mine[2] and key < mine and (best is None or key > best):
            best = key
    return best


def is_review_ref(review_id: str) -> bool:
    """Whether the review-references index can answer for this id (every id the store makes
    can; anything else is looked for in the partitions' bytes)."""
    return _REF.fullmatch(review_id) is not None


def review_refs(raw: bytes) -> list[str]:
    """The review ids that appear in a file as a whole JSON string, sorted: `ref` is among them
    exactly when ``f'"{ref}"'.encode()`` is in `raw` (for an id `is_review_ref` accepts)."""
    return sorted({found.decode() for found in _QUOTED_REF.findall(raw)})


def tail_header(raw: bytes) -> dict[str, Any] | None:
    """A review's header from (the end of) its file's bytes, or None if it cannot be had this
    way (the file is then read in full, with every check)."""
    at = raw.rfind(HEADER_TABLE)
    if at < 0:
        return None
    try:
        table = orjson.loads(b"{" + raw[at + 1 :]).get("review")
    except orjson.JSONDecodeError:
        return None
    if not isinstance(table, dict) or len(table) != 1:
        return None
    header = next(iter(table.values()))
    return header if isinstance(header, dict) else None


# -- the index files ----------------------------------------------------------------------


def index_path(root: Path, kind: str, env: Mapping[str, str] | None = None) -> Path:
    """The index file of one kind (``reviewkeys``, ``lessonrefs``) of the store at `root`."""
    from retro.store.cachedir import cache_path

    return cache_path(root, env, name=kind, suffix="idx")


class StampIndex:
    """One index file: file name → (stamp, value), the store's path and a checksum."""

    def __init__(self, path: Path, root: Path, kind: str, entries: dict[str, Any]) -> None:
        self.path = path
        self.store = store_name(root)
        self.kind = kind
        self.entries = entries
        self.seen: dict[str, list[Any]] = {}
        """The entries of the files found this time (what is saved)."""
        self.dirty = False

    @classmethod
    def load(cls, root: Path, kind: str, env: Mapping[str, str] | None = None) -> StampIndex:
        """The index of the store at `root`; empty if the file is missing, damaged, of another
        version or another store's."""
        path = index_path(root, kind, env)
        empty = cls(path, root, kind, {})
        try:
            raw = path.read_bytes()
        except OSError:
            return empty
        head_raw, _, body = raw.partition(b"\n")
        try:
            head = orjson.loads(head_raw)
            if not (
                isinstance(head, dict)
                and head.get("version") == INDEX_VERSION
                and head.get("schema") == files.SCHEMA_VERSION
                and head.get("kind") == kind
                and head.get("store") == empty.store
                and head.get("check") == zlib.adler32(body)
            ):
                return empty
            entries = orjson.loads(body)
        except orjson.JSONDecodeError:
            return empty
        return cls(path, root, kind, entries) if isinstance(entries, dict) else empty

    def _stamped(self, name: str, st: os.stat_result, count: int) -> list[Any] | None:
        """The entry kept for a file if it was made at this stat and holds `count` values."""
        e = self.entries.get(name)
        if (
            type(e) is list
            and len(e) == 3 + count
            and e[0] == st.st_mtime_ns
            and e[1] == st.st_size
            and e[2] == st.st_ino
        ):
            return e
        return None

    def review_key(self, name: str, st: os.stat_result) -> OrderKey | None:
        """The order key kept for a review file at this stat (None if there is none)."""
        e = self._stamped(name, st, 3)
        if e is None or not (type(e[3]) is int and type(e[4]) is int and type(e[5]) is str):
            return None
        self.seen[name] = e
        return (e[3], e[4], e[5])

    def refs(self, name: str, st: os.stat_result) -> list[Any] | None:
        """The review references kept for a lessons partition at this stat (None if there are
        none)."""
        e = self._stamped(name, st, 1)
        if e is None or type(e[3]) is not list:
            return None
        self.seen[name] = e
        return e[3]

    def values(self, name: str, st: os.stat_result, count: int) -> list[Any] | None:
        """The `count` values kept for a file at this stat (None if there are none)."""
        e = self._stamped(name, st, count)
        if e is None:
            return None
        self.seen[name] = e
        return e[3:]

    def put(self, name: str, stamp: Stamp, value: list[Any]) -> None:
        """Keep a value for a file at this stamp."""
        self.seen[name] = [*stamp, *value]
        self.dirty = True

    def save(self) -> None:
        """Write the entries seen this time, if they differ from the file's (atomically); an
        index that cannot be written is skipped."""
        if not self.dirty and len(self.seen) == len(self.entries):
            return
        body = orjson.dumps(self.seen)
        head = {
            "version": INDEX_VERSION,
            "schema": files.SCHEMA_VERSION,
            "kind": self.kind,
            "store": self.store,
            "check": zlib.adler32(body),
        }
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(orjson.dumps(head) + b"\n" + body)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return  # an index only saves time: the next command reads the headers again
        self.entries, self.dirty = self.seen, False


# -- reading the store ---------------------------------------------------------------------


def _read_tail(path: str) -> tuple[bytes, Stamp] | None:
    """The end of a review file (all of it if the header table is not in the end) with the
    stamp of what was read; None if it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        raw = os.pread(fd, TAIL_BYTES, max(0, st.st_size - TAIL_BYTES))
        if HEADER_TABLE not in raw and st.st_size > TAIL_BYTES:
            raw = os.pread(fd, st.st_size, 0)
    except OSError:
        return None
    finally:
        os.close(fd)
    return raw, files.stamp_of(st)


def quick_header(path: str) -> tuple[dict[str, Any], Stamp] | None:
    """A review file's header, read from the end of the file, with the file's stamp; None if
    it cannot be had that way."""
    found = _read_tail(path)
    if found is None:
        return None
    header = tail_header(found[0])
    return None if header is None else (header, found[1])


def previous_review_id(
    root: Path, mine: OrderKey, slow: Slow, env: Mapping[str, str] | None = None
) -> str | None:
    """The id of the review held before the one with key `mine` in the store at `root`, as
    `retro.drift.previous_review` orders every review of the store.

    Args:
        root: the store folder.
        mine: the order key of the review whose predecessor is wanted.
        slow: the store's full, checked read of one review's key, for a file whose header
            cannot be read from its end (it raises what the store raises for a damaged file).
        env: where the index lives (the process environment if None).
    """
    folder = os.path.join(root, "reviews")
    index = StampIndex.load(root, "reviewkeys", env)
    keys: list[OrderKey] = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        entries = []
    for entry in entries:
        name = entry.name
        if not (name.startswith("r") and name.endswith(".json")):
            continue
        try:
            st: os.stat_result | None = entry.stat()
        except FileNotFoundError:
            continue  # deleted since the listing
        except OSError:
            st = None
        key = None if st is None else index.review_key(name, st)
        if key is None and st is not None:
            found = quick_header(entry.path)
            if found is not None:
                key = header_key(found[0])
                if key is not None:
                    index.put(name, found[1], list(key))
        if key is None:
            key = slow(name[:-5])
            if key is None:
                continue
        keys.append(key)
    index.save()
    best = latest_before(keys, mine)
    return None if best is None else best[2]


def partitions_mentioning(
    root: Path, review_id: str, env: Mapping[str, str] | None = None
) -> list[Path]:
    """The lessons partitions of the store at `root` that may hold a lesson promoted from this
    review (those holding ``"<review_id>"``), in the order `Store.lesson_files` lists them.

    A partition that cannot be read is among them, so that the store's checked read reports
    it; one deleted since the listing is not.
    """
    base = Path(root) / "lessons"
    if not base.is_dir():
        return []
    index = StampIndex.load(root, "lessonrefs", env)
    found: list[Path] = []
    for author in os.scandir(base):
        if not author.is_dir() or author.name.startswith("."):
            continue
        for part in os.scandir(author.path):
            if not part.name.endswith(".json") or part.name.startswith("."):
                continue
            name = f"{author.name}/{part.name}"
            try:
                st = part.stat()
            except FileNotFoundError:
                continue
            except OSError:
                found.append(Path(part.path))
                continue
            refs = index.refs(name, st)
            if refs is None:
                try:
                    raw, read_stamp = files.read_bytes(part.path)
                except FileNotFoundError:
                    continue
                except OSError:
                    found.append(Path(part.path))
                    continue
                refs = review_refs(raw)
                index.put(name, read_stamp, [refs])
            if review_id in refs:
                found.append(Path(part.path))
    index.save()
    return sorted(found)
