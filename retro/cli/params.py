"""Parameter types: human dates, kind-checked ids, formats, columns and tags.

A malformed value (a bad date, an id of the wrong kind) is a usage error naming the option;
an id of the right form that names nothing is an error from the store (exit 1). Each type
completes its values from the store for bash, zsh and fish.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from retro.cli.base import env_of
from retro.errors import RetroError
from retro.ids import KINDS

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
"""The dates a person can mean in a retrospective tool."""

MAX_COUNT = 1_000_000
"""The largest "at most N" a listing accepts."""


class DateType(click.ParamType):
    """A human date: ``today``, ``+2w``, ``next friday``, ``2026-11-30`` …"""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from retro.dates import parse_date

        try:
            day = parse_date(str(value))
        except RetroError as exc:
            self.fail(exc.message, param, ctx)
        if not FIRST_DAY <= day <= LAST_DAY:
            # Such a date is a slip (a stray digit, +99999w), and the far ends of the calendar
            # break date arithmetic later: refuse it here, naming the option.
            self.fail(
                f"'{value}' is {day.isoformat()}, too far off to be meant (give a date between "
                f"{FIRST_DAY.year} and {LAST_DAY.year})",
                param,
                ctx,
            )
        return day

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem  # on <TAB> only

        words = ["today", "tomorrow", "yesterday", "+1w", "+2w", "next friday", "next monday"]
        return [CompletionItem(w) for w in words if w.startswith(incomplete)]


class IdType(click.ParamType):
    """The id (or a unique prefix) of an object of one of the given kinds, resolved in the store.

    Converts to the full id. The wrong kind or a malformed id is a usage error; an id that
    matches nothing, or several things, is the store's error.
    """

    def __init__(self, kinds: str) -> None:
        self.kinds = kinds
        self.name = "/".join(KINDS[k] for k in kinds)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from retro.ids import normalise

        text = str(value)
        try:
            prefix = normalise(text, self.kinds if len(self.kinds) == 1 else None)
        except RetroError as exc:
            self.fail(exc.message, param, ctx)
        if prefix[0] not in self.kinds:
            wanted = " or ".join(f"a {KINDS[k]}" for k in self.kinds)
            self.fail(f"'{text}' is the id of a {KINDS[prefix[0]]}, not of {wanted}", param, ctx)
        if ctx is None:
            return prefix
        return env_of(ctx).store.resolve(prefix, prefix[0])

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem  # on <TAB> only

        store = _completion_store(ctx)
        if store is None:
            return []
        items: list[CompletionItem] = []
        try:
            for kind in self.kinds:
                titles = _titles(store, kind)
                for full, short in sorted(store.short_ids(kind).items()):
                    if short.startswith(incomplete.lower()):
                        items.append(CompletionItem(short, help=titles.get(full)))
        except RetroError:
            return []
        return items


class FormatType(click.ParamType):
    """The key of a review format, built-in or the team's own."""

    name = "format"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from retro.formats import BUILTIN_BY_KEY

        key = str(value).strip().lower()
        if key in BUILTIN_BY_KEY or ctx is None:
            return key
        from retro.formats import get_format

        try:
            return get_format(key, env_of(ctx).store.team().formats).key
        except RetroError as exc:
            self.fail(exc.message, param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem  # on <TAB> only

        from retro.formats import all_formats

        store = _completion_store(ctx)
        custom = []
        if store is not None:
            try:
                custom = store.team().formats
            except RetroError:
                custom = []
        return [
            CompletionItem(f.key, help=f.name)
            for f in all_formats(custom)
            if f.key.startswith(incomplete.lower())
        ]


class ColumnType(click.ParamType):
    """A column of the review's format (checked against the review when the command runs)."""

    name = "column"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if not text:
            self.fail("a column is needed (see 'retro formats')", param, ctx)
        return text

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem  # on <TAB> only

        from retro.formats import all_formats, review_format

        store = _completion_store(ctx)
        formats = all_formats()
        try:
            if store is not None:
                custom = store.team().formats
                formats = all_formats(custom)
                review_id = ctx.params.get("review")
                if review_id is None and ctx.params.get("card_id"):
                    review_id = store.locate(ctx.params["card_id"])
                if review_id:
                    r = store.review(review_id)
                    formats = [review_format(r, custom)]
        except RetroError:
            pass
        seen: dict[str, str] = {}
        for fmt in formats:
            for column in fmt.columns:
                seen.setdefault(column.key, column.prompt)
        return [CompletionItem(k, help=h) for k, h in seen.items() if k.startswith(incomplete)]


class TagType(click.ParamType):
    """A tag: a word, lower-cased, without a leading '#'."""

    name = "tag"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        tag = str(value).strip().lstrip("#").strip().lower()
        if not tag or any(ch.isspace() for ch in tag):
            self.fail(f"'{value}' is not a tag: use one word, like deploy", param, ctx)
        return tag

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem  # on <TAB> only

        store = _completion_store(ctx)
        if store is None:
            return []
        tags: set[str] = set()
        viewer = env_of(ctx).user
        try:
            for lesson in store.lessons():
                tags.update(lesson.tags)
            for review in store.reviews():
                for card in review.cards:
                    if not review.is_hidden(card, viewer):  # its tags are hidden with it
                        tags.update(card.tags)
        except RetroError:
            return []
        wanted = incomplete.lstrip("#").lower()
        return [CompletionItem(t) for t in sorted(tags) if t.startswith(wanted)]


def _completion_store(ctx: click.Context) -> Any:
    try:
        store = env_of(ctx).raw_store()
        if not store.exists():
            return None
        store.check_open()
    except (RetroError, OSError):
        return None
    return store


def _titles(store: Any, kind: str) -> dict[str, str]:
    if kind == "r":
        return {r.id: f"{r.on} {r.title}" for r in store.review_outlines()}
    if kind == "s":
        return {s.id: f"{s.start} {s.title}" for s in store.sprints()}
    if kind == "d":
        return {d.id: f"{d.review_on} {d.title}" for d in store.decisions()}
    return {}


DATE = DateType()
FORMAT = FormatType()
COLUMN = ColumnType()
TAG = TagType()
REVIEW = IdType("r")
SPRINT = IdType("s")
GOAL = IdType("g")
CARD = IdType("c")
INTENT = IdType("i")
ACTION = IdType("a")
KUDOS = IdType("k")
LESSON = IdType("l")
DECISION = IdType("d")
REVIEW_OR_SPRINT = IdType("rs")
ANY_ID = IdType("rsgciakld")
