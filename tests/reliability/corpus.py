"""Hostile text: what people (and their clipboards) put into cards, generated in code.

Each entry is ``(name, text)``. Some texts cannot travel as a command-line argument at all; see
`stdin_only` for which and why. Lone surrogates are not text (no UTF-8 encoding exists) and are
not in the corpus: the suite checks that they are refused instead.
"""

from __future__ import annotations

import unicodedata

ARG_MAX_ONE = 128 * 1024
"""The longest single argument Linux passes to a program (MAX_ARG_STRLEN), in bytes."""

ESC = "\x1b"

RICH_MARKUP = [
    "[bold]bold?[/bold]",
    "[/]",
    "[/bold]",
    "[/bold] closing what was never opened",
    "[@click=app.quit]click to quit[/]",
    "[@click=app.bell]ring[/]",
    "[@click=screen.dismiss()]dismiss[/]",
    "[link=https://evil.example]a link[/link]",
    "[link='javascript:alert(1)']js[/link]",
    "[red on blue]colours[/]",
    "[b]never closed",
    "[[double brackets]]",
    "\\[escaped] \\\\[backslashes]",
    "[$accent]theme variable[/]",
    "[on $primary]background[/]",
    "$text-muted and $accent",
    "[reverse blink]x[/]",
    "[not a tag at all",
    "]] [[ ][",
    "[bold italic underline strike]all[/bold italic underline strike]",
    ":smile: :rocket: emoji codes",
    "[i]nested [b]tags[/b][/i]",
    "[#ff0000]hex[/]",
    "[rgb(255,0,0)]rgb[/]",
    "[color(9)]color[/]",
    "[@click=app.push_screen('help')]help[/]",
    "[link=file:///etc/passwd]file[/link]",
    "[style]x[/style] [/style]",
    "[bold]" * 200,
    "[/]" * 200,
]

TERMINAL = [
    f"{ESC}[2J{ESC}[H cleared the screen",
    f"{ESC}[31mred{ESC}[0m",
    f"{ESC}]0;pwned title{chr(7)}",
    f"{ESC}]8;;https://evil.example{ESC}\\click me{ESC}]8;;{ESC}\\",
    f"{ESC}]52;c;cm0gLXJmIH4K{chr(7)} clipboard write",
    f"{ESC}[?1049h alternate screen",
    f"{ESC}[?1000h mouse reporting on",
    f"{ESC}c full reset",
    f"{ESC}P+q544e{ESC}\\ device control",
    f"{ESC}[6n cursor position report",
    f"{ESC}[21t window title report",
    f"{ESC}[1;1H{ESC}[K overwrite line",
    "\x9b31m eight-bit CSI",
    "\x9d0;eight-bit OSC\x9c",
    f"{ESC}[8m hidden text {ESC}[28m",
    f"{ESC}[3J scrollback wipe",
    f"{ESC}7{ESC}8 save restore",
    f"{ESC}[200~ bracketed paste {ESC}[201~",
    "progress\r100% overwritten by carriage return",
    "bell\x07\x07\x07",
    "back\x08\x08\x08space",
    "form\x0cfeed and vertical\x0btab",
    f"{ESC}" * 100,
]

STRUCTURE = [
    "# Heading?",
    "Issue ##",
    "- [ ] a task?",
    "[x] done?",
    "> quoted",
    "> [!WARNING]\n> alert",
    "```\nfenced\n```",
    "~~~python\nprint(1)\n~~~",
    "    indented code",
    "---",
    "Title\n===",
    "| a | b |\n| - | - |",
    "1. first",
    "2) second",
    "+ plus\n* star\n- minus",
    "*emphasis* **strong** _under_ __dunder__",
    "~~strike~~",
    "`code` ``double``",
    "[x](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "<http://evil.example>",
    "[ref]: http://evil.example",
    "footnote[^1]\n[^1]: note",
    "costs $5 and $x^2$ and $$y$$",
    "trailing backslash\\",
    "\\*not\\* \\\\",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- hidden comment -->",
    "<div>\nblock\n</div>",
    "&amp; &copy; &#60;i&#62; &lt;",
    "<b>bold</b> <i>it</i> <a href='x'>a</a>",
    "<style>body{display:none}</style>",
    "<iframe src='https://evil.example'></iframe>",
    "<svg onload=alert(1)>",
    "a | b || c |",
    "snake_case_name and 2*3*4",
    "line one\nline two\n\nline four",
    "one\rtwo\r\nthree",
    "\n\nleading and trailing newlines\n\n",
    "   leading and trailing spaces   ",
    "\ttabs\tinside\t",
    '{"_meta": {"file": {"kind": "review", "schema": 99}}}',
    "\"quotes\" and 'apostrophes' and `backticks`",
    "${HOME} $(rm -rf /) `id` %s %d {0} {name}",
    "'; DROP TABLE cards; --",
    "../../../../etc/passwd",
    "C:\\Windows\\System32",
    "--help",
    "-t",
    "--",
    "-",
]

UNICODE = [
    "Z\u0351\u0352\u0353\u0354\u0355a\u0356\u0357\u0358l\u0359\u035ag\u035b\u035co",
    "e" + "\u0301" * 100,
    "".join(chr(c) for c in range(0x300, 0x370)),
    "abc\u202edcba reversed",
    "x\u2067 שלום isolate",
    "\u202d\u202e\u202a\u202b\u202c\u2066\u2067\u2068\u2069 every bidi control",
    "\u200f right-to-left mark \u200e left-to-right mark",
    "مرحبا بالعالم hello",
    "שלום עולם hello",
    "日本語のテキスト 中文 한국어",
    "ｆｕｌｌ　ｗｉｄｔｈ",
    "zero\u200bwidth\u200cjoin\u200dchars",
    "\ufeffbyte order mark",
    "line\u2028separator\u2029paragraph",
    "next\x85line (NEL, a C1 control)",
    "soft\u00adhyphen",
    "👩‍👩‍👧‍👦 family 🏳️‍🌈 flag 👍🏽 skin",
    "🇺🇸🇯🇵🇧🇷 flags",
    "\U0001f600" * 50,
    "ᚠᛇᚻ᛫ᛒᛦᚦ runes",
    "𝕳𝖊𝖑𝖑𝖔 mathematical",
    "\ufffd replacement char",
    "\ue000 private use \U000f0000",
    "\U0010ffff last code point",
    "ǅ title case ß ﬁ ligature",
    "İstanbul ı",
    "\u0000 NUL at start",
    "NUL in the\u0000middle",
    "ends with NUL\u0000",
    "\u00a0non-breaking\u00a0spaces\u00a0",
    "\u3000ideographic space",
    "A" * 5000,
    "word " * 2000,
    "x" * 10 + "\n" * 200 + "y",
]


def _controls() -> list[tuple[str, str]]:
    """Every C0 control, DEL and every C1 control, each between letters."""
    out = []
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        out.append((f"control-{code:02x}", f"a{chr(code)}b control {code:02x}"))
    return out


def corpus() -> list[tuple[str, str]]:
    """The hostile strings, each with a name; at least 200."""
    out: list[tuple[str, str]] = []
    for group, texts in (
        ("markup", RICH_MARKUP),
        ("terminal", TERMINAL),
        ("structure", STRUCTURE),
        ("unicode", UNICODE),
    ):
        out.extend((f"{group}-{n:02d}", text) for n, text in enumerate(texts))
    out.extend(_controls())
    out.append(("one-megabyte", ("retro " * 200_000)[:1_000_000]))
    out.append(("ten-thousand-emoji", "".join(chr(0x1F600 + n % 80) for n in range(10_000))))
    names = [name for name, _ in out]
    assert len(set(names)) == len(names)
    return out


def stdin_only(text: str) -> str | None:
    """Why a text can only reach `retro` through stdin ('-'), or None if argv can carry it."""
    if "\x00" in text:
        return "argv strings end at NUL"
    if len(text.encode("utf-8")) >= ARG_MAX_ONE:
        return "longer than one argument may be (128 KiB on Linux)"
    if text == "-":
        return "a lone '-' as the argument means 'read stdin'"
    return None


def storable(text: str) -> bool:
    """Whether retro stores the text as it is (a blank text is refused: it says nothing)."""
    return bool(text.strip())


def describe(text: str) -> str:
    """A short printable description of a text (for test ids and messages)."""
    head = text[:24]
    return "".join(
        ch if ch.isprintable() else f"<{unicodedata.name(ch, hex(ord(ch)))}>" for ch in head
    )
