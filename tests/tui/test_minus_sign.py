"""One minus sign everywhere: the TUI, the CLI and the export print the same characters."""

from __future__ import annotations

import pytest

from retro.cli.sprints import signed as cli_signed
from retro.export.blocks import signed_percent as export_signed
from retro.widgets.drift import signed as tui_signed


@pytest.mark.parametrize(
    ("value", "shown"),
    [(-0.3, "\u221230%"), (0.125, "+13%"), (0.0, "0%"), (-0.004, "0%"), (1.5, "+150%")],
)
def test_drift_percentages_are_signed_with_one_minus_sign(value: float, shown: str) -> None:
    assert tui_signed(value) == cli_signed(value) == export_signed(value) == shown
    assert "-" not in shown
