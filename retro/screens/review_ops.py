"""What the review board does to a review: changes for `store.update_review`.

Each `Change` calls the review's own rule (`retro.model.board`, the same the CLI calls) on the
review it is given (inside the store's lock) and returns it, so the board redraws from exactly
what was written. The forms that ask for the details of a change are
in `review_forms`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from retro.errors import RuleError
from retro.formats import Format
from retro.model import Review

Change = Callable[[Review], Review]


def tags(text: str) -> list[str]:
    """Tags typed in a field: split on spaces and commas, bare "#" left out."""
    return [t for t in text.replace(",", " ").split() if t.strip("#")]


# --- changes (pure over the review they are given) -------------------------------------------


def delete_card(card_id: str, viewer: str) -> Change:
    def change(review: Review) -> Review:
        review.delete_card(card_id, viewer)
        return review

    return change


def move_card(card_id: str, fmt: Format, step: int) -> Change:
    def change(review: Review) -> Review:
        keys = fmt.column_keys
        index = keys.index(review.card(card_id).column) + step
        if not 0 <= index < len(keys):
            raise RuleError("the card is in the last column that way")
        review.move_card(card_id, keys[index])
        return review

    return change


def group_cards(card_id: str, target_id: str) -> Change:
    def change(review: Review) -> Review:
        review.group(target_id, [card_id])
        return review

    return change


def ungroup_card(card_id: str) -> Change:
    def change(review: Review) -> Review:
        review.ungroup(card_id)
        return review

    return change


def vote(card_id: str, person: str, step: int) -> Change:
    def change(review: Review) -> Review:
        if step > 0:
            review.vote(card_id, person)
        else:
            review.unvote(card_id, person)
        return review

    return change


def set_phase(phase: str, now: datetime, actor: str) -> Change:
    """Move the phase as `actor` (refused unless they lead the review)."""

    def change(review: Review) -> Review:
        review.lead_phase(phase, now, actor)
        return review

    return change


def toggle_action(action_id: str, today: date) -> Change:
    def change(review: Review) -> Review:
        action = review.action(action_id)
        if action.status == "open":
            action.status, action.done_on = "done", today
        else:
            action.status, action.done_on = "open", None
        return review

    return change
