"""The review board, driven by real keys: a whole review from creation to closed."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from retro.screens.forms import FormScreen, PickScreen
from retro.screens.review import ReviewScreen
from retro.store import Store
from retro.widgets.board import Board
from tests.tui.conftest import SIZE, loaded, make_app, type_text, until


async def test_whole_review_with_two_participants(store: Store) -> None:
    before = set(store.review_ids())
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        # Create the review from the dashboard.
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Team retro")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        review_id = screen.review_id
        assert review_id not in before
        assert await until(pilot, lambda: screen.review is not None and bool(screen.query(Board)))
        # ana adds a card to the first column (Start).
        await pilot.press("n")
        await type_text(pilot, "Quarantine flaky tests")
        await pilot.press("ctrl+s")
        # bruno, on the same screen, adds two cards to Stop: w asks for his name.
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert app.screen.query_one("#f-person", Input).value == ""
        await type_text(pilot, "bruno")
        await pilot.press("enter")
        assert await until(pilot, lambda: screen.voter == "bruno")
        await pilot.press("right", "n")
        await type_text(pilot, "Wednesday meetings")
        await pilot.press("ctrl+s")
        await pilot.press("n")
        await type_text(pilot, "Too many meetings")
        await pilot.press("ctrl+s")
        review = store.review(review_id)
        assert [(c.column, c.author) for c in review.cards] == [
            ("start", "ana"),
            ("stop", "bruno"),
            ("stop", "bruno"),
        ]
        # Reveal, then group the two meeting cards.
        await pilot.press("r")
        assert await until(pilot, lambda: store.review(review_id).phase == "group")
        board = screen.query_one(Board)
        meetings = [c.id for c in store.review(review_id).cards if "meetings" in c.text.lower()]
        board.select_card(meetings[1])
        await pilot.press("g")
        assert isinstance(app.screen, PickScreen)
        await type_text(pilot, "wednesday")
        await pilot.press("enter")
        assert await until(pilot, lambda: store.review(review_id).cards[2].group is not None)
        grouped = store.review(review_id)
        assert grouped.cards[1].group == grouped.cards[2].group == meetings[0]
        assert grouped.groups[meetings[0]] == "Wednesday meetings"
        # Vote: bruno uses three dots and a fourth is refused; ana votes once.
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(review_id).phase == "vote")
        board.select_card(meetings[0])
        await pilot.press("v", "v", "v")
        await pilot.press("v")
        await pilot.pause(0.2)
        assert store.review(review_id).votes_used("bruno") == 3
        assert any("used all 3 votes" in n.message for n in app._notifications)
        # Votes are private while voting: ana, at the screen next, sees none of bruno's dots.
        assert "3" in str(board.query_one("#cards-stop", OptionList).get_option(meetings[0]).prompt)
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert app.screen.query_one("#f-person", Input).value == ""
        await type_text(pilot, "ana")
        await pilot.press("enter")
        assert await until(pilot, lambda: screen.voter == "ana")
        prompt = str(board.query_one("#cards-stop", OptionList).get_option(meetings[0]).prompt)
        assert "●" not in prompt and "3" not in prompt
        first = store.review(review_id).cards[0].id
        board.select_card(first)
        await pilot.press("v")
        await pilot.pause(0.2)
        voted = store.review(review_id)
        assert voted.card(first).votes == {"ana": 1}
        assert voted.card(meetings[0]).votes == {"bruno": 3}
        # Discuss sorts by votes: the meeting card leads the Stop column.
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(review_id).phase == "discuss")
        stop = screen.query_one("#cards-stop", OptionList)
        ids = [stop.get_option_at_index(i).id for i in range(stop.option_count)]
        assert ids.index(meetings[0]) < ids.index(meetings[1])
        # Act: agree an action with an owner and due date.
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(review_id).phase == "act")
        await pilot.press("a")
        await type_text(pilot, "Make Wednesday afternoons meeting-free")
        await pilot.press("ctrl+s")
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(review_id).phase == "closed")
        done = store.review(review_id)
        assert [a.text for a in done.actions] == ["Make Wednesday afternoons meeting-free"]
        assert done.actions[0].owner == "ana"
        assert done.actions[0].due is not None
        assert {"ana", "bruno"} <= set(done.participants)


async def test_card_text_is_shown_exactly_as_typed(store: Store) -> None:
    review_id = next(r.id for r in store.reviews() if r.phase == "vote")
    nasty = "[bold]x[/] [link=https://e.x]y[/link] 日本語 🎉 \x1b[31mred"

    def back_to_group(review):  # type: ignore[no-untyped-def]
        review.phase = "group"
        return review

    store.update_review(review_id, back_to_group)
    app = make_app(store, start=review_id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("n")
        app.screen.query_one("#f-text", Input).value = nasty
        await pilot.press("ctrl+s")
        assert await until(
            pilot, lambda: any(c.text == nasty for c in store.review(review_id).cards)
        )
        await pilot.pause(0.3)
        cards = screen.query_one("#cards-start", OptionList)
        prompts = [str(cards.get_option_at_index(i).prompt) for i in range(cards.option_count)]
        shown = [p for p in prompts if "[bold]x[/]" in p]
        assert shown, prompts
        assert "[link=https://e.x]y[/link] 日本語 🎉 \\x1b[31mred" in shown[0]


async def test_start_lands_on_review_and_sprint(store: Store) -> None:
    review = store.reviews()[0]
    app = make_app(store, start=review.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.review_id == review.id
    from retro.screens.sprint import SprintScreen

    sprint = store.sprints()[-1]
    app = make_app(store, start=sprint.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, SprintScreen)
        assert app.screen.sprint_id == sprint.id


async def test_last_reviews_open_actions_are_shown_at_the_start(store: Store) -> None:
    reviews = store.reviews()
    weekly = reviews[-1]
    open_before = [a.text for a in reviews[-2].actions if a.status == "open"]
    assert open_before, "the demo's previous review has open actions"

    def to_reflect(review):  # type: ignore[no-untyped-def]
        review.phase = "reflect"
        return review

    store.update_review(weekly.id, to_reflect)
    app = make_app(store, start=weekly.id)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        carried = app.screen.query_one("#carried")
        assert carried.display
        assert open_before[0][:30] in str(carried.render())
