"""The team over a date range: purpose, sprints and reviews with drift, and the patterns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from retro.insights.calibration import Calibration, calibration
from retro.insights.core import follow_through
from retro.insights.patterns import Theme, Trends, chronological, recurring_themes, stale_actions
from retro.insights.patterns import trends as build_trends
from retro.insights.reviews import ActionSummary, ReviewSummary, summarize_review
from retro.insights.sprints import SprintSummary, summarize_sprint
from retro.model import Lesson, Review, Sprint, Team

UNASSIGNED = "unassigned"
"""The owner key, in `TeamSummary.open_actions`, of open actions nobody owns."""


@dataclass(frozen=True)
class PurposeEntry:
    """One version of the team's purpose."""

    text: str
    """The purpose as it was set."""
    set_at: datetime
    """When it was set."""
    set_by: str | None
    """Who set it."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "set_at": self.set_at.isoformat(), "set_by": self.set_by}


@dataclass(frozen=True)
class StaleAction:
    """An action still open after several later reviews."""

    action: ActionSummary
    """The action."""
    later_reviews: int
    """How many reviews were held after the one where it was agreed."""

    def to_dict(self) -> dict[str, Any]:
        return {**self.action.to_dict(), "later_reviews": self.later_reviews}


@dataclass(frozen=True)
class TeamSummary:
    """The whole team over a date range."""

    name: str
    """The team's name."""
    since: date | None
    """The first day of the range (None: from the beginning)."""
    until: date
    """The last day of the range."""
    today: date
    """The day the summary was made for."""
    tolerance: float
    """The team's tolerance, used for every band."""
    purpose: str | None
    """The purpose in force on the range's last day."""
    purpose_history: tuple[PurposeEntry, ...]
    """The versions of the purpose set within the range, oldest first."""
    sprints: tuple[SprintSummary, ...]
    """Sprints overlapping the range, by start date."""
    reviews: tuple[ReviewSummary, ...]
    """Reviews held within the range, oldest first."""
    follow_through: float | None
    """Of the actions due within the range, the share done by their range's end (or today)."""
    calibration: Calibration
    """Over the closed sprints of the range."""
    themes: tuple[Theme, ...]
    """Recurring themes of the range's reviews."""
    open_actions: dict[str, tuple[ActionSummary, ...]] = field(default_factory=dict)
    """Open actions agreed up to the range's end, by owner (`UNASSIGNED` for nobody)."""
    stale_actions: tuple[StaleAction, ...] = ()
    """Open actions agreed up to the range's end that outlived two or more later reviews."""
    trends: Trends = field(default_factory=Trends)
    """Each measure over the range's sprints and reviews."""
    lessons_count: int = 0
    """Lessons logged within the range."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "today": self.today.isoformat(),
            "tolerance": self.tolerance,
            "purpose": self.purpose,
            "purpose_history": [p.to_dict() for p in self.purpose_history],
            "sprints": [s.to_dict() for s in self.sprints],
            "reviews": [r.to_dict() for r in self.reviews],
            "follow_through": self.follow_through,
            "calibration": self.calibration.to_dict(),
            "themes": [t.to_dict() for t in self.themes],
            "open_actions": {
                o: [a.to_dict() for a in acts] for o, acts in self.open_actions.items()
            },
            "stale_actions": [s.to_dict() for s in self.stale_actions],
            "trends": self.trends.to_dict(),
            "lessons_count": self.lessons_count,
        }


def summarize_team(
    team: Team,
    sprints: Iterable[Sprint],
    reviews: Iterable[Review],
    lessons: Iterable[Lesson],
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> TeamSummary:
    """The team over ``since``..``until`` (inclusive; until defaults to today).

    Sprints overlapping the range and reviews held in it come with their drift (each review with
    the review before it, in range or not, as ``previous``); follow-through is over the actions
    due in the range, done by its end (or today, if earlier); calibration over its closed
    sprints; recurring themes over its reviews; open actions are those agreed by its end, by
    owner; the lessons count is of lessons logged in it. Tolerance is the team's.
    """
    today = today or date.today()
    until = until or today

    def in_range(day: date) -> bool:
        return (since is None or day >= since) and day <= until

    all_reviews = chronological(reviews)
    known = [r for r in all_reviews if r.on <= until]
    picked_reviews = [r for r in known if in_range(r.on)]
    picked_sprints = sorted(
        (s for s in sprints if s.start <= until and (since is None or s.end >= since)),
        key=lambda s: (s.start, s.end, s.id),
    )
    end = min(until, today)
    due_in_range = [
        a
        for r in known
        for a in r.actions
        if a.due is not None and in_range(a.due) and a.due <= end
    ]
    open_by_owner: dict[str, list[ActionSummary]] = {}
    for review in known:
        for action in review.actions:
            if action.status == "open":
                owner = action.owner or UNASSIGNED
                open_by_owner.setdefault(owner, []).append(ActionSummary.of(action, today))
    in_force = [p for p in team.purposes if p.set_at.date() <= until]
    return TeamSummary(
        name=team.name,
        since=since,
        until=until,
        today=today,
        tolerance=team.tolerance,
        purpose=in_force[-1].text if in_force else None,
        purpose_history=tuple(
            PurposeEntry(p.text, p.set_at, p.set_by) for p in in_force if in_range(p.set_at.date())
        ),
        sprints=tuple(summarize_sprint(s, team.tolerance, today) for s in picked_sprints),
        reviews=tuple(
            summarize_review(r, all_reviews[i - 1] if i else None, today)
            for i, r in enumerate(all_reviews)
            if r.on <= until and in_range(r.on)
        ),
        follow_through=follow_through(due_in_range, end),
        calibration=calibration(picked_sprints),
        themes=tuple(recurring_themes(picked_reviews, team.formats)),
        open_actions={o: tuple(acts) for o, acts in sorted(open_by_owner.items())},
        stale_actions=tuple(
            StaleAction(ActionSummary.of(a, today), n) for a, n in stale_actions(known)
        ),
        trends=build_trends(picked_sprints, picked_reviews, team.tolerance, today),
        lessons_count=sum(1 for lesson in lessons if in_range(lesson.on)),
    )
