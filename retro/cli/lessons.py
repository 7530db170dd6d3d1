"""Lessons learned: log one in a second, find them later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env, read_text
from retro.cli.output import echo, emit_json, style, table


@click.command()
@click.argument("text", required=False)
@click.option("-t", "--tag", "tags", multiple=True, type=params.TAG, help="A tag (repeatable).")
@click.option("--date", "on", type=params.DATE, help="When it was learned (default today).")
@click.option("--review", type=params.REVIEW, help="The review it came from.")
@click.option("--edit", is_flag=True, help="Write the lesson in $EDITOR.")
@json_option
@pass_env
def log(
    env: Env,
    text: str | None,
    tags: tuple[str, ...],
    on: date | None,
    review: str | None,
    edit: bool,
    as_json: bool,
) -> None:
    """Log a lesson learned.

    TEXT may be '-' to read it from stdin; --edit opens $EDITOR.

    \b
    Examples:
      retro log "Feature flags made the rollback painless" -t deploy -t flags
      retro log "Check the on-call calendar before a release" --date yesterday
      echo "Long lesson" | retro log - -t notes
    """
    from retro.model import Lesson

    lesson = Lesson(
        text=read_text(text, edit, "the lesson"),
        on=on or env.today,
        tags=list(tags),
        author=env.user,
        review_id=review,
    )
    env.store.add_lesson(lesson)
    if as_json:
        emit_json(lesson.to_dict())
    else:
        echo(f"added lesson {env.short(lesson.id)}")


@click.command()
@click.option("-t", "--tag", "tags", multiple=True, type=params.TAG, help="Only with this tag.")
@click.option("-s", "--search", help="Only lessons containing every word of this.")
@click.option("--since", type=params.DATE, help="From this day.")
@click.option("--until", type=params.DATE, help="Up to this day.")
@click.option("--author", help="Only this person's lessons.")
@click.option(
    "-n",
    "limit",
    type=click.IntRange(1, params.MAX_COUNT),
    help="At most N lessons (newest first).",
)
@json_option
@pass_env
def lessons(
    env: Env,
    tags: tuple[str, ...],
    search: str | None,
    since: date | None,
    until: date | None,
    author: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List lessons learned, newest first, filtered by tag, words and dates.

    \b
    Examples:
      retro lessons -t deploy
      retro lessons -s "rollback flag" --since -3m
      retro lessons -n 10 --json
    """
    if since and until and until < since:
        raise click.BadParameter(
            f"--until {until} is before --since {since}", param_hint="'--until'"
        )
    store = env.store
    found = []
    every: list[str] = []  # every lesson id, seen on the way, for the short ids
    for lesson in store.lessons(keep=_prefilter(tags, search, every)):
        if since and lesson.on < since:
            continue
        if until and lesson.on > until:
            continue
        if tags and not set(tags) <= set(lesson.tags):
            continue
        if author and (lesson.author or "").casefold() != author.casefold():
            continue
        if search and not lesson.matches(search):
            continue
        found.append(lesson)
        if limit and len(found) >= limit:
            break
    if as_json:
        emit_json([lesson.to_dict() for lesson in found])
        return
    if not found:
        echo(
            "no lessons match"
            if (tags or search or since or until or author)
            else "no lessons yet; log one with: retro log TEXT -t TAG"
        )
        return
    from retro.store.store import short_prefixes_among

    short = short_prefixes_among([x.id for x in found], every)
    table(
        ["id", "date", "author", "tags", "lesson"],
        [
            [
                short.get(x.id, x.id),
                str(x.on),
                x.author or "",
                " ".join("#" + t for t in x.tags),
                x.text,
            ]
            for x in found
        ],
        styles=[{"fg": "cyan"}, None, None, {"fg": "magenta"}],
    )
    if limit and len(found) >= limit:
        echo(style(f"(first {limit}; use -n to see more)", dim=True), err=True)


def _prefilter(
    tags: tuple[str, ...], search: str | None, seen: list[str]
) -> Callable[[dict[str, Any]], bool]:
    """A cheap test on a stored lesson document, so that a search over many lessons builds
    only the ones it may find. It passes every document `Lesson.matches` and the tag filter
    would keep (and any it cannot read, which building the lesson then reports), and records
    every lesson's id in `seen`."""
    words = search.casefold().split() if search else []
    wanted = set(tags)

    def keep(doc: dict[str, Any]) -> bool:
        seen.append(str(doc.get("id")))
        text, found_tags = doc.get("text"), doc.get("tags")
        if not isinstance(text, str) or not isinstance(found_tags, list):
            return True
        if wanted:
            clean = {str(t).strip().lstrip("#").strip().lower() for t in found_tags}
            if not wanted <= clean:
                return False
        if not words:
            return True
        haystack = (text + " " + " ".join(map(str, found_tags))).casefold()
        return all(word in haystack for word in words)

    return keep
