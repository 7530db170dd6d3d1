"""`retro export lessons` reads the lessons through the search cache: what it prints (Markdown or
JSON) is what a full read of the store gives, whatever the state of the cache, and a damaged
lessons file is refused with the same one line and exit code as a full read refuses it."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from click.testing import Result

from retro.errors import RetroError
from retro.export.markdown import render_lessons
from retro.model import Lesson
from retro.store import Store

Ok = Callable[..., Result]
Run = Callable[..., Result]

TEXTS = [
    "Ship small",
    "# not a heading",
    "1. not a list",
    "a | b <b>bold</b> & `code` $x$",
    "two\nlines\r\nthree",
    "  padded  ",
    "\x1b[31mred\u202e reversed",
    "١) digits",
    "Pin versions 🚀",
]
FILTERS: list[list[str]] = [
    [],
    ["--since", "2026-01-20"],
    ["--until", "2026-02-01"],
    ["--since", "2026-01-10", "--until", "2026-02-10"],
    ["-t", "deploy"],
    ["-t", "#CI"],
    ["-t", "untagged"],
    ["-t", "nosuch"],
    ["--since", "2026-01-15", "-t", "zeta"],
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "search-cache"
    monkeypatch.setenv("RETRO_CACHE", str(path))
    return path


@pytest.fixture
def lessons(team: Path, cache: Path) -> Store:
    """120 lessons by several people over two months, hostile texts, some logged at the same
    instant written in different time zones (the digest then orders them by id)."""
    store = Store(team)
    rng = random.Random(8)
    noon = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for n in range(120):
        zone = timezone(timedelta(hours=rng.choice([0, 2, -5])))
        store.add_lesson(
            Lesson(
                rng.choice(TEXTS) + rng.choice(["", f" {n}"]),
                on=date(2026, 1, 1) + timedelta(days=rng.randint(0, 45)),
                tags=rng.sample(["deploy", "ci", "untagged", "zeta"], rng.randint(0, 2)),
                author=rng.choice(["ana", "bo", "<eve>", None]),
                created=(noon + timedelta(minutes=rng.randint(0, 2))).astimezone(zone),
            )
        )
    return Store(team)


def _option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def _expected(store: Store, args: list[str]) -> tuple[str, str]:
    """The Markdown and the JSON a full read of the store gives for these filters."""
    since, until = _option(args, "--since"), _option(args, "--until")
    day_since = date.fromisoformat(since) if since else None
    day_until = date.fromisoformat(until) if until else None
    tag = _option(args, "-t")
    every = Store(store.path).lessons()
    markdown = render_lessons(every, since=day_since, until=day_until, tag=tag, today=date.today())
    wanted = tag.lstrip("#").lower() if tag else None
    chosen = [
        x.to_dict()
        for x in every
        if (day_since is None or x.on >= day_since)
        and (day_until is None or x.on <= day_until)
        and (wanted is None or wanted in x.tags)
    ]
    options = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    return markdown, orjson.dumps(chosen, option=options).decode() + "\n"


def _check_all(store: Store, ok: Ok) -> None:
    for args in FILTERS:
        markdown, as_json = _expected(store, args)
        assert ok("export", "lessons", *args).stdout == markdown, args
        assert ok("export", "lessons", "--format", "json", *args).stdout == as_json, args


def test_the_export_is_what_a_full_read_gives(lessons: Store, cache: Path, ok: Ok) -> None:
    assert "\\|" in ok("export", "lessons").stdout  # the hostile texts are there, escaped
    _check_all(lessons, ok)  # cold, then warm
    assert list(cache.glob("search-*"))
    _check_all(lessons, ok)


def test_the_export_follows_changes_and_survives_a_damaged_cache(
    lessons: Store, cache: Path, ok: Ok
) -> None:
    ok("export", "lessons")
    first, second = lessons.lessons()[:2]
    ok("log", "Written since the last export", "-t", "deploy", "--date", "2026-01-25")
    lessons.update_lesson(first.id, lambda x: setattr(x, "text", "Changed | elsewhere"))
    lessons.delete_lesson(second.id)
    _check_all(lessons, ok)
    for path in cache.glob("search-*"):
        path.write_bytes(b"\x00garbage")
    _check_all(lessons, ok)


def _refusal(store: Store) -> RetroError:
    with pytest.raises(RetroError) as caught:
        Store(store.path).lessons()
    return caught.value


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"\x00 not JSON",
        lambda data: b"",
        lambda data: data.replace(b'"text"', b'"txet"', 1),
        lambda data: data.replace(b'"tags": [', b'"tags": ["two words", ', 1),
        lambda data: re.sub(rb'"schema": \d+', b'"schema": 99', data, count=1),
        lambda data: re.sub(rb'"author": ("[^"]*"|null)', b'"author": 5', data, count=1),
    ],
    ids=["binary", "empty", "missing-field", "broken-rule", "newer-schema", "author-a-number"],
)
def test_a_damaged_lessons_file_is_refused_as_a_full_read_refuses_it(
    lessons: Store, cache: Path, run: Run, damage: Callable[[bytes], bytes]
) -> None:
    assert run("export", "lessons").exit_code == 0  # the cache is warm
    path = sorted((lessons.path / "lessons").rglob("*.json"))[1]
    text = path.read_bytes()
    path.write_bytes(damage(json.dumps(json.loads(text), indent=1).encode()))
    refusal = _refusal(lessons)
    assert str(path) in refusal.message
    for fmt in ("md", "json"):
        result = run("export", "lessons", "--format", fmt)
        assert result.exit_code == refusal.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == f"Error: {' '.join(refusal.message.split())}\n"


def test_no_store_says_how_to_make_one(store_path: Path, cache: Path, run: Run) -> None:
    result = run("export", "lessons")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no retro store at {store_path}")


def test_an_empty_store_exports_an_empty_digest(team: Path, cache: Path, ok: Ok) -> None:
    assert "*No lessons match.*" in ok("export", "lessons").stdout
    assert ok("export", "lessons", "--format", "json").stdout == "[]\n"
