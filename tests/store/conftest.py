"""Fixtures: small stores in temporary folders, never the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from retro.store import Store


def _memory_root() -> Path | None:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


@pytest.fixture(params=["disk", "memory"])
def store_path(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A store folder on disk (tmp_path) and one in memory (a RAM-backed tmpfs)."""
    if request.param == "disk":
        yield tmp_path / "store"
        return
    shm = _memory_root()
    if shm is None:
        pytest.skip("no RAM-backed folder on this machine")
    import tempfile

    with tempfile.TemporaryDirectory(dir=shm) as folder:
        yield Path(folder) / "store"


@pytest.fixture
def store(store_path: Path) -> Store:
    """A new store with a team."""
    created = Store(store_path)
    created.init("Platform", purpose="Ship small, safe changes", by="ana")
    return created


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (to prove nothing changed)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }
