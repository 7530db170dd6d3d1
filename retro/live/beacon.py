"""Presence files: ``<store>/.presence/<session>.json``, one per open TUI.

A file says who is at that TUI and what it shows (`Presence.to_dict`); its modification time is
when the session last refreshed it. The session rewrites it when what it says changes and
touches it every `refresh_seconds` otherwise, and removes it on exit; anyone reading the folder
may remove a file that has been stale for a while (a process killed with SIGKILL leaves one).

The folder is no part of the store's data: the store lists only its own folders, doctor and
export walk past dot folders, and the git-shared store ignores it. Nothing here is fsynced: a
presence lost in a crash is what a crash means anyway.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Mapping
from pathlib import Path

import orjson

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


def write(root: Path, presence: Presence) -> None:
    """Announce (or re-announce) a presence: written whole to a temporary file and renamed, so
    a reader never sees half of it. Raises OSError when the store folder cannot be written."""
    where = folder(root)
    where.mkdir(mode=_DIR_MODE, exist_ok=True)
    target = path_of(root, presence.session)
    tmp = where / f".{presence.session}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _FILE_MODE)
    try:
        os.write(fd, orjson.dumps(presence.to_dict()))
    finally:
        os.close(fd)
    os.replace(tmp, target)


def touch(root: Path, presence: Presence) -> None:
    """Refresh a presence without changing what it says (written anew if it is gone)."""
    try:
        os.utime(path_of(root, presence.session))
    except FileNotFoundError:
        write(root, presence)


def remove(root: Path, session: str) -> None:
    """Leave the room: the session's file is removed (nothing happens if it is gone)."""
    with contextlib.suppress(OSError):
        os.unlink(path_of(root, session))


def read(path: Path) -> Presence | None:
    """One presence file, or None if it is gone, too big, or not a presence."""
    try:
        with open(path, "rb") as handle:
            updated = os.fstat(handle.fileno()).st_mtime
            raw = handle.read(_MAX_BYTES + 1)
        data = orjson.loads(raw) if len(raw) <= _MAX_BYTES else None
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("session") != path.stem:
        return None
    return Presence.from_dict(data, updated)


def read_all(root: Path) -> list[Presence]:
    """Every presence announced in the store (fresh or not; see `presence.fresh`)."""
    try:
        names = os.listdir(folder(root))
    except OSError:
        return []
    found = (read(folder(root) / name) for name in names if _is_presence(name))
    return [p for p in found if p is not None]


def sweep(root: Path, stale: float, now: float | None = None) -> list[str]:
    """Remove the files of sessions stale for `SWEEP_AFTER` times `stale` (a killed process's);
    returns their sessions."""
    now = time.time() if now is None else now
    gone = []
    try:
        entries = list(os.scandir(folder(root)))
    except OSError:
        return []
    for entry in entries:
        if not _is_presence(entry.name):
            continue
        with contextlib.suppress(OSError):
            if now - entry.stat().st_mtime >= SWEEP_AFTER * stale:
                os.unlink(entry.path)
                gone.append(entry.name.removesuffix(".json"))
    return gone


def _is_presence(name: str) -> bool:
    return name.endswith(".json") and not name.startswith(".")
