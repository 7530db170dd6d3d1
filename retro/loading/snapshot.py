"""What the screens show: one consistent read of the store, and the dashboard's drift figures.

Loading runs in a worker thread, so that a large store shows its dashboard at once.
`load_snapshot` asks the store's index (`retro.loading.dashboard`: each review without its cards,
each sprint, the lessons' count and newest ones, brought up to date from the files that changed)
and builds only what the dashboard shows (`retro.loading.overview`): the recent reviews
(the trends' window), every open action, the sprints the trends and the sprint panel look at,
the newest lessons. Every review and sprint, and every review with its cards and every lesson,
are built after that (`Snapshot.complete`, in a worker once the dashboard is drawn), or on first
use, whichever comes first (`retro.loading.full`). Every drift figure comes from `retro.drift`
(themes from each review's terms, as `retro.insights.terms` shows to be the same).

A process that only shows a review board (`retro open REVIEW`, a browser of `retro serve`)
reads a *light* snapshot: the dashboard's part is built on first use, and the review before the
board's is found in the index rather than among every review, so a participant of a live review
on a large store neither spends the time nor keeps the memory.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from retro.formats import Format, all_formats, get_format, review_format
from retro.loading.dashboard import Dashboard, lesson_files, versions
from retro.loading.dashboard import Version as Stamp
from retro.loading.full import Cancelled, FullData, Listed, previous_headers, previous_sprints
from retro.model import Action, Decision, Lesson, Review, Sprint, Team
from retro.store import Store

if TYPE_CHECKING:
    from retro.loading.overview import Insights, OpenActions, Overview

# The dashboard's part (`retro.loading.overview`, and the drift engine with it) is imported when
# first built: a board's process may never build it.


class Snapshot:
    """The team, its reviews (oldest first), sprints (by start) and lessons (newest first).

    `overview` holds what the dashboard shows (its fields are also the snapshot's: `recent`,
    `open_actions`, `insights`…); `headers` (every review without its cards, which is all the
    actions and the review list need), `sprints`, `reviews`, `review(id)` and `lessons` give
    everything, built on first use if `complete` has not built it yet.
    """

    def __init__(
        self,
        team: Team,
        stamps: Mapping[str, Stamp],
        digest: Dashboard,
        full: FullData,
        decisions: tuple[Decision, ...],
        today: date,
        overview: Overview | None = None,
    ) -> None:
        self.team = team
        self.stamps = stamps
        """Every store file read, by relative path, with its version (`retro.loading.dashboard`)."""
        self.digest = digest
        self.full = full
        self.decisions = decisions
        """Every decision of the log, oldest first (a team logs a few a week: read whole)."""
        self.today = today
        self.light = overview is None
        """Read for a review board alone: the dashboard's part is built on first use."""
        self._overview = overview
        self._lock = threading.Lock()
        self._previous: dict[tuple[str, date, object], Review | None] = {}

    @property
    def overview(self) -> Overview:
        """What the dashboard shows (built now, in the calling thread, if the snapshot is
        light and nobody asked before)."""
        from retro.loading.overview import build_overview

        with self._lock:
            if self._overview is None:
                digest = self.digest
                reviews, sprints = self.full.listed()
                self._overview = build_overview(self.team, digest, reviews, sprints, self.today)
            return self._overview

    @property
    def review_count(self) -> int:
        """How many reviews the store holds."""
        return len(self.full.listed()[0])

    @property
    def sprint_count(self) -> int:
        """How many sprints the store holds."""
        return len(self.full.listed()[1])

    @property
    def recent(self) -> tuple[Review, ...]:
        """The last `TREND_WINDOW` reviews, oldest first, with everything but their cards."""
        return self.overview.recent

    @property
    def open_actions(self) -> OpenActions:
        """The open actions, counted and the most urgent listed, on the day of the read."""
        return self.overview.open_actions

    @property
    def recent_sprints(self) -> tuple[Sprint, ...]:
        """The sprints the dashboard looks at (`Overview.recent_sprints`)."""
        return self.overview.recent_sprints

    @property
    def current_sprint(self) -> Sprint | None:
        """The active sprint (the latest if several), else the first planned one."""
        return self.overview.current_sprint

    @property
    def recent_lessons(self) -> tuple[Lesson, ...]:
        """The newest lessons (up to `NEWEST_LESSONS`), newest first."""
        return self.overview.recent_lessons

    @property
    def lesson_count(self) -> int:
        """How many lessons the store holds."""
        return self.overview.lesson_count

    @property
    def insights(self) -> Insights:
        """The dashboard's drift figures."""
        return self.overview.insights

    def _known_reviews(self) -> dict[str, Review]:
        overview = self._overview
        return {r.id: r for r in overview.recent} if overview is not None else {}

    def _known_sprints(self) -> dict[str, Sprint]:
        overview = self._overview
        return {s.id: s for s in overview.recent_sprints} if overview is not None else {}

    @property
    def headers(self) -> tuple[Review, ...]:
        """Every review without its cards, oldest first (built on first use)."""
        return self.full.headers(self._known_reviews()) or ()

    @property
    def sprints(self) -> tuple[Sprint, ...]:
        """Every sprint, by start (built on first use)."""
        return self.full.sprints(self._known_sprints()) or ()

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
        full.headers(self._known_reviews(), cancelled)
        full.sprints(self._known_sprints(), cancelled)
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
        found = next((s for s in self._known_sprints().values() if s.id == sprint_id), None)
        return found or next((s for s in self.sprints if s.id == sprint_id), None)

    def active_sprint(self) -> Sprint | None:
        """The active sprint (the latest if several), else the first planned one."""
        return self.current_sprint

    def actions(self) -> list[Action]:
        """Every action of every review, newest review first."""
        return [a for r in reversed(self.headers) for a in r.actions]

    def previous_review(self, review: Review) -> Review | None:
        """The review held before this one (without its cards: its actions are what follow):
        among every review once they are built, else asked of the index (a board redraws on
        every change; building every review for it would cost a participant the time and the
        memory). Kept for the snapshot: a board asks on every redraw."""
        key = (review.id, review.on, review.created)
        if key not in self._previous:
            if self.full.built_headers():
                from retro import drift

                self._previous[key] = drift.previous_review(review, self.headers)
            else:
                self._previous[key] = self.digest.previous(review)
        return self._previous[key]

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


def load_snapshot(
    store: Store,
    today: date,
    previous: Snapshot | None = None,
    stamps: Mapping[str, Stamp] | None = None,
    *,
    light: bool = False,
) -> Snapshot:
    """Read what the dashboard shows (in a worker thread: a large store takes a moment).

    Args:
        store: the store.
        today: the day drift is computed for.
        previous: the snapshot before; only files that changed since are read again.
        stamps: the store's files' versions as just found (`retro.loading.dashboard.versions`),
            if at hand.
        light: for a review board alone: leave the dashboard's part to first use.

    Raises:
        RetroError: the store cannot be read (a damaged file is named).
    """
    team = store.team()  # first: it checks the store (and migrates an older one)
    index = store.fresh_index()  # a damaged file is named here
    stamps = dict(versions(store.path, index) if stamps is None else stamps)
    digest = Dashboard(store.path, index, stamps)
    same_store = previous is not None and previous.digest.root == store.path
    earlier = previous.full if previous is not None and same_store else None
    reviews = _listed(digest, "reviews")
    sprints = _listed(digest, "sprints")
    lesson_stamps = {rel: stamps[rel] for rel in lesson_files(stamps)}
    full = FullData(digest, reviews, sprints, lesson_stamps, earlier)
    overview = None
    if not light:
        from retro.loading.overview import build_overview

        old_reviews: dict[str, tuple[Stamp | None, Review]] = dict(previous_headers(earlier))
        old_sprints: dict[str, tuple[Stamp | None, Sprint]] = dict(previous_sprints(earlier))
        kept = previous._overview if previous is not None and same_store else None
        if previous is not None and kept is not None:
            old = previous.stamps
            old_reviews.update((r.id, (_stamp(old, "reviews", r.id), r)) for r in kept.recent)
            old_sprints.update(
                (s.id, (_stamp(old, "sprints", s.id), s)) for s in kept.recent_sprints
            )
        overview = build_overview(team, digest, reviews, sprints, today, old_reviews, old_sprints)
    return Snapshot(team, stamps, digest, full, tuple(store.decisions()), today, overview)


def _stamp(stamps: Mapping[str, Stamp], folder: str, item_id: str) -> Stamp | None:
    return stamps.get(f"{folder}/{item_id}.json")


def _listed(digest: Dashboard, folder: str) -> list[Listed]:
    """The folder's files in the store's order, with their ids and versions."""
    return [(rel[8:-5], rel, digest.stamps[rel]) for rel in digest.in_order(folder)]
