"""Pilot tests of the decision log: the dashboard panel, the screen, its forms, RACI."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Select, Static

from retro.model import Decision
from retro.screens.dashboard import DashboardScreen
from retro.screens.decisions import DecisionsScreen, RaciScreen
from retro.screens.forms import FormScreen, PickScreen
from retro.screens.review import ReviewScreen
from retro.store import Store
from tests.tui.conftest import SIZE, TODAY, loaded, make_app, type_text, until


async def test_dashboard_lists_the_decisions_due(store: Store) -> None:
    due = [d for d in store.decisions() if d.is_due(TODAY)]
    assert due, "the demo has a decision due"
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, DashboardScreen)
        text = str(app.screen.query_one("#decisions", Static).render())
        assert all(d.title[:20] in text for d in due)
        assert (
            app.screen.query_one("#decisions-panel").border_title == f"Decisions due ({len(due)})"
        )


async def test_log_then_review_a_decision(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        assert await until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        table = app.screen.query_one("#decision-table", DataTable)
        assert await until(pilot, lambda: table.row_count > 0)
        # Due ones first.
        first = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert store.decision(str(first)).is_due(TODAY)
        await pilot.press("D")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "Use [red]flags[/]")
        form = app.screen
        form.query_one("#f-expected", Input).value = "fewer rollbacks"
        form.query_one("#f-review_on", Input).value = "+2w"
        form.query_one("#f-confidence", Input).value = "11"
        await pilot.press("ctrl+s")
        assert "0 to 10" in str(form.query_one(".form-error", Static).render())
        form.query_one("#f-confidence", Input).value = "7"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        made = [d for d in store.decisions() if d.title == "Use [red]flags[/]"]
        assert len(made) == 1
        new = made[0]
        assert (new.confidence, new.decider, new.review_on) == (7, "ana", TODAY + timedelta(14))
        assert await until(pilot, lambda: new.id in app.screen._rows)
        # The title shows as typed, not as markup.
        assert await until(pilot, lambda: any("[red]flags[/]" in str(r[0]) for r in _rows(table)))
        table.move_cursor(row=list(app.screen._rows).index(new.id))
        await pilot.press("r")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#f-rating", Select).value = "missed"
        form.query_one("#f-actual", Input).value = "more rollbacks"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        reviewed = store.decision(new.id)
        assert (reviewed.status, reviewed.rating, reviewed.actual) == (
            "reviewed",
            "missed",
            "more rollbacks",
        )


def _rows(table: DataTable) -> list[list[object]]:  # type: ignore[type-arg]
    return [table.get_row_at(i) for i in range(table.row_count)]


async def test_supersede_from_the_screen(store: Store) -> None:
    waiting = next(d for d in store.decisions() if d.open and not d.is_due(TODAY))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        assert await until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        screen = app.screen
        table = screen.query_one("#decision-table", DataTable)
        assert await until(pilot, lambda: waiting.id in screen._rows)
        other = next(i for i in screen._rows if i != waiting.id)
        table.move_cursor(row=list(screen._rows).index(waiting.id))
        await pilot.press("s")
        assert await until(pilot, lambda: isinstance(app.screen, PickScreen))
        app.screen.dismiss(other)
        assert await until(pilot, lambda: store.decision(waiting.id).status == "superseded")
        assert store.decision(waiting.id).superseded_by == other


async def test_a_review_logs_a_decision_made_in_it_and_shows_those_due(store: Store) -> None:
    running = next(r for r in store.reviews() if r.phase != "closed")
    # Put the running review at its start, where due decisions are shown.
    store.update_review(running.id, lambda r: setattr(r, "phase", "reflect"))
    app = make_app(store, start=running.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen)
        carried = app.screen.query_one("#carried", Static)
        assert await until(pilot, lambda: "Decisions due for review" in str(carried.render()))
        await pilot.press("D")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#f-title", Input).value = "Timebox retros to 45 minutes"
        form.query_one("#f-expected", Input).value = "everyone stays to the end"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
    made = next(d for d in store.decisions() if d.title == "Timebox retros to 45 minutes")
    assert made.review_id == running.id and made.review_on == TODAY + timedelta(weeks=4)


async def test_raci_view_warns_about_goals_without_one_accountable(store: Store) -> None:
    sprint = next(s for s in store.sprints() if s.status == "active")
    store.add_decision(
        Decision(
            title="Rotate the pager weekly",
            expected="calmer nights",
            review_on=TODAY + timedelta(7),
            decided_on=TODAY,
            sprint_id=sprint.id,
            accountable=["ana", "bruno"],
        )
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        await until(pilot, lambda: app.screen.__class__.__name__ == "SprintScreen")
        await pilot.press("R")
        assert await until(pilot, lambda: isinstance(app.screen, RaciScreen))
        table = app.screen.query_one("#raci-table", DataTable)
        open_ = [d for d in store.decisions() if d.open and d.sprint_id in (None, sprint.id)]
        assert await until(pilot, lambda: table.row_count == len(sprint.goals) + len(open_))
        warnings = str(app.screen.query_one("#raci-warnings", Static).render())
        assert "'Rotate the pager weekly' has 2 accountable people (ana, bruno)" in warnings
