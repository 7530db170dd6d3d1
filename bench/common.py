"""Timing helpers: medians after a warm-up, compared as ratios within one run."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

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
    return f"{platform.machine()}, {system}, Python {platform.python_version()}"


def table(rows: list[list[str]]) -> str:
    """A Markdown table from rows (the first row is the header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
