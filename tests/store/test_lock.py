"""The store's lock: exclusive across threads and processes, re-entrant within a thread."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from retro.store.lock import LockTimeout, StoreLock


def test_a_thread_may_take_the_lock_it_holds(tmp_path: Path) -> None:
    lock = StoreLock(tmp_path / ".lock", timeout=1, mode=0o600)
    with lock, lock:
        pass
    with lock:  # released by the outer exit
        pass
    assert (tmp_path / ".lock").stat().st_mode & 0o777 == 0o600


def test_two_threads_take_turns(tmp_path: Path) -> None:
    lock = StoreLock(tmp_path / ".lock", timeout=5, mode=0o600)
    inside: list[int] = []
    overlaps: list[bool] = []

    def work(n: int) -> None:
        for _ in range(20):
            with lock:
                inside.append(n)
                overlaps.append(len(inside) > 1)
                time.sleep(0.001)
                inside.remove(n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(overlaps) == 80 and not any(overlaps)


def test_a_lock_held_by_another_process_times_out(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(path)!r}, os.O_RDWR | os.O_CREAT, 0o600)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(LockTimeout), StoreLock(path, timeout=0.3, mode=0o600):
            pass
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.wait()
    with StoreLock(path, timeout=1, mode=0o600):  # free once the holder is gone
        pass
