"""What a newcomer trips over in the TUI: the pulse form, keys without words, 80×24."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from retro.screens.dashboard import DashboardScreen
from retro.screens.decisions import DecisionsScreen, RaciScreen
from retro.screens.forms import FormScreen
from retro.screens.lessons import LessonsScreen
from retro.screens.review import ReviewScreen
from retro.store import Store
from retro.widgets.board import Board, CardColumn
from retro.widgets.keys import KeysFooter, product_first
from retro.widgets.keys_panel import ProductKeysTable
from tests.tui.conftest import SIZE, loaded, make_app, put_in_phase, type_text, until

SMALL = (80, 24)


async def test_the_pulse_form_opens_on_the_rating_with_nothing_that_looks_like_data(
    store: Store,
) -> None:
    review = next(r for r in store.reviews() if r.phase != "closed")
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("p")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        score = app.screen.query_one("#f-score", Input)
        assert app.focused is score and score.placeholder == ""
        assert app.screen.query_one("#f-person", Input).value == "ana"
        await pilot.press("2", "ctrl+s")
        assert await until(pilot, lambda: store.review(review.id).pulse.get("ana") == 2)


async def test_the_keys_panel_has_words_on_every_row_and_the_product_first(store: Store) -> None:
    review = next(r for r in store.reviews() if r.phase != "closed")

    put_in_phase(store, review.id, "group")
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert await until(pilot, lambda: bool(app.screen.query(ProductKeysTable)))
        table = app.screen.query_one(ProductKeysTable).render_bindings_table()
        keys = [str(cell) for cell in table.columns[0].cells]
        words = [str(cell) for cell in table.columns[1].cells]
        assert all(w.strip() for k, w in zip(keys, words, strict=True) if k.strip())
        assert "r" in keys and "Only in reflect" in words[keys.index("r")]
        actions = [active.binding.action for _, active in product_first(app.screen)]
        scrolls = [i for i, a in enumerate(actions) if a.startswith("scroll_") or a == "cursor_up"]
        assert scrolls and actions.index("add_action") < min(scrolls)


async def test_one_key_logs_a_lesson_everywhere(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("4")
        assert await until(pilot, lambda: isinstance(app.screen, LessonsScreen))
        # The search box takes every letter: the footer shows the way to the results.
        assert isinstance(app.focused, Input)
        shown = {a.binding.description for a in app.screen.active_bindings.values()}
        assert "Results" in shown
        await pilot.press("down")
        assert app.focused is app.screen.query_one("#lesson-list")
        await pilot.press("l")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "Same key everywhere")
        await pilot.press("ctrl+s")
        assert await until(
            pilot, lambda: any(x.text == "Same key everywhere" for x in store.lessons())
        )


async def test_80x24_keeps_the_keys_drift_and_every_column(store: Store) -> None:
    aar = next(r for r in store.reviews() if r.format == "aar")
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, DashboardScreen)
        footer = app.screen.query_one(KeysFooter)
        assert footer.compact and footer.children[0].key == "question_mark"  # type: ignore[attr-defined]
        table = app.screen.query_one("#reviews", DataTable)
        assert await until(
            pilot,
            lambda: (
                sum(c.get_render_width(table) for c in table.columns.values())
                <= table.scrollable_content_region.width
            ),
        )
        # Titles that do not fit say so with an ellipsis.
        assert await until(
            pilot,
            lambda: any(str(table.get_row_at(r)[1]).endswith("…") for r in range(table.row_count)),
        )
        app.open_review(aar.id)
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await loaded(pilot)
        board = app.screen.query_one(Board)
        columns = list(board.query(CardColumn))
        assert len(columns) == 5
        assert await until(
            pilot, lambda: all(c.region.right <= board.region.right for c in columns)
        )


async def test_actions_without_an_owner_are_named_and_counted(store: Store) -> None:
    from retro.model import Action, Review
    from retro.screens.actions import ActionsScreen

    review = store.reviews()[-1]

    def add(r: Review) -> None:
        r.actions.append(Action(text="Somebody should fix the pager", review_id=r.id))

    store.update_review(review.id, add)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, ActionsScreen))
        count = app.screen.query_one("#action-count")
        assert await until(pilot, lambda: "1 with no owner" in str(count.render()))
        table = app.screen.query_one(DataTable)
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        assert "no owner" in cells


async def test_the_decision_log_and_raci_at_80x24_show_every_footer_key(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        assert await until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        screen = app.screen
        table = screen.query_one("#decision-table", DataTable)
        assert await until(pilot, lambda: table.row_count > 0)
        # The decision is the first column: what a person came to read is on screen.
        first = next(iter(table.columns.values()))
        assert str(first.label) == "Decision"
        for shown in (screen, None):
            if shown is None:
                await pilot.press("R")
                assert await until(pilot, lambda: isinstance(app.screen, RaciScreen))
            footer = app.screen.query_one(KeysFooter)
            assert await until(pilot, lambda f=footer: f.size.width > 0)  # type: ignore[misc]
            assert footer.compact and footer.children[0].key == "question_mark"  # type: ignore[attr-defined]
            # Every key of the footer fits: none runs off its right edge.
            assert await until(
                pilot,
                lambda f=footer: all(k.region.right <= f.region.right for k in f.children),  # type: ignore[misc]
            )
        # `D` logs a decision on the log as on a review board or a sprint screen.
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        await pilot.press("D")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))


async def test_in_discuss_the_footer_gives_w_s_room_to_the_discussion_keys(store: Store) -> None:
    review = next(r for r in store.reviews() if r.phase != "closed")

    put_in_phase(store, review.id, "discuss")
    app = make_app(store, start=review.id)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen)

        def footer() -> list[str]:
            return [str(k.render()) for k in app.screen.query("FooterKey")]

        # `w` (the next person at a shared screen) has nothing to do in discuss: at 80 columns
        # its room goes to the keys that do (`a Action` was cut off).
        assert await until(pilot, lambda: ". Next topic" in footer())
        assert "w Next person" not in footer() and "+ More time" in footer()
        await pilot.press("w")
        assert await until(
            pilot, lambda: any("you act as yourself" in str(n.message) for n in app._notifications)
        )
