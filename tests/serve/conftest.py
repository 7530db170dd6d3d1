"""Fixtures for `retro serve`: a store with one review in the group phase (cards visible to
everyone), and a running server in a real process."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from retro.cli import cli

TOKEN = "test-token-0123456789abcdefghijklmnop"
TITLE = "Browser retro"


@dataclass
class Board:
    store: Path
    review: str
    env: dict[str, str]


def retro(board_env: dict[str, str], *args: str) -> str:
    """Run `retro ARGS` in-process on the board's store; the output (must succeed)."""
    result = CliRunner().invoke(cli, list(args), env=board_env, prog_name="retro")
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


@pytest.fixture
def board(tmp_path: Path) -> Board:
    """A store with the review TITLE, moved to the group phase (every card shows to all)."""
    store = tmp_path / "store"
    env = {
        "RETRO_STORE": str(store),
        "RETRO_HOME": str(tmp_path / "home"),
        "RETRO_CACHE": str(tmp_path / "home" / "cache"),
        "RETRO_USER": "facilitator",
    }
    retro(env, "init", "--name", "Serve team")
    created = json.loads(retro(env, "review", "new", TITLE, "--format", "ssc", "--json"))
    review = created["id"]
    retro(env, "review", "phase", review, "group")
    return Board(store, review, env)


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    port: int
    lines: list[str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_serve(board: Board, *args: str, token: str | None = TOKEN) -> Served:
    """`retro serve --port 0 ARGS` in a real process, once it printed its address."""
    env = {**os.environ, **board.env}
    argv = [sys.executable, "-m", "retro", "serve", "--port", "0", *args]
    if token is not None:
        argv += ["--token", token]
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl+C" in line:  # its last line once it listens
            found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=\S+", "".join(lines))
            assert found, lines
            return Served(process, found.group(0), int(found.group(1)), lines)
    process.kill()
    _out, err = process.communicate()
    raise AssertionError(f"retro serve printed no address: {''.join(lines)}{err}")


def stop_serve(served: Served) -> tuple[int, str, str]:
    """Stop the server as Ctrl+C would; its exit code and the rest of its output."""
    served.process.send_signal(signal.SIGINT)
    try:
        out, err = served.process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        served.process.kill()
        out, err = served.process.communicate()
    return served.process.returncode, "".join(served.lines) + out, err


@pytest.fixture
def served(board: Board) -> Iterator[Served]:
    """A running `retro serve --review` on the board."""
    running = start_serve(board, "--review", board.review)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            stop_serve(running)


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """`retro serve` run in-process sets up its log (own handler, no propagation); undo it so
    other tests' caplog sees the server's lines."""
    import logging

    names = ("retro.serve", "textual-serve", "aiohttp", "aiohttp.access")
    saved = {}
    for name in names:
        logger = logging.getLogger(name)
        saved[name] = (list(logger.handlers), logger.propagate, logger.level, logger.disabled)
    yield
    for name, (handlers, propagate, level, disabled) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.propagate, logger.level, logger.disabled = propagate, level, disabled
