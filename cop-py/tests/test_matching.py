"""Matching: mentor suggestions, experts, learning partners and community recommendations."""

from __future__ import annotations

from collections import Counter

import pytest

import cop
from conftest import DATA

COFFEE = DATA / "stackexchange-coffee-2015-events.csv"
PARTS = {"domain_fit", "competence_gap", "capacity", "availability", "familiarity", "novelty", "preference"}


@pytest.fixture
def mentoring() -> cop.Landscape:
    """Experts "ada" (answers and reviews in "testing" toward several members over May 2024) and
    "bob" (answers in "docs"); newcomers "cy" and "dan" who ask in "testing" once each, recently."""
    landscape = cop.Landscape()
    helped = ["eve", "fay", "gus", "hal"]
    for day in range(1, 29):
        landscape.record("ada", f"2024-05-{day:02}T10:00:00Z", "answer", domain="testing", target=helped[day % 4])
        if day % 2 == 0:
            landscape.record("ada", f"2024-05-{day:02}T15:00:00Z", "review", domain="testing", target=helped[day % 3])
        if day % 3 == 0:
            landscape.record("bob", f"2024-05-{day:02}T11:00:00Z", "answer", domain="docs", target=helped[day % 4])
    landscape.record("cy", "2024-06-01T09:00:00Z", "ask", domain="testing")
    landscape.record("dan", "2024-06-02T09:00:00Z", "ask", domain="testing")
    return landscape


def pairs_of(matching: dict) -> set[tuple[str, str]]:
    return {(p["mentee"], p["mentor"]) for p in matching["pairs"]}


def test_suggest_mentors_pairs_the_newcomers_with_the_expert(mentoring: cop.Landscape) -> None:
    participation = mentoring.participation()
    matching = participation.suggest_mentors(mentoring)
    assert {"mode", "as_of", "pairs", "unmatched", "total_score", "mentees", "mentors", "candidates"} <= set(matching)
    assert matching["mode"] == "optimal"
    assert matching["as_of"].startswith("2024-06-02T09:00:00")
    assert pairs_of(matching) == {("cy", "ada"), ("dan", "ada")}
    for pair in matching["pairs"]:
        assert {"mentee", "mentor", "score", "parts", "domain", "mentor_domain", "required", "reasons"} <= set(pair)
        assert set(pair["parts"]) == PARTS
        assert all(0.0 <= v <= 1.0 for v in pair["parts"].values())
        assert pair["parts"]["domain_fit"] == 1.0
        assert pair["domain"] == "testing"
        assert pair["reasons"] and all(isinstance(r, str) for r in pair["reasons"])
        assert pair["score"] > 0
    assert matching["total_score"] == pytest.approx(sum(p["score"] for p in matching["pairs"]))


@pytest.mark.parametrize("mode", ["greedy", "stable"])
def test_every_mode_runs(mentoring: cop.Landscape, mode: str) -> None:
    matching = mentoring.participation().suggest_mentors(mentoring, mode=mode)
    assert matching["mode"] == mode
    assert pairs_of(matching) == {("cy", "ada"), ("dan", "ada")}


def test_mode_overrides_the_options(mentoring: cop.Landscape) -> None:
    participation = mentoring.participation()
    assert participation.suggest_mentors(mentoring, options={"mode": "stable"})["mode"] == "stable"
    assert participation.suggest_mentors(mentoring, mode="greedy", options={"mode": "stable"})["mode"] == "greedy"


def test_excluded_pair_is_kept_out(mentoring: cop.Landscape) -> None:
    matching = mentoring.participation().suggest_mentors(
        mentoring, options={"excluded": [{"mentee": "cy", "mentor": "ada"}]}
    )
    assert ("cy", "ada") not in pairs_of(matching)
    assert ("dan", "ada") in pairs_of(matching)
    unmatched = {u["mentee"]: u for u in matching["unmatched"]}
    assert unmatched["cy"]["reason"] == "excluded"
    assert unmatched["cy"]["detail"]


def test_required_pair_and_capacity(mentoring: cop.Landscape) -> None:
    participation = mentoring.participation()
    newcomers = {"mentees": ["cy", "dan"], "capacities": {"ada": 1}}
    matching = participation.suggest_mentors(mentoring, options=newcomers)
    assert len(matching["pairs"]) == 1
    assert [u["reason"] for u in matching["unmatched"]] == ["capacity_taken"]
    matching = participation.suggest_mentors(
        mentoring, options={**newcomers, "required": [{"mentee": "dan", "mentor": "ada"}]}
    )
    assert [(p["mentee"], p["mentor"], p["required"]) for p in matching["pairs"]] == [("dan", "ada", True)]


def test_bad_options_raise(mentoring: cop.Landscape) -> None:
    participation = mentoring.participation()
    with pytest.raises(cop.InvalidValueError):
        participation.suggest_mentors(mentoring, mode="fastest")
    with pytest.raises(cop.InvalidValueError):
        participation.suggest_mentors(mentoring, options={"top_k": 0})
    with pytest.raises(cop.InvalidValueError):
        participation.suggest_mentors(mentoring, options={"weights": {"domain_fit": -1}})
    with pytest.raises(cop.InvalidValueError):
        participation.suggest_mentors(mentoring, options={"mode": "fastest"})
    with pytest.raises(cop.InvalidValueError):
        participation.suggest_mentors(mentoring, options="{not json")
    with pytest.raises(cop.UnknownKeyError):
        participation.suggest_mentors(mentoring, options={"mentees": ["nobody"]})
    with pytest.raises(cop.InvalidValueError):
        mentoring.find_experts("testing", options={"half_life_days": 0})
    with pytest.raises(cop.InvalidValueError):
        participation.suggest_peers(mentoring, options={"top_k": 0})


def test_find_experts_ranks_ada_first(mentoring: cop.Landscape) -> None:
    experts = mentoring.find_experts("testing")
    assert isinstance(experts, list) and experts
    first = experts[0]
    assert first["member"] == "ada"
    assert {"evidence", "recency", "responsiveness", "capacity", "declared"} == set(first["parts"])
    assert first["evidence"]["answers"] == 28
    assert first["evidence"]["reviews"] == 14
    assert first["reasons"]
    assert all(e["member"] != "bob" for e in experts)
    assert [e["score"] for e in experts] == sorted((e["score"] for e in experts), reverse=True)
    assert mentoring.find_experts("docs", k=1)[0]["member"] == "bob"
    assert mentoring.find_experts("testing", options={"exclude": ["ada"]}) == [
        e for e in experts if e["member"] != "ada"
    ][: len(mentoring.find_experts("testing", options={"exclude": ["ada"]}))]


def test_find_experts_unknown_domain_raises(mentoring: cop.Landscape) -> None:
    with pytest.raises(cop.UnknownKeyError):
        mentoring.find_experts("cooking")


def test_suggest_peers_pairs_the_newcomers(mentoring: cop.Landscape) -> None:
    matching = mentoring.participation().suggest_peers(mentoring, options={"members": ["cy", "dan"]})
    assert {"exact", "pairs", "unmatched", "total_score", "members", "candidates"} <= set(matching)
    assert [(p["a"], p["b"]) for p in matching["pairs"]] == [("cy", "dan")]
    assert matching["pairs"][0]["domain"] == "testing"
    assert matching["pairs"][0]["reasons"]
    assert matching["unmatched"] == []


def test_recommend_communities(mentoring: cop.Landscape) -> None:
    mentoring.add_community("qa", name="QA guild", domains=["testing"])
    mentoring.add_community("writers", name="Writers", domains=["docs"])
    fits = mentoring.recommend_communities("cy")
    assert fits[0]["community"] == "qa"
    assert {"community", "community_id", "score", "parts", "domain", "joined", "reasons"} <= set(fits[0])
    assert fits[0]["domain"] == "testing"
    assert len(mentoring.recommend_communities("cy", k=1)) == 1
    with pytest.raises(cop.UnknownKeyError):
        mentoring.recommend_communities("nobody")


def test_coffee_mentors_respect_capacity() -> None:
    landscape = cop.Landscape.from_csv(COFFEE)
    participation = landscape.participation()
    matching = participation.suggest_mentors(landscape)
    assert matching["pairs"]
    default_capacity = 2  # MatchingOptions' default_capacity; the CSV sets no member capacity
    loads = Counter(p["mentor"] for p in matching["pairs"])
    assert max(loads.values()) <= default_capacity
    assert len({p["mentee"] for p in matching["pairs"]}) == len(matching["pairs"])
    assert matching["mentees"] == len(matching["pairs"]) + len(matching["unmatched"])
    capped = participation.suggest_mentors(landscape, mode="greedy", options={"max_mentees": 1})
    assert capped["pairs"]
    assert max(Counter(p["mentor"] for p in capped["pairs"]).values()) == 1


def test_mentor_scores_differ_across_members_of_different_domain_histories() -> None:
    # No declarations: competence and fit come from what each did in each domain (May 2024).
    # alma: 3 commits in src, 1 in docs; bo: 1 commit in docs; sam: 20 merges in src; dee: 4
    # reviews in docs.
    landscape = cop.Landscape()
    for day in (1, 2, 3):
        landscape.record("alma", f"2024-05-0{day}T10:00:00Z", "commit", domain="src")
    landscape.record("alma", "2024-05-04T10:00:00Z", "commit", domain="docs")
    landscape.record("bo", "2024-05-05T10:00:00Z", "commit", domain="docs")
    for i in range(20):
        landscape.record("sam", f"2024-05-{6 + i // 2:02}T1{i % 2}:00:00Z", "merge", domain="src")
    for day in (6, 7, 8, 9):
        landscape.record("dee", f"2024-05-0{day}T10:00:00Z", "review", domain="docs")
    participation = landscape.participation("2024-06-01T00:00:00Z")

    def pair(mentee: str, mentor: str) -> dict:
        options = {"mentees": [mentee], "mentors": [mentor]}
        matching = participation.suggest_mentors(landscape, options=options)
        assert len(matching["pairs"]) == 1, matching["unmatched"]
        return matching["pairs"][0]

    alma_sam, alma_dee, bo_dee = pair("alma", "sam"), pair("alma", "dee"), pair("bo", "dee")
    # alma's main domain fits fully, her side domain (1 event of 3 in src) a third.
    assert (alma_sam["domain"], alma_sam["parts"]["domain_fit"]) == ("src", 1.0)
    assert alma_dee["domain"] == "docs" and alma_dee["parts"]["domain_fit"] == pytest.approx(1 / 3)
    assert bo_dee["parts"]["domain_fit"] == 1.0
    assert alma_sam["score"] == pytest.approx(0.775) and bo_dee["score"] == pytest.approx(0.775)
    assert alma_dee["score"] == pytest.approx(0.775 - 0.35 * 2 / 3)
    assert "estimated from events: 20 in the domain" in alma_sam["reasons"][1]


def test_mentor_pairs_on_a_bundled_git_history_do_not_all_score_the_same(requests_landscape: cop.Landscape) -> None:
    matching = requests_landscape.participation().suggest_mentors(requests_landscape, options={"default_capacity": 50})
    assert len(matching["pairs"]) >= 2
    assert len({round(p["score"], 6) for p in matching["pairs"]}) >= 2
    assert len({round(p["parts"]["competence_gap"], 6) for p in matching["pairs"]}) >= 2
