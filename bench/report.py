"""The results: tables of figures and ratios, the targets met or missed, and bench/results.md.

Pure formatting over the figures the other modules measured, so that it can be tested without
running anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.cli import CliFigures
from bench.common import Stats, mb, ms, ratio, table
from bench.export import ExportFigures
from bench.peer import PeerFigures
from bench.sync import SyncFigures, section
from bench.tui import TuiFigures

RESULTS = Path(__file__).with_name("results.md")
FIXES = Path(__file__).with_name("fixes.md")
SYNC_HEADING = "## Sync through git (a local bare remote)"
COMMANDS = ("log", "card add", "lessons -s", "action list --open", "drift", "export")


@dataclass
class Results:
    """Everything one run measured."""

    machine: str
    quick: bool
    install: str = ""
    """Which retro was measured (`bench.install.describe`)."""
    cli: list[CliFigures] = field(default_factory=list)
    """By store size, the empty store first."""
    tui: dict[int, dict[str, TuiFigures]] = field(default_factory=dict)
    export: dict[int, ExportFigures] = field(default_factory=dict)
    peer: list[PeerFigures] = field(default_factory=list)
    writes: str = ""
    """The in-process write table of `bench.writes`."""
    sync: SyncFigures | None = None
    """`retro sync` through a local bare remote (`bench.sync`)."""
    seconds: float = 0.0
    """How long the whole run took."""
    live: str = ""
    """The live-review section (`bench.live.section`)."""


@dataclass(frozen=True)
class Target:
    """One target of the issue, judged on this run's figures."""

    name: str
    figure: str
    goal: str
    met: bool | None
    """None when this run did not measure it (a quick run, or jrnl missing)."""


def _size(n: int) -> str:
    return f"{n:,}" if n else "empty"


def _largest(results: Results) -> CliFigures | None:
    sized = [c for c in results.cli if c.store.size]
    return max(sized, key=lambda c: c.store.size) if sized else None


def _peer_at(results: Results, lessons: int) -> PeerFigures | None:
    found = [p for p in results.peer if p.lessons <= lessons]
    return max(found, key=lambda p: p.lessons) if found else None


def targets(results: Results) -> list[Target]:
    """The issue's targets, judged at the largest sizes this run measured."""
    out: list[Target] = []
    big = _largest(results)
    if big is not None:
        where = f"{big.store.size:,} docs"
        for name in ("log", "card add"):
            r = big.stats[name].wall / big.stats[f"{name} (empty)"].wall
            out.append(
                Target(
                    f"`retro {name}` at {where} ÷ on an empty store",
                    f"{r:.2f}×",
                    "≤ 1.5×",
                    r <= 1.5,
                )
            )
    peer = _peer_at(results, 50_000)
    if peer is not None:
        where = f"{peer.lessons:,} lessons"
        for mine, theirs in (("log", "add"), ("lessons -s", "search")):
            own = peer.retro[mine].wall
            other = peer.jrnl.get(theirs)
            if other is None and theirs in peer.jrnl:
                figure, met = (
                    f"> {peer.timeout / own:,.0f}× (jrnl ran over {peer.timeout:.0f} s)",
                    (peer.timeout / own >= 100),
                )
            elif other is None:
                figure, met = "jrnl not run", None
            else:
                figure, met = f"{other.wall / own:,.0f}×", other.wall / own >= 100
            out.append(Target(f"jrnl {theirs} ÷ `retro {mine}` at {where}", figure, "≥ 100×", met))
        for mine in ("log", "lessons -s", "lessons -s after log"):
            if mine not in peer.retro:
                continue
            r = peer.retro[mine].wall / peer.retro["floor"].wall
            name = mine.replace(" after log", "` right after a `retro log")
            out.append(
                Target(
                    f"`retro {name}` at {where} ÷ `import click`", f"{r:.2f}×", "≤ 2.5×", r <= 2.5
                )
            )
    for size, figures in sorted(results.tui.items()):
        r = figures["retro"].first / figures["floor"].first
        out.append(
            Target(
                f"TUI first frame at {_size(size)} ÷ minimal Textual app",
                f"{r:.2f}×",
                "≤ 1.5×",
                r <= 1.5,
            )
        )
    if results.tui:
        size = max(results.tui)
        loaded = results.tui[size]["retro"].loaded
        out.append(
            Target(
                f"TUI dashboard loaded at {_size(size)} (from launch)",
                ms(loaded) if loaded is not None else "never",
                "< 1 s",
                loaded is not None and loaded < 1.0,
            )
        )
    if results.export:
        size = max(results.export)
        figure = results.export[size]
        out.append(
            Target(
                f"`retro export` of a 300-card review at {_size(size)}, in process",
                ms(figure.command),
                "< 100 ms",
                figure.command < 0.1,
            )
        )
    if big is not None:
        peak = peak_memory(results, big.store.size)
        limit = 4 * big.store.bytes
        out.append(
            Target(
                f"peak memory at {big.store.size:,} docs ÷ store on disk",
                f"{peak / big.store.bytes:.2f}× ({mb(peak)} of {mb(big.store.bytes)})",
                "< 4×",
                peak < limit,
            )
        )
        if big.store.built is not None:
            took = big.store.built.wall
            out.append(
                Target(
                    f"`retro demo --size {big.store.size:,}`",
                    f"{took:.1f} s",
                    "well under 60 s",
                    took < 30,
                )
            )
    if results.sync is not None:
        f, where = results.sync, f"{results.sync.size:,} docs"
        out.append(Target(f"`retro sync` merging 100 + 100 at {where}", ms(f.merging.wall),
                          "< 2 s", f.merging.wall < 2))  # fmt: skip
        out.append(Target(f"`retro sync` with nothing to do at {where}", ms(f.noop.wall),
                          "< 0.5 s", f.noop.wall < 0.5))  # fmt: skip
    if results.quick:  # small sizes: the figures show the bench works, not the targets
        out = [Target(t.name, t.figure, t.goal, None) for t in out]
    return out


def peak_memory(results: Results, size: int) -> int:
    """The highest peak memory of any measured process on the store of `size` (commands and
    the TUI; not the `retro demo` that built it)."""
    peaks = [s.rss for c in results.cli if c.store.size == size for s in _retro_stats(c)]
    if size in results.tui:
        peaks.append(results.tui[size]["retro"].rss)
    return max(peaks, default=0)


def _retro_stats(figures: CliFigures) -> list[Stats]:
    return [figures.stats[name] for name in COMMANDS]


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not judged"}[met]


def render(results: Results, when: datetime) -> str:
    """The whole report as Markdown."""
    parts = [
        "# retro benchmarks",
        "",
        f"Run on {when:%Y-%m-%d %H:%M} on {results.machine}"
        + (" — a quick run (small sizes, few runs)" if results.quick else "")
        + f"; the run took {results.seconds / 60:.1f} minutes."
        + (f" Measured: {results.install}." if results.install else ""),
        "",
        "Whole processes are timed from launch to exit (median after a warm-up, commands of one "
        "size in turns so that the load of other jobs falls on all alike); peak memory is each "
        "child's own `ru_maxrss` (wait4). Compare ratios within this run, not figures across "
        "machines.",
        "",
        "## Targets",
        "",
        table(
            [["target", "this run", "goal", ""]]
            + [[t.name, t.figure, t.goal, _mark(t.met)] for t in targets(results)]
        ),
    ]
    if results.cli:
        parts += ["", "## Stores (`retro demo --size N`, then the bench's fixtures)", ""]
        parts.append(stores_table(results))
        parts += ["", "## Commands, whole processes", ""]
        parts.append(cli_table(results))
        parts += ["", "## Peak memory of each command", ""]
        parts.append(memory_table(results))
    if results.tui:
        parts += ["", "## TUI, headless (120×40), from launch", ""]
        parts.append(tui_table(results))
    if results.export:
        parts += ["", "## Export of a 300-card review, in process", ""]
        parts.append(export_table(results))
    if results.peer:
        parts += ["", "## Peer: jrnl on the same lessons", ""]
        parts.append(peer_table(results))
    if results.writes:
        parts += ["", "## One write, in process (median of 40)", "", results.writes]
    if results.sync is not None:
        parts += ["", SYNC_HEADING, "", section(results.sync)]
    if results.live:
        parts += ["", results.live]
    if FIXES.exists():
        parts += ["", FIXES.read_text(encoding="utf-8").strip()]
    return "\n".join(parts) + "\n"


def stores_table(results: Results) -> str:
    rows = [["documents asked", "on disk", "`retro demo`", "its peak memory"]]
    for c in results.cli:
        built = c.store.built
        rows.append(
            [
                _size(c.store.size),
                mb(c.store.bytes),
                f"{built.wall:.1f} s" if built else "–",
                mb(built.rss) if built else "–",
            ]
        )
    return table(rows)


def cli_table(results: Results) -> str:
    sizes = [c.store.size for c in results.cli]
    runs = ", ".join(f"{c.stats['floor'].runs} at {_size(c.store.size)}" for c in results.cli)
    rows = [["command", *(_size(s) for s in sizes), f"÷ floor at {_size(sizes[-1])}"]]
    floor_row = ["`python -c 'import click'` (floor)"]
    floor_row += [ms(c.stats["floor"].wall) for c in results.cli] + ["1.00×"]
    rows.append(floor_row)
    last = results.cli[-1]
    for name in COMMANDS:
        row = [f"`retro {name}`"]
        row += [ms(c.stats[name].wall) for c in results.cli]
        row.append(ratio(last.stats[name].wall, last.stats["floor"].wall))
        rows.append(row)
    for name in ("log", "card add"):
        row = [f"`retro {name}` ÷ same on empty store"]
        row += [ratio(c.stats[name].wall, c.stats[f"{name} (empty)"].wall) for c in results.cli]
        rows.append([*row, ""])
    cpu = ["CPU of `retro log` ÷ floor's CPU"]
    cpu += [ratio(c.stats["log"].cpu, c.stats["floor"].cpu) for c in results.cli]
    rows.append([*cpu, ""])
    return table(rows) + f"\n\nRuns per command: {runs}."


def memory_table(results: Results) -> str:
    rows = [["command", *(_size(c.store.size) for c in results.cli)]]
    rows.append(["floor", *(mb(c.stats["floor"].rss) for c in results.cli)])
    for name in COMMANDS:
        rows.append([f"`retro {name}`", *(mb(c.stats[name].rss) for c in results.cli)])
    tui = ["TUI (dashboard loaded)"]
    for c in results.cli:
        got = results.tui.get(c.store.size)
        tui.append(mb(got["retro"].rss) if got else "–")
    rows.append(tui)
    rows.append(["store on disk", *(mb(c.store.bytes) for c in results.cli)])
    return table(rows)


def tui_table(results: Results) -> str:
    rows = [
        [
            "store",
            "minimal app, first frame",
            "retro, first frame",
            "ratio",
            "dashboard loaded",
            "loaded − first",
            "first open (cold cache)",
            "peak memory",
            "runs",
        ]
    ]
    for size, f in sorted(results.tui.items()):
        retro, floor = f["retro"], f["floor"]
        loaded = retro.loaded
        rows.append(
            [
                _size(size),
                ms(floor.first),
                ms(retro.first),
                ratio(retro.first, floor.first),
                ms(loaded) if loaded is not None else "never",
                ms(loaded - retro.first) if loaded is not None else "–",
                ms(retro.cold) if retro.cold is not None else "–",
                mb(retro.rss),
                str(retro.runs),
            ]
        )
    return table(rows)


def export_table(results: Results) -> str:
    rows = [["store", "render (summary + Markdown)", "whole command in process", "Markdown"]]
    for size, f in sorted(results.export.items()):
        rows.append([_size(size), ms(f.render), ms(f.command), f"{f.chars:,} chars"])
    return table(rows)


def peer_table(results: Results) -> str:
    rows = [
        ["lessons", "task", "retro", "jrnl", "jrnl ÷ retro", "retro ÷ floor", "runs (retro, jrnl)"]
    ]
    for p in results.peer:
        floor = p.retro["floor"].wall
        rows.append([f"{p.lessons:,}", "floor: `import click`", ms(floor), "", "", "1.00×", ""])
        for task, mine, theirs in (
            ("add a lesson", "log", "add"),
            ("search a word", "lessons -s", "search"),
            ("search right after adding one", "lessons -s after log", "search"),
            ("export as Markdown", "export lessons", "export"),
        ):
            if mine not in p.retro:
                continue
            own = p.retro[mine]
            other = p.jrnl.get(theirs)
            if other is None:
                shown = f"> {p.timeout:.0f} s" if theirs in p.jrnl else "not run"
                times = f"> {p.timeout / own.wall:,.0f}×" if theirs in p.jrnl else "–"
                jr = "0"
            else:
                shown, times, jr = ms(other.wall), f"{other.wall / own.wall:,.0f}×", str(other.runs)
            rows.append(
                [
                    "",
                    f"{task} (`retro {mine.replace(' after log', '')}`)",
                    ms(own.wall),
                    shown,
                    times,
                    ratio(own.wall, floor),
                    f"{own.runs}, {jr}",
                ]
            )
    return table(rows)


def splice_sync(text: str, figures: SyncFigures, when: str = "") -> str:
    """results.md with its sync section (only) replaced by these figures, or added before the
    fixes: what `python -m bench --only sync --write` writes (`when`: the run's date and
    machine, since the rest of the file is from another run)."""
    about = f"Measured {when} with `python -m bench --only sync`.\n\n" if when else ""
    block = f"{SYNC_HEADING}\n\n{about}{section(figures)}\n"
    if SYNC_HEADING in text:
        head, rest = text.split(SYNC_HEADING, 1)
        after = rest.find("\n## ")
        return head + block + (rest[after:] if after >= 0 else "")
    fixes = FIXES.read_text(encoding="utf-8").strip().splitlines()[0] if FIXES.exists() else None
    if fixes and fixes in text:
        head, rest = text.split(fixes, 1)
        return head + block + "\n" + fixes + rest
    return text.rstrip("\n") + "\n\n" + block


def summary(results: Results) -> str:
    """The targets, one line each, for the terminal."""
    return "\n".join(
        f"  {_mark(t.met):>12}  {t.name}: {t.figure} (goal {t.goal})" for t in targets(results)
    )
