"""Presence files: ``<store>/.presence/<session>.json``, one per open TUI.

A file says who is at that TUI and what it shows (`Presence.to_dict`). The session rewrites it
when what it says changes, removes it on exit, and keeps it alive in between in one of two ways:

- it holds a lock on the file (`flock`) for as long as it runs, which the kernel releases the
  moment the process ends, even killed with SIGKILL; a reader that finds the file locked knows
  the session is alive (`held`). Nothing is written while nobody changes anything, so an idle
  room wakes nobody: touching twenty files every few seconds woke every participant's watcher
  four times a second;
- where locks do not reach every reader (a network filesystem, where the app polls; or no
  `fcntl`), it touches the file every `refresh_seconds` and the modification time says how
  recently it was alive.

Anyone reading the folder may remove a file that nobody holds and that has been stale for a
while (a process killed with SIGKILL leaves one).

The folder is no part of the store's data: the store lists only its own folders, doctor and
export walk past dot folders, and the git-shared store ignores it. Nothing here is fsynced: a
presence lost in a crash is what a crash means anyway.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import orjson

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: refreshed by touching only
    fcntl = None  # type: ignore[assignment]

from retro.ids import ALPHABET
from retro.live.presence import STALE_AFTER, Presence

FOLDER = ".presence"
"""The presence folder's name inside the store folder."""

STALE_ENV = "RETRO_PRESENCE_STALE"
"""Seconds after which a presence is stale (default `STALE_AFTER`); tests set a short one."""

SWEEP_AFTER = 2.0
"""A stale file is removed once it has been stale this many times `stale_after`."""

_MAX_BYTES = 4096
_DIR_MODE = 0o700
_FILE_MODE = 0o600


def stale_after(env: Mapping[str, str] = os.environ) -> float:
    """The staleness in seconds: $RETRO_PRESENCE_STALE if it is a positive number, else 15."""
    try:
        value = float(env.get(STALE_ENV, ""))
    except ValueError:
        return STALE_AFTER
    return value if 0.1 <= value <= 3600 else STALE_AFTER


def refresh_seconds(stale: float) -> float:
    """How often a session refreshes its file: three times per staleness, at most every 5 s."""
    return min(5.0, stale / 3)


def new_session() -> str:
    """A fresh session id, safe as a file name."""
    return "p" + "".join(ALPHABET[byte & 31] for byte in os.urandom(10))


def folder(root: Path) -> Path:
    """The presence folder of a store."""
    return root / FOLDER


def path_of(root: Path, session: str) -> Path:
    """A session's presence file."""
    return folder(root) / f"{session}.json"


LOCKS = fcntl is not None
"""Whether a session can say it is alive by holding its file (`write(hold=True)`)."""

_HELD: dict[str, int] = {}
"""This process's held presence files: path → the descriptor holding its lock."""
_HOLDING = threading.Lock()
"""Taken while this process writes, holds or lets go of a file (from worker threads)."""


def write(root: Path, presence: Presence, *, hold: bool = False) -> None:
    """Announce (or re-announce) a presence: written whole to a temporary file and renamed, so
    a reader never sees half of it; with `hold`, this process holds the new file's lock (a
    session's own file, for as long as it runs). Raises OSError when the store folder cannot
    be written."""
    where = folder(root)
    where.mkdir(mode=_DIR_MODE, exist_ok=True)
    target = path_of(root, presence.session)
    tmp = where / f".{presence.session}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _FILE_MODE)
    try:
        os.write(fd, orjson.dumps(presence.to_dict()))
    finally:
        os.close(fd)
    if not hold:
        os.replace(tmp, target)
        return
    with _HOLDING:
        os.replace(tmp, target)
        _hold(target)


def _hold(path: Path) -> None:
    """Lock the file for as long as this process runs (the file it replaced is let go)."""
    if fcntl is None:
        return
    _let_go(path)
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # a filesystem without locks: the file's time says it is alive
        os.close(fd)
        return
    _HELD[str(path)] = fd


def _let_go(path: Path) -> None:
    fd = _HELD.pop(str(path), None)
    if fd is not None:
        os.close(fd)  # the lock goes with the descriptor


def held(path: Path) -> bool:
    """Whether a running session holds the file (locked by its process)."""
    if str(path) in _HELD:
        return True
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # granted only if nobody holds it
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # a lock granted here goes with the descriptor
    return False


def touch(root: Path, presence: Presence, *, hold: bool = False) -> None:
    """Refresh a presence without changing what it says (written anew if it is gone)."""
    try:
        os.utime(path_of(root, presence.session))
    except FileNotFoundError:
        write(root, presence, hold=hold)


def keep(root: Path, presence: Presence) -> None:
    """Keep a held presence alive: nothing to do while its file is there and held (written
    anew, and held, if it is gone or was let go)."""
    path = path_of(root, presence.session)
    with _HOLDING:
        kept = str(path) in _HELD and path.exists()
    if not kept:
        write(root, presence, hold=True)


def remove(root: Path, session: str) -> None:
    """Leave the room: the session's file is removed (nothing happens if it is gone)."""
    path = path_of(root, session)
    with _HOLDING:
        with contextlib.suppress(OSError):
            os.unlink(path)
        _let_go(path)


def _parse(path: Path) -> dict[str, object] | None:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        data = orjson.loads(raw) if len(raw) <= _MAX_BYTES else None
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("session") != path.stem:
        return None
    return data


_SEEN: dict[str, tuple[tuple[int, int, int], dict[str, object] | None]] = {}
"""What each presence file said when last read, by path, with its (inode, modification time,
size): a file is opened again only once it changed."""


def read_all(root: Path) -> list[Presence]:
    """Every presence announced in the store (fresh or not; see `presence.fresh`).

    Read often (every participant, every few seconds), so it opens no file that has not
    changed and tests locks without opening any where the system lists them (`_locked`):
    on Linux, opening a file in the store raises a filesystem event that every participant's
    watcher has to take, twenty readers of twenty files making thousands a second."""
    global _SEEN
    now, locked = time.time(), _locked()
    seen: dict[str, tuple[tuple[int, int, int], dict[str, object] | None]] = {}
    found: list[Presence] = []
    for entry, st in _entries(root):
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        known = _SEEN.get(entry.path)
        data = known[1] if known is not None and known[0] == key else _parse(Path(entry.path))
        seen[entry.path] = (key, data)
        alive = data is not None and _alive(entry.path, st.st_ino, locked)
        one = (
            Presence.from_dict(data, max(st.st_mtime, now) if alive else st.st_mtime)
            if data
            else None
        )
        if one is not None:
            found.append(one)
    _SEEN = seen
    return found


def sweep(root: Path, stale: float, now: float | None = None) -> list[str]:
    """Remove the files of sessions stale for `SWEEP_AFTER` times `stale` (a killed process's)
    that nobody holds; returns their sessions."""
    now = time.time() if now is None else now
    locked = _locked()
    gone = []
    for entry, st in _entries(root):
        old = now - st.st_mtime >= SWEEP_AFTER * stale
        if old and not _alive(entry.path, st.st_ino, locked):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                gone.append(entry.name.removesuffix(".json"))
    return gone


def _entries(root: Path) -> list[tuple[os.DirEntry[str], os.stat_result]]:
    """The presence files of the folder with their status (none if it cannot be read)."""
    try:
        entries = list(os.scandir(folder(root)))
    except OSError:
        return []
    out = []
    for entry in entries:
        if _is_presence(entry.name):
            with contextlib.suppress(OSError):
                out.append((entry, entry.stat()))
    return out


def _alive(path: str, inode: int, locked: set[int] | None) -> bool:
    """Whether a session holds the file: from the system's list of locks where there is one,
    else by trying its lock."""
    if path in _HELD:
        return True
    return inode in locked if locked is not None else held(Path(path))


def _locked() -> set[int] | None:
    """The inodes of every file someone holds an flock on (Linux's /proc/locks, which raises no
    event in the store to read); None where there is no such list."""
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    found = set()
    for line in text.splitlines():
        fields = line.split()  # "1: FLOCK  ADVISORY  WRITE 1831 fe:00:2228243 0 EOF"
        if len(fields) >= 6 and fields[1] == "FLOCK":  # waiters ("1: -> FLOCK …") hold none
            with contextlib.suppress(ValueError):
                found.add(int(fields[5].rsplit(":", 1)[1]))
    return found


def _is_presence(name: str) -> bool:
    return name.endswith(".json") and not name.startswith(".")
