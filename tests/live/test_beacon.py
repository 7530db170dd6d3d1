"""Presence files on disk: written whole, refreshed, removed, swept when long dead, and never
taken for the store's data (doctor, export, the index)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from retro.live import beacon
from retro.live.presence import Presence, fresh
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


def test_a_held_presence_is_alive_however_old_its_file_and_free_once_its_process_dies(
    tmp_path: Path,
) -> None:
    import signal
    import subprocess
    import sys

    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from retro.live import beacon\n"
        "from retro.live.presence import Presence\n"
        "beacon.write(Path(sys.argv[1]), Presence('pheld000000001', 'held', 'review', 'r1', False),"
        " hold=True)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        path = beacon.path_of(tmp_path, "pheld000000001")
        now = time.time()
        os.utime(path, (now - 100, now - 100))  # never touched: the lock says it is alive
        assert beacon.held(path)
        assert [p.who for p in fresh(beacon.read_all(tmp_path), now, 15.0)] == ["held"]
        assert beacon.sweep(tmp_path, 15.0, now) == []
        child.send_signal(signal.SIGKILL)  # the kernel lets go of the lock at once
        child.wait()
        assert not beacon.held(path)
        assert fresh(beacon.read_all(tmp_path), now, 15.0) == []
        assert beacon.sweep(tmp_path, 15.0, now) == ["pheld000000001"]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_keeping_a_held_presence_writes_nothing_and_rewrites_it_when_gone(tmp_path: Path) -> None:
    me = _presence("pkeep000000001", "keep")
    beacon.write(tmp_path, me, hold=True)
    path = beacon.path_of(tmp_path, me.session)
    try:
        os.utime(path, (1, 1))
        beacon.keep(tmp_path, me)
        assert path.stat().st_mtime == 1  # no write: nobody watching the store is woken
        path.unlink()  # swept by an older retro, say
        beacon.keep(tmp_path, me)
        assert path.exists() and beacon.held(path)
    finally:
        beacon.remove(tmp_path, me.session)
    assert not path.exists() and not beacon.held(path)


def test_an_idle_held_room_changes_nothing_on_disk_however_often_it_is_read(
    tmp_path: Path,
) -> None:
    import threading

    from watchfiles import watch

    people = [_presence(f"pidle{n:09d}", f"idle{n}") for n in range(5)]
    for person in people:
        beacon.write(tmp_path, person, hold=True)
        os.utime(beacon.path_of(tmp_path, person.session), (1, 1))  # long untouched
    stop, raw = threading.Event(), []

    def listen() -> None:
        for changes in watch(tmp_path, stop_event=stop, step=50, rust_timeout=0, watch_filter=None):
            raw.extend(changes)

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # the watch is on
        for _ in range(5):  # five beats of every participant: keep, sweep, read the room
            for person in people:
                beacon.keep(tmp_path, person)
            assert beacon.sweep(tmp_path, 15.0) == []  # held: never swept, never stale
            assert len(fresh(beacon.read_all(tmp_path), time.time(), 15.0)) == 5
        time.sleep(0.5)
    finally:
        stop.set()
        thread.join(timeout=10)
        for person in people:
            beacon.remove(tmp_path, person.session)
    assert raw == []
