"""Pilot tests of the team's own formats, renaming, the purpose's history and the check-in
round: keys pressed, forms filled, then the widgets and the store checked."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from retro.formats import own_format
from retro.model import Review
from retro.screens.dashboard import DashboardScreen
from retro.screens.forms import FormScreen
from retro.screens.icebreaker import IcebreakerPanel
from retro.screens.purpose import PurposeHistoryScreen
from retro.screens.review import ReviewScreen
from retro.screens.sprint import SprintScreen
from retro.store import Store
from tests.tui.conftest import SIZE, TODAY, loaded, make_app, type_text, until


async def _fill(pilot, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a form's field, empty it and type `text` key by key."""
    widget = pilot.app.screen.query_one(f"#f-{field}", Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await type_text(pilot, text)


def _text(pilot, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_a_format_made_in_the_form_is_offered_for_a_new_review(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("F")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "key", "kss")
        await _fill(pilot, "name", "Keep stop start")
        await _fill(pilot, "col1", "keep:Keep:What works?")
        await _fill(pilot, "col2", "stop:Stop:What hurts?")
        await _fill(pilot, "improve", "stop")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        fmt = store.team().own_format("kss")
        assert [(c.key, c.title, c.improve) for c in fmt.columns] == [
            ("keep", "Keep", False),
            ("stop", "Stop", True),
        ]
        assert await until(pilot, lambda: "kss" in [f.key for f in app.snapshot.formats])

        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        choice = app.screen.query_one("#f-format", Select)
        assert "kss" in [value for _, value in choice._options]
        choice.value = "kss"
        await _fill(pilot, "title", "Our own retro")
        await _fill(pilot, "icebreaker", "One word?")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        made = next(r for r in store.reviews() if r.title == "Our own retro")
        assert made.format == "kss" and made.format_def == fmt
        assert made.icebreaker is not None and made.icebreaker.question == "One word?"
        await loaded(pilot)
        assert "Keep stop start" in _text(pilot, "#review-title")


async def test_the_format_form_refuses_a_built_in_key_and_keeps_what_was_typed(
    store: Store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("F")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "key", "ssc")
        await _fill(pilot, "col1", "a")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, FormScreen)
        error = _text(pilot, ".form-error")
        assert "'ssc' is a built-in format" in error
        assert app.screen.query_one("#f-col1", Input).value == "a"
        assert store.team().formats == []


async def test_rename_a_review_from_its_board(store: Store) -> None:
    review = store.add_review(Review("Sprnt 9 retro", on=TODAY, facilitator="ana"))
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f2")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert app.screen.query_one("#f-name", Input).value == "Sprnt 9 retro"
        await _fill(pilot, "name", "Sprint 9 retro")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert store.review(review.id).title == "Sprint 9 retro"
        assert await until(pilot, lambda: "Sprint 9 retro" in _text(pilot, "#review-title"))


async def test_rename_a_sprint_from_the_palette(store: Store) -> None:
    sprint = store.sprints()[-1]
    app = make_app(store, start=sprint.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, SprintScreen)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await type_text(pilot, "rename sprint")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "name", "Renamed sprint")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, SprintScreen))
        assert store.sprint(sprint.id).title == "Renamed sprint"


async def test_rename_the_team_moves_its_folder_and_the_app_follows(tmp_path: Path) -> None:
    from retro.store import default_store_path, set_current_team

    old = Store(default_store_path("Platfrom"))
    old.init("Platfrom", purpose="Ship boring", by="ana")
    old.add_review(Review("Kept", on=TODAY))
    set_current_team("Platfrom")
    app = make_app(old)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f2")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "name", "Platform")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.store.path == default_store_path("Platform"))
        assert not old.path.exists()
        assert await until(pilot, lambda: app.snapshot is not None)
        await loaded(pilot)
        assert "Platform" in _text(pilot, "#topbar")
        assert [r.title for r in app.store.reviews()] == ["Kept"]


async def test_the_dashboard_shows_the_current_purpose_and_h_the_history(store: Store) -> None:
    first = store.team().purposes[0].text
    store.update_team(lambda t: t.set_purpose("Calm, boring releases", by="bo"))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = _text(pilot, "#purpose")
        assert shown.startswith("Calm, boring releases")
        assert first not in shown and "h shows its history" in shown
        await pilot.press("h")
        assert await until(pilot, lambda: isinstance(app.screen, PurposeHistoryScreen))
        history = _text(pilot, "#purpose-history")
        assert history.index(first) < history.index("Calm, boring releases")
        assert "first" in history and "current" in history
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_the_check_in_round_on_a_shared_screen(store: Store) -> None:
    review = Review("Check-in retro", on=TODAY, facilitator="ana", participants=["ana", "bo"])
    review.start_icebreaker("One word for the sprint?")
    store.add_review(review)
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert await until(pilot, lambda: bool(app.screen.query(IcebreakerPanel)))
        panel = app.screen.query_one(IcebreakerPanel)
        assert "One word for the sprint?" in str(panel.render())
        assert "waiting for: ana, bo" in str(panel.render())

        await pilot.press("c")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "answer", "Relieved")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        ice = store.review(review.id).icebreaker
        assert ice is not None and ice.answers == {"ana": "Relieved"}
        assert await until(pilot, lambda: "ana: Relieved" in str(panel.render()))

        await pilot.press("w")  # bo takes the screen: ana's answer is hidden from him
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "person", "bo")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert await until(pilot, lambda: "Relieved" not in str(panel.render()))
        assert "hidden until all have answered: ana" in str(panel.render())

        await pilot.press("c")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "answer", "Curious")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert await until(pilot, lambda: "ana: Relieved" in str(panel.render()))
        assert "bo: Curious" in str(panel.render())
        ice = store.review(review.id).icebreaker
        assert ice is not None and ice.ended


async def test_the_facilitator_moves_on_with_C(store: Store) -> None:
    review = Review("Moving on", on=TODAY, facilitator="ana", participants=["ana", "bo"])
    review.start_icebreaker("How are you?")
    review.answer_icebreaker("bo", "Fine")
    store.add_review(review)
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert await until(pilot, lambda: bool(app.screen.query(IcebreakerPanel)))
        panel = app.screen.query_one(IcebreakerPanel)
        assert "Fine" not in str(panel.render())
        await pilot.press("C")
        assert await until(pilot, lambda: "bo: Fine" in str(panel.render()))
        ice = store.review(review.id).icebreaker
        assert ice is not None and ice.ended


async def test_a_review_of_a_changed_format_keeps_its_board_columns(store: Store) -> None:
    fmt = own_format("kss", name="KSS", columns=["keep:Keep", "stop:Stop"])
    store.update_team(lambda t: t.add_format(fmt))
    review = store.add_review(Review("Kept columns", on=TODAY, format="kss", format_def=fmt))
    changed = own_format("kss", base=fmt, columns=["other:Other"])
    store.update_team(lambda t: t.replace_format(changed))
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.fmt is not None
        assert screen.fmt.column_keys == ("keep", "stop")


async def test_Q_asks_the_check_in_question_on_a_review_without_one(store: Store) -> None:
    review = store.add_review(Review("No round yet", on=TODAY, facilitator="ana"))
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert not app.screen.query(IcebreakerPanel)
        await pilot.press("c")  # nothing to answer yet: it says how to ask one
        await pilot.pause(0.1)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("Q")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await _fill(pilot, "question", "What are you bringing in today?")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        ice = store.review(review.id).icebreaker
        assert ice is not None and ice.question == "What are you bringing in today?"
        assert ice.people == [m.name for m in store.team().members]
        assert await until(pilot, lambda: bool(app.screen.query(IcebreakerPanel)))
        panel = app.screen.query_one(IcebreakerPanel)
        assert "What are you bringing in today?" in str(panel.render())
        await pilot.press("greater_than_sign", "greater_than_sign", "greater_than_sign")
        assert await until(pilot, lambda: store.review(review.id).phase == "discuss")
        assert await until(pilot, lambda: not panel.display)  # the board gets the room back
