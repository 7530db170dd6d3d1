"""A small chart of a goal's actual values against its linear plan, drawn with characters."""

from __future__ import annotations

import itertools
from datetime import date

from textual.content import Content
from textual.widget import Widget

from retro import drift
from retro.model import Goal, Sprint

FORECAST = "╌"
"""The dashed continuation of the actual line to the forecast at the due date."""


def chart_lines(goal: Goal, sprint: Sprint, width: int, height: int, today: date) -> Content:
    """The chart as Content `height` lines tall and `width` cells wide, under the goal's drift
    in words.

    The plan is the straight line from the baseline at the goal's start to the target at its due
    date ("·"); check-ins are "●", joined by "∙"; the forecast (where the goal ends at the pace
    since the start) continues the actual line dashed ("╌") to the due date, ending in "◌";
    today is a dotted column.
    """
    words = Content.assemble(
        ("In words: ", "$text-muted"), (drift.goal_sentence(goal, sprint, today), "bold")
    )
    if not goal.quantitative:
        return Content("\n").join(
            [
                words,
                Content.styled(
                    "A qualitative goal has no chart: it is rated (exceeded, met, partly, missed).",
                    "$text-muted",
                ),
            ]
        )
    assert goal.baseline is not None and goal.target is not None
    start = goal.start or sprint.start
    due = goal.due or sprint.end
    label_w = 9
    plot_w = max(10, width - label_w - 1)
    plot_h = max(3, height - 3)
    values = [c.value for c in goal.checkins if c.value is not None]
    pace = drift.forecast(goal, sprint, today)
    ahead = None if pace is None else goal.baseline + (goal.target - goal.baseline) * pace
    if ahead is not None:
        values.append(ahead)
    low = min([goal.baseline, goal.target, *values])
    high = max([goal.baseline, goal.target, *values])
    if high == low:
        high = low + 1
    span_days = max(1, (due - start).days)

    def col(day: date) -> int:
        return round((day - start).days / span_days * (plot_w - 1))

    def row(value: float) -> int:
        return plot_h - 1 - round((value - low) / (high - low) * (plot_h - 1))

    grid: list[list[tuple[str, str]]] = [[(" ", "")] * plot_w for _ in range(plot_h)]

    def put(x: int, y: int, char: str, style: str) -> None:
        if 0 <= x < plot_w and 0 <= y < plot_h:
            grid[y][x] = (char, style)

    today_x = col(today)
    for y in range(plot_h):
        put(today_x, y, "┊", "$text-muted")
    for x in range(plot_w):
        planned = goal.baseline + (goal.target - goal.baseline) * x / max(1, plot_w - 1)
        put(x, row(planned), "·", "$text-muted")
    put(plot_w - 1, row(goal.target), "◎", "bold $accent")
    points = sorted(
        ((c.on, c.value) for c in goal.checkins if c.value is not None), key=lambda p: p[0]
    )
    points = [(start, goal.baseline), *points]
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        x0, x1 = col(d0), col(d1)
        for x in range(x0 + 1, x1):
            value = v0 + (v1 - v0) * (x - x0) / max(1, x1 - x0)
            put(x, row(value), "∙", "$success")
    if ahead is not None and len(points) > 1:
        d0, v0 = points[-1]
        x0, x1 = col(d0), col(due)
        for x in range(x0 + 1, x1):
            value = v0 + (ahead - v0) * (x - x0) / max(1, x1 - x0)
            put(x, row(value), FORECAST, "$warning")
        put(x1, row(ahead), "◌", "bold $warning")
    for day, value in points[1:]:
        put(col(day), row(value), "●", "bold $success")
    unit = f" {goal.unit}" if goal.unit else ""
    lines: list[Content] = []
    for y in range(plot_h):
        if y == 0:
            label = f"{high:g}"
        elif y == plot_h - 1:
            label = f"{low:g}"
        else:
            label = ""
        lines.append(
            Content.assemble(
                (f"{label:>{label_w - 1}} ", "$text-muted"),
                ("│", "$text-muted"),
                *grid[y],
            )
        )
    axis = " " * label_w + "└" + "─" * plot_w
    lines.append(Content.styled(axis, "$text-muted"))
    left = start.strftime("%d %b")
    right = due.strftime("%d %b")
    gap = max(1, plot_w - len(left) - len(right) + 1)
    legend = Content.assemble(
        " " * label_w,
        (left, "$text-muted"),
        " " * gap,
        (right, "$text-muted"),
    )
    lines.append(legend)
    key = Content.assemble(
        ("· plan   ", "$text-muted"),
        ("● actual", "$success"),
        (
            f"   ╌◌ forecast {drift.number(ahead, goal.unit)} by {drift.day_text(due)}"
            if ahead is not None
            else "",
            "$warning",
        ),
        (f"   ◎ target {goal.target:g}{unit}", "$accent"),
        ("   ┊ today", "$text-muted"),
    )
    return Content("\n").join([words, key, *lines])


class PlanChart(Widget):
    """Actual against the linear plan for one goal; redraws at any size."""

    DEFAULT_CSS = """
    PlanChart { height: 1fr; min-height: 8; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._goal: Goal | None = None
        self._sprint: Sprint | None = None
        self._today = date.today()

    def show_goal(self, goal: Goal | None, sprint: Sprint | None, today: date) -> None:
        """Chart this goal (None clears the chart)."""
        self._goal, self._sprint, self._today = goal, sprint, today
        self.refresh()

    def render(self) -> Content:
        if self._goal is None or self._sprint is None:
            return Content.styled("Select a goal to see its chart.", "$text-muted")
        size = self.content_size
        return chart_lines(self._goal, self._sprint, size.width, size.height - 1, self._today)
