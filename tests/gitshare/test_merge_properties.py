"""The merge's properties, for random edit sequences on both sides from a common base: every
document created on either side is kept, the result is a valid store file, and merging A into
B gives the same file as merging B into A."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from retro.gitshare.merge import merge_files
from retro.model import PHASES, Card, Kudos, Lesson, Review
from retro.store import files
from retro.store.documents import review_from_tables, review_to_tables

PATH = Path("reviews/r.json")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
WORDS = st.sampled_from(["ana", "bo", "cy", "di", "deploy", "ci", "flaky", "pairing"])
TEXT = st.text(min_size=1, max_size=12).filter(lambda s: s.strip())

OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["add", "delete", "text", "vote", "tag", "untag", "kudos", "phase", "pulse", "join"]
        ),
        st.integers(min_value=0, max_value=50),
        WORDS,
        TEXT,
    ),
    max_size=12,
)


def _base(n: int) -> Review:
    review = Review(title="Sprint", on=date(2026, 11, 2), created=T0, participants=["ana"])
    for i in range(n):
        review.cards.append(Card("start", f"card {i}", author="ana", tags=["ci"], created=T0))
    return review


def _apply(review: Review, ops: list[tuple[str, int, str, str]]) -> set[str]:
    """Edit a review as people do; the ids of what was created."""
    created: set[str] = set()
    for op, n, word, text in ops:
        cards = review.cards
        card = cards[n % len(cards)] if cards else None
        if op == "add" or card is None:
            new = Card("stop", text, author=word)
            cards.append(new)
            created.add(new.id)
        elif op == "delete":
            cards.remove(card)
            created.discard(card.id)
        elif op == "text":
            card.text = text
        elif op == "vote":
            card.votes[word] = n % 4
        elif op == "tag" and word not in card.tags:
            card.tags.append(word)
        elif op == "untag" and card.tags:
            card.tags.pop(n % len(card.tags))
        elif op == "kudos":
            kudos = Kudos(to=word, text=text, by="ana")
            review.kudos.append(kudos)
            created.add(kudos.id)
        elif op == "phase":
            review.phase = PHASES[n % len(PHASES)]
            review.phase_started = datetime(2026, 11, 2, 9, n % 60, tzinfo=UTC)
        elif op == "pulse":
            review.pulse[word] = 1 + n % 5
        elif op == "join" and word not in review.participants:
            review.participants.append(word)
    return created


def _bytes(review: Review) -> bytes:
    return files.encode(review_to_tables(review))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=0, max_value=4),
    OPS,
    OPS,
    st.one_of(st.none(), st.tuples(st.integers(0, 3), st.integers(0, 3))),
)
def test_a_merge_keeps_what_either_side_created_and_is_symmetric(
    cards: int,
    ours_ops: list[tuple[str, int, str, str]],
    theirs_ops: list[tuple[str, int, str, str]],
    times: tuple[int, int] | None,
) -> None:
    base = _base(cards)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    created = _apply(ours, ours_ops) | _apply(theirs, theirs_ops)
    o_at, t_at = (float(times[0]), float(times[1])) if times else (None, None)
    a_into_b = merge_files(
        PATH, _bytes(base), _bytes(ours), _bytes(theirs), ours_at=o_at, theirs_at=t_at
    )
    b_into_a = merge_files(
        PATH, _bytes(base), _bytes(theirs), _bytes(ours), ours_at=t_at, theirs_at=o_at
    )
    assert a_into_b.data == b_into_a.data
    merged = review_from_tables(orjson.loads(a_into_b.data), PATH)
    kept = {c.id for c in merged.cards} | {k.id for k in merged.kudos}
    assert created <= kept
    survivors = {c.id for c in ours.cards} & {c.id for c in theirs.cards}
    assert survivors <= kept


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, max_size=6), st.lists(TEXT, max_size=6), st.integers(0, 3))
def test_lesson_partitions_keep_every_lesson(mine: list[str], yours: list[str], n: int) -> None:
    path = Path("lessons/ana/2026-11.json")
    base = [Lesson(text=f"old {i}", on=date(2026, 11, 1), author="ana") for i in range(n)]

    def part(lessons: list[Lesson]) -> bytes:
        return files.encode(
            {
                "lessons": {x.id: x.to_dict() for x in lessons},
                files.META: files.meta_table("lessons"),
            }
        )

    a = base + [Lesson(text=t, on=date(2026, 11, 2), author="ana") for t in mine]
    b = base[1:] + [Lesson(text=t, on=date(2026, 11, 3), author="ana") for t in yours]
    one = merge_files(path, part(base), part(a), part(b))
    other = merge_files(path, part(base), part(b), part(a))
    assert one.data == other.data
    kept = set(orjson.loads(one.data)["lessons"])
    assert {x.id for x in a[n:] + b[max(n - 1, 0) :]} <= kept
    assert not base or base[0].id not in kept  # deleted on one side, unchanged on the other
