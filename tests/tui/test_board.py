"""The review board asked to show a review, or to focus a column, before its columns exist."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList

from retro.formats import get_format
from retro.model import Card, Review
from retro.widgets.board import Board


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="host")


async def test_a_board_shows_what_it_was_asked_before_its_columns_composed() -> None:
    """On a busy machine the review screen could draw a board it had just mounted before the
    board's columns composed; that raised NoMatches and took the app down."""
    fmt = get_format("ssc")
    review = Review("Busy", on=date(2026, 3, 2), format="ssc", participants=["ana"])
    review.cards = [
        Card(column="start", text="Pair on reviews", author="ana"),
        Card(column="start", text="Write the runbook", author="ana"),
        Card(column="stop", text="Late merges", author="ana"),
    ]
    app = _Host()
    async with app.run_test() as pilot:
        board = Board(fmt)
        app.query_one("#host").mount(board)
        # Asked right away, in the same step as the mount: nothing has composed yet.
        board.show(review, "ana")
        board.focus_column(1)
        await pilot.pause()
        start = board.query_one("#cards-start", OptionList)
        stop = board.query_one("#cards-stop", OptionList)
        assert [o.id for o in start._options if o.id] == [c.id for c in review.cards[:2]]
        assert [o.id for o in stop._options if o.id] == [review.cards[2].id]
        assert app.focused is stop
