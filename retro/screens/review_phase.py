"""What the review screen does by phase: which keys apply now (the others leave the footer and
say why instead), and the discuss agenda: next / previous topic, more time, a topic chosen on
the agenda. The rules are the review's (`retro.model.topics`); these keys only call them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.widgets import TabbedContent

from retro.model import Review
from retro.screens.review_keys import not_now
from retro.widgets.agenda import AgendaPanel

if TYPE_CHECKING:
    from retro.formats import Format
    from retro.screens import review_ops as ops
    from retro.screens.base import RetroScreen as _Screen
else:
    _Screen = object

MORE_MINUTES = 2
"""The minutes one press of "more time" gives the current topic."""

AGENDA_PHASES = ("discuss", "act", "closed")
"""The phases whose board has the Agenda tab (votes are public from discuss on)."""


def _go(step: int, rank_or_id: str | None, at: datetime) -> ops.Change:
    def change(review: Review) -> Review:
        if rank_or_id is not None:
            review.go_to_topic(rank_or_id, at)
        else:
            review.step_topic(step, at)
        return review

    return change


def _more(minutes: int, at: datetime) -> ops.Change:
    def change(review: Review) -> Review:
        review.more_time(minutes, at)
        return review

    return change


class PhaseKeys(_Screen):
    """Mixed into `ReviewScreen`."""

    if TYPE_CHECKING:  # what `ReviewScreen` has
        review: Review | None
        fmt: Format | None
        voter: str

        def change(self, fn: ops.Change) -> None: ...
        def action_tab(self, tab: str) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do not apply in the review's phase leave the footer (see `not_now`)."""
        allowed = super().check_action(action, parameters)  # a guest's (`RetroScreen`)
        review = self.review
        if review is None or not allowed:
            return allowed
        phase = review.phase
        if action == "add_card":
            return phase in ("reflect", "group")
        if action == "reveal":
            return phase == "reflect"
        if action == "vote":
            return phase == "vote"
        if action in ("topic", "more_time"):
            return phase == "discuss"
        if action == "voter":  # handing the screen on: while cards are written and votes cast
            return phase in ("reflect", "group", "vote")
        if action == "not_now" and parameters == ("voter",):
            return not self.retro.guest  # a guest hears why `w` is not theirs (`app_guest`)
        if action == "phase":
            step = parameters[0] if parameters else 1
            return phase != "closed" if step == 1 else phase != "reflect"
        return allowed

    def action_not_now(self, what: str) -> None:
        """Say why a key does nothing in this phase, and which key would help."""
        message = not_now(what, self.review.phase if self.review else "")
        if message:
            self.notify(message, severity="warning", timeout=4)

    # -- the agenda --------------------------------------------------------------------------

    _drawn_phase: str | None = None
    """The phase the screen last drew."""

    def draw_agenda(self, review: Review) -> None:
        """Show the Agenda tab from discuss on, drawn for this viewer; when the review enters
        discuss (from this screen or another), every screen turns to the agenda."""
        entered = review.phase == "discuss" and self._drawn_phase not in (None, "discuss")
        self._drawn_phase = review.phase
        tabs = self.query_one(TabbedContent)
        if review.phase in AGENDA_PHASES:
            tabs.show_tab("agenda")
        else:
            if tabs.active == "agenda":
                tabs.active = "board"
            tabs.hide_tab("agenda")
        panel = self.query_one(AgendaPanel)
        panel.show(review, self.fmt, self.voter, self.retro.now())
        if entered:
            self.action_tab("agenda")

    def tick_agenda(self, review: Review, now: datetime) -> None:
        """The current topic's countdown, every second."""
        self.query_one(AgendaPanel).tick(review, now)

    def action_topic(self, step: int) -> None:
        """Discuss the next (1) or previous (−1) topic of the agenda."""
        if self.review is not None:
            self.change(_go(step, None, self.retro.now()))
            self.action_tab("agenda")

    def action_more_time(self) -> None:
        """Give the current topic more minutes."""
        if self.review is not None:
            self.change(_more(MORE_MINUTES, self.retro.now()))
            self.notify(f"{MORE_MINUTES} more minutes on this topic.", timeout=3)

    def on_agenda_panel_chosen(self, event: AgendaPanel.Chosen) -> None:
        """Enter on a topic of the agenda: discuss it now."""
        if self.review is not None and self.review.phase == "discuss":
            self.change(_go(0, event.topic_id, self.retro.now()))
        elif self.review is not None:
            self.action_not_now("topic")
