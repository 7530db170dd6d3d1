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
    if len(rel) == 2 and rel[0] == "decisions":
        return "decision"
    if len(rel) == 3 and rel[0] == "lessons":
        return "lessons"
    return None


def store_files(root: Path) -> list[Path]:
    """Every file of the store outside .backup/ (json or not, so strays are seen too), and
    every folder where a store file belongs (named ``*.json``)."""
    out: list[Path] = []
    for folder, dirs, names in os.walk(root):
        out.extend(Path(folder) / d for d in dirs if d.endswith(".json"))
        dirs[:] = [d for d in dirs if not d.startswith(".") and not d.endswith(".json")]
        for name in names:
            if name in (".lock", ".gitignore", ".gitattributes"):
                continue
            out.append(Path(folder) / name)
    return sorted(out)


def newer_schema(path: Path) -> int | None:
    """The schema of a file written by a newer retro (None for any other file)."""
    try:
        data = orjson.loads(path.read_bytes())
        schema = data[files.META]["file"]["schema"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    return schema if isinstance(schema, int) and schema > files.SCHEMA_VERSION else None


def check(store: Store, repair: bool = False) -> DoctorReport:
    """Check (and with `repair`, mend) a store."""
    from retro.store.documents import check_documents

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
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir() and ".backup" not in p.parts)]:
        if folder.suffix != ".json" and not os.access(folder, os.W_OK | os.X_OK):
            report.problems.append(
                f"{folder}: not writable by you, so every change to the store will fail; "
                f"if that is not meant, run: chmod u+w {folder}"
            )
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
        if mode & 0o077 and path.is_file():
            report.problems.append(f"{path}: readable by others (mode {mode:o}, should be 600)")
            if repair:
                os.chmod(path, files.FILE_MODE)
                report.repaired.append(f"{path}: mode set to 600")
        try:
            data = files.read_file(path, kind)
            assert data is not None
            check_documents(path, kind, data)
            if kind == "catalogue":
                about = data.get("store", {}).get("info")
                if not isinstance(about, dict) or not isinstance(about.get("schema"), int):
                    raise files.CorruptStoreError(path, "it does not say which schema it is")
            report.documents += sum(len(t) for n, t in data.items() if n != files.META)
        except RetroError as exc:
            schema = newer_schema(path) if path.is_file() else None
            if schema is not None:
                # Never "repair" a newer retro's file with an older backup: that loses data.
                report.problems.append(
                    f"{path}: written by a newer retro (schema {schema}); upgrade retro to "
                    "open it. Left as it is"
                )
                continue
            report.problems.append(exc.message)
            if repair:
                report.repaired.extend(_restore(store, path, kind))
    return report


_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}]')
_KEYED = re.compile(rb'"(?P<key>[a-z][0-9a-z]{4,40})"\s*:\s*$')

# Which table of a file holds each kind of document, by the first letter of its id.
TABLES = {
    "review": {"r": "review", "c": "cards", "i": "intents", "a": "actions", "k": "kudos"},
    "sprint": {"s": "sprint", "g": "goals"},
    "lessons": {"l": "lessons"},
    "decision": {"d": "decision"},
}


def salvage(raw: bytes) -> dict[str, dict[str, Any]]:
    """Whole documents still readable in a damaged file, by id: every complete JSON object
    that follows its own id as a key (its braces matched outside strings)."""
    opens: list[int] = []
    found: dict[str, dict[str, Any]] = {}
    for token in _TOKEN.finditer(raw):
        char = token.group()
        if char == b"{":
            opens.append(token.start())
        elif char == b"}" and opens:
            start = opens.pop()
            key = _KEYED.search(raw, max(0, start - 60), start)
            if key is None:
                continue
            try:
                doc = orjson.loads(raw[start : token.end()])
            except orjson.JSONDecodeError:
                continue
            doc_id = key.group("key").decode()
            if isinstance(doc, dict) and doc.get("id") == doc_id:
                found[doc_id] = doc
    return found


def _merge(
    path: Path, kind: str, good: files.Tables, saved: dict[str, dict[str, Any]]
) -> tuple[files.Tables, int]:
    """The backup's tables with the documents saved from the damaged file put back (each only
    if the file still checks with it); how many were put back."""
    from retro.store.documents import check_documents

    tables = TABLES.get(kind, {})
    merged = {name: dict(table) for name, table in good.items()}
    added = 0
    for doc_id, doc in saved.items():
        table = tables.get(doc_id[0])
        if table is None or (table in ("review", "sprint", "decision") and doc_id != path.stem):
            continue
        before = merged.get(table, {}).get(doc_id)
        if before == doc:
            continue
        if table in ("review", "sprint", "decision"):
            merged[table] = {}  # a file holds one review (or sprint): its own
        merged.setdefault(table, {})[doc_id] = doc
        try:
            check_documents(path, kind, merged)
        except RetroError:
            if before is None:
                del merged[table][doc_id]
            else:
                merged[table][doc_id] = before
            continue
        added += before is None
    return merged, added


def _restore(store: Store, path: Path, kind: str) -> list[str]:
    root = store.path
    backup = files.backup_path(path, root)
    try:
        good = files.read_file(backup, kind)
    except RetroError:
        good = None
    raw = path.read_bytes() if path.is_file() else b""
    if kind == "catalogue" and good is None:
        info = {"created": now().isoformat(), "schema": files.SCHEMA_VERSION}
        good = {"store": {"info": info}}
    merged, extra = _merge(path, kind, good or {}, salvage(raw))
    from retro.store.documents import check_documents

    headers = TABLES.get(kind, {}).get(path.stem[:1])
    if not merged or (headers in ("review", "sprint", "decision") and not merged.get(headers)):
        return []
    try:
        check_documents(path, kind, merged)
    except RetroError:
        return []
    damaged_dir = root / files.BACKUP_DIR / "damaged"
    files.ensure_dir(damaged_dir, root)
    stamp = now().strftime("%Y%m%dT%H%M%S")
    keep = damaged_dir / f"{path.name}.{stamp}"
    if path.is_dir():
        shutil.move(str(path), str(keep))
    else:
        shutil.copy2(path, keep)
    merged.pop(files.META, None)
    with store.locked():
        # The damaged file must not become the "last good" backup: it is kept apart above.
        files.write_file(path, {**merged, files.META: files.meta_table(kind)}, root, backup=False)
    source = "the last good backup" if good is not None else "what was readable"
    note = f" and {extra} later documents saved from the damaged file" if extra else ""
    return [f"{path}: restored from {source}{note} (damaged copy kept at {keep})"]
