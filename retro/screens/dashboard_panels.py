"""What the dashboard's sprint, actions and decisions panels say: Content built from a snapshot,
with every piece of user text inert. The screen only puts it in its widgets."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content

from retro.widgets.drift import band_label, drift_bar, percent, signed
from retro.widgets.text import clip, user

if TYPE_CHECKING:
    from retro.loading.snapshot import Snapshot


def sprint(snapshot: Snapshot) -> Content:
    """The active sprint: its drift and sentence, a bar and a sentence per goal, and the latest
    check-in notes."""
    summary = snapshot.insights.sprint
    if summary is None:
        return Content.styled("No active sprint. Press s to plan one.", "$text-muted")
    lines: list[Content] = [
        Content.assemble(
            user(summary.title, "bold"),
            (
                f"   {summary.start:%d %b} → {summary.end:%d %b} · {summary.days_left} days left",
                "$text-muted",
            ),
        ),
        user(summary.purpose or "", "italic $text-muted", oneline=True),
        Content.assemble(
            ("drift ", "$text-muted"),
            (signed(summary.drift), "bold"),
            "  ",
            band_label(summary.band),
            (f"   {summary.sentence}", "$text-muted"),
        ),
        Content.styled("bar: attainment, │ = target", "$text-muted"),
        Content(""),
    ]
    for goal in summary.goals:
        lines.append(
            Content.assemble(
                drift_bar(goal.attainment, goal.band, 16),
                f" {percent(goal.attainment):>5} ",
                (f"{signed(goal.drift):>5} ", "bold"),
                user(clip(goal.statement, 34)),
                ("  ", ""),
                user(goal.owner or "", "$text-muted"),
            )
        )
        lines.append(Content.assemble(("   ↳ ", "$text-muted"), user(goal.sentence, "$text-muted")))
    sprint = snapshot.sprint(summary.id)
    notes = sorted(
        ((c, g) for g in (sprint.goals if sprint else []) for c in g.checkins if c.note),
        key=lambda pair: (pair[0].on, pair[0].at),
        reverse=True,
    )
    if notes:
        lines += [Content(""), Content.styled("Latest check-ins", "bold")]
    for checkin, noted in notes[:4]:
        confidence = "" if checkin.confidence is None else f" · confidence {checkin.confidence}/10"
        lines.append(
            Content.assemble(
                (f"{checkin.on:%d %b} ", "$text-muted"),
                user(checkin.author or "", "bold"),
                " ",
                user(checkin.note, oneline=True),
                user(f"  ({clip(noted.statement, 28)}{confidence})", "$text-muted"),
            )
        )
    return Content("\n").join(lines)


def actions(snapshot: Snapshot, today: date) -> Content:
    """The open actions: counts, follow-through, then the most urgent, owner first."""
    opened = snapshot.open_actions  # counted and ordered for the day of the read (today)
    lines: list[Content] = []
    overdue = opened.overdue
    lines.append(
        Content.assemble(
            (f"{opened.count} open", "bold"),
            ("  ·  ", "$text-muted"),
            (f"{overdue} overdue", "bold $error" if overdue else "$text-muted"),
            ("  ·  follow-through ", "$text-muted"),
            (percent(snapshot.insights.follow_through), "bold"),
        )
    )
    for action in opened.first:
        late = action.is_overdue(today)
        due = f"{action.due:%d %b}" if action.due else "no date"
        lines.append(
            Content.assemble(
                ("⚠ " if late else "• ", "bold $error" if late else "$text-muted"),
                (f"{due:<8}", "bold $error" if late else "$text-muted"),
                " ",
                # The owner before the text: the text takes the rest of the line, and the
                # panel cuts it with an ellipsis only where the line really ends.
                user(action.owner or "no owner", "$text-muted"),
                "  ",
                user(action.text, "$text-error" if late else "", oneline=True),
            )
        )
    return Content("\n").join(lines)


def decisions(snapshot: Snapshot, today: date) -> tuple[str, Content]:
    """The decisions due for their review (the panel's title, its lines)."""
    from retro.drift import due_decisions

    due = due_decisions(snapshot.decisions, today)
    waiting = sum(1 for d in snapshot.decisions if d.open) - len(due)
    title = f"Decisions due ({len(due)})" if due else "Decisions due"
    lines: list[Content] = []
    for d in due[:8]:
        late = (today - d.review_on).days
        lines.append(
            Content.assemble(
                ("⚠ ", "bold $error"),
                (f"{d.review_on:%d %b}", "bold $error"),
                (f" {late:>2}d " if late else " today ", "$text-muted"),
                user(clip(d.title, 40)),
            )
        )
    if not due:
        lines.append(
            Content.styled(
                f"none due · {waiting} waiting for their review date"
                if waiting
                else "no open decisions · 6 opens the log",
                "$text-muted",
            )
        )
    elif len(due) > 8:
        lines.append(Content.styled(f"… and {len(due) - 8} more (6 opens the log)", "$text-muted"))
    return title, Content("\n").join(lines)
