"""What the review board does to a review: changes for `store.update_review`.

Each `Change` mutates the review it is given (inside the store's lock) and returns it, so the
board redraws from exactly what was written. The forms that ask for the details of a change are
in `review_forms`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from retro.errors import RuleError
from retro.formats import Format
from retro.model import Review
from retro.widgets.text import clip

Change = Callable[[Review], Review]


def tags(text: str) -> list[str]:
    """Tags typed in a field: split on spaces and commas, bare "#" left out."""
    return [t for t in text.replace(",", " ").split() if t.strip("#")]


# --- changes (pure over the review they are given) -------------------------------------------


def delete_card(card_id: str) -> Change:
    def change(review: Review) -> Review:
        card = review.card(card_id)
        review.cards.remove(card)
        if card_id in review.groups:
            review.groups.pop(card_id)
            for other in review.cards:
                if other.group == card_id:
                    other.group = None
        return review

    return change


def move_card(card_id: str, fmt: Format, step: int) -> Change:
    def change(review: Review) -> Review:
        card = review.card(card_id)
        keys = fmt.column_keys
        index = keys.index(card.column) + step
        if not 0 <= index < len(keys):
            raise RuleError("the card is in the last column that way")
        card.column = keys[index]
        return review

    return change


def group_cards(card_id: str, target_id: str) -> Change:
    def change(review: Review) -> Review:
        card, target = review.card(card_id), review.card(target_id)
        lead = target.group or target.id
        old = card.group
        if card_id in review.groups and card_id != lead:
            # The card led a group: its members follow it into the new one.
            for other in review.cards:
                if other.group == card_id:
                    other.group = lead
            review.groups.pop(card_id)
        target.group = lead
        card.group = lead
        review.groups.setdefault(lead, clip(review.card(lead).text, 40))
        if old and old != lead:
            _dissolve_if_alone(review, old)
        return review

    return change


def _dissolve_if_alone(review: Review, lead: str) -> None:
    members = [c for c in review.cards if c.group == lead]
    if len(members) <= 1:
        for member in members:
            member.group = None
        review.groups.pop(lead, None)


def ungroup_card(card_id: str) -> Change:
    def change(review: Review) -> Review:
        card = review.card(card_id)
        lead = card.group
        if lead is None:
            raise RuleError("the card is not in a group")
        card.group = None
        if card_id == lead:
            rest = [c for c in review.cards if c.group == lead]
            title = review.groups.pop(lead, "")
            if rest:
                new_lead = rest[0].id
                for other in rest:
                    other.group = new_lead
                review.groups[new_lead] = title
                lead = new_lead
        _dissolve_if_alone(review, lead)
        return review

    return change


def vote(card_id: str, person: str, step: int) -> Change:
    def change(review: Review) -> Review:
        card = review.card(card_id)
        if step > 0:
            review.check_can_vote(person)
            card.votes[person] = card.votes.get(person, 0) + 1
            review.add_participant(person)
        else:
            if review.phase != "vote":
                raise RuleError(f"votes change only in the vote phase (now {review.phase})")
            if not card.votes.get(person):
                raise RuleError(f"{person} has no vote on this card to take back")
            card.votes[person] -= 1
            if not card.votes[person]:
                del card.votes[person]
        return review

    return change


def set_phase(phase: str, now: datetime) -> Change:
    def change(review: Review) -> Review:
        review.phase = phase  # type: ignore[assignment]
        review.phase_started = now
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
