"""Participation: levels, trajectories, the timeline, policies and the incremental update."""

from __future__ import annotations

import datetime as dt
import json
import threading

import numpy as np
import pandas as pd
import pytest

import cop

UTC = dt.timezone.utc
#: The date of the core's example: the end of February 2024 (UTC).
FEBRUARY_END = "2024-02-29T00:00:00Z"


def rank(level: str) -> int:
    """Closeness to the centre: 5 for the core group down to 0 for outsiders."""
    return 5 - cop.LEVELS.index(level)


def test_names_are_the_core_serde_names() -> None:
    assert cop.LEVELS == ("core_group", "active", "occasional", "peripheral", "transactional", "outsider")
    assert cop.TRAJECTORIES == ("peripheral", "inbound", "insider", "boundary", "outbound", "newcomer", "inactive")
    assert cop.STAGES == ("potential", "coalescing", "maturing", "stewardship", "transformation")
    assert cop.POLICY_PRESETS == (
        "coronet",
        "grimoirelab_onion",
        "absence_factor",
        "discourse_trust_levels",
        "orbit",
    )
    assert cop.VALUE_CYCLES == ("immediate", "potential", "applied", "realised", "reframing")
    assert "unanswered_share" in cop.HEALTH_METRICS and "active_members" in cop.HEALTH_METRICS
    assert cop.REPORT_SCHEMA == "cop-report/2"


def test_february_with_defaults(february: cop.Landscape) -> None:
    """The core's doc test: ada is core, cy transactional."""
    landscape = february
    analysis = landscape.participation(FEBRUARY_END)
    assert isinstance(analysis, cop.Participation)
    assert analysis.as_of == dt.datetime(2024, 2, 29, tzinfo=UTC)
    assert (analysis.policy, analysis.period, len(analysis)) == ("quantile", "month", 3)
    ada = analysis.level("ada")
    assert isinstance(ada, cop.Assessment)
    assert (ada.member, ada.level, ada.rank) == ("ada", "core_group", 1)
    assert ada.parts["events"] == 28 and ada.parts["active_days"] == 28 and ada.parts["people"] == 1
    assert ada.parts["last_event"] == "2024-02-28T10:00:00Z"
    assert ada.score == ada.parts["total"] > analysis.level("bob").score
    assert "top 15 %" in ada.rule
    assert ada.criteria == [] and ada.rung is None
    cy = analysis.level("cy")
    assert cy.level == "transactional" and cy.parts["active_days"] == 1
    assert "1 day" in cy.rule
    assert analysis.level_counts == {
        "core_group": 1,
        "active": 1,
        "occasional": 0,
        "peripheral": 0,
        "transactional": 1,
        "outsider": 0,
    }
    assert sum(analysis.trajectory_counts.values()) == 3
    as_dict = ada.to_dict()
    assert as_dict["level"] == "core_group" and as_dict["parts"]["events"] == 28
    assert repr(ada).startswith('Assessment(member="ada", level="core_group"')


def test_trajectory(february: cop.Landscape) -> None:
    analysis = february.participation(FEBRUARY_END)
    trajectory = analysis.trajectory("ada")
    assert isinstance(trajectory, cop.Trajectory)
    assert trajectory.kind in cop.TRAJECTORIES
    # One month of history: too short to tell.
    assert trajectory.kind == "newcomer"
    assert trajectory.rule
    evidence = trajectory.evidence
    assert evidence["levels"] == ["core_group"]
    assert evidence["periods_since_first"] == 0
    assert set(evidence) == {
        "levels",
        "slope",
        "dwell",
        "periods_since_first",
        "events",
        "active_periods",
        "communities",
        "domains",
    }
    assert trajectory.to_dict()["kind"] == "newcomer"


@pytest.mark.parametrize(
    "as_of",
    [
        FEBRUARY_END,
        dt.datetime(2024, 2, 29),
        dt.datetime(2024, 2, 29, tzinfo=UTC),
        np.datetime64("2024-02-29T00:00:00"),
        np.datetime64("2024-02-29", "D"),
        1709164800,
        1709164800.0,
    ],
)
def test_as_of_forms(as_of: object, february: cop.Landscape) -> None:
    analysis = february.participation(as_of)  # type: ignore[arg-type]
    assert analysis.as_of == dt.datetime(2024, 2, 29, tzinfo=UTC)


def test_a_date_as_of_is_the_end_of_that_day(february: cop.Landscape) -> None:
    # As the command's --as-of, C's cop_parse_as_of and as_of strings read "2024-02-29".
    end = dt.datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)
    assert february.participation(dt.date(2024, 2, 29)).as_of == end
    assert february.participation("2024-02-29").as_of == end


def test_as_of_defaults_to_the_last_event(february: cop.Landscape) -> None:
    landscape = february
    assert landscape.participation().as_of == dt.datetime(2024, 2, 28, 11, 0, tzinfo=UTC)
    with pytest.raises(cop.InvalidValueError) as caught:
        cop.Landscape().participation()
    assert caught.value.field == "as_of"
    with pytest.raises(cop.InvalidValueError):
        landscape.participation("not a date")
    with pytest.raises(TypeError):
        landscape.participation([1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize("preset", cop.POLICY_PRESETS)
def test_presets_partition_the_members(flask_landscape: cop.Landscape, preset: str) -> None:
    analysis = flask_landscape.participation(policy=preset)
    members = len(flask_landscape.members)
    columns = analysis.levels()
    assert len(columns["member"]) == members == len(analysis)
    assert columns["level"].shape == (members,) and columns["level"].dtype == np.uint8
    assert np.all(columns["level"] < len(cop.LEVELS))
    counts = analysis.level_counts
    assert sum(counts.values()) == members
    assert list(counts) == list(cop.LEVELS)
    for level, n in counts.items():
        assert n == int(np.sum(columns["level"] == cop.LEVELS.index(level)))
    # Someone is at the centre, and everyone who took part in the window has a level.
    assert counts["outsider"] < members


def test_ladder_presets_explain_why_not_promoted_yet(flask_landscape: cop.Landscape) -> None:
    analysis = flask_landscape.participation(policy="discourse_trust_levels")
    assert analysis.policy == "discourse_trust_levels"
    top = analysis.level("a0324")
    assert top.rung is not None and top.rule
    assert top.criteria, "a ladder says what the next rung needs"
    check = top.criteria[0]
    assert set(check) == {"rung", "criterion", "value", "required", "met"}
    assert isinstance(check["met"], bool) and check["rung"] != top.rung
    assert not all(c["met"] for c in top.criteria)


def test_policy_forms_and_errors(february: cop.Landscape) -> None:
    landscape = february
    assert landscape.participation(FEBRUARY_END, policy="quantile").level("ada").level == "core_group"
    spec = {"policy": "quantile", "core": 0.5, "active": 0.2, "occasional": 0.3}
    assert landscape.participation(FEBRUARY_END, policy=spec).level("bob").level == "core_group"
    preset = {"policy": "preset", "name": "coronet"}
    assert landscape.participation(FEBRUARY_END, policy=preset).policy == "share_of_total"
    with pytest.raises(cop.InvalidValueError) as caught:
        landscape.participation(policy="onion")
    assert caught.value.field == "policy"
    assert "unknown preset `onion`" in str(caught.value) and "coronet" in str(caught.value)
    with pytest.raises(cop.InvalidValueError) as bad_spec:
        landscape.participation(policy={"policy": "quantile", "core": 0.9, "active": 0.9})
    assert "sum to at most 1" in str(bad_spec.value)
    with pytest.raises(cop.InvalidValueError):
        landscape.participation(policy={"policy": "nonsense"})


def test_options_and_overrides(february: cop.Landscape) -> None:
    landscape = february
    options = {"participation": {"window_days": 7, "decay": {"type": "none"}}, "period": "week"}
    analysis = landscape.participation(FEBRUARY_END, options=options)
    assert analysis.period == "week"
    assert analysis.options["participation"]["window_days"] == 7
    # Within the last 7 days: ada answered on 22..28, cy is out of the window.
    assert analysis.level("ada").parts["events"] == 7
    assert analysis.level("cy").level == "outsider"
    assert landscape.participation(FEBRUARY_END, options=json.dumps(options)).period == "week"
    overridden = landscape.participation(FEBRUARY_END, window_days=365, period="quarter", options=options)
    assert overridden.options["participation"]["window_days"] == 365 and overridden.period == "quarter"
    assert overridden.options["participation"]["decay"] == {"type": "none"}
    with pytest.raises(cop.InvalidValueError) as caught:
        landscape.participation(options={"participation": {"windowdays": 7}})
    assert caught.value.field == "options" and "windowdays" in str(caught.value)
    with pytest.raises(cop.InvalidValueError):
        landscape.participation(options="{not json")
    with pytest.raises(cop.InvalidValueError) as period:
        landscape.participation(period="fortnight")
    assert period.value.field == "period"


def test_unknown_member(february: cop.Landscape) -> None:
    analysis = february.participation(FEBRUARY_END)
    with pytest.raises(cop.UnknownKeyError) as caught:
        analysis.level("nobody")
    assert (caught.value.entity, caught.value.key) == ("member", "nobody")
    with pytest.raises(KeyError):
        analysis.trajectory("nobody")


def test_levels_columns_and_pandas(february: cop.Landscape) -> None:
    analysis = february.participation(FEBRUARY_END)
    columns = analysis.levels()
    assert columns["member"] == ["ada", "bob", "cy"]
    assert columns["level_names"] == cop.LEVELS and columns["trajectory_names"] == cop.TRAJECTORIES
    assert [cop.LEVELS[c] for c in columns["level"]] == ["core_group", "active", "transactional"]
    assert columns["score"].dtype == np.float64 and columns["score"][0] == analysis.level("ada").score
    assert columns["trajectory"].dtype == np.uint8
    frame = analysis.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == ["ada", "bob", "cy"] and frame.index.name == "member"
    assert list(frame.columns) == [
        "level",
        "trajectory",
        "score",
        "events",
        "activity",
        "domains",
        "people",
        "active_days",
        "coordinator",
        "received",
    ]
    assert frame.loc["ada", "level"] == "core_group"
    assert list(frame["level"].cat.categories) == list(cop.LEVELS)
    assert frame.loc["ada", "events"] == 28 and frame.loc["bob", "received"] > 0


def test_timeline(february: cop.Landscape) -> None:
    landscape = february
    landscape.record("dan", "2024-01-15T12:00:00Z", "commit")
    analysis = landscape.participation(FEBRUARY_END)
    timeline = analysis.timeline()
    assert timeline["period"] == "month"
    assert timeline["dates"].dtype == np.dtype("datetime64[s]")
    assert list(timeline["dates"]) == [np.datetime64("2024-01-31T23:59:59"), np.datetime64("2024-02-29T00:00:00")]
    counts = timeline["counts"]
    assert counts.shape == (2, 6) and timeline["level_names"] == cop.LEVELS
    assert list(counts.sum(axis=1)) == [4, 4]
    # January: only dan took part; February: everyone.
    assert counts[0, cop.LEVELS.index("outsider")] == 3
    assert timeline["member"] == ["ada", "bob", "cy", "dan"]
    levels = timeline["member_levels"]
    assert levels.shape == (2, 4) and levels.dtype == np.uint8
    assert cop.LEVELS[levels[1, 0]] == "core_group" and cop.LEVELS[levels[0, 0]] == "outsider"
    flows = timeline["transitions"]
    assert flows["matrix"].shape == (1, 6, 6)
    assert int(flows["matrix"].sum()) == 4
    assert list(flows["joined"]) == [3]
    assert flows["turnover"].dtype == np.float64
    assert timeline["gravity"].shape == (1,) and timeline["commitment"].shape == (2,)


def test_update_member_after_new_events(february: cop.Landscape) -> None:
    landscape = february
    analysis = landscape.participation(FEBRUARY_END)
    before = analysis.level("cy")
    for day in range(11, 29):
        landscape.record("cy", f"2024-02-{day:02}T15:00:00Z", "answer", target="bob")
    assessment, trajectory = analysis.update_member(landscape, "cy")
    assert isinstance(assessment, cop.Assessment) and isinstance(trajectory, cop.Trajectory)
    assert assessment.member == trajectory.member == "cy"
    assert assessment.score > before.score
    assert rank(assessment.level) >= rank(before.level)
    assert rank(assessment.level) > rank("transactional")
    # The analysis itself is unchanged (it is a value as of its date).
    assert analysis.level("cy").level == before.level
    # A member recorded after the analysis can be updated too; an unknown one cannot.
    landscape.record("eve", "2024-02-20T08:00:00Z", "read")
    assert analysis.update_member(landscape, "eve")[0].level in cop.LEVELS
    with pytest.raises(cop.UnknownKeyError):
        analysis.update_member(landscape, "nobody")


def test_update_member_without_new_events_agrees(flask_landscape: cop.Landscape) -> None:
    analysis = flask_landscape.participation()
    for key in ["a0324", "a0001", flask_landscape.members.keys()[-1]]:
        assessment, trajectory = analysis.update_member(flask_landscape, key)
        assert assessment.level == analysis.level(key).level
        assert trajectory.kind == analysis.trajectory(key).kind


def test_report_is_the_core_json(february: cop.Landscape) -> None:
    analysis = february.participation(FEBRUARY_END)
    report = analysis.report()
    assert report["as_of"] == "2024-02-29T00:00:00Z" and report["policy"] == "quantile"
    assert ["core_group", 1] in report["level_counts"]
    assert [m["member"] for m in report["members"]] == ["ada", "bob", "cy"]
    assert report["members"][0]["level"] == "core_group"
    assert report["members"][0]["evidence"]["score"]["events"] == 28
    assert report["timeline"]["dates"] == ["2024-02-29T00:00:00Z"]
    json.dumps(report)


def test_flask_as_of_its_last_event(flask_landscape: cop.Landscape) -> None:
    events = flask_landscape.to_pandas()
    last = events["time"].max()
    analysis = flask_landscape.participation()
    assert analysis.as_of == last.to_pydatetime().replace(tzinfo=UTC)
    recent = events[events["time"] > last - pd.Timedelta(days=365)]
    top = recent["member"].value_counts().idxmax()
    assert top == "a0324"
    assert analysis.level("a0324").level == "core_group"
    per_member = events["member"].value_counts()
    single = per_member[per_member == 1].index
    assert len(single) > 100
    levels = analysis.to_pandas()["level"]
    assert not (levels.loc[list(single)] == "core_group").any()


def test_analyses_run_in_threads(flask_landscape: cop.Landscape) -> None:
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(flask_landscape.participation(policy="coronet").level_counts)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and len(results) == 4
    assert all(r == results[0] for r in results)


def test_current_only_assesses_one_period_with_the_same_levels(february: cop.Landscape) -> None:
    full = february.participation(FEBRUARY_END)
    current = february.participation(FEBRUARY_END, options={"current_only": True})
    assert len(current.timeline()["dates"]) == 1
    assert list(current.levels()["level"]) == list(full.levels()["level"])
    assert current.level("ada").level == "core_group"


def test_a_one_event_member_in_a_busy_community_is_occasional_or_lower() -> None:
    # 19 members with 2 … 20 commits and `solo`, whose single event weighs 100: the top score,
    # one event. The default policy keeps one-event members out of the core group and the
    # active level; the cuts do not move (ceil(0.15 × 20) = 3 core places, solo's stays empty).
    landscape = cop.Landscape()
    start = dt.datetime(2024, 1, 1, tzinfo=UTC)
    hour = 0
    for i in range(19):
        for _ in range(i + 2):
            landscape.record(f"m{i}", start + dt.timedelta(hours=hour), "commit")
            hour += 1
    landscape.record("solo", start + dt.timedelta(hours=hour), "commit", weight=100)
    analysis = landscape.participation(start + dt.timedelta(days=30))
    solo = analysis.level("solo")
    assert solo.rank == 1 and solo.level == "occasional"
    assert "1 event(s)" in solo.rule
    assert analysis.level_counts["core_group"] == 2 and analysis.level_counts["active"] == 4
    # Nobody whose evidence is one event is an insider.
    assert analysis.trajectory("solo").kind != "insider"
    assert analysis.trajectory("solo").evidence["events"] == 1


def test_members_tied_at_the_cut_share_a_level() -> None:
    # Each member's commits on a day of their own, no decay: equal counts give equal scores.
    # ceil(0.15 × 10) = 2 core places, but m1, m2, m3 tie with the second: all core.
    landscape = cop.Landscape()
    start = dt.datetime(2024, 1, 1, tzinfo=UTC)
    counts = [9, 5, 5, 5, 3, 3, 3, 2, 2, 2]
    for i, n in enumerate(counts):
        for k in range(n):
            landscape.record(f"m{i}", start + dt.timedelta(days=i, minutes=k), "commit")
    options = {"participation": {"decay": {"type": "none"}}}
    analysis = landscape.participation(start + dt.timedelta(days=30), options=options)
    levels = [analysis.level(f"m{i}").level for i in range(10)]
    assert levels == ["core_group"] * 4 + ["occasional"] * 3 + ["transactional"] * 3


def test_a_partial_last_month_is_labelled_partial(february: cop.Landscape) -> None:
    assert not february.participation("2024-02-29T23:59:59Z").timeline()["last_partial"]
    partial = february.participation("2024-02-20T00:00:00Z")
    assert partial.timeline()["last_partial"]
    assert partial.report()["timeline"]["last_partial"] is True
