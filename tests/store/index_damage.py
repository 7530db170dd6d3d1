"""Ways a disposable stamp-keyed index file (retro.store.headers, retro.store.listing) can be
damaged after it was written: each must only cost time, never change an answer."""

from __future__ import annotations

from collections.abc import Callable

INDEX_DAMAGES: list[Callable[[bytes], bytes]] = [
    lambda raw: b"",
    lambda raw: raw[: len(raw) // 2],
    lambda raw: raw[:-3] + bytes([raw[-3] ^ 1]) + raw[-2:],
    lambda raw: b"not json\n" + raw,
    lambda raw: raw.replace(b'"version":1', b'"version":99'),
]
