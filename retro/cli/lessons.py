"""Lessons learned: log one in a second, find them later."""

from __future__ import annotations

from datetime import date

import click

from retro.cli import params
from retro.cli.base import Env, collector_paused, json_option, pass_env, read_text
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
    from retro.store.search import Filters
    from retro.store.search import search as search_lessons

    with collector_paused():  # thousands of rows, none in a cycle
        # Through the search cache on the store's folder (`Store.search_lessons` does the same):
        # a search that finds its lessons in the cache never imports the model.
        result = search_lessons(
            env.checked_path(), Filters(search, tags, since, until, author, limit)
        )
        found = result.lessons
        if as_json:
            emit_json(found)
            return
        if not found:
            echo(
                "no lessons match"
                if (tags or search or since or until or author)
                else "no lessons yet; log one with: retro log TEXT -t TAG"
            )
            return
        short = result.short_ids()
        table(
            ["id", "date", "author", "tags", "lesson"],
            [
                [
                    short.get(x["id"], x["id"]),
                    x["on"],
                    x["author"] or "",
                    "#" + " #".join(x["tags"]) if x["tags"] else "",
                    x["text"],
                ]
                for x in found
            ],
            shrink=(2, 3),
            styles=[{"fg": "cyan"}, None, None, {"fg": "magenta"}],
        )
    if limit and len(found) >= limit:
        echo(style(f"(first {limit}; use -n to see more)", dim=True), err=True)
