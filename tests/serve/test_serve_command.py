"""`retro serve` as a person runs it: a real process, its address, its refusals, its log."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from retro.cli import cli
from tests.serve.conftest import TOKEN, Board, Served, start_serve, stop_serve


def status(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def test_serve_prints_an_address_with_the_token_and_refuses_everything_else(
    served: Served,
) -> None:
    assert served.url == f"{served.base}/?token={TOKEN}"
    assert status(served.url) == 200
    assert status(f"{served.url}&name=Ana") == 200
    assert status(f"{served.base}/") == 403
    assert status(f"{served.base}/?token=nope") == 403
    assert status(f"{served.base}/static/js/textual.js") == 403
    assert status(f"{served.base}/ws/QW5h", UPGRADE) == 403
    assert status(f"{served.base}/ws/QW5h?token=nope", UPGRADE) == 403
    code, out, err = stop_serve(served)
    assert code == 0
    # The token is in the address printed once, and nowhere in the log.
    assert out.count(TOKEN) == 1
    assert TOKEN not in err
    assert err.count("refused a request") == 5
    assert "GET" not in err and "Traceback" not in err


def test_a_random_token_is_made_when_none_is_given(board: Board) -> None:
    first = start_serve(board, token=None)
    second = start_serve(board, token=None)
    try:
        assert first.url.split("token=")[1] != second.url.split("token=")[1]
        assert len(first.url.split("token=")[1]) >= 40
        assert status(first.url) == 200
        assert status(second.url.replace(f":{second.port}/", f":{first.port}/")) == 403
    finally:
        stop_serve(first)
        stop_serve(second)


def test_every_address_is_listened_on_only_with_the_token(board: Board) -> None:
    served = start_serve(board, "--host", "0.0.0.0")
    try:
        text = "".join(served.lines)
        assert f"http://{socket.gethostname()}:{served.port}/?token={TOKEN}" in text
        assert "prefer an SSH tunnel" in text
        assert status(f"{served.base}/") == 403
        assert status(served.url) == 200
    finally:
        stop_serve(served)


def invoke(board: Board, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["serve", *args], env=board.env, prog_name="retro")
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--token", ""], "Error: the token cannot be empty: retro serve always needs one"),
        (["--token", "   ", "--host", "0.0.0.0"], "the token cannot be empty"),
        (["--token", "a b"], "cannot contain spaces"),
        (["--review", "rzzzz"], "rzzzz"),
        (["--review", "s123"], "not of a review"),
        (["--port", "70000"], "70000 is not in the range"),
    ],
)
def test_bad_options_are_one_line_errors(board: Board, args: list[str], message: str) -> None:
    code, output = invoke(board, *args)
    assert code in (1, 2)
    assert message in output
    assert "Traceback" not in output


def test_serving_needs_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["serve"],
        env={"RETRO_STORE": str(tmp_path / "none"), "RETRO_HOME": str(tmp_path)},
        prog_name="retro",
    )
    assert result.exit_code == 1
    assert "retro init" in result.output
    assert not (tmp_path / "none").exists()


def test_a_port_in_use_is_a_one_line_error(board: Board) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = invoke(board, "--port", str(port))
    assert code == 1
    assert f"Error: cannot listen on 127.0.0.1:{port}" in output
    assert output.count("\n") == 1


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        b"GET /?token=" + TOKEN.encode() + b"\x00\x1b[31m HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
        b"GET /ws/QW5h HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        b"Sec-WebSocket-Version: 99\r\nCookie: retro-serve-0=x\r\n\r\n",
    ],
)
def test_bad_http_gets_an_error_response_never_a_traceback(
    served: Served, request_bytes: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as connection:
        connection.sendall(request_bytes)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.") and status_line.split()[1] in (b"400", b"403", b"431")
    assert b"Traceback" not in answer
    code, _out, err = stop_serve(served)
    assert code == 0
    assert "Traceback" not in err
    assert TOKEN not in err  # aiohttp's error quotes the request line; the log does not
