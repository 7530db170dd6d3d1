"""The demo's reviews: cards in every column, groups, dot votes, intents, actions, kudos and
pulse, each taken as far as the review's phase."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from retro.demo.maker import Maker, clip
from retro.demo_text import ACTIONS, BAD, GOOD, IDEAS, IMPACT, KUDOS, TAGS, TIMELINE, WHY
from retro.drift import closing_intents
from retro.formats import Format
from retro.model import RATINGS, Action, ActionStatus, Card, Intent, Kudos, Review, Sprint


def column_texts(fmt: Format, column_key: str) -> tuple[str, ...]:
    improve = fmt.column(column_key).improve
    if fmt.key == "postmortem":
        return {
            "timeline": TIMELINE,
            "impact": IMPACT,
            "causes": ("Ingress config was not validated before push", *BAD[:4]),
            "well": GOOD,
            "lucky": ("It happened during office hours", "Traffic was low for a Tuesday"),
        }[column_key]
    if column_key in ("start", "longed", "island", "improve"):
        return IDEAS + BAD[:4]
    if column_key in ("happened", "planned"):
        return GOOD[:6] + BAD[:6]
    return BAD if improve else GOOD


def make_review(
    mk: Maker,
    fmt: Format,
    title: str,
    on: date,
    people: list[str],
    today: date,
    n_cards: int,
    phase: str = "closed",
    sprint: Sprint | None = None,
    started: datetime | None = None,
) -> Review:
    """A review of this format held on `on`, taken as far as `phase` the way a team would:
    cards, then groups, votes, and from act on, actions, kudos and pulse."""
    rng = mk.rng
    rid = mk.id("r")
    participants = list(people)
    review = Review(
        title=title,
        on=on,
        format=fmt.key,
        facilitator=participants[0],
        participants=participants,
        sprint_id=sprint.id if sprint else None,
        phase="reflect",
        vote_budget=3,
        timebox_minutes=10 if phase not in ("closed",) else None,
        id=rid,
        created=mk.at(on, 14),
    )
    for n in range(n_cards):
        column = fmt.columns[n % len(fmt.columns)] if n < len(fmt.columns) else None
        column = column or rng.choice(fmt.columns)
        text = mk.pick(column_texts(fmt, column.key))
        author = None if rng.random() < 0.1 else rng.choice(participants)
        tags = rng.sample(TAGS, rng.choice((0, 0, 1, 2)))
        review.cards.append(
            Card(
                column=column.key,
                text=text,
                author=author,
                tags=tags,
                id=mk.id("c"),
                created=mk.at(on, 14),
            )
        )
    reached = ("reflect", "group", "vote", "discuss", "act", "closed").index(phase)
    if reached >= 1:
        # Group similar cards: same text in the same column joins the first one.
        leads: dict[tuple[str, str], Card] = {}
        for card in review.cards:
            key = (card.column, card.text)
            if key in leads:
                lead = leads[key]
                lead.group = lead.id
                card.group = lead.id
                review.groups[lead.id] = clip(lead.text, 40)
            else:
                leads[key] = card
    if reached >= 2 and review.cards:
        for person in participants:
            for _ in range(rng.randint(1, review.vote_budget)):
                card = rng.choice(review.cards)
                card.votes[person] = card.votes.get(person, 0) + 1
    if fmt.intents or sprint is not None:
        if sprint is not None:
            # The same intents `retro sprint close` writes, with the demo's own ids and a why.
            for intent in closing_intents(sprint):
                intent.id, intent.created = mk.id("i"), mk.at(on, 14)
                if intent.rating not in ("met", "exceeded"):
                    intent.why = mk.pick(WHY)
                review.intents.append(intent)
        else:
            for planned, why in (
                ("Restore checkout within 15 minutes", "Rollback needed three people"),
                (
                    "Detect the failure before customers do",
                    "Alerts fired on a cause, not a symptom",
                ),
                ("Communicate status every 15 minutes", ""),
            ):
                rating = rng.choice(RATINGS)
                review.intents.append(
                    Intent(
                        planned=planned,
                        actual=mk.pick(TIMELINE),
                        rating=rating,
                        why=why if rating not in ("met", "exceeded") else "",
                        id=mk.id("i"),
                        created=mk.at(on, 14),
                    )
                )
    if reached >= 4:
        for _ in range(rng.randint(2, 4)):
            due = on + timedelta(days=rng.choice((7, 14, 21)))
            status = "open"
            done_on = None
            if due < today:
                status = rng.choices(("done", "open", "dropped"), (6, 3, 1))[0]
                if status != "open":
                    done_on = min(today, due + timedelta(days=rng.randint(-5, 3)))
            review.actions.append(
                Action(
                    text=mk.pick(ACTIONS),
                    review_id=rid,
                    owner=rng.choice(participants),
                    due=due,
                    status=cast(ActionStatus, status),
                    done_on=done_on,
                    id=mk.id("a"),
                    created=mk.at(on, 15),
                )
            )
        for _ in range(rng.randint(1, 2)):
            giver, receiver = rng.sample(participants, 2)
            review.kudos.append(
                Kudos(
                    to=receiver,
                    text=mk.pick(KUDOS),
                    by=giver,
                    id=mk.id("k"),
                    created=mk.at(on, 15),
                )
            )
        review.pulse = {p: rng.choice((2, 3, 4, 4, 5)) for p in participants}
    review.phase = phase  # type: ignore[assignment]
    # A running review's phase began a few minutes ago (`started`, else before noon), so its
    # timer shows time left rather than hours over.
    running = phase != "closed"
    began = started or datetime.combine(on, time(11, 55), UTC)
    review.phase_started = began if running else None
    return review
