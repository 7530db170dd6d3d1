"""The TUI's sync key: `retro sync` in a thread worker, then what came in ("3 new cards from
bo") as a notification, and the screens read the store again."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from retro.errors import RetroError

if TYPE_CHECKING:
    from retro.app import RetroApp
    from retro.gitshare.sync import SyncReport


def start_sync(app: RetroApp) -> None:
    """Sync the app's store in a thread (one sync at a time: a second press waits its turn in
    the sync's own lock, and finds nothing left to do). Never for a served participant: git
    runs with the host's credentials (`retro.guest`)."""
    if app.refuses("sync"):
        return
    app.notify("Syncing the store through git…", title="Sync", timeout=2)
    app.run_worker(partial(_sync, app), thread=True, group="sync", exit_on_error=False, name="sync")


def _sync(app: RetroApp) -> None:
    from retro.gitshare.sync import sync

    try:
        report = sync(app.store.path, app.user, store_lock=app.store.locked)
    except RetroError as exc:
        app.call_from_thread(
            app.notify, exc.message, severity="error", title="Not synced", timeout=10
        )
        return
    app.call_from_thread(_done, app, report)


def said(report: SyncReport) -> str:
    """What a sync did, in a line: what came in first."""
    parts: list[str] = []
    if report.pulled:
        parts.append(report.news)
    if report.pushed:
        parts.append(f"sent: {report.committed[7:]}" if report.committed else "pushed")
    elif report.committed:
        parts.append(f"committed: {report.committed[7:]}")
    parts.extend(report.notes)
    parts.extend(report.merge_reports)
    return "; ".join(parts) or "nothing to sync"


def _done(app: RetroApp, report: SyncReport) -> None:
    app.notify(said(report), title="Synced", timeout=8)
    app.reload()
