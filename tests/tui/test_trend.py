"""The dashboard's short trends: one column per point, ends labelled, nothing drawn when empty."""

from __future__ import annotations

from retro.widgets.trend import LEVELS, levels, trend_lines

BARS = "▁▂▃▄▅▆▇█"


def fmt(value: float) -> str:
    return f"{value:g}"


def test_an_empty_series_says_so_instead_of_a_flat_line() -> None:
    assert trend_lines([], fmt, 30).plain == "no data yet"


def test_each_point_is_one_column_scaled_between_min_and_max() -> None:
    top, bottom = trend_lines([3.0, 1.0, 2.0], fmt, 30).plain.splitlines()
    assert bottom.startswith("3 ") and bottom.endswith(" 2")
    bars = [c for c in bottom if c in BARS]
    assert len(bars) == 3
    assert bars[1] == "▁"  # the lowest value is a sliver, never blank
    assert top.split() == ["█", "▁"]  # the lowest value stays in the bottom row
    assert levels([3.0, 1.0, 2.0]) == [LEVELS, 1, 1 + round((LEVELS - 1) / 2)]


def test_a_long_series_keeps_its_latest_points_within_the_width() -> None:
    values = [float(v) for v in range(100)]
    bottom = trend_lines(values, fmt, 30).plain.splitlines()[1]
    assert len(bottom) <= 30 and bottom.endswith(" 99")


def test_a_flat_series_sits_at_half_height() -> None:
    assert levels([2.0, 2.0]) == [LEVELS // 2, LEVELS // 2]
