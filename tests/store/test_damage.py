"""Damaged, foreign and newer files are refused with a message naming the file, never written."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from retro.errors import CorruptStoreError, ForeignStoreError, RetroError, StoreError
from retro.model import Card, Lesson, Review
from retro.store import Store, files
from tests.store.conftest import snapshot


def _review_file(store: Store) -> tuple[Review, Path]:
    review = store.add_review(Review("Retro"))
    store.add_card(review.id, Card("start", "keep me"))
    return review, store.path / "reviews" / f"{review.id}.json"


DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "invalid json": lambda p: p.write_bytes(b"{ this is not json"),
    "wrong shape": lambda p: p.write_text('{"review": [1, 2, 3]}'),
    "binary": lambda p: p.write_bytes(bytes(range(256)) * 4),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_review_file_is_refused_and_left_alone(store: Store, damage: str) -> None:
    review, path = _review_file(store)
    DAMAGE[damage](path)
    before = snapshot(store.path)
    fresh = Store(store.path)
    with pytest.raises(CorruptStoreError) as caught:
        fresh.review(review.id)
    assert str(path) in caught.value.message
    assert "retro doctor" in caught.value.message
    with pytest.raises(CorruptStoreError):
        fresh.add_card(review.id, Card("start", "would overwrite"))
    with pytest.raises(CorruptStoreError):
        fresh.update_review(review.id, lambda r: setattr(r, "title", "x"))
    assert snapshot(store.path) == before


def test_foreign_file_is_refused(store: Store) -> None:
    review, path = _review_file(store)
    path.write_text(json.dumps({"_default": {"1": {"hello": "world"}}}))
    before = snapshot(store.path)
    with pytest.raises(ForeignStoreError, match="not a retro store file"):
        Store(store.path).review(review.id)
    assert snapshot(store.path) == before


def test_newer_schema_file_is_refused(store: Store) -> None:
    review, path = _review_file(store)
    data = json.loads(path.read_text())
    data["_meta"]["file"]["schema"] = 99
    path.write_text(json.dumps(data))
    before = snapshot(store.path)
    with pytest.raises(ForeignStoreError, match="newer retro .*schema 99"):
        Store(store.path).add_card(review.id, Card("start", "no"))
    assert snapshot(store.path) == before


def test_newer_catalogue_is_refused_before_anything_is_read(store: Store) -> None:
    catalogue = store.path / "store.json"
    data = json.loads(catalogue.read_text())
    data["_meta"]["file"]["schema"] = files.SCHEMA_VERSION + 1  # a schema this retro does not know
    catalogue.write_text(json.dumps(data))
    before = snapshot(store.path)
    with pytest.raises(ForeignStoreError, match="store.json"):
        Store(store.path).add_lesson(Lesson("no"))
    assert snapshot(store.path) == before


def test_missing_catalogue_is_damage_not_an_empty_store(store: Store) -> None:
    (store.path / "store.json").unlink()
    before = snapshot(store.path)
    with pytest.raises(CorruptStoreError, match="catalogue is missing"):
        Store(store.path).team()
    with pytest.raises(StoreError):
        Store(store.path).init("Over the top")
    assert snapshot(store.path) == before


def test_file_that_is_a_directory(store: Store) -> None:
    review, path = _review_file(store)
    path.unlink()
    path.mkdir()
    with pytest.raises(CorruptStoreError, match="folder where a file belongs"):
        Store(store.path).review(review.id)


def test_a_file_as_store_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    with pytest.raises(StoreError, match="is a file"):
        Store(target).team()
    assert target.read_text() == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_write_fails_cleanly(store: Store) -> None:
    review, path = _review_file(store)
    os.chmod(path.parent, 0o500)
    try:
        with pytest.raises(StoreError, match="could not write"):
            store.add_card(review.id, Card("start", "x"))
    finally:
        os.chmod(path.parent, 0o700)


def test_full_disk_leaves_the_previous_file(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    review, _path = _review_file(store)
    before = snapshot(store.path)

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StoreError, match="no space left .*as it was before"):
        store.add_card(review.id, Card("start", "does not fit"))
    monkeypatch.undo()
    assert snapshot(store.path) == before
    assert [c.text for c in Store(store.path).review(review.id).cards] == ["keep me"]


def test_every_error_is_a_retro_error(store: Store) -> None:
    _review, path = _review_file(store)
    path.write_bytes(b"\x00\x01")
    with pytest.raises(RetroError):
        Store(store.path).reviews()


def test_doctor_reports_and_repairs_from_backup(store: Store) -> None:
    review, path = _review_file(store)
    store.add_card(review.id, Card("start", "second"))
    good = path.read_bytes()
    store.add_card(review.id, Card("start", "third"))
    path.write_bytes(path.read_bytes()[:100])
    report = Store(store.path).doctor()
    assert not report.healthy
    assert any(str(path) in p for p in report.problems)
    assert path.read_bytes() != good  # checking never writes
    repaired = Store(store.path).doctor(repair=True)
    assert repaired.repaired and "restored" in repaired.repaired[0]
    texts = [c.text for c in Store(store.path).review(review.id).cards]
    assert texts == ["keep me", "second"]
    assert any((store.path / ".backup" / "damaged").iterdir())
    assert Store(store.path).doctor().healthy


def test_doctor_salvages_lessons_written_after_the_backup(store: Store) -> None:
    first = store.add_lesson(Lesson("one", author="ana"))
    second = store.add_lesson(Lesson("two", author="ana"))
    path = store.lesson_path(first)
    raw = path.read_bytes()
    path.write_bytes(raw[:-6])  # the tail of the file is lost; the last lesson is whole
    Store(store.path).doctor(repair=True)
    ids = {lesson.id for lesson in Store(store.path).lessons()}
    assert first.id in ids and second.id in ids


def test_doctor_removes_leftover_temporary_files(store: Store) -> None:
    (store.path / "reviews").mkdir(exist_ok=True)
    stray = store.path / "reviews" / ".rabc.json.123.tmp"
    stray.write_text("{")
    assert not Store(store.path).doctor().healthy
    Store(store.path).doctor(repair=True)
    assert not stray.exists()
    assert Store(store.path).doctor().healthy
