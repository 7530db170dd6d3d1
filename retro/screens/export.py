"""Export preview: the Markdown summary of a review, sprint, lessons or the team, rendered,
with save to a file (in a browser of `retro serve`: a download, never a file on the host)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from retro import drift
from retro.errors import RetroError
from retro.export.markdown import render_lessons, render_review, render_sprint, render_team
from retro.guest import download_name
from retro.loading.snapshot import Snapshot
from retro.screens.base import RetroScreen
from retro.screens.forms import Field, FormScreen, Values
from retro.widgets.keys import KeysFooter
from retro.widgets.text import user


def render(
    snapshot: Snapshot, kind: str, target: str | None, user: str, today: date
) -> tuple[str, str]:
    """(title, markdown) for what is exported."""
    if kind == "review" and target:
        review = snapshot.review(target)
        if review is None:
            raise RetroError("this review is no longer in the store")
        previous = snapshot.previous_review(review)
        summary = drift.summarize_review(review, previous, today)
        lessons = [lesson for lesson in snapshot.lessons if lesson.review_id == review.id]
        text = render_review(
            review,
            summary,
            snapshot.review_format(review),
            previous=previous,
            lessons=lessons,
            viewer=user,
            today=today,
            decisions=snapshot.decisions,
        )
        return review.title, text
    if kind == "sprint" and target:
        sprint = snapshot.sprint(target)
        if sprint is None:
            raise RetroError("this sprint is no longer in the store")
        sprint_summary = drift.summarize_sprint(sprint, snapshot.team.tolerance, today)
        text = render_sprint(sprint, sprint_summary, today=today, decisions=snapshot.decisions)
        return sprint.title, text
    if kind == "lessons":
        return "Lessons", render_lessons(snapshot.lessons, today=today)
    team_summary = drift.summarize_team(
        snapshot.team, snapshot.sprints, snapshot.reviews, snapshot.lessons, today=today
    )
    return snapshot.team.name, render_team(snapshot.team, team_summary, today=today)


PREVIEW_LINES = 200
"""How much of a long export the preview renders: Textual builds a widget per Markdown block,
and a team report of a large store (thousands of lines) took longer than ten seconds to show.
Saving always writes the whole of it."""


def preview_of(markdown: str, limit: int = PREVIEW_LINES) -> tuple[str, bool]:
    """The part of `markdown` the preview shows, and whether that is not all of it: the first
    `limit` lines, ended at the last blank line among them (so that a table or a list is not
    cut in two) when there is one in their second half."""
    lines = markdown.splitlines()
    if len(lines) <= limit:
        return markdown, False
    end = limit
    for at in range(limit - 1, limit // 2, -1):
        if not lines[at].strip():
            end = at
            break
    return "\n".join(lines[:end]) + "\n", True


def slug(title: str) -> str:
    """A file name from a title: lower-case words joined by dashes."""
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in title).split()
    return "-".join(words)[:60] or "retro"


class ExportScreen(RetroScreen):
    """The rendered Markdown; `s` saves it to a file."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Close the preview"),
        Binding("s", "save", "Save…", tooltip="Save the Markdown to a file"),
        # A served participant's `s` instead (`retro.guest`): the file goes to their browser.
        Binding("s", "download", "Download", tooltip="Download the Markdown in your browser"),
    ]

    def __init__(self, kind: str, target: str | None) -> None:
        super().__init__()
        self.kind = kind
        self.target = target
        self.markdown = ""
        self.title_text = ""

    def compose(self) -> ComposeResult:
        yield Static(id="export-head")
        with VerticalScroll(id="export-scroll"):
            yield Markdown(id="export-md")
        yield KeysFooter()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        try:
            self.title_text, markdown = render(
                snapshot, self.kind, self.target, self.user, self.today
            )
        except RetroError as exc:
            self.notify(exc.message, severity="error")
            return
        if markdown == self.markdown:
            return
        self.markdown = markdown
        shown, cut = preview_of(markdown)
        count = len(markdown.splitlines())
        save, where = ("download", "") if self.retro.guest else ("save", " to a file")
        size = (
            f"the first {len(shown.splitlines()):,} of {count:,} lines of Markdown · s: {save} all"
            if cut
            else f"{count:,} lines of Markdown · s: {save}"
        )
        self.query_one("#export-head", Static).update(
            Content.assemble(
                ("Export preview · ", "bold"),
                (f"{self.kind} ", "bold $accent"),
                user(self.title_text, "bold"),
                (f"   {size}{where} · esc: back", "$text-muted"),
            )
        )
        self.query_one(Markdown).update(shown)

    def action_save(self) -> None:
        default = str(Path.cwd() / f"{slug(self.title_text)}.md")
        warned: list[Path] = []

        def save(values: Values) -> None:
            text = values["path"].strip()
            if not text:
                raise RetroError("give the file a name, e.g. retro.md")
            path = Path(text).expanduser()
            if path.is_dir():
                raise RetroError(f"{path} is a folder: add a file name, e.g. {path / 'retro.md'}")
            if not path.parent.is_dir():
                raise RetroError(f"the folder {path.parent} does not exist")
            if path.exists() and path not in warned:
                warned.append(path)
                raise RetroError(f"{path.name} exists already: Save again to replace it")

        def chosen(values: Values | None) -> None:
            if values is not None:
                self._write(Path(values["path"].strip()).expanduser(), self.markdown)

        self.app.push_screen(
            FormScreen(
                f"Save the Markdown of {self.title_text or self.kind}",
                [Field("path", "File", default)],
                save,
                ok="Save",
            ),
            chosen,
        )

    def action_download(self) -> None:
        """A served participant's save: the whole Markdown, sent to their browser as a file
        (textual-serve serves it once, behind the server's token); nothing is written on the
        host."""
        if not self.markdown:
            self.notify("Nothing to download yet: the summary is still being read.", timeout=3)
            return
        name = download_name(self.title_text or self.kind)
        if not self.app.is_web:  # a guest outside a browser: there is no browser to send to
            self.notify("A download needs the browser of retro serve.", severity="warning")
            return
        self.app.deliver_text(
            io.StringIO(self.markdown),
            save_filename=name,
            encoding="utf-8",
            mime_type="text/markdown",
        )
        lines = len(self.markdown.splitlines())
        self.notify(f"Downloading {name} ({lines} lines of Markdown).", title="Exported")

    @work(thread=True, exit_on_error=False)
    def _write(self, path: Path, text: str) -> None:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.app.call_from_thread(
                self.notify, f"Cannot write {path}: {exc.strerror}", severity="error"
            )
            return
        lines = len(text.splitlines())
        self.app.call_from_thread(
            self.notify, f"Saved {lines} lines of Markdown to {path}", title="Exported"
        )
