"""Presence files on disk: written whole, refreshed, removed, swept when long dead, and never
taken for the store's data (doctor, export, the index)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from retro.live import beacon
from retro.live.presence import Presence
from retro.store import Store


def _presence(session: str = "pann0000000001", who: str = "ann") -> Presence:
    return Presence(session, who, "review", "rlive00000000", False)


def test_a_presence_is_written_read_refreshed_and_removed(tmp_path: Path) -> None:
    me = _presence()
    beacon.write(tmp_path, me)
    path = beacon.path_of(tmp_path, me.session)
    assert path.parent.name == ".presence" and oct(path.stat().st_mode & 0o777) == "0o600"
    [read] = beacon.read_all(tmp_path)
    assert (read.session, read.who, read.review_id, read.done) == (
        me.session,
        "ann",
        me.review_id,
        False,
    )
    os.utime(path, (1, 1))
    beacon.touch(tmp_path, me)
    assert time.time() - path.stat().st_mtime < 5
    beacon.remove(tmp_path, me.session)
    assert beacon.read_all(tmp_path) == []
    beacon.touch(tmp_path, me)  # gone (swept while this session slept): written anew
    assert [p.who for p in beacon.read_all(tmp_path)] == ["ann"]


def test_stray_and_broken_files_in_the_folder_are_no_one(tmp_path: Path) -> None:
    beacon.write(tmp_path, _presence())
    where = beacon.folder(tmp_path)
    (where / "junk.json").write_text("{not json")
    (where / "big.json").write_text('{"session": "big", "who": "' + "x" * 9000 + '"}')
    (where / "pother.json").write_text('{"session": "somebody-else", "who": "eve"}')  # name ≠ id
    (where / ".ptmp.123.tmp").write_text("{}")
    (where / "notes.txt").write_text("hello")
    assert [p.who for p in beacon.read_all(tmp_path)] == ["ann"]


def test_sweep_removes_only_files_stale_for_twice_the_staleness(tmp_path: Path) -> None:
    beacon.write(tmp_path, _presence("pdead000000001", "dead"))
    beacon.write(tmp_path, _presence("pslow000000001", "slow"))
    beacon.write(tmp_path, _presence("palive00000001", "alive"))
    now = time.time()
    os.utime(beacon.path_of(tmp_path, "pdead000000001"), (now - 31, now - 31))
    os.utime(beacon.path_of(tmp_path, "pslow000000001"), (now - 20, now - 20))
    assert beacon.sweep(tmp_path, 15.0, now) == ["pdead000000001"]
    assert sorted(p.who for p in beacon.read_all(tmp_path)) == ["alive", "slow"]


@pytest.mark.parametrize(
    ("value", "expected"), [("", 15.0), ("2", 2.0), ("0.5", 0.5), ("junk", 15.0), ("-1", 15.0)]
)
def test_the_staleness_comes_from_the_environment_when_it_makes_sense(
    value: str, expected: float
) -> None:
    assert beacon.stale_after({beacon.STALE_ENV: value}) == expected
    assert beacon.refresh_seconds(expected) == min(5.0, expected / 3)


def test_doctor_export_and_the_index_ignore_the_presence_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from retro.cli import cli

    path = tmp_path / "store"
    monkeypatch.setenv("RETRO_STORE", str(path))
    monkeypatch.setenv("RETRO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RETRO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RETRO_USER", "ana")
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--name", "Platform"]).exit_code == 0
    assert runner.invoke(cli, ["review", "new", "Live"]).exit_code == 0
    beacon.write(path, _presence())
    (beacon.folder(path) / "pbroken.json").write_text("{")
    doctor = runner.invoke(cli, ["doctor"])
    assert doctor.exit_code == 0, doctor.output
    assert ".presence" not in doctor.output
    exported = runner.invoke(cli, ["export", "team", "--format", "json"])
    assert exported.exit_code == 0, exported.output
    assert "pann0000000001" not in exported.output and '"Live"' in exported.output
    store = Store(path)
    assert [r.title for r in store.reviews()] == ["Live"]
    assert not any(".presence" in rel for (rel,) in store.index.rows("SELECT rel FROM files"))
