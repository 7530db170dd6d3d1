"""Searching lessons: the filters of `retro lessons`, answered from the search cache
(`retro.store.search_cache`) without parsing every lessons partition.

A search maps the cache file, finds the longest word of the query with `bytes.find` over the
lines of every partition (the base's, with the delta's in place of those changed since), checks
every word against the hit line's haystack and parses only those lines.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from retro.store.search_cache import (
    SEP,
    SearchCache,
    Segment,
    key_of,
    open_cache,
    rebuild,
)
from retro.store.search_ids import shortest_among

if TYPE_CHECKING:
    from retro.model import Lesson


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

    __slots__ = ("_every", "_shown", "lessons")

    def __init__(
        self,
        lessons: list[dict[str, Any]],
        every_id: list[str] | Callable[[], list[str]],
        shown: dict[str, int] | None = None,
    ) -> None:
        self.lessons = lessons
        self._every = every_id
        self._shown = shown
        """How many characters of each found id its short form shows, when the search cache
        knew (else they come from `every_id`)."""

    @property
    def every_id(self) -> list[str]:
        """Every lesson id of the store, sorted (read on first use)."""
        if callable(self._every):
            self._every = self._every()
        return self._every

    def short_ids(self) -> dict[str, str]:
        """Each found lesson's shortest id prefix (at least four characters) that no other
        lesson of the store shares: the prefixes `retro.ids.shortest_prefixes` gives."""
        if self._shown is not None:
            shown = self._shown
            return {row["id"]: row["id"][: shown[row["id"]]] for row in self.lessons}
        return shortest_among(self.every_id, [row["id"] for row in self.lessons])


def passes(lesson: Lesson, filters: Filters) -> bool:
    """Whether a lesson passes the filters (all but the limit): the plain test, no cache."""
    return (
        (filters.since is None or lesson.on >= filters.since)
        and (filters.until is None or lesson.on <= filters.until)
        and set(filters.tags) <= set(lesson.tags)
        and (
            filters.author is None or (lesson.author or "").casefold() == filters.author.casefold()
        )
        and (not filters.search or lesson.matches(filters.search))
    )


def search(root: Path, filters: Filters, env: Mapping[str, str] | None = None) -> Found:
    """The lessons of the store at `root` that pass `filters`, newest first: the same lessons
    in the same order as filtering `Store.lessons()` with `passes`.

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: a changed partition is damaged.
    """
    cache = open_cache(root, env)

    def every_id() -> list[str]:
        try:
            return cache.ids
        except (ValueError, TypeError):
            return rebuild(root, env).ids  # a damaged id list: make the cache again

    try:
        return _search(cache, filters, every_id)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        # A cache that loaded but holds something else: make it again from the store.
        fresh = rebuild(root, env)
        return _search(fresh, filters, lambda: fresh.ids)


def _search(cache: SearchCache, filters: Filters, every_id: Callable[[], list[str]]) -> Found:
    """The search on one cache; `every_id` gives every lesson id, sorted, when asked."""
    words = filters.search.casefold().split() if filters.search else []
    # A lesson with a tag holds the tag's casefolded words in its haystack: a cheap first test.
    needles = words + [w for tag in filters.tags for w in tag.casefold().split()]
    if filters.limit:
        rows = _newest(cache, needles, filters, filters.limit)
    else:
        rows = _kept(
            [
                (orjson.loads(lesson), shown)
                for segment in cache.segments()
                for shown, lesson in _records(segment, needles)
            ],
            filters,
        )
        rows.sort(key=_newest_key, reverse=True)
    changed = cache.shown  # short ids the delta changes on the base's lines
    return Found(
        [row for row, _ in rows],
        every_id,
        {row["id"]: changed.get(row["id"]) or int(n) for row, n in rows},
    )


Row = tuple[dict[str, Any], bytes]
"""A lesson as ``Lesson.to_dict`` gives it, with its line's short field."""


def _kept(rows: list[Row], filters: Filters) -> list[Row]:
    """The rows that pass the filters' dates, tags and author (the words were looked for in
    the haystacks already)."""
    wanted = set(filters.tags)
    author = filters.author.casefold() if filters.author is not None else None
    if not wanted and author is None and filters.since is None and filters.until is None:
        return rows
    return [
        (row, shown)
        for row, shown in rows
        if (filters.since is None or date.fromisoformat(row["on"]) >= filters.since)
        and (filters.until is None or date.fromisoformat(row["on"]) <= filters.until)
        and wanted <= set(row["tags"])
        and (author is None or (row["author"] or "").casefold() == author)
    ]


def _newest(cache: SearchCache, needles: list[str], filters: Filters, limit: int) -> list[Row]:
    """The `limit` newest rows that pass, in the order a full search would give them, reading
    partitions newest first (`SearchCache.newest_first`) and stopping at the first partition
    whose newest lesson is older than the `limit`-th newest found so far.

    Ties keep the store's order, as the full sort does: a partition whose newest lesson ties
    the `limit`-th is still read, and the rows found are ordered by key, then by partition in
    the store's order, then by line.
    """
    found: list[tuple[tuple[date, datetime], int, int, Row]] = []
    best: list[tuple[date, datetime]] = []  # the `limit` newest keys so far, a min-heap
    for index, segment, newest in cache.newest_first():
        if newest is not None and len(best) == limit and best[0] > key_of(newest):
            break
        rows = [(orjson.loads(lesson), shown) for shown, lesson in _records(segment, needles)]
        for line, row in enumerate(_kept(rows, filters)):
            key = _newest_key(row)
            found.append((key, index, line, row))
            if len(best) < limit:
                heapq.heappush(best, key)
            elif key > best[0]:
                heapq.heapreplace(best, key)
    # Newest first; among equal keys, the store's order (as the stable reverse sort keeps it).
    found.sort(key=lambda item: (item[1], item[2]))
    found.sort(key=lambda item: item[0], reverse=True)
    return [item[3] for item in found[:limit]]


def _newest_key(found: Row) -> tuple[date, datetime]:
    """The order of `Store.lessons()`: by date, then by when it was written."""
    row = found[0]
    return date.fromisoformat(row["on"]), datetime.fromisoformat(row["created"])


def _records(segment: Segment, needles: list[str]) -> list[tuple[bytes, bytes]]:
    """The short field and the lesson JSON of each line of `segment` whose haystack holds
    every needle, in order.

    The longest needle is looked for over the whole segment; each hit's line is read where it
    lies (no copy of the line): a hit in the haystack is a match for that needle, one in the
    JSON after it is not, one in the id field before it means looking again in the haystack.
    """
    data, start_at, stop = segment
    if not needles:
        return [_fields(line)[::2] for line in data[start_at:stop].split(b"\n") if line]
    encoded = [n.encode() for n in needles]
    first = max(encoded, key=len)
    others = [n for n in encoded if n != first]
    out: list[tuple[bytes, bytes]] = []
    find, rfind = data.find, data.rfind
    at = find(first, start_at, stop)
    while at >= 0:
        start = max(rfind(b"\n", start_at, at) + 1, start_at)
        end = find(b"\n", at, stop)
        if end < 0:
            end = stop
        one = find(SEP, start, end)
        two = find(SEP, one + 1, end)
        three = find(SEP, two + 1, end)
        found = find(first, two + 1, three) >= 0 if at < two else at < three
        if found and (not others or all(n in data[two + 1 : three] for n in others)):
            out.append((data[one + 1 : two], data[three + 1 : end]))
        at = find(first, end, stop)
    return out


def _fields(line: bytes) -> tuple[bytes, bytes, bytes]:
    """The short field, the haystack and the lesson JSON of a cache line."""
    one = line.index(SEP)
    two = line.index(SEP, one + 1)
    three = line.index(SEP, two + 1)
    return line[one + 1 : two], line[two + 1 : three], line[three + 1 :]
