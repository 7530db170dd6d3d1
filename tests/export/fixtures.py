"""A fixed team, sprints, reviews and lessons for the export tests: fixed ids, dates and clock.

Every text field can be replaced through `World(text=...)`, so the hostile-text tests put the same
string everywhere a person can type and compare against the benign rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from retro.drift import (
    ReviewSummary,
    SprintSummary,
    TeamSummary,
    summarize_review,
    summarize_sprint,
    summarize_team,
)
from retro.formats import Format, get_format, make_format
from retro.model import (
    Action,
    Card,
    CheckIn,
    Goal,
    Intent,
    Kudos,
    Lesson,
    Member,
    PurposeVersion,
    Review,
    Sprint,
    Team,
)

TODAY = date(2024, 5, 15)
"""The frozen clock of every export test."""
SINCE = date(2024, 4, 1)
"""The first day of the team report's range."""


def d(month: int, day: int) -> date:
    return date(2024, month, day)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=UTC)


@dataclass
class Texts:
    """What people typed: one field per place user text lands in a document.

    The defaults read like a real team's; the hostile tests set them all to one string.
    """

    card: str = "Deploys wait for a manual approval"
    card_author: str = "ana"
    group: str = "Slow pipeline"
    intent: str = "Ship the new deploy pipeline"
    intent_actual: str = "Shipped, but only for two services"
    intent_why: str = "The migration of the legacy services took longer"
    action: str = "Automate the approval step"
    owner: str = "ben"
    kudos: str = "for untangling the flaky tests"
    lesson: str = "Roll back first, debug later"
    title: str = "Sprint 14 review"
    previous_title: str = "Sprint 13 retro"
    facilitator: str = "ana"
    goal: str = "Cut deploy time"
    note: str = "Pipeline cache helped"
    purpose: str = "Ship small changes safely, many times a day"
    unit: str = "min"
    person: str = "chen"
    team: str = "Platform"
    sprint: str = "Sprint 14"
    format_name: str = "After-action review"
    column: str = "Improve"
    prompt: str = "What should we do differently next time?"


@dataclass
class World:
    """The objects every export test renders, built from `Texts`."""

    text: Texts = field(default_factory=Texts)

    # -- sprints ---------------------------------------------------------------------------

    def sprint(self) -> Sprint:
        t = self.text
        sid = "s00000000s014"
        goals = [
            Goal(
                t.goal,
                sid,
                owner=t.owner,
                unit=t.unit,
                baseline=30,
                target=10,
                id="g0000000000g1",
                created=at(5, 1),
                checkins=[
                    CheckIn(d(5, 3), 26, confidence=6, note=t.note, author="ana", at=at(5, 3)),
                    CheckIn(d(5, 8), 20, confidence=7, at=at(5, 8)),
                    CheckIn(d(5, 13), 14, confidence=8, note="Almost there", at=at(5, 13)),
                ],
            ),
            Goal(
                "Raise test coverage",
                sid,
                owner="ben",
                unit="%",
                baseline=60,
                target=80,
                id="g0000000000g2",
                created=at(5, 1),
                checkins=[
                    CheckIn(d(5, 6), 62.5, confidence=5, at=at(5, 6)),
                    CheckIn(d(5, 12), 66, confidence=4, at=at(5, 12)),
                ],
            ),
            Goal(
                "Write the on-call runbook",
                sid,
                owner="chen",
                id="g0000000000g3",
                created=at(5, 1),
                checkins=[CheckIn(d(5, 10), rating="partly", confidence=5, at=at(5, 10))],
            ),
            Goal(
                "Adopt feature flags",
                sid,
                baseline=0,
                target=5,
                id="g0000000000g4",
                created=at(5, 1),
            ),
        ]
        return Sprint(
            t.sprint,
            d(5, 1),
            d(5, 14),
            purpose=t.purpose,
            status="active",
            goals=goals,
            id=sid,
            created=at(4, 30),
        )

    def old_sprint(self) -> Sprint:
        sid = "s00000000s013"
        goal = Goal(
            "Halve flaky test failures",
            sid,
            owner="ana",
            unit="per day",
            baseline=12,
            target=6,
            closing_value=7,
            id="g0000000000g0",
            created=at(4, 15),
            checkins=[
                CheckIn(d(4, 20), 10, confidence=8, at=at(4, 20)),
                CheckIn(d(4, 26), 8, confidence=6, at=at(4, 26)),
            ],
        )
        return Sprint(
            "Sprint 13",
            d(4, 15),
            d(4, 28),
            purpose="Stabilise the test suite",
            status="closed",
            goals=[goal],
            id=sid,
            created=at(4, 14),
            closed_at=at(4, 29),
        )

    # -- reviews ---------------------------------------------------------------------------

    def first_review(self) -> Review:
        rid = "r0000000000r1"
        return Review(
            "Sprint 12 retro",
            on=d(4, 16),
            format="ssc",
            facilitator="ana",
            participants=["ana", "ben"],
            phase="closed",
            cards=[
                Card(
                    "stop",
                    "Flaky tests block merges",
                    author="ben",
                    tags=["flaky"],
                    id="c00000000c101",
                    created=at(4, 16),
                ),
            ],
            actions=[
                Action(
                    "Quarantine flaky tests",
                    rid,
                    owner="ana",
                    due=d(4, 23),
                    id="a00000000a101",
                    created=at(4, 16),
                ),
            ],
            id=rid,
            created=at(4, 16),
        )

    def previous_review(self) -> Review:
        rid = "r0000000000r2"
        return Review(
            self.text.previous_title,
            on=d(4, 30),
            format="ssc",
            facilitator="ben",
            participants=["ana", "ben", "chen"],
            phase="closed",
            cards=[
                Card(
                    "stop",
                    "Flaky tests again",
                    author="chen",
                    tags=["flaky"],
                    id="c00000000c201",
                    created=at(4, 30),
                ),
            ],
            actions=[
                Action(
                    "Add a deploy dashboard",
                    rid,
                    owner="chen",
                    due=d(5, 7),
                    status="done",
                    done_on=d(5, 6),
                    id="a00000000a201",
                    created=at(4, 30),
                ),
                Action(
                    self.text.action,
                    rid,
                    owner=self.text.owner,
                    due=d(5, 10),
                    id="a00000000a202",
                    created=at(4, 30),
                ),
                Action(
                    "Rewrite the CI in Rust",
                    rid,
                    status="dropped",
                    done_on=d(5, 2),
                    id="a00000000a203",
                    created=at(4, 30),
                ),
            ],
            id=rid,
            created=at(4, 30),
        )

    def review(self, phase: str = "closed") -> Review:
        t = self.text
        rid = "r0000000000r3"
        lead = "c00000000c301"
        cards = [
            Card(
                "sustain",
                "Pairing on the pipeline",
                author="ana",
                votes={"ben": 1},
                id="c00000000c300",
                created=at(5, 14, 9),
            ),
            Card(
                "improve",
                t.card,
                author=t.card_author,
                votes={"ana": 2, "ben": 1},
                group=lead,
                tags=["flaky", "ci"],
                id=lead,
                created=at(5, 14, 10),
            ),
            Card(  # in another column than its group's first card: the group spans columns
                "why",
                "Builds queue behind each other",
                votes={"chen": 1},
                group=lead,
                id="c00000000c302",
                created=at(5, 14, 11),
            ),
            Card(
                "improve",
                "Nobody owns the flaky test list",
                author="dee",
                votes={"dee": 3, "chen": 1},
                tags=["flaky"],
                id="c00000000c303",
                created=at(5, 14, 12),
            ),
            Card(
                "why",
                "The legacy services need a VPN",
                author="ben",
                id="c00000000c304",
                created=at(5, 14, 13),
            ),
            Card(
                "planned",
                "Pipeline for all services",
                author=None,
                id="c00000000c305",
                created=at(5, 14, 14),
            ),
        ]
        return Review(
            t.title,
            on=d(5, 14),
            format="aar",
            facilitator=t.facilitator,
            participants=["ana", "ben", t.person, "dee"],
            sprint_id="s00000000s014",
            phase=phase,  # type: ignore[arg-type]
            cards=cards,
            groups={lead: t.group},
            intents=[
                Intent(
                    t.intent,
                    t.intent_actual,
                    "partly",
                    t.intent_why,
                    id="i00000000i301",
                    created=at(5, 14),
                ),
                Intent(
                    "Keep coverage above 60%",
                    "It stayed at 66%",
                    "met",
                    id="i00000000i302",
                    created=at(5, 14),
                ),
                Intent("Runbook for every alert", "", None, id="i00000000i303", created=at(5, 14)),
            ],
            actions=[
                Action(
                    t.action,
                    rid,
                    owner=t.owner,
                    due=d(5, 28),
                    topic=lead,  # agreed while its group was the topic being discussed
                    id="a00000000a301",
                    created=at(5, 14),
                ),
                Action(
                    "Book the VPN access",
                    rid,
                    owner="chen",
                    due=d(5, 15),
                    status="done",
                    done_on=d(5, 14),
                    id="a00000000a302",
                    created=at(5, 14),
                ),
                Action("Try trunk-based development", rid, id="a00000000a303", created=at(5, 14)),
            ],
            kudos=[
                Kudos(t.person, t.kudos, by="ana", id="k00000000k301", created=at(5, 14)),
                Kudos("dee", "for the pipeline cache", id="k00000000k302", created=at(5, 14)),
            ],
            pulse={"ana": 4, "ben": 3, t.person: 5, "dee": 2},
            id=rid,
            created=at(5, 14),
        )

    def reviews(self) -> list[Review]:
        return [self.first_review(), self.previous_review(), self.review()]

    # -- lessons and team ------------------------------------------------------------------

    def lessons(self) -> list[Lesson]:
        t = self.text
        return [
            Lesson(
                t.lesson,
                on=d(5, 14),
                tags=["deploy", "ops"],
                author=t.card_author,
                review_id="r0000000000r3",
                card_id="c00000000c303",
                id="l00000000l001",
                created=at(5, 14),
            ),
            Lesson(
                "Feature flags make rollbacks boring",
                on=d(5, 2),
                tags=["deploy"],
                author="ben",
                id="l00000000l002",
                created=at(5, 2),
            ),
            Lesson(
                "Write the alert before the feature",
                on=d(4, 20),
                author="chen",
                id="l00000000l003",
                created=at(4, 20),
            ),
            Lesson(
                "Pin the CI image",
                on=d(3, 1),
                tags=["ci"],
                author="ana",
                id="l00000000l004",
                created=at(3, 1),
            ),
        ]

    def team(self) -> Team:
        return Team(
            self.text.team,
            members=[Member("ana", id="m00000000m001", joined=d(1, 2))],
            purposes=[
                PurposeVersion("Keep the lights on", at(1, 2), "ana"),
                PurposeVersion(self.text.purpose, at(4, 14), self.text.person),
            ],
            created=at(1, 2),
        )

    def format(self) -> Format:
        """The built-in AAR format, with the name, a column title and prompt a team could set."""
        aar = get_format("aar")
        columns = [
            replace(c, title=self.text.column, prompt=self.text.prompt) if c.key == "improve" else c
            for c in aar.columns
        ]
        return make_format(aar.key, self.text.format_name, columns, aar.description, intents=True)

    # -- summaries -------------------------------------------------------------------------

    def sprint_summary(self) -> SprintSummary:
        return summarize_sprint(self.sprint(), today=TODAY)

    def review_summary(self, phase: str = "closed") -> ReviewSummary:
        return summarize_review(self.review(phase), self.previous_review(), today=TODAY)

    def team_summary(self, since: date | None = SINCE) -> TeamSummary:
        return summarize_team(
            self.team(),
            [self.old_sprint(), self.sprint()],
            self.reviews(),
            self.lessons(),
            since=since,
            until=d(5, 14),
            today=TODAY,
        )
