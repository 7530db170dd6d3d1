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
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from retro.demo_text import (
    ACTIONS,
    BAD,
    GOOD,
    IDEAS,
    IMPACT,
    KUDOS,
    LESSONS,
    TAGS,
    TIMELINE,
    WHY,
)
from retro.formats import BUILTIN_FORMATS, Format, get_format
from retro.ids import ALPHABET, SUFFIX_LENGTH
from retro.model import (
    RATINGS,
    Action,
    ActionStatus,
    Agreement,
    Card,
    CheckIn,
    Goal,
    Intent,
    Kudos,
    Lesson,
    Member,
    PurposeVersion,
    Rating,
    Review,
    Sprint,
    SprintStatus,
    Team,
)
from retro.store import Store
from retro.text import one_line

TEAM_NAME = "Platform"
MEMBERS = ("ana", "bruno", "chen", "dara", "eli")
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

    @property
    def documents(self) -> int:
        """Everything created, counted as documents."""
        return sum(getattr(self, f.name) for f in fields(self))


class _Maker:
    """Deterministic ids and times from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def id(self, kind: str) -> str:
        return kind + "".join(self.rng.choices(ALPHABET, k=SUFFIX_LENGTH))

    def at(self, day: date, hour: int | None = None) -> datetime:
        hour = self.rng.randint(9, 17) if hour is None else hour
        return datetime.combine(day, time(hour, self.rng.randint(0, 59)), UTC)

    def pick(self, items: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(items)


# --- sprints ---------------------------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters, with an ellipsis when cut."""
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _goal_specs() -> list[tuple[str, str, float | None, float | None, str]]:
    """(statement, unit, baseline, target, owner-slot); None baseline means qualitative."""
    return [
        ("Deploy to production at least 10 times a week", "deploys/wk", 4.0, 10.0, "ana"),
        ("Cut p95 checkout latency", "ms", 480.0, 300.0, "chen"),
        ("Reduce mean time to restore", "min", 90.0, 45.0, "dara"),
        ("Every service has an owned, tested runbook", "", None, None, "eli"),
        ("Raise CI pass rate on main", "%", 82.0, 97.0, "bruno"),
        ("Onboard the payments team onto the paved road", "", None, None, "bruno"),
    ]


def _make_sprint(
    mk: _Maker, title: str, start: date, end: date, today: date, people: list[str], purpose: str
) -> Sprint:
    rng = mk.rng
    sid = mk.id("s")
    status = "closed" if end < today else ("active" if start <= today else "planned")
    # Every sprint has a goal to increase, one to decrease, a qualitative one, and one more.
    all_specs = _goal_specs()
    specs = [all_specs[0], all_specs[1], all_specs[3], rng.choice(all_specs[2:3] + all_specs[4:])]
    goals: list[Goal] = []
    for statement, unit, base, target, owner_slot in specs:
        owner = people[MEMBERS.index(owner_slot)] if owner_slot in MEMBERS else owner_slot
        goal = Goal(
            statement=statement,
            sprint_id=sid,
            owner=owner,
            contributors=[p for p in rng.sample(people, 2) if p != owner],
            unit=unit,
            baseline=base,
            target=target,
            id=mk.id("g"),
            created=mk.at(start, 10),
        )
        # How well this goal goes: a per-goal skill, so bands differ.
        skill = rng.choice((1.15, 1.0, 0.92, 0.75, 0.5))
        last = min(today, end)
        day = start + timedelta(days=6)
        while day <= last:
            progress = (day - start).days / max(1, (end - start).days)
            noise = rng.uniform(-0.08, 0.08)
            confidence = max(0, min(10, round(10 * min(1.0, skill) - rng.randint(0, 3))))
            note = rng.choice(
                (
                    "",
                    "On plan so far.",
                    "Blocked two days on the vendor; catching up.",
                    "Better than expected after the cache fix.",
                    "Interrupts ate most of the week.",
                )
            )
            if base is not None and target is not None:
                value = base + (target - base) * max(0.0, progress * skill + noise)
                checkin = CheckIn(
                    on=day,
                    value=round(value, 1),
                    confidence=confidence,
                    note=note,
                    author=owner,
                    at=mk.at(day),
                )
            else:
                rating = "met" if skill >= 1 else ("partly" if skill >= 0.7 else "missed")
                if progress < 0.5 and rating == "met":
                    rating = "partly"
                checkin = CheckIn(
                    on=day,
                    rating=cast(Rating, rating),
                    confidence=confidence,
                    note=note,
                    author=owner,
                    at=mk.at(day),
                )
            goal.checkins.append(checkin)
            day += timedelta(days=7)
        if status == "closed" and not goal.quantitative:
            goal.rating = (
                "exceeded" if skill > 1.1 else (goal.latest.rating if goal.latest else None)
            )
        goals.append(goal)
    return Sprint(
        title=title,
        start=start,
        end=end,
        purpose=purpose,
        status=cast(SprintStatus, status),
        goals=goals,
        id=sid,
        created=mk.at(start - timedelta(days=1), 16),
        closed_at=mk.at(end, 17) if status == "closed" else None,
    )


# --- reviews ---------------------------------------------------------------------------------


def _column_texts(fmt: Format, column_key: str) -> tuple[str, ...]:
    improve = fmt.column(column_key).improve
    if fmt.key == "postmortem":
        return {
            "timeline": TIMELINE,
            "impact": IMPACT,
            "causes": ("Ingress config was not validated before push", *BAD[:4]),
            "well": GOOD,
            "lucky": ("It happened during office hours", "Traffic was low for a Tuesday"),
        }[column_key]
    if column_key in ("start", "longed", "island", "improve"):
        return IDEAS + BAD[:4]
    if column_key in ("happened", "planned"):
        return GOOD[:6] + BAD[:6]
    return BAD if improve else GOOD


def _make_review(
    mk: _Maker,
    fmt: Format,
    title: str,
    on: date,
    people: list[str],
    today: date,
    n_cards: int,
    phase: str = "closed",
    sprint: Sprint | None = None,
) -> Review:
    rng = mk.rng
    rid = mk.id("r")
    participants = list(people)
    review = Review(
        title=title,
        on=on,
        format=fmt.key,
        facilitator=participants[0],
        participants=participants,
        sprint_id=sprint.id if sprint else None,
        phase="reflect",
        vote_budget=3,
        timebox_minutes=10 if phase not in ("closed",) else None,
        id=rid,
        created=mk.at(on, 14),
    )
    for n in range(n_cards):
        column = fmt.columns[n % len(fmt.columns)] if n < len(fmt.columns) else None
        column = column or rng.choice(fmt.columns)
        text = mk.pick(_column_texts(fmt, column.key))
        author = None if rng.random() < 0.1 else rng.choice(participants)
        tags = rng.sample(TAGS, rng.choice((0, 0, 1, 2)))
        review.cards.append(
            Card(
                column=column.key,
                text=text,
                author=author,
                tags=tags,
                id=mk.id("c"),
                created=mk.at(on, 14),
            )
        )
    reached = ("reflect", "group", "vote", "discuss", "act", "closed").index(phase)
    if reached >= 1:
        # Group similar cards: same text in the same column joins the first one.
        leads: dict[tuple[str, str], Card] = {}
        for card in review.cards:
            key = (card.column, card.text)
            if key in leads:
                lead = leads[key]
                lead.group = lead.id
                card.group = lead.id
                review.groups[lead.id] = clip(lead.text, 40)
            else:
                leads[key] = card
    if reached >= 2 and review.cards:
        for person in participants:
            for _ in range(rng.randint(1, review.vote_budget)):
                card = rng.choice(review.cards)
                card.votes[person] = card.votes.get(person, 0) + 1
    if fmt.intents or sprint is not None:
        if sprint is not None:
            for goal in sprint.goals:
                rating = _rating_for(goal)
                latest = goal.latest
                actual = (
                    f"{latest.value:g} {goal.unit}".strip()
                    if latest and latest.value is not None
                    else (rating or "not rated")
                )
                review.intents.append(
                    Intent(
                        planned=_planned(goal),
                        actual=actual,
                        rating=cast(Rating | None, rating),
                        why="" if rating in ("met", "exceeded") else mk.pick(WHY),
                        goal_id=goal.id,
                        id=mk.id("i"),
                        created=mk.at(on, 14),
                    )
                )
        else:
            for planned, why in (
                ("Restore checkout within 15 minutes", "Rollback needed three people"),
                (
                    "Detect the failure before customers do",
                    "Alerts fired on a cause, not a symptom",
                ),
                ("Communicate status every 15 minutes", ""),
            ):
                rating = rng.choice(RATINGS)
                review.intents.append(
                    Intent(
                        planned=planned,
                        actual=mk.pick(TIMELINE),
                        rating=rating,
                        why=why if rating not in ("met", "exceeded") else "",
                        id=mk.id("i"),
                        created=mk.at(on, 14),
                    )
                )
    if reached >= 4:
        for _ in range(rng.randint(2, 4)):
            due = on + timedelta(days=rng.choice((7, 14, 21)))
            status = "open"
            done_on = None
            if due < today:
                status = rng.choices(("done", "open", "dropped"), (6, 3, 1))[0]
                if status != "open":
                    done_on = min(today, due + timedelta(days=rng.randint(-5, 3)))
            review.actions.append(
                Action(
                    text=mk.pick(ACTIONS),
                    review_id=rid,
                    owner=rng.choice(participants),
                    due=due,
                    status=cast(ActionStatus, status),
                    done_on=done_on,
                    id=mk.id("a"),
                    created=mk.at(on, 15),
                )
            )
        for _ in range(rng.randint(1, 2)):
            giver, receiver = rng.sample(participants, 2)
            review.kudos.append(
                Kudos(
                    to=receiver,
                    text=mk.pick(KUDOS),
                    by=giver,
                    id=mk.id("k"),
                    created=mk.at(on, 15),
                )
            )
        review.pulse = {p: rng.choice((2, 3, 4, 4, 5)) for p in participants}
    review.phase = phase  # type: ignore[assignment]
    # A running review's phase began a few minutes before noon, so its timer shows time left.
    running = phase != "closed"
    review.phase_started = datetime.combine(on, time(11, 55), UTC) if running else None
    return review


def _planned(goal: Goal) -> str:
    if goal.quantitative:
        return f"{goal.statement}: {goal.baseline:g} → {goal.target:g} {goal.unit}".strip()
    return goal.statement


def _rating_for(goal: Goal) -> str | None:
    if goal.rating:
        return goal.rating
    latest = goal.latest
    if latest is None:
        return None
    if latest.rating:
        return latest.rating
    assert goal.baseline is not None and goal.target is not None and latest.value is not None
    a = (latest.value - goal.baseline) / (goal.target - goal.baseline)
    if a >= 1.2:
        return "exceeded"
    if a >= 0.95:
        return "met"
    return "partly" if a >= 0.5 else "missed"


# --- the team --------------------------------------------------------------------------------


def _setup_team(store: Store, people: list[str], today: date, mk: _Maker) -> int:
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
    store: Store, size: int | None = None, today: date | None = None, user: str | None = None
) -> DemoReport:
    """Fill `store` with a realistic demo team, through the store's API.

    Args:
        store: the store to fill; created (as team "Platform") if it does not exist yet.
        size: about how many documents to create (cards, lessons, actions, …); None for the
            small demo a newcomer sees.
        today: the day the demo is built around (the active sprint contains it); fixed for
            reproducible content.
        user: the person at the keyboard, who becomes the first member and the facilitator.

    Returns:
        What was created.
    """
    today = today or date.today()
    rng = random.Random(f"retro-demo:{today.isoformat()}:{size}")
    mk = _Maker(rng)
    people = list(MEMBERS)
    if user and user not in people:
        people[0] = user
    report = DemoReport()
    report.members = _setup_team(store, people, today, mk)
    with store.batch():
        if size is None:
            _small(store, mk, people, today, report)
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
    store: Store, mk: _Maker, people: list[str], days: Iterable[date], report: DemoReport
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


def _small(store: Store, mk: _Maker, people: list[str], today: date, report: DemoReport) -> None:
    fmt = {f.key: f for f in BUILTIN_FORMATS}
    s1_start = today - timedelta(days=70)
    sprints = [
        _make_sprint(
            mk,
            "Sprint 14 · Paved road",
            s1_start,
            s1_start + timedelta(days=27),
            today,
            people,
            "Get every service onto the shared deploy pipeline.",
        ),
        _make_sprint(
            mk,
            "Sprint 15 · Fast feedback",
            today - timedelta(days=42),
            today - timedelta(days=15),
            today,
            people,
            "Make CI fast and trustworthy enough that nobody waits on it.",
        ),
        _make_sprint(
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
        _make_review(
            mk,
            fmt["aar"],
            "Sprint 14 closing AAR",
            sprints[0].end,
            people,
            today,
            14,
            sprint=sprints[0],
        ),
        _make_review(
            mk,
            fmt["postmortem"],
            "Postmortem: checkout outage",
            today - timedelta(days=38),
            people,
            today,
            12,
        ),
        _make_review(
            mk, fmt["4ls"], "Mid-sprint 4Ls", today - timedelta(days=28), people, today, 12
        ),
        _make_review(
            mk,
            fmt["sailboat"],
            "Sprint 15 closing retro",
            sprints[1].end,
            people,
            today,
            14,
            sprint=sprints[1],
        ),
        _make_review(
            mk,
            fmt["ssc"],
            "Weekly retro",
            today,
            people,
            today,
            11,
            phase="vote",
        ),
    ]
    for review in reviews:
        _add_review(store, review, report)
    days = sorted(today - timedelta(days=mk.rng.randint(0, 180)) for _ in range(len(LESSONS) + 4))
    _add_lessons(store, mk, people, days, report)


def _large(
    store: Store, mk: _Maker, people: list[str], today: date, size: int, report: DemoReport
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
    for n in range(n_sprints):
        s = start + timedelta(days=14 * n)
        sprint = _make_sprint(
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
        review = _make_review(
            mk, fmt, f"{fmt.name} #{n + 1}", on, people, today, cards, sprint=linked
        )
        _add_review(store, review, report)
        made += len(review.cards) + len(review.actions) + len(review.kudos) + len(review.intents)
        n += 1
    days = [start + timedelta(days=rng.randint(0, span)) for _ in range(lesson_budget)]
    _add_lessons(store, mk, people, days, report)
