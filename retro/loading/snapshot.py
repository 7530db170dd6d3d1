"""What the screens show: one consistent read of the store, and the dashboard's drift figures.

Loading runs in a worker thread, so that a large store shows its dashboard at once.
`load_snapshot` asks the store's index (`retro.loading.dashboard`: each review without its cards,
each sprint, the lessons' count and newest ones, brought up to date from the files that changed)
and builds only what the dashboard shows: the recent reviews
(the trends' window), every open action, the sprints the trends and the sprint panel look at,
the newest lessons. Every review and sprint, and every review with its cards and every lesson,
are built after that (`Snapshot.complete`, in a worker once the dashboard is drawn), or on first
use, whichever comes first (`retro.loading.full`). Every drift figure comes from `retro.drift`
(themes from each review's terms, as `retro.insights.terms` shows to be the same).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from retro import drift
from retro.formats import Format, all_formats, get_format, review_format
from retro.insights.terms import Term, review_terms, terms_key, themes_from_terms
from retro.loading.dashboard import NEWEST_LESSONS, Dashboard, lesson_files, versions
from retro.loading.dashboard import Version as Stamp
from retro.loading.full import Cancelled, FullData, Listed, previous_headers, previous_sprints
from retro.model import Action, Decision, Lesson, Review, Sprint, Team
from retro.store import Store

TREND_WINDOW = 30
"""Trends on the dashboard cover the last this many reviews and sprints."""
RECENT_REVIEWS = 12
"""The dashboard lists this many reviews, with their drift."""
OPEN_ACTIONS_SHOWN = 12
"""The dashboard lists this many open actions, the most urgent first."""

T = TypeVar("T")


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


@dataclass(frozen=True)
class OpenActions:
    """The open actions of every review, as the dashboard counts and lists them."""

    count: int
    """How many actions are open."""
    overdue: int
    """How many of them are overdue."""
    first: tuple[Action, ...]
    """The first `OPEN_ACTIONS_SHOWN`: overdue ones first, then by due date (none last); ties
    newest review first, then in the review's order."""


@dataclass(frozen=True)
class Snapshot:
    """The team, its reviews (oldest first), sprints (by start) and lessons (newest first).

    The fields hold what the dashboard shows; `headers` (every review without its cards, which
    is all the actions and the review list need), `sprints`, `reviews`, `review(id)` and
    `lessons` give everything, built on first use if `complete` has not built it yet.
    """

    team: Team
    review_count: int
    """How many reviews the store holds."""
    recent: tuple[Review, ...]
    """The last `TREND_WINDOW` reviews, oldest first, with everything but their cards."""
    open_actions: OpenActions
    """The open actions, counted and the most urgent listed, on the day of the read."""
    sprint_count: int
    """How many sprints the store holds."""
    recent_sprints: tuple[Sprint, ...]
    """By start: the last active sprint, the first planned one and the last `TREND_WINDOW`
    closed ones (what the dashboard's trends and sprint panel look at)."""
    current_sprint: Sprint | None
    """The active sprint (the latest if several), else the first planned one."""
    recent_lessons: tuple[Lesson, ...]
    """The newest lessons (up to `NEWEST_LESSONS`), newest first."""
    lesson_count: int
    insights: Insights
    stamps: Mapping[str, Stamp]
    """Every store file read, by relative path, with its version (`retro.loading.dashboard`)."""
    digest: Dashboard = field(repr=False, compare=False)
    full: FullData = field(repr=False, compare=False)
    decisions: tuple[Decision, ...] = ()
    """Every decision of the log, oldest first (a team logs a few a week: read whole)."""

    @property
    def headers(self) -> tuple[Review, ...]:
        """Every review without its cards, oldest first (built on first use)."""
        return self.full.headers({r.id: r for r in self.recent}) or ()

    @property
    def sprints(self) -> tuple[Sprint, ...]:
        """Every sprint, by start (built on first use)."""
        return self.full.sprints({s.id: s for s in self.recent_sprints}) or ()

    @property
    def reviews(self) -> tuple[Review, ...]:
        """Every review with its cards, oldest first (reads them all on first use)."""
        return self.full.reviews() or ()

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """Every lesson, newest first (reads them all on first use)."""
        return self.full.lessons() or ()

    def complete(self, cancelled: Cancelled | None = None) -> None:
        """Build every review and sprint and load every lesson and every review's cards (a
        worker's step, after the dashboard is drawn)."""
        full = self.full
        full.headers({r.id: r for r in self.recent}, cancelled)
        full.sprints({s.id: s for s in self.recent_sprints}, cancelled)
        full.lessons(cancelled)
        full.reviews(cancelled)
        full.release()

    @property
    def formats(self) -> list[Format]:
        """Every format this team can use."""
        return all_formats(self.team.formats)

    def format(self, key: str) -> Format:
        """The format with this key (built-in or the team's)."""
        return get_format(key, self.team.formats)

    def review_format(self, review: Review) -> Format:
        """The columns of this review: those it kept when created, else its format's."""
        return review_format(review, self.team.formats)

    def review(self, review_id: str) -> Review | None:
        """The review with this id, with all it holds, if it was in the store when read."""
        return self.full.review(review_id)

    def sprint(self, sprint_id: str) -> Sprint | None:
        """The sprint with this id, if it was in the store when read."""
        found = next((s for s in self.recent_sprints if s.id == sprint_id), None)
        return found or next((s for s in self.sprints if s.id == sprint_id), None)

    def active_sprint(self) -> Sprint | None:
        """The active sprint (the latest if several), else the first planned one."""
        return self.current_sprint

    def actions(self) -> list[Action]:
        """Every action of every review, newest review first."""
        return [a for r in reversed(self.headers) for a in r.actions]

    def previous_review(self, review: Review) -> Review | None:
        """The review held before this one (without its cards: its actions are what follow)."""
        return drift.previous_review(review, self.headers)

    def people(self, user: str | None = None) -> list[str]:
        """Members, then anyone else who took part, then the user; each once."""
        names = [m.name for m in self.team.members]
        for review in self.recent[-20:]:
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
        reviews: every review, oldest first, or the last `TREND_WINDOW` of them; their cards
            are looked at only without `terms`.
        sprints: every sprint, by start, or those of them `Snapshot.recent_sprints` holds.
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
    stamps: Mapping[str, Stamp] | None = None,
) -> Snapshot:
    """Read what the dashboard shows (in a worker thread: a large store takes a moment).

    Args:
        store: the store.
        today: the day drift is computed for.
        previous: the snapshot before; only files that changed since are read again.
        stamps: the store's files' versions as just found (`retro.loading.dashboard.versions`),
            if at hand.

    Raises:
        RetroError: the store cannot be read (a damaged file is named).
    """
    team = store.team()  # first: it checks the store (and migrates an older one)
    index = store.fresh_index()  # a damaged file is named here
    stamps = dict(versions(store.path, index) if stamps is None else stamps)
    digest = Dashboard(store.path, index, stamps)
    same_store = previous is not None and previous.digest.root == store.path
    earlier = previous.full if previous is not None and same_store else None
    old_reviews: dict[str, tuple[Stamp | None, Review]] = dict(previous_headers(earlier))
    old_sprints: dict[str, tuple[Stamp | None, Sprint]] = dict(previous_sprints(earlier))
    if previous is not None and same_store:
        old = previous.stamps
        old_reviews.update((r.id, (_stamp(old, "reviews", r.id), r)) for r in previous.recent)
        old_sprints.update(
            (s.id, (_stamp(old, "sprints", s.id), s)) for s in previous.recent_sprints
        )

    reviews = _listed(digest, "reviews")
    recent = _built(reviews[-TREND_WINDOW:], old_reviews, digest.light_review)
    opened = _open_actions(digest, reviews, today)
    sprints = _listed(digest, "sprints")
    wanted = _dashboard_sprints(digest, sprints)
    recent_sprints = _built([s for s in sprints if s[1] in wanted], old_sprints, digest.sprint)

    formats = all_formats(team.formats)
    terms: dict[str, list[Term]] = {}
    for review in recent:
        key = terms_key(review, formats)
        if key is not None:
            terms[review.id] = digest.terms(
                f"reviews/{review.id}.json", key, lambda full: review_terms(full, formats)
            )
    insights = compute_insights(team, recent, recent_sprints, today, terms)
    active = [s for s in recent_sprints if s.status == "active"]
    planned = [s for s in recent_sprints if s.status == "planned"]
    lesson_stamps = {rel: stamps[rel] for rel in lesson_files(stamps)}
    return Snapshot(
        team=team,
        review_count=len(reviews),
        recent=recent,
        open_actions=opened,
        sprint_count=len(sprints),
        recent_sprints=recent_sprints,
        current_sprint=active[-1] if active else (planned[0] if planned else None),
        recent_lessons=tuple(digest.newest_lessons(NEWEST_LESSONS)),
        lesson_count=digest.lesson_count(),
        insights=insights,
        stamps=stamps,
        digest=digest,
        full=FullData(digest, reviews, sprints, lesson_stamps, earlier),
        decisions=tuple(store.decisions()),
    )


def _stamp(stamps: Mapping[str, Stamp], folder: str, item_id: str) -> Stamp | None:
    return stamps.get(f"{folder}/{item_id}.json")


def _listed(digest: Dashboard, folder: str) -> list[Listed]:
    """The folder's files in the store's order, with their ids and versions."""
    return [(rel[8:-5], rel, digest.stamps[rel]) for rel in digest.in_order(folder)]


def _built(
    listed: list[Listed],
    old: Mapping[str, tuple[Stamp | None, T]],
    build: Callable[[str], T | None],
) -> tuple[T, ...]:
    """The listed files' objects: the earlier snapshot's where the file has not changed since,
    else built from the digest (a file deleted since is left out)."""
    found: list[T] = []
    for item_id, rel, stamp in listed:
        kept = old.get(item_id)
        item = kept[1] if kept is not None and kept[0] == stamp else build(rel)
        if item is not None:
            found.append(item)
    return tuple(found)


def _open_actions(digest: Dashboard, reviews: list[Listed], today: date) -> OpenActions:
    """Counted from the due dates in the index; only the actions listed are built."""
    day, never = today.toordinal(), date.max.toordinal()
    keyed: list[tuple[bool, int, int, str, int]] = []
    for _, rel, _ in reversed(reviews):
        for place, due in enumerate(digest.due_dates(rel)):
            late = due is not None and due < day
            keyed.append((not late, never if due is None else due, len(keyed), rel, place))
    built: dict[str, list[Action]] = {}
    first: list[Action] = []
    for *_, rel, place in heapq.nsmallest(OPEN_ACTIONS_SHOWN, keyed):  # a stable sort's first
        if rel not in built:
            built[rel] = digest.open_actions(rel)
        if place < len(built[rel]):
            first.append(built[rel][place])
    return OpenActions(len(keyed), sum(1 for k in keyed if not k[0]), tuple(first))


def _dashboard_sprints(digest: Dashboard, sprints: list[Listed]) -> set[str]:
    """The sprint files the dashboard looks at: the last active, the first planned and the last
    `TREND_WINDOW` closed ones."""
    by_status: dict[str, list[str]] = {}
    for _, rel, _ in sprints:
        by_status.setdefault(digest.status(rel), []).append(rel)
    return {
        *by_status.get("active", [])[-1:],
        *by_status.get("planned", [])[:1],
        *by_status.get("closed", [])[-TREND_WINDOW:],
    }
