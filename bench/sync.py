"""`retro sync` on a large store kept in git: two clones of a local bare remote (the network
left out), each adding 100 documents (cards on one shared review, lessons in one shared
partition, so that retro's merge driver has files to merge), then one side syncs what the
other pushed. Targets (issue 16): a sync that merges under 2 s, a sync with nothing to do under
0.5 s, on a 100,000-document store; `git status` on the same clone is the floor."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.common import Run, Stats, child_env, ms, ratio, retro_argv, run_child, summarise, table
from bench.stores import make_store
from retro.model import Card, Lesson
from retro.store import Store

ADDED = 100
GIT = shutil.which("git") or "git"


@dataclass(frozen=True)
class SyncFigures:
    """One store size's sync figures."""

    size: int
    files: int
    """Store files in the clone."""
    first: Stats
    """The side that syncs first: commit its 100 documents and push."""
    merging: Stats
    """The other side: commit its 100, fetch, merge (the driver at work), push."""
    noop: Stats
    """A sync with nothing to do (the fetch included)."""
    floor: Stats
    """`git status` in the same clone."""
    merged_in: int
    """Documents the merging sync brought in per run (ADDED when it merged)."""


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def _clones(root: Path, size: int) -> tuple[Path, Path, str]:
    """Two clones of a bare remote holding a store of `size` documents; the open review."""
    a, b, remote = root / "a", root / "b", root / "remote.git"
    made = make_store(a / ".retro", size)
    _git(root, "init", "-q", "--bare", "-b", "main", str(remote))
    _git(a, "init", "-q", "-b", "main")
    for repo, who in ((a, "ana"),):
        _git(repo, "config", "user.name", who)
        _git(repo, "config", "user.email", f"{who}@example.com")
    env = child_env()
    run_child([*retro_argv(), "--store", str(a / ".retro"), "git", "setup"], env)
    _git(a, "add", ".retro")
    _git(a, "commit", "-qm", "the store")
    _git(a, "remote", "add", "origin", str(remote))
    _git(a, "push", "-q", "-u", "origin", "main")
    _git(root, "clone", "-q", str(remote), str(b))
    _git(b, "config", "user.name", "bo")
    _git(b, "config", "user.email", "bo@example.com")
    run_child([*retro_argv(), "--store", str(b / ".retro"), "git", "setup"], env)
    return a, b, made.open_review


def _add(store: Path, review: str, who: str, n: int) -> None:
    """`n` documents: half cards on the shared review, half lessons in one partition."""
    opened = Store(store)
    with opened.batch():
        for i in range(n // 2):
            opened.add_card(review, Card("start", f"{who} card {i}", author=who))
        for i in range(n - n // 2):
            opened.add_lesson(Lesson(f"{who} lesson {i}", on=date.today(), author="bench"))


def _sync(clone: Path) -> tuple[Run, dict[str, object]]:
    run = run_child([*retro_argv(), "--store", str(clone / ".retro"), "sync", "--json"],
                    child_env(), started=[])  # fmt: skip
    return run, json.loads(run.out)


def measure(root: Path, size: int, runs: int) -> SyncFigures:
    """Sync figures on a store of `size` documents, `runs` rounds."""
    a, b, review = _clones(root, size)
    first: list[Run] = []
    merging: list[Run] = []
    noop: list[Run] = []
    floor: list[Run] = []
    merged_in: list[int] = []
    for round_ in range(runs + 1):  # the first round warms the caches up
        _add(a / ".retro", review, "ana", ADDED)
        _add(b / ".retro", review, "bo", ADDED)
        ran, _ = _sync(a)
        merged, out = _sync(b)
        added = out["in"]["added"]  # type: ignore[index]
        empty, nothing = _sync(b)
        status = run_child([GIT, "-C", str(b), "status", "--porcelain"], child_env())
        if not out["pulled"] or nothing["committed"] or nothing["pulled"]:
            raise RuntimeError(f"the sync did not do what the bench expects: {out} {nothing}")
        if round_:
            first.append(ran)
            merging.append(merged)
            noop.append(empty)
            floor.append(status)
            merged_in.append(sum(added.values()))
        _sync(a)  # a takes b's documents, for the next round
    files = sum(1 for p in (b / ".retro").rglob("*.json") if ".backup" not in p.parts)
    return SyncFigures(
        size,
        files,
        summarise(first),
        summarise(merging),
        summarise(noop),
        summarise(floor),
        int(statistics.median(merged_in)),
    )


def section(figures: SyncFigures) -> str:
    """The Markdown section of the sync figures."""
    f = figures
    rows = [
        ["`retro sync`, whole process", f"{f.size:,} documents", "÷ `git status`", "goal"],
        ["first side: commit 100, push", ms(f.first.wall), ratio(f.first.wall, f.floor.wall), ""],
        [
            "other side: commit 100, fetch, merge 100 in, push",
            ms(f.merging.wall),
            ratio(f.merging.wall, f.floor.wall),
            f"< 2 s: {'met' if f.merging.wall < 2 else '**missed**'}",
        ],
        [
            "nothing to do (fetch included)",
            ms(f.noop.wall),
            ratio(f.noop.wall, f.floor.wall),
            f"< 0.5 s: {'met' if f.noop.wall < 0.5 else '**missed**'}",
        ],
        ["`git status` (floor)", ms(f.floor.wall), "1.00×", ""],
    ]
    return (
        f"{f.files:,} store files in each clone, a local bare remote; each side adds {ADDED} "
        f"documents per round (cards on one shared review, lessons in one shared partition: "
        f"the driver merges both files); the merging sync brought in {f.merged_in} documents. "
        f"Median of {f.merging.runs} rounds after a warm-up.\n\n" + table(rows)
    )
