"""Escaping user text for GitHub-flavoured Markdown.

User text is data: whatever a person typed must come out of the renderer as the same literal
text, never as a heading, a list item, a task, a link, emphasis, a table cell border, math or raw
HTML. The rules, by what Markdown would otherwise do with a character:

- Inline markup (``\\ ` * _ [ ] | ~ $``) gets a backslash everywhere: CommonMark renders any
  backslash-escaped ASCII punctuation as the bare character, and GFM honours ``\\|`` inside
  table cells. ``$`` is escaped because GitHub renders ``$…$`` as math.
- The HTML-significant ``< > &`` become the entities ``&lt; &gt; &amp;``, so no tag, comment,
  autolink or entity reference can form.
- Block markup only counts at the start of a line (``#`` headings, ``-``/``+`` bullets and
  thematic breaks, ``=`` underlines, ``1.`` ordered items, ``>`` quotes, fences, indented code):
  each line is stripped of its leading blanks and its first character escaped when it could open
  a block.
- Newlines (``\\n``, ``\\r\\n`` and a lone ``\\r``) become hard line breaks (a backslash at the
  end of the line) in running text and ``<br>`` in table cells, headings keep one line.
- Control characters become their visible Unicode pictures (``\\x1b`` → ``␛``), so an exported
  file printed in a terminal cannot drive it.
- Unclosed bidirectional embeddings, overrides and isolates (the "Trojan Source" characters) are
  closed at the end of the text, so a right-to-left override stays inside the card that holds it
  instead of reversing the markup that follows.
"""

from __future__ import annotations

import re

_INLINE = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "$": "\\$",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
}
# C0 controls but tab, newline and carriage return; DEL; C1 controls.
_CONTROLS = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_CONTROLS[0x7F] = "\u2421"
_CONTROLS.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_TABLE = str.maketrans({**{ord(k): v for k, v in _INLINE.items()}, **_CONTROLS})
_HEADING_TABLE = str.maketrans({**{ord(k): v for k, v in _INLINE.items()}, **_CONTROLS, 35: "\\#"})
_NEEDS_INLINE = re.compile(r"[\\`*_\[\]|~$<>&\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_NEWLINES = re.compile(r"\r\n?|\n")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_BLOCK_START = frozenset("#-+=")

# A text that `escape_md` returns unchanged: one line (no newline, carriage return, tab or
# other control), no inline markup, no bidi control, no blank at either end and nothing that
# could open a block at its start. Most texts are like this; they skip the line-by-line work.
_PLAIN = re.compile(
    r"(?![ #+=\-]|\d{1,9}[.)])"
    r"[^\\`*_\[\]|~$<>&\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*"
    r"(?<! )"
)

_EMBED_OPEN = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _inline(text: str) -> str:
    """Escape inline markup and control characters in one line of text."""
    if _NEEDS_INLINE.search(text) is None:
        return text
    return text.translate(_TABLE)


def _line_start(line: str) -> str:
    """Escape what would open a block at the start of an (already inline-escaped) line."""
    if not line:
        return line
    if line[0] in _BLOCK_START:
        return "\\" + line
    ordered = _ORDERED.match(line)
    if ordered:
        return ordered.group(1) + "\\" + line[ordered.end(1) :]
    return line


def close_bidi(text: str) -> str:
    """The text followed by the characters that close its unclosed bidi embeddings and isolates.

    A right-to-left override typed in a card would otherwise reverse everything after it up to
    the end of the paragraph or table cell, our own markup included.
    """
    if _BIDI.search(text) is None:
        return text
    stack: list[str] = []
    for ch in text:
        if ch in _EMBED_OPEN:
            stack.append("\u202c")
        elif ch in _ISOLATE_OPEN:
            stack.append("\u2069")
        elif ch == "\u202c":
            # A PDF closes the innermost embedding, but never an isolate (UAX #9, X7).
            if stack and stack[-1] == "\u202c":
                stack.pop()
        elif ch == "\u2069" and "\u2069" in stack:
            # A PDI closes the innermost isolate and any embeddings opened inside it (X6a).
            while stack and stack.pop() != "\u2069":
                pass
    return text + "".join(reversed(stack))


def lines_of(text: str) -> list[str]:
    """The lines of a text, whatever its newlines, each stripped, outer blank lines dropped."""
    lines = [line.strip(" \t") for line in _NEWLINES.split(text)]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def escape_md(text: str, *, indent: str = "") -> str:
    """User text as literal running Markdown text (a paragraph or a list item's content).

    Newlines become hard line breaks; the lines after the first are prefixed with ``indent``
    (the width of the list marker the text follows, so the lines read as part of the item).

    Args:
        text: what a person typed.
        indent: what to put before each continuation line, e.g. two spaces after ``- ``.

    Returns:
        Markdown that renders as exactly the text: each line stripped of outer blanks, control
        characters shown as pictures, unclosed bidi controls closed at the end.
    """
    if _PLAIN.fullmatch(text):
        return text
    # Every line but the last ends in a backslash: a hard break. A blank line inside the text
    # thus becomes a lone backslash, a second break, rather than the end of the paragraph.
    lines = [_line_start(_inline(line)) for line in lines_of(close_bidi(text))]
    return ("\\\n" + indent).join(lines)


def escape_cell(text: str) -> str:
    """User text as the content of one GFM table cell: one line, ``|`` escaped, ``<br>`` breaks.

    Args:
        text: what a person typed.

    Returns:
        Markdown for the cell; ``<br>`` (our markup, never the user's) stands for each newline.
    """
    return "<br>".join(_inline(line) for line in lines_of(close_bidi(text)))


def escape_line(text: str) -> str:
    """User text in a one-line context inside running text (a name, a tag, a title in a list).

    Newlines become spaces. Block markup is escaped as by `escape_md`, so the text is safe at
    the start of a line too.
    """
    return _line_start(" ".join(_inline(line) for line in lines_of(close_bidi(text)) if line))


def escape_heading(text: str) -> str:
    """User text as the content of an ATX heading: one line, every ``#`` escaped.

    A heading drops a trailing run of ``#`` as its closing sequence, so unlike running text
    every ``#`` is escaped, not only a leading one.
    """
    joined = " ".join(line for line in lines_of(close_bidi(text)) if line)
    return _line_start(joined.translate(_HEADING_TABLE))
