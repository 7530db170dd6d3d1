"""What a hidden card never shows to anyone but its author, and text that is never markup:
one Pilot test per path a card, a name or a title could take to the screen."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.widgets._toast import Toast

from retro.model import Card, Goal
from retro.screens.forms import ConfirmScreen, FormScreen, PickScreen
from retro.screens.review import ReviewScreen
from retro.screens.sprint import SprintScreen
from retro.store import Store
from retro.widgets.board import Board
from retro.widgets.text import clip
from tests.reliability.corpus import RICH_MARKUP
from tests.tui.conftest import SIZE, loaded, make_app, until

SECRET = "Bruno's secret worry about the launch"


def _reflect_with_a_hidden_card(store: Store) -> tuple[str, str]:
    """The running review back in reflect, with a card of bruno's (hidden from ana)."""
    running = next(r for r in store.reviews() if r.phase != "closed")
    card = Card("stop", SECRET, "bruno", tags=["launchworry"])

    def change(review):  # type: ignore[no-untyped-def]
        review.phase = "reflect"
        review.cards.append(card)
        if "bruno" not in review.participants:
            review.participants.append("bruno")

    store.update_review(running.id, change)
    return running.id, card.id


def _said(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every notification's title and message so far."""
    return [f"{n.title} {n.message}" for n in app._notifications]


def _everything_on_screen(app) -> str:  # type: ignore[no-untyped-def]
    texts = [str(w.render()) for w in app.screen.query("*") if hasattr(w, "render")]
    return "\n".join(texts)


async def _at_the_hidden_card(pilot, card_id: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    assert isinstance(app.screen, ReviewScreen)
    board = app.screen.query_one(Board)
    assert await until(pilot, lambda: card_id in {c.id for c in app.screen.review.cards})
    board.select_card(card_id)
    assert await until(pilot, lambda: app.screen.current_card() == card_id)


async def test_the_board_shows_neither_text_nor_author_of_a_hidden_card(store: Store) -> None:
    review_id, card_id = _reflect_with_a_hidden_card(store)
    app = make_app(store, start=review_id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _at_the_hidden_card(pilot, card_id)
        column = app.screen.query_one("#col-stop")
        shown = "\n".join(
            str(option.prompt)
            for option in column.cards._options  # type: ignore[attr-defined]
        )
        assert "hidden until reveal" in shown
        assert SECRET not in shown and "bruno" not in shown and "launchworry" not in shown


@pytest.mark.parametrize("key", ["d", "L", "e"])
async def test_no_key_opens_a_hidden_card(store: Store, key: str) -> None:
    """Delete, promote and edit would put the card's text in a dialog: each is refused."""
    review_id, card_id = _reflect_with_a_hidden_card(store)
    app = make_app(store, start=review_id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _at_the_hidden_card(pilot, card_id)
        await pilot.press(key)
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReviewScreen), type(app.screen)
        assert not isinstance(app.screen, ConfirmScreen | FormScreen)
        assert SECRET not in _everything_on_screen(app)
        said = _said(app)
        assert said and all(SECRET not in t for t in said)
    assert any(c.id == card_id for c in store.review(review_id).cards)


async def test_grouping_waits_for_the_reveal(store: Store) -> None:
    review_id, _ = _reflect_with_a_hidden_card(store)
    mine = Card("stop", "My own card", "ana")
    store.update_review(review_id, lambda r: r.cards.append(mine))
    app = make_app(store, start=review_id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _at_the_hidden_card(pilot, mine.id)
        await pilot.press("g")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, PickScreen)
        assert any("revealed" in t for t in _said(app))


async def test_the_dashboard_themes_leave_out_a_review_in_reflect(store: Store) -> None:
    from retro.formats import get_format

    _reflect_with_a_hidden_card(store)
    # The hidden card's tag is on two closed reviews too: with it, a theme of three reviews.
    for closed in [r for r in store.reviews() if r.phase == "closed"][-2:]:
        column = next(c.key for c in get_format(closed.format).columns if c.improve)
        card = Card(column, "worry", "eli", tags=["launchworry"])
        store.update_review(closed.id, lambda r, card=card: r.cards.append(card))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        themes = str(app.screen.query_one("#themes", Static).render())
        assert "launchworry" not in themes and "secret" not in themes


@pytest.mark.parametrize("text", RICH_MARKUP)
async def test_notifications_show_user_text_as_typed(store: Store, text: str) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.screen.notify(f"Card “{text}” added", title=text)
        app.notify(text, severity="error")
        await pilot.pause(0.2)
        notes = list(app._notifications)
        assert notes and not any(n.markup for n in notes)
        # As a toast draws them: the text as typed, with no style taken from it.
        shown = [Toast(n).render() for n in notes[-2:] if not n.title] + [
            Content(notes[-2].message)
        ]
        assert all(not part.spans for part in shown)
        assert [n.message for n in notes[-2:]] == [f"Card “{text}” added", text]
        assert notes[-2].title == text
        assert app.is_running


@pytest.mark.parametrize("text", RICH_MARKUP[:6])
async def test_a_goal_title_on_the_chart_panel_is_text(store: Store, text: str) -> None:
    sprint = next(s for s in store.sprints() if s.status == "active")
    goal = Goal(text, sprint.id, baseline=1, target=2)
    store.update_sprint(sprint.id, lambda s: s.goals.insert(0, goal))
    app = make_app(store, start=sprint.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, SprintScreen)
        chart = app.screen.query_one("#chart-panel")
        goals = app.screen.query_one("#goals", DataTable)
        assert await until(pilot, lambda: goals.row_count == len(sprint.goals) + 1)
        goals.move_cursor(row=goals.get_row_index(goal.id))

        def drawn() -> str:
            # What the border shows: Textual keeps a border title as markup.
            return Content.from_markup(str(chart.border_title)).plain

        assert await until(pilot, lambda: clip(text, 40) in drawn()), drawn()
        assert app.is_running
