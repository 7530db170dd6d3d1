"""Deterministic ids, times and picks for the demo, from one seeded generator."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, time

from retro.ids import ALPHABET, SUFFIX_LENGTH
from retro.text import one_line


class Maker:
    """Ids, times and choices from one seeded `random.Random`, so one day gives one demo."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def id(self, kind: str) -> str:
        """A fresh id of this kind ("r", "c", …), drawn from the seeded generator."""
        return kind + "".join(self.rng.choices(ALPHABET, k=SUFFIX_LENGTH))

    def derived_id(self, kind: str, *parts: str) -> str:
        """An id of this kind derived from `parts` (a check-in's goal and day), leaving the
        seeded generator alone: check-ins got ids after the demo's data was settled, and
        drawing them from the generator would change every pick after the first."""
        digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
        return kind + "".join(ALPHABET[byte & 31] for byte in digest[:SUFFIX_LENGTH])

    def at(self, day: date, hour: int | None = None) -> datetime:
        """A moment on `day` (UTC), at `hour` or during working hours."""
        hour = self.rng.randint(9, 17) if hour is None else hour
        return datetime.combine(day, time(hour, self.rng.randint(0, 59)), UTC)

    def pick(self, items: tuple[str, ...] | list[str]) -> str:
        """One of the items."""
        return self.rng.choice(items)


def clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters, with an ellipsis when cut."""
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"
