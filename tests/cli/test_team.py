"""The team and its store: init, teams, purpose, members, agreements, formats, doctor, demo."""

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


def test_init_creates_the_store_once(store_path: Path, ok: Ok, run: Run) -> None:
    assert "created team Platform" in ok("init", "--name", "Platform").stdout
    assert (store_path / "store.json").exists()
    again = run("init")
    assert again.exit_code == 1
    assert "already a retro store" in again.stderr


def test_init_here_makes_a_local_store_found_from_below(
    store_path: Path, ok: Ok, ok_json: OkJson, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RETRO_STORE")
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    monkeypatch.chdir(repo)
    ok("init", "--here")
    assert (repo / ".retro" / "store.json").exists()
    monkeypatch.chdir(repo / "src")
    ok("log", "found from below")
    assert ok_json("lessons")[0]["text"] == "found from below"


def test_commands_without_a_store_say_how_to_create_one(store_path: Path, run: Run) -> None:
    result = run("review", "list")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: no retro store at {store_path}; create one with 'retro init' (or run 'retro')"
    )
    assert not store_path.exists()


def test_teams_new_use_list(
    store_path: Path, ok: Ok, ok_json: OkJson, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("RETRO_STORE")
    ok("team", "new", "Platform")
    ok("team", "new", "Data", "--no-use")
    teams = {t["slug"]: t for t in ok_json("team", "list")}
    assert set(teams) == {"platform", "data"}
    assert teams["platform"]["current"] is True
    ok("log", "in platform")
    ok("team", "use", "data")
    assert ok_json("lessons") == []
    ok("team", "use", "platform")
    assert len(ok_json("lessons")) == 1


def test_team_use_of_an_unknown_team_lists_the_known(
    store_path: Path, run: Run, ok: Ok, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RETRO_STORE")
    ok("team", "new", "Platform")
    result = run("team", "use", "nope")
    assert result.exit_code == 1
    assert "platform" in result.stderr and "retro team new nope" in result.stderr


def test_purpose_is_versioned(team: Path, ok: Ok, ok_json: OkJson) -> None:
    assert ok("purpose").stdout.strip() == "Ship boring"
    ok("purpose", "Make shipping boring")
    assert ok("purpose").stdout.strip() == "Make shipping boring"
    history = ok_json("purpose", "--history")
    assert [p["text"] for p in history] == ["Ship boring", "Make shipping boring"]
    assert history[1]["set_by"] == "ana"
    assert "Ship boring" in ok("purpose", "--history").stdout


def test_members_and_agreements(team: Path, ok: Ok, ok_json: OkJson, run: Run) -> None:
    ok("member", "add", "bo")
    ok("member", "add", "chen")
    assert run("member", "add", "BO").exit_code == 1
    assert [m["name"] for m in ok_json("member", "list")] == ["bo", "chen"]
    ok("member", "remove", "bo")
    assert [m["name"] for m in ok_json("member", "list")] == ["chen"]
    ok("agreement", "add", "Review PRs within a day")
    ok("agreement", "add", "-", input="Fix the build first\n")
    assert [a["number"] for a in ok_json("agreement", "list")] == [1, 2]
    ok("agreement", "remove", "1")
    assert [a["text"] for a in ok_json("agreement", "list")] == ["Fix the build first"]
    missing = run("agreement", "remove", "5")
    assert missing.exit_code == 1 and "agreement list" in missing.stderr


def test_formats_lists_columns(store_path: Path, ok: Ok, ok_json: OkJson) -> None:
    data = ok_json("formats")
    keys = [f["key"] for f in data]
    assert {"aar", "ssc", "4ls", "msg", "sailboat", "wwti", "postmortem"} <= set(keys)
    text = ok("formats").stdout
    assert "sailboat" in text and "anchors" in text


def test_doctor_reports_a_healthy_store(team: Path, ok: Ok, ok_json: OkJson) -> None:
    assert "healthy" in ok("doctor").stdout
    assert ok_json("doctor")["healthy"] is True


def test_doctor_finds_damage_and_exits_1(team: Path, run: Run) -> None:
    (team / "team.json").write_text("{ not json")
    result = run("doctor")
    assert result.exit_code == 1
    assert "team.json" in result.output


def test_demo_fills_a_new_store(store_path: Path, ok: Ok, ok_json: OkJson) -> None:
    report = ok_json("demo")
    assert report["reviews"] > 0 and report["sprints"] > 0
    assert len(ok_json("review", "list")) == report["reviews"]
    assert json.loads(ok("drift", "--json").stdout)["goals"]


def test_completion_scripts(ok: Ok) -> None:
    for shell, marker in (("bash", "complete"), ("zsh", "compdef"), ("fish", "complete")):
        assert marker in ok("completion", shell).stdout
