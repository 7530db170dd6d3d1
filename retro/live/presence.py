"""Who is in a live review's room: the pure rules (no I/O).

Every open TUI announces itself with a `Presence`: who sits at it, which screen and review it
shows, and whether the person has said they are done writing. A presence is *fresh* while it was
refreshed less than `stale_after` seconds ago; a process that dies without saying goodbye
(SIGKILL, a lost connection) stops refreshing and drops out of the room by itself.

What the room says about each person is counts and states only, never what a hidden card says
nor where anyone's votes went:

- in **reflect**, "done" once the person has marked themselves done (the board's ``f`` key
  toggles it, per open screen), else "writing";
- in **vote**, how many of their votes are left (the review's budget less the dots they placed,
  a number the board already shows everyone about themselves);
- in any other phase, just that they are there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retro.model import Review


STALE_AFTER = 15.0
"""Seconds without a refresh after which a presence no longer counts."""

SCREENS = ("welcome", "dashboard", "review", "sprint", "lessons", "actions", "decisions", "other")
"""The screens a presence may name."""

_MAX_NAME = 200


@dataclass(frozen=True)
class Presence:
    """One open TUI (a participant session), as announced in the store."""

    session: str
    """The session's id (also its file's name)."""
    who: str
    """The person at the keyboard."""
    screen: str = "dashboard"
    """Which screen the TUI shows (see `SCREENS`)."""
    review_id: str | None = None
    """The review it shows, when it shows one."""
    done: bool = False
    """Whether the person has marked themselves done writing (reflect)."""
    updated: float = 0.0
    """When the session last refreshed it (seconds since the epoch)."""

    def to_dict(self) -> dict[str, Any]:
        """The file's contents (`updated` is the file's modification time, not stored)."""
        return {
            "session": self.session,
            "who": self.who,
            "screen": self.screen,
            "review_id": self.review_id,
            "done": self.done,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], updated: float) -> Presence | None:
        """A presence read from a file, or None where the file says something else (a broken or
        foreign file is no one in the room, never an error)."""
        session, who = data.get("session"), data.get("who")
        screen, review_id = data.get("screen", "other"), data.get("review_id")
        if not isinstance(session, str) or not session or len(session) > _MAX_NAME:
            return None
        if not isinstance(who, str) or not who.strip() or len(who) > _MAX_NAME:
            return None
        if review_id is not None and not (isinstance(review_id, str) and review_id[:1] == "r"):
            return None
        return cls(
            session=session,
            who=who.strip(),
            screen=screen if screen in SCREENS else "other",
            review_id=review_id,
            done=data.get("done") is True,
            updated=updated,
        )


def is_fresh(presence: Presence, now: float, stale_after: float = STALE_AFTER) -> bool:
    """Whether the presence still counts: refreshed less than `stale_after` seconds ago (a
    clock a little behind another host's is allowed for: a time in the future is fresh)."""
    return now - presence.updated < stale_after


def fresh(
    presences: Iterable[Presence], now: float, stale_after: float = STALE_AFTER
) -> list[Presence]:
    """The presences that still count, the most recently refreshed first."""
    kept = [p for p in presences if is_fresh(p, now, stale_after)]
    return sorted(kept, key=lambda p: (-p.updated, p.session))


@dataclass(frozen=True)
class Seat:
    """One person in a review's room, as everyone may see it."""

    who: str
    facilitator: bool
    state: str
    """"writing" / "done" (reflect), "N votes left" (vote), else "here"; "away" for the
    facilitator when they are not in the room."""
    votes_left: int | None
    """In the vote phase, how many votes they have left; else None."""
    sessions: int
    """How many open screens they are in the room with (0: the absent facilitator)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "who": self.who,
            "facilitator": self.facilitator,
            "state": self.state,
            "votes_left": self.votes_left,
            "here": self.sessions > 0,
            "sessions": self.sessions,
        }


def room(
    review: Review, presences: Iterable[Presence], now: float, stale_after: float = STALE_AFTER
) -> list[Seat]:
    """Who is in the review's room now: the facilitator first (shown "away" when absent), then
    everyone else with a fresh presence on this review, by name. A person with several open
    screens counts once: done if they marked done on any of them."""
    mine = [p for p in fresh(presences, now, stale_after) if p.review_id == review.id]
    by_person: dict[str, list[Presence]] = {}
    for presence in mine:
        by_person.setdefault(presence.who, []).append(presence)
    seats = [
        _seat(review, who, sessions)
        for who, sessions in by_person.items()
        if who != review.facilitator
    ]
    seats.sort(key=lambda seat: seat.who.casefold())
    if review.facilitator:
        seats.insert(0, _seat(review, review.facilitator, by_person.get(review.facilitator, [])))
    return seats


def _seat(review: Review, who: str, sessions: list[Presence]) -> Seat:
    votes_left = None
    if not sessions:
        state = "away"
    elif review.phase == "reflect":
        state = "done" if any(p.done for p in sessions) else "writing"
    elif review.phase == "vote":
        votes_left = max(0, review.vote_budget - review.votes_used(who))
        state = f"{votes_left} vote{'s' if votes_left != 1 else ''} left"
    else:
        state = "here"
    return Seat(
        who=who,
        facilitator=who == review.facilitator,
        state=state,
        votes_left=votes_left,
        sessions=len(sessions),
    )


def live_reviews(
    presences: Iterable[Presence], now: float, stale_after: float = STALE_AFTER
) -> dict[str, list[str]]:
    """Reviews someone has open now → the people in them (by name, each once), the fullest
    room first."""
    rooms: dict[str, set[str]] = {}
    for presence in fresh(presences, now, stale_after):
        if presence.review_id is not None:
            rooms.setdefault(presence.review_id, set()).add(presence.who)
    ordered = sorted(rooms.items(), key=lambda item: (-len(item[1]), item[0]))
    return {review_id: sorted(people, key=str.casefold) for review_id, people in ordered}


def summary(seats: list[Seat]) -> str:
    """The room in one line of plain text: "Dana (facilitator) · Ann writing · Bob done"."""
    parts = []
    for seat in seats:
        role = " (facilitator)" if seat.facilitator else ""
        state = "" if seat.state == "here" else f" {seat.state}"
        parts.append(f"{seat.who}{role}{state}")
    return " · ".join(parts)
