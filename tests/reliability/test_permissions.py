"""Store files are 0600 and store folders 0700 when retro creates them, whatever the umask:
a team's candid words are not for other accounts on the machine."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.conftest import Run, ok, ok_json, runner_for


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask a person could have."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): stat.S_IMODE(p.lstat().st_mode) for p in [root, *root.rglob("*")]
    }


def _check(root: Path, at_least: int = 10) -> None:
    modes = _modes(root)
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (root / name).is_dir() else 0o600)
    }
    assert wrong == {}, wrong
    assert len(modes) >= at_least


def test_everything_the_cli_creates_is_private(
    open_umask: None, run: Run, store_path: Path
) -> None:
    ok(run, "init", "--name", "Platform", "--purpose", "Ship small, safe changes")
    review = ok_json(run, "review", "new", "Retro", "--format", "ssc")["id"]
    card = ok_json(run, "card", "add", review, "start", "Pairing")["id"]
    ok(run, "card", "edit", card, "Pairing daily")  # a second write: a backup appears
    ok(run, "action", "add", review, "Fix CI")
    ok(run, "log", "Flags help", "-t", "deploy")
    ok(run, "log", "Another", user="bruno")
    sprint = ok_json(run, "sprint", "new", "S1", "--start", "today", "--end", "+2w")["id"]
    ok(run, "goal", "add", sprint, "Cut p95", "--baseline", "400", "--target", "200")
    ok(run, "member", "add", "carla")
    ok(run, "review", "delete", review, "--yes")  # moved into .backup/
    ok(run, "doctor", "--repair")
    _check(store_path)
    assert (store_path / ".backup").is_dir() and (store_path / ".lock").exists()


def test_a_team_store_in_the_data_directory_is_private(
    open_umask: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RETRO_STORE")
    home = tmp_path / "home"

    def team_run(*args: str) -> None:
        from click.testing import CliRunner

        from retro.cli import cli

        result = CliRunner().invoke(cli, list(args), color=True)
        assert result.exit_code == 0, result.stderr

    team_run("team", "new", "Data platform", "--purpose", "Trustworthy data")
    team_run("log", "First lesson")
    store = home / "teams" / "data-platform"
    _check(store, at_least=6)
    for folder in (home, home / "teams"):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, oct(folder.stat().st_mode)
    assert stat.S_IMODE((home / "current-team").stat().st_mode) & 0o077 == 0


def test_the_demo_and_an_import_are_private(open_umask: None, tmp_path: Path) -> None:
    demo = runner_for(tmp_path / "demo")
    ok(demo, "demo")
    _check(tmp_path / "demo")
    ok(demo, "export", "team", "--format", "json", "-o", str(tmp_path / "all.json"))
    copy = runner_for(tmp_path / "copy")
    ok(copy, "import", str(tmp_path / "all.json"))
    _check(tmp_path / "copy")
