"""What a snapshot does not build up front: every review (without and with its cards), every
sprint and every lesson, each built once, when first asked for or by the worker that completes a
snapshot after the dashboard is drawn.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from retro.loading.dashboard import Dashboard, lesson_files, newest_first, read_lessons, read_review
from retro.loading.dashboard import Version as Stamp
from retro.model import Lesson, Review, Sprint

T = TypeVar("T")
Cancelled = Callable[[], bool]

Listed = tuple[str, str, Stamp]
"""A file of a snapshot: the id of its review or sprint, its relative path and its stamp."""


class FullData:
    """Every review (its header: all but its cards; and all of it), sprint and lesson of a
    snapshot, in the store's order.

    Each is loaded once, by whichever thread asks first (the others wait for it); an earlier
    snapshot's objects are reused for every file that has not changed since.
    """

    def __init__(
        self,
        digest: Dashboard,
        reviews: Sequence[Listed],
        sprints: Sequence[Listed],
        lessons: Mapping[str, Stamp],
        previous: FullData | None,
    ) -> None:
        self.root = digest.root
        self._digest = digest
        self._review_list = reviews
        self._review_files = {rid: (rel, stamp) for rid, rel, stamp in reviews}
        self._sprint_list = sprints
        self._lesson_files = lessons
        self._previous = previous
        self._header_lock = threading.Lock()
        self._sprint_lock = threading.Lock()
        self._review_lock = threading.Lock()
        self._lesson_lock = threading.Lock()
        self._header_map: dict[str, tuple[Stamp, Review]] | None = None
        self._headers: tuple[Review, ...] | None = None
        self._sprint_map: dict[str, tuple[Stamp, Sprint]] | None = None
        self._sprints: tuple[Sprint, ...] | None = None
        self._review_map: dict[str, tuple[Stamp, Review]] | None = None
        self._reviews: tuple[Review, ...] | None = None
        self._lesson_parts: dict[str, tuple[Stamp, list[Lesson]]] | None = None
        self._lessons: tuple[Lesson, ...] | None = None
        self._one: dict[str, tuple[Stamp, Review]] = {}

    def listed(self) -> tuple[Sequence[Listed], Sequence[Listed]]:
        """The review and the sprint files of the snapshot, in the store's order."""
        return self._review_list, self._sprint_list

    def built_headers(self) -> bool:
        """Whether every review's header is built (`headers`)."""
        return self._headers is not None

    # -- from the digests --------------------------------------------------------------------

    def headers(
        self, known: Mapping[str, Review] | None = None, cancelled: Cancelled | None = None
    ) -> tuple[Review, ...] | None:
        """Every review without its cards, oldest first (None if cancelled first); `known`
        holds headers already built for this snapshot, by id."""
        with self._header_lock:
            if self._headers is None:
                base = self._previous_map("_header_lock", "_header_map")
                build = self._digest.light_review
                built = _build(self._review_list, base, known or {}, cancelled, build)
                if built is None:
                    return None
                self._header_map = built
                self._headers = tuple(review for _, review in built.values())
            return self._headers

    def sprints(
        self, known: Mapping[str, Sprint] | None = None, cancelled: Cancelled | None = None
    ) -> tuple[Sprint, ...] | None:
        """Every sprint by start (None if cancelled first); `known` as for `headers`."""
        with self._sprint_lock:
            if self._sprints is None:
                base = self._previous_map("_sprint_lock", "_sprint_map")
                build = self._digest.sprint
                built = _build(self._sprint_list, base, known or {}, cancelled, build)
                if built is None:
                    return None
                self._sprint_map = built
                self._sprints = tuple(sprint for _, sprint in built.values())
            return self._sprints

    def _previous_map(self, lock: str, name: str) -> dict[str, tuple[Stamp, Any]]:
        previous = self._previous
        if previous is None:
            return {}
        with getattr(previous, lock):  # if it is loading, wait and use what it loaded
            return getattr(previous, name) or {}

    # -- from the files ------------------------------------------------------------------------

    def reviews(self, cancelled: Cancelled | None = None) -> tuple[Review, ...] | None:
        """Every review with all it holds, oldest first (None if cancelled first)."""
        with self._review_lock:
            if self._reviews is None:
                base = self._previous_reviews()
                loaded: dict[str, tuple[Stamp, Review]] = {}
                for review_id, _, _ in self._review_list:
                    if cancelled is not None and cancelled():
                        return None
                    found = self._reuse(review_id, base) or self._read(review_id)
                    if found is not None:
                        loaded[review_id] = found
                for review_id, one in list(self._one.items()):
                    # Read on the main thread while this ran, and newer: keep the newer.
                    if review_id in loaded and _newer(one, loaded[review_id]):
                        loaded[review_id] = one
                self._review_map = loaded
                self._reviews = tuple(
                    sorted((r for _, r in loaded.values()), key=lambda r: (r.on, r.created))
                )
            return self._reviews

    def review(self, review_id: str) -> Review | None:
        """One review with all it holds (its file is read if every review is not loaded yet)."""
        if review_id not in self._review_files:
            return None
        loaded = self._review_map
        if loaded is not None:
            found = loaded.get(review_id)
            one = self._one.get(review_id)
            if one is not None and (found is None or _newer(one, found)):
                found = one  # read here while every review was being loaded: never go back
            return found[1] if found else None
        found = self._reuse(review_id, self._previous_reviews(wait=False)) or self._read(review_id)
        if found is None:
            return None
        self._one[review_id] = found
        return found[1]

    def lessons(self, cancelled: Cancelled | None = None) -> tuple[Lesson, ...] | None:
        """Every lesson, newest first (None if cancelled first)."""
        with self._lesson_lock:
            if self._lessons is None:
                previous = self._previous
                base: dict[str, tuple[Stamp, list[Lesson]]] = {}
                if previous is not None:
                    with previous._lesson_lock:
                        base = previous._lesson_parts or {}
                parts: dict[str, tuple[Stamp, list[Lesson]]] = {}
                for rel, stamp in self._lesson_files.items():
                    if cancelled is not None and cancelled():
                        return None
                    old = base.get(rel)
                    if old is not None and old[0] == stamp:
                        parts[rel] = old
                    elif (found := read_lessons(self.root / rel)) is not None:
                        parts[rel] = (found[1], found[0])
                self._lesson_parts = parts
                every = [lesson for rel in lesson_files(parts) for lesson in parts[rel][1]]
                self._lessons = tuple(newest_first(every))
            return self._lessons

    def _previous_reviews(self, wait: bool = True) -> dict[str, tuple[Stamp, Review]]:
        previous = self._previous
        if previous is None:
            return {}
        if not wait:
            return previous._review_map or previous._one
        with previous._review_lock:  # if it is loading, wait and use what it loaded
            return previous._review_map or previous._one

    def _reuse(
        self, review_id: str, base: Mapping[str, tuple[Stamp, Review]]
    ) -> tuple[Stamp, Review] | None:
        stamp = self._review_files[review_id][1]
        for source in (self._one, base):
            found = source.get(review_id)
            if found is not None and found[0] == stamp:
                return found
        return None

    def _read(self, review_id: str) -> tuple[Stamp, Review] | None:
        found = read_review(self.root / self._review_files[review_id][0])
        return None if found is None else (found[1], found[0])

    def loaded(self) -> bool:
        """Whether everything is loaded."""
        return None not in (self._headers, self._sprints, self._reviews, self._lessons)

    def release(self) -> None:
        """Forget the earlier snapshot once everything is loaded (it is no longer needed)."""
        if self.loaded():
            self._previous = None


def _newer(one: tuple[Stamp, Review], other: tuple[Stamp, Review]) -> bool:
    """Whether `one` was read from a later version of its file than `other` (every write
    replaces the file, so a later version has a later or equal modification time)."""
    return one[0] != other[0] and one[0][0] >= other[0][0]


def _build(
    listed: Sequence[Listed],
    base: Mapping[str, tuple[Stamp, T]],
    known: Mapping[str, T],
    cancelled: Cancelled | None,
    build: Callable[[str], T | None],
) -> dict[str, tuple[Stamp, T]] | None:
    """Each listed file's object: a known one, an earlier snapshot's if the file has not changed
    since, else built from its digest (a file deleted since is left out)."""
    built: dict[str, tuple[Stamp, T]] = {}
    for item_id, rel, stamp in listed:
        if cancelled is not None and cancelled():
            return None
        found = known.get(item_id)
        if found is None:
            old = base.get(item_id)
            found = old[1] if old is not None and old[0] == stamp else build(rel)
        if found is not None:
            built[item_id] = (stamp, found)
    return built


def previous_headers(full: FullData | None) -> Mapping[str, tuple[Stamp, Review]]:
    """The headers an earlier snapshot has built so far, by id (none if it built none)."""
    if full is None:
        return {}
    return full._header_map or {}


def previous_sprints(full: FullData | None) -> Mapping[str, tuple[Stamp, Sprint]]:
    """The sprints an earlier snapshot has built so far, by id."""
    if full is None:
        return {}
    return full._sprint_map or {}
