"""What the listings of reviews and actions print, kept per review file in disposable indexes.

`retro review list` prints each review's header with counts (cards, open actions …) and
`retro action list` every action with its review's title. On a large store, building every
review with all its cards for that costs most of a second. Three small indexes (one per
*view*, so that a command parses only what it prints) keep, per review file and its stamp
(modification time, size, inode: every store write replaces the file):

- ``reviewlines``: the review's id, date, phase, format, card count, open action count, title
  and sprint (the table of `retro review list`);
- ``reviewsummaries``: the review's summary (`Review.summary_dict`, its ``--json``);
- ``actionlines``: the review's title, its actions (the fields of `Action.to_dict`, in the
  review's order, each with its order key: due date as an ordinal, or `date.max`'s, and
  creation time in µs since the epoch) and the action ids `Store.short_ids("a")` finds in the
  file's bytes, in the file's order.

Every entry starts with the review's order key (date as an ordinal, creation time in µs: ordered
exactly as the review's (date, aware creation time) are). An entry is made from a full, checked
read of the file (every document built, but the cards for ``actionlines``, as the action
listing always read it). A file that cannot be read that way, or whose review
would not come out the same each time (a missing creation time is filled in with the current
time), is never indexed: the store reads it as it always did, every time, and reports what is
wrong with it as before. The store is always the truth: a missing, damaged, foreign or
unwritable index only costs time (`retro.store.headers`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from retro.store import files
from retro.store.headers import StampIndex

if TYPE_CHECKING:
    from retro.model import Review

LINES = "reviewlines"
SUMMARIES = "reviewsummaries"
ACTIONS = "actionlines"
VIEWS = (LINES, SUMMARIES, ACTIONS)
"""The views, each its own index file in the cache folder."""
COUNTS = {LINES: 3, SUMMARIES: 3, ACTIONS: 5}
"""How many values an entry of each view keeps after the file's stamp."""
LINE_FIELDS = ("id", "on", "phase", "format", "cards", "open_actions", "title", "sprint_id")
"""What a ``reviewlines`` entry keeps, in this order: keys of `Review.summary_dict`."""
ACTION_FIELDS = ("id", "review_id", "text", "owner", "due", "status", "done_on", "created")
"""What an ``actionlines`` entry keeps of each action, in this order, before its order key:
the keys of `Action.to_dict`."""

ACTION_ID = files.id_pattern("a")
"""An action id in a review file's bytes, as `Store._scan_ids` finds them."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_NO_DUE = date.max.toordinal()
_ACTION_WIDTH = len(ACTION_FIELDS) + 2
_ORDER = itemgetter(0, 1)


# -- the pure part ------------------------------------------------------------------------


class ListedAction(NamedTuple):
    """One action as `retro action list` shows it."""

    fields: list[Any]
    """The values of `ACTION_FIELDS`, then the order key: (due date's ordinal, or
    `date.max`'s; creation time in µs), ordered as the action's (due or date.max, created)."""
    review_title: str
    """The title of the review it was agreed in."""

    @property
    def key(self) -> tuple[int, int]:
        return (self.fields[8], self.fields[9])

    @property
    def status(self) -> str:
        return str(self.fields[5])

    @property
    def owner(self) -> str | None:
        owner = self.fields[3]
        return None if owner is None else str(owner)

    @property
    def due(self) -> date | None:
        """By when."""
        due = self.fields[4]
        return None if due is None else date.fromisoformat(due)

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date (as `Action.is_overdue`)."""
        due = self.due
        return self.fields[5] == "open" and due is not None and due < today

    def to_dict(self) -> dict[str, Any]:
        """`Action.to_dict()`."""
        return dict(zip(ACTION_FIELDS, self.fields, strict=False))


class Listing(NamedTuple):
    """Every review of a store in one view."""

    entries: list[list[Any]]
    """Each review's entry (order key first), oldest first, as `Store.reviews` orders them."""
    action_ids: list[str] | None
    """Every action id as `Store.short_ids("a")` reads them from the files (None when some
    files were not read from disk, or for another view than ``actionlines``: ask the
    store)."""
    review_ids: list[str] | None = None
    """Every review id, as `Store.review_ids` listed them for this listing (None: ask the
    store)."""

    def lines(self) -> list[dict[str, Any]]:
        """``reviewlines``: each review's `LINE_FIELDS`."""
        return [dict(zip(LINE_FIELDS, e[2], strict=True)) for e in self.entries]

    def summaries(self) -> list[dict[str, Any]]:
        """``reviewsummaries``: each review's `Review.summary_dict()`."""
        return [e[2] for e in self.entries]

    def actions(self) -> list[ListedAction]:
        """``actionlines``: every action, review by review (oldest first), each review's in
        its order."""
        return [ListedAction(a, e[2]) for e in self.entries for a in e[3]]

    def actions_where(
        self, status: str | None = None, owner: str | None = None, overdue_on: date | None = None
    ) -> list[ListedAction]:
        """``actionlines``: the actions `retro action list` shows, ordered by their `key`
        (ties as `actions` gives them): only those of this `status` (every one if None), of
        this `owner` (casefolded: those whose owner casefolds to it; None: anyone's), and
        overdue on `overdue_on` (`ListedAction.is_overdue`) if it is given. Only the actions
        shown are made into `ListedAction`s."""
        picked = []
        for e in self.entries:
            title = e[2]
            for a in e[3]:
                if status is not None and a[5] != status:
                    continue
                if owner is not None and ("" if a[3] is None else str(a[3])).casefold() != owner:
                    continue
                if overdue_on is not None and not (
                    a[5] == "open" and a[4] is not None and date.fromisoformat(a[4]) < overdue_on
                ):
                    continue
                picked.append(ListedAction(a, title))
        picked.sort(key=_action_key)
        return picked


def _action_key(a: ListedAction) -> tuple[int, int]:
    """`ListedAction.key`, without the property's cost (once per action listed)."""
    fields = a[0]
    return (fields[8], fields[9])


def micros(moment: datetime) -> int:
    """An aware time as µs since the epoch (ordered exactly as the times are)."""
    return (moment - _EPOCH) // _MICROSECOND


def entry(view: str, review: Review, action_ids: list[str]) -> list[Any]:
    """What a view keeps of a review (`action_ids` only for ``actionlines``)."""
    key = [review.on.toordinal(), micros(review.created)]
    if view == ACTIONS:
        actions = [
            [
                *(a.to_dict()[name] for name in ACTION_FIELDS),
                _NO_DUE if a.due is None else a.due.toordinal(),
                micros(a.created),
            ]
            for a in review.actions
        ]
        return [*key, review.title, actions, action_ids]
    summary = review.summary_dict()
    if view == LINES:
        return [*key, [summary[name] for name in LINE_FIELDS]]
    return [*key, summary]


def well_formed(view: str, values: list[Any]) -> bool:
    """Whether an index entry's values have the shape of the view's (an entry of another
    shape is made again from the file)."""
    if not (type(values[0]) is int and type(values[1]) is int):
        return False
    if view == LINES:
        return type(values[2]) is list and len(values[2]) == len(LINE_FIELDS)
    if view == SUMMARIES:
        return type(values[2]) is dict
    actions = values[3]
    # Each action a list of the right length: a set of types, then of lengths (no loop here).
    return (
        type(values[2]) is str
        and type(actions) is list
        and {*map(type, actions)} <= {list}
        and {*map(len, actions)} <= {_ACTION_WIDTH}
        and type(values[4]) is list
    )


def steady(tables: files.Tables) -> bool:
    """Whether a review file's review comes out the same each time it is built: every
    creation time the listings use is in the file (a missing one is filled in with now)."""
    header: dict[str, Any] = next(iter(tables.get("review", {}).values()), {})
    return header.get("created") not in (None, "") and all(
        a.get("created") not in (None, "") for a in tables.get("actions", {}).values()
    )


def round_trips(values: list[Any]) -> bool:
    """Whether JSON gives these values back as they are (not so for a float that is not
    finite, or an integer orjson cannot write)."""
    try:
        return bool(orjson.loads(orjson.dumps(values)) == values)
    except (orjson.JSONEncodeError, orjson.JSONDecodeError):
        return False


# -- reading the store ---------------------------------------------------------------------


def read_entry(view: str, path: str) -> tuple[list[Any], tuple[int, int, int], bool]:
    """A review file read in full and checked, every document built (but the cards, for
    ``actionlines``, as `Store.review_outlines` reads it): what the view keeps of it, the stamp
    of what was read, and whether it may be indexed.

    Raises:
        Whatever reading or building it raises (the caller lets the store's own read say what
        is wrong).
    """
    from retro.store.digest import without_cards
    from retro.store.reviews import review_from_tables

    raw, stamp = files.read_bytes(path)
    tables = files.parse(Path(path), without_cards(raw) if view == ACTIONS else raw, "review")
    review = review_from_tables(tables, Path(path))
    ids = [m.decode() for m in ACTION_ID.findall(raw)] if view == ACTIONS else []
    values = entry(view, review, ids)
    return values, stamp, steady(tables) and round_trips(values)


def list_reviews(
    root: Path,
    view: str,
    review_ids: list[str],
    fallback: Callable[[str], Review | None],
    skip: set[str],
    env: Mapping[str, str] | None = None,
) -> Listing:
    """Every review of the store at `root` in one view, from the view's index where a file's
    stamp is unchanged.

    Args:
        root: the store folder.
        view: ``reviewlines``, ``reviewsummaries`` or ``actionlines``.
        review_ids: every review id, sorted (`Store.review_ids`).
        fallback: the store's own read of one review, as the listing did it before the index
            (None if the review is gone); it raises what the store raises for a damaged file.
        skip: ids not to look up on disk (the store holds them in memory): read by `fallback`.
        env: where the index lives (the process environment if None).
    """
    folder = os.path.join(root, "reviews")
    index = StampIndex.load(root, view, env)
    count = COUNTS[view]
    found: list[list[Any]] = []
    every_id: list[str] | None = [] if view == ACTIONS else None
    folder_fd = _open_folder(folder)
    try:
        for rid in review_ids:
            name = rid + ".json"
            values: list[Any] | None = None
            if rid not in skip:
                try:
                    if folder_fd is None:
                        st = os.stat(os.path.join(folder, name))
                    else:  # the name alone: no walk down the folder's path for each file
                        st = os.stat(name, dir_fd=folder_fd)
                except OSError:
                    pass  # gone or unreadable: the store's read says which
                else:
                    values = index.values(name, st, count)
                    if values is None or not well_formed(view, values):
                        values = _read(index, view, name, os.path.join(folder, name))
            if values is None:
                review = fallback(rid)
                every_id = None
                if review is None:
                    continue
                values = entry(view, review, [])
            found.append(values)
            if every_id is not None:
                every_id.extend(values[4])
    finally:
        if folder_fd is not None:
            os.close(folder_fd)
    index.save()
    found.sort(key=_ORDER)
    return Listing(found, every_id, review_ids)


def _open_folder(folder: str) -> int | None:
    """The reviews folder opened to look its files up by name (None where that cannot be
    done: each file is then looked up by its whole path)."""
    if os.stat not in os.supports_dir_fd:
        return None
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def _read(index: StampIndex, view: str, name: str, path: str) -> list[Any] | None:
    """A file read in full and put in the index if it may be; None if it cannot be read that
    way (the store's own read then says what is wrong, or reads what it can)."""
    try:
        values, stamp, indexable = read_entry(view, path)
    except Exception:  # whatever it is, the store's own read reports it as it always did
        return None
    if indexable:
        index.put(name, stamp, values)
    return values
