"""The icebreaker (check-in round) of a review: one question, every participant answers, and
the answers stay hidden from the others until everyone has answered or the facilitator moves on
(ends the round, or moves the review out of reflect). `Review` has these rules as methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from retro.errors import RuleError, ValidationError
from retro.model.rules import _names, _text

if TYPE_CHECKING:
    from retro.model.rules import Phase


@dataclass
class Icebreaker:
    """The question of a review's check-in round and the answers given so far."""

    question: str
    """What everyone answers ("One word for this sprint?")."""
    people: list[str] = field(default_factory=list)
    """Whom the round waits for, beside the review's participants (the team, when it began)."""
    answers: dict[str, str] = field(default_factory=dict)
    """Answers by person, in the order they came."""
    ended: bool = False
    """Whether the answers are shown to everyone: all answered, or the facilitator ended it."""

    def __post_init__(self) -> None:
        self.question = _text(self.question, "the icebreaker question").strip()
        self.people = _names(self.people, "the icebreaker's people")
        for person, answer in self.answers.items():
            _text(person, "who answered")
            _text(answer, f"{person}'s answer")

    def answer_of(self, person: str) -> str | None:
        """This person's answer (names match whatever their case), if they gave one."""
        key = _key_of(self.answers, person)
        return None if key is None else self.answers[key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "people": list(self.people),
            "answers": dict(self.answers),
            "ended": self.ended,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Icebreaker:
        return cls(
            question=data["question"],
            people=list(data.get("people") or []),
            answers={str(k): v for k, v in (data.get("answers") or {}).items()},
            ended=bool(data.get("ended", False)),
        )


def _key_of(names: dict[str, str] | list[str], person: str) -> str | None:
    wanted = person.strip().casefold()
    return next((n for n in names if n.casefold() == wanted), None)


def icebreaker_from(data: Any) -> Icebreaker | None:
    """The icebreaker of a review document (None when the review has none)."""
    return None if not data else Icebreaker.from_dict(data)


class IcebreakerRules:
    """The check-in round's rules, mixed into `Review`."""

    if TYPE_CHECKING:  # what `Review` has
        title: str
        phase: Phase
        facilitator: str | None
        participants: list[str]
        revealed: datetime | None
        icebreaker: Icebreaker | None

    def start_icebreaker(self, question: str, people: list[str] | tuple[str, ...] = ()) -> None:
        """Ask a check-in question (or reword it while no one has answered).

        Raises:
            RuleError: the review is closed, or answers were given to the question already.
            ValidationError: the question is empty.
        """
        if self.phase == "closed":
            raise RuleError(f"review {self.title!r} is closed")
        current = self.icebreaker
        if current is not None and current.answers:
            raise RuleError(
                f"{len(current.answers)} answered the check-in question already; "
                "it cannot change now"
            )
        wanted: dict[str, str] = {}
        for name in people:
            if name.strip():
                wanted.setdefault(name.strip().casefold(), name.strip())
        self.icebreaker = Icebreaker(question, list(wanted.values()))

    def answer_icebreaker(self, person: str | None, text: str) -> bool:
        """Give (or change) this person's answer; they join the review's participants. Returns
        True when this answer was the last one awaited of two or more (the answers are shown
        now).

        Raises:
            RuleError: the review has no check-in question, or it is closed.
            ValidationError: no name, or an empty answer.
        """
        ice = self._icebreaker()
        if self.phase == "closed":
            raise RuleError(f"review {self.title!r} is closed")
        if person is None or not person.strip():
            raise ValidationError("an answer needs a name (give --as NAME or set RETRO_USER)")
        person = person.strip()
        text = _text(text, "the answer").strip()
        key = _key_of(ice.answers, person)
        if key is not None:
            del ice.answers[key]  # a changed answer keeps its first author's spelling
            person = key
        ice.answers[person] = text
        if _key_of(self.participants, person) is None:
            self.participants.append(person)
        # A round of one is no round: the answers show by themselves once two or more people
        # are expected and all have answered (else when the facilitator moves on).
        if not ice.ended and len(ice.answers) > 1 and not self.icebreaker_waiting():
            ice.ended = True
            return True
        return False

    def end_icebreaker(self, by: str | None) -> list[str]:
        """The facilitator moves on: every answer is shown, whoever has not answered. Returns
        who had not.

        Raises:
            RuleError: no question, or someone other than the facilitator ends it.
        """
        ice = self._icebreaker()
        if self.facilitator and (by or "").casefold() != self.facilitator.casefold():
            raise RuleError(f"only the facilitator, {self.facilitator}, ends the check-in round")
        waiting = self.icebreaker_waiting()
        ice.ended = True
        return waiting

    def icebreaker_shown(self) -> bool:
        """Whether everyone sees every answer: all answered, the facilitator ended the round,
        or the review has left reflect (its cards were revealed)."""
        ice = self.icebreaker
        return ice is not None and (
            ice.ended or self.revealed is not None or self.phase != "reflect"
        )

    def icebreaker_waiting(self) -> list[str]:
        """Who has not answered yet: the round's people and the review's participants."""
        ice = self.icebreaker
        if ice is None:
            return []
        everyone: dict[str, str] = {}
        for name in (*ice.people, *self.participants, self.facilitator):
            if name:
                everyone.setdefault(name.casefold(), name)
        return [n for n in everyone.values() if _key_of(ice.answers, n) is None]

    def icebreaker_view(self, viewer: str | None) -> dict[str, Any] | None:
        """The round as this person may see it: every answer once shown, else only their
        own (and who has answered, never what)."""
        ice = self.icebreaker
        if ice is None:
            return None
        shown = self.icebreaker_shown()
        mine = _key_of(ice.answers, viewer) if viewer else None
        return {
            "question": ice.question,
            "shown": shown,
            "answers": [
                {"person": p, "answer": a} for p, a in ice.answers.items() if shown or p == mine
            ],
            "answered": list(ice.answers),
            "waiting": self.icebreaker_waiting(),
        }

    def _icebreaker(self) -> Icebreaker:
        if self.icebreaker is None:
            raise RuleError(f"review {self.title!r} has no check-in question")
        return self.icebreaker
