"""Store files on disk: safe reads, atomic writes and backups (TinyDB's side: retro.store.db).

A store file is a TinyDB document: ``{table: {doc_id: document}}`` with our string ids as doc
ids (so two people adding documents on separate machines never pick the same key) and a
``_meta`` table that says what the file is and which schema wrote it.

Writes are atomic: the new content goes to a temporary file in the same folder, is fsynced and
then ``os.replace``d over the old file, after the old file (which was read and checked under the
same lock) is hard-linked into ``.backup/`` as the last good version. Reads never write: a
damaged, foreign or newer file raises and is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import threading
from pathlib import Path
from typing import Any

import orjson

from retro.errors import CorruptStoreError, ForeignStoreError, StoreError

SCHEMA_VERSION = 2
"""The schema this retro reads and writes. Older stores are migrated forward on open.

Schema 2 gave every check-in an id (kind letter ``h``); `retro.store.migrate.migrate_v1` writes
one into each check-in of a schema-1 store."""

META = "_meta"
BACKUP_DIR = ".backup"
FILE_MODE = 0o600
_NEW_FILE = (
    os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)
"""How `_mkstemp` opens a file of its own, as `tempfile.mkstemp` does."""
DIR_MODE = 0o700

Tables = dict[str, dict[str, Any]]

Stamp = tuple[int, int, int]
"""A file's (modification time in ns, size, inode). Not trusted alone: see `stale`."""

SETTLE_NS = 3_000_000_000
"""A file whose modification time is this close to when it was read may change again without a
new stamp (timestamps of 1–2 s on exFAT, HFS+, many network mounts; inodes that repeat)."""


def stale(known: tuple[int, ...] | None, stamp: Stamp) -> bool:
    """The one freshness rule of everything derived from a store file: `known` is (mtime,
    size, inode, when it was read in ns) as it was recorded (None: never), `stamp` what a stat
    gives now. Stale when the stamp differs, or when it is *ambiguous*: the file was modified
    less than `SETTLE_NS` before it was read, so a later write in the same tick of a coarse
    clock (with a recycled inode) could have kept the stamp. An ambiguous file is looked at
    again (by checksum in the index) until it has been read settled."""
    return known is None or known[:3] != stamp or stamp[0] >= known[3] - SETTLE_NS


def stamp_of(st: os.stat_result) -> Stamp:
    """The stamp of a file from its stat."""
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def read_bytes(path: str | os.PathLike[str]) -> tuple[bytes, Stamp]:
    """A file's bytes with the stamp of what was read (its stat taken on the open file, so
    that the two belong together: the caches key what they learn from the bytes by it).

    Raises:
        OSError: the file cannot be opened or read.
    """
    with open(path, "rb") as handle:
        stamp = stamp_of(os.fstat(handle.fileno()))
        return handle.read(), stamp


def meta_table(kind: str) -> dict[str, Any]:
    """The ``_meta`` table of a file of this kind."""
    return {"file": {"kind": kind, "schema": SCHEMA_VERSION}}


def encode(data: Tables) -> bytes:
    """Sorted keys and indentation, so that a diff of a store file reads well.

    Raises:
        StoreError: a number is NaN or infinite (JSON has no such number; orjson would write
            null in its place, and the value would be lost).
    """
    _check_finite(data)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def _check_finite(value: Any) -> None:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise StoreError(f"cannot store the number {value}: JSON holds only finite numbers")
    elif isinstance(value, dict):
        for item in value.values():
            if not isinstance(item, str):
                _check_finite(item)
    elif isinstance(value, list | tuple):
        for item in value:
            if not isinstance(item, str):
                _check_finite(item)


def parse(path: Path, raw: bytes, kind: str | None) -> Tables:
    """Parse and check the bytes of a store file.

    Args:
        path: the file, named in errors.
        raw: its bytes.
        kind: the kind of file expected (``review``, ``lessons`` …), or None for any.

    Raises:
        CorruptStoreError: empty, truncated, not JSON, or JSON of the wrong shape.
        ForeignStoreError: a file that is not a retro store file, of another kind, or newer.
    """
    if not raw.strip():
        raise CorruptStoreError(path, "the file is empty")
    if b"\x00" in raw:
        raise CorruptStoreError(path, "it holds binary data, not JSON")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        reason = "it is truncated" if raw.rstrip()[-1:] not in (b"}", b"]") else "invalid JSON"
        raise CorruptStoreError(path, f"{reason}: {exc.msg}") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptStoreError(path, "it is JSON, but not the shape of a retro store file")
    meta = data.get(META, {}).get("file")
    if not isinstance(meta, dict) or "schema" not in meta or "kind" not in meta:
        raise ForeignStoreError(
            f"{path} is not a retro store file (it has no _meta table); nothing was changed"
        )
    schema = meta["schema"]
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise ForeignStoreError(
            f"{path} was written by a newer retro (schema {schema}; this one knows "
            f"{SCHEMA_VERSION}); upgrade retro to open it. Nothing was changed"
        )
    if kind is not None and meta["kind"] != kind:
        raise ForeignStoreError(
            f"{path} holds a {meta['kind']!r} where a {kind!r} file belongs; nothing was changed"
        )
    for name, table in data.items():
        if not all(isinstance(doc, dict) for doc in table.values()):
            raise CorruptStoreError(path, f"table {name!r} holds something that is not a document")
    return data


def read_file(path: Path, kind: str | None) -> Tables | None:
    """Read and check a store file; None if it does not exist.

    Raises:
        CorruptStoreError, ForeignStoreError: as for `parse`.
        StoreError: the path is a folder or cannot be read.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise CorruptStoreError(path, "it is a folder where a file belongs") from None
    except PermissionError:
        raise StoreError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    return parse(path, raw, kind)


def check_catalogue(path: Path) -> int:
    """Check a store's catalogue (``store.json``): a store file that says which schema it is.

    Returns:
        The store's schema.

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: as `read_file`, or it names no schema.
    """
    catalogue = read_file(path, "catalogue")
    info = (catalogue or {}).get("store", {}).get("info")
    if not isinstance(info, dict) or not isinstance(info.get("schema"), int):
        raise CorruptStoreError(path, "it does not say which schema it is")
    schema: int = info["schema"]
    return schema


def write_file(path: Path, data: Tables, root: Path, *, backup: bool = True) -> None:
    """Write a store file atomically, keeping the version it replaces as a backup.

    The caller holds the store's lock and has read (and so checked) the file it replaces; or,
    with ``backup=False`` (a repair), knows it is damaged and has kept a copy elsewhere.

    Raises:
        StoreError: the write failed (no space, no permission); the old file is intact.
    """
    payload = encode(data)
    tmp: str | None = None
    try:
        ensure_dir(path.parent, root)
        fd, tmp = _mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        if backup and path.is_file():
            _backup(path, root)
        os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise StoreError(_write_failure(path, exc)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _mkstemp(prefix: str, suffix: str, dir: Path) -> tuple[int, str]:
    """A new file of our own (mode 0600) in `dir`, open for writing, as `tempfile.mkstemp`
    makes one, without its 3 ms of imports (shutil, bz2, lzma, random) on every write."""
    for _ in range(100):
        name = os.path.join(dir, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, _NEW_FILE, FILE_MODE), name
        except FileExistsError:
            continue  # 48 random bits taken already: draw again
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(dir))


def _write_failure(path: Path, exc: OSError, verb: str = "write") -> str:
    if exc.errno == errno.ENOSPC:
        why = "no space left on the device"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission denied (is the store folder read-only? 'retro doctor' checks it)"
    else:
        why = exc.strerror or str(exc)
    return f"could not {verb} {path}: {why}; the store is as it was before this command"


def backup_path(path: Path, root: Path) -> Path:
    """Where the last good version of a store file is kept."""
    return root / BACKUP_DIR / path.relative_to(root)


def _backup(path: Path, root: Path) -> None:
    """Keep the current (good) version of `path` as its backup: a hard link, so it costs nothing."""
    target = backup_path(path, root)
    ensure_dir(target.parent, root)
    fd, tmp = _mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        try:
            os.link(path, tmp)
        except OSError:
            import shutil

            shutil.copy2(path, tmp)
        os.replace(tmp, target)
    except OSError:
        # A half-made copy (the disk filled up) must not be left behind in .backup/.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def ensure_dir(folder: Path, root: Path) -> None:
    """Create a folder of the store (and its parents up to the root) with mode 0700."""
    if folder.is_dir():
        return
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current == root or current.parent == current:
            break
        current = current.parent
    for item in reversed(missing):
        item.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(item, DIR_MODE)


def fsync_dir(folder: Path) -> None:
    """Make a rename in this folder durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def listing(root: Path, folder: str) -> dict[str, Stamp]:
    """The store files of one folder (relative paths with ``/``, lessons partitions in the
    store's order) with their stamps: a listing and a stat per file, nothing read."""
    found: dict[str, Stamp] = {}
    if folder == "lessons":
        base = os.path.join(os.fspath(root), folder)
        with contextlib.suppress(OSError):
            for author in sorted(os.listdir(base)):
                if not author.startswith(".") and os.path.isdir(os.path.join(base, author)):
                    found.update(listing(root, f"lessons/{author}"))
        return found
    try:
        fd = os.open(os.path.join(root, folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return found
    try:  # each file looked up by name in the open folder, not by its whole path
        stat = os.stat
        letter = folder[0] if folder in ("reviews", "sprints") else ""
        for name in sorted(os.listdir(fd)):
            if name.endswith(".json") and name.startswith(letter) and not name.startswith("."):
                with contextlib.suppress(OSError):
                    found[f"{folder}/{name}"] = stamp_of(stat(name, dir_fd=fd))
    finally:
        os.close(fd)
    return found


CACHE_BYTES = 4_000_000
"""How many bytes of store files a Store keeps parsed (the most recently read ones): enough for
the files a screen reads again and again, not a second copy of a large store in memory."""


Cached = tuple[tuple[int, int, int, int], Tables]
"""A parsed file with the (mtime, size, inode, when it was read) it was read at."""


class ParsedFiles(dict[Path, Cached]):
    """Parsed files by path, each with the stamp it was read at and when (trusted under
    `files.stale`), holding at most `limit` bytes of files: the oldest entries go first. Safe to
    use from the TUI's worker thread."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.bytes = 0
        self._guard = threading.Lock()

    def __setitem__(self, path: Path, value: Cached) -> None:
        with self._guard:
            self._drop(path)
            super().__setitem__(path, value)
            self.bytes += value[0][1]
            while self.bytes > self.limit and len(self) > 1:
                self._drop(next(iter(self)))

    def pop(self, path: Path, default: Any = None) -> Any:  # type: ignore[override]
        with self._guard:
            return self._drop(path, default)

    def _drop(self, path: Path, default: Any = None) -> Any:
        if not super().__contains__(path):
            return default
        found = super().pop(path)
        self.bytes -= found[0][1]
        return found
