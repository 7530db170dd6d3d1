"""Where a store lives: --store, RETRO_STORE, a `.retro/` folder up the tree, or the data directory.

A person can keep several teams, one store each, under the user data directory
(``teams/<name>/``); the current one is remembered in a small file beside them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from retro.errors import ValidationError

LOCAL_DIR = ".retro"
CATALOGUE = "store.json"
DEFAULT_TEAM = "default"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user data directory of retro (``RETRO_HOME`` overrides platformdirs)."""
    env = os.environ if env is None else env
    if env.get("RETRO_HOME"):
        return Path(env["RETRO_HOME"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("retro", appauthor=False))


def team_slug(name: str) -> str:
    """The folder name of a team: lower case letters, digits and dashes.

    Raises:
        ValidationError: nothing usable is left of the name.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")
    if not slug:
        raise ValidationError(f"'{name}' cannot be a team name: use letters or digits")
    return slug[:64]


def current_team_name(env: Mapping[str, str] | None = None) -> str:
    """The team whose store opens by default."""
    marker = data_dir(env) / "current-team"
    try:
        name = marker.read_text(encoding="utf-8").strip()
    except OSError:
        return DEFAULT_TEAM
    return name or DEFAULT_TEAM


def set_current_team(name: str, env: Mapping[str, str] | None = None) -> Path:
    """Make this team the default; returns its store path."""
    slug = team_slug(name)
    from retro.store.files import ensure_dir

    home = data_dir(env)
    ensure_dir(home, Path(home.anchor))  # private (0700), like the stores inside it
    marker = home / "current-team"
    tmp = marker.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(slug + "\n")
    os.replace(tmp, marker)
    return home / "teams" / slug


def default_store_path(team: str | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The store of a team (the current one by default) in the data directory."""
    return data_dir(env) / "teams" / team_slug(team or current_team_name(env))


def team_paths(env: Mapping[str, str] | None = None) -> list[Path]:
    """Every team store in the data directory, by name."""
    teams = data_dir(env) / "teams"
    if not teams.is_dir():
        return []
    return sorted(p for p in teams.iterdir() if (p / CATALOGUE).exists())


def find_local(cwd: Path) -> Path | None:
    """A `.retro/` folder in this folder or one above it, as git finds `.git`."""
    for folder in (cwd, *cwd.parents):
        candidate = folder / LOCAL_DIR
        if candidate.is_dir():
            return candidate
    return None


def find_store(
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    explicit: Path | str | None = None,
) -> Path:
    """The store to open: `explicit` (--store), else RETRO_STORE, else `.retro/`, else default."""
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit).expanduser()
    if env.get("RETRO_STORE"):
        return Path(env["RETRO_STORE"]).expanduser()
    local = find_local((cwd or Path.cwd()).resolve())
    if local is not None:
        return local
    return default_store_path(env=env)
