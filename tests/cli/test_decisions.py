"""The decision log and decision rights from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

Ok = Callable[..., Result]
OkJson = Callable[..., Any]
Run = Callable[..., Result]


def add(ok_json: OkJson, title: str, *extra: str) -> dict[str, Any]:
    return dict(ok_json("decision", "add", title, "--expect", "it pays off", *extra))


def test_add_with_everything_and_show(team: Path, ok: Ok, ok_json: OkJson) -> None:
    r = ok_json("review", "new", "Sprint 1 retro")["id"]
    d = add(
        ok_json, "Adopt trunk", "--review", "+6w", "--confidence", "7", "--option", "git-flow",
        "--option", "trunk", "--context", "merges hurt", "--from", r, "--accountable", "bo",
        "--informed", "ops", "--unit", "conflicts/week", "--baseline", "12", "--target", "3",
    )  # fmt: skip
    assert d["id"].startswith("d") and d["status"] == "decided"
    assert (d["decider"], d["confidence"], d["review_id"]) == ("ana", 7, r)
    assert d["options"] == ["git-flow", "trunk"] and d["decision"] == "Adopt trunk"
    shown = ok("decision", "show", d["id"][:6]).stdout
    for text in ("Adopt trunk", "merges hurt", "git-flow", "it pays off", "12 → 3 conflicts/week"):
        assert text in shown
    assert "accountable: bo" in shown and "informed: ops" in shown


def test_context_from_stdin(team: Path, ok_json: OkJson) -> None:
    d = ok_json(
        "decision", "add", "T", "--expect", "x", "--review", "+1w", "--context", "-",
        input="a long\ncontext\n",
    )  # fmt: skip
    assert d["context"] == "a long\ncontext"


def test_due_decisions_are_listed_first(team: Path, ok: Ok, ok_json: OkJson) -> None:
    later = add(ok_json, "Later", "--review", "+3w")
    due = add(ok_json, "Due", "--review", "today", "--date", "-2w")
    listed = ok_json("decision", "list")
    assert [x["id"] for x in listed] == [due["id"], later["id"]]
    assert [x["due"] for x in listed] == [True, False]
    assert [x["id"] for x in ok_json("decision", "list", "--due")] == [due["id"]]
    text = ok("decision", "list").stdout
    assert text.index("Due") < text.index("Later") and "due" in text.splitlines()[1]


def test_adding_a_decision_already_due_says_so(team: Path, run: Run) -> None:
    result = run("decision", "add", "T", "--expect", "x", "--review", "today")
    assert result.exit_code == 0 and "due now" in result.stderr


def test_review_then_stats(team: Path, ok: Ok, ok_json: OkJson) -> None:
    a = add(ok_json, "A", "--review", "+1w", "--confidence", "9")
    b = add(ok_json, "B", "--review", "+1w", "--confidence", "8", "--decider", "bo")
    add(ok_json, "C", "--review", "+1w")
    assert ok_json("decision", "stats") == {
        "reviewed": 0, "paid_off": 0, "drift": None, "calibration": None, "calibrated": 0,
        "by_decider": {}, "due": 0, "open": 3, "sentence": "no decision reviewed yet",
        "calibration_sentence": "no reviewed decision with a confidence yet",
    }  # fmt: skip
    ok("decision", "review", a["id"], "--rating", "met", "--actual", "as hoped")
    ok("decision", "review", b["id"], "--rating", "missed", "--why", "too big")
    stats = ok_json("decision", "stats")
    assert stats["reviewed"] == 2 and stats["drift"] == -0.5
    assert abs(stats["calibration"] - 0.325) < 1e-9
    assert stats["by_decider"] == pytest.approx({"ana": 0.01, "bo": 0.64})
    text = ok("decision", "stats").stdout
    assert "−50%" in text and "1 of 2 bets paid off as expected" in text
    shown = ok("decision", "show", b["id"]).stdout
    assert "outcome: missed" in shown and "why: too big" in shown
    assert ok_json("decision", "stats", "--since", "+1d")["reviewed"] == 0


def test_rules_are_one_line_errors(team: Path, run: Run, ok_json: OkJson) -> None:
    old = add(ok_json, "Old", "--review", "+1w")
    new = add(ok_json, "New", "--review", "+1w")
    assert run("decision", "supersede", old["id"], new["id"]).exit_code == 0
    assert ok_json("decision", "show", old["id"])["status"] == "superseded"
    result = run("decision", "review", old["id"], "--rating", "met")
    assert result.exit_code == 1 and "superseded" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run("decision", "review", new["id"], "--rating", "great")
    assert result.exit_code == 2 and "great" in result.stderr
    result = run("decision", "review", new["id"], "--rating", "met", "--value", "3")
    assert result.exit_code == 1 and "no metric" in result.stderr
    result = run("decision", "add", "T", "--expect", "x", "--review", "-1w")
    assert result.exit_code == 1 and "before the decision" in result.stderr
    result = run("decision", "add", "T", "--review", "+1w")
    assert result.exit_code == 2 and "--expect" in result.stderr
    assert run("decision", "show", "dzzzz").exit_code == 1


def test_proposed_then_decided(team: Path, ok: Ok, ok_json: OkJson) -> None:
    d = add(ok_json, "Maybe flags", "--review", "+2w", "--proposed")
    assert d["status"] == "proposed" and d["decision"] == ""
    assert [x["id"] for x in ok_json("decision", "list", "--status", "proposed")] == [d["id"]]
    ok("decision", "decide", d["id"], "--decision", "Flags for all new work")
    after = ok_json("decision", "show", d["id"])
    assert (after["status"], after["decision"]) == ("decided", "Flags for all new work")


def test_edit_and_delete(team: Path, ok: Ok, run: Run, ok_json: OkJson) -> None:
    d = add(ok_json, "T", "--review", "+1w", "--accountable", "bo")
    edited = ok_json("decision", "edit", d["id"], "--review", "+3w", "--accountable", "chen")
    assert edited["accountable"] == ["chen"] and edited["review_on"] > d["review_on"]
    assert edited["updated"] is not None
    assert run("decision", "edit", d["id"]).exit_code == 2
    assert run("decision", "delete", d["id"], input="n\n").exit_code == 1
    ok("decision", "delete", d["id"], "--yes")
    assert ok_json("decision", "list") == []


def test_raci_of_the_active_sprint(team: Path, ok: Ok, ok_json: OkJson, run: Run) -> None:
    s = ok_json("sprint", "new", "Calm", "--start", "today", "--end", "+4w")["id"]
    ok("sprint", "start", s)
    g1 = ok_json(
        "goal", "add", s, "Cut p95", "--baseline", "800", "--target", "300", "--owner", "chen",
        "--accountable", "bo", "--responsible", "dee",
    )["id"]  # fmt: skip
    g2 = ok_json("goal", "add", s, "Fewer pages")["id"]
    add(ok_json, "Trunk", "--review", "+2w", "--from", s, "--consulted", "chen")
    matrix = ok_json("raci")
    assert matrix["sprint_id"] == s
    assert [r["title"] for r in matrix["rows"]] == ["Cut p95", "Fewer pages", "Trunk"]
    assert matrix["rows"][0]["responsible"] == ["chen", "dee"]
    assert matrix["warnings"] == ["goal 'Fewer pages' has no accountable person"]
    assert matrix["rows"][0]["accountable"] == ["bo"]
    result = run("raci")
    assert result.exit_code == 0 and "no accountable person" in result.stderr
    header = result.stdout.splitlines()[1]
    assert all(name in header for name in ("chen", "dee", "bo", "ana"))
    ok("goal", "roles", g2, "--accountable", "ana", "--informed", "ops")
    assert ok_json("raci", s)["warnings"] == []
    assert ok_json("goal", "roles", g1, "--consulted", "ana")["consulted"] == ["ana"]


def test_decisions_survive_export_and_import(
    team: Path, ok: Ok, ok_json: OkJson, tmp_path: Path
) -> None:
    d = add(ok_json, "Keep me", "--review", "+1w", "--option", "a")
    out = tmp_path / "all.json"
    ok("export", "team", "--format", "json", "-o", str(out))
    other = tmp_path / "other"
    ok("--store", str(other), "import", str(out))
    assert ok_json("--store", str(other), "decision", "show", d["id"]) | {"due": False} == {
        **d, "due": False,
    }  # fmt: skip


def test_export_digest_and_adr_files(
    team: Path, ok: Ok, ok_json: OkJson, run: Run, tmp_path: Path
) -> None:
    old = add(ok_json, "Release branches", "--review", "+1w", "--date", "-1w")
    new = add(ok_json, "Adopt trunk", "--review", "+2w", "--context", "merges hurt")
    ok("decision", "supersede", old["id"], new["id"])
    digest = ok("export", "decisions").stdout
    assert digest.startswith("# Decision log") and "Release branches → Adopt trunk" in digest
    data = json.loads(ok("export", "decisions", "--format", "json").stdout)
    assert data["reviewed"] == 0 and len(data["decisions"]) == 2
    folder = tmp_path / "adr"
    (folder).mkdir()
    (folder / "0001-hand-written.md").write_text("# 1. Use ADRs\n")
    result = run("export", "decisions", "--adr", str(folder))
    assert result.exit_code == 0 and "wrote 2 ADR files" in result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["0001-hand-written.md", "0002-release-branches.md", "0003-adopt-trunk.md"]
    assert "Superseded by [Adopt trunk](0003-adopt-trunk.md)" in (folder / names[1]).read_text()
    # A renamed decision keeps its number; a new one takes the next; nothing else is touched.
    ok("decision", "edit", new["id"], "--title", "Trunk-based development")
    add(ok_json, "Pair on deploys", "--review", "+3w")
    ok("export", "decisions", "--adr", str(folder))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "0001-hand-written.md",
        "0002-release-branches.md",
        "0003-trunk-based-development.md",
        "0004-pair-on-deploys.md",
    ]
    assert (folder / "0001-hand-written.md").read_text() == "# 1. Use ADRs\n"
    assert run("export", "lessons", "--adr", str(folder)).exit_code == 2


def test_review_show_and_export_list_its_decisions(review: str, ok: Ok, ok_json: OkJson) -> None:
    add(ok_json, "Timebox to 45 min", "--review", "+2w", "--from", review)
    add(ok_json, "Old bet", "--review", "today", "--date", "-3w")
    shown = ok("review", "show", review).stdout
    assert "Decisions" in shown and "Timebox to 45 min" in shown
    assert "Decisions due for review" in shown and "Old bet" in shown
    md = ok("export", review).stdout
    assert "## Decisions" in md and "**Timebox to 45 min** (decided)" in md
