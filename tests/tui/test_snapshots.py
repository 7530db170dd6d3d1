"""How each screen looks at 120×40 and at 80×24 (a common terminal), on the demo store built
for a fixed day, clock frozen.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from retro.store import Store
from retro.widgets.board import Board
from tests.tui.conftest import SIZE, discussing, loaded, make_app, put_in_phase, until

# Every screen at both sizes: the default, and 80×24, where columns, drift numbers and the
# footer's keys must still fit.
pytestmark = pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])


async def _settle(pilot: Pilot) -> None:
    await loaded(pilot)
    await pilot.pause(0.3)
    # A board takes the focus once its columns are mounted, later on a busy machine: a key
    # pressed before that would act on another column than the picture expects.
    boards = pilot.app.screen.query(Board)
    tabs = pilot.app.screen.query(TabbedContent)
    on_board = not tabs or tabs.first().active == "board"
    if boards and on_board and not pilot.app.screen.query(Input):
        board = boards.first()
        assert await until(
            pilot, lambda: pilot.app.focused is not None and board in pilot.app.focused.ancestors
        )
    # A blinking cursor would make the picture depend on timing.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause(0.05)
    await pilot.wait_for_scheduled_animations()


def _goto(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


def test_dashboard(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=_goto())


def test_review_board(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=_goto("2"))


def test_review_intents(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    aar = next(r for r in store.reviews() if r.format == "aar")
    app = make_app(store, start=aar.id)
    assert snap_compare(app, terminal_size=size, run_before=_goto("I"))


def test_review_actions(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(store, start=store.reviews()[-2].id)
    assert snap_compare(app, terminal_size=size, run_before=_goto("A"))


def test_sprint(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=_goto("3"))


def test_lessons(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=_goto("4"))


def test_actions(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=_goto("5"))


def test_export(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(store, start=store.reviews()[0].id)
    assert snap_compare(app, terminal_size=size, run_before=_goto("x"))


def test_welcome(snap_compare, empty_store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause(0.3)
        await _settle(pilot)

    assert snap_compare(make_app(empty_store), terminal_size=size, run_before=run_before)


def test_new_card_form(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    review = store.reviews()[-1]

    put_in_phase(store, review.id, "group")
    app = make_app(store, start=review.id)
    assert snap_compare(app, terminal_size=size, run_before=_goto("n"))


def test_decisions(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=_goto("6"))


def test_raci(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=_goto("6", "R"))


def test_discuss_agenda(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """A review opened in discuss: the agenda, the current topic (spanning two columns) with
    its countdown and the action agreed on it."""
    app = make_app(store, start=discussing(store))
    assert snap_compare(app, terminal_size=size, run_before=_goto())


def test_discuss_board(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The board in discuss: the current topic marked in both its columns, its heading once."""
    app = make_app(store, start=discussing(store))
    assert snap_compare(app, terminal_size=size, run_before=_goto("b"))
