"""The demo's alignment sprints: goals to increase and to decrease, qualitative goals, and
weekly check-ins whose progress depends on a per-goal skill, so the bands differ."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from retro.demo.maker import Maker
from retro.model import CheckIn, Goal, Rating, Sprint, SprintStatus

MEMBERS = ("ana", "bruno", "chen", "dara", "eli")
"""The demo team's members (the first is replaced by the person at the keyboard)."""


def goal_specs() -> list[tuple[str, str, float | None, float | None, str]]:
    """(statement, unit, baseline, target, owner-slot); None baseline means qualitative."""
    return [
        ("Deploy to production at least 10 times a week", "deploys/wk", 4.0, 10.0, "ana"),
        ("Cut p95 checkout latency", "ms", 480.0, 300.0, "chen"),
        ("Reduce mean time to restore", "min", 90.0, 45.0, "dara"),
        ("Every service has an owned, tested runbook", "", None, None, "eli"),
        ("Raise CI pass rate on main", "%", 82.0, 97.0, "bruno"),
        ("Onboard the payments team onto the paved road", "", None, None, "bruno"),
    ]


def make_sprint(
    mk: Maker, title: str, start: date, end: date, today: date, people: list[str], purpose: str
) -> Sprint:
    """A sprint with four goals (one to increase, one to decrease, a qualitative one and one
    more) and weekly check-ins up to `today`; its status follows from its dates."""
    rng = mk.rng
    sid = mk.id("s")
    status = "closed" if end < today else ("active" if start <= today else "planned")
    # Every sprint has a goal to increase, one to decrease, a qualitative one, and one more.
    all_specs = goal_specs()
    specs = [all_specs[0], all_specs[1], all_specs[3], rng.choice(all_specs[2:3] + all_specs[4:])]
    goals: list[Goal] = []
    for index, (statement, unit, base, target, owner_slot) in enumerate(specs):
        owner = people[MEMBERS.index(owner_slot)] if owner_slot in MEMBERS else owner_slot
        goal = Goal(
            statement=statement,
            sprint_id=sid,
            owner=owner,
            contributors=[p for p in rng.sample(people, 2) if p != owner],
            unit=unit,
            baseline=base,
            target=target,
            # The lead answers for the first goal; the others' owners answer for theirs.
            accountable=[people[0]] if index == 0 else [],
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
                    id=mk.derived_id("h", goal.id, day.isoformat()),
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
                    id=mk.derived_id("h", goal.id, day.isoformat()),
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
