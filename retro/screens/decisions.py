"""The decision log: due decisions first, the highlighted one in full; and the RACI matrix."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Select, Static

from retro import drift
from retro.insights.words import signed_percent
from retro.loading.snapshot import Snapshot
from retro.model import Decision
from retro.screens.base import RetroScreen
from retro.text import inert
from retro.widgets.keys import KeysFooter
from retro.widgets.text import user

RATING_STYLE = {
    "exceeded": "bold $text-success",
    "met": "$text-success",
    "partly": "$text-warning",
    "missed": "$text-error",
}
FILTERS = [("Open (due first)", "open"), ("Due now", "due"), ("Reviewed", "reviewed"),
           ("Superseded", "superseded"), ("Everything", "all")]  # fmt: skip


class DecisionsScreen(RetroScreen):
    """Every decision; D logs one (the key that logs a decision on a review or a sprint too),
    r reviews the highlighted one, s marks it superseded."""

    PRESENCE = "decisions"

    BINDINGS = [
        Binding("escape", "app.goto('dashboard')", "Back", tooltip="Back to the dashboard"),
        Binding("D", "new", "Decision", tooltip="Log a decision with its expected outcome"),
        Binding("r", "review", "Review", tooltip="Rate how the highlighted decision turned out"),
        # In `?` and the palette, not the footer: so that at 80 columns the footer ends in q Quit.
        Binding(
            "s",
            "supersede",
            "Supersede",
            tooltip="Mark it replaced by another decision",
            show=False,
        ),
        Binding("R", "raci", "RACI", tooltip="Decision rights of the active sprint"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="decision-filters"):
            yield Select[str](FILTERS, value="open", allow_blank=False, id="decision-filter")
        yield Static(id="decision-stats")
        yield DataTable(id="decision-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="decision-detail-box", classes="panel"):
            yield Static(id="decision-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._rows: dict[str, Decision] = {}
        self.query_one("#decision-detail-box").border_title = "Decision"
        table = self.query_one(DataTable)
        # The decision first: at 80 columns it is what a person came to read (as on Actions).
        for label, width in (
            ("Decision", 40),
            ("Status", 10),
            ("Review on", 10),
            ("Conf.", 5),
            ("Decider", 12),
            ("Outcome", 9),
        ):
            table.add_column(label, width=width, key=label.lower())
        table.focus()
        super().on_mount()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._filter()

    @on(Select.Changed, "#decision-filter")
    def _filter(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        today = self.today
        which = self.query_one("#decision-filter", Select).value
        everything = drift.log_order(snapshot.decisions, today)
        keep = {
            "open": lambda d: d.open,
            "due": lambda d: d.is_due(today),
            "reviewed": lambda d: d.status == "reviewed",
            "superseded": lambda d: d.status == "superseded",
        }.get(str(which), lambda d: True)
        rows = [d for d in everything if keep(d)]
        table = self.query_one(DataTable)
        at = table.cursor_row
        table.clear()
        self._rows = {}
        for d in rows:
            due = d.is_due(today)
            style = "bold $error" if due else ("$text-muted" if not d.open else "")
            table.add_row(
                user(d.title, oneline=True),
                Content.styled("due" if due else d.status, style),
                Content.styled(str(d.review_on), style),
                Content("" if d.confidence is None else f"{d.confidence}/10"),
                user(d.decider or "–"),
                Content.styled(d.rating or "", RATING_STYLE.get(d.rating or "", "")),
                key=d.id,
            )
            self._rows[d.id] = d
        if table.row_count:
            table.move_cursor(row=min(at, table.row_count - 1))
        stats = drift.decision_stats(snapshot.decisions, today)
        self.query_one("#decision-stats", Static).update(
            Content.assemble(
                (f"{len(rows)} of {len(snapshot.decisions)} decisions", "bold"),
                (f" · {stats.due} due", "bold $error" if stats.due else "$text-muted"),
                ("\nDecision drift ", "$text-muted"),
                (signed_percent(stats.drift), "bold"),
                ("  ", ""),
                (stats.sentence, "$text-muted"),
                ("\nCalibration ", "$text-muted"),
                ("—" if stats.calibration is None else f"{stats.calibration:.2f}", "bold"),
                ("  ", ""),
                (stats.calibration_sentence, "$text-muted"),
            )
        )
        self._detail()

    def _current(self) -> Decision | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        d = self._current()
        widget = self.query_one("#decision-detail", Static)
        if d is None:
            widget.update(
                Content.styled(
                    "No decisions here yet. n logs one: what you decided, what you expect, "
                    "and when to look again.",
                    "$text-muted",
                )
            )
            return
        widget.update(detail(d, self.today, {x.id: x for x in self._all()}))

    def _all(self) -> tuple[Decision, ...]:
        return self.snapshot.decisions if self.snapshot is not None else ()

    def action_new(self) -> None:
        from retro.screens.decision_forms import new_decision

        new_decision(self.retro)

    def action_review(self) -> None:
        from retro.screens.decision_forms import review_decision

        d = self._current()
        if d is None:
            self.notify("No decision is highlighted.")
        elif not d.open:
            self.notify(f"This decision is {d.status} already.", markup=False)
        else:
            review_decision(self.retro, d)

    def action_supersede(self) -> None:
        from retro.screens.decision_forms import supersede_decision

        d = self._current()
        if d is None:
            self.notify("No decision is highlighted.")
            return
        supersede_decision(self.retro, d, list(self._all()))

    def action_raci(self) -> None:
        self.app.push_screen(RaciScreen())


def detail(d: Decision, today: object, by_id: dict[str, Decision]) -> Content:
    """The whole of one decision, its text inert."""
    parts: list[Content | str | tuple[str, str]] = [user(d.title, "bold"), "\n"]
    state = "due for review" if d.is_due(today) else d.status  # type: ignore[arg-type]
    parts += [(state, "bold $error" if d.is_due(today) else "$text-muted")]  # type: ignore[arg-type]
    parts += [
        (f" · decided {d.decided_on}", "$text-muted"),
        user(f" by {d.decider}" if d.decider else "", "$text-muted"),
    ]
    parts += [(f" · review on {d.review_on}", "$text-muted")]
    if d.confidence is not None:
        parts.append((f" · confidence {d.confidence}/10", "$text-muted"))
    if d.superseded_by:
        other = by_id.get(d.superseded_by)
        parts += [
            ("\nSuperseded by ", "$text-warning"),
            user(other.title if other else d.superseded_by),
        ]
    for label, text in (("Context", d.context), ("Decision", d.decision)):
        if text.strip():
            parts += [(f"\n{label}: ", "bold"), user(text)]
    if d.options:
        parts += [("\nOptions considered: ", "bold"), user("; ".join(d.options))]
    parts += [("\nExpected: ", "bold"), user(d.expected)]
    if d.measurable:
        parts.append(user(f"  ({d.baseline:g} → {d.target:g} {d.unit})".rstrip(), "$text-muted"))
    roles = [(role, names) for role, names in d.raci().items() if names]
    for role, names in roles:
        parts += [(f"\n{role.capitalize()}: ", "$text-muted"), user(", ".join(names))]
    if d.status == "reviewed":
        parts += [("\nOutcome: ", "bold"), (d.rating or "", RATING_STYLE.get(d.rating or "", ""))]
        parts.append((f" (reviewed {d.reviewed_on})", "$text-muted"))
        if d.actual_value is not None:
            parts.append(user(f"  {d.actual_value:g} {d.unit}".rstrip()))
        if d.actual:
            parts += [("\nWhat happened: ", "bold"), user(d.actual)]
        if d.why:
            parts += [("\nWhy: ", "bold"), user(d.why)]
    return Content.assemble(*parts)


class RaciScreen(RetroScreen):
    """Decision rights of a sprint (the active one unless named): its goals and the open
    decisions × people."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="Back")]

    def __init__(self, sprint_id: str | None = None) -> None:
        super().__init__()
        self.sprint_id = sprint_id

    def compose(self) -> ComposeResult:
        yield Static(id="raci-head")
        yield DataTable(id="raci-table", zebra_stripes=True)
        yield Static(id="raci-warnings")
        yield KeysFooter()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        sprint = snapshot.sprint(self.sprint_id) if self.sprint_id else snapshot.active_sprint()
        decisions = [
            d for d in snapshot.decisions if sprint is None or d.sprint_id in (None, sprint.id)
        ]
        matrix = drift.raci_matrix(sprint.goals if sprint else [], decisions)
        head = (
            Content.assemble(("Decision rights · ", "bold"), user(sprint.title, "bold"))
            if sprint
            else Content.styled("Decision rights · no active sprint: open decisions only", "bold")
        )
        self.query_one("#raci-head", Static).update(
            Content.assemble(
                head,
                ("\nR responsible · A accountable · C consulted · I informed", "$text-muted"),
            )
        )
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Goal or decision", width=40, key="title")
        for person in matrix.people:
            table.add_column(
                Text(inert(person)), width=max(4, min(len(person), 12)), key=f"p-{person}"
            )
        for row in matrix.rows:
            table.add_row(
                Content.assemble(
                    (f"{row.kind[0].upper()} ", "$text-muted"), user(row.title, oneline=True)
                ),
                *(
                    Content.styled(row.letters(p), "bold" if "A" in row.letters(p) else "")
                    for p in matrix.people
                ),
                key=row.id,
            )
        warnings = [Content.styled("⚠ " + w, "$text-warning") for w in matrix.warnings]
        if not matrix.rows:
            warnings = [Content.styled("No goals or open decisions yet.", "$text-muted")]
        self.query_one("#raci-warnings", Static).update(Content("\n").join(warnings))
