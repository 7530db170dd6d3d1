"""What a newcomer trips over in the CLI: cut text, silent acceptance, colour-only marks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.cli.conftest import Run

Ok = Callable[..., Result]

LONG_TEXT = "Write the deploy checklist and walk the whole team through it on Monday"
LONG_TITLE = "Sprint 12 retrospective of the platform team"


@pytest.fixture
def acted(team: Path, ok: Ok, ok_json) -> str:  # type: ignore[no-untyped-def]
    rid = str(ok_json("review", "new", LONG_TITLE, "--format", "ssc")["id"])
    ok("review", "phase", rid, "act")
    ok("action", "add", rid, LONG_TEXT, "--owner", "a-person-with-a-very-long-name", "--due", "+1w")
    return rid


def test_piped_listings_are_never_cut(acted: str, ok: Ok, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("COLUMNS", raising=False)
    out = ok("action", "list").stdout
    assert LONG_TEXT in out and LONG_TITLE in out and "…" not in out


def test_the_action_text_gets_the_room_at_80_columns(acted: str, ok: Ok, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    lines = ok("action", "list").stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    row = lines[1]
    shown = row[lines[0].index("action") :]
    assert len(shown) >= 20 and LONG_TEXT.startswith(shown.rstrip("…"))
    assert "a-person-with-a-very-long-name" not in row  # the owner gave up room, with an ellipsis
    assert "…" in row[lines[0].index("owner") : lines[0].index("review")]


def test_action_add_says_what_looks_wrong(team: Path, ok: Ok, ok_json) -> None:  # type: ignore[no-untyped-def]
    rid = str(ok_json("review", "new", "Retro", "--format", "ssc")["id"])
    ok("review", "phase", rid, "act")
    late = ok("action", "add", rid, "Fix the pager", "--owner", "ana", "--due", "2020-01-01")
    assert "has already passed" in late.stderr and "added action" in late.stdout
    ownerless = ok("action", "add", rid, "Someone should do this")
    assert "no owner" in ownerless.stderr
    assert "no owner" in ok("action", "list").stdout
    assert "has already passed" not in ownerless.stderr


def test_voting_as_someone_not_on_the_team_says_so(team: Path, ok: Ok, ok_json, run: Run) -> None:  # type: ignore[no-untyped-def]
    rid = str(ok_json("review", "new", "Retro", "--format", "ssc", "--votes", "3")["id"])
    card = str(ok_json("card", "add", rid, "start", "Pair on deploys")["id"])
    ok("review", "phase", rid, "vote")
    first = ok("card", "vote", card, user="zed")
    assert "zed is not a member of the team" in first.stderr
    assert "zed" in ok_json("review", "show", rid)["participants"]
    again = ok("card", "vote", card, user="zed")
    assert "not a member" not in again.stderr  # said once, when zed joined the review


def test_review_show_marks_the_phase_without_colour(review: str, ok: Ok, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    out = ok("review", "show", review).stdout
    assert "[reflect] → group" in out
