"""Pilot tests of the dashboard, sprint, lessons, actions, export, welcome and live updates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Markdown, OptionList, Static

from retro.screens.actions import ActionsScreen
from retro.screens.dashboard import DashboardScreen
from retro.screens.export import PREVIEW_LINES, ExportScreen, preview_of
from retro.screens.lessons import LessonsScreen, count_line
from retro.screens.review import ReviewScreen
from retro.screens.sprint import SprintScreen
from retro.screens.welcome import WelcomeScreen
from retro.store import Store
from tests.tui.conftest import SIZE, TODAY, loaded, make_app, put_in_phase, type_text, until


async def test_dashboard_shows_the_team_and_opens_a_review(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert "Platform" in str(screen.query_one("#topbar").render())
        sprint = str(screen.query_one("#sprint").render())
        assert "Sprint 16" in sprint and "Cut p95 checkout latency" in sprint
        overdue = [a for a in app.snapshot.actions() if a.is_overdue(TODAY)]
        assert f"{len(overdue)} overdue" in str(screen.query_one("#actions").render())
        table = screen.query_one("#reviews", DataTable)
        assert table.row_count == len(store.reviews())
        table.focus()
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert app.screen.review_id == store.reviews()[-1].id
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_checkin_changes_the_drift_bar(store: Store) -> None:
    sprint = next(s for s in store.sprints() if s.status == "active")
    goal = sprint.goals[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        assert await until(pilot, lambda: isinstance(app.screen, SprintScreen))
        screen = app.screen
        table = screen.query_one("#goals", DataTable)
        assert await until(pilot, lambda: table.row_count == len(sprint.goals))
        before = str(table.get_cell(goal.id, "drift bar"))
        table.focus()
        await pilot.press("c")
        value = app.screen.query_one("#f-value", Input)
        value.value = ""
        value.focus()
        await type_text(pilot, str(goal.target))
        await pilot.press("ctrl+s")
        assert await until(
            pilot, lambda: len(store.sprint(sprint.id).goals[0].checkins) == len(goal.checkins) + 1
        )
        assert store.sprint(sprint.id).goals[0].latest.value == goal.target
        assert await until(pilot, lambda: str(table.get_cell(goal.id, "drift bar")) != before)
        assert "100%" in str(table.get_cell(goal.id, "att."))
        assert "on track" in str(table.get_cell(goal.id, "band"))


async def test_close_sprint_opens_its_review_with_intents(store: Store) -> None:
    sprint = next(s for s in store.sprints() if s.status == "active")
    app = make_app(store, start=sprint.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("C")
        await pilot.press("y")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = store.review(app.screen.review_id)
        assert review.sprint_id == sprint.id and review.format == "aar"
        assert [i.goal_id for i in review.intents] == [g.id for g in sprint.goals]
        assert store.sprint(sprint.id).status == "closed"


async def test_lessons_search_as_you_type_and_tag_filter(store: Store) -> None:
    lessons = store.lessons()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("4")
        assert await until(pilot, lambda: isinstance(app.screen, LessonsScreen))
        listing = app.screen.query_one("#lesson-list", OptionList)
        assert await until(pilot, lambda: listing.option_count == len(lessons))
        await type_text(pilot, "canary")
        wanted = [lesson.id for lesson in lessons if lesson.matches("canary")]
        assert await until(pilot, lambda: listing.option_count == len(wanted))
        assert [listing.get_option_at_index(i).id for i in range(listing.option_count)] == wanted
        # markup in a lesson is shown as typed
        search = app.screen.query_one("#lesson-search", Input)
        search.value = "brackets"
        await pilot.pause(0.1)
        assert "[P1]" in str(listing.get_option_at_index(0).prompt)
        search.value = ""
        from textual.widgets import Select

        app.screen.query_one("#lesson-tag", Select).value = "alerting"
        tagged = [lesson.id for lesson in lessons if "alerting" in lesson.tags]
        assert await until(pilot, lambda: listing.option_count == len(tagged))
        count = app.screen.query_one("#lesson-count", Static)
        assert str(count.render()).startswith(f"{len(tagged)} of {len(lessons)} lessons")


def test_the_lesson_count_says_what_the_list_holds() -> None:
    assert count_line(42, 42, filtered=False, shown=300) == "42 lessons · newest first"
    assert count_line(25_000, 25_000, filtered=False, shown=300) == (
        "the newest 300 of 25,000 lessons · newest first"
    )
    assert count_line(7, 42, filtered=True, shown=300) == "7 of 42 lessons · newest first"
    assert count_line(0, 42, filtered=True, shown=300) == "0 of 42 lessons · newest first"
    assert count_line(3_131, 25_000, filtered=True, shown=300) == (
        "the newest 300 of 3,131 matching, of 25,000 lessons · newest first"
    )


async def test_actions_filter_and_mark_done(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, ActionsScreen))
        table = app.screen.query_one("#action-table", DataTable)
        open_actions = [a for r in store.reviews() for a in r.actions if a.status == "open"]
        assert await until(pilot, lambda: table.row_count == len(open_actions))
        first = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.focus()
        await pilot.press("space")
        done = {a.id: a for r in store.reviews() for a in r.actions}[first]
        assert done.status == "done" and done.done_on == TODAY
        assert await until(pilot, lambda: table.row_count == len(open_actions) - 1)


def test_a_long_export_is_previewed_in_part_and_saved_whole() -> None:
    """A team report of a large store runs to thousands of lines; the preview renders the first
    screens of it, ending between blocks, and says so (saving writes all of it)."""
    short = "# Title\n\n" + "\n".join(f"- item {n}" for n in range(20)) + "\n"
    assert preview_of(short) == (short, False)
    blocks = [f"## Part {n}\n\n" + "\n".join(f"| {n} | {k} |" for k in range(9)) for n in range(80)]
    long = "\n\n".join(blocks) + "\n"
    shown, cut = preview_of(long)
    assert cut and long.startswith(shown)
    lines = shown.splitlines()
    assert PREVIEW_LINES // 2 < len(lines) <= PREVIEW_LINES
    # it ends where a block ends: the next line of the whole is blank or a heading
    after = long.splitlines()[len(lines)]
    assert after.strip() == "" or after.startswith("## ")
    endless = "\n".join(f"line {n}" for n in range(1000))  # no blank line: cut at the limit
    assert len(preview_of(endless)[0].splitlines()) == PREVIEW_LINES


async def test_export_preview_and_save(store: Store, tmp_path: Path) -> None:
    review = store.reviews()[0]
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        screen = app.screen
        assert await until(pilot, lambda: review.title in screen.markdown)
        assert screen.query_one(Markdown).source == screen.markdown
        await pilot.press("s")
        target = tmp_path / "out.md"
        app.screen.query_one("#f-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        assert await until(pilot, target.exists)
        assert target.read_text(encoding="utf-8") == screen.markdown


async def test_welcome_creates_the_team(empty_store: Store) -> None:
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, WelcomeScreen)
        await type_text(pilot, "Mobile")
        await pilot.press("enter")
        await type_text(pilot, "Ship the app weekly")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        team = empty_store.team()
        assert team.name == "Mobile" and team.purpose == "Ship the app weekly"
        assert [m.name for m in team.members] == ["ana"]
        await loaded(pilot)
        top = str(app.screen.query_one("#topbar").render())
        assert "1 person · 0 reviews · 0 sprints · 0 lessons" in top


async def test_welcome_loads_the_demo(empty_store: Store) -> None:
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("ctrl+d")
        assert await until(pilot, lambda: isinstance(app.screen, DashboardScreen), 15)
        await loaded(pilot)
        assert len(empty_store.reviews()) >= 5
        assert app.snapshot is not None and app.snapshot.team.name == "Platform"


async def test_welcome_puts_the_demo_in_a_team_of_its_own() -> None:
    from retro.store import current_team_name, default_store_path

    mine = Store(default_store_path())  # the current team's store, not there yet
    app = make_app(mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("ctrl+d")
        assert await until(pilot, lambda: isinstance(app.screen, DashboardScreen), 15)
        await loaded(pilot)
        assert app.store.path == default_store_path("Demo") != mine.path
        assert app.snapshot is not None and app.snapshot.team.name == "Demo"
        assert current_team_name() == "demo"
        assert not mine.exists()


ADD_CARD = """
import sys
from retro.model import Card
from retro.store import Store
Store(sys.argv[1]).add_card(sys.argv[2], Card("stop", "Added from another terminal", "chen"))
"""


async def test_another_process_adding_a_card_shows_on_the_board(store: Store) -> None:
    review = next(r for r in store.reviews() if r.phase != "closed")

    put_in_phase(store, review.id, "group")
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        start = screen.query_one("#cards-start", OptionList)
        start.focus()
        start.highlighted = 1
        kept = start.get_option_at_index(1).id
        root = Path(__file__).resolve().parents[2]
        subprocess.run(
            [sys.executable, "-c", ADD_CARD, str(store.path), review.id],
            check=True,
            cwd=root,
        )
        stop = screen.query_one("#cards-stop", OptionList)

        def shown() -> bool:
            texts = [str(stop.get_option_at_index(i).prompt) for i in range(stop.option_count)]
            return any("Added from another terminal" in t for t in texts)

        assert await until(pilot, shown)
        assert start.get_option_at_index(start.highlighted).id == kept
        assert app.screen.focused is start


async def test_actions_and_palette_show_before_every_card_is_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large store loads its cards long after the dashboard; these need none of them (the
    # headers they show are built on first use).
    monkeypatch.setattr("retro.app.COMPLETE_AFTER", 60.0)
    monkeypatch.setattr("retro.app.RetroApp.snapshot_drawn", lambda self, snapshot: None)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, ActionsScreen))
        table = app.screen.query_one("#action-table", DataTable)
        open_actions = [a for r in store.reviews() for a in r.actions if a.status == "open"]
        assert await until(pilot, lambda: table.row_count == len(open_actions))
        from retro.commands import RetroCommands

        names = [name for name, _, _ in RetroCommands(app.screen)._commands()]
        assert any(name.startswith("Open review: Weekly retro") for name in names)
        assert app.snapshot is not None and app.snapshot.full._reviews is None


async def test_dashboard_trends_draw_one_column_per_point(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        insights = app.snapshot.insights  # type: ignore[union-attr]
        trend = app.screen.query_one("#trend-sprint")
        text = str(trend.render())
        bars = [c for c in text.splitlines()[-1] if c in "▁▂▃▄▅▆▇█"]
        assert 0 < len(insights.sprint_trend) == len(bars)


async def test_sprint_screen_refuses_a_date_outside_the_sprint_then_edits_and_deletes(
    store: Store,
) -> None:
    from retro.screens.forms import ConfirmScreen, FormScreen

    sprint = next(s for s in store.sprints() if s.status == "active")
    goal = sprint.goals[0]
    app = make_app(store, start=sprint.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, SprintScreen)
        # a check-in dated before the sprint is refused in the form, naming the sprint's dates
        await pilot.press("c")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one("#f-on", Input).value = str(sprint.start.replace(year=2020))
        app.screen.query_one("#f-value", Input).value = "7"
        await pilot.press("ctrl+s")
        error = app.screen.query_one(".form-error", Static)
        assert await until(pilot, lambda: "before sprint" in str(error.render()))
        assert f"({sprint.start} → {sprint.end})" in str(error.render())
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, SprintScreen))
        assert len(store.sprint(sprint.id).goals[0].checkins) == len(goal.checkins)
        # e corrects the latest check-in (the first row of the check-ins table)
        latest = max(goal.checkins, key=lambda c: (c.on, c.at))
        await pilot.press("e")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one("#f-value", Input).value = "6.5"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, SprintScreen))

        def held() -> list[float | None]:
            return [c.value for c in store.sprint(sprint.id).goals[0].checkins if c.id == latest.id]

        assert await until(pilot, lambda: held() == [6.5])
        # d deletes it, after asking
        await pilot.press("d")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        assert await until(pilot, lambda: held() == [])
        assert len(store.sprint(sprint.id).goals[0].checkins) == len(goal.checkins) - 1


async def test_a_goal_ahead_of_its_plan_on_day_0_is_on_track_in_the_tui(
    empty_store: Store,
) -> None:
    from datetime import timedelta

    from retro.model import CheckIn, Goal, Sprint
    from retro.widgets.chart import PlanChart

    store = empty_store
    store.init("Team")
    sprint = Sprint("Two weeks", TODAY, TODAY + timedelta(days=14), status="active")
    goal = Goal("p95", sprint.id, unit="ms", baseline=800, target=300)
    goal.checkins.append(CheckIn(TODAY, value=700))
    sprint.goals.append(goal)
    store.add_sprint(sprint)
    app = make_app(store, start=sprint.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, SprintScreen)
        head = screen.query_one("#sprint-head", Static)
        assert await until(pilot, lambda: "on track" in str(head.render()))
        assert "off track" not in str(head.render()).replace("0 off track", "")
        table = screen.query_one("#goals", DataTable)
        assert await until(pilot, lambda: table.row_count == 1)
        assert "on track" in str(table.get_cell(goal.id, "band"))
        assert str(table.get_cell(goal.id, "drift")) == "+20%"
        chart = str(screen.query_one(PlanChart).render())
        assert "100 ms ahead of plan (plan for today: 800 ms)" in chart


async def test_a_form_saves_without_freezing_the_screen_while_another_process_writes(
    store: Store,
) -> None:
    """A form's save waits for the store's lock in a thread: the form says it is saving, the
    screen keeps answering, and the goal lands once the other writer lets go."""
    from textual.widgets import Button

    from retro.screens.forms import FormScreen

    sprint = next(s for s in store.sprints() if s.status == "active")
    other = Store(store.path)  # another retro process, in the middle of a write
    app = make_app(store, start=sprint.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("g")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        with other.locked():
            form.query_one("#f-statement", Input).value = "Ship the search page"
            await pilot.press("ctrl+s")
            ok = form.query_one("#ok", Button)
            assert await until(pilot, lambda: str(ok.label) == "Saving…")
            assert ok.disabled
            await pilot.press("ctrl+s")  # a second press while saving does not save twice
            await pilot.pause()
            assert app.screen is form
            assert len(store.sprint(sprint.id).goals) == len(sprint.goals)
        assert await until(pilot, lambda: isinstance(app.screen, SprintScreen))
        statements = [g.statement for g in store.sprint(sprint.id).goals]
        assert statements.count("Ship the search page") == 1


async def test_a_long_form_keeps_its_buttons_in_sight_on_a_small_terminal(store: Store) -> None:
    """At 80×24 the new-review form's fields scroll; its buttons stay on the screen."""
    from textual.widgets import Button

    from retro.screens.forms import FormScreen

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.pause()
        for button in app.screen.query(Button):
            assert await until(pilot, lambda b=button: 0 < b.region.bottom <= 24), button.id
