"""Reviews and what goes on them: cards, phases, votes, groups, intents, kudos, pulse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from retro.store import Store

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
Run = Callable[..., Result]


def test_review_new_prints_a_short_id_that_commands_accept(team: Path, ok: Ok) -> None:
    out = ok("review", "new", "Retro").stdout.strip()
    assert out.startswith("added review r")
    short = out.split()[-1]
    assert 4 <= len(short) <= 13
    shown = ok("review", "show", short).stdout
    assert "Retro" in shown and "reflect" in shown


def test_review_new_json_is_the_created_review(team: Path, ok_json: OkJson) -> None:
    data = ok_json(
        "review", "new", "AAR", "--format", "aar", "--date", "2026-03-01", "--votes", "5"
    )
    assert data["title"] == "AAR"
    assert data["format"] == "aar"
    assert data["on"] == "2026-03-01"
    assert data["vote_budget"] == 5
    assert data["phase"] == "reflect"
    assert data["facilitator"] == "ana"
    assert ok_json("review", "show", data["id"])["id"] == data["id"]


def test_review_list_and_json(review: str, ok: Ok, ok_json: OkJson) -> None:
    listing = ok_json("review", "list")
    assert [r["id"] for r in listing] == [review]
    assert listing[0]["cards"] == 0
    assert "Sprint 1 retro" in ok("review", "list").stdout


def test_review_edit_and_delete(review: str, ok: Ok, ok_json: OkJson) -> None:
    edited = ok_json("review", "edit", review, "--title", "Renamed", "--votes", "2")
    assert edited["title"] == "Renamed"
    assert edited["vote_budget"] == 2
    ok("review", "delete", review, "--yes")
    assert ok_json("review", "list") == []


def test_phases_move_forward_back_and_by_name(review: str, ok: Ok, ok_json: OkJson) -> None:
    assert "group" in ok("review", "phase", review, "next").stdout
    ok("review", "phase", review, "vote")
    assert ok_json("review", "show", review)["phase"] == "vote"
    ok("review", "phase", review, "back")
    assert ok_json("review", "show", review)["phase"] == "group"


def test_cards_are_hidden_from_others_in_reflect(review: str, ok: Ok, ok_json: OkJson) -> None:
    ok("card", "add", review, "start", "Pair on deploys")
    ok("card", "add", review, "stop", "Bo's secret", user="bo")
    mine = ok("review", "show", review).stdout
    assert "Pair on deploys" in mine
    assert "Bo's secret" not in mine
    assert "(hidden until reveal)" in mine
    line = next(x for x in mine.splitlines() if "(hidden until reveal)" in x)
    assert "bo" not in line and "anonymous" not in line  # nor whose it is
    shown = ok_json("review", "show", review)["cards"]
    hidden = next(c for c in shown if c["hidden"])
    assert (hidden["text"], hidden["author"], hidden["tags"]) == (None, None, [])
    assert next(c for c in shown if not c["hidden"])["text"] == "Pair on deploys"
    assert "bo" not in json.dumps(hidden)
    ok("review", "phase", review, "group")
    assert "Bo's secret" in ok("review", "show", review).stdout


def test_anonymous_cards_store_no_author(review: str, ok: Ok, team: Path) -> None:
    ok("card", "add", review, "stop", "Friday releases", "--anon")
    raw = (team / "reviews" / f"{review}.json").read_text()
    doc = next(c for c in json.loads(raw)["cards"].values() if c["text"] == "Friday releases")
    assert doc["author"] is None
    assert "ana" not in json.dumps(doc)


def test_card_text_from_stdin_and_editor(
    review: str, ok: Ok, ok_json: OkJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = ok_json("card", "add", review, "start", "-", input="from stdin\n")
    assert card["text"] == "from stdin"
    monkeypatch.setattr("click.edit", lambda text=None, **kw: "from the editor\n")
    edited = ok_json("card", "edit", card["id"], "--edit")
    assert edited["text"] == "from the editor"


def test_card_edit_move_delete(review: str, ok: Ok, ok_json: OkJson) -> None:
    card = ok_json("card", "add", review, "start", "First", "-t", "deploy")
    assert card["tags"] == ["deploy"]
    assert ok_json("card", "edit", card["id"], "Second")["text"] == "Second"
    ok("card", "move", card["id"], "cont")
    shown = ok_json("review", "show", review)["cards"][0]
    assert shown["column"] == "continue"
    ok("card", "delete", card["id"], "-y")
    assert ok_json("review", "show", review)["cards"] == []


def test_votes_only_in_the_vote_phase_and_within_budget(
    review: str, ok: Ok, run: Callable[..., Result], ok_json: OkJson
) -> None:
    ok("review", "edit", review, "--votes", "2")
    card = ok_json("card", "add", review, "start", "Pairing")["id"]
    early = run("card", "vote", card)
    assert early.exit_code == 1
    assert "vote phase" in early.stderr
    ok("review", "phase", review, "vote")
    ok("card", "vote", card)
    assert "2 of 2" in ok("card", "vote", card).stdout
    over = run("card", "vote", card)
    assert over.exit_code == 1 and "used all 2 votes" in over.stderr
    ok("card", "vote", card, user="bo")  # bo has a budget of his own
    ok("card", "vote", card, "--undo")
    # While voting, each person sees only their own dots, in JSON and in text.
    shown = ok_json("review", "show", review)
    assert shown["votes_private"] is True
    assert shown["cards"][0]["votes"] == {"ana": 1}
    assert ok_json("review", "show", review, user="bo")["cards"][0]["votes"] == {"bo": 1}
    assert ok_json("review", "show", review, user="cy")["cards"][0]["votes"] == {}
    assert "●" not in ok("review", "show", review, user="cy").stdout
    assert "● Pairing" in ok("review", "show", review).stdout  # ana's one dot, not two
    # Once the phase moves on, everyone sees the totals.
    ok("review", "phase", review, "discuss")
    votes = ok_json("review", "show", review, user="cy")["cards"][0]["votes"]
    assert votes == {"ana": 1, "bo": 1}
    assert "●● Pairing" in ok("review", "show", review, user="cy").stdout


def test_open_votes_show_every_vote_while_voting(team: Path, ok: Ok, ok_json: OkJson) -> None:
    review = ok_json("review", "new", "Open retro", "--open-votes", "--format", "ssc")
    assert review["open_votes"] is True
    card = ok_json("card", "add", review["id"], "start", "Pairing")["id"]
    ok("review", "phase", review["id"], "vote")
    ok("card", "vote", card, user="bo")
    shown = ok_json("review", "show", review["id"], user="cy")
    assert shown["votes_private"] is False
    assert shown["cards"][0]["votes"] == {"bo": 1}
    # and a review can change its mind
    changed = ok_json("review", "edit", review["id"], "--private-votes", user="cy")
    assert changed["open_votes"] is False and changed["cards"][0]["votes"] == {}


def test_cards_are_added_only_in_reflect_and_group(
    review: str, ok: Ok, run: Callable[..., Result]
) -> None:
    ok("review", "phase", review, "group")
    ok("card", "add", review, "start", "Still fine")
    ok("review", "phase", review, "vote")
    late = run("card", "add", review, "start", "Too late")
    assert late.exit_code == 1
    assert "cards are added in reflect or group" in late.stderr


def test_group_and_promote(review: str, ok: Ok, ok_json: OkJson) -> None:
    a = ok_json("card", "add", review, "start", "Deploy on Mondays")["id"]
    b = ok_json("card", "add", review, "start", "Deploy with a buddy")["id"]
    ok("review", "phase", review, "group")
    ok("card", "group", a, b, "--title", "Deploys")
    data = ok_json("review", "show", review)
    assert {c["group"] for c in data["cards"]} == {a}
    assert data["groups"] == {a: "Deploys"}
    lesson = ok_json("card", "promote", b, "-t", "deploy")
    assert lesson["text"] == "Deploy with a buddy"
    assert lesson["review_id"] == review and lesson["card_id"] == b
    assert ok_json("lessons")[0]["id"] == lesson["id"]


def test_intents_kudos_and_pulse(review: str, ok: Ok, ok_json: OkJson) -> None:
    intent = ok_json("intent", "add", review, "Ship login", "--rating", "partly")
    assert intent["rating"] == "partly"
    rated = ok_json("intent", "rate", intent["id"], "met", "--why", "scope cut")
    assert rated["rating"] == "met" and rated["why"] == "scope cut"
    kudos = ok_json("kudos", "add", review, "bo", "for the calm incident command")
    assert kudos["to"] == "bo" and kudos["by"] == "ana"
    ok("pulse", review, "4")
    ok("pulse", review, "2", user="bo")
    data = ok_json("review", "show", review)
    assert data["pulse"] == {"ana": 4, "bo": 2}
    assert len(data["intents"]) == 1 and len(data["kudos"]) == 1
    shown = ok("review", "show", review).stdout
    assert "Ship login" in shown and "calm incident" in shown


def test_nothing_of_a_hidden_card_leaks_through_json_edit_or_completion(
    review: str, ok: Ok, ok_json: OkJson, run: Run, team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths found in an audit: review edit --json, card edit --edit ($EDITOR), groups in
    --json, tag completion."""
    led = ok_json("card", "add", review, "stop", "Bo's lead", "-t", "bolead", user="bo")["id"]
    mine = ok_json("card", "add", review, "stop", "Mine")["id"]
    ok("review", "phase", review, "group")
    ok("card", "group", led, mine, user="bo")  # the group's title is bo's card's text
    ok("review", "phase", review, "reflect")
    # Cards seen once stay revealed; one added after reopening is hidden.
    bo = ok_json("card", "add", review, "stop", "Bo's secret", "-t", "bosecret", user="bo")["id"]
    # A review reopened before retro kept the reveal time hides the group's lead card again.
    Store(team).update_review(review, lambda r: setattr(r, "revealed", None))
    edited = json.dumps(ok_json("review", "edit", review, "--votes", "4"))
    shown = json.dumps(ok_json("review", "show", review))
    for text in (edited, shown):
        for secret in ("Bo's secret", "bosecret", "Bo's lead", "bolead"):
            assert secret not in text
    monkeypatch.setenv("EDITOR", "cat")  # an editor that would print what it was given
    result = run("card", "edit", bo, "--edit")
    assert result.exit_code == 1 and "hidden" in result.stderr
    assert "Bo's secret" not in result.output
    from click.testing import CliRunner

    from retro.cli import cli

    env = {
        "_RETRO_COMPLETE": "bash_complete",
        "COMP_WORDS": "retro log x -t bo",
        "COMP_CWORD": "4",
        "RETRO_STORE": str(team),
        "RETRO_USER": "ana",
    }
    completed = CliRunner().invoke(cli, [], env=env, prog_name="retro").stdout
    assert "bosecret" not in completed


def test_reopening_keeps_revealed_cards_revealed(
    review: str, ok: Ok, run: Callable[..., Result], ok_json: OkJson
) -> None:
    ok_json("card", "add", review, "start", "Seen by all")
    ok("review", "phase", review, "group")
    ok("review", "phase", review, "closed")
    # Back to reflect from closed is a decision: it asks, and nothing changes on "no".
    refused = run("review", "phase", review, "reflect", input="n\n")
    assert refused.exit_code != 0
    assert ok_json("review", "show", review)["phase"] == "closed"
    moved = ok_json("review", "phase", review, "reflect", "--yes")
    assert moved["phase"] == "reflect"
    ok_json("card", "add", review, "stop", "Added after reopening")
    cards = {c["text"]: c for c in ok_json("review", "show", review, user="bo")["cards"]}
    assert cards["Seen by all"]["hidden"] is False  # revealed before: stays revealed
    assert [c for c in cards.values() if c["hidden"]] == [
        {**next(c for c in cards.values() if c["hidden"]), "text": None, "author": None}
    ]
    assert "Added after reopening" not in ok("review", "show", review, user="bo").stdout
