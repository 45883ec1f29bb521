"""Value stories, charters and the whole report."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cop


def test_value_stories(february: cop.Landscape) -> None:
    assert february.value_stories() == []
    first = february.add_value_story(
        "immediate", "2024-02-05T12:00:00Z", "bob's question was answered the same day", members=["ada", "bob"], events=[0]
    )
    second = february.add_value_story("applied", dt.date(2024, 3, 2), "the team changed its review practice")
    assert (first, second) == (0, 1)
    stories = february.value_stories()
    assert stories[0] == {
        "cycle": "immediate",
        "date": "2024-02-05T12:00:00Z",
        "text": "bob's question was answered the same day",
        "members": ["ada", "bob"],
        "artifacts": [],
        "events": [0],
    }
    assert stories[1]["cycle"] == "applied" and stories[1]["date"] == "2024-03-02T00:00:00Z"
    every = february.value_summary()
    assert every["per_cycle"] == [1, 0, 1, 0, 0]
    assert every["per_period"] == [
        {"period": "2024-02-01T00:00:00Z", "per_cycle": [1, 0, 0, 0, 0]},
        {"period": "2024-03-01T00:00:00Z", "per_cycle": [0, 0, 1, 0, 0]},
    ]
    # As of the end of February, and by quarter.
    assert february.value_summary("2024-02-29T00:00:00Z", period="quarter") == {
        "per_cycle": [1, 0, 0, 0, 0],
        "per_period": [{"period": "2024-01-01T00:00:00Z", "per_cycle": [1, 0, 0, 0, 0]}],
    }


def test_value_story_errors(february: cop.Landscape) -> None:
    with pytest.raises(cop.InvalidValueError) as cycle:
        february.add_value_story("eventual", 0, "text")
    assert cycle.value.field == "cycle" and "immediate" in str(cycle.value)
    with pytest.raises(cop.UnknownKeyError) as member:
        february.add_value_story("immediate", 0, "text", members=["nobody"])
    assert (member.value.entity, member.value.key) == ("member", "nobody")
    with pytest.raises(cop.UnknownKeyError):
        february.add_value_story("immediate", 0, "text", artifacts=["no-such-doc"])
    with pytest.raises(cop.UnknownIdError):
        february.add_value_story("immediate", 0, "text", events=[10_000])
    with pytest.raises(cop.InvalidValueError):
        february.add_value_story("immediate", 0, "   ")
    assert february.value_stories() == []


def test_charter(february: cop.Landscape) -> None:
    assert february.charter("default") is None
    goals = [
        {"metric": "active_members", "target": 2, "deadline": "2024-06-30T00:00:00Z"},
        {"metric": "unanswered_share", "target": 0.1, "deadline": dt.datetime(2024, 12, 31)},
    ]
    february.set_charter("default", "answer each other's questions", "the team", goals)
    charter = february.charter("default")
    assert charter == {
        "purpose": "answer each other's questions",
        "audience": "the team",
        "goals": [
            {"metric": "active_members", "target": 2.0, "deadline": "2024-06-30T00:00:00Z"},
            {"metric": "unanswered_share", "target": 0.1, "deadline": "2024-12-31T00:00:00Z"},
        ],
    }
    # A charter travels with the snapshot.
    assert cop.Landscape.from_json(february.to_json()).charter("default") == charter
    report = february.report("2024-02-29T00:00:00Z")
    progress = {g["metric"]: g for g in report["goals"]}
    assert set(progress) == {"active_members", "unanswered_share"}
    active = progress["active_members"]
    assert active["community"] == "default" and active["current"] == 3.0
    assert active["progress"] == 1.0 and active["on_track"] is True and active["note"].startswith("met")
    assert progress["unanswered_share"]["lower_is_better"] is True


def test_charter_errors(february: cop.Landscape) -> None:
    with pytest.raises(cop.UnknownKeyError) as caught:
        february.set_charter("nowhere", "p", "a")
    assert caught.value.entity == "community"
    with pytest.raises(cop.InvalidValueError) as metric:
        february.set_charter("default", "p", "a", [{"metric": "happiness", "target": 1, "deadline": 0}])
    assert metric.value.field == "metric" and "active_members" in str(metric.value)
    with pytest.raises(cop.InvalidValueError):
        february.set_charter("default", "p", "a", [{"metric": "newcomers", "target": 1}])
    with pytest.raises(cop.InvalidValueError):
        february.set_charter("default", "p", "a", [{"metric": "newcomers", "target": 1, "deadline": "someday"}])
    assert february.charter("default") is None


def test_report_of_february(february: cop.Landscape) -> None:
    february.add_value_story("immediate", "2024-02-05T12:00:00Z", "a quick answer", members=["bob"])
    report = february.report("2024-02-29T00:00:00Z")
    assert report["schema"] == cop.REPORT_SCHEMA == "cop-report/2"
    assert report["as_of"] == "2024-02-29T00:00:00Z"
    assert set(report) == {
        "schema",
        "as_of",
        "summary",
        "participation",
        "structure",
        "health",
        "health_series",
        "goals",
        "value",
        "maturity",
        "stage_history",
        "communities",
        "mentoring",
        "people",
        "spaces",
    }
    # No community of this landscape was given spaces.
    assert report["spaces"] == []
    assert set(report["mentoring"]) >= {"mode", "pairs", "unmatched", "total_score"}
    assert february.report("2024-02-29T00:00:00Z", options={"mentoring": False})["mentoring"] is None
    assert report["summary"]["counts"]["members"] == 3
    members = {m["member"]: m for m in report["participation"]["members"]}
    assert members["ada"]["level"] == "core_group" and members["cy"]["level"] == "transactional"
    assert report["value"]["per_cycle"] == [1, 0, 0, 0, 0]
    assert report["maturity"]["settled"]["stage"] in cop.STAGES
    assert report["communities"] == [], "one community: its figures are the landscape's"
    assert len(report["stage_history"]) == len(report["health_series"]) == 1
    assert json.loads(json.dumps(report)) == report


def test_report_options(february: cop.Landscape) -> None:
    quick = february.report(options={"history": False, "participation": {"policy": {"policy": "preset", "name": "coronet"}}})
    assert quick["stage_history"] == [] and quick["health_series"] == []
    assert quick["participation"]["policy"] == "share_of_total"
    with pytest.raises(cop.InvalidValueError) as caught:
        february.report(options={"histories": False})
    assert caught.value.field == "options"
    with pytest.raises(cop.InvalidValueError):
        cop.Landscape().report()


def test_whole_report_of_flask_is_json(flask_landscape: cop.Landscape) -> None:
    report = flask_landscape.report()
    text = json.dumps(report)
    assert len(text) > 100_000
    assert report["as_of"] == report["summary"]["last_event"]
    assert report["participation"]["members"][0]["member"] == "a0001"
    assert len(report["stage_history"]) == len(report["participation"]["timeline"]["dates"])
