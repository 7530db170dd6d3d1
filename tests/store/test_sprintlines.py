"""The index behind `retro drift` with no id (retro.store.sprintlines): the active sprint it
finds and the goals' short ids it gives equal what a full read of the store gives (every sprint
built, as the command did before the index), however the store changes and whatever state the
index file is in; a damaged sprint file is refused as before."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest

from retro.errors import RetroError
from retro.model import Goal, Sprint
from retro.store import Store
from retro.store import headers as hd
from retro.store import sprintlines as sl
from retro.store.files import encode
from tests.store.index_damage import INDEX_DAMAGES

ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
DAY = date(2026, 3, 1)
TODAYS = [DAY + timedelta(days=n) for n in (-1, 0, 2, 4, 9)]


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The index of these tests in the test's own cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RETRO_CACHE", str(folder))
    return folder


def _time(rng: random.Random) -> datetime:
    """Few distinct instants (so that sprints of one start tie), in several zones."""
    base = datetime(2026, 2, 27, 9, tzinfo=UTC)
    moment = base + timedelta(minutes=rng.choice([0, 0, 1, 90]), microseconds=rng.randint(0, 2))
    return moment.astimezone(rng.choice(ZONES))


def _sprint(rng: random.Random) -> Sprint:
    start = DAY + timedelta(days=rng.randint(0, 4))
    sprint = Sprint(
        rng.choice(["Sprint 12", "Zoë's sprint"]),
        start=start,
        end=start + timedelta(days=rng.randint(0, 3)),
        status=rng.choice(["planned", "planned", "active", "closed", "closed"]),
        created=_time(rng),
    )
    sprint.goals = [
        Goal(statement=f"goal {n}", sprint_id=sprint.id) for n in range(rng.randint(0, 3))
    ]
    return sprint


def _fill(store: Store, count: int, seed: int) -> list[Sprint]:
    rng = random.Random(seed)
    made = [_sprint(rng) for _ in range(count)]
    for sprint in made:
        store.add_sprint(sprint)
    return made


# -- what `retro drift` gave before the index ------------------------------------------------


def _expected(store: Store, today: date) -> str | None:
    """The choice of the command before the index, from every sprint built."""
    sprints = Store(store.path).sprints()
    active = [s for s in sprints if s.status == "active"]
    if not active:
        active = [s for s in sprints if s.status != "closed" and s.start <= today <= s.end]
    return active[-1].id if active else None


def _expected_short(store: Store, only: Iterable[str]) -> dict[str, str]:
    every = Store(store.path).short_ids("g")
    return {i: every[i] for i in only if i in every}


def _check(store: Store) -> None:
    for today in TODAYS:
        assert Store(store.path).active_sprint_id(today) == _expected(store, today), today
    goal_ids = [g.id for s in Store(store.path).sprints() for g in s.goals]
    for only in (goal_ids, goal_ids[::3], ["gnothere"]):
        assert Store(store.path).goal_short_ids(only) == _expected_short(store, only)


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(RetroError) as caught:
        call()
    return f"{type(caught.value).__name__}: {caught.value}"


# -- the pure choice ------------------------------------------------------------------------


def _line(sid: str, status: str, start: int, end: int, created: int = 0) -> sl.SprintLine:
    return sl.SprintLine(sid, status, DAY.toordinal() + start, DAY.toordinal() + end, created, [])


def test_the_last_active_sprint_by_start_then_creation_time_is_chosen() -> None:
    lines = [
        _line("s1", "active", 2, 5, created=1),
        _line("s2", "active", 2, 5, created=0),
        _line("s3", "active", 0, 9),
        _line("s4", "planned", 0, 9, created=5),
    ]
    assert sl.active_sprint_id(lines, DAY) == "s1"
    tied = [_line("s2", "active", 2, 5), _line("s1", "active", 2, 5)]
    assert sl.active_sprint_id(tied, DAY) == "s1"  # the order given (of the ids) breaks ties


def test_without_an_active_sprint_the_last_open_one_holding_today_is_chosen() -> None:
    lines = [
        _line("s1", "planned", 0, 3),
        _line("s2", "closed", 1, 3),
        _line("s3", "planned", 4, 6),
    ]
    assert sl.active_sprint_id(lines, DAY + timedelta(days=2)) == "s1"
    assert sl.active_sprint_id(lines, DAY + timedelta(days=3)) == "s1"
    assert sl.active_sprint_id(lines, DAY + timedelta(days=4)) == "s3"
    assert sl.active_sprint_id(lines, DAY + timedelta(days=7)) is None
    assert sl.active_sprint_id([], DAY) is None


# -- the store ------------------------------------------------------------------------------


def test_the_choice_and_short_ids_are_the_full_reads(store: Store) -> None:
    _check(store)  # a store without sprints
    for seed in range(4):
        _fill(store, 6, seed)
        _check(store)  # the index is made
        _check(store)  # then used
    assert len(hd.StampIndex.load(store.path, sl.KIND).entries) == 24


def test_a_warm_index_builds_no_sprint(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fill(store, 8, 3)
    _check(store)
    read: list[str] = []
    real = sl.read_line

    def counting(path: str) -> Any:
        read.append(path)
        return real(path)

    monkeypatch.setattr(sl, "read_line", counting)
    with monkeypatch.context() as patched:
        patched.setattr(Store, "sprint", lambda *a: pytest.fail("a sprint was built"))
        for today in TODAYS:
            Store(store.path).active_sprint_id(today)
        Store(store.path).goal_short_ids([g.id for s in made for g in s.goals])
    assert read == []
    Store(store.path).update_sprint(made[2].id, lambda s: setattr(s, "title", "Renamed"))
    _check(store)
    assert {Path(p).stem for p in read} == {made[2].id}


def test_the_index_follows_changes_made_by_another_store(store: Store) -> None:
    made = _fill(store, 8, 5)
    _check(store)
    other = Store(store.path)
    for sprint in made[:4]:
        other.update_sprint(sprint.id, lambda s: setattr(s, "status", "closed"))
        _check(store)
    other.update_sprint(made[5].id, lambda s: setattr(s, "status", "active"))
    _check(store)
    other.update_sprint(made[6].id, lambda s: s.goals.append(Goal("new", sprint_id=s.id)))
    _check(store)
    other.delete_sprint(made[5].id)
    _check(store)
    other.add_sprint(_sprint(random.Random(99)))
    _check(store)


def test_an_edit_in_place_of_the_same_size_is_seen(store: Store) -> None:
    made = _fill(store, 4, 7)
    for sprint in made:
        store.update_sprint(sprint.id, lambda s: setattr(s, "status", "planned"))
    _check(store)
    path = store._sprint_path(made[0].id)
    before = os.stat(path)
    raw = path.read_bytes()
    assert raw.count(b'"status": "planned"') == 1
    path.write_bytes(raw.replace(b'"status": "planned"', b'"status": "active" '))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert os.stat(path).st_ino == before.st_ino and os.stat(path).st_size == before.st_size
    assert Store(store.path).active_sprint_id(DAY) == made[0].id
    _check(store)


@pytest.mark.parametrize("damage", INDEX_DAMAGES)
def test_a_damaged_index_only_costs_time(
    store: Store, cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    _fill(store, 6, 11)
    _check(store)
    (index,) = cache.glob(f"{sl.KIND}-*.idx")
    index.write_bytes(damage(index.read_bytes()))
    _check(store)
    assert len(hd.StampIndex.load(store.path, sl.KIND).entries) == 6  # made again


def test_entries_of_the_wrong_shape_are_made_again(store: Store) -> None:
    """Even in an index whose checksum holds (one written by a buggy or foreign writer)."""
    _fill(store, 6, 13)
    _check(store)
    bad: list[list[Any]] = [
        [1, "active", 1, 2, 3, []],
        ["s1", "active", "1", 2, 3, []],
        ["s1", "active", 1, 2, 3, [1]],
        ["s1", "active", 1, 2, 3, None],
    ]
    index = hd.StampIndex.load(store.path, sl.KIND)
    for n, (name, entry) in enumerate(sorted(index.entries.items())):
        index.put(name, tuple(entry[:3]), bad[n % len(bad)])
    index.save()
    _check(store)


def test_an_index_that_cannot_be_written_is_skipped(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("RETRO_CACHE", str(blocker))
    _fill(store, 5, 17)
    _check(store)
    _check(store)


def _damage_goal(path: Path) -> None:
    data = orjson.loads(path.read_bytes())
    goal = next(iter(data["goals"].values()))
    goal["target"] = goal["baseline"] = 1.0  # nothing to achieve: breaks a rule
    path.write_bytes(encode(data))


DAMAGES: list[Callable[[Path], object]] = [
    lambda path: path.write_bytes(path.read_bytes()[:-40]),
    lambda path: path.write_bytes(b""),
    lambda path: path.write_bytes(path.read_bytes().replace(b'"kind": "sprint"', b'"kind": "x"')),
    _damage_goal,
]


@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_sprint_file_is_refused_as_before(
    store: Store, warm: bool, damage: Callable[[Path], object]
) -> None:
    made = _fill(store, 5, 19)
    for sprint in made:
        store.update_sprint(sprint.id, lambda s: s.goals.append(Goal("g", sprint_id=s.id)))
    if warm:
        _check(store)
    target = sorted(s.id for s in made)[2]
    path = store._sprint_path(target)
    damage(path)
    full = _error(lambda: Store(store.path).sprints())
    assert target in full
    for _ in range(2):
        assert _error(lambda: Store(store.path).active_sprint_id(DAY)) == full
        goal_ids = [g.id for s in made for g in s.goals]
        shown = Store(store.path).goal_short_ids(goal_ids)  # the file's bytes, as short_ids
        assert shown == _expected_short(store, goal_ids)
    assert target + ".json" not in hd.StampIndex.load(store.path, sl.KIND).entries


def test_a_folder_among_the_sprints_is_refused_as_before(store: Store) -> None:
    _fill(store, 3, 21)
    _check(store)
    (store.path / "sprints" / "szzzz.json").mkdir()
    full = _error(lambda: Store(store.path).sprints())
    assert _error(lambda: Store(store.path).active_sprint_id(DAY)) == full


def test_a_sprint_without_a_creation_time_is_never_indexed(store: Store) -> None:
    """Its missing time is filled in with now each time it is read (so it comes last among
    the sprints of its start): an index would freeze it."""
    made = _fill(store, 3, 29)
    for sprint in made:
        store.update_sprint(sprint.id, lambda s: setattr(s, "status", "active"))
        store.update_sprint(sprint.id, lambda s: setattr(s, "start", DAY))
    target = made[0]
    path = store._sprint_path(target.id)
    data = orjson.loads(path.read_bytes())
    del data["sprint"][target.id]["created"]
    path.write_bytes(encode(data))
    for _ in range(2):
        assert Store(store.path).active_sprint_id(DAY) == target.id == _expected(store, DAY)
        entries = hd.StampIndex.load(store.path, sl.KIND).entries
        assert target.id + ".json" not in entries and len(entries) == 2


def test_a_goal_id_the_scan_does_not_find_keeps_its_full_id(store: Store) -> None:
    (sprint,) = _fill(store, 1, 31)
    odd = Goal("Odd", sprint_id=sprint.id, id="gODD")
    store.update_sprint(sprint.id, lambda s: s.goals.append(odd))
    assert "gODD" not in store.short_ids("g")
    assert "gODD" not in Store(store.path).goal_short_ids(["gODD"])
    _check(store)


def test_inside_a_batch_the_pending_sprints_count(store: Store) -> None:
    _fill(store, 3, 37)
    _check(store)
    later = DAY + timedelta(days=5)  # after every sprint `_fill` makes
    extra = Sprint("New", start=later, end=later, status="active")
    extra.goals = [Goal("x", sprint_id=extra.id)]
    extra.created = datetime(2030, 1, 1, tzinfo=UTC)
    with store.batch():
        store.add_sprint(extra)
        assert store.active_sprint_id(DAY) == extra.id
        shown = store.goal_short_ids([extra.goals[0].id])
        assert shown == {extra.goals[0].id: store.short_ids("g")[extra.goals[0].id]}
    _check(store)
    assert Store(store.path).active_sprint_id(DAY) == extra.id
