"""Renaming: a team, a review, a sprint. Each keeps its id, so nothing that refers to it is
lost; the rules (no empty name) are the model's (`Titled.rename`, `Team.rename`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json, shown

if TYPE_CHECKING:
    from retro.model import Review, Sprint


@click.command("rename")
@click.argument("name")
@click.option("--team", "which", metavar="TEAM", help="Another team of the data directory.")
@json_option
@pass_env
def team_rename(env: Env, name: str, which: str | None, as_json: bool) -> None:
    """Rename the team in use (or --team TEAM); its reviews, sprints and lessons stay with it.

    A team in your data directory moves to the folder of its new name, and stays the current
    team if it was; a --store or .retro/ store keeps its folder.

    \b
    Examples:
      retro team rename Platform
      retro team rename "Data platform" --team data-platfrom
    """
    from retro.errors import NotFoundError
    from retro.store import Store, default_store_path, team_paths
    from retro.teamdir import rename_team

    path = env.path
    if which is not None:
        path = default_store_path(which)
        if not Store(path).exists():
            known = ", ".join(p.name for p in team_paths()) or "none yet"
            raise NotFoundError(f"no team '{which}' (teams: {known})")
    done = rename_team(path, name)
    if as_json:
        emit_json({"old": done.old, "name": done.new, "path": str(done.path), "moved": done.moved})
    elif done.old == done.new:
        echo(f"the team is already called {shown(done.new)}")
    else:
        moved = f"; its store is now {done.path}" if done.moved else ""
        echo(f"renamed team {shown(done.old)} to {shown(done.new)}{moved}")


@click.command("rename")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.argument("title")
@json_option
@pass_env
def review_rename(env: Env, review_id: str, title: str, as_json: bool) -> None:
    """Give a review a new title (its id, cards and actions stay).

    \b
    Example:
      retro review rename r7kq "Sprint 12 retrospective"
    """

    def rename(r: Review) -> tuple[str, bool]:
        old = r.title
        return old, r.rename(title)

    old, changed = env.store.update_review(review_id, rename)
    _said(env, "review", review_id, old, title.strip(), changed, as_json)


@click.command("rename")
@click.argument("sprint_id", metavar="SPRINT", type=params.SPRINT)
@click.argument("title")
@json_option
@pass_env
def sprint_rename(env: Env, sprint_id: str, title: str, as_json: bool) -> None:
    """Give a sprint a new title (its id, goals and check-ins stay).

    \b
    Example:
      retro sprint rename s4m2 "Sprint 12: calm on-call"
    """

    def rename(s: Sprint) -> tuple[str, bool]:
        old = s.title
        return old, s.rename(title)

    old, changed = env.store.update_sprint(sprint_id, rename)
    _said(env, "sprint", sprint_id, old, title.strip(), changed, as_json)


def _said(
    env: Env, what: str, full_id: str, old: str, new: str, changed: bool, as_json: bool
) -> None:
    if as_json:
        emit_json({"id": full_id, "old": old, "title": new, "changed": changed})
    elif changed:
        echo(f"renamed {what} {env.short(full_id)} from {shown(old)} to {shown(new)}")
    else:
        echo(f"{what} {env.short(full_id)} is already called {shown(new)}")
