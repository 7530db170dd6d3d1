"""Sprints, goals, check-ins and drift from the command line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import Result

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
BANDS = {"on track", "at risk", "off track", None}


def _sprint(ok_json: OkJson) -> dict[str, Any]:
    start = (date.today() - timedelta(days=7)).isoformat()
    end = (date.today() + timedelta(days=7)).isoformat()
    return dict(ok_json("sprint", "new", "Sprint 12", "--start", start, "--end", end))


def test_sprint_new_list_show(team: Path, ok: Ok, ok_json: OkJson) -> None:
    s = _sprint(ok_json)
    assert s["status"] == "active"
    assert ok("sprint", "new", "Later", "--start", "+1m", "--end", "+2m").stdout.startswith(
        "added sprint s"
    )
    listing = ok_json("sprint", "list")
    assert [x["title"] for x in listing] == ["Sprint 12", "Later"]
    assert listing[1]["status"] == "planned"
    assert "Sprint 12" in ok("sprint", "show", s["id"]).stdout


def test_goals_checkins_and_sprint_drift_json(team: Path, ok: Ok, ok_json: OkJson) -> None:
    s = _sprint(ok_json)
    g = ok_json(
        "goal",
        "add",
        s["id"],
        "Cut p95",
        "--baseline",
        "400",
        "--target",
        "200",
        "--unit",
        "ms",
        "--owner",
        "ana",
    )
    q = ok_json("goal", "add", s["id"], "Onboard Bo well")
    ok("checkin", g["id"], "300", "--confidence", "7", "--note", "cache helped")
    ok("checkin", q["id"], "partly")
    data = ok_json("drift", s["id"])
    assert data["id"] == s["id"]
    assert isinstance(data["drift"], float)
    assert isinstance(data["off_track_share"], float)
    goals = {x["id"]: x for x in data["goals"]}
    assert goals[g["id"]]["attainment"] == 0.5
    # halfway through the sprint (7 of 14 days) and halfway to the target: on plan, drift 0
    # (the old contract said −0.5, off track, for a goal exactly on its plan)
    assert goals[g["id"]]["drift"] == 0.0
    assert goals[g["id"]]["outcome_drift"] == -0.5
    assert goals[g["id"]]["band"] == "on track"
    assert goals[g["id"]]["sentence"].startswith("on plan (plan for today: 300 ms)")
    assert goals[g["id"]]["forecast"] == 1.0  # 0.5 · 14/7
    assert data["bands"] == {"on track": 2, "at risk": 0, "off track": 0, "no data": 0}
    assert isinstance(goals[g["id"]]["schedule_drift"], float)
    assert goals[q["id"]]["attainment"] == 0.5
    assert goals[q["id"]]["schedule_drift"] is None
    for goal in data["goals"]:
        assert {"id", "attainment", "drift", "schedule_drift", "band"} <= set(goal)
        assert goal["band"] in BANDS
    # no id: the active sprint
    assert ok_json("drift")["id"] == s["id"]
    human = ok("drift").stdout
    assert "on track" in human and "Cut p95" in human
    assert "2 of 2 goals on track" not in human and "all 2 goals on track" in human
    assert "on plan (plan for today: 300 ms); at this pace: 200 ms by" in human


def test_sprint_without_checkins_has_unknown_drift(team: Path, ok_json: OkJson) -> None:
    s = _sprint(ok_json)
    ok_json("goal", "add", s["id"], "Something")
    data = ok_json("drift", s["id"])
    assert data["drift"] is None
    assert data["goals"][0]["attainment"] is None and data["goals"][0]["band"] is None


def test_review_drift_json(review: str, ok: Ok, ok_json: OkJson) -> None:
    ok("intent", "add", review, "Ship login", "--rating", "met")
    ok("intent", "add", review, "Write docs", "--rating", "missed")
    ok("pulse", review, "5")
    ok("pulse", review, "3", user="bo")
    data = ok_json("drift", review)
    assert data["id"] == review
    assert data["drift"] == -0.5  # (1.0 + 0.0) / 2 − 1: behind the intents is negative
    assert data["alignment_spread"] == 1.0
    assert "follow_through" in data
    assert sorted(i["attainment"] for i in data["intents"]) == [0.0, 1.0]
    human = ok("drift", review).stdout
    assert "review drift: \u221250%  off track" in human
    assert "fell short of what was intended by half on average" in human
    assert "the team disagrees about how aligned the work felt" in human


def test_goal_rate_close_edit_delete(team: Path, ok: Ok, ok_json: OkJson) -> None:
    s = _sprint(ok_json)
    g = ok_json("goal", "add", s["id"], "Calm on-call")
    ok("goal", "rate", g["id"], "exceeded")
    assert ok_json("drift", s["id"])["goals"][0]["attainment"] == 1.25
    ok("sprint", "edit", s["id"], "--purpose", "Calm")
    assert ok_json("sprint", "show", s["id"])["purpose"] == "Calm"
    assert "closed sprint" in ok("sprint", "close", s["id"]).stdout
    assert ok_json("sprint", "show", s["id"])["status"] == "closed"
    ok("goal", "delete", g["id"])
    assert ok_json("sprint", "show", s["id"])["goals"] == []
    ok("sprint", "delete", s["id"], "--yes")
    assert ok_json("sprint", "list") == []


def test_drift_without_an_active_sprint_says_what_to_do(
    team: Path, run: Callable[..., Result]
) -> None:
    result = run("drift")
    assert result.exit_code == 1
    assert "no active sprint" in result.stderr and "retro sprint list" in result.stderr
