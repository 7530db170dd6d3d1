"""The decision log's Markdown: the digest, ADR files, and the decisions of a review or sprint."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from retro.drift import decision_stats
from retro.export.decisions import (
    adr_name,
    adr_numbers,
    decisions_section,
    render_adr,
    render_decisions,
    slug,
)
from retro.model import Decision
from tests.export.mdcheck import PARSERS, block_texts

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2024, 5, 15)


def at(month: int, day: int) -> datetime:
    return datetime(2024, month, day, 10, 0, tzinfo=UTC)


def log(title: str = "Adopt trunk-based development") -> list[Decision]:
    """Five decisions, fixed: reviewed (partly, met), due, waiting, superseded."""
    trunk = Decision(
        id="d0000000000a1",
        title=title,
        decision="Everyone merges to main daily, behind flags.",
        expected="Merge conflicts fall to 3 a week",
        context="Long-lived branches made every merge a small project.",
        options=["Keep git-flow", "Trunk-based with flags"],
        unit="conflicts/week",
        baseline=12,
        target=3,
        confidence=7,
        decider="ana",
        decided_on=date(2024, 3, 1),
        review_on=date(2024, 4, 15),
        review_id="r0000000000a1",
        accountable=["ana"],
        consulted=["bo"],
        informed=["support"],
        created=at(3, 1),
    )
    trunk.review(
        "partly", date(2024, 4, 16), actual="conflicts halved", actual_value=6, why="big PRs"
    )
    pairing = Decision(
        id="d0000000000b2",
        title="Pair on every deploy",
        expected="No deploy-caused incident",
        confidence=6,
        decider="bo",
        decided_on=date(2024, 3, 10),
        review_on=date(2024, 5, 1),
        sprint_id="s0000000000a1",
        created=at(3, 10),
    )
    pairing.review("met", date(2024, 5, 2))
    pager = Decision(
        id="d0000000000c3",
        title="Follow-the-sun on-call",
        expected="Night pages fall by two thirds",
        confidence=8,
        decider="chen",
        decided_on=date(2024, 4, 1),
        review_on=date(2024, 5, 10),
        created=at(4, 1),
    )
    cache = Decision(
        id="d0000000000d4",
        title="Cache the catalogue",
        expected="p95 under 300 ms",
        decided_on=date(2024, 5, 1),
        review_on=date(2024, 6, 1),
        status="proposed",
        created=at(5, 1),
    )
    old = Decision(
        id="d0000000000e5",
        title="Release branches per sprint",
        expected="Calmer releases",
        decided_on=date(2024, 1, 5),
        review_on=date(2024, 3, 1),
        created=at(1, 5),
    )
    old.supersede(trunk)
    for d in (trunk, pairing, old):
        d.updated = d.created
    return [trunk, pairing, pager, cache, old]


def digest(decisions: list[Decision], **period: date) -> str:
    stats = decision_stats(decisions, TODAY, period.get("since"), period.get("until"))
    return render_decisions(decisions, stats, today=TODAY, **period)


def adr(decisions: list[Decision], index: int) -> str:
    numbers = adr_numbers(decisions, {})
    names = {d.id: adr_name(d, numbers[d.id]) for d in decisions}
    d = decisions[index]
    return render_adr(
        d, numbers[d.id], names=names, decisions={x.id: x for x in decisions}, today=TODAY
    )


DOCS = {
    "decisions": lambda: digest(log()),
    "decisions-may": lambda: digest(log(), since=date(2024, 5, 1), until=date(2024, 5, 31)),
    "adr-trunk": lambda: adr(log(), 0),
    "adr-superseded": lambda: adr(log(), 4),
    "adr-due": lambda: adr(log(), 2),
}


@pytest.mark.parametrize("name", list(DOCS))
def test_golden(name: str) -> None:
    text = DOCS[name]()
    path = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


def test_digest_numbers_and_sections() -> None:
    text = digest(log())
    # partly 0.5 and met 1.0: drift −25%; Brier ((0.7−0)² + (0.6−1)²)/2 = (0.49+0.16)/2 = 0.325.
    assert "**Decision drift:** −25%: 1 of 2 bets paid off as expected" in text
    assert "**Calibration:** 0.32 (Brier)" in text
    for section in (
        "## Due for review",
        "## Waiting for their review date",
        "## Reviewed",
        "## Superseded",
    ):
        assert section in text
    assert "| Follow-the-sun on-call | 2024-04-01 | 2024-05-10  |  5 days |" in text
    assert "Release branches per sprint → Adopt trunk-based development" in text


def test_a_period_keeps_what_was_decided_or_reviewed_in_it() -> None:
    text = digest(log(), since=date(2024, 5, 1), until=date(2024, 5, 31))
    assert "Pair on every deploy" in text and "Adopt trunk-based" not in text.split("## Due")[0]
    assert "Cache the catalogue" in text and "## Superseded" not in text
    assert "**Decision drift:** 0%: 1 of 1 bet paid off as expected" in text


def test_adr_is_nygard_with_expected_outcome_and_review() -> None:
    text = adr(log(), 0)
    assert text.startswith("<!-- retro-decision: d0000000000a1 -->\n\n# 2. Adopt trunk-based")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Status",
        "## Context",
        "## Decision",
        "## Consequences",
        "## Expected outcome",
        "## Review",
    ]
    assert "Supersedes [Release branches per sprint](0001-release-branches-per-sprint.md)" in text
    assert "**Metric:** 12 conflicts/week → 3 conflicts/week" in text
    assert "**Outcome:** 🟡 partly" in text
    superseded = adr(log(), 4)
    assert (
        "Superseded by [Adopt trunk-based development](0002-adopt-trunk-based-development.md)"
        in superseded
    )


def test_numbers_are_stable() -> None:
    decisions = log()
    first = adr_numbers(decisions, {})
    assert sorted(first.values()) == [1, 2, 3, 4, 5]
    later = Decision(
        title="Later", expected="x", decided_on=date(2024, 1, 1), review_on=date(2024, 2, 1)
    )
    # A decision dated earlier but exported later takes the next number; the others keep theirs.
    again = adr_numbers([*decisions, later], first)
    assert {k: again[k] for k in first} == first and again[later.id] == 6


def test_slug() -> None:
    assert slug("Adopt trunk-based development!") == "adopt-trunk-based-development"
    assert slug("Ünïcode & ☃") == "unicode"
    assert slug("☃☃") == "decision"


HOSTILE = "# [x](javascript:alert(1)) <b>bold</b> | *em* `code`"


@pytest.mark.parametrize("parser", list(PARSERS))
def test_hostile_titles_come_out_literal(parser: str) -> None:
    md = PARSERS[parser]()
    for text in (digest(log(HOSTILE)), adr(log(HOSTILE), 0)):
        html = md.render(text)
        assert (
            "<b>" not in html
            and 'href="javascript' not in html
            and "<h1" not in html.split("</h1>", 1)[1]
        )
        assert any(HOSTILE in block for block in block_texts(md, text))


def test_decisions_section_lists_those_made_here() -> None:
    blocks = decisions_section(d for d in log() if d.review_id == "r0000000000a1")
    assert blocks[0] == "## Decisions"
    assert blocks[1].startswith("- **Adopt trunk-based development** (reviewed: partly)")
    assert decisions_section([]) == []
