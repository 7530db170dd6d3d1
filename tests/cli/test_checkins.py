"""Check-ins from the command line: dates checked against the sprint, late closing values, ids,
list, edit and delete; and a goal ahead of its plan shown on track."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.cli.conftest import Run, snapshot

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
TODAY = date.today()
START, END = TODAY, TODAY + timedelta(days=14)
MINUS = "\u2212"


def _latency(ok_json: OkJson, start: date = START, end: date = END) -> tuple[str, str]:
    s = ok_json("sprint", "new", "Sprint 12", "--start", str(start), "--end", str(end))
    g = ok_json(
        "goal", "add", s["id"], "p95", "--baseline", "800", "--target", "300", "--unit", "ms"
    )
    return s["id"], g["id"]


def _fails(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_goal_ahead_of_its_plan_on_day_0_is_on_track(team: Path, ok: Ok, ok_json: OkJson) -> None:
    # The case: 800 → 300 ms over two weeks from today, 700 ms today.
    sid, gid = _latency(ok_json)
    ok("checkin", gid, "700")
    data = ok_json("drift", sid)
    goal = data["goals"][0]
    assert goal["band"] == "on track" and goal["drift"] == 0.2  # a = 0.2, plan 0 on day 0
    assert goal["sentence"] == "100 ms ahead of plan (plan for today: 800 ms)"
    assert goal["forecast"] is None  # no pace on the start day
    assert data["band"] == "on track"
    assert data["bands"] == {"on track": 1, "at risk": 0, "off track": 0, "no data": 0}
    assert "off_track_share" in data
    human = ok("drift", sid).stdout
    assert "+20%  on track" in human and "off track" not in human
    assert "100 ms ahead of plan (plan for today: 800 ms)" in human
    assert "the goal is on track" in ok("sprint", "show", sid).stdout


def test_behind_plan_prints_one_minus_sign(team: Path, ok: Ok, ok_json: OkJson) -> None:
    sid, gid = _latency(ok_json, START - timedelta(days=7), END - timedelta(days=7))
    # day 7 of 14: plan 550 ms; 650 ms is 100 ms behind: (650 − 550) / −500 = −0.2
    ok("checkin", gid, "650")
    human = ok("drift", sid).stdout
    assert f"{MINUS}20%" in human and "-20%" not in human
    assert "100 ms behind plan (plan for today: 550 ms); at this pace: 500 ms by" in human
    assert "at risk" in human


def test_checkin_dates_are_checked_against_the_sprint(
    team: Path, run: Run, ok: Ok, ok_json: OkJson
) -> None:
    sid, gid = _latency(ok_json)
    store = team
    before = snapshot(store)
    line = _fails(run, "checkin", gid, "700", "--date", str(START - timedelta(days=1)))
    assert f"before sprint 'Sprint 12' ({START} → {END}) starts" in line
    line = _fails(run, "checkin", gid, "700", "--date", str(END + timedelta(days=1)))
    assert f"after sprint 'Sprint 12' ({START} → {END}) ended" in line and "--late" in line
    line = _fails(run, "checkin", gid, "700", "--late")
    assert "--late is for a value measured after" in line
    assert snapshot(store) == before
    # --late after the end: the closing value, the goal judged on its outcome
    ok("checkin", gid, "400", "--date", str(END + timedelta(days=2)), "--late")
    goal = ok_json("drift", sid)["goals"][0]
    assert goal["latest_value"] == 400
    assert goal["drift"] == pytest.approx(-0.2)  # (400 − 800) / (300 − 800) − 1
    assert goal["sentence"] == "fell short of the target (300 ms) by 20%"
    ok("sprint", "close", sid, "--no-review")
    line = _fails(run, "checkin", gid, "350")
    assert f"sprint 'Sprint 12' ({START} → {END}) is closed" in line


def test_list_edit_and_delete_checkins(team: Path, run: Run, ok: Ok, ok_json: OkJson) -> None:
    _sid, gid = _latency(ok_json)
    first = ok_json("checkin", gid, "700", "--note", "cache")
    assert first["id"].startswith("h")
    ok("checkin", gid, "680", "--date", str(START + timedelta(days=1)), "--confidence", "6")
    listed = ok_json("checkin", "list", gid)
    assert [c["value"] for c in listed] == [700, 680]
    assert listed[0]["id"] == first["id"] and listed[0]["planned"] == 800
    human = ok("checkin", "list", gid).stdout
    assert "cache" in human and "6/10" in human and "100 ms ahead of plan" not in human
    ok("checkin", "edit", first["id"][:6], "--value", "750", "--note", "re-measured")
    listed = ok_json("checkin", "list", gid)
    assert listed[0]["value"] == 750 and listed[0]["note"] == "re-measured"
    line = _fails(run, "checkin", "edit", first["id"], "--date", str(END + timedelta(days=3)))
    assert "add --late" in line
    ok("checkin", "delete", first["id"])
    assert [c["value"] for c in ok_json("checkin", "list", gid)] == [680]
    line = _fails(run, "checkin", "delete", first["id"])
    assert "check-in" in line
    assert "review" not in _fails(run, "checkin", "edit", "g123", "--value", "1")


def test_a_review_drift_is_negative_when_short(review: str, ok: Ok, ok_json: OkJson) -> None:
    ok("intent", "add", review, "Ship login", "--rating", "partly")
    ok("intent", "add", review, "Write docs", "--rating", "met")
    assert ok_json("drift", review)["drift"] == -0.25
    shown = ok("review", "show", review).stdout
    assert f"drift: {MINUS}25%" in shown and "fell short of what was intended by a quarter" in shown


def test_json_keeps_every_field(team: Path, ok: Ok, ok_json: OkJson) -> None:
    sid, gid = _latency(ok_json)
    ok("checkin", gid, "700")
    data = ok_json("drift", sid)
    old = {"id", "title", "purpose", "status", "start", "end", "tolerance", "drift"}
    old |= {"off_track_share", "band", "band_counts", "measured", "elapsed", "days_left", "goals"}
    assert old <= set(data) and {"bands", "sentence"} <= set(data)
    goal = data["goals"][0]
    keys = {"attainment", "drift", "band", "schedule_drift", "planned_today", "series"}
    assert keys | {"forecast", "sentence"} <= set(goal)
    json.dumps(data)
