"""The Textual app: `retro` with no arguments.

The app holds the store and the latest `Snapshot` of it. A worker thread reads what the dashboard
shows (from the store's index, so even a large store shows at once; the first frame never
waits for it); once the dashboard has drawn it, a second worker builds every review, sprint and
lesson for the other screens (which build what they need themselves if they are opened sooner);
filesystem notifications (`app_live`; else a timer every half second) bring the index up to
date (under its freshness rule, which sees a change even where timestamps are coarse), read what
another process changed and tell every screen with a `DataReloaded` message; the app is in the
store's room (`retro.live`). Screens write through the store and call `reload()`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from retro.app_guest import REFUSALS, GuestRules
from retro.app_live import Live, LiveHandlers
from retro.app_nav import Navigation
from retro.errors import RetroError
from retro.guest import served
from retro.screens.base import RetroScreen, WriteTurns
from retro.store import Store
from retro.text import inert

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import SeverityLevel

    from retro.loading.snapshot import Snapshot

# The first frame needs neither the command palette (`textual.command`, 28 ms of imports) nor the
# drift engine (`retro.drift` and every `retro.insights` module, 26 ms): the palette's provider is
# imported when the palette opens, the snapshot's module in the loader's thread.

COMPLETE_AFTER = 1.0
"""Seconds after a snapshot is read before the rest of the store is loaded in the background, if
the dashboard has not said it drew the snapshot before (`snapshot_drawn`)."""


def _retro_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens."""
    from retro.commands import RetroCommands

    return RetroCommands


class RetroApp(Navigation, GuestRules, LiveHandlers, App[None]):
    """Run reviews and sprints, browse lessons and actions, see drift at a glance."""

    CSS_PATH = "retro.tcss"
    TITLE = "retro"
    COMMANDS = App.COMMANDS | {_retro_commands}
    # The footer shows 1–6 as one "123456 Screens" entry, and "?" before the rarer keys, so the
    # key that lists every other key is visible even at 80 columns.
    _SCREENS = Binding.Group("Screens", compact=True)
    BINDINGS = [
        Binding("question_mark", "toggle_keys", "Keys", tooltip="Show the keys of this screen"),
        Binding("x", "export", "Export", tooltip="Preview this screen as Markdown and save it"),
        Binding(
            "1",
            "goto('dashboard')",
            "Dashboard",
            tooltip="Purpose, sprint, actions, trends",
            group=_SCREENS,
        ),
        Binding(
            "2", "goto('review')", "Review", tooltip="The current review's board", group=_SCREENS
        ),
        Binding(
            "3",
            "goto('sprint')",
            "Sprint",
            tooltip="The active sprint's goals and drift",
            group=_SCREENS,
        ),
        Binding(
            "4", "goto('lessons')", "Lessons", tooltip="Search the lessons learned", group=_SCREENS
        ),
        Binding(
            "5", "goto('actions')", "Actions", tooltip="Actions across reviews", group=_SCREENS
        ),
        Binding("6", "goto('decisions')", "Decisions", tooltip="The decision log", group=_SCREENS),
        Binding("S", "sync", "Sync", tooltip="Share the store through git", show=False),
        Binding("T", "switch_team", "Teams", tooltip="Switch to another team's store", show=False),
        Binding("q", "quit", "Quit", tooltip="Leave retro"),
        *REFUSALS,  # a served participant's keys (`retro.app_guest`)
    ]

    def __init__(
        self,
        store: Store,
        *,
        user: str,
        start: str | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.user = user
        self.guest = served()  # started by `retro serve` for a browser (`retro.guest`)
        self.start = start
        self._today = today
        self.snapshot: Snapshot | None = None
        self._loading = False
        self._stale = False
        self._poller: Timer | None = None
        self._pending = False  # a change was heard while the store was being read
        self.live = Live(self)
        self._completer: Timer | None = None
        self.write_turns = WriteTurns()

    # -- time ------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        """Today, or the frozen day given to the app (tests, screenshots)."""
        return self._today or date.today()

    def now(self) -> datetime:
        """Now; at noon UTC of the frozen day when the clock is frozen (timers stand still)."""
        if self._today is not None:
            return datetime.combine(self._today, time(12, 0), UTC)
        return datetime.now(UTC).replace(microsecond=0)

    # -- start -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        if not self.store.exists():
            from retro.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
            return
        self.open_store()

    def open_store(self) -> None:
        """Show the dashboard at once and fill it from a worker; land on `start` if given."""
        self.snapshot = None
        self._stop_completing()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.sub_title = str(self.store.path)
        start, self.start = self.start, None
        if not start or not self._open_first(start):
            # Opened on a review or a sprint, the dashboard goes under it when asked for
            # (`_to_base`): a participant of a live review never builds it.
            from retro.screens.dashboard import DashboardScreen

            self.push_screen(DashboardScreen())
        # Read once the first frame is drawn: the reader holds the GIL for stretches (parsing
        # the index), which would hold that frame back.
        self.reload()
        self.polling(self.live.start() == "poll")

    # -- loading ---------------------------------------------------------------------------

    def _open_first(self, start: str) -> bool:
        """Open the review or sprint the app was started on; whether one opened."""
        before = len(self.screen_stack)
        if start.startswith("s"):
            self.open_sprint(start)
        else:
            self.open_review(start)
        return len(self.screen_stack) > before

    def reload(self) -> None:
        """Read the store again now (after a write here, or a change elsewhere)."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False
        self._load(force=True, light=self._on_board())

    def _poll(self) -> None:
        self._pending = self._loading  # a change heard while reading: read again after it
        if not self._loading:
            self._loading = True
            self._load(force=False, light=self._on_board())

    @work(thread=True, exit_on_error=False, group="load")
    def _load(self, force: bool, light: bool) -> Snapshot | None:
        """Read what the screens need, in a thread; unless forced, only if a file changed.
        With a review board in front, a light read (`retro.loading.snapshot`)."""
        from retro.loading.dashboard import versions
        from retro.loading.snapshot import load_snapshot

        store = self.store
        snapshot = self.snapshot
        stamps = versions(store.path, store.index)
        unchanged = snapshot is not None and stamps == snapshot.stamps
        if not force and snapshot is not None and unchanged and (light or not snapshot.light):
            return None  # nothing changed, and as much was read
        return load_snapshot(store, self.today, snapshot, stamps, light=light)

    @work(thread=True, exit_on_error=False, group="complete")
    def _complete(self, snapshot: Snapshot) -> None:
        """After the dashboard is shown: load every review and lesson."""
        worker = get_current_worker()
        snapshot.complete(lambda: worker.is_cancelled)

    def action_sync(self) -> None:
        """Commit, merge and push the store through git (`retro.screens.syncing`)."""
        from retro.screens.syncing import start_sync

        start_sync(self)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "write":  # a store write from a screen (`RetroScreen.attempt`)
            error = event.worker.error
            if event.state == WorkerState.ERROR and error is not None:
                self.notify(f"{type(error).__name__}: {error}", severity="error", title="Not done")
            return
        if event.worker.group == "complete":
            error = event.worker.error
            if event.state == WorkerState.ERROR and error is not None:
                message = error.message if isinstance(error, RetroError) else repr(error)
                self.notify(message, severity="error", title="Cannot read the store")
            return
        if event.worker.group != "load":
            return
        if event.state == WorkerState.SUCCESS:
            self._loading = False
            snapshot = event.worker.result
            if snapshot is not None and event.worker.node is self:
                self._apply(snapshot)
            if self._stale:
                self.reload()
            elif self._pending:
                self._poll()
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._loading = False
            error = event.worker.error
            if isinstance(error, RetroError):
                self.notify(error.message, severity="error", title="Cannot read the store")
                for screen in self.screen_stack:
                    if isinstance(screen, RetroScreen):
                        screen.show_error(error.message)
            elif error is not None:
                self.notify(
                    f"{type(error).__name__}: {error}", severity="error", title="Unexpected"
                )

    def _apply(self, snapshot: Snapshot) -> None:
        from retro.messages import DataReloaded

        self.snapshot = snapshot
        for screen in self.screen_stack:
            if isinstance(screen, RetroScreen):
                screen.post_message(DataReloaded(snapshot))
        # Once the dashboard has drawn it (or after a while): the rest of the store, for the
        # other screens (a screen that needs it sooner loads it itself).
        self._stop_completing()
        if not self._on_board():
            self._completer = self.set_timer(COMPLETE_AFTER, partial(self._complete, snapshot))

    def snapshot_drawn(self, snapshot: Snapshot) -> None:
        """The dashboard has drawn `snapshot`: complete it now, not when the timer fires."""
        if snapshot is self.snapshot and self._completer is not None:
            self._completer.stop()
            self._completer = None
            self._complete(snapshot)

    def _stop_completing(self) -> None:
        if self._completer is not None:
            self._completer.stop()
            self._completer = None
        self.workers.cancel_group(self, "complete")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast whose message and title are always shown as text, never as markup.

        Messages carry what people typed (a card's text, a goal, a store error naming a file):
        Textual would read ``[link=…]`` or ``[/]`` in them as markup, or fail on it. Every
        caller, a screen's `notify` included (it passes ``markup=True`` by default), ends here.
        """
        super().notify(
            inert(message), title=inert(title), severity=severity, timeout=timeout, markup=False
        )

    def use_store(self, store: Store) -> None:
        """Switch to another store (team); never in a served participant's app."""
        if self.refuses("switch_team"):
            return
        self.store = store
        self.snapshot = None
        if store.exists():
            self.open_store()
        else:
            from retro.screens.welcome import WelcomeScreen

            self.live.stop()
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(WelcomeScreen())
