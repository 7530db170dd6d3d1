"""The Markdown exports as a reader sees them: golden files, parsed structure, hostile text."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from retro.drift import summarize_review, summarize_sprint
from retro.export.blocks import signed_percent
from retro.export.markdown import render_lessons, render_review, render_sprint, render_team
from retro.export.sprint import drift_by_checkin
from retro.model import Card, Review
from tests.export.fixtures import TODAY, Texts, World, d
from tests.export.mdcheck import PARSERS, block_texts, shape, squash

GOLDEN = Path(__file__).parent / "golden"
FOOTER = "Exported by retro on 2024-05-15"

Doc = Callable[[World], str]


def review_doc(w: World) -> str:
    return render_review(
        w.review(),
        w.review_summary(),
        w.format(),
        previous=w.previous_review(),
        lessons=w.lessons(),
        today=TODAY,
    )


def reflect_doc(w: World) -> str:
    """The same review in its reflect phase, exported by the author of the grouped card."""
    return render_review(
        w.review("reflect"),
        w.review_summary("reflect"),
        w.format(),
        viewer=w.text.card_author,
        today=TODAY,
    )


def sprint_doc(w: World) -> str:
    return render_sprint(w.sprint(), w.sprint_summary(), today=TODAY)


def lessons_doc(w: World) -> str:
    return render_lessons(w.lessons(), today=TODAY)


def lessons_filtered_doc(w: World) -> str:
    return render_lessons(w.lessons(), since=d(5, 1), until=d(5, 31), tag="#Deploy", today=TODAY)


def team_doc(w: World) -> str:
    return render_team(w.team(), w.team_summary(), today=TODAY)


DOCS: dict[str, Doc] = {
    "review": review_doc,
    "review-reflect": reflect_doc,
    "sprint": sprint_doc,
    "lessons": lessons_doc,
    "lessons-deploy-may": lessons_filtered_doc,
    "team": team_doc,
}


@pytest.fixture(params=list(PARSERS))
def md(request: pytest.FixtureRequest) -> MarkdownIt:
    return PARSERS[request.param]()


# --- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DOCS))
def test_golden(name: str) -> None:
    """Each document matches its golden file; UPDATE_GOLDEN=1 rewrites them after a change."""
    text = DOCS[name](World())
    path = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(DOCS))
def test_every_document_ends_with_the_footer(name: str, md: MarkdownIt) -> None:
    text = DOCS[name](World())
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert block_texts(md, text)[-1] == FOOTER


# --- structure -------------------------------------------------------------------------------


def test_review_structure(md: MarkdownIt) -> None:
    doc = shape(md, review_doc(World()))
    assert doc.headings == [
        (1, "Sprint 14 review"),
        (2, "Drift"),
        (2, "Last review's actions"),
        (2, "Intents"),
        (2, "Topics"),
        (2, "Other actions"),
        (2, "Kudos"),
        (2, "Pulse"),
        (2, "Lessons"),
    ]
    # Intents: a header and three intents, five columns; pulse: one row of five scores.
    assert doc.tables == [(4, 5), (2, 6)]
    # Last review's three actions (one done), then this review's three (one done): the one
    # agreed on a topic under it, the other two after the topics.
    assert doc.tasks == [True, False, False, False, True, False]
    assert doc.html == []
    assert doc.fences == []
    assert "link_open" not in doc.inline and "image" not in doc.inline


def test_a_review_reads_as_the_meeting_went() -> None:
    """From discuss on, the cards are the agenda: each topic once, in the order it was taken,
    with its votes across columns and the actions agreed on it; each action once."""
    text = review_doc(World())
    topics = text.split("## Topics", 1)[1].split("## Other actions", 1)[0]
    assert text.count("Slow pipeline") == 1
    first, second = (
        topics.index("1. **Slow pipeline** · **4 votes** · Improve, Why"),
        topics.index("2. Nobody owns the flaky test list"),
    )
    action = topics.index("   - [ ] Automate the approval step")
    assert first < action < second
    assert text.count("Automate the approval step — owner: ben · due 2024-05-28") == 1


def test_before_discuss_a_group_spanning_columns_is_listed_once() -> None:
    text = reflect_doc(World())
    assert text.count("**Slow pipeline** · **4 votes**") == 1
    assert "- *1 card in the group **Slow pipeline**, under Improve*" in text


def test_sprint_structure(md: MarkdownIt) -> None:
    doc = shape(md, sprint_doc(World()))
    assert doc.headings == [
        (1, "Sprint: Sprint 14"),
        (2, "Purpose"),
        (2, "Drift"),
        (2, "Goals"),
        (2, "Check-ins"),
        (2, "Drift over check-ins"),
    ]
    # Four goals × ten columns; six check-ins × seven; seven chart points (six check-in days
    # and the end, judged on the outcome) × three.
    assert doc.tables == [(5, 10), (7, 7), (8, 3)]
    assert doc.tasks == [] and doc.html == []
    [(info, chart)] = doc.fences
    assert info == "mermaid"
    lines = chart.splitlines()
    assert lines[0] == "xychart-beta"
    x_axis = next(line for line in lines if line.strip().startswith("x-axis"))
    points = next(line for line in lines if line.strip().startswith("line"))
    assert x_axis.count('"') == 2 * 7
    # against the plan on each check-in day, then the outcome at the end (the old contract
    # judged every day on the distance to the target: −80, −83.8, −68.8, −62.5, −56.7, −46.7)
    assert points.strip() == "line [4.6, -10.7, -14.9, -16.3, -25.9, -28.7, -46.7]"


def test_lessons_structure(md: MarkdownIt) -> None:
    doc = shape(md, lessons_doc(World()))
    assert doc.headings == [
        (1, "Lessons learned"),
        (2, "ci · 1 lesson"),
        (2, "deploy · 2 lessons"),
        (2, "ops · 1 lesson"),
        (2, "Untagged · 1 lesson"),
    ]
    assert doc.tables == [] and doc.tasks == [] and doc.html == []


def test_team_structure(md: MarkdownIt) -> None:
    doc = shape(md, team_doc(World()))
    assert doc.headings == [
        (1, "Team report: Platform"),
        (2, "Purpose"),
        (3, "History"),
        (2, "Sprints"),
        (2, "Reviews"),
        (2, "Follow-through"),
        (2, "Calibration"),
        (2, "Recurring themes"),
        (2, "Open actions by owner"),
        (3, "ana · 1 action"),
        (3, "ben · 2 actions"),
        (3, "Unassigned · 1 action"),
    ]
    assert doc.tables == [(3, 7), (4, 8), (3, 2), (2, 3), (3, 3)]
    assert doc.tasks == [False] * 4
    assert [info for info, _ in doc.fences] == ["mermaid"]
    assert doc.html == []


# --- hostile text ----------------------------------------------------------------------------

PLACEHOLDER = "PLACEHOLDER"

HOSTILE: list[tuple[str, str, str | None]] = [
    # (name, what a person typed, what must be read back if not the same)
    ("pipes", "a | b || c |", None),
    ("backticks", "run `rm -rf /` or ``x``", None),
    ("heading", "# Not a heading", None),
    ("heading-closing-hashes", "Issue ##", None),
    ("script", "<script>alert(1)</script>", None),
    ("html", "<!-- hidden --> <b>bold</b> <img src=x onerror=alert(1)>", None),
    ("html-block", "<div>\nblock\n</div>", None),
    ("entities", "&amp; &copy; &#60;i&#62;", None),
    ("task", "- [ ] not a task", None),
    ("task-done", "[x] done?", None),
    ("link", "[x](javascript:alert(1))", None),
    ("image", "![img](http://evil.example/x.png)", None),
    ("autolink", "<http://evil.example>", None),
    ("reference", "[foo]: http://evil.example", None),
    ("footnote", "[^1] and\n[^1]: a note", None),
    ("emphasis", "*emphasis* and **strong**", None),
    ("underscores", "_underscores_ and __dunder__ snake_case_name", None),
    ("strikethrough", "~~gone~~ and ~also~", None),
    ("ordered", "1. first", None),
    ("ordered-paren", "2) second", None),
    ("bullets", "+ plus\n* star\n- minus", None),
    ("quote", "> quoted", None),
    ("alert", "> [!WARNING]\n> alert", None),
    ("fence", "```\ncode\n```", None),
    ("tilde-fence", "~~~python\nx = 1\n~~~", None),
    ("indented-code", "    indented code", None),
    ("thematic-break", "---", None),
    ("setext", "Title\n===", None),
    ("setext-dash", "Title\n---", None),
    ("table-row", "| a | b |\n| - | - |", None),
    ("math", "costs $5 and $x^2$ and $$y$$", None),
    ("newlines", "line one\nline two\n\nline four\n", None),
    ("carriage-returns", "one\rtwo\r\nthree", None),
    ("trailing-backslash", "ends with a backslash\\", None),
    ("backslashes", "\\*not\\* \\\\ \\", None),
    ("emoji", "🚀 ship it 👩‍💻 🟢", None),
    ("rtl-override", "abc\u202edcba", "abc\u202edcba\u202c"),
    ("rtl-isolate", "x\u2067 שלום", "x\u2067 שלום\u2069"),
    ("controls", "bell\x07 esc\x1b[31m red nul\x00", "bell␇ esc␛[31m red nul␀"),
]


def world_with(text: str) -> World:
    """A world where every field a person types holds `text`."""
    return World(Texts(**{f.name: text for f in fields(Texts)}))


@pytest.mark.parametrize("name", list(DOCS))
@pytest.mark.parametrize(("case", "typed", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_text_comes_out_literal(
    md: MarkdownIt,
    name: str,
    case: str,
    typed: str,
    expected: str | None,
) -> None:
    """User text in every field of every document renders as the same literal text, and adds
    no heading, list, task, table cell, link, emphasis, code, math or HTML of its own."""
    benign = DOCS[name](world_with(PLACEHOLDER))
    hostile = DOCS[name](world_with(typed))
    want = squash(expected if expected is not None else typed)

    plain, evil = shape(md, benign), shape(md, hostile)
    assert evil.blocks == plain.blocks
    assert evil.inline == plain.inline
    assert evil.html == [] and plain.html == []
    assert len(evil.headings) == len(plain.headings)
    assert sorted(evil.tables) == sorted(plain.tables)
    assert sorted(evil.tasks) == sorted(plain.tasks)
    assert evil.fences == plain.fences
    assert all(url.startswith("http") for url in evil.autolinks)

    expected_blocks = sorted(squash(t).replace(PLACEHOLDER, want) for t in block_texts(md, benign))
    actual_blocks = sorted(squash(t) for t in block_texts(md, hostile))
    assert actual_blocks == expected_blocks


def test_the_hostile_cases_reach_every_document() -> None:
    """The placeholder shows up in each document, so the hostile test checks real user text."""
    for name, doc in DOCS.items():
        assert doc(world_with(PLACEHOLDER)).count(PLACEHOLDER) >= 2, name


# --- what a reader notices -------------------------------------------------------------------


def test_a_newline_in_a_card_is_a_line_break_and_in_a_cell_a_br(md: MarkdownIt) -> None:
    w = world_with("first\r\nsecond\rthird")
    html = md.render(review_doc(w))
    assert "<li>first<br />\nsecond<br />\nthird" in html
    assert "<td>first<br>second<br>third</td>" in html


def test_an_rtl_override_stays_inside_its_card(md: MarkdownIt) -> None:
    w = World(replace(Texts(), card="evil\u202e txet", card_author="ana"))
    texts = block_texts(md, review_doc(w))
    [card] = [t for t in texts if t.startswith("evil")]
    assert card.startswith("evil\u202e txet\u202c — ana")


def test_cards_are_sorted_by_votes_and_anonymous_cards_have_no_author() -> None:
    w = World()
    review = w.review("group")  # before discuss: the cards by column
    review.cards.append(
        Card("improve", "Top voted", votes={"ana": 3, "ben": 3}, id="c00000000c399")
    )
    text = render_review(review, summarize_review(review, today=TODAY), w.format(), today=TODAY)
    improve = text[text.index("### Improve") :]
    assert improve.index("Top voted") < improve.index("Slow pipeline")
    assert "- Top voted · **6 votes**\n" in improve
    assert "- Builds queue behind each other · **1 vote**" in improve


def test_reflect_phase_hides_other_peoples_cards_from_the_viewer() -> None:
    text = reflect_doc(World())
    assert "Deploys wait for a manual approval — ana" in text  # the viewer's own card
    assert "Nobody owns the flaky test list" not in text
    assert "Pipeline for all services" not in text  # anonymous: hidden from everyone
    assert text.count("*(hidden until the cards are revealed)*") == 4
    assert "- **Slow pipeline** · **4 votes**" in text  # the viewer leads the group


def test_a_group_led_by_a_hidden_card_hides_its_title() -> None:
    w = World()
    text = render_review(
        w.review("reflect"), w.review_summary("reflect"), w.format(), viewer="ben", today=TODAY
    )
    assert "Slow pipeline" not in text
    assert "- **Group** · **4 votes**" in text


def test_no_previous_review_means_no_follow_up_section() -> None:
    w = World()
    review = w.review()
    text = render_review(review, summarize_review(review, today=TODAY), w.format(), today=TODAY)
    assert "## Last review's actions" not in text
    assert "## Lessons" not in text  # no lessons given


def test_unknown_numbers_say_why() -> None:
    w = World()
    review = replace(w.review(), intents=[], pulse={"ana": 4}, actions=[])
    text = render_review(review, summarize_review(review, today=TODAY), w.format(), today=TODAY)
    assert "- **Review drift:** — (no intent rated yet)" in text
    assert "- **Alignment spread:** — (needs two pulse answers)" in text
    assert "- **Follow-through:** — (no action was due by 2024-05-14)" in text
    assert "## Intents" not in text
    assert "*No actions agreed.*" in text


def test_lessons_digest_filters_by_range_and_tag_newest_first() -> None:
    text = lessons_filtered_doc(World())
    assert "## deploy · 2 lessons" in text
    assert text.index("Roll back first") < text.index("Feature flags")
    assert "Pin the CI image" not in text and "Write the alert" not in text
    assert "- **Period:** 2024-05-01 → 2024-05-31" in text


def test_an_empty_digest_says_so() -> None:
    text = render_lessons(World().lessons(), tag="nothing", today=TODAY)
    assert "*No lessons match.*" in text
    assert text.endswith(f"*{FOOTER}*\n")


def test_team_report_refuses_a_range_other_than_its_summary() -> None:
    w = World()
    with pytest.raises(ValueError, match="date range"):
        render_team(w.team(), w.team_summary(), since=d(1, 1), today=TODAY)
    # The summary's own range is accepted.
    text = render_team(w.team(), w.team_summary(), since=d(4, 1), until=d(5, 14), today=TODAY)
    assert "- **Period:** 2024-04-01 → 2024-05-14" in text


def test_drift_numbers_are_the_engines() -> None:
    """The export shows the summary's numbers, whatever they are (nothing recomputed)."""
    w = World()
    summary = replace(w.sprint_summary(), drift=-0.123, off_track_share=0.5, band="at risk")
    text = render_sprint(w.sprint(), summary, today=TODAY)
    assert "- **Sprint drift:** −12% 🟡 at risk" in text
    assert "- **Share off track:** 50% of the goals with a check-in" in text


def test_the_drift_chart_ends_on_the_sprints_own_drift() -> None:
    """A closed sprint's closing values come last, as the point "close" the headline shows."""
    w = World()
    sprint = w.old_sprint()
    summary = summarize_sprint(sprint, today=TODAY)
    points = drift_by_checkin(sprint, summary)
    assert [p.label for p in points] == ["2024-04-20", "2024-04-26", "close"]
    # 12 → 6 per day from the 15th to the 28th (13 days). The 20th: 10 is a = 2/6 against the
    # plan's 5/13 → −5%; the 26th: 8 is 4/6 against 11/13 → −18%; closed at 7: 5/6 − 1 → −17%
    assert [signed_percent(p.drift) for p in points] == ["−5%", "−18%", "−17%"]
    assert points[-1].drift == summary.drift
    text = render_sprint(sprint, summary, today=TODAY)
    assert "    line [-5.1, -17.9, -16.7]" in text
    assert "| close      |         −17% |              0% |" in text


def test_a_300_card_review_exports_every_card() -> None:
    """How fast is `make bench`'s to say ("export of a 300-card review"), not a test's."""
    w = World()
    review: Review = w.review()
    review.cards = [
        Card(
            ("improve", "sustain", "why")[n % 3],
            f"Card {n} with | a pipe, *stars* and a\nsecond line",
            author=None if n % 4 == 0 else f"person{n % 7}",
            votes={f"person{v}": 1 for v in range(n % 5)},
            tags=["flaky"] if n % 2 else [],
            id=f"c{n:012d}",
        )
        for n in range(300)
    ]
    summary = summarize_review(review, w.previous_review(), today=TODAY)
    text = render_review(review, summary, w.format(), previous=w.previous_review(), today=TODAY)
    assert all(f"Card {n} with" in text for n in range(300))
    assert text.count("\\| a pipe") == 300


def test_a_sprint_ahead_of_its_plan_exports_on_track_in_words() -> None:
    """The issue's case in the export: 800 → 300 ms over two weeks, 700 ms on day 0."""
    from retro.model import CheckIn, Goal, Sprint

    sprint = Sprint("Two weeks", TODAY, TODAY + timedelta(days=14), status="active")
    goal = Goal("Cut p95", sprint.id, unit="ms", baseline=800, target=300)
    goal.checkins.append(CheckIn(TODAY, value=700))
    sprint.goals.append(goal)
    text = render_sprint(sprint, summarize_sprint(sprint, today=TODAY), today=TODAY)
    assert "- **Sprint drift:** +20% 🟢 on track" in text
    assert "- **In words:** the goal is on track" in text
    assert "| 🟢 on track |" in text and "100 ms ahead of plan (plan for today: 800 ms)" in text
    assert "🔴 off track |" not in text and "🟡 at risk |" not in text
