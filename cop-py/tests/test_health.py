"""Health, its series, the maturity stage and the stage history."""

from __future__ import annotations

import json

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
    assert health["active_members"] == 3 and health["newcomers"] == 3
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
    frame = february.health_series("2024-02-29T00:00:00Z", to_pandas=True)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(cop.HEALTH_METRICS)
    assert frame.index.name == "date" and frame.index.dtype == np.dtype("datetime64[s]")
    assert list(frame["active_members"]) == [1.0, 4.0]
    assert frame.index[-1] == pd.Timestamp("2024-02-29")


def test_maturity_on_flask(flask_landscape: cop.Landscape) -> None:
    maturity = flask_landscape.maturity()
    assert maturity["stage"] in cop.STAGES
    assert maturity["label"] == maturity["stage"] and maturity["tension"]
    assert 0 < maturity["confidence"] <= 1
    assert maturity["evidence"], "the stage comes with its indicators"
    for indicator in maturity["evidence"]:
        assert set(indicator) == {"name", "value", "points_to", "rule", "weight"}
        assert indicator["points_to"] in cop.STAGES
    assert maturity["next_steps"], "and with what to do next"
    priorities = [step["priority"] for step in maturity["next_steps"]]
    assert priorities == sorted(priorities)
    assert all(step["advice"] for step in maturity["next_steps"])
    json.dumps(maturity)


def test_maturity_labels_and_options(flask_landscape: cop.Landscape) -> None:
    webber = {
        "potential": "potential",
        "coalescing": "forming",
        "maturing": "maturing",
        "stewardship": "self-sustaining",
        "transformation": "transformation",
    }
    labelled = flask_landscape.maturity(webber_labels=True)
    assert labelled["label"] == webber[labelled["stage"]]
    assert flask_landscape.maturity(options={"webber_labels": True})["label"] == labelled["label"]
    with pytest.raises(cop.InvalidValueError) as caught:
        flask_landscape.maturity(options={"growth": 2})
    assert caught.value.field == "maturity"


def test_stage_history_on_flask(flask_landscape: cop.Landscape) -> None:
    history = flask_landscape.stage_history()
    periods = len(flask_landscape.participation().timeline()["dates"])
    assert len(history) == periods > 100
    assert set(history[0]) == {"date", "stage", "indicated", "confidence"}
    stages = [cop.STAGES.index(point["stage"]) for point in history]
    assert all(abs(b - a) <= 1 for a, b in zip(stages, stages[1:]))
    assert len(set(stages)) > 1, "flask's stage changed over 16 years"
    # The last period is assessed as of the last event, as `maturity()` is.
    now = flask_landscape.maturity()
    assert history[-1]["date"] == now["as_of"]
    assert history[-1]["indicated"] == now["stage"]
    assert history[-1]["confidence"] == pytest.approx(now["confidence"])
