"""The check-in round from the command line: asked with the review or later, answered by each
person, the answers hidden from the others until all have answered or the facilitator ends it."""

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
def round_(team: Path, ok: Ok, ok_json: OkJson) -> str:
    """A review of ana's with the check-in question, the team being ana and bo."""
    ok("member", "add", "ana")
    ok("member", "add", "bo")
    made = ok_json("review", "new", "Sprint 4", "--icebreaker", "One word for this sprint?")
    assert made["icebreaker"] == {
        "question": "One word for this sprint?",
        "shown": False,
        "answers": [],
        "answered": [],
        "waiting": ["ana", "bo"],
    }
    return str(made["id"])


def test_answers_are_hidden_until_everyone_has_answered(
    round_: str, ok: Ok, ok_json: OkJson
) -> None:
    ok("review", "answer", round_, "Tired but proud")
    seen_by_bo = ok_json("review", "show", round_, user="bo")["icebreaker"]
    assert seen_by_bo["answers"] == [] and seen_by_bo["answered"] == ["ana"]
    assert seen_by_bo["waiting"] == ["bo"]
    text = ok("review", "show", round_, user="bo").stdout
    assert "Tired but proud" not in text
    assert "answered, hidden until everyone has: ana" in text and "waiting for: bo" in text
    assert "Tired but proud" in ok("review", "show", round_).stdout  # ana sees her own
    listed = ok_json("review", "list")[0]
    assert listed["icebreaker"] == "One word for this sprint?"  # the question, no answers
    assert "Tired" not in ok("review", "list", "--json").stdout
    assert "Tired" not in ok("export", round_, user="bo").stdout

    said = ok("review", "answer", round_, "Curious", user="bo").stdout
    assert said.strip().endswith("every answer is shown now")
    view = ok_json("review", "icebreaker", round_, user="chen")
    assert view["shown"] is True
    assert view["answers"] == [
        {"person": "ana", "answer": "Tired but proud"},
        {"person": "bo", "answer": "Curious"},
    ]
    exported = ok("export", round_, user="chen").stdout
    assert "## Check-in\n\n> One word for this sprint?\n\n- **ana**: Tired but proud\n" in exported


def test_the_facilitator_moves_on_and_every_answer_shows(
    round_: str, ok: Ok, ok_json: OkJson, run: Run
) -> None:
    ok("review", "answer", round_, "Calm", user="bo")
    refused = run("review", "icebreaker", round_, "--end", user="bo")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "Error: only the facilitator, ana, ends the check-in round"
    assert ok_json("review", "show", round_)["icebreaker"]["answers"] == []
    out = ok("review", "icebreaker", round_, "--end").stdout
    assert "ended the check-in round (ana had not answered)" in out
    assert ok_json("review", "show", round_)["icebreaker"]["answers"] == [
        {"person": "bo", "answer": "Calm"}
    ]


def test_moving_the_review_on_shows_the_answers(round_: str, ok: Ok, ok_json: OkJson) -> None:
    ok("review", "answer", round_, "Calm", user="bo")
    ok("review", "phase", round_, "group")
    assert ok_json("review", "show", round_)["icebreaker"]["shown"] is True
    ok("review", "phase", round_, "reflect")  # back: what was shown stays shown
    assert ok_json("review", "show", round_)["icebreaker"]["answers"][0]["answer"] == "Calm"


def test_asking_later_changing_an_answer_and_rewording(
    team: Path, ok: Ok, ok_json: OkJson, run: Run
) -> None:
    rid = ok_json("review", "new", "Plain")["id"]
    missing = run("review", "icebreaker", rid)
    assert missing.exit_code == 1 and "has no check-in question" in missing.stderr
    no_question = run("review", "answer", rid, "hi")
    assert no_question.exit_code == 1
    assert no_question.stderr.strip() == "Error: review 'Plain' has no check-in question"
    ok("review", "icebreaker", rid, "Hwo are you?")
    assert ok_json("review", "icebreaker", rid, "How are you?")["question"] == "How are you?"
    ok("review", "answer", rid, "Fine", user="bo")
    ok("review", "answer", rid, "Good, really", user="BO")  # the same person, changed
    shown = ok_json("review", "icebreaker", rid, user="bo")
    assert shown["answers"] == [{"person": "bo", "answer": "Good, really"}]
    assert "bo" in ok_json("review", "show", rid)["participants"]
    again = run("review", "icebreaker", rid, "Another?")
    assert again.exit_code == 1 and "cannot change now" in again.stderr
    empty = run("review", "answer", rid, "   ")
    assert empty.exit_code == 1 and empty.stderr.strip() == "Error: the answer cannot be empty"
    both = run("review", "icebreaker", rid, "Q", "--end")
    assert both.exit_code == 2
    ok("review", "phase", rid, "closed")
    closed = run("review", "answer", rid, "late")
    assert closed.exit_code == 1 and "is closed" in closed.stderr


def test_an_empty_question_is_refused(team: Path, run: Run, ok_json: OkJson) -> None:
    result = run("review", "new", "R", "--icebreaker", " ")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: the icebreaker question cannot be empty"
    assert ok_json("review", "list") == []


def test_the_store_s_json_round_trip_keeps_formats_columns_and_the_round(
    round_: str, ok: Ok, ok_json: OkJson, tmp_path: Path
) -> None:
    ok("format", "new", "kss", "--column", "keep:Keep", "--column", "stop:Stop")
    own = ok_json("review", "new", "Own", "--format", "kss")["id"]
    ok("format", "edit", "kss", "--column", "more:More")
    ok("review", "answer", round_, "Calm", user="bo")
    backup = tmp_path / "backup.json"
    ok("export", "team", "--format", "json", "-o", str(backup))
    copy = tmp_path / "copy"
    ok("--store", str(copy), "import", str(backup))
    again = json.loads(ok("--store", str(copy), "export", "team", "--format", "json").stdout)
    assert again == json.loads(backup.read_text())
    kept = ok_json("--store", str(copy), "review", "show", own)["format_def"]
    assert [c["key"] for c in kept["columns"]] == ["keep", "stop"]
    assert [c["key"] for c in ok_json("--store", str(copy), "formats", "kss")["columns"]] == [
        "more"
    ]
    view = ok_json("--store", str(copy), "review", "icebreaker", round_, user="bo")
    assert view["answers"] == [{"person": "bo", "answer": "Calm"}] and view["waiting"] == ["ana"]
