"""What the dashboard shows of a snapshot: the recent reviews and sprints, the open actions, the
newest lessons and the drift figures (`retro.drift`), built from the store's index
(`retro.loading.dashboard`). A snapshot builds it with the rest in the loader's thread, or, for
a process that only shows a review board, on first use (`retro.loading.snapshot`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from retro import drift
from retro.formats import all_formats
from retro.insights.terms import Term, review_terms, terms_key, themes_from_terms
from retro.loading.dashboard import NEWEST_LESSONS, Dashboard
from retro.loading.dashboard import Version as Stamp
from retro.loading.full import Listed
from retro.model import Action, Lesson, Review, Sprint, Team

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
class Overview:
    """What the dashboard shows, on the day of the read."""

    review_count: int
    """How many reviews the store holds."""
    recent: tuple[Review, ...]
    """The last `TREND_WINDOW` reviews, oldest first, with everything but their cards."""
    open_actions: OpenActions
    """The open actions, counted and the most urgent listed."""
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


Reuse = Mapping[str, tuple["Stamp | None", T]]
"""Objects an earlier snapshot built, by id, with the version of the file they came from."""


def build_overview(
    team: Team,
    digest: Dashboard,
    reviews: Sequence[Listed],
    sprints: Sequence[Listed],
    today: date,
    old_reviews: Reuse[Review] | None = None,
    old_sprints: Reuse[Sprint] | None = None,
) -> Overview:
    """The dashboard's part of a snapshot; objects of files unchanged since the earlier
    snapshot are reused (`old_reviews`, `old_sprints`)."""
    recent = _built(reviews[-TREND_WINDOW:], old_reviews or {}, digest.light_review)
    wanted = _dashboard_sprints(digest, sprints)
    recent_sprints = _built(
        [s for s in sprints if s[1] in wanted], old_sprints or {}, digest.sprint
    )
    formats = all_formats(team.formats)
    terms: dict[str, list[Term]] = {}
    for review in recent:
        key = terms_key(review, formats)
        if key is not None:
            terms[review.id] = digest.terms(
                f"reviews/{review.id}.json", key, lambda full: review_terms(full, formats)
            )
    active = [s for s in recent_sprints if s.status == "active"]
    planned = [s for s in recent_sprints if s.status == "planned"]
    return Overview(
        review_count=len(reviews),
        recent=recent,
        open_actions=_open_actions(digest, reviews, today),
        sprint_count=len(sprints),
        recent_sprints=recent_sprints,
        current_sprint=active[-1] if active else (planned[0] if planned else None),
        recent_lessons=tuple(digest.newest_lessons(NEWEST_LESSONS)),
        lesson_count=digest.lesson_count(),
        insights=compute_insights(team, recent, recent_sprints, today, terms),
    )


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


def _built(
    listed: Sequence[Listed],
    old: Reuse[T],
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


def _open_actions(digest: Dashboard, reviews: Sequence[Listed], today: date) -> OpenActions:
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


def _dashboard_sprints(digest: Dashboard, sprints: Sequence[Listed]) -> set[str]:
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
