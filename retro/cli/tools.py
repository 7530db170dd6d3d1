"""Tools around the store: the formats, the doctor, shell completion."""

from __future__ import annotations

import click

from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json, label, shown, style

# --- formats, doctor, completion ---------------------------------------------------------------


@click.command()
@click.argument("key", required=False)
@json_option
@pass_env
def formats(env: Env, key: str | None, as_json: bool) -> None:
    """List the review formats and their columns (built-in and the team's own); with KEY,
    just that one (its --json is what 'retro format new KEY --from FILE' reads).

    Make your own with 'retro format new'.

    \b
    Examples:
      retro formats
      retro formats 4ls --json > ours.json
      retro review new "Q3 retro" --format 4ls
    """
    from retro.formats import all_formats, get_format

    store = env.raw_store()
    custom = store.team().formats if store.exists() else []
    found = all_formats(custom) if key is None else [get_format(key, custom)]
    if as_json:
        emit_json(found[0].to_dict() if key is not None else [f.to_dict() for f in found])
        return
    for fmt in found:
        about = style(shown(fmt.description), dim=True)
        own = "" if fmt.builtin else style("  (the team's own)", fg="cyan")
        echo(f"{style(fmt.key, bold=True)}  {shown(fmt.name)}{own}  {about}")
        width = max(len(c.key) for c in fmt.columns)
        for column in fmt.columns:
            echo(f"    {column.key.ljust(width)}  {shown(column.prompt)}")


@click.command()
@click.option("--repair", is_flag=True, help="Restore damaged files from their last good backup.")
@json_option
@pass_env
def doctor(env: Env, repair: bool, as_json: bool) -> None:
    """Check every file of the store; with --repair, restore damaged ones from backups.

    Exits 1 if a problem remains.

    \b
    Examples:
      retro doctor
      retro doctor --repair
    """
    store = env.raw_store()
    if not store.path.exists():
        from retro.errors import NoStoreError

        raise NoStoreError(store.path)
    report = store.doctor(repair=repair)
    from retro.gitshare.setup import missing_driver

    git_problem = missing_driver(store.path)
    if git_problem and repair:
        from retro.gitshare.setup import setup

        setup(store.path)
        report.repaired.append("registered retro's git merge driver in this clone")
    elif git_problem:
        report.problems.append(git_problem)
    if as_json:
        emit_json(
            {
                "path": str(report.path),
                "checked": report.checked,
                "documents": report.documents,
                "problems": report.problems,
                "repaired": report.repaired,
                "healthy": report.healthy,
            }
        )
    else:
        label("store", str(report.path))
        label("checked", f"{report.checked} files, {report.documents} documents")
        for problem in report.problems:
            echo(style("problem: ", fg="red") + shown(problem))
        for fixed in report.repaired:
            echo(style("repaired: ", fg="green") + shown(fixed))
        if report.healthy:
            echo(style("the store is healthy", fg="green"))
        elif not repair and report.problems != [git_problem]:
            echo("run 'retro doctor --repair' to restore the last good backups")
    if not report.healthy:
        raise click.exceptions.Exit(1)


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script (ids, formats, columns and tags complete too).

    \b
    Examples:
      retro completion bash >> ~/.bashrc
      retro completion zsh > ~/.zfunc/_retro
      retro completion fish > ~/.config/fish/completions/retro.fish
    """
    from click.shell_completion import get_completion_class

    from retro.cli import cli

    cls = get_completion_class(shell)
    assert cls is not None  # click knows the three shells the Choice allows
    click.echo(cls(cli, {}, "retro", "_RETRO_COMPLETE").source())
