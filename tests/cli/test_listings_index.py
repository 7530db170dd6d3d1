"""`retro review list`, `retro action list` and `retro drift REVIEW` print the same whether their
indexes (in the cache folder) are missing, warm, stale after a change or damaged, and as a full
read of the store has it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from retro import drift
from retro.store import Store

Ok = Callable[..., Result]

LISTINGS = [
    ["review", "list"],
    ["review", "list", "--json"],
    ["review", "list", "-n", "2"],
    ["review", "list", "-n", "2", "--json"],
    ["action", "list"],
    ["action", "list", "--all"],
    ["action", "list", "--done", "--json"],
    ["action", "list", "--all", "--json"],
    ["action", "list", "--overdue"],
    ["action", "list", "--owner", " ANA ", "--all"],
]


@pytest.fixture
def demo(team: Path, ok: Ok) -> Path:
    ok("demo")
    return team


def _cache(store_path: Path) -> Path:
    return store_path.parent / "home" / "cache"


def _outputs(ok: Ok) -> list[str]:
    return [ok(*args).output for args in LISTINGS]


def _cold(ok: Ok, store_path: Path) -> list[str]:
    shutil.rmtree(_cache(store_path), ignore_errors=True)
    return _outputs(ok)


def test_listings_are_the_same_cold_warm_and_after_changes(
    demo: Path, ok: Ok, ok_json: Callable[..., Any]
) -> None:
    cold = _cold(ok, demo)
    assert sorted(p.name.split("-")[0] for p in _cache(demo).glob("*.idx")) == [
        "actionlines",
        "reviewlines",
        "reviewsummaries",
    ]
    assert _outputs(ok) == cold  # warm
    actions = ok_json("action", "list", "--all")
    assert len(actions) > 2 and {"review_title", "overdue"} <= set(actions[0])
    reviews = ok_json("review", "list")
    assert reviews == [r.summary_dict() for r in Store(demo).reviews()]
    target = reviews[-1]["id"]
    for change in (
        ["action", "add", target, "Write it down", "--owner", "ana", "--due", "tomorrow"],
        ["action", "done", actions[0]["id"]],
        ["review", "edit", target, "--title", "Renamed"],
        ["review", "delete", reviews[0]["id"], "--yes"],
        ["review", "new", "Late one", "--date", "yesterday"],
    ):
        ok(*change)
        warm = _outputs(ok)
        assert warm == _cold(ok, demo), change


def test_a_damaged_review_file_is_refused_the_same_way(demo: Path, ok: Ok, run: Any) -> None:
    _outputs(ok)
    path = sorted((demo / "reviews").glob("r*.json"))[1]
    path.write_bytes(path.read_bytes()[:-30])
    for args in (["review", "list"], ["action", "list"]):
        first, second = run(*args), run(*args)
        assert first.exit_code == second.exit_code != 0
        assert first.output == second.output and path.name in first.output


def test_drift_of_a_review_compares_with_the_review_before_it(
    demo: Path, ok_json: Callable[..., Any]
) -> None:
    every = Store(demo).reviews()
    found = []
    for review in every:
        before = drift.previous_review(review, every)
        found.append(ok_json("drift", review.id)["previous_id"])
        assert found[-1] == (before.id if before else None)
    assert len(set(found)) == len(every)  # one first review, every other one has another
