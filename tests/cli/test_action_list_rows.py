"""`retro action list` and `retro review list` print what a plain reading of the store gives:
every review built (without cards), its actions filtered, ordered by (due, creation time), each
with its short id among every action id and its due text, whatever state the listing index is
in."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from retro.cli import cli
from retro.cli.actions import _due_column
from retro.cli.output import Styled, emit_json, table
from retro.dates import describe
from retro.model import Action, Review
from retro.store import Store
from retro.store import listing as ls
from tests.store.index_damage import INDEX_DAMAGES

Ok = Callable[..., Result]

VARIANTS = [
    [],
    ["--open"],
    ["--done"],
    ["--dropped"],
    ["--all"],
    ["--overdue"],
    ["--all", "--overdue"],
    ["--owner", " ANA "],
    ["--owner", "zoë", "--all"],
    ["--owner", "nobody"],
    ["--json"],
    ["--all", "--json"],
    ["--overdue", "--json"],
    ["--owner", "Bo", "--dropped", "--json"],
]


def _plain(path: Path, args: list[str]) -> str:
    """What the listing printed when it built every review (as it did before its index)."""
    store = Store(path)
    today = date.today()
    status = next((a[2:] for a in args if a in ("--open", "--done", "--dropped", "--all")), "open")
    owner = args[args.index("--owner") + 1].strip().casefold() if "--owner" in args else None
    rows = [
        (a, r.title)
        for r in store.review_outlines()
        for a in r.actions
        if (status == "all" or a.status == status)
        and (owner is None or (a.owner or "").casefold() == owner)
        and ("--overdue" not in args or a.is_overdue(today))
    ]
    rows.sort(key=lambda row: (row[0].due or date.max, row[0].created))
    out = io.StringIO()
    with redirect_stdout(out):
        if "--json" in args:
            emit_json(
                [
                    {**a.to_dict(), "review_title": t, "overdue": a.is_overdue(today)}
                    for a, t in rows
                ]
            )
        elif not rows:
            print("no actions match")
        else:
            short = store.short_ids("a")
            table(
                ["id", "status", "due", "owner", "review", "action"],
                [
                    [short[a.id], a.status, _plain_due(a, today), a.owner or "", t[:24], a.text]
                    for a, t in rows
                ],
                styles=[{"fg": "cyan"}],
            )
    return out.getvalue()


def _plain_due(a: Action, today: date) -> str:
    if a.due is None:
        return ""
    text = f"{a.due} ({describe(a.due, today)})"
    return Styled(text, fg="red") if a.is_overdue(today) else text


def _vary(path: Path) -> None:
    """Owners that casefold alike, dues far off and none, ties of due and creation time."""
    store = Store(path)
    rng = random.Random(5)
    today = date.today()
    dues = [None, today, today - timedelta(days=1), today + timedelta(days=1), date.max]
    dues += [date(1, 1, 1), today - timedelta(days=900)]
    for rid in store.review_ids()[:6]:

        def change(r: Review) -> None:
            when = r.created
            for n in range(4):
                status = rng.choice(["open", "open", "done", "dropped"])
                r.actions.append(
                    Action(
                        text=rng.choice(["Write it", "Zoë's fix\tnow", "x" * 80]),
                        review_id=r.id,
                        owner=rng.choice([None, "ana", "Ana", "ANA", "zoë", "ZOË", "Bo", "bo"]),
                        due=rng.choice(dues),
                        status=status,  # type: ignore[arg-type]
                        done_on=None if status == "open" else today,
                        created=when if n % 2 else when + timedelta(microseconds=n),
                    )
                )

        store.update_review(rid, change)


@pytest.fixture
def store(team: Path, ok: Ok, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "100")
    ok("demo")
    _vary(team)
    return team


def _index(store_path: Path) -> Path:
    (found,) = (store_path.parent / "home" / "cache").glob(f"{ls.ACTIONS}-*.idx")
    return found


@pytest.mark.parametrize("colour", [True, False])
def test_action_lists_are_the_plain_reading(
    store: Path, ok: Ok, monkeypatch: pytest.MonkeyPatch, colour: bool
) -> None:
    if not colour:
        monkeypatch.setenv("NO_COLOR", "1")
    for _ in range(2):  # the index made, then used
        for args in VARIANTS:
            assert ok("action", "list", *args).output == _plain(store, args), args


@pytest.mark.parametrize("damage", INDEX_DAMAGES)
def test_action_lists_with_a_damaged_index_are_the_plain_reading(
    store: Path, ok: Ok, damage: Callable[[bytes], bytes]
) -> None:
    ok("action", "list")
    index = _index(store)
    for args in (["--all"], ["--overdue", "--json"]):
        index.write_bytes(damage(index.read_bytes()))
        assert ok("action", "list", *args).output == _plain(store, args), args


def test_review_lists_show_the_short_ids_of_the_folder_listing(
    store: Path, ok: Ok, ok_json: Callable[..., Any]
) -> None:
    reviews = ok_json("review", "list")
    short = Store(store).short_ids("r")
    for _ in range(2):
        lines = ok("review", "list").output.splitlines()[1:]
        assert [line.split()[0] for line in lines] == [short[r["id"]] for r in reviews]
        lines = ok("review", "list", "-n", "2").output.splitlines()[1:]
        assert [line.split()[0] for line in lines] == [short[r["id"]] for r in reviews[-2:]]


# -- the due column ---------------------------------------------------------------------------

TODAY = date(2026, 3, 10)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "2026-03-09", "2026-03-10", "2026-03-11", "0001-01-01"]),
            st.sampled_from(["open", "done", "dropped"]),
        ),
        max_size=12,
    ),
    st.sampled_from([TODAY, date(2026, 3, 11), date(9999, 12, 31)]),
    st.booleans(),
)
def test_the_due_column_is_each_actions_due_text(
    dues: list[tuple[str | None, str]], today: date, colour: bool
) -> None:
    rows = [
        ls.ListedAction(["a1", "r1", "x", None, due, status, None, "", 0, 0], "R")
        for due, status in dues
    ]
    with pytest.MonkeyPatch.context() as patch:
        if colour:
            patch.delenv("NO_COLOR", raising=False)
        else:
            patch.setenv("NO_COLOR", "1")
        expected = []
        for a in rows:
            due = a.due
            text = "" if due is None else f"{due} ({describe(due, today)})"
            expected.append(Styled(text, fg="red") if a.is_overdue(today) else text)
        column = _due_column(rows, today)
        assert column == expected
        assert [getattr(c, "style", None) for c in column] == [
            getattr(c, "style", None) for c in expected
        ]


def test_an_overdue_date_is_red_in_a_terminal_and_plain_elsewhere(
    store: Path, ok: Ok, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The colour is applied to the padded cell, never made inert text (``\\x1b[31m`` shown
    as characters), and a pipe gets no colour at all."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    piped = ok("action", "list", "--overdue").output
    assert "\x1b" not in piped and "\\x1b" not in piped and "(" in piped
    coloured = CliRunner().invoke(
        cli, ["--store", str(store), "action", "list", "--overdue"], color=True
    )
    assert coloured.exit_code == 0, coloured.output
    assert "\\x1b" not in coloured.output and "␛" not in coloured.output
    overdue = [line for line in piped.splitlines()[1:] if "ago)" in line]
    assert overdue, "the store has overdue actions"
    assert re.search(r"\x1b\[31m\d{4}-\d\d-\d\d \(", coloured.output)
    assert click.unstyle(coloured.output) == piped
