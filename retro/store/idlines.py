"""The ids each review file holds (its cards', intents', actions' and kudos'), kept per file
stamp, so that a short id or a prefix typed by a person is worked out without reading every
review file of a large store.

`Store._scan_ids` finds ids in a file's raw bytes with one pattern (``"id": "c…"``); this is
that scan's result per review file, in a disposable index (`retro.store.headers.StampIndex`)
keyed by the file's stamp (modification time, size, inode: every store write replaces the
file). A file whose stamp changed is scanned again, exactly as before. A missing, damaged or
foreign index only costs time: the files are the truth.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from retro.store import files
from retro.store.headers import StampIndex

KIND = "reviewids"
"""The index file's name in the cache folder."""

REVIEW_ITEM_ID = files.id_pattern("[ciak]")
"""Every card, intent, action and kudos id in a review file's bytes, as `Store._scan_ids`
finds those of one kind."""


def scan(raw: bytes) -> list[str]:
    """The card, intent, action and kudos ids in a review file's bytes, in the file's order."""
    return [m.decode() for m in REVIEW_ITEM_ID.findall(raw)]


def review_item_ids(
    root: Path, review_ids: list[str], env: Mapping[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    """Each review of `review_ids` with the ids `scan` finds in its file: from the index where
    the file's stamp is unchanged, else from its bytes (then kept). A file that cannot be read
    is left out, as `Store._scan_ids` leaves it out."""
    index = StampIndex.load(root, KIND, env)
    folder = os.path.join(root, "reviews")
    found: list[tuple[str, list[str]]] = []
    for review_id in review_ids:
        name = review_id + ".json"
        path = os.path.join(folder, name)
        try:
            st = os.stat(path)
        except OSError:
            continue
        values = index.values(name, st, 1)
        if values is not None and type(values[0]) is list and set(map(type, values[0])) <= {str}:
            found.append((review_id, values[0]))
            continue
        try:
            raw, stamp = files.read_bytes(path)
        except OSError:
            continue
        held = scan(raw)
        index.put(name, stamp, [held])
        found.append((review_id, held))
    index.save()
    return found
