"""Sprint changes the TUI makes outside the sprint screen's table: start, close (with its
closing review, as `retro sprint close` builds it) and create."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retro import drift
from retro.dates import parse_date
from retro.model import Review, Sprint
from retro.screens.forms import Field, FormScreen, Values

if TYPE_CHECKING:
    from retro.app import RetroApp


def activate(sprint: Sprint) -> None:
    """Make a planned sprint active (a change for `store.update_sprint`)."""
    sprint.activate()


def close_sprint(app: RetroApp, sprint_id: str) -> Review:
    """Close the sprint and add its closing after-action review (`retro.drift.closing_review`,
    as `retro sprint close` does): one intent per goal, planned against the latest value, with
    a suggested rating. Returns the review.

    Raises:
        RuleError: the sprint is closed already (checked inside the store's lock).
    """
    store = app.store
    now = app.now()

    def close(sprint: Sprint) -> Sprint:
        sprint.close(now)
        return sprint

    sprint = store.update_sprint(sprint_id, close)
    review = drift.closing_review(
        sprint, store.team(), facilitator=app.user, today=app.today, now=now
    )
    return store.add_review(review)


def new_sprint(app: RetroApp) -> None:
    """Ask for a sprint's title, dates and purpose, create it and open it."""
    created: list[Sprint] = []

    def save(values: Values) -> None:
        start = parse_date(values["start"] or "today", app.today)
        end = parse_date(values["end"] or "+2w", start)
        sprint = Sprint(
            values["title"],
            start,
            end,
            purpose=values["purpose"],
            status="active" if start <= app.today <= end else "planned",
        )
        app.store.add_sprint(sprint)
        created.append(sprint)

    def opened(values: Values | None) -> None:
        if values is not None and created:
            app.reload()
            app.open_sprint(created[0].id)

    app.push_screen(
        FormScreen(
            "New alignment sprint",
            [
                Field("title", "Title", placeholder="Sprint 17 · Calm on-call"),
                Field("purpose", "Purpose for this sprint"),
                Field("start", "Start", "today"),
                Field("end", "End", "+2w", placeholder="+2w, 2026-03-20"),
            ],
            save,
            help="Then add measurable goals with g on the sprint screen.",
            ok="Create",
        ),
        opened,
    )
