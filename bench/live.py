"""A live review: 1, 5 and 20 participants, each a real `retro` TUI process on a terminal of its
own (a pty, 120×40), on one review of the largest store.

- **card → every screen**: `retro card add` writes a card with a fresh word on it; each
  participant's terminal output is read as it is written, and the card counts as on a screen
  when its word is drawn there. Timed from the moment the command returned (the card is in the
  store) and from its launch (what the person typing it waits for, its own start included);
  the median over every screen of every round, and the worst screen of any round.
- **idle CPU**: each participant's CPU time (utime + stime, /proc) over a quiet window once
  every screen has settled, as a share of one core.
- **memory**: each participant's resident set (VmRSS) at the end.

The review is put in the group phase so that every card is visible to everyone (in reflect
another person's card is drawn hidden). An empty store's single participant is the floor.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import statistics
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.common import child_env, mb, retro_argv, table
from retro.model import Card, Review
from retro.store import Store

COUNTS = (1, 5, 20)
ROUNDS = 5
IDLE_SECONDS = 30.0
SETTLE_LIMIT = 600.0
SEEN_LIMIT = 20.0
COLUMNS, LINES = 120, 40
MARKER = "LIVE"


@dataclass(frozen=True)
class LiveFigures:
    """One row: `participants` screens on a store of `size` documents."""

    size: int
    participants: int
    median: float
    """Seconds from the write to the card on a screen, median over all screens and rounds."""
    worst: float
    """The slowest screen of any round."""
    median_launch: float
    """The same median, timed from the launch of `retro card add`."""
    worst_launch: float
    idle: float
    """Mean idle CPU per participant, as a fraction of one core."""
    idle_max: float
    rss: int
    """Median resident memory per participant, bytes."""
    rss_max: int
    missed: int = 0
    """Screens that never showed a card within `SEEN_LIMIT` seconds."""


class Participant:
    """A `retro` TUI on a pty of its own; a thread reads everything it draws."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.fd = master
        self.seen: dict[str, float] = {}
        self.wanted: set[str] = {"Live bench"}
        self._tail = b""
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            now = time.monotonic()
            text = self._tail + chunk
            with self._lock:
                for word in list(self.wanted):
                    if word.encode() in text:
                        self.seen.setdefault(word, now)
                        self.wanted.discard(word)
            self._tail = text[-64:]

    def expect(self, word: str) -> None:
        with self._lock:
            self.wanted.add(word)

    def cpu(self) -> float:
        """CPU seconds used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self.fd, b"q")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self.fd)


BOARD_CARDS = 12
"""Cards on the board to begin with: every card a round adds must fit on a 40-line screen."""


def prepare(path: Path) -> str:
    """A review of `BOARD_CARDS` visible cards (group phase) for the participants; its id."""
    review = Review("Live bench", on=date.today(), format="ssc", facilitator="p01")
    for n in range(BOARD_CARDS):
        review.cards.append(Card(("start", "stop", "continue")[n % 3], f"Idea number {n}"))
    review.set_phase("group", review.created)
    Store(path).add_review(review)
    return review.id


def _settled(people: list[Participant]) -> None:
    """Wait until every screen has drawn the review and all of them have gone quiet."""
    end = time.monotonic() + SETTLE_LIMIT
    while time.monotonic() < end and any("Live bench" not in p.seen for p in people):
        time.sleep(0.2)
    quiet = 0
    while time.monotonic() < end and quiet < 3:
        before = [p.cpu() for p in people]
        time.sleep(1.0)
        busy = max(p.cpu() - b for p, b in zip(people, before, strict=True))
        quiet = quiet + 1 if busy < 0.02 else 0


def measure(path: Path, size: int, count: int, review_id: str, rounds: int = ROUNDS) -> LiveFigures:
    """`count` participants on the review: card latency, idle CPU, memory."""
    env = child_env(RETRO_STORE=str(path), TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    people = [
        Participant([*retro_argv(), "open", review_id], {**env, "RETRO_USER": f"p{n + 1:02d}"})
        for n in range(count)
    ]
    try:
        _settled(people)
        after, launch, missed = [], [], 0
        for turn in range(rounds):
            word = f"{MARKER}{size}x{count}x{turn}"
            for person in people:
                person.expect(word)
            started = time.monotonic()
            subprocess.run(
                [*retro_argv(), "card", "add", review_id, "start", word],
                env={**env, "RETRO_USER": "p01"},
                check=True,
                capture_output=True,
            )
            written = time.monotonic()
            end = written + SEEN_LIMIT
            while time.monotonic() < end and any(word not in p.seen for p in people):
                time.sleep(0.01)
            for person in people:
                if word in person.seen:
                    after.append(max(0.0, person.seen[word] - written))
                    launch.append(person.seen[word] - started)
                else:
                    missed += 1
            time.sleep(1.0)
        _settled(people)
        before = [p.cpu() for p in people]
        time.sleep(IDLE_SECONDS)
        idle = [(p.cpu() - b) / IDLE_SECONDS for p, b in zip(people, before, strict=True)]
        rss = [p.rss() for p in people]
    finally:
        for person in people:
            person.close()
    return LiveFigures(
        size=size,
        participants=count,
        median=statistics.median(after) if after else float("nan"),
        worst=max(after) if after else float("nan"),
        median_launch=statistics.median(launch) if launch else float("nan"),
        worst_launch=max(launch) if launch else float("nan"),
        idle=statistics.mean(idle),
        idle_max=max(idle),
        rss=int(statistics.median(rss)),
        rss_max=max(rss),
        missed=missed,
    )


def run(
    stores: list[tuple[Path, int]],
    counts: tuple[int, ...] = COUNTS,
    note: Callable[[str], object] = print,
) -> list[LiveFigures]:
    """The floor (one participant on the first store, the empty one), then every count on the
    last (largest) store."""
    out = []
    plan = [(stores[0], 1)] + [(stores[-1], n) for n in counts]
    for (path, size), count in plan:
        review_id = prepare(path)
        tick = time.monotonic()
        out.append(measure(path, size, count, review_id))
        note(f"live review: {count} on {size:,} documents in {time.monotonic() - tick:.0f} s")
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def section(figures: list[LiveFigures]) -> str:
    """The Markdown section of results.md."""
    rows = [
        [
            "store",
            "participants",
            "card → screens, median",
            "worst",
            "from launch, median",
            "worst",
            "idle CPU each (max)",
            "memory each (max)",
        ]
    ]
    for f in figures:
        missed = f" ({f.missed} missed)" if f.missed else ""
        rows.append(
            [
                f"{f.size:,}" if f.size else "empty",
                str(f.participants),
                _ms(f.median),
                _ms(f.worst) + missed,
                _ms(f.median_launch),
                _ms(f.worst_launch),
                f"{f.idle * 100:.2f} % ({f.idle_max * 100:.2f} %)",
                f"{mb(f.rss)} ({mb(f.rss_max)})",
            ]
        )
    return "\n".join(
        [
            START,
            "## A live review: participants as real TUI processes (a pty each, 120×40)",
            "",
            f"{ROUNDS} rounds of `retro card add` per row; a card counts as on a screen when its "
            'text is drawn on that terminal. "card → screens" is timed from the write (the '
            'command returned), "from launch" includes the command\'s own start. Idle CPU over '
            f"{IDLE_SECONDS:.0f} s once every screen settled, as a share of one core; memory is "
            "the resident set at the end. Targets: worst ≤ 1 s at 20, idle ≤ 0.3 %, ≤ 60 MB.",
            "",
            table(rows),
            END,
        ]
    )


START, END = "<!-- live rows -->", "<!-- end of live rows -->"


def update(results: Path, text: str) -> None:
    """Put the section in results.md, replacing the one there (or after everything else)."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + text + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    results.write_text(new, encoding="utf-8")
