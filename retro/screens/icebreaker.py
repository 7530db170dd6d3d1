"""The check-in round on the review board: a band above the tabs with the question and the
answers the person at the screen may see, and the forms to answer and to move on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from retro.screens.forms import Field, FormScreen, Values
from retro.widgets.text import redraw, user

if TYPE_CHECKING:
    from retro.model import Review
    from retro.screens.review_extras import ReviewExtras


class IcebreakerPanel(Static):
    """The round as one person sees it: every answer once shown, before that their own and
    who else has answered (never what)."""

    DEFAULT_CSS = """
    IcebreakerPanel { height: auto; padding: 0 1; background: $primary 15%; }
    """

    def show_review(self, review: Review, viewer: str) -> None:
        """Draw the round for this viewer; shown while the team reflects and groups (after
        that the answers are in `retro review show` and the export)."""
        view = review.icebreaker_view(viewer)
        self.display = view is not None and review.phase in ("reflect", "group")
        if view is None:
            return
        parts: list[Content | str | tuple[str, str]] = [
            ("Check-in  ", "bold $accent"),
            user(view["question"], "bold"),
        ]
        if not view["shown"]:
            parts.append(("   c answer · C move on", "$text-muted"))
        if view["answers"]:
            parts.append("\n")
            for n, answer in enumerate(view["answers"]):
                parts += [("  ·  " if n else "", "$text-muted"), user(answer["person"], "bold")]
                parts += [": ", user(answer["answer"])]
        elif view["shown"]:
            parts.append(("\nno answers", "$text-muted"))
        if not view["shown"]:
            mine = {a["person"] for a in view["answers"]}
            hidden = [p for p in view["answered"] if p not in mine]
            notes: list[Content | str | tuple[str, str]] = []
            if hidden:
                notes += [("hidden until all have answered: ", "$text-muted")]
                notes.append(user(", ".join(hidden), "$text-muted"))
            if view["waiting"]:
                notes += [("  ·  " if hidden else "", "$text-muted")]
                notes += [("waiting for: ", "$text-muted"), user(", ".join(view["waiting"]))]
            if notes:
                parts += ["\n", *notes]
        redraw(self, Content.assemble(*parts))


def answer(screen: ReviewExtras, review: Review) -> None:
    """Ask the person at the screen for their answer (their earlier one to change)."""
    ice = review.icebreaker
    if ice is None:
        screen.notify("This review has no check-in question: Q asks one.", severity="warning")
        return
    voter = screen.voter
    review_id = review.id

    def save(values: Values) -> None:
        def change(r: Review) -> Review:
            r.answer_icebreaker(voter, values["answer"])
            return r

        screen.retro.store.update_review(review_id, change)

    def done(values: Values | None) -> None:
        screen.retro.reload()
        if values is not None:
            then = "" if screen.retro.guest else " w hands the screen to the next person."
            screen.notify(f"{voter} answered.{then}", timeout=3)

    screen.app.push_screen(
        FormScreen(
            f"Check-in · {ice.question}",
            [Field("answer", f"Your answer, {voter}", ice.answer_of(voter) or "")],
            save,
            help="The others see it once everyone has answered or the facilitator moves on.",
            ok="Answer",
        ),
        done,
    )


def ask(screen: ReviewExtras, review: Review) -> None:
    """Ask (or reword, while no one has answered) the review's check-in question."""
    people = [m.name for m in screen.snapshot.team.members] if screen.snapshot else []
    review_id = review.id
    current = review.icebreaker.question if review.icebreaker else ""

    def save(values: Values) -> None:
        def change(r: Review) -> Review:
            r.start_icebreaker(values["question"], people)
            return r

        screen.retro.store.update_review(review_id, change)

    screen.app.push_screen(
        FormScreen(
            "Check-in question",
            [
                Field(
                    "question", "One question everyone answers", current, "One word for the sprint?"
                )
            ],
            save,
            help="Each answer stays hidden from the others until all have answered.",
            ok="Ask",
        ),
        lambda _: screen.retro.reload(),
    )


def move_on(screen: ReviewExtras) -> None:
    """The facilitator ends the round: every answer shows."""

    def change(r: Review) -> Review:
        r.end_icebreaker(screen.user)
        return r

    screen.change(change)
