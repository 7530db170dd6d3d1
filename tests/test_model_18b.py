"""The model's rules for own formats, renaming and the check-in round, and their JSON round
trips (a review keeps its columns and its answers through to_dict / from_dict)."""

from __future__ import annotations

import pytest

from retro.errors import NotFoundError, RuleError, ValidationError
from retro.formats import get_format, own_format, review_format
from retro.model import Review, Sprint, Team
from retro.model.icebreaker import Icebreaker


def test_a_review_round_trips_its_columns_and_check_in() -> None:
    fmt = own_format("kss", name="KSS", columns=["keep:Keep:What works?", "stop"], improve=["stop"])
    review = Review("R", format="kss", format_def=fmt, facilitator="ana", participants=["ana"])
    review.start_icebreaker("One word?", ["bo"])
    review.answer_icebreaker("ana", "Calm")
    again = Review.from_dict(review.to_dict())
    assert again == review
    assert again.format_def == fmt and again.icebreaker == review.icebreaker
    assert review_format(again, []) == fmt
    assert Review.from_dict({**review.to_dict(), "format_def": None}).format_def is None


def test_an_older_review_without_the_new_fields_loads() -> None:
    data = Review("R").to_dict()
    del data["format_def"], data["icebreaker"]
    old = Review.from_dict(data)
    assert old.format_def is None and old.icebreaker is None
    assert review_format(old) == get_format("ssc")


def test_kept_columns_must_be_of_the_review_s_format() -> None:
    fmt = own_format("kss", columns=["keep"])
    with pytest.raises(ValidationError, match="columns are of 'kss'"):
        Review("R", format="ssc", format_def=fmt)


def test_the_team_s_formats() -> None:
    team = Team("T")
    fmt = own_format("kss", columns=["keep"])
    team.add_format(fmt)
    with pytest.raises(ValidationError, match="has a format 'kss' already"):
        team.add_format(fmt)
    with pytest.raises(ValidationError, match="built-in"):
        team.add_format(get_format("ssc"))
    changed = own_format("kss", base=fmt, columns=["keep", "more"])
    assert team.replace_format(changed) == fmt
    assert team.own_format("KSS") == changed
    with pytest.raises(RuleError, match="used by 2 reviews: 'A', 'B'; it cannot be deleted"):
        team.remove_format("kss", ["A", "B"])
    assert team.remove_format("kss", []) == changed and team.formats == []
    with pytest.raises(NotFoundError, match="built-in"):
        team.own_format("ssc")
    with pytest.raises(NotFoundError, match="no format 'kss'"):
        team.own_format("kss")
    assert Team.from_dict(Team("T", formats=[fmt]).to_dict()).formats == [fmt]


def test_own_format_keeps_what_it_is_not_told_to_change() -> None:
    base = get_format("4ls")
    mine = own_format("our4ls", base=base, name="Ours")
    assert mine.columns == base.columns and mine.name == "Ours" and not mine.builtin
    fewer = own_format("our4ls", base=base, columns=["lacked:Lacked", "new"])
    assert [(c.key, c.improve) for c in fewer.columns] == [("lacked", True), ("new", False)]


def test_renames() -> None:
    team, review = Team("Platfrom"), Review("Sprnt")
    sprint = Sprint("S", start=review.on, end=review.on)
    assert team.rename(" Platform ") and team.name == "Platform"
    assert not team.rename("Platform")
    assert review.rename("Sprint") and review.title == "Sprint"
    assert sprint.rename("S2") and not sprint.rename("S2")
    for thing in (team, review, sprint):
        with pytest.raises(ValidationError, match="cannot be empty"):
            thing.rename("  ")


def test_the_check_in_round() -> None:
    review = Review("R", facilitator="ana", participants=["ana"])
    with pytest.raises(RuleError, match="no check-in question"):
        review.answer_icebreaker("ana", "x")
    review.start_icebreaker("How are you?", ["bo", "BO", " "])
    assert review.icebreaker == Icebreaker("How are you?", ["bo"])
    assert review.icebreaker_waiting() == ["bo", "ana"]
    assert review.answer_icebreaker("bo", "ok") is False
    assert review.icebreaker_view("ana") == {
        "question": "How are you?",
        "shown": False,
        "answers": [],
        "answered": ["bo"],
        "waiting": ["ana"],
    }
    assert review.icebreaker_view("Bo")["answers"] == [{"person": "bo", "answer": "ok"}]  # type: ignore[index]
    with pytest.raises(ValidationError, match="needs a name"):
        review.answer_icebreaker(None, "x")
    with pytest.raises(RuleError, match="only the facilitator"):
        review.end_icebreaker("bo")
    assert review.answer_icebreaker("ANA", "good") is True
    assert review.icebreaker_shown()
    with pytest.raises(RuleError, match="cannot change now"):
        review.start_icebreaker("Another?")


def test_a_round_of_one_waits_for_the_facilitator_or_a_second_person() -> None:
    review = Review("Solo", facilitator="ana", participants=["ana"])
    review.start_icebreaker("How are you?")
    assert review.answer_icebreaker("ana", "Fine") is False
    assert not review.icebreaker_shown()
    assert review.icebreaker_view("bo")["answers"] == []  # type: ignore[index]
    assert review.answer_icebreaker("bo", "Late but here") is True  # bo joins, both answered
    assert review.icebreaker_shown()
