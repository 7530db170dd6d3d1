"""Human dates in, dates out.

People type dates the way they say them: ``today``, ``yesterday``, ``+2w``, ``next friday``,
``3 days ago``, an ISO date, or anything python-dateutil understands (``30 Nov 2026``). Every
function here is pure: "today" is an argument, so a test can fix it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from retro.errors import ValidationError

HINT = "try 2026-11-30, today, +2w or next friday"

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

UNITS: dict[str, str] = {
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "m": "months",
    "mo": "months",
    "mon": "months",
    "month": "months",
    "months": "months",
    "y": "years",
    "yr": "years",
    "yrs": "years",
    "year": "years",
    "years": "years",
}

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_OFFSET = re.compile(rf"^([+-])\s*(\d{{1,5}})\s*({_UNIT})$")
_IN = re.compile(rf"^in\s+(\d{{1,5}}|an?|one)\s*({_UNIT})$")
_AGO = re.compile(rf"^(\d{{1,5}}|an?|one)\s*({_UNIT})\s+ago$")
_NEXT_LAST = re.compile(r"^(next|last|this|coming)\s+(\w+)$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, today: date | None = None) -> date:
    """The date a person means by `text`.

    Understands ISO dates; ``today``, ``yesterday``, ``tomorrow``; offsets ``+3d``, ``-2w``,
    ``+1m``, ``+1y`` (also ``+3 days``); ``in 3 days`` and ``3 days ago``; weekdays: ``friday``
    (the coming one, today if today is a Friday), ``next friday`` (the first one after today),
    ``last monday`` (the last one before today); ``next week``, ``last month``; and anything
    python-dateutil parses (``30 Nov 2026``, ``2026/11/30``), missing parts taken from today.

    Args:
        text: what the person typed.
        today: the day it is (the system date when None).

    Raises:
        ValidationError: the text is not a date; the message shows what works.
    """
    today = today or date.today()
    clean = " ".join(str(text).strip().lower().split())
    if not clean:
        raise ValidationError(f"a date is needed ({HINT})")
    try:
        result = _parse(clean, today)
    except (ValueError, OverflowError):
        result = None
    if result is None:
        raise ValidationError(f"'{text}' is not a date ({HINT})")
    return result


def parse_optional_date(text: str | None, today: date | None = None) -> date | None:
    """Like `parse_date`, but None (or empty text) stays None."""
    if text is None or not str(text).strip():
        return None
    return parse_date(text, today)


def parse_range(
    since: str | None, until: str | None, today: date | None = None
) -> tuple[date | None, date | None]:
    """A date range from two optional human dates.

    Raises:
        ValidationError: a bound is not a date, or the range ends before it starts.
    """
    start = parse_optional_date(since, today)
    end = parse_optional_date(until, today)
    if start and end and end < start:
        raise ValidationError(f"the range ends ({end}) before it starts ({start})")
    return start, end


def shift(day: date, amount: int, unit: str) -> date:
    """`day` moved by `amount` days, weeks, months or years (months keep the day if they can).

    Args:
        day: where to start.
        amount: how many units; negative moves back.
        unit: any unit spelling of `UNITS` (``d``, ``weeks``, ``m`` …).
    """
    name = UNITS[unit]
    if name == "days":
        return day + timedelta(days=amount)
    if name == "weeks":
        return day + timedelta(weeks=amount)
    from dateutil.relativedelta import relativedelta  # only months and years need it

    if name == "months":
        return day + relativedelta(months=amount)
    return day + relativedelta(years=amount)


def describe(day: date, today: date | None = None) -> str:
    """A short human description of a date relative to today (``today``, ``in 3d``, ``2d ago``).

    Used beside ISO dates in tables, so a person sees at once what is overdue.
    """
    today = today or date.today()
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta}d" if delta > 0 else f"{-delta}d ago"


def _count(word: str) -> int:
    return 1 if word in ("a", "an", "one") else int(word)


def _parse(clean: str, today: date) -> date | None:
    if clean == "today" or clean == "now":
        return today
    if clean == "yesterday":
        return today - timedelta(days=1)
    if clean == "tomorrow":
        return today + timedelta(days=1)
    if _ISO.match(clean):
        return date.fromisoformat(clean)
    if match := _OFFSET.match(clean):
        sign = 1 if match[1] == "+" else -1
        return shift(today, sign * int(match[2]), match[3])
    if match := _IN.match(clean):
        return shift(today, _count(match[1]), match[2])
    if match := _AGO.match(clean):
        return shift(today, -_count(match[1]), match[2])
    if clean in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[clean] - today.weekday()) % 7)
    if match := _NEXT_LAST.match(clean):
        return _relative_word(match[1], match[2], today)
    return _dateutil(clean, today)


def _relative_word(which: str, word: str, today: date) -> date | None:
    if word in WEEKDAYS:
        target = WEEKDAYS[word]
        if which == "last":
            return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
        if which in ("this", "coming"):
            return today + timedelta(days=(target - today.weekday()) % 7)
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    if word in UNITS and UNITS[word] != "days":
        sign = -1 if which == "last" else 1
        return shift(today, sign, word) if which != "this" else today
    return None


def _dateutil(clean: str, today: date) -> date | None:
    # Bare numbers ("3", "2026") are more likely a slip than a date: refuse them.
    if clean.isdigit() and len(clean) != 8:
        return None
    from dateutil import parser  # imported here: it costs time the CLI should not pay up front

    try:
        parsed = parser.parse(clean, default=datetime(today.year, today.month, today.day))
    except (parser.ParserError, ValueError, OverflowError, TypeError):
        return None
    return parsed.date()
