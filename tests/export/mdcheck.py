"""Reading exported Markdown back, as GitHub and wikis would: parsers and structure extraction."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.gfm import gfm_plugin
from mdit_py_plugins.tasklists import tasklists_plugin


def commonmark_tables() -> MarkdownIt:
    """CommonMark with GFM tables, strikethrough and task lists (raw HTML allowed, as GitHub)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(tasklists_plugin)


def gfm_like() -> MarkdownIt:
    """As close to GitHub as markdown-it gets: autolinks, footnotes, alerts and ``$`` math too."""
    return MarkdownIt("commonmark").use(gfm_plugin, dollarmath=True)


PARSERS: dict[str, Callable[[], MarkdownIt]] = {
    "commonmark+table+tasklists": commonmark_tables,
    "gfm-like": gfm_like,
}

CHECKBOX = re.compile(r'^<input class="task-list-item-checkbox"[^>]*>$')
"""The checkbox the tasklists plugin inserts: our `- [ ]`, not user HTML."""
PLAIN_INLINE = {"text", "softbreak", "hardbreak"}


def is_br(token: Token) -> bool:
    return token.type == "html_inline" and token.content == "<br>"


@dataclass
class Shape:
    """What a reader sees of a document's structure."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    """(level, text) of each heading."""
    tables: list[tuple[int, int]] = field(default_factory=list)
    """(rows including the header, columns) of each table."""
    tasks: list[bool] = field(default_factory=list)
    """Whether each task item is checked."""
    fences: list[tuple[str, str]] = field(default_factory=list)
    """(info, content) of each fenced block."""
    html: list[str] = field(default_factory=list)
    """Raw HTML that is not our own (``<br>`` in cells, the task checkbox)."""
    blocks: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    """Every block token by (type, tag, nesting level)."""
    inline: Counter[str] = field(default_factory=Counter)
    """Inline markup (emphasis, links, code, math …): every inline token but plain text."""
    autolinks: list[str] = field(default_factory=list)
    """Web and mail addresses GFM makes clickable where they stand (text unchanged)."""


def _is_autolink(token: Token) -> bool:
    """A link GFM made of a bare web or mail address, which shows the address as its text."""
    if token.markup not in ("autolink", "linkify"):
        return False
    href = str(token.attrs.get("href", ""))
    return token.type == "link_close" or href.startswith(("http://", "https://", "mailto:"))


def _text(children: list[Token]) -> str:
    return "".join(c.content if c.type in ("text", "code_inline") else "" for c in children)


def shape(md: MarkdownIt, source: str) -> Shape:
    """The structure of a Markdown document as parsed by `md`."""
    out = Shape()
    tokens = md.parse(source)
    rows = cols = 0
    for index, token in enumerate(tokens):
        out.blocks[(token.type, token.tag, token.level)] += 1
        if token.type == "heading_open":
            out.headings.append((int(token.tag[1]), _text(tokens[index + 1].children or [])))
        elif token.type == "table_open":
            rows = cols = 0
        elif token.type == "tr_open":
            rows += 1
        elif token.type == "th_open":
            cols += 1
        elif token.type == "table_close":
            out.tables.append((rows, cols))
        elif token.type == "fence":
            out.fences.append((token.info.strip(), token.content))
        elif token.type == "html_block":
            out.html.append(token.content)
        elif token.type == "list_item_open":
            checked = token.meta.get("checked") if token.meta else None
            if checked is None and "task-list-item" in str(token.attrs.get("class", "")):
                box = tokens[index + 2].children or []
                checked = bool(box) and 'checked="checked"' in box[0].content
            if checked is not None:
                out.tasks.append(bool(checked))
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "html_inline":
                    if not (is_br(child) or CHECKBOX.match(child.content)):
                        out.html.append(child.content)
                elif child.type in ("link_open", "link_close") and _is_autolink(child):
                    if child.type == "link_open":
                        out.autolinks.append(str(child.attrs["href"]))
                elif child.type not in PLAIN_INLINE:
                    out.inline[child.type] += 1
    return out


_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "pre"}


class _Blocks(HTMLParser):
    """The text of each block element of rendered HTML (nested blocks apart), ``<br>`` as a
    newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[str]] = []
        self.done: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self.stack:
            self.stack[-1].append("\n")
        elif tag in _BLOCKS:
            self.stack.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self.stack:
            self.done.append("".join(self.stack.pop()))

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].append(data)


def block_texts(md: MarkdownIt, source: str) -> list[str]:
    """The text content of every block element of the rendered HTML, in document order."""
    parser = _Blocks()
    parser.feed(md.render(source))
    parser.close()
    return parser.done


def squash(text: str) -> str:
    """Whitespace (newlines included) folded to single spaces: text "modulo newline handling"."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
