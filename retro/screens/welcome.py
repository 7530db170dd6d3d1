"""The first run: create the team in a short form, or load a realistic demo team."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, LoadingIndicator, Static

from retro.errors import RetroError
from retro.guest import refusal
from retro.model import Member, Team
from retro.screens.base import RetroScreen
from retro.widgets.keys import KeysFooter


class WelcomeScreen(RetroScreen):
    """No store yet: name the team and its purpose, or load the demo."""

    PRESENCE = "welcome"

    BINDINGS = [
        Binding(
            "ctrl+d",
            "demo",
            "Load demo",
            tooltip="Load a demo team into a team of its own",
            priority=True,
        ),
        Binding("ctrl+s", "create", "Create team", tooltip="Create the team from the form"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(
                Content.assemble(
                    ("retro", "bold $accent"),
                    (
                        "\nReviews, retrospectives and alignment sprints — with the drift between "
                        "what you intended and what happened always in view.",
                        "",
                    ),
                ),
                id="welcome-title",
            )
            yield Label("Team name")
            yield Input(placeholder="Platform", id="team-name")
            yield Label("Purpose (your north star; you can change it later)")
            yield Input(placeholder="Make shipping to production boring", id="team-purpose")
            yield Static("", id="welcome-error", markup=False)
            with Horizontal(id="welcome-buttons"):
                yield Button("Create team", variant="primary", id="create")
                yield Button("Load a demo team", variant="success", id="demo")
            yield Static(
                Content.styled(
                    "New here? Load the demo: a platform team with sprints, reviews in five "
                    "formats, actions and lessons. Keys are always in the footer; ? shows them "
                    "all and ctrl+p finds any command.",
                    "$text-muted",
                ),
                id="welcome-help",
            )
            yield LoadingIndicator(id="welcome-loading")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#welcome-loading").display = False
        if self.retro.guest:  # a browser of `retro serve`, whose store went away: say who acts
            self.query_one("#welcome-buttons").display = False
            self.query_one("#welcome-error", Static).update(refusal("create"))
        self.query_one("#team-name", Input).focus()

    @on(Input.Submitted, "#team-name")
    def _next(self) -> None:
        self.query_one("#team-purpose", Input).focus()

    @on(Input.Submitted, "#team-purpose")
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        if self.retro.refuses("create"):  # a store is a folder on the host's machine
            return
        name = self.query_one("#team-name", Input).value.strip()
        purpose = self.query_one("#team-purpose", Input).value.strip() or None
        if not name:
            self.query_one("#welcome-error", Static).update("✖ Give the team a name.")
            self.query_one("#team-name", Input).focus()
            return
        try:
            store = self.retro.store
            store.init(name, purpose, by=self.user)
            store.update_team(self._add_founder)
        except RetroError as exc:
            self.query_one("#welcome-error", Static).update(f"✖ {exc.message}")
            return
        self.retro.open_store()

    def _add_founder(self, team: Team) -> None:
        """The person who creates the team is its first member."""
        if team.member(self.user) is None:
            team.members.append(Member(self.user, joined=self.today))

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        if self.retro.refuses("demo"):
            return
        self.query_one("#welcome-loading").display = True
        self.query_one("#welcome-buttons").disabled = True
        self._build_demo()

    @work(thread=True, exit_on_error=False)
    def _build_demo(self) -> None:
        from retro.demo.place import load_demo, place_demo
        from retro.store import Store

        app = self.retro
        try:
            # As `retro demo`: the demo team of the data directory, made and switched to, or
            # this store when it was chosen by hand (it is empty: this screen shows).
            place = place_demo(app.store.path)
            load_demo(place, app.user, today=app.today, now=app.now())
        except RetroError as exc:
            app.call_from_thread(self._failed, exc.message)
            return
        if place.path == app.store.path:
            app.call_from_thread(app.open_store)
        else:
            app.call_from_thread(app.use_store, Store(place.path))

    def _failed(self, message: str) -> None:
        self.query_one("#welcome-loading").display = False
        self.query_one("#welcome-buttons").disabled = False
        self.notify(message, severity="error")
