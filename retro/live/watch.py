"""Hearing of a change in the store folder the moment it happens: filesystem notifications
(inotify on Linux, FSEvents on macOS, through `watchfiles`), or polling where there are none.

`Watcher.run` blocks (run it in a thread) and calls back with what changed: "data" when a
store file did (read the store again; the files are named, so that an open review whose file
changed can be read at once), "presence" when a presence file said something new
(someone joined, left, or marked done; a refresh that only touches the file is not news). The
store's own bookkeeping (the lock, ``.backup/``, temporary files, ``.git/``) is no change.

Notifications are not used where they would miss changes or are unavailable: on a network
filesystem (another host's write raises no event here), when `watchfiles` cannot be imported
or cannot watch, or when ``RETRO_WATCH=poll`` says so; the TUI then polls as it always did.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from retro.live.beacon import FOLDER

WATCH_ENV = "RETRO_WATCH"
"""``poll`` forces polling; ``notify`` forces notifications (even on a network filesystem)."""

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre"}
    | {"fuse.sshfs", "fuse.rclone", "fuse.s3fs", "davfs", "fuse.davfs", "virtiofs"}
)
"""Filesystems where a write made on another host raises no notification here."""

STEP_MS = 100
"""How long the watcher waits for more changes before calling back (they come in bursts). It
also wakes the watching thread this often while nothing happens: 50 ms cost 0.29–0.37 % of a
core per idle TUI, 100 ms 0.20–0.23 %, for 50 ms more before a change shows (well within the
300 ms it may take)."""

DEBOUNCE_MS = 200
"""While changes keep coming (a busy room), the longest the watcher gathers them before it calls
back anyway."""

_IGNORED_PARTS = frozenset({".backup", ".git"})


def classify(root: Path, path: str) -> str | None:
    """What a changed path means: "presence", "data", or None (the store's bookkeeping)."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return None
    if not parts:
        return None
    name = parts[-1]
    if parts[0] == FOLDER:
        return "presence" if len(parts) == 2 and not name.startswith(".") else None
    if parts[0] in _IGNORED_PARTS or name == ".lock" or name.endswith(".tmp"):
        return None
    return "data"


def filesystem_type(path: Path, mounts: str | None = None) -> str | None:
    """The type of the filesystem holding `path` (Linux: from /proc/self/mounts), or None."""
    if mounts is None:
        try:
            with open("/proc/self/mounts", encoding="utf-8", errors="replace") as handle:
                mounts = handle.read()
        except OSError:
            return None
    target = str(path)
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def how_to_watch(root: Path, env: dict[str, str] | None = None) -> tuple[str, str]:
    """("notify" or "poll", why): how the TUI should hear of changes to this store."""
    env = dict(os.environ) if env is None else env
    wanted = env.get(WATCH_ENV, "").strip().lower()
    if wanted == "poll":
        return "poll", f"{WATCH_ENV}=poll"
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return "poll", "watchfiles is not installed"
    if wanted != "notify":
        kind = filesystem_type(root.resolve())
        if kind in NETWORK_FILESYSTEMS:
            return "poll", f"the store is on a network filesystem ({kind})"
    return "notify", "filesystem notifications"


Callback = Callable[[set[str], set[str]], None]
"""What the watcher calls with each burst: the kinds of change, and the store files (relative
paths, such as ``reviews/r7kq….json``) that changed."""


class Watcher:
    """Watches a store folder in the thread that calls `run`, until `stop`."""

    def __init__(self, root: Path, changed: Callback) -> None:
        self.root = root
        self.changed = changed
        self._stop = threading.Event()
        self._presence: dict[str, bytes | None] = {}

    def stop(self) -> None:
        """Make `run` return (within `STEP_MS`)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Call `changed` with the kinds of each burst of changes until stopped. Raises what
        watchfiles raises when it cannot watch (the caller falls back to polling)."""
        from watchfiles import watch

        root = self.root
        for changes in watch(
            root,
            watch_filter=None,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self._stop,
            rust_timeout=0,
            yield_on_timeout=False,
            recursive=True,
            ignore_permission_denied=True,
            force_polling=False,
        ):
            kinds, files = set(), set()
            for _change, path in changes:
                kind = classify(root, path)
                if kind == "presence" and not self._news(path):
                    continue
                if kind == "data":
                    files.add(Path(path).relative_to(root).as_posix())
                if kind is not None:
                    kinds.add(kind)
            if kinds and not self._stop.is_set():
                self.changed(kinds, files)

    def _news(self, path: str) -> bool:
        """Whether a presence file says something it did not say before (a touch is no news)."""
        try:
            with open(path, "rb") as handle:
                now: bytes | None = handle.read(8192)
        except OSError:
            now = None
        before = self._presence.get(path, b"")
        self._presence[path] = now
        if now is None:
            self._presence.pop(path, None)
        return now != before
