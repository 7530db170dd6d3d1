"""Several processes writing at once lose nothing; a writer killed mid-write loses nothing
that it had reported as written."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from retro.model import Review
from retro.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    from retro.model import Card, Lesson
    from retro.store import Store

    store = Store(sys.argv[1])
    review_id, who, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
    for n in range(count):
        card = store.add_card(review_id, Card("start", f"{who} card {n}", author=who))
        print(card.id, flush=True)
    """
)


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, *args], stdout=subprocess.PIPE, text=True, env=env
    )


def test_four_processes_add_100_cards_each_to_one_review(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.init("Platform")
    review = store.add_review(Review("Busy retro"))
    writers = [_spawn(str(store.path), review.id, f"p{n}", "100") for n in range(4)]
    outputs = [w.communicate(timeout=240)[0].split() for w in writers]
    assert all(w.returncode == 0 for w in writers)
    reported = {card_id for out in outputs for card_id in out}
    assert len(reported) == 400
    stored = Store(store.path).review(review.id)
    assert {c.id for c in stored.cards} == reported
    assert sorted(stored.participants) == ["p0", "p1", "p2", "p3"]
    assert Store(store.path).doctor().healthy


def test_writer_killed_at_random_moments_loses_nothing_it_reported(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.init("Platform")
    review = store.add_review(Review("Crashy retro"))
    rng = random.Random(20261122)
    reported: set[str] = set()
    for _round in range(20):
        writer = _spawn(str(store.path), review.id, "crash", "100000")
        assert writer.stdout is not None
        # Let it write a while: the kill lands anywhere in a write, including mid-fsync.
        deadline = time.monotonic() + rng.uniform(0.35, 0.9)
        while time.monotonic() < deadline:
            line = writer.stdout.readline()
            if line.strip():
                reported.add(line.strip())
        writer.send_signal(signal.SIGKILL)
        rest = writer.communicate()[0]
        reported.update(rest.split())
        fresh = Store(store.path)
        stored = {c.id for c in fresh.review(review.id).cards}
        missing = reported - stored
        assert not missing, f"round {_round}: {len(missing)} reported cards lost"
    assert len(reported) > 20
    # A kill can leave a temporary file of a write that never landed: that is all it leaves.
    report = Store(store.path).doctor()
    assert [p for p in report.problems if "temporary file" not in p] == []
    Store(store.path).doctor(repair=True)
    assert Store(store.path).doctor().healthy
