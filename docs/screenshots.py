"""Make the README's screenshots: docs/dashboard.{svg,png} and docs/review.{svg,png}.

    .venv/bin/python docs/screenshots.py

The demo team is built in a temporary store for a fixed day, with the app's clock frozen on that
day, so the pictures change only when the screens do. The SVG keeps its spaces
(`xml:space="preserve"`) so that `rsvg-convert` (which makes the PNG) lays it out as a terminal.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from retro.app import RetroApp
from retro.demo import build_demo
from retro.store import Store

DOCS = Path(__file__).parent
TODAY = date(2026, 3, 2)
USER = "ana"
SIZE = (120, 40)
PNG_WIDTH = 1400


async def _loaded(app: RetroApp, pilot: object) -> None:
    for _ in range(200):
        await pilot.pause(0.02)  # type: ignore[attr-defined]
        if app.snapshot is not None and not app._loading:
            break
    await pilot.pause(0.5)  # type: ignore[attr-defined]
    await pilot.wait_for_scheduled_animations()  # type: ignore[attr-defined]


async def _shoot(store: Store, name: str, keys: tuple[str, ...]) -> None:
    app = RetroApp(store, user=USER, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(app, pilot)
        for key in keys:
            await pilot.press(key)
            await _loaded(app, pilot)
        svg = app.export_screenshot(title="retro")
    if "xml:space" not in svg[:200]:
        svg = svg.replace("<svg ", '<svg xml:space="preserve" ', 1)
    target = DOCS / f"{name}.svg"
    target.write_text(svg, encoding="utf-8")
    subprocess.run(
        ["rsvg-convert", "-w", str(PNG_WIDTH), str(target), "-o", str(target.with_suffix(".png"))],
        check=True,
    )
    print(f"wrote {target} and {target.with_suffix('.png')}")


def main() -> None:
    """Build the demo for TODAY in a temporary store and save both screens."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RETRO_CACHE"] = str(Path(tmp) / "cache")  # never the user's cache
        build_demo(Store(Path(tmp) / "store"), today=TODAY, user=USER)
        store = Store(Path(tmp) / "store")
        asyncio.run(_shoot(store, "dashboard", ()))
        asyncio.run(_shoot(store, "review", ("2",)))


if __name__ == "__main__":
    main()
