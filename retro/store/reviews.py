"""Reviews: one file each, with cards, intents, actions and kudos as documents in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from retro import model  # each class on first use: a lesson's write builds no review
from retro.errors import NotFoundError
from retro.store import files
from retro.store.base import StoreBase
from retro.store.derive import micros
from retro.store.documents import build, review_from_tables, review_to_tables

if TYPE_CHECKING:
    from retro.model import Card, Review

T = TypeVar("T")


class ReviewRepo(StoreBase):
    """Reading and changing reviews."""

    def review(self, review_id: str) -> Review:
        """The review with this full id."""
        return self._one(self._review_path(review_id), "review", review_id, review_from_tables)

    def reviews(self) -> list[Review]:
        """Every review, oldest first."""
        reviews = [self.review(rid) for rid in self.review_ids()]
        return sorted(reviews, key=lambda r: (r.on, r.created))

    def review_outlines(self) -> list[Review]:
        """Every review without its cards (``cards`` is empty), oldest first, from the index
        (`retro.store.index`): for listings of actions, intents and the like.

        Read-only views: never pass one to a write (its cards would be lost); change a review
        with `update_review`, which reads the whole file.
        """
        if self._pending is not None:  # inside a batch: its files are not written yet
            return [model.Review.from_dict({**r.to_dict(), "cards": []}) for r in self.reviews()]
        index = self._synced("reviews")
        return [
            review_from_tables({**orjson.loads(str(outline)), "cards": {}}, self.path / str(rel))
            for rel, outline in index.rows(
                "SELECT rel, outline FROM reviews ORDER BY on_ord, created, id"
            )
        ]

    def review_summaries(self) -> list[dict[str, Any]]:
        """Every review's `Review.summary_dict()`, oldest first (as `reviews` orders them), from
        the index."""
        index = self._synced("reviews")
        return [
            orjson.loads(str(summary))
            for (summary,) in index.rows("SELECT summary FROM reviews ORDER BY on_ord, created, id")
        ]

    def listed_actions(
        self, status: str | None = None, owner: str | None = None, overdue_on: date | None = None
    ) -> list[tuple[dict[str, Any], str, str]]:
        """The actions `retro action list` shows, each (as ``Action.to_dict`` gives it) with
        its review's title and its short id (as `short_ids` gives it), ordered by due date
        (none last), then creation; ties review by review, oldest first, each review's in its
        order. Only those of this `status` (every one if None), of this `owner` (casefolded),
        overdue on `overdue_on` if it is given."""
        where: list[str] = ["1"]
        args: list[object] = []
        if status is not None:
            where.append("a.status = ?")
            args.append(status)
        if owner is not None:
            where.append("a.owner = ?")
            args.append(owner)
        if overdue_on is not None:
            where.append("a.status = 'open' AND a.due < ?")
            args.append(overdue_on.toordinal())
        index = self._synced("reviews")
        rows = index.rows(
            f"SELECT a.doc, r.title, a.id, {index.neighbours('a.id')}"
            " FROM actions a JOIN reviews r ON a.rel = r.rel"
            f" WHERE {' AND '.join(where)}"
            " ORDER BY a.due, a.created, r.on_ord, r.created, r.id, a.pos",
            args,
        )
        return [
            (orjson.loads(str(doc)), str(title), index.short(str(full), before, after))
            for doc, title, full, before, after in rows
        ]

    def previous_review(self, review: Review) -> Review | None:
        """The review held before this one, as `retro.drift.previous_review` orders reviews (by
        date, creation time, id), from the index."""
        index = self._synced("reviews")
        found = index.rows(
            "SELECT id FROM reviews WHERE id != ?1 AND (on_ord, created, id) < (?2, ?3, ?1)"
            " ORDER BY on_ord DESC, created DESC, id DESC LIMIT 1",
            (review.id, review.on.toordinal(), micros(review.created)),
        )
        return self.review(str(found[0][0])) if found else None

    def add_review(self, review: Review) -> Review:
        """Store a new review with everything it already holds (one file write)."""
        self._add_one(self._review_path(review.id), "review", review.id, review_to_tables(review))
        return review

    def update_review(self, review_id: str, fn: Callable[[Review], T]) -> T:
        """Change a review under the lock; `fn` mutates it (through its rules,
        `retro.model.board`) and its result is returned. Only the documents that changed are
        written, through TinyDB."""
        codec = (review_from_tables, review_to_tables)
        return self._update_one(self._review_path(review_id), "review", review_id, codec, fn)

    def add_card(self, review_id: str, card: Card) -> Card:
        """Add one card to a review in the reflect or group phase: the card's document is
        inserted and the review's participants updated, in one write of the review's file."""
        from retro.formats import review_format
        from retro.store.db import insert

        formats = self.team().formats
        path = self._review_path(review_id)
        with self._db(path, "review") as db:
            if not db.tables_now:
                raise NotFoundError(f"no review has the id '{review_id}'")
            header = next(iter(db.tables_now.get("review", {}).values()), None)
            if header is None:
                raise files.CorruptStoreError(path, "it should hold exactly one review")
            review = build(model.Review.from_dict, header, path)
            review.check_can_add_card()
            card.column = review_format(review, formats).column(card.column).key
            insert(db, "cards", card.id, card.to_dict(), "card")
            if card.author and card.author not in review.participants:
                people = [*review.participants, card.author]
                db.table("review").update({"participants": people}, doc_ids=[review.id])  # type: ignore[list-item]
        return card

    def delete_review(self, review_id: str) -> None:
        """Delete a review and everything in it (its backup stays in .backup/)."""
        self._delete(self._review_path(review_id), "review", review_id)
