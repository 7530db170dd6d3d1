"""Searching lessons: the filters of `retro lessons`, answered from the search cache
(`retro.store.search_cache`) without parsing every lessons partition.

A search maps the cache file, finds the longest word of the query with `bytes.find` over the
lines of every partition (the base's, with the delta's in place of those changed since), checks
every word against the hit line's haystack and parses only those lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from retro.store.search_cache import SEP, SearchCache, Segment, open_cache, rebuild

if TYPE_CHECKING:
    from retro.model import Lesson

_MIN_SHOWN = 4  # as retro.ids.MIN_SHOWN; checked by the tests


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

    __slots__ = ("every_id", "lessons")

    def __init__(self, lessons: list[dict[str, Any]], every_id: list[str]) -> None:
        self.lessons = lessons
        self.every_id = every_id
        """Every lesson id of the store, sorted."""

    def short_ids(self) -> dict[str, str]:
        """Each found lesson's shortest id prefix (at least four characters) that no other
        lesson of the store shares: the prefixes `retro.ids.shortest_prefixes` gives."""
        ordered = self.every_id
        last = len(ordered)
        out: dict[str, str] = {}
        for row in self.lessons:
            full = row["id"]
            low = bisect.bisect_left(ordered, full)
            high = bisect.bisect_right(ordered, full, low)
            # Only the neighbours in sorted order can share a longer prefix than any other id.
            need = _MIN_SHOWN
            if low:
                need = _past_shared(full, ordered[low - 1], need)
            if high < last:
                need = _past_shared(full, ordered[high], need)
            out[full] = full[:need]
        return out


def _past_shared(full: str, other: str, need: int) -> int:
    """At least `need`, and long enough that `full[:n]` is not a prefix of `other` (the
    common prefix plus one, at most the whole of `full`)."""
    size = len(full)
    while need <= size and full[:need] == other[:need]:
        need += 1
    return need


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
    try:
        return _search(cache, filters)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        # A cache that loaded but holds something else: make it again from the store.
        return _search(rebuild(root, env), filters)


def _search(cache: SearchCache, filters: Filters) -> Found:
    words = filters.search.casefold().split() if filters.search else []
    # A lesson with a tag holds the tag's casefolded words in its haystack: a cheap first test.
    needles = words + [w for tag in filters.tags for w in tag.casefold().split()]
    rows = [orjson.loads(r) for segment in cache.segments() for r in _records(segment, needles)]
    wanted = set(filters.tags)
    author = filters.author.casefold() if filters.author is not None else None
    kept = rows
    if wanted or author is not None or filters.since is not None or filters.until is not None:
        kept = [
            row
            for row in rows
            if (filters.since is None or date.fromisoformat(row["on"]) >= filters.since)
            and (filters.until is None or date.fromisoformat(row["on"]) <= filters.until)
            and wanted <= set(row["tags"])
            and (author is None or (row["author"] or "").casefold() == author)
        ]
    kept.sort(key=_newest_key, reverse=True)
    if filters.limit:
        kept = kept[: filters.limit]
    return Found(kept, cache.ids)


def _newest_key(row: dict[str, Any]) -> tuple[date, datetime]:
    """The order of `Store.lessons()`: by date, then by when it was written."""
    return date.fromisoformat(row["on"]), datetime.fromisoformat(row["created"])


def _records(segment: Segment, needles: list[str]) -> list[bytes]:
    """The lesson JSON of each line of `segment` whose haystack holds every needle, in
    order."""
    data, start_at, stop = segment
    if not needles:
        return [line[line.rindex(SEP) + 1 :] for line in data[start_at:stop].split(b"\n") if line]
    encoded = [n.encode() for n in needles]
    first = max(encoded, key=len)
    out: list[bytes] = []
    find, rfind = data.find, data.rfind
    at = find(first, start_at, stop)
    while at >= 0:
        start = max(rfind(b"\n", start_at, at) + 1, start_at)
        end = find(b"\n", at, stop)
        if end < 0:
            end = stop
        line = data[start:end]
        one = line.index(SEP)
        two = line.index(SEP, one + 1)
        hay = line[one + 1 : two]
        if all(n in hay for n in encoded):
            out.append(line[two + 1 :])
        at = find(first, end, stop)
    return out
