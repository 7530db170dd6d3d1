"""The keys a person sees in the footer and the palette: this screen's commands first.

Textual lists the active bindings from the focused widget outwards, so a list or a table put
ten generic scroll keys before the product's own. `product_first` orders them: the screen's,
then the app's, then the focused widget's (`retro.widgets.keys_panel` shows them in that order
when `?` is pressed). `KeysFooter` is Textual's footer, compact when narrow.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import ActiveBinding, Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def _textual_own() -> set[str]:
    """The actions Textual's Screen and App bind for every app (focus, copy, palette…)."""
    actions: set[str] = set()
    for owner in (Screen, App):
        for binding in owner.BINDINGS:
            actions.add(binding.action if isinstance(binding, Binding) else binding[1])
    return actions


def product_first(screen: Screen) -> list[tuple[str, ActiveBinding]]:
    """The screen's active bindings: its own, then the app's, then Textual's generic ones and
    the focused widget's (each in their order)."""
    generic = _textual_own()

    def rank(item: tuple[str, ActiveBinding]) -> int:
        node, action = item[1].node, item[1].binding.action
        if action in generic:
            return 2
        return 0 if node is screen else 1 if node is screen.app else 2

    return sorted(screen.active_bindings.items(), key=rank)


class KeysFooter(Footer):
    """Textual's footer, compact on a narrow terminal so an 80-column one shows every key."""

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < COMPACT_BELOW
        self.compact = narrow
        # ctrl+p stays in `?` (`KeysPanel`) and the welcome text when the footer has no room.
        self.show_command_palette = not narrow

    _drawn: tuple[object, ...] | None = None
    """What the keys showed when last composed (`_shows`)."""

    def _shows(self) -> tuple[object, ...]:
        """Everything the composed keys depend on: each shown binding with whether it is
        enabled and its tooltip, the palette's key, and the footer's two settings."""
        keys = tuple(
            (binding.key, binding.action, binding.description, id(binding.group), on, tip)
            for (_, binding, on, tip) in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )
        return (keys, self.compact, self.show_command_palette)

    async def recompose(self) -> None:
        """Compose as Textual does, then put `?` first: the key that lists every other key is
        visible however narrow the terminal and however many keys the screen has.

        Textual composes the footer again whenever the screen's bindings are refreshed, which
        a board does on every redraw; building its keys again costs more than the rest of the
        redraw together (styles, layout), multiplied by every participant of a live review.
        So the keys are composed only when what they show changed."""
        if not self.is_attached:
            return
        shows = self._shows() if self._bindings_ready else None
        if shows is not None and shows == self._drawn and self.children:
            return
        self._drawn = shows
        await super().recompose()
        keys = [key for key in self.query(FooterKey) if key.key == "question_mark"]
        if keys and keys[0].parent is self and self.children and self.children[0] is not keys[0]:
            self.move_child(keys[0], before=0)


COMPACT_BELOW = 110
"""Terminal widths below which the footer drops the spaces between its keys."""
