"""Tests never touch the user's own files: every folder retro would use is the test's own."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from retro.cli import cli
from retro.store.cachedir import cache_dir
from retro.store.location import find_store
from tests.conftest import picture, real_folders


def test_every_folder_retro_uses_is_inside_the_test(tmp_path: Path) -> None:
    assert cache_dir().is_relative_to(tmp_path)
    assert find_store().is_relative_to(tmp_path)
    assert Path.home().is_relative_to(tmp_path)
    assert "RETRO_STORE" not in os.environ
    assert not any(folder.is_relative_to(tmp_path) for folder in real_folders())


def test_commands_and_caches_stay_in_the_test(tmp_path: Path) -> None:
    """A run of commands that write stores and caches leaves the real folders as they were."""
    before = picture(real_folders())
    runner = CliRunner()
    for args in (
        ["init", "--name", "Platform"],
        ["log", "Flags help", "-t", "deploy"],
        ["lessons", "-s", "flags"],
        ["review", "new", "Retro"],
        ["review", "list"],
        ["drift"],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1), result.output
    assert picture(real_folders()) == before
    assert any(cache_dir().iterdir())  # the caches were made, here
    assert find_store().is_dir()
