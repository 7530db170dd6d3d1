"""Building blocks of the Markdown documents: numbers, bands, tables, task items, charts.

Every function here returns Markdown. Those that take user text escape it themselves (their
parameters say so); those that take ``md`` take Markdown that is already safe (our own words, or
user text passed through `retro.export.escape`).

Numbers follow one convention across the export: attainment, drift and shares as whole
percentages; drift always signed, with the Unicode minus sign U+2212 ("+12%", "−30%", "0%"),
never the ASCII hyphen, which a table or list could take for markup and which reads as a dash.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Literal

from retro.export.escape import escape_cell, escape_line
from retro.insights.words import MINUS, NONE, round_half_away
from retro.text import cell_width

BAND_MARKERS = {"on track": "🟢", "at risk": "🟡", "off track": "🔴"}
"""The emoji before each band's name."""

Align = Literal["left", "right", "center"]
_RULE = {"left": "---", "right": "--:", "center": ":-:"}
_PAD_LIMIT = 40
"""Columns whose widest cell is wider than this are not padded (a long card would drag them)."""


# --- numbers ---------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    """A share or an attainment as a whole percentage: ``0.874`` → ``87%``; None → ``—``."""
    if value is None:
        return NONE
    whole = round_half_away(value * 100)
    return f"{MINUS}{-whole}%" if whole < 0 else f"{whole}%"


def signed_percent(value: float | None) -> str:
    """A drift as a signed whole percentage: ``+12%``, ``−30%``, ``0%``; None → ``—``.

    The product's one formatter (`retro.insights.words.signed_percent`), so the export, the CLI
    and the TUI print the same characters.
    """
    from retro.insights.words import signed_percent as words_signed_percent

    return words_signed_percent(value)


def number(value: float | None, unit: str = "") -> str:
    """A measured value with at most two decimals and its (escaped) unit: ``120 ms``, ``12.5%``.

    Args:
        value: the number, or None for ``—``.
        unit: the goal's unit, user text (escaped here).
    """
    if value is None:
        return NONE
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    text = text.replace("-", MINUS)
    unit = unit.strip()
    if not unit:
        return text
    shown = escape_cell(unit)
    return f"{text}{shown}" if unit in ("%", "‰") else f"{text} {shown}"


def decimal(value: float | None, places: int = 2) -> str:
    """A plain decimal (a spread, a Brier score, a mean pulse): ``0.87``; None → ``—``."""
    if value is None:
        return NONE
    return f"{value:.{places}f}".replace("-", MINUS)


def band_label(band: str | None) -> str:
    """A band with its marker: ``🟢 on track``, ``🟡 at risk``, ``🔴 off track``; None → ``—``."""
    if band is None:
        return NONE
    return f"{BAND_MARKERS.get(band, '⚪')} {band}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 vote``, ``3 votes``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def day(value: date | None) -> str:
    """An ISO date, or ``—``."""
    return value.isoformat() if value is not None else NONE


def span(start: date | None, end: date | None) -> str:
    """A date range: ``2024-05-01 → 2024-05-14``; an open end reads ``since …`` or ``until …``."""
    if start and end:
        return f"{start.isoformat()} → {end.isoformat()}"
    if start:
        return f"since {start.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return "all time"


def person(name: str | None, fallback: str = "unassigned") -> str:
    """A person's name (user text, escaped), or a plain fallback word when there is none."""
    if name is None or not name.strip():
        return fallback
    return escape_line(name)


# --- blocks ----------------------------------------------------------------------------------


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    align: Sequence[Align] | None = None,
) -> str:
    """A GFM table. Headers and cells are Markdown: escape user text with `escape_cell` first.

    Columns are padded with spaces so the raw Markdown reads as a table too (in chat, in a diff),
    except columns holding a long cell. Empty cells are fine; ``|`` in a cell must be escaped.
    """
    body = [list(row) for row in rows]
    count = len(headers)
    for row in body:
        if len(row) != count:
            raise ValueError(f"a table row has {len(row)} cells for {count} columns")
    aligns: Sequence[Align] = align or ["left"] * count
    widths = []
    for index, header in enumerate(headers):
        widest = max([cell_width(header), 3, *(cell_width(row[index]) for row in body)])
        widths.append(widest if widest <= _PAD_LIMIT else 0)

    def line(cells: Sequence[str]) -> str:
        out = []
        for cell, width, how in zip(cells, widths, aligns, strict=True):
            gap = " " * max(0, width - cell_width(cell)) if width else ""
            out.append(gap + cell if how == "right" else cell + gap)
        return "| " + " | ".join(out) + " |"

    rule = []
    for width, how in zip(widths, aligns, strict=True):
        dashes = _RULE[how]
        if width > 3:
            fill = "-" * (width - 3)
            dashes = dashes[0] + fill + dashes[1:]
        rule.append(dashes)
    return "\n".join([line(headers), "| " + " | ".join(rule) + " |", *(line(r) for r in body)])


def bullet(md: str, *, level: int = 0) -> str:
    """A list item holding Markdown; continuation lines must already be indented for `level`."""
    return "  " * level + "- " + md


def task(md: str, *, done: bool) -> str:
    """A task-list item (``- [ ]`` or ``- [x]``) holding Markdown."""
    return ("- [x] " if done else "- [ ] ") + md


def heading(level: int, md: str) -> str:
    """An ATX heading of Markdown text (escape user text with `escape_heading`)."""
    return "#" * level + " " + md


def fields(pairs: Iterable[tuple[str, str]]) -> str:
    """A list of ``**Label:** value`` lines (labels ours, values Markdown); empty values skipped."""
    return "\n".join(f"- **{label}:** {value}" for label, value in pairs if value)


def xychart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    y_label: str,
    floor: float | None = None,
    ceiling: float | None = None,
) -> str:
    """A Mermaid ``xychart-beta`` line chart in a fenced block (GitHub renders it as a chart).

    Every string in it is ours (a title, dates), never user text: Mermaid has its own syntax
    inside the fence. The y axis runs over the values and zero, rounded out to tens, so drift
    above and below the plan is read against the zero line of the axis.

    Args:
        title: the chart's title.
        labels: the x-axis categories (dates), one per value.
        values: the points of the line.
        y_label: the y axis' title.
        floor: a value the axis must reach down to (the "off track" line, say).
        ceiling: a value the axis must reach up to.
    """
    if len(labels) != len(values):
        raise ValueError("a chart needs one label per value")
    low = min([0.0, *values, *([floor] if floor is not None else [])])
    high = max([0.0, *values, *([ceiling] if ceiling is not None else [])])
    low = math.floor(low / 10) * 10
    high = math.ceil(high / 10) * 10
    if low == high:
        high = low + 10
    xs = ", ".join(f'"{label}"' for label in labels)
    ys = ", ".join(_chart_number(v) for v in values)
    return "\n".join(
        [
            "```mermaid",
            "xychart-beta",
            f'    title "{title}"',
            f"    x-axis [{xs}]",
            f'    y-axis "{y_label}" {_chart_number(low)} --> {_chart_number(high)}',
            f"    line [{ys}]",
            "```",
        ]
    )


def _chart_number(value: float) -> str:
    """A number as Mermaid reads it: ASCII minus, at most one decimal."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def footer(today: date) -> str:
    """The last line of every document."""
    return f"---\n\n*Exported by retro on {today.isoformat()}*"


def document(blocks: Iterable[str]) -> str:
    """Blocks joined by blank lines (empty blocks dropped), ending in one newline."""
    return "\n\n".join(block for block in blocks if block) + "\n"
