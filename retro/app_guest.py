"""The app's part in a served participant's rights (`retro.guest`): which keys it offers, and
the line a guest reads on pressing one it does not.

`GuestRules.check_action` (the app's keys) and `RetroScreen.check_action` (every screen's) ask
`retro.guest.allows`, so a refused key leaves the footer, `?` and the palette and does not run.
Its key then falls through to one of `REFUSALS`: bindings of the app with no words (so they
show nowhere) that say why, for a guest, where the screen in front has that action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from retro.guest import REFUSED, allows, refusal

if TYPE_CHECKING:
    from textual.app import App

    _App = App[None]
else:
    _App = object

REFUSALS = [
    Binding(key, f"refuse('{action}')", show=False, priority=priority)
    for key, action, priority in (
        ("T", "switch_team", False),
        ("S", "sync", False),
        ("w", "voter", False),
        ("f2", "rename_team", False),
        ("ctrl+s", "create", False),
        ("ctrl+d", "demo", True),  # the welcome screen's is a priority key (before its inputs')
    )
]
"""Say why a refused key does nothing (the app's, after its own and every screen's keys)."""


class GuestRules(_App):
    """Mixed into `RetroApp`: its `guest` flag is read once, at start (`retro.guest.served`)."""

    guest: bool = False
    """Whether this process serves one participant in a browser (`retro serve`)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "refuse":
            what = str(parameters[0]) if parameters else ""
            here = hasattr(self, f"action_{what}") or hasattr(self.screen, f"action_{what}")
            return self.guest and here
        return allows(action, self.guest)

    def action_refuse(self, what: str) -> None:
        """Say, in one line, why a guest's key does nothing."""
        self.notify(refusal(what), severity="warning", timeout=5)

    def refuses(self, action: str) -> bool:
        """Whether a guest may not do `action`, saying why if so: for what runs without its key
        (a button, a form's callback, a function another screen calls)."""
        if self.guest and action in REFUSED:
            self.action_refuse(action)
            return True
        return False
