"""The decision log's forms: log a decision, review one, mark one superseded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from retro.dates import parse_date
from retro.errors import RetroError, ValidationError
from retro.model import RATINGS, Decision
from retro.screens.forms import Field, FormScreen, PickScreen, Values
from retro.widgets.text import user

if TYPE_CHECKING:
    from retro.app import RetroApp


def _confidence(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise ValidationError("the confidence is a whole number from 0 to 10")
    return int(text)


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def new_decision(
    app: RetroApp, *, review_id: str | None = None, sprint_id: str | None = None
) -> None:
    """Ask for a decision and log it (linked to the review or sprint it is made in)."""
    store, today, who = app.store, app.today, app.user
    where = " in this review" if review_id else (" for this sprint" if sprint_id else "")

    def save(values: Values) -> None:
        decision = Decision(
            title=values["title"],
            decision=values["decision"] or values["title"],
            expected=values["expected"],
            review_on=parse_date(values["review_on"] or "+4w", today),
            context=values["context"],
            options=[o.strip() for o in values["options"].split(";") if o.strip()],
            confidence=_confidence(values["confidence"]),
            decider=values["decider"].strip() or who,
            accountable=_names(values["accountable"]),
            decided_on=today,
            review_id=review_id,
            sprint_id=sprint_id,
        )
        store.add_decision(decision)

    fields = [
        Field("title", "Title", placeholder="Adopt trunk-based development"),
        Field("decision", "What was decided (default: the title)"),
        Field("expected", "Expected outcome", placeholder="fewer merge conflicts"),
        Field("review_on", "Review it on", "+4w", placeholder="+4w, next friday, 2027-01-15"),
        Field("confidence", "Confidence 0–10 that it pays off", placeholder="e.g. 7"),
        Field("context", "Context: why a decision was needed"),
        Field("options", "Options considered (separate with ;)"),
        Field("decider", "Decider", who),
        Field("accountable", "Accountable (default: the decider; separate with ,)"),
    ]
    app.push_screen(
        FormScreen(
            f"Log a decision{where}",
            fields,
            save,
            help="It comes due on its review date: then rate how it turned out.",
        ),
        lambda values: app.reload() if values else None,
    )


def review_decision(app: RetroApp, decision: Decision) -> None:
    """Ask how a decision turned out and record its review."""
    store, today, who = app.store, app.today, app.user

    def save(values: Values) -> None:
        value_text = values.get("actual_value", "").strip()
        value = None
        if value_text:
            try:
                value = float(value_text)
            except ValueError:
                raise ValidationError(f"the value must be a number, not {value_text!r}") from None
        rating = values["rating"]
        if not rating:
            raise ValidationError("choose how it turned out: exceeded, met, partly or missed")

        def change(d: Decision) -> None:
            d.review(
                rating,
                today,
                actual=values["actual"],
                actual_value=value,
                why=values["why"],
                by=who,
            )

        store.update_decision(decision.id, change)

    fields = [
        Field("rating", "Outcome", choices=[(r, r) for r in RATINGS]),
        Field("actual", "What actually happened"),
    ]
    if decision.measurable:
        unit = f" ({decision.unit})" if decision.unit else ""
        fields.append(Field("actual_value", f"The metric now{unit}"))
    fields.append(Field("why", "Why it differed from what was expected"))
    app.push_screen(
        FormScreen(
            f"Review: {decision.title}",
            fields,
            save,
            help=f"Expected: {decision.expected}",
        ),
        lambda values: app.reload() if values else None,
    )


def supersede_decision(app: RetroApp, decision: Decision, others: list[Decision]) -> None:
    """Pick the decision that replaces this one."""
    candidates = [d for d in others if d.id != decision.id and d.superseded_by != decision.id]
    if not candidates:
        app.notify("Log the decision that replaces it first (n).")
        return

    def chosen(new_id: str | None) -> None:
        if new_id is None:
            return
        try:
            app.store.supersede_decision(decision.id, new_id)
        except RetroError as exc:
            app.notify(exc.message, severity="error", title="Not done", markup=False)
            return
        app.reload()

    options = [
        (d.id, Content.assemble(user(d.title, "bold"), (f"  {d.decided_on} · {d.status}", "dim")))
        for d in candidates
    ]
    app.push_screen(PickScreen(f"Which decision replaces “{decision.title}”?", options), chosen)
