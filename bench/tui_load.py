"""The TUI's time to a fully loaded dashboard, cold and warm, at 1,000 / 10,000 / 100,000 documents.

    python -m bench.tui_load [--sizes 1000,10000,100000] [--runs 3] [--stores DIR]

Two views of the same thing:

- in process: reading every review, sprint and lesson into model objects (what the dashboard
  did before it read the index), against `load_snapshot` with an empty index (cold) and
  with the index the first load made (warm);
- end to end: `bench/tui_child.py` run as a fresh process, from its launch to the first frame
  drawn after the dashboard showed the store's data, with an empty cache directory (cold: every
  file is indexed) and with the cache of an earlier run (warm: a second start). A minimal
  Textual app's first frame is the floor.

Stores are made with the scaled demo (`retro.demo.build_demo`, today 2026-11-22) in `--stores`
(kept, so a second run skips building them) or a temporary folder. RETRO_CACHE always points
into a temporary folder: the user's own cache is never touched.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import build_store, child_env, machine, ms, run_child, table
from retro.store import Store

CHILD = Path(__file__).resolve().with_name("tui_child.py")
TODAY = date(2026, 11, 22)


def in_process(path: Path, cache_root: Path, runs: int) -> tuple[float, float, float]:
    """Median seconds of the full read, a load with an empty index (cold) and a warm one."""
    import os

    from retro.loading.snapshot import load_snapshot

    full, cold, warm = [], [], []
    for turn in range(runs):
        store = Store(path)
        start = time.perf_counter()
        store.team()
        store.reviews()
        store.sprints()
        store.lessons()
        full.append(time.perf_counter() - start)
        os.environ["RETRO_CACHE"] = str(cache_root / f"in-process-{turn}")  # the index's folder
        start = time.perf_counter()
        load_snapshot(Store(path), TODAY)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        load_snapshot(Store(path), TODAY)
        warm.append(time.perf_counter() - start)
    return statistics.median(full), statistics.median(cold), statistics.median(warm)


def _launch(argv: list[str], cache: Path) -> dict[str, float]:
    started: list[float] = []
    run = run_child(argv, child_env(RETRO_CACHE=str(cache)), timeout=300, started=started)
    marks = json.loads(run.out.strip().splitlines()[-1])
    return {key: value - started[0] for key, value in marks.items()}


def end_to_end(path: Path, cache_root: Path, runs: int) -> tuple[float, float, float]:
    """Median seconds to the loaded dashboard, cold and warm, and to the first frame (warm)."""
    argv = [sys.executable, str(CHILD), "retro", str(path)]
    cold, warm, first = [], [], []
    for turn in range(runs):
        cache = cache_root / f"e2e-{path.name}-{turn}"
        cold.append(_launch(argv, cache)["loaded"])
        marks = _launch(argv, cache)
        warm.append(marks["loaded"])
        first.append(marks["first"])
    return statistics.median(cold), statistics.median(warm), statistics.median(first)


def floor(cache_root: Path, runs: int) -> float:
    """A minimal Textual app's first frame, launched the same way."""
    argv = [sys.executable, str(CHILD), "minimal"]
    return statistics.median(_launch(argv, cache_root / "floor")["first"] for _ in range(runs))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stores", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="retro-bench-load-") as folder:
        scratch = Path(folder)
        stores = args.stores or scratch / "stores"
        rows = [
            [
                "documents",
                "full read",
                "index cold",
                "index warm",
                "dashboard cold",
                "dashboard warm",
                "first frame",
            ]
        ]
        for size in sizes:
            path = stores / f"demo-{size}"
            if not (path / "store.json").exists():
                print(f"building a {size:,}-document store in {path} …", file=sys.stderr)
                build_store(path, size)
            caches = scratch / f"cache-{size}"
            caches.mkdir()
            full, cold, warm = in_process(path, caches, args.runs)
            e2e_cold, e2e_warm, first = end_to_end(path, caches, args.runs)
            rows.append(
                [f"{size:,}", ms(full), ms(cold), ms(warm), ms(e2e_cold), ms(e2e_warm), ms(first)]
            )
        minimal = floor(scratch, args.runs)
    print(f"Machine: {machine()}; medians of {args.runs} runs.")
    print(
        "In process: 'full read' is every review, sprint and lesson as model objects (the old "
        "load); 'index' is `load_snapshot` with an empty or a primed index.\n"
        "End to end: from launch to the first frame of the loaded dashboard (bench/tui_child.py)"
        f"; a minimal Textual app's first frame: {ms(minimal)}.\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()
