"""TinyDB for every write: one change to one store file is TinyDB table operations (insert,
update, remove, with `Query` where a write selects documents) on a storage that reads the file
once, checked, and writes it once, atomically with its backup, when the change ends.

Only writes open a TinyDB handle, so only they import TinyDB: reading commands parse files
with orjson directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from retro.errors import StoreError
from retro.store.files import META, Tables

__all__ = ["AtomicStorage", "Query", "RetroDB", "insert", "put_tables"]


class StrIdTable(Table):
    """A TinyDB table keyed by our string ids, not by TinyDB's per-file counter."""

    document_id_class = str  # type: ignore[assignment]


class RetroDB(TinyDB):
    """TinyDB over one store file, with string ids."""

    table_class = StrIdTable

    @property
    def tables_now(self) -> Tables:
        """The file's tables as they stand in this change (do not mutate)."""
        return self.storage.read() or {}


class AtomicStorage(Storage):
    """The storage of one change to one store file, opened while the store's lock is held.

    `read` gives the file's tables, every document checked (a file with a damaged document is
    refused, never rewritten), read once; TinyDB's writes are kept in memory, and `close` hands
    the final tables to the store's atomic write (the file replaced with fsync, the old one kept
    as its backup; deferred inside a batch). NaN and ±Infinity are refused there.
    """

    def __init__(self, read: Callable[[], Tables | None], write: Callable[[Tables], None]) -> None:
        self._reader, self._writer = read, write
        self._data: Tables | None = None
        self._loaded = False
        self.dirty = False

    def read(self) -> Tables | None:
        if not self._loaded:
            self._data, self._loaded = self._reader(), True
        return self._data

    def write(self, data: Tables) -> None:
        self._data, self.dirty = data, True

    def close(self) -> None:
        if self.dirty and self._data is not None:
            self._writer({name: t for name, t in self._data.items() if name != META})
            self.dirty = False


def insert(db: RetroDB, table: str, doc_id: str, doc: dict[str, Any], what: str) -> None:
    """Insert one document under its id.

    Raises:
        StoreError: the file holds a document with that id already.
    """
    try:
        db.table(table).insert(Document(doc, doc_id=doc_id))  # type: ignore[arg-type]
    except ValueError:
        raise StoreError(f"a {what} with the id {doc_id} exists already") from None


def put_tables(db: RetroDB, new: Tables) -> None:
    """Make the file hold exactly `new` (every table of it, by document id), through TinyDB:
    documents gone are removed, changed ones replaced, new ones inserted, untouched ones left."""
    held = db.tables_now
    for name in sorted({*held, *new} - {META}):
        old, wanted = dict(held.get(name, {})), new.get(name, {})
        table = db.table(name)
        gone = [i for i in old if i not in wanted]
        changed = [i for i, doc in wanted.items() if old.get(i) != doc]
        if gone or any(i in old for i in changed):
            table.remove(doc_ids=[*gone, *(i for i in changed if i in old)])  # type: ignore[list-item]
        for doc_id in changed:
            table.insert(Document(wanted[doc_id], doc_id=doc_id))  # type: ignore[arg-type]
        if name not in db.tables_now:
            table.truncate()  # an empty table is kept in the file, as the store writes it
