"""The team: its members, working agreements and purpose, and the settings of its reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from retro.errors import NotFoundError, RuleError, ValidationError
from retro.formats import BUILTIN_BY_KEY, Format, check_own
from retro.ids import new_id
from retro.model.naming import new_title
from retro.model.rules import (
    DEFAULT_TOLERANCE,
    _check_id,
    _d,
    _dt,
    _number,
    _pdt,
    _req_date,
    _text,
    _who,
    now,
)

# --- team ------------------------------------------------------------------------------------


@dataclass
class Member:
    """A person on the team."""

    name: str
    """How the person is shown and named on the command line (``--owner ana``)."""
    id: str = field(default_factory=lambda: new_id("m"))
    """Kind letter ``m`` and a random suffix."""
    joined: date = field(default_factory=date.today)
    """When the person was added."""

    def __post_init__(self) -> None:
        self.name = _text(self.name, "a member's name").strip()
        _check_id(self.id, "m")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "joined": _d(self.joined)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Member:
        return cls(name=data["name"], id=data["id"], joined=_req_date(data["joined"], "joined"))


@dataclass
class Agreement:
    """One working agreement of the team's charter (how we work together)."""

    text: str
    """The agreement, in the team's words."""
    added: date = field(default_factory=date.today)
    """When the team agreed it."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "an agreement")

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "added": _d(self.added)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agreement:
        return cls(text=data["text"], added=_req_date(data["added"], "added"))


@dataclass
class PurposeVersion:
    """One version of the team's purpose; the list of them is the purpose's history."""

    text: str
    """The purpose (north star) as it was set."""
    set_at: datetime = field(default_factory=now)
    """When it was set."""
    set_by: str | None = None
    """Who set it."""

    def __post_init__(self) -> None:
        self.text = _text(self.text, "the purpose")
        self.set_by = _who(self.set_by, "who set the purpose")

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "set_at": _dt(self.set_at), "set_by": self.set_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PurposeVersion:
        return cls(
            text=data["text"],
            set_at=_pdt(data["set_at"]) or now(),
            set_by=data.get("set_by"),
        )


@dataclass
class Team:
    """The team: the store itself. Its name, members, agreements, purpose history and formats."""

    name: str
    """The team's name."""
    members: list[Member] = field(default_factory=list)
    """The people on the team."""
    agreements: list[Agreement] = field(default_factory=list)
    """The team's charter."""
    purposes: list[PurposeVersion] = field(default_factory=list)
    """Every version of the purpose, oldest first; the last is current."""
    formats: list[Format] = field(default_factory=list)
    """The team's own review formats."""
    tolerance: float = DEFAULT_TOLERANCE
    """The drift tolerance for status bands (on track while drift ≥ −tolerance)."""
    created: datetime = field(default_factory=now)
    """When the team was created."""

    def __post_init__(self) -> None:
        self.name = _text(self.name, "the team's name").strip()
        tolerance = _number(self.tolerance, "the tolerance")
        if tolerance is None or not 0 < tolerance < 1:
            raise ValidationError("the tolerance must be a number between 0 and 1, like 0.1")
        self.tolerance = tolerance

    @property
    def purpose(self) -> str | None:
        """The current purpose, or None if none was ever set."""
        return self.purposes[-1].text if self.purposes else None

    def set_purpose(self, text: str, by: str | None = None, at: datetime | None = None) -> bool:
        """Set a new purpose, keeping the history. Returns False if it is unchanged."""
        text = _text(text, "the purpose").strip()
        if text == self.purpose:
            return False
        self.purposes.append(PurposeVersion(text, at or now(), by))
        return True

    def rename(self, name: str) -> bool:
        """Give the team a new name; False when it is unchanged. Reviews, sprints and lessons
        live in the team's store, so none of them refers to the name.

        Raises:
            ValidationError: the name is empty.
        """
        new = new_title(self.name, name, "the team's name")
        if new is None:
            return False
        self.name = new
        return True

    # -- the team's own formats ------------------------------------------------------------

    def own_format(self, key: str) -> Format:
        """The team's own format with this key.

        Raises:
            NotFoundError: the team has none (a built-in is not the team's to change).
        """
        wanted = key.strip().lower()
        for fmt in self.formats:
            if fmt.key == wanted:
                return fmt
        if wanted in BUILTIN_BY_KEY:
            raise NotFoundError(
                f"'{wanted}' is a built-in format; only the team's own formats can change"
            )
        keys = ", ".join(f.key for f in self.formats) or "none yet"
        raise NotFoundError(f"the team has no format '{key}' (its own formats: {keys})")

    def add_format(self, fmt: Format) -> None:
        """Add a format of the team's own.

        Raises:
            ValidationError: its key is a built-in's, or one of the team's formats has it.
        """
        check_own(fmt)
        if any(f.key == fmt.key for f in self.formats):
            raise ValidationError(f"the team has a format '{fmt.key}' already")
        self.formats.append(fmt)

    def replace_format(self, fmt: Format) -> Format:
        """Put a changed version in place of the team's format with the same key; returns the
        old one. Reviews made with the old one keep its columns.

        Raises:
            NotFoundError: the team has no such format.
        """
        old = self.own_format(fmt.key)
        self.formats[self.formats.index(old)] = fmt
        return old

    def remove_format(self, key: str, used_by: list[str]) -> Format:
        """Delete one of the team's formats that no review uses; returns it.

        Args:
            key: the format's key.
            used_by: the titles of the reviews of that format.

        Raises:
            NotFoundError: the team has no such format.
            RuleError: reviews use it (they are named).
        """
        fmt = self.own_format(key)
        if used_by:
            names = ", ".join(repr(t) for t in used_by[:5])
            more = f" and {len(used_by) - 5} more" if len(used_by) > 5 else ""
            raise RuleError(
                f"format '{fmt.key}' is used by {len(used_by)} "
                f"review{'s' if len(used_by) != 1 else ''}: {names}{more}; it cannot be deleted"
            )
        self.formats.remove(fmt)
        return fmt

    def member(self, name: str) -> Member | None:
        """The member with this name (case-insensitive), if any."""
        wanted = name.strip().casefold()
        return next((m for m in self.members if m.name.casefold() == wanted), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "members": [m.to_dict() for m in self.members],
            "agreements": [a.to_dict() for a in self.agreements],
            "purposes": [p.to_dict() for p in self.purposes],
            "formats": [f.to_dict() for f in self.formats],
            "tolerance": self.tolerance,
            "created": _dt(self.created),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Team:
        return cls(
            name=data["name"],
            members=[Member.from_dict(m) for m in data.get("members", [])],
            agreements=[Agreement.from_dict(a) for a in data.get("agreements", [])],
            purposes=[PurposeVersion.from_dict(p) for p in data.get("purposes", [])],
            formats=[Format.from_dict(f) for f in data.get("formats", [])],
            tolerance=data.get("tolerance", DEFAULT_TOLERANCE),
            created=_pdt(data.get("created")) or now(),
        )
