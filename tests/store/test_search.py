"""The lessons search cache: the same lessons, in the same order, as a plain scan of the store,
however the store changes and whatever state the cache file is in."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retro import ids
from retro.errors import CorruptStoreError
from retro.model import Lesson
from retro.store import Store
from retro.store import search as s
from retro.store import search_cache as sc

HOSTILE = [
    "Rollback [fast] (then) {verify} *everything* ^$ .+? \\d \\n",
    "A line\nand another\nrollback here",
    "Escape \x1b[31mred\x1b[0m and a bell \x07 in the rollback",
    "Field \x1f separator and record \x1e separator, rollback",
    "Emoji 🚀 deploys 🎉 with rollback 🔥",
    "Straße und STRASSE: Die Rollback-Straße",
    "Greek ΣΊΣΥΦΟΣ sigma ς and σ",
    "Line separator \u2028 and paragraph \u2029 and NEL \x85 rollback",
    'Quotes "rollback" and \\"escaped\\" and "id": "lzzzz"',
    "Right-to-left \u202eesrever\u202c and عربى rollback",
    "Tabs\tand   spaces   rollback",
]
WORDS = ["rollback", "deploy", "flag", "the", "straße", "STRASSE", "σίσυφος", "🚀", "[fast]"]
TAGS = ["deploy", "flags", "oncall", "ci", "ß", "ünïcode"]
PEOPLE = ["ana", "bo", "Chen", None]


def _lessons(count: int, seed: int) -> list[Lesson]:
    rng = random.Random(seed)
    first = date(2025, 1, 1)
    out = []
    for n in range(count):
        on = first + timedelta(days=rng.randrange(500))
        text = rng.choice(HOSTILE) if n % 5 == 0 else f"{rng.choice(WORDS)} lesson {n}"
        created = datetime(2025, 1, 1, 9) + timedelta(minutes=rng.randrange(4))  # many ties
        out.append(
            Lesson(
                text,
                on,
                rng.sample(TAGS, rng.randrange(3)),
                rng.choice(PEOPLE),
                created=created,
            )
        )
    return out


FILTERS = [
    s.Filters(),
    s.Filters(search="rollback"),
    s.Filters(search="ROLLBACK the"),
    s.Filters(search="strasse"),
    s.Filters(search="Σίσυφος"),
    s.Filters(search="🚀"),
    s.Filters(search="[fast]"),
    s.Filters(search="\\d"),
    s.Filters(search='"id":'),
    s.Filters(search="lzzzz"),
    s.Filters(search="and rollback"),
    s.Filters(search="nothing-matches-this"),
    s.Filters(tags=("deploy",)),
    s.Filters(tags=("ß", "deploy")),
    s.Filters(search="lesson", tags=("flags",), since=date(2025, 3, 1), until=date(2025, 9, 1)),
    s.Filters(author="CHEN"),
    s.Filters(author=""),
    s.Filters(search="lesson", limit=7),
    s.Filters(limit=1),
]


def plain(store: Store, filters: s.Filters) -> list[dict[str, object]]:
    """What the search must give: a plain scan of the store, filtered."""
    found = [x.to_dict() for x in store.lessons() if s.passes(x, filters)]
    return found[: filters.limit] if filters.limit else found


def cached(store: Store, cache: Path, filters: s.Filters) -> list[dict[str, object]]:
    return s.search(store.path, filters, {"RETRO_CACHE": str(cache)}).lessons


@pytest.fixture
def filled(store: Store) -> Store:
    with store.batch():
        for lesson in _lessons(300, seed=8):
            store.add_lesson(lesson)
    return store


def _agree(store: Store, cache: Path) -> None:
    for filters in FILTERS:
        assert cached(store, cache, filters) == plain(store, filters), (
            filters.search,
            filters.tags,
            filters.author,
            filters.limit,
        )
    # The ids behind the short ids: every lesson's, kept up to date partition by partition.
    every = s.search(store.path, s.Filters(limit=1), {"RETRO_CACHE": str(cache)}).every_id
    assert every == sorted(store.lesson_ids())


def test_cold_and_warm_searches_match_a_plain_scan(filled: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)  # the first search makes the cache
    assert list(cache.glob("search-*.bin")), "the cache file is written"
    _agree(filled, cache)  # and later ones read it
    assert len(cached(filled, cache, s.Filters(search="rollback"))) > 20


def test_changes_through_another_handle_are_found(filled: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)
    other = Store(filled.path)
    added = Lesson("Freshly learned: rollback drills", date(2025, 4, 1), ["deploy"], "ana")
    other.add_lesson(added)
    _agree(filled, cache)
    assert added.id in [x["id"] for x in cached(filled, cache, s.Filters(search="drills"))]

    victim = next(x for x in other.lessons() if "lesson" in x.text and x.author == "bo")
    other.update_lesson(victim.id, lambda x: setattr(x, "text", "Rewritten about canaries"))
    _agree(filled, cache)
    assert [x["id"] for x in cached(filled, cache, s.Filters(search="canaries"))] == [victim.id]

    same_size = next(x for x in other.lessons() if x.text.startswith("deploy lesson"))
    other.update_lesson(same_size.id, lambda x: setattr(x, "text", "X" + x.text[1:]))
    _agree(filled, cache)

    moved = next(x for x in other.lessons() if x.author == "ana" and x.id != added.id)
    other.update_lesson(moved.id, lambda x: setattr(x, "author", "dara"))  # to a new partition
    _agree(filled, cache)

    other.delete_lesson(added.id)
    _agree(filled, cache)
    assert cached(filled, cache, s.Filters(search="drills")) == []


def test_a_damaged_or_foreign_cache_is_made_again(filled: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)
    (path,) = cache.glob("search-*.bin")
    good = path.read_bytes()
    damages = [
        b"",
        b"not a cache at all",
        good[: len(good) // 2],
        good.replace(b'"version":1', b'"version":99', 1),
        good.replace(b'"store":"', b'"store":"/elsewhere', 1),
        sc.MAGIC + b"{broken json\n" + good.split(b"\n", 2)[2],
        # A header that fits, lines that do not: the separators and the JSON are gone.
        good[: good.index(b"\n", len(sc.MAGIC)) + 1]
        + bytes(len(good) - good.index(b"\n", len(sc.MAGIC)) - 1).replace(b"\0", b"r"),
        good.replace(b"rollback", b"ROLLBACK"),  # same size, different lines
        good.replace(b'"ids":["l', b'"ids":["m', 1),  # same size, another id
    ]
    for damaged in damages:
        path.write_bytes(damaged)
        for filters in FILTERS[:3]:
            assert cached(filled, cache, filters) == plain(filled, filters)
        found = s.search(filled.path, s.Filters(), {"RETRO_CACHE": str(cache)})
        assert found.every_id == sorted(filled.lesson_ids())


def test_a_cache_that_cannot_be_written_is_skipped(filled: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    assert cached(filled, blocker / "cache", FILTERS[1]) == plain(filled, FILTERS[1])


def test_a_damaged_partition_is_reported_as_the_store_reports_it(
    filled: Store, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)
    partition = filled.lesson_files()[0]
    partition.write_text(partition.read_text()[:-20])
    with pytest.raises(CorruptStoreError, match=partition.name):
        cached(filled, cache, s.Filters(search="rollback"))
    with pytest.raises(CorruptStoreError, match=partition.name):
        filled.lessons()


def test_the_cache_lives_outside_the_store(filled: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = sorted(p.relative_to(filled.path) for p in filled.path.rglob("*"))
    cached(filled, cache, FILTERS[1])
    assert sorted(p.relative_to(filled.path) for p in filled.path.rglob("*")) == before


def test_an_empty_store_finds_nothing(store: Store, tmp_path: Path) -> None:
    assert cached(store, tmp_path / "cache", s.Filters()) == []
    assert cached(store, tmp_path / "cache", s.Filters(search="x")) == []


def test_short_ids_are_the_usual_shortest_prefixes(filled: Store, tmp_path: Path) -> None:
    assert s._MIN_SHOWN == ids.MIN_SHOWN
    found = s.search(filled.path, s.Filters(search="lesson"), {"RETRO_CACHE": str(tmp_path)})
    every = ids.shortest_prefixes(filled.lesson_ids())
    assert found.short_ids() == {x["id"]: every[x["id"]] for x in found.lessons}


def test_search_inside_a_batch_sees_the_batch(filled: Store) -> None:
    with filled.batch():
        added = Lesson("Only in the batch so far: rollback", date(2025, 2, 2), [], "bo")
        filled.add_lesson(added)
        found = filled.search_lessons(s.Filters(search="batch"))
        assert [x["id"] for x in found.lessons] == [added.id]
        assert added.id in found.every_id


def test_a_warm_search_reads_only_changed_partitions(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)
    read: list[Path] = []
    real = sc.partition_lines

    def counting(path: Path) -> object:
        read.append(path)
        return real(path)

    monkeypatch.setattr(sc, "partition_lines", counting)
    _agree(filled, cache)
    assert read == [], "nothing changed, nothing is read"
    other = Store(filled.path)
    added = Lesson("One more", date(2025, 6, 1), ["ci"], "bo")
    other.add_lesson(added)
    _agree(filled, cache)
    assert read == [other.lesson_path(added)]


@settings(max_examples=300)
@given(st.lists(st.text(alphabet="ab", min_size=1, max_size=7).map("l".__add__), min_size=1))
def test_short_ids_match_shortest_prefixes_when_ids_crowd(every: list[str]) -> None:
    """Ids that share long prefixes (or are prefixes of one another) still get the prefixes
    `ids.shortest_prefixes` gives."""
    rows = [{"id": x} for x in every]
    expected = ids.shortest_prefixes(every)
    assert s.Found(rows, sorted(set(every))).short_ids() == {x: expected[x] for x in every}
