"""`retro review who` and the facilitator's lead, through the CLI."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from retro.live import beacon
from retro.live.presence import Presence
from tests.cli.conftest import Run


def _join(store: Path, who: str, review_id: str, *, done: bool = False, age: float = 0) -> None:
    presence = Presence(f"p{who}session", who, "review", review_id, done)
    beacon.write(store, presence)
    if age:
        then = time.time() - age
        os.utime(beacon.path_of(store, presence.session), (then, then))


def test_who_lists_the_room_facilitator_first_with_states(
    review: str, store_path: Path, ok: Callable[..., Result], ok_json: Callable[..., Any]
) -> None:
    ok("card", "add", review, "start", "A hidden thought", user="bob")
    _join(store_path, "bob", review, done=True)
    _join(store_path, "cy", review)
    _join(store_path, "gone", review, age=60)  # a killed process: stale
    text = ok("review", "who", review).output
    lines = [line.split() for line in text.splitlines()]
    assert ["facilitator:", "ana"] in lines
    assert ["ana", "facilitator", "away"] in lines
    assert ["bob", "done"] in lines and ["cy", "writing"] in lines
    assert "gone" not in text and "hidden thought" not in text
    data = ok_json("review", "who", review)
    assert data["facilitator"] == "ana" and data["phase"] == "reflect"
    assert [(p["who"], p["state"], p["here"]) for p in data["people"]] == [
        ("ana", "away", False),
        ("bob", "done", True),
        ("cy", "writing", True),
    ]


def test_who_in_the_vote_phase_says_votes_left_and_nothing_of_where_they_went(
    review: str, store_path: Path, ok: Callable[..., Result], ok_json: Callable[..., Any]
) -> None:
    card = ok_json("card", "add", review, "start", "Pair more")["id"]
    ok("review", "phase", review, "vote")
    ok("card", "vote", card, user="bob")
    _join(store_path, "bob", review)
    people = ok_json("review", "who", review)["people"]
    assert [(p["who"], p["votes_left"]) for p in people] == [("ana", None), ("bob", 2)]
    assert card not in str(people)


def test_who_says_so_when_no_one_is_there(review: str, ok: Callable[..., Result]) -> None:
    assert "no one has this review open now" in ok("review", "who", review).output


def test_the_staleness_can_be_shortened_for_a_quick_room(
    review: str, store_path: Path, ok_json: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _join(store_path, "bob", review, age=3)
    assert [p["who"] for p in ok_json("review", "who", review)["people"]] == ["ana", "bob"]
    monkeypatch.setenv("RETRO_PRESENCE_STALE", "2")
    assert [p["who"] for p in ok_json("review", "who", review)["people"]] == ["ana"]


def test_only_the_facilitator_moves_the_phase_and_says_who_can(
    review: str, run: Run, ok: Callable[..., Result], ok_json: Callable[..., Any]
) -> None:
    refused = run("review", "phase", review, "group", user="bob")
    assert refused.exit_code == 1
    assert "only the facilitator, ana, moves review 'Sprint 1 retro'" in refused.output
    assert "--force" in refused.output and "Traceback" not in refused.output
    assert ok_json("review", "show", review)["phase"] == "reflect"
    assert "vote phase" in ok("review", "phase", review, "vote", "--force", user="bob").output
    assert "discuss phase" in ok("review", "phase", review, "next").output  # ana leads
    assert ok_json("review", "show", review)["phase"] == "discuss"


def test_a_review_without_a_facilitator_is_led_by_anyone(
    review: str, ok: Callable[..., Result], ok_json: Callable[..., Any]
) -> None:
    ok("review", "edit", review, "--facilitator", "")
    ok("review", "phase", review, "group", user="bob")
    assert ok_json("review", "show", review)["phase"] == "group"
