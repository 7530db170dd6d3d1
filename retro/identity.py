"""Who is using retro: the name cards, votes and check-ins are recorded under.

In order: ``--as NAME``, else ``$RETRO_USER``, else git's ``user.name``, else the login name.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping

GIT_TIMEOUT = 1.0
"""Seconds to wait for ``git config``; a slow or missing git must not slow retro down."""


def current_user(explicit: str | None = None, env: Mapping[str, str] = os.environ) -> str:
    """The name of the person using retro.

    Args:
        explicit: the ``--as NAME`` given on the command line, if any.
        env: the environment to read ``RETRO_USER`` from.

    Returns:
        A non-empty name, stripped of surrounding whitespace.
    """
    for candidate in (explicit, env.get("RETRO_USER")):
        if candidate and candidate.strip():
            return candidate.strip()
    name = git_user_name()
    if name:
        return name
    return login_name(env)


def git_user_name() -> str | None:
    """Git's ``user.name``, or None if git is missing, slow, or has none set."""
    import subprocess  # only when RETRO_USER and --as say nothing (3 ms of imports)

    try:
        result = subprocess.run(
            ["git", "config", "user.name"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip() if result.returncode == 0 else ""
    return name or None


def login_name(env: Mapping[str, str] = os.environ) -> str:
    """The operating system's login name (``someone`` if even that is unknown)."""
    for var in ("LOGNAME", "USER", "USERNAME"):
        value = env.get(var, "").strip()
        if value:
            return value
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "someone"
