"""Fixtures for CLI tests: a store in tmp_path, a runner, and helpers to make objects."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from retro.cli import cli

Run = Callable[..., Result]


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the test's store lives; the environment points every command at it."""
    path = tmp_path / "store"
    monkeypatch.setenv("RETRO_STORE", str(path))
    monkeypatch.setenv("RETRO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RETRO_CACHE", str(tmp_path / "home" / "cache"))
    monkeypatch.setenv("RETRO_USER", "ana")
    monkeypatch.setenv("EDITOR", "false")
    for var in ("RETRO_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
def run(store_path: Path) -> Run:
    """Run `retro ARGS…` in-process; ``user=`` acts as someone else, ``input=`` feeds stdin."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, user: str | None = None) -> Result:
        argv = (["--as", user] if user else []) + list(args)
        return runner.invoke(cli, argv, input=input, prog_name="retro")

    return invoke


@pytest.fixture
def ok(run: Run) -> Callable[..., Result]:
    """Run a command that must succeed."""

    def invoke(*args: str, **kwargs: Any) -> Result:
        result = run(*args, **kwargs)
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result

    return invoke


@pytest.fixture
def ok_json(ok: Callable[..., Result]) -> Callable[..., Any]:
    """Run a command with --json and parse what it printed."""

    def invoke(*args: str, **kwargs: Any) -> Any:
        return json.loads(ok(*args, "--json", **kwargs).stdout)

    return invoke


@pytest.fixture
def team(ok: Callable[..., Result], store_path: Path) -> Path:
    """An initialised store."""
    ok("init", "--name", "Platform", "--purpose", "Ship boring")
    return store_path


@pytest.fixture
def review(team: Path, ok_json: Callable[..., Any]) -> str:
    """The full id of a fresh start-stop-continue review, in the reflect phase."""
    return str(ok_json("review", "new", "Sprint 1 retro", "--format", "ssc")["id"])


def snapshot(path: Path) -> dict[str, bytes]:
    """The bytes of every file under the store folder."""
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }
