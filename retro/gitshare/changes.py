"""What changed in a store between two versions of its files: documents added, edited and
deleted by kind and by who made them, and the sentences that say so ("3 cards, 1 lesson",
"3 new cards from bo"). Pure: tables in, counts and words out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from retro.store.files import META, Tables

NOUNS = {
    "review": ("review", "reviews"),
    "cards": ("card", "cards"),
    "intents": ("intent", "intents"),
    "actions": ("action", "actions"),
    "kudos": ("kudos", "kudos"),
    "sprint": ("sprint", "sprints"),
    "goals": ("goal", "goals"),
    "checkins": ("check-in", "check-ins"),
    "lessons": ("lesson", "lessons"),
    "decision": ("decision", "decisions"),
    "team": ("team", "teams"),
    "store": ("catalogue", "catalogues"),
}
ORDER = list(NOUNS)


@dataclass
class Changes:
    """Documents added, edited and deleted, by table; who added them, by table."""

    added: Counter[str] = field(default_factory=Counter)
    edited: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    added_by: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.added or self.edited or self.deleted)

    def update(self, other: Changes) -> None:
        for mine, theirs in (
            (self.added, other.added),
            (self.edited, other.edited),
            (self.deleted, other.deleted),
        ):
            mine.update(theirs)
        self.added_by.update(other.added_by)

    def to_dict(self) -> dict[str, Any]:
        def named(counts: Counter[str]) -> dict[str, int]:
            return {NOUNS.get(k, (k, k))[1]: n for k, n in sorted(counts.items(), key=_rank)}

        return {
            "added": named(self.added),
            "edited": named(self.edited),
            "deleted": named(self.deleted),
            "new_by": [
                {"what": NOUNS.get(k, (k, k))[1], "by": who, "count": n}
                for (k, who), n in sorted(self.added_by.items())
            ],
        }


def _rank(item: tuple[str, int]) -> int:
    return _order(item[0])


def _order(table: str) -> int:
    return ORDER.index(table) if table in ORDER else len(ORDER)


def count(n: int, table: str) -> str:
    """ "3 cards", "1 lesson"."""
    one, many = NOUNS.get(table, (table, table))
    return f"{n} {one if n == 1 else many}"


def between(old: Tables | None, new: Tables | None) -> Changes:
    """What changed from one version of a file to the next (either may be None: no file)."""
    changes = Changes()
    old, new = old or {}, new or {}
    for name in sorted({*old, *new} - {META}):
        before, after = old.get(name, {}), new.get(name, {})
        for doc_id in {*before, *after}:
            _document(changes, name, before.get(doc_id), after.get(doc_id))
    return changes


def _document(changes: Changes, name: str, before: Any, after: Any) -> None:
    if before is None and after is not None:
        changes.added[name] += 1
        who = _author(after)
        if who:
            changes.added_by[(name, who)] += 1
        for checkin in after.get("checkins", []) if isinstance(after, dict) else []:
            _document(changes, "checkins", None, checkin)
    elif after is None and before is not None:
        changes.deleted[name] += 1
    elif before != after:
        if name == "goals" and isinstance(before, dict) and isinstance(after, dict):
            old = {c.get("id"): c for c in before.get("checkins", []) if isinstance(c, dict)}
            new = {c.get("id"): c for c in after.get("checkins", []) if isinstance(c, dict)}
            for key in {*old, *new}:
                _document(changes, "checkins", old.get(key), new.get(key))
            if {k: v for k, v in before.items() if k != "checkins"} == {
                k: v for k, v in after.items() if k != "checkins"
            }:
                return
        changes.edited[name] += 1


def _author(doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return None
    for key in ("author", "by", "facilitator", "decider", "owner"):
        if isinstance(doc.get(key), str) and doc[key]:
            return str(doc[key])
    return None


def summary(changes: Changes) -> str:
    """ "3 cards, 1 lesson, 2 edited, 1 deleted": what a commit message says changed."""
    parts = [count(n, k) for k, n in sorted(changes.added.items(), key=_rank)]
    edited, deleted = sum(changes.edited.values()), sum(changes.deleted.values())
    if edited:
        parts.append(f"{edited} edited")
    if deleted:
        parts.append(f"{deleted} deleted")
    return ", ".join(parts) or "no change"


def news(changes: Changes) -> str:
    """ "3 new cards from bo, 1 new lesson from cy": what a sync brought in."""
    parts: list[str] = []
    credited: Counter[str] = Counter()
    for (table, who), n in sorted(changes.added_by.items(), key=lambda i: (_order(i[0][0]), i[0])):
        parts.append(f"{count(n, table).replace(' ', ' new ', 1)} from {who}")
        credited[table] += n
    for table, n in sorted(changes.added.items(), key=_rank):
        if n > credited[table]:
            parts.append(count(n - credited[table], table).replace(" ", " new ", 1))
    edited = sum(changes.edited.values())
    if edited:
        parts.append(f"{edited} edited")
    return ", ".join(parts) or "nothing new"
