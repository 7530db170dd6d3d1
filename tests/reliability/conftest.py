"""Fixtures for the reliability suite: stores in tmp_path, the real CLI in-process and in
subprocesses, and byte-for-byte pictures of a store folder."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from retro.cli import cli

ROOT = Path(__file__).resolve().parents[2]
"""The project folder (put on PYTHONPATH for subprocesses)."""


@dataclass
class Outcome:
    """What one `retro` invocation did."""

    code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def ok(self) -> bool:
        return self.code == 0

    def json(self) -> Any:
        return json.loads(self.stdout)


Run = Callable[..., Outcome]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's data directory or store; no colour, so any escape is the user's."""
    monkeypatch.setenv("RETRO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("RETRO_STORE", str(tmp_path / "no-store-here"))
    monkeypatch.setenv("RETRO_USER", "ana")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.delenv("RETRO_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)


def runner_for(store: Path) -> Run:
    """Run `retro --store STORE ARGS…` in-process through click's runner, as a terminal would
    (``color=True``: nothing of ours is coloured under NO_COLOR, so click strips nothing)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None, user: str | None = None) -> Outcome:
        argv = ["--store", str(store)] + (["--as", user] if user else []) + list(args)
        result = runner.invoke(cli, argv, input=input, prog_name="retro", color=True)
        exception = result.exception if not isinstance(result.exception, SystemExit) else None
        return Outcome(result.exit_code, result.stdout, result.stderr, exception)

    return invoke


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where the test's store lives (not created)."""
    return tmp_path / "store"


@pytest.fixture
def run(store_path: Path) -> Run:
    """`retro` over the test's store."""
    return runner_for(store_path)


def ok(run: Run, *args: str, **kwargs: Any) -> Outcome:
    """Run a command that must succeed."""
    outcome = run(*args, **kwargs)
    assert outcome.code == 0, (args[:4], outcome.stderr[:500], outcome.exception)
    return outcome


def ok_json(run: Run, *args: str, **kwargs: Any) -> Any:
    """Run a command with --json that must succeed; its parsed output."""
    return ok(run, *args, "--json", **kwargs).json()


def picture(root: Path) -> dict[str, bytes | str]:
    """Every entry under a folder: the bytes of files, 'dir' for folders (the lock file aside:
    taking the lock is not a change)."""
    out: dict[str, bytes | str] = {}
    if not root.exists():
        return out
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.name == ".lock":
            continue
        if path.is_dir() and not path.is_symlink():
            out[rel] = "dir"
        else:
            out[rel] = path.read_bytes()
    return out


def one_line_error(outcome: Outcome) -> str:
    """Assert the outcome is a clean failure: non-zero, one line on stderr, no traceback, no
    'bug' hint, nothing on stdout; returns the line."""
    assert outcome.code != 0, f"succeeded: {outcome.stdout[:300]!r}"
    assert outcome.exception is None, repr(outcome.exception)
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr[:1000]
    assert lines[0].startswith("Error: "), lines[0]
    assert "Traceback" not in outcome.stderr
    assert "This is a bug" not in lines[0], lines[0]
    assert outcome.stdout == "", outcome.stdout[:300]
    return lines[0]


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a child process running retro from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **extra}
    env.pop("RETRO_DEBUG", None)
    return env


def run_script(script: str, *args: str, timeout: float = 120, **env: str) -> str:
    """Run a Python script in a child process; its stdout (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=subprocess_env(**env),
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def team(run: Run, store_path: Path) -> Iterator[Path]:
    """An initialised store, made through the CLI."""
    ok(run, "init", "--name", "Platform", "--purpose", "Ship small, safe changes")
    yield store_path


def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no async plugin is installed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None
