"""The review's other tabs: intents (AAR view), actions, and kudos with pulse."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from retro import drift
from retro.model import Decision, Review
from retro.text import plural
from retro.widgets.drift import band_label, percent, signed
from retro.widgets.text import clip, redraw, user

if TYPE_CHECKING:
    from retro.screens.review import ReviewScreen

RATING_STYLE = {
    "exceeded": "bold $success",
    "met": "$success",
    "partly": "$warning",
    "missed": "bold $error",
}


class IntentsPanel(Vertical):
    """Planned against happened, with rating and why; Enter edits an intent."""

    class Chosen(Message):
        """An intent was chosen for editing."""

        def __init__(self, intent_id: str) -> None:
            super().__init__()
            self.intent_id = intent_id

    def compose(self) -> ComposeResult:
        yield Static(id="intents-summary")
        yield DataTable(id="intents-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in (("Planned", 44), ("Happened", 18), ("Rating", 9), ("Why", 30)):
            table.add_column(label, width=width, key=label.lower())

    def show_review(self, review: Review) -> None:
        """Redraw for this review, keeping the cursor row."""
        value = drift.review_drift(review)
        rated = sum(1 for i in review.intents if i.rating)
        redraw(
            self.query_one("#intents-summary", Static),
            Content.assemble(
                ("Review drift ", "bold"),
                (signed(value), "bold"),
                "  ",
                band_label(drift.band(value)),
                (f"   {drift.review_words(value)}", ""),
                (f"   {rated} of {len(review.intents)} intents rated", "$text-muted"),
                ("   i: add intent · enter: edit", "$text-muted"),
            ),
        )
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for intent in review.intents:
            # Rich Text (plain, never markup) wraps in an auto-height row, so nothing is cut.
            table.add_row(
                Text(user(intent.planned, oneline=True).plain),
                Text(user(intent.actual, oneline=True).plain),
                Content.styled(
                    intent.rating or "–", RATING_STYLE.get(intent.rating or "", "$text-muted")
                ),
                Text(user(intent.why, oneline=True).plain),
                key=intent.id,
                height=None,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Chosen(event.row_key.value))


class ActionsPanel(Vertical):
    """The review's actions and those carried forward; space marks one done (or open again)."""

    BINDINGS = [
        Binding("space", "toggle_done", "Done/open", tooltip="Mark the action done, or open again"),
    ]

    class Toggled(Message):
        """An action's status was toggled."""

        def __init__(self, action_id: str) -> None:
            super().__init__()
            self.action_id = action_id

    def compose(self) -> ComposeResult:
        yield Static(id="actions-summary")
        yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="carried-list")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in (("Action", 48), ("Owner", 12), ("Due", 11), ("Status", 10)):
            table.add_column(label, width=width, key=label.lower())

    def show_review(self, review: Review, previous: Review | None, today: date) -> None:
        """Redraw for this review (and the previous one's open actions)."""
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        topics = review.agenda()
        for action in review.actions:
            late = action.is_overdue(today)
            style = "bold $error" if late else ("$text-muted" if action.status != "open" else "")
            topic = review.topic_for(action, topics)
            text = user(action.text, style, oneline=True)
            if topic is not None:  # the topic it was agreed on, in discuss
                shown = "hidden topic" if topic.hidden else clip(topic.title, 30)
                text = Content.assemble(text, user(f"  ◆ {shown}", "$text-muted"))
            table.add_row(
                text,
                user(action.owner or "–"),
                Content.styled(f"{action.due or '–'}", style),
                Content.styled(("overdue" if late else action.status), style),
                key=action.id,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        done = sum(1 for a in review.actions if a.status == "done")
        redraw(
            self.query_one("#actions-summary", Static),
            Content.assemble(
                (f"{plural(len(review.actions), 'action')}", "bold"),
                (f" · {done} done", "$text-muted"),
                ("   a: add · space: done/open", "$text-muted"),
            ),
        )
        lines: list[Content] = []
        if previous is not None:
            carried = [a for a in previous.actions if a.status == "open"]
            if carried:
                lines.append(
                    Content.styled("Carried forward from the last review", "bold $warning")
                )
            for action in carried:
                late = action.is_overdue(today)
                lines.append(
                    Content.assemble(
                        ("⚠ " if late else "• ", "$error" if late else "$text-muted"),
                        user(action.text, oneline=True),
                        user(
                            f"  {action.owner or 'no owner'} · due {action.due or '–'}",
                            "$text-muted",
                        ),
                    )
                )
        redraw(self.query_one("#carried-list", Static), Content("\n").join(lines))

    def action_toggle_done(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key:
                self.post_message(self.Toggled(key))


class KudosPanel(VerticalScroll):
    """Kudos given in the review and each participant's pulse."""

    def compose(self) -> ComposeResult:
        yield Static(id="kudos-list")
        yield Static(id="pulse-list")

    def show_review(self, review: Review) -> None:
        """Redraw for this review."""
        lines: list[Content] = [
            Content.styled(f"Kudos ({len(review.kudos)})   k: give kudos", "bold")
        ]
        for given in review.kudos:
            lines.append(
                Content.assemble(
                    ("★ ", "bold $warning"),
                    user(given.to, "bold"),
                    " ",
                    user(given.text, oneline=True),
                    user(f"  — {given.by}" if given.by else "", "$text-muted"),
                )
            )
        redraw(self.query_one("#kudos-list", Static), Content("\n").join(lines))
        spread = drift.alignment_spread(review)
        scores = list(review.pulse.values())
        mean = sum(scores) / len(scores) if scores else None
        pulse: list[Content] = [
            Content.assemble(
                ("\nPulse", "bold"),
                (f"   mean {mean:.1f}" if mean is not None else "   no ratings yet", "$text-muted"),
                (
                    f" · alignment spread {spread:.2f}: {drift.spread_words(spread)}"
                    if spread is not None
                    else "",
                    "$text-muted",
                ),
                ("   p: rate", "$text-muted"),
            )
        ]
        for person, score in sorted(review.pulse.items()):
            pulse.append(
                Content.assemble(
                    user(f"{person:<12}"),
                    ("█" * score * 2, "$accent"),
                    ("░" * (5 - score) * 2, "$text-muted"),
                    f" {score}/5",
                )
            )
        redraw(self.query_one("#pulse-list", Static), Content("\n").join(pulse))


def carried_line(previous: Review | None, due: Sequence[Decision], today: date) -> Content | None:
    """What the start of a review shows: the last review's open actions and the decisions due
    for their review; None when there is neither."""
    still_open = [a for a in previous.actions if a.status == "open"] if previous else []
    if not still_open and not due:
        return None
    parts: list[Content | str | tuple[str, str]] = []
    if still_open and previous is not None:
        parts.append((f"Open actions from “{clip(previous.title, 40)}”: ", "bold $warning"))
        for action in still_open[:4]:
            late = action.is_overdue(today)
            parts.append(("⚠ " if late else "• ", "$error" if late else "$text-muted"))
            parts.append(user(clip(action.text, 40)))
            parts.append(user(f" ({action.owner or 'no owner'})  ", "$text-muted"))
    if due:
        if parts:
            parts.append("\n")
        parts.append(("Decisions due for review: ", "bold $warning"))
        for decision in due[:4]:
            parts.append(("⚠ ", "$error"))
            parts.append(user(clip(decision.title, 40)))
            parts.append((f" (since {decision.review_on:%d %b})  ", "$text-muted"))
        if len(due) > 4:
            parts.append((f"… {len(due) - 4} more: 6 opens the log", "$text-muted"))
    return Content.assemble(*parts)


def show_carried(screen: ReviewScreen, review: Review) -> None:
    """At the start of a review (reflect, group): the last review's open actions and the
    decisions due for their review, as accountability."""
    from retro.drift import due_decisions

    carried = screen.query_one("#carried", Static)
    snapshot, today = screen.snapshot, screen.today
    previous = snapshot.previous_review(review) if snapshot else None
    due = due_decisions(snapshot.decisions, today) if snapshot else []
    line = carried_line(previous, due, today)
    carried.display = line is not None and review.phase in ("reflect", "group")
    if line is not None:
        redraw(carried, line)


__all__ = ["ActionsPanel", "IntentsPanel", "KudosPanel", "carried_line", "percent", "show_carried"]
