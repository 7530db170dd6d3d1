"""Kudos: recognition, from one person (or anyone) to another, in a review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from retro.ids import new_id
from retro.model.rules import _check_id, _dt, _pdt, _text, _who, now


@dataclass
class Kudos:
    """Recognition of a person for a contribution."""

    to: str
    """Who is recognised."""
    text: str
    """For what."""
    by: str | None = None
    """Who gave it."""
    id: str = field(default_factory=lambda: new_id("k"))
    """Kind letter ``k`` and a random suffix."""
    created: datetime = field(default_factory=now)
    """When it was given."""

    def __post_init__(self) -> None:
        self.to = _text(self.to, "who the kudos is for").strip()
        self.text = _text(self.text, "the kudos' text")
        self.by = _who(self.by, "who gave the kudos")
        _check_id(self.id, "k")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "to": self.to,
            "text": self.text,
            "by": self.by,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Kudos:
        return cls(
            id=data["id"],
            to=data["to"],
            text=data["text"],
            by=data.get("by"),
            created=_pdt(data.get("created")) or now(),
        )
