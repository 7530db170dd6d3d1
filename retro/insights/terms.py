"""Recurring themes from each review's own terms, so a large history need not be held in full.

`recurring_themes` looks at the cards of every review at once. The TUI keeps, per review file, the
terms its improve-like columns hold (`review_terms`, computed by `recurring_themes` itself on that
one review) and puts them together with `themes_from_terms`, which gives the same themes as
`recurring_themes` over the same reviews.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from retro.errors import ValidationError
from retro.formats import Format, review_format
from retro.insights.patterns import MIN_THEME_REVIEWS, Theme, chronological, recurring_themes
from retro.model import Review

Term = tuple[str, str]
"""``(kind, term)``: ``("tag", "deploy")`` or ``("word", "flaky")``."""


def _custom(formats: Iterable[Format] | Mapping[str, Format]) -> list[Format]:
    return list(formats.values() if isinstance(formats, Mapping) else formats)


def terms_key(
    review: Review, formats: Iterable[Format] | Mapping[str, Format] = ()
) -> list[str] | None:
    """What a review's terms depend on besides its cards: its format, which of its columns are
    improve-like, and whether it is still in reflect (its cards hidden). None when the format
    is unknown (the review then has no terms)."""
    try:
        fmt = review_format(review, _custom(formats))
    except ValidationError:
        return None
    hidden = ["reflect"] if review.phase == "reflect" else []  # no terms until the reveal
    return [fmt.key, *hidden, *sorted(c.key for c in fmt.columns if c.improve)]


def review_terms(
    review: Review, formats: Iterable[Format] | Mapping[str, Format] = ()
) -> list[Term]:
    """The tags and words of one review's improve-like cards, as `recurring_themes` counts them
    (each once, sorted), the review's cards being needed only here."""
    found = recurring_themes([review], formats, min_reviews=1)
    return sorted((theme.kind, theme.term) for theme in found)


def themes_from_terms(
    reviews: Iterable[tuple[Review, Iterable[Term]]], min_reviews: int = MIN_THEME_REVIEWS
) -> list[Theme]:
    """Recurring themes from each review's terms (`review_terms`): the same themes, in the same
    order, as `recurring_themes` over those reviews with their cards.

    Args:
        reviews: each review (its cards are not looked at) with its terms.
        min_reviews: how many reviews a term must appear in.
    """
    pairs = list(reviews)
    terms_of = {id(review): terms for review, terms in pairs}
    seen: dict[Term, list[str]] = {}
    for review in chronological(review for review, _ in pairs):
        for term in set(terms_of[id(review)]):
            seen.setdefault(term, []).append(review.id)
    themes = [
        Theme(term, _kind(kind), tuple(ids), len(ids))
        for (kind, term), ids in seen.items()
        if len(ids) >= min_reviews
    ]
    themes.sort(key=lambda t: (-t.count, t.kind != "tag", t.term))
    return themes


def _kind(kind: str) -> Literal["tag", "word"]:
    return "tag" if kind == "tag" else "word"
