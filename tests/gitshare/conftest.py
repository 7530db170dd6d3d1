"""Two people on two clones of one bare remote, with the real git binary, in tmp_path."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from retro.cli import cli


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


@dataclass
class Clone:
    """One person's clone, with retro run as that person."""

    repo: Path
    user: str

    @property
    def store(self) -> Path:
        return self.repo / ".retro"

    def retro(self, *args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(cli, ["--store", str(self.store), "--as", self.user, *args])
        if ok:
            assert result.exit_code == 0, (args, result.output, result.stderr)
        return result

    def new_id(self, *args: str) -> str:
        """Run a command that adds something; the new object's full id."""
        data = json.loads(self.retro(*args, "--json").stdout)
        return str(data["id"])

    def sync(self, ok: bool = True) -> dict[str, Any]:
        result = self.retro("sync", "--json", ok=ok)
        return json.loads(result.stdout) if ok else {"error": result.stderr}

    def git(self, *args: str) -> str:
        return git(self.repo, *args)


def make_clone(remote: Path, where: Path, user: str) -> Clone:
    git(where.parent, "clone", "-q", str(remote), where.name)
    git(where, "config", "user.name", user)
    git(where, "config", "user.email", f"{user}@example.com")
    return Clone(where, user)


def make_remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    return bare


def make_pair(tmp_path: Path) -> tuple[Clone, Clone]:
    """ana made the store and pushed it to the bare remote in tmp_path; bo cloned it and ran
    `retro git setup`."""
    remote = tmp_path / "remote.git"
    if not remote.exists():
        make_remote(tmp_path)
    ana = make_clone(remote, tmp_path / "ana", "ana")
    ana.retro("init", "--name", "Platform")
    ana.retro("git", "setup")
    ana.git("add", ".retro")
    ana.git("commit", "-qm", "a team store")
    ana.git("push", "-q", "-u", "origin", "main")
    bo = make_clone(remote, tmp_path / "bo", "bo")
    bo.retro("git", "setup")
    return ana, bo


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    return make_remote(tmp_path)


@pytest.fixture
def pair(tmp_path: Path, remote: Path) -> tuple[Clone, Clone]:
    """ana made the store and pushed it; bo cloned it and ran `retro git setup`."""
    return make_pair(tmp_path)
