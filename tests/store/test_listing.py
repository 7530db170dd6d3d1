"""The indexes behind `retro review list` and `retro action list` (retro.store.listing): every
view equals what a full read of the store gives (every review built, as the listings did
before the indexes), however the store changes and whatever state the index files are in; a
damaged review file is refused as before."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest

from retro.errors import RetroError
from retro.formats import DEFAULT_FORMAT, get_format
from retro.model import Action, Card, Intent, Kudos, Review
from retro.store import Store
from retro.store import headers as hd
from retro.store import listing as ls
from retro.store.files import encode
from tests.store.index_damage import INDEX_DAMAGES

ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
PEOPLE = ["ana", "Bo", "zoë", None]
COLUMN = get_format(DEFAULT_FORMAT).columns[0].key


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every index of these tests in the test's own cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RETRO_CACHE", str(folder))
    return folder


def _time(rng: random.Random) -> datetime:
    """Few distinct instants (so that order keys tie), in several zones."""
    base = datetime(2026, 3, 1, 9, tzinfo=UTC)
    moment = base + timedelta(minutes=rng.choice([0, 0, 1, 90]), microseconds=rng.randint(0, 2))
    return moment.astimezone(rng.choice(ZONES))


def _review(rng: random.Random) -> Review:
    review = Review(
        rng.choice(["Retro", "Sprint 12 retrospective, the long one", "Zoë's AAR"]),
        on=date(2026, 3, 1) + timedelta(days=rng.randint(0, 3)),
        created=_time(rng),
        participants=["ana", "bo"],
        groups={"c1": "A group"} if rng.random() < 0.5 else {},
        pulse={"ana": rng.randint(1, 5)} if rng.random() < 0.5 else {},
        sprint_id=rng.choice([None, "s1111", "s2222"]),
        phase=rng.choice(["reflect", "act", "closed"]),
    )
    review.cards = [Card(column=COLUMN, text=f"card {n}") for n in range(rng.randint(0, 4))]
    review.intents = [Intent(planned="x") for _ in range(rng.randint(0, 2))]
    review.kudos = [Kudos(to="bo", text="thanks") for _ in range(rng.randint(0, 2))]
    review.actions = [_action(rng, review.id) for _ in range(rng.randint(0, 4))]
    return review


def _action(rng: random.Random, review_id: str) -> Action:
    due = rng.choice([None, date(2026, 3, 3), date(2026, 3, 5), date.max])
    status = rng.choice(["open", "open", "done", "dropped"])
    return Action(
        text=rng.choice(["Write the runbook", "Fix the alerts"]),
        review_id=review_id,
        owner=rng.choice(PEOPLE),
        due=due,
        status=status,  # type: ignore[arg-type]
        done_on=date(2026, 3, 4) if status != "open" else None,
        created=_time(rng),
    )


def _fill(store: Store, count: int, seed: int) -> list[Review]:
    rng = random.Random(seed)
    made = [_review(rng) for _ in range(count)]
    for review in made:
        store.add_review(review)
    return made


# -- what the listings gave before the indexes -------------------------------------------


def _expected(store: Store, view: str) -> tuple[list[Any], list[str] | None]:
    fresh = Store(store.path)
    if view == ls.ACTIONS:
        rows = [
            (a.to_dict(), r.title, (a.due or date.max, a.created))
            for r in fresh.review_outlines()
            for a in r.actions
        ]
        return rows, [i for _, i in fresh._scan_ids("a")]
    summaries = [r.summary_dict() for r in fresh.reviews()]
    if view == ls.LINES:
        return [{name: s[name] for name in ls.LINE_FIELDS} for s in summaries], None
    return summaries, None


def _listed(store: Store, view: str) -> tuple[list[Any], list[str] | None]:
    found = Store(store.path).review_listing(view)
    if view == ls.ACTIONS:
        rows = [(a.to_dict(), a.review_title, _action_order(a)) for a in found.actions()]
        return rows, found.action_ids
    return (found.lines() if view == ls.LINES else found.summaries()), None


def _action_order(a: ls.ListedAction) -> tuple[date, datetime]:
    """The listed action's (due or date.max, created), from its dict, to compare with the
    model's."""
    data = a.to_dict()
    created = datetime.fromisoformat(data["created"])
    assert a.key == (
        (a.due or date.max).toordinal(),
        (created - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1),
    )
    return (a.due or date.max, created)


def _check(store: Store) -> None:
    for view in ls.VIEWS:
        assert _listed(store, view) == _expected(store, view), view
    rows = _listed(store, ls.ACTIONS)[0]
    assert [r[2] for r in sorted(rows, key=lambda r: r[2])] == sorted(r[2] for r in rows)


# -- tests ------------------------------------------------------------------------------------


def test_every_view_is_the_full_reads_listing(store: Store, cache: Path) -> None:
    _check(store)  # a store without reviews
    for seed in range(3):
        _fill(store, 10, seed)
        _check(store)  # the indexes are made
        _check(store)  # then used
    for view in ls.VIEWS:
        assert len(hd.StampIndex.load(store.path, view).entries) == 30


def test_a_warm_listing_reads_no_review_file(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fill(store, 8, 3)
    _check(store)
    read: list[str] = []
    real = ls.read_entry

    def counting(view: str, path: str) -> Any:
        read.append(path)
        return real(view, path)

    monkeypatch.setattr(ls, "read_entry", counting)
    _check(store)
    assert read == []
    Store(store.path).update_review(made[2].id, lambda r: setattr(r, "title", "Renamed"))
    _check(store)
    assert {Path(p).stem for p in read} == {made[2].id}  # once per view


def test_the_indexes_follow_changes_made_by_another_store(store: Store) -> None:
    made = _fill(store, 8, 5)
    _check(store)
    other = Store(store.path)
    target = made[0]
    other.update_review(target.id, lambda r: setattr(r, "phase", "reflect"))
    other.add_card(target.id, Card(column=COLUMN, text="one more", author="zed"))
    _check(store)

    def add_action(review: Review) -> None:
        review.actions.append(Action(text="New", review_id=review.id, owner="ana"))

    other.update_review(made[1].id, add_action)
    _check(store)

    def close_all(review: Review) -> None:
        for action in review.actions:
            action.status = "done"

    other.update_review(made[1].id, close_all)
    _check(store)
    other.delete_review(made[3].id)
    _check(store)
    other.add_review(_review(random.Random(99)))
    _check(store)

    def move(review: Review) -> None:
        review.on = date(2026, 4, 1)

    other.update_review(made[0].id, move)  # from wherever it was to last
    _check(store)


def test_an_edit_in_place_of_the_same_size_is_seen(store: Store) -> None:
    made = _fill(store, 4, 7)
    _check(store)
    path = store._review_path(made[0].id)
    before = os.stat(path)
    raw = path.read_bytes()
    old = f'"title": "{made[0].title}"'.encode()
    new = b'"title": "' + b"X" * len(made[0].title.encode()) + b'"'
    assert raw.count(old) == 1
    path.write_bytes(raw.replace(old, new))  # same size, same inode
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert os.stat(path).st_ino == before.st_ino and os.stat(path).st_size == before.st_size
    _check(store)


@pytest.mark.parametrize("damage", INDEX_DAMAGES)
def test_a_damaged_index_only_costs_time(
    store: Store, cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    _fill(store, 6, 11)
    _check(store)
    for view in ls.VIEWS:
        (index,) = cache.glob(f"{view}-*.idx")
        index.write_bytes(damage(index.read_bytes()))
    _check(store)
    for view in ls.VIEWS:
        assert len(hd.StampIndex.load(store.path, view).entries) == 6  # made again


def test_entries_of_the_wrong_shape_are_made_again(store: Store) -> None:
    """Even in an index whose checksum holds (one written by a buggy or foreign writer)."""
    _fill(store, 6, 13)
    _check(store)
    bad: list[list[Any]] = [
        ["1", 2, [], "x", []],
        [1, 2, ["too", "short"], [["a"]], []],
        [1, 2, 3, None, {}],
    ]
    for view in ls.VIEWS:
        index = hd.StampIndex.load(store.path, view)
        for n, (name, entry) in enumerate(sorted(index.entries.items())):
            index.put(name, tuple(entry[:3]), bad[n % 3][: ls.COUNTS[view]])
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


def _error(call: Any) -> str:
    with pytest.raises(RetroError) as caught:
        call()
    return f"{type(caught.value).__name__}: {caught.value}"


@pytest.mark.parametrize("warm", [False, True])
def test_a_damaged_review_file_is_refused_as_before(store: Store, warm: bool) -> None:
    made = _fill(store, 5, 19)
    if warm:
        _check(store)
    path = store._review_path(sorted(r.id for r in made)[2])
    path.write_bytes(path.read_bytes()[:-40])
    for _ in range(2):
        full = _error(lambda: Store(store.path).reviews())
        assert _error(lambda: Store(store.path).review_listing(ls.LINES)) == full
        assert _error(lambda: Store(store.path).review_listing(ls.SUMMARIES)) == full
        outlines = _error(lambda: Store(store.path).review_outlines())
        assert _error(lambda: Store(store.path).review_listing(ls.ACTIONS)) == outlines


def test_a_damaged_card_fails_the_review_listing_only(store: Store) -> None:
    """As before: the action listing never built the cards."""
    made = _fill(store, 4, 23)
    _check(store)
    review = next(r for r in made if r.cards) if any(r.cards for r in made) else made[0]
    if not review.cards:
        pytest.skip("no card was made")
    path = store._review_path(review.id)
    data = orjson.loads(path.read_bytes())
    del data["cards"][review.cards[0].id]["text"]
    path.write_bytes(encode(data))
    full = _error(lambda: Store(store.path).reviews())
    assert _error(lambda: Store(store.path).review_listing(ls.LINES)) == full
    assert _error(lambda: Store(store.path).review_listing(ls.SUMMARIES)) == full
    assert _listed(store, ls.ACTIONS) == _expected(store, ls.ACTIONS)
    assert _listed(store, ls.ACTIONS) == _expected(store, ls.ACTIONS)  # from the index


def test_a_review_without_creation_times_is_never_indexed(store: Store) -> None:
    """Its missing times are filled in with now each time it is read: an index would
    freeze them."""
    made = _fill(store, 3, 29)
    target = made[0]
    path = store._review_path(target.id)
    data = orjson.loads(path.read_bytes())
    del data["review"][target.id]["created"]
    path.write_bytes(encode(data))
    for view in ls.VIEWS:
        Store(store.path).review_listing(view)
        entries = hd.StampIndex.load(store.path, view).entries
        assert target.id + ".json" not in entries and len(entries) == 2


def test_inside_a_batch_the_pending_reviews_count(store: Store) -> None:
    _fill(store, 3, 31)
    _check(store)
    rng = random.Random(37)
    with store.batch():
        extra = [_review(rng) for _ in range(3)]
        for review in extra:
            store.add_review(review)
        listed = store.review_listing(ls.SUMMARIES).summaries()
        assert [s["id"] for s in listed] == [r.id for r in store.reviews()]
        assert {r.id for r in extra} <= {s["id"] for s in listed}
        actions = store.review_listing(ls.ACTIONS)
        assert actions.action_ids is None
        assert [a.to_dict() for a in actions.actions()] == [
            a.to_dict() for r in store.review_outlines() for a in r.actions
        ]
    _check(store)


def test_reviews_held_in_memory_are_read_as_before(store: Store) -> None:
    made = _fill(store, 4, 41)
    _check(store)
    holder = Store(store.path)
    holder.review(made[1].id)  # now in its cache
    assert holder.review_listing(ls.LINES).lines() == _expected(store, ls.LINES)[0]
    listed = holder.review_listing(ls.ACTIONS)
    assert listed.action_ids is None
    assert [a.to_dict() for a in listed.actions()] == [
        r[0] for r in _expected(store, ls.ACTIONS)[0]
    ]
