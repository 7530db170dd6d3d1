"""The review board in a live room: who is there, the facilitator leading, following them.

- The room line (`RoomLine`) shows everyone with the review open, the facilitator first; it is
  hidden while you are alone with it.
- Only the facilitator moves the phase (`Review.check_can_lead`); anyone else pressing > < or r
  is told who can, and nothing is written.
- When the phase moves (the facilitator's doing, heard from the store), a screen that showed
  the tab of the old phase follows to the tab of the new one (the board; actions in act); a
  person who went to another tab on purpose stays there and is told.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from retro.errors import RuleError
from retro.live.presence import Seat, room
from retro.screens.review_keys import phase_hint
from retro.widgets.room import RoomLine

if TYPE_CHECKING:
    from retro.app_live import ReviewRead
    from retro.model import Review
    from retro.screens.review import ReviewScreen

TAB_KEYS = {"board": "b", "intents": "I", "actions": "A", "kudos": "K"}


def phase_tab(phase: str) -> str:
    """The tab a phase is run on."""
    return {"act": "actions", "discuss": "agenda"}.get(phase, "board")


def seats(screen: ReviewScreen) -> list[Seat]:
    """The review's room as this app last read it."""
    review, live = screen.review, screen.retro.live
    if review is None:
        return []
    return room(review, live.presences, time.time(), live.stale)


def draw_room(screen: ReviewScreen) -> None:
    """Redraw the room line."""
    screen.query_one(RoomLine).show_room(seats(screen), screen.user)


def refused(screen: ReviewScreen, review: Review) -> bool:
    """Whether this person may not move the phase (and if so, say who may)."""
    try:
        review.check_can_lead(
            screen.user, hint="; ask them, or stand in with 'retro review phase ID PHASE --force'"
        )
    except RuleError as exc:
        screen.notify(
            exc.message[:1].upper() + exc.message[1:] + ".",
            severity="warning",
            title="The facilitator leads",
            timeout=5,
        )
        return True
    return False


def follow(screen: ReviewScreen, before: str, now: str, active_tab: str) -> str | None:
    """The phase moved from `before` to `now` elsewhere: the tab to follow to (None to stay),
    and a notice for the person either way."""
    target = phase_tab(now)
    stays = active_tab != phase_tab(before) and active_tab != target
    where = f"{now.upper()}: {phase_hint(now, screen.retro.guest)}"
    if stays:
        key = TAB_KEYS.get(target)
        where += f" (you stay on this tab; {f'{key} shows' if key else 'see'} the {target})"
    screen.notify(f"The review moved to {where}", title="The facilitator leads", timeout=5)
    return None if stays or active_tab == target else target


class LiveBoard:
    """The review screen's part in the live room (mixed into `ReviewScreen`)."""

    done = False
    """Whether the person at this screen said they are done writing (reflect; f toggles)."""
    moving: str | None = None
    """The phase this screen itself is moving the review to (not a phase to follow)."""

    def _screen(self) -> ReviewScreen:
        return self  # type: ignore[return-value]

    def presence(self) -> tuple[str, str | None, bool]:
        screen = self._screen()
        return ("review", screen.review_id, self.done)

    def on_room_changed(self) -> None:
        self.draw_room()

    def on_review_read(self, message: ReviewRead) -> None:
        """The review's file changed and was read at once: show it."""
        screen = self._screen()
        if screen.is_attached and message.review.id == screen.review_id:
            screen.show_review(message.review)

    def draw_room(self) -> None:
        screen = self._screen()
        if screen.is_attached:
            draw_room(screen)

    def lead_refused(self, phase: str) -> bool:
        """Before moving to `phase`: refused (and said why) unless this person leads."""
        screen = self._screen()
        if screen.review is None or refused(screen, screen.review):
            return True
        self.moving = phase
        return False

    def phase_moved(self, before: Review | None, after: Review) -> None:
        """A fresh read of the review: follow the facilitator if the phase moved."""
        if before is None or before.phase == after.phase:
            return
        screen = self._screen()
        if self.done:
            self.done = False  # a new phase: nobody is done with it yet
            screen.retro.live.announce()
        if self.moving == after.phase:
            self.moving = None
            return
        from textual.widgets import TabbedContent

        tab = follow(screen, before.phase, after.phase, screen.query_one(TabbedContent).active)
        if tab is not None:
            screen.action_tab(tab)

    def action_done(self) -> None:
        """Say you are done writing, or writing again (reflect): the room sees it."""
        screen = self._screen()
        if screen.review is None or screen.review.phase != "reflect":
            phase = screen.review.phase if screen.review else ""
            screen.notify(f"Done and writing are said in reflect; this review is in {phase}.")
            return
        self.done = not self.done
        screen.retro.live.announce()
        screen.notify(
            "The room sees you are done writing (f again if you think of more)."
            if self.done
            else "The room sees you are writing again.",
            timeout=3,
        )
        self.draw_room()
