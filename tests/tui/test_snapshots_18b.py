"""How the format form and the check-in round look, at 120×40 and 80×24, on the demo store
built for a fixed day (update with --snapshot-update, and look at the SVGs)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from retro.model import Review
from retro.store import Store
from tests.tui.conftest import SIZE, TODAY, make_app, type_text, until
from tests.tui.test_snapshots import _settle

pytestmark = pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])


def test_format_form(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("F")
        assert await until(pilot, lambda: bool(pilot.app.screen.query("#f-key")))
        for field, text in (
            ("key", "kss"),
            ("name", "Keep, stop, start"),
            ("col1", "keep:Keep:What works?"),
            ("col2", "stop:Stop:What hurts?"),
        ):
            pilot.app.screen.query_one(f"#f-{field}", Input).focus()
            await type_text(pilot, text)
        pilot.app.screen.query_one("#f-key", Input).focus()
        await _settle(pilot)

    assert snap_compare(make_app(store), terminal_size=size, run_before=run_before)


def test_check_in_round(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    review = Review(
        "Sprint 5 retro", on=TODAY, facilitator="ana", participants=["ana", "bo", "chen"]
    )
    review.start_icebreaker("One word for the sprint?")
    review.answer_icebreaker("ana", "Relieved")
    review.answer_icebreaker("bo", "Curious")
    review = store.add_review(review)

    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)

    app = make_app(store, start=review.id)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
