"""The lesson search cache: a disposable file beside the digest cache, one per store.

Per lessons partition (keyed by the partition file's stamp, as the digests are), one line per
lesson: its id, its casefolded text and tags (what `Lesson.matches` looks in) and the lesson as
``Lesson.to_dict`` gives it. `retro.store.search` answers queries from it.

The store is always the truth: every search compares the stamps of the partitions on disk with
the cache's, reads again only the partitions that changed (checked and built as the store
builds them, so a damaged partition is reported as before) and rewrites the cache. A missing,
unreadable, damaged or foreign cache is made again from the store; a cache that cannot be
written is skipped. Writes to the store never touch it.

File layout: a magic line; one line of JSON, the header (the store, each partition's relative
path, stamp and byte range in the body, every lesson id, sorted, and the body's Adler-32
checksum); then the body, UTF-8 lines of ``id-json \\x1f haystack \\x1f lesson-json``. No
field holds a raw newline or ``\\x1f``: JSON escapes them, and in the haystack they become
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
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from retro.store import files
from retro.store.cachedir import store_name

if TYPE_CHECKING:
    from retro.store.files import Stamp

SEARCH_VERSION = 1
"""Bumped whenever what the cache holds changes: a cache of another version is made again."""
MAGIC = b"retro-search-cache 1\n"
SEP = b"\x1f"
_FLATTEN = str.maketrans({"\n": " ", "\x1f": " "})


def haystack(text: str, tags: Sequence[str]) -> str:
    """What `Lesson.matches` looks in, on one line (see the module's note on newlines)."""
    return (text + " " + " ".join(tags)).casefold().translate(_FLATTEN)


class SearchCache:
    """The cached lines of every lessons partition of one store."""

    def __init__(
        self,
        root: Path,
        parts: list[list[Any]],
        ids: list[str],
        data: bytes | mmap.mmap,
        offset: int = 0,
    ) -> None:
        self.root = root
        self.parts = parts
        """[relative path, stamp, start, end] per partition, in the store's order; start and
        end count from `offset`."""
        self.ids = ids
        """Every lesson id, sorted (an id held twice, in a damaged store, is there twice)."""
        self.data = data
        """Bytes holding the lines from `offset` on, partition after partition (the mapped
        cache file, or the lines just made)."""
        self.offset = offset

    def check(self) -> int:
        """The Adler-32 checksum of the partitions, the ids and the lines (5 ms for 16 MB): a
        cache file damaged since it was written is made again, however well it still parses."""
        start = _head_check({"parts": self.parts, "ids": self.ids})
        with memoryview(self.data) as view, view[self.offset :] as lines:
            return zlib.adler32(lines, start)

    def chunk(self, start: int, end: int) -> bytes:
        """Bytes of the lines, counted from `offset`."""
        return bytes(self.data[self.offset + start : self.offset + end])

    @classmethod
    def load(cls, root: Path, path: Path) -> SearchCache | None:
        """The cache in `path` for the store at `root`; None if missing, damaged or foreign."""
        try:
            with open(path, "rb") as handle:
                if handle.readline() != MAGIC:
                    return None
                head = orjson.loads(handle.readline())
                offset = handle.tell()
                size = os.fstat(handle.fileno()).st_size - offset
                if not isinstance(head, dict) or head.get("size") != size:
                    return None
                data: bytes | mmap.mmap = b""
                if size:
                    # The cache file is only ever replaced, never rewritten in place, so the
                    # map stays what was read.
                    data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                    with memoryview(data) as view, view[offset:] as lines:
                        check = zlib.adler32(lines, _head_check(head))
                else:
                    check, offset = _head_check(head), 0
                if check != head.get("check"):
                    return None  # damaged since it was written: make it again
        except (OSError, ValueError, orjson.JSONDecodeError):
            return None
        if (
            head.get("version") != SEARCH_VERSION
            or head.get("schema") != files.SCHEMA_VERSION
            or head.get("store") != store_name(root)
            or not isinstance(head.get("parts"), list)
            or not all(_valid_part(p, size) for p in head["parts"])
            or not isinstance(head.get("ids"), list)
            or not set(map(type, head["ids"])) <= {str}
        ):
            return None
        return cls(root, head["parts"], head["ids"], data, offset)

    def save(self, path: Path) -> None:
        """Write the cache file atomically; a cache that cannot be written is skipped."""
        head = {
            "version": SEARCH_VERSION,
            "schema": files.SCHEMA_VERSION,
            "store": store_name(self.root),
            "size": len(self.data) - self.offset,
            "check": self.check(),
            "parts": self.parts,
            "ids": self.ids,
        }
        tmp: str | None = None
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            import tempfile  # only when the cache is written: a warm search does without it

            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + orjson.dumps(head) + b"\n")
                handle.write(self.data[self.offset :])
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass  # a cache only saves time: the next search makes it again
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def stamps(self) -> list[tuple[str, Stamp]]:
        """Each cached partition with its stamp, in order."""
        return [(p[0], (p[1][0], p[1][1], p[1][2])) for p in self.parts]


def _head_check(head: dict[str, Any]) -> int:
    return zlib.adler32(orjson.dumps([head.get("parts"), head.get("ids")]))


def _valid_part(part: Any, size: int) -> bool:
    return (
        isinstance(part, list)
        and len(part) == 4
        and isinstance(part[0], str)
        and isinstance(part[1], list)
        and len(part[1]) == 3
        and all(type(v) is int for v in part[1])
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
                    SEP,
                    haystack(lesson.text, lesson.tags).encode(),
                    SEP,
                    orjson.dumps(lesson.to_dict()),
                    b"\n",
                )
            )
        )
    return stamp, b"".join(lines)


def _ids(chunk: bytes) -> list[str]:
    """The lesson ids of a partition's lines."""
    return [orjson.loads(line[: line.index(SEP)]) for line in chunk.split(b"\n") if line]


def refresh(
    root: Path, cache: SearchCache | None, stamps: Iterable[tuple[str, Stamp]]
) -> SearchCache:
    """The cache for the store as `files.lesson_partitions` found it: each partition's lines
    kept where its stamp is the same, read again where it changed, dropped where it is gone.

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: a changed partition is damaged.
    """
    stamps = list(stamps)
    present = {rel for rel, _ in stamps}
    old = {p[0]: p for p in cache.parts} if cache is not None else {}
    # Every id, sorted: the cached list, less the ids of partitions read again or gone, plus
    # those read (so a new lesson does not mean parsing the ids of all the others).
    ids = list(cache.ids) if cache is not None else []
    gone: list[str] = []
    added: list[str] = []
    chunks: list[bytes] = []
    parts: list[list[Any]] = []
    at = 0
    for rel, stamp in stamps:
        part = old.get(rel)
        if cache is not None and part is not None and tuple(part[1]) == stamp:
            chunk = cache.chunk(part[2], part[3])
        else:
            made = partition_lines(root / rel)
            if cache is not None and part is not None:
                gone.extend(_ids(cache.chunk(part[2], part[3])))
            if made is None:
                continue
            stamp, chunk = made
            added.extend(_ids(chunk))
        chunks.append(chunk)
        parts.append([rel, list(stamp), at, at + len(chunk)])
        at += len(chunk)
    if cache is not None:
        for rel, part in old.items():
            if rel not in present:  # gone
                gone.extend(_ids(cache.chunk(part[2], part[3])))
    for id_ in gone:  # one occurrence each: an id held twice (a damaged store) stays once
        index = bisect.bisect_left(ids, id_)
        if index < len(ids) and ids[index] == id_:
            del ids[index]
    ids.extend(added)
    ids.sort()  # sorted runs: linear
    return SearchCache(root, parts, ids, b"".join(chunks))


def open_cache(root: Path, env: Mapping[str, str] | None = None) -> SearchCache:
    """The search cache of the store at `root`, brought up to date with its partitions (and
    saved if anything changed).

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: a changed partition is damaged.
    """
    path = cache_file(root, env)
    stamps = list(files.lesson_partitions(root).items())
    cache = SearchCache.load(root, path)
    if cache is not None and cache.stamps() == stamps:
        return cache
    try:
        fresh = refresh(root, cache, stamps)
    except (ValueError, TypeError, orjson.JSONDecodeError):
        fresh = refresh(root, None, stamps)  # a damaged cached line: start again
    fresh.save(path)
    return fresh


def cache_file(root: Path, env: Mapping[str, str] | None) -> Path:
    from retro.store.cachedir import cache_path

    return cache_path(root, env, name="search", suffix="bin")
