"""The demo team: realistic, reproducible, built through the store, and fast at size."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from retro import drift
from retro.demo import build_demo
from retro.formats import BUILTIN_BY_KEY
from retro.store import Store
from retro.transfer import dump

TODAY = date(2026, 3, 2)


def _content(store: Store) -> dict:
    data = dump(store)
    data["team"].pop("created", None)
    return data


def test_demo_is_a_realistic_platform_team(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    report = build_demo(store, today=TODAY, user="ana")
    team = store.team()
    assert team.name == "Platform" and len(team.members) == 5 and team.agreements
    assert len(team.purposes) == 2
    sprints = store.sprints()
    assert [s.status for s in sprints] == ["closed", "closed", "active"]
    active = sprints[-1]
    assert active.start <= TODAY <= active.end
    goals = active.goals
    assert any(g.quantitative and g.target > g.baseline for g in goals)  # increase
    assert any(g.quantitative and g.target < g.baseline for g in goals)  # decrease
    assert any(not g.quantitative for g in goals)
    assert all(c.confidence is not None for g in goals for c in g.checkins)
    assert any(c.note for g in goals for c in g.checkins)
    reviews = store.reviews()
    assert {"aar", "ssc", "sailboat", "4ls", "postmortem"} <= {r.format for r in reviews}
    aar = next(r for r in reviews if r.format == "aar")
    assert aar.intents and all(i.rating for i in aar.intents)
    assert drift.review_drift(aar) is not None
    cards = [c for r in reviews for c in r.cards]
    assert any(c.group for c in cards) and any(c.votes for c in cards)
    statuses = {a.status for r in reviews for a in r.actions}
    assert statuses == {"open", "done", "dropped"} or {"open", "done"} <= statuses
    assert any(a.is_overdue(TODAY) for r in reviews for a in r.actions)
    assert any(r.kudos for r in reviews) and any(r.pulse for r in reviews)
    lessons = store.lessons()
    assert len({(lesson.on.year, lesson.on.month) for lesson in lessons}) >= 3
    assert all(lesson.tags for lesson in lessons)
    assert report.reviews == len(reviews) and report.lessons == len(lessons)
    assert report.cards == len(cards)
    for review in reviews:
        fmt = BUILTIN_BY_KEY[review.format]
        assert {c.column for c in review.cards} <= set(fmt.column_keys)


def test_same_day_gives_the_same_demo(tmp_path: Path) -> None:
    one, two = Store(tmp_path / "a"), Store(tmp_path / "b")
    build_demo(one, today=TODAY, user="ana")
    build_demo(two, today=TODAY, user="ana")
    assert _content(one) == _content(two)
    other = Store(tmp_path / "c")
    build_demo(other, today=date(2026, 4, 1), user="ana")
    assert _content(other) != _content(one)


def test_user_joins_the_demo_team(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    build_demo(store, today=TODAY, user="zoe")
    assert store.team().member("zoe") is not None
    assert any(r.facilitator == "zoe" for r in store.reviews())


def test_sized_demo_scales(tmp_path: Path) -> None:
    """How long it takes is `make bench`'s to say (bench/results.md), not a test's."""
    store = Store(tmp_path / "s")
    report = build_demo(store, size=5_000, today=TODAY, user="ana")
    assert 4_500 <= report.documents <= 5_500
    reviews = store.reviews()
    assert len(reviews) == report.reviews > 50
    assert {r.format for r in reviews} == set(BUILTIN_BY_KEY)
    assert all(20 <= len(r.cards) <= 60 for r in reviews)
    assert len(store.lessons()) == report.lessons
    years = {r.on.year for r in reviews}
    assert len(years) >= 2


def test_recurring_themes_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The CLI, the export and the TUI list themes in one order, whatever PYTHONHASHSEED is."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import sys; from datetime import date; from pathlib import Path; "
        "from retro.store import Store; from retro.demo import build_demo; "
        "from retro.drift import recurring_themes; "
        "s = Store(Path(sys.argv[1])); build_demo(s, size=1500, today=date(2026, 3, 2)); "
        "import json; print(json.dumps([[t.kind, t.term, t.count] for t in "
        "recurring_themes(s.reviews())]))"
    )
    orders = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / seed)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        orders.add(done.stdout)
    assert len(orders) == 1
    themes = json.loads(orders.pop())
    assert len(themes) >= 2
    assert themes == sorted(themes, key=lambda t: (-t[2], t[0] != "tag", t[1]))
