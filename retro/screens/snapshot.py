"""What the screens show: one consistent read of the store, and the dashboard's drift figures.

Loading runs in a worker thread (a large store takes a while); screens only ever draw a
`Snapshot`. Every drift figure comes from `retro.drift`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from retro import drift
from retro.formats import Format, all_formats, get_format
from retro.model import Action, Review, Sprint, Team
from retro.store import Store

TREND_WINDOW = 30
"""Trends on the dashboard cover the last this many reviews and sprints."""


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
class Snapshot:
    """The team, its reviews (oldest first), sprints (by start) and lessons (newest first)."""

    team: Team
    reviews: tuple[Review, ...]
    sprints: tuple[Sprint, ...]
    lessons: tuple
    insights: Insights
    fingerprint: tuple

    @property
    def formats(self) -> list[Format]:
        """Every format this team can use."""
        return all_formats(self.team.formats)

    def format(self, key: str) -> Format:
        """The format with this key (built-in or the team's)."""
        return get_format(key, self.team.formats)

    def review(self, review_id: str) -> Review | None:
        """The review with this id, if loaded."""
        return next((r for r in self.reviews if r.id == review_id), None)

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
        return [a for r in reversed(self.reviews) for a in r.actions]

    def previous_review(self, review: Review) -> Review | None:
        """The review held before this one."""
        return drift.previous_review(review, self.reviews)

    def people(self, user: str | None = None) -> list[str]:
        """Members, then anyone else who took part, then the user; each once."""
        names = [m.name for m in self.team.members]
        for review in self.reviews[-20:]:
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
    team: Team, reviews: tuple[Review, ...], sprints: tuple[Sprint, ...], today: date
) -> Insights:
    """The dashboard's figures from `retro.drift`, over the recent window."""
    tolerance = team.tolerance
    active = [s for s in sprints if s.status == "active"]
    summary = drift.summarize_sprint(active[-1], tolerance, today) if active else None
    recent = reviews[-TREND_WINDOW:]
    recent_sprints = [s for s in sprints if s.status == "closed"][-TREND_WINDOW:]
    trends = drift.trends(recent_sprints, recent, tolerance, today)
    actions = [a for r in recent for a in r.actions]
    formats = all_formats(team.formats)
    return Insights(
        sprint=summary,
        review_drift={r.id: drift.review_drift(r) for r in reviews[-12:]},
        sprint_trend=tuple(p.value for p in trends.sprint_drift),
        follow_trend=tuple(p.value for p in trends.follow_through),
        spread_trend=tuple(p.value for p in trends.alignment_spread),
        follow_through=drift.follow_through(actions, today),
        # Ties are ordered here: the engine's order among equals depends on the hash seed.
        themes=tuple(
            sorted(
                drift.recurring_themes(recent, formats),
                key=lambda t: (-len(t.review_ids), -t.count, t.kind, t.term),
            )
        )[:8],
        stale=tuple(drift.stale_actions(recent))[:8],
    )


def load_snapshot(store: Store, today: date, previous: Snapshot | None = None) -> Snapshot:
    """Read the store (in a worker thread: it may be large).

    With the `previous` snapshot, only what changed since is read again: the fingerprint names
    every file with its time and size, so a teammate's new card re-reads one review file.
    """
    fingerprint = store.fingerprint()
    changed = _changed_files(previous, fingerprint)
    if previous is None or changed is None:
        team = store.team()
        reviews = tuple(store.reviews())
        sprints = tuple(store.sprints())
        lessons = tuple(store.lessons())
    else:
        team = store.team() if "team" in changed else previous.team
        reviews = _refresh(
            previous.reviews, changed.get("reviews"), store.review_ids(), store.review
        )
        sprints = _refresh(
            previous.sprints, changed.get("sprints"), store.sprint_ids(), store.sprint
        )
        lessons = tuple(store.lessons()) if "lessons" in changed else previous.lessons
    reviews = tuple(sorted(reviews, key=lambda r: (r.on, r.created)))
    sprints = tuple(sorted(sprints, key=lambda s: (s.start, s.created)))
    insights = compute_insights(team, reviews, sprints, today)
    return Snapshot(team, reviews, sprints, lessons, insights, fingerprint)


def _changed_files(previous: Snapshot | None, fingerprint: tuple) -> dict[str, set[str]] | None:
    """What changed since the previous snapshot, by area ("team", "reviews" → ids, …); None
    when it cannot tell (then everything is read again)."""
    if previous is None:
        return None
    before, now = set(previous.fingerprint), set(fingerprint)
    changed: dict[str, set[str]] = {}
    for entry in before ^ now:
        path = Path(entry[0])
        if path.parent.name in ("reviews", "sprints"):
            changed.setdefault(path.parent.name, set()).add(path.stem)
        elif "lessons" in path.parts:
            changed.setdefault("lessons", set())
        elif path.name == "team.json":
            changed.setdefault("team", set())
        else:
            return None
    return changed


def _refresh(old, ids: set[str] | None, listing: list[str], read) -> tuple:  # type: ignore[no-untyped-def]
    """The previous objects, with the changed ids read again and the deleted ones dropped."""
    if not ids:
        return old
    present = set(listing)
    kept = [item for item in old if item.id not in ids and item.id in present]
    fresh = [read(item_id) for item_id in sorted(ids) if item_id in present]
    return (*kept, *fresh)
