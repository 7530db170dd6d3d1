"""`retro export REVIEW` prints what the renderer makes of the whole store: the previous review
and the promoted lessons the command finds through the store's indexes are the ones a full read
of every review and lesson gives."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from retro import drift
from retro.cli import cli
from retro.demo import build_demo
from retro.export.markdown import render_review
from retro.formats import get_format
from retro.model import Lesson, Review
from retro.store import Store

TODAY = date(2026, 3, 2)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo store, with lessons promoted from some reviews and a review with no cards."""
    monkeypatch.setenv("RETRO_CACHE", str(tmp_path / "cache"))
    for var in ("RETRO_STORE", "RETRO_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    store = Store(tmp_path / "store")
    build_demo(store, today=TODAY, user="ana")
    rng = random.Random(3)
    ids = store.review_ids()
    for n, rid in enumerate(rng.sample(ids, 4) * 2):
        store.add_lesson(
            Lesson(
                f"Promoted {n}",
                on=TODAY - timedelta(days=40 * n),
                author=rng.choice(["ana", "bo", None]),
                review_id=rid,
            )
        )
    store.add_review(Review("Earliest, empty", on=date(2020, 1, 1)))
    return Store(store.path)


def _expected(store: Store, review: Review, today: date) -> str:
    previous = drift.previous_review(review, store.reviews())
    return render_review(
        review,
        drift.summarize_review(review, previous, today),
        get_format(review.format, store.team().formats),
        previous=previous,
        lessons=[x for x in store.lessons() if x.review_id == review.id],
        viewer="ana",
        today=today,
        decisions=store.decisions(),
    )


def test_every_review_exports_as_a_full_read_renders_it(demo: Store) -> None:
    runner = CliRunner()
    promoted = 0
    for _ in range(2):  # the indexes made, then used
        for review in demo.reviews():
            today = date.today()
            result = runner.invoke(
                cli, ["--store", str(demo.path), "--as", "ana", "export", review.id]
            )
            assert result.exit_code == 0, result.output
            expected = _expected(demo, review, today)
            assert result.stdout == expected + ("" if expected.endswith("\n") else "\n")
            promoted += "Promoted" in result.stdout
    assert promoted == 8  # four reviews with lessons, twice
