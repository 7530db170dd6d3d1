"""What one write costs on an empty store and on a store of 100,000 documents.

A write must not parse or rewrite what it does not touch: adding a card reads and writes only
its review's file, adding a lesson only its author-and-month partition. The figures are medians
of in-process calls, each a full locked read-modify-write with fsync, and the ratio to the empty
store is what counts (target: within 1.5x).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.common import build_store, median_seconds, store_bytes, table
from retro.model import Card, Lesson, Review
from retro.store import Store


def measure(size: int | None, root: Path, existing: Path | None = None) -> dict[str, float]:
    """Median seconds of add_card and add_lesson on a store of about `size` documents (or on
    `existing`, a store of that size made already)."""
    store = Store(existing) if existing else build_store(root / f"store-{size or 0}", size)
    review = store.add_review(Review("Bench retro", format="ssc"))
    for n in range(40):  # a review of typical size, so the card write is like a real one
        store.add_card(review.id, Card("start", f"warm-up card {n}", author="bench"))
    counter = iter(range(10**9))

    def add_card() -> None:
        store.add_card(review.id, Card("start", f"card {next(counter)}", author="bench"))

    def add_lesson() -> None:
        store.add_lesson(Lesson(f"lesson {next(counter)}", tags=["bench"], author="bench"))

    return {
        "add_card": median_seconds(add_card, runs=40),
        "add_lesson": median_seconds(add_lesson, runs=40),
        "bytes": float(store_bytes(store.path)),
    }


def main(
    sizes: tuple[int | None, ...] = (None, 100_000), stores: dict[int | None, Path] | None = None
) -> str:
    """The table of in-process write costs; `stores` are stores of those sizes made already."""
    stores = stores or {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        results = {}
        for size in sizes:
            start = time.perf_counter()
            results[size] = measure(size, root, stores.get(size))
            took = time.perf_counter() - start
            print(f"  store of {size or 0:,} documents measured in {took:.1f} s", file=sys.stderr)
    base = results[sizes[0]]
    rows = [["store", "on disk", "add_card", "ratio", "add_lesson", "ratio"]]
    for size, r in results.items():
        rows.append(
            [
                f"{size or 0:,} documents",
                f"{r['bytes'] / 1e6:.1f} MB",
                f"{r['add_card'] * 1000:.2f} ms",
                f"{r['add_card'] / base['add_card']:.2f}x",
                f"{r['add_lesson'] * 1000:.2f} ms",
                f"{r['add_lesson'] / base['add_lesson']:.2f}x",
            ]
        )
    return table(rows)


if __name__ == "__main__":
    print(main())
