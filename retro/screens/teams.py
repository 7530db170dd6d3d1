"""The team switcher: one store per team; pick another one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from retro.errors import RetroError
from retro.screens.forms import PickScreen
from retro.store import Store, current_team_name, set_current_team, team_paths

if TYPE_CHECKING:
    from retro.app import RetroApp


def switch_team(app: RetroApp) -> None:
    """Offer the person's team stores; switch to the chosen one (never a served participant's:
    the stores are folders on the host's machine)."""
    if app.refuses("switch_team"):
        return
    paths = team_paths()
    if app.store.path not in paths:
        paths = [app.store.path, *paths]
    if len(paths) < 2:
        app.notify(
            "This is your only team. Create another with 'retro team new NAME'.",
            timeout=4,
        )
        return
    current = current_team_name()
    options = []
    for path in paths:
        here = path == app.store.path
        options.append(
            (
                str(path),
                Content.assemble(
                    ("● " if here else "  ", "bold $accent"),
                    (path.name, "bold" if path.name == current else ""),
                    (f"   {path}", "$text-muted"),
                ),
            )
        )

    def chosen(choice: str | None) -> None:
        if choice is None:
            return
        store = Store(Path(choice))
        try:
            if store.path.parent in {p.parent for p in team_paths()}:
                set_current_team(store.path.name)
        except RetroError as exc:
            app.notify(exc.message, severity="error")
            return
        app.use_store(store)

    app.push_screen(PickScreen("Switch team", options), chosen)
