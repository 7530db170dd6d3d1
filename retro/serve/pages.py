"""The two pages `retro serve` shows a browser: "who are you?" and the board itself.

Both are built here, with every value escaped. They load nothing from the internet: the
terminal script, its stylesheet and the Roboto Mono font are the files of the textual-serve
wheel, served under ``/static/`` (textual-serve's own page asks a font CDN for the font).
"""

from __future__ import annotations

from html import escape

STATIC = "/static/"
FONT = "fonts/RobotoMono-VariableFont_wght.ttf"
NAME_KEY = "retro-serve-name"
"""Where the browser keeps the last name typed (localStorage), to offer it next time."""

_STYLE = f"""
  @font-face {{
    font-family: "Roboto Mono";
    src: url("{STATIC}{FONT}") format("truetype");
    font-weight: 100 700;
  }}
  body {{ background: #0c181f; color: rgba(255, 255, 255, 0.95); margin: 0;
         font-family: "Roboto Mono", menlo, monospace; }}
"""


def name_page(*, token: str, review: str | None, error: str | None, name: str = "") -> str:
    """The page that asks a participant's name before their board opens."""
    where = f"review {review}" if review else "the team's store"
    problem = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>retro — join</title>
<link rel="icon" href="data:,">
<style>{_STYLE}
  main {{ max-width: 34rem; margin: 15vh auto; padding: 2rem; background: #12232d; }}
  h1 {{ font-size: 1.4rem; margin-top: 0; }}
  label {{ display: block; margin: 1rem 0 .4rem; }}
  input {{ font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; }}
  button {{ font: inherit; margin-top: 1rem; padding: .6rem 2rem; border: none;
            background: #5e0ba7; color: white; cursor: pointer; }}
  button:hover {{ background: #ac5af4; }}
  .error {{ color: #ff8f8f; }}
  .hint {{ color: #9fb3c0; font-size: .85rem; }}
</style>
</head>
<body>
<main>
  <h1>Join the retro</h1>
  <p>You are joining {escape(where)}. Cards and votes you add carry your name.</p>
  {problem}
  <form method="get" action="/" id="join">
    <input type="hidden" name="token" value="{escape(token, quote=True)}">
    <label for="name">Your name</label>
    <input id="name" name="name" maxlength="60" required autofocus autocomplete="name"
           value="{escape(name, quote=True)}">
    <button type="submit">Join</button>
  </form>
  <p class="hint">The address of the board keeps your name: bookmark it to come back.</p>
</main>
<script>
  const field = document.getElementById("name");
  if (!field.value) {{ field.value = localStorage.getItem("{NAME_KEY}") || ""; }}
</script>
</body>
</html>
"""


def board_page(*, name: str, websocket_url: str, ws_path: str, font_size: int) -> str:
    """The page holding the terminal: textual-serve's page, with the font served locally.

    `websocket_url` is the address as the server sees it; the page builds its own from
    `ws_path` and the address it was loaded from, which is right behind a TLS proxy too.
    """
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>retro — {escape(name)}</title>
<link rel="icon" href="data:,">
<link rel="preload" href="{STATIC}{FONT}" as="font" type="font/ttf" crossorigin>
<link rel="stylesheet" href="{STATIC}css/xterm.css">
<script src="{STATIC}js/textual.js"></script>
<style>{_STYLE}
  .dialog-container {{ position: absolute; width: 100vw; height: 100vh; display: flex;
    align-items: center; justify-content: center; z-index: 10; }}
  .shade {{ position: absolute; width: 100%; height: 100%; background: #0c181f; }}
  .intro {{ width: 640px; height: 240px; font-size: 16px; z-index: 20; text-align: center;
    background-color: #12232d; display: flex; flex-direction: column; align-items: center;
    justify-content: center; margin: 32px; }}
  body.-first-byte .intro-dialog {{ display: none; }}
  body .textual-terminal {{ opacity: 0; transition: opacity 0.3s ease-out; }}
  body.-first-byte .textual-terminal {{ opacity: 1; }}
  button {{ padding: 16px 32px; background-color: #5e0ba7; color: rgba(255, 255, 255, 0.95);
    border: none; font-family: inherit; margin: 16px; display: block; cursor: pointer; }}
  button:hover {{ background: #ac5af4; }}
  .closed-dialog {{ display: none; }}
  body.-closed .closed-dialog {{ display: flex; }}
  #start {{ display: none; }}
  #start.-delay {{ display: flex; }}
</style>
<script>
  localStorage.setItem("{NAME_KEY}", {_js_string(name)});
  function getStartUrl() {{
    const url = new URL(window.location.href);
    url.searchParams.delete("delay");
    return url.pathname + "?" + url.searchParams.toString();
  }}
  function refresh() {{ window.location.href = getStartUrl(); }}
</script>
</head>
<body>
<div class="dialog-container intro-dialog">
  <div class="shade"></div>
  <div class="intro">
    <div>retro · opening the board for {escape(name)} …</div>
    <button type="button" onclick="refresh()" id="start">Start</button>
  </div>
</div>
<div class="dialog-container closed-dialog">
  <div class="shade"></div>
  <div class="intro">
    <div class="message">The session ended.</div>
    <button type="button" onclick="refresh()">Join again</button>
  </div>
</div>
<div id="terminal" class="textual-terminal"
     data-session-websocket-url="{escape(websocket_url, quote=True)}"
     data-font-size="{font_size}"></div>
<script>
  // The websocket's address from the page's own (wss:// behind a proxy that adds TLS).
  const terminal = document.getElementById("terminal");
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  terminal.dataset.sessionWebsocketUrl = scheme + window.location.host + {_js_string(ws_path)};
</script>
</body>
</html>
"""


def _js_string(text: str) -> str:
    """A JavaScript string literal safe inside a <script> element."""
    import json

    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
