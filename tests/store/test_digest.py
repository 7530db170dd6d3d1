"""The digest cache: what a dashboard needs of each store file, kept per file stamp, disposable."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import orjson
import pytest

from retro.demo import build_demo
from retro.errors import CorruptStoreError
from retro.model import Lesson
from retro.store import Store
from retro.store import digest as dg
from retro.store.files import parse

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store scaled to about 1,000 documents (built once: tests copy or only read it)."""
    path = tmp_path_factory.mktemp("digest") / "store"
    build_demo(Store(path), size=1000, today=TODAY)
    return path


@pytest.fixture
def demo(tmp_path: Path) -> Store:
    """The small demo store, which the test may change."""
    store = Store(tmp_path / "store")
    build_demo(store, today=TODAY, user="ana")
    return Store(tmp_path / "store")


def fresh(store: Store) -> dg.StoreDigest:
    return dg.StoreDigest(store.path).refresh(dg.scan(store.path))


# -- where the cache lives -----------------------------------------------------------------


def test_cache_location_follows_retro_cache_then_retro_home_and_never_the_store(
    tmp_path: Path,
) -> None:
    store = tmp_path / "team" / ".retro"
    assert dg.cache_dir({"RETRO_CACHE": str(tmp_path / "c")}) == tmp_path / "c"
    assert dg.cache_dir({"RETRO_HOME": str(tmp_path / "h")}) == tmp_path / "h" / "cache"
    default = dg.cache_dir({})
    assert default.name == "retro" and store not in default.parents
    one = dg.cache_path(store, {"RETRO_CACHE": str(tmp_path / "c")})
    other = dg.cache_path(tmp_path / "other", {"RETRO_CACHE": str(tmp_path / "c")})
    assert one.parent == tmp_path / "c" and one != other
    assert store not in one.parents


# -- reading a review without its cards ------------------------------------------------------


def test_a_review_file_without_its_cards_parses_to_everything_else(demo_path: Path) -> None:
    path = next((demo_path / "reviews").glob("r*.json"))
    raw = path.read_bytes()
    whole = parse(path, raw, "review")
    assert whole["cards"], "the demo review has cards"
    light = parse(path, dg.without_cards(raw), "review")
    assert light["cards"] == {}
    assert {k: v for k, v in light.items() if k != "cards"} == {
        k: v for k, v in whole.items() if k != "cards"
    }
    assert len(dg.without_cards(raw)) < len(raw) / 2


def test_bytes_laid_out_otherwise_are_left_as_they_are() -> None:
    empty = b'{\n  "cards": {},\n  "review": {}\n}\n'
    assert dg.without_cards(empty) == empty
    compact = b'{"cards":{"c1":{}},"review":{}}'
    assert dg.without_cards(compact) == compact


def test_light_reviews_are_the_reviews_without_their_cards(demo_path: Path) -> None:
    store = Store(demo_path)
    digest = fresh(store)
    for review_id, rel in dg.review_files(dg.scan(store.path)).items():
        full = store.review(review_id)
        light = digest.light_review(rel)
        assert light.cards == [] and full.cards
        full.cards = []
        assert light == full


# -- keeping up with the store ---------------------------------------------------------------


def test_only_changed_files_are_digested_again(demo: Store) -> None:
    first = fresh(demo)
    review = demo.reviews()[-1]
    rel = f"reviews/{review.id}.json"
    demo.update_review(review.id, lambda r: setattr(r, "title", "Renamed"))
    gone = demo.reviews()[0]
    demo.delete_review(gone.id)
    second = first.refresh(dg.scan(demo.path))
    assert second.dirty
    assert second.light_review(rel).title == "Renamed"
    assert f"reviews/{gone.id}.json" not in second.entries
    unchanged = [k for k in second.entries if k != rel]
    assert unchanged and all(second.entries[k] is first.entries[k] for k in unchanged)


def test_a_rewrite_of_the_same_size_and_time_is_seen(demo: Store) -> None:
    """Within one tick of a coarse clock a same-size write keeps time and size; every store
    write replaces the file, so its inode tells."""
    digest = fresh(demo)
    review = demo.reviews()[-1]
    rel = f"reviews/{review.id}.json"
    path = demo.path / rel
    before = path.stat()
    flipped = review.title.swapcase()
    assert flipped != review.title and len(flipped) == len(review.title)
    demo.update_review(review.id, lambda r: setattr(r, "title", flipped))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    again = digest.refresh(dg.scan(demo.path))
    assert again.light_review(rel).title == flipped


def test_lesson_counts_and_the_newest_lessons_match_the_store(demo_path: Path) -> None:
    store = Store(demo_path)
    digest = fresh(store)
    lessons = store.lessons()
    assert digest.lesson_count() == len(lessons) > 100
    assert digest.newest_lessons(10) == lessons[:10]
    assert digest.newest_lessons(3) == lessons[:3]


def test_a_new_lesson_shows_among_the_newest(demo: Store) -> None:
    digest = fresh(demo)
    lesson = demo.add_lesson(Lesson("Pin the base image", tags=["docker"], on=TODAY))
    again = digest.refresh(dg.scan(demo.path))
    assert again.newest_lessons(1) == [lesson]
    assert again.lesson_count() == digest.lesson_count() + 1


# -- the cache file ----------------------------------------------------------------------------


def test_the_cache_round_trips_and_is_used_instead_of_the_files(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "digest.json"
    made = fresh(demo)
    made.save(cache)
    assert not made.dirty and cache.is_file()

    def no_reading(path: Path) -> None:
        raise AssertionError(f"{path} was read although its digest is cached")

    monkeypatch.setattr(dg, "_digest_review", no_reading)
    monkeypatch.setattr(dg, "_digest_lessons", no_reading)
    loaded = dg.StoreDigest.load(demo.path, cache).refresh(dg.scan(demo.path))
    assert not loaded.dirty
    assert same_digests(loaded, made)


def same_digests(one: dg.StoreDigest, other: dg.StoreDigest) -> bool:
    """Whether two digests of a store give the same of everything they hold."""
    assert set(one.entries) == set(other.entries)
    reviews, sprints = one.in_order("reviews"), one.in_order("sprints")
    assert reviews == other.in_order("reviews") and sprints == other.in_order("sprints")
    for rel in reviews:
        assert one.light_review(rel) == other.light_review(rel)
        assert one.open_actions(rel) == other.open_actions(rel)
        assert one.due_dates(rel) == other.due_dates(rel)
    for rel in sprints:
        assert one.sprint(rel) == other.sprint(rel)
        assert one.status(rel) == other.status(rel)
    assert one.newest_lessons(10) == other.newest_lessons(10)
    assert one.lesson_count() == other.lesson_count()
    return one.remade == other.remade == 0


def test_a_cache_changed_after_it_was_written_is_ignored(demo: Store, tmp_path: Path) -> None:
    cache = tmp_path / "digest.json"
    fresh(demo).save(cache)
    raw = bytearray(cache.read_bytes())
    at = raw.index(b'"title":"') + len(b'"title":"')
    raw[at] = ord("X") if raw[at] != ord("X") else ord("Y")  # still JSON, still the same shape
    cache.write_bytes(bytes(raw))
    assert dg.StoreDigest.load(demo.path, cache).entries == {}


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"version": 999, "entries": {}}',
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored(demo: Store, tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "digest.json"
    cache.write_bytes(damage)
    loaded = dg.StoreDigest.load(demo.path, cache)
    assert loaded.entries == {}
    assert loaded.refresh(dg.scan(demo.path)).entries == fresh(demo).entries


def test_a_cache_made_for_another_store_is_ignored(demo: Store, tmp_path: Path) -> None:
    cache = tmp_path / "digest.json"
    fresh(demo).save(cache)
    assert dg.StoreDigest.load(tmp_path / "elsewhere", cache).entries == {}


def test_a_damaged_entry_with_a_current_stamp_is_made_again_from_the_file(
    demo: Store, tmp_path: Path
) -> None:
    cache = tmp_path / "digest.json"
    made = fresh(demo)
    review = demo.reviews()[-1]
    rel = f"reviews/{review.id}.json"
    made.entries[rel]["tables"] = orjson.dumps({"review": {"x": {"title": 3}}})
    made.entries[rel]["open"] = b"[{}]"
    lessons = [k for k in made.entries if k.startswith("lessons/")]
    made.entries[lessons[0]].update(top=[999999, 2], newest=orjson.dumps([[999999, 2, {}]]))
    made.entries[lessons[1]].update(top=[999998, 2], newest=b"[[999998, 2, {")
    sprint = demo.sprints()[-1]
    made.entries[f"sprints/{sprint.id}.json"]["tables"] = b'{"sprint": 3}'
    made.save(cache)  # as a faulty retro could have written it (the checksum is right)
    loaded = dg.StoreDigest.load(demo.path, cache).refresh(dg.scan(demo.path))
    assert loaded.open_actions(rel) == [a for a in review.actions if a.status == "open"]
    light = loaded.light_review(rel)
    review.cards = []
    assert light == review
    assert loaded.newest_lessons(10) == demo.lessons()[:10]
    assert loaded.sprint(f"sprints/{sprint.id}.json") == sprint
    assert loaded.remade >= 3  # made again from the files: the review, the sprint, the lessons


def test_a_cache_that_cannot_be_written_is_skipped(demo: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    made = fresh(demo)
    made.save(blocker / "digest.json")
    assert made.dirty


# -- damage in the store is the store's to report --------------------------------------------


def test_a_damaged_review_file_is_named(demo: Store) -> None:
    review = demo.reviews()[-1]
    path = demo.path / "reviews" / f"{review.id}.json"
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(CorruptStoreError) as caught:
        fresh(demo)
    assert str(path) in caught.value.message


def test_a_bad_card_is_found_when_the_review_is_read_in_full(demo: Store) -> None:
    review = next(r for r in demo.reviews() if r.cards)
    path = demo.path / "reviews" / f"{review.id}.json"
    data = orjson.loads(path.read_bytes())
    card_id = next(iter(data["cards"]))
    data["cards"][card_id]["text"] = ""
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))
    digest = fresh(demo)  # the digest does not look at cards
    assert digest.light_review(f"reviews/{review.id}.json").id == review.id
    with pytest.raises(CorruptStoreError) as caught:
        dg.read_review(path)
    assert str(path) in caught.value.message


def test_digests_keep_no_card(demo_path: Path) -> None:
    entries = fresh(Store(demo_path)).entries
    reviews = [e for k, e in entries.items() if k.startswith("reviews/")]
    assert reviews and all(set(orjson.loads(e["tables"])) <= set(dg.REVIEW_TABLES) for e in reviews)
