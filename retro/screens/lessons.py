"""Lessons learned: search as you type, filter by tag, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from retro.loading.snapshot import Snapshot
from retro.model import Lesson
from retro.screens.base import RetroScreen
from retro.screens.forms import ConfirmScreen, Field, FormScreen, Values
from retro.widgets.keys import KeysFooter
from retro.widgets.text import clip, user

if TYPE_CHECKING:
    from retro.app import RetroApp

SHOWN = 300
"""At most this many matches are listed at once (a long list costs time to draw)."""


def lesson_content(lesson: Lesson) -> Content:
    """One lesson: its text, then date, author, tags and where it came from."""
    meta: list[Content | str | tuple[str, str]] = [(f"{lesson.on}", "$text-muted")]
    if lesson.author:
        meta += [("  ", ""), user(lesson.author, "$text-muted")]
    for tag in lesson.tags:
        meta += [("  ", ""), user(f"#{tag}", "$text-secondary")]
    if lesson.review_id:
        meta.append(("  ↳ from a review", "$text-muted"))
    return Content.assemble(user(lesson.text), "\n", *meta)


class LessonsScreen(RetroScreen):
    """Search lessons; `l` logs one (as on the dashboard), `d` deletes the highlighted one."""

    PRESENCE = "lessons"

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Leave the search, or back to the dashboard"),
        Binding("slash", "search", "Search", tooltip="Type words to search lessons"),
        # While the search box has the focus it takes every letter: this shows the way out to
        # the results, where the keys below work. Priority, over the box's own (idle) ↓; off
        # everywhere else (`check_action`), where the list's ↓ moves the highlight.
        Binding(
            "down",
            "to_list",
            "Results",
            tooltip="From the search to the results: l, d",
            priority=True,
        ),
        Binding("l", "new", "Log lesson", tooltip="Write down a lesson learned"),
        Binding("d", "delete", "Delete", tooltip="Delete the highlighted lesson"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-filters"):
            yield Input(
                placeholder="Search lessons (words in the text or tags)", id="lesson-search"
            )
            yield Select[str]([], prompt="Any tag", id="lesson-tag")
        yield Static(id="lesson-count")
        yield OptionList(id="lesson-list", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._tags: list[str] = []
        super().on_mount()
        self.query_one("#lesson-search", Input).focus()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        tags = snapshot.tags()
        if tags != self._tags:
            self._tags = tags
            select = self.query_one("#lesson-tag", Select)
            current = select.value
            select.set_options([(Content(f"#{t}"), t) for t in tags])
            if current in tags:
                select.value = current
        self._filter()

    @on(Input.Changed, "#lesson-search")
    @on(Select.Changed, "#lesson-tag")
    def _filter(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        words = self.query_one("#lesson-search", Input).value
        tag = self.query_one("#lesson-tag", Select).value
        matches = [
            lesson
            for lesson in snapshot.lessons
            if (tag is Select.NULL or tag in lesson.tags) and lesson.matches(words)
        ]
        option_list = self.query_one("#lesson-list", OptionList)
        keep = None
        if option_list.highlighted is not None and option_list.option_count:
            keep = option_list.get_option_at_index(option_list.highlighted).id
        options = [Option(lesson_content(lesson), id=lesson.id) for lesson in matches[:SHOWN]]
        option_list.set_options(options)
        ids = [lesson.id for lesson in matches[:SHOWN]]
        if options:
            option_list.highlighted = ids.index(keep) if keep in ids else 0
        hint = "   / search · ↓ or enter: into the list · esc: out of the search box"
        if not matches and snapshot.lessons:
            hint = "   no lesson matches: change the words or pick another tag"
        self.query_one("#lesson-count", Static).update(
            Content.assemble(
                (
                    count_line(
                        len(matches),
                        len(snapshot.lessons),
                        filtered=bool(words.split()) or tag is not Select.NULL,
                    ),
                    "$text-muted",
                ),
                (hint, "$text-muted"),
            )
        )

    def export_target(self) -> tuple[str, str | None]:
        return ("lessons", None)

    def action_search(self) -> None:
        self.query_one("#lesson-search", Input).focus()

    def action_back(self) -> None:
        """Escape leaves the search box first (so the screen's keys work), then the screen."""
        if isinstance(self.focused, Input):
            self.query_one("#lesson-list", OptionList).focus()
        else:
            self.retro.action_goto("dashboard")

    @on(Input.Submitted, "#lesson-search")
    def _to_list(self) -> None:
        self.query_one("#lesson-list", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            return isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def action_to_list(self) -> None:
        """Down from the search box moves into the results."""
        self.query_one("#lesson-list", OptionList).focus()

    def action_new(self) -> None:
        log_lesson(self.retro)

    def action_delete(self) -> None:
        option_list = self.query_one("#lesson-list", OptionList)
        if option_list.highlighted is None or not option_list.option_count:
            return
        lesson_id = option_list.get_option_at_index(option_list.highlighted).id
        snapshot = self.snapshot
        lesson = (
            next((x for x in snapshot.lessons if x.id == lesson_id), None) if snapshot else None
        )
        if lesson is None or lesson_id is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: self.retro.store.delete_lesson(lesson_id))

        self.app.push_screen(
            ConfirmScreen(
                Content.assemble("Delete the lesson “", user(clip(lesson.text, 60)), "”?"), "Delete"
            ),
            answer,
        )


def log_lesson(app: RetroApp) -> None:
    """Ask for a lesson's text and tags and store it."""

    def save(values: Values) -> None:
        tags = [t for t in values["tags"].replace(",", " ").split() if t.strip("#")]
        app.store.add_lesson(Lesson(values["text"], on=app.today, tags=tags, author=app.user))

    app.push_screen(
        FormScreen(
            "Log a lesson",
            [
                Field("text", "Lesson", placeholder="Config changes need the same canary as code"),
                Field("tags", "Tags (space-separated)", placeholder="deploy config"),
            ],
            save,
        ),
        lambda _: app.reload(),
    )


def count_line(matching: int, total: int, *, filtered: bool, shown: int = SHOWN) -> str:
    """How many lessons the list holds, of how many: "42 lessons", "7 of 42 lessons", "the
    newest 300 of 25,000 lessons", "the newest 300 of 3,131 matching, of 25,000 lessons"."""
    if not filtered:
        counted = f"{total:,} {'lesson' if total == 1 else 'lessons'}"
        return (f"the newest {shown:,} of {counted}" if total > shown else counted) + (
            " · newest first"
        )
    if matching > shown:
        return f"the newest {shown:,} of {matching:,} matching, of {total:,} lessons · newest first"
    return f"{matching:,} of {total:,} {'lesson' if total == 1 else 'lessons'} · newest first"
