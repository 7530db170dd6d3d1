"""`retro sync` between two clones of a bare remote, with the real git binary: every scenario
merges by document id, and git never shows a conflict."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.gitshare.conftest import Clone, git, make_clone


def _reviews(clone: Clone) -> set[str]:
    return {r["title"] for r in json.loads(clone.retro("review", "list", "--json").stdout)}


def _cards(clone: Clone, review: str) -> dict[str, str]:
    """Every card of a review, as its file holds it (hidden or not)."""
    data = json.loads((clone.store / "reviews" / f"{review}.json").read_bytes())
    return {card_id: card["text"] for card_id, card in data["cards"].items()}


def _no_conflict(clone: Clone) -> None:
    assert not (clone.repo / ".git" / "MERGE_HEAD").exists()
    assert clone.git("status", "--porcelain", "--", ".retro") == ""
    for path in clone.store.rglob("*.json"):
        assert b"<<<<<<<" not in path.read_bytes(), path


def test_concurrent_reviews_both_arrive(pair: tuple[Clone, Clone]) -> None:
    ana, bo = pair
    ana.retro("review", "new", "Ana's retro")
    bo.retro("review", "new", "Bo's retro")
    out = ana.sync()
    assert out["committed"] == "retro: 1 review (ana)" and out["pushed"]
    out = bo.sync()
    assert out["pulled"] and out["pushed"] and out["news"] == "1 new review from ana"
    ana.sync()
    assert _reviews(ana) == _reviews(bo) == {"Ana's retro", "Bo's retro"}
    _no_conflict(ana)
    _no_conflict(bo)


def test_cards_on_the_same_review_from_both_sides(pair: tuple[Clone, Clone]) -> None:
    ana, bo = pair
    review = ana.new_id("review", "new", "Sprint 1")
    ana.sync()
    bo.sync()
    for i in range(3):
        bo.retro("card", "add", review, "start", f"bo {i}")
    ana.retro("card", "add", review, "stop", "ana 1")
    assert bo.sync()["committed"] == "retro: 3 cards, 1 edited (bo)"
    out = ana.sync()
    assert out["news"].startswith("3 new cards from bo")
    bo.sync()
    assert sorted(_cards(ana, review).values()) == ["ana 1", "bo 0", "bo 1", "bo 2"]
    assert _cards(ana, review) == _cards(bo, review)
    _no_conflict(ana)


def test_the_same_card_edited_on_both_sides_keeps_the_later(pair: tuple[Clone, Clone]) -> None:
    ana, bo = pair
    review = ana.new_id("review", "new", "Sprint 1")
    card = ana.new_id("card", "add", review, "start", "first words")
    ana.retro("review", "phase", review, "group")
    ana.sync()
    bo.sync()
    ana.retro("card", "edit", card, "ana's words")
    ana.sync()
    time.sleep(1.1)  # commit times are whole seconds: bo's change is the later one
    bo.retro("card", "edit", card, "bo's words")
    out = bo.sync()
    assert any("ana's words" in line and card in line for line in out["merge_reports"])
    ana.sync()
    assert _cards(ana, review)[card] == _cards(bo, review)[card] == "bo's words"
    _no_conflict(bo)


def test_lessons_of_one_author_from_two_machines_in_one_month(
    pair: tuple[Clone, Clone], tmp_path: Path, remote: Path
) -> None:
    ana, _ = pair
    laptop = ana
    desktop = make_clone(remote, tmp_path / "ana-desktop", "ana")
    desktop.retro("git", "setup")
    laptop.retro("log", "From the laptop", "--date", "2026-11-03")
    desktop.retro("log", "From the desktop", "--date", "2026-11-20")
    laptop.sync()
    out = desktop.sync()
    assert out["news"] == "1 new lesson from ana"
    laptop.sync()
    for clone in (laptop, desktop):
        texts = {x["text"] for x in json.loads(clone.retro("lessons", "--json").stdout)}
        assert texts == {"From the laptop", "From the desktop"}
        assert [p.name for p in (clone.store / "lessons" / "ana").iterdir()] == ["2026-11.json"]
    _no_conflict(laptop)


def test_a_delete_against_an_edit_keeps_the_edit(pair: tuple[Clone, Clone]) -> None:
    ana, bo = pair
    review = ana.new_id("review", "new", "Sprint 1")
    card = ana.new_id("card", "add", review, "start", "keep me")
    gone = ana.new_id("card", "add", review, "start", "delete me")
    ana.retro("review", "phase", review, "group")
    ana.sync()
    bo.sync()
    ana.retro("card", "delete", card, "--yes")
    ana.retro("card", "delete", gone, "--yes")
    bo.retro("card", "edit", card, "keep me, edited")
    ana.sync()
    out = bo.sync()
    assert any(card in line and "the edit is kept" in line for line in out["merge_reports"])
    ana.sync()
    for clone in (ana, bo):
        assert _cards(clone, review) == {card: "keep me, edited"}


def test_a_plain_git_pull_uses_the_driver_too(pair: tuple[Clone, Clone]) -> None:
    ana, bo = pair
    review = ana.new_id("review", "new", "Sprint 1")
    ana.sync()
    bo.sync()
    ana.retro("card", "add", review, "start", "from ana")
    bo.retro("card", "add", review, "start", "from bo")
    ana.sync()
    bo.git("commit", "-qam", "bo's card")
    pulled = subprocess.run(
        ["git", "-C", str(bo.repo), "pull", "--no-rebase", "--no-edit"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert pulled.returncode == 0, pulled.stderr
    assert "CONFLICT" not in pulled.stdout + pulled.stderr
    assert sorted(_cards(bo, review).values()) == ["from ana", "from bo"]


def test_sync_commits_the_store_folder_and_nothing_else(pair: tuple[Clone, Clone]) -> None:
    ana, _ = pair
    (ana.repo / "notes.txt").write_text("mine, not the store's\n")
    ana.git("add", "notes.txt")  # staged, and still not committed by retro
    (ana.repo / "draft.md").write_text("untracked\n")
    ana.retro("review", "new", "Sprint 1")
    (ana.store / ".presence").mkdir()
    (ana.store / ".presence" / "ana.json").write_text("{}")
    ana.sync()
    committed = ana.git("show", "--name-only", "--format=", "HEAD").split()
    assert committed and all(name.startswith(".retro/reviews/") for name in committed)
    tracked = ana.git("ls-files", ".retro").split()
    assert not [n for n in tracked if ".backup" in n or n.endswith((".lock", ".tmp"))]
    assert not [n for n in tracked if ".presence" in n]
    assert ana.git("status", "--porcelain").splitlines() == ["A  notes.txt", "?? draft.md"]


def test_no_remote_keeps_the_commit_and_says_so(tmp_path: Path) -> None:
    repo = tmp_path / "solo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "cy")
    git(repo, "config", "user.email", "cy@example.com")
    solo = Clone(repo, "cy")
    solo.retro("init")
    solo.retro("git", "setup")
    out = solo.sync()
    assert out["committed"] == "retro: 1 team, 1 catalogue (cy)" and not out["pushed"]
    assert any(note.startswith("no remote") for note in out["notes"])
    assert solo.git("log", "--format=%s").splitlines() == [out["committed"]]
    (solo.store / ".gitignore").write_text("# ours\n")  # set-up files alone: said so
    solo.retro("git", "setup")
    assert solo.sync()["committed"] == "retro: the store's git set-up (cy)"
    assert solo.sync()["committed"] is None


def test_network_down_keeps_the_local_commit(pair: tuple[Clone, Clone], remote: Path) -> None:
    ana, _ = pair
    ana.retro("review", "new", "Offline retro")
    remote.rename(remote.with_name("gone.git"))
    out = ana.sync(ok=False)
    assert "could not fetch origin" in out["error"]
    assert "the local commit stays (retro: 1 review (ana))" in out["error"]
    assert "Traceback" not in out["error"]
    assert ana.git("log", "-1", "--format=%s").strip() == "retro: 1 review (ana)"
    remote.with_name("gone.git").rename(remote)
    assert ana.sync()["pushed"]


def test_mid_rebase_or_merge_is_refused(pair: tuple[Clone, Clone]) -> None:
    ana, _ = pair
    (ana.repo / ".git" / "MERGE_HEAD").write_text(ana.git("rev-parse", "HEAD"))
    out = ana.sync(ok=False)
    assert "in the middle of a merge" in out["error"] and "git merge --abort" in out["error"]
    (ana.repo / ".git" / "MERGE_HEAD").unlink()
    (ana.repo / ".git" / "rebase-merge").mkdir()
    out = ana.sync(ok=False)
    assert "in the middle of a rebase" in out["error"]


def test_two_syncs_at_once_in_one_clone(pair: tuple[Clone, Clone]) -> None:
    ana, bo = pair
    bo.new_id("review", "new", "Bo's retro")
    bo.sync()
    for i in range(5):
        ana.retro("log", f"lesson {i}")
    results: list[dict[str, object]] = []

    def run() -> None:
        done = subprocess.run(
            [sys.executable, "-m", "retro", "--store", str(ana.store), "sync", "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert sum(1 for r in results if r["committed"]) == 1
    assert _reviews(ana) == {"Bo's retro"}
    assert len(json.loads(ana.retro("lessons", "--json").stdout)) == 5
    assert ana.git("rev-parse", "HEAD") == ana.git("rev-parse", "origin/main")
    _no_conflict(ana)


def test_a_sync_killed_half_way_recovers(pair: tuple[Clone, Clone]) -> None:
    """SIGKILL the sync (and its git children) at points through its commit, fetch, merge and
    push: the next sync cleans up, and the repository and the store are whole. (The points hit
    depend on the machine's speed; what is asserted holds at every one.)"""
    ana, bo = pair
    review = bo.new_id("review", "new", "Bo's retro")
    delays = (0.02, 0.06, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)
    for delay in delays:
        bo.retro("card", "add", review, "start", f"bo at {delay}")
        bo.sync()
        ana.retro("log", f"lesson at {delay}")
        child = subprocess.Popen(
            [sys.executable, "-m", "retro", "--store", str(ana.store), "--as", "ana", "sync"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        out = ana.sync()
        assert out["upstream"] == "origin/main"
        assert ana.retro("doctor").exit_code == 0
        _no_conflict(ana)
        assert ana.git("rev-parse", "HEAD") == ana.git("rev-parse", "origin/main")
    assert sorted(_cards(ana, review).values()) == sorted(f"bo at {d}" for d in delays)
    texts = {x["text"] for x in json.loads(ana.retro("lessons", "--json").stdout)}
    assert texts == {f"lesson at {d}" for d in delays}
    bo.sync()
    assert len(json.loads(bo.retro("lessons", "--json").stdout)) == len(delays)


def test_a_branch_without_upstream_follows_the_remote_branch_of_its_name(
    pair: tuple[Clone, Clone],
) -> None:
    ana, bo = pair
    bo.git("branch", "--unset-upstream")
    ana.new_id("review", "new", "Ana's retro")
    assert ana.sync()["pushed"]
    bo.new_id("review", "new", "Bo's retro")
    report = bo.sync()
    assert "branch main now follows origin/main" in report["notes"]
    assert report["pulled"] and report["pushed"]
    assert bo.git("rev-parse", "--abbrev-ref", "main@{u}").strip() == "origin/main"
    titles = {r["title"] for r in json.loads(bo.retro("review", "list", "--json").stdout)}
    assert titles == {"Ana's retro", "Bo's retro"}
