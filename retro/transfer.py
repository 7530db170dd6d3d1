"""The whole store as one JSON document, and import of that document (merging by id).

A client of the store, as the CLI is: it reads every object with `Store`'s public reads and
writes through its public writes (each one a rule-checked, atomic TinyDB write), so it lives
beside the store rather than in it.

``dump`` is deterministic (no timestamps, lists sorted by id), so export, import, export gives the
same document. ``load`` checks everything before it writes anything: a document that is not a
retro export, or comes from a newer schema, is refused and the store is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from retro.errors import ForeignStoreError, RetroError, ValidationError
from retro.model import Decision, Lesson, Review, Sprint, Team
from retro.store.files import SCHEMA_VERSION

if TYPE_CHECKING:
    from retro.store.store import Store

EXPORT_FORMAT = "retro-store"


@dataclass
class ImportReport:
    """What an import added and what it found there already."""

    added: dict[str, int] = field(default_factory=dict)
    """Objects added, by kind (``reviews``, ``cards`` …)."""
    skipped: int = 0
    """Objects already in the store (same id), left as they were."""
    created_store: bool = False
    """Whether the import created the store."""

    def count(self, kind: str, n: int = 1) -> None:
        if n:
            self.added[kind] = self.added.get(kind, 0) + n

    @property
    def total(self) -> int:
        return sum(self.added.values())


def dump(store: Store) -> dict[str, Any]:
    """Every object of the store, with the schema version, as JSON-ready data."""
    return {
        "format": EXPORT_FORMAT,
        "schema": SCHEMA_VERSION,
        "team": store.team().to_dict(),
        "reviews": [r.to_dict() for r in sorted(store.reviews(), key=lambda r: r.id)],
        "sprints": [s.to_dict() for s in sorted(store.sprints(), key=lambda s: s.id)],
        "lessons": [x.to_dict() for x in sorted(store.lessons(), key=lambda x: x.id)],
        "decisions": [d.to_dict() for d in sorted(store.decisions(), key=lambda d: d.id)],
    }


@dataclass
class _Parsed:
    team: Team
    reviews: list[Review]
    sprints: list[Sprint]
    lessons: list[Lesson]
    decisions: list[Decision]


def parse_export(data: Any) -> _Parsed:
    """Check a whole export document and build its objects (nothing is written).

    Raises:
        ForeignStoreError: not a retro export, or from a newer schema.
        ValidationError: an object in it is invalid; the message says which.
    """
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ForeignStoreError(
            "this is not a retro export (made by 'retro export team --format json'); "
            "nothing was imported"
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise ForeignStoreError(
            f"this export has schema {schema}, newer than this retro knows ({SCHEMA_VERSION}); "
            "upgrade retro to import it. Nothing was imported"
        )

    def build(kind: str, factory: Any, items: Any) -> list[Any]:
        if not isinstance(items, list):
            raise ValidationError(f"'{kind}' in the export is not a list; nothing was imported")
        out = []
        for index, item in enumerate(items):
            try:
                out.append(factory(item))
            except RetroError as exc:
                raise ValidationError(
                    f"{kind}[{index}] in the export is invalid: {exc.message}; nothing was imported"
                ) from None
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ValidationError(
                    f"{kind}[{index}] in the export is malformed ({exc!r}); nothing was imported"
                ) from None
        return out

    (team,) = build("team", Team.from_dict, [data.get("team")])
    return _Parsed(
        team=team,
        reviews=build("reviews", Review.from_dict, data.get("reviews", [])),
        sprints=build("sprints", Sprint.from_dict, data.get("sprints", [])),
        lessons=build("lessons", Lesson.from_dict, data.get("lessons", [])),
        decisions=build("decisions", Decision.from_dict, data.get("decisions", [])),
    )


def load(store: Store, data: Any) -> ImportReport:
    """Import an export document into the store, creating it if needed, merging by id."""
    parsed = parse_export(data)
    report = ImportReport()
    if not store.exists():
        store.init(parsed.team.name)
        report.created_store = True
    with store.batch():
        store.update_team(lambda team: _merge_team(team, parsed.team, report))
        existing_reviews = set(store.review_ids())
        for review in parsed.reviews:
            if review.id in existing_reviews:
                store.update_review(review.id, partial(_merge_review, other=review, report=report))
            else:
                store.add_review(review)
                report.count("reviews")
                for kind in ("cards", "intents", "actions", "kudos"):
                    report.count(kind, len(getattr(review, kind)))
        existing_sprints = set(store.sprint_ids())
        for sprint in parsed.sprints:
            if sprint.id in existing_sprints:
                store.update_sprint(sprint.id, partial(_merge_sprint, other=sprint, report=report))
            else:
                store.add_sprint(sprint)
                report.count("sprints")
                report.count("goals", len(sprint.goals))
        known_lessons = set(store.lesson_ids())
        for lesson in parsed.lessons:
            if lesson.id in known_lessons:
                report.skipped += 1
            else:
                store.add_lesson(lesson)
                report.count("lessons")
        known_decisions = set(store.decision_ids())
        for decision in parsed.decisions:
            if decision.id in known_decisions:
                report.skipped += 1
            else:
                store.add_decision(decision)
                report.count("decisions")
    return report


def _merge_list(mine: list[Any], theirs: list[Any], kind: str, report: ImportReport) -> None:
    known = {item.id for item in mine}
    for item in theirs:
        if item.id in known:
            report.skipped += 1
        else:
            mine.append(item)
            report.count(kind)


def _merge_team(team: Team, other: Team, report: ImportReport) -> None:
    if report.created_store:
        # A new store takes the exported team as it was.
        team.__dict__.update(Team.from_dict(other.to_dict()).__dict__)
        return
    report.skipped += 1
    _merge_list(team.members, other.members, "members", report)
    texts = {a.text for a in team.agreements}
    team.agreements.extend(a for a in other.agreements if a.text not in texts)
    seen = {(p.text, p.set_at) for p in team.purposes}
    # The history keeps its order; versions only the import knows follow, oldest first.
    extra = [p for p in other.purposes if (p.text, p.set_at) not in seen]
    team.purposes.extend(sorted(extra, key=lambda p: p.set_at))
    keys = {f.key for f in team.formats}
    team.formats.extend(f for f in other.formats if f.key not in keys)


def _merge_review(review: Review, other: Review, report: ImportReport) -> None:
    report.skipped += 1
    for kind in ("cards", "intents", "actions", "kudos"):
        _merge_list(getattr(review, kind), getattr(other, kind), kind, report)
    for person, score in other.pulse.items():
        review.pulse.setdefault(person, score)
    for group, title in other.groups.items():
        review.groups.setdefault(group, title)
    for person in other.participants:
        review.add_participant(person)


def _merge_sprint(sprint: Sprint, other: Sprint, report: ImportReport) -> None:
    report.skipped += 1
    mine = {g.id: g for g in sprint.goals}
    for goal in other.goals:
        if goal.id not in mine:
            sprint.goals.append(goal)
            report.count("goals")
            continue
        report.skipped += 1
        seen = {(c.on, c.at) for c in mine[goal.id].checkins}
        for checkin in goal.checkins:
            if (checkin.on, checkin.at) not in seen:
                mine[goal.id].checkins.append(checkin)
                report.count("checkins")
