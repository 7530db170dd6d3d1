"""Export to Markdown and JSON, and import of the JSON back."""

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


@pytest.fixture
def filled(review: str, ok: Ok, ok_json: OkJson) -> dict[str, str]:
    ok("card", "add", review, "start", "Pair on *deploys* <b>", "-t", "deploy")
    ok("intent", "add", review, "Ship login", "--rating", "partly")
    ok("action", "add", review, "Write runbook", "--owner", "bo", "--due", "+1w")
    ok("log", "Flags help", "-t", "deploy", "--review", review)
    sprint = ok_json("sprint", "new", "Sprint 12", "--start", "-1w", "--end", "+1w")["id"]
    goal = ok_json("goal", "add", sprint, "Cut p95", "--baseline", "400", "--target", "200")["id"]
    ok("checkin", goal, "250")
    return {"review": review, "sprint": sprint}


def test_review_markdown(filled: dict[str, str], ok: Ok) -> None:
    md = ok("export", filled["review"]).stdout
    assert md.startswith("# Sprint 1 retro")
    assert "Write runbook" in md
    assert "Exported by retro" in md
    assert "<b>" not in md  # user text is escaped, never markup


def test_sprint_markdown_and_json(filled: dict[str, str], ok: Ok) -> None:
    md = ok("export", filled["sprint"]).stdout
    assert "Sprint 12" in md and "Cut p95" in md
    data = json.loads(ok("export", filled["sprint"], "--format", "json").stdout)
    assert data["id"] == filled["sprint"]
    assert data["summary"]["goals"][0]["attainment"] == 0.75


def test_lessons_and_team_reports(filled: dict[str, str], ok: Ok) -> None:
    assert "Flags help" in ok("export", "lessons", "-t", "deploy").stdout
    lessons = json.loads(ok("export", "lessons", "--format", "json").stdout)
    assert [x["text"] for x in lessons] == ["Flags help"]
    report = ok("export", "team", "--since", "-1m", "--until", "today").stdout
    assert "Platform" in report


def test_export_to_a_file(filled: dict[str, str], ok: Ok, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = ok("export", filled["review"], "-o", str(out))
    assert result.stdout == ""
    assert out.read_text().startswith("# Sprint 1 retro")


def test_json_round_trip_through_import(
    filled: dict[str, str], ok: Ok, run: Run, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    ok("export", "team", "--format", "json", "-o", str(backup))
    dumped = json.loads(backup.read_text())
    assert dumped["format"] == "retro-store"
    copy = tmp_path / "copy"
    imported = ok("--store", str(copy), "import", str(backup))
    assert "created the store" in imported.stdout
    again = ok("--store", str(copy), "export", "team", "--format", "json").stdout
    assert json.loads(again) == dumped
    # importing twice adds nothing
    assert "nothing new" in ok("--store", str(copy), "import", str(backup)).stdout


def test_import_refuses_what_is_not_an_export(team: Path, run: Run, tmp_path: Path) -> None:
    from tests.cli.conftest import snapshot

    bad = tmp_path / "bad.json"
    bad.write_text("{ nope")
    before = snapshot(team)
    result = run("import", str(bad))
    assert result.exit_code == 1 and "is not JSON" in result.stderr
    bad.write_text('{"format": "something-else"}')
    result = run("import", str(bad))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert snapshot(team) == before


def test_export_options_that_do_not_apply_are_usage_errors(
    filled: dict[str, str], run: Run
) -> None:
    result = run("export", filled["review"], "--since", "-1w")
    assert result.exit_code == 2
    assert "--since" in result.stderr
