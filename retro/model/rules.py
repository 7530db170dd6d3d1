"""The vocabulary of the domain and the checks every concept shares: ratings, phases,
statuses, text, names, tags, dates and ids, each refused with a `ValidationError` saying what
is wrong."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any, Literal, cast

from retro.errors import ValidationError

Rating = Literal["exceeded", "met", "partly", "missed"]
RATINGS: tuple[Rating, ...] = ("exceeded", "met", "partly", "missed")

Phase = Literal["reflect", "group", "vote", "discuss", "act", "closed"]
PHASES: tuple[Phase, ...] = ("reflect", "group", "vote", "discuss", "act", "closed")

SprintStatus = Literal["planned", "active", "closed"]
SPRINT_STATUSES: tuple[SprintStatus, ...] = ("planned", "active", "closed")

ActionStatus = Literal["open", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "done", "dropped")

DEFAULT_VOTES = 3
DEFAULT_TOLERANCE = 0.1
MAX_TEXT = 1_000_000
"""Longest text accepted for one field, in characters (a card of 1 MB is absurd but safe)."""


# --- helpers ---------------------------------------------------------------------------------


def now() -> datetime:
    """The current time in UTC (what the store records; it also orders cards added together)."""
    return datetime.now(UTC)


def _text(value: str, what: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text")
    if required and not value.strip():
        raise ValidationError(f"{what} cannot be empty")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{what} is longer than {MAX_TEXT:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # A byte that is not UTF-8 in a shell argument arrives as a lone surrogate; JSON
        # (orjson) cannot store it.
        raise ValidationError(
            f"{what} has characters that are not valid text (bytes that are not UTF-8)"
        ) from None
    return value


def _name(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    value = _text(value, what).strip()
    return value


def _names(values: Any, what: str) -> list[str]:
    """A list of people's names, each kept once, in order, without surrounding spaces."""
    if values is None:
        return []
    if not isinstance(values, list | tuple):
        raise ValidationError(f"{what} must be a list of names")
    out: list[str] = []
    for value in values:
        name = _name(value, what)
        if name and name not in out:
            out.append(name)
    return out


def _who(value: str | None, what: str) -> str | None:
    """A person's name as given (None for nobody): text, but kept exactly as it is."""
    return None if value is None else _text(value, what, required=False)


def _tags(tags: list[str] | tuple[str, ...]) -> list[str]:
    """Tags are lower-case words without a leading '#', each kept once, in order."""
    out: list[str] = []
    for tag in tags:
        clean = _text(tag, "a tag").strip().lstrip("#").strip().lower()
        if not clean:
            raise ValidationError("a tag cannot be empty")
        if any(ch.isspace() for ch in clean):
            raise ValidationError(f"tag '{tag}' cannot contain spaces")
        if clean not in out:
            out.append(clean)
    return out


def _rating(value: str | None) -> Rating | None:
    if value is None:
        return None
    clean = value.strip().lower()
    if clean not in RATINGS:
        raise ValidationError(f"rating '{value}' is not one of: {', '.join(RATINGS)}")
    return cast(Rating, clean)


def _number(value: float | int | None, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{what} must be a number")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise ValidationError(f"{what} must be a finite number")
    return result


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _pd(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValidationError(f"stored date '{value}' is not an ISO date") from exc


def _pdt(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(f"stored time '{value}' is not an ISO time") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _req_date(value: Any, what: str) -> date:
    parsed = _pd(value)
    if parsed is None:
        raise ValidationError(f"{what} is missing")
    return parsed


def _check_id(value: str, kind: str) -> str:
    if not isinstance(value, str) or len(value) < 2 or value[0] != kind:
        raise ValidationError(f"'{value}' is not a valid id for this object")
    return value


def _whole_minutes(value: Any) -> Any:
    """A stored time box as whole minutes: stores written before time boxes had to be whole
    may hold one like 1.5, read as the next whole minute (2) rather than refused."""
    if isinstance(value, float) and math.isfinite(value) and 0 < value <= 24 * 60:
        return math.ceil(value)
    return value


def check_pulse(score: int) -> int:
    """A pulse rating: how aligned the work felt with the purpose, 1–5."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(f"pulse {score} is outside 1–5 (1 = not at all, 5 = fully aligned)")
    return score
