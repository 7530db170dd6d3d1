"""The lessons digest: lessons in a date range or with a tag, grouped by tag, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from retro.export.blocks import document, fields, footer, heading, plural, span
from retro.export.escape import escape_heading, escape_line, escape_md
from retro.model import Lesson

UNTAGGED = "Untagged"

_name = lru_cache(maxsize=4096)(escape_line)
"""`escape_line` for authors and tags: a team has a few of each, repeated on every lesson."""


def _clean_tag(tag: str | None) -> str | None:
    if tag is None:
        return None
    clean = tag.strip().lstrip("#").strip().lower()
    return clean or None


def select_lessons(
    lessons: Iterable[Lesson],
    *,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
) -> list[Lesson]:
    """The lessons learned from `since` to `until` (both included) with `tag`, newest first."""
    wanted = _clean_tag(tag)
    chosen = [
        lesson
        for lesson in lessons
        if (since is None or lesson.on >= since)
        and (until is None or lesson.on <= until)
        and (wanted is None or wanted in lesson.tags)
    ]
    chosen.sort(key=lambda lesson: (lesson.on, lesson.created, lesson.id), reverse=True)
    return chosen


def lesson_item(lesson: Lesson, *, besides: str | None = None) -> str:
    """One lesson as a list item: date, text, author, and its other tags.

    Args:
        lesson: the lesson.
        besides: the tag the lesson is listed under (its other tags are named as "also").
    """
    return _item_head(lesson) + _item_tags(lesson, besides)


def _item_head(lesson: Lesson) -> str:
    """A lesson's item up to its tags: the same under every tag it is listed under."""
    line = f"- **{lesson.on.isoformat()}** · {escape_md(lesson.text, indent='  ')}"
    if lesson.author:
        line += f" — {_name(lesson.author)}"
    return line


def _item_tags(lesson: Lesson, besides: str | None) -> str:
    others = [t for t in lesson.tags if t != besides]
    if not others:
        return ""
    return f" · {'also' if besides else 'tags'}: " + ", ".join(map(_name, others))


def render_lessons(
    lessons: Iterable[Lesson],
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
        lessons: the lessons to choose from (any order).
        since: the first day to include, or None.
        until: the last day to include, or None.
        tag: only lessons with this tag (with or without ``#``), or None for all.
        today: the export date for the footer (today when None).
    """
    today = today or date.today()
    wanted = _clean_tag(tag)
    chosen = select_lessons(lessons, since=since, until=until, tag=wanted)
    groups: dict[str, list[Lesson]] = {}
    for lesson in chosen:
        tags = [wanted] if wanted else (lesson.tags or [UNTAGGED])
        for name in tags:
            groups.setdefault(name, []).append(lesson)
    # A lesson with several tags is listed under each: its text is escaped once.
    heads = {lesson.id: _item_head(lesson) for lesson in chosen}
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
    for name in order:
        items = groups[name]
        untagged = name == UNTAGGED
        title = UNTAGGED if untagged else escape_heading(name)
        blocks.append(heading(2, f"{title} · {plural(len(items), 'lesson')}"))
        besides = None if untagged else name
        blocks.append("\n".join(heads[lesson.id] + _item_tags(lesson, besides) for lesson in items))
    blocks.append(footer(today))
    return document(blocks)
