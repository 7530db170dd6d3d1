"""The rules of a review board, in one place: what may be done to a review's cards, votes and
phase, and when. `Review` has them as methods; the CLI and the TUI only call them (inside
`Store.update_review`), so both refuse and allow exactly the same things.

Each rule changes the review it is called on or raises `RuleError` (a message a person can act
on) and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from retro.errors import RuleError, ValidationError
from retro.model.rules import PHASES

if TYPE_CHECKING:
    from retro.model.review import Card
    from retro.model.rules import Phase


class BoardRules:
    """The board's rules, mixed into `Review`."""

    if TYPE_CHECKING:  # what `Review` has
        title: str
        facilitator: str | None
        phase: Phase
        cards: list[Card]
        groups: dict[str, str]
        participants: list[str]
        vote_budget: int
        phase_started: datetime | None
        revealed: datetime | None
        open_votes: bool

        def card(self, card_id: str) -> Card: ...
        def enter_discuss(self, before: Phase, now: datetime) -> None: ...

    def check_open(self) -> None:
        """A closed review is not changed (reopen it first)."""
        if self.phase == "closed":
            raise RuleError(
                f"review {self.title!r} is closed; reopen it with 'retro review phase ID act' first"
            )

    def check_can_add_card(self) -> None:
        """Cards are added in the reflect and group phases."""
        if self.phase not in ("reflect", "group"):
            raise RuleError(
                f"review {self.title!r} is in the {self.phase} phase; cards are added in "
                "reflect or group (move it back with 'retro review phase ID reflect')"
            )

    def check_can_vote(self, person: str) -> None:
        """Votes are cast in the vote phase, within the budget."""
        if self.phase != "vote":
            raise RuleError(
                f"review {self.title!r} is in the {self.phase} phase; votes are cast in the "
                "vote phase ('retro review phase ID vote')"
            )
        if self.votes_used(person) >= self.vote_budget:
            raise RuleError(
                f"{person} has used all {self.vote_budget} votes; take one back with "
                "'retro card vote ID --undo'"
            )

    def check_visible(self, card: Card, viewer: str | None) -> None:
        """In reflect, another person's hidden card is not changed."""
        if self.is_hidden(card, viewer):
            raise RuleError(
                f"card {card.id[:5]} is someone else's and hidden until the review moves past "
                "reflect ('retro review phase ID group')"
            )

    def votes_used(self, person: str) -> int:
        """How many dots this person has placed."""
        return sum(card.votes.get(person, 0) for card in self.cards)

    def add_participant(self, person: str | None) -> None:
        """Note that this person takes part."""
        if person and person not in self.participants:
            self.participants.append(person)

    def is_hidden(self, card: Card, viewer: str | None) -> bool:
        """Whether this card is hidden from the viewer: in reflect, others' cards are (their
        text, tags and author alike), unless they were revealed before the review went back."""
        if self.phase != "reflect" or (card.author is not None and card.author == viewer):
            return False
        return self.revealed is None or card.created > self.revealed

    @property
    def votes_private(self) -> bool:
        """Whether votes are private now: in the vote phase, unless the review chose open
        voting, each person sees only their own dots."""
        return self.phase == "vote" and not self.open_votes

    def visible_votes(self, card: Card, viewer: str | None) -> dict[str, int]:
        """The card's votes as the viewer may see them: while votes are private, only the
        viewer's own (nothing for no viewer); otherwise every vote."""
        if not self.votes_private:
            return dict(card.votes)
        mine = card.votes.get(viewer, 0) if viewer else 0
        return {viewer: mine} if viewer and mine else {}

    def shown_votes(self, card: Card, viewer: str | None) -> int:
        """How many dots on the card the viewer sees (see `visible_votes`)."""
        return sum(self.visible_votes(card, viewer).values())

    def sorted_cards(self, column: str) -> list[Card]:
        """The column's cards: by votes (most first) from discuss on, else in added order."""
        cards = [c for c in self.cards if c.column == column]
        if PHASES.index(self.phase) >= PHASES.index("discuss"):
            cards.sort(key=lambda c: -c.vote_count)
        return cards

    # -- cards ---------------------------------------------------------------------------------

    def delete_card(self, card_id: str, viewer: str | None = None) -> Card:
        """Take a card off the board (not on a closed review, nor `viewer`'s view of another
        person's hidden card); a group it led, or leaves alone, is dissolved."""
        self.check_open()
        card = self.card(card_id)
        self.check_visible(card, viewer)
        self.cards.remove(card)
        if card_id in self.groups:
            self.groups.pop(card_id)
            for other in self.cards:
                if other.group == card_id:
                    other.group = None
        elif card.group is not None:
            self._dissolve_if_alone(card.group)
        return card

    def move_card(self, card_id: str, column: str) -> Card:
        """Put a card in another column of the review's format (not on a closed review)."""
        self.check_open()
        card = self.card(card_id)
        card.column = column
        return card

    def group(self, target_id: str, card_ids: list[str], title: str | None = None) -> str:
        """Put cards in the group of `target_id` (its own group if it leads or is in one, else
        a new one it leads); a card that led a group brings its members. From the group phase
        on, not on a closed review. Returns the group's lead card id.
        """
        if self.phase in ("reflect", "closed"):
            raise RuleError(
                f"review {self.title!r} is in the {self.phase} phase; cards are grouped from the "
                "group phase on ('retro review phase ID group')"
            )
        target = self.card(target_id)
        moving = [self.card(card_id) for card_id in card_ids if card_id != target_id]
        if not moving:
            raise RuleError("give at least two different cards to group")
        lead = target.group or target.id
        target.group = lead
        for card in moving:
            old = card.group
            if card.id in self.groups and card.id != lead:
                for other in self.cards:  # the card led a group: its members follow it
                    if other.group == card.id:
                        other.group = lead
                self.groups.pop(card.id)
            card.group = lead
            if old is not None and old not in (lead, card.id):
                self._dissolve_if_alone(old)
        self.groups[lead] = title or self.groups.get(lead) or self.card(lead).text
        return lead

    def ungroup(self, card_id: str) -> Card:
        """Take a card out of its group (not on a closed review); a lead hands the group to the
        next member, and a group left with one card is dissolved."""
        self.check_open()
        card = self.card(card_id)
        lead = card.group
        if lead is None:
            raise RuleError("the card is not in a group")
        card.group = None
        if card_id == lead:
            rest = [c for c in self.cards if c.group == lead]
            title = self.groups.pop(lead, "")
            if rest:
                lead = rest[0].id
                for other in rest:
                    other.group = lead
                self.groups[lead] = title
        self._dissolve_if_alone(lead)
        return card

    def rename_group(self, card_id: str, title: str) -> None:
        """Name the group a card is in (not on a closed review)."""
        self.check_open()
        lead = self.card(card_id).group
        if lead is None:
            raise RuleError("the card is not in a group")
        if not title.strip():
            raise ValidationError("a group needs a title")
        self.groups[lead] = title.strip()

    def _dissolve_if_alone(self, lead: str) -> None:
        members = [c for c in self.cards if c.group == lead]
        if len(members) <= 1:
            for member in members:
                member.group = None
            self.groups.pop(lead, None)

    # -- votes and phases ----------------------------------------------------------------------

    def vote(self, card_id: str, person: str) -> int:
        """Place one of this person's votes on a card; returns how many they have used."""
        card = self.card(card_id)
        self.check_can_vote(person)
        card.votes[person] = card.votes.get(person, 0) + 1
        self.add_participant(person)
        return self.votes_used(person)

    def unvote(self, card_id: str, person: str) -> int:
        """Take one of this person's votes back from a card (in the vote phase)."""
        card = self.card(card_id)
        if self.phase != "vote":
            raise RuleError(
                f"review {self.title!r} is in the {self.phase} phase; votes change only in the "
                "vote phase"
            )
        if not card.votes.get(person):
            raise RuleError(f"{person} has no vote on card {card_id[:5]} to take back")
        card.votes[person] -= 1
        if not card.votes[person]:
            del card.votes[person]
        return self.votes_used(person)

    def set_phase(self, phase: str, now: datetime, *, confirmed: bool = False) -> None:
        """Move the review to a phase (any phase: a facilitator may go back), its timer
        restarting. Leaving reflect reveals every card there is; going back to reflect keeps
        them revealed, so only cards added afterwards are hidden. Entering discuss starts the
        agenda (`TopicRules.enter_discuss`).

        Raises:
            ValidationError: the phase is unknown.
            RuleError: a closed review would go back to reflect without ``confirmed``
                (reopening it for new cards is a decision, not a slip).
        """
        if phase not in PHASES:
            raise ValidationError(f"phase '{phase}' is not one of: {', '.join(PHASES)}")
        if self.phase == "closed" and phase == "reflect" and not confirmed:
            raise RuleError(
                f"review {self.title!r} is closed; reopening it for new cards needs "
                "confirmation (--yes)"
            )
        if (self.phase == "reflect") != (phase == "reflect"):
            # Every card there is now has been seen (or is being revealed now): the mark is at
            # least the newest card's time, whatever clock `now` was read from.
            self.revealed = max([now, *(card.created for card in self.cards)])
        before, self.phase = self.phase, phase  # type: ignore[assignment]
        self.phase_started = now
        if phase == "discuss" and before != "discuss":
            self.enter_discuss(before, now)

    def check_can_lead(self, actor: str | None, *, force: bool = False, hint: str = "") -> None:
        """The facilitator leads: only they move the review to another phase (reveal included).
        A review without a facilitator is led by anyone; `force` lets someone stand in for the
        facilitator (who is away). `hint` ends the message (how to stand in, where there is a
        way)."""
        if force or not self.facilitator or actor == self.facilitator:
            return
        raise RuleError(
            f"only the facilitator, {self.facilitator}, moves review {self.title!r} to another "
            f"phase{hint}"
        )

    def lead_phase(
        self,
        phase: str,
        now: datetime,
        actor: str | None,
        *,
        confirmed: bool = False,
        force: bool = False,
        hint: str = "",
    ) -> None:
        """`set_phase` as `actor`: refused unless they lead the review (`check_can_lead`)."""
        self.check_can_lead(actor, force=force, hint=hint)
        self.set_phase(phase, now, confirmed=confirmed)
