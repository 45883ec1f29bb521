"""One analysis, one landscape, one date: a participation refuses another landscape, a landscape
changed since, and a date other than its own."""

from __future__ import annotations

import pytest

import cop


def small(*members: str) -> cop.Landscape:
    landscape = cop.Landscape()
    for i, member in enumerate(members):
        landscape.record(member, f"2024-03-{i + 1:02}T10:00:00Z", "answer", target=members[0])
    return landscape


def test_a_participation_refuses_another_landscape() -> None:
    ours, theirs = small("ada", "bob", "cy"), small("dee", "eve")
    participation = ours.participation()
    participation.suggest_mentors(ours)
    with pytest.raises(cop.InvalidValueError, match="invalid analysis: this analysis was computed on a landscape of 3 events"):
        participation.suggest_mentors(theirs)
    with pytest.raises(cop.InvalidValueError, match="invalid analysis"):
        participation.suggest_peers(theirs)
    with pytest.raises(cop.InvalidValueError, match="computed on another landscape"):
        participation.update_member(theirs, "dee")


def test_a_participation_refuses_another_date() -> None:
    landscape = small("ada", "bob")
    participation = landscape.participation(as_of="2024-03-02T10:00:00Z")
    participation.suggest_mentors(landscape, as_of="2024-03-02T10:00:00Z")
    with pytest.raises(cop.InvalidValueError, match="invalid as_of: this analysis is as of 2024-03-02T10:00:00Z, not 2024-03-05"):
        participation.suggest_mentors(landscape, as_of="2024-03-05")


def test_new_events_need_a_new_analysis_but_one_member_can_be_updated() -> None:
    landscape = small("ada", "bob")
    participation = landscape.participation()
    landscape.record("bob", "2024-03-02T11:00:00Z", "commit")
    with pytest.raises(cop.InvalidValueError, match="this one has 3 events"):
        participation.suggest_mentors(landscape)
    level, _ = participation.update_member(landscape, "bob")
    assert level.member == "bob"


def test_an_empty_landscape_has_no_default_date() -> None:
    with pytest.raises(cop.InvalidValueError, match="give `as_of`"):
        cop.Landscape().health()


def test_the_analysis_answers_with_its_own_date_and_levels() -> None:
    landscape = small("ada", "bob", "cy")
    analysis = landscape.participation(as_of="2024-03-03T10:00:00Z", options={"policy": {"policy": "preset", "name": "coronet"}})
    assert analysis.health().to_dict() == landscape.health(
        "2024-03-03T10:00:00Z", options={"participation": {"policy": {"policy": "preset", "name": "coronet"}}}
    ).to_dict()
    assert analysis.maturity().to_dict() == landscape.maturity(
        "2024-03-03T10:00:00Z", options={"health": {"participation": {"policy": {"policy": "preset", "name": "coronet"}}}}
    ).to_dict()
    assert len(analysis.stage_history()) == len(landscape.stage_history("2024-03-03T10:00:00Z"))
    landscape.record("dee", "2024-03-04T10:00:00Z", "ask")
    with pytest.raises(cop.InvalidValueError, match="compute a new analysis"):
        analysis.health()
