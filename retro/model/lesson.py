"""Lessons learned, from anyone, with or without a review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from retro.ids import new_id
from retro.model.rules import (
    _check_id,
    _d,
    _dt,
    _pdt,
    _req_date,
    _tags,
    _text,
    _who,
    now,
)

# --- lessons ---------------------------------------------------------------------------------


@dataclass
class Lesson:
    """A lesson learned, from anyone."""

    text: str
    """The lesson."""
    on: date = field(default_factory=date.today)
    """The day it was learned."""
    tags: list[str] = field(default_factory=list)
    """Tags, lower case."""
    author: str | None = None
    """Who logged it."""
    review_id: str | None = None
    """The review it came from, if any."""
    card_id: str | None = None
    """The card it was promoted from, if any."""
    id: str = field(default_factory=lambda: new_id("l"))
    """Kind letter ``l`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When it was logged."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "a lesson's text")
        self.tags = _tags(self.tags)
        self.author = _who(self.author, "a lesson's author")
        _check_id(self.id, "l")
        if self.review_id is not None:
            _check_id(self.review_id, "r")
        if self.card_id is not None:
            _check_id(self.card_id, "c")

    def matches(self, words: str) -> bool:
        """Whether every word of the search appears in the text or tags (case-insensitive)."""
        haystack = (self.text + " " + " ".join(self.tags)).casefold()
        return all(word in haystack for word in words.casefold().split())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "on": _d(self.on),
            "tags": list(self.tags),
            "author": self.author,
            "review_id": self.review_id,
            "card_id": self.card_id,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lesson:
        return cls(
            id=data["id"],
            text=data["text"],
            on=_req_date(data["on"], "a lesson's date"),
            tags=list(data.get("tags", [])),
            author=data.get("author"),
            review_id=data.get("review_id"),
            card_id=data.get("card_id"),
            created=_pdt(data.get("created")) or now(),
        )
