"""Eight `retro` processes write to one store at once while the TUI has it open: nothing is
lost, no id repeats, the TUI sees every change, and the store stays healthy."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from retro.store import Store
from tests.reliability.conftest import Run, ok, ok_json, subprocess_env

WRITERS = 8
CARDS_EACH = 50
LESSONS_EACH = 50

# Each writer is its own process running the real click CLI in-process, once per command (a
# Python start per command would take minutes). Cards go to one review; every lesson goes to
# one partition file (one author, one month), so the writers fight over the same two files.
WRITER = textwrap.dedent(
    """
    import contextlib, io, json, sys, time
    from pathlib import Path
    from retro.cli import cli

    store, review, who, cards, lessons, go = sys.argv[1:7]
    while not Path(go).exists():
        time.sleep(0.005)
    jobs = [("card", n) for n in range(int(cards))] + [("lesson", n) for n in range(int(lessons))]
    jobs.sort(key=lambda job: job[1])  # interleave cards and lessons
    for kind, n in jobs:
        if kind == "card":
            args = ["--as", who, "card", "add", review, "start", f"{who} card {n}", "--json"]
        else:
            args = ["--as", "team", "log", f"{who} lesson {n}", "-t", who, "--json"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            cli.main(["--store", store, *args], prog_name="retro", standalone_mode=False)
        print(kind, json.loads(out.getvalue())["id"], flush=True)
    """
)

# The TUI, headless, on the review board while the writers run; it reports what it saw.
TUI = textwrap.dedent(
    """
    import asyncio, json, sys, time
    from datetime import date
    from pathlib import Path
    from textual.widgets import OptionList
    from retro.app import RetroApp
    from retro.store import Store

    path, review, stop, expected = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])

    async def main():
        app = RetroApp(Store(path), user="facilitator", start=review, today=date.today())
        counts = []
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(400):
                await pilot.pause(0.05)
                if app.snapshot is not None:
                    break
            print("ready", flush=True)
            while not stop.exists():
                await pilot.pause(0.2)
                if app.snapshot is not None:
                    counts.append(len(app.snapshot.review(review).cards))
            # The writers are done: the board must catch up within a few poll intervals, and
            # the snapshot (read half a second after the board showed the review's file).
            started = time.monotonic()
            board = lambda: app.screen.query_one("#cards-start", OptionList).option_count
            read = lambda: len(app.snapshot.review(review).cards)
            while time.monotonic() - started < 10 and min(board(), read()) < expected:
                await pilot.pause(0.1)
            caught_up = time.monotonic() - started
            errors = [n.message for n in app._notifications if n.severity == "error"]
            print(json.dumps({
                "screen": type(app.screen).__name__,
                "board": board(),
                "snapshot": len(app.snapshot.review(review).cards),
                "lessons": len(app.snapshot.lessons),
                "counts": counts,
                "caught_up": caught_up,
                "errors": errors,
            }), flush=True)

    asyncio.run(main())
    """
)


def test_eight_cli_processes_and_a_tui_lose_nothing(
    run: Run, store_path: Path, tmp_path: Path
) -> None:
    ok(run, "init", "--name", "Platform")
    review = ok_json(run, "review", "new", "Busy retro", "--format", "ssc")["id"]
    go, stop = tmp_path / "go", tmp_path / "stop"
    env = subprocess_env()

    tui = subprocess.Popen(
        [sys.executable, "-c", TUI, str(store_path), review, str(stop), str(WRITERS * CARDS_EACH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert tui.stdout is not None
        assert tui.stdout.readline().strip() == "ready", tui.stderr.read() if tui.stderr else ""
        writers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WRITER,
                    str(store_path),
                    review,
                    f"w{n}",
                    str(CARDS_EACH),
                    str(LESSONS_EACH),
                    str(go),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for n in range(WRITERS)
        ]
        time.sleep(0.3)  # let every writer import retro, then start them together
        go.touch()
        outputs = [w.communicate(timeout=150) for w in writers]
        for w, (_, err) in zip(writers, outputs, strict=True):
            assert w.returncode == 0, err[-2000:]
        stop.touch()
        tui_out, tui_err = tui.communicate(timeout=60)
    finally:
        for proc in [tui, *locals().get("writers", [])]:
            if proc.poll() is None:
                proc.kill()
    assert tui.returncode == 0, tui_err[-3000:]

    reported = [line.split() for out, _ in outputs for line in out.splitlines()]
    cards = [i for kind, i in reported if kind == "card"]
    lessons = [i for kind, i in reported if kind == "lesson"]
    assert len(cards) == WRITERS * CARDS_EACH and len(lessons) == WRITERS * LESSONS_EACH
    assert len(set(cards) | set(lessons)) == 800, "an id was handed out twice"

    fresh = Store(store_path)
    fresh.check_open()
    stored_cards = [c.id for c in fresh.review(review).cards]
    stored_lessons = [x.id for x in fresh.lessons()]
    assert sorted(stored_cards) == sorted(cards)
    assert sorted(stored_lessons) == sorted(lessons)
    assert sorted(fresh.review(review).participants) == sorted(
        ["ana", *(f"w{n}" for n in range(WRITERS))]
    )
    # Each writer's own order survived (no write overtook an earlier one of the same process).
    texts = {c.id: c.text for c in fresh.review(review).cards}
    for n in range(WRITERS):
        mine = [int(texts[i].rsplit(" ", 1)[1]) for i in cards if texts[i].startswith(f"w{n} ")]
        assert mine == list(range(CARDS_EACH))

    doctor = ok_json(run, "doctor")
    assert doctor["healthy"] and doctor["problems"] == []
    assert doctor["documents"] >= 800

    seen = json.loads(tui_out.strip().splitlines()[-1])
    assert seen["errors"] == [], seen["errors"]
    assert seen["screen"] == "ReviewScreen"
    assert seen["board"] == seen["snapshot"] == WRITERS * CARDS_EACH, seen
    assert seen["lessons"] == WRITERS * LESSONS_EACH
    # The TUI saw the review grow while the writers ran, never shrink.
    assert seen["counts"] == sorted(seen["counts"])
    assert len(set(seen["counts"])) > 2, seen["counts"]
