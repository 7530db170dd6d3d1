"""The sprint screen's check-in forms: record one, correct one, delete one.

The date is checked against the sprint as `retro checkin` checks it (`Sprint.check_checkin`): the
form shows the one-line reason and keeps what was typed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, cast

from textual.content import Content

from retro.dates import parse_date
from retro.errors import NotFoundError, ValidationError
from retro.model import RATINGS, CheckIn, Goal, Rating, Sprint
from retro.screens.forms import ConfirmScreen, Field, FormScreen, Values
from retro.widgets.text import clip, user

if TYPE_CHECKING:
    from retro.screens.sprint import SprintScreen

LATE_CHOICES = [("no: a point of the plan", "no"), ("yes: measured after the end", "yes")]


def _fields(goal: Goal, start: CheckIn | None, *, editing: bool) -> list[Field]:
    """The form's fields, filled from `start` (the check-in being corrected, or the latest)."""
    fields = [Field("on", "Date", str(start.on) if editing and start else "today")]
    if goal.quantitative:
        hint = f"plan {goal.baseline:g} → {goal.target:g} {goal.unit}".strip()
        last = f"{start.value:g}" if start and start.value is not None else ""
        if last and not editing:
            hint += f"; last {last}"
        fields.append(Field("value", f"Actual value ({hint})", last))
    else:
        rating = start.rating if editing and start and start.rating else ""
        fields.append(Field("rating", "Rating so far", rating, choices=[(r, r) for r in RATINGS]))
    confidence = start.confidence if start and start.confidence is not None else ""
    fields += [
        Field("confidence", "Confidence it will be met, 0–10", str(confidence)),
        Field("note", "Note", start.note if editing and start else "", placeholder="what changed"),
        Field(
            "late",
            "Closing value, measured after the sprint's end?",
            "yes" if editing and start and start.late else "no",
            choices=LATE_CHOICES,
        ),
    ]
    return fields


def _checkin(values: Values, goal: Goal, today: date, who: str | None) -> CheckIn:
    """A check-in from the form's values (checked as the CLI checks its options)."""
    on = parse_date(values["on"] or "today", today)
    confidence = values["confidence"].strip()
    if confidence and not confidence.lstrip("-").isdigit():
        raise ValidationError("confidence is a whole number from 0 to 10")
    value = None
    if goal.quantitative:
        text = values.get("value", "").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValidationError(f"the value must be a number, not {text!r}") from None
    rating = None if goal.quantitative else cast(Rating | None, values.get("rating") or None)
    return CheckIn(
        on=on,
        value=value,
        rating=rating,
        confidence=int(confidence) if confidence else None,
        note=values["note"],
        author=who,
        late=values.get("late") == "yes",
    )


def checkin_form(screen: SprintScreen, goal: Goal, existing: CheckIn | None = None) -> None:
    """Open the form that records a check-in for `goal`, or corrects `existing`."""
    store, today, who = screen.retro.store, screen.today, screen.user
    sprint_id = screen.sprint_id

    def save(values: Values) -> None:
        made = _checkin(values, goal, today, who)

        def change(sprint: Sprint) -> None:
            sprint.check_checkin(made.on, late=made.late)
            held = sprint.goal(goal.id)
            if existing is None:
                held.checkins.append(made)
                return
            for index, old in enumerate(held.checkins):
                if old.id == existing.id:
                    held.checkins[index] = replace(made, id=old.id, at=old.at, author=old.author)
                    return
            raise NotFoundError("that check-in is no longer in the store")

        store.update_sprint(sprint_id, change)

    def done(values: Values | None) -> None:
        screen.retro.reload()
        if values is not None:
            shown = values.get("value") or values.get("rating") or "a check-in"
            verb = "Corrected the check-in to" if existing else "Checked in"
            screen.notify(f"{verb} {shown} for “{clip(goal.statement, 40)}”.", timeout=2)

    fields = _fields(goal, existing or goal.latest, editing=existing is not None)
    title = "Correct the check-in" if existing else "Check in"
    screen.app.push_screen(
        FormScreen(f"{title} · {goal.statement}", fields, save, ok="Save" if existing else title),
        done,
    )


def delete_checkin(screen: SprintScreen, goal: Goal, checkin: CheckIn) -> None:
    """Ask, then delete the check-in (a closed sprint keeps its check-ins)."""
    sprint_id = screen.sprint_id

    def remove(sprint: Sprint) -> None:
        if sprint.status == "closed":
            from retro.errors import RuleError

            raise RuleError(f"{sprint.dates()} is closed; its check-ins are kept as they were")
        held = sprint.goal(goal.id)
        held.checkins = [c for c in held.checkins if c.id != checkin.id]

    def answer(yes: bool | None) -> None:
        if yes:
            screen.attempt(lambda: screen.retro.store.update_sprint(sprint_id, remove))

    value = f"{checkin.value:g}" if checkin.value is not None else (checkin.rating or "")
    question = Content.assemble(
        f"Delete the check-in of {checkin.on:%d %b} ({value}) for “",
        user(clip(goal.statement, 40)),
        "”?",
    )
    screen.app.push_screen(ConfirmScreen(question, "Delete"), answer)
