"""Where a store's disposable caches live: one machine's, never inside the store folder.

``RETRO_CACHE``, else ``RETRO_HOME/cache``, else platformdirs' user cache directory. A store is
shared through git; its caches (the dashboard's digests, the lesson search cache) only save one
machine some parsing, and are made again whenever they are missing or do not match the store.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Mapping
from pathlib import Path


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where caches go: ``RETRO_CACHE``, else ``RETRO_HOME/cache``, else the user cache
    directory."""
    env = os.environ if env is None else env
    if env.get("RETRO_CACHE"):
        return Path(env["RETRO_CACHE"]).expanduser()
    if env.get("RETRO_HOME"):
        return Path(env["RETRO_HOME"]).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("retro", appauthor=False))


def store_name(root: Path) -> str:
    """The store a cache is for, as every cache file records it (and checks it when read)."""
    return str(Path(root).expanduser().absolute())


def cache_path(
    root: Path,
    env: Mapping[str, str] | None = None,
    *,
    name: str = "digest",
    suffix: str = "json",
) -> Path:
    """The cache file of the store at `root` (named by a hash of its absolute path); `name`
    and `suffix` tell the caches of one store apart (the digests, the search cache).

    The hash is CRC-32 and Adler-32 side by side (zlib is already loaded; hashlib would cost
    3 ms of imports on every command): two stores that ever shared a name would only make each
    other's cache again, since every cache file also records the store it is for."""
    where = store_name(root).encode("utf-8", "surrogateescape")
    key = f"{zlib.crc32(where):08x}{zlib.adler32(where):08x}"
    return cache_dir(env) / f"{name}-{key}.{suffix}"
