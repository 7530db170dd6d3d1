"""`retro drift` with no id follows the store as it changes (its sprint index is disposable and
kept per file stamp), and shows the goals' short ids as `retro` resolves them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from click.testing import Result

from retro.model import Goal, Sprint
from retro.store import Store

Ok = Callable[..., Result]
OkJson = Callable[..., Any]


def test_the_sprint_shown_follows_starts_closes_and_edits(
    team: Path, ok: Ok, ok_json: OkJson, run: Callable[..., Result]
) -> None:
    first = ok_json("sprint", "new", "First", "--start", "-1w", "--end", "+1w")["id"]
    later = ok_json("sprint", "new", "Later", "--start", "+2w", "--end", "+3w")["id"]
    assert ok_json("drift")["id"] == first
    ok("sprint", "start", later)  # active now, and it starts later
    assert ok_json("drift")["id"] == later
    ok("sprint", "close", later, "--no-review")
    assert ok_json("drift")["id"] == first
    ok("sprint", "close", first, "--no-review")
    result = run("drift")
    assert result.exit_code == 1 and "no active sprint" in result.stderr
    planned = ok_json("sprint", "new", "Planned", "--start", "+1m", "--end", "+2m")["id"]
    assert run("drift").exit_code == 1
    ok("sprint", "edit", planned, "--start", "-1d")  # planned, and today is in it
    assert ok_json("drift")["id"] == planned


def _add(goal: Goal, sprint: Sprint) -> None:
    sprint.goals.append(goal)


def test_goals_show_their_shortest_unique_ids(team: Path, ok: Ok, ok_json: OkJson) -> None:
    """Unique among every goal of the store, not only those shown."""
    sprint = ok_json("sprint", "new", "Now", "--start", "-1w", "--end", "+1w")["id"]
    other = ok_json("sprint", "new", "Other", "--start", "-1w", "--end", "+1w")["id"]
    store = Store(team)
    for n, (where, goal_id) in enumerate(
        [(other, "gq0q0q0a"), (sprint, "gq0q0q0b"), (other, "gq0q1"), (sprint, "gq0q2")]
    ):
        store.update_sprint(where, partial(_add, Goal(f"G{n}", where, id=goal_id)))
    ok("drift", sprint)  # the index is made
    ok("goal", "add", sprint, "One more")
    shown = ok("drift", sprint).stdout
    goals = Store(team).sprint(sprint).goals
    assert len(goals) == 3
    short = Store(team).short_ids("g")
    assert short["gq0q0q0b"] == "gq0q0q0b" and short["gq0q2"] == "gq0q2"
    for goal in goals:
        assert f"\n{short[goal.id]} " in shown
