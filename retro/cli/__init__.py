"""The command line: ``retro`` opens the TUI; ``retro COMMAND`` captures, scripts and exports.

Commands parse, call the core and the store, and print; they hold no logic of their own. The
Textual app is imported only when the TUI opens, so every other command stays fast.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from retro import __version__
from retro.cli.base import CONTEXT_SETTINGS, Env, RetroGroup

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("team", "init"),
    "team": ("team", "team"),
    "demo": ("team", "demo"),
    "purpose": ("team", "purpose"),
    "member": ("people", "member"),
    "agreement": ("people", "agreement"),
    "formats": ("tools", "formats"),
    "doctor": ("tools", "doctor"),
    "completion": ("tools", "completion"),
    "review": ("reviews", "review"),
    "card": ("cards", "card"),
    "intent": ("board", "intent"),
    "kudos": ("board", "kudos"),
    "pulse": ("board", "pulse"),
    "action": ("actions", "action"),
    "sprint": ("sprints", "sprint"),
    "goal": ("goals", "goal"),
    "checkin": ("checkins", "checkin"),
    "drift": ("goals", "drift"),
    "log": ("lessons", "log"),
    "lessons": ("lessons", "lessons"),
    "decision": ("decisions", "decision"),
    "raci": ("decisions_edit", "raci"),
    "export": ("transfer", "export"),
    "import": ("transfer", "import_"),
    "open": ("transfer", "open_"),
}
"""Each top-level command: the module of retro.cli that defines it, and its name there."""


class LazyCommands(dict[str, click.Command]):
    """The root group's commands, each module imported when its command is first looked up.

    `retro log` imports the lessons module and none of the other ten (a third of the CLI's
    start-up); listing the commands (help, completion, tests) imports them all. It is still
    the dict click keeps in `Group.commands`.
    """

    def _load(self, name: str) -> None:
        if name in COMMANDS and not super().__contains__(name):
            module, attr = COMMANDS[name]
            found = getattr(importlib.import_module(f"retro.cli.{module}"), attr)
            super().__setitem__(name, found)

    def _load_all(self) -> None:
        for name in COMMANDS:
            self._load(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._load(name)
        return super().get(name, default)

    def __getitem__(self, name: str) -> click.Command:
        self._load(name)
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or super().__contains__(name)

    def __iter__(self) -> Any:
        self._load_all()
        return super().__iter__()

    def __len__(self) -> int:
        self._load_all()
        return super().__len__()

    def keys(self) -> Any:
        self._load_all()
        return super().keys()

    def values(self) -> Any:
        self._load_all()
        return super().values()

    def items(self) -> Any:
        self._load_all()
        return super().items()


@click.group(
    cls=RetroGroup,
    invoke_without_command=True,
    context_settings=CONTEXT_SETTINGS,
)
@click.option(
    "--store",
    envvar="RETRO_STORE",
    type=click.Path(path_type=Path, file_okay=False),
    help="The store folder (default: a .retro/ above here, else the current team's).",
)
@click.option("--as", "as_", metavar="NAME", help="Act as this person (default: RETRO_USER, git).")
@click.version_option(__version__, "--version", prog_name="retro", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, store: Path | None, as_: str | None) -> None:
    """After-action reviews, retrospectives and alignment sprints, with drift in view.

    Run 'retro' alone to open the terminal UI; the commands below capture, script and export.
    Dates read like people talk: today, yesterday, +2w, next friday, 2026-11-30.

    \b
    Examples:
      retro init --name Platform
      retro review new "Sprint 12 retro" --format ssc
      retro card add r7kq start "Pair on deploys"
      retro log "Flags made the rollback painless" -t deploy
      retro drift
    """
    ctx.obj = Env(store, as_)
    if ctx.invoked_subcommand is None:
        from retro.cli.transfer import run_tui

        run_tui(ctx.obj)


cli.commands = LazyCommands()


def main() -> None:
    """The console script ``retro``."""
    try:
        cli.main(prog_name="retro")
    finally:
        # The process ends here and the system takes back all it holds: the cycle collector's
        # last passes over every object at exit (≈ 6 ms after a long listing) are skipped.
        import gc

        gc.freeze()


__all__ = ["cli", "main"]
