"""Discuss in the TUI: one agenda of topics across the board, one topic at a time with its
timer, actions tied to the topic they were agreed on; driven by real keys."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent

from retro.drift import summarize_review
from retro.export.markdown import render_review
from retro.formats import get_format
from retro.screens.forms import FormScreen, PickScreen
from retro.screens.review import ReviewScreen
from retro.store import Store
from retro.widgets.agenda import AgendaPanel
from retro.widgets.board import Board
from tests.tui.conftest import (
    SIZE,
    TODAY,
    discussing,
    frozen_now,
    loaded,
    make_app,
    type_text,
    until,
)


def _text(widget: Static) -> str:
    return str(widget.render())


def _options(screen: ReviewScreen, selector: str) -> list[str]:
    listing = screen.query_one(selector, OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_a_facilitator_runs_a_whole_retro_one_topic_at_a_time(store: Store) -> None:
    """Cards in two columns grouped into one topic, votes hidden until the vote ends, the
    agenda walked one topic at a time with its timer, actions tied to their topic, and an
    export that reads as the meeting went."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Topic retro")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        rid = screen.review_id
        assert await until(pilot, lambda: screen.review is not None and bool(screen.query(Board)))
        tabs = screen.query_one(TabbedContent)
        # Reflect: ana writes in Start, bruno (at the same screen) in Stop.
        await pilot.press("n")
        await type_text(pilot, "Staging calendar")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(store.review(rid).cards) == 1)
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "bruno")
        await pilot.press("enter")
        assert await until(pilot, lambda: screen.voter == "bruno")
        await pilot.press("right", "n")
        await type_text(pilot, "Staging keeps breaking")
        await pilot.press("ctrl+s")
        await pilot.press("n")
        await type_text(pilot, "Long standups")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(store.review(rid).cards) == 3)
        calendar, breaking, standups = (c.id for c in store.review(rid).cards)
        assert not tabs.get_tab("agenda").display  # no agenda before discuss
        # Group across columns: the Stop card joins the Start card's group.
        await pilot.press("r")
        assert await until(pilot, lambda: store.review(rid).phase == "group")
        board = screen.query_one(Board)
        board.select_card(breaking)
        await pilot.press("g")
        assert isinstance(app.screen, PickScreen)
        await type_text(pilot, "calendar")
        await pilot.press("enter")
        assert await until(pilot, lambda: store.review(rid).card(breaking).group == calendar)
        await pilot.pause(0.2)
        start, stop = _options(screen, "#cards-start"), _options(screen, "#cards-stop")
        assert sum("Staging calendar  2 cards" in p for p in start + stop) == 1  # heading once
        assert any("heading in Start" in p for p in stop)
        # Vote: bruno's dots are his alone until the vote ends.
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(rid).phase == "vote")
        board.select_card(breaking)
        await pilot.press("v", "v")
        board.select_card(standups)
        await pilot.press("v")
        assert await until(pilot, lambda: store.review(rid).votes_used("bruno") == 3)
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "ana")
        await pilot.press("enter")
        assert await until(pilot, lambda: screen.voter == "ana")
        assert not any("●" in p for p in _options(screen, "#cards-stop"))
        board.select_card(standups)
        await pilot.press("v")
        assert await until(pilot, lambda: store.review(rid).votes_used("ana") == 1)
        # Discuss: the agenda opens on the top topic (the group: 2 votes, before the tie at 2
        # of the standups card, raised later), its five minutes counting down.
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(rid).phase == "discuss")
        assert await until(pilot, lambda: tabs.active == "agenda")
        assert store.review(rid).discussion.current == calendar
        agenda = _options(screen, "#agenda-list")
        assert agenda[0].startswith("▶  1. Staging calendar") and "05:00 left" in agenda[0]
        assert "Start · Stop" in agenda[0] and "2 votes" in agenda[0]
        assert agenda[1].startswith("   2. Long standups")
        assert "05:00 left" in _text(screen.query_one("#topic-timer", Static))
        # More time: two minutes on this topic.
        await pilot.press("plus")
        assert await until(pilot, lambda: store.review(rid).discussion.timebox == 7)
        assert await until(
            pilot, lambda: "07:00 left" in _text(screen.query_one("#topic-timer", Static))
        )
        # An action agreed now belongs to this topic and shows under it.
        await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        help_text = _text(app.screen.query_one(".form-help", Static))
        assert "Agreed on the current topic, “Staging calendar”" in help_text
        await type_text(pilot, "Book staging in a shared calendar")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(store.review(rid).actions) == 1)
        assert store.review(rid).actions[0].topic == calendar
        assert tabs.active == "agenda"
        assert await until(
            pilot,
            lambda: "→ Book staging" in _text(screen.query_one("#topic-body", Static)),
        )
        # Next topic: the standups, a fresh five minutes; its action is its own.
        await pilot.press("full_stop")
        assert await until(pilot, lambda: store.review(rid).discussion.current == standups)
        assert store.review(rid).discussion.timebox == 5
        assert await until(
            pilot, lambda: _options(screen, "#agenda-list")[1].startswith("▶  2. Long standups")
        )
        await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "Standups stand")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(store.review(rid).actions) == 2)
        assert store.review(rid).actions[1].topic == standups
        await pilot.press("A")  # the Actions tab: each action beside its topic
        table = screen.query_one("#actions-table", DataTable)
        assert await until(pilot, lambda: table.row_count == 2)
        cells = [str(table.get_row_at(i)[0]) for i in range(2)]
        assert cells == [
            "Book staging in a shared calendar  ◆ Staging calendar",
            "Standups stand  ◆ Long standups",
        ]
        await pilot.press("full_stop")  # back to the agenda, where the key says it is the last
        # Past the last topic: the key says why nothing moved.
        assert await until(
            pilot, lambda: any("is the last" in n.message for n in app._notifications)
        )
        # Back a topic, then act and close.
        await pilot.press("comma")
        assert await until(pilot, lambda: store.review(rid).discussion.current == calendar)
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(rid).phase == "act")
        await pilot.press("greater_than_sign")
        assert await until(pilot, lambda: store.review(rid).phase == "closed")
    done = store.review(rid)
    text = render_review(
        done,
        summarize_review(done, today=TODAY),
        get_format(done.format, store.team().formats),
        today=TODAY,
    )
    topics = text.split("## Topics", 1)[1]
    assert "## Other actions" not in text and text.count("Book staging") == 1
    first = topics.index("1. **Staging calendar** · **2 votes** · Start, Stop")
    action = topics.index("   - [ ] Book staging in a shared calendar — owner: ana")
    second = topics.index("2. Long standups — bruno · **2 votes** · Stop")
    assert first < action < second < topics.index("   - [ ] Standups stand")


async def test_enter_on_the_agenda_makes_a_topic_current(store: Store) -> None:
    rid = discussing(store)
    app = make_app(store, start=rid)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        tabs = screen.query_one(TabbedContent)
        assert await until(pilot, lambda: tabs.get_tab("agenda").display)
        tabs.active = "agenda"
        listing = screen.query_one("#agenda-list", OptionList)
        listing.focus()
        assert await until(pilot, lambda: listing.highlighted == 0)
        await pilot.press("down")
        assert await until(pilot, lambda: listing.highlighted == 1)
        await pilot.press("enter")
        docs = store.review(rid).cards[3].id
        pairing = store.review(rid).cards[2].id
        assert await until(pilot, lambda: store.review(rid).discussion.current == pairing)
        assert "03:00 left" not in _text(screen.query_one("#topic-timer", Static))
        assert "05:00 left" in _text(screen.query_one("#topic-timer", Static))
        assert docs != pairing
        assert "Pairing on the deploy" in _text(screen.query_one("#topic-body", Static))


async def test_topic_keys_outside_discuss_say_why(store: Store) -> None:
    rid = discussing(store)
    store.update_review(rid, lambda r: r.set_phase("act", frozen_now()))
    app = make_app(store, start=rid)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("full_stop")
        assert await until(
            pilot, lambda: any("one at a time in discuss" in n.message for n in app._notifications)
        )
        assert store.review(rid).discussion.current == store.review(rid).cards[0].id
        panel = app.screen.query_one(AgendaPanel)
        assert "Discuss is over" in _text(panel.query_one("#topic-body", Static))
        assert not app.screen.query(Input)


async def test_the_topic_moved_from_another_terminal_is_highlighted_here(store: Store) -> None:
    """The current topic lives in the store: a facilitator moving on elsewhere (here the CLI,
    in a process of its own) moves every participant's highlight."""
    rid = discussing(store)
    app = make_app(store, start=rid)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert await until(pilot, lambda: _options(screen, "#agenda-list")[0].startswith("▶"))
        cli = [sys.executable, "-m", "retro", "--store", str(store.path), "--as", "ben"]
        subprocess.run(
            [*cli, "review", "discuss", rid, "next"],
            check=True,
            capture_output=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert await until(pilot, lambda: _options(screen, "#agenda-list")[1].startswith("▶"))
        assert not _options(screen, "#agenda-list")[0].startswith("▶")
        assert "Pairing on the deploy" in _text(screen.query_one("#topic-body", Static))


async def test_every_screen_turns_to_the_agenda_when_discuss_begins(store: Store) -> None:
    rid = discussing(store)
    store.update_review(rid, lambda r: r.set_phase("vote", frozen_now()))
    app = make_app(store, start=rid)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "board" and not tabs.get_tab("agenda").display
        cli = [sys.executable, "-m", "retro", "--store", str(store.path), "--as", "ben"]
        subprocess.run(
            [*cli, "review", "phase", rid, "discuss"],
            check=True,
            capture_output=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert await until(pilot, lambda: tabs.active == "agenda")
        assert tabs.get_tab("agenda").display
        assert _options(app.screen, "#agenda-list")[0].startswith("▶  1. Staging")  # type: ignore[arg-type]


async def test_the_new_review_form_sets_minutes_per_topic_and_open_voting(store: Store) -> None:
    from textual.widgets import Select

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        assert form.query_one("#f-topic", Input).value == "5"
        assert form.query_one("#f-votes_seen", Select).value == "private"
        form.query_one("#f-title", Input).value = "Topic-timed retro"
        form.query_one("#f-topic", Input).value = "eight"
        await pilot.press("ctrl+s")
        error = form.query_one(".form-error", Static)
        assert await until(pilot, lambda: "time per topic" in str(error.render()))
        form.query_one("#f-topic", Input).value = "8"
        form.query_one("#f-votes_seen", Select).value = "open"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        made = next(r for r in store.reviews() if r.title == "Topic-timed retro")
        assert made.discussion.minutes == 8 and made.open_votes
