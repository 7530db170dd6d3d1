"""The app's navigation between its screens (mixed into `retro.app.RetroApp`): the dashboard at
the base of the stack, one main screen over it (a review, a sprint, the lessons, the actions, the
decisions), the export preview and the keys panel over that. An app started on a review or a
sprint has no dashboard under it until one is asked for (`_to_base`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from retro.errors import RetroError
from retro.screens.base import RetroScreen

if TYPE_CHECKING:
    from retro.app import RetroApp
    from retro.loading.snapshot import Snapshot
    from retro.store import Store


class Navigation(App[None]):
    """Which screen shows what."""

    if TYPE_CHECKING:
        store: Store
        snapshot: Snapshot | None

    @property
    def retro(self) -> RetroApp:
        """The app, typed."""
        return self  # type: ignore[return-value]

    def _to_base(self) -> None:
        """Close everything above the dashboard (and show it, if the app was started on a
        review or a sprint and has not shown it yet)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            from retro.screens.dashboard import DashboardScreen

            if not isinstance(self.screen_stack[1], DashboardScreen):
                self.pop_screen()
                self.push_screen(DashboardScreen())

    def action_goto(self, where: str) -> None:
        """Show one of the main screens."""
        if where == "dashboard":
            self._to_base()
            return
        if self.snapshot is None:
            self.notify("Still reading the store…", timeout=2)
            return
        if where == "review":
            reviews = self.snapshot.headers
            current = [r for r in reviews if r.phase != "closed"] or list(reviews)
            if current:
                self.open_review(current[-1].id)
            else:
                from retro.screens.team_forms import new_review

                new_review(self.retro)
        elif where == "sprint":
            sprint = self.snapshot.active_sprint() or (
                self.snapshot.sprints[-1] if self.snapshot.sprints else None
            )
            if sprint is not None:
                self.open_sprint(sprint.id)
            else:
                from retro.screens.sprint import new_sprint

                new_sprint(self.retro)
        elif where == "lessons":
            from retro.screens.lessons import LessonsScreen

            self._to_base()
            self.push_screen(LessonsScreen())
        elif where == "actions":
            from retro.screens.actions import ActionsScreen

            self._to_base()
            self.push_screen(ActionsScreen())
        elif where == "decisions":
            from retro.screens.decisions import DecisionsScreen

            self._to_base()
            self.push_screen(DecisionsScreen())

    def open_review(self, review_id: str, tab: str = "board") -> None:
        """Show a review, on its board or another tab ("intents", "actions", "kudos")."""
        from retro.screens.review import ReviewScreen

        try:
            full = self.store.resolve(review_id, "r") if len(review_id) < 13 else review_id
        except RetroError as exc:
            self.notify(exc.message, severity="error")
            return
        self._to_base()
        self.push_screen(ReviewScreen(full, tab=tab))

    def open_sprint(self, sprint_id: str) -> None:
        """Show a sprint."""
        from retro.screens.sprint import SprintScreen

        try:
            full = self.store.resolve(sprint_id, "s") if len(sprint_id) < 13 else sprint_id
        except RetroError as exc:
            self.notify(exc.message, severity="error")
            return
        self._to_base()
        self.push_screen(SprintScreen(full))

    def action_export(self) -> None:
        """Preview the Markdown of what this screen shows."""
        from retro.screens.export import ExportScreen

        screen = self.screen
        if not isinstance(screen, RetroScreen) or self.snapshot is None:
            return
        kind, target = screen.export_target()
        self.push_screen(ExportScreen(kind, target))

    def action_switch_team(self) -> None:
        """Pick another team's store."""
        from retro.screens.teams import switch_team

        switch_team(self.retro)

    def action_toggle_keys(self) -> None:
        """Show or hide the keys of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_show_help_panel(self) -> None:
        """Show the keys panel, this screen's commands before generic scroll keys."""
        from retro.widgets.keys_panel import KeysPanel

        if not self.screen.query("HelpPanel"):
            self.screen.mount(KeysPanel())
