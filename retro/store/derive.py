"""What the index keeps of one store file: rows derived from its parsed JSON.

Pure functions of a file's tables (no I/O): `retro.store.index` reads the file, parses and
checks it as the store does (`retro.store.files.parse`, every document built), and stores the
rows these functions give. Ids are found by walking the parsed documents, never by matching
bytes, so a file in any valid JSON layout (compact, rewritten by a tool, merged) is indexed
the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from retro.store.files import META, Tables

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
NO_DUE = date.max.toordinal()
"""The due ordinal of an action without a due date: after every date."""

Row = tuple[Any, ...]


def micros(moment: datetime) -> int:
    """A time as µs since the epoch (a time without a zone is taken as UTC, as the model reads
    it): ordered exactly as the times are."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware - _EPOCH) // _MICROSECOND


def dumps(value: Any) -> str:
    """JSON text of a value (what the index keeps of documents)."""
    return orjson.dumps(value).decode()


def ids_in(value: Any) -> Iterator[str]:
    """Every id held in parsed JSON: the string value of each ``"id"`` key, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str) and item:
                yield item
            elif isinstance(item, dict | list):
                yield from ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from ids_in(item)


def id_rows(tables: Tables, owner: str) -> list[Row]:
    """(id, owner) for every id a file holds, but the file's own review or sprint id."""
    return [
        (found, owner)
        for name, table in tables.items()
        if name not in (META, "review", "sprint")
        for found in ids_in(table)
    ]


def review_rows(tables: Tables, path: Path) -> tuple[Row, list[Row], list[Row]]:
    """A review file's row, its actions' rows and its ids' rows.

    Raises:
        CorruptStoreError: a document is missing a field or breaks a rule.
    """
    from retro.store.documents import review_from_tables

    review = review_from_tables(tables, path)
    outline = {name: tables.get(name, {}) for name in ("review", "intents", "actions", "kudos")}
    opened = [a for a in review.actions if a.status == "open"]
    row = (
        review.id,
        review.on.toordinal(),
        micros(review.created),
        dumps(review.summary_dict()),
        dumps(outline),
        dumps([None if a.due is None else a.due.toordinal() for a in opened]),
        review.title,
    )
    actions = [
        (
            a.id,
            pos,
            a.status,
            (a.owner or "").casefold(),
            NO_DUE if a.due is None else a.due.toordinal(),
            micros(a.created),
            dumps(a.to_dict()),
        )
        for pos, a in enumerate(review.actions)
    ]
    return row, actions, id_rows(tables, review.id)


def sprint_rows(tables: Tables, path: Path) -> tuple[Row, list[Row]]:
    """A sprint file's row and its ids' rows.

    Raises:
        CorruptStoreError: a document is missing a field or breaks a rule.
    """
    from retro.store.documents import sprint_from_tables

    sprint = sprint_from_tables(tables, path)
    kept = {name: tables.get(name, {}) for name in tables if name != META}
    row = (
        sprint.id,
        sprint.status,
        sprint.start.toordinal(),
        sprint.end.toordinal(),
        micros(sprint.created),
        dumps(kept),
    )
    return row, id_rows(tables, sprint.id)


def lesson_rows(tables: Tables, path: Path) -> list[Row]:
    """Each lesson of a partition, in the file's order: (id, place, day ordinal, creation µs,
    casefolded author, tags JSON, review id, lesson JSON, haystack).

    Raises:
        CorruptStoreError: a document is missing a field or breaks a rule.
    """
    from retro.model import Lesson
    from retro.store.documents import build

    out: list[Row] = []
    for pos, doc in enumerate(tables.get("lessons", {}).values()):
        lesson = build(Lesson.from_dict, doc, path)
        out.append(
            (
                lesson.id,
                pos,
                lesson.on.toordinal(),
                micros(lesson.created),
                (lesson.author or "").casefold(),
                dumps(lesson.tags),
                lesson.review_id,
                dumps(lesson.to_dict()),
                haystack(lesson.text, lesson.tags),
            )
        )
    return out


def haystack(text: str, tags: list[str]) -> str:
    """What a search's words are looked for in, as `Lesson.matches` looks."""
    return (text + " " + " ".join(tags)).casefold()


def shortest(full: str, before: str | None, after: str | None, least: int) -> str:
    """The shortest prefix of `full` (at least `least` characters) that neither neighbour (the
    ids just before and after it in sorted order) shares."""
    need = least
    for other in (before, after):
        if other is None or other == full:
            continue
        shared = 0
        for one, two in zip(full, other, strict=False):
            if one != two:
                break
            shared += 1
        need = max(need, shared + 1)
    return full[:need]
