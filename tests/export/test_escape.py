"""User text made literal in Markdown, and the numbers and blocks of the export."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retro.export.blocks import (
    band_label,
    number,
    percent,
    signed_percent,
    table,
    xychart,
)
from retro.export.escape import close_bidi, escape_cell, escape_heading, escape_line, escape_md
from tests.export.mdcheck import block_texts, gfm_like, shape, squash

MD = gfm_like()

# Text heavy in everything Markdown, GFM and HTML give a meaning to, plus letters and spaces.
MARKUP = st.text(
    alphabet=st.sampled_from(list("\\`*_[]()#+-.!|~$<>&:=^\"'/@ \t\n\r") + list("ab1éש🚀")),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_any_text_is_one_list_item_with_the_same_text(text: str) -> None:
    escaped = escape_md(text, indent="  ")
    source = f"- {escaped} — end\n"
    doc = shape(MD, source)
    assert doc.headings == [] and doc.tables == [] and doc.tasks == [] and doc.html == []
    assert doc.blocks[("list_item_open", "li", 1)] == 1
    assert not doc.inline.keys() - {"hardbreak"}
    assert [squash(t) for t in block_texts(MD, source)] == [squash(f"{text} — end")]


@settings(max_examples=300, deadline=None)
@given(MARKUP, MARKUP)
def test_any_text_is_one_table_cell_with_the_same_text(first: str, second: str) -> None:
    source = table(["A", "B"], [[escape_cell(first), escape_cell(second)]])
    doc = shape(MD, source)
    assert doc.tables == [(2, 2)] and doc.html == [] and not doc.inline
    texts = block_texts(MD, source)
    assert [squash(t) for t in texts] == ["A", "B", squash(first), squash(second)]


@settings(max_examples=200, deadline=None)
@given(MARKUP.filter(lambda t: t.strip(" \t\r\n")))
def test_any_text_is_one_heading_with_the_same_text(text: str) -> None:
    source = f"## {escape_heading(text)}\n"
    doc = shape(MD, source)
    assert [level for level, _ in doc.headings] == [2]
    assert squash(block_texts(MD, source)[0]) == squash(text)


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("# title", "\\# title"),
        ("- [ ] task", "\\- \\[ \\] task"),
        ("1. one", "1\\. one"),
        ("12) twelve", "12\\) twelve"),
        ("> quote", "&gt; quote"),
        ("<b>", "&lt;b&gt;"),
        ("AT&T", "AT&amp;T"),
        ("snake_case", "snake\\_case"),
        ("$5", "\\$5"),
        ("C# is fine mid-line", "C# is fine mid-line"),
        ("    indented", "indented"),
    ],
)
def test_escape_md_examples(typed: str, escaped: str) -> None:
    assert escape_md(typed) == escaped


def test_newlines_become_hard_breaks_indented_for_the_list_item() -> None:
    assert escape_md("one\r\ntwo\rthree\n\nfour", indent="  ") == (
        "one\\\n  two\\\n  three\\\n  \\\n  four"
    )


def test_cells_and_lines_stay_on_one_line() -> None:
    assert escape_cell("one\ntwo|three") == "one<br>two\\|three"
    assert escape_line("ana\nmaria") == "ana maria"
    assert escape_heading("Issue ##") == "Issue \\#\\#"


def test_control_characters_become_visible_pictures() -> None:
    assert escape_md("a\x1b[2Jb\x00\x7f\x9b") == "a␛\\[2Jb␀␡\ufffd"


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("plain", "plain"),
        ("a\u202eb", "a\u202eb\u202c"),
        ("a\u202eb\u202cc", "a\u202eb\u202cc"),
        ("\u2067a\u202eb", "\u2067a\u202eb\u202c\u2069"),
        ("\u2067a\u202eb\u2069", "\u2067a\u202eb\u2069"),  # PDI closes the override inside it
        ("\u2067a\u202c", "\u2067a\u202c\u2069"),  # a PDF never closes an isolate
    ],
)
def test_unclosed_bidi_controls_are_closed(text: str, closed: str) -> None:
    assert close_bidi(text) == closed


# --- numbers and blocks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.12, "+12%"),
        (-0.3, "−30%"),
        (0.7 - 1, "−30%"),
        (-0.125, "−13%"),
        (0.125, "+13%"),
        (-0.004, "0%"),
        (0.0, "0%"),
        (None, "—"),
    ],
)
def test_drift_is_a_signed_percentage_with_a_true_minus(value: float | None, shown: str) -> None:
    assert signed_percent(value) == shown


def test_attainment_and_values() -> None:
    assert percent(0.874) == "87%"
    assert percent(1.25) == "125%"
    assert percent(-0.2) == "−20%"
    assert number(26.0, "min") == "26 min"
    assert number(62.5, "%") == "62.5%"
    assert number(11.538461, "") == "11.54"
    assert number(-0.001, "") == "0"
    assert number(3, "a|b") == "3 a\\|b"


def test_bands_have_a_marker() -> None:
    assert band_label("on track") == "🟢 on track"
    assert band_label("at risk") == "🟡 at risk"
    assert band_label("off track") == "🔴 off track"
    assert band_label(None) == "—"


def test_table_pads_columns_and_refuses_ragged_rows() -> None:
    assert table(["A", "Num"], [["x", "1"], ["long", "10"]], ["left", "right"]) == (
        "| A    | Num |\n| ---- | --: |\n| x    |   1 |\n| long |  10 |"
    )
    with pytest.raises(ValueError):
        table(["A", "B"], [["only one"]])


def test_chart_axis_covers_the_values_and_zero() -> None:
    chart = xychart("T", ["d1", "d2"], [-42.0, 12.5], y_label="Drift (%)")
    assert chart.startswith("```mermaid\nxychart-beta\n") and chart.endswith("\n```")
    assert '    y-axis "Drift (%)" -50 --> 20' in chart
    assert "    line [-42, 12.5]" in chart
