"""A team store in git: `retro git setup`, the merge driver git runs, and `retro sync`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json, shown, style


@click.group()
def git() -> None:
    """A store kept in a git repository: set a clone up, merge store files.

    \b
    Examples:
      retro git setup          # in a fresh clone of a repository with a .retro/ store
      retro sync               # commit, merge and push the store
    """


@git.command()
@json_option
@pass_env
def setup(env: Env, as_json: bool) -> None:
    """Set this clone up for the store: merge store files by id, ignore what is not team data.

    Writes the store folder's .gitattributes (every store file merged by retro's driver) and
    .gitignore (backups, lock, temporary and presence files), and registers the driver in this
    clone's git config, pointing at the retro that runs this command.

    \b
    Examples:
      git clone git@example.com:team/handbook.git && cd handbook && retro git setup
    """
    from retro.gitshare.setup import setup as set_up

    store = env.store
    report = set_up(store.path)
    if report.repo is None:
        from retro.gitshare.git import GitError

        raise GitError(
            f"the store {store.path} is not in a git repository; 'git init' there first "
            "(the .gitattributes and .gitignore are written)"
        )
    if as_json:
        emit_json({"repo": str(report.repo), "written": report.written, "registered": True})
        return
    for name in report.written:
        echo(f"wrote {store.path / name}")
    echo(f"registered retro's merge driver in {report.repo / '.git' / 'config'}")
    echo("next: commit the .retro/ folder, then 'retro sync' to share it")


@git.command(name="merge-driver")
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.argument("name")
def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> None:
    """Merge a store file by document id (git runs this: %O %A %B %P).

    Writes the merged file over OURS and says on stderr what it decided (an edit kept against
    a delete, the later of two changes to one field). A damaged or foreign version makes it
    fail, writing nothing, so git stops. 'retro git setup' registers it; you never run it.

    \b
    Example (what git runs, from the clone's config):
      retro git merge-driver .merge_file_O .merge_file_A .merge_file_B .retro/team.json
    """
    from retro.errors import RetroError
    from retro.gitshare.driver import merge_driver as run

    try:
        result = run(base, ours, theirs, name, Path.cwd())
    except RetroError as exc:
        click.echo(f"retro merge: {name}: {' '.join(exc.message.split())}", err=True)
        sys.exit(1)
    for line in result.reports:
        click.echo(f"retro merge: {line}", err=True)


@click.command()
@json_option
@pass_env
def sync(env: Env, as_json: bool) -> None:
    """Share the store through git: commit its changes, merge the upstream's, push.

    Only the store folder is committed (never caches, locks or backups); the merge uses
    retro's driver, so store files never conflict. Without a remote the commit stays local;
    when the network is down it stays too, for the next sync.

    \b
    Examples:
      retro sync
      retro sync --json
    """
    from retro.gitshare.sync import sync as run

    store = env.store
    report = run(store.path, env.user, store_lock=store.locked)
    if as_json:
        emit_json(report.to_dict())
        return
    if report.committed:
        echo(f"committed {shown(report.committed)}")
    for line in report.merge_reports:
        echo(style("merged: ", fg="yellow") + shown(line), err=True)
    if report.pulled:
        echo(f"pulled from {report.upstream}: {shown(report.news)}")
    if report.pushed:
        echo(f"pushed to {report.upstream}")
    for note in report.notes:
        echo(style("note: ", dim=True) + shown(note))
    if report.upstream and not (report.committed or report.pulled or report.pushed):
        echo(f"nothing to sync: the store is as {report.upstream} has it")
