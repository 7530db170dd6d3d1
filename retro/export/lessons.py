"""The lessons digest: lessons in a date range or with a tag, grouped by tag, newest first.

The renderer reads a few attributes of each lesson (`LessonLike`): a `retro.model.Lesson`, or a
`LessonRow` made by `lesson_rows` from the dicts ``Lesson.to_dict`` gives (what the store's
search cache holds), which skips building and checking a model object per lesson.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, Protocol, TypeVar

from retro.export.blocks import fields, footer, heading, plural, span
from retro.export.escape import escape_heading, escape_line, escape_md

UNTAGGED = "Untagged"


class LessonLike(Protocol):
    """What the digest reads of a lesson (`retro.model.Lesson` has all of it)."""

    @property
    def text(self) -> str: ...
    @property
    def on(self) -> date: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def author(self) -> str | None: ...
    @property
    def id(self) -> str: ...
    @property
    def created(self) -> datetime: ...


class LessonRow(NamedTuple):
    """A lesson as the digest reads it, without the model's checks: for lessons the store has
    checked already (`lesson_rows`)."""

    text: str
    on: date
    tags: Sequence[str]
    author: str | None
    id: str
    created: datetime


L = TypeVar("L", bound=LessonLike)

_newest = attrgetter("on", "created", "id")
"""The digest's order (reversed): by date, then by when it was logged, then by id."""

_name = lru_cache(maxsize=4096)(escape_line)
"""`escape_line` for authors and tags: a team has a few of each, repeated on every lesson."""


def _clean_tag(tag: str | None) -> str | None:
    if tag is None:
        return None
    clean = tag.strip().lstrip("#").strip().lower()
    return clean or None


def lesson_rows(dicts: Iterable[Mapping[str, Any]]) -> list[LessonRow]:
    """Rows for `render_lessons` from lessons as ``Lesson.to_dict`` gives them (any order).

    The dicts must come from checked lessons (``Store.search_lessons``, the search cache):
    nothing is checked again, the dates are only parsed. The digest of the rows is the digest
    of the lessons, byte for byte.
    """
    days: dict[str, date] = {}  # a few hundred days for thousands of lessons
    # `tuple.__new__` makes the row without the Python-level `__new__` of a NamedTuple.
    time_of, make = datetime.fromisoformat, tuple.__new__
    rows: list[LessonRow] = []
    for x in dicts:
        on = x["on"]
        day = days.get(on)
        if day is None:
            day = days[on] = date.fromisoformat(on)
        created = time_of(x["created"])
        rows.append(make(LessonRow, (x["text"], day, x["tags"], x["author"], x["id"], created)))
    return rows


def select_lessons(
    lessons: Iterable[L],
    *,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
) -> list[L]:
    """The lessons learned from `since` to `until` (both included) with `tag`, newest first."""
    wanted = _clean_tag(tag)
    chosen = (
        list(lessons)
        if since is None and until is None and wanted is None
        else [
            lesson
            for lesson in lessons
            if (since is None or lesson.on >= since)
            and (until is None or lesson.on <= until)
            and (wanted is None or wanted in lesson.tags)
        ]
    )
    chosen.sort(key=_newest, reverse=True)
    return chosen


def lesson_item(lesson: LessonLike, *, besides: str | None = None) -> str:
    """One lesson as a list item: date, text, author, and its other tags.

    Args:
        lesson: the lesson.
        besides: the tag the lesson is listed under (its other tags are named as "also").
    """
    return _item_head(lesson) + _item_tags(lesson, besides)


def _item_head(lesson: LessonLike) -> str:
    """A lesson's item up to its tags: the same under every tag it is listed under."""
    return _item_day(lesson.on) + escape_md(lesson.text, indent="  ") + _item_by(lesson.author)


@lru_cache(maxsize=4096)
def _item_day(on: date) -> str:
    """The start of an item, up to its text: the day (many lessons share one)."""
    return f"- **{on.isoformat()}** · "


@lru_cache(maxsize=4096)
def _item_by(author: str | None) -> str:
    """What follows an item's text: its author, if any."""
    return f" — {_name(author)}" if author else ""


def _item_tags(lesson: LessonLike, besides: str | None) -> str:
    others = [t for t in lesson.tags if t != besides]
    if not others:
        return ""
    return f" · {'also' if besides else 'tags'}: " + ", ".join(map(_name, others))


def _places(
    lesson: LessonLike, wanted: str | None, groups: dict[str, list[str]]
) -> list[tuple[list[str], str]]:
    """The groups a lesson is listed in (made in `groups` when new), each with the end of its
    item there: under `wanted` alone if given, else under each tag, or under "Untagged"."""
    if not wanted and not lesson.tags:
        return [(groups.setdefault(UNTAGGED, []), "")]
    names = [wanted] if wanted else lesson.tags
    return [(groups.setdefault(name, []), _item_tags(lesson, name)) for name in names]


def render_lessons(
    lessons: Iterable[LessonLike],
    *,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
    today: date | None = None,
) -> str:
    """A Markdown digest of lessons learned, grouped by tag (A–Z, untagged last), newest first.

    A lesson with several tags is listed under each of them. With `tag`, only that tag's lessons
    are listed, under that one heading.

    Args:
        lessons: the lessons to choose from (any order): `Lesson` objects or `LessonRow`s.
        since: the first day to include, or None.
        until: the last day to include, or None.
        tag: only lessons with this tag (with or without ``#``), or None for all.
        today: the export date for the footer (today when None).
    """
    today = today or date.today()
    wanted = _clean_tag(tag)
    chosen = select_lessons(lessons, since=since, until=until, tag=wanted)
    groups: dict[str, list[str]] = {}
    # Where the lessons with the same tags are listed: each group's items and the end of the
    # item there (the lesson's other tags), worked out once for each set of tags.
    places: dict[tuple[str, ...], list[tuple[list[str], str]]] = {}
    # A lesson with several tags is listed under each: its text is escaped once. Built from the
    # oldest, so that an id held twice (a damaged store) shows the newest one's item, as a
    # mapping of id to item built from the newest would.
    heads: dict[str, str] = {}
    for lesson in reversed(chosen):
        head = heads.get(lesson.id)
        if head is None:
            head = heads[lesson.id] = _item_head(lesson)
        key = tuple(lesson.tags)
        where = places.get(key)
        if where is None:
            where = places[key] = _places(lesson, wanted, groups)
        for items, end in where:
            items.append(head + end)
    for items in groups.values():
        items.reverse()
    # Tags are lower case, so the sentinel "Untagged" never clashes with a tag "untagged".
    order = sorted(t for t in groups if t != UNTAGGED)
    if UNTAGGED in groups:
        order.append(UNTAGGED)

    blocks = [
        heading(1, "Lessons learned"),
        fields(
            [
                ("Period", span(since, until)),
                ("Tag", escape_line(wanted) if wanted else ""),
                ("Lessons", str(len(chosen))),
            ]
        ),
    ]
    if not chosen:
        blocks.append("*No lessons match.*")
    # The blocks as `document` joins them (none is empty), but the items of every group go into
    # one list of lines joined once: a digest of 50,000 lessons is megabytes of text.
    lines: list[str] = []
    for block in blocks:
        lines += (block, "")
    for name in order:
        items = groups[name]
        title = UNTAGGED if name == UNTAGGED else escape_heading(name)
        lines += (heading(2, f"{title} · {plural(len(items), 'lesson')}"), "")
        lines += items
        lines.append("")
    lines += (footer(today), "")
    return "\n".join(lines)
