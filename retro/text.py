"""User text made safe to print on a terminal, and fitted into table cells.

Text from users is data. A card that says ``\\x1b[2J`` must not clear anyone's screen, and one with
a right-to-left override must not reorder the rest of the line. `inert` replaces every such
character with a visible escape; `one_line` and `fit` shape text for aligned tables, measuring
width in terminal cells (an emoji or a CJK character takes two).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

#: Bidirectional embedding, override and isolate controls: they reorder what follows them.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
)

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]",
)
_WHITESPACE = re.compile(r"\s+")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """The text with every character a terminal would act on replaced by a visible escape.

    C0 and C1 control characters other than newline and tab (ESC, NUL, BEL, CR, CSI, DEL …)
    become ``\\x1b``-style escapes, and bidi overrides and isolates (U+202A–U+202E,
    U+2066–U+2069) become ``\\u202e``-style escapes. Everything else, emoji and right-to-left
    letters included, is kept as it is.

    >>> inert("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    """
    return _UNSAFE.sub(_escape, text)


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """How many terminal cells one character takes: 0, 1 or 2."""
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufe0e\ufe0f":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cell_width(text: str) -> int:
    """How many terminal cells the text takes on one line."""
    if text.isascii():
        return len(text)
    # Every ASCII character takes one cell: measure only the others.
    return len(text) + sum(char_width(ch) - 1 for ch in _NON_ASCII.findall(text))


def one_line(text: str, width: int | None = None) -> str:
    """The text inert, on one line (runs of whitespace become one space), cut to `width` cells.

    Args:
        text: user text, possibly long and on several lines.
        width: the most cells the result may take; a cut text ends with ``…``. None: no limit.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Nothing to flatten or escape: a printable text holds no control, format or
        # separator character, and no whitespace but single inner spaces.
        flat = text
    else:
        flat = inert(_WHITESPACE.sub(" ", text).strip())
    if width is None or cell_width(flat) <= width:
        return flat
    if width <= 0:
        return ""
    out: list[str] = []
    used = 0
    for ch in flat:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def one_line_all(texts: Sequence[str]) -> list[str]:
    """`one_line` of each text (no cut), for a whole table column at once: a column of plain
    printable text (the common case) is checked with a few passes over its joined text."""
    joined = "".join(texts)
    if joined.isprintable() and "  " not in joined:
        # No cell starts or ends with a space (no other whitespace is printable).
        lines = "\n" + "\n".join(texts) + "\n"
        if "\n " not in lines and " \n" not in lines:
            return list(texts)
    return [one_line(text) for text in texts]


def cell_widths(texts: Sequence[str]) -> list[int]:
    """`cell_width` of each text, for a whole table column at once."""
    if "".join(texts).isascii():
        return [len(text) for text in texts]
    return [cell_width(text) for text in texts]


def pad(text: str, width: int, align: str = "left") -> str:
    """The text padded with spaces to `width` cells (text already wider is left as it is)."""
    gap = max(0, width - cell_width(text))
    return " " * gap + text if align == "right" else text + " " * gap


def plural(count: int, word: str, words: str | None = None) -> str:
    """A count with its noun: ``1 member``, ``3 members``, ``1 kudos`` with ``words``.

    Args:
        count: how many.
        word: the noun for one.
        words: the noun for several, when it is not `word` + "s".
    """
    return f"{count} {word if count == 1 else (words or word + 's')}"
