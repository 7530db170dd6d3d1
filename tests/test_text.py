"""User text shown inert on a terminal, and fitted to table cells."""

from __future__ import annotations

import pytest

from retro.text import cell_width, inert, one_line, pad


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x00b", "a\\x00b"),
        ("bell\x07", "bell\\x07"),
        ("over\rwrite", "over\\x0dwrite"),
        ("\x9b31m", "\\x9b31m"),
        ("del\x7f", "del\\x7f"),
        ("abc\u202edef", "abc\\u202edef"),
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
    ],
)
def test_control_and_bidi_characters_become_visible_escapes(raw: str, shown: str) -> None:
    assert inert(raw) == shown


@pytest.mark.parametrize("text", ["line one\nline two\tTabbed", "[bold]x[/]", "🎉 émoji", "שלום"])
def test_ordinary_text_is_kept_as_it_is(text: str) -> None:
    assert inert(text) == text


def test_one_line_flattens_and_cuts_by_cells() -> None:
    assert one_line("a\n\n b\tc") == "a b c"
    assert one_line("abcdefghij", 5) == "abcd…"
    assert one_line("🎉🎉🎉🎉", 5) == "🎉🎉…"
    assert cell_width(one_line("🎉🎉🎉🎉", 5)) <= 5
    assert one_line("x\x1by", 10) == "x\\x1by"


def test_pad_counts_wide_characters_as_two_cells() -> None:
    assert pad("🎉", 4) == "🎉  "
    assert pad("ab", 4, "right") == "  ab"
    assert cell_width("日本") == 4
