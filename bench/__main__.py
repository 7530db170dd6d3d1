"""`make bench` (python -m bench): measure everything, print the figures, write results.md.

    python -m bench            the full run: stores of 1,000, 10,000 and 100,000 documents,
                               jrnl on 1,000, 10,000 and 50,000 lessons (about 10 minutes)
    python -m bench --quick    a smoke run with small sizes and few runs (well under a minute)
    python -m bench --no-jrnl  leave the peer out (no install)
    python -m bench --only sync
                               only the `retro sync` rows (100,000 documents, a few minutes);
                               with --write, only their section of results.md is replaced
    python -m bench --only live
                               only the live-review rows (1, 5 and 20 TUI participants on
                               the 100,000-document store; `make bench-live`); with --write,
                               only their section of results.md is replaced

A quick run prints its results but writes them to results.md only with --write, so that a
smoke run never replaces the figures the README quotes.

Every run first installs the working tree's retro into bench/.venv-retro (a regular install,
not editable: see bench/install.py) and runs again under that venv's Python, so that every
measured process, and every measurement made in this process, uses that installed copy.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench import cli, export, install, live, peer, report, sync, tui, writes
from bench.common import CACHE_DIR, machine
from bench.stores import BenchStore, make_store


@dataclass(frozen=True)
class Plan:
    """What one run measures, and how many times."""

    sizes: tuple[int, ...]
    """Store sizes for `retro demo --size N` (an empty store is always measured too)."""
    cli_runs: dict[int, int]
    tui_runs: dict[int, int]
    export_runs: int
    peer: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    """Lessons → (retro runs, jrnl runs, jrnl warm-ups)."""
    jrnl_timeout: float = 240.0
    """Beyond this, one jrnl command counts as "more than" it (jrnl's add grows quadratically)."""
    writes: bool = True
    sync: tuple[int, int] = (100_000, 3)
    """`retro sync` on a store of this many documents, this many rounds."""
    live: bool = True
    """The live-review rows (`bench.live`)."""


FULL = Plan(
    sizes=(1_000, 10_000, 100_000),
    cli_runs={0: 7, 1_000: 7, 10_000: 5, 100_000: 3},
    tui_runs={1_000: 5, 10_000: 5, 100_000: 3},
    export_runs=7,
    peer={1_000: (5, 3, 1), 10_000: (5, 2, 1), 50_000: (5, 1, 0)},
)
QUICK = Plan(
    sizes=(300, 1_000),
    cli_runs={0: 2, 300: 2, 1_000: 2},
    tui_runs={300: 2, 1_000: 2},
    export_runs=3,
    peer={200: (2, 1, 0), 1_000: (2, 1, 0)},
    jrnl_timeout=60.0,
    writes=False,
    sync=(1_000, 2),
    live=False,
)


def note(message: str) -> None:
    """Progress on stderr."""
    print(f"  {message}", file=sys.stderr, flush=True)


def run(plan: Plan, root: Path, quick: bool, jrnl: bool) -> report.Results:
    """Measure everything the plan asks for."""
    started = time.perf_counter()
    results = report.Results(machine(), quick, install.describe())
    stores: list[BenchStore] = []
    for size in (0, *plan.sizes):
        tick = time.perf_counter()
        stores.append(make_store(root / f"store-{size}", size))
        note(f"store of {size:,} documents made in {time.perf_counter() - tick:.1f} s")
    empty = stores[0]
    for store in stores:
        tick = time.perf_counter()
        results.cli.append(cli.measure(store, empty, plan.cli_runs[store.size]))
        note(f"commands on {store.size:,} documents in {time.perf_counter() - tick:.1f} s")
    for store in stores[1:]:
        tick = time.perf_counter()
        results.tui[store.size] = tui.measure(store, plan.tui_runs[store.size])
        results.export[store.size] = export.measure(store, plan.export_runs)
        note(f"TUI and export on {store.size:,} documents in {time.perf_counter() - tick:.1f} s")
    exe = peer.jrnl_path() if jrnl else None
    for lessons, (retro_runs, jrnl_runs, warmup) in plan.peer.items():
        tick = time.perf_counter()
        results.peer.append(
            peer.measure(root, lessons, retro_runs, jrnl_runs, warmup, plan.jrnl_timeout, exe)
        )
        note(f"retro and jrnl on {lessons:,} lessons in {time.perf_counter() - tick:.1f} s")
    if plan.writes:
        sizes = (None, plan.sizes[-1])
        made = {None: empty.path, plan.sizes[-1]: stores[-1].path}
        results.writes = writes.main(sizes, made)
    results.sync = measure_sync(plan, root)
    if plan.live:
        largest = stores[-1]
        figures = live.run([(empty.path, 0), (largest.path, largest.size)], note=note)
        results.live = live.section(figures)
    results.seconds = time.perf_counter() - started
    return results


def measure_sync(plan: Plan, root: Path) -> sync.SyncFigures:
    tick = time.perf_counter()
    figures = sync.measure(root / "sync", *plan.sync)
    note(f"retro sync on {plan.sync[0]:,} documents in {time.perf_counter() - tick:.1f} s")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--no-jrnl", action="store_true", help="leave the jrnl peer out")
    parser.add_argument("--write", action="store_true", help="write results.md on a quick run")
    parser.add_argument("--only", choices=["sync", "live"], help="measure only these rows")
    args = parser.parse_args(argv)
    install.reexec(sys.argv[1:] if argv is None else argv)  # returns in .venv-retro's Python
    note(f"measuring the retro installed in {install.check_imported()}")
    install.check_children()
    plan = QUICK if args.quick else FULL
    if args.only == "sync":
        with tempfile.TemporaryDirectory(prefix="retro-bench-") as folder:
            CACHE_DIR.append(str(Path(folder) / "cache"))
            figures = measure_sync(plan, Path(folder))
        print(f"{report.SYNC_HEADING}\n\n{sync.section(figures)}")
        if args.write:
            old = report.RESULTS.read_text(encoding="utf-8")
            when = f"on {datetime.now():%Y-%m-%d %H:%M} on {machine()}"
            spliced = report.splice_sync(old, figures, when)
            report.RESULTS.write_text(spliced, encoding="utf-8")
            print(f"wrote the sync section of {report.RESULTS}", file=sys.stderr)
        return
    if args.only == "live":
        with tempfile.TemporaryDirectory(prefix="retro-bench-") as folder:
            CACHE_DIR.append(str(Path(folder) / "cache"))
            made = [make_store(Path(folder) / f"store-{n}", n) for n in (0, plan.sizes[-1])]
            figures = live.run([(s.path, s.size) for s in made], note=note)
        text = live.section(figures)
        print(text)
        if args.write:
            live.update(report.RESULTS, text)
            print(f"wrote the live rows into {report.RESULTS}", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory(prefix="retro-bench-") as folder:
        CACHE_DIR.append(str(Path(folder) / "cache"))
        results = run(plan, Path(folder), args.quick, not args.no_jrnl)
    text = report.render(results, datetime.now())
    print(text)
    print("Targets:\n" + report.summary(results), file=sys.stderr)
    if not args.quick or args.write:
        report.RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {report.RESULTS}", file=sys.stderr)


main()
