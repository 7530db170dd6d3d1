"""The rules of `retro serve` that need no server: token, host, names, browser messages."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retro.errors import ValidationError
from retro.serve import guard


def test_a_new_token_is_long_random_and_url_safe() -> None:
    tokens = {guard.new_token() for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) >= 40
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_no_token_given_means_a_fresh_one_and_an_empty_one_is_refused() -> None:
    assert len(guard.checked_token(None)) >= 40
    assert guard.checked_token("s3cret-token") == "s3cret-token"
    for bad in ("", "   "):
        with pytest.raises(ValidationError, match="cannot be empty"):
            guard.checked_token(bad)
    with pytest.raises(ValidationError, match="spaces or control"):
        guard.checked_token("two words")


def test_token_matches_only_the_exact_token() -> None:
    assert guard.token_matches("abc123", "abc123")
    for given_token in (None, "", "abc12", "abc1234", "ABC123", "abc123 ", "äbc123"):
        assert not guard.token_matches(given_token, "abc123")


@pytest.mark.parametrize(
    ("host", "loopback", "wildcard"),
    [
        ("127.0.0.1", True, False),
        ("localhost", True, False),
        ("::1", True, False),
        ("127.0.0.2", True, False),
        ("0.0.0.0", False, True),
        ("::", False, True),
        ("192.168.1.5", False, False),
        ("team-host", False, False),
    ],
)
def test_hosts(host: str, loopback: bool, wildcard: bool) -> None:
    assert guard.is_loopback(host) is loopback
    assert guard.is_wildcard(host) is wildcard


def test_names_are_cleaned_and_bad_ones_refused() -> None:
    assert guard.checked_name("  Ana   María ") == "Ana María"
    assert guard.checked_name("李小龍 🚀") == "李小龍 🚀"
    for bad, why in [
        (None, "type your name"),
        ("  ", "type your name"),
        ("x" * 61, "at most 60"),
        ("Ana\x1b[31m", "control characters"),
        ("evil\u202eeman", "control characters"),
    ]:
        with pytest.raises(ValidationError, match=why):
            guard.checked_name(bad)


@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip()))
def test_a_name_survives_the_websocket_path(raw: str) -> None:
    try:
        name = guard.checked_name(raw)
    except ValidationError:
        return
    segment = guard.encode_name(name)
    assert set(segment) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert guard.decode_name(segment) == name


def test_a_damaged_name_segment_is_refused() -> None:
    for bad in ("%%%", "////", guard.encode_name("ok")[:-1] + "!", "_w"):
        with pytest.raises(ValidationError):
            guard.decode_name(bad)


def test_cells_are_bounded_and_default_when_not_a_number() -> None:
    assert guard.cells("120", 80) == 120
    assert guard.cells(None, 80) == 80
    assert guard.cells("wide", 80) == 80
    assert guard.cells("-5", 80) == guard.MIN_CELLS
    assert guard.cells("99999999999999999999", 80) == guard.MAX_CELLS


def test_the_messages_the_page_sends_are_understood() -> None:
    assert guard.parse_message('["stdin", "n"]') == guard.Message("stdin", text="n")
    assert guard.parse_message('["ping", "1733"]') == guard.Message("ping", text="1733")
    assert guard.parse_message('["resize", {"width": 132, "height": 40}]') == guard.Message(
        "resize", width=132, height=40
    )
    assert guard.parse_message('["resize", {"width": 1, "height": 100000}]') == guard.Message(
        "resize", width=guard.MIN_CELLS, height=guard.MAX_CELLS
    )
    assert guard.parse_message('["blur"]') == guard.Message("blur")
    assert guard.parse_message('["focus"]') == guard.Message("focus")


@pytest.mark.parametrize(
    "data",
    [
        "",
        "not json",
        "{}",
        "[]",
        "[1, 2]",
        '"stdin"',
        '["stdin"]',
        '["stdin", 5]',
        '["stdin", ["n"]]',
        '["resize", {"width": "80", "height": 24}]',
        '["resize", {"width": true, "height": 24}]',
        '["resize", [80, 24]]',
        '["ping", {"a": 1}]',
        json.dumps(["ping", "x" * (guard.MAX_PING + 1)]),
        '["exec", "rm -rf /"]',
        "[" * 100_000,
    ],
)
def test_anything_else_is_not_a_message(data: str) -> None:
    assert guard.parse_message(data) is None
