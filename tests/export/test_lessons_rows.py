"""The lessons digest made from light rows (`lesson_rows`, what `retro export lessons` reads from
the search cache) is the digest of the lessons themselves, byte for byte, and both are what the
plain definition of the digest gives; `escape_md`'s shortcut for plain text changes nothing."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from retro.export.blocks import document, fields, footer, heading, plural, span
from retro.export.escape import (
    _inline,
    _line_start,
    close_bidi,
    escape_heading,
    escape_line,
    escape_md,
    lines_of,
)
from retro.export.lessons import UNTAGGED, LessonRow, lesson_item, lesson_rows, render_lessons
from retro.model import Lesson

TODAY = date(2026, 3, 2)

# Everything the escaping treats specially: markup, block starts, blanks, every kind of newline,
# controls (C0, DEL, C1), bidi controls, digits of other scripts, and some plain letters.
HOSTILE = st.text(
    alphabet=st.sampled_from(
        [
            *"\\`*_[]|~$<>&#+-=.)( \t\n\r1234567890ab",
            *["\x00", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\u00a0", "\u2028", "é", "١", "🚀"],
            *["\u202a", "\u202c", "\u202e", "\u2066", "\u2068", "\u2069", "—", "·"],
        ]
    ),
    max_size=30,
)
TAGS = ["deploy", "ci", "untagged", "zeta", "alpha-1", "ß", "a_b", "x|y"]
AUTHORS = st.sampled_from([None, "", "  ", "ana", "Bo Li", "<eve>", "# hash", "a\nb"])
ZONES = [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
# Few instants, in several zones: equal dates and equal instants written differently are common.
CREATED = st.builds(
    lambda minute, zone: (
        datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(minutes=minute)
    ).astimezone(zone),
    st.integers(0, 3),
    st.sampled_from(ZONES),
)
LESSON = st.builds(
    Lesson,
    text=HOSTILE.filter(lambda t: t.strip()),
    on=st.dates(date(2025, 12, 25), date(2026, 1, 10)),
    tags=st.lists(st.sampled_from(TAGS), max_size=3),
    author=AUTHORS,
    # Few ids: an id held twice (a damaged store) happens too.
    id=st.integers(0, 40).map(lambda n: f"l{n:04d}"),
    created=CREATED,
)
DAYS = st.none() | st.dates(date(2025, 12, 25), date(2026, 1, 10))
TAG = st.none() | st.sampled_from([*TAGS, "#Deploy", " CI ", "nosuch", "   "])


def plain_digest(
    lessons: list[Lesson], since: date | None, until: date | None, tag: str | None, today: date
) -> str:
    """The digest by its definition: each item made on its own, one block per group."""
    wanted = (tag or "").strip().lstrip("#").strip().lower() or None
    chosen = sorted(
        (
            x
            for x in lessons
            if (since is None or x.on >= since)
            and (until is None or x.on <= until)
            and (wanted is None or wanted in x.tags)
        ),
        key=lambda x: (x.on, x.created, x.id),
        reverse=True,
    )
    groups: dict[str, list[Lesson]] = {}
    for lesson in chosen:
        for name in [wanted] if wanted else (lesson.tags or [UNTAGGED]):
            groups.setdefault(name, []).append(lesson)

    def head(x: Lesson) -> str:
        by = f" — {escape_line(x.author)}" if x.author else ""
        return f"- **{x.on.isoformat()}** · {escape_md(x.text, indent='  ')}{by}"

    def end(x: Lesson, besides: str | None) -> str:
        others = [t for t in x.tags if t != besides]
        word = "also" if besides else "tags"
        return f" · {word}: " + ", ".join(map(escape_line, others)) if others else ""

    heads = {x.id: head(x) for x in chosen}  # an id held twice shows its newest lesson's item
    order = sorted(t for t in groups if t != UNTAGGED) + [t for t in groups if t == UNTAGGED]
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
        title = UNTAGGED if name == UNTAGGED else escape_heading(name)
        blocks.append(heading(2, f"{title} · {plural(len(groups[name]), 'lesson')}"))
        besides = None if name == UNTAGGED else name
        blocks.append("\n".join(heads[x.id] + end(x, besides) for x in groups[name]))
    blocks.append(footer(today))
    return document(blocks)


@settings(max_examples=300, deadline=None)
@given(st.lists(LESSON, max_size=25), DAYS, DAYS, TAG, st.randoms(use_true_random=False))
def test_the_digest_of_rows_is_the_digest_of_the_lessons(
    lessons: list[Lesson],
    since: date | None,
    until: date | None,
    tag: str | None,
    rng: random.Random,
) -> None:
    rng.shuffle(lessons)  # any order: the renderer sorts (lessons alike in all keep their order)
    expected = plain_digest(lessons, since, until, tag, TODAY)
    assert render_lessons(lessons, since=since, until=until, tag=tag, today=TODAY) == expected
    rows = lesson_rows([x.to_dict() for x in lessons])
    assert render_lessons(rows, since=since, until=until, tag=tag, today=TODAY) == expected


def test_a_row_reads_as_its_lesson() -> None:
    lesson = Lesson(
        "Pin versions | always",
        on=date(2026, 1, 5),
        tags=["deploy", "ci"],
        author="ana",
        created=datetime(2026, 1, 5, 9, 30, 15, 250, tzinfo=timezone(timedelta(hours=2))),
    )
    (row,) = lesson_rows([lesson.to_dict()])
    assert row == LessonRow(
        lesson.text, lesson.on, lesson.tags, lesson.author, lesson.id, lesson.created
    )
    for besides in (None, "deploy", "ci"):
        assert lesson_item(row, besides=besides) == lesson_item(lesson, besides=besides)
    assert lesson_item(row, besides="ci") == (
        "- **2026-01-05** · Pin versions \\| always — ana · also: deploy"
    )


def _escape_md_by_lines(text: str, indent: str) -> str:
    """`escape_md` by its definition, line by line, with no shortcut."""
    lines = [_line_start(_inline(line)) for line in lines_of(close_bidi(text))]
    return ("\\\n" + indent).join(lines)


@settings(max_examples=2000, deadline=None)
@given(HOSTILE, st.sampled_from(["", "  ", "    "]))
def test_escape_md_is_its_line_by_line_definition(text: str, indent: str) -> None:
    assert escape_md(text, indent=indent) == _escape_md_by_lines(text, indent)


def test_plain_text_is_kept_and_anything_else_escaped() -> None:
    for kept in ("Ship small", "10 deploys a day", "café ١٢", "a.b) c", "🚀 go"):
        assert escape_md(kept) == kept
    for text, escaped in [
        ("1. one", "1\\. one"),
        ("١) one", "١\\) one"),
        ("- item", "\\- item"),
        (" padded ", "padded"),
        ("tab\there", "tab\there"),
        ("a\tb ", "a\tb"),
        ("x\x1b", "x␛"),
        ("x\x85", "x\ufffd"),
        ("\u202eevil", "\u202eevil\u202c"),
        ("two\nlines", "two\\\n  lines"),
    ]:
        assert escape_md(text, indent="  ") == escaped
