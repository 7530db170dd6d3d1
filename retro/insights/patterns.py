"""Drift over time: trends, recurring themes and actions that stay open review after review."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from retro.errors import ValidationError
from retro.formats import Format, review_format
from retro.insights.core import (
    DEFAULT_TOLERANCE,
    OFF_TRACK,
    alignment_spread,
    review_drift,
    sprint_drift,
)
from retro.model import Action, Review, Sprint

MIN_THEME_REVIEWS = 3
"""A term is a recurring theme once it appears in this many reviews."""
MIN_WORD_LENGTH = 3
"""Words shorter than this are not themes ("ci" and "ux" are best given as tags)."""
STALE_AFTER = 2
"""An action is stale once it is still open after this many later reviews."""

STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also always am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each etc even ever every few for from further get gets
    getting going gone got had hadn't has hasn't have haven't having he her here hers herself
    him himself his how however i i'm if in into is isn't it it's its itself just let's like
    lot lots made make makes many maybe me might more most much must mustn't my myself need
    needs never no nor not now of off often on once one only or other others ought our ours
    ourselves out over own really same shall shan't she should shouldn't so some still such
    than that that's the their theirs them themselves then there there's these they they're
    thing things this those though through thus to too under until up upon us use used very via
    want wanted was wasn't we we're went were weren't what what's when where which while who
    whom why will with won't would wouldn't yet you you're your yours yourself yourselves
    across around within without instead again twice found took take takes taken came come
    felt feel feels keep kept start started stop stopped happened happen happens seemed seems
    better worse good bad great new old big small time times day days week weeks month months
    today yesterday tomorrow team everyone someone somebody anyone nobody everything something
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
"""English stop words, left out of recurring themes."""

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


# --- trends ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One point of a trend: a measure on a day, from one sprint or review."""

    on: date
    """The sprint's end date or the review's date."""
    value: float
    """The measure."""
    id: str
    """The sprint or review it comes from."""
    title: str
    """That sprint's or review's title."""

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "value": self.value, "id": self.id, "title": self.title}


@dataclass(frozen=True)
class Trends:
    """Each drift measure over successive sprints and reviews, oldest first."""

    sprint_drift: tuple[TrendPoint, ...] = ()
    """Sprint drift per sprint, by end date."""
    review_drift: tuple[TrendPoint, ...] = ()
    """Review drift per review with rated intents, by date."""
    alignment_spread: tuple[TrendPoint, ...] = ()
    """Alignment spread per review with two or more pulse ratings, by date."""
    follow_through: tuple[TrendPoint, ...] = ()
    """Follow-through per review date, over every action known by then."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "sprint_drift": [p.to_dict() for p in self.sprint_drift],
            "review_drift": [p.to_dict() for p in self.review_drift],
            "alignment_spread": [p.to_dict() for p in self.alignment_spread],
            "follow_through": [p.to_dict() for p in self.follow_through],
        }


def chronological(reviews: Iterable[Review]) -> list[Review]:
    """Reviews oldest first (by date, then creation time, then id, so the order is stable)."""
    return sorted(reviews, key=lambda r: (r.on, r.created, r.id))


def sprint_drift_trend(
    sprints: Iterable[Sprint],
    tolerance: float = DEFAULT_TOLERANCE,
    off_track: float = OFF_TRACK,
    today: date | None = None,
) -> list[TrendPoint]:
    """Sprint drift (the mean goal drift, judged on ``today``) per sprint, ordered by end date;
    sprints without a goal that has a drift are left out."""
    points = []
    for sprint in sorted(sprints, key=lambda s: (s.end, s.start, s.id)):
        mean, _ = sprint_drift(sprint, tolerance, off_track, today)
        if mean is not None:
            points.append(TrendPoint(sprint.end, mean, sprint.id, sprint.title))
    return points


def review_drift_trend(reviews: Iterable[Review]) -> list[TrendPoint]:
    """Review drift ``mean(intent attainment) − 1`` per review, by date; unrated reviews are left
    out."""
    return [
        TrendPoint(r.on, d, r.id, r.title)
        for r in chronological(reviews)
        if (d := review_drift(r)) is not None
    ]


def alignment_spread_trend(reviews: Iterable[Review]) -> list[TrendPoint]:
    """Alignment spread (population standard deviation of pulse) per review, by date; reviews
    with fewer than two pulse ratings left out."""
    return [
        TrendPoint(r.on, s, r.id, r.title)
        for r in chronological(reviews)
        if (s := alignment_spread(r)) is not None
    ]


def follow_through_trend(reviews: Iterable[Review], today: date | None = None) -> list[TrendPoint]:
    """Follow-through per review date ``t``: over every action of the reviews held on or before
    ``t``, the share of those due by ``t`` that were done by ``t``.

    One point per date (named after the last review that day); dates after ``today`` and dates
    with no action due are left out.

    An action of a review held on ``r`` counts as due at ``t`` once ``max(r, due) ≤ t``, and as
    done by ``t`` once ``max(r, due, done_on) ≤ t``; sorting those dates once makes the trend
    cost ``O(n log n)`` over ``n`` reviews and actions, where asking `follow_through` again at
    every date cost ``O(reviews × actions)``.
    """
    today = today or date.today()
    ordered = [r for r in chronological(reviews) if r.on <= today]
    counted: list[date] = []
    done: list[date] = []
    for review in ordered:
        for action in review.actions:
            if action.due is None:
                continue
            counted.append(max(review.on, action.due))
            if action.status == "done" and action.done_on is not None:
                done.append(max(review.on, action.due, action.done_on))
    counted.sort()
    done.sort()
    points: list[TrendPoint] = []
    for index, review in enumerate(ordered):
        if index + 1 < len(ordered) and ordered[index + 1].on == review.on:
            continue  # one point per date, after every review of that day
        due = bisect.bisect_right(counted, review.on)
        if due:
            share = bisect.bisect_right(done, review.on) / due
            points.append(TrendPoint(review.on, share, review.id, review.title))
    return points


def trends(
    sprints: Iterable[Sprint],
    reviews: Iterable[Review],
    tolerance: float = DEFAULT_TOLERANCE,
    today: date | None = None,
) -> Trends:
    """All four trends: sprint drift, review drift, alignment spread and follow-through."""
    reviews = list(reviews)
    return Trends(
        sprint_drift=tuple(sprint_drift_trend(sprints, tolerance, OFF_TRACK, today)),
        review_drift=tuple(review_drift_trend(reviews)),
        alignment_spread=tuple(alignment_spread_trend(reviews)),
        follow_through=tuple(follow_through_trend(reviews, today)),
    )


# --- recurring themes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """A tag or word that keeps coming back in improve-like columns."""

    term: str
    """The tag or word, lower case."""
    kind: Literal["tag", "word"]
    """Whether it is a card tag or a word of card text."""
    review_ids: tuple[str, ...]
    """The reviews it appears in, oldest first."""
    count: int
    """In how many reviews it appears (each review counts once)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "kind": self.kind,
            "review_ids": list(self.review_ids),
            "count": self.count,
        }


def theme_words(text: str) -> set[str]:
    """The words of a text that can be themes: lower case, without English stop words, words
    shorter than `MIN_WORD_LENGTH` letters, numbers and a trailing possessive ``'s``."""
    words = set()
    for match in _WORD.finditer(text.casefold()):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < MIN_WORD_LENGTH or word in STOP_WORDS:
            continue
        if not any(ch.isalpha() for ch in word):
            continue
        words.add(word)
    return words


def recurring_themes(
    reviews: Iterable[Review],
    formats: Iterable[Format] | Mapping[str, Format] = (),
    min_reviews: int = MIN_THEME_REVIEWS,
) -> list[Theme]:
    """Recurring themes: tags and words of the cards in improve-like columns (`Column.improve`)
    that appear in at least ``min_reviews`` reviews (3), each term counted once per review.
    A review still in reflect is left out: its cards are hidden until the reveal.

    Args:
        reviews: the reviews to look through.
        formats: the team's own formats, as a list or by key (built-in ones are always known); a
            review whose format is unknown is skipped, since its improve-like columns are unknown.
        min_reviews: how many reviews a term must appear in.

    Returns:
        Themes, the most frequent first, tags before words, then alphabetically.
    """
    custom = list(formats.values() if isinstance(formats, Mapping) else formats)
    seen: dict[tuple[str, str], list[str]] = {}
    for review in chronological(reviews):
        if review.phase == "reflect":
            # Its cards are hidden from all but their authors: their words are not shown yet.
            continue
        try:
            fmt = review_format(review, custom)
        except ValidationError:
            continue
        improve = {c.key for c in fmt.columns if c.improve}
        terms: set[tuple[str, str]] = set()
        for card in review.cards:
            if card.column in improve:
                terms.update(("tag", t) for t in card.tags)
                terms.update(("word", w) for w in theme_words(card.text))
        for term in terms:
            seen.setdefault(term, []).append(review.id)
    themes = [
        Theme(term, "tag" if kind == "tag" else "word", tuple(ids), len(ids))
        for (kind, term), ids in seen.items()
        if len(ids) >= min_reviews
    ]
    themes.sort(key=lambda t: (-t.count, t.kind != "tag", t.term))
    return themes


# --- stale actions ---------------------------------------------------------------------------


def stale_actions(
    reviews: Iterable[Review], min_later: int = STALE_AFTER
) -> list[tuple[Action, int]]:
    """Actions still open after ``min_later`` (2) or more later reviews.

    A later review is one dated after the review where the action was agreed.

    Returns:
        ``(action, number of later reviews)``, the longest-open first, then oldest review first.
    """
    ordered = chronological(reviews)
    dates = [r.on for r in ordered]
    found: list[tuple[Action, int, date]] = []
    for review in ordered:
        later = len(dates) - bisect.bisect_right(dates, review.on)
        if later < min_later:
            continue
        found.extend((a, later, review.on) for a in review.actions if a.status == "open")
    found.sort(key=lambda item: (-item[1], item[2]))
    return [(action, later) for action, later, _ in found]
