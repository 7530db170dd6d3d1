"""Every board rule, driven through the CLI (CliRunner) and the TUI (Pilot): both call the
review's own rule (`retro.model.board`), so both refuse or allow the same thing, with the same
result in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from retro.cli import cli
from retro.model import Card, Review
from retro.screens.forms import ConfirmScreen, PickScreen
from retro.screens.review import ReviewScreen
from retro.store import Store
from retro.widgets.board import Board
from tests.tui.conftest import SIZE, loaded, make_app, type_text, until

CASES = [
    # (rule, phase the review is in, allowed)
    ("delete", "closed", False),
    ("delete", "group", True),
    ("delete", "act", True),
    ("group", "reflect", False),
    ("group", "closed", False),
    ("group", "vote", True),
    ("vote", "group", False),
    ("vote", "closed", False),
    ("vote", "vote", True),
]


def _board(path: Path, phase: str) -> tuple[Store, str, list[str]]:
    """A store with one review in `phase` holding two of ana's cards."""
    store = Store(path)
    store.init("Platform", by="ana")
    cards = [
        Card("start", "Pair on deploys", author="ana"),
        Card("stop", "Friday deploys", author="ana"),
    ]
    review = store.add_review(Review("Retro", phase=phase, cards=cards, vote_budget=3))  # type: ignore[arg-type]
    return store, review.id, [c.id for c in cards]


def _state(store: Store, review_id: str) -> Any:
    review = Store(store.path).review(review_id)
    return sorted((c.id, c.column, c.group, sorted(c.votes.items())) for c in review.cards)


def _by_cli(path: Path, rule: str, cards: list[str]) -> tuple[bool, str]:
    args = {
        "delete": ["card", "delete", cards[0], "--yes"],
        "group": ["card", "group", cards[1], cards[0]],
        "vote": ["card", "vote", cards[0]],
    }[rule]
    result = CliRunner().invoke(cli, ["--store", str(path), "--as", "ana", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code == 0, result.output


async def _by_tui(store: Store, review_id: str, rule: str, cards: list[str]) -> None:
    app = make_app(store, start=review_id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert await until(pilot, lambda: bool(screen.query(Board)))
        screen.query_one(Board).select_card(cards[0])
        await pilot.pause()
        if rule == "delete":
            await pilot.press("d")
            if isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")
        elif rule == "group":
            await pilot.press("g")
            if isinstance(app.screen, PickScreen):
                await type_text(pilot, "friday")
                await pilot.press("enter")
        else:
            await pilot.press("v")
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()  # the write runs in a thread worker
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))


@pytest.mark.parametrize(("rule", "phase", "allowed"), CASES)
async def test_the_cli_and_the_tui_apply_the_same_rule(
    tmp_path: Path, rule: str, phase: str, allowed: bool
) -> None:
    cli_store, cli_review, cli_cards = _board(tmp_path / "cli", phase)
    before = _state(cli_store, cli_review)
    ok, output = _by_cli(cli_store.path, rule, cli_cards)
    assert ok == allowed, output
    cli_after = _state(cli_store, cli_review)
    assert (cli_after != before) == allowed

    tui_store, tui_review, tui_cards = _board(tmp_path / "tui", phase)
    await _by_tui(tui_store, tui_review, rule, tui_cards)
    tui_after = _state(tui_store, tui_review)
    # The same outcome: ids differ between the two stores, so compare by position.
    rename = dict(zip(tui_cards, cli_cards, strict=True))

    def same_ids(state: Any) -> Any:
        return sorted(
            (rename[i], col, rename.get(group, group), votes) for i, col, group, votes in state
        )

    assert same_ids(tui_after) == cli_after


def test_closing_a_closed_sprint_is_refused_by_the_model() -> None:
    from datetime import UTC, date, datetime

    from retro.errors import RuleError
    from retro.model import Sprint

    sprint = Sprint("Sprint 1", date(2026, 3, 2), date(2026, 3, 13))
    sprint.close(datetime(2026, 3, 13, tzinfo=UTC))
    assert sprint.status == "closed"
    with pytest.raises(RuleError, match="already closed"):
        sprint.close(datetime(2026, 3, 14, tzinfo=UTC))
    with pytest.raises(RuleError, match="is closed"):
        sprint.activate()
