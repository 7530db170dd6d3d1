"""Three people join one review through `retro serve` in a real headless Chromium; one of them
downloads the review's Markdown summary.

Run by ``make test-browser`` (skipped by ``make test``: marker ``browser``). Needs the
``browser`` extra (Playwright's Python API, driving the system's Chromium; no browser download)
and Chromium itself (Debian's ``chromium``): without either the test is skipped, saying which.
``RETRO_SERVE_SCREENSHOT=docs/serve-board.png`` also saves the README's screenshot.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.serve.conftest import TITLE, TOKEN, Board, retro, start_serve, stop_serve

pytestmark = pytest.mark.browser

HOOK_FROM = "const t=new w(e,{ping:r});"
"""Where textual.js makes each page's terminal; the test keeps a reference to read its text."""
HOOK_TO = HOOK_FROM + "(window.__retroTerminals=window.__retroTerminals||[]).push(t);"
SCREEN_JS = """() => (window.__retroTerminals || []).map(t => {
    const buffer = t.terminal.buffer.active, rows = [];
    for (let i = 0; i < buffer.length; i++) rows.push(buffer.getLine(i).translateToString(true));
    return rows.join("\\n");
}).join("\\n")"""
WAIT_JS = f"""([wanted, absent]) => {{
    const s = ({SCREEN_JS})();
    return wanted.every(w => s.includes(w)) && !absent.some(a => s.includes(a));
}}"""
COLUMNS = (
    "Start — What should we start doing?",
    "Stop — What should we stop doing?",
    "Continue — What should we keep doing?",
)
"""The review's columns as its card form lists them."""
PEOPLE = {
    "Ana": "Pair on the deploy script",
    "Bruno": "Fewer status meetings",
    "Chloé": "Écrire les runbooks",
}


def chromium() -> str:
    """The system's Chromium, or skip saying how to get it."""
    for candidate in (os.environ.get("RETRO_CHROMIUM"), "chromium", "chromium-browser"):
        found = candidate and shutil.which(candidate)
        if found:
            return found
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium; make test-browser)")


def playwright() -> Any:
    return pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[browser]'"
    )


def screen(page: Any) -> str:
    return str(page.evaluate(SCREEN_JS))


def wait_for_text(page: Any, *wanted: str, absent: tuple[str, ...] | list[str] = ()) -> str:
    """The page's terminal text once every wanted text is on it and no absent one is."""
    try:
        page.wait_for_function(WAIT_JS, arg=[list(wanted), list(absent)], timeout=90_000)
    except Exception as error:  # Playwright's TimeoutError: say what the page showed instead
        raise AssertionError(f"{wanted} not on the page:\n{screen(page)}") from error
    text = screen(page)
    assert all(piece in text for piece in wanted), (wanted, text)
    assert not any(piece in text for piece in absent), (absent, text)
    return text


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def download_export(page: Any) -> Any:
    """Press x and then s on the page: the Download textual-serve's script opens (in a tab of
    its own, at ``/download/KEY``)."""
    page.focus(".xterm-helper-textarea")
    page.keyboard.press("x")
    wait_for_text(page, "Export preview", "s: download")
    downloads: list[Any] = []

    def arrived(download: Any) -> None:
        downloads.append(download)

    page.context.on("page", lambda tab: tab.on("download", arrived))
    page.on("download", arrived)
    page.keyboard.press("s")
    for _ in range(600):
        if downloads:
            break
        page.wait_for_timeout(100)
    assert downloads, f"no download reached the browser:\n{screen(page)}"
    return downloads[0]


def test_three_browsers_add_cards_to_one_review(
    board: Board, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    executable = chromium()
    sync_api = playwright()
    served = start_serve(board, "--review", board.review)
    try:
        with urllib.request.urlopen(f"{served.base}/static/js/textual.js?token={TOKEN}") as js:
            assert HOOK_FROM in js.read().decode(), "textual.js changed: update HOOK_FROM"
        with sync_api.sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
            requested: list[str] = []
            pages: dict[str, Any] = {}
            shown_after: dict[str, float] = {}
            for name in PEOPLE:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.on("request", lambda request: requested.append(request.url))
                page.on("websocket", lambda socket: requested.append(socket.url))

                def hook(route: Any) -> None:
                    response = route.fetch()
                    route.fulfill(
                        response=response, body=response.text().replace(HOOK_FROM, HOOK_TO)
                    )

                page.route("**/static/js/textual.js", hook)
                page.goto(served.url)
                page.fill("#name", name)
                started = time.monotonic()
                page.click("button[type=submit]")
                wait_for_text(page, TITLE, f"as {name}")
                shown_after[name] = time.monotonic() - started
                assert page.url == f"{served.url}&name={urllib.parse.quote(name)}"
                pages[name] = page

            added: list[str] = []
            for column, (name, text) in enumerate(PEOPLE.items()):
                page = pages[name]
                wait_for_text(page, *added)  # the cards added before, from the other browsers
                page.focus(".xterm-helper-textarea")
                page.keyboard.press("n")
                wait_for_text(page, "New card")
                page.keyboard.type(text)
                wait_for_text(page, text)
                if column:  # Ana writes in Start; Bruno picks Stop, Chloé Continue in the form
                    options = list(COLUMNS)
                    page.keyboard.press("Tab")
                    page.keyboard.press("Enter")
                    wait_for_text(page, *options)  # the list is open
                    for _ in range(column):
                        page.keyboard.press("ArrowDown")
                    page.keyboard.press("Enter")
                    chosen = options.pop(column)
                    wait_for_text(page, chosen, absent=options)  # closed on the choice
                page.keyboard.press("Control+s")
                wait_for_text(page, text, "Card added")
                added.append(text)

            for page in pages.values():
                wait_for_text(page, *PEOPLE.values())

            # A participant's export is a download in their browser, not a file on the host.
            downloaded = download_export(pages["Ana"])
            assert downloaded.suggested_filename == "browser-retro.md"
            summary = Path(downloaded.path()).read_text(encoding="utf-8")
            assert TITLE in summary.splitlines()[0]
            assert all(text in summary for text in PEOPLE.values())
            assert not list(board.store.parent.rglob("*.md"))
            assert not list(Path.cwd().glob("browser-retro*.md"))

            processes = children(served.process.pid)
            memory = sorted(rss_kib(pid) // 1024 for pid in processes)
            server_memory = rss_kib(served.process.pid) // 1024
            assert len(processes) == len(PEOPLE)

            shot = os.environ.get("RETRO_SERVE_SCREENSHOT")
            pages["Ana"].screenshot(path=shot or str(tmp_path / "board.png"))

            stranger = browser.new_context()
            refused = stranger.new_page().goto(f"{served.base}/")
            assert refused is not None and refused.status == 403
            assert stranger.request.get(f"{served.base}/?name=Eve").status == 403
            browser.close()

        # Nothing left the machine: every request went to the server.
        outside = [
            url
            for url in requested
            if not url.startswith((served.base, f"ws://127.0.0.1:{served.port}/", "data:"))
        ]
        assert not outside, outside

        shown = json.loads(retro(board.env, "review", "show", board.review, "--json"))
        cards = {(c["author"], c["column"], c["text"]) for c in shown["cards"]}
        assert cards == {
            ("Ana", "start", PEOPLE["Ana"]),
            ("Bruno", "stop", PEOPLE["Bruno"]),
            ("Chloé", "continue", PEOPLE["Chloé"]),
        }
        with capsys.disabled():
            seconds = ", ".join(f"{n} {s:.1f} s" for n, s in shown_after.items())
            print(
                f"\nretro serve: board shown after {seconds}; app processes {memory} MB RSS;"
                f" server {server_memory} MB RSS"
            )
    finally:
        code, _out, err = stop_serve(served)
    assert code == 0, err
    assert TOKEN not in err
