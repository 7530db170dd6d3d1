"""A store file's tables and the model objects in them: building (and so checking) every
document, and the tables a review or sprint is written as. Pure: no file is read here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from retro import model  # each class on first use: a lesson's write builds no review
from retro.errors import ValidationError
from retro.store import files
from retro.store.files import META, Tables, meta_table

if TYPE_CHECKING:
    from retro.model import Decision, Review, Sprint, Team

T = TypeVar("T")


def by_created(docs: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(docs.values(), key=lambda d: (str(d.get("created", "")), str(d.get("id", ""))))


def build(factory: Callable[[dict[str, Any]], T], data: dict[str, Any], path: Path) -> T:
    try:
        return factory(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise files.CorruptStoreError(
            path, f"a document is missing or has a bad field: {exc!r}"
        ) from None
    except ValidationError as exc:
        raise files.CorruptStoreError(path, f"a document breaks a rule: {exc.message}") from None


def team_of(data: Tables, path: Path) -> Team:
    """The team of a team file's tables (its module, and the formats, imported only then: a
    lesson's write or search has no use for them)."""
    return build(model.Team.from_dict, data["team"]["team"], path)


def check_documents(path: Path, kind: str, data: Tables) -> None:
    """Build every document of a store file, so that a damaged one is found before a write.

    Raises:
        CorruptStoreError: a document is missing a field or breaks a rule.
    """
    if kind == "review":
        review_from_tables(data, path)
    elif kind == "sprint":
        sprint_from_tables(data, path)
    elif kind == "decision":
        decision_from_tables(data, path)
    elif kind == "lessons":
        for doc in data.get("lessons", {}).values():
            build(model.Lesson.from_dict, doc, path)
    elif kind == "team" and "team" in data.get("team", {}):
        team_of(data, path)


REVIEW_TABLES = ("cards", "intents", "actions", "kudos")


def review_from_tables(data: Tables, path: Path) -> Review:
    """Build a Review from the tables of its file."""
    found = list(data.get("review", {}).values())
    if len(found) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one review")
    content = {name: by_created(data.get(name, {})) for name in REVIEW_TABLES}
    return build(model.Review.from_dict, {**found[0], **content}, path)


def review_to_tables(review: Review) -> Tables:
    """The tables of a review's file."""
    tables: Tables = {META: meta_table("review"), "review": {review.id: review.header_dict()}}
    for name, items in (
        ("cards", review.cards),
        ("intents", review.intents),
        ("actions", review.actions),
        ("kudos", review.kudos),
    ):
        tables[name] = {item.id: item.to_dict() for item in items}
    return tables


def sprint_from_tables(data: Tables, path: Path) -> Sprint:
    """Build a Sprint from the tables of its file."""
    headers = list(data.get("sprint", {}).values())
    if len(headers) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one sprint")
    return build(
        model.Sprint.from_dict, {**headers[0], "goals": by_created(data.get("goals", {}))}, path
    )


def sprint_to_tables(sprint: Sprint) -> Tables:
    """The tables of a sprint's file."""
    header = sprint.to_dict()
    header.pop("goals")
    return {
        META: meta_table("sprint"),
        "sprint": {sprint.id: header},
        "goals": {goal.id: goal.to_dict() for goal in sprint.goals},
    }


def decision_from_tables(data: Tables, path: Path) -> Decision:
    """Build the Decision of a decision file's tables (one decision per file)."""
    docs = list(data.get("decision", {}).values())
    if len(docs) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one decision")
    return build(model.Decision.from_dict, docs[0], path)


def decision_to_tables(decision: Decision) -> Tables:
    """The tables of a decision's file."""
    return {META: meta_table("decision"), "decision": {decision.id: decision.to_dict()}}
