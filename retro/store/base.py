"""The low-level half of the store: opening, locking, reading and writing files, layout; the
repositories (`reviews`, `sprints`, `lessons`) build on it and `retro.store.store.Store`."""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from retro.errors import NoStoreError, NotFoundError, StoreError
from retro.model import Lesson, now
from retro.store import files
from retro.store.documents import check_documents, team_of
from retro.store.files import META, Tables, meta_table, read_file
from retro.store.location import CATALOGUE

if TYPE_CHECKING:
    from retro.model import Team
    from retro.store.db import RetroDB
    from retro.store.index import Index
    from retro.store.lock import StoreLock

T = TypeVar("T")


LOCK_TIMEOUT = 30.0
_MAKING_LOCK = threading.Lock()
_PARTITION_SAFE = re.compile(r"[^a-z0-9]+")


class StoreBase:
    """A team's store folder. Cheap to create: nothing is read until it is needed."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()
        self._checked = False
        self._lock: StoreLock | None = None  # made on the first write
        self._cache = files.ParsedFiles(files.CACHE_BYTES)
        self._pending: dict[Path, tuple[str, Tables]] | None = None
        self._batch_depth = 0
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        """The store's derived index (`retro.store.index`), opened on first use."""
        if self._index is None:
            from retro.store.index import Index

            self._index = Index(self.path)
        return self._index

    def fresh_index(self) -> Index:
        """The index, up to date with every folder (a damaged file raises, naming it)."""
        from retro.store.index import FOLDERS

        return self._synced(*FOLDERS)

    def _synced(self, *folders: str, strict: bool = True) -> Index:
        """The index, up to date with these folders' files. With `strict`, a file it could
        not index is read here to say what is wrong with it (so a listing never leaves a
        damaged file out in silence).

        Raises:
            CorruptStoreError, ForeignStoreError, StoreError: with `strict`, a file is damaged.
        """
        self.check_open()
        index = self.index
        index.sync(*folders)
        if strict:
            for folder in folders:
                for rel in index.damaged(folder):
                    self._check_file(self.path / rel)
        return index

    def _check_file(self, path: Path) -> None:
        """Read and build every document of a file: raise what is wrong with it, if anything.

        Raises:
            CorruptStoreError, ForeignStoreError, StoreError: the file is damaged.
        """
        kind = {"reviews": "review", "sprints": "sprint"}.get(path.parent.name, "lessons")
        data = read_file(path, kind)
        if data is not None:
            check_documents(path, kind, data)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- opening ---------------------------------------------------------------------------

    @property
    def catalogue(self) -> Path:
        return self.path / CATALOGUE

    def exists(self) -> bool:
        """Whether a store (of any schema, even a damaged one) is at the path."""
        return any((self.path / name).exists() for name in (CATALOGUE, "retro.json", "team.json"))

    def init(self, name: str, purpose: str | None = None, by: str | None = None) -> Team:
        """Create the store with its team.

        Raises:
            StoreError: a store is already there.
        """
        if self.exists():
            raise StoreError(f"there is already a retro store at {self.path}")
        from retro.model import Team

        team = Team(name=name)
        if purpose:
            team.set_purpose(purpose, by=by)
        try:
            files.ensure_dir(self.path, Path(self.path.anchor))  # folders it makes are 0700
        except OSError as exc:
            raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from None
        with self.locked():
            if self.catalogue.exists() or (self.path / "team.json").exists():
                raise StoreError(f"there is already a retro store at {self.path}")
            from retro.store.db import insert

            self._write_gitignore()
            with self._db(self.path / "team.json", "team", opened=False) as db:
                insert(db, "team", "team", team.to_dict(), "team")
            info = {"created": now().isoformat(), "schema": files.SCHEMA_VERSION}
            with self._db(self.catalogue, "catalogue", opened=False) as db:
                insert(db, "store", "info", info, "catalogue")
        self._checked = True
        return team

    def _write_gitignore(self) -> None:
        gitignore = self.path / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text(".backup/\n.lock\n*.tmp\n", encoding="utf-8")
            os.chmod(gitignore, files.FILE_MODE)

    def check_open(self) -> None:
        """Check the catalogue and migrate an older store, once per Store object.

        Raises:
            NoStoreError: nothing is there yet.
            StoreError, CorruptStoreError, ForeignStoreError: the folder cannot be used safely.
        """
        if self._checked:
            return
        if not self.path.exists():
            raise NoStoreError(self.path)
        if not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a retro store folder")
        if not os.access(self.path, os.R_OK | os.X_OK):
            raise StoreError(f"cannot read the store folder {self.path}: permission denied")
        if not self.catalogue.exists():
            from retro.store.migrate import migrate_v0

            if (self.path / "retro.json").exists():
                migrate_v0(self)
            elif (self.path / "team.json").exists() or (self.path / "reviews").exists():
                raise files.CorruptStoreError(
                    self.catalogue, "the catalogue is missing from a store that has data"
                )
            else:
                raise NoStoreError(self.path)
        if files.check_catalogue(self.catalogue) < files.SCHEMA_VERSION:
            from retro.store.migrate import migrate_v1

            migrate_v1(self)
        self._checked = True

    # -- low-level file access -------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's cross-process lock (re-entrant within this object)."""
        if self._batch_depth:
            yield  # a batch holds the lock already
            return
        from retro.store.lock import LockTimeout, StoreLock

        with _MAKING_LOCK:  # two threads writing first must share one lock object
            if self._lock is None:
                self._lock = StoreLock(self.path / ".lock", LOCK_TIMEOUT, files.FILE_MODE)
        try:
            with self._lock:
                yield
        except LockTimeout:
            raise StoreError(
                f"the store {self.path} is locked by another retro process; try again"
            ) from None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Hold the lock once and write each touched file once at the end (bulk loads)."""
        self.check_open()
        with self.locked():
            outer = self._pending is None
            if outer:
                self._pending = {}
            self._batch_depth += 1
            try:
                yield
                if outer and self._pending is not None:
                    for path, (kind, data) in self._pending.items():
                        files.write_file(path, {**data, META: meta_table(kind)}, self.path)
            finally:
                self._batch_depth -= 1
                if outer:
                    self._pending = None

    def _stamp(self, path: Path) -> files.Stamp | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from None
        return files.stamp_of(st)

    def _read(self, path: Path, kind: str) -> Tables | None:
        """Read a file for reading only (cached by modification time; do not mutate)."""
        self.check_open()
        if self._pending is not None and path in self._pending:
            return self._pending[path][1]
        stamp = self._stamp(path)
        if stamp is None:
            self._cache.pop(path, None)
            return None
        cached = self._cache.get(path)
        if cached and not files.stale(cached[0], stamp):
            return cached[1]
        seen = time.time_ns()
        data = read_file(path, kind)
        if data is not None:
            self._cache[path] = ((*stamp, seen), data)
        return data

    def _read_fresh(self, path: Path, kind: str) -> Tables | None:
        """Read a file for a read-modify-write (the caller holds the lock).

        Every document in it is checked first: a file is only ever replaced by one that keeps
        all it held, so a file with a damaged document is refused, never rewritten.
        """
        if self._pending is not None and path in self._pending:
            return self._pending[path][1]
        data = read_file(path, kind)
        if data is not None:
            check_documents(path, kind, data)
        return data

    def _write(self, path: Path, kind: str, data: Tables) -> None:
        """Write a file (the caller holds the lock); deferred inside a batch."""
        if self._pending is not None:
            self._pending[path] = (kind, data)
            return
        files.write_file(path, {**data, META: meta_table(kind)}, self.path)
        self._cache.pop(path, None)

    @contextlib.contextmanager
    def _db(self, path: Path, kind: str, *, opened: bool = True) -> Iterator[RetroDB]:
        """One change to one file, through TinyDB (`retro.store.db`), under the lock: the file
        is read and checked first, and written once (atomically) if the change completes."""
        from retro.store.db import AtomicStorage, RetroDB

        if opened:
            self.check_open()
        with self.locked():
            db = RetroDB(
                read=lambda: self._read_fresh(path, kind),
                write=lambda data: self._write(path, kind, data),
                storage=AtomicStorage,
            )
            yield db
            db.close()

    # -- a file per object: reviews, sprints, decisions -----------------------------------

    def _one(self, path: Path, kind: str, object_id: str, build: Callable[[Tables, Path], T]) -> T:
        """The object a file holds, built by the model (read-only)."""
        data = self._read(path, kind)
        if data is None:
            raise NotFoundError(f"no {kind} has the id '{object_id}'")
        return build(data, path)

    def _add_one(self, path: Path, kind: str, object_id: str, tables: Tables) -> None:
        """Write a new object's file, through TinyDB; refused if the file exists."""
        from retro.store.db import put_tables

        with self._db(path, kind) as db:
            if db.tables_now:
                raise StoreError(f"a {kind} with the id {object_id} exists already")
            put_tables(db, tables)

    def _update_one(
        self,
        path: Path,
        kind: str,
        object_id: str,
        codec: tuple[Callable[[Tables, Path], Any], Callable[[Any], Tables]],
        fn: Callable[[Any], T],
    ) -> T:
        """Change an object under the lock: built from its file (`codec[0]`), changed by `fn`
        (through the model's rules), and only the documents that changed written back
        (`codec[1]` gives its tables), through TinyDB. `fn`'s result is returned."""
        from retro.store.db import put_tables

        with self._db(path, kind) as db:
            if not db.tables_now:
                raise NotFoundError(f"no {kind} has the id '{object_id}'")
            found = codec[0](db.tables_now, path)
            result = fn(found)
            put_tables(db, codec[1](found))
        return result

    # -- team ----------------------------------------------------------------------------

    def team(self) -> Team:
        """The team."""
        path = self.path / "team.json"
        data = self._read(path, "team")
        if data is None or "team" not in data.get("team", {}):
            raise files.CorruptStoreError(path, "the team file is missing")
        return team_of(data, path)

    def update_team(self, fn: Callable[[Team], T]) -> T:
        """Change the team under the lock; `fn` mutates it and its result is returned."""
        from retro.store.db import put_tables

        path = self.path / "team.json"
        with self._db(path, "team") as db:
            data = db.tables_now
            if "team" not in data.get("team", {}):
                raise files.CorruptStoreError(path, "the team file is missing")
            team = team_of(data, path)
            result = fn(team)
            put_tables(db, {"team": {"team": team.to_dict()}})
        return result

    # -- layout: the folder listing is the index ------------------------------------------

    def _review_path(self, review_id: str) -> Path:
        return self.path / "reviews" / f"{review_id}.json"

    def review_ids(self) -> list[str]:
        """Every review id (the folder listing is the index)."""
        return self._listing("reviews", "r")

    def _listing(self, folder: str, kind: str) -> list[str]:
        self.check_open()
        base = self.path / folder
        try:
            names = os.listdir(base)
        except FileNotFoundError:
            names = []
        found = {n[:-5] for n in names if n.endswith(".json") and n.startswith(kind)}
        if self._pending:
            found |= {p.stem for p in self._pending if p.parent == base}
        return sorted(found)

    def _sprint_path(self, sprint_id: str) -> Path:
        return self.path / "sprints" / f"{sprint_id}.json"

    def sprint_ids(self) -> list[str]:
        """Every sprint id."""
        return self._listing("sprints", "s")

    def lesson_path(self, lesson: Lesson) -> Path:
        """The partition of a lesson: its author's folder and its month."""
        author = _PARTITION_SAFE.sub("-", (lesson.author or "anonymous").lower()).strip("-")
        return self.path / "lessons" / (author or "anonymous") / f"{lesson.on:%Y-%m}.json"

    def lesson_files(self) -> list[Path]:
        """Every lesson partition file."""
        self.check_open()
        base = self.path / "lessons"
        found = {self.path / rel for rel in files.listing(self.path, "lessons")}
        if self._pending:
            found |= {p for p in self._pending if base in p.parents}
        return sorted(found)

    def _delete(self, path: Path, what: str, object_id: str) -> None:
        self.check_open()
        with self.locked():
            if not path.exists():
                raise NotFoundError(f"no {what} has the id '{object_id}'")
            read_file(path, what)
            target = files.backup_path(path, self.path)
            files.ensure_dir(target.parent, self.path)
            try:
                os.replace(path, target)
            except OSError as exc:
                raise StoreError(files._write_failure(path, exc, "delete")) from None
            files.fsync_dir(path.parent)
            self._cache.pop(path, None)
