"""The app's part in a live review: announcing itself, knowing who else is in the room, and
hearing of every change to the store at once (see `retro.live`).

`Live.start` (when a store is opened) announces this session in the store's ``.presence/``
folder and starts watching the store folder: a daemon thread waits for filesystem
notifications and posts `StoreChanged` to the app, which reads the store again (data) or the
room (presence). Where notifications are unavailable (`watch.how_to_watch`) the app polls as
before. A timer refreshes this session's presence file every few seconds and re-reads the room
(so a killed participant drops out once stale); `stop` (the app unmounting) leaves the room.
File I/O runs in thread workers, never on the UI thread. (These messages live here, not in
`retro.messages`, which imports the snapshot's module: the app imports this one before its
first frame.)
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any

from textual.message import Message

from retro.live import beacon
from retro.live.presence import Presence, fresh

if TYPE_CHECKING:
    from pathlib import Path

    from textual.screen import Screen
    from textual.timer import Timer

    from retro.app import RetroApp
    from retro.live.watch import Watcher
    from retro.model import Review


POLL_SECONDS = 0.5
"""How often the store is polled where filesystem notifications are unavailable."""

FULL_READ_AFTER = 0.5
"""Seconds between showing an open review read at once and reading the rest of the store: the
rest can wait, and twenty participants reading a large store at the same moment would hold
each other's boards back."""


class StoreChanged(Message):
    """The watcher saw the store folder change (posted from its thread)."""

    def __init__(self, kinds: set[str], files: set[str]) -> None:
        super().__init__()
        self.kinds = kinds
        """"data" (a store file) and/or "presence" (someone joined, left or marked done)."""
        self.files = files
        """The store files that changed, relative to the store folder."""


class ReviewRead(Message, bubble=False):
    """An open review's file, read the moment it changed (posted to its screen from a thread,
    before the rest of the store is read again)."""

    def __init__(self, review: Review) -> None:
        super().__init__()
        self.review = review


class WatchFailed(Message):
    """The watcher could not watch (posted from its thread): poll instead."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class PresenceFailed(Message):
    """This session's presence file could not be written (posted from a thread)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class RoomChanged(Message, bubble=False):
    """Who is in which room changed (`Live.presences`): posted to the app from a thread, and
    by the app to each screen."""


class Live:
    """One app's presence in its store, and how it hears of changes."""

    def __init__(self, app: RetroApp) -> None:
        self.app = app
        self.session = beacon.new_session()
        self.stale = beacon.stale_after()
        self.presences: list[Presence] = []
        """Everyone announced in the store, fresh as of the last read (`fresh` filters)."""
        self.mode = "off"
        """How changes are heard: "notify", "poll", or "off" (no store open)."""
        self.why = ""
        self._root: Path | None = None
        self._said: Presence | None = None
        self._watcher: Watcher | None = None
        self._beat: Timer | None = None
        self._warned = False
        self._parent = os.getppid()

    # -- start and stop ----------------------------------------------------------------------

    def start(self) -> str:
        """Announce this session and watch the store; returns "notify" or "poll" (then the app
        polls)."""
        from retro.live.watch import Watcher, how_to_watch

        self.stop()
        root = self._root = self.app.store.path
        self.mode, self.why = how_to_watch(root)
        if self.mode == "notify":
            watcher = self._watcher = Watcher(root, self._heard)
            threading.Thread(
                target=self._watch, args=(watcher,), name="retro-watch", daemon=True
            ).start()
        every = beacon.refresh_seconds(self.stale) if self.mode == "notify" else 1.0
        self._beat = self.app.set_interval(every, self.beat, name="presence")
        self.announce()
        return self.mode

    def stop(self) -> None:
        """Leave the room and stop watching (the app is closing, or opens another store)."""
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._beat is not None:
            self._beat.stop()
            self._beat = None
        if self._root is not None:
            beacon.remove(self._root, self.session)
        self._root, self._said, self.mode = None, None, "off"

    def _watch(self, watcher: Watcher) -> None:
        try:
            watcher.run()
        except Exception as exc:  # watchfiles could not watch (limits, permissions): poll
            if not watcher.stopped:
                self.app.post_message(WatchFailed(f"{type(exc).__name__}: {exc}"))

    def _heard(self, kinds: set[str], files: set[str]) -> None:
        self.app.post_message(StoreChanged(kinds, files))

    def boards(self) -> list[Any]:
        """The review boards open in the app (front or behind)."""
        from retro.screens.review import ReviewScreen

        return [s for s in self.app.screen_stack if isinstance(s, ReviewScreen)]

    def read_open_reviews(self, files: set[str]) -> bool:
        """An open review's file changed: read it and show it at once (the app reads the rest
        of the store a moment later, as after any change). Whether one was."""
        root, read = self._root, False
        if root is None:
            return False
        for screen in self.boards():
            rel = f"reviews/{screen.review_id}.json"
            if rel in files:
                self._run(lambda screen=screen, path=root / rel: self._read_review(screen, path))
                read = True
        return read

    def _read_review(self, screen: Screen[object], path: Path) -> None:
        from retro.errors import RetroError
        from retro.loading.dashboard import read_review

        try:
            found = read_review(path)
        except (RetroError, OSError):
            return  # the full read that follows says what is wrong
        if found is not None:
            screen.post_message(ReviewRead(found[0]))

    def fall_back(self, reason: str) -> None:
        """Notifications failed: poll from now on."""
        self._watcher = None
        self.mode, self.why = "poll", reason

    # -- presence ----------------------------------------------------------------------------

    def here(self) -> Presence | None:
        """What this session says about itself now (None without an open store)."""
        from retro.screens.base import RetroScreen

        if self._root is None:
            return None
        screens = [s for s in self.app.screen_stack if isinstance(s, RetroScreen)]
        screen, review_id, done = screens[-1].presence() if screens else ("other", None, False)
        return Presence(self.session, self.app.user, screen, review_id, done)

    def announce(self) -> None:
        """Say where this session is now, if that changed (a screen opened, done toggled)."""
        now = self.here()
        if now is None or now == self._said:
            return
        self._said, root = now, self._root
        assert root is not None
        self._run(lambda: self._write(root, now))

    def beat(self) -> None:
        """Refresh this session's file, clear away long-dead ones, read the room again."""
        if self.orphaned():
            self.stop()  # leave the room first: with no one reading its output, the app's
            self.app.exit()  # own way out may not get as far
            return
        said, root = self._said, self._root
        if said is None or root is None:
            return
        stale, touching = self.stale, self.mode == "poll" or not beacon.LOCKS

        def work() -> None:
            try:
                if touching:  # other hosts may be reading: the file's time says alive
                    beacon.touch(root, said, hold=True)
                else:  # held: nothing written, so nobody watching is woken
                    beacon.keep(root, said)
            except OSError as exc:
                self._failed(exc)
            beacon.sweep(root, stale)
            self._read(root)

        self._run(work)

    def orphaned(self) -> bool:
        """Whether this is a browser's app whose server is gone (killed, say): nobody can see
        or type into it any more, yet its presence would keep it in the room, and its memory
        held, for good. A terminal's app gets SIGHUP when its terminal goes; a served one has
        only its parent to tell."""
        return self.app.is_web and os.getppid() != self._parent

    def read_room(self) -> None:
        """Read who is in the room (someone joined, left or marked done)."""
        root = self._root
        if root is not None:
            self._run(lambda: self._read(root))

    def _write(self, root: Path, presence: Presence) -> None:
        try:
            beacon.write(root, presence, hold=True)
        except OSError as exc:
            self._failed(exc)
        self._read(root)

    def _failed(self, exc: OSError) -> None:
        """Say once that the others cannot see this session (a read-only store, say)."""
        if not self._warned:
            self._warned = True
            self.app.post_message(PresenceFailed(f"{exc.strerror or exc} ({exc.filename})"))

    def _read(self, root: Path) -> None:
        found = fresh(beacon.read_all(root), time.time(), self.stale)
        if _said(found) != _said(self.presences):
            self.presences = found
            self.app.post_message(RoomChanged())
        else:
            self.presences = found  # the same room, refreshed: no one is told

    def tell(self) -> None:
        """Tell every screen the room changed (on the UI thread)."""
        from retro.screens.base import RetroScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, RetroScreen):
                screen.post_message(RoomChanged())

    def _run(self, fn: object) -> None:
        self.app.run_worker(fn, thread=True, group="presence", exit_on_error=False)  # type: ignore[arg-type]


def _said(presences: list[Presence]) -> list[tuple[str, str, str, str | None, bool]]:
    """What the presences say, whenever each was refreshed."""
    return sorted((p.session, p.who, p.screen, p.review_id, p.done) for p in presences)


class LiveHandlers:
    """The app's handlers of the messages above, and its polling (mixed into `RetroApp`)."""

    live: Live
    _poller: Timer | None
    _later: Timer | None = None
    """The read of the whole store due after an open review was read at once."""
    _behind = False
    """Changes to the board's review were shown from its file alone: the rest of the store is
    read when another screen comes to the front (`catch_up`)."""

    def _poll_later(self) -> None:
        self._later = None
        self._poll()

    if TYPE_CHECKING:

        def _poll(self) -> None: ...

    def polling(self, on: bool) -> None:
        """Poll the store every `POLL_SECONDS` (where notifications are unavailable), or not."""
        if on and self._poller is None:
            self._poller = self.live.app.set_interval(POLL_SECONDS, self._poll, name="store-poll")
        elif not on and self._poller is not None:
            self._poller.stop()
            self._poller = None

    def _on_board(self) -> bool:
        """A review board is in front. It shows its review read from its file, so a change
        to that file alone needs no read of the rest of the store (twenty participants each
        reading a large store on every card would hold each other's boards back), nor the
        background load of every review and lesson (read when a screen asks for it)."""
        from retro.screens.base import RetroScreen

        # The board stays in front under a form or a question asked over it (a new card).
        shown = [s for s in self.live.app.screen_stack if isinstance(s, RetroScreen)]
        return bool(shown) and shown[-1] in self.live.boards()  # none while the app closes

    def catch_up(self) -> None:
        """Another screen came to the front: read the store if a board skipped it, or read
        all the screens need if the board read only its part (a light snapshot)."""
        if self._on_board():
            return
        snapshot = self.live.app.snapshot
        if self._behind or (snapshot is not None and snapshot.light):
            self._behind = False
            self._poll()

    def on_store_changed(self, message: StoreChanged) -> None:
        if "data" in message.kinds:
            opened = {f"reviews/{s.review_id}.json" for s in self.live.boards()}
            if not self.live.read_open_reviews(message.files):
                self._poll()
            elif message.files <= opened and self._on_board():
                self._behind = True
            elif self._later is None:
                self._later = self.live.app.set_timer(FULL_READ_AFTER, self._poll_later)
        if "presence" in message.kinds:
            self.live.read_room()

    def on_watch_failed(self, message: WatchFailed) -> None:
        self.live.fall_back(message.reason)
        self.polling(True)

    def on_room_changed(self, message: RoomChanged) -> None:
        self.live.tell()

    def on_presence_failed(self, message: PresenceFailed) -> None:
        self.live.app.notify(
            f"Others in a review cannot see you here: {message.reason}.",
            severity="warning",
            title="Not in the room",
        )

    def on_unmount(self) -> None:
        self.live.stop()
