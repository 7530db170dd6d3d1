"""The keys a person sees in `?` and the palette: this screen's commands first.

Textual lists the active bindings from the focused widget outwards, so a list or a table put
ten generic scroll keys before the product's own. `product_first` orders them: the screen's,
then the app's, then the focused widget's. `KeysPanel` is Textual's help panel with that order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ActiveBinding, Screen
from textual.widgets import Footer, HelpPanel, Markdown
from textual.widgets._footer import FooterKey
from textual.widgets._key_panel import BindingsTable, KeyPanel


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


def _rows(bindings: Iterable[tuple[str, ActiveBinding]]) -> list[list[list[Binding]]]:
    """Bindings grouped by node and then by action, in order; system and blank ones left out."""
    groups: list[defaultdict[str, list[Binding]]] = []
    last: object = None
    for _, active in bindings:
        binding = active.binding
        palette = binding.action in ("command_palette", "app.command_palette")
        if (binding.system and not palette) or not (binding.description or binding.tooltip):
            continue
        if active.node is not last:
            groups.append(defaultdict(list))
            last = active.node
        groups[-1][binding.action].append(binding)
    return [list(group.values()) for group in groups]


class ProductKeysTable(BindingsTable):
    """Textual's bindings table, product keys first, with no row that has no words."""

    def render_bindings_table(self) -> Table:
        key_style = self.get_component_rich_style("bindings-table--key")
        description_style = self.get_component_rich_style("bindings-table--description")
        table = Table(padding=(0, 0), show_header=False, box=box.SIMPLE)
        table.add_column("", justify="right")
        for group in _rows(product_first(self.screen)):
            for same in group:
                binding = same[0]
                keys = " ".join(dict.fromkeys(self.app.get_key_display(b) for b in same))
                text = Text(binding.description, end="", style=description_style)
                if binding.tooltip:
                    text.append((" " if binding.description else "") + binding.tooltip, "dim")
                table.add_row(Text(keys, style=key_style), text)
            table.add_section()
        return table


class ProductKeyPanel(KeyPanel):
    """The key panel with `ProductKeysTable`."""

    def compose(self) -> ComposeResult:
        yield ProductKeysTable(shrink=True, expand=False)


class KeysPanel(HelpPanel):
    """The help panel `?` opens: the focused widget's help, then the keys, product first."""

    def compose(self) -> ComposeResult:
        yield Markdown(id="widget-help")
        yield ProductKeyPanel(id="keys-help")


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
