"""The command palette: every key of the current screen, and every review and sprint to open."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from retro.text import inert

if TYPE_CHECKING:
    from retro.app import RetroApp

HIDDEN_ACTIONS = {"command_palette", "app.command_palette"}


class RetroCommands(Provider):
    """Commands for the screen the palette was opened on."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: RetroApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, str, Callable[[], object]]] = []
        seen: set[str] = set()
        from retro.widgets.keys import product_first

        for key, active in product_first(self.screen):
            binding = active.binding
            if (
                not binding.description
                or binding.action in HIDDEN_ACTIONS
                or binding.action.startswith("not_now")  # says why a key does nothing here
            ):
                continue
            if binding.description in seen or not active.enabled:
                continue
            seen.add(binding.description)
            help_text = f"{active.tooltip or binding.tooltip}  [key: {binding.key_display or key}]"
            commands.append(
                (
                    binding.description,
                    help_text,
                    partial(app.call_later, app.run_action, binding.action, active.node),
                )
            )
        snapshot = app.snapshot
        if snapshot is not None:
            for review in reversed(snapshot.headers[-200:]):
                commands.append(
                    (
                        f"Open review: {review.title} ({review.on})",
                        f"{review.format} · {review.phase}",
                        partial(app.open_review, review.id),
                    )
                )
            for sprint in reversed(snapshot.sprints[-50:]):
                commands.append(
                    (
                        f"Open sprint: {sprint.title}",
                        f"{sprint.start} → {sprint.end} · {sprint.status}",
                        partial(app.open_sprint, sprint.id),
                    )
                )
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            if not name.startswith("Open "):
                yield DiscoveryHit(Content(inert(name)), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=help_text)


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate with the matched letters styled; its text is never read as markup
    (Textual's own `Matcher.highlight` parses markup, and review titles are user text)."""
    safe = inert(candidate)
    content = Content(safe)
    score, offsets = matcher.fuzzy_search.match(matcher.query, safe)
    if not score:
        return content
    for offset in offsets:
        if offset < len(safe) and not safe[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
