"""A sprint: goals with baseline, target, latest, attainment and drift; check-ins; the chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

from retro import drift
from retro.dates import parse_date
from retro.errors import RetroError, RuleError, ValidationError
from retro.model import RATINGS, CheckIn, Goal, Intent, Rating, Review, Sprint
from retro.screens.base import RetroScreen
from retro.screens.forms import ConfirmScreen, Field, FormScreen, Values
from retro.screens.snapshot import Snapshot
from retro.widgets.chart import PlanChart
from retro.widgets.drift import band_label, drift_bar, percent, signed
from retro.widgets.text import user

if TYPE_CHECKING:
    from retro.app import RetroApp


def _num(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:g}{(' ' + unit) if unit else ''}"


class SprintScreen(RetroScreen):
    """One sprint; the highlighted goal's check-ins and chart below the goals."""

    BINDINGS = [
        Binding("escape", "app.goto('dashboard')", "Back", tooltip="Back to the dashboard"),
        Binding("c", "checkin", "Check in", tooltip="Record the goal's value, confidence and note"),
        Binding("g", "add_goal", "Add goal", tooltip="Add a goal to this sprint"),
        Binding("o", "activate", "Start", tooltip="Make this planned sprint active", show=False),
        Binding(
            "C", "close_sprint", "Close sprint", tooltip="Close it and open its closing review"
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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#goals-panel").border_title = "Goals  (c: check in · g: add goal)"
        self.query_one("#checkins-panel").border_title = "Check-ins"
        self.query_one("#chart-panel").border_title = "Actual against the plan"
        goals = self.query_one("#goals", DataTable)
        for label, width in (
            ("Goal", 28),
            ("Owner", 6),
            ("Baseline", 8),
            ("Target", 8),
            ("Latest", 10),
            ("Drift bar", 16),
            ("Att.", 5),
            ("Band", 11),
            ("Sched.", 6),
        ):
            goals.add_column(label, width=width, key=label.lower())
        checkins = self.query_one("#checkins", DataTable)
        for label, width in (("Date", 6), ("Value", 8), ("Conf.", 5), ("Sched.", 6), ("Note", 40)):
            checkins.add_column(label, width=width, key=label.lower())
        super().on_mount()

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
        self.query_one("#sprint-head", Static).update(
            Content.assemble(
                user(sprint.title, "bold"),
                (f"   {sprint.start} → {sprint.end} · {sprint.status}", "$text-muted"),
                (
                    f" · {summary.days_left} days left" if sprint.status == "active" else "",
                    "$text-muted",
                ),
                ("\nPurpose: ", "$text-muted"),
                user(sprint.purpose or "–", "italic"),
                ("\nSprint drift ", "$text-muted"),
                (signed(summary.drift), "bold"),
                "  ",
                band_label(summary.band),
                (f"   off track {percent(summary.off_track_share)}", "$text-muted"),
                (f" · {summary.measured} of {len(summary.goals)} goals measured", "$text-muted"),
            )
        )
        table = self.query_one("#goals", DataTable)
        keep = table.cursor_row
        table.clear()
        for goal in summary.goals:
            latest = (
                _num(goal.latest_value, goal.unit)
                if goal.baseline is not None
                else (goal.latest_rating or "–")
            )
            table.add_row(
                user(goal.statement, oneline=True),
                user(goal.owner or "–"),
                _num(goal.baseline),
                _num(goal.target),
                latest,
                drift_bar(goal.attainment, goal.band, 16),
                percent(goal.attainment),
                band_label(goal.band),
                signed(goal.schedule_drift),
                key=goal.id,
            )
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
        table.clear()
        if goal is None or sprint is None:
            return
        self.query_one(
            "#chart-panel"
        ).border_title = f"Actual against the plan · {goal.statement[:40]}"
        for checkin in sorted(goal.checkins, key=lambda c: (c.on, c.at), reverse=True):
            value = _num(checkin.value) if checkin.value is not None else (checkin.rating or "–")
            table.add_row(
                f"{checkin.on:%d %b}",
                value,
                "–" if checkin.confidence is None else f"{checkin.confidence}/10",
                signed(drift.schedule_drift(goal, checkin, sprint)),
                user(checkin.note, oneline=True),
            )

    def export_target(self) -> tuple[str, str | None]:
        return ("sprint", self.sprint_id)

    def action_checkin(self) -> None:
        goal = self.current_goal()
        if goal is None:
            self.notify("Add a goal first (g).")
            return
        store, today, who = self.retro.store, self.today, self.user
        latest = goal.latest

        def save(values: Values) -> None:
            on = parse_date(values["on"] or "today", today)
            confidence = values["confidence"].strip()
            if confidence and not confidence.lstrip("-").isdigit():
                raise ValidationError("confidence is a whole number from 0 to 10")
            value_text = values.get("value", "").strip()
            value = None
            if goal.quantitative:
                try:
                    value = float(value_text)
                except ValueError:
                    raise ValidationError(
                        f"the value must be a number, not {value_text!r}"
                    ) from None
            checkin = CheckIn(
                on=on,
                value=value,
                rating=cast(Rating | None, values.get("rating") or None)
                if not goal.quantitative
                else None,
                confidence=int(confidence) if confidence else None,
                note=values["note"],
                author=who,
            )

            def change(sprint: Sprint) -> None:
                sprint.goal(goal.id).checkins.append(checkin)

            store.update_sprint(self.sprint_id, change)

        fields = [Field("on", "Date", "today")]
        if goal.quantitative:
            hint = f"{goal.baseline:g} → {goal.target:g} {goal.unit}".strip()
            last = f"{latest.value:g}" if latest and latest.value is not None else ""
            fields.append(Field("value", f"Actual value ({hint})", last))
        else:
            fields.append(Field("rating", "Rating so far", "", choices=[(r, r) for r in RATINGS]))
        fields += [
            Field(
                "confidence",
                "Confidence it will be met, 0–10",
                str(latest.confidence if latest and latest.confidence is not None else ""),
            ),
            Field("note", "Note", placeholder="what changed"),
        ]
        self.app.push_screen(
            FormScreen(f"Check in · {goal.statement}", fields, save, ok="Check in"),
            lambda _: self.retro.reload(),
        )

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
            self.attempt(lambda: self.retro.store.update_sprint(self.sprint_id, _activate))

    def action_close_sprint(self) -> None:
        sprint = self.sprint
        if sprint is None:
            return
        if sprint.status == "closed":
            self.notify(RuleError("this sprint is closed already").message, severity="warning")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                review = self.attempt(lambda: close_sprint(self.retro, sprint.id))
                if review is not None:
                    self.retro.open_review(review.id)

        self.app.push_screen(
            ConfirmScreen(
                Content.assemble("Close “", user(sprint.title), "” and open its closing review?"),
                "Close",
            ),
            answer,
        )


def _activate(sprint: Sprint) -> None:
    sprint.status = "active"


def _rating(attainment: float | None) -> str | None:
    """The rating an attainment suggests, for the closing review's pre-filled intents."""
    if attainment is None:
        return None
    if attainment >= drift.RATING_SCORE["exceeded"]:
        return "exceeded"
    if attainment >= drift.RATING_SCORE["met"]:
        return "met"
    return "partly" if attainment >= drift.RATING_SCORE["partly"] else "missed"


def close_sprint(app: RetroApp, sprint_id: str) -> Review:
    """Close the sprint and create its closing AAR, one intent per goal (planned, latest value,
    suggested rating); returns the review."""
    store = app.store
    now = app.now()

    def close(sprint: Sprint) -> Sprint:
        sprint.status = "closed"
        sprint.closed_at = now
        return sprint

    sprint = store.update_sprint(sprint_id, close)
    team = store.team()
    review = Review(
        title=f"{sprint.title} · closing review",
        on=app.today,
        format="aar",
        facilitator=app.user,
        participants=list(dict.fromkeys([app.user, *(m.name for m in team.members)])),
        sprint_id=sprint.id,
        phase_started=now,
        timebox_minutes=10,
    )
    for goal in sprint.goals:
        summary = drift.summarize_goal(goal, sprint, team.tolerance, app.today)
        if goal.quantitative:
            planned = f"{goal.statement}: {goal.baseline:g} → {goal.target:g} {goal.unit}".strip()
            actual = _num(summary.latest_value, goal.unit)
        else:
            planned, actual = goal.statement, summary.latest_rating or ""
        review.intents.append(
            Intent(
                planned,
                actual,
                cast(Rating | None, goal.rating or _rating(summary.attainment)),
                goal_id=goal.id,
            )
        )
    return store.add_review(review)


def new_sprint(app: RetroApp) -> None:
    """Ask for a sprint's title, dates and purpose, create it and open it."""
    created: list[Sprint] = []

    def save(values: Values) -> None:
        start = parse_date(values["start"] or "today", app.today)
        end = parse_date(values["end"] or "+2w", start)
        sprint = Sprint(
            values["title"],
            start,
            end,
            purpose=values["purpose"],
            status="active" if start <= app.today <= end else "planned",
        )
        app.store.add_sprint(sprint)
        created.append(sprint)

    def opened(values: Values | None) -> None:
        if values is not None and created:
            app.reload()
            app.open_sprint(created[0].id)

    app.push_screen(
        FormScreen(
            "New alignment sprint",
            [
                Field("title", "Title", placeholder="Sprint 17 · Calm on-call"),
                Field("purpose", "Purpose for this sprint"),
                Field("start", "Start", "today"),
                Field("end", "End", "+2w", placeholder="+2w, 2026-03-20"),
            ],
            save,
            help="Then add measurable goals with g on the sprint screen.",
            ok="Create",
        ),
        opened,
    )
