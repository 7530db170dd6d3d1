"""Short ids of what a command shows: the prefixes `Store.short_ids` gives over every id of
the kind, however they are asked for (one id, several kinds in one scan)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retro.formats import DEFAULT_FORMAT, get_format
from retro.model import Action, Card, Intent, Review
from retro.store import Store

COLUMN = get_format(DEFAULT_FORMAT).columns[0].key
# Few letters: ids that share long prefixes, across reviews and kinds.
SUFFIX = st.text(alphabet="ab", min_size=1, max_size=7)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from("cia"), SUFFIX), max_size=8), min_size=1, max_size=4
    )
)
def test_short_ids_of_what_is_shown_are_those_of_every_id(
    reviews: list[list[tuple[str, str]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        store.init("Platform", by="ana")
        made: set[str] = set()
        for items in reviews:
            review = Review("Retro")
            for kind, suffix in items:
                full = kind + suffix
                if full in made:
                    continue  # ids are unique in a store
                made.add(full)
                if kind == "c":
                    review.cards.append(Card(COLUMN, "x", id=full))
                elif kind == "i":
                    review.intents.append(Intent("x", id=full))
                else:
                    review.actions.append(Action("x", review.id, id=full))
            store.add_review(review)
        every = {kind: store.short_ids(kind) for kind in "ciar"}
        wanted = sorted(made) + store.review_ids() + ["cmissing", "anone"]
        shown = store.short_ids_of(wanted)
        for full in sorted(made) + store.review_ids():
            assert shown[full] == every[full[0]][full], full
            assert store.short(full) == every[full[0]][full], full
        assert store.short("cmissing") == "cmissing"


def _raw_scan(store: Store, kinds: str, prefix: str) -> list[tuple[Path, str]]:
    """What `Store._scan_ids` finds, read from every review file's bytes."""
    pattern = re.compile(rb'"id": "([' + kinds.encode() + rb"][0-9a-z]*)\"")
    return [
        (path, m.decode())
        for path in store.files_of_kind("c")
        for m in pattern.findall(path.read_bytes())
        if m.decode().startswith(prefix)
    ]


def test_the_id_index_finds_what_the_files_hold(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RETRO_CACHE", str(tmp_path / "cache"))
    reviews = []
    for n in range(6):
        review = Review(f"Retro {n}")
        review.cards += [Card(COLUMN, f"card {k}") for k in range(5)]
        review.intents.append(Intent("ship"))
        review.actions.append(Action("do", review.id))
        reviews.append(store.add_review(review))
    card = reviews[0].cards[0]

    def agree() -> None:
        for kinds, prefix in [("c", ""), ("a", ""), ("cia", ""), ("c", card.id[:3]), ("i", "i")]:
            assert sorted(store._scan_ids(kinds, prefix)) == sorted(_raw_scan(store, kinds, prefix))
        assert store.resolve(card.id[:6]) == card.id or len(_raw_scan(store, "c", card.id[:6])) > 1

    agree()  # the index made
    agree()  # and used
    store.add_card(reviews[1].id, Card(COLUMN, "one more"))  # a file changed
    store.delete_review(reviews[2].id)  # and one gone
    agree()
    (index,) = (tmp_path / "cache").glob("reviewids-*")
    for damage in (b"", b"garbage\n{}", index.read_bytes()[:-10]):
        index.write_bytes(damage)
        agree()
