"""Searching lessons: the filters of `retro lessons`, answered by the store's index
(`retro.store.index`: SQLite, FTS5 trigrams for the words) without parsing every partition.

This module needs no `Store` (nor the model, unless a partition changed since the index last
looked), so a search pays for neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from retro.store.index import Index

if TYPE_CHECKING:
    pass

ORDER = "ORDER BY on_ord DESC, created DESC, part, pos"
"""The order of `Store.lessons()`: newest first (by date, then creation), ties in the store's
order of partitions and of each partition's lessons."""


class Filters:
    """What `retro lessons` asks of a lesson; every part is optional."""

    __slots__ = ("author", "limit", "search", "since", "tags", "until")

    def __init__(
        self,
        search: str | None = None,
        tags: Sequence[str] = (),
        since: date | None = None,
        until: date | None = None,
        author: str | None = None,
        limit: int | None = None,
    ) -> None:
        self.search = search
        """Every word of it must appear in the text or tags, as `Lesson.matches` finds them."""
        self.tags = tuple(tags)
        """Tags the lesson must all have (normalised, as the CLI's TAG type gives them)."""
        self.since = since
        self.until = until
        self.author = author
        """Compared case-insensitively."""
        self.limit = limit
        """At most this many, the newest."""


class Found:
    """The lessons a search found, newest first, as ``Lesson.to_dict`` gives them."""

    __slots__ = ("_index", "_kept", "lessons")

    def __init__(
        self, lessons: list[dict[str, Any]], kept: dict[str, object], index: Index
    ) -> None:
        self.lessons = lessons
        self._kept = kept
        self._index = index

    def short_ids(self) -> dict[str, str]:
        """Each found lesson's shortest id prefix (at least four characters) that no other
        lesson of the store shares: the prefixes `retro.ids.shortest_prefixes` gives."""
        try:
            return self._index.kept_short(list(self._kept), self._kept)
        finally:
            self._index.close()  # the search is over: its connection goes now, not at exit


def where(filters: Filters) -> tuple[str, list[object]]:
    """The SQL condition on ``lessons`` (and its arguments) for the filters but the limit."""
    parts: list[str] = []
    args: list[object] = []
    words = filters.search.casefold().split() if filters.search else []
    long = [w for w in words if len(w) >= 3]  # what a trigram index can look up
    if long:
        parts.append("rowid IN (SELECT rowid FROM lesson_fts WHERE lesson_fts MATCH ?)")
        args.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long))
    for word in words:  # exactly as `Lesson.matches` (the index also folds case its own way)
        parts.append("instr(hay, ?) > 0")
        args.append(word)
    if filters.since is not None:
        parts.append("on_ord >= ?")
        args.append(filters.since.toordinal())
    if filters.until is not None:
        parts.append("on_ord <= ?")
        args.append(filters.until.toordinal())
    if filters.author is not None:
        parts.append("author = ?")
        args.append(filters.author.casefold())
    for tag in filters.tags:
        parts.append("EXISTS (SELECT 1 FROM json_each(lessons.tags) WHERE value = ?)")
        args.append(tag)
    return " AND ".join(parts) or "1", args


def search(root: Path, filters: Filters, env: Mapping[str, str] | None = None) -> Found:
    """The lessons of the store at `root` that pass `filters`, newest first: the same lessons
    in the same order as filtering `Store.lessons()` by the filters (`Lesson.matches` for
    the words).

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: a partition is damaged.
    """
    index = Index(root, env)
    index.sync("lessons")
    damaged = index.damaged("lessons")
    if damaged:
        from retro.store.documents import check_documents
        from retro.store.files import read_file

        for rel in damaged:  # say what is wrong, as the store's own read does
            path = Path(root) / rel
            data = read_file(path, "lessons")
            if data is not None:
                check_documents(path, "lessons", data)
    condition, args = where(filters)
    limit = f" LIMIT {int(filters.limit)}" if filters.limit else ""
    rows = index.rows(
        "SELECT doc, lessons.id, short.short FROM lessons LEFT JOIN short USING (id)"
        f" WHERE {condition} {ORDER}{limit}",
        args,
    )
    kept = {str(row[1]): row[2] for row in rows}
    return Found([orjson.loads(str(row[0])) for row in rows], kept, index)
