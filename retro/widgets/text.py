"""User text as Textual `Content`: shown exactly as typed, never parsed as markup."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from retro.text import inert


def user(text: str | None, style: str = "", *, oneline: bool = False) -> Content:
    """Content that shows the person's text as typed: markup stays literal, escapes visible.

    Args:
        text: what the person typed (None shows as nothing).
        style: a style for the whole text ("bold", "$text-muted").
        oneline: fold newlines into " ⏎ " for one-line places (tables, lists).
    """
    safe = inert(text or "")
    if oneline:
        safe = " ⏎ ".join(part for part in safe.splitlines() if part.strip()) or safe.strip()
    content = Content(safe)
    return content.stylize(style) if style else content


def clip(text: str | None, limit: int) -> str:
    """The first `limit` characters of one line of text, with an ellipsis when cut."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: max(1, limit - 1)] + "…"


def looks(content: object) -> object:
    """What content shows, comparable: a `Content`'s text and styles (its `==` compares text
    only); anything else as it is."""
    if isinstance(content, Content):
        return (content.plain, tuple(content.spans))
    return content


def redraw(widget: Static, content: Content | str) -> None:
    """Show `content` in a Static unless it shows exactly that already (text and styles).

    Every update lays the screen out again and renders the widget; a board redraws on every
    change anyone in the room makes, so most of what it would update is unchanged."""
    if type(widget.content) is not type(content) or looks(widget.content) != looks(content):
        widget.update(content)
