"""A short series drawn one cell per point, two rows tall, its first and latest value labelled.

A `Sparkline` stretches a few points over its whole width, so three values look like three solid
blocks; here each point keeps one column, scaled between the series' own lowest and highest value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content
from textual.widget import Widget

_BLOCKS = "▁▂▃▄▅▆▇█"
LEVELS = 2 * len(_BLOCKS)
"""Distinct heights over the two rows."""
GAP_BELOW = 12
"""Series shorter than this leave a blank column between points, so each reads as one."""


def levels(values: Sequence[float]) -> list[int]:
    """Each value's height in eighths of a row (1 … `LEVELS`), between the series' min and max;
    a series whose values are all equal sits at half height."""
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [LEVELS // 2] * len(values)
    return [1 + round((v - low) / (high - low) * (LEVELS - 1)) for v in values]


def trend_lines(
    values: Sequence[float],
    fmt: Callable[[float], str],
    width: int,
    style: str = "$accent",
) -> Content:
    """The series as two lines: the bars, with the first value left of them and the latest
    right of them; "no data yet" when there is nothing to draw.

    At most as many points as fit in `width` are drawn (the latest ones)."""
    if not values:
        return Content.styled("no data yet", "$text-muted")
    first, last = ("" if len(values) == 1 else fmt(values[0])), fmt(values[-1])
    room = max(1, width - len(first) - len(last) - 2)
    gap = len(values) < GAP_BELOW and 2 * len(values) - 1 <= room
    shown = list(values) if gap else list(values[-room:])
    while len(shown) > 1 and len(fmt(shown[0])) + len(last) + 2 + len(shown) > width:
        shown = shown[1:]  # the first label grew when cut: make room for it
    if len(shown) < len(values):
        first = fmt(shown[0])
    lead = first + " " if first else ""
    heights = levels(shown)
    sep = " " if gap else ""
    top = sep.join(_BLOCKS[h - 9] if h > len(_BLOCKS) else " " for h in heights)
    bottom = sep.join(_BLOCKS[min(h, len(_BLOCKS)) - 1] for h in heights)
    return Content("\n").join(
        [
            Content.assemble(" " * len(lead), (top, style)),
            Content.assemble((lead, "$text-muted"), (bottom, style), " ", (last, "bold")),
        ]
    )


class Trend(Widget):
    """A labelled short series (see `trend_lines`); redraws at any width."""

    DEFAULT_CSS = """
    Trend { height: 2; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._values: tuple[float, ...] = ()
        self._fmt: Callable[[float], str] = str

    def show(self, values: Sequence[float], fmt: Callable[[float], str]) -> None:
        """Draw this series, each value written with `fmt`."""
        self._values, self._fmt = tuple(values), fmt
        self.refresh()

    def render(self) -> Content:
        return trend_lines(self._values, self._fmt, self.content_size.width)
