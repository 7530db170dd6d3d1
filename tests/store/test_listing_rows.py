"""The quick paths of `retro action list` and `retro review list` (retro.store.listing,
`short_prefixes_among`): the same rows, order and short ids as a plain reading gives them."""

from __future__ import annotations

import bisect
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retro import ids
from retro.store import Store
from retro.store import listing as ls
from retro.store.store import short_prefixes_among
from tests.store.test_listing import _check, _fill

# -- short ids ------------------------------------------------------------------------------

# Few letters, so that ids share long prefixes; some shorter than the four shown at least.
ID = st.text(alphabet="ab0", min_size=1, max_size=9).map(lambda t: "a" + t)


def _plain_among(only: list[str], every: list[str]) -> dict[str, str]:
    """`short_prefixes_among` as it was: the neighbours of each id's place, compared in full."""
    ordered = sorted(set(every))
    out: dict[str, str] = {}
    for full in only:
        at = bisect.bisect_left(ordered, full)
        need = ids.MIN_SHOWN
        for other in ordered[max(0, at - 1) : at + 2]:
            if other != full:
                shared = next(
                    (n for n, (a, b) in enumerate(zip(full, other, strict=False)) if a != b),
                    min(len(full), len(other)),
                )
                need = max(need, shared + 1)
        out[full] = full[:need]
    return out


@given(st.lists(ID, max_size=40), st.data())
def test_short_ids_of_some_are_those_of_all(every: list[str], data: st.DataObject) -> None:
    only = data.draw(st.lists(st.sampled_from(every), max_size=20)) if every else []
    every_short = ids.shortest_prefixes(every)
    assert short_prefixes_among(only, every) == {i: every_short[i] for i in only}


@given(st.lists(ID, max_size=40), st.lists(ID, max_size=10))
def test_short_ids_of_ids_not_among_them_are_as_before(every: list[str], only: list[str]) -> None:
    assert short_prefixes_among(only, every) == _plain_among(only, every)


def test_short_ids_of_a_few_among_many() -> None:
    every = [f"a{n:06d}" for n in range(0, 3000, 7)] + ["abcd", "abcdz", "ab", "abc"]
    only = ["a000007", "a002996", "abcd", "abcdz", "ab", "abc", "a000008"]
    assert short_prefixes_among(only, every) == _plain_among(only, every)
    assert short_prefixes_among(only, every)["abcdz"] == "abcdz"


# -- the actions shown ------------------------------------------------------------------------

TODAY = date(2026, 3, 10)
DUES = [None, "2026-03-09", "2026-03-10", "2026-03-11", "2025-12-31", "9999-12-31"]


@st.composite
def _action_fields(draw: st.DrawFn) -> list[Any]:
    due = draw(st.sampled_from(DUES))
    status = draw(st.sampled_from(["open", "open", "done", "dropped"]))
    return [
        "a" + draw(st.text(alphabet="abc123", min_size=4, max_size=6)),
        "r1234",
        draw(st.sampled_from(["Write the runbook", "Fix alerts"])),
        draw(st.sampled_from([None, "", "ana", "Ana", "ANA", "bo", "Zoë", "ZOË", "zoë "])),
        due,
        status,
        None if status == "open" else "2026-03-01",
        "2026-03-01T09:00:00+00:00",
        ls._NO_DUE if due is None else date.fromisoformat(due).toordinal(),
        draw(st.integers(0, 3)),  # few creation times: many ties
    ]


@st.composite
def _listings(draw: st.DrawFn) -> ls.Listing:
    entries = [
        [n, 0, draw(st.sampled_from(["Retro", "Zoë's AAR"])), draw(st.lists(_action_fields())), []]
        for n in range(draw(st.integers(0, 6)))
    ]
    return ls.Listing(entries, None)


@given(
    _listings(),
    st.sampled_from([None, "open", "done", "dropped"]),
    st.sampled_from([None, "ana", "zoë", "zoë ", "", "nobody"]),
    st.sampled_from([None, TODAY, date(2026, 3, 11), date(2025, 1, 1)]),
)
def test_the_actions_shown_are_those_of_a_plain_filter(
    listing: ls.Listing, status: str | None, owner: str | None, overdue_on: date | None
) -> None:
    plain = [
        a
        for a in listing.actions()
        if (status is None or a.status == status)
        and (owner is None or (a.owner or "").casefold() == owner)
        and (overdue_on is None or a.is_overdue(overdue_on))
    ]
    plain.sort(key=lambda a: a.key)
    found = listing.actions_where(status, owner, overdue_on)
    assert found == plain
    assert [id(a.fields) for a in found] == [id(a.fields) for a in plain]  # ties kept in order


# -- the index's entries ----------------------------------------------------------------------

WIDTH = len(ls.ACTION_FIELDS) + 2
VALUE = st.sampled_from([1, "x", None, [], {}, [1] * WIDTH, [1] * (WIDTH - 1), ["a"] * WIDTH])


@given(st.sampled_from(ls.VIEWS), st.lists(st.one_of(VALUE, st.lists(VALUE, max_size=4))))
def test_an_entry_is_well_formed_as_before(view: str, rest: list[Any]) -> None:
    values: list[Any] = [1, 2, *rest]

    def plain() -> bool:
        if view == ls.LINES:
            return type(values[2]) is list and len(values[2]) == len(ls.LINE_FIELDS)
        if view == ls.SUMMARIES:
            return type(values[2]) is dict
        actions = values[3]
        return (
            type(values[2]) is str
            and type(actions) is list
            and all(type(a) is list and len(a) == WIDTH for a in actions)
            and type(values[4]) is list
        )

    if len(values) < ls.COUNTS[view]:
        return  # the index only gives entries of the view's length
    try:
        expected: bool | type = plain()
    except (IndexError, TypeError) as error:
        expected = type(error)
    try:
        found: bool | type = ls.well_formed(view, values)
    except (IndexError, TypeError) as error:
        found = type(error)
    assert found == expected


# -- reading the store ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every index of these tests in the test's own cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RETRO_CACHE", str(folder))
    return folder


def test_files_are_looked_up_by_path_where_a_folder_cannot_be_opened(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store, 6, 3)
    _check(store)  # the indexes made, files looked up in the opened folder
    monkeypatch.setattr(ls, "_open_folder", lambda folder: None)
    _check(store)  # used, files looked up by their whole path
    Store(store.path).update_review(store.review_ids()[0], lambda r: setattr(r, "title", "New"))
    _check(store)


@pytest.mark.parametrize("by_name", [True, False])
def test_a_review_file_gone_or_unreadable_is_read_by_the_store(
    store: Store, monkeypatch: pytest.MonkeyPatch, by_name: bool
) -> None:
    made = _fill(store, 5, 7)
    _check(store)
    opened: list[int] = []

    def open_folder(folder: str) -> int | None:
        if by_name:
            opened.append(os.open(folder, os.O_RDONLY))
            return opened[-1]
        return None

    monkeypatch.setattr(ls, "_open_folder", open_folder)
    real = os.stat
    gone = made[1].id + ".json"

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path).endswith(gone):
            raise PermissionError(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ls.os, "stat", stat)
    closed: list[int] = []
    real_close = os.close

    def close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    monkeypatch.setattr(ls.os, "close", close)
    asked: list[str] = []
    found = ls.list_reviews(
        store.path, ls.ACTIONS, store.review_ids(), lambda rid: asked.append(rid), set()
    )
    assert asked == [made[1].id]  # the store's read (None: gone)
    assert closed == opened  # the folder is closed again
    assert found.action_ids is None
    assert {e[2] for e in found.entries} <= {r.title for r in made}


def test_a_review_listing_names_every_review_id(store: Store) -> None:
    _fill(store, 4, 11)
    for view in ls.VIEWS:
        for _ in range(2):  # cold, then from the index
            assert Store(store.path).review_listing(view).review_ids == store.review_ids()
    assert Store(store.path).review_listing(ls.LINES).review_ids == store.review_ids()
    with store.batch():
        assert store.review_listing(ls.LINES).review_ids is None  # the store lists them


def test_due_dates_of_every_kind_are_listed(store: Store) -> None:
    """Far past and far future dues, and none: ordered as the model orders them."""
    made = _fill(store, 6, 13)
    _check(store)
    review = made[0]

    def dues(r: Any) -> None:
        for n, a in enumerate(r.actions):
            a.due = [date.min, date.max, None, TODAY - timedelta(days=400)][n % 4]

    Store(store.path).update_review(review.id, dues)
    _check(store)
    _check(store)
