"""Actions across every review: filter by owner and status, mark done."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Select, Static

from retro.loading.snapshot import Snapshot
from retro.model import ACTION_STATUSES, Review
from retro.screens.base import RetroScreen
from retro.text import plural
from retro.widgets.keys import KeysFooter
from retro.widgets.text import user

SHOWN = 500
"""At most this many rows at once (a table measures every cell it is given)."""


class ActionsScreen(RetroScreen):
    """Every action; space marks the highlighted one done (or open again), x drops it."""

    PRESENCE = "actions"

    BINDINGS = [
        Binding("escape", "app.goto('dashboard')", "Back", tooltip="Back to the dashboard"),
        Binding("space", "toggle_done", "Done/open", tooltip="Mark done, or open again"),
        Binding("D", "drop", "Drop", tooltip="Drop the action (will not be done)"),
        Binding("enter", "open", "Open review", tooltip="Open the review it came from", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="action-filters"):
            yield Select[str]([], prompt="Anyone", id="action-owner")
            yield Select[str](
                [(s, s) for s in ("open", "overdue", *ACTION_STATUSES[1:])],
                prompt="Any status",
                value="open",
                id="action-status",
            )
        yield Static(id="action-count")
        yield DataTable(id="action-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._owners: list[str] = []
        self._rows: dict[str, Review] = {}
        table = self.query_one(DataTable)
        for label, width in (
            ("Action", 44),
            ("Owner", 10),
            ("Due", 10),
            ("Status", 8),
            ("Review", 30),
        ):
            table.add_column(label, width=width, key=label.lower())
        # The table first: space, D and enter act on the highlighted action at once.
        table.focus()
        super().on_mount()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        owners = sorted({a.owner for a in snapshot.actions() if a.owner})
        if owners != self._owners:
            self._owners = owners
            select = self.query_one("#action-owner", Select)
            current = select.value
            select.set_options([(Content(o), o) for o in owners])
            if current in owners:
                select.value = current
        self._filter()

    @on(Select.Changed)
    def _filter(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        today: date = self.today
        owner = self.query_one("#action-owner", Select).value
        status = self.query_one("#action-status", Select).value
        rows = []
        for review in reversed(snapshot.headers):  # actions need no cards
            for action in review.actions:
                if owner is not Select.NULL and action.owner != owner:
                    continue
                if status == "overdue":
                    if not action.is_overdue(today):
                        continue
                elif status is not Select.NULL and action.status != status:
                    continue
                rows.append((action, review))
        rows.sort(key=lambda pair: (not pair[0].is_overdue(today), pair[0].due or date.max))
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self._rows = {}
        for action, review in rows[:SHOWN]:
            late = action.is_overdue(today)
            style = "bold $error" if late else ("$text-muted" if action.status != "open" else "")
            table.add_row(
                user(action.text, style, oneline=True),
                user(action.owner or "no owner", "" if action.owner else "$warning"),
                Content.styled(str(action.due or "–"), style),
                Content.styled("overdue" if late else action.status, style),
                user(review.title, "$text-muted", oneline=True),
                key=action.id,
            )
            self._rows[action.id] = review
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        overdue = sum(1 for a, _ in rows if a.is_overdue(today))
        ownerless = sum(1 for a, _ in rows if a.status == "open" and not a.owner)
        more = f" (showing {SHOWN})" if len(rows) > SHOWN else ""
        self.query_one("#action-count", Static).update(
            Content.assemble(
                (f"{plural(len(rows), 'action')}{more}", "bold"),
                (f" · {overdue} overdue", "bold $error" if overdue else "$text-muted"),
                (f" · {ownerless} with no owner", "bold $warning") if ownerless else "",
                ("   space: done/open · D: drop · enter: open its review", "$text-muted"),
            )
        )

    def _current(self) -> tuple[str, Review] | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return (key, self._rows[key]) if key in self._rows else None

    def _set(self, status: str) -> None:
        current = self._current()
        if current is None:
            return
        action_id, review = current
        today = self.today

        def change(r: Review) -> None:
            action = r.action(action_id)
            new = "open" if action.status == status else status
            action.status = new  # type: ignore[assignment]
            action.done_on = today if new != "open" else None

        self.attempt(lambda: self.retro.store.update_review(review.id, change))

    def action_toggle_done(self) -> None:
        self._set("done")

    def action_drop(self) -> None:
        self._set("dropped")

    def action_open(self) -> None:
        current = self._current()
        if current is not None:
            self.retro.open_review(current[1].id)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()
