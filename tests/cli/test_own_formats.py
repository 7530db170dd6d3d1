"""The team's own formats: retro format new / edit / delete, listed by retro formats, used by
reviews that keep the columns they were created with."""

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

KSS = ("--title", "Keep, stop, start")
COLS = ("--column", "keep:Keep:What works? Say: why", "--column", "stop:Stop", "--column", "start")


def test_a_format_made_is_listed_with_the_built_ins_and_used_by_a_review(
    team: Path, ok: Ok, ok_json: OkJson
) -> None:
    made = ok_json("format", "new", "kss", *KSS, *COLS, "--improve", "stop")
    assert made == {
        "key": "kss",
        "name": "Keep, stop, start",
        "description": "",
        "intents": False,
        "columns": [
            {"key": "keep", "title": "Keep", "prompt": "What works? Say: why", "improve": False},
            {"key": "stop", "title": "Stop", "prompt": "", "improve": True},
            {"key": "start", "title": "start", "prompt": "", "improve": False},
        ],
    }
    listed = ok_json("formats")
    assert [f["key"] for f in listed][-1] == "kss"
    assert "ssc" in [f["key"] for f in listed]
    assert "kss  Keep, stop, start  (the team's own)" in ok("formats").stdout
    review = ok_json("review", "new", "Our retro", "--format", "kss")
    assert review["format"] == "kss"
    ok("card", "add", review["id"], "stop", "Meetings without agenda")
    shown = ok("review", "show", review["id"]).stdout
    assert "Keep  What works? Say: why" in shown
    assert "Meetings without agenda" in shown


def test_a_review_keeps_the_columns_it_was_created_with(
    team: Path, ok: Ok, ok_json: OkJson
) -> None:
    ok("format", "new", "kss", *KSS, *COLS)
    first = ok_json("review", "new", "Before", "--format", "kss")["id"]
    ok("card", "add", first, "keep", "Pairing")
    changed = ok_json("format", "edit", "kss", "--column", "more:More", "--title", "More")
    assert [c["key"] for c in changed["columns"]] == ["more"]
    assert ok_json("formats", "kss")["name"] == "More"
    before = ok_json("review", "show", first)
    assert [c["key"] for c in before["format_def"]["columns"]] == ["keep", "stop", "start"]
    assert "Keep" in ok("review", "show", first).stdout
    ok("card", "add", first, "start", "Demos")  # its own columns, not the format's new ones
    after = ok_json("review", "new", "After", "--format", "kss")
    assert [c["key"] for c in after["format_def"]["columns"]] == ["more"]


def test_a_review_made_before_reviews_kept_columns_keeps_them_when_the_format_changes(
    team: Path, ok: Ok, ok_json: OkJson, store_path: Path
) -> None:
    ok("format", "new", "kss", *KSS, *COLS)
    rid = ok_json("review", "new", "Old", "--format", "kss")["id"]
    path = store_path / "reviews" / f"{rid}.json"
    data = json.loads(path.read_text())
    for doc in data["review"].values():
        del doc["format_def"]  # as a store written before this version holds it
    path.write_text(json.dumps(data))
    assert ok_json("review", "show", rid)["format_def"] is None
    ok("format", "edit", "kss", "--column", "more:More")
    kept = ok_json("review", "show", rid)["format_def"]
    assert [c["key"] for c in kept["columns"]] == ["keep", "stop", "start"]


def test_from_a_file_takes_what_formats_json_prints(
    team: Path, ok: Ok, ok_json: OkJson, tmp_path: Path
) -> None:
    one = tmp_path / "4ls.json"
    one.write_text(ok("formats", "4ls", "--json").stdout)
    made = ok_json("format", "new", "our4ls", "--from", str(one), "--title", "Our 4Ls")
    assert made["name"] == "Our 4Ls"
    assert [c["key"] for c in made["columns"]] == ["liked", "learned", "lacked", "longed"]
    assert [c["improve"] for c in made["columns"]] == [False, False, True, True]
    listed = tmp_path / "listed.json"
    listed.write_text(json.dumps([ok_json("formats", "msg")]))  # a list of one is taken too
    again = ok_json("format", "new", "feel", "--from", str(listed), "--improve", "glad")
    assert [(c["key"], c["improve"]) for c in again["columns"]] == [
        ("mad", False),
        ("sad", False),
        ("glad", True),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("format", "new", "Bad Key!", "--column", "a"), "format key 'bad key!' must be"),
        (("format", "new", "ssc", "--column", "a"), "'ssc' is a built-in format"),
        (("format", "new", "x", "--column", "a", "--column", "a:A"), "two columns called 'a'"),
        (("format", "new", "x"), "needs at least one --column"),
        (("format", "new", "x", "--column", ":Title"), "needs a key of 1-32"),
        (("format", "new", "x", "--column", "a", "--improve", "b"), "'b' is not one of"),
        (("format", "edit", "nope", "--title", "T"), "the team has no format 'nope'"),
        (("format", "edit", "ssc", "--title", "T"), "'ssc' is a built-in format"),
        (("format", "delete", "ssc"), "'ssc' is a built-in format"),
        (("review", "new", "R", "--format", "nope"), "unknown format 'nope'"),
    ],
)
def test_bad_formats_are_refused_in_one_line(
    team: Path, run: Run, store_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = (store_path / "team.json").read_bytes()
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert (store_path / "team.json").read_bytes() == before


def test_a_second_format_with_a_key_taken_is_refused(team: Path, ok: Ok, run: Run) -> None:
    ok("format", "new", "kss", *COLS)
    again = run("format", "new", "kss", *COLS)
    assert again.exit_code == 1
    assert again.stderr.strip() == "Error: the team has a format 'kss' already"


def test_from_a_file_that_is_not_a_format_is_refused(
    team: Path, run: Run, tmp_path: Path, ok: Ok
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert "is not JSON" in run("format", "new", "x", "--from", str(bad)).stderr
    bad.write_text('{"key": "x"}')
    assert "is not a format" in run("format", "new", "x", "--from", str(bad)).stderr
    every = tmp_path / "all.json"
    every.write_text(ok("formats", "--json").stdout)
    many = run("format", "new", "x", "--from", str(every))
    assert many.exit_code == 1
    assert "none has the key 'x'" in many.stderr
    missing = run("format", "new", "x", "--from", str(tmp_path / "nope.json"))
    assert missing.exit_code != 0
    assert "Traceback" not in missing.output


def test_a_format_in_use_cannot_be_deleted_and_says_by_which_reviews(
    team: Path, ok: Ok, ok_json: OkJson, run: Run
) -> None:
    ok("format", "new", "kss", *COLS)
    rid = ok_json("review", "new", "Sprint 9", "--format", "kss")["id"]
    refused = run("format", "delete", "kss")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "Error: format 'kss' is used by 1 review: 'Sprint 9'; it cannot be deleted"
    )
    ok("review", "delete", rid, "--yes")
    assert ok_json("format", "delete", "kss") == {"deleted": "kss"}
    assert "kss" not in [f["key"] for f in ok_json("formats")]


def test_formats_help_and_the_readme_point_to_making_one(ok: Ok) -> None:
    assert "retro format new" in ok("formats", "-h").stdout
    assert "new" in ok("format", "-h").stdout


def test_a_format_s_texts_are_one_line_of_plain_text(team: Path, run: Run) -> None:
    for args in (
        ("--title", "Red \x1b[31malert"),
        ("--description", "two\nlines"),
        ("--column", "b:B:\x07bell"),
        ("--column", "b:\u202eB"),
    ):
        result = run("format", "new", "x", "--column", "a", *args)
        assert result.exit_code == 1, args
        assert "must be one line of plain text" in result.stderr
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert run("format", "new", "x", "--column", "a:😀 Wins:👩\u200d👩\u200d👧 who?").exit_code == 0
