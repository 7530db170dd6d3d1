"""Summaries of a review: its drift, alignment spread, follow-through and carried-forward actions.

``to_dict()`` gives JSON-ready data: dates as ISO strings, unknowns as None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from retro.insights.core import (
    _fmean,
    alignment_spread,
    follow_through,
    intent_attainment,
    review_drift,
)
from retro.insights.patterns import chronological
from retro.insights.words import review_words, spread_words
from retro.model import Action, Rating, Review


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- reviews ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionSummary:
    """An action as shown in summaries."""

    id: str
    """The action's id."""
    review_id: str
    """The review where it was agreed."""
    text: str
    """What is to be done."""
    owner: str | None
    """Who will do it."""
    due: date | None
    """By when."""
    status: str
    """open, done or dropped."""
    done_on: date | None
    """When it was done or dropped."""
    overdue: bool
    """Open and past its due date, as of today."""

    @classmethod
    def of(cls, action: Action, today: date) -> ActionSummary:
        """The summary of an action as of a day."""
        return cls(
            id=action.id,
            review_id=action.review_id,
            text=action.text,
            owner=action.owner,
            due=action.due,
            status=action.status,
            done_on=action.done_on,
            overdue=action.is_overdue(today),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "review_id": self.review_id,
            "text": self.text,
            "owner": self.owner,
            "due": _iso(self.due),
            "status": self.status,
            "done_on": _iso(self.done_on),
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class IntentSummary:
    """An intent with its attainment."""

    id: str
    """The intent's id."""
    planned: str
    """What was supposed to happen."""
    actual: str
    """What actually happened."""
    rating: Rating | None
    """exceeded, met, partly or missed; None until rated."""
    attainment: float | None
    """The rating's score (`RATING_SCORE`)."""
    why: str
    """Why the difference."""
    goal_id: str | None
    """The sprint goal it reviews, if any."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "planned": self.planned,
            "actual": self.actual,
            "rating": self.rating,
            "attainment": self.attainment,
            "why": self.why,
            "goal_id": self.goal_id,
        }


@dataclass(frozen=True)
class ReviewSummary:
    """A review with its drift, alignment spread, follow-through and carried-forward actions."""

    id: str
    """The review's id."""
    title: str
    """The review's name."""
    on: date
    """The day it was held."""
    format: str
    """Its format's key."""
    phase: str
    """Its phase."""
    facilitator: str | None
    """Who ran it."""
    participants: tuple[str, ...]
    """Who took part."""
    sprint_id: str | None
    """The sprint it reviews, if any."""
    drift: float | None
    """Review drift ``mean(intent attainment) − 1``: negative when short of the intents."""
    alignment_spread: float | None
    """Population standard deviation of the pulse; None with under two ratings."""
    pulse_mean: float | None
    """The mean pulse rating, 1–5."""
    pulse_count: int
    """How many people gave a pulse rating."""
    follow_through: float | None
    """Of this and the previous review's actions, the share due by `follow_through_by` done by
    then."""
    follow_through_by: date
    """The review's date, or today if that is earlier."""
    intents: tuple[IntentSummary, ...] = ()
    """Each intent with its attainment."""
    actions: tuple[ActionSummary, ...] = ()
    """The actions agreed in this review."""
    carried_forward: tuple[ActionSummary, ...] = ()
    """The previous review's actions still open."""
    previous_id: str | None = None
    """The previous review's id."""
    previous_title: str | None = None
    """The previous review's title."""
    cards: int = 0
    """How many cards it has."""
    kudos: int = 0
    """How many kudos it has."""
    sentence: str = ""
    """The review drift in words ("fell short of what was intended by a quarter on average")."""
    spread_sentence: str = ""
    """The alignment spread in words."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "on": _iso(self.on),
            "format": self.format,
            "phase": self.phase,
            "facilitator": self.facilitator,
            "participants": list(self.participants),
            "sprint_id": self.sprint_id,
            "drift": self.drift,
            "alignment_spread": self.alignment_spread,
            "pulse_mean": self.pulse_mean,
            "pulse_count": self.pulse_count,
            "follow_through": self.follow_through,
            "follow_through_by": _iso(self.follow_through_by),
            "intents": [i.to_dict() for i in self.intents],
            "actions": [a.to_dict() for a in self.actions],
            "carried_forward": [a.to_dict() for a in self.carried_forward],
            "previous_id": self.previous_id,
            "previous_title": self.previous_title,
            "cards": self.cards,
            "kudos": self.kudos,
            "sentence": self.sentence,
            "spread_sentence": self.spread_sentence,
        }


def previous_review(review: Review, reviews: Iterable[Review]) -> Review | None:
    """The last review before this one (by date, then creation time), or None."""
    ordered = chronological(r for r in reviews if r.id != review.id)
    key = (review.on, review.created, review.id)
    before = [r for r in ordered if (r.on, r.created, r.id) < key]
    return before[-1] if before else None


def summarize_review(
    review: Review, previous: Review | None = None, today: date | None = None
) -> ReviewSummary:
    """A review's drift (``mean`` intent attainment ``− 1``), alignment spread (population standard
    deviation of pulse), follow-through and the previous review's open actions.

    Follow-through is over the actions of ``previous`` and of this review, due on or before the
    review's date (or today, if earlier) and done by then.
    """
    today = today or date.today()
    by = min(review.on, today)
    known = [*(previous.actions if previous else []), *review.actions]
    pulse = list(review.pulse.values())
    return ReviewSummary(
        id=review.id,
        title=review.title,
        on=review.on,
        format=review.format,
        phase=review.phase,
        facilitator=review.facilitator,
        participants=tuple(review.participants),
        sprint_id=review.sprint_id,
        drift=review_drift(review),
        alignment_spread=alignment_spread(review),
        sentence=review_words(review_drift(review)),
        spread_sentence=spread_words(alignment_spread(review)),
        pulse_mean=_fmean(pulse) if pulse else None,
        pulse_count=len(pulse),
        follow_through=follow_through(known, by),
        follow_through_by=by,
        intents=tuple(
            IntentSummary(
                id=i.id,
                planned=i.planned,
                actual=i.actual,
                rating=i.rating,
                attainment=intent_attainment(i.rating),
                why=i.why,
                goal_id=i.goal_id,
            )
            for i in review.intents
        ),
        actions=tuple(ActionSummary.of(a, today) for a in review.actions),
        carried_forward=tuple(
            ActionSummary.of(a, today)
            for a in (previous.actions if previous else [])
            if a.status == "open"
        ),
        previous_id=previous.id if previous else None,
        previous_title=previous.title if previous else None,
        cards=len(review.cards),
        kudos=len(review.kudos),
    )
