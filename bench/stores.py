"""The stores the benchmarks measure: made with `retro demo --size N`, plus a few fixtures.

`retro demo` is run as a whole process, as a person would, and timed (a target of its own: well
under a minute for 100,000 documents). Then, through the store's API, each store gets what the
measured commands need and the scaled demo may not have: an open review to add cards to, a
closed review of exactly 300 cards to export, and an active sprint for `retro drift` and the
dashboard. The peer comparison uses stores holding only lessons, with the same lessons written
to a jrnl journal in jrnl's plain-text format.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bench.common import Run, child_env, retro_argv, run_child, store_bytes
from retro.demo_text import ACTIONS, BAD, GOOD, IDEAS, KUDOS, LESSONS
from retro.model import Action, Card, CheckIn, Goal, Kudos, Lesson, Review, Sprint
from retro.store import Store

PEOPLE = ("ana", "bruno", "chen", "dara", "eli")
EXPORT_CARDS = 300


@dataclass(frozen=True)
class BenchStore:
    """A store ready to be measured."""

    path: Path
    size: int
    """The documents asked of `retro demo` (0: an empty team)."""
    built: Run | None
    """The `retro demo` process that filled it (None for the empty store)."""
    open_review: str
    """A review in the reflect phase, for `retro card add`."""
    export_review: str
    """A closed review of 300 cards, for `retro export`."""
    sprint: str
    """The active sprint."""
    bytes: int
    """Its size on disk once made, without backups."""


def make_store(path: Path, size: int, today: date | None = None) -> BenchStore:
    """Fill a store with `retro demo --size N` (or `retro init` for 0) and add the fixtures."""
    argv = [*retro_argv(), "--store", str(path)]
    env = child_env()
    built: Run | None
    if size:
        built = run_child([*argv, "demo", "--size", str(size)], env)
    else:
        run_child([*argv, "init", "--name", "Bench"], env)
        built = None
    open_id, export_id, sprint_id = add_fixtures(Store(path), today or date.today())
    return BenchStore(path, size, built, open_id, export_id, sprint_id, store_bytes(path))


def add_fixtures(store: Store, today: date) -> tuple[str, str, str]:
    """Add an open review, a closed 300-card review and an active sprint; return their ids."""
    rng = random.Random(f"bench:{today}")
    people = list(PEOPLE)
    open_review = Review(
        "Bench retro", on=today, format="ssc", facilitator="ana", participants=people
    )
    for n in range(40):  # a board of typical size, so a card write is like a real one
        open_review.cards.append(
            Card(rng.choice(("start", "stop", "continue")), f"{rng.choice(IDEAS)} ({n})")
        )
    store.add_review(open_review)
    closed = export_review(rng, today - timedelta(days=3), people)
    store.add_review(closed)
    sprint = active_sprint(rng, today, people)
    store.add_sprint(sprint)
    return open_review.id, closed.id, sprint.id


def export_review(rng: random.Random, on: date, people: list[str]) -> Review:
    """A closed start–stop–continue review of 300 cards, grouped and voted, with actions,
    kudos and a pulse: the review whose export is measured."""
    review = Review(
        "Bench export",
        on=on,
        format="ssc",
        facilitator=people[0],
        participants=people,
        phase="reflect",
    )
    pools = {"start": IDEAS + BAD[:4], "stop": BAD, "continue": GOOD}
    at = datetime.combine(on, time(14, 0))
    for n in range(EXPORT_CARDS):
        column = ("start", "stop", "continue")[n % 3]
        review.cards.append(
            Card(
                column,
                f"{rng.choice(pools[column])} (#{n})",
                author=rng.choice(people),
                tags=rng.sample(("ci", "deploy", "oncall", "docs"), rng.choice((0, 1, 2))),
                created=at + timedelta(seconds=n),
            )
        )
    for lead in review.cards[:30]:  # thirty groups of three
        review.groups[lead.id] = lead.text[:40]
        lead.group = lead.id
    for n, card in enumerate(review.cards[30:90]):
        card.group = review.cards[n % 30].id
    for person in people:
        for card in rng.sample(review.cards, review.vote_budget):
            card.votes[person] = 1
    for n in range(6):
        review.actions.append(
            Action(
                rng.choice(ACTIONS),
                review_id=review.id,
                owner=people[n % len(people)],
                due=on + timedelta(days=7 * (n + 1)),
            )
        )
    for giver, receiver in itertools.pairwise(people):
        review.kudos.append(Kudos(receiver, rng.choice(KUDOS), by=giver))
    review.pulse = {p: rng.choice((3, 4, 4, 5)) for p in people}
    review.phase = "closed"
    return review


def active_sprint(rng: random.Random, today: date, people: list[str]) -> Sprint:
    """A two-week sprint containing today, with measurable and qualitative goals."""
    start = today - timedelta(days=9)
    sprint = Sprint("Bench sprint", start, start + timedelta(days=13), "Ship safely.", "active")
    specs = [
        ("Deploy 10 times a week", "deploys/wk", 4.0, 10.0),
        ("Cut p95 latency", "ms", 480.0, 300.0),
        ("Raise CI pass rate", "%", 82.0, 97.0),
        ("Every service has a runbook", "", None, None),
    ]
    for n, (statement, unit, base, target) in enumerate(specs):
        goal = Goal(statement, sprint.id, owner=people[n], unit=unit, baseline=base, target=target)
        for week in (3, 7):
            day = start + timedelta(days=week)
            if base is None or target is None:
                goal.checkins.append(CheckIn(day, rating="partly", confidence=6))
            else:
                value = base + (target - base) * rng.uniform(0.1, 0.6) * week / 7
                goal.checkins.append(CheckIn(day, value=round(value, 1), confidence=7))
        sprint.goals.append(goal)
    return sprint


# --- lessons only, and the same lessons for jrnl -----------------------------------------------


def lesson_list(count: int, today: date) -> list[Lesson]:
    """`count` lessons over the last years, from the demo's words, by five people."""
    rng = random.Random(f"bench-lessons:{count}")
    first = today - timedelta(days=max(365, count // 10))
    span = (today - first).days
    out = []
    for n in range(count):
        text, tags = rng.choice(LESSONS)
        on = first + timedelta(days=span * n // max(1, count))
        created = datetime.combine(on, time(9 + n % 8, n % 60))
        out.append(Lesson(f"{text} ({n})", on, list(tags), rng.choice(PEOPLE), created=created))
    return out


def make_lessons_store(path: Path, lessons: list[Lesson]) -> Path:
    """A store holding only these lessons (written in one batch through the store's API)."""
    store = Store(path)
    store.init("Lessons")
    with store.batch():
        for lesson in lessons:
            store.add_lesson(lesson)
    return path


def write_journal(path: Path, lessons: list[Lesson]) -> Path:
    """The same lessons as a jrnl journal, in jrnl's plain-text format (oldest first), tags as
    @words, so that jrnl parses them as it parses a journal it wrote itself."""
    lines = []
    for lesson in sorted(lessons, key=lambda x: x.created):
        stamp = lesson.created.strftime("%Y-%m-%d %I:%M:%S %p")
        tags = " ".join(f"@{t}" for t in lesson.tags)
        lines.append(f"[{stamp}] {lesson.text}. {tags}\n\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path
