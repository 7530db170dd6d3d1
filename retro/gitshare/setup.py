"""A store in a git clone, set up in one step: the store folder's ``.gitattributes`` (every
store file merged by retro's driver) and ``.gitignore`` (everything that is not team data),
and the driver registered in the clone's config. Also what `retro doctor` and the one-time
hint say when a clone lacks the driver."""

from __future__ import annotations

import os
import shlex
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from retro.gitshare import git
from retro.store import files

ATTRIBUTES = "*.json merge=retro\n"
IGNORED = (".backup/", ".lock", "*.tmp", ".presence/")
"""What a store folder holds that is not team data: backups, the lock, temporary files of
atomic writes, presence files (who is in the room). Caches and the index live outside it."""
FIX = "run 'retro git setup' in this clone"


@dataclass
class SetupReport:
    """What `setup` did."""

    repo: Path | None
    written: list[str] = field(default_factory=list)
    registered: bool = False


def driver_command() -> str:
    """The driver command line git runs: this very Python with retro (a venv's included)."""
    return f"{shlex.quote(sys.executable)} -m retro git merge-driver %O %A %B %P"


def write_files(store: Path) -> list[str]:
    """Write (or complete) the store folder's ``.gitattributes`` and ``.gitignore``; the
    names of the files changed."""
    changed: list[str] = []
    attributes = store / ".gitattributes"
    current = _text(attributes)
    if "merge=retro" not in current:
        _write(attributes, _ended(current) + ATTRIBUTES)
        changed.append(".gitattributes")
    ignore = store / ".gitignore"
    current = _text(ignore)
    have = {line.strip() for line in current.splitlines()}
    missing = [entry for entry in IGNORED if entry not in have]
    if missing:
        _write(ignore, _ended(current) + "".join(f"{entry}\n" for entry in missing))
        changed.append(".gitignore")
    return changed


def register(repo: Path) -> None:
    """Register retro's merge driver in the clone's own config (never the global one).

    Raises:
        GitError: git failed.
    """
    git.run(repo, "config", "--local", "merge.retro.name", "retro: merge store files by id")
    git.run(repo, "config", "--local", "merge.retro.driver", driver_command())


def setup(store: Path) -> SetupReport:
    """Set the store folder up for git: the two files, and the driver when it is in a clone."""
    report = SetupReport(repo=git.toplevel(store) if store.is_dir() else None)
    report.written = write_files(store)
    private(p for p in store.rglob("*.json") if files.BACKUP_DIR not in p.parts)
    if report.repo is not None:
        register(report.repo)
        report.registered = True
    return report


def private(paths: Iterable[Path]) -> None:
    """Make store files git wrote (with the umask's mode, often 0644) private again, as the
    store writes its own (0600; git keeps no such mode, so nothing shows as changed)."""
    for path in paths:
        try:
            if path.is_file() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, files.FILE_MODE)
        except OSError:
            continue


def missing_driver(store: Path) -> str | None:
    """What is wrong with git's set-up of a store kept in a clone, or None (also outside a
    clone, where there is nothing to set up)."""
    gitdir = git.git_dir(store)
    if gitdir is None:
        return None
    if not git.driver_registered(gitdir):
        return f"retro's git merge driver is not registered in this clone; {FIX}"
    if "merge=retro" not in _text(store / ".gitattributes"):
        return f"{store / '.gitattributes'} does not send store files to retro's driver; {FIX}"
    return None


def hint_once(store: Path) -> str | None:
    """The one-line hint a command prints when the store's clone lacks the driver: once per
    store on this machine (remembered in the cache folder, never in the store)."""
    if store.name != ".retro":
        return None
    from retro.store.cachedir import cache_path

    marker = cache_path(store, name="git-hint", suffix="txt")
    if marker.exists():
        return None
    problem = missing_driver(store)
    if problem is None:
        return None
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{store}\n", encoding="utf-8")
    except OSError:
        return None  # better no hint than the same hint on every command
    return f"hint: {problem}"


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return ""


def _ended(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
