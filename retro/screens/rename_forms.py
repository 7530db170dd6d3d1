"""Rename a review, a sprint or the team from the TUI: a form with the name as it is, the
model's rule (`rename`) on save, the same as the CLI's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from retro.screens.forms import Field, FormScreen, Values

if TYPE_CHECKING:
    from retro.app import RetroApp
    from retro.model import Review, Sprint
    from retro.screens.base import RetroScreen


def _form(
    screen: RetroScreen,
    title: str,
    label: str,
    current: str,
    save: Callable[[Values], object],
    then: Callable[[Values | None], object] | None = None,
) -> None:
    app = screen.retro

    def done(values: Values | None) -> None:
        if then is not None:
            then(values)
        app.reload()
        if values is not None:
            app.notify(f"Renamed to “{values['name'].strip()}”.", timeout=3)

    screen.app.push_screen(
        FormScreen(title, [Field("name", label, current)], save, ok="Rename"),
        done,
    )


def rename_review(screen: RetroScreen, review: Review) -> None:
    """Ask for the review's new title."""
    store, review_id = screen.retro.store, review.id

    def save(values: Values) -> None:
        def change(r: Review) -> Review:
            r.rename(values["name"])
            return r

        store.update_review(review_id, change)

    _form(screen, "Rename the review", "Title", review.title, save)


def rename_sprint(screen: RetroScreen, sprint: Sprint) -> None:
    """Ask for the sprint's new title."""
    store, sprint_id = screen.retro.store, sprint.id

    def save(values: Values) -> None:
        def change(s: Sprint) -> Sprint:
            s.rename(values["name"])
            return s

        store.update_sprint(sprint_id, change)

    _form(screen, "Rename the sprint", "Title", sprint.title, save)


def rename_team(screen: RetroScreen) -> None:
    """Ask for the team's new name; a team in the data directory moves to its new folder,
    and the app follows it there once the form has closed."""
    from retro.store import Store
    from retro.teamdir import Renamed
    from retro.teamdir import rename_team as rename

    app: RetroApp = screen.retro
    if app.refuses("rename_team"):  # it moves a folder on the host's machine
        return
    current = app.snapshot.team.name if app.snapshot else ""
    renamed: list[Renamed] = []

    def save(values: Values) -> None:
        renamed.append(rename(app.store.path, values["name"]))

    def follow(values: Values | None) -> None:
        if renamed and renamed[0].moved:
            app.use_store(Store(renamed[0].path))

    _form(screen, "Rename the team", "Team name", current, save, follow)
