"""What the review board has beside its phases: the check-in round and renaming. Its keys
merge into the board's (`ReviewScreen` derives from this screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from retro.screens.base import RetroScreen

if TYPE_CHECKING:
    from retro.model import Review
    from retro.screens.review_ops import Change


class ReviewExtras(RetroScreen):
    """The board's check-in round and rename keys (see `retro.screens.icebreaker`)."""

    BINDINGS = [
        Binding(
            "c", "checkin", "Check-in answer", tooltip="Answer the check-in question", show=False
        ),
        Binding(
            "C",
            "end_checkin",
            "End check-in",
            tooltip="Move on: show every check-in answer (the facilitator)",
            show=False,
        ),
        Binding(
            "Q",
            "ask_checkin",
            "Check-in question",
            tooltip="Ask the check-in question everyone answers first",
            show=False,
        ),
        Binding("f2", "rename", "Rename review", tooltip="Give the review a new title", show=False),
    ]

    if TYPE_CHECKING:  # what `ReviewScreen` has
        review: Review | None
        voter: str

        def change(self, fn: Change) -> None: ...

    def draw_extras(self, review: Review) -> None:
        """Show the check-in round (mounted above the tabs once the review has one)."""
        from retro.screens.icebreaker import IcebreakerPanel

        panels = self.query(IcebreakerPanel)
        if not panels and review.icebreaker is None:
            return
        panel = panels.first() if panels else IcebreakerPanel(id="icebreaker")
        panel.show_review(review, self.voter)
        if not panels:
            self.mount(panel, before=self.query_one("#review-tabs"))

    def action_checkin(self) -> None:
        from retro.screens.icebreaker import answer

        if self.review is not None:
            answer(self, self.review)

    def action_end_checkin(self) -> None:
        from retro.screens.icebreaker import move_on

        if self.review is not None and self.review.icebreaker is not None:
            move_on(self)
        elif self.review is not None:
            self.notify("This review has no check-in round.", severity="warning")

    def action_ask_checkin(self) -> None:
        from retro.screens.icebreaker import ask

        if self.review is not None:
            ask(self, self.review)

    def action_rename(self) -> None:
        from retro.screens.rename_forms import rename_review

        if self.review is not None:
            rename_review(self, self.review)
