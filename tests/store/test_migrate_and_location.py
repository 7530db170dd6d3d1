"""Old stores move forward after a backup; the store is found where a person expects it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retro.errors import CorruptStoreError
from retro.store import Store, default_store_path, find_store, set_current_team, team_paths
from tests.store.conftest import snapshot

V0 = {
    "_default": {},
    "team": {
        "1": {
            "name": "Old team",
            "members": [],
            "agreements": [],
            "formats": [],
            "purposes": [
                {
                    "text": "Keep the lights on",
                    "set_at": "2025-01-02T10:00:00+00:00",
                    "set_by": "ana",
                }
            ],
            "created": "2025-01-02T10:00:00+00:00",
        }
    },
    "reviews": {
        "1": {
            "id": "rold00000001a",
            "title": "Jan retro",
            "date": "2025-01-31",
            "format": "ssc",
            "phase": "closed",
            "participants": ["ana", "ben"],
            "cards": [
                {
                    "id": "cold00000001a",
                    "column": "stop",
                    "text": "Big PRs",
                    "author": "ben",
                    "votes": ["ana", "ana", "ben"],
                    "created": "2025-01-31T10:00:00+00:00",
                }
            ],
            "actions": [
                {
                    "id": "aold00000001a",
                    "review_id": "rold00000001a",
                    "text": "Split PRs",
                    "owner": "ben",
                    "status": "open",
                }
            ],
            "created": "2025-01-31T09:00:00+00:00",
        }
    },
    "sprints": {
        "1": {
            "id": "sold00000001a",
            "title": "S1",
            "start": "2025-01-01",
            "end": "2025-01-28",
            "status": "closed",
            "goals": [
                {
                    "id": "gold00000001a",
                    "sprint_id": "sold00000001a",
                    "statement": "Faster CI",
                    "baseline": 20,
                    "target": 10,
                    "unit": "min",
                    "checkins": [{"on": "2025-01-20", "value": 14, "confidence": 6}],
                }
            ],
        }
    },
    "lessons": {
        "1": {
            "id": "lold00000001a",
            "text": "Small PRs merge faster",
            "date": "2025-02-01",
            "tags": ["prs"],
            "author": "ben",
        }
    },
}


def test_schema_0_store_is_migrated_after_a_backup(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    (root / "retro.json").write_text(json.dumps(V0))
    original = (root / "retro.json").read_bytes()
    store = Store(root)
    assert store.team().purpose == "Keep the lights on"
    review = store.review("rold00000001a")
    assert review.on.isoformat() == "2025-01-31"
    assert review.cards[0].votes == {"ana": 2, "ben": 1}
    assert review.actions[0].text == "Split PRs"
    assert store.sprint("sold00000001a").goals[0].checkins[0].value == 14
    assert [x.text for x in store.lessons()] == ["Small PRs merge faster"]
    assert (root / ".backup" / "retro.v0.json").read_bytes() == original
    assert not (root / "retro.json").exists()
    catalogue = json.loads((root / "store.json").read_text())
    assert catalogue["store"]["info"]["migrated_from"] == 0
    assert Store(root).doctor().healthy


def test_damaged_schema_0_store_is_refused_untouched(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    (root / "retro.json").write_text(json.dumps(V0)[:200])
    before = snapshot(root)
    with pytest.raises(CorruptStoreError, match="retro.json"):
        Store(root).team()
    assert snapshot(root) == before


def test_store_location_precedence(tmp_path: Path) -> None:
    env = {"RETRO_HOME": str(tmp_path / "home")}
    project = tmp_path / "repo" / "src" / "deep"
    project.mkdir(parents=True)
    assert find_store(cwd=project, env=env) == tmp_path / "home" / "teams" / "default"
    (tmp_path / "repo" / ".retro").mkdir()
    assert find_store(cwd=project, env=env) == tmp_path / "repo" / ".retro"
    env["RETRO_STORE"] = str(tmp_path / "elsewhere")
    assert find_store(cwd=project, env=env) == tmp_path / "elsewhere"
    assert find_store(cwd=project, env=env, explicit=tmp_path / "x") == tmp_path / "x"


def test_teams_in_the_data_directory(tmp_path: Path) -> None:
    env = {"RETRO_HOME": str(tmp_path / "home")}
    Store(default_store_path("Platform Team", env=env)).init("Platform Team")
    Store(default_store_path("Mobile", env=env)).init("Mobile")
    assert [p.name for p in team_paths(env=env)] == ["mobile", "platform-team"]
    set_current_team("Mobile", env=env)
    assert default_store_path(env=env).name == "mobile"


def test_schema_1_check_ins_get_ids_after_a_backup(tmp_path: Path) -> None:
    from datetime import date

    from retro.model import CheckIn, Goal, Sprint

    root = tmp_path / "v1"
    store = Store(root)
    store.init("Team")
    sprint = Sprint("S", date(2025, 1, 1), date(2025, 1, 14))
    goal = Goal("g", sprint.id, baseline=0, target=10)
    goal.checkins = [CheckIn(date(2025, 1, 2), value=1), CheckIn(date(2025, 1, 3), value=2)]
    sprint.goals.append(goal)
    store.add_sprint(sprint)
    # Make it a schema-1 store: check-ins without ids, files and catalogue saying schema 1.
    path = root / "sprints" / f"{sprint.id}.json"
    data = json.loads(path.read_text())
    for checkin in data["goals"][goal.id]["checkins"]:
        del checkin["id"]
    data["_meta"]["file"]["schema"] = 1
    path.write_text(json.dumps(data, indent=1))
    old = path.read_bytes()
    catalogue = json.loads((root / "store.json").read_text())
    catalogue["store"]["info"]["schema"] = 1
    catalogue["_meta"]["file"]["schema"] = 1
    (root / "store.json").write_text(json.dumps(catalogue))

    first = Store(root).sprint(sprint.id).goals[0].checkins
    again = Store(root).sprint(sprint.id).goals[0].checkins
    assert [c.id[0] for c in first] == ["h", "h"] and len({c.id for c in first}) == 2
    assert [c.id for c in again] == [c.id for c in first]  # written down, not made up each read
    assert [c.value for c in again] == [1, 2]
    assert (root / ".backup" / "v1" / "sprints" / path.name).read_bytes() == old
    info = json.loads((root / "store.json").read_text())["store"]["info"]
    assert info["schema"] == 2 and info["migrated_from"] == 1
    assert Store(root).resolve(first[0].id[:8]) == first[0].id
    assert Store(root).doctor().healthy
