"""The Markdown report of a team over a date range: purpose, sprints, reviews and patterns."""

from __future__ import annotations

from datetime import date

from retro.drift import UNASSIGNED, TeamSummary
from retro.export.blocks import (
    band_label,
    day,
    decimal,
    document,
    fields,
    footer,
    heading,
    percent,
    plural,
    signed_percent,
    span,
    table,
    task,
    xychart,
)
from retro.export.escape import escape_cell, escape_heading, escape_line, escape_md
from retro.model import Team


def _purpose(team: Team, summary: TeamSummary) -> list[str]:
    """The purpose in force at the range's end, then its history up to then, oldest first, with
    the changes made within the range marked (so drift from the original purpose shows)."""
    blocks = [
        heading(2, "Purpose"),
        escape_md(summary.purpose) if summary.purpose else "*No purpose set.*",
    ]
    changed = {(p.set_at, p.text) for p in summary.purpose_history}
    history = [p for p in team.purposes if p.set_at.date() <= summary.until]
    if len(history) < 2 and not changed:
        return blocks
    items = []
    for version in history:
        by = f" by {escape_line(version.set_by)}" if version.set_by else ""
        mark = " · *changed in this period*" if (version.set_at, version.text) in changed else ""
        text = escape_md(version.text, indent="  ")
        items.append(f"- **{version.set_at.date().isoformat()}**{by}{mark}: {text}")
    return [*blocks, heading(3, "History"), "\n".join(items)]


def _sprints(summary: TeamSummary) -> list[str]:
    blocks = [heading(2, "Sprints")]
    if not summary.sprints:
        return [*blocks, "*No sprints in this period.*"]
    rows = [
        [
            escape_cell(s.title),
            span(s.start, s.end),
            s.status,
            signed_percent(s.drift),
            band_label(s.band),
            escape_cell(s.sentence),
            f"{s.measured} of {len(s.goals)}",
        ]
        for s in summary.sprints
    ]
    blocks.append(
        table(
            ["Sprint", "Dates", "Status", "Drift", "Band", "Goals by band", "Measured goals"],
            rows,
            ["left", "left", "left", "right", "left", "right", "right"],
        )
    )
    trend = summary.trends.sprint_drift
    if len(trend) >= 2:
        blocks.append(
            xychart(
                "Sprint drift (%) by sprint end",
                [p.on.isoformat() for p in trend],
                [p.value * 100 for p in trend],
                y_label="Drift (%)",
                floor=-summary.tolerance * 100,
            )
        )
    return blocks


def _reviews(summary: TeamSummary) -> list[str]:
    blocks = [heading(2, "Reviews")]
    if not summary.reviews:
        return [*blocks, "*No reviews in this period.*"]
    rows = []
    for r in summary.reviews:
        done = sum(1 for a in r.actions if a.status == "done")
        rows.append(
            [
                escape_cell(r.title),
                day(r.on),
                escape_cell(r.format),
                signed_percent(r.drift),
                escape_cell(r.sentence),
                decimal(r.alignment_spread),
                percent(r.follow_through),
                f"{done} of {len(r.actions)} done",
            ]
        )
    blocks.append(
        table(
            [
                "Review",
                "Date",
                "Format",
                "Drift",
                "In words",
                "Alignment spread",
                "Follow-through",
                "Actions",
            ],
            rows,
            ["left", "left", "left", "right", "left", "right", "right", "right"],
        )
    )
    return blocks


def _follow_through(summary: TeamSummary) -> list[str]:
    by = min(summary.until, summary.today)
    if summary.follow_through is None:
        text = "*No action was due in this period.*"
    else:
        text = (
            f"**{percent(summary.follow_through)}** of the actions due in this period were done "
            f"by their due date (as of {by.isoformat()})."
        )
    blocks = [heading(2, "Follow-through"), text]
    trend = summary.trends.follow_through
    if trend:
        blocks.append(
            table(
                ["Review date", "Follow-through"],
                [[p.on.isoformat(), percent(p.value)] for p in trend],
                ["left", "right"],
            )
        )
    return blocks


def _calibration(summary: TeamSummary) -> list[str]:
    cal = summary.calibration
    blocks = [heading(2, "Calibration")]
    if cal.team is None:
        return [*blocks, "*No closed sprint with confidence check-ins in this period.*"]
    blocks.append(
        f"Brier score of the confidence given at check-ins against whether the goal was met, "
        f"over {plural(cal.count, 'check-in')} in closed sprints: **{decimal(cal.team)}**, "
        f"{cal.sentence} (0 is perfect foresight, 0.25 is always saying 5 of 10, 1 is sure and "
        "always wrong)."
    )
    if cal.by_owner:
        rows = [
            [escape_cell(owner), decimal(score), str(cal.owner_counts.get(owner, 0))]
            for owner, score in sorted(cal.by_owner.items(), key=lambda item: item[0].casefold())
        ]
        blocks.append(
            table(["Owner", "Brier score", "Check-ins"], rows, ["left", "right", "right"])
        )
    return blocks


def _themes(summary: TeamSummary) -> list[str]:
    blocks = [heading(2, "Recurring themes")]
    if not summary.themes:
        return [*blocks, "*No theme came back in three or more reviews.*"]
    rows = [[escape_cell(t.term), t.kind, str(t.count)] for t in summary.themes]
    blocks.append(
        "Tags and words that keep coming back in the improve-like columns of the reviews."
    )
    blocks.append(table(["Theme", "Kind", "Reviews"], rows, ["left", "left", "right"]))
    return blocks


def _open_actions(summary: TeamSummary) -> list[str]:
    blocks = [heading(2, "Open actions by owner")]
    if not summary.open_actions:
        return [*blocks, "*No open actions.*"]
    stale = {s.action.id: s.later_reviews for s in summary.stale_actions}
    titles = {r.id: r.title for r in summary.reviews}
    owners = sorted(summary.open_actions, key=lambda o: (o == UNASSIGNED, o.casefold()))
    for owner in owners:
        actions = summary.open_actions[owner]
        name = "Unassigned" if owner == UNASSIGNED else escape_heading(owner)
        blocks.append(heading(3, f"{name} · {plural(len(actions), 'action')}"))
        items = []
        for action in actions:
            line = task(escape_md(action.text, indent="  "), done=False)
            if action.due is not None:
                line += f" · due {day(action.due)}"
            if action.overdue:
                line += " · ⚠️ **overdue**"
            if action.id in stale:
                line += f" · still open after {plural(stale[action.id], 'later review')}"
            if action.review_id in titles:
                line += f" · from *{escape_line(titles[action.review_id])}*"
            items.append(line)
        blocks.append("\n".join(items))
    return blocks


def render_team(
    team: Team,
    summary: TeamSummary,
    *,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> str:
    """The Markdown report of a team over the summary's date range.

    Args:
        team: the team.
        summary: from ``retro.drift.summarize_team(team, sprints, reviews, lessons, since, until,
            today)``; its range is the report's.
        since: the range's first day, if given: it must be the summary's.
        until: the range's last day, if given: it must be the summary's.
        today: the export date for the footer (the summary's today when None).

    Raises:
        ValueError: `since` or `until` differ from the summary's range.
    """
    if (since is not None and since != summary.since) or (
        until is not None and until != summary.until
    ):
        raise ValueError("the date range differs from the summary's; summarize that range first")
    today = today or summary.today
    blocks = [
        heading(1, "Team report: " + escape_heading(team.name)),
        fields(
            [
                ("Period", span(summary.since, summary.until)),
                ("Sprints", str(len(summary.sprints))),
                ("Reviews", str(len(summary.reviews))),
                ("Lessons logged", str(summary.lessons_count)),
                ("Follow-through", percent(summary.follow_through)),
                (
                    "Calibration (Brier)",
                    f"{decimal(summary.calibration.team)} ({summary.calibration.sentence})",
                ),
            ]
        ),
    ]
    blocks += _purpose(team, summary)
    blocks += _sprints(summary)
    blocks += _reviews(summary)
    blocks += _follow_through(summary)
    blocks += _calibration(summary)
    blocks += _themes(summary)
    blocks += _open_actions(summary)
    blocks.append(footer(today))
    return document(blocks)
