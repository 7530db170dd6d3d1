"""Issue 16's "Done when", end to end with the real git binary: two people on two clones run
separate reviews, add cards to the same review, log lessons in the same month and edit the
same card; after `retro sync` on both, each clone holds everything from both, `retro doctor` is
clean, and git never showed a conflict."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from retro.cli import cli
from tests.gitshare.conftest import Clone, git, make_clone


def _everything(clone: Clone) -> dict[str, object]:
    """What a clone's store holds: every review's title and cards, every lesson."""
    reviews = {}
    for path in sorted((clone.store / "reviews").glob("*.json")):
        data = json.loads(path.read_bytes())
        (header,) = data["review"].values()
        reviews[header["title"]] = sorted(c["text"] for c in data["cards"].values())
    lessons = sorted(x["text"] for x in json.loads(clone.retro("lessons", "--json").stdout))
    return {"reviews": reviews, "lessons": lessons}


def test_two_people_two_clones_everything_merges_without_a_conflict(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = make_clone(remote, tmp_path / "ana", "ana")
    monkeypatch.chdir(ana.repo)
    made = CliRunner().invoke(cli, ["--as", "ana", "init", "--here", "--name", "Platform"])
    assert made.exit_code == 0, made.output
    assert "registered retro's git merge driver" in made.output
    assert (ana.store / ".gitattributes").read_text() == "*.json merge=retro\n"
    assert ".presence/" in (ana.store / ".gitignore").read_text().split()
    shared = ana.new_id("review", "new", "Sprint 12 retro")
    card = ana.new_id("card", "add", shared, "start", "Pair on deploys")
    ana.retro("review", "phase", shared, "group")
    first = ana.sync()  # the first sync publishes the branch (one remote, no upstream yet)
    assert first["pushed"] and first["upstream"] == "origin/main"
    assert "published branch main to origin; it follows origin/main" in first["notes"]

    bo = make_clone(remote, tmp_path / "bo", "bo")
    monkeypatch.chdir(bo.repo)
    set_up = CliRunner().invoke(cli, ["git", "setup"])
    assert set_up.exit_code == 0, set_up.output
    assert "merge.retro.driver" in bo.git("config", "--list", "--local")

    # Both work apart: separate reviews, cards on the shared one, lessons in one month, and
    # the same card edited (bo's edit is the later one).
    ana.new_id("review", "new", "Ana's incident review", "--format", "aar")
    bo.new_id("review", "new", "Bo's design review")
    ana.retro("card", "add", shared, "stop", "Friday releases")
    bo.retro("card", "add", shared, "start", "Write runbooks")
    bo.retro("card", "add", shared, "continue", "Demo days")
    ana.retro("log", "Flags made the rollback painless", "--date", "2026-11-03")
    bo.retro("log", "Small PRs merge faster", "--date", "2026-11-10")
    ana.retro("card", "edit", card, "Pair on every deploy")
    ana.retro("log", "Pairing spreads knowledge", "--date", "2026-11-12")
    time.sleep(1.1)  # commit times are whole seconds
    bo.retro("card", "edit", card, "Pair on every production deploy")

    outputs = [ana.retro("sync"), bo.retro("sync"), ana.retro("sync")]
    for result in outputs:
        assert "CONFLICT" not in result.output + result.stderr
    assert "pulled from origin/main: 1 new review from ana, 1 new card from ana, 2 new " in (
        outputs[1].output
    )
    assert "pulled from origin/main: 1 new review from bo, 2 new cards from bo" in (
        outputs[2].output
    )
    assert 'kept "Pair on every production deploy"' in outputs[1].stderr

    expected = {
        "reviews": {
            "Sprint 12 retro": sorted(
                [
                    "Pair on every production deploy",
                    "Friday releases",
                    "Write runbooks",
                    "Demo days",
                ]
            ),
            "Ana's incident review": [],
            "Bo's design review": [],
        },
        "lessons": sorted(
            [
                "Flags made the rollback painless",
                "Small PRs merge faster",
                "Pairing spreads knowledge",
            ]
        ),
    }
    assert _everything(ana) == _everything(bo) == expected
    for clone in (ana, bo):
        doctor = clone.retro("doctor")
        assert doctor.exit_code == 0 and "the store is healthy" in doctor.output
        assert not (clone.repo / ".git" / "MERGE_HEAD").exists()
        assert clone.git("status", "--porcelain") == ""
        assert git(clone.repo, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
        for path in clone.store.rglob("*.json"):
            assert b"<<<<<<<" not in path.read_bytes()
