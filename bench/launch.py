"""Run one measured command from a small process, and report its time and peak memory.

    python -S launch.py OUT ERR TIMEOUT COMMAND...

On Linux a child's ``ru_maxrss`` counts the memory it had before ``exec``: the copy of the
process that forked it. Spawned from the benchmark itself (which holds large stores in memory
by then), every child would look as big as the benchmark. This launcher is a bare Python (no
site, no imports beyond ``os``), so what it reports is the command's own peak. It prints one
JSON line: the ``time.monotonic()`` of the launch, wall and CPU seconds, peak bytes, the exit
code (-9 when it ran over TIMEOUT seconds and was killed).
"""

import os
import signal
import sys
import time


def main(argv: list[str]) -> None:
    out, err, timeout, command = argv[0], argv[1], float(argv[2]), argv[3:]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, out, flags, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o600),
    ]
    state = {"code": None}

    def kill(_signum: int, _frame: object) -> None:
        state["code"] = -9
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, kill)
    started = time.monotonic()
    pid = os.posix_spawn(command[0], command, dict(os.environ), file_actions=actions)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    _, status, usage = os.wait4(pid, 0)  # retried after the alarm's handler (PEP 475)
    signal.setitimer(signal.ITIMER_REAL, 0)
    code = state["code"] if state["code"] is not None else os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    cpu = usage.ru_utime + usage.ru_stime
    rss = usage.ru_maxrss * 1024
    print(
        f'{{"start": {started!r}, "wall": {wall!r}, "cpu": {cpu!r}, "rss": {rss}, "code": {code}}}'
    )


if __name__ == "__main__":
    main(sys.argv[1:])
