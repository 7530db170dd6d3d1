"""The benchmark's own helpers, run small, so that `make bench` cannot rot unnoticed.

Not jrnl (no install here) and no timing claims: each test checks that a helper measures what
it says, on tiny inputs, in a few seconds.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from bench import export, report
from bench.cli import CliFigures, commands
from bench.common import Run, Stats, interleaved, run_child, table
from bench.peer import PeerFigures, jrnl_config
from bench.stores import BenchStore, lesson_list, make_lessons_store, make_store, write_journal
from bench.tui import TuiFigures
from retro.store import Store


def test_a_child_reports_its_own_peak_memory_and_output() -> None:
    hog = "b = bytearray(60_000_000); b[::4096] = b'x' * len(b[::4096]); print('done')"
    small = run_child([sys.executable, "-c", "print('done')"], started=[])
    big = run_child([sys.executable, "-c", hog], started=[])
    assert small.out.strip() == big.out.strip() == "done"
    assert big.rss - small.rss > 50_000_000  # wait4 gives each child its own peak
    assert small.wall > 0 and small.cpu > 0


def test_interleaved_runs_every_command_the_same_number_of_times() -> None:
    stats = interleaved(
        {"a": [sys.executable, "-c", "pass"], "b": [sys.executable, "-c", "pass"]},
        None,  # type: ignore[arg-type]
        runs=2,
        warmup=1,
    )
    assert {k: s.runs for k, s in stats.items()} == {"a": 2, "b": 2}


def test_a_bench_store_has_its_fixtures_and_exports_in_process(tmp_path: Path) -> None:
    made = make_store(tmp_path / "store", 0)
    store = Store(made.path)
    assert store.review(made.open_review).phase == "reflect"
    assert len(store.review(made.export_review).cards) == 300
    assert store.sprint(made.sprint).status == "active"
    argv = commands(made)
    assert made.open_review in argv["card add"] and made.export_review in argv["export"]
    figures = export.measure(made, runs=2)
    assert figures.chars > 10_000 and figures.render > 0 and figures.command > 0


def test_the_journal_holds_the_same_lessons_as_the_store(tmp_path: Path) -> None:
    lessons = lesson_list(50, date(2026, 11, 22))
    path = make_lessons_store(tmp_path / "lessons", lessons)
    assert len(Store(path).lessons()) == 50
    journal = write_journal(tmp_path / "journal.txt", lessons).read_text(encoding="utf-8")
    entries = [e for e in journal.split("\n\n") if e.strip()]
    assert len(entries) == 50
    first = min(lessons, key=lambda x: x.created)
    assert entries[0].startswith(f"[{first.created:%Y-%m-%d %I:%M:%S %p}] {first.text}.")
    assert all(f"@{t}" in entries[0] for t in first.tags)
    config = jrnl_config(tmp_path / "home", tmp_path / "journal.txt", "4.6").read_text()
    assert "editor: ''" in config and str(tmp_path / "journal.txt") in config


def _stats(wall: float, rss: int = 30_000_000) -> Stats:
    return Stats(wall=wall, cpu=wall, rss=rss, runs=3)


def test_the_report_judges_each_target_from_the_figures() -> None:
    def store(size: int) -> BenchStore:
        return BenchStore(
            Path("/nowhere"), size, Run(20.0, 19.0, 90_000_000, 0), "", "", "", 40_000_000
        )

    def cli(size: int, log: float) -> CliFigures:
        stats = {name: _stats(0.2) for name in report.COMMANDS}
        stats.update({"floor": _stats(0.1), "log": _stats(log), "log (empty)": _stats(0.2)})
        stats["card add (empty)"] = _stats(0.2)
        return CliFigures(store(size), stats)

    results = report.Results("a test machine", quick=False)
    results.cli = [cli(0, 0.2), cli(100_000, 0.4)]
    results.tui = {
        100_000: {"floor": TuiFigures(0.3, None, 1, 3), "retro": TuiFigures(0.4, 0.9, 2, 3)}
    }
    results.export = {100_000: export.ExportFigures(0.003, 0.05, 20_000)}
    retro = {"floor": _stats(0.1), "log": _stats(0.2), "lessons -s": _stats(0.5)}
    retro["export lessons"] = _stats(0.5)
    jrnl: dict[str, Stats | None] = {"add": None, "search": _stats(5.0), "export": _stats(6.0)}
    results.peer = [PeerFigures(50_000, retro, jrnl, timeout=240.0)]
    verdicts = {t.name: t.met for t in report.targets(results)}
    assert verdicts["`retro log` at 100,000 docs ÷ on an empty store"] is False  # 2×
    assert verdicts["`retro card add` at 100,000 docs ÷ on an empty store"] is True
    assert verdicts["jrnl add ÷ `retro log` at 50,000 lessons"] is True  # > 240 s ÷ 0.2 s
    assert verdicts["jrnl search ÷ `retro lessons -s` at 50,000 lessons"] is False  # 10×
    assert verdicts["TUI first frame at 100,000 ÷ minimal Textual app"] is True
    assert verdicts["TUI dashboard loaded at 100,000 (from launch)"] is True
    text = report.render(results, datetime(2026, 11, 22, 12, 0))
    assert "a test machine" in text and "| `retro log` " in text and "**missed**" in text
    quick = report.Results("m", quick=True, cli=results.cli)
    assert all(t.met is None for t in report.targets(quick))


def test_table_aligns_columns() -> None:
    lines = table([["a", "bb"], ["ccc", "d"]]).splitlines()
    assert lines == ["| a   | bb |", "|-----|----|", "| ccc | d  |"]


def test_the_sync_rows_merge_on_a_small_store(tmp_path: Path) -> None:
    from bench import sync

    figures = sync.measure(tmp_path, 0, runs=1)
    assert figures.merged_in == sync.ADDED  # the other side's 100 came in, through the driver
    assert figures.merging.runs == figures.noop.runs == 1
    text = sync.section(figures)
    assert "merge 100 in" in text and "nothing to do" in text
    before = "# retro benchmarks\n\n## Targets\n\nrows\n"
    once = report.splice_sync(before, figures)
    assert once.startswith(before) and report.SYNC_HEADING in once
    assert report.splice_sync(once, figures).count(report.SYNC_HEADING) == 1


def test_the_live_rows_time_a_card_onto_a_real_tui_and_keep_their_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import live

    monkeypatch.setattr(live, "IDLE_SECONDS", 1.0)
    made = make_store(tmp_path / "store", 0, today=date(2026, 11, 22))
    review_id = live.prepare(made.path)
    figures = live.measure(made.path, 0, 1, review_id, rounds=1)
    assert figures.missed == 0 and figures.participants == 1
    assert 0 <= figures.median <= figures.worst <= figures.worst_launch
    assert figures.rss > 10_000_000 and figures.idle >= 0
    assert Store(made.path).review(review_id).cards[-1].text.startswith(live.MARKER)
    results = tmp_path / "results.md"
    results.write_text("# retro benchmarks\n\nbefore\n")
    live.update(results, live.section([figures]))
    live.update(results, live.section([figures, figures]))
    text = results.read_text()
    assert text.startswith("# retro benchmarks\n\nbefore\n")
    assert text.count(live.START) == 1 and text.count("| empty ") == 2
