"""A browser participant is a guest (`retro.guest`): the server marks every app process it
starts, and an export reaches the browser as a download, behind the token, never as a file
on the host. Real app processes, driven over the websocket as the page would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from textual_serve.download_manager import DownloadManager

from retro.guest import SERVED_ENV
from retro.serve.server import TOKEN_ENV, Participant, RetroServer
from tests.serve.conftest import TITLE, TOKEN, Board
from tests.serve.test_server import ANSI, with_client, ws_path


def test_the_server_marks_every_app_process_it_starts_as_a_guest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Whatever the host's environment says, a participant's app is a guest, without the token.
    monkeypatch.setenv(SERVED_ENV, "0")
    monkeypatch.setenv(TOKEN_ENV, TOKEN)

    async def nothing(*args: object) -> None:
        return None

    participant = Participant(
        ["retro"],
        "Ana",
        write_bytes=nothing,
        write_str=nothing,
        close=nothing,
        download_manager=DownloadManager(),
    )
    environment = participant._build_environment(100, 30)
    assert environment[SERVED_ENV] == "1"
    assert environment["RETRO_USER"] == "Ana"
    assert TOKEN_ENV not in environment


class Page:
    """What a browser's page receives over its websocket: the screen, and textual-serve's
    other messages (a file to download)."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = b""
        self.messages: list[Any] = []

    async def until(self, found: Callable[[], bool], seconds: float = 60) -> bool:
        """Read until `found()` holds; whether it did within `seconds`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not found():
            left = deadline - loop.time()
            if left <= 0:
                return False
            try:
                message = await asyncio.wait_for(self.ws.receive(), left)
            except TimeoutError:
                return False
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.messages.append(json.loads(message.data))
            else:
                raise AssertionError(f"the websocket ended: {message}")
        return True

    def shows(self, text: str) -> bool:
        return text.encode() in ANSI.sub(b"", self.screen)

    async def press(self, key: str) -> None:
        await self.ws.send_json(["stdin", key])


def test_an_export_downloads_in_the_browser_behind_the_token(board: Board, tmp_path: Path) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        origin = f"http://127.0.0.1:{client.server.port}"
        ws = await client.ws_connect(
            ws_path("Ana"),
            params={"token": TOKEN, "width": "120", "height": "40"},
            headers={"Origin": origin},
        )
        page = Page(ws)
        assert await page.until(lambda: page.shows(TITLE) and page.shows("as Ana"))
        (participant,) = server.participants
        environ = Path(f"/proc/{participant.pid}/environ").read_bytes().split(b"\0")
        assert f"{SERVED_ENV}=1".encode() in environ
        # x opens the preview once the store is read (a press before that does nothing, so
        # press again; a press that was taken shows within seconds, not 20).
        for _ in range(5):
            await page.press("x")
            if await page.until(lambda: page.shows("Export preview"), 20):
                break
        assert await page.until(lambda: page.shows("s: download"))
        await page.press("s")

        def started() -> list[Any]:
            return [m for m in page.messages if m and m[0] == "deliver_file_start"]

        assert await page.until(lambda: bool(started())), page.messages
        key = started()[0][1]
        url = client.make_url(f"/download/{key}")
        # Without the token (no cookie, none in the URL): refused, and the file still waits.
        async with (
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as stranger,
            stranger.get(url) as refused,
        ):
            assert refused.status == 403
            assert "Forbidden" in await refused.text()
        response = await client.get(f"/download/{key}", cookies={server.cookie: TOKEN})
        assert response.status == 200
        assert response.headers["Content-Disposition"] == "attachment; filename=browser-retro.md"
        assert response.headers["Content-Type"].startswith("text/markdown")
        text = await response.text()
        assert TITLE in text.splitlines()[0]
        # Served once: the key is spent.
        again = await client.get(f"/download/{key}", cookies={server.cookie: TOKEN})
        assert again.status == 404
        await ws.close()

    with_client(board, body)
    # Nothing was written on the host: not in the store, not where a terminal would save.
    assert not list(tmp_path.rglob("*.md"))
    assert not list(Path.cwd().glob("browser-retro*.md"))
