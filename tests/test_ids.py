"""Ids: a kind letter and a random suffix; people type the shortest unique prefix."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retro.errors import AmbiguousIdError, NotFoundError, ValidationError
from retro.ids import (
    ALPHABET,
    KINDS,
    MIN_SHOWN,
    SUFFIX_LENGTH,
    is_id,
    kind_of,
    new_id,
    resolve,
    shortest_prefixes,
    shown_length,
)

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_id_is_the_kind_letter_and_twelve_crockford_characters(kind: str) -> None:
    id_ = new_id(kind)
    assert re.fullmatch(f"{kind}[{CROCKFORD}]{{12}}", id_)
    assert kind_of(id_) == KINDS[kind]
    assert is_id(id_)


def test_the_alphabet_is_crockford_without_letters_to_misread() -> None:
    assert ALPHABET == CROCKFORD
    assert not set("ilou") & set(ALPHABET)
    assert SUFFIX_LENGTH == 12


def test_ten_thousand_new_ids_never_collide() -> None:
    made = [new_id("c") for _ in range(10_000)]
    assert len(set(made)) == 10_000
    # and the suffixes use the whole alphabet, not a corner of it
    assert set("".join(m[1:] for m in made)) == set(ALPHABET)


def test_every_letter_of_the_alphabet_is_drawn_at_every_place() -> None:
    """Each of the twelve places draws from all 32 letters (60 random bits in all), not from
    part of them."""
    suffixes = [new_id("c")[1:] for _ in range(3000)]
    for place in range(SUFFIX_LENGTH):
        assert {s[place] for s in suffixes} == set(ALPHABET), place


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown id kind 'x'"):
        new_id("x")


def test_kind_of_and_is_id() -> None:
    assert kind_of("r7kq") == "review"
    assert kind_of("x7kq") is None
    assert kind_of("") is None
    assert is_id("C9X4")
    assert not is_id("c")
    assert not is_id("cl0l")  # 'l' is not in the alphabet
    assert not is_id("c" + "0" * (SUFFIX_LENGTH + 1))


# --- shortest prefixes -----------------------------------------------------------------------


def test_shortest_prefixes_worked_example() -> None:
    ids = ["r7kq2aaaaaaaa", "r7kq3bbbbbbbb", "r900000000000", "c9x4000000000"]
    assert shortest_prefixes(ids) == {
        "r7kq2aaaaaaaa": "r7kq2",
        "r7kq3bbbbbbbb": "r7kq3",
        "r900000000000": "r900",
        "c9x4000000000": "c9x4",
    }


def test_shortest_prefixes_of_nothing_and_of_one() -> None:
    assert shortest_prefixes([]) == {}
    assert shortest_prefixes(["cabcdefghjkmn"]) == {"cabcdefghjkmn": "cabc"}


# A two-letter alphabet makes ids share long prefixes, the hard case.
crowded_ids = st.lists(
    st.text(alphabet="01", min_size=SUFFIX_LENGTH, max_size=SUFFIX_LENGTH).map(lambda s: "c" + s),
    min_size=1,
    max_size=40,
    unique=True,
)


@settings(max_examples=150, deadline=None)
@given(crowded_ids)
def test_shortest_prefixes_are_unique_and_as_short_as_possible(ids: list[str]) -> None:
    prefixes = shortest_prefixes(ids)
    assert set(prefixes) == set(ids)
    assert len(set(prefixes.values())) == len(ids)
    for id_, prefix in prefixes.items():
        assert id_.startswith(prefix)
        assert len(prefix) >= MIN_SHOWN
        others = [o for o in ids if o != id_]
        assert not any(o.startswith(prefix) for o in others)
        for length in range(MIN_SHOWN, len(prefix)):
            assert any(o.startswith(id_[:length]) for o in others), (id_, length)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=30))
def test_shortest_prefixes_of_real_ids_resolve_back(kinds: list[str]) -> None:
    ids = [new_id(k) for k in kinds]
    for id_, prefix in shortest_prefixes(ids).items():
        assert resolve(prefix, ids) == id_
        assert resolve(prefix.upper(), ids, kind=id_[0]) == id_


def test_shortest_prefixes_ignore_repeats() -> None:
    assert shortest_prefixes(["cabcdefghjkmn", "cabcdefghjkmn"]) == {"cabcdefghjkmn": "cabc"}


# --- resolve ---------------------------------------------------------------------------------

IDS = ["r7kq2aaaaaaaa", "r7kq3bbbbbbbb", "r9zz000000000", "c9x4000000000"]


def test_resolve_finds_by_prefix_in_any_case_and_with_spaces() -> None:
    assert resolve("r9zz", IDS) == "r9zz000000000"
    assert resolve(" R7KQ2 ", IDS) == "r7kq2aaaaaaaa"
    assert resolve("r9zz000000000", IDS, kind="r") == "r9zz000000000"


def test_resolve_reports_nothing_found() -> None:
    with pytest.raises(NotFoundError, match="no review has the id 'r0000'"):
        resolve("r0000", IDS)
    with pytest.raises(NotFoundError, match="no lesson has the id 'l1234'"):
        resolve("l1234", IDS)


def test_resolve_lists_the_candidates_of_an_ambiguous_prefix() -> None:
    with pytest.raises(AmbiguousIdError) as caught:
        resolve("r7kq", IDS)
    error = caught.value
    assert error.candidates == ["r7kq2", "r7kq3"]
    assert error.message == (
        "id 'r7kq' is ambiguous: it matches r7kq2, r7kq3; type more characters"
    )


def test_an_ambiguous_error_shortens_a_long_list() -> None:
    many = [f"c000{ch}00000000" for ch in ALPHABET[:12]]
    with pytest.raises(AmbiguousIdError, match=r"type more characters") as caught:
        resolve("c000", many)
    assert len(caught.value.candidates) == 12
    assert "…" in caught.value.message


def test_resolve_refuses_an_id_of_another_kind() -> None:
    with pytest.raises(ValidationError, match="'c9x4' is the id of a card, not of a review"):
        resolve("c9x4", IDS, kind="r")


@pytest.mark.parametrize("typed", ["r7k", "c9", "R7K"])
def test_resolve_refuses_a_too_short_prefix(typed: str) -> None:
    with pytest.raises(ValidationError, match=f"id '{typed}' is too short: type at least 4"):
        resolve(typed, IDS)


@pytest.mark.parametrize(
    "typed", ["hello", "", "r", "x7kq2", "r7kq-2", "r" + "0" * 13, "r7kq2\x1b"]
)
def test_resolve_refuses_what_is_not_an_id(typed: str) -> None:
    with pytest.raises(ValidationError, match="is not an id"):
        resolve(typed, IDS)


# --- shown length ----------------------------------------------------------------------------


def test_shown_length_grows_with_the_count() -> None:
    assert shown_length(0) == shown_length(1) == MIN_SHOWN
    lengths = [shown_length(n) for n in range(0, 200_000, 997)]
    assert lengths == sorted(lengths)
    assert shown_length(100) < shown_length(10_000) < shown_length(1_000_000)
    assert shown_length(10**30) == SUFFIX_LENGTH + 1


@pytest.mark.parametrize("count", [1, 10, 50, 100, 1_000, 10_000, 1_000_000])
def test_shown_length_keeps_the_chance_of_a_clash_small(count: int) -> None:
    length = shown_length(count)
    # The chance that any of `count` other ids shares the new id's prefix.
    assert count / 32 ** (length - 1) <= 1 / 1000
    if length > MIN_SHOWN:  # and one character fewer would not do
        assert count / 32 ** (length - 2) > 1 / 1000
