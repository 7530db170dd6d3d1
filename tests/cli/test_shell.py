"""The shell around the commands: help, version, TUI launch, imports, speed, completion, output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from retro.cli import cli

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
Run = Callable[..., Result]


def _walk(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _walk(sub, (*path, name))


ALL_COMMANDS = list(_walk(cli))


@pytest.mark.parametrize(
    ("path", "command"), ALL_COMMANDS, ids=[" ".join(p) or "retro" for p, _ in ALL_COMMANDS]
)
def test_every_command_has_help_with_an_example(
    path: tuple[str, ...], command: click.Command, store_path: Path
) -> None:
    result = CliRunner().invoke(cli, [*path, "-h"], prog_name="retro")
    assert result.exit_code == 0, result.output
    assert command.help and len(command.help.split()) >= 3
    assert "Example" in result.stdout
    assert "retro " in result.stdout.split("Example", 1)[1]


def test_the_tree_has_every_command_of_the_issue() -> None:
    names = {" ".join(p) for p, _ in ALL_COMMANDS}
    expected = """open init team team.list team.new team.use demo purpose member.add member.list
    member.remove agreement.add agreement.list agreement.remove formats review.new review.list
    review.show review.phase review.edit review.delete card.add card.edit card.move card.delete
    card.vote card.group card.promote intent.add intent.rate action.add action.list action.done
    action.drop action.edit kudos.add pulse sprint.new sprint.list sprint.show sprint.close
    goal.add checkin drift log lessons export import doctor completion"""
    for name in expected.split():
        assert name.replace(".", " ") in names


def test_version(ok: Ok) -> None:
    from retro import __version__

    assert ok("--version").stdout.strip() == f"retro {__version__}"


def test_no_arguments_opens_the_tui_even_without_a_store(
    store_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    class FakeApp:
        def __init__(self, store: Any, user: str, start: str | None = None) -> None:
            calls.append({"path": store.path, "user": user, "start": start})

        def run(self) -> None:
            calls[-1]["ran"] = True

    monkeypatch.setitem(sys.modules, "retro.app", types.SimpleNamespace(RetroApp=FakeApp))
    assert run().exit_code == 0
    assert calls == [{"path": store_path, "user": "ana", "start": None, "ran": True}]
    assert not store_path.exists()


def test_open_starts_the_tui_at_the_review_holding_an_id(
    review: str, ok: Ok, ok_json: OkJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[str | None] = []

    class FakeApp:
        def __init__(self, store: Any, user: str, start: str | None = None) -> None:
            starts.append(start)

        def run(self) -> None:
            pass

    monkeypatch.setitem(sys.modules, "retro.app", types.SimpleNamespace(RetroApp=FakeApp))
    card = ok_json("card", "add", review, "start", "x")["id"]
    ok("open", review[:6])
    ok("open", card)
    assert starts == [review, review]


def _retro(args: list[str], store: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from retro.cli import main\n"
        f"sys.argv = ['retro', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m in ('retro.app', 'retro.screens'))\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "RETRO_STORE": str(store), "RETRO_USER": "ana"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_commands_other_than_the_tui_never_import_textual(team: Path) -> None:
    for args in (["log", "a lesson", "-t", "x"], ["lessons"], ["review", "list"], ["-h"]):
        done = _retro(args, team)
        assert "HEAVY []" in done.stdout, (args, done.stdout, done.stderr)


def test_log_writes_only_its_own_partition(
    team: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write costs the same on a big store as on an empty one because it reads and writes
    one small file: every other partition is left as it was. (`make bench` measures the
    time; a test on a shared machine cannot.)"""
    from datetime import date, timedelta

    from retro.model import Lesson
    from retro.store import Store
    from retro.store.files import META, meta_table, write_file

    big = tmp_path / "big"
    store = Store(big)
    store.init("Big")
    template = Lesson(text="x", author="ana", tags=["deploy"]).to_dict()
    partitions: dict[Path, dict[str, Any]] = {}
    for n in range(3_000):
        on = date(2022, 1, 1) + timedelta(days=n % 1400)
        author = ("ana", "bo", "chen")[n % 3]
        lesson_id = f"l{n:012d}"
        doc = {**template, "id": lesson_id, "text": f"lesson {n}", "on": on.isoformat()}
        doc["author"] = author
        path = store.lesson_path(Lesson(text="x", on=on, author=author, id=lesson_id))
        partitions.setdefault(path, {})[lesson_id] = doc
    for path, docs in partitions.items():
        write_file(path, {"lessons": docs, META: meta_table("lessons")}, big)
    monkeypatch.setenv("RETRO_STORE", str(big))

    def files() -> dict[str, tuple[bytes, int]]:
        return {
            str(p.relative_to(big)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in big.rglob("*.json")
            if ".backup" not in p.parts
        }

    before = files()
    result = run("log", "one more lesson", "-t", "speed")
    assert result.exit_code == 0, result.output
    after = files()
    changed = {name for name in after if before.get(name) != after[name]}
    assert len(partitions) > 100
    assert changed == {str(store.lesson_path(Lesson(text="x", author="ana")).relative_to(big))}


def _complete(words: str, store: Path) -> list[str]:
    env = {
        "_RETRO_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "RETRO_STORE": str(store),
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="retro")
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if "," in line]


def test_completion_of_ids_formats_columns_and_tags(
    review: str, ok: Ok, ok_json: OkJson, team: Path
) -> None:
    card = ok_json("card", "add", review, "start", "x", "-t", "deploy")["id"]
    ok("log", "y", "-t", "release")
    assert any(review.startswith(c) for c in _complete("retro review show r", team))
    assert any(card.startswith(c) for c in _complete("retro card vote ", team))
    assert _complete("retro review show c", team) == []
    assert "sailboat" in _complete("retro review new T --format s", team)
    assert set(_complete(f"retro card add {review} ", team)) == {"start", "stop", "continue"}
    assert set(_complete("retro log x -t ", team)) == {"deploy", "release"}
    assert "lessons" in _complete("retro export l", team)


def test_user_text_is_printed_inert(review: str, ok: Ok, ok_json: OkJson) -> None:
    nasty = "a\x1b]0;pwned\x07b \u202eevil [bold]x[/] 🎉 שלום"
    ok("review", "phase", review, "group")
    ok("card", "add", review, "start", nasty)
    ok("log", nasty)
    outputs = [
        ok("review", "show", review).stdout,
        ok("lessons").stdout,
        ok("review", "list").stdout,
    ]
    for out in outputs[:2]:
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
        assert "\\x1b]0;pwned\\x07b" in out and "\\u202e" in out
        assert "[bold]x[/]" in out and "🎉" in out and "שלום" in out
    # JSON keeps the real text
    assert ok_json("lessons")[0]["text"] == nasty


def test_colour_only_on_a_terminal_and_never_with_no_color(
    review: str, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    plain = runner.invoke(cli, ["review", "show", review])
    assert "\x1b[" not in plain.stdout
    coloured = runner.invoke(cli, ["review", "show", review], color=True)
    assert "\x1b[" in coloured.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    no_color = runner.invoke(cli, ["review", "show", review], color=True)
    assert "\x1b[" not in no_color.stdout


def test_json_output_is_only_json(review: str, ok: Ok) -> None:
    for args in (["review", "list"], ["review", "show", review], ["formats"], ["lessons"]):
        json.loads(ok(*args, "--json").stdout)
