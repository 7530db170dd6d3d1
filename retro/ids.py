"""Object ids: a letter for the kind and a random base-32 suffix.

Ids never collide, even when two people create objects on separate machines: the suffix holds 60
random bits. People see and type the shortest unique prefix, at least four characters in all, as
with git's short hashes.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable
from itertools import pairwise

from retro.errors import AmbiguousIdError, NotFoundError, ValidationError

#: Crockford's base-32 alphabet in lower case: no i, l, o or u to misread.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
SUFFIX_LENGTH = 12
MIN_SHOWN = 4

KINDS: dict[str, str] = {
    "r": "review",
    "s": "sprint",
    "g": "goal",
    "c": "card",
    "i": "intent",
    "a": "action",
    "k": "kudos",
    "l": "lesson",
    "m": "member",
    "h": "check-in",
    "d": "decision",
}


def new_id(kind: str) -> str:
    """A fresh id of the given kind letter, e.g. ``new_id("c") == "c9x4…"``."""
    if kind not in KINDS:
        raise ValueError(f"unknown id kind {kind!r}")
    # Each random byte's low five bits pick a letter: uniform, since 32 divides 256. Straight
    # from os.urandom (what `secrets` draws on), without the 6 ms of `secrets`' imports.
    return kind + "".join([ALPHABET[byte & 31] for byte in os.urandom(SUFFIX_LENGTH)])


def kind_of(id_: str) -> str | None:
    """The kind name of an id or id prefix ("card" for "c9x4"), or None if it has no kind."""
    return KINDS.get(id_[:1]) if id_ else None


def is_id(text: str) -> bool:
    """Whether the text has the form of an id or id prefix of some kind."""
    text = text.lower()
    return (
        len(text) >= 2
        and text[0] in KINDS
        and all(ch in ALPHABET for ch in text[1:])
        and len(text) <= SUFFIX_LENGTH + 1
    )


def normalise(text: str, kind: str | None = None) -> str:
    """Check an id prefix typed by a person and return it in canonical (lower) case.

    Args:
        text: what the person typed.
        kind: the kind letter expected, or None for any.

    Raises:
        ValidationError: the text is not an id prefix, is shorter than four characters, or is
            of another kind.
    """
    prefix = text.strip().lower()
    if not is_id(prefix):
        raise ValidationError(f"'{text}' is not an id (ids look like r7kq2 or c9x4)")
    if len(prefix) < MIN_SHOWN:
        raise ValidationError(f"id '{text}' is too short: type at least {MIN_SHOWN} characters")
    if kind is not None and prefix[0] != kind:
        raise ValidationError(f"'{text}' is the id of a {KINDS[prefix[0]]}, not of a {KINDS[kind]}")
    return prefix


def resolve(text: str, ids: Iterable[str], kind: str | None = None) -> str:
    """The one id among `ids` that starts with the typed prefix.

    Raises:
        ValidationError: the prefix is malformed or of the wrong kind.
        NotFoundError: nothing matches.
        AmbiguousIdError: several ids match; the error lists them.
    """
    prefix = normalise(text, kind)
    matches = sorted({i for i in ids if i.startswith(prefix)})
    if not matches:
        what = KINDS[prefix[0]]
        raise NotFoundError(f"no {what} has the id '{text}'")
    if len(matches) > 1:
        raise AmbiguousIdError(text, [shortest_prefixes(matches)[m] for m in matches])
    return matches[0]


def shortest_prefixes(ids: Iterable[str], min_length: int = MIN_SHOWN) -> dict[str, str]:
    """For each id, the shortest prefix of at least `min_length` that no other id shares.

    Sorting puts the ids that share the longest prefix with a given id right beside it, so the
    whole map costs one sort and a linear pass.
    """
    ordered = sorted(set(ids))
    result: dict[str, str] = {}
    for index, id_ in enumerate(ordered):
        need = min_length
        for other_index in (index - 1, index + 1):
            if 0 <= other_index < len(ordered):
                need = max(need, _common_length(id_, ordered[other_index]) + 1)
        result[id_] = id_[: min(need, len(id_))]
    return result


def shown_length(count: int) -> int:
    """How many characters to show for a new id when its neighbours are not all loaded.

    Like git's automatic abbreviation: enough characters that the new id's prefix is very
    unlikely to be shared by any of the `count` other ids of its kind (a chance under 1 in
    1,000). Callers still check the ids they have loaded, and resolving a prefix is always
    exact: a clash only means typing one more character, and the error lists the candidates.
    """
    length = MIN_SHOWN
    # The chance that one of `count` random ids shares the prefix: count / 32 ** (length - 1).
    while count * 1000 > 32 ** (length - 1) and length < SUFFIX_LENGTH + 1:
        length += 1
    return length


def _common_length(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def shortest_among(only: Iterable[str], every: Iterable[str]) -> dict[str, str]:
    """For each id of `only`, its shortest prefix (of at least four characters) that no other
    id of `every` shares: the same prefixes as `shortest_prefixes(every)` gives them, for a
    list that shows some ids of many.

    One sort: the ids that share their first four characters are then side by side. An id of
    `every` whose first four no other id starts with (most of them) is shown by those; any
    other id is compared with its neighbours in the sorted ids (a binary search).
    """
    known = set(every)
    ordered = sorted(known)
    least = MIN_SHOWN
    heads = [i[:least] for i in ordered]
    shared = {head for head, after in pairwise(heads) if head == after}
    out: dict[str, str] = {}
    for full in only:
        head = full[:least]
        if head not in shared and full in known:
            out[full] = head
        else:
            out[full] = _shortest_among(full, ordered, least)
    return out


def _shortest_among(full: str, ordered: list[str], least: int) -> str:
    """The shortest prefix of `full` (at least `least` characters) that none of the sorted ids
    beside its place in `ordered` shares."""
    at = bisect.bisect_left(ordered, full)
    need = least
    for other in ordered[max(0, at - 1) : at + 2]:
        # They share at least `need` characters exactly when their first `need` are the same
        # (an id shorter than `need` shares them with no other).
        if other[:need] == full[:need] and other != full:
            need = _shared(full, other) + 1
    return full[:need]


def _shared(one: str, other: str) -> int:
    """How many characters two texts share at their start."""
    n = min(len(one), len(other))
    for i in range(n):
        if one[i] != other[i]:
            return i
    return n
