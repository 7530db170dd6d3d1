"""Three versions of one store file (the common ancestor, ours, theirs) merged into one, by
document id. Pure: bytes in, bytes and reports out; nothing is read or written here.

The rules (docs/git.md):

- a document added on either side is kept; deleted on one side and unchanged on the other, it
  is deleted; deleted on one side and edited on the other, the edit is kept, and reported;
- a field changed on one side takes that change; changed on both sides to different values,
  the later change wins (the document's own ``updated`` time where both sides have one, else
  the time each side's version was made) and the other value is reported; equal times are
  settled by the values themselves, so that merging A into B and B into A agree;
- maps (votes, pulse, groups) merge key by key; lists of plain values (tags, participants,
  RACI names) as sets: what either side added is kept, what one side removed goes;
- lists of documents (check-ins by id, members by id, format columns by key) merge as documents
  by id; a review's phase is the later one (by when each phase began);
- a file of an older schema is migrated first (schema 1 check-ins get their ids); a damaged or
  foreign file raises, so nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from retro.errors import CorruptStoreError, ForeignStoreError
from retro.ids import ALPHABET, SUFFIX_LENGTH
from retro.model.rules import PHASES
from retro.store import files
from retro.store.documents import check_documents
from retro.store.files import META, Tables

__all__ = ["MergeResult", "merge_files", "merge_tables"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

SINGULAR = {
    "cards": "card",
    "intents": "intent",
    "actions": "action",
    "kudos": "kudos",
    "lessons": "lesson",
    "goals": "goal",
    "checkins": "check-in",
    "members": "member",
    "store": "catalogue",
}
"""What a document of each table (or list) is called in a report."""

_ORDER_FIELDS = ("created", "at", "on", "added", "joined")


@dataclass
class MergeResult:
    """The merged file's bytes and what the merge has to say about it."""

    data: bytes
    reports: list[str] = field(default_factory=list)


@dataclass
class _Ctx:
    """Where in the file a merge is, and when each side's version of it was made."""

    where: str
    ours_at: float | None
    theirs_at: float | None
    reports: list[str]

    def at(self, where: str, ours: Any = None, theirs: Any = None) -> _Ctx:
        """The context of a part of this one; a document's own ``updated`` times, if both
        sides have one, replace the sides' times."""
        o_at, t_at = self.ours_at, self.theirs_at
        if isinstance(ours, dict) and isinstance(theirs, dict):
            o_doc, t_doc = _time(ours.get("updated")), _time(theirs.get("updated"))
            if o_doc is not None and t_doc is not None:
                o_at, t_at = o_doc, t_doc
        return _Ctx(where, o_at, t_at, self.reports)

    def later(self, ours: Any, theirs: Any) -> tuple[Any, Any]:
        """The later of two conflicting values and the other: by time, else by value."""
        o_at, t_at = self.ours_at, self.theirs_at
        if o_at is not None and t_at is not None and o_at != t_at:
            return (ours, theirs) if o_at > t_at else (theirs, ours)
        return (ours, theirs) if _canon(ours) >= _canon(theirs) else (theirs, ours)


def merge_files(
    path: Path,
    base: bytes | None,
    ours: bytes,
    theirs: bytes,
    *,
    ours_at: float | None = None,
    theirs_at: float | None = None,
) -> MergeResult:
    """Merge three versions of the store file `path` (its name is used in messages only).

    Args:
        base: the common ancestor's bytes; None or empty when both sides added the file.
        ours_at, theirs_at: when each side's version was made (seconds since the epoch), or
            None when unknown (a conflict is then settled by the values alone).

    Raises:
        CorruptStoreError: a version is damaged, or the merge cannot be built by the model.
        ForeignStoreError: a version is not a retro store file, is newer, or the three are of
            different kinds.
    """
    versions = [
        files.parse(path, raw, None) if raw is not None and raw.strip() else None
        for raw in (base, ours, theirs)
    ]
    if versions[1] is None or versions[2] is None:
        raise CorruptStoreError(path, "one side of the merge is empty")
    kinds = {v[META]["file"]["kind"] for v in versions if v is not None}
    if len(kinds) != 1:
        raise ForeignStoreError(
            f"{path} holds different kinds of file ({', '.join(sorted(kinds))}) on the two "
            "sides; nothing was merged"
        )
    kind = kinds.pop()
    for version in versions:
        if version is not None:
            check_documents(path, kind, version)
    base_v, ours_v, theirs_v = _migrated(versions)
    assert ours_v is not None and theirs_v is not None
    reports: list[str] = []
    merged = merge_tables(
        base_v,
        ours_v,
        theirs_v,
        where=path.as_posix(),
        ours_at=ours_at,
        theirs_at=theirs_at,
        reports=reports,
    )
    merged[META] = files.meta_table(kind)
    check_documents(path, kind, merged)
    if kind == "catalogue" and not isinstance(merged.get("store", {}).get("info"), dict):
        raise CorruptStoreError(path, "the merged catalogue does not say which schema it is")
    return MergeResult(files.encode(merged), reports)


def merge_tables(
    base: Tables | None,
    ours: Tables,
    theirs: Tables,
    *,
    where: str = "",
    ours_at: float | None = None,
    theirs_at: float | None = None,
    reports: list[str] | None = None,
) -> Tables:
    """Merge the tables of three versions of a file, document by document (no ``_meta``)."""
    out = reports if reports is not None else []
    ctx = _Ctx(where, ours_at, theirs_at, out)
    base = base or {}
    merged: Tables = {}
    for name in sorted({*base, *ours, *theirs} - {META}):
        b, o, t = base.get(name, {}), ours.get(name, {}), theirs.get(name, {})
        table: dict[str, Any] = {}
        for doc_id in sorted({*b, *o, *t}):
            what = f"{SINGULAR.get(name, name)} {doc_id}"
            doc = _merge_doc(
                b.get(doc_id, MISSING),
                o.get(doc_id, MISSING),
                t.get(doc_id, MISSING),
                ctx.at(f"{where}: {what}", o.get(doc_id), t.get(doc_id)),
            )
            if doc is not MISSING:
                table[doc_id] = doc
        merged[name] = table
    if "store" in merged:
        _catalogue_schema(merged, ours, theirs)
    return merged


def _catalogue_schema(merged: Tables, ours: Tables, theirs: Tables) -> None:
    """A catalogue's schema is the newer of the two (the files were migrated to it)."""
    info = merged.get("store", {}).get("info")
    if isinstance(info, dict):
        schemas = [
            v.get("store", {}).get("info", {}).get("schema")
            for v in (ours, theirs)
            if isinstance(v.get("store", {}).get("info"), dict)
        ]
        known = [s for s in schemas if isinstance(s, int)]
        if known:
            info["schema"] = max(known)


def _merge_doc(b: Any, o: Any, t: Any, ctx: _Ctx) -> Any:
    """One document (or list item) by id: the deletion rules, then its fields."""
    if o is MISSING or t is MISSING:
        if o is MISSING and t is MISSING:
            return MISSING
        present = t if o is MISSING else o
        if b is MISSING or _canon(present) == _canon(b):
            return present if b is MISSING else MISSING
        side = "ours" if o is MISSING else "theirs"
        ctx.reports.append(
            f"{ctx.where} was deleted on one side ({side}) and edited on the other; "
            "the edit is kept"
        )
        return present
    if isinstance(o, dict) and isinstance(t, dict) and "phase" in o and "phase" in t:
        return _merge_phase(b, o, t, ctx)
    return _merge(b, o, t, ctx)


def _merge_phase(b: Any, o: dict[str, Any], t: dict[str, Any], ctx: _Ctx) -> Any:
    """A review's header: its phase is the later one (the one that began later, then the one
    further on), with the start and time box that came with it; the rest field by field."""
    base = b if isinstance(b, dict) else {}
    merged = _merge(base, o, t, ctx)
    phases = (base.get("phase", MISSING), o.get("phase"), t.get("phase"))
    if phases[1] != phases[2] and phases[0] not in phases[1:]:

        def rank(doc: dict[str, Any]) -> tuple[float, int]:
            phase = doc.get("phase")
            return (
                _time(doc.get("phase_started")) or 0.0,
                PHASES.index(phase) if phase in PHASES else -1,
            )

        winner, loser = (o, t) if rank(o) >= rank(t) else (t, o)
        for name in ("phase", "phase_started", "timebox_minutes"):
            merged[name] = winner.get(name)
        ctx.reports[:] = [r for r in ctx.reports if not r.startswith(f"{ctx.where} phase")]
        ctx.reports.append(
            f"{ctx.where}: the phase changed on both sides; kept {winner.get('phase')} "
            f"(the later), not {loser.get('phase')}"
        )
    return merged


def _merge(b: Any, o: Any, t: Any, ctx: _Ctx) -> Any:
    """Three versions of one value."""
    if o == t:
        return o
    if _same(b, o):
        return t
    if _same(b, t):
        return o
    if o is MISSING or t is MISSING:  # a key removed on one side, changed on the other
        return t if o is MISSING else o
    if isinstance(o, dict) and isinstance(t, dict):
        base = b if isinstance(b, dict) else {}
        out: dict[str, Any] = {}
        for key in sorted({*base, *o, *t}):
            value = _merge(
                base.get(key, MISSING),
                o.get(key, MISSING),
                t.get(key, MISSING),
                ctx.at(f"{ctx.where} {key}"),
            )
            if value is not MISSING:
                out[key] = value
        return out
    if isinstance(o, list) and isinstance(t, list):
        return _merge_list(b if isinstance(b, list) else [], o, t, ctx)
    winner, loser = ctx.later(o, t)
    ctx.reports.append(
        f"{ctx.where}: changed on both sides; kept {_shown(winner)} (the later change), "
        f"not {_shown(loser)}"
    )
    return winner


def _merge_list(b: list[Any], o: list[Any], t: list[Any], ctx: _Ctx) -> list[Any]:
    """A list as a set of items by key: documents by id (or key, or name), plain values by
    value. Items of the ancestor keep its order; new ones follow, oldest first."""
    key = _key_of([*b, *o, *t])
    bm, om, tm = ({key(x): x for x in side} for side in (b, o, t))
    order = [k for k in bm] + sorted(
        {*om, *tm} - set(bm),
        key=lambda k: min(_order_key(x) for x in (om.get(k, MISSING), tm.get(k, MISSING))),
    )
    name = ctx.where.rsplit(" ", 1)[-1]
    out: list[Any] = []
    for k in order:
        b_item, o_item, t_item = bm.get(k, MISSING), om.get(k, MISSING), tm.get(k, MISSING)
        if isinstance(k, tuple) and k[0] == "doc":
            label = f"{ctx.where.rsplit(' ', 1)[0]} {SINGULAR.get(name, name)} {k[1]}"
            value = _merge_doc(b_item, o_item, t_item, ctx.at(label, o_item, t_item))
        elif o_item is not MISSING and t_item is not MISSING:
            value = o_item
        else:
            value = _merge_doc(b_item, o_item, t_item, ctx)
        if value is not MISSING:
            out.append(value)
    return out


def _key_of(items: list[Any]) -> Callable[[Any], Any]:
    """How the items of a list are told apart: documents by id, key or name; else by value."""
    if items and all(isinstance(x, dict) for x in items):
        for name in ("id", "key", "name"):
            if all(isinstance(x.get(name), str) for x in items):
                return _doc_key(name)
    return _canon


def _doc_key(name: str) -> Callable[[Any], Any]:
    return lambda item: ("doc", item[name])


def _order_key(item: Any) -> tuple[str, bytes]:
    if item is MISSING:
        return ("\uffff", b"")
    when = ""
    if isinstance(item, dict):
        when = next((str(item[f]) for f in _ORDER_FIELDS if item.get(f) is not None), "")
    return (when, _canon(item))


def _same(b: Any, x: Any) -> bool:
    return b is x if b is MISSING or x is MISSING else bool(b == x)


def _canon(value: Any) -> bytes:
    if value is MISSING:
        return b""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _shown(value: Any) -> str:
    text = _canon(value).decode("utf-8", "replace")
    return text if len(text) <= 60 else text[:57] + "..."


def _time(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        return None


# --- older schemas ------------------------------------------------------------------------------


def _migrated(versions: list[Tables | None]) -> list[Tables | None]:
    """Every version at the current schema. Schema 1 → 2 gives each check-in an id: the id the
    same check-in has on a side that was migrated already, else one made from its content (so
    the two sides, migrated here separately, agree on it)."""
    known: dict[tuple[str, bytes], str] = {}
    for version in versions:
        for goal_id, checkin in _checkins(version):
            if checkin.get("id"):
                known[(goal_id, _canon({**checkin, "id": None}))] = checkin["id"]
    out: list[Tables | None] = []
    for version in versions:
        if version is None or version[META]["file"]["schema"] >= files.SCHEMA_VERSION:
            out.append(version)
            continue
        version = orjson.loads(orjson.dumps(version))
        for goal_id, checkin in _checkins(version):
            if not checkin.get("id"):
                content = _canon({**checkin, "id": None})
                checkin["id"] = known.get((goal_id, content)) or _content_id(goal_id, content)
        version[META] = files.meta_table(version[META]["file"]["kind"])
        out.append(version)
    return out


def _checkins(version: Tables | None) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for goal_id, goal in (version or {}).get("goals", {}).items():
        for checkin in goal.get("checkins", []) if isinstance(goal, dict) else []:
            if isinstance(checkin, dict):
                found.append((goal_id, checkin))
    return found


def _content_id(goal_id: str, content: bytes) -> str:
    digest = hashlib.sha256(goal_id.encode() + b"\0" + content).digest()
    return "h" + "".join(ALPHABET[byte & 31] for byte in digest[:SUFFIX_LENGTH])
