"""`retro review topics` and `retro review discuss`: one ranked agenda across the board, stepped
through one topic at a time, with actions tied to the topic they were agreed on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
Run = Callable[..., Result]


def _board(ok: Ok, ok_json: OkJson) -> tuple[str, dict[str, str]]:
    """A 4Ls review in discuss: "Staging" spans Longed for and Lacked (3 votes), "Pairing" has
    1 vote, "Docs" none."""
    rid = ok_json("review", "new", "Sprint 12", "--format", "4ls", "--topic-minutes", "4")["id"]
    cards = {}
    for name, column, text in (
        ("calendar", "longed", "A shared staging calendar"),
        ("broken", "lacked", "Test environment kept breaking"),
        ("pairing", "liked", "Pairing on the deploy"),
        ("docs", "learned", "Docs in the repo"),
    ):
        cards[name] = ok_json("card", "add", rid, column, text)["id"]
    ok("review", "phase", rid, "group")
    ok("card", "group", cards["calendar"], cards["broken"], "--title", "Staging")
    ok("review", "phase", rid, "vote")
    for card in ("broken", "broken", "pairing"):
        ok("card", "vote", cards[card])
    ok("card", "vote", cards["calendar"], user="ben")
    ok("review", "phase", rid, "discuss")
    return rid, cards


def test_topics_lists_one_agenda_across_the_board(team: Path, ok: Ok, ok_json: OkJson) -> None:
    rid, cards = _board(ok, ok_json)
    data = ok_json("review", "topics", rid)
    assert [(t["rank"], t["title"], t["votes"]) for t in data["topics"]] == [
        (1, "Staging", 3),
        (2, "Pairing on the deploy", 1),
        (3, "Docs in the repo", 0),
    ]
    staging = data["topics"][0]
    assert staging["columns"] == ["longed", "lacked"]
    assert {c["id"]: c["column"] for c in staging["cards"]} == {
        cards["calendar"]: "longed",
        cards["broken"]: "lacked",
    }
    assert staging["current"] and data["current"] == staging["id"]
    assert data["topic_minutes"] == 4 and 0 < data["seconds_left"] <= 240
    text = ok("review", "topics", rid).output
    assert text.count("Staging") == 1  # the topic once, though its cards are in two columns
    assert "▶  1. Staging  3 votes · Longed for, Lacked" in text


def test_discuss_steps_through_the_agenda(team: Path, ok: Ok, ok_json: OkJson, run: Run) -> None:
    rid, cards = _board(ok, ok_json)
    assert "topic 2 of 3: Pairing on the deploy" in ok("review", "discuss", rid, "next").output
    assert ok_json("review", "discuss", rid, "prev")["current"] == cards["calendar"]
    assert ok_json("review", "discuss", rid, "3")["topics"][2]["current"]
    # Any card of a topic names it: the group's second card is the group.
    data = ok_json("review", "discuss", rid, cards["broken"][:6])
    assert data["current"] == cards["calendar"]
    data = ok_json("review", "discuss", rid, "--more", "2")
    assert 240 < data["seconds_left"] <= 360
    failed = run("review", "discuss", rid, "prev")
    assert failed.exit_code == 1 and "topic 1 is the first" in failed.output
    failed = run("review", "discuss", rid, "7")
    assert failed.exit_code == 1 and "no topic 7" in failed.output
    assert "Traceback" not in failed.output


def test_discuss_only_in_the_discuss_phase(team: Path, ok: Ok, ok_json: OkJson, run: Run) -> None:
    rid, _ = _board(ok, ok_json)
    ok("review", "phase", rid, "act")
    before = ok_json("review", "show", rid)
    failed = run("review", "discuss", rid, "next")
    assert failed.exit_code == 1
    assert "topics are taken one at a time in discuss" in failed.output
    assert ok_json("review", "show", rid) == before
    assert run("review", "discuss", rid).exit_code == 2  # nowhere to go: a usage error


def test_an_action_added_in_discuss_is_linked_to_the_current_topic(
    team: Path, ok: Ok, ok_json: OkJson
) -> None:
    rid, cards = _board(ok, ok_json)
    linked = ok_json("action", "add", rid, "Book staging through the calendar", "--owner", "ana")
    assert linked["topic"] == cards["calendar"]
    ok("review", "discuss", rid, "next")
    ok("review", "phase", rid, "act")
    later = ok_json("action", "add", rid, "Write it up", "--owner", "ben")
    assert later["topic"] is None
    topics = ok_json("review", "topics", rid)["topics"]
    assert [a["text"] for a in topics[0]["actions"]] == ["Book staging through the calendar"]
    assert topics[1]["actions"] == [] and topics[2]["actions"] == []
    assert "→ Book staging through the calendar (ana)" in ok("review", "topics", rid).output


def test_votes_stay_private_in_the_agenda_while_voting(team: Path, ok: Ok, ok_json: OkJson) -> None:
    rid = ok_json("review", "new", "Private", "--format", "ssc")["id"]
    mine = ok_json("card", "add", rid, "start", "Mine")["id"]
    theirs = ok_json("card", "add", rid, "stop", "Theirs", user="ben")["id"]
    ok("review", "phase", rid, "vote")
    ok("card", "vote", theirs, user="ben")
    ok("card", "vote", theirs, user="ben")
    ok("card", "vote", mine)
    topics = ok_json("review", "topics", rid)["topics"]
    assert [(t["title"], t["votes"]) for t in topics] == [("Mine", 1), ("Theirs", 0)]
    ok("review", "phase", rid, "discuss")
    topics = ok_json("review", "topics", rid)["topics"]
    assert [(t["title"], t["votes"]) for t in topics] == [("Theirs", 2), ("Mine", 1)]


def test_topic_minutes_are_checked_and_editable(
    team: Path, ok: Ok, ok_json: OkJson, run: Run
) -> None:
    failed = run("review", "new", "Bad", "--topic-minutes", "0")
    assert failed.exit_code == 2 and "--topic-minutes" in failed.output
    rid = ok_json("review", "new", "Good")["id"]
    assert ok_json("review", "show", rid)["discussion"]["minutes"] == 5
    ok("review", "edit", rid, "--topic-minutes", "9")
    assert ok_json("review", "show", rid)["discussion"]["minutes"] == 9
    assert "no topics yet" in ok("review", "topics", rid).output


def test_review_show_names_the_current_topic(team: Path, ok: Ok, ok_json: OkJson) -> None:
    rid, _ = _board(ok, ok_json)
    ok("review", "discuss", rid, "2")
    shown = ok("review", "show", rid).output
    assert "topic: 2 of 3: Pairing on the deploy" in shown
    ok("review", "phase", rid, "act")
    assert "topic:" not in ok("review", "show", rid).output
