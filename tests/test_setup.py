"""A fresh machine: `make run` installs only what the TUI needs, and the build is warning-free."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _dry_run(target: str, tmp_path: Path) -> str:
    """What `make TARGET` would run in a fresh clone (no .venv yet), without running it."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    # Run by `make test`, make's own variables would leak in ("make[1]: Entering …").
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_installs_the_runtime_only(tmp_path: Path) -> None:
    commands = _dry_run("run", tmp_path)
    assert "pip --disable-pip-version-check install --progress-bar on -e ." in commands
    assert "[dev]" not in commands
    assert "--quiet" not in commands  # a first run shows what it is doing
    assert commands.strip().endswith(".venv/bin/retro")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["test", "check", "lint"])
def test_the_developer_targets_install_the_dev_tools(target: str, tmp_path: Path) -> None:
    assert "-e '.[dev]'" in _dry_run(target, tmp_path)


def test_the_license_is_an_spdx_expression() -> None:
    """The `{text = ...}` table makes setuptools print a deprecation warning on every install."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
    assert any(
        req.startswith("setuptools>=") and int(req.split(">=")[1].split(".")[0]) >= 77
        for req in project["build-system"]["requires"]
    )


def test_ci_runs_the_readme_test_commands() -> None:
    """The suite, then the browser test (issue 17), as the README tells a developer."""
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test\nmake test-browser")
    readme = (ROOT / "README.md").read_text()
    assert "make run " in readme and "make test " in readme and "make test-browser " in readme


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_browser_installs_its_extra_and_runs_only_the_browser_test(
    tmp_path: Path,
) -> None:
    commands = _dry_run("test-browser", tmp_path)
    assert "-e '.[dev]'" in commands
    assert "pytest -m browser" in commands
    # `make test` leaves the browser test out (pytest's addopts deselect its marker).
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "-m 'not browser'" in project["tool"]["pytest"]["ini_options"]["addopts"]
    assert "browser" in project["project"]["optional-dependencies"]
