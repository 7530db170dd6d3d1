"""A team's name and its folder: renaming a team keeps everything that belongs to it.

Reviews, sprints, lessons and decisions live in the team's store and refer to one another by
id, never by the team's name, so a new name orphans none of them. A team in the data directory
(``teams/<slug>/``) also moves to the folder of its new name, and stays the current team if
it was, so ``retro team use NEW`` finds it; a store elsewhere (``--store``, a ``.retro/``
folder in a repository) keeps its folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from retro.errors import StoreError, ValidationError


@dataclass(frozen=True)
class Renamed:
    """What a rename did."""

    old: str
    """The team's name before."""
    new: str
    """Its name now."""
    path: Path
    """Where its store is now."""
    moved: bool
    """Whether the store moved to the folder of the new name."""


def in_data_dir(path: Path) -> bool:
    """Whether the store is one of the teams in the data directory."""
    from retro.store import data_dir

    try:
        return path.resolve().parent == (data_dir() / "teams").resolve()
    except OSError:
        return False


def rename_team(path: Path, name: str) -> Renamed:
    """Rename the team of the store at `path` (moving its folder in the data directory).

    Raises:
        ValidationError: an empty name, one with no letters or digits, or one whose folder
            another team has.
        StoreError: the folder could not be moved (the old name is kept).
    """
    from retro.store import Store, current_team_name, set_current_team, team_slug

    store = Store(path)
    store.check_open()
    slug = team_slug(name)
    move = in_data_dir(path) and slug != path.name
    target = path.parent / slug if move else path
    with store.locked():
        old = store.team().name
        if move and target.exists():
            raise ValidationError(
                f"another team has the folder '{slug}' already ({target}); choose another name"
            )
        if not store.update_team(lambda team: team.rename(name)):
            return Renamed(old, old, path, False)
        new = store.team().name
        if move:
            try:
                os.rename(path, target)
            except OSError as exc:
                store.update_team(lambda team: team.rename(old))
                raise StoreError(f"cannot move {path} to {target}: {exc.strerror}") from None
    if move and team_slug(current_team_name()) == path.name:
        set_current_team(slug)
    return Renamed(old, new, target, move)
