"""The Markdown report of an alignment sprint: purpose, goals, check-ins and drift over time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from retro.drift import BANDS, NO_DATA, GoalSummary, SprintSummary, sprint_drift
from retro.export.blocks import (
    BAND_MARKERS,
    NONE,
    band_label,
    day,
    document,
    fields,
    footer,
    heading,
    number,
    percent,
    plural,
    signed_percent,
    span,
    table,
    xychart,
)
from retro.export.decisions import decisions_section
from retro.export.escape import escape_cell, escape_heading, escape_line, escape_md
from retro.model import Decision, Sprint


@dataclass(frozen=True)
class DriftPoint:
    """The sprint's drift as it stood on a day (from the check-ins recorded up to then)."""

    on: date
    label: str
    drift: float | None
    off_track_share: float | None


def drift_by_checkin(sprint: Sprint, summary: SprintSummary) -> list[DriftPoint]:
    """The sprint drift after each check-in day, by `retro.drift.sprint_drift`.

    On each day a goal had a check-in, the sprint is taken as it stood then: running, each goal
    with the check-ins recorded up to that day judged against its plan on that day, without its
    closing value or rating (those come at the close). When the summary's drift differs from the
    last of these (goals are judged on their outcome once the sprint is closed or past its end,
    or have closing values), a last point ("close" once the sprint is closed, "end" once past
    its end, else "latest") carries the summary's own drift, so the chart ends on the report's
    headline number.
    """
    days = sorted({c.on for g in sprint.goals for c in g.checkins})
    points = []
    for on in days:
        goals = [
            replace(
                g,
                checkins=[c for c in g.checkins if c.on <= on],
                closing_value=None,
                rating=None,
            )
            for g in sprint.goals
        ]
        as_then = replace(sprint, goals=goals, status="active")
        drift, off = sprint_drift(as_then, summary.tolerance, today=on)
        points.append(DriftPoint(on, on.isoformat(), drift, off))
    last = points[-1].drift if points else None
    if summary.drift is None or (last is not None and abs(last - summary.drift) < 1e-12):
        return points
    if sprint.status == "closed":
        on = sprint.closed_at.date() if sprint.closed_at else sprint.end
        points.append(DriftPoint(on, "close", summary.drift, summary.off_track_share))
    elif summary.days_left < 0:
        points.append(DriftPoint(sprint.end, "end", summary.drift, summary.off_track_share))
    else:
        on = points[-1].on if points else sprint.start
        points.append(DriftPoint(on, "latest", summary.drift, summary.off_track_share))
    return points


def _latest(goal: GoalSummary) -> str:
    if goal.latest_value is not None:
        return number(goal.latest_value, goal.unit)
    if goal.latest_rating is not None:
        return goal.latest_rating
    return NONE


def _goals(summary: SprintSummary) -> list[str]:
    if not summary.goals:
        return [heading(2, "Goals"), "*No goals yet.*"]
    rows = [
        [
            escape_cell(g.statement),
            escape_cell(g.owner) if g.owner and g.owner.strip() else "unassigned",
            number(g.baseline, g.unit),
            number(g.target, g.unit),
            _latest(g),
            percent(g.attainment),
            signed_percent(g.drift),
            band_label(g.band),
            number(g.forecast_value, g.unit),
            escape_cell(g.sentence),
        ]
        for g in summary.goals
    ]
    return [
        heading(2, "Goals"),
        "Drift is judged against the plan (a straight line from baseline to target) while a goal "
        "runs, and against the target once it is due: negative is behind, positive ahead. "
        "Forecast is where the goal ends at its due date at the pace since the start.",
        table(
            [
                "Goal",
                "Owner",
                "Baseline",
                "Target",
                "Latest",
                "Attainment",
                "Drift",
                "Band",
                "Forecast",
                "In words",
            ],
            rows,
            ["left", "left", "right", "right", "right", "right", "right", "left", "right", "left"],
        ),
    ]


def _checkins(summary: SprintSummary) -> list[str]:
    rows = []
    for index, goal in enumerate(summary.goals):
        for point in goal.series:
            value = number(point.value, goal.unit) if point.value is not None else point.rating
            confidence = f"{point.confidence}/10" if point.confidence is not None else NONE
            row = [
                day(point.on),
                escape_cell(goal.statement),
                value or NONE,
                number(point.planned, goal.unit),
                signed_percent(point.schedule_drift),
                confidence,
                escape_cell(point.note),
            ]
            rows.append(((point.on, index), row))
    if not rows:
        return [heading(2, "Check-ins"), "*No check-ins yet.*"]
    rows.sort(key=lambda item: item[0])
    return [
        heading(2, "Check-ins"),
        "Plan is where the linear plan from baseline to target stood that day; schedule drift is "
        "how far ahead (+) or behind (−) of it the value was, as a share of the whole change.",
        table(
            ["Date", "Goal", "Value", "Plan", "Schedule drift", "Confidence", "Note"],
            [row for _, row in rows],
            ["left", "left", "right", "right", "right", "right", "left"],
        ),
    ]


def _chart(sprint: Sprint, summary: SprintSummary) -> list[str]:
    points = drift_by_checkin(sprint, summary)
    blocks = [heading(2, "Drift over check-ins")]
    charted = [p for p in points if p.drift is not None]
    if not charted:
        return [*blocks, "*No measured check-ins yet.*"]
    blocks.append(
        xychart(
            "Sprint drift (%) after each check-in",
            [p.label for p in charted],
            [p.drift * 100 for p in charted if p.drift is not None],
            y_label="Drift (%)",
            floor=-summary.tolerance * 100,
        )
    )
    blocks.append(
        table(
            ["Date", "Sprint drift", "Share off track"],
            [[p.label, signed_percent(p.drift), percent(p.off_track_share)] for p in points],
            ["left", "right", "right"],
        )
    )
    return blocks


def render_sprint(
    sprint: Sprint,
    summary: SprintSummary,
    *,
    today: date | None = None,
    decisions: Iterable[Decision] = (),
) -> str:
    """The Markdown report of a sprint.

    Args:
        sprint: the sprint.
        summary: its drift, from ``retro.drift.summarize_sprint(sprint, tolerance, today)``.
        today: the export date for the footer (today when None).
        decisions: decisions; those made for this sprint are listed.
    """
    today = today or date.today()
    length = (summary.end - summary.start).days + 1
    if summary.status == "closed":
        timing = "closed"
    elif summary.days_left >= 0:
        timing = f"{summary.status}, {plural(summary.days_left, 'day')} left"
    else:
        timing = f"{summary.status}, ended {plural(-summary.days_left, 'day')} ago"
    counts = " · ".join(
        f"{BAND_MARKERS[name]} {summary.band_counts.get(name, 0)} {name}" for name in BANDS
    )
    counts += f" · {summary.bands.get(NO_DATA, 0)} without a check-in"
    blocks = [
        heading(1, "Sprint: " + escape_heading(summary.title)),
        fields(
            [
                ("Dates", f"{span(summary.start, summary.end)} ({plural(length, 'day')})"),
                ("Status", timing),
                ("Goals", f"{len(summary.goals)} ({summary.measured} measured)"),
            ]
        ),
        heading(2, "Purpose"),
        escape_md(summary.purpose) if summary.purpose.strip() else "*No purpose set.*",
        heading(2, "Drift"),
        fields(
            [
                (
                    "Sprint drift",
                    f"{signed_percent(summary.drift)} {band_label(summary.band)}"
                    if summary.drift is not None
                    else f"{NONE} (no goal measured yet)",
                ),
                ("In words", escape_line(summary.sentence)),
                (
                    "Share off track",
                    f"{percent(summary.off_track_share)} of the goals with a check-in",
                ),
                ("Goals by band", counts),
            ]
        ),
    ]
    blocks += _goals(summary)
    blocks += _checkins(summary)
    blocks += _chart(sprint, summary)
    blocks += decisions_section(d for d in decisions if d.sprint_id == sprint.id)
    blocks.append(footer(today))
    return document(blocks)
