"""Renaming: the one rule a team, a review and a sprint share (their names are data, kept
stripped, never empty; everything else refers to them by id, so a new name orphans nothing)."""

from __future__ import annotations

from retro.model.rules import _text


def new_title(old: str, title: str, what: str) -> str | None:
    """The stripped new title, or None when it is the same as `old`.

    Raises:
        ValidationError: the title is empty or not text.
    """
    title = _text(title, what).strip()
    return None if title == old else title


class Titled:
    """A thing with a title that people may correct (a review, a sprint)."""

    title: str
    TITLE_OF = "the title"

    def rename(self, title: str) -> bool:
        """Give it a new title; False when the title is unchanged.

        Raises:
            ValidationError: the new title is empty.
        """
        new = new_title(self.title, title, self.TITLE_OF)
        if new is None:
            return False
        self.title = new
        return True
