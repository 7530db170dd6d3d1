"""Closing a sprint opens its closing review; coloured cells stay coloured, never escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from retro.cli import cli

Ok = Callable[..., Result]
OkJson = Callable[..., Any]


def _sprint_with_goals(ok: Ok, ok_json: OkJson) -> tuple[str, str]:
    sprint = ok_json("sprint", "new", "Calm on-call", "--start", "-2w", "--end", "today")
    goal = ok_json(
        "goal",
        "add",
        sprint["id"],
        "Cut p95",
        "--baseline",
        "800",
        "--target",
        "300",
        "--unit",
        "ms",
    )
    ok("goal", "add", sprint["id"], "Better runbooks")
    ok("checkin", goal["id"], "350", "--confidence", "7")
    return sprint["id"], goal["id"]


def test_sprint_close_creates_its_closing_review(team: Path, ok: Ok, ok_json: OkJson) -> None:
    sprint_id, goal_id = _sprint_with_goals(ok, ok_json)
    out = ok("sprint", "close", sprint_id).stdout
    assert "added closing review" in out
    (review,) = ok_json("review", "list")
    shown = ok_json("review", "show", review["id"])
    assert shown["format"] == "aar"
    assert shown["sprint_id"] == sprint_id
    by_goal = {i["goal_id"]: i for i in shown["intents"]}
    # 800 → 350 of 800 → 300 is an attainment of 0.9: partly (met starts at 1.0).
    assert by_goal[goal_id]["rating"] == "partly"
    assert by_goal[goal_id]["actual"] == "350 ms"
    assert "800 ms → 300 ms" in by_goal[goal_id]["planned"]
    assert len(shown["intents"]) == 2


def test_sprint_close_without_review(team: Path, ok: Ok, ok_json: OkJson) -> None:
    sprint_id, _ = _sprint_with_goals(ok, ok_json)
    ok("sprint", "close", sprint_id, "--no-review")
    assert ok_json("review", "list") == []


def test_band_column_is_coloured_not_escaped(team: Path, ok: Ok, ok_json: OkJson) -> None:
    sprint_id, _ = _sprint_with_goals(ok, ok_json)
    result = CliRunner().invoke(cli, ["drift", sprint_id], color=True)
    assert result.exit_code == 0, result.output
    assert "\\x1b" not in result.output  # a style made inert shows as this text
    assert re.search(r"\x1b\[32m(\x1b\[\d+m)*on track", result.output)
