"""The digest of one store file: what the TUI's dashboard needs of it, made from the file (and
checked as the store checks it), and the shape a digest read back from the cache must have.
`retro.store.digest` keeps them, by file, in the cache.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from retro.errors import CorruptStoreError
from retro.store import files
from retro.store.reviews import review_from_tables
from retro.store.stamps import newest_first, read_lessons, read_raw, read_sprint, without_cards

NEWEST_LESSONS = 10
"""How many of its newest lessons a partition's digest keeps (the dashboard shows ten)."""
REVIEW_TABLES = ("review", "intents", "actions", "kudos")
"""The tables of a review file a digest keeps: all but the cards."""
SPRINT_TABLES = ("sprint", "goals")
"""The tables of a sprint file a digest keeps."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sort_key(day: date, moment: datetime) -> list[int]:
    """A day and a moment as two integers that sort as the pair does (day ordinal, microseconds
    since the epoch; a moment without a zone is taken as UTC, as the model reads it)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return [day.toordinal(), (aware - _EPOCH) // timedelta(microseconds=1)]


Piece = bytes | list[int]
"""JSON bytes in a digest: the bytes, or where they are in the cache file's pieces (offset,
length)."""


def piece(data: Any) -> bytes:
    """`data` as JSON bytes, copied to their exact size (orjson's own bytes keep a buffer of
    4 KB or more: thousands of small pieces would take tens of MB)."""
    return bytes(memoryview(orjson.dumps(data)))


def digest_review(path: Path) -> dict[str, Any] | None:
    found = read_raw(path, "review")
    if found is None:
        return None
    raw, stamp = found
    try:
        data = files.parse(path, without_cards(raw), "review")
    except CorruptStoreError:
        data = files.parse(path, raw, "review")  # the whole file says what is wrong
    tables = {name: data.get(name, {}) for name in REVIEW_TABLES}
    review = review_from_tables({**tables, "cards": {}}, path)  # checked as the store checks it
    opened = [action for action in review.actions if action.status == "open"]
    return {
        "stamp": list(stamp),
        "key": sort_key(review.on, review.created),
        "due": [None if a.due is None else a.due.toordinal() for a in opened],
        "open": piece([a.to_dict() for a in opened]),
        "tables": piece(tables),
    }


def digest_sprint(path: Path) -> dict[str, Any] | None:
    found = read_sprint(path)
    if found is None:
        return None
    sprint, data, stamp = found
    return {
        "stamp": list(stamp),
        "key": sort_key(sprint.start, sprint.created),
        "status": sprint.status,
        "tables": piece({name: data.get(name, {}) for name in SPRINT_TABLES}),
    }


def digest_lessons(path: Path) -> dict[str, Any] | None:
    found = read_lessons(path)
    if found is None:
        return None
    lessons, stamp = found
    newest = [
        [*sort_key(lesson.on, lesson.created), lesson.to_dict()]
        for lesson in newest_first(lessons)[:NEWEST_LESSONS]
    ]
    return {
        "stamp": list(stamp),
        "count": len(lessons),
        "top": newest[0][:2] if newest else None,
        "newest": piece(newest),
    }


def ints(value: Any, count: int) -> bool:
    return isinstance(value, list) and len(value) == count and all(type(v) is int for v in value)


def valid_entry(rel: str, entry: Any) -> bool:
    """Whether a cached entry has the shape of a digest (its content is checked when used)."""
    if not isinstance(entry, dict) or not ints(entry.get("stamp"), 3):
        return False
    if rel.startswith("reviews/"):
        return (
            ints(entry.get("key"), 2)
            and isinstance(entry.get("due"), list)
            and all(v is None or type(v) is int for v in entry["due"])
            and ints(entry.get("open"), 2)
            and ints(entry.get("tables"), 2)
        )
    if rel.startswith("sprints/"):
        return (
            ints(entry.get("key"), 2)
            and isinstance(entry.get("status"), str)
            and ints(entry.get("tables"), 2)
        )
    top = entry.get("top")
    return (
        type(entry.get("count")) is int
        and (top is None or ints(top, 2))
        and ints(entry.get("newest"), 2)
    )
