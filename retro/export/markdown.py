"""Markdown exports: a review, a sprint, a lessons digest and a team report.

Pure renderers from the model and the drift engine's summaries (`retro.drift`) to GitHub-
flavoured Markdown, used by ``retro export`` and the TUI's export preview. Every drift number
comes from the summaries, so the export shows what the CLI and the TUI show. User text is
escaped wherever Markdown would interpret it (`escape_md`, `escape_cell`). Every document ends
with the line "Exported by retro on DATE".

Conventions: attainment and shares as whole percentages ("87%"); drift signed, with the minus
sign U+2212 ("+12%", "−30%"); bands with a marker ("🟢 on track", "🟡 at risk", "🔴 off track");
"—" for a number that is not known yet.
"""

from __future__ import annotations

from retro.export.escape import escape_cell, escape_heading, escape_line, escape_md
from retro.export.lessons import render_lessons
from retro.export.review import render_review
from retro.export.sprint import render_sprint
from retro.export.team import render_team

__all__ = [
    "escape_cell",
    "escape_heading",
    "escape_line",
    "escape_md",
    "render_lessons",
    "render_review",
    "render_sprint",
    "render_team",
]
