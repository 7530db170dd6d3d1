"""Drift shown at a glance: a bar of attainment against the target, coloured by band.

The numbers come from `retro.drift`; these functions only draw them.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

BAND_STYLE = {
    "on track": "bold $success",
    "at risk": "bold $warning",
    "off track": "bold $error",
}
BAND_ICON = {"on track": "●", "at risk": "▲", "off track": "✖"}
_EIGHTHS = " ▏▎▍▌▋▊▉█"
SCALE = 1.25
"""The bar's full width is 125% attainment, so over-delivery shows past the target mark."""


def band_label(band: str | None) -> Content:
    """The band as a coloured word with an icon ("● on track"); "–" when unknown."""
    if band is None:
        return Content.styled("– no data", "$text-muted")
    return Content.styled(f"{BAND_ICON.get(band, '')} {band}", BAND_STYLE.get(band, ""))


def percent(value: float | None) -> str:
    """A fraction as a signed-free percentage ("87%"), "–" when unknown."""
    return "–" if value is None else f"{value * 100:.0f}%"


def signed(value: float | None) -> str:
    """A drift as a signed percentage with the product's one minus sign ("+12%", "−30%", "0%"),
    "–" when unknown (`retro.drift.signed_percent`, as the CLI and the export print it)."""
    if value is None:
        return "–"
    from retro.insights.words import signed_percent

    return signed_percent(value)


def drift_bar(attainment: float | None, band: str | None, width: int = 20) -> Content:
    """A bar `width` cells wide: filled to the attainment, with a tick at the target (100%).

    Attainment below zero shows an empty bar; above 125% a full bar ending in "▶".
    """
    width = max(4, width)
    if attainment is None:
        return Content.styled("·" * width, "$text-muted")
    style = BAND_STYLE.get(band or "", "$text").replace("bold ", "")
    target = round(width / SCALE) - 1
    filled = max(0.0, min(attainment, SCALE)) / SCALE * width
    full = int(filled)
    part = int((filled - full) * 8)
    cells: list[tuple[str, str]] = []
    for index in range(width):
        if index < full:
            char = "█"
        elif index == full and part:
            char = _EIGHTHS[part]
        else:
            char = "│" if index == target else "░"
            cells.append((char, "$text-muted" if char == "░" else "$text"))
            continue
        cells.append((char, style))
    if attainment > SCALE:
        cells[-1] = ("▶", style)
    return Content.assemble(*cells)


class DriftBar(Static):
    """A labelled drift bar: the bar, the attainment and the band."""

    DEFAULT_CSS = """
    DriftBar { height: 1; width: 1fr; }
    """

    def __init__(
        self,
        attainment: float | None = None,
        band: str | None = None,
        *,
        bar_width: int = 20,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.bar_width = bar_width
        self.show_drift(attainment, band)

    def show_drift(self, attainment: float | None, band: str | None) -> None:
        """Redraw for a new attainment and band."""
        self.attainment = attainment
        self.band = band
        self.update(
            Content.assemble(
                drift_bar(attainment, band, self.bar_width),
                " ",
                f"{percent(attainment):>5} ",
                band_label(band),
            )
        )
