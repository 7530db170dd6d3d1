"""What the review board does to a review: changes for `store.update_review`, and their forms.

Each `Change` mutates the review it is given (inside the store's lock) and returns it, so the
board redraws from exactly what was written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from retro.dates import parse_optional_date
from retro.errors import RuleError, ValidationError
from retro.formats import Format
from retro.model import RATINGS, Action, Card, Intent, Kudos, Lesson, Rating, Review, check_pulse
from retro.screens.forms import Field, FormScreen, Values
from retro.widgets.text import clip

if TYPE_CHECKING:
    from retro.screens.review import ReviewScreen

Change = Callable[[Review], Review]


def _tags(text: str) -> list[str]:
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


# --- forms -----------------------------------------------------------------------------------


def _columns(fmt: Format) -> list[tuple[str, str]]:
    return [(f"{c.title} — {c.prompt}", c.key) for c in fmt.columns]


def add_card(screen: ReviewScreen, review: Review, fmt: Format, column: str, voter: str) -> None:
    store = screen.retro.store

    def save(values: Values) -> None:
        author = values["author"].strip() or None
        card = Card(values["column"] or column, values["text"], author, tags=_tags(values["tags"]))
        fmt.column(card.column)
        store.add_card(review.id, card)

    def done(values: Values | None) -> None:
        screen.retro.reload()
        if values is not None:
            screen.notify("Card added.", timeout=1.5)

    screen.app.push_screen(
        FormScreen(
            f"New card · {fmt.column(column).title}",
            [
                Field("text", "Card", placeholder=fmt.column(column).prompt),
                Field("column", "Column", column, choices=_columns(fmt)),
                Field("author", "Author (blank for anonymous)", voter),
                Field("tags", "Tags (space-separated, optional)", placeholder="ci deploy"),
            ],
            save,
            ok="Add card",
        ),
        done,
    )


def edit_card(screen: ReviewScreen, review: Review, card_id: str) -> None:
    card = review.card(card_id)
    if review.is_hidden(card, screen.voter):
        screen.notify("Only its author can edit a card before the reveal.", severity="warning")
        return

    def save(values: Values) -> None:
        def change(r: Review) -> Review:
            target = r.card(card_id)
            edited = Card(target.column, values["text"], target.author, tags=_tags(values["tags"]))
            target.text, target.tags = edited.text, edited.tags
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen(
            "Edit card",
            [
                Field("text", "Card", card.text),
                Field("tags", "Tags (space-separated)", " ".join(card.tags)),
            ],
            save,
        ),
        lambda _: screen.retro.reload(),
    )


def rename_group(screen: ReviewScreen, review: Review, card_id: str) -> None:
    card = review.card(card_id)
    if card.group is None:
        screen.notify("The card is not in a group (press g to group it).")
        return
    lead = card.group

    def save(values: Values) -> None:
        title = values["title"].strip()
        if not title:
            raise ValidationError("a group needs a title")

        def change(r: Review) -> Review:
            r.groups[lead] = title
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen("Name the group", [Field("title", "Title", review.groups.get(lead, ""))], save),
        lambda _: screen.retro.reload(),
    )


def timebox(screen: ReviewScreen, review: Review) -> None:
    def save(values: Values) -> None:
        text = values["minutes"].strip()
        if text and not text.isdigit():
            raise ValidationError(f"the time box is a number of minutes, not {text!r}")
        now = screen.retro.now()

        def change(r: Review) -> Review:
            r.timebox_minutes = int(text) if text else None
            r.phase_started = now
            Review.__post_init__(r)
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen(
            f"Time box for {review.phase}",
            [Field("minutes", "Minutes (blank for none)", str(review.timebox_minutes or ""))],
            save,
            help="The timer restarts now.",
        ),
        lambda _: screen.retro.reload(),
    )


def add_action(screen: ReviewScreen, review: Review) -> None:
    people = [(p, p) for p in review.participants]
    today = screen.today

    def save(values: Values) -> None:
        action = Action(
            values["text"],
            review.id,
            owner=values["owner"] or None,
            due=parse_optional_date(values["due"] or None, today),
        )

        def change(r: Review) -> Review:
            r.actions.append(action)
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen(
            "New action",
            [
                Field("text", "What will be done", placeholder="Quarantine flaky tests"),
                Field("owner", "Owner", screen.voter, choices=people),
                Field("due", "Due", "+1w", placeholder="friday, +2w, 2026-03-20"),
            ],
            save,
        ),
        lambda _: screen.retro.reload(),
    )


def edit_intent(screen: ReviewScreen, review: Review, intent_id: str | None) -> None:
    intent = review.intent(intent_id) if intent_id else None
    ratings = [(r, r) for r in RATINGS]

    def save(values: Values) -> None:
        fresh = Intent(
            values["planned"],
            values["actual"],
            cast(Rating | None, values["rating"] or None),
            values["why"],
            goal_id=intent.goal_id if intent else None,
        )
        if intent is not None:
            fresh.id, fresh.created = intent.id, intent.created

        def change(r: Review) -> Review:
            if intent is None:
                r.intents.append(fresh)
            else:
                r.intents[r.intents.index(r.intent(fresh.id))] = fresh
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen(
            "Intent" if intent else "New intent",
            [
                Field("planned", "What was supposed to happen", intent.planned if intent else ""),
                Field("actual", "What actually happened", intent.actual if intent else ""),
                Field("rating", "Rating", (intent.rating or "") if intent else "", choices=ratings),
                Field("why", "Why the difference", intent.why if intent else ""),
            ],
            save,
        ),
        lambda _: screen.retro.reload(),
    )


def kudos(screen: ReviewScreen, review: Review, voter: str) -> None:
    def save(values: Values) -> None:
        given = Kudos(values["to"], values["text"], by=voter or None)

        def change(r: Review) -> Review:
            r.kudos.append(given)
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen(
            "Kudos",
            [
                Field("to", "For whom"),
                Field("text", "For what", placeholder="for the rollback script"),
            ],
            save,
            help=f"From {voter}.",
        ),
        lambda _: screen.retro.reload(),
    )


def pulse(screen: ReviewScreen, review: Review, voter: str) -> None:
    def save(values: Values) -> None:
        person = values["person"].strip()
        if not person:
            raise ValidationError("say whose pulse this is")
        text = values["score"].strip()
        if not text.isdigit():
            raise ValidationError("the pulse is a whole number from 1 to 5")
        score = check_pulse(int(text))

        def change(r: Review) -> Review:
            r.pulse[person] = score
            r.add_participant(person)
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen(
            "Pulse",
            [
                Field("person", "Who", voter),
                Field(
                    "score", "How aligned did the work feel with our purpose? 1–5", placeholder="4"
                ),
            ],
            save,
            help="1 = not at all, 5 = fully aligned.",
        ),
        lambda _: screen.retro.reload(),
    )


def promote(screen: ReviewScreen, review: Review, card_id: str) -> None:
    card = review.card(card_id)
    if card.lesson_id:
        screen.notify("This card is a lesson already.")
        return
    store = screen.retro.store
    today = screen.today

    def save(values: Values) -> None:
        lesson = Lesson(
            values["text"],
            on=today,
            tags=_tags(values["tags"]),
            author=card.author or screen.voter,
            review_id=review.id,
            card_id=card.id,
        )
        store.add_lesson(lesson)

        def change(r: Review) -> Review:
            r.card(card_id).lesson_id = lesson.id
            return r

        store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen(
            "Promote to a lesson",
            [Field("text", "Lesson", card.text), Field("tags", "Tags", " ".join(card.tags))],
            save,
            ok="Save lesson",
        ),
        lambda _: screen.retro.reload(),
    )
