"""The server of `retro serve`, in-process through aiohttp's test client: the token on every
request and on the websocket, the name page, what a browser may send, and errors without
tracebacks. Each websocket here starts a real `retro` app process on the store."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from retro.serve.guard import encode_name
from retro.serve.server import RetroServer
from tests.serve.conftest import TITLE, TOKEN, Board

Body = Callable[[TestClient[Any, Any], RetroServer], Awaitable[None]]
FONT = "/static/fonts/RobotoMono-VariableFont_wght.ttf"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def with_client(board: Board, body: Body, *, review: bool = True) -> None:
    server = RetroServer(
        store=board.store,
        token=TOKEN,
        host="127.0.0.1",
        port=0,
        review=board.review if review else None,
    )

    async def main() -> None:
        app = await server._make_app()
        async with TestClient(TestServer(app)) as client:
            await body(client, server)

    asyncio.run(main())


PATHS = ["/", "/?name=Ana", "/static/js/textual.js", FONT, "/download/abc", "/nowhere"]


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN[:-1], TOKEN + "x", TOKEN.upper()])
def test_every_request_without_the_right_token_is_refused(board: Board, token: str | None) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        for path in PATHS:
            params = {} if token is None else {"token": token}
            response = await client.get(path, params=params)
            assert response.status == 403, path
            assert "403 Forbidden" in await response.text()
            cookies = {server.cookie: token} if token is not None else {}
            response = await client.get(path, cookies=cookies)
            assert response.status == 403, path

    with_client(board, body)


def test_the_token_opens_the_name_page_and_its_cookie_the_files(board: Board) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        response = await client.get("/", params={"token": TOKEN})
        assert response.status == 200
        page = await response.text()
        assert '<input id="name" name="name"' in page
        assert f"review {board.review}" in page
        assert response.cookies[server.cookie].value == TOKEN
        assert response.cookies[server.cookie]["httponly"]
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        cookie = {server.cookie: TOKEN}
        for path, kind in [
            ("/static/js/textual.js", "javascript"),
            ("/static/css/xterm.css", "text/css"),
            (FONT, "font"),
        ]:
            response = await client.get(path, cookies=cookie)
            assert response.status == 200, path
            assert kind in response.headers["Content-Type"]

    with_client(board, body)


def test_the_board_page_loads_nothing_from_the_internet(board: Board) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        response = await client.get("/", params={"token": TOKEN, "name": "Ana <b>"})
        assert response.status == 200
        page = await response.text()
        port = client.server.port
        assert (
            f'data-session-websocket-url="ws://127.0.0.1:{port}/ws/{encode_name("Ana <b>")}"'
            in (page)
        )
        assert "Ana &lt;b&gt;" in page and "Ana <b>" not in page
        links = re.findall(r'(?:src|href)="([^"]*)"', page)
        assert links and all(link.startswith(("/static/", "data:")) for link in links), links
        assert re.findall(r"url\(\"?([^\")]*)", page) == [FONT.removeprefix("")]
        assert not re.search(r"https?://", page)
        # The script and stylesheet from the wheel load nothing from elsewhere either.
        cookie = {server.cookie: TOKEN}
        for path in ("/static/js/textual.js", "/static/css/xterm.css"):
            text = await (await client.get(path, cookies=cookie)).text()
            assert not re.search(r"""(?:url\(|import |fetch\(|src=)["']?https?://""", text), path

    with_client(board, body)


@pytest.mark.parametrize(
    ("name", "why"),
    [("", "type your name"), ("\x1b[2J", "control characters"), ("x" * 61, "at most 60")],
)
def test_a_bad_name_asks_again(board: Board, name: str, why: str) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        response = await client.get("/", params={"token": TOKEN, "name": name})
        assert response.status == 400
        page = await response.text()
        assert why in page
        assert '<input id="name"' in page
        assert "Traceback" not in page

    with_client(board, body)


def test_an_unexpected_error_is_a_plain_500(
    board: Board, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the page builder broke")

    monkeypatch.setattr("retro.serve.server.name_page", broken)

    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        response = await client.get("/", params={"token": TOKEN})
        assert response.status == 500
        assert await response.text() == "500 Internal Server Error\n"

    with caplog.at_level(logging.INFO, logger="retro.serve"):
        with_client(board, body)
    assert "RuntimeError: the page builder broke" in caplog.text
    assert TOKEN not in caplog.text


def ws_path(name: str = "Ana") -> str:
    return f"/ws/{encode_name(name)}"


def test_the_websocket_needs_the_token_too(board: Board) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        for params, headers in [
            ({}, {}),
            ({"token": "wrong"}, {}),
            ({}, {"Cookie": f"{server.cookie}=wrong"}),
        ]:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(ws_path(), params=params, headers=headers)
            assert refused.value.status == 403
        assert not server.participants

    with_client(board, body)


def test_a_websocket_from_another_site_is_refused(board: Board) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(
                ws_path(),
                params={"token": TOKEN},
                headers={"Origin": "http://evil.example"},
            )
        assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws/%25%25", params={"token": TOKEN})
        assert refused.value.status == 400

    with_client(board, body)


async def read_screen(ws: aiohttp.ClientWebSocketResponse, *wanted: bytes) -> bytes:
    """What the app drew, as text without escapes, once every wanted piece of text is in it."""
    seen = b""
    while not all(piece in ANSI.sub(b"", seen) for piece in wanted):
        message = await asyncio.wait_for(ws.receive(), 60)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        seen += message.data
    return ANSI.sub(b"", seen)


def test_a_participant_gets_their_own_app_on_the_review_as_themselves(
    board: Board, caplog: pytest.LogCaptureFixture
) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        origin = f"http://127.0.0.1:{client.server.port}"
        ws = await client.ws_connect(
            ws_path("Zoë"),
            params={"token": TOKEN, "width": "120", "height": "40"},
            headers={"Origin": origin},
        )
        await read_screen(ws, TITLE.encode(), "as Zoë".encode())
        assert len(server.participants) == 1
        (participant,) = server.participants
        assert participant.argv[-2:] == ["open", board.review]
        await ws.send_json(["ping", "42"])
        while (message := await asyncio.wait_for(ws.receive(), 30)).type != aiohttp.WSMsgType.TEXT:
            pass
        assert message.json() == ["pong", "42"]
        # Anything the page would never send closes the connection with a reason.
        await ws.send_str('["exec", "rm -rf /"]')
        while (message := await asyncio.wait_for(ws.receive(), 30)).type not in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSED,
        ):
            pass
        assert ws.close_code == aiohttp.WSCloseCode.UNSUPPORTED_DATA
        await ws.close()
        for _ in range(600):
            if not server.participants:
                break
            await asyncio.sleep(0.05)
        assert not server.participants
        assert participant._process is not None and participant._process.returncode is not None

    with caplog.at_level(logging.INFO, logger="retro.serve"):
        with_client(board, body)
    assert "Zoë joined" in caplog.text and "Zoë left" in caplog.text
    assert "could not read" in caplog.text
    assert TOKEN not in caplog.text


def test_a_full_room_refuses_one_more(board: Board) -> None:
    async def body(client: TestClient[Any, Any], server: RetroServer) -> None:
        server.max_participants = 1
        first = await client.ws_connect(ws_path("Ana"), params={"token": TOKEN})
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(ws_path("Ben"), params={"token": TOKEN})
        assert refused.value.status == 503
        assert len(server.participants) == 1
        await first.close()

    with_client(board, body)
