"""The lessons search cache: the same lessons, in the same order, as a plain scan of the store,
however the store changes and whatever state the cache file is in."""

from __future__ import annotations

import random
import shutil
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
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
from retro.store import search_ids as si

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
    # Words found first in a line's short field (digits) or id, before its haystack.
    s.Filters(search="4"),
    s.Filters(search="1 lesson"),
    s.Filters(search="l"),
    s.Filters(tags=("deploy",)),
    s.Filters(tags=("ß", "deploy")),
    s.Filters(search="lesson", tags=("flags",), since=date(2025, 3, 1), until=date(2025, 9, 1)),
    s.Filters(author="CHEN"),
    s.Filters(author=""),
    s.Filters(search="lesson", limit=7),
    s.Filters(limit=1),
    # The newest few, read partition by partition, newest first: ties, filters, too few.
    s.Filters(limit=3),
    s.Filters(limit=40),
    s.Filters(tags=("deploy",), limit=5),
    s.Filters(author="bo", until=date(2025, 6, 1), limit=4),
    s.Filters(search="rollback", limit=500),
    s.Filters(search="nothing-matches-this", limit=2),
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
    # And the short ids shown for them: those `retro.ids.shortest_prefixes` gives.
    found = s.search(store.path, s.Filters(), {"RETRO_CACHE": str(cache)})
    expected = ids.shortest_prefixes(store.lesson_ids())
    assert found.short_ids() == {x["id"]: expected[x["id"]] for x in found.lessons}


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
    assert b'"id_width":13' in good, "ids of one width are kept as a block"
    damages = [
        b"",
        b"not a cache at all",
        good[: len(good) // 2],
        good.replace(b'"version":2', b'"version":99', 1),
        # Well sealed, but of another version, for another store, or with no serial.
        _resealed(good.replace(b'"version":2', b'"version":99', 1)),
        _resealed(good.replace(b'"store":"', b'"store":"/elsewhere', 1)),
        _resealed(good.replace(b'"serial":', b'"serial_":', 1)),
        good.replace(b'"store":"', b'"store":"/elsewhere', 1),
        good.replace(b"\n", b"\n{broken json\n", 1),  # no checksum line
        b"\n".join([*good.split(b"\n", 3)[:2], b"{broken json", good.split(b"\n", 3)[3]]),
        # A header that fits, lines that do not: the separators and the JSON are gone.
        good[: _body_at(good)] + bytes(len(good) - _body_at(good)).replace(b"\0", b"r"),
        good.replace(b"rollback", b"ROLLBACK"),  # same size, different lines
        good[:-13] + b"m" + good[-12:],  # another id
        # Well sealed, but the id list or a short id is not what it should be.
        _resealed(good[:-1]),  # not whole ids
        _resealed(good[:-13] + "lé".encode() + good[-10:]),  # not ASCII
        _resealed(good.replace(b'"id_width":13', b'"id_width":0', 1)),  # not JSON
        _resealed(good.replace(b'"id_width":13', b'"id_width":-1', 1)),
        _resealed(good.replace(SEP4, b"\x1fx\x1f", 1)),
    ]
    for damaged in damages:
        path.write_bytes(damaged)
        for filters in FILTERS[:3]:
            assert cached(filled, cache, filters) == plain(filled, filters)
        found = s.search(filled.path, s.Filters(), {"RETRO_CACHE": str(cache)})
        assert found.every_id == sorted(filled.lesson_ids())


SEP4 = b"\x1f4\x1f"
"""A line's short field where the id shows four characters (most ids)."""


def _resealed(cache_file: bytes) -> bytes:
    """A cache file with its checksum line made to fit what it now holds."""
    magic, _, rest = cache_file.split(b"\n", 2)
    head, body = rest.split(b"\n", 1)
    check = zlib.adler32(body, zlib.adler32(head + b"\n"))
    return b"%s\n%010d\n%s\n%s" % (magic, check, head, body)


def _body_at(cache_file: bytes) -> int:
    """Where the lines start: after the magic, checksum and header lines."""
    at = 0
    for _ in range(3):
        at = cache_file.index(b"\n", at) + 1
    return at


def test_the_newest_few_keep_the_order_of_ties_across_partitions(
    store: Store, tmp_path: Path
) -> None:
    """Lessons written at the same moment on the same day by several people (so in several
    partitions, read newest first): the newest few are those a full sort gives, ties in the
    store's order, however the limit cuts through them."""
    moment = datetime(2025, 5, 5, 9, tzinfo=UTC)
    later = [0, 0, 0, 1, 1, 0, 0, 0, 2, 0, 0, 0]  # minutes after `moment`
    people = ["ana"] * 3 + ["bo"] * 5 + ["chen"] * 4
    with store.batch():
        for n, (who, minutes) in enumerate(zip(people, later, strict=True)):
            when = moment + timedelta(minutes=minutes)
            store.add_lesson(Lesson(f"tie {n}", moment.date(), [], who, created=when))
    cache = tmp_path / "cache"
    for limit in range(1, 14):
        for filters in (s.Filters(limit=limit), s.Filters(search="tie", limit=limit)):
            assert cached(store, cache, filters) == plain(store, filters), limit


def test_words_in_ids_are_not_found_in_ids(store: Store, tmp_path: Path) -> None:
    """A lesson is found by its text and tags only, though its line also holds its id (and
    its JSON): a word in an id is found only where a text or tag also holds it."""
    mine = Lesson("about lqqqqwwwweeee and more", date(2025, 1, 2), id="lqqqqwwwweeee")
    other = Lesson("no id here", date(2025, 1, 3), id="lqqqqwwwwzzzz")
    quoted = Lesson('text with "id" in quotes', date(2025, 1, 4), ["lqqqq"])
    for lesson in (mine, other, quoted):
        store.add_lesson(lesson)
    cache = tmp_path / "cache"
    for word, expected in [
        ("lqqqqwwwweeee", [mine.id]),
        ("lqqqqwwwwzzzz", []),
        ("lqqqq", [quoted.id, mine.id]),
        ('"id"', [quoted.id]),
        ("text", [quoted.id]),
        ("2025-01-03", []),
    ]:
        found = cached(store, cache, s.Filters(search=word))
        assert [x["id"] for x in found] == expected, word
        assert found == plain(store, s.Filters(search=word))


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
    assert si.MIN_SHOWN == ids.MIN_SHOWN
    env = {"RETRO_CACHE": str(tmp_path)}

    def agree() -> None:
        for words in ("lesson", "rollback", None):
            found = s.search(filled.path, s.Filters(search=words), env)
            every = ids.shortest_prefixes(filled.lesson_ids())
            assert found.short_ids() == {x["id"]: every[x["id"]] for x in found.lessons}

    agree()  # from the short ids the base keeps on its lines
    # A new lesson whose id shares a long prefix with an old one: the old one's short id grows,
    # though its line in the base still says otherwise.
    old = next(x for x in filled.lessons() if "lesson" in x.text)
    twin = Lesson("lesson twin", date(2025, 5, 5), [], "bo", id=old.id[:9] + "zzzz")
    Store(filled.path).add_lesson(twin)
    agree()
    assert len(s.search(filled.path, s.Filters(search="twin"), env).short_ids()[twin.id]) >= 10
    Store(filled.path).delete_lesson(twin.id)  # and back again
    agree()


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


def _files(cache: Path) -> tuple[Path, Path]:
    (base,) = cache.glob("search-*.bin")
    return base, sc.delta_file(base)


def _another_partition(store: Store, seed: int) -> None:
    """Change one lesson through another handle: its partition's stamp changes."""
    other = Store(store.path)
    victim = random.Random(seed).choice(other.lessons())
    other.update_lesson(victim.id, lambda x: setattr(x, "text", f"rollback {seed} {x.text}"))


def test_a_change_rewrites_only_the_small_delta(filled: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)
    base, delta = _files(cache)
    assert not delta.exists()
    before = base.stat().st_mtime_ns, base.read_bytes()
    for seed in range(3):
        _another_partition(filled, seed)
        _agree(filled, cache)
        assert (base.stat().st_mtime_ns, base.read_bytes()) == before, "the base stays"
        assert 0 < delta.stat().st_size < base.stat().st_size
    other = Store(filled.path)
    added = Lesson("Brand new partition: rollback", date(2031, 1, 1), [], "zed")
    other.add_lesson(added)  # a partition the base never had
    _agree(filled, cache)
    other.delete_lesson(added.id)  # and gone again
    _agree(filled, cache)
    gone = filled.lesson_files()[0]  # a partition of the base, gone
    for lesson in [x for x in other.lessons() if other.lesson_path(x) == gone]:
        other.delete_lesson(lesson.id)
    gone.unlink(missing_ok=True)
    _agree(filled, cache)
    assert (base.stat().st_mtime_ns, base.read_bytes()) == before


def test_a_grown_delta_is_folded_into_a_new_base(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)
    base, delta = _files(cache)
    first = base.read_bytes()
    monkeypatch.setattr(sc, "DELTA_MIN", 0)  # fold once the delta passes 1/16 of the base
    seed = 0
    while not delta.exists() or base.read_bytes() == first:
        seed += 1
        _another_partition(filled, seed)
        _agree(filled, cache)
        if base.read_bytes() != first:
            break
        assert delta.exists()
    assert seed > 1, "one small change stays in the delta"
    assert not delta.exists(), "folding removes the delta"
    _agree(filled, cache)


def test_a_stale_damaged_or_foreign_delta_changes_no_result(filled: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _agree(filled, cache)
    base, delta = _files(cache)
    _another_partition(filled, 1)
    _agree(filled, cache)
    stale = delta.read_bytes()
    _another_partition(filled, 2)
    _agree(filled, cache)
    good = delta.read_bytes()
    other_store = tmp_path / "other"
    shutil.copytree(filled.path, other_store)
    s.search(other_store, s.Filters(), {"RETRO_CACHE": str(tmp_path / "c2")})
    _another_partition(Store(other_store), 3)
    s.search(other_store, s.Filters(), {"RETRO_CACHE": str(tmp_path / "c2")})
    (foreign,) = (tmp_path / "c2").glob("search-*.delta")
    damages = [
        stale,  # an older delta of this base: its partitions are read again
        foreign.read_bytes(),  # another store's
        b"",
        b"garbage",
        good[: len(good) // 2],
        good.replace(b"rollback", b"ROLLBACK"),
        _resealed(good.replace(b'"base":"', b'"base":"0', 1)),  # for another base
        _resealed(good.replace(b'"version":2', b'"version":3', 1)),
    ]
    for damaged in damages:
        delta.write_bytes(damaged)
        _agree(filled, cache)
    # A new base (made again from the store) never takes an old delta.
    delta.write_bytes(good)
    base.write_bytes(b"damaged")
    _agree(filled, cache)
    delta.write_bytes(good)
    _agree(filled, cache)


def _setting(name: str, value: str) -> Callable[[Lesson], None]:
    return lambda lesson: setattr(lesson, name, value)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["add", "edit", "move", "delete", "search"]), st.integers(0, 99)),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
)
def test_any_sequence_of_changes_is_searched_as_a_plain_scan(
    steps: list[tuple[str, int]], fold_early: bool
) -> None:
    """Whatever happens to the partitions between searches (and whether deltas fold early or
    stay), a search finds what a plain scan of the store finds."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        store = Store(root / "store")
        store.init("Platform", by="ana")
        with store.batch():
            for lesson in _lessons(40, seed=3):
                store.add_lesson(lesson)
        cache = root / "cache"
        old_min = sc.DELTA_MIN
        sc.DELTA_MIN = 0 if fold_early else old_min
        try:
            _agree(store, cache)
            for action, n in steps:
                every = store.lessons()
                victim = every[n % len(every)] if every else None
                if action == "add" or victim is None:
                    store.add_lesson(Lesson(f"rollback added {n}", date(2025, 1 + n % 12, 1)))
                elif action == "edit":
                    store.update_lesson(victim.id, _setting("text", f"canary {n}"))
                elif action == "move":
                    store.update_lesson(victim.id, _setting("author", f"p{n % 3}"))
                elif action == "delete":
                    store.delete_lesson(victim.id)
                _agree(store, cache)
        finally:
            sc.DELTA_MIN = old_min
