"""The rules of `retro serve` that need no server: the token, the host, a participant's name,
and what a browser may say over the websocket. Pure functions, tested without a socket."""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import secrets
from dataclasses import dataclass
from typing import Any

from retro.errors import ValidationError
from retro.text import inert

TOKEN_BYTES = 32
"""Random bytes in a generated token (43 URL-safe characters, as many as Jupyter's 48 hex)."""
MAX_NAME = 60
"""Longest participant name, in characters."""
MAX_STDIN = 1 << 20
"""Longest keyboard input in one websocket message (a large paste), in characters."""
MAX_PING = 200
"""Longest ping payload echoed back, in characters."""
MIN_CELLS, MAX_CELLS = 10, 1000
"""Bounds of a browser's terminal size, in cells (each side)."""


def new_token() -> str:
    """A fresh random token for one run of the server."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def checked_token(token: str | None) -> str:
    """The token to require: the one given (checked) or a fresh one.

    An explicit empty token is refused: `retro serve` never runs without one.
    """
    if token is None:
        return new_token()
    if not token.strip():
        raise ValidationError("the token cannot be empty: retro serve always needs one")
    if any(ch.isspace() or not ch.isprintable() for ch in token):
        raise ValidationError("the token cannot contain spaces or control characters")
    return token


def token_matches(given: str | None, token: str) -> bool:
    """Whether a request's token is the server's, compared in constant time."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def is_loopback(host: str) -> bool:
    """Whether binding to this host keeps the server on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """Whether this host means every address of the machine (0.0.0.0, ::, or empty)."""
    return host.strip("[]") in ("", "0.0.0.0", "::")


def checked_name(raw: str | None) -> str:
    """A participant's name as typed in the browser, cleaned; ValidationError if unusable."""
    if raw is None or not raw.strip():
        raise ValidationError("type your name to join")
    name = " ".join(raw.split())
    if len(name) > MAX_NAME:
        raise ValidationError(f"a name has at most {MAX_NAME} characters")
    if inert(name) != name or not name.isprintable():
        raise ValidationError("a name cannot contain control characters")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("a name must be valid text") from None
    return name


def encode_name(name: str) -> str:
    """The name as one URL path segment (base64url, no padding)."""
    return base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")


def decode_name(segment: str) -> str:
    """The name from `encode_name`, checked; ValidationError if it is not one."""
    try:
        padded = segment + "=" * (-len(segment) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise ValidationError("the name in the address is damaged") from None
    return checked_name(raw)


def cells(value: str | None, default: int) -> int:
    """A terminal size from a query parameter, within bounds; the default if not a number."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    return max(MIN_CELLS, min(MAX_CELLS, number))


@dataclass(frozen=True)
class Message:
    """One message from the browser's terminal: keys typed, a new size, a ping, focus."""

    kind: str
    text: str = ""
    width: int = 0
    height: int = 0


def parse_message(data: str) -> Message | None:
    """What the browser said, or None if it is not a message textual-serve's page sends.

    The page sends JSON arrays: ``["stdin", text]``, ``["resize", {"width": w, "height": h}]``,
    ``["ping", text]``, ``["blur"]`` and ``["focus"]``.
    """
    try:
        envelope: Any = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, args = envelope[0], envelope[1:]
    if kind in ("blur", "focus"):
        return Message(kind)
    if not args:
        return None
    arg = args[0]
    if kind == "stdin" and isinstance(arg, str) and len(arg) <= MAX_STDIN:
        return Message(kind, text=arg)
    if kind == "ping" and isinstance(arg, str) and len(arg) <= MAX_PING:
        return Message(kind, text=arg)
    if kind == "resize" and isinstance(arg, dict):
        width, height = arg.get("width"), arg.get("height")
        if isinstance(width, int) and isinstance(height, int):
            if isinstance(width, bool) or isinstance(height, bool):
                return None
            return Message(kind, width=_clamp(width), height=_clamp(height))
    return None


def _clamp(number: int) -> int:
    return max(MIN_CELLS, min(MAX_CELLS, number))
