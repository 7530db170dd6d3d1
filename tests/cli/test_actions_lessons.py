"""Actions across reviews, and lessons learned."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

Ok = Callable[..., Result]
OkJson = Callable[..., Any]


def test_actions_add_list_filter_done_drop(review: str, ok: Ok, ok_json: OkJson) -> None:
    late = ok_json("action", "add", review, "Write runbook", "--owner", "bo", "--due", "-3d")
    soon = ok_json("action", "add", review, "Automate notes", "--due", "+1w")
    assert late["owner"] == "bo" and late["status"] == "open"
    assert [a["id"] for a in ok_json("action", "list")] == [late["id"], soon["id"]]
    overdue = ok_json("action", "list", "--overdue")
    assert [a["id"] for a in overdue] == [late["id"]] and overdue[0]["overdue"] is True
    assert [a["id"] for a in ok_json("action", "list", "--owner", "BO")] == [late["id"]]
    ok("action", "done", late["id"])
    ok("action", "drop", soon["id"])
    assert ok_json("action", "list") == []
    assert [a["id"] for a in ok_json("action", "list", "--done")] == [late["id"]]
    assert len(ok_json("action", "list", "--all")) == 2
    done = ok_json("action", "list", "--done")[0]
    assert done["done_on"] is not None
    assert "Write runbook" in ok("action", "list", "--all").stdout


def test_action_edit_and_reopen(review: str, ok: Ok, ok_json: OkJson) -> None:
    a = ok_json("action", "add", review, "Draft")
    edited = ok_json(
        "action", "edit", a["id"], "--text", "Final", "--owner", "chen", "--due", "2030-01-02"
    )
    assert (edited["text"], edited["owner"], edited["due"]) == ("Final", "chen", "2030-01-02")
    ok("action", "done", a["id"])
    ok("action", "reopen", a["id"])
    assert ok_json("action", "list")[0]["status"] == "open"
    ok("action", "delete", a["id"])
    assert ok_json("action", "list", "--all") == []


def test_log_and_search_lessons(team: Path, ok: Ok, ok_json: OkJson) -> None:
    first = ok("log", "Flags made the rollback painless", "-t", "deploy", "-t", "#Flags")
    assert first.stdout.startswith("added lesson l")
    ok("log", "Check the calendar", "--date", "2026-01-05", "-t", "release")
    ok("log", "Old news", "--date", "2025-06-01", user="bo")
    everything = ok_json("lessons")
    assert len(everything) == 3
    assert everything[0]["tags"] == ["deploy", "flags"]
    assert [x["text"] for x in ok_json("lessons", "-t", "deploy")] == [
        "Flags made the rollback painless"
    ]
    assert [x["text"] for x in ok_json("lessons", "-s", "CALENDAR check")] == ["Check the calendar"]
    window = ok_json("lessons", "--since", "2025-12-01", "--until", "2026-02-01")
    assert [x["text"] for x in window] == ["Check the calendar"]
    assert len(ok_json("lessons", "-n", "1")) == 1
    assert [x["author"] for x in ok_json("lessons", "--author", "bo")] == ["bo"]
    table = ok("lessons").stdout
    assert "#deploy" in table and "Old news" in table


def test_log_from_stdin_and_linked_to_a_review(review: str, ok_json: OkJson) -> None:
    lesson = ok_json("log", "-", "--review", review, input="Long lesson\n")
    assert lesson["text"] == "Long lesson" and lesson["review_id"] == review


def test_no_lessons_says_how_to_log_one(team: Path, ok: Ok) -> None:
    assert "retro log" in ok("lessons").stdout
