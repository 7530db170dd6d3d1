"""The store's cross-process lock: ``flock`` on the store's ``.lock`` file where the system has
it, filelock elsewhere.

filelock costs about 15 ms of imports (its async API, logging) on every write; a write command
needs only an exclusive ``flock`` with a deadline. Each acquisition opens the lock file afresh,
so two threads of one process exclude each other as two processes do, and a thread may take
the lock again while it holds it (re-entrant per thread).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any


class LockTimeout(Exception):
    """The lock was not had within the timeout."""


class StoreLock:
    """An exclusive lock on one file, held across processes and threads."""

    def __init__(self, path: Path, timeout: float, mode: int) -> None:
        self.path = path
        self.timeout = timeout
        self.mode = mode
        self._local = threading.local()
        self._fallback: Any = None
        try:
            import fcntl  # noqa: F401  (POSIX)
        except ImportError:  # pragma: no cover - not POSIX
            from filelock import FileLock

            self._fallback = FileLock(
                str(path), timeout=timeout, mode=mode, preserve_lock_file=True
            )

    def __enter__(self) -> StoreLock:
        if self._fallback is not None:  # pragma: no cover - not POSIX
            from filelock import Timeout

            try:
                self._fallback.acquire()
            except Timeout:
                raise LockTimeout(str(self.path)) from None
            return self
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._local.fd = self._acquire()
        self._local.depth = depth + 1
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._fallback is not None:  # pragma: no cover - not POSIX
            self._fallback.release()
            return
        self._local.depth -= 1
        if self._local.depth == 0:
            import fcntl

            fd = self._local.fd
            self._local.fd = None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def _acquire(self) -> int:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, self.mode)
        deadline = time.monotonic() + self.timeout
        pause = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(str(self.path)) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
            except BaseException:
                os.close(fd)
                raise
