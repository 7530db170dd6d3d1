"""`retro demo` goes into a team of its own and never merges into a store that holds data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from retro.cli import cli
from retro.store import Store, current_team_name
from retro.transfer import dump


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory with no RETRO_STORE: commands use the current team's store."""
    monkeypatch.delenv("RETRO_STORE", raising=False)
    monkeypatch.setenv("RETRO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RETRO_USER", "ana")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "home"


def retro(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="retro")


def test_demo_makes_its_own_team_and_leaves_yours_alone(home: Path) -> None:
    assert retro("team", "new", "Platform").exit_code == 0
    assert retro("log", "Our own lesson").exit_code == 0
    mine = Store(home / "teams" / "platform")
    before = dump(mine)

    result = retro("demo")
    assert result.exit_code == 0, result.output
    assert "Demo is now the current team; back to yours with: retro team use platform" in (
        result.output
    )
    assert "1 members" not in result.output
    assert dump(mine) == before
    assert current_team_name() == "demo"
    demo = Store(home / "teams" / "demo")
    assert demo.team().name == "Demo" and demo.reviews() and demo.sprints()

    again = retro("demo")
    assert again.exit_code == 0 and "nothing was added" in again.output
    assert len(Store(home / "teams" / "demo").reviews()) == len(demo.reviews())


def test_demo_refuses_a_chosen_store_that_holds_data(home: Path, tmp_path: Path) -> None:
    store = tmp_path / "ours"
    assert retro("--store", str(store), "init", "--name", "Ours").exit_code == 0
    assert retro("--store", str(store), "log", "Keep this").exit_code == 0
    before = dump(Store(store))

    refused = retro("--store", str(store), "demo")
    assert refused.exit_code == 1
    assert "holds a team's data" in refused.output and "--into-current --yes" in refused.output
    unconfirmed = retro("--store", str(store), "demo", "--into-current")
    assert unconfirmed.exit_code == 1 and "--yes" in unconfirmed.output
    assert dump(Store(store)) == before

    merged = retro("--store", str(store), "demo", "--into-current", "--yes")
    assert merged.exit_code == 0, merged.output
    assert Store(store).team().name == "Ours" and len(Store(store).reviews()) >= 5


def test_demo_fills_an_empty_chosen_store(home: Path, tmp_path: Path) -> None:
    result = retro("--store", str(tmp_path / "fresh"), "demo")
    assert result.exit_code == 0, result.output
    assert Store(tmp_path / "fresh").reviews()
    assert not (home / "teams").exists()  # the current team did not change
