"""`retro lessons` through the search cache: what a person sees stays what the store holds."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from retro.store import Store

Ok = Callable[..., Result]
OkJson = Callable[..., Any]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "search-cache"
    monkeypatch.setenv("RETRO_CACHE", str(path))
    return path


def _log(ok: Ok, text: str, *args: str, user: str | None = None) -> str:
    return str(json.loads(ok("log", text, *args, "--json", user=user).stdout)["id"])


def test_search_table_and_json_follow_the_store(
    team: Path, cache: Path, ok: Ok, ok_json: OkJson
) -> None:
    first = _log(ok, "Rollback drills [weekly] 🚀", "-t", "deploy", "--date", "2026-01-05")
    _log(ok, "Canary before a rollback", "-t", "flags", "--date", "2026-02-01", user="bo")
    _log(ok, "Nothing to see", "--date", "2026-03-01")

    assert [x["text"] for x in ok_json("lessons", "-s", "ROLLBACK")] == [
        "Canary before a rollback",
        "Rollback drills [weekly] 🚀",
    ]
    assert list(cache.glob("index-*.sqlite3")), "the index is in RETRO_CACHE"
    table = ok("lessons", "-s", "[weekly]").stdout.splitlines()
    assert table[0].split() == ["id", "date", "author", "tags", "lesson"]
    assert len(table) == 2 and "Rollback drills [weekly] 🚀" in table[1] and "#deploy" in table[1]
    assert table[1].split()[0] == first[:4]

    # Another process changes the store; the next search sees it.
    other = Store(team)
    other.update_lesson(first, lambda x: setattr(x, "text", "Rehearse recovery"))
    assert [x["text"] for x in ok_json("lessons", "-s", "rollback")] == ["Canary before a rollback"]
    assert [x["id"] for x in ok_json("lessons", "-s", "rehearse")] == [first]
    other.delete_lesson(first)
    assert ok("lessons", "-s", "rehearse").stdout == "no lessons match\n"
    assert [x["text"] for x in ok_json("lessons", "-n", "1")] == ["Nothing to see"]


def test_logging_never_touches_the_index(team: Path, cache: Path, ok: Ok, ok_json: OkJson) -> None:
    _log(ok, "One lesson")
    ok("lessons", "-s", "lesson")
    (path,) = cache.glob("index-*.sqlite3")
    before = path.stat().st_mtime_ns, path.read_bytes()
    added = _log(ok, "Another lesson")
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert added in [x["id"] for x in ok_json("lessons", "-s", "another")]


def test_a_damaged_index_changes_nothing_a_person_sees(team: Path, cache: Path, ok: Ok) -> None:
    _log(ok, "Pair on risky deploys", "-t", "deploy")
    expected = ok("lessons", "-s", "deploys").stdout
    (path,) = cache.glob("index-*.sqlite3")
    for extra in cache.glob("index-*.sqlite3-*"):
        extra.unlink()
    path.write_bytes(b"\x00garbage")
    assert ok("lessons", "-s", "deploys").stdout == expected


def test_the_cycle_collector_runs_again_after_a_listing(
    team: Path, cache: Path, ok: Ok, run: Callable[..., Result]
) -> None:
    """Long listings pause the cycle collector while they build their rows; it always runs
    again afterwards, whether the command succeeded or failed on a damaged file."""
    _log(ok, "Pause the collector only while rows are built", "-t", "gc")
    assert gc.isenabled()
    for args in (["lessons", "-s", "collector"], ["lessons", "--json"], ["export", "lessons"]):
        ok(*args)
        assert gc.isenabled(), args
    partition = next((team / "lessons").rglob("*.json"))
    partition.write_bytes(b"{ damaged")
    for args in (["lessons", "-s", "collector"], ["export", "lessons"]):
        assert run(*args).exit_code == 1
        assert gc.isenabled(), args
    gc.disable()  # and a collector that was off before stays off
    try:
        run("lessons", "-s", "collector")
        assert not gc.isenabled()
    finally:
        gc.enable()
