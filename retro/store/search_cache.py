"""The lesson search cache: disposable files beside the digest cache, two per store.

Per lessons partition (keyed by the partition file's stamp, as the digests are), one line per
lesson: its id, its casefolded text and tags (what `Lesson.matches` looks in) and the lesson as
``Lesson.to_dict`` gives it. `retro.store.search` answers queries from it.

The store is always the truth: every search compares the stamps of the partitions on disk with
the cache's and reads again only the partitions that changed (checked and built as the store
builds them, so a damaged partition is reported as before). A missing, unreadable, damaged or
foreign cache is made again from the store; a cache that cannot be written is skipped. Writes
to the store never touch it.

Two files, so that a search right after a `retro log` does not rewrite 16 MB for one changed
partition:

- the *base* (``search-KEY.bin``), written whole: every partition's lines as they were when it
  was written, each with the lesson's short id (`retro.ids.shortest_prefixes`), and every
  lesson id, sorted (read only when a delta is made or a caller asks for them);
- the *delta* (``search-KEY.delta``), small: the lines of the partitions changed, added or gone
  since the base, for the base it names (its serial), with their short ids and the short ids
  they change on the base's lines (`retro.store.search_ids`). It is rewritten whole whenever
  more partitions change, and folded into a new base once it outgrows a sixteenth of the base
  (or 1 MiB), when the delta is removed. A delta for another base, or a damaged one, is
  ignored: the partitions it held are read again.

File layout, both files: a magic line; a line with the Adler-32 checksum of everything after
it; one line of JSON, the header; then the body.

- The header names the store and gives each partition's relative path, stamp and byte range in
  the body. The base's adds its serial, where its id list starts and the width of its ids; the
  delta's adds the serial of its base, a null stamp for a partition that is gone, and the short
  ids it changes on the base's lines.
- The body is UTF-8 lines of ``id-json \\x1f short \\x1f haystack \\x1f lesson-json``, short
  being how many characters of the id its short form shows, in ASCII digits. The base's body
  ends with every lesson id, sorted (`retro.store.search_ids.encode_ids`: one run of ASCII
  bytes when all have one width, else a JSON list).
- No field holds a raw newline or ``\\x1f``: JSON escapes them, and in the haystack they become
  spaces, which cannot change where a search word is found (a word never holds whitespace:
  ``str.split`` made it). A word is found in the UTF-8 bytes exactly where it is found in the
  text, UTF-8 being self-synchronising.
"""

from __future__ import annotations

import bisect
import contextlib
import mmap
import os
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from retro.store import files
from retro.store.cachedir import store_name
from retro.store.search_ids import MergedIds, decode_ids, encode_ids, shortest_among

if TYPE_CHECKING:
    from retro.store.files import Stamp

SEARCH_VERSION = 6
"""Bumped whenever what the cache holds changes: a cache of another version is made again."""
MAGIC = b"retro-search-cache 6\n"
DELTA_MAGIC = b"retro-search-delta 6\n"
SEP = b"\x1f"
DELTA_MIN = 1 << 20
"""A delta up to this size (or a sixteenth of the base, if more) is kept beside the base."""
_FLATTEN = str.maketrans({"\n": " ", "\x1f": " "})

Buffer = bytes | mmap.mmap
Segment = tuple[Buffer, int, int]
"""Bytes holding whole cache lines: ``buffer[start:end]``."""
Delta = dict[str, tuple["Stamp | None", bytes]]
"""Partitions changed since the base: the stamp and lines read, or None if gone."""


def haystack(text: str, tags: Sequence[str]) -> str:
    """What `Lesson.matches` looks in, on one line (see the module's note on newlines)."""
    return (text + " " + " ".join(tags)).casefold().translate(_FLATTEN)


class SearchCache:
    """The cached lines of every lessons partition of one store: a base and the partitions
    changed since it was written (the delta)."""

    def __init__(
        self,
        root: Path,
        parts: list[list[Any]],
        ids: Sequence[str] | None,
        data: Buffer,
        offset: int = 0,
        serial: str = "",
        delta: Delta | None = None,
        ids_at: int = 0,
        id_width: int = 0,
    ) -> None:
        self.root = root
        self.parts = parts
        """The base's [relative path, stamp, start, end] per partition, in the store's order;
        start and end count from `offset`."""
        self._base_ids = ids
        self.ids_at = ids_at
        """Where the base's id list starts, counted from `offset`, when it is still to be read
        (`ids` None)."""
        self.id_width = id_width
        """The width of every id in the file's id list (`retro.store.search_ids.encode_ids`),
        0 for a JSON list."""
        self.data = data
        """Bytes holding the base's lines from `offset` on, partition after partition (the
        mapped cache file, or the lines just made)."""
        self.offset = offset
        self.serial = serial or os.urandom(8).hex()
        """Names this base, so that a delta made for another one is never applied to it."""
        self.delta: Delta = delta or {}
        """Partitions changed since the base: the stamp and lines read, or None if gone."""
        self.order: list[str] = [p[0] for p in parts]
        """The partitions in the store's order (the order searches find lessons in)."""
        self.shown: dict[str, int] = {}
        """Short ids the delta changes on the base's lines (an id's new neighbour in id order
        can lengthen or shorten its short form): how many characters each shows."""
        self.unsaved: str | None = None
        """What `save` writes: ``base`` (a new base; the delta goes), ``delta`` or nothing."""
        self._ids: list[str] | None = None

    @property
    def base_ids(self) -> Sequence[str]:
        """Every lesson id of the base, sorted (an id held twice, in a damaged store, is there
        twice): read from the file only when asked for, and then ids of one width only where
        a binary search looks.

        Raises:
            ValueError, TypeError: the list in the file is damaged.
        """
        if self._base_ids is None:
            start = self.offset + self.ids_at
            self._base_ids = decode_ids(self.data, start, len(self.data), self.id_width)
        return self._base_ids

    @classmethod
    def empty(cls, root: Path) -> SearchCache:
        return cls(root, [], [], b"")

    def chunk(self, start: int, end: int) -> bytes:
        """Bytes of the base's lines, counted from `offset`."""
        return bytes(self.data[self.offset + start : self.offset + end])

    def stamps(self) -> dict[str, Stamp]:
        """The stamp of each partition the cache holds, the delta's over the base's."""
        delta = self.delta
        out: dict[str, Stamp] = {
            rel: (stamp[0], stamp[1], stamp[2]) for rel, stamp, *_ in self.parts if rel not in delta
        }
        for rel, (stamp, _) in delta.items():
            if stamp is not None:
                out[rel] = stamp
        return out

    @property
    def ids(self) -> list[str]:
        """Every lesson id, sorted: the base's, less those of partitions changed or gone, plus
        those of the delta."""
        if self._ids is None:
            if not self.delta:
                self._ids = list(self.base_ids)
            else:
                self._ids = _merged(self.base_ids, *self._replaced_ids())
        return self._ids

    def _replaced_ids(self) -> tuple[list[str], list[str]]:
        """The ids of the base's partitions the delta replaces (changed or gone), and the ids
        of the delta's lines."""
        where = {p[0]: p for p in self.parts}
        gone: list[str] = []
        added: list[str] = []
        for rel, (stamp, lines) in self.delta.items():
            part = where.get(rel)
            if part is not None:
                gone.extend(_ids(self.chunk(part[2], part[3])))
            if stamp is not None:
                added.extend(_ids(lines))
        return gone, added

    def pieces(self) -> Iterator[tuple[str, Stamp, Segment]]:
        """Each partition in `order` with its stamp and lines, from the delta or the base."""
        where = {p[0]: p for p in self.parts}
        for rel in self.order:
            over = self.delta.get(rel)
            if over is not None:
                stamp, lines = over
                if stamp is not None:
                    yield rel, stamp, (lines, 0, len(lines))
                continue
            part = where.get(rel)
            if part is not None:
                stamp = (part[1][0], part[1][1], part[1][2])
                yield rel, stamp, (self.data, self.offset + part[2], self.offset + part[3])

    def newest_first(self) -> list[tuple[int, Segment, str | None]]:
        """Each partition with lessons, with its place in `order` and the newest sort key of
        its lessons (`newest_of`): the delta's first (their key is not kept: None), then the
        base's, newest first. A search that wants only the newest few can stop early."""
        where = {p[0]: p for p in self.parts}
        changed: list[tuple[int, Segment, str | None]] = []
        kept: list[tuple[int, Segment, str | None]] = []
        for index, rel in enumerate(self.order):
            over = self.delta.get(rel)
            if over is not None:
                if over[0] is not None and over[1]:
                    changed.append((index, (over[1], 0, len(over[1])), None))
                continue
            part = where.get(rel)
            if part is not None and part[4] is not None:
                segment = (self.data, self.offset + part[2], self.offset + part[3])
                kept.append((index, segment, part[4]))
        kept.sort(key=lambda found: found[2] or "", reverse=True)
        return changed + kept

    def segments(self) -> list[Segment]:
        """The lines of every partition in `order`, as few segments as can hold them (runs of
        the base that the delta leaves alone are one segment)."""
        out: list[Segment] = []
        for _, _, (data, start, end) in self.pieces():
            if start == end:
                continue
            if out and out[-1][0] is data and out[-1][2] == start:
                out[-1] = (data, out[-1][1], end)
            else:
                out.append((data, start, end))
        return out

    def folded(self) -> SearchCache:
        """The same lines as one base, with no delta, each line given its short id."""
        every = self.ids
        shorts = shortest_among(every, every)
        chunks: list[bytes] = []
        parts: list[list[Any]] = []
        at = 0
        for rel, stamp, (data, start, end) in self.pieces():
            chunk = _with_shorts(bytes(data[start:end]), shorts.__getitem__)
            chunks.append(chunk)
            parts.append([rel, list(stamp), at, at + len(chunk), newest_of(chunk)])
            at += len(chunk)
        fresh = SearchCache(self.root, parts, every, b"".join(chunks))
        fresh.unsaved = "base"
        return fresh

    def shortened(self) -> SearchCache:
        """This cache with the short ids its delta calls for: on each of the delta's lines,
        and in `shown` for the base's lines next, in id order, to an id added or gone (only
        the nearest different ids decide a short id). Reads the base's id list once, when the
        delta is made, so that later searches need not."""
        merged = MergedIds(self.base_ids, *self._replaced_ids())
        delta: Delta = {}
        for rel, (stamp, lines) in self.delta.items():
            if stamp is not None:
                lines = _with_shorts(lines, lambda full: merged.shortest_among([full])[full])
            delta[rel] = (stamp, lines)
        fresh = self.with_delta(delta)
        fresh.order = self.order
        fresh.shown = {
            full: len(short) for full, short in merged.shortest_among(merged.changed_near()).items()
        }
        return fresh

    def with_delta(self, delta: Delta) -> SearchCache:
        """This base with another delta."""
        return SearchCache(
            self.root,
            self.parts,
            self._base_ids,
            self.data,
            self.offset,
            self.serial,
            delta,
            self.ids_at,
            self.id_width,
        )

    def delta_size(self) -> int:
        return sum(len(lines) for _, lines in self.delta.values())

    @classmethod
    def load(cls, root: Path, path: Path) -> SearchCache | None:
        """The cache in `path` (and its delta) for the store at `root`; None if the base is
        missing, damaged or foreign. A delta that is missing, damaged or for another base is
        left out."""
        try:
            with open(path, "rb") as handle:
                if handle.readline() != MAGIC:
                    return None
                check = _read_check(handle.readline())
                head_line = handle.readline()
                head = orjson.loads(head_line)
                offset = handle.tell()
                size = os.fstat(handle.fileno()).st_size - offset
                if not isinstance(head, dict) or head.get("size") != size:
                    return None
                data: Buffer = b""
                if size:
                    # The cache file is only ever replaced, never rewritten in place, so the
                    # map stays what was read.
                    data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                    with memoryview(data) as view, view[offset:] as lines:
                        got = zlib.adler32(lines, zlib.adler32(head_line))
                else:
                    got, offset = zlib.adler32(head_line), 0
                if got != check:
                    return None  # damaged since it was written: make it again
        except (OSError, ValueError, orjson.JSONDecodeError):
            return None
        ids_at = head.get("ids_at")
        id_width = head.get("id_width")
        if (
            not _valid_head(head, root)
            or not isinstance(head.get("serial"), str)
            or type(ids_at) is not int
            or not 0 <= ids_at <= size
            or type(id_width) is not int
            or id_width < 0
            or (id_width and (size - ids_at) % id_width)
            or not all(_valid_part(p, ids_at) for p in head["parts"])
        ):
            return None
        cache = cls(
            root,
            head["parts"],
            None,
            data,
            offset,
            head["serial"],
            ids_at=ids_at,
            id_width=id_width,
        )
        cache.delta, cache.shown = _load_delta(root, delta_file(path), cache.serial)
        return cache

    def save(self, path: Path) -> None:
        """Write what changed (the base or the delta) atomically; a cache that cannot be
        written is skipped."""
        if self.unsaved == "base":
            ids, width = encode_ids(self.base_ids)
            with memoryview(self.data) as view, view[self.offset :] as body:
                head = self._head(
                    parts=self.parts, serial=self.serial, ids_at=len(body), id_width=width
                )
                if _write(path, MAGIC, head, body, ids):
                    with contextlib.suppress(OSError):
                        os.unlink(delta_file(path))
        elif self.unsaved == "delta":
            parts: list[list[Any]] = []
            chunks: list[bytes] = []
            at = 0
            for rel, (stamp, lines) in self.delta.items():
                parts.append([rel, None if stamp is None else list(stamp), at, at + len(lines)])
                chunks.append(lines)
                at += len(lines)
            _write(
                delta_file(path),
                DELTA_MAGIC,
                self._head(parts=parts, base=self.serial, shown=self.shown),
                b"".join(chunks),
            )
        self.unsaved = None

    def _head(self, **fields: Any) -> dict[str, Any]:
        return {
            "version": SEARCH_VERSION,
            "schema": files.SCHEMA_VERSION,
            "store": store_name(self.root),
            **fields,
        }


def delta_file(path: Path) -> Path:
    """The delta beside the base cache file `path`."""
    return path.with_suffix(".delta")


def _write(path: Path, magic: bytes, head: dict[str, Any], *body: bytes | memoryview) -> bool:
    """Write one cache file atomically (its body the concatenation of `body`); False if it
    could not be written."""
    head["size"] = sum(len(piece) for piece in body)
    head_line = orjson.dumps(head) + b"\n"
    check = zlib.adler32(head_line)
    for piece in body:
        check = zlib.adler32(piece, check)
    # A name of our own beside the target (not `tempfile`: 4 ms of imports on the search
    # right after a write), then an atomic replace.
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(6).hex()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(magic + b"%010d\n" % check + head_line)
            for piece in body:
                handle.write(piece)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False  # a cache only saves time: the next search makes it again
    return True


def _read_check(line: bytes) -> int:
    if len(line) != 11 or not line[:10].isdigit():
        raise ValueError("no checksum line")
    return int(line[:10])


def _valid_head(head: Any, root: Path) -> bool:
    return (
        isinstance(head, dict)
        and head.get("version") == SEARCH_VERSION
        and head.get("schema") == files.SCHEMA_VERSION
        and head.get("store") == store_name(root)
        and isinstance(head.get("parts"), list)
    )


def _load_delta(root: Path, path: Path, serial: str) -> tuple[Delta, dict[str, int]]:
    """The delta in `path` for the base named `serial`, and the short ids it changes on the
    base's lines; empty if missing, damaged, foreign or for another base."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return {}, {}
    try:
        magic_end = len(DELTA_MAGIC)
        if raw[:magic_end] != DELTA_MAGIC:
            return {}, {}
        check = _read_check(raw[magic_end : magic_end + 11])
        head_end = raw.index(b"\n", magic_end + 11) + 1
        head_line = raw[magic_end + 11 : head_end]
        body = raw[head_end:]
        if zlib.adler32(body, zlib.adler32(head_line)) != check:
            return {}, {}
        head = orjson.loads(head_line)
    except (ValueError, orjson.JSONDecodeError):
        return {}, {}
    shown = head.get("shown") if isinstance(head, dict) else None
    if (
        not _valid_head(head, root)
        or head.get("base") != serial
        or head.get("size") != len(body)
        or not all(_valid_part(p, len(body), gone=True) for p in head["parts"])
        or not isinstance(shown, dict)
        or not all(type(n) is int and n > 0 for n in shown.values())
    ):
        return {}, {}
    out: Delta = {}
    for rel, stamp, start, end in head["parts"]:
        out[rel] = (
            (None, b"") if stamp is None else ((stamp[0], stamp[1], stamp[2]), body[start:end])
        )
    return out, shown


def _valid_part(part: Any, size: int, *, gone: bool = False) -> bool:
    """A base's [relative path, stamp, start, end, newest sort key or None], the stamp three
    integers; a delta's [relative path, stamp or None for a partition that is gone, start,
    end]."""
    return (
        isinstance(part, list)
        and (
            len(part) == 4
            if gone
            else len(part) == 5 and (part[4] is None or isinstance(part[4], str))
        )
        and isinstance(part[0], str)
        and (
            (
                isinstance(part[1], list)
                and len(part[1]) == 3
                and all(type(v) is int for v in part[1])
            )
            or (gone and part[1] is None)
        )
        and type(part[2]) is int
        and type(part[3]) is int
        and 0 <= part[2] <= part[3] <= size
    )


def partition_lines(path: Path) -> tuple[Stamp, bytes] | None:
    """One partition's cache lines, read from the store, in the file's order, with the stamp
    of what was read (None if the file is gone).

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: the partition is damaged, as the
            store's own reads report it.
    """
    from retro.model import Lesson
    from retro.store.base import _build
    from retro.store.stamps import read_stamped

    found = read_stamped(path, "lessons")
    if found is None:
        return None
    data, stamp = found
    lines: list[bytes] = []
    for doc in data.get("lessons", {}).values():
        lesson = _build(Lesson.from_dict, doc, path)
        lines.append(
            b"".join(
                (
                    orjson.dumps(lesson.id),
                    SEP,  # no short id: the fold that makes a base adds them
                    SEP,
                    haystack(lesson.text, lesson.tags).encode(),
                    SEP,
                    orjson.dumps(lesson.to_dict()),
                    b"\n",
                )
            )
        )
    return stamp, b"".join(lines)


def sort_key(row: Mapping[str, Any]) -> str:
    """Where a lesson (as ``Lesson.to_dict`` gives it) stands in the order of
    `Store.lessons()`, as text that sorts the same way: its day, then when it was written, in
    UTC to the microsecond (a stored time always has its offset: the model adds UTC)."""
    written = datetime.fromisoformat(row["created"]).astimezone(UTC)
    return f"{row['on']} {written:%Y-%m-%dT%H:%M:%S.%f}"


def key_of(text: str) -> tuple[date, datetime]:
    """A `sort_key` as the day and the time it holds."""
    day, written = text.split(" ")
    return date.fromisoformat(day), datetime.fromisoformat(written).replace(tzinfo=UTC)


def newest_of(lines: bytes) -> str | None:
    """The newest `sort_key` among a partition's lines (None if it holds none)."""
    keys = [
        sort_key(orjson.loads(line[line.rindex(SEP) + 1 :])) for line in lines.split(b"\n") if line
    ]
    return max(keys, default=None)


def _ids(chunk: bytes) -> list[str]:
    """The lesson ids of a partition's lines."""
    return [orjson.loads(line[: line.index(SEP)]) for line in chunk.split(b"\n") if line]


def _with_shorts(lines: bytes, short: Callable[[str], str]) -> bytes:
    """Cache lines with the short field of each set from its id's short id."""
    out: list[bytes] = []
    for line in lines.split(b"\n"):
        if line:
            id_json, _, rest = line.split(SEP, 2)
            shown = len(short(orjson.loads(id_json)))
            out.append(b"".join((id_json, SEP, b"%d" % shown, SEP, rest, b"\n")))
    return b"".join(out)


def _merged(ids: Sequence[str], gone: list[str], added: list[str]) -> list[str]:
    """`ids` (sorted) less one occurrence of each of `gone`, plus `added`, sorted."""
    out = list(ids)
    for id_ in gone:  # one occurrence each: an id held twice (a damaged store) stays once
        index = bisect.bisect_left(out, id_)
        if index < len(out) and out[index] == id_:
            del out[index]
    out.extend(added)
    out.sort()  # sorted runs: linear
    return out


def refresh(root: Path, cache: SearchCache | None, stamps: Mapping[str, Stamp]) -> SearchCache:
    """The cache for the store as `files.lesson_partitions` found it: the partitions whose
    stamp changed are read again into the delta (gone ones marked so), the rest kept; a
    delta grown too large, or a cache made from nothing, is folded into a new base.

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: a changed partition is damaged.
    """
    start = cache if cache is not None else SearchCache.empty(root)
    in_base = {p[0] for p in start.parts}
    held = start.stamps()
    delta = dict(start.delta)
    for rel, stamp in stamps.items():
        if held.get(rel) == stamp:
            continue
        made = partition_lines(root / rel)
        if made is not None:
            delta[rel] = made
        elif rel in in_base:
            delta[rel] = (None, b"")  # gone since it was listed
        else:
            delta.pop(rel, None)
    for rel in held.keys() - stamps.keys():
        if rel in in_base:
            delta[rel] = (None, b"")
        else:
            delta.pop(rel, None)
    fresh = start.with_delta(delta)
    fresh.order = list(stamps)
    base_size = len(start.data) - start.offset
    if cache is None or fresh.delta_size() > max(DELTA_MIN, base_size // 16):
        return fresh.folded()
    fresh = fresh.shortened()
    fresh.unsaved = "delta"
    return fresh


def open_cache(root: Path, env: Mapping[str, str] | None = None) -> SearchCache:
    """The search cache of the store at `root`, brought up to date with its partitions (and
    saved if anything changed).

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: a changed partition is damaged.
    """
    path = cache_file(root, env)
    stamps = files.lesson_partitions(root)
    cache = SearchCache.load(root, path)
    if cache is not None and cache.stamps() == stamps:
        cache.order = list(stamps)
        return cache
    try:
        fresh = refresh(root, cache, stamps)
    except (ValueError, TypeError, orjson.JSONDecodeError):
        fresh = refresh(root, None, stamps)  # a damaged cached line: start again
    fresh.save(path)
    return fresh


def rebuild(root: Path, env: Mapping[str, str] | None = None) -> SearchCache:
    """The search cache made again from the store alone, and saved."""
    fresh = refresh(root, None, files.lesson_partitions(root))
    fresh.save(cache_file(root, env))
    return fresh


def cache_file(root: Path, env: Mapping[str, str] | None) -> Path:
    from retro.store.cachedir import cache_path

    return cache_path(root, env, name="search", suffix="bin")
