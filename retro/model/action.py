"""Actions: what a team agreed to do in a review, carried forward until done or dropped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from retro.errors import ValidationError
from retro.ids import new_id
from retro.model.rules import (
    ACTION_STATUSES,
    ActionStatus,
    _check_id,
    _d,
    _dt,
    _pd,
    _pdt,
    _text,
    now,
)


@dataclass
class Action:
    """Something the team agreed to do; carried forward until done or dropped."""

    text: str
    """What is to be done."""
    review_id: str
    """The review where it was agreed."""
    owner: str | None = None
    """Who will do it."""
    due: date | None = None
    """By when."""
    status: ActionStatus = "open"
    """open, done or dropped."""
    done_on: date | None = None
    """The day it was marked done (or dropped)."""
    topic: str | None = None
    """The topic it was agreed on in discuss: the id of a card of that topic (a group's lead
    card, or the card itself); None for an action agreed outside a topic."""
    id: str = field(default_factory=lambda: new_id("a"))
    """Kind letter ``a`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When it was agreed."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "an action's text")
        _check_id(self.id, "a")
        _check_id(self.review_id, "r")
        if self.topic is not None:
            _check_id(self.topic, "c")
        if self.status not in ACTION_STATUSES:
            raise ValidationError(
                f"action status '{self.status}' is not one of: {', '.join(ACTION_STATUSES)}"
            )

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.status == "open" and self.due is not None and self.due < today

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "review_id": self.review_id,
            "text": self.text,
            "owner": self.owner,
            "due": _d(self.due),
            "status": self.status,
            "done_on": _d(self.done_on),
            "topic": self.topic,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Action:
        return cls(
            id=data["id"],
            review_id=data["review_id"],
            text=data["text"],
            owner=data.get("owner"),
            due=_pd(data.get("due")),
            status=data.get("status", "open"),
            done_on=_pd(data.get("done_on")),
            topic=data.get("topic"),
            created=_pdt(data.get("created")) or now(),
        )
