"""The command line: ``retro`` opens the TUI; ``retro COMMAND`` captures, scripts and exports.

Commands parse, call the core and the store, and print; they hold no logic of their own. The
Textual app is imported only when the TUI opens, so every other command stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from retro import __version__
from retro.cli import (
    actions,
    board,
    cards,
    goals,
    lessons,
    people,
    reviews,
    sprints,
    team,
    tools,
    transfer,
)
from retro.cli.base import CONTEXT_SETTINGS, Env, RetroGroup


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
        transfer.run_tui(ctx.obj)


for command in (
    team.init,
    team.team,
    team.demo,
    team.purpose,
    people.member,
    people.agreement,
    tools.formats,
    tools.doctor,
    tools.completion,
    reviews.review,
    cards.card,
    board.intent,
    board.kudos,
    board.pulse,
    actions.action,
    sprints.sprint,
    goals.goal,
    goals.checkin,
    goals.drift,
    lessons.log,
    lessons.lessons,
    transfer.export,
    transfer.import_,
    transfer.open_,
):
    cli.add_command(command)


def main() -> None:
    """The console script ``retro``."""
    cli.main(prog_name="retro")


__all__ = ["cli", "main"]
