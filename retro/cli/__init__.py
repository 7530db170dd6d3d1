"""The command line: ``retro`` opens the TUI; ``retro COMMAND`` captures, scripts and exports.

Commands parse, call the core and the store, and print; they hold no logic of their own. The
Textual app is imported only when the TUI opens, so every other command stays fast.
"""

from __future__ import annotations

import importlib
from pathlib import Path

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
    "format": ("formats", "format_"),
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
    "git": ("git", "git"),
    "sync": ("git", "sync"),
    "serve": ("serve", "serve"),
}
"""Each top-level command: the module of retro.cli that defines it, and its name there."""


class LazyGroup(RetroGroup):
    """The root group, in click's documented lazy-loading pattern: `list_commands` names the
    top-level commands without importing them, `get_command` imports a command's module when
    it is looked up. `retro log` imports the lessons module and none of the others (a third of
    the CLI's start-up); help and completion import them all."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(f"retro.cli.{module}"), attr)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
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


def main() -> None:
    """The console script ``retro``."""
    cli.main(prog_name="retro")


__all__ = ["cli", "main"]
