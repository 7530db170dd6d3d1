"""Review formats: the built-ins of DESIGN.md and the team's own."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings

from retro.errors import ValidationError
from retro.formats import (
    BUILTIN_BY_KEY,
    BUILTIN_FORMATS,
    DEFAULT_FORMAT,
    Column,
    Format,
    all_formats,
    get_format,
    make_format,
)
from tests.strategies import custom_formats

#: DESIGN.md's formats: key → (column titles left to right, column keys that are improve-like).
DESIGNED: dict[str, tuple[list[str], set[str]]] = {
    "aar": (["Planned", "Happened", "Why", "Sustain", "Improve"], {"why", "improve"}),
    "ssc": (["Start", "Stop", "Continue"], {"start", "stop"}),
    "4ls": (["Liked", "Learned", "Lacked", "Longed for"], {"lacked", "longed"}),
    "msg": (["Mad", "Sad", "Glad"], {"mad", "sad"}),
    "sailboat": (["Wind", "Anchors", "Rocks", "Island"], {"anchors", "rocks"}),
    "wwti": (["Went well", "To improve"], {"improve"}),
    "postmortem": (
        ["Timeline", "Impact", "Root causes", "What went well", "Where we got lucky"],
        {"causes", "lucky"},
    ),
}


def test_every_format_of_the_design_is_built_in_and_nothing_else() -> None:
    assert [f.key for f in BUILTIN_FORMATS] == list(DESIGNED)
    assert DEFAULT_FORMAT in BUILTIN_BY_KEY


@pytest.mark.parametrize("key", list(DESIGNED))
def test_a_built_in_format_has_the_designed_columns(key: str) -> None:
    titles, improve = DESIGNED[key]
    fmt = get_format(key)
    assert fmt.builtin
    assert [c.title for c in fmt.columns] == titles
    assert {c.key for c in fmt.columns if c.improve} == improve
    assert all(c.prompt.strip() for c in fmt.columns)
    assert fmt.name.strip() and fmt.description.strip()


@pytest.mark.parametrize("fmt", BUILTIN_FORMATS, ids=lambda f: f.key)
def test_every_built_in_format_has_an_improve_like_column(fmt: Format) -> None:
    assert any(c.improve for c in fmt.columns)


def test_intents_are_recorded_by_the_aar_and_the_postmortem() -> None:
    assert {f.key for f in BUILTIN_FORMATS if f.intents} == {"aar", "postmortem"}


@pytest.mark.parametrize("typed", ["SSC", " ssc ", "Ssc"])
def test_get_format_ignores_case_and_spaces(typed: str) -> None:
    assert get_format(typed).key == "ssc"


def test_an_unknown_format_lists_the_known_ones_including_the_teams() -> None:
    own = make_format("daily", "Daily", [Column("notes", "Notes", "Anything?")])
    with pytest.raises(ValidationError) as caught:
        get_format("kanban", [own])
    assert caught.value.message == (
        "unknown format 'kanban'; known formats: aar, ssc, 4ls, msg, sailboat, wwti, "
        "postmortem, daily"
    )


@pytest.mark.parametrize(
    ("typed", "key"),
    [("improve", "improve"), ("Sustain", "sustain"), ("HAPP", "happened"), ("pl", "planned")],
)
def test_a_column_is_found_by_key_title_or_unique_prefix(typed: str, key: str) -> None:
    assert get_format("aar").column(typed).key == key


def test_a_column_is_found_by_its_title() -> None:
    assert get_format("postmortem").column("root causes").key == "causes"
    assert get_format("4ls").column("longed for").key == "longed"


@pytest.mark.parametrize("typed", ["later", "", "  ", "l"])
def test_an_unknown_or_ambiguous_column_lists_the_columns(typed: str) -> None:
    # "l" is ambiguous in 4Ls: liked, learned, lacked, longed.
    with pytest.raises(ValidationError) as caught:
        get_format("4ls").column(typed)
    assert caught.value.message == (
        f"format '4ls' has no column '{typed}'; its columns are: liked, learned, lacked, longed"
    )


# --- custom formats --------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "Bad Key", "-dash", "a" * 33, "é", "a/b", "[bold]"])
def test_a_custom_format_with_a_bad_key_is_refused(key: str) -> None:
    with pytest.raises(ValidationError, match="must be 1-32 lower-case letters, digits"):
        make_format(key, "Mine", [Column("a", "A", "?")])


def test_a_custom_format_key_is_read_in_lower_case() -> None:
    assert make_format(" Daily ", "Daily", [Column("a", "A", "?")]).key == "daily"


def test_a_custom_format_needs_a_name_and_a_column() -> None:
    with pytest.raises(ValidationError, match="a format needs a name"):
        make_format("mine", "  ", [Column("a", "A", "?")])
    with pytest.raises(ValidationError, match="format 'mine' needs at least one column"):
        make_format("mine", "Mine", [])


def test_a_custom_format_refuses_duplicate_or_bad_column_keys() -> None:
    with pytest.raises(ValidationError, match="format 'mine' has two columns called 'a'"):
        make_format("mine", "Mine", [Column("a", "A", "?"), Column("a", "Again", "?")])
    with pytest.raises(ValidationError, match="column key 'Two Words' must be 1-32 lower-case"):
        make_format("mine", "Mine", [Column("Two Words", "A", "?")])


def test_a_column_without_a_title_is_shown_under_its_key() -> None:
    fmt = make_format("mine", "Mine", [Column("notes", " ", "?")])
    assert fmt.columns[0].title == "notes"
    assert Format.from_dict(fmt.to_dict()) == fmt


@settings(max_examples=100, deadline=None)
@given(custom_formats())
def test_any_custom_format_round_trips(fmt: Format) -> None:
    stored = fmt.to_dict()
    assert Format.from_dict(stored) == fmt
    assert Format.from_dict(json.loads(json.dumps(stored))) == fmt
    assert Format.from_dict(orjson.loads(orjson.dumps(stored, option=orjson.OPT_SORT_KEYS))) == fmt
    assert get_format(fmt.key, [fmt]) == fmt


@pytest.mark.parametrize("fmt", BUILTIN_FORMATS, ids=lambda f: f.key)
def test_a_built_in_format_round_trips_too(fmt: Format) -> None:
    assert Format.from_dict(orjson.loads(orjson.dumps(fmt.to_dict()))) == fmt


@settings(max_examples=50, deadline=None)
@given(custom_formats(builtin_keys=True))
def test_a_custom_key_never_hides_a_built_in(fmt: Format) -> None:
    known = all_formats([fmt])
    assert known[: len(BUILTIN_FORMATS)] == list(BUILTIN_FORMATS)
    assert len({f.key for f in known}) == len(known)
    if fmt.key in BUILTIN_BY_KEY:
        assert get_format(fmt.key, [fmt]) is BUILTIN_BY_KEY[fmt.key]
        assert fmt not in known or fmt == BUILTIN_BY_KEY[fmt.key]
    else:
        assert get_format(fmt.key, [fmt]) is fmt


def test_a_custom_ssc_does_not_replace_the_built_in_ssc() -> None:
    own = make_format("ssc", "Our SSC", [Column("more", "More", "?"), Column("less", "Less", "?")])
    assert get_format("ssc", [own]).column_keys == ("start", "stop", "continue")
    assert [f.key for f in all_formats([own])].count("ssc") == 1
