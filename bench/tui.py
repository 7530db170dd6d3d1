"""The TUI's time to its first frame and to a fully loaded dashboard, headless, per store size.

Each run is a fresh process (`bench/tui_child.py`) launched from here; times count from the
launch, so they include starting Python and every import, as a person opening `retro` waits
for them. The floor is a minimal Textual app (one Static) run the same way, in turns with
retro's runs.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.common import child_env, run_child
from bench.stores import BenchStore

CHILD = Path(__file__).resolve().with_name("tui_child.py")


@dataclass(frozen=True)
class TuiFigures:
    """Medians of one kind of run: seconds to the first frame, to the loaded dashboard."""

    first: float
    loaded: float | None
    rss: int
    runs: int
    cold: float | None = None
    """The dashboard loaded in the warm-up run: the first open of this store on this machine
    (retro's cache folder empty, so the store's index is made from every file)."""


def _argv(store: BenchStore | None) -> list[str]:
    if store is None:
        return [sys.executable, str(CHILD), "minimal"]
    return [sys.executable, str(CHILD), "retro", str(store.path)]


def _once(store: BenchStore | None, cold: bool = False) -> tuple[float, float | None, int]:
    started: list[float] = []
    if cold:  # an empty cache folder: the store's index is made from every file
        with tempfile.TemporaryDirectory(prefix="retro-bench-cold-") as folder:
            run = run_child(_argv(store), child_env(RETRO_CACHE=folder), 180, started=started)
    else:
        run = run_child(_argv(store), child_env(), timeout=180, started=started)
    marks = json.loads(run.out.strip().splitlines()[-1])
    loaded = marks.get("loaded")
    return marks["first"] - started[0], (loaded - started[0] if loaded else None), run.rss


def measure(store: BenchStore, runs: int, warmup: int = 1) -> dict[str, TuiFigures]:
    """The minimal app ("floor") and retro ("retro") on one store, in turns."""
    kinds: dict[str, BenchStore | None] = {"floor": None, "retro": store}
    seen: dict[str, list[tuple[float, float | None, int]]] = {k: [] for k in kinds}
    cold: dict[str, float | None] = {}
    for turn in range(warmup + runs):
        for key, target in kinds.items():
            result = _once(target, cold=turn < warmup)
            if turn >= warmup:
                seen[key].append(result)
            else:
                cold.setdefault(key, result[1])
    out = {}
    for key, results in seen.items():
        loaded = [r[1] for r in results if r[1] is not None]
        out[key] = TuiFigures(
            first=statistics.median(r[0] for r in results),
            loaded=statistics.median(loaded) if loaded else None,
            rss=max(r[2] for r in results),
            runs=len(results),
            cold=cold.get(key),
        )
    return out
