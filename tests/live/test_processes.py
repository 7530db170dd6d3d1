"""Real participants: retro TUI processes in tmux on one store. A card added with `retro card
add` shows on every screen; a participant killed with SIGKILL drops out of the room by itself
(the staleness is shortened to 1.5 s here, 15 s by default)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

WAIT = 30.0


def _until(condition: Callable[[], bool], timeout: float = WAIT) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


class Room:
    """A tmux server of our own, and the store the participants share."""

    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"retro-test-{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "RETRO_STORE": str(tmp_path / "store"),
            "RETRO_HOME": str(tmp_path / "home"),
            "RETRO_CACHE": str(tmp_path / "cache"),
            "RETRO_PRESENCE_STALE": "1.5",
            "RETRO_USER": "ana",
            "TERM": "xterm-256color",
        }
        self.env.pop("RETRO_WATCH", None)

    def retro(self, *args: str, user: str = "ana") -> str:
        done = subprocess.run(
            [sys.executable, "-m", "retro", "--as", user, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def join(self, who: str, review_id: str) -> int:
        """Open the review in a TUI as `who`; returns its process id."""
        command = " ".join(
            [
                "exec env",
                *(f"{k}={shlex.quote(v)}" for k, v in self.env.items() if k.startswith("RETRO")),
                f"RETRO_USER={who}",
                shlex.quote(sys.executable),
                "-m retro open",
                review_id,
            ]
        )
        self.tmux("new-session", "-d", "-s", who, "-x", "120", "-y", "40", command)
        return int(self.tmux("list-panes", "-t", who, "-F", "#{pane_pid}").strip())

    def screen(self, who: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", who)

    def who(self, review_id: str) -> list[str]:
        people = json.loads(self.retro("review", "who", review_id, "--json"))["people"]
        return [p["who"] for p in people if p["here"]]

    def close(self) -> None:
        self.tmux("kill-server")


def test_two_screens_see_a_card_at_once_and_a_killed_one_leaves_the_room(
    tmp_path: Path,
) -> None:
    room = Room(tmp_path)
    try:
        room.retro("init", "--name", "Platform")
        review_id = json.loads(room.retro("review", "new", "Live retro", "--json"))["id"]
        room.join("ana", review_id)
        bob = room.join("bob", review_id)
        assert _until(lambda: room.who(review_id) == ["ana", "bob"]), room.who(review_id)
        assert _until(lambda: "bob ✎ writing" in room.screen("ana")), room.screen("ana")

        room.retro("card", "add", review_id, "start", "Pair on deploys", user="cy")
        # cy's card is hidden in reflect: each screen shows one more card, text unseen.
        for who in ("ana", "bob"):
            assert _until(lambda who=who: "1 card " in room.screen(who)), room.screen(who)
            assert "Pair on deploys" not in room.screen(who)
        room.retro("review", "phase", review_id, "group")  # ana leads: the reveal
        for who in ("ana", "bob"):
            assert _until(lambda who=who: "Pair on deploys" in room.screen(who)), room.screen(who)
            assert "GROUP" in room.screen(who)

        os.kill(bob, signal.SIGKILL)
        assert _until(lambda: room.who(review_id) == ["ana"]), room.who(review_id)
        assert _until(lambda: "In the room" not in room.screen("ana")), room.screen("ana")
        # No trace left: a participant still there clears the dead one's file away.
        presence = tmp_path / "store" / ".presence"
        assert _until(lambda: len(list(presence.glob("*.json"))) == 1), list(presence.iterdir())
    finally:
        room.close()
