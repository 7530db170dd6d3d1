"""One headless run of a Textual app, reporting when its frames were ready (run as a script).

    python bench/tui_child.py minimal
    python bench/tui_child.py retro STORE

Prints one JSON line of `time.monotonic()` stamps (a clock every process on the machine shares,
so the parent measures from the moment it launched this process):

- ``first``: the first frame the compositor produced for the app's screen;
- ``loaded`` (retro only): the first frame drawn after the dashboard showed the store's data
  (`DashboardScreen.show_snapshot` returned), i.e. a fully loaded dashboard.

The app runs under `App.run_test` (headless, 120×40). A headless driver writes nothing, so the
frame is taken where the compositor hands its update to the driver (`App._display`).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

SIZE = (120, 40)
TIMEOUT = 120.0


def watch(app: Any, marks: dict[str, float], loaded: asyncio.Event, dashboard: Any) -> None:
    """Wrap the app's display hook and the dashboard's draw to stamp the frames."""
    display = app._display
    state = {"drawn": False}

    def stamped(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None:
            return
        marks.setdefault("first", time.monotonic())
        if state["drawn"] and "loaded" not in marks:
            marks["loaded"] = time.monotonic()
            loaded.set()

    app._display = stamped
    if dashboard is not None:
        show = dashboard.show_snapshot

        def shown(self: Any, snapshot: Any) -> None:
            show(self, snapshot)
            state["drawn"] = True
            self.refresh()

        dashboard.show_snapshot = shown


async def run_minimal() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello from a minimal Textual app")

    marks: dict[str, float] = {}
    app = Minimal()
    watch(app, marks, asyncio.Event(), None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    return marks


async def run_retro(path: str) -> dict[str, float]:
    from retro.app import RetroApp
    from retro.screens.dashboard import DashboardScreen
    from retro.store import Store

    store = Store(path)
    store.check_open()
    marks: dict[str, float] = {}
    loaded = asyncio.Event()
    app = RetroApp(store, user="bench")
    watch(app, marks, loaded, DashboardScreen)
    async with app.run_test(size=SIZE):
        await asyncio.wait_for(loaded.wait(), TIMEOUT)
    return marks


def main(argv: list[str]) -> None:
    marks = asyncio.run(run_retro(argv[1]) if argv[0] == "retro" else run_minimal())
    if "first" not in marks:
        raise SystemExit("no frame was drawn")
    print(json.dumps(marks))


if __name__ == "__main__":
    main(sys.argv[1:])
