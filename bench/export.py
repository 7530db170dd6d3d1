"""Exporting a 300-card review as Markdown, in process (no interpreter start-up or imports).

Two figures per store size, medians after a warm-up:

- render: the drift summary and the Markdown of a review already in memory (the pure core);
- command: all that ``retro export ID`` does once Python is running, through click's entry
  point with a fresh store object each time: open and check the store, read the review, find
  the review before it and the lessons promoted from it, summarise, render, print. The command
  keeps a disposable index in retro's cache folder (`retro.store.index`): the bench's
  own (``bench.common.CACHE_DIR``, else a temporary folder), never the user's; the warm-up run
  makes it, as a person's first export would.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from bench.common import CACHE_DIR, median_seconds
from bench.stores import BenchStore


@dataclass(frozen=True)
class ExportFigures:
    """Median seconds of one export."""

    render: float
    command: float
    chars: int
    """The length of the Markdown."""


@contextlib.contextmanager
def _bench_cache() -> Iterator[None]:
    """RETRO_CACHE set to the bench's cache folder (else a temporary one) while measuring."""
    before = os.environ.get("RETRO_CACHE")
    with contextlib.ExitStack() as stack:
        folder = CACHE_DIR[0] if CACHE_DIR else stack.enter_context(tempfile.TemporaryDirectory())
        os.environ["RETRO_CACHE"] = folder
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("RETRO_CACHE", None)
            else:
                os.environ["RETRO_CACHE"] = before


def measure(store: BenchStore, runs: int) -> ExportFigures:
    """Time the render and the whole command in this process."""
    with _bench_cache():
        return _measure(store, runs)


def _measure(store: BenchStore, runs: int) -> ExportFigures:
    from retro import drift
    from retro.cli import cli
    from retro.export.markdown import render_review
    from retro.formats import get_format
    from retro.store import Store

    opened = Store(store.path)
    review = opened.review(store.export_review)
    previous = drift.previous_review(review, opened.reviews())
    lessons = [x for x in opened.lessons() if x.review_id == review.id]
    fmt = get_format(review.format, opened.team().formats)
    today = date.today()

    def render() -> str:
        summary = drift.summarize_review(review, previous, today)
        return render_review(
            review, summary, fmt, previous=previous, lessons=lessons, viewer="bench", today=today
        )

    args = ["--store", str(store.path), "--as", "bench", "export", store.export_review]

    def command() -> None:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            cli.main(args, prog_name="retro", standalone_mode=False)
        if "Bench export" not in out.getvalue():
            raise RuntimeError("the export did not print the review")

    return ExportFigures(
        render=median_seconds(render, runs=runs, warmup=2),
        command=median_seconds(command, runs=runs, warmup=1),
        chars=len(render()),
    )
