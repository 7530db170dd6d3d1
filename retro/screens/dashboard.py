"""The dashboard: purpose, the active sprint's drift, actions, recent reviews, lessons, trends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Footer, LoadingIndicator, Static

from retro.screens import dashboard_panels as panels
from retro.screens.base import RetroScreen
from retro.text import plural
from retro.widgets.drift import percent, signed
from retro.widgets.keys import KeysFooter
from retro.widgets.text import clip, user
from retro.widgets.trend import Trend

if TYPE_CHECKING:
    from retro.loading.snapshot import Snapshot
    from retro.messages import DataReloaded

# The forms and the snapshot's module (with the drift engine) are imported when first used, not
# before the first frame.


def _spread(value: float) -> str:
    return f"{value:.2f}"


_PHASE_STYLE = {True: "$text-success", False: "bold $warning"}
"""Closed reviews are ticked; running ones (any phase before closed) have a dot."""


class DashboardScreen(RetroScreen):
    """Everything at a glance; Enter on a review opens it."""

    PRESENCE = "dashboard"
    DRAWS_ON_MOUNT = False  # its panels are mounted first (`_draw`)

    BINDINGS = [
        Binding("n", "new_review", "New review", tooltip="Start a review in any format"),
        Binding("s", "new_sprint", "New sprint", tooltip="Plan an alignment sprint"),
        Binding("l", "log_lesson", "Log lesson", tooltip="Write down a lesson learned"),
        Binding(
            "p",
            "set_purpose",
            "Purpose",
            tooltip="Change the team's purpose (kept in history)",
            show=False,
        ),
        Binding("m", "add_member", "Add member", tooltip="Add a person to the team", show=False),
        Binding("h", "purpose_history", "Purpose history", tooltip="Every purpose", show=False),
        Binding(
            "F", "new_format", "New format", tooltip="Make a format of the team's own", show=False
        ),
        Binding("f2", "rename_team", "Rename team", tooltip="Give the team a new name", show=False),
    ]

    def compose(self) -> ComposeResult:
        # Only what shows while the store is read: the panels are mounted after the first frame,
        # hidden while the store is read (`_build`), so the first frame styles a handful of
        # widgets, not forty, and the snapshot, once read, only has to fill them.
        yield Static(id="topbar")
        yield LoadingIndicator(id="loading")
        yield KeysFooter()

    def _panels(self) -> list[Widget]:
        """The dashboard's panels, empty; `show_snapshot` fills them."""

        def panel(box: type[Widget], panel_id: str, title: str, *children: Widget) -> Widget:
            widget = box(*children, id=panel_id, classes="panel")
            widget.border_title = title
            return widget

        trends: list[Widget] = []
        for key, label in (
            ("sprint", "Sprint drift"),
            ("follow", "Follow-through"),
            ("spread", "Alignment spread"),
        ):
            trends += [
                Static(Content.styled(label, "bold"), classes="spark-label", id=f"l-{key}"),
                Trend(id=f"trend-{key}"),
            ]
        table: DataTable[object] = DataTable(id="reviews", cursor_type="row", zebra_stripes=True)
        for label, width in (("Date", 6), ("Review", 20), ("Drift", 5)):
            table.add_column(label, width=width, key=label.lower())
        reviews = panel(Vertical, "reviews-panel", "Recent reviews", table)
        reviews.border_subtitle = "● running · enter opens"
        return [
            panel(Vertical, "purpose-panel", "Purpose", Static(id="purpose")),
            Static(id="live-now"),  # reviews open now, and who is in them
            Vertical(
                Horizontal(
                    panel(VerticalScroll, "sprint-panel", "Active sprint", Static(id="sprint")),
                    Vertical(
                        panel(
                            VerticalScroll, "actions-panel", "Open actions", Static(id="actions")
                        ),
                        panel(
                            VerticalScroll,
                            "decisions-panel",
                            "Decisions due",
                            Static(id="decisions"),
                        ),
                        id="dash-right",
                    ),
                    classes="dash-row",
                ),
                Horizontal(
                    reviews,
                    panel(Vertical, "trends-panel", "Trends", *trends, Static(id="themes")),
                    panel(VerticalScroll, "lessons-panel", "Recent lessons", Static(id="lessons")),
                    classes="dash-row",
                ),
                id="dash",
            ),
        ]

    def on_mount(self) -> None:
        self._built = False  # the panels are mounted, or being mounted
        self._ready = False  # the panels are mounted
        self._shown = False  # a snapshot was drawn: the panels are on screen
        self._fit_tries = 0  # layouts waited for by `_fit_reviews`
        self._titles: dict[str, tuple[bool, str]] = {}  # row key → (closed, title)
        self._titles_room: int | None = None  # the room the titles were cut to
        if self.snapshot is not None:
            self._draw(self.snapshot)
        else:
            self.call_after_refresh(self._mount_panels)

    def on_data_reloaded(self, message: DataReloaded) -> None:
        message.prevent_default()  # not `RetroScreen`'s handler: the panels may not be there yet
        self._draw(message.snapshot)

    def _draw(self, snapshot: Snapshot) -> None:
        """Show the snapshot, mounting the panels first the first time."""
        if not self._ready:
            self._mount_panels()
        elif not snapshot.light:  # a board's read: the full one follows (`catch_up`)
            self.show_snapshot(snapshot)

    def _mount_panels(self) -> None:
        """Mount the panels, hidden until a snapshot is drawn (after the first frame, while the
        store is read in the loader's thread; or with the first snapshot)."""
        if not self._built:
            self._built = True
            self.run_worker(self._build(), group="build", exit_on_error=True)

    async def _build(self) -> None:
        panels = self._panels()
        for panel in panels:
            panel.display = False
        await self.mount_all(panels, before=self.query_one(Footer))
        self._ready = True
        if self.snapshot is not None:
            self._draw(self.snapshot)

    def show_error(self, message: str) -> None:
        if self.snapshot is None:
            for spinner in self.query("#loading"):
                spinner.display = False
            self.query_one("#topbar", Static).update(
                Content.assemble(("Cannot read the store\n", "bold $error"), user(message))
            )

    def show_snapshot(self, snapshot: Snapshot) -> None:
        for spinner in self.query("#loading"):
            spinner.remove()  # hidden, it would still redraw 16 times a second
        self.query_one("#purpose-panel").display = True
        self.query_one("#dash").display = True
        self._shown = True
        team = snapshot.team
        self.query_one("#topbar", Static).update(
            Content.assemble(
                ("retro", "bold $accent"),
                ("  ·  ", "$text-muted"),
                user(team.name, "bold"),
                ("  ·  ", "$text-muted"),
                (
                    f"{plural(len(snapshot.people()), 'person', 'people')} · "
                    f"{plural(snapshot.review_count, 'review')} · ",
                    "$text-muted",
                ),
                (
                    f"{plural(snapshot.sprint_count, 'sprint')} · "
                    f"{plural(snapshot.lesson_count, 'lesson')}",
                    "$text-muted",
                ),
                ("  ·  you are ", "$text-muted"),
                user(self.user, "bold"),
            )
        )
        self._purpose(snapshot)
        self._sprint(snapshot)
        self._actions(snapshot)
        self._reviews(snapshot)
        self._trends(snapshot)
        self._lessons(snapshot)
        self._decisions(snapshot)
        self._live()
        self.call_after_refresh(self.retro.snapshot_drawn, snapshot)

    def on_room_changed(self) -> None:
        if self._shown:
            self._live()

    def _live(self) -> None:
        """The reviews someone has open now, and who is in them (shown only while there are)."""
        from retro.widgets.room import show_live

        show_live(self.query_one("#live-now", Static), self.retro.live, self.snapshot)

    def _purpose(self, snapshot: Snapshot) -> None:
        team = snapshot.team
        if not team.purposes:
            self.query_one("#purpose", Static).update(
                Content.styled(
                    "No purpose yet: press p to set the team's north star.", "$text-muted"
                )
            )
            return
        # The current purpose, prominent; earlier ones only in its history (h).
        current = team.purposes[-1]
        parts: list[Content | str | tuple[str, str]] = [user(current.text, "bold $accent")]
        meta = f"\nv{len(team.purposes)} · set {current.set_at.date()}"
        parts.append((meta, "$text-muted"))
        if current.set_by:
            parts += [(" by ", "$text-muted"), user(current.set_by, "$text-muted")]
        if len(team.purposes) > 1:
            parts.append(("  ·  h shows its history", "$text-muted"))
        if team.agreements:
            parts.append((f"  ·  {len(team.agreements)} agreements", "$text-muted"))
        self.query_one("#purpose", Static).update(Content.assemble(*parts))

    def _sprint(self, snapshot: Snapshot) -> None:
        self.query_one("#sprint", Static).update(panels.sprint(snapshot))

    def _actions(self, snapshot: Snapshot) -> None:
        self.query_one("#actions", Static).update(panels.actions(snapshot, self.today))

    def _decisions(self, snapshot: Snapshot) -> None:
        title, content = panels.decisions(snapshot, self.today)
        self.query_one("#decisions-panel").border_title = title
        self.query_one("#decisions", Static).update(content)

    def _reviews(self, snapshot: Snapshot) -> None:
        from retro.loading.overview import RECENT_REVIEWS

        table = self.query_one("#reviews", DataTable)
        keep = table.cursor_row
        table.clear()
        self._titles = {}
        self._titles_room = None  # the titles are whole until `_fit_reviews`
        for review in reversed(snapshot.recent[-RECENT_REVIEWS:]):
            value = snapshot.insights.review_drift.get(review.id)
            self._titles[review.id] = (review.phase == "closed", review.title)
            table.add_row(
                f"{review.on:%d %b}",
                _title_cell(review.phase == "closed", review.title, None),
                Content(signed(value)),
                key=review.id,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._fit_reviews()

    def _trends(self, snapshot: Snapshot) -> None:
        insights = snapshot.insights
        for key, data, fmt in (
            ("sprint", insights.sprint_trend, signed),
            ("follow", insights.follow_trend, percent),
            ("spread", insights.spread_trend, _spread),
        ):
            self.query_one(f"#trend-{key}", Trend).show([float(v) for v in data], fmt)
        from retro import drift

        latest = insights.sprint_trend[-1] if insights.sprint_trend else None
        sprint_words = "no sprint measured yet"
        if latest is not None:
            sprint_words = f"latest {drift.band(latest, snapshot.team.tolerance)}"
        spread = insights.spread_trend[-1] if insights.spread_trend else None
        for key, label, words in (
            ("sprint", "Sprint drift", sprint_words),
            ("spread", "Alignment spread", drift.spread_words(spread, short=True)),
        ):
            self.query_one(f"#l-{key}", Static).update(
                Content.assemble((label, "bold"), (f" · {words}", "$text-muted"))
            )
        parts: list[Content | str | tuple[str, str]] = [("Recurring themes  ", "bold")]
        if not insights.themes:
            parts.append(("none yet", "$text-muted"))
        for theme in insights.themes:
            prefix = "#" if theme.kind == "tag" else ""
            parts.append(user(f"{prefix}{theme.term}", "$text-warning"))
            parts.append((f" ×{len(theme.review_ids)}  ", "$text-muted"))
        self.query_one("#themes", Static).update(Content.assemble(*parts))

    def _lessons(self, snapshot: Snapshot) -> None:
        lines: list[Content] = []
        for lesson in snapshot.recent_lessons[:10]:
            tags = " ".join(f"#{t}" for t in lesson.tags)
            lines.append(
                Content.assemble(
                    (f"{lesson.on:%d %b} ", "$text-muted"),
                    user(lesson.text, oneline=True),
                    " ",
                    user(tags, "$text-secondary"),
                )
            )
        if not lines:
            lines.append(Content.styled("No lessons yet. Press l to log one.", "$text-muted"))
        self.query_one("#lessons", Static).update(Content("\n").join(lines))

    def on_resize(self) -> None:
        if self._shown:  # hidden panels have no width to fit
            self._fit_reviews()

    def _fit_reviews(self) -> None:
        """Give the review titles every cell the date and drift columns leave in the table:
        its width once laid out, else the grid's third of the screen less the panel's frame."""
        table = self.query_one("#reviews", DataTable)
        width = table.scrollable_content_region.width or self.app.size.width // 3 - 4
        # The drift column stays whole: the title gives up its cells first, down to 4.
        room = max(4, width - (6 + 5) - 3 * 2)
        column = table.columns.get("review")  # type: ignore[call-overload]
        if column is not None and (column.width != room or self._titles_room != room):
            column.width = room
            self._titles_room = room
            # A title longer than the column ends in an ellipsis, not mid-word with no sign.
            for key, (closed, title) in self._titles.items():
                table.update_cell(key, "review", _title_cell(closed, title, room))
            table.refresh()
        if not table.scrollable_content_region.width and self._fit_tries < 20:
            # Not laid out yet: try again shortly. A timer, not call_after_refresh: a callback
            # that schedules itself after each refresh can keep the refresh from ever coming.
            self._fit_tries += 1
            self.set_timer(0.05, self._fit_reviews)
        else:
            self._fit_tries = 0

    @on(DataTable.RowSelected, "#reviews")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.retro.open_review(event.row_key.value)

    def action_new_review(self) -> None:
        from retro.screens.team_forms import new_review

        new_review(self.retro)

    def action_new_sprint(self) -> None:
        from retro.screens.sprint import new_sprint

        new_sprint(self.retro)

    def action_log_lesson(self) -> None:
        from retro.screens.lessons import log_lesson

        log_lesson(self.retro)

    def action_set_purpose(self) -> None:
        from retro.screens.team_forms import set_purpose

        set_purpose(self.retro)

    def action_purpose_history(self) -> None:
        from retro.screens.purpose import PurposeHistoryScreen

        if self.snapshot is not None:
            self.app.push_screen(PurposeHistoryScreen(self.snapshot.team.purposes))

    def action_new_format(self) -> None:
        from retro.screens.format_form import new_format

        new_format(self.retro)

    def action_rename_team(self) -> None:
        from retro.screens.rename_forms import rename_team

        rename_team(self)

    def action_add_member(self) -> None:
        from retro.screens.team_forms import add_member

        add_member(self.retro)


def _title_cell(closed: bool, title: str, room: int | None) -> Content:
    """A review's row title: its phase marker, then the title, cut with an ellipsis to fit
    `room` cells (None: whole)."""
    text = " ".join(title.split())
    if room is not None:
        text = clip(text, max(1, room - 2))
    return Content.assemble(("✓ " if closed else "● ", _PHASE_STYLE[closed]), user(text))
