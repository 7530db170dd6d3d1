"""The team and its store: init, several teams, the demo, the purpose."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from retro.cli.base import Env, json_option, pass_env, read_text
from retro.cli.output import echo, emit_json, shown, style, table
from retro.errors import NotFoundError, RetroError


@click.command()
@click.option("--name", help="The team's name (default: the folder's name).")
@click.option("--purpose", help="The team's purpose, its north star.")
@click.option("--here", is_flag=True, help="Create a .retro/ store in this folder (for a repo).")
@json_option
@pass_env
def init(env: Env, name: str | None, purpose: str | None, here: bool, as_json: bool) -> None:
    """Create a store for a team.

    Without --here the store is the current team's in your data directory (or --store PATH);
    with --here it is a .retro/ folder in this directory, to keep in a git repository.

    \b
    Examples:
      retro init --name Platform --purpose "Make shipping boring"
      retro init --here
    """
    from retro.store import Store

    if here:
        if env.store_option:
            raise click.UsageError("give either --here or --store, not both")
        path = Path.cwd() / ".retro"
    else:
        path = env.path
    if name is None:
        name = path.parent.name if path.name == ".retro" else path.name
    team = Store(path).init(name=name or "team", purpose=purpose, by=env.user)
    shared = None
    if here:
        from retro.gitshare.setup import setup

        shared = setup(path)
    if as_json:
        emit_json({"path": str(path), "team": team.to_dict()})
        return
    echo(f"created team {shown(team.name)} at {path}")
    if shared is not None and shared.registered:
        echo("registered retro's git merge driver in this clone; share the store: retro sync")
    elif shared is not None:
        echo("not a git repository yet: after 'git init', run 'retro git setup'")
    echo("next: retro review new 'Sprint 1 retro'   or   retro demo   or   retro")


# --- teams ------------------------------------------------------------------------------------


@click.group()
def team() -> None:
    """Several teams, one store each, in your data directory.

    \b
    Examples:
      retro team new platform
      retro team use platform
      retro team list
    """


@team.command("list")
@json_option
def team_list(as_json: bool) -> None:
    """List the teams in your data directory; * marks the current one.

    \b
    Example:
      retro team list
    """
    from retro.store import Store, current_team_name, team_paths, team_slug

    current = team_slug(current_team_name())
    rows: list[dict[str, object]] = []
    for path in team_paths():
        try:
            name = Store(path).team().name
        except RetroError as exc:  # a damaged store must not hide the others
            name = f"(cannot read: {exc})"
        rows.append(
            {"slug": path.name, "name": name, "path": str(path), "current": path.name == current}
        )
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo("no teams yet; create one with 'retro team new NAME' or 'retro init'")
        return
    table(
        ["", "team", "name", "path"],
        [
            ["*" if r["current"] else "", str(r["slug"]), str(r["name"]), str(r["path"])]
            for r in rows
        ],
    )


@team.command("new")
@click.argument("name")
@click.option("--purpose", help="The team's purpose.")
@click.option("--no-use", is_flag=True, help="Create it without making it the current team.")
@pass_env
def team_new(env: Env, name: str, purpose: str | None, no_use: bool) -> None:
    """Create a team in your data directory and make it the current one.

    \b
    Example:
      retro team new "Data platform" --purpose "Trustworthy data, on time"
    """
    from retro.store import Store, default_store_path, set_current_team

    path = default_store_path(name)
    Store(path).init(name=name, purpose=purpose, by=env.user)
    if not no_use:
        set_current_team(name)
    echo(f"created team {shown(name)} at {path}" + ("" if no_use else " (now the current team)"))


@team.command("use")
@click.argument("name")
def team_use(name: str) -> None:
    """Make a team the current one: commands use its store from now on.

    RETRO_STORE, --store and a .retro/ folder above the current directory still take
    precedence.

    \b
    Example:
      retro team use platform
    """
    import os

    from retro.store import Store, default_store_path, set_current_team, team_paths

    path = default_store_path(name)
    if not Store(path).exists():
        known = ", ".join(p.name for p in team_paths()) or "none yet"
        raise NotFoundError(
            f"no team '{name}' (teams: {known}); create it with 'retro team new {name}'"
        )
    set_current_team(name)
    echo(f"now using team {path.name} ({path})")
    if os.environ.get("RETRO_STORE"):
        echo("note: RETRO_STORE is set and takes precedence over the current team", err=True)


# --- demo, purpose ----------------------------------------------------------------------------


@click.command()
@click.option("--size", type=click.IntRange(1, 1_000_000), help="About how many documents.")
@click.option(
    "--into-current",
    is_flag=True,
    help="Add the demo to the store in use even if it holds data (with --yes).",
)
@click.option("--yes", is_flag=True, help="Do not ask: with --into-current, merge anyway.")
@json_option
@pass_env
def demo(env: Env, size: int | None, into_current: bool, yes: bool, as_json: bool) -> None:
    """Load a realistic demo team, in a team of its own.

    In your data directory the demo becomes the team "Demo" and the current team (back to
    yours with 'retro team use NAME'). A store given with --store or RETRO_STORE is filled
    only while it is empty. Merging the demo into a store that holds data takes
    --into-current --yes.

    \b
    Examples:
      retro demo
      retro --store /tmp/demo demo
      retro --store /tmp/big demo --size 50000
    """
    from retro.demo.place import DEMO_TEAM, load_demo, place_demo
    from retro.store import Store, current_team_name, default_store_path, team_slug

    place = place_demo(env.path, into_current=into_current, yes=yes)
    previous = current_team_name() if place.switch else ""
    had_team = place.switch and Store(default_store_path()).exists()
    report = load_demo(place, env.user, size=size)
    store = Store(place.path)
    if as_json:
        counts = asdict(report) if report else {}
        emit_json({"path": str(store.path), "created": report is not None, **counts})
        return
    if report is None:
        echo(f"the demo team is already at {store.path}; nothing was added")
    else:
        made = ", ".join(_counted(k, v) for k, v in asdict(report).items() if v)
        echo(f"loaded the demo into {store.path}: {made}")
    if place.switch:
        back = (
            f"back to yours with: retro team use {previous}"
            if had_team and previous != team_slug(DEMO_TEAM)
            else "make your own with: retro team new NAME"
        )
        echo(f"{shown(store.team().name)} is now the current team; {back}")
        _warn_if_overridden(env)
    echo("open it with: retro" + (f" --store {store.path}" if env.store_option else ""))


def _counted(kind: str, count: int) -> str:
    """``1 member``, ``5 check-ins``, ``1 kudos``: a DemoReport field as words."""
    from retro.text import plural

    one = {"checkins": "check-in", "kudos": "kudos"}.get(kind, kind.removesuffix("s"))
    return plural(count, one, "check-ins" if kind == "checkins" else kind)


def _warn_if_overridden(env: Env) -> None:
    """Say so when RETRO_STORE or a .retro/ folder will still win over the current team."""
    import os

    from retro.store.location import find_local

    if os.environ.get("RETRO_STORE"):
        echo("note: RETRO_STORE is set and takes precedence over the current team", err=True)
    elif find_local(Path.cwd().resolve()) is not None:
        echo("note: a .retro/ folder here takes precedence over the current team", err=True)


@click.command()
@click.argument("text", required=False)
@click.option("--history", is_flag=True, help="Show every version of the purpose.")
@click.option("--edit", is_flag=True, help="Write the purpose in $EDITOR.")
@json_option
@pass_env
def purpose(env: Env, text: str | None, history: bool, edit: bool, as_json: bool) -> None:
    """Show or set the team's purpose (its north star); changes keep the history.

    \b
    Examples:
      retro purpose
      retro purpose "Make shipping to production boring"
      retro purpose --history
      retro purpose --edit
    """
    store = env.store
    if text is not None or edit:
        current = store.team().purpose or ""
        new = read_text(text, edit, "the purpose", initial=current)
        changed = store.update_team(lambda t: t.set_purpose(new, by=env.user))
        if as_json:
            emit_json(store.team().purposes[-1].to_dict())
        else:
            echo("purpose set" if changed else "purpose unchanged")
        return
    team_ = store.team()
    if as_json:
        if history:
            emit_json([p.to_dict() for p in team_.purposes])
        else:
            emit_json(team_.purposes[-1].to_dict() if team_.purposes else None)
        return
    if not team_.purposes:
        echo('no purpose yet; set one with: retro purpose "TEXT"')
        return
    if history:
        for version in team_.purposes:
            by = f" by {shown(version.set_by)}" if version.set_by else ""
            echo(style(f"{version.set_at:%Y-%m-%d}{by}", dim=True))
            echo(f"  {shown(version.text)}")
        return
    echo(shown(team_.purpose))


from retro.cli.renames import team_rename  # noqa: E402

team.add_command(team_rename)
