"""The store's one derived index: an SQLite database in the cache folder, never in the store.

Everything the listings, id lookups, lesson search, dashboard and export need without reading
every file is kept here, derived from the files (`retro.store.derive`):

    files    every indexed file: its stamp, when it was read, a checksum, whether it was sound
    ids      every id a review, sprint or lessons file holds, with the review or sprint holding it
    reviews  per review file: order key, summary, the file without its cards, open due dates
    actions  per action: the fields `retro action list` filters and orders by, and the action
    sprints  per sprint file: status, dates, order key, its tables
    lessons  per lesson: order key, filters, the lesson, its haystack (+ ``lesson_fts``, FTS5)
    terms    per review file: the terms the dashboard's themes take from its cards
    short    ids' shortest unique prefixes, as asked for: one goes when a neighbour id comes or goes

**One freshness rule** (`retro.store.files.stale`, docs/architecture.md): the files of the
folders asked about are listed with a stat each and read again when new, gone, restamped, or
stamped too recently to trust (then compared by checksum); every change goes in one transaction.

The index is disposable: a missing, damaged, foreign or older one is deleted and built again; one
that cannot be written is replaced by one in memory (correct, only slower). A file that cannot be
parsed or built is recorded as damaged with no rows: the store reads it itself to say what is
wrong (`damaged`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import orjson

from retro.errors import StoreError
from retro.store import derive, files
from retro.store.cachedir import cache_path, store_name

VERSION = 4
"""Bumped whenever what the index keeps changes: an index of another version is made again."""

FOLDERS = ("reviews", "sprints", "lessons")

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE folders(folder TEXT PRIMARY KEY, stamps BLOB);
CREATE TABLE files(rel TEXT PRIMARY KEY, mtime INT, size INT, ino INT, seen INT, sum INT, ok INT);
CREATE TABLE ids(id TEXT, rel TEXT, owner TEXT);
CREATE INDEX ids_id ON ids(id);
CREATE INDEX ids_rel ON ids(rel);
CREATE TABLE reviews(rel TEXT PRIMARY KEY, id TEXT, on_ord INT, created INT, summary TEXT,
    outline TEXT, due TEXT, title TEXT);
CREATE INDEX reviews_order ON reviews(on_ord, created, id);
CREATE TABLE actions(rel TEXT, id TEXT, pos INT, status TEXT, owner TEXT, due INT, created INT,
    doc TEXT);
CREATE INDEX actions_rel ON actions(rel);
CREATE TABLE sprints(rel TEXT PRIMARY KEY, id TEXT, status TEXT, start INT, end INT,
    created INT, tables TEXT);
CREATE TABLE lessons(rel TEXT, part TEXT, id TEXT, pos INT, on_ord INT, created INT,
    author TEXT, tags TEXT, review_id TEXT, doc TEXT, hay TEXT);
CREATE INDEX lessons_rel ON lessons(rel);
CREATE INDEX lessons_order ON lessons(on_ord DESC, created DESC, part, pos);
CREATE INDEX lessons_review ON lessons(review_id);
CREATE TABLE terms(rel TEXT PRIMARY KEY, key TEXT, terms TEXT);
CREATE TABLE short(id TEXT PRIMARY KEY, short TEXT) WITHOUT ROWID;
CREATE VIRTUAL TABLE lesson_fts USING fts5(hay, tokenize='trigram');
"""

Stamp = files.Stamp
Known = tuple[int, int, int, int, int, int]
"""What the index holds of a file: (mtime, size, inode, read at, checksum, sound)."""


def checksum(raw: bytes) -> int:
    """A file's content checksum (63 bits, as SQLite keeps them: CRC-32 and Adler-32)."""
    return (zlib.crc32(raw) << 31) ^ zlib.adler32(raw)


class Index:
    """The derived index of one store (see the module note). Safe to share between threads."""

    def __init__(self, root: Path, env: Mapping[str, str] | None = None) -> None:
        self.root = Path(root)
        self.path = cache_path(self.root, env, name="index", suffix="sqlite3")
        self._db: sqlite3.Connection | None = None
        self._guard = threading.RLock()

    # -- the database ------------------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = self._open(str(self.path))
            except (sqlite3.Error, OSError):
                with contextlib.suppress(OSError):
                    self.path.unlink()  # damaged or foreign: disposable
                try:
                    self._db = self._open(str(self.path))
                except (sqlite3.Error, OSError):
                    self._db = self._open(":memory:")  # cannot be written: correct, slower
        return self._db

    def _open(self, where: str) -> sqlite3.Connection:
        if where != ":memory:":
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        db = sqlite3.connect(where, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            mine = {"version": str(VERSION), "store": store_name(self.root)}
            try:
                held = dict(db.execute("SELECT key, value FROM meta").fetchall())
            except sqlite3.OperationalError:
                held = {}
            if held != mine:
                db.execute("BEGIN IMMEDIATE")
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'lesson_fts_%'"
                ).fetchall():
                    db.execute(f'DROP TABLE IF EXISTS "{name}"')
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.executemany("INSERT INTO meta VALUES (?, ?)", mine.items())
                db.execute("COMMIT")
            if where != ":memory:":
                with contextlib.suppress(OSError):
                    os.chmod(where, 0o600)
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        with self._guard:
            if self._db is not None:
                self._db.close()
                self._db = None

    def rows(self, sql: str, args: Iterable[object] = ()) -> list[tuple[object, ...]]:
        """The rows of a query (after `sync` of the folders it reads)."""
        with self._guard:
            return self.db.execute(sql, tuple(args)).fetchall()

    # -- keeping up with the files ----------------------------------------------------------

    def sync(self, *folders: str) -> None:
        """Bring the index up to date with the files of these folders (`FOLDERS`).

        Raises:
            StoreError: a folder of the store cannot be listed.
        """
        listed: dict[str, Stamp] = {}
        for folder in folders:
            listed.update(files.listing(self.root, folder))
        with self._guard:
            for attempt in range(3):
                try:
                    return self._sync(folders, listed)
                except sqlite3.DatabaseError:  # damaged, or not writable: made again, else
                    self.close()  # kept in memory (correct, only slower)
                    if attempt == 0:
                        with contextlib.suppress(OSError):
                            self.path.unlink()
                    else:
                        self._db = self._open(":memory:")

    def _sync(self, folders: tuple[str, ...], listed: dict[str, Stamp]) -> None:
        db = self.db
        if self._unchanged(folders, listed):
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            known = self._known(folders)  # another process may have caught up meanwhile
            for rel in known.keys() - listed.keys():
                self._drop(rel)
                db.execute("DELETE FROM files WHERE rel = ?", (rel,))
            for rel, stamp in listed.items():
                held = known.get(rel)
                if files.stale(None if held is None else held[:4], stamp):
                    self._refresh(rel, held)
            self._settle(folders)
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _unchanged(self, folders: tuple[str, ...], listed: dict[str, Stamp]) -> bool:
        """The quick answer of `files.stale` for whole folders: each folder's stamps as last
        synced are kept in one piece while every file of it was read settled, so a folder
        where nothing changed costs one comparison."""
        held: dict[str, list[int]] = {}
        for folder in folders:
            found = self.db.execute(
                "SELECT stamps FROM folders WHERE folder = ?", (folder,)
            ).fetchone()
            if found is None or found[0] is None:
                return False
            held.update(orjson.loads(found[0]))
        return held == {rel: list(stamp) for rel, stamp in listed.items()}

    def _settle(self, folders: tuple[str, ...]) -> None:
        """Keep each folder's stamps in one piece if every file of it was read settled."""
        for folder in folders:
            stamps: dict[str, list[int]] | None = {}
            for rel, mtime, size, ino, seen in self.db.execute(
                "SELECT rel, mtime, size, ino, seen FROM files WHERE rel >= ? AND rel < ?",
                (folder + "/", folder + "0"),
            ):
                if stamps is None or mtime >= seen - files.SETTLE_NS:
                    stamps = None
                    continue
                stamps[rel] = [mtime, size, ino]
            self.db.execute(
                "INSERT OR REPLACE INTO folders VALUES (?, ?)",
                (folder, None if stamps is None else orjson.dumps(stamps)),
            )

    def _known(self, folders: tuple[str, ...]) -> dict[str, Known]:
        out: dict[str, Known] = {}
        for folder in folders:
            for rel, *rest in self.db.execute(
                "SELECT rel, mtime, size, ino, seen, sum, ok FROM files WHERE rel >= ? AND rel < ?",
                (folder + "/", folder + "0"),
            ):
                out[rel] = (rest[0], rest[1], rest[2], rest[3], rest[4], rest[5])
        return out

    def _refresh(self, rel: str, known: Known | None) -> None:
        """Read one file and replace what the index keeps of it (inside the transaction)."""
        db = self.db
        path = self.root / rel
        seen = time.time_ns()
        try:
            raw, stamp = files.read_bytes(path)
        except FileNotFoundError:
            self._drop(rel)
            db.execute("DELETE FROM files WHERE rel = ?", (rel,))
            return
        except OSError:
            raw, stamp = b"", (0, -1, 0)  # unreadable: recorded as damaged
        total = checksum(raw)
        if known is not None and known[4] == total and known[1] == stamp[1]:
            db.execute(  # the same bytes: only the stamp and when it was read change
                "UPDATE files SET mtime = ?, size = ?, ino = ?, seen = ? WHERE rel = ?",
                (*stamp, seen, rel),
            )
            return
        self._drop(rel)
        ok = 1
        try:
            self._derive(rel, path, raw)
        except (StoreError, OSError):
            ok = 0
            self._drop(rel)
        db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rel, *stamp, seen, total, ok),
        )

    def _derive(self, rel: str, path: Path, raw: bytes) -> None:
        db = self.db
        folder = rel.partition("/")[0]
        kind = {"reviews": "review", "sprints": "sprint", "lessons": "lessons"}[folder]
        tables = files.parse(path, raw, kind)
        if folder == "reviews":
            row, actions, ids = derive.review_rows(tables, path)
            db.execute("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (rel, *row))
            db.executemany(
                "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(rel, *a) for a in actions]
            )
        elif folder == "sprints":
            srow, ids = derive.sprint_rows(tables, path)
            db.execute("INSERT INTO sprints VALUES (?, ?, ?, ?, ?, ?, ?)", (rel, *srow))
        else:
            part = rel.split("/")[1] + "\0" + rel.split("/")[2]  # ordered as the store's paths
            lessons = derive.lesson_rows(tables, path)
            for lesson in lessons:
                cursor = db.execute(
                    "INSERT INTO lessons VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rel, part, *lesson),
                )
                db.execute(
                    "INSERT INTO lesson_fts(rowid, hay) VALUES (?, ?)",
                    (cursor.lastrowid, lesson[-1]),
                )
            ids = [(lesson[0], rel) for lesson in lessons]
        db.executemany("INSERT INTO ids VALUES (?, ?, ?)", [(i, rel, owner) for i, owner in ids])
        self._unshort([i for i, _ in ids])

    def _unshort(self, changed: Iterable[str]) -> None:
        """Forget the short prefixes an id coming or going can change: its own and its
        neighbours' (a prefix depends on the ids just before and after it, nothing else)."""
        if self.db.execute("SELECT 1 FROM short LIMIT 1").fetchone() is None:
            return  # nothing kept (always so while the index is first built)
        self.db.executemany(
            "DELETE FROM short WHERE id IN (?1, (SELECT max(id) FROM ids WHERE id < ?1),"
            " (SELECT min(id) FROM ids WHERE id > ?1))",
            [(i,) for i in changed],
        )

    def _drop(self, rel: str) -> None:
        db = self.db
        self._unshort(str(i) for (i,) in db.execute("SELECT id FROM ids WHERE rel = ?", (rel,)))
        db.execute(
            "DELETE FROM lesson_fts WHERE rowid IN (SELECT rowid FROM lessons WHERE rel = ?)",
            (rel,),
        )
        for table in ("ids", "reviews", "actions", "sprints", "lessons", "terms"):
            db.execute(f"DELETE FROM {table} WHERE rel = ?", (rel,))

    def keep_terms(self, rel: str, key: str, terms: str) -> None:
        """Keep what the dashboard derived from a review's cards (dropped when the file
        changes)."""
        with self._guard:
            self.db.execute("INSERT OR REPLACE INTO terms VALUES (?, ?, ?)", (rel, key, terms))

    def damaged(self, folder: str) -> list[str]:
        """The files of a folder that could not be indexed (the store reads them to say why)."""
        return [
            str(rel)
            for (rel,) in self.rows(
                "SELECT rel FROM files WHERE ok = 0 AND rel >= ? AND rel < ? ORDER BY rel",
                (folder + "/", folder + "0"),
            )
        ]

    # -- ids ----------------------------------------------------------------------------------

    def ids(self, prefix: str) -> list[tuple[str, str]]:
        """(id, owner) for every indexed id starting with `prefix` (owner: the review or sprint
        holding it, or the lessons partition's relative path), sorted by id."""
        return [
            (str(i), str(o))
            for i, o in self.rows(
                "SELECT id, owner FROM ids WHERE id >= ? AND id < ? ORDER BY id, rel",
                (prefix, prefix + "\U0010ffff"),
            )
        ]

    def shortest(self, wanted: Iterable[str], least: int) -> dict[str, str]:
        """Each indexed id of `wanted` with its shortest unique prefix (at least `least`
        characters) among every indexed id; an id not indexed is left out."""
        out: dict[str, str] = {}
        for full in wanted:
            if full in out:
                continue
            near = self.rows(
                "SELECT (SELECT count(*) FROM ids WHERE id = ?1),"
                " (SELECT max(id) FROM ids WHERE id < ?1),"
                " (SELECT min(id) FROM ids WHERE id > ?1)",
                (full,),
            )[0]
            if near[0]:
                before, after = near[1], near[2]
                out[full] = derive.shortest(full, before, after, least)  # type: ignore[arg-type]
        return out

    def kept_short(self, wanted: Iterable[str], known: Mapping[str, object]) -> dict[str, str]:
        """Each indexed id of `wanted` with its shortest unique prefix among every indexed id
        (as `shortest` gives it): those in `known` (what a query joined from ``short``) as
        they are, the rest worked out and kept for the next time."""
        from retro.ids import MIN_SHOWN

        out = {i: str(known[i]) for i in wanted if known.get(i) is not None}
        missing = [i for i in wanted if i not in out]
        if missing:
            with self._guard:
                self.db.execute("BEGIN IMMEDIATE")  # no id comes or goes meanwhile
                try:
                    made = self.shortest(missing, MIN_SHOWN)
                    self.db.executemany("INSERT OR REPLACE INTO short VALUES (?, ?)", made.items())
                    self.db.execute("COMMIT")
                except BaseException:
                    self.db.execute("ROLLBACK")
                    raise
            out.update(made)
        return out

    @staticmethod
    def neighbours(column: str) -> str:
        """SQL for the ids just before and after `column`'s among every indexed id (what
        `short` needs), to select beside it in one query."""
        return (
            f"(SELECT max(n.id) FROM ids n WHERE n.id < {column}),"
            f" (SELECT min(n.id) FROM ids n WHERE n.id > {column})"
        )

    @staticmethod
    def short(full: str, before: object, after: object) -> str:
        """An id's shortest unique prefix from its neighbours (`neighbours`)."""
        from retro.ids import MIN_SHOWN

        return derive.shortest(full, before, after, MIN_SHOWN)  # type: ignore[arg-type]
