"""A realistic demo team, built through the store's own API.

`build_demo` fills a store with a platform team: a purpose with an earlier version, five members,
working agreements, two closed alignment sprints and an active one (measurable goals to increase
and to decrease, qualitative ones, dated check-ins with confidences and notes), reviews in several
formats with grouped and voted cards, actions (open, done, dropped, some overdue), kudos, pulse,
and lessons over months. A seeded `random.Random` makes the same `today` give the same content,
ids included. `size=N` scales it to about N documents over years, for benchmarks.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta

from retro.demo.maker import Maker
from retro.demo.reviews import make_review
from retro.demo.sprints import MEMBERS, make_sprint
from retro.demo_text import LESSONS
from retro.formats import BUILTIN_FORMATS, get_format
from retro.model import Agreement, Lesson, Member, PurposeVersion, Review, Sprint, Team
from retro.store import Store

__all__ = ["MEMBERS", "DemoReport", "build_demo"]

TEAM_NAME = "Platform"
PURPOSES = (
    "Give product teams a paved road to production.",
    "Make shipping to production boring: any engineer deploys safely, many times a day.",
)
AGREEMENTS = (
    "We review pull requests within one working day.",
    "Whoever breaks the build fixes it or reverts it, before anything else.",
    "On-call hand-over happens face to face, with the runbook open.",
    "We say 'I don't know yet' rather than guess a date.",
)


@dataclass
class DemoReport:
    """What `build_demo` created."""

    members: int = 0
    """Members added to the team."""
    sprints: int = 0
    """Sprints."""
    goals: int = 0
    """Goals in those sprints."""
    checkins: int = 0
    """Check-ins on those goals."""
    reviews: int = 0
    """Reviews."""
    cards: int = 0
    """Cards on those reviews."""
    intents: int = 0
    """Intents (planned against happened)."""
    actions: int = 0
    """Actions."""
    kudos: int = 0
    """Kudos."""
    lessons: int = 0
    """Lessons."""
    decisions: int = 0
    """Decisions of the decision log."""

    @property
    def documents(self) -> int:
        """Everything created, counted as documents."""
        return sum(getattr(self, f.name) for f in fields(self))


# --- the team --------------------------------------------------------------------------------


def _setup_team(store: Store, people: list[str], today: date, mk: Maker) -> int:
    """Create the team if the store is new, and add the demo members. Returns members added."""
    if not store.exists():
        store.init(TEAM_NAME, PURPOSES[0], by=people[0])
    added = 0

    def setup(team: Team) -> int:
        count = 0
        if len(team.purposes) <= 1:
            team.purposes = [
                PurposeVersion(PURPOSES[0], mk.at(today - timedelta(days=400), 10), people[0]),
                PurposeVersion(PURPOSES[1], mk.at(today - timedelta(days=120), 10), people[0]),
            ]
        for n, name in enumerate(people):
            if team.member(name) is None:
                joined = today - timedelta(days=500 - 60 * n)
                team.members.append(Member(name=name, id=mk.id("m"), joined=joined))
                count += 1
        if not team.agreements:
            team.agreements = [
                Agreement(text, today - timedelta(days=300 - 40 * n))
                for n, text in enumerate(AGREEMENTS)
            ]
        return count

    added = store.update_team(setup)
    return added


def build_demo(
    store: Store,
    size: int | None = None,
    today: date | None = None,
    user: str | None = None,
    now: datetime | None = None,
) -> DemoReport:
    """Fill `store` with a realistic demo team, through the store's API.

    Args:
        store: the store to fill; created (as team "Platform") if it does not exist yet.
        size: about how many documents to create (cards, lessons, actions, …); None for the
            small demo a newcomer sees.
        today: the day the demo is built around (the active sprint contains it); fixed for
            reproducible content.
        user: the person at the keyboard, who becomes the first member and the facilitator.
        now: the moment the demo is opened: the running review's phase began five minutes
            before, so its timer shows time left. Without it, 11:55 UTC on `today` when `today`
            is given (reproducible), else five minutes ago.

    Returns:
        What was created.
    """
    if now is None and today is None:
        now = datetime.now(UTC).replace(microsecond=0)
    today = today or date.today()
    started = now - timedelta(minutes=5) if now is not None else None
    rng = random.Random(f"retro-demo:{today.isoformat()}:{size}")
    mk = Maker(rng)
    people = list(MEMBERS)
    if user and user not in people:
        people[0] = user
    report = DemoReport()
    report.members = _setup_team(store, people, today, mk)
    with store.batch():
        if size is None:
            _small(store, mk, people, today, report, started)
        else:
            _large(store, mk, people, today, size, report)
    return report


def _add_review(store: Store, review: Review, report: DemoReport) -> None:
    store.add_review(review)
    report.reviews += 1
    report.cards += len(review.cards)
    report.intents += len(review.intents)
    report.actions += len(review.actions)
    report.kudos += len(review.kudos)


def _add_sprint(store: Store, sprint: Sprint, report: DemoReport) -> None:
    store.add_sprint(sprint)
    report.sprints += 1
    report.goals += len(sprint.goals)
    report.checkins += sum(len(g.checkins) for g in sprint.goals)


def _add_lessons(
    store: Store, mk: Maker, people: list[str], days: Iterable[date], report: DemoReport
) -> None:
    for day in days:
        text, tags = mk.rng.choice(LESSONS)
        store.add_lesson(
            Lesson(
                text=text,
                on=day,
                tags=list(tags),
                author=mk.rng.choice(people),
                id=mk.id("l"),
                created=mk.at(day),
            )
        )
        report.lessons += 1


def _small(
    store: Store,
    mk: Maker,
    people: list[str],
    today: date,
    report: DemoReport,
    started: datetime | None,
) -> None:
    fmt = {f.key: f for f in BUILTIN_FORMATS}
    s1_start = today - timedelta(days=70)
    sprints = [
        make_sprint(
            mk,
            "Sprint 14 · Paved road",
            s1_start,
            s1_start + timedelta(days=27),
            today,
            people,
            "Get every service onto the shared deploy pipeline.",
        ),
        make_sprint(
            mk,
            "Sprint 15 · Fast feedback",
            today - timedelta(days=42),
            today - timedelta(days=15),
            today,
            people,
            "Make CI fast and trustworthy enough that nobody waits on it.",
        ),
        make_sprint(
            mk,
            "Sprint 16 · Calm on-call",
            today - timedelta(days=22),
            today + timedelta(days=5),
            today,
            people,
            "Fewer, better pages; every incident restored within the hour.",
        ),
    ]
    for sprint in sprints:
        _add_sprint(store, sprint, report)
    reviews = [
        make_review(
            mk,
            fmt["aar"],
            "Sprint 14 closing AAR",
            sprints[0].end,
            people,
            today,
            14,
            sprint=sprints[0],
        ),
        make_review(
            mk,
            fmt["postmortem"],
            "Postmortem: checkout outage",
            today - timedelta(days=38),
            people,
            today,
            12,
        ),
        make_review(
            mk, fmt["4ls"], "Mid-sprint 4Ls", today - timedelta(days=28), people, today, 12
        ),
        make_review(
            mk,
            fmt["sailboat"],
            "Sprint 15 closing retro",
            sprints[1].end,
            people,
            today,
            14,
            sprint=sprints[1],
        ),
        make_review(
            mk,
            fmt["ssc"],
            "Weekly retro",
            today,
            people,
            today,
            11,
            phase="vote",
            started=started,
        ),
    ]
    # The running review opens with the last one's unfinished business: accountability.
    last_actions = reviews[-2].actions
    if last_actions and all(a.status != "open" for a in last_actions):
        last_actions[-1].status, last_actions[-1].done_on = "open", None
    for review in reviews:
        _add_review(store, review, report)
    days = sorted(today - timedelta(days=mk.rng.randint(0, 180)) for _ in range(len(LESSONS) + 4))
    _add_lessons(store, mk, people, days, report)
    _add_decisions(store, mk, people, today, reviews, sprints, report)


def _add_decisions(
    store: Store,
    mk: Maker,
    people: list[str],
    today: date,
    reviews: list[Review],
    sprints: list[Sprint],
    report: DemoReport,
) -> None:
    from retro.demo.decisions import make_decisions

    for decision in make_decisions(mk, people, today, reviews, sprints):
        store.add_decision(decision)
        report.decisions += 1


def _large(
    store: Store, mk: Maker, people: list[str], today: date, size: int, report: DemoReport
) -> None:
    rng = mk.rng
    formats = [get_format(f.key) for f in BUILTIN_FORMATS]
    review_budget = int(size * 0.70)
    lesson_budget = int(size * 0.25)
    sprint_budget = size - review_budget - lesson_budget
    n_sprints = max(1, sprint_budget // 20)
    span = max(365, n_sprints * 14)
    start = today - timedelta(days=span)
    sprint_list: list[Sprint] = []
    # Two-week sprints back to back, the last one running today (so there is an active one).
    first_sprint = today - timedelta(days=14 * (n_sprints - 1) + 7)
    for n in range(n_sprints):
        s = first_sprint + timedelta(days=14 * n)
        sprint = make_sprint(
            mk,
            f"Sprint {n + 1}",
            s,
            s + timedelta(days=13),
            today,
            people,
            rng.choice(("Ship safely.", "Fewer pages.", "Faster CI.", "Pave the road.")),
        )
        sprint_list.append(sprint)
        _add_sprint(store, sprint, report)
    made = 0
    n = 0
    while made < review_budget:
        fmt = formats[n % len(formats)]
        on = start + timedelta(days=rng.randint(0, span))
        cards = rng.randint(20, 60)
        linked = sprint_list[n % len(sprint_list)] if fmt.intents and sprint_list else None
        review = make_review(
            mk, fmt, f"{fmt.name} #{n + 1}", on, people, today, cards, sprint=linked
        )
        _add_review(store, review, report)
        made += len(review.cards) + len(review.actions) + len(review.kudos) + len(review.intents)
        n += 1
    days = [start + timedelta(days=rng.randint(0, span)) for _ in range(lesson_budget)]
    _add_lessons(store, mk, people, days, report)
