"""Timing helpers: medians after a warm-up, compared as ratios within one run."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.install import clean_env
from retro.store import Store


def median_seconds(fn: Callable[[], object], runs: int = 15, warmup: int = 2) -> float:
    """The median wall time of `fn` over `runs` calls, after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_store(path: Path, size: int | None) -> Store:
    """A store with the demo team scaled to about `size` documents (None: an empty team)."""
    from retro.demo import build_demo

    store = Store(path)
    if size is None:
        store.init("Bench")
    else:
        build_demo(store, size=size, today=date(2026, 11, 22))
    return store


def store_bytes(path: Path) -> int:
    """The size of a store on disk, without backups."""
    return sum(p.stat().st_size for p in path.rglob("*.json") if ".backup" not in p.parts)


def machine() -> str:
    """One line naming the machine, for results files."""
    system = f"{platform.system()} {platform.release()}"
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    cores = os.cpu_count() or 1
    load = f", load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{cpu} ({cores} cores{load}), {system}, Python {platform.python_version()}"


def table(rows: list[list[str]]) -> str:
    """A Markdown table from rows (the first row is the header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


# --- whole processes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds, peak resident memory, exit status."""

    wall: float
    cpu: float
    rss: int
    """Peak resident set size in bytes (ru_maxrss of this child alone, via wait4)."""
    code: int
    out: str = ""
    """What it printed, when asked for."""


@dataclass(frozen=True)
class Stats:
    """Medians over several runs of one command, and the highest peak memory seen."""

    wall: float
    cpu: float
    rss: int
    runs: int


CACHE_DIR: list[str] = []
"""The folder given to children as RETRO_CACHE (set by the run, inside its temporary folder)."""


def retro_argv() -> list[str]:
    """How a person runs retro here: the console script next to this Python, else -m."""
    script = Path(sys.executable).parent / "retro"
    return [str(script)] if script.exists() else [sys.executable, "-m", "retro"]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured child: no colour, a fixed user, nothing from the caller's
    retro settings, no PYTHONPATH (its Python imports the retro installed next to it)."""
    env = {k: v for k, v in clean_env().items() if not k.startswith("RETRO_")}
    env.update({"RETRO_USER": "bench", "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "0"})
    if CACHE_DIR:  # retro's disposable digest cache: the bench's own, never the user's
        env["RETRO_CACHE"] = CACHE_DIR[0]
    env.update(extra)
    return env


LAUNCHER = Path(__file__).resolve().with_name("launch.py")


def run_child(
    argv: list[str],
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    started: list[float] | None = None,
) -> Run:
    """Run one process to its end, through `bench/launch.py` so that its peak memory is its
    own (not the copy of this process it was forked from). Output goes to files, never to a
    pipe that could fill up. It runs in a folder of its own, so that no `-c` or `-m` child
    finds the source tree in the current folder. With `started`, the `time.monotonic()` of the
    launch is appended to it, and `Run.out` holds what the process printed.

    Raises:
        TimeoutError: it ran over `timeout` seconds (and was killed).
        RuntimeError: it failed; the message ends with its stderr.
    """
    with tempfile.TemporaryDirectory(prefix="retro-bench-run-") as folder:
        out, err = Path(folder, "out"), Path(folder, "err")
        limit = 3600.0 if timeout is None else timeout
        launcher = [sys.executable, "-I", "-S", str(LAUNCHER), str(out), str(err), str(limit)]
        done = subprocess.run(
            [*launcher, *argv], env=env, cwd=folder, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"the launcher failed: {done.stderr.strip()[-800:]}")
        report = json.loads(done.stdout)
        message = err.read_text(errors="replace").strip()
        printed = out.read_text(errors="replace") if started is not None else ""
    if report["code"] == -9:
        raise TimeoutError(f"{' '.join(argv[:4])} ran over {limit:.0f} s")
    if report["code"] != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {report['code']}: {message[-800:]}")
    if started is not None:
        started.append(report["start"])
    return Run(report["wall"], report["cpu"], report["rss"], report["code"], printed)


def interleaved(
    commands: dict[str, list[str]],
    env: dict[str, str],
    runs: int,
    warmup: int = 1,
    timeout: float | None = None,
) -> dict[str, Stats]:
    """Medians of each command, run in turns (a, b, c, a, b, c …) after `warmup` turns, so
    that the load of other jobs on the machine falls on every command alike."""
    seen: dict[str, list[Run]] = {name: [] for name in commands}
    for turn in range(warmup + runs):
        for name, argv in commands.items():
            result = run_child(argv, env, timeout)
            if turn >= warmup:
                seen[name].append(result)
    return {name: summarise(results) for name, results in seen.items()}


def summarise(results: list[Run]) -> Stats:
    """The medians of several runs and the highest peak memory among them."""
    return Stats(
        wall=statistics.median(r.wall for r in results),
        cpu=statistics.median(r.cpu for r in results),
        rss=max(r.rss for r in results),
        runs=len(results),
    )


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a table."""
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def mb(size: float) -> str:
    """Bytes as megabytes for a table."""
    return f"{size / 1e6:,.1f} MB"


def ratio(a: float, b: float) -> str:
    """a ÷ b, for a table."""
    return f"{a / b:,.2f}×" if b else "–"
