"""Bad input: one line on stderr that says what to do, exit 1 or 2, and the store unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.cli.conftest import snapshot

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
Run = Callable[..., Result]


@pytest.fixture
def board(review: str, ok: Ok, ok_json: OkJson) -> dict[str, str]:
    """A review with a card, an intent, a sprint and a goal; the review left in reflect."""
    card = ok_json("card", "add", review, "start", "Pairing")["id"]
    sprint = ok_json("sprint", "new", "S", "--start", "today", "--end", "+2w")["id"]
    goal = ok_json("goal", "add", sprint, "Cut p95", "--baseline", "400", "--target", "200")["id"]
    return {"review": review, "card": card, "sprint": sprint, "goal": goal}


# (args, exit code, words the one line must contain); {name} is filled from the board.
CASES: list[tuple[list[str], int, list[str]]] = [
    # unknown ids
    (["review", "show", "rzzzzzzz"], 1, ["no review has the id 'rzzzzzzz'"]),
    (["card", "vote", "czzzzz"], 1, ["no card has the id"]),
    (["action", "done", "azzzz"], 1, ["no action"]),
    # the wrong kind of id
    (["card", "vote", "{review}"], 2, ["'CARD'", "is the id of a review, not of a card"]),
    (["review", "show", "{card}"], 2, ["is the id of a card"]),
    (["checkin", "{sprint}", "3"], 2, ["of a sprint, not of a goal"]),
    (["drift", "{card}"], 2, ["not of a review or a sprint"]),
    (["card", "add", "rq", "start", "x"], 2, ["too short"]),
    (["review", "show", "not-an-id"], 2, ["is not an id"]),
    # bad dates
    (["log", "x", "--date", "blurgh"], 2, ["'--date'", "'blurgh' is not a date", "next friday"]),
    (["action", "add", "{review}", "x", "--due", "soonish"], 2, ["'--due'", "not a date"]),
    (["sprint", "new", "S2", "--start", "today", "--end", "whenever"], 2, ["'--end'"]),
    # votes outside the vote phase (the review is in reflect)
    (["card", "vote", "{card}"], 1, ["vote phase", "retro review phase"]),
    # empty texts
    (["card", "add", "{review}", "start", ""], 1, ["cannot be empty"]),
    (["card", "add", "{review}", "start", "   "], 1, ["cannot be empty"]),
    (["log", ""], 1, ["cannot be empty"]),
    (["card", "add", "{review}", "start"], 2, ["'-' to read it from stdin"]),
    # other rules and values
    (["card", "add", "{review}", "sideways", "x"], 1, ["no column 'sideways'", "start"]),
    (["review", "new", "X", "--format", "nope"], 2, ["unknown format 'nope'"]),
    (["review", "phase", "{review}", "later"], 2, ["not a phase"]),
    (["pulse", "{review}", "9"], 2, ["9"]),
    (["checkin", "{goal}", "lots"], 2, ["neither a number nor a rating"]),
    (["checkin", "{goal}", "3", "--confidence", "11"], 2, ["--confidence"]),
    (["goal", "add", "{sprint}", "G", "--baseline", "1", "--target", "1"], 1, ["target equals"]),
    (["sprint", "new", "S3", "--start", "today", "--end", "-1w"], 1, ["ends", "before it starts"]),
    (["bogus"], 2, ["No such command 'bogus'"]),
    (["card", "add", "{review}", "start", "x", "--colour"], 2, ["No such option"]),
]


@pytest.mark.parametrize(("args", "code", "words"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_is_one_line_and_changes_nothing(
    board: dict[str, str], team: Path, run: Run, args: list[str], code: int, words: list[str]
) -> None:
    argv = [a.format(**board) for a in args]
    before = snapshot(team)
    result = run(*argv)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]
    assert snapshot(team) == before


def test_a_vote_over_budget_changes_nothing(
    board: dict[str, str], ok: Ok, run: Run, team: Path
) -> None:
    ok("review", "edit", board["review"], "--votes", "1")
    ok("review", "phase", board["review"], "vote")
    ok("card", "vote", board["card"])
    before = snapshot(team)
    result = run("card", "vote", board["card"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "used all 1 votes" in result.stderr
    assert snapshot(team) == before


def test_an_ambiguous_prefix_lists_the_candidates(team: Path, run: Run) -> None:
    from retro.model import Review
    from retro.store import Store

    store = Store(team)
    store.add_review(Review(title="One", id="rabcd00000001"))
    store.add_review(Review(title="Two", id="rabcd00000002"))
    before = snapshot(team)
    result = run("review", "show", "rabcd")
    assert result.exit_code == 1
    assert "ambiguous" in result.stderr and "type more characters" in result.stderr
    assert "rabcd00000001" in result.stderr
    assert snapshot(team) == before


def test_an_unexpected_error_is_one_line_with_a_hint(
    review: str, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from retro.store import Store

    def broken(self: Store, review_id: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Store, "review", broken)
    result = run("review", "show", review)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "RuntimeError: boom" in result.stderr and "RETRO_DEBUG=1" in result.stderr
    assert "Traceback" not in result.output
    monkeypatch.setenv("RETRO_DEBUG", "1")
    debug = run("review", "show", review)
    assert isinstance(debug.exception, RuntimeError)


def test_error_messages_are_inert(team: Path, run: Run) -> None:
    result = run("review", "new", "X", "--format", "\x1b[2Jevil")
    assert "\x1b" not in result.stderr
    assert "\\x1b[2" in result.stderr


def test_a_corrupt_store_file_is_named_and_left_alone(review: str, team: Path, run: Run) -> None:
    path = team / "reviews" / f"{review}.json"
    path.write_text('{"review": {')
    before = snapshot(team)
    result = run("card", "add", review, "start", "x")
    assert result.exit_code == 1
    assert path.name in result.stderr and "retro doctor" in result.stderr
    assert snapshot(team) == before
