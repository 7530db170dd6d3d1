"""The decision log as Markdown: a digest, one ADR file per decision, and the short list of
decisions a review or sprint export carries.

ADR files follow Michael Nygard's format (Title, Status, Context, Decision, Consequences) with
two sections of ours, "Expected outcome" and "Review", and a hidden marker naming the decision's
id, so that a later export into the same folder keeps every decision's number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date

from retro.export.blocks import (
    NONE,
    day,
    decimal,
    document,
    fields,
    footer,
    heading,
    number,
    person,
    plural,
    signed_percent,
    span,
    table,
)
from retro.export.escape import escape_cell, escape_heading, escape_line, escape_md
from retro.insights.decisions import DecisionStats, in_period, log_order
from retro.model.decision import Decision

MARKER = re.compile(r"<!-- retro-decision: (d[0-9a-z]+) -->")
"""The hidden line that ties an ADR file to its decision."""
ADR_NAME = re.compile(r"^(\d{4})-.*\.md$")
RATING_MARKERS = {"exceeded": "🟢", "met": "🟢", "partly": "🟡", "missed": "🔴"}


def rating_label(rating: str | None) -> str:
    """A review's rating with its marker (``🟡 partly``), or ``—``."""
    return f"{RATING_MARKERS.get(rating, '⚪')} {rating}" if rating else NONE


def _expected(d: Decision) -> str:
    """The expected outcome in a cell: its text, and the metric when there is one."""
    text = escape_cell(d.expected)
    if d.measurable:
        text += f" ({number(d.baseline, d.unit)} → {number(d.target, d.unit)})"
    return text


def _confidence(d: Decision) -> str:
    return NONE if d.confidence is None else f"{d.confidence}/10"


# --- the digest -------------------------------------------------------------------------------


def render_decisions(
    decisions: Iterable[Decision],
    stats: DecisionStats,
    *,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> str:
    """The decision log's digest: what is due, what was decided and what was reviewed in the
    period, with decision drift and calibration.

    Args:
        decisions: every decision of the store.
        stats: ``decision_stats(decisions, today, since, until)``.
        since, until: the period (decided or reviewed in it); open ends are unbounded.
        today: what "due" is judged against, and the footer's date.
    """
    today = today or date.today()
    items = log_order(decisions, today)

    def decided_in(d: Decision) -> bool:
        return (since is None or d.decided_on >= since) and (until is None or d.decided_on <= until)

    due = [d for d in items if d.is_due(today)]
    waiting = [d for d in items if d.open and not d.is_due(today) and decided_in(d)]
    reviewed = [d for d in items if d.status == "reviewed" and in_period(d, since, until)]
    superseded = [d for d in items if d.status == "superseded" and decided_in(d)]
    by_id = {d.id: d for d in items}
    blocks = [
        heading(1, "Decision log"),
        fields(
            [
                ("Period", span(since, until)),
                ("Due for review", str(len(due))),
                (
                    "Decision drift",
                    f"{signed_percent(stats.drift)}: {stats.sentence}"
                    if stats.drift is not None
                    else f"{NONE} ({stats.sentence})",
                ),
                (
                    "Calibration",
                    f"{decimal(stats.calibration)} (Brier): {stats.calibration_sentence}"
                    if stats.calibration is not None
                    else f"{NONE} ({stats.calibration_sentence})",
                ),
            ]
        ),
    ]
    if due:
        blocks += [
            heading(2, "Due for review"),
            table(
                ["Decision", "Decided", "Review date", "Overdue", "Decider", "Expected"],
                [
                    [
                        escape_cell(d.title),
                        day(d.decided_on),
                        day(d.review_on),
                        plural((today - d.review_on).days, "day"),
                        person(d.decider, "—"),
                        _expected(d),
                    ]
                    for d in due
                ],
                ["left", "left", "left", "right", "left", "left"],
            ),
        ]
    if waiting:
        blocks += [
            heading(2, "Waiting for their review date"),
            table(
                ["Decision", "Status", "Decided", "Review date", "Confidence", "Expected"],
                [
                    [
                        escape_cell(d.title),
                        d.status,
                        day(d.decided_on),
                        day(d.review_on),
                        _confidence(d),
                        _expected(d),
                    ]
                    for d in waiting
                ],
                ["left", "left", "left", "left", "right", "left"],
            ),
        ]
    if reviewed:
        blocks += [
            heading(2, "Reviewed"),
            table(
                ["Decision", "Reviewed", "Outcome", "Confidence", "Expected", "What happened"],
                [
                    [
                        escape_cell(d.title),
                        day(d.reviewed_on),
                        rating_label(d.rating),
                        _confidence(d),
                        _expected(d),
                        _actual(d),
                    ]
                    for d in reviewed
                ],
                ["left", "left", "left", "right", "left", "left"],
            ),
        ]
    if superseded:
        blocks += [
            heading(2, "Superseded"),
            "\n".join(
                f"- {escape_line(d.title)} → "
                + (escape_line(by_id[d.superseded_by].title) if d.superseded_by in by_id else NONE)
                for d in superseded
            ),
        ]
    if not (due or waiting or reviewed or superseded):
        blocks.append("*No decisions in this period.*")
    blocks.append(footer(today))
    return document(blocks)


def _actual(d: Decision) -> str:
    parts = []
    if d.actual_value is not None:
        parts.append(number(d.actual_value, d.unit))
    if d.actual:
        parts.append(escape_cell(d.actual))
    if d.why:
        parts.append("why: " + escape_cell(d.why))
    return "; ".join(parts) or NONE


# --- the short list in a review or sprint export ------------------------------------------------


def decisions_section(decisions: Iterable[Decision]) -> list[str]:
    """ "Decisions" blocks for a review or sprint export: those made in it, one item each."""
    items = sorted(decisions, key=lambda d: (d.decided_on, d.created, d.id))
    if not items:
        return []
    lines = []
    for d in items:
        state = d.status if d.status != "reviewed" else f"reviewed: {d.rating}"
        text = (
            f"- **{escape_line(d.title)}** ({state}): expects {escape_line(d.expected)}; "
            f"review on {day(d.review_on)}"
        )
        if d.confidence is not None:
            text += f", confidence {d.confidence}/10"
        lines.append(text)
    return [heading(2, "Decisions"), "\n".join(lines)]


# --- ADR files ----------------------------------------------------------------------------------


def slug(title: str) -> str:
    """A file name's words for a title: ASCII, lower case, hyphens ("adopt-trunk-based")."""
    flat = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", flat.lower()).strip("-")
    return words[:60].rstrip("-") or "decision"


def adr_numbers(decisions: Iterable[Decision], existing: Mapping[str, int]) -> dict[str, int]:
    """Each decision's ADR number: the one it already has in the folder (`existing`, from the
    files' markers), else the next free number, in the order the decisions were made."""
    numbers = dict(existing)
    following = max(numbers.values(), default=0) + 1
    for d in sorted(decisions, key=lambda d: (d.decided_on, d.created, d.id)):
        if d.id not in numbers:
            numbers[d.id] = following
            following += 1
    return numbers


def adr_name(d: Decision, number_: int) -> str:
    """The file name of a decision's ADR: ``0007-adopt-trunk-based-development.md``."""
    return f"{number_:04d}-{slug(d.title)}.md"


def _status(
    d: Decision, today: date, names: Mapping[str, str], by_id: Mapping[str, Decision]
) -> str:
    if d.status == "superseded" and d.superseded_by:
        other = by_id.get(d.superseded_by)
        if other is not None and d.superseded_by in names:
            return f"Superseded by [{escape_line(other.title)}]({names[d.superseded_by]})"
        return "Superseded"
    if d.status == "proposed":
        return "Proposed"
    if d.status == "reviewed":
        return f"Accepted; reviewed on {day(d.reviewed_on)}: {rating_label(d.rating)}"
    return "Accepted; review due" if d.is_due(today) else "Accepted"


def render_adr(
    d: Decision,
    number_: int,
    *,
    names: Mapping[str, str],
    decisions: Mapping[str, Decision],
    today: date | None = None,
) -> str:
    """One decision as a Nygard-style ADR.

    Args:
        d: the decision.
        number_: its ADR number.
        names: every decision's ADR file name, by id (for "Superseded by" links).
        decisions: every decision, by id.
        today: what "due" is judged against.
    """
    today = today or date.today()
    replaced = [x for x in decisions.values() if x.superseded_by == d.id]
    status = _status(d, today, names, decisions)
    for old in sorted(replaced, key=lambda x: x.id):
        if old.id in names:
            status += f"\n\nSupersedes [{escape_line(old.title)}]({names[old.id]})"
    context = escape_md(d.context) if d.context.strip() else "*No context recorded.*"
    if d.options:
        context += "\n\nOptions considered:\n\n" + "\n".join(
            f"- {escape_line(option)}" for option in d.options
        )
    consequences = f"We expect: {escape_md(d.expected)}"
    if d.status == "reviewed":
        consequences += f"\n\nWhat happened: {_actual(d)}"
    expected = fields(
        [
            ("Expected", escape_line(d.expected)),
            (
                "Metric",
                f"{number(d.baseline, d.unit)} → {number(d.target, d.unit)}"
                if d.measurable
                else "",
            ),
            ("Confidence", _confidence(d) if d.confidence is not None else ""),
            ("Decider", person(d.decider, "")),
            *(
                (role.capitalize(), ", ".join(escape_line(p) for p in names_))
                for role, names_ in d.raci().items()
                if names_
            ),
            ("Review date", day(d.review_on)),
        ]
    )
    if d.status == "reviewed":
        review = fields(
            [
                ("Outcome", rating_label(d.rating)),
                (
                    "Reviewed",
                    day(d.reviewed_on) + (f" by {person(d.reviewed_by)}" if d.reviewed_by else ""),
                ),
                (
                    "Actual value",
                    number(d.actual_value, d.unit) if d.actual_value is not None else "",
                ),
                ("What happened", escape_line(d.actual)),
                ("Why", escape_line(d.why)),
            ]
        )
    elif d.open:
        overdue = (today - d.review_on).days
        review = (
            f"Due since {day(d.review_on)} ({plural(overdue, 'day')}): not reviewed yet."
            if overdue >= 0
            else f"To be reviewed on {day(d.review_on)}."
        )
    else:
        review = "Not reviewed: superseded."
    return document(
        [
            f"<!-- retro-decision: {d.id} -->",
            heading(1, f"{number_}. {escape_heading(d.title)}"),
            f"Date: {day(d.decided_on)}",
            heading(2, "Status"),
            status,
            heading(2, "Context"),
            context,
            heading(2, "Decision"),
            escape_md(d.decision) if d.decision.strip() else "*Not decided yet.*",
            heading(2, "Consequences"),
            consequences,
            heading(2, "Expected outcome"),
            expected,
            heading(2, "Review"),
            review,
        ]
    )
