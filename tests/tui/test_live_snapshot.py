"""How the review board looks with others in the room (the room line under the phase bar).

Update after an intended change with `pytest tests/tui/test_live_snapshot.py --snapshot-update`
and look at the picture before committing.
"""

from __future__ import annotations

from textual.pilot import Pilot

from retro.app import RetroApp
from retro.live import beacon
from retro.live.presence import Presence
from retro.model import Card, Review, now
from retro.store import Store
from retro.widgets.room import RoomLine
from tests.tui.conftest import SIZE, TODAY, loaded, until


def test_review_board_with_the_room(snap_compare, store: Store) -> None:  # type: ignore[no-untyped-def]
    review = Review(
        title="Live retro",
        on=TODAY,
        facilitator="ana",
        participants=["ana", "bob", "cy"],
        phase_started=now(),
        cards=[Card(column="start", text="Pair on deploys", author="ana")],
    )
    store.add_review(review)
    beacon.write(store.path, Presence("pbob0000000001", "bob", "review", review.id, True))
    beacon.write(store.path, Presence("pcy00000000001", "cy", "review", review.id, False))
    app = RetroApp(store, user="ana", start=review.id, today=TODAY)

    async def settle(pilot: Pilot) -> None:
        await loaded(pilot)

        def room() -> str:
            lines = pilot.app.screen.query(RoomLine)
            return str(lines.first().render()) if lines and lines.first().display else ""

        assert await until(pilot, lambda: "cy ✎ writing" in room() and "(you)" in room())
        await pilot.pause(0.3)
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
