"""A peer: jrnl, the command-line journal people use to log lessons, on the same lessons.

jrnl is installed on demand into its own virtual environment (bench/.venv-jrnl, never a project
dependency). Its journal is written directly in jrnl's plain-text format, and its config file
lives in a temporary HOME, so it never prompts. Both tools get the same N lessons (text, date,
tags, in five authors' names for retro): retro in a store holding only lessons, jrnl in one
journal. Then each adds a lesson, searches for a word, and exports everything as Markdown.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.common import Stats, child_env, interleaved, retro_argv, run_child, summarise
from bench.stores import lesson_list, make_lessons_store, write_journal

VENV = Path(__file__).with_name(".venv-jrnl")
SEARCH_WORD = "rollback"


@dataclass(frozen=True)
class PeerFigures:
    """retro and jrnl on N lessons; jrnl's figures are None where it ran out of time."""

    lessons: int
    retro: dict[str, Stats]
    """"floor", "log", "lessons -s", "export lessons", "lessons -s after log"."""
    jrnl: dict[str, Stats | None]
    """"add", "search", "export"."""
    timeout: float


def jrnl_path() -> Path:
    """jrnl's executable, installing it into bench/.venv-jrnl on first use."""
    exe = VENV / "bin" / "jrnl"
    if not exe.exists():
        print("  installing jrnl into bench/.venv-jrnl (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "jrnl"],
            check=True,
        )
    return exe


def jrnl_version(exe: Path) -> str:
    """The installed jrnl's version, as its config file records it."""
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout
    found = re.search(r"v?(\d+(?:\.\d+)+)", out)
    return found.group(1) if found else "4.6"


def jrnl_config(home: Path, journal: Path, version: str) -> Path:
    """A jrnl config file that never prompts: no editor, no colours, no encryption."""
    config = home / ".config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        "\n".join(
            [
                "colors: {body: none, date: none, tags: none, title: none}",
                "default_hour: 9",
                "default_minute: 0",
                "editor: ''",
                "encrypt: false",
                "highlight: false",
                "indent_character: '|'",
                "journals:",
                "  default:",
                f"    journal: {journal}",
                "linewrap: 79",
                "tagsymbols: '#@'",
                "template: false",
                "timeformat: '%F %r'",
                f"version: '{version}'",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def measure(
    root: Path,
    count: int,
    retro_runs: int,
    jrnl_runs: int,
    jrnl_warmup: int,
    timeout: float,
    exe: Path | None,
) -> PeerFigures:
    """retro and (unless `exe` is None) jrnl on `count` lessons."""
    lessons = lesson_list(count, date.today())
    store = make_lessons_store(root / f"lessons-{count}", lessons)
    retro = [*retro_argv(), "--store", str(store)]
    search = [*retro, "lessons", "-s", SEARCH_WORD]
    # In this order each turn: the reads come after the last turn's search, as jrnl's search
    # and export run with no write between them; the search right after a `retro log` (which
    # brings the disposable search cache up to date) is measured on its own.
    retro_stats = interleaved(
        {
            "floor": [sys.executable, "-c", "import click"],
            "lessons -s": search,
            "export lessons": [*retro, "export", "lessons"],
            "log": [*retro, "log", "Canary config changes like code", "-t", "deploy"],
            "lessons -s after log": search,
        },
        child_env(),
        runs=retro_runs,
    )
    jrnl_stats: dict[str, Stats | None] = {}
    if exe is not None:
        home = root / f"jrnl-home-{count}"
        journal = write_journal(root / f"journal-{count}.txt", lessons)
        config = jrnl_config(home, journal, jrnl_version(exe))
        env = child_env(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
        base = [str(exe), "--config-file", str(config)]
        for name, argv in (
            ("search", [*base, "-contains", SEARCH_WORD]),
            ("export", [*base, "--format", "markdown"]),
            ("add", [*base, "Canary config changes like code. @deploy"]),
        ):
            try:
                runs = [run_child(argv, env, timeout) for _ in range(jrnl_warmup + jrnl_runs)][
                    jrnl_warmup:
                ]
                jrnl_stats[name] = summarise(runs)
            except TimeoutError:
                jrnl_stats[name] = None
    return PeerFigures(count, retro_stats, jrnl_stats, timeout)
