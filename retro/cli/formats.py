"""The team's own review formats: make one, change it, delete it (`retro formats` lists them
with the built-ins)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json

if TYPE_CHECKING:
    from retro.formats import Format
    from retro.model import Team

COLUMN_HELP = "A column as key:Title:prompt (repeat it, left to right; replaces all columns)."


def _options(fn: Any) -> Any:
    for option in reversed(
        [
            click.option("--title", "name", help="The format's name, as the board shows it."),
            click.option("--description", help="One sentence on when to use it."),
            click.option("--column", "columns", multiple=True, metavar="SPEC", help=COLUMN_HELP),
            click.option(
                "--improve",
                multiple=True,
                metavar="KEY",
                help="A column where problems and wishes land (repeat it; for recurring themes).",
            ),
            click.option(
                "--intents/--no-intents",
                default=None,
                help="Whether reviews record planned against happened, as an AAR does.",
            ),
            click.option(
                "--from",
                "source",
                type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
                help="Start from a format in a JSON file ('retro formats KEY --json' prints one).",
            ),
            json_option,
        ]
    ):
        fn = option(fn)
    return fn


def _read(source: Path, key: str) -> Format:
    """The format in a JSON file (or stdin for '-')."""
    import json
    import sys

    from retro.errors import ValidationError
    from retro.formats import format_from_json

    try:
        text = sys.stdin.read() if str(source) == "-" else source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read {source}: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationError(f"{source} is not JSON ({exc})") from None
    return format_from_json(data, key)


def _made(
    key: str,
    base: Format | None,
    source: Path | None,
    name: str | None,
    description: str | None,
    columns: tuple[str, ...],
    improve: tuple[str, ...],
    intents: bool | None,
) -> Format:
    from retro.formats import own_format

    if source is not None:
        base = _read(source, key)
    return own_format(
        key,
        base=base,
        name=name,
        description=description,
        columns=columns,
        improve=list(improve) if improve else None,
        intents=intents,
    )


def _emit(env: Env, fmt: Format, as_json: bool, said: str) -> None:
    if as_json:
        emit_json(fmt.to_dict())
    else:
        cols = ", ".join(c.key for c in fmt.columns)
        echo(f"{said} format {fmt.key} ({fmt.name}): {cols}")


@click.group("format")
def format_() -> None:
    """The team's own review formats, kept with the team and listed by 'retro formats'.

    \b
    Examples:
      retro format new kss --title "Keep, stop, start" \\
          --column keep:Keep:"What works?" --column stop:Stop --column start:Start --improve stop
      retro formats 4ls --json > mine.json; retro format new mine --from mine.json
      retro format edit kss --column keep:Keep --column drop:Drop
      retro format delete kss
    """


@format_.command("new")
@click.argument("key")
@_options
@pass_env
def format_new(
    env: Env,
    key: str,
    name: str | None,
    description: str | None,
    columns: tuple[str, ...],
    improve: tuple[str, ...],
    intents: bool | None,
    source: Path | None,
    as_json: bool,
) -> None:
    """Make a format of the team's own; reviews can use it with --format KEY.

    Each --column is key:Title:prompt (the title and prompt may be left out); the key is 1-32
    lower-case letters, digits, '-' or '_', and may not be a built-in format's.

    \b
    Examples:
      retro format new kss --title "Keep, stop, start" \\
          --column keep:Keep:"What works?" --column stop:Stop --column start:Start
      retro format new mine --from mine.json --title "Our 4Ls"
    """
    from retro.errors import ValidationError

    if source is None and not columns:
        raise ValidationError(f"format '{key}' needs at least one --column (or --from FILE)")
    fmt = _made(key, None, source, name, description, columns, improve, intents)
    env.store.update_team(lambda team: team.add_format(fmt))
    _emit(env, fmt, as_json, "added")


@format_.command("edit")
@click.argument("key")
@_options
@pass_env
def format_edit(
    env: Env,
    key: str,
    name: str | None,
    description: str | None,
    columns: tuple[str, ...],
    improve: tuple[str, ...],
    intents: bool | None,
    source: Path | None,
    as_json: bool,
) -> None:
    """Change one of the team's formats; reviews made with it keep the columns they had.

    \b
    Examples:
      retro format edit kss --title "Keep, stop, start, more"
      retro format edit kss --column keep:Keep --column stop:Stop --column more:More
    """
    store = env.store
    old = store.team().own_format(key)
    fmt = _made(old.key, old, source, name, description, columns, improve, intents)
    _keep_columns(env, old)

    def change(team: Team) -> None:
        team.replace_format(fmt)

    store.update_team(change)
    _emit(env, fmt, as_json, "changed" if fmt != old else "unchanged")


def _keep_columns(env: Env, old: Format) -> None:
    """Reviews of a format that were made before reviews kept their columns keep them now."""
    from retro.model import Review

    store = env.store
    for header in store.review_summaries():
        if header["format"] == old.key and not header.get("format_def"):

            def keep(r: Review) -> None:
                if r.format_def is None:
                    r.format_def = old

            store.update_review(header["id"], keep)


@format_.command("delete")
@click.argument("key")
@json_option
@pass_env
def format_delete(env: Env, key: str, as_json: bool) -> None:
    """Delete one of the team's formats that no review uses.

    \b
    Example:
      retro format delete kss
    """
    store = env.store
    wanted = key.strip().lower()
    used = [r["title"] for r in store.review_summaries() if r["format"] == wanted]
    removed: list[Format] = []
    store.update_team(lambda team: removed.append(team.remove_format(key, used)))
    if as_json:
        emit_json({"deleted": removed[0].key})
    else:
        echo(f"deleted format {removed[0].key}")
