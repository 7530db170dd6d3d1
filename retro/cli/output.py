"""Printing: JSON for scripts, aligned tables and colour for people.

User text always goes through `retro.text` (inert, one line) before it reaches the terminal.
Colour comes from click.style, only when NO_COLOR is unset; click.echo drops it when the output
is not a terminal. No rich here: the CLI path stays light.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import click

from retro.text import cell_width, cell_widths, inert, one_line, one_line_all, pad

BAND_COLOURS = {"on track": "green", "at risk": "yellow", "off track": "red"}


def colour_on() -> bool:
    """Whether to style output at all (https://no-color.org)."""
    return not os.environ.get("NO_COLOR")


def style(text: str, **kwargs: Any) -> str:
    """click.style, unless NO_COLOR is set."""
    return click.style(text, **kwargs) if colour_on() else text


def styles_kept(err: bool = False) -> bool:
    """Whether styles would reach the reader: NO_COLOR unset and click.echo not about to strip
    them (it strips them when the stream is not a terminal, unless colour is forced)."""
    if not colour_on():
        return False
    import sys

    from click import utils
    from click.globals import resolve_color_default

    stream = sys.stderr if err else sys.stdout
    return not utils.should_strip_ansi(stream, resolve_color_default())


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


def table_width() -> int | None:
    """The width a table must fit: the terminal's, or None (no cutting at all) when stdout is a
    file or a pipe and COLUMNS does not ask for one: a script or `less -S` gets every word."""
    import sys

    explicit = os.environ.get("COLUMNS", "")
    if not (explicit.isdigit() and int(explicit) > 0):
        try:
            if not sys.stdout.isatty():
                return None
        except (AttributeError, ValueError):
            return None
    return terminal_width()


def terminal_width() -> int:
    """The terminal's width in cells (100 when unknown)."""
    # shutil.get_terminal_size, without importing shutil (and its archive modules) for it.
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        import sys

        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 100


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str = "",
    flex: int | None = None,
    shrink: Sequence[int] = (),
    styles: Sequence[dict[str, Any] | None] | None = None,
) -> None:
    """Print rows as an aligned table.

    Args:
        headers: column headings.
        rows: cells, already strings (user text is made one-line and inert here).
        align: one letter per column, ``l`` or ``r`` (left when missing).
        flex: the column a person came to read (the last one when None): it keeps up to
            `READ_FIRST` cells before the `shrink` columns give up theirs, then shrinks to fit
            the terminal. Nothing is cut when the output is not a terminal.
        shrink: columns that may be cut (to `SHRUNK` cells) to give the `flex` column room.
        styles: per-column click.style arguments, or None.
    """
    if not rows:
        return
    count = len(headers)
    # Column by column: most columns are plain text, checked and measured in a few passes.
    columns = [one_line_all([row[i] for row in rows]) for i in range(count)]
    sizes = [cell_widths(column) for column in columns]
    widths = [max(cell_width(h), *size) for h, size in zip(headers, sizes, strict=True)]
    flex = count - 1 if flex is None else flex
    limit = table_width()
    if limit is not None:
        _fit(widths, headers, flex, [i for i in shrink if i != flex], limit - 2 * (count - 1))
    head = "  ".join(pad(h, widths[i], _align(align, i)) for i, h in enumerate(headers))
    # Styles that click.echo would strip again (output to a file or a pipe) are not made.
    styled = styles_kept()
    shown: list[list[str]] = []
    for i, (column, size) in enumerate(zip(columns, sizes, strict=True)):
        width = widths[i]
        if max(size) > width:
            column, size = _cut_column(column, size, width)
        if _align(align, i) == "right":
            padded = [" " * (width - n) + c for c, n in zip(column, size, strict=True)]
        else:
            padded = [c + " " * (width - n) for c, n in zip(column, size, strict=True)]
        if styled:
            own = styles[i] if styles and i < len(styles) else None
            padded = _styled(padded, [row[i] for row in rows], own)
        shown.append(padded)
    lines = [style(head.rstrip(), bold=True) if styled else head.rstrip()]
    lines.extend("  ".join(parts).rstrip() for parts in zip(*shown, strict=True))
    echo("\n".join(lines))  # one write: a long listing is not a syscall per row


READ_FIRST = 40
"""Cells the text a person came to read keeps before the other cut columns give up theirs."""
SHRUNK = 10
"""The narrowest a `shrink` column is cut to."""


def _fit(
    widths: list[int], headers: Sequence[str], flex: int, shrink: list[int], room: int
) -> None:
    """Narrow `widths` in place to fit `room` cells: the flex column down to `READ_FIRST`, then
    the shrink columns, widest first, down to `SHRUNK`, then the flex column down to 12."""

    def over() -> int:
        return sum(widths) - room

    def floor(i: int) -> int:
        return max(cell_width(headers[i]), SHRUNK)

    widths[flex] -= max(0, min(over(), widths[flex] - READ_FIRST))
    while over() > 0:
        candidates = [i for i in shrink if widths[i] > floor(i)]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    narrowest = max(cell_width(headers[flex]), 12)
    widths[flex] = max(narrowest, widths[flex] - max(0, over()))


def _styled(texts: list[str], cells: Sequence[str], column: dict[str, Any] | None) -> list[str]:
    """Padded texts with their column's style and each cell's own (see `Styled`)."""
    out = []
    for text, cell in zip(texts, cells, strict=True):
        extra = column or {}
        own = getattr(cell, "style", None)
        if own:
            extra = {**extra, **own}
        out.append(style(text, **extra) if extra else text)
    return out


def _cut_column(column: list[str], size: list[int], width: int) -> tuple[list[str], list[int]]:
    """The cells (already one-line and inert) wider than `width` cut as `one_line` cuts them,
    with the new widths; plain ASCII, the common case, cut by slicing."""
    cells, sizes = list(column), list(size)
    keep = max(0, width - 1)
    for index in [i for i, used in enumerate(size) if used > width]:
        cell = column[index]
        if cell.isascii():
            cut = cell[:keep].rstrip() + "…" if width > 0 else ""
            cells[index], sizes[index] = cut, len(cut)
        else:
            cut = one_line(cell, width)
            cells[index], sizes[index] = cut, cell_width(cut)
    return cells, sizes


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
