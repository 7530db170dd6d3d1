"""Reviews: one file each, with cards, intents, actions and kudos as documents in it."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from retro import model  # each class on first use: a lesson's write builds no review
from retro.errors import NotFoundError, StoreError
from retro.store import files, headers
from retro.store.base import StoreBase, _build, _by_created
from retro.store.files import META, Tables, meta_table

if TYPE_CHECKING:
    from retro.model import Card, Review
    from retro.store.listing import Listing

T = TypeVar("T")

REVIEW_TABLES = ("cards", "intents", "actions", "kudos")


def _order_key(header: dict[str, Any]) -> tuple[date, datetime, str]:
    """(date, creation time, id) of a review header, parsed as `Review.from_dict` parses them."""
    on = date.fromisoformat(str(header["on"])[:10])
    created = datetime.fromisoformat(str(header["created"]))
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return (on, created, str(header["id"]))


def review_from_tables(data: Tables, path: Path) -> Review:
    """Build a Review from the tables of its file."""
    found = list(data.get("review", {}).values())
    if len(found) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one review")
    content = {name: _by_created(data.get(name, {})) for name in REVIEW_TABLES}
    return _build(model.Review.from_dict, {**found[0], **content}, path)


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

    def review_headers(self) -> list[dict[str, Any]]:
        """The header of every review (id, title, date, phase …, without cards and the rest).

        Cheap on a large store: the header is the file's last table (keys are sorted), so
        only the end of the file is read and only that table parsed; a file where it cannot
        be found is read in full, with every check.
        """
        folder = os.path.join(self.path, "reviews")
        skip = {p.stem for p in self._cache if p.parent.name == "reviews"}
        if self._pending:
            skip |= {p.stem for p in self._pending if p.parent.name == "reviews"}
        out = []
        for rid in self.review_ids():
            quick = (
                None if rid in skip else headers.quick_header(os.path.join(folder, rid + ".json"))
            )
            if quick is not None:
                header = quick[0]
            else:
                path = self._review_path(rid)
                found = list((self._read(path, "review") or {}).get("review", {}).values())
                if len(found) != 1:
                    raise files.CorruptStoreError(path, "it should hold exactly one review")
                header = found[0]
            out.append(header)
        return out

    def review_outlines(self) -> list[Review]:
        """Every review without its cards (``cards`` is empty), oldest first: for listings of
        actions, intents and the like, which need no cards. Much cheaper than `reviews` on a
        large store, since the cards table is cut out of each file before it is parsed.

        Read-only views: never pass one to a write (its cards would be lost); change a review
        with `update_review`, which reads the whole file.
        """
        self.check_open()
        outlines = [o for o in map(self._outline, self.review_ids()) if o is not None]
        return sorted(outlines, key=lambda r: (r.on, r.created))

    def _outline(self, rid: str) -> Review | None:
        """One review without its cards (None if it is gone): see `review_outlines`."""
        from retro.store.digest import without_cards

        path = self._review_path(rid)
        if path in self._cache or (self._pending and path in self._pending):
            review = self.review(rid)
            return model.Review.from_dict({**review.to_dict(), "cards": []})
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None  # deleted since the listing
        except OSError:
            self.review(rid)  # let the checked read say what is wrong
            raise
        return review_from_tables(files.parse(path, without_cards(raw), "review"), path)

    def review_listing(self, view: str) -> Listing:
        """Every review in one view of what the listings show (``reviewlines``,
        ``reviewsummaries``: as `reviews` gives them; ``actionlines``: as `review_outlines`
        does), oldest first, failing as those do for a damaged file.

        Cheap on a large store: each view is kept per file stamp in a disposable index
        (`retro.store.listing`), so only files changed since the last listing are read.
        Inside a batch, and for files this Store holds in memory, the reviews are built as
        before.
        """
        from retro.store import listing

        self.check_open()
        rids = self.review_ids()
        read: Callable[[str], Review | None]
        read = self._outline if view == listing.ACTIONS else self.review
        if self._pending is not None:
            found = [listing.entry(view, r, []) for r in map(read, rids) if r is not None]
            found.sort(key=lambda e: (e[0], e[1]))
            return listing.Listing(found, None)
        skip = {p.stem for p in self._cache if p.parent.name == "reviews"}
        return listing.list_reviews(self.path, view, rids, read, skip)

    def previous_review(self, review: Review) -> Review | None:
        """The review held before this one, as `retro.drift.previous_review` orders reviews (by
        date, creation time, id), from the other reviews' headers.

        The headers' order keys come from a disposable index (`retro.store.headers`) kept per
        file stamp, so on a large store only a listing of the reviews folder is needed; a file
        whose header cannot be read from its end is read in full, with every check.
        """
        mine = headers.order_key(review.on, review.created, review.id)
        if mine is None or self._pending is not None:
            return self._previous_from_headers(review)
        self.check_open()
        best = headers.previous_review_id(self.path, mine, self._order_key_of)
        return self.review(best) if best is not None else None

    def _order_key_of(self, review_id: str) -> headers.OrderKey | None:
        """A review's order key from its whole file, read and checked (None if it is gone)."""
        path = self._review_path(review_id)
        data = self._read(path, "review")
        if data is None:
            return None  # deleted since the folder was listed
        found = list(data.get("review", {}).values())
        if len(found) != 1:
            raise files.CorruptStoreError(path, "it should hold exactly one review")
        key = headers.header_key(found[0])
        if key is None:  # a damaged header: let the full read say what is wrong
            other = self.review(str(found[0].get("id", "")))
            key = headers.order_key(other.on, other.created, other.id)
        return key

    def _previous_from_headers(self, review: Review) -> Review | None:
        """`previous_review` from `review_headers`, without the index: inside a batch (whose
        files are not written yet) and for a review with a naive creation time."""
        mine = (review.on, review.created, review.id)
        best: tuple[date, datetime, str] | None = None
        for header in self.review_headers():
            try:
                key = _order_key(header)
            except (KeyError, TypeError, ValueError):
                key = None
            if key is None:  # a damaged header: let the full read say what is wrong
                other = self.review(str(header.get("id", "")))
                key = (other.on, other.created, other.id)
            if key[2] != review.id and key < mine and (best is None or key > best):
                best = key
        return self.review(best[2]) if best is not None else None

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
            review = _build(model.Review.from_dict, header, path)
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
