"""The review's phase bar (reflect → group → vote → discuss → act → closed) with its timer."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from retro.model import PHASES, Review
from retro.widgets.text import redraw


def timer_text(review: Review, now: datetime) -> Content:
    """The time box of the current phase: time left, or time over in red; empty without one."""
    if review.phase == "closed" or not review.timebox_minutes or review.phase_started is None:
        return Content("")
    left = review.timebox_minutes * 60 - int((now - review.phase_started).total_seconds())
    minutes, seconds = divmod(abs(left), 60)
    clock = (
        f"{minutes:02d}:{seconds:02d}" if minutes < 100 else f"{minutes // 60}h{minutes % 60:02d}"
    )
    if left >= 0:
        style = "bold $warning" if left < 60 else "bold $text"
        return Content.styled(f"◷ {clock} left", style)
    return Content.styled(f"◷ {clock} over", "bold $error")


def phase_content(review: Review, now: datetime) -> Content:
    """The phases, the current one highlighted, the done ones ticked, then the timer."""
    current = PHASES.index(review.phase)
    parts: list[Content | str | tuple[str, str]] = []
    for index, phase in enumerate(PHASES):
        if index:
            parts.append((" → ", "$text-muted"))
        if index < current:
            parts.append((f"✓ {phase}", "$text-success"))
        elif index == current:
            parts.append((f" {phase.upper()} ", "bold $text on $accent"))
        else:
            parts.append((phase, "$text-muted"))
    timer = timer_text(review, now)
    if timer:
        parts.extend(["   ", timer])
    return Content.assemble(*parts)


class PhaseBar(Static):
    """Shows a review's phase and the time left in its time box."""

    DEFAULT_CSS = """
    PhaseBar { height: 1; width: 1fr; }
    """

    def show_review(self, review: Review, now: datetime) -> None:
        """Redraw for this review at this time."""
        redraw(self, phase_content(review, now))
