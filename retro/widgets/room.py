"""Who is in the room: the review board's line of participants, and the dashboard's reviews live
now (`retro.live.presence` decides what each says; names are shown as typed, never markup)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from retro.live.presence import Seat, live_reviews

if TYPE_CHECKING:
    from retro.app_live import Live
    from retro.loading.snapshot import Snapshot
from retro.widgets.text import clip, redraw, user

_STATE_STYLE = {"done": "$text-success", "writing": "$warning", "away": "$text-muted"}

Part = Content | str | tuple[str, str]


def seat_content(seat: Seat, me: str) -> Content:
    """One person: a star for the facilitator, their name, their state."""
    parts: list[Part] = []
    if seat.facilitator:
        parts.append(("★ ", "bold $accent"))
    parts.append(user(seat.who, "bold" if seat.sessions else "$text-muted"))
    if seat.who == me:
        parts.append((" (you)", "$text-muted"))
    if seat.facilitator:
        parts.append((" facilitator", "$text-muted"))
    if seat.state != "here":
        mark = {"done": " ✓ ", "writing": " ✎ "}.get(seat.state, " ")
        style = _STATE_STYLE.get(seat.state, "bold $accent" if seat.votes_left else "$text-muted")
        parts.append((f"{mark}{seat.state}".rstrip(), style))
    return Content.assemble(*parts)


def room_content(seats: Sequence[Seat], me: str) -> Content:
    """The whole room on one line (wrapping if it must)."""
    parts: list[Part] = [("In the room  ", "bold")]
    for index, seat in enumerate(seats):
        if index:
            parts.append(("  ·  ", "$text-muted"))
        parts.append(seat_content(seat, me))
    return Content.assemble(*parts)


class RoomLine(Static):
    """The review's room: shown once someone other than you has the review open."""

    DEFAULT_CSS = """
    RoomLine { height: auto; width: 1fr; padding: 0 1; }
    """

    def show_room(self, seats: Sequence[Seat], me: str) -> None:
        others = [seat for seat in seats if seat.sessions and seat.who != me]
        self.display = bool(others)
        if others:
            redraw(self, room_content(seats, me))


def live_content(
    live: Mapping[str, Sequence[str]], titles: Mapping[str, tuple[str, str]], limit: int = 4
) -> Content:
    """The dashboard's line of reviews open now: "● Live now  Sprint 12 retro (vote): Ann, Bob".

    Args:
        live: review id → the people in its room (`presence.live_reviews`).
        titles: review id → (title, phase), for the reviews the dashboard knows.
        limit: how many reviews to name (the rest are counted).
    """
    parts: list[Part] = [("● Live now  ", "bold $success")]
    shown = [(rid, people) for rid, people in live.items() if rid in titles]
    for index, (review_id, people) in enumerate(shown[:limit]):
        title, phase = titles[review_id]
        if index:
            parts.append(("   ", ""))
        parts += [user(clip(title, 40), "bold"), (f" ({phase}): ", "$text-muted")]
        parts.append(user(", ".join(people)))
    if len(shown) > limit:
        parts.append((f"   and {len(shown) - limit} more", "$text-muted"))
    return Content.assemble(*parts)


def show_live(line: Static, live: Live, snapshot: Snapshot | None) -> None:
    """Fill the dashboard's line of reviews open now (hidden while none is)."""
    rooms = live_reviews(live.presences, time.time(), live.stale)
    titles = {r.id: (r.title, r.phase) for r in snapshot.headers} if snapshot else {}
    line.display = any(review_id in titles for review_id in rooms)
    if line.display:
        redraw(line, live_content(rooms, titles))
