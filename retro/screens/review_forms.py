"""The review board's forms: a card, an action, an intent, kudos, pulse, a time box, a group's
name and a lesson. Each asks, writes through the store, and reloads the app when it closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from retro.dates import parse_optional_date
from retro.errors import ValidationError
from retro.formats import Format
from retro.model import RATINGS, Action, Card, Intent, Kudos, Lesson, Rating, Review, check_pulse
from retro.screens.forms import Field, FormScreen, Values
from retro.screens.review_ops import tags as _tags
from retro.text import inert
from retro.widgets.text import clip

if TYPE_CHECKING:
    from retro.screens.review import ReviewScreen


def _then(screen: ReviewScreen, said: Callable[[Values], str]) -> Callable[[Values | None], None]:
    """What a form does when it closes: read the store again and, if it was saved, say what
    happened."""

    def done(values: Values | None) -> None:
        screen.retro.reload()
        if values is not None:
            screen.notify(said(values), timeout=3)

    return done


def _columns(fmt: Format) -> list[tuple[str, str]]:
    return [(f"{c.title} — {c.prompt}", c.key) for c in fmt.columns]


def _who(screen: ReviewScreen, name: str, label: str, voter: str, anonymous: str = "") -> Field:
    """The field naming who writes: anyone, at a terminal (one screen a room shares); in a
    browser of `retro serve`, the participant themselves (or `anonymous`, if that is allowed),
    never another person (`retro.guest`)."""
    if not screen.retro.guest:
        return Field(name, label, voter)
    choices = [(voter, voter), *([(anonymous, "")] if anonymous else [])]
    return Field(name, label.split(" (")[0], voter, choices=choices)


def add_card(screen: ReviewScreen, review: Review, fmt: Format, column: str, voter: str) -> None:
    store = screen.retro.store

    def save(values: Values) -> None:
        author = values["author"].strip() or None
        card = Card(values["column"] or column, values["text"], author, tags=_tags(values["tags"]))
        fmt.column(card.column)
        store.add_card(review.id, card)

    def said(values: Values) -> str:
        return f"Card added to {fmt.column(values['column'] or column).title}."

    screen.app.push_screen(
        FormScreen(
            f"New card · {fmt.column(column).title}",
            [
                Field("text", "Card", placeholder=fmt.column(column).prompt),
                Field("column", "Column", column, choices=_columns(fmt)),
                _who(screen, "author", "Author (blank for anonymous)", voter, "Anonymous"),
                Field("tags", "Tags (space-separated, optional)", placeholder="ci deploy"),
            ],
            save,
            ok="Add card",
        ),
        _then(screen, said),
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
        _then(screen, lambda v: "Card saved."),
    )


def rename_group(screen: ReviewScreen, review: Review, card_id: str) -> None:
    card = review.card(card_id)
    if card.group is None:
        screen.notify("The card is not in a group (press g to group it).")
        return
    lead = card.group
    leader = next((c for c in review.cards if c.id == lead), None)
    if leader is not None and review.is_hidden(leader, screen.voter):
        # The title is often the lead card's text: not shown, so not offered for editing.
        screen.notify(
            "Only its author can rename this group before the reveal.", severity="warning"
        )
        return

    def save(values: Values) -> None:
        def change(r: Review) -> Review:
            r.rename_group(card_id, values["title"])
            return r

        screen.retro.store.update_review(review.id, change)

    screen.app.push_screen(
        FormScreen("Name the group", [Field("title", "Title", review.groups.get(lead, ""))], save),
        _then(screen, lambda v: f"Group named “{v['title'].strip()}”."),
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
        _then(
            screen,
            lambda v: (
                f"Timer restarted: {v['minutes'].strip()} minutes."
                if v["minutes"].strip()
                else "No time box now."
            ),
        ),
    )


def _action_help(review: Review) -> str:
    """What the new-action form says: in discuss, the topic the action will belong to."""
    help = "Actions stay open, review after review, until someone marks them done."
    topic = review.current_topic()
    if topic is None:
        return help
    title = "the hidden topic" if topic.hidden else f"“{inert(clip(topic.title, 50))}”"
    return f"Agreed on the current topic, {title}: it shows under the topic. {help}"


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
            r.add_action(action)  # during discuss, linked to the current topic
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
            help=_action_help(review),
            ok="Add action",
        ),
        _then(
            screen,
            lambda v: f"Action agreed, owned by {v['owner'] or 'nobody yet'}.",
        ),
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
        _then(screen, lambda v: "Intent saved: review drift updated."),
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
            ok="Give kudos",
        ),
        _then(screen, lambda v: f"Kudos to {v['to'].strip()}."),
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
                _who(screen, "person", "Who", voter),
                Field("score", "How aligned did the work feel with our purpose? 1–5", first=True),
            ],
            save,
            help="1 = not at all, 5 = fully aligned.",
        ),
        _then(screen, lambda v: f"Pulse saved: {v['person'].strip()} {v['score'].strip()}/5."),
    )


def promote(screen: ReviewScreen, review: Review, card_id: str) -> None:
    card = review.card(card_id)
    if review.is_hidden(card, screen.voter):
        screen.notify("Only its author can promote a card before the reveal.", severity="warning")
        return
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
        _then(screen, lambda v: "Saved as a lesson: press 4 to see the lessons."),
    )


def switch_voter(screen: ReviewScreen, review: Review) -> None:
    """Ask for the name of the person at the screen; the field starts empty every time. A
    served participant is one person: they are asked nothing (`retro.guest`)."""
    if screen.retro.refuses("voter"):
        return

    def save(values: Values) -> None:
        _who_votes(values["person"])

    def done(values: Values | None) -> None:
        if values is not None:
            screen.vote_as(_who_votes(values["person"]))

    screen.app.push_screen(
        FormScreen(
            "Who is at the screen now?",
            [Field("person", "Your name", placeholder="the name you vote and add cards as")],
            save,
            help="Hand the screen over first: the board then shows only your own votes.",
            ok="Switch",
        ),
        done,
    )


def _who_votes(name: str) -> str:
    person = name.strip()
    if not person:
        raise ValidationError("type the name of the person at the screen")
    if any(ch.isspace() and ch != " " for ch in person) or not person.isprintable():
        raise ValidationError("a name is one line of plain text")
    return person
