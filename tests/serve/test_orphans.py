"""A browser's app process outlives nothing: when `retro serve` is killed (no Ctrl+C, no chance to
stop its participants), each app it started leaves the room and exits by itself."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from pathlib import Path

import aiohttp

from retro.serve.guard import encode_name
from tests.serve.conftest import TITLE, TOKEN, Board, start_serve
from tests.serve.test_server import read_screen


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_server_leaves_no_app_behind_nor_anyone_in_the_room(board: Board) -> None:
    served = start_serve(board, "--review", board.review)
    presence = board.store / ".presence"
    apps: list[int] = []
    try:

        async def join() -> list[int]:
            async with aiohttp.ClientSession() as session:
                ws = await session.ws_connect(
                    f"{served.base}/ws/{encode_name('Zoë')}",
                    params={"token": TOKEN, "width": "100", "height": "30"},
                    headers={"Origin": served.base},
                )
                await read_screen(ws, TITLE.encode())
                deadline = time.monotonic() + 30
                while not list(presence.glob("*.json")) and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)
                apps = _children(served.process.pid)
                served.process.send_signal(signal.SIGKILL)
                served.process.wait()
                return apps

        apps += asyncio.run(join())
        assert apps and list(presence.glob("*.json"))  # Zoë's app, in the room
        deadline = time.monotonic() + 30
        while any(_running(pid) for pid in apps) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_running(pid) for pid in apps), "an app outlived its server"
        assert not list(presence.glob("*.json")), "it left someone in the room"
    finally:
        if served.process.poll() is None:
            served.process.kill()
        for pid in apps:  # a failed run leaves nothing running either
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
