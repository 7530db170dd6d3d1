"""Printing: JSON for scripts, aligned tables and colour for people.

User text always goes through `retro.text` (inert, one line) before it reaches the terminal.
Colour comes from click.style, only when NO_COLOR is unset; click.echo drops it when the output
is not a terminal. No rich here: the CLI path stays light.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from typing import Any

import click

from retro.text import cell_width, inert, one_line, pad

BAND_COLOURS = {"on track": "green", "at risk": "yellow", "off track": "red"}


def colour_on() -> bool:
    """Whether to style output at all (https://no-color.org)."""
    return not os.environ.get("NO_COLOR")


def style(text: str, **kwargs: Any) -> str:
    """click.style, unless NO_COLOR is set."""
    return click.style(text, **kwargs) if colour_on() else text


def echo(text: str = "", err: bool = False) -> None:
    """Print a line (styles are dropped when the stream is not a terminal)."""
    click.echo(text, err=err)


def emit_json(data: Any) -> None:
    """Print JSON on stdout (indented, keys sorted), and nothing else."""
    import orjson

    text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    click.echo(text)


def shown(text: str | None) -> str:
    """User text for a line of its own: inert, newlines kept."""
    return inert(text or "")


def terminal_width() -> int:
    """The terminal's width in cells (80 when unknown)."""
    return shutil.get_terminal_size((100, 24)).columns


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str = "",
    flex: int | None = None,
    styles: Sequence[dict[str, Any] | None] | None = None,
) -> None:
    """Print rows as an aligned table.

    Args:
        headers: column headings.
        rows: cells, already strings (user text is made one-line and inert here).
        align: one letter per column, ``l`` or ``r`` (left when missing).
        flex: the column that shrinks to fit the terminal (the last one when None).
        styles: per-column click.style arguments, or None.
    """
    if not rows:
        return
    cells = [[one_line(c) for c in row] for row in rows]
    count = len(headers)
    widths = [cell_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_width(cell))
    flex = count - 1 if flex is None else flex
    others = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (count - 1)
    widths[flex] = max(min(widths[flex], terminal_width() - others), cell_width(headers[flex]), 12)
    head = "  ".join(pad(h, widths[i], _align(align, i)) for i, h in enumerate(headers))
    lines = [style(head.rstrip(), bold=True)]
    sides = [_align(align, i) for i in range(count)]
    column_styles = [
        (styles[i] if styles and i < len(styles) else None) or {} for i in range(count)
    ]
    for row_in, row in zip(rows, cells, strict=True):
        parts = []
        for i, cell in enumerate(row):
            text = _cut(cell, widths[i]) if i == flex else cell
            text = pad(text, widths[i], sides[i])
            extra = column_styles[i]
            own = getattr(row_in[i], "style", None)
            if own:
                extra = {**extra, **own}
            parts.append(style(text, **extra) if extra else text)
        lines.append("  ".join(parts).rstrip())
    echo("\n".join(lines))  # one write: a long listing is not a syscall per row


def _cut(cell: str, width: int) -> str:
    """A cell (already made one-line and inert) cut to `width` cells, as `one_line` cuts it;
    plain ASCII, the common case, without measuring it character by character."""
    if not cell.isascii():
        return one_line(cell, width)
    if len(cell) <= width:
        return cell
    return cell[: max(0, width - 1)].rstrip() + "…" if width > 0 else ""


def _align(align: str, index: int) -> str:
    return "right" if index < len(align) and align[index] == "r" else "left"


class Styled(str):
    """A table cell with a style of its own, applied after the cell is padded (a style applied
    before would count towards the width and be made inert with the text)."""

    style: dict[str, Any]

    def __new__(cls, text: str, **style: Any) -> Styled:
        cell = super().__new__(cls, text)
        cell.style = style
        return cell


def _band_style(band: str | None) -> dict[str, Any]:
    if band is None:
        return {"dim": True}
    return {"fg": BAND_COLOURS.get(band), "bold": band == "off track"}


def band_text(band: str | None) -> str:
    """A drift band, coloured: green on track, yellow at risk, red off track."""
    return style(band or "no data", **_band_style(band))


def band_cell(band: str | None) -> Styled:
    """A drift band as a table cell, coloured like `band_text`."""
    return Styled(band or "no data", **_band_style(band))


def number(value: float | None, digits: int = 2, signed: bool = False) -> str:
    """A number for a table (``—`` when unknown)."""
    if value is None:
        return "—"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    """A share as a percentage (``—`` when unknown)."""
    return "—" if value is None else f"{value * 100:.0f}%"


def label(name: str, value: str) -> None:
    """A ``Name: value`` line with a dim name."""
    echo(f"{style(name + ':', dim=True)} {value}")
