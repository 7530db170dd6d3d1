"""Export (Markdown and JSON) and import (JSON), and opening the TUI."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from retro.cli import params
from retro.cli.base import Env, collector_paused, pass_env
from retro.cli.output import echo
from retro.errors import StoreError, ValidationError


class ExportTarget(click.ParamType):
    """What to export: a review or sprint id, ``lessons``, ``decisions`` or ``team``."""

    name = "target"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        word = str(value).strip().lower()
        if word in ("lessons", "decisions", "team"):
            return word
        return params.REVIEW_OR_SPRINT.convert(value, param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:  # type: ignore[type-arg]
        from click.shell_completion import CompletionItem

        words = [
            CompletionItem(w) for w in ("lessons", "decisions", "team") if w.startswith(incomplete)
        ]
        return words + params.REVIEW_OR_SPRINT.shell_complete(ctx, param, incomplete)


@click.command("export")
@click.argument("target", metavar="ID|lessons|decisions|team", type=ExportTarget())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Markdown for people, JSON for tools (team JSON is the whole store).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@click.option("--since", type=params.DATE, help="From this day (lessons, decisions, team).")
@click.option("--until", type=params.DATE, help="Up to this day (lessons, decisions, team).")
@click.option("-t", "--tag", type=params.TAG, help="Only lessons with this tag (lessons).")
@click.option(
    "--adr",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one ADR file per decision into DIR (decisions).",
)
@pass_env
def export(
    env: Env,
    target: str,
    fmt: str,
    output: Path | None,
    since: date | None,
    until: date | None,
    tag: str | None,
    adr: Path | None,
) -> None:
    """Export a review, a sprint, a lessons digest, the decision log or a team report.

    Markdown pastes into a wiki, a pull request or chat; 'retro export team --format json' is
    the whole store, which 'retro import' reads back without loss.

    \b
    Examples:
      retro export r7kq > retro.md
      retro export s4m2 -o sprint-12.md
      retro export lessons --since -3m -t deploy
      retro export decisions --since -6m -o decisions.md
      retro export decisions --adr docs/adr
      retro export team --since 2026-01-01 --until 2026-03-31
      retro export team --format json -o backup.json
    """
    if since and until and until < since:
        raise click.BadParameter(f"{until} is before --since {since}", param_hint="'--until'")
    if (since or until) and target not in ("lessons", "decisions", "team"):
        raise click.UsageError(
            "--since and --until apply to 'lessons', 'decisions' and 'team' exports"
        )
    if adr is not None:
        if target != "decisions":
            raise click.UsageError("--adr applies to 'decisions' exports")
        if output is not None or since or until or fmt != "md":
            raise click.UsageError("--adr writes every decision; drop -o, --format and the dates")
        from retro.cli.adr import write_adrs

        count, new = write_adrs(adr, env.store.decisions(), env.today)
        echo(f"wrote {count} ADR files into {adr} ({new} new)", err=True)
        return
    if (since or until) and target == "team" and fmt == "json":
        raise click.UsageError("the team's JSON export is the whole store: drop --since/--until")
    if tag and target != "lessons":
        raise click.UsageError("--tag applies to 'lessons' exports")
    text = _render(env, target, fmt, since, until, tag)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"could not write {output}: {exc.strerror}") from None
    echo(f"wrote {output}", err=True)


def _json(data: Any) -> str:
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"


def _render(
    env: Env, target: str, fmt: str, since: date | None, until: date | None, tag: str | None
) -> str:
    today = env.today
    if target == "lessons":
        return _lessons(env, fmt, since, until, tag, today)
    from retro import drift

    store = env.store
    if target == "decisions":
        decisions = store.decisions()
        stats = drift.decision_stats(decisions, today, since, until)
        if fmt == "json":
            return _json({"decisions": [d.to_dict() for d in decisions], **stats.to_dict()})
        from retro.export.decisions import render_decisions

        return render_decisions(decisions, stats, since=since, until=until, today=today)
    if target == "team":
        if fmt == "json":
            from retro.transfer import dump

            return _json(dump(store))
        from retro.export.team import render_team

        team = store.team()
        summary = drift.summarize_team(
            team, store.sprints(), store.reviews(), store.lessons(), since, until, today
        )
        return render_team(team, summary, since=since, until=until, today=today)
    if target.startswith("s"):
        s = store.sprint(target)
        ssummary = drift.summarize_sprint(s, store.team().tolerance, today)
        if fmt == "json":
            return _json({**s.to_dict(), "summary": ssummary.to_dict()})
        from retro.export.sprint import render_sprint

        return render_sprint(s, ssummary, today=today, decisions=store.decisions())
    from retro.formats import review_format

    r = store.review(target)
    previous = store.previous_review(r)  # as drift.previous_review, from the headers alone
    rsummary = drift.summarize_review(r, previous, today)
    if fmt == "json":
        from retro.cli.review_view import visible_dict

        return _json({**visible_dict(r, env.user), "summary": rsummary.to_dict()})
    from retro.export.review import render_review

    return render_review(
        r,
        rsummary,
        review_format(r, store.team().formats),
        previous=previous,
        lessons=store.lessons_from_review(r.id),
        viewer=env.user,
        today=today,
        decisions=store.decisions(),
    )


def _lessons(
    env: Env, fmt: str, since: date | None, until: date | None, tag: str | None, today: date
) -> str:
    """The lessons digest (or its JSON) from the search cache (`retro.store.search`), as
    `retro lessons` lists them: the lessons of ``store.lessons()`` that pass, newest first, as
    ``Lesson.to_dict`` gives them, without building a model object per lesson. A damaged
    partition fails as there."""
    from retro.store.search import Filters, search

    with collector_paused():  # ≈ 15% of the time at 50,000 lessons
        filters = Filters(tags=[tag] if tag else (), since=since, until=until)
        found = search(env.checked_path(), filters).lessons
        if fmt == "json":
            return _json(found)
        from retro.export.lessons import lesson_rows, render_lessons

        return render_lessons(lesson_rows(found), since=since, until=until, tag=tag, today=today)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@pass_env
def import_(env: Env, file: Path) -> None:
    """Import a JSON export ('retro export team --format json'), merging by id.

    Nothing is written unless the whole file is valid; objects already in the store are kept
    as they are. The store is created if there is none.

    \b
    Examples:
      retro import backup.json
      retro --store ~/teams/copy import backup.json
    """
    import orjson

    try:
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {file}: {exc.strerror}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationError(
            f"{file} is not JSON ({exc}); give a file written by 'retro export team --format json'"
        ) from None
    store = env.raw_store()
    if store.exists():
        store.check_open()
    from retro.transfer import load

    report = load(store, data)
    added = ", ".join(f"{n} {kind}" for kind, n in sorted(report.added.items())) or "nothing new"
    made = f"created the store at {store.path}; " if report.created_store else ""
    skipped = f"; {report.skipped} already there" if report.skipped else ""
    echo(f"{made}imported {added}{skipped}")


@click.command("open")
@click.argument("target", metavar="ID", type=params.IdType("rscgiak"))
@pass_env
def open_(env: Env, target: str) -> None:
    """Open the TUI at a review or a sprint (or at the review or sprint holding the id).

    \b
    Examples:
      retro open r7kq
      retro open s4m2
    """
    run_tui(env, env.store.locate(target))


def run_tui(env: Env, start: str | None = None) -> None:
    """Run the Textual app; the only place the CLI imports it."""
    store = env.raw_store()
    if store.exists():
        store.check_open()
    from retro.app import RetroApp

    RetroApp(store, user=env.user, start=start).run()
