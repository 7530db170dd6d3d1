"""A `retro` writer killed with SIGKILL at random moments, again and again, over a store of
10,000 documents: the store always opens, keeps every write that was reported done, and
`retro doctor` finds it healthy (after removing the temporary file a kill can leave)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import orjson

from retro.demo import build_demo
from retro.store import Store
from retro.store.doctor import store_files
from tests.reliability.conftest import Run, ok_json, runner_for, subprocess_env

ROUNDS = 50
TODAY = date(2026, 3, 2)

# A zygote imports the real CLI once, then forks one writer per round (a fresh Python per round
# would spend most of the test starting up). Each writer runs the click CLI in-process in a loop:
# cards, lessons, actions and kudos, each reported on stdout only once the command has returned.
# The test SIGKILLs the writer; the zygote reaps it and says "reaped", so every line the writer
# printed has been read by then.
ZYGOTE = textwrap.dedent(
    """
    import contextlib, io, json, os, sys
    from retro.cli import cli

    store, review = sys.argv[1], sys.argv[2]
    commands = [
        ("card", ["card", "add", review, "start", "crash card {n}", "--json"]),
        ("lesson", ["log", "crash lesson {n}", "-t", "crash", "--json"]),
        ("action", ["action", "add", review, "crash action {n}", "--owner", "ana", "--json"]),
        ("kudos", ["kudos", "add", review, "ana", "crash kudos {n}", "--json"]),
    ]

    def write_forever(number):
        n = 0
        while True:
            kind, args = commands[n % len(commands)]
            out = io.StringIO()
            argv = ["--store", store, "--as", "crash"]
            argv += [a.format(n=f"{number}.{n}") for a in args]
            with contextlib.redirect_stdout(out):
                cli.main(argv, prog_name="retro", standalone_mode=False)
            # One write a line: with unbuffered output (PYTHONUNBUFFERED) a print is a write a
            # piece, and a kill between two pieces would leave half a line for the zygote's
            # "reaped" to join.
            sys.stdout.write(kind + " " + json.loads(out.getvalue())["id"] + "\\n")
            sys.stdout.flush()
            n += 1

    for number, _ in enumerate(sys.stdin):
        pid = os.fork()
        if pid == 0:
            write_forever(number)
        print("pid", pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print("reaped", status, flush=True)
    """
)


def document_ids(root: Path) -> Iterator[str]:
    """Every document id in every store file (read raw: a quick census of the whole store)."""
    for path in store_files(root):
        if path.suffix != ".json":
            continue
        for name, table in orjson.loads(path.read_bytes()).items():
            if name != "_meta":
                yield from (key for key in table if key != "team" and key != "info")


def test_sigkill_at_random_moments_loses_nothing_reported(store_path: Path) -> None:
    demo = build_demo(Store(store_path), size=10_250, today=TODAY, user="ana")
    run: Run = runner_for(store_path)
    # The busiest start-stop-continue review (the writer adds to "start"), opened again for
    # cards: its file is among the largest written.
    store = Store(store_path)
    review = max((r for r in store.reviews() if r.format == "ssc"), key=lambda r: len(r.cards)).id
    ok_json(run, "review", "edit", review, "--votes", "3")
    assert run("review", "phase", review, "reflect", "--yes").ok
    before = set(document_ids(store_path))
    assert len(before) >= 10_000

    rng = random.Random(20261122)
    reported: dict[str, str] = {}
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(store_path), review],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    try:
        for number in range(ROUNDS):
            zygote.stdin.write("fork\n")
            zygote.stdin.flush()
            head = zygote.stdout.readline().split()
            assert head[:1] == ["pid"], (head, zygote.stderr.read() if zygote.stderr else "")
            time.sleep(rng.uniform(0.0, 0.3))  # the kill lands anywhere, mid-fsync included
            os.kill(int(head[1]), signal.SIGKILL)
            while True:
                line = zygote.stdout.readline().split()
                assert line, "the zygote died"
                if line[0] == "reaped":
                    assert os.WIFSIGNALED(int(line[1])), "the writer stopped by itself"
                    break
                reported[line[1]] = line[0]
            # The store opens, every file parses, nothing that was there is gone, every
            # reported write is there.
            now = set(document_ids(store_path))
            assert before <= now, f"round {number}: {len(before - now)} old documents lost"
            missing = set(reported) - now
            assert not missing, f"round {number}: reported writes lost: {sorted(missing)[:5]}"
            if number % 10 == 9:
                fresh = Store(store_path)
                cards = {c.id for c in fresh.review(review).cards}
                assert cards >= {i for i, k in reported.items() if k == "card"}
                assert len(fresh.lessons()) >= demo.lessons
    finally:
        zygote.kill()
        zygote.communicate()
    temp_files = [p for p in store_files(store_path) if p.name.endswith(".tmp")]

    assert len(reported) >= ROUNDS, "the writer hardly wrote anything before each kill"
    assert set(reported.values()) == {"card", "lesson", "action", "kudos"}

    fresh = Store(store_path)
    every = {c.id for r in fresh.reviews() for c in [*r.cards, *r.actions, *r.kudos]}
    every |= {x.id for x in fresh.lessons()}
    assert set(reported) <= every

    # The doctor finds nothing but the temporary files of writes that never landed, removes
    # them on --repair, and then calls the store healthy.
    report = runner_for(store_path)("doctor", "--json").json()
    leftover = [p for p in report["problems"] if "temporary file" not in p]
    assert leftover == [], leftover
    repaired = ok_json(run, "doctor", "--repair")
    assert repaired["healthy"]
    after = ok_json(run, "doctor")
    assert after["healthy"] and after["problems"] == []
    assert after["documents"] >= len(before) + len(reported)
    print(
        f"crashes: {ROUNDS} kills survived over {len(before)} documents; "
        f"{len(reported)} writes reported and kept; {len(temp_files)} temp files left by kills"
    )
