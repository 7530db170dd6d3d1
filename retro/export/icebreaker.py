"""The check-in round in a review's Markdown: the question and the answers the exporter may see
(all once the round is over; before that only their own, and who else has answered)."""

from __future__ import annotations

from retro.export.blocks import heading
from retro.export.escape import escape_line, escape_md
from retro.model import Review


def icebreaker_section(review: Review, viewer: str | None) -> list[str]:
    """The "Check-in" section (nothing when the review has no check-in question)."""
    view = review.icebreaker_view(viewer)
    if view is None:
        return []
    lines = [f"> {escape_md(view['question'], indent='> ')}", ""]
    for answer in view["answers"]:
        text = escape_md(answer["answer"], indent="  ")
        lines.append(f"- **{escape_line(answer['person'])}**: {text}")
    if not view["shown"]:
        seen = {a["person"] for a in view["answers"]}
        hidden = [p for p in view["answered"] if p not in seen]
        if hidden:
            names = ", ".join(escape_line(p) for p in hidden)
            lines.append(f"- *Answered, hidden until everyone has:* {names}")
        if view["waiting"]:
            lines.append(f"- *Waiting for:* {', '.join(escape_line(p) for p in view['waiting'])}")
    elif not view["answers"]:
        lines.append("*No answers.*")
    return [heading(2, "Check-in"), "\n".join(lines).rstrip("\n")]
