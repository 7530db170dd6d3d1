"""Reviews: one file each, with cards, intents, actions and kudos as documents in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from retro.errors import NotFoundError, StoreError
from retro.model import Action, Card, Intent, Kudos, Review
from retro.store import files
from retro.store.base import StoreBase, _build, _by_created
from retro.store.files import META, Tables, meta_table

T = TypeVar("T")

REVIEW_TABLES = {"cards": Card, "intents": Intent, "actions": Action, "kudos": Kudos}


def review_from_tables(data: Tables, path: Path) -> Review:
    """Build a Review from the tables of its file."""
    headers = list(data.get("review", {}).values())
    if len(headers) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one review")
    content = {name: _by_created(data.get(name, {})) for name in REVIEW_TABLES}
    return _build(Review.from_dict, {**headers[0], **content}, path)


def review_to_tables(review: Review) -> Tables:
    """The tables of a review's file."""
    tables: Tables = {META: meta_table("review"), "review": {review.id: review.header_dict()}}
    for name, items in (
        ("cards", review.cards),
        ("intents", review.intents),
        ("actions", review.actions),
        ("kudos", review.kudos),
    ):
        tables[name] = {item.id: item.to_dict() for item in items}
    return tables


class ReviewRepo(StoreBase):
    """Reading and changing reviews."""

    def review(self, review_id: str) -> Review:
        """The review with this full id."""
        path = self._review_path(review_id)
        data = self._read(path, "review")
        if data is None:
            raise NotFoundError(f"no review has the id '{review_id}'")
        return review_from_tables(data, path)

    def reviews(self) -> list[Review]:
        """Every review, oldest first."""
        reviews = [self.review(rid) for rid in self.review_ids()]
        return sorted(reviews, key=lambda r: (r.on, r.created))

    def add_review(self, review: Review) -> Review:
        """Store a new review with everything it already holds (one file write)."""
        path = self._review_path(review.id)

        def create(data: Tables) -> Review:
            if data:
                raise StoreError(f"a review with the id {review.id} exists already")
            data.update(review_to_tables(review))
            return review

        return self._modify(path, "review", create)

    def update_review(self, review_id: str, fn: Callable[[Review], T]) -> T:
        """Change a review under the lock; `fn` mutates it and its result is returned."""
        path = self._review_path(review_id)

        def change(data: Tables) -> T:
            if not data:
                raise NotFoundError(f"no review has the id '{review_id}'")
            review = review_from_tables(data, path)
            result = fn(review)
            data.clear()
            data.update(review_to_tables(review))
            return result

        return self._modify(path, "review", change)

    def add_card(self, review_id: str, card: Card) -> Card:
        """Add one card to a review in the reflect or group phase.

        Only the card's document and the review's participants change, in one write of the
        review's own file; the rest of the review is not rebuilt.
        """
        from retro.formats import get_format

        formats = self.team().formats
        path = self._review_path(review_id)

        def insert(data: Tables) -> Card:
            if not data:
                raise NotFoundError(f"no review has the id '{review_id}'")
            header = next(iter(data.get("review", {}).values()), None)
            if header is None:
                raise files.CorruptStoreError(path, "it should hold exactly one review")
            review = _build(Review.from_dict, header, path)
            review.check_can_add_card()
            card.column = get_format(review.format, formats).column(card.column).key
            cards = data.setdefault("cards", {})
            if card.id in cards:
                raise StoreError(f"a card with the id {card.id} exists already")
            cards[card.id] = card.to_dict()
            if card.author and card.author not in review.participants:
                header["participants"] = [*review.participants, card.author]
            return card

        return self._modify(path, "review", insert)

    def delete_review(self, review_id: str) -> None:
        """Delete a review and everything in it (its backup stays in .backup/)."""
        self._delete(self._review_path(review_id), "review", review_id)
