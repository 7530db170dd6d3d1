"""Review formats: each a list of columns with a prompt.

The built-in formats are those of DESIGN.md; teams add their own, kept in the team's store. Each
column says whether it is "improve-like" (where problems and wishes land), which the drift
engine reads to find themes that keep coming back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from retro.errors import ValidationError
from retro.text import inert


@dataclass(frozen=True)
class Column:
    """One column of a format."""

    key: str
    """Short machine name, typed on the command line (``improve``)."""
    title: str
    """What the board shows as the column heading."""
    prompt: str
    """The question the column asks the team."""
    improve: bool = False
    """Whether cards here are problems or wishes (used for recurring themes)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "prompt": self.prompt,
            "improve": self.improve,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Column:
        return cls(
            key=str(data["key"]),
            title=str(data.get("title") or data["key"]),
            prompt=str(data.get("prompt", "")),
            improve=bool(data.get("improve", False)),
        )


@dataclass(frozen=True)
class Format:
    """A review format: a name and its columns."""

    key: str
    """Short machine name (``ssc``)."""
    name: str
    """Human name (``Start, stop, continue``)."""
    columns: tuple[Column, ...]
    """The columns, left to right."""
    description: str = ""
    """One sentence on when to use it."""
    intents: bool = False
    """Whether the format records intents (planned against happened), as an AAR does."""
    builtin: bool = field(default=False, compare=False)
    """Whether the format ships with retro (not stored)."""

    def column(self, key: str) -> Column:
        """The column with this key (or title, or unique key prefix), case-insensitive.

        Raises:
            ValidationError: no column, or several, match.
        """
        wanted = key.strip().lower()
        for column in self.columns:
            if wanted in (column.key, column.title.lower()):
                return column
        matches = [c for c in self.columns if c.key.startswith(wanted)] if wanted else []
        if len(matches) == 1:
            return matches[0]
        keys = ", ".join(c.key for c in self.columns)
        raise ValidationError(f"format '{self.key}' has no column '{key}'; its columns are: {keys}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "intents": self.intents,
            "columns": [c.to_dict() for c in self.columns],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Format:
        return make_format(
            key=str(data["key"]),
            name=str(data.get("name") or data["key"]),
            columns=[Column.from_dict(c) for c in data.get("columns", [])],
            description=str(data.get("description", "")),
            intents=bool(data.get("intents", False)),
        )


_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


def make_format(
    key: str,
    name: str,
    columns: list[Column],
    description: str = "",
    intents: bool = False,
    builtin: bool = False,
) -> Format:
    """Build a format, checking its key and columns.

    Raises:
        ValidationError: a bad key, no columns, or two columns with one key.
    """
    key = key.strip().lower()
    if not _KEY.match(key):
        raise ValidationError(
            f"format key '{key}' must be 1-32 lower-case letters, digits, '-' or '_'"
        )
    if not name.strip():
        raise ValidationError("a format needs a name")
    if not columns:
        raise ValidationError(f"format '{key}' needs at least one column")
    seen: set[str] = set()
    # A column without a title is shown (and stored) under its key.
    columns = [c if c.title.strip() else replace(c, title=c.key) for c in columns]
    for column in columns:
        if not _KEY.match(column.key):
            raise ValidationError(
                f"column key '{column.key}' must be 1-32 lower-case letters, digits, '-' or '_'"
            )
        if column.key in seen:
            raise ValidationError(f"format '{key}' has two columns called '{column.key}'")
        seen.add(column.key)
    return Format(key, name.strip(), tuple(columns), description, intents, builtin)


def _builtin(
    key: str, name: str, description: str, *cols: tuple[str, str, str, bool], intents: bool = False
) -> Format:
    return make_format(
        key, name, [Column(*c) for c in cols], description, intents=intents, builtin=True
    )


BUILTIN_FORMATS: tuple[Format, ...] = (
    _builtin(
        "aar",
        "After-action review",
        "What was supposed to happen, what happened, why, and what to keep and change.",
        ("planned", "Planned", "What was supposed to happen?", False),
        ("happened", "Happened", "What actually happened?", False),
        ("why", "Why", "Why was there a difference?", True),
        ("sustain", "Sustain", "What should we keep doing?", False),
        ("improve", "Improve", "What should we do differently next time?", True),
        intents=True,
    ),
    _builtin(
        "ssc",
        "Start, stop, continue",
        "Three lists of behaviours: new ones, ones to drop, ones that work.",
        ("start", "Start", "What should we start doing?", True),
        ("stop", "Stop", "What should we stop doing?", True),
        ("continue", "Continue", "What should we keep doing?", False),
    ),
    _builtin(
        "4ls",
        "4Ls",
        "Liked, learned, lacked, longed for: a balanced look back.",
        ("liked", "Liked", "What did you like?", False),
        ("learned", "Learned", "What did you learn?", False),
        ("lacked", "Lacked", "What was missing?", True),
        ("longed", "Longed for", "What did you wish for?", True),
    ),
    _builtin(
        "msg",
        "Mad, sad, glad",
        "Feelings first: what frustrated, disappointed and pleased the team.",
        ("mad", "Mad", "What drove you mad?", True),
        ("sad", "Sad", "What disappointed you?", True),
        ("glad", "Glad", "What made you glad?", False),
    ),
    _builtin(
        "sailboat",
        "Sailboat",
        "The team as a boat: what pushes it on, holds it back, lies ahead, and where it goes.",
        ("wind", "Wind", "What pushes us forward?", False),
        ("anchors", "Anchors", "What holds us back?", True),
        ("rocks", "Rocks", "What risks lie ahead?", True),
        ("island", "Island", "Where are we heading?", False),
    ),
    _builtin(
        "wwti",
        "Went well, to improve",
        "The simplest retro: two columns.",
        ("well", "Went well", "What went well?", False),
        ("improve", "To improve", "What should we improve?", True),
    ),
    _builtin(
        "postmortem",
        "Blameless postmortem",
        "After an incident: the facts, the impact and the causes, without blame.",
        ("timeline", "Timeline", "What happened, and when?", False),
        ("impact", "Impact", "Who and what was affected, and how much?", False),
        ("causes", "Root causes", "Why did it happen? Ask why until it stops helping.", True),
        ("well", "What went well", "What helped us detect, respond and recover?", False),
        ("lucky", "Where we got lucky", "What could have made it much worse?", True),
        intents=True,
    ),
)

BUILTIN_BY_KEY: dict[str, Format] = {f.key: f for f in BUILTIN_FORMATS}
DEFAULT_FORMAT = "ssc"


def all_formats(custom: list[Format] | tuple[Format, ...] = ()) -> list[Format]:
    """The built-in formats followed by the team's own (a custom key never hides a built-in)."""
    own = [f for f in custom if f.key not in BUILTIN_BY_KEY]
    return [*BUILTIN_FORMATS, *own]


def get_format(key: str, custom: list[Format] | tuple[Format, ...] = ()) -> Format:
    """The format with this key, built-in or the team's.

    Raises:
        ValidationError: no such format; the message lists the known keys.
    """
    wanted = key.strip().lower()
    formats = all_formats(custom)
    for fmt in formats:
        if fmt.key == wanted:
            return fmt
    keys = ", ".join(f.key for f in formats)
    raise ValidationError(f"unknown format '{key}'; known formats: {keys}")


class Formatted(Protocol):
    """What a review says of its format: the key, and the columns it kept."""

    format: str
    format_def: Format | None


def review_format(review: Formatted, custom: list[Format] | tuple[Format, ...] = ()) -> Format:
    """A review's format: the columns it kept when it was created (a team's own format, which
    may have changed since), else the format with its key.

    Raises:
        ValidationError: it kept none and no format has the key.
    """
    kept = review.format_def
    return kept if kept is not None else get_format(review.format, custom)


def parse_column(spec: str, improve: bool = False) -> Column:
    """A column from ``key:Title:prompt`` (title and prompt optional; the prompt may hold
    colons).

    Raises:
        ValidationError: no key, or a bad one.
    """
    key, _, rest = spec.partition(":")
    title, _, prompt = rest.partition(":")
    key = key.strip().lower()
    if not _KEY.match(key):
        raise ValidationError(
            f"column '{spec}' needs a key of 1-32 lower-case letters, digits, '-' or '_' "
            "before the first ':' (key:Title:prompt)"
        )
    return Column(key, title.strip() or key, prompt.strip(), improve)


def check_own(fmt: Format) -> Format:
    """A team's own format may not take a built-in's key.

    Raises:
        ValidationError: the key is a built-in format's.
    """
    if fmt.key in BUILTIN_BY_KEY:
        raise ValidationError(
            f"'{fmt.key}' is a built-in format ({BUILTIN_BY_KEY[fmt.key].name}); "
            "give your format another key"
        )
    return fmt


def kept_format(fmt: Format) -> Format | None:
    """What a new review keeps of its format: a team's own format whole (it may change later),
    nothing of a built-in (it does not)."""
    return None if fmt.builtin else fmt


def own_format(
    key: str,
    *,
    base: Format | None = None,
    name: str | None = None,
    description: str | None = None,
    columns: list[str] | tuple[str, ...] = (),
    improve: list[str] | tuple[str, ...] | None = None,
    intents: bool | None = None,
) -> Format:
    """A team's own format from what a person gave: `base` (an existing format, or one read
    from a file) changed by the rest. Columns are ``key:Title:prompt`` texts and replace the
    base's; `improve` names the improve-like columns (else a column keeps the base's flag).

    Raises:
        ValidationError: a bad key, a built-in's key, no columns, two columns with one key, or
            an improve-like column that is not one of them.
    """
    old = {c.key: c for c in base.columns} if base else {}
    cols = (
        [
            replace(c, improve=old[c.key].improve) if c.key in old else c
            for c in (parse_column(spec) for spec in columns)
        ]
        if columns
        else list(base.columns if base else ())
    )
    if improve is not None:
        wanted = {k.strip().lower() for k in improve if k.strip()}
        unknown = sorted(wanted - {c.key for c in cols})
        if unknown:
            raise ValidationError(
                f"improve-like column '{unknown[0]}' is not one of the format's columns "
                f"({', '.join(c.key for c in cols) or 'none'})"
            )
        cols = [replace(c, improve=c.key in wanted) for c in cols]
    fmt = make_format(
        key,
        name if name is not None and name.strip() else (base.name if base else key),
        cols,
        description if description is not None else (base.description if base else ""),
        intents if intents is not None else (base.intents if base else False),
    )
    texts = [("its name", fmt.name), ("its description", fmt.description)]
    for column in fmt.columns:
        texts += [(f"column {column.key}'s title", column.title)]
        texts += [(f"column {column.key}'s prompt", column.prompt)]
    for what, text in texts:
        if "\n" in text or inert(text) != text:
            raise ValidationError(
                f"format '{fmt.key}': {what} must be one line of plain text, without control "
                "characters"
            )
    return check_own(fmt)


def format_from_json(data: Any, key: str | None = None) -> Format:
    """A format from the JSON `retro formats --json` prints: one format, or a list of them
    (the one with `key`, or the only one), given `key` if one is given.

    Raises:
        ValidationError: not a format, or no single format to take from the list.
    """
    if isinstance(data, list):
        found = [d for d in data if isinstance(d, dict) and d.get("key") == key] or data
        if len(found) != 1:
            raise ValidationError(
                f"the file holds {len(data)} formats and none has the key '{key}'; "
                "give one format ('retro formats KEY --json' prints one)"
            )
        data = found[0]
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list):
        raise ValidationError(
            'the file is not a format: it needs an object with a "columns" list, as '
            "'retro formats KEY --json' prints"
        )
    try:
        return Format.from_dict({**data, "key": key or data.get("key", "")})
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(f"the file's format has a missing or bad field: {exc}") from None
