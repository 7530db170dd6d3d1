"""Migrations of older stores to the current schema, each after a backup.

Schema 0 was a single TinyDB file, ``retro.json``, with TinyDB's own integer document ids and
four tables (``team``, ``reviews``, ``sprints``, ``lessons``) holding whole objects. It differs
from schema 1 in more than layout: dates were under ``date`` (now ``on``) and a card's votes
were a list of voter names, one entry per dot (now a count per voter).

A migration never changes the old file: it is copied to ``.backup/retro.v0.json`` first, the
new files are written, the catalogue is written last (the commit point: an interrupted
migration simply runs again), and only then is the old file removed.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from typing import TYPE_CHECKING, Any

import orjson

from retro.errors import CorruptStoreError, ForeignStoreError, RetroError
from retro.model import Lesson, Review, Sprint, Team, now
from retro.store import files

if TYPE_CHECKING:
    from retro.store.base import StoreBase


def _v0_review(doc: dict[str, Any]) -> dict[str, Any]:
    doc = dict(doc)
    doc["on"] = doc.pop("date", None) or doc.get("on")
    cards = []
    for card in doc.get("cards", []):
        card = dict(card)
        votes = card.get("votes") or []
        if isinstance(votes, list):
            card["votes"] = dict(Counter(str(v) for v in votes))
        cards.append(card)
    doc["cards"] = cards
    return doc


def _v0_lesson(doc: dict[str, Any]) -> dict[str, Any]:
    doc = dict(doc)
    doc["on"] = doc.pop("date", None) or doc.get("on")
    return doc


def migrate_v0(store: StoreBase) -> None:
    """Turn a schema-0 store (one ``retro.json``) into the partitioned schema-1 layout.

    Raises:
        CorruptStoreError: the old file cannot be read; nothing is changed.
        ForeignStoreError: the old file is not a retro store.
    """
    from retro.store.documents import review_to_tables, sprint_to_tables

    old = store.path / "retro.json"
    raw = old.read_bytes()
    if not raw.strip():
        raise CorruptStoreError(old, "the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptStoreError(old, f"invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or "team" not in data:
        raise ForeignStoreError(f"{old} is not a retro store (no team table); nothing was changed")
    try:
        team = Team.from_dict(next(iter(data["team"].values())))
        reviews = [Review.from_dict(_v0_review(d)) for d in data.get("reviews", {}).values()]
        sprints = [Sprint.from_dict(d) for d in data.get("sprints", {}).values()]
        lessons = [Lesson.from_dict(_v0_lesson(d)) for d in data.get("lessons", {}).values()]
    except (KeyError, TypeError, ValueError, StopIteration, RetroError) as exc:
        raise CorruptStoreError(old, f"a schema-0 document cannot be migrated: {exc}") from None

    backup = store.path / files.BACKUP_DIR / "retro.v0.json"
    files.ensure_dir(backup.parent, store.path)
    with store.locked():
        if not backup.exists():
            shutil.copy2(old, backup)
        root = store.path
        files.write_file(
            root / "team.json", {"team": {"team": team.to_dict()}, **_meta("team")}, root
        )
        for review in reviews:
            files.write_file(root / "reviews" / f"{review.id}.json", review_to_tables(review), root)
        for sprint in sprints:
            files.write_file(root / "sprints" / f"{sprint.id}.json", sprint_to_tables(sprint), root)
        partitions: dict[Any, dict[str, Any]] = {}
        for lesson in lessons:
            partitions.setdefault(store.lesson_path(lesson), {})[lesson.id] = lesson.to_dict()
        for path, docs in partitions.items():
            files.write_file(path, {"lessons": docs, **_meta("lessons")}, root)
        info = {"created": now().isoformat(), "schema": files.SCHEMA_VERSION, "migrated_from": 0}
        files.write_file(store.catalogue, {"store": {"info": info}, **_meta("catalogue")}, root)
        os.remove(old)
        files.fsync_dir(root)


def migrate_v1(store: StoreBase) -> None:
    """Give every check-in of a schema-1 store an id (kind letter ``h``): schema 2.

    Every sprint file is copied to ``.backup/v1/sprints/`` first; then each check-in without an
    id gets one, in place, the rest of the file as it was; the catalogue is written last, with
    ``"schema": 2`` and ``"migrated_from": 1`` (the commit point: an interrupted migration runs
    again, and a check-in that got its id keeps it).

    Raises:
        CorruptStoreError, ForeignStoreError, StoreError: a sprint file cannot be read or
            written; the store is left at schema 1, its files as they were or with ids added.
    """
    from retro.ids import new_id

    root = store.path
    with store.locked():
        catalogue = files.read_file(store.catalogue, "catalogue") or {}
        info = dict(catalogue.get("store", {}).get("info") or {})
        if info.get("schema", 0) >= 2:
            return  # another process migrated it while this one waited for the lock
        sprints = root / "sprints"
        paths = sorted(sprints.glob("*.json")) if sprints.is_dir() else []
        backup = root / files.BACKUP_DIR / "v1" / "sprints"
        if paths:
            files.ensure_dir(backup, root)
        for path in paths:
            if not (backup / path.name).exists():
                shutil.copy2(path, backup / path.name)
            tables = files.read_file(path, "sprint")
            if tables is None:
                continue
            changed = False
            for goal in tables.get("goals", {}).values():
                for checkin in goal.get("checkins", []) if isinstance(goal, dict) else []:
                    if isinstance(checkin, dict) and not checkin.get("id"):
                        checkin["id"] = new_id("h")
                        changed = True
            if changed:
                tables[files.META] = files.meta_table("sprint")
                files.write_file(path, tables, root, backup=False)
        info.update(schema=files.SCHEMA_VERSION, migrated_from=1)
        files.write_file(store.catalogue, {"store": {"info": info}, **_meta("catalogue")}, root)
        files.fsync_dir(root)


def _meta(kind: str) -> dict[str, Any]:
    return {files.META: files.meta_table(kind)}
