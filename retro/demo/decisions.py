"""The demo team's decision log: a few bets in every state, so the log shows what it does."""

from __future__ import annotations

from datetime import date, timedelta

from retro.demo.maker import Maker
from retro.model import Decision, Review, Sprint

BETS = (
    # title, decision, expected, options, confidence, rating (None: open), review in days
    (
        "Adopt trunk-based development",
        "Everyone merges to main daily, behind feature flags.",
        "Merge conflicts fall from about 12 to 3 a week",
        ("Keep git-flow", "Trunk-based with flags"),
        7,
        "partly",
        -30,
    ),
    (
        "Pair on every production deploy",
        "Two people on every deploy until the pipeline is paved.",
        "No deploy-caused incident this quarter",
        ("Checklists only", "Pairing", "Release manager rota"),
        6,
        "met",
        -12,
    ),
    (
        "Move on-call to follow-the-sun",
        "Hand the pager over at 17:00 to the other office.",
        "Night pages fall by two thirds",
        ("Keep one rota", "Follow-the-sun"),
        8,
        None,
        -3,
    ),
    (
        "Cache the catalogue at the edge",
        "Serve catalogue reads from the CDN with a 60 s TTL.",
        "p95 checkout latency under 300 ms",
        ("Bigger database", "Edge cache", "Read replicas"),
        5,
        None,
        18,
    ),
)


def make_decisions(
    mk: Maker, people: list[str], today: date, reviews: list[Review], sprints: list[Sprint]
) -> list[Decision]:
    """The demo's decisions, made in its reviews and sprints, dated around `today`."""
    out: list[Decision] = []
    for index, (title, text, expected, options, confidence, rating, review_in) in enumerate(BETS):
        review_on = today + timedelta(days=review_in)
        decided_on = min(review_on, today) - timedelta(days=28 + 7 * index)
        source = reviews[index % len(reviews)] if reviews else None
        decider = people[index % len(people)]
        d = Decision(
            id=mk.id("d"),
            title=title,
            decision=text,
            expected=expected,
            options=list(options),
            confidence=confidence,
            decider=decider,
            decided_on=decided_on,
            review_on=review_on,
            review_id=source.id if source else None,
            accountable=[decider],
            consulted=[people[(index + 1) % len(people)]],
            informed=["support"] if index % 2 else [],
            created=mk.at(decided_on),
        )
        if rating is not None:
            d.review(
                rating,
                review_on,
                actual="conflicts down to 6 a week" if rating == "partly" else "no incident",
                why="long-lived branches for the migration" if rating == "partly" else "",
                by=decider,
            )
            d.updated = mk.at(review_on)  # the demo is the same for the same day
        out.append(d)
    if sprints:
        out[-1].sprint_id, out[-1].review_id = sprints[-1].id, None
    # An older bet, replaced by the trunk-based one.
    old = Decision(
        id=mk.id("d"),
        title="Release branches per sprint",
        decision="Cut a release branch at the end of every sprint.",
        expected="Calmer releases",
        confidence=6,
        decider=people[0],
        decided_on=today - timedelta(days=150),
        review_on=today - timedelta(days=90),
        created=mk.at(today - timedelta(days=150)),
    )
    old.supersede(out[0])
    old.updated = out[0].created
    return [old, *out]
