"""Health, its series, the maturity stage and the stage history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cop


@pytest.fixture
def questions() -> cop.Landscape:
    """Three questions by "q", two answered in their domain; one answer in the wrong domain."""
    landscape = cop.Landscape()
    record = landscape.record
    record("q", "2024-05-01T09:00:00Z", "ask", domain="python")
    record("a", "2024-05-01T10:00:00Z", "answer", domain="python", target="q")
    record("q", "2024-05-01T11:00:00Z", "ask", domain="rust")
    record("b", "2024-05-01T13:00:00Z", "comment", domain="rust", target="q")
    record("q", "2024-05-01T14:00:00Z", "ask", domain="go")
    record("a", "2024-05-01T15:00:00Z", "answer", domain="python", target="q")  # not about go
    return landscape


def test_responsiveness_by_hand(questions: cop.Landscape) -> None:
    health = questions.health()
    assert health["as_of"] == "2024-05-01T15:00:00Z" and health["window_days"] == 90
    r = health["responsiveness"]
    assert (r["questions"], r["answered"]) == (3, 2)
    assert r["unanswered_share"] == pytest.approx(1 / 3)
    assert r["median_hours"] == pytest.approx(1.5) and r["mean_hours"] == pytest.approx(1.5)
    assert health["active_members"] == 3 and health["newcomers_in_window"] == 3
    json.dumps(health)


def test_health_window_and_options(questions: cop.Landscape) -> None:
    # A window of one day as of three days later sees nothing.
    later = questions.health("2024-05-04T00:00:00Z", window_days=1)
    assert later["window_days"] == 1 and later["responsiveness"]["questions"] == 0
    assert questions.health(options={"window_days": 7})["window_days"] == 7
    # The keyword overrides the options.
    assert questions.health(window_days=30, options={"window_days": 7})["window_days"] == 30
    with pytest.raises(cop.InvalidValueError) as caught:
        questions.health(options={"windowdays": 7})
    assert caught.value.field == "options" and "windowdays" in str(caught.value)
    with pytest.raises(cop.InvalidValueError):
        questions.health(options={"participation": {"policy": {"policy": "preset", "name": "nope"}}})


def test_health_series(february: cop.Landscape) -> None:
    february.record("dan", "2024-01-15T12:00:00Z", "commit")
    points = february.health_series("2024-02-29T00:00:00Z")
    assert [p["date"] for p in points] == ["2024-01-31T23:59:59Z", "2024-02-29T00:00:00Z"]
    assert points[0]["active_members"] == 1 and points[1]["active_members"] == 4
    assert set(points[1]) - {"date"} <= set(cop.HEALTH_METRICS)
    frame = february.health_series("2024-02-29T00:00:00Z").to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(cop.HEALTH_METRICS)
    assert frame.index.name == "date" and frame.index.dtype == np.dtype("datetime64[s]")
    assert list(frame["active_members"]) == [1.0, 4.0]
    assert frame.index[-1] == pd.Timestamp("2024-02-29")


def test_maturity_on_flask(flask_landscape: cop.Landscape) -> None:
    maturity = flask_landscape.maturity()
    settled, indicated = maturity["settled"], maturity["indicated"]
    assert settled["stage"] == "stewardship", "a 16-year-old project with a steady core"
    assert indicated["stage"] in cop.STAGES
    assert settled["label"] == settled["stage"] and settled["tension"]
    assert settled["rule"] and settled["since"] and settled["periods"] >= 1
    # Every share names its stage: each answer carries its own stage's share of the votes.
    shares = {vote["stage"]: vote["share"] for vote in maturity["votes"]}
    assert list(shares) == list(cop.STAGES)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert indicated["share"] == shares[indicated["stage"]] == max(shares.values())
    assert settled["share"] == shares[settled["stage"]]
    assert settled["stage"] in maturity["summary"] and indicated["stage"] in maturity["summary"]
    assert maturity["evidence"], "the stage comes with its indicators"
    for indicator in maturity["evidence"]:
        assert set(indicator) == {"name", "value", "points_to", "rule", "weight"}
        assert indicator["points_to"] in cop.STAGES
    assert maturity["next_steps"], "and with what to do next"
    priorities = [step["priority"] for step in maturity["next_steps"]]
    assert priorities == sorted(priorities)
    assert all(step["advice"] for step in maturity["next_steps"])
    json.dumps(maturity)


def test_maturity_is_one_answer_everywhere(flask_landscape: cop.Landscape) -> None:
    maturity = flask_landscape.maturity()
    report = flask_landscape.report(options={"mentoring": False})
    assert report["maturity"] == maturity
    last = report["stage_history"][-1]
    assert (last["settled"], last["indicated"]) == (maturity["settled"]["stage"], maturity["indicated"]["stage"])


def _from_text(tmp_path: Path, csv: str) -> cop.Landscape:
    path = tmp_path / "events.csv"
    path.write_text(csv, encoding="utf-8")
    return cop.Landscape.from_csv(path)


def test_maturity_before_the_first_event_is_potential(tmp_path: Path) -> None:
    landscape = _from_text(
        tmp_path, "member,time,kind\nada,2024-03-01T10:00:00Z,answer\nbob,2024-03-02T10:00:00Z,ask\n"
    )
    for answer in (landscape.maturity("2024-01-01T00:00:00Z"), cop.Landscape().maturity("2024-01-01T00:00:00Z")):
        assert answer["settled"]["stage"] == answer["indicated"]["stage"] == "potential"
        assert answer["evidence"] == [] and answer["next_steps"] == []
        assert answer["indicated"]["share"] == answer["settled"]["share"] == 0.0


def test_a_young_steady_community_is_coalescing(tmp_path: Path) -> None:
    # Ten members answering each other every week for 200 days.
    rows = ["member,time,kind,target"]
    start = 1_700_000_000
    for week in range(29):
        for m in range(10):
            rows.append(f"m{m},{start + week * 7 * 86400 + m * 60},answer,m{(m + 1) % 10}")
    landscape = _from_text(tmp_path, "\n".join(rows) + "\n")
    maturity = landscape.maturity()
    assert maturity["settled"]["stage"] == maturity["indicated"]["stage"] == "coalescing"
    assert "the most that age and size allow" in maturity["settled"]["rule"]


def test_one_community_on_its_own_events(tmp_path: Path) -> None:
    csv = "member,time,kind,target,community\n" + "".join(
        f"m{m},{1_700_000_000 + week * 604800 + m * 60},answer,m{(m + 1) % 8},big\n"
        for week in range(20)
        for m in range(8)
    ) + "".join(f"solo,{1_700_000_000 + week * 604800},share,,small\n" for week in range(20))
    landscape = _from_text(tmp_path, csv)
    small = landscape.community_view("small")
    assert small.counts["events"] == 20 and small.counts["members"] == landscape.counts["members"]
    assert small.health()["active_members"] == 1
    assert landscape.health()["active_members"] == 9
    assert small.maturity()["settled"]["stage"] == "potential"
    report = landscape.report(options={"mentoring": False})
    assert [c["community"] for c in report["communities"]] == ["big", "small"]
    assert [c["health"]["active_members"] for c in report["communities"]] == [8, 1]
    assert report["communities"][1]["maturity"] == small.maturity(report["as_of"])
    with pytest.raises(cop.UnknownKeyError) as caught:
        landscape.community_view("nope")
    assert isinstance(caught.value, KeyError)


def test_maturity_labels_and_options(flask_landscape: cop.Landscape) -> None:
    webber = {
        "potential": "potential",
        "coalescing": "forming",
        "maturing": "maturing",
        "stewardship": "self-sustaining",
        "transformation": "transformation",
    }
    labelled = flask_landscape.maturity(webber_labels=True)
    for answer in ("settled", "indicated"):
        assert labelled[answer]["label"] == webber[labelled[answer]["stage"]]
    assert flask_landscape.maturity(options={"webber_labels": True})["settled"] == labelled["settled"]
    with pytest.raises(cop.InvalidValueError) as caught:
        flask_landscape.maturity(options={"growth": 2})
    assert caught.value.field == "maturity"


def test_stage_history_on_flask(flask_landscape: cop.Landscape) -> None:
    history = flask_landscape.stage_history()
    periods = len(flask_landscape.participation().timeline()["dates"])
    assert len(history) == periods > 100
    assert set(history[0]) == {"date", "settled", "indicated", "indicated_share", "ceiling", "active_members"}
    stages = [cop.STAGES.index(point["settled"]) for point in history]
    transformation = cop.STAGES.index("transformation")
    assert all(abs(b - a) <= 1 or b == transformation for a, b in zip(stages, stages[1:]))
    assert len(set(stages)) > 1, "flask's stage changed over 16 years"
    assert all(
        cop.STAGES.index(p["settled"]) <= cop.STAGES.index(p["ceiling"]) or p["settled"] == "transformation"
        for p in history
    )
    # The last period is assessed as of the last event, as `maturity()` is.
    now = flask_landscape.maturity()
    assert history[-1]["date"] == now["as_of"]
    assert history[-1]["settled"] == now["settled"]["stage"]
    assert history[-1]["indicated"] == now["indicated"]["stage"]
    assert history[-1]["indicated_share"] == pytest.approx(now["indicated"]["share"])


def test_a_health_window_of_zero_or_less_is_a_typed_error(questions: cop.Landscape) -> None:
    for days in (0, -1):
        with pytest.raises(cop.InvalidValueError) as caught:
            questions.health(window_days=days)
        assert caught.value.field == "window_days"
        assert isinstance(caught.value, ValueError) and isinstance(caught.value, cop.CopError)
    with pytest.raises(cop.InvalidValueError):
        questions.health(options={"window_days": 0})
    with pytest.raises(cop.InvalidValueError):
        questions.maturity(options={"health": {"window_days": 0}})


def test_a_member_who_never_came_back_is_not_retained() -> None:
    # x acts once in January, y in January and March, z from February every month. With the
    # 365-day level window x stays in view all year, but x never acts again.
    landscape = cop.Landscape()
    for member, time in [
        ("x", "2024-01-10T10:00:00Z"),
        ("y", "2024-01-11T10:00:00Z"),
        ("y", "2024-03-11T10:00:00Z"),
        *[("z", f"2024-0{m}-01T10:00:00Z") for m in range(2, 7)],
    ]:
        landscape.record(member, time, "commit")
    retention = landscape.health("2024-06-30T23:59:59Z")["retention"]
    assert [(c["joined"][:7], c["size"]) for c in retention] == [("2024-01", 2), ("2024-02", 1)]
    assert retention[0]["retained"] == [0.0, 0.5, 0.0, 0.0, 0.0]
    assert retention[1]["retained"] == [1.0] * 4
    # As of mid-June, June is partial and not reported.
    assert landscape.health("2024-06-15T00:00:00Z")["retention"][0]["retained"] == [0.0, 0.5, 0.0, 0.0]


def test_newcomers_in_the_window_and_recent_newcomers_are_named_apart(questions: cop.Landscape) -> None:
    health = questions.health()
    assert "newcomers" not in health and health["newcomers_in_window"] == 3
    assert set(health["activation"]) == {"recent_newcomers", "activated", "share"}
    assert "newcomers_in_window" in health["expert_access"]


def test_no_organiser_or_leadership_advice_without_organising_events() -> None:
    # 45 members committing weekly (a git history): nobody ever organised anything.
    landscape = cop.Landscape()
    start = dt.datetime(2024, 1, 1, 10, tzinfo=dt.timezone.utc)
    for week in range(10):
        for m in range(45):
            landscape.record(f"m{m}", start + dt.timedelta(weeks=week, minutes=m), "commit", domain="src")
    as_of = "2024-03-31T23:59:59Z"
    health = landscape.health(as_of)
    assert health["concentration"]["organising_recorded"] is False
    assert health["layers"]["leaders"] is None and health["layers"]["leadership_flag"] is None
    steps = [s["about"] for s in landscape.maturity(as_of)["next_steps"]]
    assert "organiser_load" not in steps and "leadership" not in steps
    # One organising event makes leadership measurable: one leader for 46 members.
    landscape.record("ann", "2024-03-20T10:00:00Z", "organize")
    assert landscape.health(as_of)["layers"]["leaders"] == 1
    assert "leadership" in [s["about"] for s in landscape.maturity(as_of)["next_steps"]]


def test_balance_advice_is_not_the_policy_s_own_rounding(flask_landscape: cop.Landscape) -> None:
    # flask's last year: 2 core members of 12 participants (17 %) is the quantile's rounding:
    # no advice about the core; the active level is empty because its places went to
    # one-event members: that is reported, with the reason.
    balance = flask_landscape.health()["balance"]
    assert balance["participants"] == 12 and balance["rule"].startswith("quantile policy")
    assert not any(d.startswith("the core group") for d in balance["deviations"])
    assert any("fewer than 2 events" in d for d in balance["deviations"])


def test_options_that_would_panic_or_exhaust_memory_are_typed_errors(flask_landscape: cop.Landscape) -> None:
    with pytest.raises(cop.InvalidValueError) as caught:
        flask_landscape.participation(options={"trajectory": {"recent_periods": 0, "trend_threshold": 0.0}})
    assert caught.value.field == "recent_periods"
    with pytest.raises(cop.InvalidValueError) as caught:
        flask_landscape.health(options={"retention_periods": 10**12})
    assert caught.value.field == "retention_periods"
    with pytest.raises(cop.InvalidValueError) as caught:
        flask_landscape.maturity(options={"health": {"participation": {"trajectory": {"trend_threshold": 0.0}}}})
    assert caught.value.field == "trend_threshold"
