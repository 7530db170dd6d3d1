"""The panel `?` opens: the focused widget's help, then the keys, this screen's commands first
(`retro.widgets.keys.product_first`). Imported when it is first opened: Textual's help panel
brings its Markdown widget, and with it a Markdown parser and a syntax highlighter, which a
board that nobody asks for help on never needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ActiveBinding
from textual.widgets import HelpPanel, Markdown
from textual.widgets._key_panel import BindingsTable, KeyPanel

from retro.widgets.keys import product_first


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
