"""The purpose's history: every version, oldest (the first purpose) first, with who set it
and when. The dashboard shows only the current one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from retro.model import PurposeVersion
from retro.widgets.text import user


def history_content(versions: list[PurposeVersion]) -> Content:
    """Every version of the purpose, numbered, the current one marked."""
    if not versions:
        return Content.styled(
            "No purpose yet: press p to set the team's north star.", "$text-muted"
        )
    parts: list[Content | str | tuple[str, str]] = []
    for number, version in enumerate(versions, 1):
        current = number == len(versions)
        label = "current" if current else ("first" if number == 1 else "")
        by = f" by {version.set_by}" if version.set_by else ""
        if parts:
            parts.append("\n\n")
        parts.append((f"v{number} · {version.set_at:%Y-%m-%d}", "$text-muted"))
        parts.append(user(by, "$text-muted"))
        if label:
            parts.append((f" · {label}", "bold $accent" if current else "$text-muted"))
        parts.append("\n")
        parts.append(user(version.text, "bold" if current else "italic"))
    return Content.assemble(*parts)


class PurposeHistoryScreen(ModalScreen[None]):
    """The purpose's history, in a modal; escape closes it."""

    DEFAULT_CSS = """
    PurposeHistoryScreen { align: center middle; }
    PurposeHistoryScreen > Vertical {
        width: 76; max-width: 95%; height: auto; max-height: 85%;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    PurposeHistoryScreen .history-title { text-style: bold; color: $accent; margin-bottom: 1; }
    PurposeHistoryScreen VerticalScroll { height: auto; }
    """
    BINDINGS = [Binding("escape,h", "close", "Close", tooltip="Back to the dashboard")]

    def __init__(self, versions: list[PurposeVersion]) -> None:
        super().__init__()
        self.versions = list(versions)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("The purpose's history", classes="history-title", markup=False)
            with VerticalScroll():
                yield Static(history_content(self.versions), id="purpose-history")

    def action_close(self) -> None:
        self.dismiss(None)
