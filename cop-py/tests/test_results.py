"""Typed results (cop.results): attributes, repr, to_dict/to_list, to_pandas, ties and graphs."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import sys
from typing import Any

import numpy as np
import pytest

import cop
from cop import results

pd = pytest.importorskip("pandas")
AS_OF = "2026-08-03T17:52:44Z"  # the requests history's last event
UTC = dt.timezone.utc


def plain(value: Any) -> bool:
    """Whether a value is made of plain dicts and lists only (no result classes inside)."""
    if isinstance(value, dict):
        return type(value) is dict and all(plain(v) for v in value.values())
    if isinstance(value, list):
        return type(value) is list and all(plain(v) for v in value)
    return not isinstance(value, (results.Result, results.Rows))


def check_dict(result: results.Result) -> dict[str, Any]:
    """to_dict() is the old dict: plain, equal to the result, to its JSON, and a copy."""
    old = result.to_dict()
    assert plain(old) and old == result
    assert json.loads(json.dumps(result)) == old
    old[next(iter(old))] = "changed"
    assert result.to_dict() != old, "to_dict() is a copy"
    return result.to_dict()


@pytest.fixture(scope="module")
def analysis(requests_landscape: cop.Landscape) -> cop.Participation:
    return requests_landscape.participation()


def test_every_field_is_an_attribute_not_a_dict_method() -> None:
    for name in results.__all__:
        cls = getattr(results, name)
        if isinstance(cls, type) and issubclass(cls, results.Result):
            clash = set(results._hints(cls)) & set(dir(dict))
            assert not clash, f"{name} fields shadowed by dict: {clash}"


def test_health(requests_landscape: cop.Landscape) -> None:
    health = requests_landscape.health()
    assert isinstance(health, results.HealthReport) and isinstance(health, dict)
    assert health.as_of == dt.datetime(2026, 8, 3, 17, 52, 44, tzinfo=UTC)
    assert health.window_days == 90 and health.active_members == 12
    assert isinstance(health.activation, results.Activation)
    assert health.activation.recent_newcomers == 22 and health.activation.share == pytest.approx(5 / 22)
    assert health.retention[0].joined.tzinfo is not None and health.retention[0].size >= 1
    assert health.responsiveness.median_hours is None and health.layers.leaders is None
    assert health.funnel == [774, 768, 316, 243]
    assert repr(health).startswith("HealthReport(as_of=2026-08-03 17:52, window_days=90, active_members=12, ")
    assert repr(health.activation) == "Activation(recent_newcomers=22, activated=5, share=0.227)"
    old = check_dict(health)
    assert old["as_of"] == AS_OF and old["activation"]["activated"] == 5
    # The dict access of before still works, and gives the JSON values (strings for dates).
    assert health["as_of"] == AS_OF and health["activation"] == old["activation"]
    with pytest.raises(AttributeError):
        _ = health.no_such_field  # type: ignore[attr-defined]


def test_health_series(requests_landscape: cop.Landscape) -> None:
    series = requests_landscape.health_series()
    assert isinstance(series, results.HealthSeries) and isinstance(series, list)
    assert len(series) == 187 and isinstance(series[0], results.HealthPoint)
    assert series[-1].date == dt.datetime(2026, 8, 3, 17, 52, 44, tzinfo=UTC)
    assert series[0].active_members == 3.0
    assert repr(series).startswith("HealthSeries([HealthPoint(date=2011-02-28 23:59, ") and "187 rows" in repr(series)
    old = series.to_list()
    assert plain(old) and old == series and old[0]["date"] == "2011-02-28T23:59:59Z"
    frame = series.to_pandas()
    assert list(frame.columns) == list(cop.HEALTH_METRICS) and len(frame) == 187
    assert frame.index.name == "date" and frame.index.dtype == np.dtype("datetime64[s]")


def test_health_series_to_pandas_keyword_is_deprecated(requests_landscape: cop.Landscape) -> None:
    with pytest.warns(DeprecationWarning, match=r"health_series\(\)\.to_pandas\(\)"):
        frame = requests_landscape.health_series(to_pandas=True)
    pd.testing.assert_frame_equal(frame, requests_landscape.health_series().to_pandas())


def test_maturity_and_stage_history(requests_landscape: cop.Landscape) -> None:
    maturity = requests_landscape.maturity()
    assert isinstance(maturity, results.Maturity)
    assert maturity.settled.stage == "stewardship" and maturity.indicated.stage in cop.STAGES
    assert isinstance(maturity.settled.since, dt.datetime) and maturity.settled.periods >= 1
    assert [v.stage for v in maturity.votes] == list(cop.STAGES)
    assert all(isinstance(e, results.Indicator) and e.name for e in maturity.evidence)
    assert maturity.next_steps[0].priority in (1, 2, 3)
    assert repr(maturity) == (
        f"Maturity(as_of=2026-08-03 17:52, settled='stewardship', indicated='{maturity.indicated.stage}', "
        f"next_steps={len(maturity.next_steps)})"
    )
    check_dict(maturity)
    history = requests_landscape.stage_history()
    assert isinstance(history, results.StageHistory) and len(history) == 187
    assert history[-1].settled == maturity.settled.stage
    assert history.to_list() == json.loads(json.dumps(history))
    frame = history.to_pandas()
    assert list(frame.columns) == ["date", "settled", "indicated", "indicated_share", "ceiling", "active_members"]
    assert len(frame) == 187 and frame["date"].dtype == np.dtype("datetime64[s]")


def test_summary_people_and_structure(requests_landscape: cop.Landscape) -> None:
    summary = requests_landscape.summary()
    assert isinstance(summary, results.Summary)
    assert summary.counts["members"] == 779 and summary.acting_members == 774
    assert summary.first_event == dt.datetime(2011, 2, 13, 18, 41, 18, tzinfo=UTC)
    assert summary.events_per_kind == {"commit": 5237, "merge": 1252, "coauthor": 24}
    assert repr(summary).startswith("Summary(counts={members: 779, events: 6513, communities: 1, …}, acting_members=774")
    assert check_dict(summary)["last_event"] == AS_OF
    people = requests_landscape.people()
    assert isinstance(people, results.PeopleCounts) and people.identities == 779 and people.bots == 0
    assert repr(people) == "PeopleCounts(identities=779, members=779, bots=0, staff=0, left_out=0, …)"
    check_dict(people)
    structure = requests_landscape.structure()
    assert isinstance(structure, results.Structure) and structure.ties == 7
    assert structure.members[0].member == structure.to_pandas().index[0]
    assert isinstance(structure.members[0], results.MemberPosition)
    check_dict(structure)
    frame = structure.to_pandas()
    assert frame.index.name == "member" and len(frame) == structure.connected_members == 9
    assert list(frame.columns) == ["core_number", "pagerank", "degree", "weighted_degree", "eigenvector", "constraint"]
    measures = requests_landscape.graph_measures()
    assert isinstance(measures, results.GraphMeasures) and repr(measures) == "GraphMeasures(779 members)"
    assert measures.pagerank.dtype == np.float64 and len(measures.member) == 779
    frame = measures.to_pandas()
    assert frame.shape == (779, 6) and frame.index.name == "member"
    assert frame.loc["a0458", "degree"] == 6
    old = measures.to_dict()
    assert type(old) is dict and set(old) == set(measures) and np.array_equal(old["pagerank"], measures.pagerank)


def test_participation_results(requests_landscape: cop.Landscape, analysis: cop.Participation) -> None:
    levels = analysis.levels()
    assert isinstance(levels, results.Levels) and repr(levels) == "Levels(779 members)"
    assert levels.level_names == cop.LEVELS and levels.level.dtype == np.uint8
    frame = levels.to_pandas()
    assert frame.shape == (779, 3) and list(frame.columns) == ["level", "trajectory", "score"]
    assert frame["level"].value_counts()["core_group"] == analysis.level_counts["core_group"]
    timeline = analysis.timeline()
    assert isinstance(timeline, results.Timeline) and isinstance(timeline.transitions, results.Transitions)
    assert timeline.period == "month" and timeline.last_partial is True
    assert repr(timeline).startswith("Timeline(187 month periods, 2011-02-28T23:59:59 … ")
    frame = timeline.to_pandas()
    assert len(frame) == len(timeline.dates) == 187 and frame.index.name == "date"
    assert list(frame.columns[:6]) == list(cop.LEVELS) and frame.iloc[-1, :6].sum() == 779
    assert np.isnan(frame["promoted"].iloc[0]) and frame["promoted"].iloc[1:].tolist() == timeline.transitions.promoted.tolist()
    report = analysis.report()
    assert isinstance(report, results.ParticipationReport) and report.policy == "quantile"
    assert len(report.members) == 779 and isinstance(report.members[0], results.MemberReport)
    check_dict(report)
    frame = report.to_pandas()
    assert frame.shape == (779, 5) and frame.loc["a0001", "level"] == analysis.level("a0001").level


def test_matching_results(requests_landscape: cop.Landscape, analysis: cop.Participation) -> None:
    mentors = analysis.suggest_mentors(requests_landscape)
    assert isinstance(mentors, results.MentorSuggestions) and mentors.mode == "optimal"
    assert isinstance(mentors.as_of, dt.datetime)
    pair = mentors.pairs[0]
    assert isinstance(pair, results.MentorPair) and pair.mentee and pair.mentor and 0 <= pair.score <= 1
    assert set(pair.parts) >= {"domain_fit", "competence_gap"} and pair.reasons
    assert all(isinstance(u, results.UnmatchedMentee) and u.reason for u in mentors.unmatched)
    assert repr(pair).startswith(f"MentorPair(mentee='{pair.mentee}', mentor='{pair.mentor}', score=")
    check_dict(mentors)
    frame = mentors.to_pandas()
    assert len(frame) == len(mentors.pairs) and {"mentee", "mentor", "score", "parts.domain_fit"} <= set(frame.columns)
    peers = analysis.suggest_peers(requests_landscape)
    assert isinstance(peers, results.PeerSuggestions) and isinstance(peers.pairs[0], results.PeerPair)
    check_dict(peers)
    assert len(peers.to_pandas()) == len(peers.pairs)
    experts = requests_landscape.find_experts("docs")
    assert isinstance(experts, results.Experts) and isinstance(experts, list) and len(experts) == 5
    best = experts[0]
    assert isinstance(best, results.Expert) and best.member and best.score >= experts[-1].score
    assert experts.to_list() == json.loads(json.dumps(experts)) and plain(experts.to_list())
    frame = experts.to_pandas()
    assert len(frame) == 5 and {"member", "score", "parts.evidence", "evidence.last"} <= set(frame.columns)
    assert frame["evidence.last"].dtype == np.dtype("datetime64[s]")
    fits = requests_landscape.recommend_communities("a0001")
    assert isinstance(fits, results.CommunityFits) and repr(fits) == "CommunityFits([])"
    assert list(fits.to_pandas().columns) == ["community", "community_id", "score", "parts", "domain", "joined", "reasons"]


def test_report_reuses_the_result_classes(requests_landscape: cop.Landscape) -> None:
    report = requests_landscape.report(options={"history": False})
    assert isinstance(report, results.Report) and report.schema == cop.REPORT_SCHEMA
    assert isinstance(report.health, results.HealthReport) and isinstance(report.maturity, results.Maturity)
    assert isinstance(report.structure, results.Structure) and isinstance(report.value, results.ValueSummary)
    assert isinstance(report.mentoring, results.MentorSuggestions)
    assert report.health == requests_landscape.health()
    assert repr(report) == "Report(schema='cop-report/2', as_of=2026-08-03 17:52, …)"
    check_dict(report)


def test_value_and_charter() -> None:
    landscape = cop.Landscape()
    landscape.record("ada", "2024-03-01T09:00:00Z", "answer", target="bob")
    landscape.add_value_story("immediate", "2024-03-02", "bob's build works", members=["bob"])
    landscape.add_value_story("applied", "2024-04-10", "the fix shipped")
    stories = landscape.value_stories()
    assert isinstance(stories, results.ValueStories) and stories[0].cycle == "immediate"
    assert stories[0].date == dt.datetime(2024, 3, 2, tzinfo=UTC) and stories[0].members == ["bob"]
    assert stories.to_list()[0]["date"] == "2024-03-02T00:00:00Z"
    assert len(stories.to_pandas()) == 2
    summary = landscape.value_summary()
    assert isinstance(summary, results.ValueSummary) and summary.per_cycle == [1, 0, 1, 0, 0]
    assert [p.period.month for p in summary.per_period] == [3, 4]
    frame = summary.to_pandas()
    assert list(frame.columns) == list(cop.VALUE_CYCLES) and frame.index.name == "period"
    assert frame["applied"].tolist() == [0, 1]
    check_dict(summary)
    landscape.set_charter("default", "help", "all", [{"metric": "active_members", "target": 5, "deadline": "2024-12-31"}])
    charter = landscape.charter("default")
    assert isinstance(charter, results.Charter) and charter.goals[0].metric == "active_members"
    assert charter.goals[0].deadline.year == 2024
    check_dict(charter)


def test_results_copy_and_pickle(requests_landscape: cop.Landscape) -> None:
    health = requests_landscape.health()
    for clone in (copy.copy(health), copy.deepcopy(health), pickle.loads(pickle.dumps(health))):
        assert type(clone) is results.HealthReport and clone == health
    history = requests_landscape.stage_history()
    clone = pickle.loads(pickle.dumps(history))
    assert type(clone) is results.StageHistory and type(clone[0]) is results.StagePoint and clone == history


# ----- ties and graphs ---------------------------------------------------------------------------


def interaction_pairs(landscape: cop.Landscape) -> set[tuple[int, int]]:
    """Distinct (member, target) pairs of the events, from the event columns."""
    events = landscape.events()
    has = events["target"] != cop.NONE
    return set(zip(events["member"][has].tolist(), events["target"][has].tolist()))


def test_ties_of_the_relationship_graph(requests_landscape: cop.Landscape) -> None:
    ties = requests_landscape.ties()
    assert isinstance(ties, results.Ties) and ties.directed
    assert len(ties) == len(interaction_pairs(requests_landscape)), "one interaction tie per ordered pair"
    assert set(ties.relation) == {"interaction"}, "the requests history has no mentoring event"
    assert len(ties.nodes) == len(requests_landscape.members)
    assert ties.weight.sum() == sum(1 for t in requests_landscape.events()["target"] if t != cop.NONE)
    assert repr(ties) == f"Ties({len(ties)} directed ties among 779 members)"
    frame = ties.to_pandas()
    assert list(frame.columns) == ["source", "target", "relation", "weight"] and len(frame) == len(ties)
    assert frame["relation"].dtype == "category"
    old = ties.to_dict()
    assert set(old) == {"nodes", "source", "target", "relation", "weight", "directed"}


def test_ties_with_mentoring() -> None:
    landscape = cop.Landscape()
    landscape.record("ada", "2024-03-01T09:00:00Z", "mentor", target="bob")
    landscape.record("ada", "2024-03-02T09:00:00Z", "answer", target="bob", weight=2.5)
    landscape.record("bob", "2024-03-03T09:00:00Z", "ask")
    ties = landscape.ties()
    edges = sorted(zip(ties.source, ties.target, ties.relation, ties.weight.tolist()))
    assert edges == [("ada", "bob", "interaction", 2.0), ("ada", "bob", "mentoring", 1.0)]
    weighed = landscape.ties(weight="weight")
    assert sorted(weighed.weight.tolist())[-1] > 2.0
    nx = pytest.importorskip("networkx")
    graph = landscape.graph()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == 2 and graph.number_of_edges() == 2
    assert graph["ada"]["bob"]["mentoring"] == {"relation": "mentoring", "weight": 1.0}


def test_ties_over_a_window_are_what_structure_measures(requests_landscape: cop.Landscape) -> None:
    structure = requests_landscape.structure(window_days=365)
    ties = requests_landscape.ties(window_days=365)
    assert not ties.directed and len(ties) == structure.ties == 7
    assert set(ties.source) | set(ties.target) == {m.member for m in structure.members}
    assert requests_landscape.ties(as_of=AS_OF).to_dict()["source"] == ties.source, "365 days by default"
    nx = pytest.importorskip("networkx")
    graph = requests_landscape.graph(window_days=365)
    assert isinstance(graph, nx.Graph) and not graph.is_directed()
    assert graph.number_of_edges() == len(ties) == structure.ties
    assert graph.number_of_nodes() == len(requests_landscape.members)
    degrees = dict(graph.degree())
    for position in structure.members:
        assert degrees[position.member] == position.degree
        assert graph.degree(position.member, weight="weight") == position.weighted_degree


def test_graph_of_the_whole_history(requests_landscape: cop.Landscape) -> None:
    nx = pytest.importorskip("networkx")
    ties = requests_landscape.ties()
    graph = requests_landscape.graph()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == len(ties) == len(interaction_pairs(requests_landscape))
    assert graph.number_of_nodes() == len(requests_landscape.members) == 779
    source, target = ties.source[0], ties.target[0]
    assert graph[source][target]["interaction"]["weight"] == ties.weight[0]


def test_missing_extras_name_them(requests_landscape: cop.Landscape, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(ImportError, match=r"cop\[networkx\]"):
        requests_landscape.graph()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"cop\[pandas\]"):
        requests_landscape.stage_history().to_pandas()
    with pytest.raises(ImportError, match=r"cop\[pandas\]"):
        requests_landscape.ties().to_pandas()
