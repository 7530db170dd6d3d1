"""`retro doctor`: check every file of a store and, on request, restore what can be restored.

Checking never writes. Repairing never deletes a damaged file: it is moved to
``.backup/damaged/`` before the last good version takes its place, and documents that the
damaged file still shows (its bytes may hold whole documents before a truncation) and that
the backup lacks are kept.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from retro.errors import RetroError
from retro.model import now
from retro.store import files
from retro.store.location import CATALOGUE

if TYPE_CHECKING:
    from retro.store.store import Store


@dataclass
class DoctorReport:
    """What the doctor found and did."""

    path: Path
    """The store."""
    checked: int = 0
    """Files checked."""
    documents: int = 0
    """Documents read from healthy files."""
    problems: list[str] = field(default_factory=list)
    """One line for each problem found."""
    repaired: list[str] = field(default_factory=list)
    """One line for each repair made."""

    @property
    def healthy(self) -> bool:
        """No problem found (or every problem repaired)."""
        return not self.problems or len(self.repaired) >= len(self.problems)


def kind_of_file(root: Path, path: Path) -> str | None:
    """The kind of store file a path should hold, from where it lies."""
    rel = path.relative_to(root).parts
    if rel == (CATALOGUE,):
        return "catalogue"
    if rel == ("team.json",):
        return "team"
    if len(rel) == 2 and rel[0] == "reviews":
        return "review"
    if len(rel) == 2 and rel[0] == "sprints":
        return "sprint"
    if len(rel) == 3 and rel[0] == "lessons":
        return "lessons"
    return None


def store_files(root: Path) -> list[Path]:
    """Every file of the store outside .backup/ (json or not, so strays are seen too)."""
    out: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name in (".lock", ".gitignore"):
                continue
            out.append(Path(folder) / name)
    return sorted(out)


def check(store: Store, repair: bool = False) -> DoctorReport:
    """Check (and with `repair`, mend) a store."""
    from retro.store.reviews import review_from_tables
    from retro.store.sprints import sprint_from_tables

    root = store.path
    report = DoctorReport(path=root)
    if not root.is_dir():
        report.problems.append(f"{root} is not a folder: there is no store here")
        return report
    if not (root / CATALOGUE).exists() and not (root / "retro.json").exists():
        report.problems.append(f"{root / CATALOGUE}: the catalogue is missing")
        if repair and (root / "team.json").exists():
            info = {"created": now().isoformat(), "schema": files.SCHEMA_VERSION}
            payload = {"store": {"info": info}, files.META: files.meta_table("catalogue")}
            files.write_file(root / CATALOGUE, payload, root)
            report.repaired.append(f"{root / CATALOGUE}: written anew")
    for path in store_files(root):
        report.checked += 1
        if path.name.endswith(".tmp"):
            report.problems.append(f"{path}: a temporary file left by an interrupted write")
            if repair:
                path.unlink()
                report.repaired.append(f"{path}: removed (the write it belonged to never landed)")
            continue
        kind = kind_of_file(root, path)
        if kind is None:
            if path.name != "retro.json":
                report.problems.append(f"{path}: not a file retro knows; left alone")
                report.repaired.append(f"{path}: nothing to do")
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            report.problems.append(f"{path}: readable by others (mode {mode:o}, should be 600)")
            if repair:
                os.chmod(path, files.FILE_MODE)
                report.repaired.append(f"{path}: mode set to 600")
        try:
            data = files.read_file(path, kind)
            assert data is not None
            if kind == "review":
                review_from_tables(data, path)
            elif kind == "sprint":
                sprint_from_tables(data, path)
            report.documents += sum(len(t) for n, t in data.items() if n != files.META)
        except RetroError as exc:
            report.problems.append(exc.message)
            if repair:
                report.repaired.extend(_restore(store, path, kind))
    return report


_DOC = re.compile(rb'"(?P<id>[a-z][0-9a-z]{4,20})": (?P<doc>\{[^{}]*\})')


def _salvage(raw: bytes) -> dict[str, dict[str, Any]]:
    """Whole flat documents still readable in a damaged file, by id."""
    found: dict[str, dict[str, Any]] = {}
    for match in _DOC.finditer(raw):
        try:
            doc = orjson.loads(match.group("doc"))
        except orjson.JSONDecodeError:
            continue
        if isinstance(doc, dict) and doc.get("id") == match.group("id").decode():
            found[doc["id"]] = doc
    return found


def _restore(store: Store, path: Path, kind: str) -> list[str]:
    root = store.path
    backup = files.backup_path(path, root)
    try:
        good = files.read_file(backup, kind)
    except RetroError:
        good = None
    if good is None:
        return []
    damaged_dir = root / files.BACKUP_DIR / "damaged"
    files.ensure_dir(damaged_dir, root)
    stamp = now().strftime("%Y%m%dT%H%M%S")
    keep = damaged_dir / f"{path.name}.{stamp}"
    raw = path.read_bytes() if path.is_file() else b""
    if path.is_dir():
        shutil.move(str(path), str(keep))
    else:
        shutil.copy2(path, keep)
    extra = 0
    if kind == "lessons":
        table = good.setdefault("lessons", {})
        for doc_id, doc in _salvage(raw).items():
            if doc_id.startswith("l") and doc_id not in table:
                table[doc_id] = doc
                extra += 1
    with store.locked():
        files.write_file(path, good, root)
    note = f" and {extra} later documents saved from the damaged file" if extra else ""
    return [f"{path}: restored from the last good backup{note} (damaged copy kept at {keep})"]
