"""The indexes behind `retro export REVIEW` (retro.store.headers): the previous review and the
lessons promoted from a review are the ones a full read of the store gives, however the store
changes and whatever state the index files are in."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retro import drift
from retro.errors import CorruptStoreError
from retro.model import Lesson, Review
from retro.store import Store
from retro.store import headers as hd
from retro.store.files import encode
from tests.store.index_damage import INDEX_DAMAGES

ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
PEOPLE = ["ana", "bo", "Zoë", None]


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every index of these tests in the test's own cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RETRO_CACHE", str(folder))
    return folder


def _reviews(count: int, seed: int) -> list[Review]:
    """Reviews on few days with many equal and near-equal creation times, in several zones."""
    rng = random.Random(seed)
    base = datetime(2026, 3, 1, 9, tzinfo=UTC)
    out = []
    for _ in range(count):
        created = base + timedelta(
            minutes=rng.choice([0, 0, 1, 90]), microseconds=rng.randint(0, 2)
        )
        out.append(
            Review(
                "Retro",
                on=date(2026, 3, 1) + timedelta(days=rng.randint(0, 3)),
                created=created.astimezone(rng.choice(ZONES)),
            )
        )
    return out


def _expected(store: Store, review: Review) -> str | None:
    found = drift.previous_review(review, store.reviews())
    return found.id if found else None


def _previous(store: Store, review: Review) -> str | None:
    found = Store(store.path).previous_review(review)
    return found.id if found else None


def _check_every_review(store: Store) -> None:
    for review in store.reviews():
        assert _previous(store, review) == _expected(store, review)


def test_the_previous_review_is_the_full_reads_answer(store: Store, cache: Path) -> None:
    assert _previous(store, Review("Alone")) is None  # a store without reviews
    for seed in range(4):
        for review in _reviews(12, seed):
            store.add_review(review)
        _check_every_review(store)  # the index is made, then used
        _check_every_review(store)
    assert any(cache.glob("reviewkeys-*.idx"))


def test_a_review_not_in_the_store_gets_its_previous_too(store: Store) -> None:
    for review in _reviews(10, 7):
        store.add_review(review)
    for probe in _reviews(10, 8):
        assert _previous(store, probe) == _expected(store, probe)


def test_a_header_written_by_hand_is_ordered_as_the_store_reads_it(store: Store) -> None:
    """A naive creation time (taken as UTC), a date with a time and a file without the store's
    layout (its header cannot be read from the end) are ordered as the full read orders them."""
    made = _reviews(8, 3)
    for review in made:
        store.add_review(review)
    first, second, third = (store._review_path(r.id) for r in made[:3])
    data = orjson.loads(first.read_bytes())
    data["review"][made[0].id]["created"] = "2026-03-01T09:00:00.000001"
    first.write_bytes(encode(data))
    data = orjson.loads(second.read_bytes())
    data["review"][made[1].id]["on"] = "2026-03-02T23:59:00"
    second.write_bytes(encode(data))
    third.write_bytes(orjson.dumps(orjson.loads(third.read_bytes())))  # one line, no layout
    earliest = min(store.reviews(), key=lambda r: (r.on, r.created, r.id))
    copy = store._review_path("rcopyoftheearliest")  # a second file holding the same review,
    data = orjson.loads(store._review_path(earliest.id).read_bytes())  # dated before the rest
    data["review"][earliest.id]["on"] = "2026-02-01"
    copy.write_bytes(encode(data))
    _check_every_review(store)
    _check_every_review(store)


def test_the_index_follows_changes_made_by_another_store(store: Store) -> None:
    made = _reviews(10, 11)
    for review in made:
        store.add_review(review)
    _check_every_review(store)
    other = Store(store.path)
    other.delete_review(made[3].id)
    _check_every_review(store)
    other.add_review(Review("Late", on=date(2026, 3, 2)))
    _check_every_review(store)

    def move(review: Review) -> None:
        review.on = date(2026, 4, 1)

    earliest = min(made[4:], key=lambda r: (r.on, r.created, r.id))
    other.update_review(earliest.id, move)  # from first to last: every answer moves
    _check_every_review(store)


def test_an_edit_in_place_of_the_same_size_is_seen(store: Store) -> None:
    made = _reviews(6, 5)
    for review in made:
        store.add_review(review)
    _check_every_review(store)
    earliest = min(made, key=lambda r: (r.on, r.created, r.id))
    path = store._review_path(earliest.id)
    before = os.stat(path)
    raw = path.read_bytes()
    old = f'"on": "{earliest.on.isoformat()}"'.encode()
    assert raw.count(old) == 1
    path.write_bytes(raw.replace(old, b'"on": "2026-04-01"'))  # same size, same inode
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert os.stat(path).st_ino == before.st_ino and os.stat(path).st_size == before.st_size
    _check_every_review(store)


@pytest.mark.parametrize("damage", INDEX_DAMAGES)
def test_a_damaged_index_only_costs_time(
    store: Store, cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    made = _reviews(10, 13)
    for review in made:
        store.add_review(review)
    _check_every_review(store)
    (index,) = cache.glob("reviewkeys-*.idx")
    index.write_bytes(damage(index.read_bytes()))
    _check_every_review(store)
    assert hd.StampIndex.load(store.path, "reviewkeys").entries  # made again


def test_entries_of_the_wrong_shape_are_made_again(store: Store, cache: Path) -> None:
    """Even an index whose checksum holds (one written by a buggy or foreign writer)."""
    made = _reviews(6, 17)
    for review in made:
        store.add_review(review)
    _check_every_review(store)
    index = hd.StampIndex.load(store.path, "reviewkeys")
    for n, (name, entry) in enumerate(sorted(index.entries.items())):
        index.put(name, tuple(entry[:3]), [[1, 2, 3], ["x"], [entry[3], "2", 3]][n % 3][:3])
    index.save()
    _check_every_review(store)


def test_an_index_that_cannot_be_written_is_skipped(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("RETRO_CACHE", str(blocker))
    for review in _reviews(6, 19):
        store.add_review(review)
    _check_every_review(store)


def test_a_damaged_review_file_is_reported_as_before(store: Store) -> None:
    made = _reviews(4, 23)
    for review in made:
        store.add_review(review)
    _check_every_review(store)
    store._review_path(made[1].id).write_bytes(b'{"review": {')
    with pytest.raises(CorruptStoreError):
        Store(store.path).previous_review(made[0])
    with pytest.raises(CorruptStoreError):
        Store(store.path)._previous_from_headers(made[0])


def test_inside_a_batch_the_pending_reviews_count(store: Store) -> None:
    made = _reviews(6, 29)
    with store.batch():
        for review in made:
            store.add_review(review)
        for review in made:
            found = store.previous_review(review)
            expected = drift.previous_review(review, made)
            assert (found.id if found else None) == (expected.id if expected else None)


def test_the_index_lives_in_the_user_cache_folder(tmp_path: Path) -> None:
    from platformdirs import user_cache_dir

    from retro.store.cachedir import cache_dir

    assert cache_dir({"RETRO_CACHE": str(tmp_path / "c")}) == tmp_path / "c"
    assert cache_dir({"RETRO_HOME": str(tmp_path / "h")}) == tmp_path / "h" / "cache"
    assert cache_dir({}) == Path(user_cache_dir("retro", appauthor=False))
    odd = hd.index_path(Path("/tmp/not-utf8-\udcff"), "reviewkeys", {"RETRO_CACHE": "/c"})
    assert odd.parent == Path("/c")  # a path that is not UTF-8 still names an index
    one = hd.index_path(tmp_path / "a", "reviewkeys", {"RETRO_CACHE": str(tmp_path)})
    two = hd.index_path(tmp_path / "b", "reviewkeys", {"RETRO_CACHE": str(tmp_path)})
    assert one != two and one.parent == two.parent == tmp_path


# -- lessons promoted from a review ----------------------------------------------------------


def _promoted(store: Store, review_id: str) -> list[Lesson]:
    return Store(store.path).lessons_from_review(review_id)


def _check_lessons(store: Store, review_ids: list[str]) -> None:
    every = Store(store.path).lessons()
    for rid in review_ids:
        assert _promoted(store, rid) == [x for x in every if x.review_id == rid]


def _fill_lessons(store: Store, review_ids: list[str], count: int, seed: int) -> list[Lesson]:
    rng = random.Random(seed)
    made = []
    for n in range(count):
        lesson = Lesson(
            text=rng.choice(["Flags help", f'Mentions "{rng.choice(review_ids)}" in text', "r"]),
            on=date(2025, 1, 1) + timedelta(days=rng.choice([0, 1, 40, 70])),
            author=rng.choice(PEOPLE),
            review_id=rng.choice([*review_ids, None]),
            tags=rng.sample(["deploy", "rollback", "r2"], 2),
            created=datetime(2025, 4, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 3) * n),
        )
        store.add_lesson(lesson)
        made.append(lesson)
    return made


def test_the_promoted_lessons_are_the_full_reads_answer(store: Store, cache: Path) -> None:
    reviews = _reviews(5, 31)
    for review in reviews:
        store.add_review(review)
    ids = [r.id for r in reviews]
    assert _promoted(store, ids[0]) == []  # no lessons folder yet
    made = _fill_lessons(store, ids, 60, 37)
    _check_lessons(store, ids)
    _check_lessons(store, ids)  # from the index
    assert any(cache.glob("lessonrefs-*.idx"))
    other = Store(store.path)
    other.delete_lesson(made[0].id)
    other.add_lesson(Lesson("Late", on=date(2025, 2, 2), author="ana", review_id=ids[1]))

    def move(lesson: Lesson) -> None:
        lesson.author, lesson.on = "new-person", date(2024, 12, 1)

    other.update_lesson(next(x.id for x in made[1:] if x.review_id), move)
    _check_lessons(store, ids)
    late = Review("Late")
    other.add_review(late)  # no partition mentions it yet: a lesson now joins one that exists
    other.add_lesson(Lesson("Joins", on=made[2].on, author=made[2].author, review_id=late.id))
    _check_lessons(store, [*ids, late.id])
    assert [x.text for x in _promoted(store, late.id)] == ["Joins"]


def test_a_damaged_partition_is_reported_only_when_it_may_hold_the_lessons(store: Store) -> None:
    reviews = _reviews(2, 41)
    for review in reviews:
        store.add_review(review)
    kept, damaged = reviews[0].id, reviews[1].id
    store.add_lesson(Lesson("Kept", author="ana", review_id=kept, on=date(2025, 1, 1)))
    store.add_lesson(Lesson("Lost", author="bo", review_id=damaged, on=date(2025, 1, 1)))
    _check_lessons(store, [kept, damaged])
    path = store.lesson_path(Lesson("x", author="bo", on=date(2025, 1, 1)))
    path.write_bytes(path.read_bytes()[:-20])
    assert [x.text for x in _promoted(store, kept)] == ["Kept"]
    with pytest.raises(CorruptStoreError):
        _promoted(store, damaged)


def test_a_damaged_lessons_index_only_costs_time(store: Store, cache: Path) -> None:
    reviews = _reviews(3, 43)
    for review in reviews:
        store.add_review(review)
    ids = [r.id for r in reviews]
    _fill_lessons(store, ids, 30, 47)
    _check_lessons(store, ids)
    (index,) = cache.glob("lessonrefs-*.idx")
    raw = index.read_bytes()
    for damaged in (raw[:-40], raw.replace(b'"r', b'"q'), b"{}"):
        index.write_bytes(damaged)
        _check_lessons(store, ids)
    forged = hd.StampIndex.load(store.path, "lessonrefs")
    for name, entry in list(forged.entries.items()):
        forged.put(name, tuple(entry[:3]), [[]])  # claims no partition mentions any review
    forged.save()
    with_stamps = hd.StampIndex.load(store.path, "lessonrefs")
    assert with_stamps.entries and all(e[3] == [] for e in with_stamps.entries.values())
    for path in store.lesson_files():
        os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 1_000))
    _check_lessons(store, ids)


def test_ids_the_index_cannot_answer_are_looked_for_in_the_bytes(store: Store) -> None:
    review = Review("Retro")
    store.add_review(review)
    store.add_lesson(Lesson("One", author="ana", review_id=review.id))
    for odd in ("rX", "r-1", "r" + "a" * 64):
        assert not hd.is_review_ref(odd)
        assert _promoted(store, odd) == []
    assert [x.text for x in _promoted(store, review.id)] == ["One"]


@given(
    raw=st.lists(st.sampled_from([b'"', b"r", b"a", b"1", b" ", b"\\", b"Z", b"ra1"]), max_size=40),
    ref=st.from_regex(r"\Ar[a1]{1,3}\Z"),
)
def test_review_refs_are_exactly_the_quoted_ids(raw: list[bytes], ref: str) -> None:
    data = b"".join(raw)
    assert (ref in hd.review_refs(data)) == (f'"{ref}"'.encode() in data)
