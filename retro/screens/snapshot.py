"""What the screens show: one consistent read of the store, and the dashboard's drift figures.

Loading runs in a worker thread and in two steps, so that a large store shows its dashboard at
once. `load_snapshot` reads what the dashboard needs from per-file digests (`retro.store.digest`:
each review file without its cards, each lessons partition's count and newest lessons), kept in
a cache and made again only for files that changed. Every review with its cards and every lesson
are loaded after that (`Snapshot.complete`, in a worker), or on first use, whichever comes first.
Every drift figure comes from `retro.drift` (themes from each review's terms, as
`retro.insights.terms` shows to be the same).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from retro import drift
from retro.errors import NotFoundError
from retro.formats import Format, all_formats, get_format
from retro.insights.terms import Term, review_terms, terms_key, themes_from_terms
from retro.model import Action, Lesson, Review, Sprint, Team
from retro.store import Store
from retro.store.digest import (
    NEWEST_LESSONS,
    Stamp,
    StoreDigest,
    lesson_files,
    newest_first,
    read_lessons,
    read_review,
    review_files,
    scan,
    sprint_files,
)

TREND_WINDOW = 30
"""Trends on the dashboard cover the last this many reviews and sprints."""
RECENT_REVIEWS = 12
"""The dashboard lists this many reviews, with their drift."""

Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Insights:
    """The dashboard's figures, computed once per load."""

    sprint: drift.SprintSummary | None = None
    review_drift: dict[str, float | None] = field(default_factory=dict)
    sprint_trend: tuple[float, ...] = ()
    follow_trend: tuple[float, ...] = ()
    spread_trend: tuple[float, ...] = ()
    follow_through: float | None = None
    themes: tuple[drift.Theme, ...] = ()
    stale: tuple[tuple[Action, int], ...] = ()


class FullData:
    """What a snapshot does not hold up front: every review with its cards, every lesson.

    Each is loaded once, by whichever thread asks first (the others wait for it); an earlier
    snapshot's objects are reused for every file that has not changed since.
    """

    def __init__(
        self,
        root: Path,
        reviews: Mapping[str, tuple[str, Stamp]],
        order: list[str],
        lessons: Mapping[str, Stamp],
        previous: FullData | None,
    ) -> None:
        self.root = root
        self._review_files = reviews
        self._order = order
        self._lesson_files = lessons
        self._previous = previous
        self._review_lock = threading.Lock()
        self._lesson_lock = threading.Lock()
        self._review_map: dict[str, tuple[Stamp, Review]] | None = None
        self._reviews: tuple[Review, ...] | None = None
        self._lesson_parts: dict[str, tuple[Stamp, list[Lesson]]] | None = None
        self._lessons: tuple[Lesson, ...] | None = None
        self._one: dict[str, tuple[Stamp, Review]] = {}

    def reviews(self, cancelled: Cancelled | None = None) -> tuple[Review, ...] | None:
        """Every review with all it holds, oldest first (None if cancelled first)."""
        with self._review_lock:
            if self._reviews is None:
                base = self._previous_reviews()
                loaded: dict[str, tuple[Stamp, Review]] = {}
                for review_id in self._order:
                    if cancelled is not None and cancelled():
                        return None
                    found = self._reuse(review_id, base) or self._read(review_id)
                    if found is not None:
                        loaded[review_id] = found
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

    def release(self) -> None:
        """Forget the earlier snapshot once both halves are loaded (it is no longer needed)."""
        if self._reviews is not None and self._lessons is not None:
            self._previous = None


@dataclass(frozen=True)
class Snapshot:
    """The team, its reviews (oldest first), sprints (by start) and lessons (newest first).

    `headers` holds every review without its cards, which is all the dashboard, the actions and
    the trends need; `reviews`, `review(id)` and `lessons` give everything, loaded on first use
    if `complete` has not loaded it yet.
    """

    team: Team
    headers: tuple[Review, ...]
    """Every review, oldest first, with everything but its cards."""
    sprints: tuple[Sprint, ...]
    recent_lessons: tuple[Lesson, ...]
    """The newest lessons (up to `NEWEST_LESSONS`), newest first."""
    lesson_count: int
    insights: Insights
    stamps: Mapping[str, Stamp]
    """Every store file read, by relative path, with its stamp (`retro.store.digest.scan`)."""
    digest: StoreDigest = field(repr=False, compare=False)
    full: FullData = field(repr=False, compare=False)

    @property
    def reviews(self) -> tuple[Review, ...]:
        """Every review with its cards, oldest first (reads them all on first use)."""
        return self.full.reviews() or ()

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """Every lesson, newest first (reads them all on first use)."""
        return self.full.lessons() or ()

    def complete(self, cache: Path | None = None, cancelled: Cancelled | None = None) -> None:
        """Save the digests to the cache file, then load every lesson and review (a worker's
        second step, after the dashboard is shown)."""
        if cache is not None and self.digest.dirty:
            self.digest.save(cache)
        self.full.lessons(cancelled)
        self.full.reviews(cancelled)
        self.full.release()

    @property
    def formats(self) -> list[Format]:
        """Every format this team can use."""
        return all_formats(self.team.formats)

    def format(self, key: str) -> Format:
        """The format with this key (built-in or the team's)."""
        return get_format(key, self.team.formats)

    def review(self, review_id: str) -> Review | None:
        """The review with this id, with all it holds, if it was in the store when read."""
        return self.full.review(review_id)

    def sprint(self, sprint_id: str) -> Sprint | None:
        """The sprint with this id, if loaded."""
        return next((s for s in self.sprints if s.id == sprint_id), None)

    def active_sprint(self) -> Sprint | None:
        """The active sprint (the latest if several), else the latest planned one."""
        active = [s for s in self.sprints if s.status == "active"]
        if active:
            return active[-1]
        planned = [s for s in self.sprints if s.status == "planned"]
        return planned[0] if planned else None

    def actions(self) -> list[Action]:
        """Every action of every review, newest review first."""
        return [a for r in reversed(self.headers) for a in r.actions]

    def previous_review(self, review: Review) -> Review | None:
        """The review held before this one (without its cards: its actions are what follow)."""
        return drift.previous_review(review, self.headers)

    def people(self, user: str | None = None) -> list[str]:
        """Members, then anyone else who took part, then the user; each once."""
        names = [m.name for m in self.team.members]
        for review in self.headers[-20:]:
            names.extend(review.participants)
        if user:
            names.append(user)
        return list(dict.fromkeys(names))

    def tags(self) -> list[str]:
        """Every lesson tag, most used first."""
        counts: dict[str, int] = {}
        for lesson in self.lessons:
            for tag in lesson.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))


def compute_insights(
    team: Team,
    reviews: tuple[Review, ...],
    sprints: tuple[Sprint, ...],
    today: date,
    terms: Mapping[str, list[Term]] | None = None,
) -> Insights:
    """The dashboard's figures from `retro.drift`, over the recent window.

    Args:
        team: the team (its tolerance and formats).
        reviews: every review, oldest first; their cards are looked at only without `terms`.
        sprints: every sprint, by start.
        today: the day the figures are for.
        terms: the terms of each review of the window (`review_terms`), by review id.
    """
    tolerance = team.tolerance
    active = [s for s in sprints if s.status == "active"]
    summary = drift.summarize_sprint(active[-1], tolerance, today) if active else None
    recent = reviews[-TREND_WINDOW:]
    recent_sprints = [s for s in sprints if s.status == "closed"][-TREND_WINDOW:]
    trends = drift.trends(recent_sprints, recent, tolerance, today)
    actions = [a for r in recent for a in r.actions]
    formats = all_formats(team.formats)
    if terms is None:
        terms = {r.id: review_terms(r, formats) for r in recent}
    themes = themes_from_terms((r, terms.get(r.id, ())) for r in recent)
    return Insights(
        sprint=summary,
        review_drift={r.id: drift.review_drift(r) for r in reviews[-RECENT_REVIEWS:]},
        sprint_trend=tuple(p.value for p in trends.sprint_drift),
        follow_trend=tuple(p.value for p in trends.follow_through),
        spread_trend=tuple(p.value for p in trends.alignment_spread),
        follow_through=drift.follow_through(actions, today),
        themes=tuple(themes[:8]),  # the engine orders them: most reviews, tags first, term
        stale=tuple(drift.stale_actions(recent))[:8],
    )


def load_snapshot(
    store: Store,
    today: date,
    previous: Snapshot | None = None,
    cache: Path | None = None,
    stamps: Mapping[str, Stamp] | None = None,
) -> Snapshot:
    """Read what the dashboard needs (in a worker thread: a large store takes a moment).

    Args:
        store: the store.
        today: the day drift is computed for.
        previous: the snapshot before; only files that changed since are read again.
        cache: the digest cache file (`retro.store.digest.cache_path`), read when there is no
            `previous` snapshot; None for none.
        stamps: the store's files as just scanned (`retro.store.digest.scan`), if at hand.

    Raises:
        RetroError: the store cannot be read (a damaged file is named).
    """
    team = store.team()  # first: it checks the store (and migrates an older one)
    stamps = dict(scan(store.path) if stamps is None else stamps)
    if previous is not None and previous.digest.root == store.path:
        base = previous.digest
    elif cache is not None:
        base = StoreDigest.load(store.path, cache)
    else:
        base = StoreDigest(store.path)
    digest = base.refresh(stamps)
    old = previous.stamps if previous is not None else {}
    kept = {r.id: r for r in previous.headers} if previous is not None else {}

    review_rel = {rid: rel for rid, rel in review_files(stamps).items() if rel in digest.entries}
    headers_list = []
    for review_id in sorted(review_rel):
        rel = review_rel[review_id]
        reuse = kept.get(review_id)
        if reuse is None or old.get(rel) != tuple(digest.entries[rel]["stamp"]):
            reuse = digest.light_review(rel)
        if reuse is not None:
            headers_list.append(reuse)
    headers = tuple(sorted(headers_list, key=lambda r: (r.on, r.created)))
    review_rel = {r.id: review_rel[r.id] for r in headers}
    review_stamps = {
        rid: (rel, _stamp(digest.entries[rel]["stamp"])) for rid, rel in review_rel.items()
    }
    stamps.update({rel: stamp for rel, stamp in review_stamps.values()})

    sprints = _sprints(store, stamps, old, previous)
    recent = headers[-TREND_WINDOW:]
    formats = all_formats(team.formats)
    terms: dict[str, list[Term]] = {}
    for review in recent:
        key = terms_key(review, formats)
        if key is not None:
            terms[review.id] = digest.terms(
                review_rel[review.id], key, lambda full: review_terms(full, formats)
            )
    insights = compute_insights(team, headers, sprints, today, terms)

    lesson_stamps = {
        rel: _stamp(digest.entries[rel]["stamp"])
        for rel in lesson_files(stamps)
        if rel in digest.entries
    }
    stamps.update(lesson_stamps)
    full = FullData(
        store.path,
        review_stamps,
        [r.id for r in headers],
        lesson_stamps,
        previous.full if previous is not None and previous.digest.root == store.path else None,
    )
    return Snapshot(
        team=team,
        headers=headers,
        sprints=sprints,
        recent_lessons=tuple(digest.newest_lessons(NEWEST_LESSONS)),
        lesson_count=digest.lesson_count(),
        insights=insights,
        stamps=stamps,
        digest=digest,
        full=full,
    )


def _stamp(value: list[int]) -> Stamp:
    return (value[0], value[1], value[2])


def _sprints(
    store: Store,
    stamps: Mapping[str, Stamp],
    old: Mapping[str, Stamp],
    previous: Snapshot | None,
) -> tuple[Sprint, ...]:
    """Every sprint by start: the previous snapshot's where the file has not changed."""
    kept = {s.id: s for s in previous.sprints} if previous is not None else {}
    sprints = []
    for sprint_id, rel in sorted(sprint_files(stamps).items()):
        reuse = kept.get(sprint_id)
        if reuse is not None and old.get(rel) == stamps[rel]:
            sprints.append(reuse)
            continue
        try:
            sprints.append(store.sprint(sprint_id))
        except NotFoundError:
            continue  # deleted since the scan
    return tuple(sorted(sprints, key=lambda s: (s.start, s.created)))
