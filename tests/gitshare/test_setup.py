"""Setting a clone up: the store folder's git files, the driver in the clone's config, what
`retro doctor` and other commands say without it; the driver command as git runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from retro.cli import cli
from tests.gitshare.conftest import Clone, git, make_clone


def test_a_fresh_clone_without_the_driver(tmp_path: Path, pair: tuple[Clone, Clone]) -> None:
    remote = tmp_path / "remote.git"
    cy = make_clone(remote, tmp_path / "cy", "cy")
    doctor = cy.retro("doctor", ok=False)
    assert doctor.exit_code == 1
    assert "merge driver is not registered in this clone; run 'retro git setup'" in doctor.output
    first = cy.retro("review", "list")
    assert first.stderr.startswith("hint: retro's git merge driver is not registered")
    assert first.stderr.count("\n") == 1
    assert cy.retro("review", "list").stderr == ""  # once
    assert not [p for p in cy.store.rglob("*") if "hint" in p.name]  # remembered elsewhere
    repaired = cy.retro("doctor", "--repair")
    assert "registered retro's git merge driver" in repaired.output
    assert cy.retro("doctor").exit_code == 0
    driver = cy.git("config", "merge.retro.driver").strip()
    assert driver == f"{sys.executable} -m retro git merge-driver %O %A %B %P"


def test_setup_completes_the_store_s_gitignore(pair: tuple[Clone, Clone]) -> None:
    ana, _ = pair
    (ana.store / ".gitignore").write_text("mine.txt")
    ana.retro("git", "setup")
    lines = (ana.store / ".gitignore").read_text().splitlines()
    assert lines == ["mine.txt", ".backup/", ".lock", "*.tmp", ".presence/"]
    ana.retro("git", "setup")
    assert (ana.store / ".gitignore").read_text().splitlines() == lines


def test_init_here_outside_a_repository_says_what_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = CliRunner().invoke(cli, ["init", "--here"])
    assert made.exit_code == 0, made.output
    assert "after 'git init', run 'retro git setup'" in made.output
    assert (tmp_path / ".retro" / ".gitattributes").exists()
    setup = CliRunner().invoke(cli, ["git", "setup"])
    assert setup.exit_code == 1
    assert "not in a git repository" in setup.stderr


def test_the_driver_refuses_a_damaged_side_and_writes_nothing(pair: tuple[Clone, Clone]) -> None:
    ana, _ = pair
    team = (ana.store / "team.json").read_bytes()
    for name, data in (("o", team), ("a", team), ("b", b'{"team": {"team": ')):
        (ana.repo / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "retro", "git", "merge-driver", "o", "a", "b", ".retro/team.json"],
        cwd=ana.repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("retro merge: .retro/team.json: store file")
    assert "truncated" in done.stderr and "Traceback" not in done.stderr
    assert (ana.repo / "a").read_bytes() == team


def test_git_stops_on_a_foreign_file_rather_than_writing_one(pair: tuple[Clone, Clone]) -> None:
    """A damaged version on one side: git reports a conflict, and retro never wrote it."""
    ana, bo = pair
    ana.retro("review", "new", "Sprint 1")
    ana.sync()
    bo.sync()
    (ana.store / "team.json").write_text('{"not": {"retro": {}}}\n')
    ana.git("commit", "-qam", "someone broke it")
    ana.git("push", "-q")
    bo.retro("purpose", "Ship calmly")
    bo.git("commit", "-qam", "purpose")
    pulled = subprocess.run(
        ["git", "-C", str(bo.repo), "pull", "--no-rebase", "--no-edit"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert pulled.returncode != 0
    assert "retro merge: .retro/team.json" in pulled.stderr
    git(bo.repo, "merge", "--abort")
    assert b"Ship calmly" in (bo.store / "team.json").read_bytes()
