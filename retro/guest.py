"""A served participant's rights: what the TUI lets a person in a browser do (`retro serve`).

`retro serve` starts one app process per browser, as the host's OS user, with `SERVED_ENV` set
(`retro.serve.server.Participant`; a browser cannot change a process's environment). Such a
process is a *guest*: one participant of the review, not the host. It reads and writes the
store it was started on like any participant, but does nothing that only the host should:
switch to another team's store, create or move one, write files on the host, run git with the
host's credentials, or act as another person. The keys for those leave the footer, `?` and the
palette (`allows`, from the app's and every screen's `check_action`), and pressing one anyway
says why in one line (`refusal`). The export preview stays: its `s` downloads the Markdown in
the browser instead of saving it on the host.

No Textual here: the rules are plain data, read by the app and tested without a screen.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping

SERVED_ENV = "RETRO_SERVED"
"""Set to "1" in the environment of every app process `retro serve` starts."""

WHY = "In a served review you are one participant:"
"""How every refusal starts."""

REFUSED: dict[str, str] = {
    "switch_team": "the host switches teams.",
    "sync": "the host syncs the store through git.",
    "voter": "you vote and add cards as yourself (each browser is one person).",
    "rename_team": "the host renames the team (its folder is on the host's machine).",
    "create": "the host creates the team (retro init on the host's machine).",
    "demo": "the host loads the demo team (retro demo on the host's machine).",
    "save": "s downloads the Markdown in your browser instead.",
}
"""Actions a guest may not run, by action name, and why (after `WHY`)."""

GUEST_ONLY = frozenset({"download"})
"""Actions only a guest has: a terminal saves to a file instead."""


def served(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this process was started by `retro serve` for a browser (read once, at start)."""
    return (os.environ if environ is None else environ).get(SERVED_ENV) == "1"


def allows(action: str, guest: bool) -> bool:
    """Whether a key's action is offered (and runs): a guest's refused ones are not, and a
    guest's own ones are offered to guests only."""
    if guest:
        return action not in REFUSED
    return action not in GUEST_ONLY


def refusal(action: str) -> str:
    """The one line a guest reads on pressing a refused key."""
    return f"{WHY} {REFUSED.get(action, 'the host does that.')}"


def download_name(title: str) -> str:
    """A file name for a download, in plain ASCII (browsers and HTTP headers take it as it
    is): the title's words, accents dropped, joined by dashes, and ``.md``."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in plain).split()
    return ("-".join(words)[:60].strip("-") or "retro") + ".md"
