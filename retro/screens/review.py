"""The review board: columns of cards, the phase bar and timer, intents, actions, kudos, pulse.
Every change is a key calling the review's own rule through the store (in a thread worker); the
board redraws from what was written, and whenever another process changes the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static, TabbedContent, TabPane

from retro.errors import RetroError
from retro.formats import Format
from retro.model import PHASES, Review
from retro.screens import review_forms as forms
from retro.screens import review_ops as ops
from retro.screens.forms import ConfirmScreen, PickScreen
from retro.screens.review_extras import ReviewExtras
from retro.screens.review_keys import REVIEW_KEYS, phase_hint
from retro.screens.review_live import LiveBoard
from retro.screens.review_panels import ActionsPanel, IntentsPanel, KudosPanel, show_carried
from retro.screens.review_phase import PhaseKeys
from retro.text import inert
from retro.widgets.agenda import AgendaPanel
from retro.widgets.board import Board
from retro.widgets.keys import KeysFooter
from retro.widgets.phasebar import PhaseBar
from retro.widgets.room import RoomLine
from retro.widgets.text import clip, redraw, user

if TYPE_CHECKING:
    from retro.loading.snapshot import Snapshot


class ReviewScreen(LiveBoard, PhaseKeys, ReviewExtras):
    """One review, run from start to closed."""

    BINDINGS = REVIEW_KEYS
    DRAWS_LIGHT = True

    def __init__(self, review_id: str, tab: str = "board") -> None:
        super().__init__()
        self.review_id = review_id
        self.first_tab = tab
        self.review: Review | None = None
        self.fmt: Format | None = None
        self.voter: str = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-head"):
            yield Static(Content.styled("Loading the review…", "$text-muted"), id="review-title")
            yield Static(id="review-voter")
        yield PhaseBar(id="phasebar")
        yield RoomLine(id="room")
        yield Static(id="carried")
        with TabbedContent(id="review-tabs"):
            with TabPane("Board", id="board"):
                yield Static(id="board-slot")
            with TabPane("Agenda", id="agenda"):
                yield AgendaPanel(id="agenda-panel")
            with TabPane("Intents", id="intents"):
                yield IntentsPanel(id="intents-panel")
            with TabPane("Actions", id="actions"):
                yield ActionsPanel(id="actions-panel")
            with TabPane("Kudos & pulse", id="kudos"):
                yield KudosPanel(id="kudos-panel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.voter = self.user
        # Runs only while a clock shows (`_draw`): an idle board wakes for nothing.
        self._clock = self.set_interval(1, self._tick, name="phase-timer", pause=True)
        super().on_mount()

    def _clock_shows(self, review: Review) -> bool:
        """Whether a countdown moves on screen: the phase's timebox, or the current topic's."""
        return bool(review.timebox_minutes) or review.topic_left(self.retro.now()) is not None

    def _tick(self) -> None:
        review = self.review
        if review is not None and self._clock_shows(review):
            self.query_one(PhaseBar).show_review(review, self.retro.now())
            self.tick_agenda(review, self.retro.now())

    # -- drawing ---------------------------------------------------------------------------

    def show_snapshot(self, snapshot: Snapshot) -> None:
        review = snapshot.review(self.review_id)
        if review is None:
            # The snapshot may predate the review (it was read while the review was written).
            try:
                review = self.retro.store.review(self.review_id)
            except RetroError:
                self.notify("This review is no longer in the store.", severity="warning")
                self.app.call_later(self.retro.action_goto, "dashboard")
                return
        self.show_review(review)

    def show_review(self, review: Review) -> None:
        """Draw the review, keeping cursors (the board is built once per format)."""
        snapshot = self.snapshot
        first = self.review is None
        self.phase_moved(self.review, review)
        self.review = review
        if first or self.fmt is None or self.fmt.key != review.format:
            self.fmt = snapshot.review_format(review) if snapshot else None
            if self.fmt is None:
                return
            slot = self.query_one("#board-slot")
            for old in self.query(Board):
                old.remove()
            board = Board(self.fmt, id="the-board")
            self.query_one("#board", TabPane).mount(board, before=slot)
            slot.display = False
            self.call_after_refresh(self._first_focus)
        if first and review.phase == "discuss" and self.first_tab == "board":
            self.first_tab = "agenda"  # a review opened in discuss opens on its agenda
        if self.voter not in review.participants and review.participants and first:
            self.voter = self.user
        self._draw()

    def _first_focus(self) -> None:
        if not self.is_attached:
            return
        self._draw()
        boards = self.query(Board)
        if self.first_tab != "board":
            tab, self.first_tab = self.first_tab, "board"
            self.action_tab(tab)
            tables = self.query_one(f"#{tab}", TabPane).query("DataTable, OptionList")
            if tables:
                tables.first().focus()
        elif boards:
            boards.first().focus_column(0)

    def _draw(self) -> None:
        review = self.review
        if review is None:
            return
        for board in self.query(Board):
            board.show(review, self.voter)
        fmt_name = inert(self.fmt.name if self.fmt else review.format)  # a team's own: data
        cards, people = len(review.cards), len(review.participants)
        redraw(
            self.query_one("#review-title", Static),
            Content.assemble(
                user(review.title, "bold"),
                (
                    f"  ·  {review.on:%a %d %b %Y}  ·  {fmt_name}  ·  "
                    f"{cards} card{'s' if cards != 1 else ''}  ·  "
                    f"{people} {'person' if people == 1 else 'people'}",
                    "$text-muted",
                ),
            ),
        )
        voter: list[Content | str | tuple[str, str]] = [
            ("as ", "$text-muted"),
            user(self.voter, "bold $accent"),
        ]
        if review.phase == "vote":
            used = review.votes_used(self.voter)
            left = max(0, review.vote_budget - used)
            voter += [
                "  ",
                (f"{'●' * min(used, 10)}{'○' * min(left, 10)}", "bold $accent"),
                (
                    f" {left} of {review.vote_budget} votes left",
                    "bold $accent" if left else "bold $warning",
                ),
            ]
        redraw(self.query_one("#review-voter", Static), Content.assemble(*voter))
        if self._clock_shows(review):
            self._clock.resume()
        else:
            self._clock.pause()
        self.refresh_bindings()
        self.query_one(PhaseBar).show_review(review, self.retro.now())
        self.draw_room()
        show_carried(self, review)
        previous = self.snapshot.previous_review(review) if self.snapshot else None
        self.query_one(IntentsPanel).show_review(review)
        self.query_one(ActionsPanel).show_review(review, previous, self.today)
        self.query_one(KudosPanel).show_review(review)
        self.draw_extras(review)
        self.draw_agenda(review)

    # -- helpers ---------------------------------------------------------------------------

    def board(self) -> Board | None:
        boards = self.query(Board)
        return boards.first() if boards else None

    def current_card(self) -> str | None:
        board = self.board()
        return board.current_card() if board else None

    def change(self, fn: ops.Change) -> None:
        """Apply a change to the review through the store and redraw from what it returns."""
        store, review_id = self.retro.store, self.review_id
        self.attempt(lambda: store.update_review(review_id, fn), self._changed)

    def _changed(self, result: object) -> None:
        if isinstance(result, Review) and self.is_attached:
            self.show_review(result)

    def _need_card(self) -> str | None:
        card = self.current_card()
        if card is None:
            self.notify("Highlight a card first (arrows move between cards and columns).")
        return card

    def export_target(self) -> tuple[str, str | None]:
        return ("review", self.review_id)

    # -- actions ---------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        pane = self.query_one(f"#{tab}", TabPane)
        if self.focused is None or pane not in self.focused.ancestors:  # keys act on what shows
            targets = pane.query("OptionList, DataTable")
            if targets:
                targets.first().focus()

    def action_column(self, step: int) -> None:
        board = self.board()
        if board is not None:
            board.focus_column(board.focused_column().index + step)

    def action_add_card(self) -> None:
        board = self.board()
        if self.review is None or self.fmt is None or board is None:
            return
        self.action_tab("board")
        forms.add_card(self, self.review, self.fmt, board.focused_column().column.key, self.voter)

    def action_edit_card(self) -> None:
        card = self._need_card()
        if card and self.review is not None:
            forms.edit_card(self, self.review, card)

    def action_delete_card(self) -> None:
        card_id = self._need_card()
        if not card_id or self.review is None:
            return
        card = self.review.card(card_id)
        if self.review.is_hidden(card, self.voter):  # the rule refuses: say why, ask nothing
            return self.change(ops.delete_card(card_id, self.voter))

        def answer(yes: bool | None) -> None:
            if yes:
                self.change(ops.delete_card(card_id, self.voter))

        question = Content.assemble("Delete the card “", user(clip(card.text, 60)), "”?")
        self.app.push_screen(ConfirmScreen(question, "Delete"), answer)

    def action_move(self, step: int) -> None:
        card = self._need_card()
        if card and self.fmt is not None:
            self.change(ops.move_card(card, self.fmt, step))
            board = self.board()
            if board:
                board.select_card(card)

    def action_group(self) -> None:
        card_id = self._need_card()
        if not card_id or self.review is None:
            return
        review = self.review
        if review.phase == "reflect":
            self.notify(
                "Cards are grouped once they are revealed: press r to reveal them.",
                severity="warning",
            )
            return
        options = [
            (c.id, Content.assemble((f"{c.column:<9} ", "$text-muted"), user(clip(c.text, 60))))
            for c in review.cards
            if c.id != card_id and not review.is_hidden(c, self.voter)
        ]

        def chosen(target: str | None) -> None:
            if target:
                self.change(ops.group_cards(card_id, target))

        self.app.push_screen(PickScreen("Group this card with…", options), chosen)

    def action_ungroup(self) -> None:
        card = self._need_card()
        if card:
            self.change(ops.ungroup_card(card))

    def action_rename_group(self) -> None:
        card = self._need_card()
        if card and self.review is not None:
            forms.rename_group(self, self.review, card)

    def action_vote(self, step: int) -> None:
        card = self._need_card()
        review = self.review
        if not card or review is None:
            return
        if step > 0 and review.votes_used(self.voter) >= review.vote_budget:
            then = "" if self.retro.guest else ", w votes as the next person"
            self.notify(
                f"{self.voter} has used all {review.vote_budget} votes: V takes one back{then}.",
                severity="warning",
            )
            return
        self.change(ops.vote(card, self.voter, step))

    def action_voter(self) -> None:
        """Ask who sits at the screen now: a name typed each time, never a list to step
        through, so no one lands on another person's ballot by pressing w."""
        if self.review is not None:
            forms.switch_voter(self, self.review)

    def vote_as(self, person: str) -> None:
        """Add cards and vote as this person from now on (the board shows their view)."""
        self.voter = person
        review = self.review
        votes = ""
        if review is not None and review.phase == "vote":
            votes = f" · {review.votes_used(person)} of {review.vote_budget} votes used"
        self.notify(f"Now adding cards and voting as {person}{votes}. w switches again.", timeout=3)
        self._draw()

    def action_reveal(self) -> None:
        if self.review is None:
            return
        if self.review.phase != "reflect":
            self.action_not_now("reveal")
            return
        if self.lead_refused("group"):
            return
        self.change(ops.set_phase("group", self.retro.now(), self.user))
        self.notify("Every card is revealed: group similar ones with g, then > to vote.")

    def action_phase(self, step: int) -> None:
        if self.review is None:
            return
        index = PHASES.index(self.review.phase) + step
        if not 0 <= index < len(PHASES):
            self.action_not_now("next" if step > 0 else "prev")
            return
        phase = PHASES[index]
        if self.lead_refused(phase):
            return
        self.change(ops.set_phase(phase, self.retro.now(), self.user))
        if phase != "discuss":  # the agenda shows once the review is in discuss (`draw_agenda`)
            self.action_tab("actions" if phase == "act" else "board")
        self.notify(f"{phase.capitalize()}: {phase_hint(phase, self.retro.guest)}", timeout=4)

    def action_timebox(self) -> None:
        if self.review is not None:
            forms.timebox(self, self.review)

    def action_add_action(self) -> None:
        if self.review is not None:
            if self.review.phase != "discuss":  # in discuss it shows under the current topic
                self.action_tab("actions")
            forms.add_action(self, self.review)

    def action_add_intent(self) -> None:
        if self.review is not None:
            self.action_tab("intents")
            forms.edit_intent(self, self.review, None)

    def action_decision(self) -> None:
        if self.review is not None:
            from retro.screens.decision_forms import new_decision

            new_decision(self.retro, review_id=self.review.id)

    def action_kudos(self) -> None:
        if self.review is not None:
            self.action_tab("kudos")
            forms.kudos(self, self.review, self.voter)

    def action_pulse(self) -> None:
        if self.review is not None:
            self.action_tab("kudos")
            forms.pulse(self, self.review, self.voter)

    def action_promote(self) -> None:
        card = self._need_card()
        if card and self.review is not None:
            forms.promote(self, self.review, card)

    @on(IntentsPanel.Chosen)
    def _intent(self, event: IntentsPanel.Chosen) -> None:
        if self.review is not None:
            forms.edit_intent(self, self.review, event.intent_id)

    @on(ActionsPanel.Toggled)
    def _action(self, event: ActionsPanel.Toggled) -> None:
        self.change(ops.toggle_action(event.action_id, self.today))
