"""TinyDB's side of a store file: a table keyed by our string ids, and a storage that reads
with the store's checks and writes atomically with a backup (retro.store.files).

Only writes open a TinyDB handle, so only they import TinyDB: reading commands parse files
with orjson directly.
"""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from retro.store.files import META, Tables, meta_table, read_file, write_file


class StrIdTable(Table):
    """A TinyDB table keyed by our string ids, not by TinyDB's per-file counter."""

    document_id_class = str  # type: ignore[assignment]


class RetroDB(TinyDB):
    """TinyDB over one store file, with string ids."""

    table_class = StrIdTable


class AtomicStorage(Storage):
    """TinyDB storage that reads with checks and writes atomically with a backup.

    It is opened for one read-modify-write while the store's lock is held, and reads the file
    afresh each time (TinyDB caches per handle; another process may have written since).
    """

    def __init__(self, path: Path, *, kind: str, root: Path) -> None:
        self.path = path
        self.kind = kind
        self.root = root

    def read(self) -> Tables | None:
        return read_file(self.path, self.kind)

    def write(self, data: Tables) -> None:
        data = dict(data)
        data[META] = meta_table(self.kind)
        write_file(self.path, data, self.root)

    def close(self) -> None:
        pass


def open_db(path: Path, kind: str, root: Path) -> RetroDB:
    """A TinyDB handle on one store file (use only under the store's lock)."""
    return RetroDB(path, kind=kind, root=root, storage=AtomicStorage)
