"""User text shown inert on a terminal, and fitted to table cells."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

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


def _one_line_plain(text: str, width: int | None = None) -> str:
    """`one_line` as it was written before its fast paths: flatten, make inert, cut by cells."""
    import re
    import unicodedata

    def width_of(ch: str) -> int:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0e\ufe0f":
            return 0
        return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

    flat = inert(re.sub(r"\s+", " ", text).strip())
    if width is None or sum(width_of(c) for c in flat) <= width:
        return flat
    if width <= 0:
        return ""
    out, used = [], 0
    for ch in flat:
        if used + width_of(ch) > width - 1:
            break
        out.append(ch)
        used += width_of(ch)
    return "".join(out).rstrip() + "…"


_CELL_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            list(" \t\n\r\x0b\x0c\x1b\x00\x85\xa0\u2028\u2029\u3000\u202e\u2066\u200b\u200d")
            + list("\ufe0f\u0301🎉日本éשa-z…—")
        ),
        st.characters(),
    ),
    max_size=40,
)


@given(_CELL_TEXT, st.one_of(st.none(), st.integers(-1, 30)))
@example("two  spaces", None)
@example(" leading", None)
@example("trailing ", 4)
@example("nbsp\xa0here", None)
@example("日本語のテキスト", 5)
def test_one_line_and_cell_width_agree_with_the_plain_definitions(
    text: str, width: int | None
) -> None:
    """The fast paths (printable text kept as it is, only non-ASCII characters measured) give
    what measuring and escaping every character gives."""
    import unicodedata

    assert one_line(text, width) == _one_line_plain(text, width)
    flat = one_line(text)
    assert cell_width(flat) == sum(
        0
        if unicodedata.combining(c) or c in "\u200b\u200c\u200d\ufe0e\ufe0f"
        else 2
        if unicodedata.east_asian_width(c) in ("W", "F")
        else 1
        for c in flat
    )


@given(st.lists(_CELL_TEXT, min_size=1, max_size=8))
@example(["plain", "a  b"])
@example(["ok", " lead", "trail "])
@example(["x", "tab\there"])
@example(["日本", "ascii"])
def test_whole_columns_are_flattened_and_measured_as_each_cell_is(texts: list[str]) -> None:
    from retro.text import cell_widths, one_line_all

    assert one_line_all(texts) == [one_line(t) for t in texts]
    flat = [one_line(t) for t in texts]
    assert cell_widths(flat) == [cell_width(t) for t in flat]


def test_plural_reads_one_as_one() -> None:
    from retro.text import plural

    assert plural(1, "member") == "1 member"
    assert plural(0, "member") == "0 members"
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"
