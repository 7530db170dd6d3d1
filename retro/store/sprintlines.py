"""What finding the active sprint and its goals' short ids needs, kept per sprint file.

`retro drift` (with no id) shows the active sprint: choosing it took building every sprint of
the store with all its goals and check-ins (60–95 ms at 100,000 documents), and the short ids
of the goals it shows took reading every sprint file again for their goal ids. One small
disposable index, ``sprintlines``, keeps per sprint file and its stamp (modification time,
size, inode: every store write replaces the file):

- the sprint's id, status, start and end (as ordinals) and creation time (µs since the epoch),
  ordered exactly as the sprint's (start, aware creation time) are;
- the goal ids `Store.short_ids("g")` finds in the file's bytes, in the file's order.

An entry is made from a full, checked read of the file (the sprint built with every goal and
check-in, as `Store.sprint` builds it), so a file in the index at its stamp is one the store
reads without error. A file that cannot be read that way, or whose sprint would not come out
the same each time (a missing creation time is filled in with the current time), is never
indexed: the store reads it as it always did, every time, and reports what is wrong with it as
before. The store is always the truth: a missing, damaged, foreign or unwritable index only
costs time (`retro.store.headers`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from retro.store import files
from retro.store.headers import StampIndex

if TYPE_CHECKING:
    from retro.model import Sprint

KIND = "sprintlines"
"""The index file's name in the cache folder."""
COUNT = 6
"""How many values an entry keeps after the file's stamp."""

GOAL_ID = files.id_pattern("g")
"""A goal id in a sprint file's bytes, as `Store._scan_ids("g")` finds them."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


# -- the pure part ------------------------------------------------------------------------


class SprintLine(NamedTuple):
    """What the index keeps of one sprint file."""

    id: str
    """The sprint's id (as its header says: the one `Store.sprint` gives the sprint)."""
    status: str
    """planned, active or closed."""
    start: int
    """First day, as an ordinal."""
    end: int
    """Last day, as an ordinal."""
    created: int
    """Creation time in µs since the epoch (ordered as the aware times are)."""
    goal_ids: list[str]
    """The goal ids found in the file's bytes (`GOAL_ID`), in the file's order."""


def line_of(sprint: Sprint, goal_ids: list[str]) -> SprintLine:
    """What the index keeps of a sprint (built from its file) and its file's goal ids."""
    return SprintLine(
        sprint.id,
        sprint.status,
        sprint.start.toordinal(),
        sprint.end.toordinal(),
        (sprint.created - _EPOCH) // _MICROSECOND,
        goal_ids,
    )


def well_formed(values: list[Any]) -> bool:
    """Whether an index entry's values have the shape of a `SprintLine` (an entry of another
    shape is made again from the file)."""
    return (
        type(values[0]) is str
        and type(values[1]) is str
        and all(type(v) is int for v in values[2:5])
        and type(values[5]) is list
        and all(type(g) is str for g in values[5])
    )


def steady(tables: files.Tables) -> bool:
    """Whether a sprint file's sprint comes out the same each time it is built: its creation
    time (which orders sprints of the same start) is in the file, not filled in with now."""
    header: dict[str, Any] = next(iter(tables.get("sprint", {}).values()), {})
    return header.get("created") not in (None, "")


def active_sprint_id(lines: Iterable[SprintLine], today: date) -> str | None:
    """The sprint `retro drift` shows when given no id, among every sprint of the store in the
    order of their ids: of the sprints ordered by (start, creation time), the last active one,
    else the last one not closed whose dates hold `today`; None if there is none."""
    ordered = sorted(lines, key=lambda s: (s.start, s.created))
    active = [s for s in ordered if s.status == "active"]
    if not active:
        day = today.toordinal()
        active = [s for s in ordered if s.status != "closed" and s.start <= day <= s.end]
    return active[-1].id if active else None


# -- reading the store ---------------------------------------------------------------------


def read_line(path: str) -> tuple[SprintLine, files.Stamp, bool]:
    """A sprint file read in full and checked, its sprint built with every goal and check-in
    (as `Store.sprint` builds it): what the index keeps of it, the stamp of what was read, and
    whether it may be indexed.

    Raises:
        Whatever reading or building it raises (the caller lets the store's own read say what
        is wrong).
    """
    from retro.store.sprints import sprint_from_tables

    raw, stamp = files.read_bytes(path)
    tables = files.parse(Path(path), raw, "sprint")
    sprint = sprint_from_tables(tables, Path(path))
    goal_ids = [m.decode() for m in GOAL_ID.findall(raw)]
    return line_of(sprint, goal_ids), stamp, steady(tables)


def sprint_lines(
    root: Path, sprint_ids: list[str], env: Mapping[str, str] | None = None
) -> dict[str, SprintLine | None]:
    """Each sprint file's line, in the order of `sprint_ids`, from the index where the file's
    stamp is unchanged, else from a full read of the file (then kept in the index).

    A sprint id maps to None when its file cannot be read, or built, or may not be indexed:
    the caller reads it as the store always did (and so fails as it always did).

    Args:
        root: the store folder.
        sprint_ids: every sprint id, sorted (`Store.sprint_ids`).
        env: where the index lives (the process environment if None).
    """
    folder = os.path.join(root, "sprints")
    index = StampIndex.load(root, KIND, env)
    found: dict[str, SprintLine | None] = {}
    for sid in sprint_ids:
        name = sid + ".json"
        path = os.path.join(folder, name)
        line: SprintLine | None = None
        try:
            st = os.stat(path)
        except OSError:
            pass  # gone or unreadable: the store's read says which
        else:
            values = index.values(name, st, COUNT)
            if values is not None and well_formed(values):
                line = SprintLine(*values)
            else:
                line = _read(index, name, path)
        found[sid] = line
    index.save()
    return found


def _read(index: StampIndex, name: str, path: str) -> SprintLine | None:
    """A file read in full and put in the index if it may be; None if it cannot be read that
    way or may not be indexed (the store's own read then says what is wrong, or reads it)."""
    try:
        line, stamp, indexable = read_line(path)
    except Exception:  # whatever it is, the store's own read reports it as it always did
        return None
    if not indexable:
        return None
    index.put(name, stamp, list(line))
    return line
