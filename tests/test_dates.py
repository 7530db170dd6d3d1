"""Human dates: what people type, and the day they mean."""

from __future__ import annotations

from datetime import date

import pytest

from retro.dates import describe, parse_date, parse_range
from retro.errors import ValidationError

TODAY = date(2026, 3, 11)  # a Wednesday

TABLE = [
    ("2026-11-30", date(2026, 11, 30)),
    ("  2026-11-30 ", date(2026, 11, 30)),
    ("today", TODAY),
    ("Today", TODAY),
    ("yesterday", date(2026, 3, 10)),
    ("tomorrow", date(2026, 3, 12)),
    ("+3d", date(2026, 3, 14)),
    ("-2w", date(2026, 2, 25)),
    ("+1m", date(2026, 4, 11)),
    ("-1m", date(2026, 2, 11)),
    ("+1y", date(2027, 3, 11)),
    ("+3 days", date(2026, 3, 14)),
    ("+ 2 weeks", date(2026, 3, 25)),
    ("next friday", date(2026, 3, 13)),
    ("next wednesday", date(2026, 3, 18)),
    ("next wed", date(2026, 3, 18)),
    ("last monday", date(2026, 3, 9)),
    ("last wednesday", date(2026, 3, 4)),
    ("last sunday", date(2026, 3, 8)),
    ("friday", date(2026, 3, 13)),
    ("Fri", date(2026, 3, 13)),
    ("wednesday", TODAY),
    ("monday", date(2026, 3, 16)),
    ("in 3 days", date(2026, 3, 14)),
    ("in 2 weeks", date(2026, 3, 25)),
    ("in a month", date(2026, 4, 11)),
    ("3 days ago", date(2026, 3, 8)),
    ("a week ago", date(2026, 3, 4)),
    ("2 months ago", date(2026, 1, 11)),
    ("next week", date(2026, 3, 18)),
    ("last month", date(2026, 2, 11)),
    ("30 Nov 2026", date(2026, 11, 30)),
    ("Nov 30 2026", date(2026, 11, 30)),
    ("2026/11/30", date(2026, 11, 30)),
    ("20261130", date(2026, 11, 30)),
    ("March 31", date(2026, 3, 31)),
    ("2026-11-30T14:00", date(2026, 11, 30)),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_parse_date_gives_the_day_a_person_means(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_table_is_big_enough() -> None:
    assert len(TABLE) >= 20


def test_months_keep_the_day_when_they_can_and_clip_when_they_cannot() -> None:
    assert parse_date("+1m", today=date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_date("+1y", today=date(2024, 2, 29)) == date(2025, 2, 28)


def test_next_and_last_skip_today() -> None:
    friday = date(2026, 3, 13)
    assert parse_date("friday", today=friday) == friday
    assert parse_date("next friday", today=friday) == date(2026, 3, 20)
    assert parse_date("last friday", today=friday) == date(2026, 3, 6)


@pytest.mark.parametrize(
    "text",
    ["blurgh", "3", "2026", "2026-02-30", "next blah", "in x days", "+3q", "tomorow", "--"],
)
def test_bad_dates_are_refused_naming_what_was_given(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, today=TODAY)
    assert f"'{text}' is not a date" in info.value.message
    assert "next friday" in info.value.message


def test_an_empty_date_asks_for_one() -> None:
    with pytest.raises(ValidationError, match="a date is needed"):
        parse_date("   ", today=TODAY)


def test_the_exact_message_for_nonsense() -> None:
    with pytest.raises(ValidationError) as info:
        parse_date("blurgh", today=TODAY)
    assert (
        info.value.message == "'blurgh' is not a date (try 2026-11-30, today, +2w or next friday)"
    )


def test_range_refuses_an_end_before_the_start() -> None:
    assert parse_range("-1w", "today", today=TODAY) == (date(2026, 3, 4), TODAY)
    assert parse_range(None, None, today=TODAY) == (None, None)
    with pytest.raises(ValidationError, match="ends"):
        parse_range("today", "-1w", today=TODAY)


def test_describe_says_how_far_away_a_day_is() -> None:
    assert describe(TODAY, TODAY) == "today"
    assert describe(date(2026, 3, 14), TODAY) == "in 3d"
    assert describe(date(2026, 3, 1), TODAY) == "10d ago"
