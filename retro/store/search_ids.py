"""Every lesson id of the search cache, and the short ids (shortest unique prefixes) that come
from them, without parsing or copying 50,000 ids where a few are needed.

A short id depends only on the id's nearest *different* ids in sorted order, so:

- `IdBlock` reads ids of one width straight from the cache file's bytes (a binary search
  decodes a handful of them);
- `MergedIds` answers for the base's ids less those of partitions changed or gone plus the
  delta's, without building that list.
"""

from __future__ import annotations

import bisect
import mmap
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import orjson

Buffer = bytes | mmap.mmap
"""What a cache file's bytes are held in: read, or mapped."""

MIN_SHOWN = 4
"""The shortest id prefix shown, as `retro.ids.MIN_SHOWN` (checked by the tests)."""


class IdBlock(Sequence[str]):
    """Sorted ids of one width, ASCII, one after another with nothing between them."""

    __slots__ = ("_count", "_data", "_start", "_width")

    def __init__(self, data: Buffer, start: int, end: int, width: int):
        if width <= 0 or (end - start) % width:
            raise ValueError("the id block does not hold whole ids")
        self._data = data
        self._start = start
        self._count = (end - start) // width
        self._width = width

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        at = self._start + index * self._width
        return bytes(self._data[at : at + self._width]).decode("ascii")

    def __iter__(self) -> Iterator[str]:
        width = self._width
        text = bytes(self._data[self._start : self._start + self._count * width]).decode("ascii")
        return iter([text[i : i + width] for i in range(0, len(text), width)])


def encode_ids(ids: Sequence[str]) -> tuple[bytes, int]:
    """The bytes of a sorted id list for the cache file, and their width: the ids one after
    another when all are ASCII and of one width (0: the JSON list, for any other ids)."""
    width = len(ids[0]) if ids else 0
    if width and all(len(i) == width for i in ids):
        joined = "".join(ids)
        if joined.isascii():
            return joined.encode("ascii"), width
    return orjson.dumps(list(ids)), 0


def decode_ids(data: Buffer, start: int, end: int, width: int) -> Sequence[str]:
    """The ids `encode_ids` wrote in ``data[start:end]``.

    Raises:
        ValueError, TypeError: they are damaged.
    """
    if width:
        return IdBlock(data, start, end, width)
    found = orjson.loads(bytes(data[start:end]))
    if not isinstance(found, list) or not set(map(type, found)) <= {str}:
        raise TypeError("the cached id list is damaged")
    return found


def shortest_among(ordered: Sequence[str], wanted: Iterable[str]) -> dict[str, str]:
    """Each of `wanted`'s shortest prefix (at least `MIN_SHOWN` characters) that no other id
    of `ordered` (every id, sorted) shares: the prefixes `retro.ids.shortest_prefixes` gives."""
    last = len(ordered)
    out: dict[str, str] = {}
    for full in wanted:
        low = bisect.bisect_left(ordered, full)
        high = bisect.bisect_right(ordered, full, low)
        out[full] = shortest(
            full, ordered[low - 1] if low else None, ordered[high] if high < last else None
        )
    return out


def shortest(full: str, before: str | None, after: str | None) -> str:
    """`full`'s short id, given the nearest different ids before and after it in sorted order
    (only they can share a longer prefix with it than any other id)."""
    need = MIN_SHOWN
    if before is not None:
        need = _past_shared(full, before, need)
    if after is not None:
        need = _past_shared(full, after, need)
    return full[:need]


def _past_shared(full: str, other: str, need: int) -> int:
    """At least `need`, and long enough that `full[:n]` is not a prefix of `other` (the
    common prefix plus one, at most the whole of `full`)."""
    size = len(full)
    while need <= size and full[:need] == other[:need]:
        need += 1
    return need


class MergedIds:
    """The ids of `base` (sorted) less one occurrence of each of `gone`, plus `added`, as
    multisets: where an id stands among them, without building them."""

    def __init__(self, base: Sequence[str], gone: Iterable[str], added: Iterable[str]) -> None:
        self.base = base
        self.gone = Counter(gone)
        self.added = Counter(added)
        self.extra = sorted(self.added)
        """The added ids, each once, sorted."""

    def count(self, value: str) -> int:
        """How many times `value` is among the ids."""
        low = bisect.bisect_left(self.base, value)
        high = bisect.bisect_right(self.base, value, low)
        return max(high - low - self.gone[value], 0) + self.added[value]

    def neighbours(self, value: str) -> tuple[str | None, str | None]:
        """The nearest ids before and after `value` that differ from it (None at either end)."""
        base, extra = self.base, self.extra
        before = None
        at = bisect.bisect_left(base, value) - 1
        while at >= 0:  # past the ids all of whose occurrences are gone
            if self.count(base[at]):
                before = base[at]
                break
            at = bisect.bisect_left(base, base[at]) - 1
        at = bisect.bisect_left(extra, value) - 1
        if at >= 0 and (before is None or extra[at] > before):
            before = extra[at]
        after = None
        at = bisect.bisect_right(base, value)
        while at < len(base):
            if self.count(base[at]):
                after = base[at]
                break
            at = bisect.bisect_right(base, base[at])
        at = bisect.bisect_right(extra, value)
        if at < len(extra) and (after is None or extra[at] < after):
            after = extra[at]
        return before, after

    def shortest_among(self, wanted: Iterable[str]) -> dict[str, str]:
        """As `shortest_among` over the merged ids."""
        return {full: shortest(full, *self.neighbours(full)) for full in wanted}

    def changed_near(self) -> set[str]:
        """The ids whose short id the changes can alter: every id added or gone (while it is
        still among the ids) and the nearest different ids on either side of each."""
        near: set[str] = set()
        for changed in (self.gone - self.added) + (self.added - self.gone):
            if self.count(changed):
                near.add(changed)
            near.update(n for n in self.neighbours(changed) if n is not None)
        return near
