"""A sprint: goals with baseline, target, latest, attainment and drift; check-ins; the chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from retro import drift
from retro.errors import RetroError, RuleError, ValidationError
from retro.loading.snapshot import Snapshot
from retro.model import CheckIn, Goal, Review, Sprint
from retro.screens.base import RetroScreen
from retro.screens.checkin_forms import checkin_form, delete_checkin
from retro.screens.forms import ConfirmScreen, Field, FormScreen, Values
from retro.screens.sprint_ops import activate, close_sprint, new_sprint
from retro.widgets.chart import PlanChart
from retro.widgets.drift import band_label, drift_bar, percent, signed
from retro.widgets.keys import KeysFooter
from retro.widgets.text import clip, user

if TYPE_CHECKING:
    pass


def _unit(unit: str) -> str:
    """A unit after a number: "%" sticks to it, words keep a space ("10 ms")."""
    return "" if not unit else (unit if unit == "%" else f" {unit}")


def _num(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:g}{_unit(unit)}"


Layout = tuple[tuple[str, str, int], ...]


def goal_layout(width: int) -> Layout:
    """The goals table's columns (label, key, width) for a panel `width` cells wide: the goal
    takes what the others leave; narrow screens drop the plan and the schedule drift."""
    wide = width >= 100
    fixed: list[tuple[str, str, int]] = [("Owner", "owner", 7)]
    if wide:
        fixed.append(("Plan", "plan", 18))
    fixed += [
        ("Latest", "latest", 7),
        ("Drift bar", "drift bar", 14 if wide else 10),
        ("Att.", "att.", 5),
        ("Band", "band", 11),
    ]
    fixed.append(("Drift", "drift", 6))
    used = sum(w for _, _, w in fixed) + 2 * (len(fixed) + 1)
    return (("Goal", "goal", max(16, width - used - 1)), *fixed)


def checkin_layout(width: int) -> Layout:
    """The check-ins table's columns for a panel `width` cells wide: the note takes the rest
    (and wraps); a narrow panel drops the schedule drift."""
    fixed = [("Date", "date", 6), ("Value", "value", 7), ("Conf.", "conf.", 5)]
    if width >= 50:
        fixed.append(("Sched.", "sched.", 6))
    used = sum(w for _, _, w in fixed) + 2 * (len(fixed) + 1)
    return (*fixed, ("Note", "note", max(8, width - used - 1)))


class SprintScreen(RetroScreen):
    """One sprint; the highlighted goal's check-ins and chart below the goals."""

    PRESENCE = "sprint"

    BINDINGS = [
        Binding("escape", "app.goto('dashboard')", "Back", tooltip="Back to the dashboard"),
        Binding("c", "checkin", "Check in", tooltip="Record the goal's value, confidence and note"),
        Binding("g", "add_goal", "Add goal", tooltip="Add a goal to this sprint"),
        # Shown in the check-ins panel's title, not the footer, which has no room left for them.
        Binding(
            "e",
            "edit_checkin",
            "Edit check-in",
            tooltip="Correct the selected check-in",
            show=False,
        ),
        Binding("d", "delete_checkin", "Delete check-in", tooltip="Delete it", show=False),
        Binding("o", "activate", "Start", tooltip="Make this planned sprint active", show=False),
        Binding(
            "C", "close_sprint", "Close sprint", tooltip="Close it and open its closing review"
        ),
        Binding("D", "decision", "Decision", tooltip="Log a decision for this sprint", show=False),
        Binding("f2", "rename", "Rename sprint", tooltip="Give the sprint a new title", show=False),
        Binding(
            "R", "raci", "RACI", tooltip="Who is responsible, accountable, consulted, informed"
        ),
    ]

    def __init__(self, sprint_id: str) -> None:
        super().__init__()
        self.sprint_id = sprint_id
        self.sprint: Sprint | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Loading the sprint…", "$text-muted"), id="sprint-head")
        with Vertical(id="goals-panel", classes="panel"):
            yield DataTable(id="goals", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="goal-detail"):
            with Vertical(id="checkins-panel", classes="panel"):
                yield DataTable(id="checkins", cursor_type="row", zebra_stripes=True)
            with Vertical(id="chart-panel", classes="panel"):
                yield PlanChart(id="chart")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#goals-panel").border_title = "Goals  (c: check in · g: add goal)"
        self.query_one("#checkins-panel").border_title = "Check-ins"
        self.query_one("#chart-panel").border_title = "Actual against the plan"
        self._goal_layout: tuple[tuple[str, str, int], ...] = ()
        self._checkin_layout: tuple[tuple[str, str, int], ...] = ()
        super().on_mount()

    def on_resize(self) -> None:
        if self.snapshot is not None and self.sprint is not None:
            self.call_after_refresh(self.show_snapshot, self.snapshot)

    def _columns(
        self, table: DataTable, layout: tuple[tuple[str, str, int], ...], current: str
    ) -> bool:
        """Lay the table's columns out again when the width asks for others; True if it did."""
        if getattr(self, current) == layout:
            return False
        setattr(self, current, layout)
        table.clear(columns=True)
        for label, key, width in layout:
            table.add_column(label, width=width, key=key)
        return True

    def show_snapshot(self, snapshot: Snapshot) -> None:
        sprint = snapshot.sprint(self.sprint_id)
        if sprint is None:
            # The snapshot may predate the sprint (it was read while the sprint was written).
            try:
                sprint = self.retro.store.sprint(self.sprint_id)
            except RetroError:
                self.notify("This sprint is no longer in the store.", severity="warning")
                return
        self.sprint = sprint
        summary = drift.summarize_sprint(sprint, snapshot.team.tolerance, self.today)
        status = f"{sprint.status} · {summary.days_left} days left"
        self.query_one("#sprint-head", Static).update(
            Content.assemble(
                user(sprint.title, "bold"),
                (f"   {sprint.start:%d %b} → {sprint.end:%d %b %Y} · ", "$text-muted"),
                (status if sprint.status == "active" else sprint.status, "$text-muted"),
                ("\nPurpose: ", "$text-muted"),
                user(sprint.purpose or "–", "italic"),
                ("\nSprint drift ", "$text-muted"),
                (signed(summary.drift), "bold"),
                "  ",
                band_label(summary.band),
                (f"   {summary.sentence}", "$text-muted"),
            )
        )
        table = self.query_one("#goals", DataTable)
        keep = table.cursor_row
        layout = goal_layout(
            self.query_one("#goals-panel").content_size.width or self.app.size.width - 4
        )
        widths = {key: width for _, key, width in layout}
        self._columns(table, layout, "_goal_layout")
        table.clear()
        for goal in summary.goals:
            latest = (
                _num(goal.latest_value)
                if goal.baseline is not None
                else (goal.latest_rating or "–")
            )
            plan = (
                f"{goal.baseline:g} → {goal.target:g}{_unit(goal.unit)}"
                if goal.baseline is not None and goal.target is not None
                else "rated"
            )
            cells = {
                "goal": user(goal.statement, oneline=True),
                "owner": user(goal.owner or "–"),
                "plan": plan,
                "latest": latest,
                "drift bar": drift_bar(goal.attainment, goal.band, widths["drift bar"]),
                "att.": percent(goal.attainment),
                "band": band_label(goal.band),
                "drift": signed(goal.drift),
            }
            table.add_row(*(cells[key] for key in widths), key=goal.id)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._detail()

    def current_goal(self) -> Goal | None:
        table = self.query_one("#goals", DataTable)
        if self.sprint is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((g for g in self.sprint.goals if g.id == key), None)

    @on(DataTable.RowHighlighted, "#goals")
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        goal, sprint = self.current_goal(), self.sprint
        self.query_one(PlanChart).show_goal(goal, sprint, self.today)
        table = self.query_one("#checkins", DataTable)
        panel = self.query_one("#checkins-panel")
        width = panel.content_size.width or self.app.size.width // 2 - 4
        self._columns(table, checkin_layout(width), "_checkin_layout")
        table.clear()
        chart = self.query_one("#chart-panel")
        if goal is None or sprint is None:
            chart.border_title = "Actual against the plan"
            panel.border_title = "Check-ins"
            return
        chart.border_title = Content.assemble(
            "Actual against the plan · ", user(clip(goal.statement, 40))
        )
        panel.border_title = f"Check-ins ({len(goal.checkins)})  e: edit · d: delete"
        for checkin in sorted(goal.checkins, key=lambda c: (c.on, c.at), reverse=True):
            value = _num(checkin.value) if checkin.value is not None else (checkin.rating or "–")
            cells = {
                "date": f"{checkin.on:%d %b}" + (" ⚑" if checkin.late else ""),
                "value": value,
                "conf.": "–" if checkin.confidence is None else f"{checkin.confidence}/10",
                "sched.": signed(drift.schedule_drift(goal, checkin, sprint)),
                # A rich Text (plain, never markup) wraps in an auto-height row; Content does not.
                "note": Text(user(checkin.note or "–", oneline=True).plain),
            }
            # height None: a long note wraps instead of being cut.
            table.add_row(
                *(cells[key] for _, key, _ in self._checkin_layout), height=None, key=checkin.id
            )

    def export_target(self) -> tuple[str, str | None]:
        return ("sprint", self.sprint_id)

    def action_checkin(self) -> None:
        goal = self.current_goal()
        if goal is None:
            self.notify("Add a goal first (g).")
            return
        checkin_form(self, goal)

    def current_checkin(self) -> CheckIn | None:
        """The check-in under the check-ins table's cursor (of the highlighted goal)."""
        goal = self.current_goal()
        table = self.query_one("#checkins", DataTable)
        if goal is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c in goal.checkins if c.id == key), None)

    def action_edit_checkin(self) -> None:
        goal, checkin = self.current_goal(), self.current_checkin()
        if goal is None or checkin is None:
            self.notify("No check-in to correct: pick a goal with check-ins.")
            return
        checkin_form(self, goal, checkin)

    def action_delete_checkin(self) -> None:
        goal, checkin = self.current_goal(), self.current_checkin()
        if goal is None or checkin is None:
            self.notify("No check-in to delete: pick a goal with check-ins.")
            return
        delete_checkin(self, goal, checkin)

    def action_decision(self) -> None:
        from retro.screens.decision_forms import new_decision

        new_decision(self.retro, sprint_id=self.sprint_id)

    def action_rename(self) -> None:
        from retro.screens.rename_forms import rename_sprint

        if self.sprint is not None:
            rename_sprint(self, self.sprint)

    def action_raci(self) -> None:
        from retro.screens.decisions import RaciScreen

        self.app.push_screen(RaciScreen(self.sprint_id))

    def action_add_goal(self) -> None:
        sprint = self.sprint
        if sprint is None:
            return
        store = self.retro.store

        def save(values: Values) -> None:
            base, target = values["baseline"].strip(), values["target"].strip()
            try:
                numbers = (float(base) if base else None, float(target) if target else None)
            except ValueError:
                raise ValidationError("baseline and target must be numbers") from None
            goal = Goal(
                values["statement"],
                sprint.id,
                owner=values["owner"] or None,
                unit=values["unit"],
                baseline=numbers[0],
                target=numbers[1],
            )
            store.update_sprint(sprint.id, lambda s: s.goals.append(goal))

        self.app.push_screen(
            FormScreen(
                "New goal",
                [
                    Field("statement", "Goal", placeholder="Cut p95 latency"),
                    Field("owner", "Owner (accountable)", self.user),
                    Field("baseline", "Baseline (blank for a qualitative goal)"),
                    Field("target", "Target"),
                    Field("unit", "Unit", placeholder="ms, %, deploys/wk"),
                ],
                save,
                help="A target below the baseline is a goal to reduce.",
            ),
            lambda _: self.retro.reload(),
        )

    def action_activate(self) -> None:
        if self.sprint is not None and self.sprint.status == "planned":
            self.attempt(lambda: self.retro.store.update_sprint(self.sprint_id, activate))

    def action_close_sprint(self) -> None:
        sprint = self.sprint
        if sprint is None:
            return
        if sprint.status == "closed":
            self.notify(RuleError("this sprint is closed already").message, severity="warning")
            return

        def closed(review: Review) -> None:
            self.retro.open_review(review.id, tab="intents")
            self.notify(
                "Sprint closed. Its review has one intent per goal with a suggested "
                "rating: check each (enter edits), then add cards and actions.",
                title="Closing review",
                timeout=8,
            )

        def answer(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: close_sprint(self.retro, sprint.id), closed)

        self.app.push_screen(
            ConfirmScreen(
                Content.assemble(
                    "Close “",
                    user(sprint.title),
                    "”?\n",
                    (
                        "Its goals are judged on their latest check-ins, and a closing review "
                        "opens with one intent per goal.",
                        "$text-muted",
                    ),
                ),
                "Close sprint",
            ),
            answer,
        )


__all__ = ["SprintScreen", "close_sprint", "new_sprint"]
