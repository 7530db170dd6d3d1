"""The merge by document id, rule by rule (pure: bytes in, bytes and reports out)."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from retro.errors import CorruptStoreError, ForeignStoreError
from retro.gitshare.merge import merge_files
from retro.model import Card, CheckIn, Decision, Goal, Kudos, Lesson, Review, Sprint, Team
from retro.store import files
from retro.store.documents import (
    decision_to_tables,
    review_from_tables,
    review_to_tables,
    sprint_from_tables,
    sprint_to_tables,
)

PATH = Path("reviews/r.json")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _bytes(tables: dict[str, Any]) -> bytes:
    return files.encode(tables)


def _review() -> Review:
    review = Review(title="Sprint 1", on=date(2026, 11, 2), created=T0)
    review.cards.append(Card("start", "Pair on deploys", author="ana", created=T0))
    review.cards.append(Card("stop", "Friday releases", author="bo", created=T0))
    return review


def _merge(base: Review, ours: Review, theirs: Review, **at: float) -> tuple[Review, list[str]]:
    result = merge_files(
        PATH,
        _bytes(review_to_tables(base)),
        _bytes(review_to_tables(ours)),
        _bytes(review_to_tables(theirs)),
        **at,
    )
    return review_from_tables(orjson.loads(result.data), PATH), result.reports


def test_cards_added_on_both_sides_are_all_kept() -> None:
    base = _review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.cards.append(Card("start", "From ana", author="ana"))
    theirs.cards.append(Card("stop", "From bo", author="bo"))
    theirs.kudos.append(Kudos(to="ana", text="Thanks", by="bo"))
    merged, reports = _merge(base, ours, theirs)
    assert {c.text for c in merged.cards} == {
        "Pair on deploys",
        "Friday releases",
        "From ana",
        "From bo",
    }
    assert [k.text for k in merged.kudos] == ["Thanks"]
    assert reports == []


def test_a_card_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() -> None:
    base = _review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    gone = ours.cards.pop(0)
    theirs.cards.append(Card("start", "New", author="bo"))
    merged, reports = _merge(base, ours, theirs)
    assert gone.id not in {c.id for c in merged.cards}
    assert "New" in {c.text for c in merged.cards}
    assert reports == []


def test_deleted_against_edited_keeps_the_edit_and_says_so() -> None:
    base = _review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    card_id = ours.cards.pop(0).id
    theirs.card(card_id).text = "Pair on deploys, every day"
    for a, b in ((ours, theirs), (theirs, ours)):
        merged, reports = _merge(base, a, b)
        assert merged.card(card_id).text == "Pair on deploys, every day"
        assert len(reports) == 1
        assert card_id in reports[0] and "the edit is kept" in reports[0]


def test_the_same_field_changed_on_both_sides_takes_the_later_change() -> None:
    base = _review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    card_id = base.cards[0].id
    ours.card(card_id).text = "Ana's words"
    theirs.card(card_id).text = "Bo's words"
    merged, reports = _merge(base, ours, theirs, ours_at=100.0, theirs_at=200.0)
    assert merged.card(card_id).text == "Bo's words"
    assert len(reports) == 1 and "Ana's words" in reports[0] and card_id in reports[0]
    merged, _ = _merge(base, ours, theirs, ours_at=300.0, theirs_at=200.0)
    assert merged.card(card_id).text == "Ana's words"


def test_different_fields_of_one_card_both_kept() -> None:
    base = _review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    card_id = base.cards[0].id
    ours.card(card_id).text = "Edited by ana"
    theirs.card(card_id).column = "stop"
    merged, reports = _merge(base, ours, theirs)
    card = merged.card(card_id)
    assert (card.text, card.column) == ("Edited by ana", "stop")
    assert reports == []


def test_sets_merge_as_unions_and_removals_are_kept() -> None:
    base = _review()
    base.participants = ["ana", "bo"]
    base.cards[0].tags = ["deploy", "ci"]
    base.phase = "vote"
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    card_id = base.cards[0].id
    ours.card(card_id).votes = {"ana": 2}
    theirs.card(card_id).votes = {"bo": 1}
    ours.card(card_id).tags = ["deploy", "ci", "pairing"]
    theirs.card(card_id).tags = ["deploy"]  # bo removed "ci"
    ours.participants.append("cy")
    theirs.participants.append("di")
    ours.groups = {card_id: "Deploys"}
    theirs.groups = {base.cards[1].id: "Releases"}
    merged, reports = _merge(base, ours, theirs)
    card = merged.card(card_id)
    assert card.votes == {"ana": 2, "bo": 1}
    assert set(card.tags) == {"deploy", "pairing"}
    assert merged.participants == ["ana", "bo", "cy", "di"]
    assert merged.groups == {card_id: "Deploys", base.cards[1].id: "Releases"}
    assert reports == []


def test_the_phase_is_the_later_one() -> None:
    base = _review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.phase, ours.phase_started = "group", T0 + timedelta(minutes=5)
    theirs.phase, theirs.phase_started = "vote", T0 + timedelta(minutes=9)
    theirs.timebox_minutes = 5
    for a, b in ((ours, theirs), (theirs, ours)):
        merged, reports = _merge(base, a, b, ours_at=1.0, theirs_at=2.0)
        assert (merged.phase, merged.phase_started, merged.timebox_minutes) == (
            "vote",
            theirs.phase_started,
            5,
        )
        assert any("kept vote" in r for r in reports)


def test_pulse_entries_by_person() -> None:
    base = _review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.pulse = {"ana": 4}
    theirs.pulse = {"bo": 2}
    merged, _ = _merge(base, ours, theirs)
    assert merged.pulse == {"ana": 4, "bo": 2}


def _sprint() -> Sprint:
    sprint = Sprint(title="S1", start=date(2026, 11, 2), end=date(2026, 11, 13), created=T0)
    goal = Goal(statement="Ship it", sprint_id=sprint.id, baseline=0, target=10, created=T0)
    goal.checkins.append(CheckIn(on=date(2026, 11, 3), value=2, author="ana", at=T0))
    sprint.goals.append(goal)
    return sprint


def test_checkins_are_documents_by_id() -> None:
    base = _sprint()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.goals[0].checkins.append(CheckIn(on=date(2026, 11, 4), value=3, author="ana"))
    theirs.goals[0].checkins.append(CheckIn(on=date(2026, 11, 5), value=5, author="bo"))
    theirs.goals[0].checkins[0].note = "slow start"
    path = Path("sprints/s.json")
    result = merge_files(
        path,
        *(_bytes(sprint_to_tables(s)) for s in (base, ours, theirs)),  # type: ignore[misc]
    )
    goal = sprint_from_tables(orjson.loads(result.data), path).goals[0]
    assert sorted(c.value or 0 for c in goal.checkins) == [2, 3, 5]
    assert goal.checkins[0].note == "slow start"


def test_an_older_schema_is_migrated_first_and_check_ins_keep_one_id() -> None:
    """Ours was migrated to schema 2 (its check-in has an id); theirs is still schema 1 and
    added a check-in: the shared one is matched by content, not doubled."""
    base = _sprint()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    path = Path("sprints/s.json")

    def v1(sprint: Sprint) -> bytes:
        tables = sprint_to_tables(sprint)
        for goal in tables["goals"].values():
            for checkin in goal["checkins"]:
                del checkin["id"]
        tables[files.META]["file"]["schema"] = 1
        return _bytes(tables)

    theirs.goals[0].checkins.append(CheckIn(on=date(2026, 11, 6), value=7, author="bo", at=T0))
    result = merge_files(path, v1(base), _bytes(sprint_to_tables(ours)), v1(theirs))
    data = orjson.loads(result.data)
    assert data["_meta"]["file"]["schema"] == files.SCHEMA_VERSION
    goal = sprint_from_tables(data, path).goals[0]
    assert sorted(c.value or 0 for c in goal.checkins) == [2, 7]
    assert base.goals[0].checkins[0].id in {c.id for c in goal.checkins}
    again = merge_files(path, v1(base), v1(theirs), _bytes(sprint_to_tables(ours)))
    assert orjson.loads(again.data) == data


def test_lessons_of_one_partition_merge_by_id() -> None:
    path = Path("lessons/ana/2026-11.json")
    first = Lesson(text="Flags help", on=date(2026, 11, 2), author="ana")

    def part(*lessons: Lesson) -> bytes:
        return _bytes(
            {
                "lessons": {x.id: x.to_dict() for x in lessons},
                files.META: files.meta_table("lessons"),
            }
        )

    laptop = Lesson(text="From the laptop", on=date(2026, 11, 3), author="ana")
    desktop = Lesson(text="From the desktop", on=date(2026, 11, 4), author="ana")
    result = merge_files(path, part(first), part(first, laptop), part(first, desktop))
    assert set(orjson.loads(result.data)["lessons"]) == {first.id, laptop.id, desktop.id}


def test_a_decision_uses_its_own_updated_time() -> None:
    path = Path("decisions/d.json")
    base = Decision(
        title="Use flags",
        decision="We use flags",
        expected="Fewer rollbacks",
        decided_on=date(2026, 11, 1),
        review_on=date(2026, 12, 1),
    )
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.context, ours.updated = "ana's context", T0 + timedelta(hours=2)
    theirs.context, theirs.updated = "bo's context", T0 + timedelta(hours=1)
    result = merge_files(
        path,
        *(_bytes(decision_to_tables(d)) for d in (base, ours, theirs)),  # type: ignore[misc]
        ours_at=1.0,
        theirs_at=2.0,  # the files' times say theirs; the decision's own times say ours
    )
    (doc,) = orjson.loads(result.data)["decision"].values()
    assert doc["context"] == "ana's context"


def test_the_team_file_merges_members_by_id() -> None:
    path = Path("team.json")
    base = Team(name="Platform", created=T0)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)

    def team_file(team: Team) -> bytes:
        return _bytes({"team": {"team": team.to_dict()}, files.META: files.meta_table("team")})

    from retro.model import Member

    ours.members.append(Member(name="ana"))
    theirs.members.append(Member(name="bo"))
    result = merge_files(path, team_file(base), team_file(ours), team_file(theirs))
    names = [m["name"] for m in orjson.loads(result.data)["team"]["team"]["members"]]
    assert sorted(names) == ["ana", "bo"]


def test_both_sides_added_the_file() -> None:
    ours, theirs = _review(), _review()
    theirs.id = ours.id
    for card in theirs.cards:
        card.id = Card("x", "x").id
    result = merge_files(
        PATH, None, _bytes(review_to_tables(ours)), _bytes(review_to_tables(theirs))
    )
    assert len(review_from_tables(orjson.loads(result.data), PATH).cards) == 4


def test_the_output_is_the_store_s_own_format() -> None:
    base = _review()
    ours = copy.deepcopy(base)
    ours.cards.append(Card("start", "x"))
    result = merge_files(
        PATH,
        *(_bytes(review_to_tables(r)) for r in (base, ours, base)),  # type: ignore[misc]
    )
    assert result.data == _bytes(review_to_tables(ours))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"reviews": {}}',
        b'{"_meta": {"file": {"kind": "review", "schema": 99}}}',
    ],
)
def test_a_damaged_or_foreign_side_is_refused(damage: bytes) -> None:
    good = _bytes(review_to_tables(_review()))
    with pytest.raises((CorruptStoreError, ForeignStoreError)):
        merge_files(PATH, good, good, damage)


def test_files_of_different_kinds_are_refused() -> None:
    review = _bytes(review_to_tables(_review()))
    sprint = _bytes(sprint_to_tables(_sprint()))
    with pytest.raises(ForeignStoreError, match="different kinds"):
        merge_files(PATH, review, review, sprint)


def test_a_document_that_breaks_a_rule_is_refused() -> None:
    tables = review_to_tables(_review())
    bad = copy.deepcopy(tables)
    next(iter(bad["cards"].values()))["text"] = ""
    with pytest.raises(CorruptStoreError):
        merge_files(PATH, _bytes(tables), _bytes(tables), _bytes(bad))


def test_the_catalogue_keeps_the_newer_schema() -> None:
    path = Path("store.json")

    def catalogue(schema: int, **more: object) -> bytes:
        info = {"created": "2026-11-01T09:00:00+00:00", "schema": schema, **more}
        return _bytes({"store": {"info": info}, files.META: files.meta_table("catalogue")})

    result = merge_files(path, catalogue(1), catalogue(2, migrated_from=1), catalogue(1))
    info = orjson.loads(result.data)["store"]["info"]
    assert info == {"created": "2026-11-01T09:00:00+00:00", "schema": 2, "migrated_from": 1}
