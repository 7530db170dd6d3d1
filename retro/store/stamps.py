"""The store's files as the TUI's loader and the caches see them: which files there are (with a
stamp each, to tell when one changed) and reading one file with the stamp of what was read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from retro.model import Lesson
from retro.store import files
from retro.store.base import _build
from retro.store.files import Stamp

if TYPE_CHECKING:
    from retro.model import Review, Sprint

_CARDS = b'\n  "cards": {'
_TABLE_END = b"\n  }"


def scan(root: Path) -> dict[str, Stamp]:
    """Every store file (``.json``, not hidden) by its path relative to `root` (with ``/``),
    with its stamp: a scan of names and times, nothing is read."""
    found: dict[str, Stamp] = {}
    stack = [("", os.fspath(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".json"):
                    st = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = files.stamp_of(st)
            except OSError:
                continue
    return found


def review_files(stamps: Iterable[str]) -> dict[str, str]:
    """Review id → relative path of its file, from a `scan`."""
    return {rel[8:-5]: rel for rel in stamps if rel.startswith("reviews/r") and rel.count("/") == 1}


def lesson_files(paths: Iterable[str]) -> list[str]:
    """The lessons partitions among relative paths (a `scan`), in the order the store lists
    them."""
    found = [rel for rel in paths if rel.startswith("lessons/") and rel.count("/") == 2]
    return sorted(found, key=lambda rel: rel.split("/"))


def sprint_files(stamps: Iterable[str]) -> dict[str, str]:
    """Sprint id → relative path of its file, from a `scan`."""
    return {rel[8:-5]: rel for rel in stamps if rel.startswith("sprints/s") and rel.count("/") == 1}


def read_stamped(path: Path, kind: str) -> tuple[files.Tables, Stamp] | None:
    """Read and check a store file with the stamp of what was read; None if it is gone.

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: as `retro.store.files.read_file`.
    """
    raw_stamp = read_raw(path, kind)
    if raw_stamp is None:
        return None
    raw, stamp = raw_stamp
    return files.parse(path, raw, kind), stamp


def read_raw(path: Path, kind: str) -> tuple[bytes, Stamp] | None:
    """A store file's bytes with the stamp of what was read; None if it is gone.

    Raises:
        CorruptStoreError, StoreError: the file cannot be read (as the store says it).
    """
    try:
        raw, stamp = files.read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError:
        # Let the store's own reader say what is wrong, as every command does.
        files.read_file(path, kind)
        raise
    return raw, stamp


def without_cards(raw: bytes) -> bytes:
    """A review file's bytes with its cards table emptied, when the file is laid out as the
    store writes it (sorted keys, two-space indentation: the table's key and its closing brace
    are the only lines indented by exactly two spaces, and JSON strings hold no newline); else
    the bytes as they are."""
    start = raw.find(_CARDS)
    if start < 0 or raw[start + len(_CARDS) : start + len(_CARDS) + 1] == b"}":
        return raw
    end = raw.find(_TABLE_END, start)
    if end < 0:
        return raw
    return raw[:start] + _CARDS + b"}" + raw[end + len(_TABLE_END) :]


def read_review(path: Path) -> tuple[Review, Stamp] | None:
    """A review with all it holds, read from its file (None if it is gone)."""
    from retro.store.reviews import review_from_tables

    found = read_stamped(path, "review")
    if found is None:
        return None
    data, stamp = found
    return review_from_tables(data, path), stamp


def read_lessons(path: Path) -> tuple[list[Lesson], Stamp] | None:
    """The lessons of one partition, in the file's order (None if it is gone)."""
    found = read_stamped(path, "lessons")
    if found is None:
        return None
    data, stamp = found
    return [_build(Lesson.from_dict, doc, path) for doc in data.get("lessons", {}).values()], stamp


def read_sprint(path: Path) -> tuple[Sprint, files.Tables, Stamp] | None:
    """A sprint, the tables it was built from and the stamp of its file (None if it is gone)."""
    from retro.store.sprints import sprint_from_tables

    found = read_stamped(path, "sprint")
    if found is None:
        return None
    data, stamp = found
    return sprint_from_tables(data, path), data, stamp


def newest_first(lessons: list[Lesson]) -> list[Lesson]:
    """Lessons newest first, as the store lists them (a stable sort: ties keep their order)."""
    return sorted(lessons, key=lambda lesson: (lesson.on, lesson.created), reverse=True)
