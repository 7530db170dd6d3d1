"""Hostile text through the CLI: stored byte for byte, printed inert, exported as literal
Markdown, and drawn as typed on every TUI screen."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from retro.export.escape import close_bidi
from retro.store import Store
from retro.text import inert
from tests.export.mdcheck import block_texts, gfm_like, shape, squash
from tests.reliability.conftest import Run, ok, ok_json, one_line_error, runner_for, subprocess_env
from tests.reliability.corpus import corpus, stdin_only, storable

CORPUS = [(name, text) for name, text in corpus() if storable(text)]
# Terminal-active characters: C0 (but tab and newline), DEL, C1, bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The Markdown export shows control characters as their pictures.
PICTURES = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
PICTURES |= {0x7F: "\u2421"} | {c: "\ufffd" for c in range(0x80, 0xA0)}
# The shorter texts also go into every other field a person types.
SHORT = [(name, text) for name, text in CORPUS if len(text) <= 300 and not stdin_only(text)]


def text_args(text: str) -> tuple[list[str], bytes | None]:
    """How a person passes the text: as an argument after '--', or through stdin as '-'."""
    if stdin_only(text):
        return ["-"], text.encode("utf-8")
    return ["--", text], None


def test_the_corpus_is_big_and_varied() -> None:
    assert len(CORPUS) >= 200
    assert max(len(t) for _, t in CORPUS) >= 1_000_000
    assert any(t.count("\x1b") for _, t in CORPUS) and any("\x00" in t for _, t in CORPUS)
    stdin = {name: stdin_only(text) for name, text in CORPUS if stdin_only(text)}
    assert set(stdin) >= {"one-megabyte", "control-00", "structure-51"}, stdin


class Board:
    """A store holding the whole corpus, built once through the CLI."""

    def __init__(self, root: Path) -> None:
        self.path = root / "store"
        by_ana = runner_for(self.path)

        def run(*args: str, **kwargs: Any) -> Any:
            return by_ana(*args, user="ana", **kwargs)

        self.run = run
        ok(run, "init", "--name", "Platform", "--purpose", "Ship small, safe changes")
        self.review = ok_json(run, "review", "new", "Hostile retro", "--format", "ssc")["id"]
        self.plain = ok_json(run, "review", "new", "Plain retro", "--format", "ssc")["id"]
        self.sprint = ok_json(run, "sprint", "new", "S", "--start", "today", "--end", "+2w")["id"]
        ok(run, "sprint", "start", self.sprint)
        self.cards: dict[str, str] = {}
        self.lessons: dict[str, str] = {}
        for n, (name, text) in enumerate(CORPUS):
            args, stdin = text_args(text)
            card = ok(run, "card", "add", "--json", self.review, "start", *args, input=stdin)
            assert card.json()["text"] == text, name
            self.cards[card.json()["id"]] = text
            ok(run, "card", "add", self.plain, "start", f"PLACEHOLDER{n}")
            lesson = ok(run, "log", "--json", "-t", "hostile", *args, input=stdin)
            self.lessons[lesson.json()["id"]] = text
        self.others: dict[str, dict[str, str]] = {"actions": {}, "goals": {}, "kudos": {}}
        for _name, text in SHORT[::4]:
            action = ok(run, "action", "add", "--json", self.review, "--owner", text, "--", text)
            self.others["actions"][action.json()["id"]] = text
            goal = ok(
                run,
                "goal",
                "add",
                "--json",
                self.sprint,
                "--baseline",
                "0",
                "--target",
                "1",
                "--",
                text,
            )
            self.others["goals"][goal.json()["id"]] = text
            kudos = ok(run, "kudos", "add", "--json", self.review, "--", text, text)
            self.others["kudos"][kudos.json()["id"]] = text
            ok(run, "intent", "add", self.review, "--actual", text, "--why", text, "--", text)
            ok(run, "member", "add", "--", text)
            ok(run, "agreement", "add", "--", text)
        ok(run, "purpose", "--", SHORT[1][1])


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Board:
    return Board(tmp_path_factory.mktemp("hostile"))


def test_every_string_comes_back_byte_identical_from_json(board: Board) -> None:
    run = board.run
    review = ok_json(run, "review", "show", board.review)
    assert {c["id"]: c["text"] for c in review["cards"]} == board.cards
    assert {a["id"]: a["text"] for a in review["actions"]} == board.others["actions"]
    assert {a["id"]: a["owner"] for a in review["actions"]} == board.others["actions"]
    assert {k["id"]: k["text"] for k in review["kudos"]} == board.others["kudos"]
    lessons = ok_json(run, "lessons", "-t", "hostile")
    assert {x["id"]: x["text"] for x in lessons} == board.lessons
    sprint = ok_json(run, "sprint", "show", board.sprint)
    assert {g["id"]: g["statement"] for g in sprint["goals"]} == board.others["goals"]
    # And the store's own files hold them exactly (not only the JSON printer).
    stored = Store(board.path).review(board.review)
    assert {c.id: c.text for c in stored.cards} == board.cards


HUMAN = [
    "review show {review}",
    "review list",
    "lessons",
    "lessons -s retro",
    "action list",
    "action list --all",
    "sprint show {sprint}",
    "drift {review}",
    "member list",
    "agreement list",
    "purpose --history",
    "formats",
]


@pytest.mark.parametrize("command", HUMAN)
def test_human_output_is_inert(board: Board, command: str) -> None:
    args = command.format(review=board.review, sprint=board.sprint).split()
    out = ok(board.run, *args)
    bad = UNSAFE.search(out.stdout)
    assert bad is None, f"{ord(bad.group()):#x} reached the terminal in {command!r}"
    if command.startswith("review show"):
        for text in board.cards.values():
            assert inert(text) in out.stdout  # shown whole, as typed, just made visible


def _expected_md(text: str) -> str:
    return squash(close_bidi(text).translate(PICTURES))


def _cards_section(markdown: str) -> str:
    start = markdown.index("\n## Cards\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def test_export_is_escaped_markdown(board: Board) -> None:
    md = gfm_like()
    hostile = _cards_section(ok(board.run, "export", board.review).stdout)
    plain = _cards_section(ok(board.run, "export", board.plain).stdout)
    evil, benign = shape(md, hostile), shape(md, plain)
    assert evil.html == [] and benign.html == []
    assert evil.inline == benign.inline, evil.inline  # only the export's own emphasis
    assert evil.blocks == benign.blocks
    assert len(evil.headings) == len(benign.headings)
    cards_section = [b for b in block_texts(md, hostile) if b.endswith("— ana")]
    shown = [squash(b) for b in cards_section]
    for text in board.cards.values():
        want = _expected_md(text)
        assert any(s.startswith(want) for s in shown), want[:80]
    bad = UNSAFE.sub("", hostile)
    assert "\x1b" not in bad


def test_strings_that_are_not_text_are_refused(tmp_path: Path, run: Run, store_path: Path) -> None:
    """Bytes that are not UTF-8 (a lone surrogate once decoded) cannot be stored: as an
    argument or through stdin they are refused in one line, and nothing changes."""
    ok(run, "init", "--name", "Platform")
    before = sorted(p.read_bytes() for p in store_path.rglob("*.json"))
    for args, stdin in (
        ([b"log", b"bad \xed\xa0\x80 surrogate"], b""),
        ([b"log", b"bad \xff byte"], b""),
        ([b"log", b"-"], b"bad \xed\xa0\x80 surrogate from stdin"),
        ([b"log", b"-"], b"\xff\xfe not utf-8"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "retro", "--store", str(store_path), *args],
            input=stdin,
            capture_output=True,
            env=subprocess_env(),
            timeout=60,
            check=False,
        )
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 1, err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "not valid text" in err or "not UTF-8" in err, err
    assert sorted(p.read_bytes() for p in store_path.rglob("*.json")) == before
    # A lone surrogate given in-process is refused the same way.
    line = one_line_error(run("log", "lone \ud800 surrogate"))
    assert "not valid text" in line


# --- the TUI --------------------------------------------------------------------------------


def _prompts(option_list: OptionList) -> list[str]:
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def _until(pilot: Any, condition: Any, timeout: float = 20.0) -> bool:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


async def test_every_tui_screen_draws_the_corpus_as_typed(board: Board) -> None:
    from retro.app import RetroApp
    from retro.screens.actions import ActionsScreen
    from retro.screens.dashboard import DashboardScreen
    from retro.screens.export import ExportScreen
    from retro.screens.lessons import LessonsScreen
    from retro.screens.review import ReviewScreen
    from retro.screens.sprint import SprintScreen

    app = RetroApp(Store(board.path), user="ana", start=board.review)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await _until(pilot, lambda: app.snapshot is not None)
        assert await _until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        # The board mounts its columns after the screen: wait for them (a busy machine).
        assert await _until(pilot, lambda: bool(app.screen.query("#cards-start")))
        cards = app.screen.query_one("#cards-start", OptionList)
        assert await _until(pilot, lambda: cards.option_count >= len(board.cards))
        prompts = "\n".join(_prompts(cards))
        for text in board.cards.values():
            assert inert(text) in prompts, inert(text)[:80]
        await pilot.pause(0.2)

        app.action_export()
        assert await _until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.pause(0.5)
        await pilot.press("escape")

        for key, screen_type in (
            ("lessons", LessonsScreen),
            ("actions", ActionsScreen),
            ("sprint", SprintScreen),
            ("dashboard", DashboardScreen),
        ):
            app.action_goto(key)  # not a key press: a search box may have the focus
            assert await _until(pilot, lambda t=screen_type: isinstance(app.screen, t)), key
            await pilot.pause(0.3)
            if screen_type is LessonsScreen:
                lessons = app.screen.query_one("#lesson-list", OptionList)
                assert await _until(pilot, lambda w=lessons: w.option_count >= len(board.lessons))
                shown = "\n".join(_prompts(lessons))
                for text in board.lessons.values():
                    if "\n" not in text and len(text) < 200:
                        assert inert(text).strip() in shown, inert(text)[:80]
            app.action_export()
            await pilot.pause(0.3)
            if isinstance(app.screen, ExportScreen):
                await pilot.press("escape")
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == []
    assert app.return_code in (0, None)
