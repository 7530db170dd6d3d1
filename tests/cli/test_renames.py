"""Renaming a team, a review and a sprint from the command line: nothing that refers to them
is orphaned, and bad names are refused in one line with nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
Run = Callable[..., Result]


def team_name(store: Path) -> str:
    """The team's name as its store holds it."""
    return str(json.loads((store / "team.json").read_text())["team"]["team"]["name"])


def test_renaming_a_team_keeps_its_reviews_sprints_lessons_and_decisions(
    store_path: Path, ok: Ok, ok_json: OkJson, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RETRO_STORE")
    ok("team", "new", "Platfrom", "--purpose", "Ship boring")
    review = ok_json("review", "new", "Sprint 1 retro")["id"]
    ok("card", "add", review, "start", "Pair on deploys")
    sprint = ok_json("sprint", "new", "Sprint 1", "--start", "today", "--end", "+2w")["id"]
    ok("log", "Rehearse the rollback", "-t", "deploy")
    ok("decision", "add", "Adopt trunk-based", "--expect", "fewer conflicts", "--review", "+6w")
    ok("team", "new", "Data", "--no-use")

    done = ok_json("team", "rename", "Platform")
    assert done["old"] == "Platfrom" and done["name"] == "Platform" and done["moved"] is True
    assert Path(done["path"]).name == "platform"

    teams = {t["slug"]: t for t in ok_json("team", "list")}
    assert set(teams) == {"platform", "data"}  # no orphaned "platfrom" folder left behind
    assert teams["platform"]["name"] == "Platform" and teams["platform"]["current"] is True
    assert [r["id"] for r in ok_json("review", "list")] == [review]
    assert ok_json("review", "show", review)["cards"][0]["text"] == "Pair on deploys"
    assert [s["id"] for s in ok_json("sprint", "list")] == [sprint]
    assert [lesson["text"] for lesson in ok_json("lessons")] == ["Rehearse the rollback"]
    assert len(ok_json("decision", "list")) == 1
    assert ok("purpose").stdout.strip() == "Ship boring"
    ok("team", "use", "data")
    ok("team", "use", "Platform")  # found by its new name
    assert [r["id"] for r in ok_json("review", "list")] == [review]
    assert run("team", "use", "platfrom").exit_code == 1


def test_renaming_another_team_leaves_the_current_one_current(
    store_path: Path, ok: Ok, ok_json: OkJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RETRO_STORE")
    ok("team", "new", "Platform")
    ok("team", "new", "data platfrom", "--no-use")
    out = ok("team", "rename", "Data platform", "--team", "data-platfrom").stdout
    assert "renamed team data platfrom to Data platform" in out
    teams = {t["slug"]: t for t in ok_json("team", "list")}
    assert teams["data-platform"]["name"] == "Data platform"
    assert teams["platform"]["current"] is True


def test_a_store_outside_the_data_directory_keeps_its_folder(
    team: Path, ok: Ok, ok_json: OkJson
) -> None:
    done = ok_json("team", "rename", "Platform team")
    assert done == {"old": "Platform", "name": "Platform team", "path": str(team), "moved": False}
    assert team_name(team) == "Platform team"
    assert "already called" in ok("team", "rename", "Platform team").stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "cannot be a team name"), ("!!", "cannot be a team name")],
)
def test_a_bad_team_name_is_refused(
    team: Path, run: Run, ok_json: OkJson, name: str, message: str
) -> None:
    result = run("team", "rename", name)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert team_name(team) == "Platform"


def test_a_team_name_taken_by_another_folder_is_refused(
    store_path: Path, ok: Ok, run: Run, ok_json: OkJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RETRO_STORE")
    ok("team", "new", "Platform")
    ok("team", "new", "Data", "--no-use")
    result = run("team", "rename", "DATA")
    assert result.exit_code == 1
    assert "another team has the folder 'data' already" in result.stderr
    assert {t["slug"] for t in ok_json("team", "list")} == {"platform", "data"}
    unknown = run("team", "rename", "X", "--team", "nope")
    assert unknown.exit_code == 1 and "no team 'nope'" in unknown.stderr


def test_rename_a_review_and_a_sprint(team: Path, ok: Ok, ok_json: OkJson, run: Run) -> None:
    review = ok_json("review", "new", "Sprnt 1 retro")["id"]
    ok("card", "add", review, "start", "Pair")
    done = ok_json("review", "rename", review, "  Sprint 1 retro ")
    assert done == {
        "id": review,
        "old": "Sprnt 1 retro",
        "title": "Sprint 1 retro",
        "changed": True,
    }
    shown = ok_json("review", "show", review)
    assert shown["title"] == "Sprint 1 retro" and len(shown["cards"]) == 1
    assert "already called" in ok("review", "rename", review, "Sprint 1 retro").stdout

    sprint = ok_json("sprint", "new", "Sprnt 1", "--start", "today", "--end", "+2w")["id"]
    ok("goal", "add", sprint, "Faster deploys", "--baseline", "10", "--target", "5")
    out = ok("sprint", "rename", sprint, "Sprint 1").stdout
    assert out.startswith("renamed sprint ") and "from Sprnt 1 to Sprint 1" in out
    after = ok_json("sprint", "show", sprint)
    assert after["title"] == "Sprint 1" and len(after["goals"]) == 1

    for args in (("review", "rename", review, "  "), ("sprint", "rename", sprint, "")):
        refused = run(*args)
        assert refused.exit_code == 1
        assert refused.stderr.strip() == "Error: the title cannot be empty"
    assert ok_json("review", "show", review)["title"] == "Sprint 1 retro"
    missing = run("review", "rename", "r9zz9", "X")
    assert missing.exit_code != 0 and "Traceback" not in missing.output
