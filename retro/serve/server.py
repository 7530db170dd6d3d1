"""The aiohttp server of `retro serve`, built on textual-serve.

textual-serve's `Server` runs one app process per browser websocket (`AppService`) and relays
the terminal between them; its files (`static/`: the terminal script, stylesheet and fonts) are
served as they are. What retro changes: every request must carry the token (in the URL, or the
cookie the first page sets), a browser is asked its name first, each app process is
``retro open REVIEW`` on this store as that person (run without a shell) and as a guest, with a
participant's rights and not the host's (`retro.guest`; an export downloads through
textual-serve's ``/download/KEY``, behind the token like every other path), what the browser
sends is checked before it reaches the app, nothing is logged per request (the URL holds the
token), and an unexpected error is one line in the server's log and a plain 500, never a
traceback in a page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from retro.errors import RetroError, ValidationError
from retro.guest import SERVED_ENV
from retro.serve import guard
from retro.serve.pages import board_page, name_page

log = logging.getLogger("retro.serve")

TOKEN_ENV = "RETRO_SERVE_TOKEN"
MAX_PARTICIPANTS = 50
"""Browsers served at once (each runs an app process of about 60 MB)."""
STOP_SECONDS = 5.0
"""How long a participant's app process gets to quit before it is killed."""
TOKEN_SHAPED = re.compile(r"token=[^&\s'\"]*")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Participant(AppService):
    """One browser's app process: ``retro`` on the server's store, as the name it gave."""

    def __init__(self, argv: list[str], name: str, **kwargs: object) -> None:
        super().__init__(" ".join(argv), **kwargs)  # type: ignore[arg-type]
        self.argv = argv
        self.name = name

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["RETRO_USER"] = self.name
        # A guest: one participant, not the host (`retro.guest`). Set here, last, over whatever
        # the host's environment says; nothing a browser sends reaches the environment.
        environment[SERVED_ENV] = "1"
        environment.pop(TOKEN_ENV, None)
        return environment

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        # textual-serve runs its command through a shell; the name must never meet one.
        process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
        )
        self._process = process
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def finish(self) -> None:
        """Ask the app to quit; kill it if it has not within `STOP_SECONDS`."""
        with contextlib.suppress(TimeoutError, OSError, RuntimeError):
            await asyncio.wait_for(self.stop(), STOP_SECONDS)
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


class RetroServer(Server):
    """`retro serve`: textual-serve's server with retro's token, name page and app command."""

    def __init__(
        self, *, store: Path, token: str, host: str, port: int, review: str | None
    ) -> None:
        super().__init__("retro", host=host, port=port, title="retro")
        self.store = store
        self.token = token
        self.review = review
        self.cookie = f"retro-serve-{port}"
        self.sessions: set[web.WebSocketResponse] = set()
        self.participants: set[Participant] = set()
        self.endings: set[asyncio.Future[None]] = set()
        self.max_participants = MAX_PARTICIPANTS

    def app_argv(self) -> list[str]:
        """The command of one participant's app process."""
        argv = [sys.executable, "-m", "retro", "--store", str(self.store)]
        return [*argv, "open", self.review] if self.review else argv

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._errors, self._guard], client_max_size=1 << 16)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{name}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_response_prepare.append(_headers)
        app.on_shutdown.append(self.on_shutdown)
        app.on_cleanup.append(self.on_cleanup)
        return app

    # -- the token, and errors ------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse (403) every request without the token, in the URL or the cookie."""
        given = request.query.get("token")
        if given is None:
            given = request.cookies.get(self.cookie)
        if not guard.token_matches(given, self.token):
            log.warning("refused a request from %s without the token", request.remote)
            return web.Response(
                status=403, text="403 Forbidden: open the address retro serve printed.\n"
            )
        return await handler(request)

    @web.middleware
    async def _errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """An unexpected error is one line in the log and a plain 500, never a traceback."""
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.error(
                "error answering %s %s: %s: %s",
                request.method,
                request.path,
                type(error).__name__,
                error,
            )
            return web.Response(status=500, text="500 Internal Server Error\n")

    # -- pages -----------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        """The name page, or with a name the board page."""
        raw = request.query.get("name")
        if raw is None:
            html, status = name_page(token=self.token, review=self.review, error=None), 200
        else:
            try:
                name = guard.checked_name(raw)
            except ValidationError as error:
                page = name_page(token=self.token, review=self.review, error=error.message)
                html, status = page, 400
            else:
                path = f"/ws/{guard.encode_name(name)}"
                url = f"{'wss' if request.secure else 'ws'}://{request.host}{path}"
                font_size = guard.cells(request.query.get("fontsize"), 16)
                page = board_page(name=name, websocket_url=url, ws_path=path, font_size=font_size)
                html, status = page, 200
        response = web.Response(text=html, status=status, content_type="text/html")
        response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """One browser's terminal: start its app process and relay until either side ends."""
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            log.warning("refused a websocket from another site (%s)", origin)
            return web.Response(status=403, text="403 Forbidden: another site's page.\n")
        try:
            name = guard.decode_name(request.match_info["name"])
        except ValidationError as error:
            return web.Response(status=400, text=f"400 Bad Request: {error.message}\n")
        if len(self.participants) >= self.max_participants:
            log.warning("refused %s: already %d participants", name, len(self.participants))
            return web.Response(status=503, text="503: the review is full.\n")
        width = guard.cells(request.query.get("width"), 80)
        height = guard.cells(request.query.get("height"), 24)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=2 * guard.MAX_STDIN)
        await websocket.prepare(request)
        participant = Participant(
            self.app_argv(),
            name,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.sessions.add(websocket)
        self.participants.add(participant)
        try:
            await participant.start(width, height)
            log.info("%s joined (app process %s)", name, participant.pid)
            await self._relay(websocket, participant, name)
        except asyncio.CancelledError:
            pass
        except Exception as error:
            log.error("%s's session failed: %s: %s", name, type(error).__name__, error)
            await websocket.close(code=WSCloseCode.INTERNAL_ERROR, message=b"internal error")
        finally:
            # aiohttp may cancel this handler when the browser goes: the app process is ended
            # in a task of its own, which that cancellation cannot cut short.
            ending = asyncio.ensure_future(self._end(websocket, participant, name))
            self.endings.add(ending)
            ending.add_done_callback(self.endings.discard)
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(ending)
        return websocket

    async def _end(self, websocket: web.WebSocketResponse, app: Participant, name: str) -> None:
        try:
            await app.finish()
        finally:
            self.sessions.discard(websocket)
            self.participants.discard(app)
            log.info("%s left", name)

    async def _relay(self, websocket: web.WebSocketResponse, app: Participant, name: str) -> None:
        """Pass what the browser says to the app; close on anything it would not say."""
        async for message in websocket:
            parsed = guard.parse_message(message.data) if message.type == WSMsgType.TEXT else None
            if parsed is None:
                log.warning("closed %s's connection: a message it could not read", name)
                await websocket.close(
                    code=WSCloseCode.UNSUPPORTED_DATA, message=b"retro serve: unreadable message"
                )
                return
            if parsed.kind == "stdin":
                await app.send_bytes(parsed.text.encode("utf-8", "replace"))
            elif parsed.kind == "resize":
                await app.set_terminal_size(parsed.width, parsed.height)
            elif parsed.kind == "ping":
                await websocket.send_json(["pong", parsed.text])
            elif parsed.kind == "blur":
                await app.blur()
            else:
                await app.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        for websocket in list(self.sessions):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"retro serve stopped")

    async def on_cleanup(self, app: web.Application) -> None:
        """Before the server exits, every app process has ended."""
        await asyncio.gather(*self.endings, return_exceptions=True)
        await asyncio.gather(*(p.finish() for p in list(self.participants)))

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo here; retro prints its own lines (`run`)."""

    # -- running ---------------------------------------------------------------------------

    async def run(self, ready: Callable[[int], None]) -> None:
        """Listen, call `ready` with the port bound, and serve until SIGINT or SIGTERM."""
        runner = web.AppRunner(
            await self._make_app(), access_log=None, handle_signals=False, shutdown_timeout=5
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            reason = error.strerror or str(error)
            raise RetroError(f"cannot listen on {self.host}:{self.port}: {reason}") from None
        port = int(runner.addresses[0][1])
        self.cookie = f"retro-serve-{port}"
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        ready(port)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    """Every response: never framed, never sends the URL (with its token) on; pages (which
    hold the token) never cached."""
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    elif request.path.endswith(".ttf") and response.status == 200:
        response.headers["Content-Type"] = "font/ttf"  # not in every system's MIME table
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"


class OneLine(logging.Formatter):
    """One line per record, without tracebacks and without the token: aiohttp's errors about
    a malformed request quote the request line (whose query may hold the token), so only their
    kind is kept, and anything shaped like ``token=…`` is masked."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            detail = "" if record.name.startswith("aiohttp") else f": {error}"
            message += f": {type(error).__name__}{detail}"
        message = " ".join(TOKEN_SHAPED.sub("token=…", message).split())
        return f"{self.formatTime(record, '%H:%M:%S')} {message}"


def setup_logging() -> None:
    """retro serve's log on stderr: joins, leaves, refusals and errors, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    for name in ("retro.serve", "textual-serve", "aiohttp"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
    logging.getLogger("aiohttp.access").disabled = True
