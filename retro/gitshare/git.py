"""The real `git` binary, run as a child process: the one place retro talks to git."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from retro.errors import RetroError


class GitError(RetroError):
    """git is missing, or a git command failed: the message says which and why."""


def run(
    repo: Path,
    *args: str,
    check: bool = True,
    env: dict[str, str] | None = None,
    timeout: float | None = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``git -C repo args`` and return what it printed.

    Raises:
        GitError: git is not installed, or (with `check`) the command failed.
    """
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); install git first") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"'git {args[0]}' took longer than {timeout:.0f} s; stopped it") from None
    if check and done.returncode != 0:
        raise GitError(f"'git {' '.join(args[:2])}' failed: {last_line(done.stderr)}")
    return done


def last_line(text: str) -> str:
    """The last line git printed that says something (its error, usually)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    wanted = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (wanted or lines or ["no reason given"])[-1]


def toplevel(folder: Path) -> Path | None:
    """The top of the git working tree that holds `folder`, or None outside one."""
    done = run(folder, "rev-parse", "--show-toplevel", check=False)
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def git_dir(folder: Path) -> Path | None:
    """The repository's own folder (``.git``, or a worktree's) found without running git, as
    git finds it; None outside a repository."""
    for current in (folder, *folder.parents):
        dot = current / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                found = Path(text[7:].strip())
                return found if found.is_absolute() else (current / found).resolve()
            return None
    return None


_DRIVER = re.compile(r'^\s*\[merge\s+"retro"\]\s*$', re.MULTILINE)


def driver_registered(gitdir: Path) -> bool:
    """Whether the clone's config registers retro's merge driver (read without running git:
    every command asks, and a child process costs more than the file)."""
    configs = [gitdir / "config"]
    common = gitdir / "commondir"
    if common.is_file():
        target = Path(common.read_text(encoding="utf-8").strip())
        configs.append((target if target.is_absolute() else gitdir / target) / "config")
    for config in configs:
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found = _DRIVER.search(text)
        if found:
            section = re.split(r"^\s*\[", text[found.end() :], maxsplit=1, flags=re.MULTILINE)[0]
            if re.search(r"^\s*driver\s*=", section, re.MULTILINE):
                return True
    return False
