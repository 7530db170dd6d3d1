"""Where the demo goes: into a team of its own, never into a store that holds someone's data.

`retro demo` and the welcome screen's "Load a demo team" share this rule. In the data directory
the demo becomes the team "Demo", made and switched to as `retro team new` does. A store chosen
by hand (--store, RETRO_STORE, a `.retro/` folder) is filled only while it is empty. Adding the
demo to a store that holds data takes `--into-current --yes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from retro.errors import RetroError
from retro.store import Store, default_store_path, set_current_team

if TYPE_CHECKING:
    from retro.demo import DemoReport

DEMO_TEAM = "Demo"


@dataclass(frozen=True)
class DemoPlace:
    """Where to put the demo, and what to do there."""

    path: Path
    """The store to fill (or to switch to, when it already holds the demo)."""
    switch: bool
    """Whether this store becomes the current team afterwards."""
    build: bool
    """False when the demo team is already there: switch to it, add nothing."""


def holds_data(store: Store) -> bool:
    """Whether a store has anything a person made: reviews, sprints or lessons."""
    if not store.exists():
        return False
    store.check_open()
    return bool(store.review_ids() or store.sprint_ids() or store.lesson_files())


def place_demo(current: Path, into_current: bool = False, yes: bool = False) -> DemoPlace:
    """Decide where the demo goes, given the store this invocation would use.

    Raises:
        RetroError: the only place asked for holds data, and merging was not confirmed.
    """
    team_store = default_store_path()
    if into_current:
        if holds_data(Store(current)) and not yes:
            raise RetroError(
                f"the store at {current} holds your team's data; the demo would add members, "
                "sprints and reviews to it, with no undo. Add --yes to do it anyway"
            )
        return DemoPlace(current, switch=False, build=True)
    if current.resolve() != team_store.resolve():
        # Chosen by hand: --store, RETRO_STORE or a .retro/ folder.
        if holds_data(Store(current)):
            raise RetroError(
                f"the store at {current} holds a team's data; load the demo into a store of "
                "its own (retro --store /tmp/retro-demo demo), or add it to this one with "
                "--into-current --yes"
            )
        return DemoPlace(current, switch=False, build=True)
    demo = default_store_path(DEMO_TEAM)
    return DemoPlace(demo, switch=True, build=not holds_data(Store(demo)))


def load_demo(
    place: DemoPlace,
    user: str,
    size: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> DemoReport | None:
    """Put the demo where `place` says, and make it the current team if it says so.

    Returns:
        What was created, or None when the demo team was already there.
    """
    from retro.demo import build_demo

    store = Store(place.path)
    if place.switch and not store.exists():
        store.init(DEMO_TEAM, by=user)
    report = build_demo(store, size=size, today=today, user=user, now=now) if place.build else None
    if place.switch:
        set_current_team(DEMO_TEAM)
    return report
