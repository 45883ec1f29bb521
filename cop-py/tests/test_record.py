"""Building by hand: record, add_member, add_domain, add_community, competence, kinds."""

from __future__ import annotations

import datetime as dt

import pytest

import cop

UTC = dt.timezone.utc


def test_record_returns_event_ids() -> None:
    landscape = cop.Landscape()
    assert landscape.record("ada", "2024-03-01T09:00:00Z", "ask", domain="testing") == 0
    assert landscape.record("grace", dt.datetime(2024, 3, 1, 10), "answer", target="ada", weight=2.5) == 1
    assert landscape.record("linus", 1_709_366_400, "review", community="kernel", artifact="patch-1") == 2
    assert len(landscape) == 3
    ev = landscape.events()
    assert ev["weight"][1] == 2.5
    assert landscape.counts == {"members": 3, "events": 3, "communities": 2, "domains": 1, "artifacts": 1}


def test_record_refusals_change_nothing() -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.InvalidValueError) as caught:
        landscape.record("ada", 0, "ask", weight=-1.0)
    assert caught.value.field == "weight"
    with pytest.raises(cop.InvalidValueError):
        landscape.record("ada", 0, "Not A Kind")
    with pytest.raises(cop.InvalidValueError):
        landscape.record("", 0, "ask")
    with pytest.raises(cop.InvalidValueError, match="time"):
        landscape.record("ada", "yesterday", "ask")
    with pytest.raises(cop.InvalidValueError, match="time"):
        landscape.record("ada", None, "ask")  # type: ignore[arg-type]
    with pytest.raises(cop.UnknownKeyError) as unknown:
        landscape.record("ada", 0, "ask", strict=True)
    assert (unknown.value.entity, unknown.value.key) == ("member", "ada")
    with pytest.raises(TypeError):
        landscape.record("ada", [0], "ask")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        landscape.record(1, 0, "ask")  # type: ignore[arg-type]
    assert len(landscape) == 0 and len(landscape.members) == 0


def test_add_member() -> None:
    landscape = cop.Landscape()
    joined = dt.datetime(2020, 5, 1, tzinfo=UTC)
    ada = landscape.add_member(
        "ada", joined=joined, mentoring_capacity=3, availability=4.5, affiliation="Analytical Engines"
    )
    assert (ada.key, ada.id, ada.joined) == ("ada", 0, joined)
    assert (ada.mentoring_capacity, ada.availability, ada.affiliation) == (3, 4.5, "Analytical Engines")
    assert ada.events == 0 and ada.competence == {} and ada.interests == [] and ada.communities == {}
    with pytest.raises(cop.DuplicateKeyError) as caught:
        landscape.add_member("ada")
    assert (caught.value.entity, caught.value.key) == ("member", "ada")
    with pytest.raises(cop.InvalidValueError):
        landscape.add_member("grace", availability=-1.0)
    assert landscape.add_member("grace").joined is None
    assert landscape.add_member("linus", joined="2021-01-01T00:00:00Z").joined == dt.datetime(2021, 1, 1, tzinfo=UTC)


def test_joined_defaults_to_the_first_event() -> None:
    landscape = cop.Landscape()
    landscape.record("ada", "2024-03-01T09:00:00Z", "ask")
    landscape.record("ada", "2024-02-01T09:00:00Z", "ask")
    assert landscape.members["ada"].joined == dt.datetime(2024, 2, 1, 9, tzinfo=UTC)
    assert landscape.members["ada"].events == 2
    assert landscape.members["ada"].communities == {"default": "member"}


def test_add_domain_and_parents() -> None:
    landscape = cop.Landscape()
    perf = landscape.add_domain("testing/performance")
    assert (perf.key, perf.name, perf.parent, perf.path) == ("testing/performance", "performance", "testing", "testing/performance")
    assert len(landscape.domains) == 2
    fuzz = landscape.add_domain("fuzzing", parent="testing")
    assert (fuzz.parent, fuzz.path) == ("testing", "testing/fuzzing")
    assert landscape.domains["testing/fuzzing"] == fuzz
    with pytest.raises(cop.DuplicateKeyError):
        landscape.add_domain("testing")
    with pytest.raises(cop.UnknownKeyError):
        landscape.add_domain("x", parent="nope")
    with pytest.raises(cop.InvalidValueError):
        landscape.add_domain("a//b")
    with pytest.raises(cop.DomainCycleError) as caught:
        landscape.set_parent_domain("testing", "testing/performance")
    assert (caught.value.domain, caught.value.parent) == ("testing", "testing/performance")
    landscape.set_parent_domain("fuzzing", None)
    assert landscape.domains["fuzzing"].parent is None


def test_add_community() -> None:
    landscape = cop.Landscape()
    landscape.add_domain("testing")
    guild = landscape.add_community(
        "qa-guild", name="QA guild", kind="internal", orientation="practice", domains=["testing"]
    )
    assert (guild.key, guild.id, guild.name, guild.kind, guild.domains) == ("qa-guild", 1, "QA guild", "internal", ["testing"])
    assert guild.created is None
    assert landscape.add_community("meetup", kind="local", orientation="play").name == "meetup"
    with pytest.raises(cop.DuplicateKeyError):
        landscape.add_community("qa-guild")
    with pytest.raises(cop.InvalidValueError) as caught:
        landscape.add_community("x", kind="secret")
    assert caught.value.field == "kind"
    with pytest.raises(cop.InvalidValueError):
        landscape.add_community("x", orientation="money")
    with pytest.raises(cop.UnknownKeyError):
        landscape.add_community("x", domains=["nope"])
    with pytest.raises(cop.InvalidValueError):
        landscape.add_community("")
    assert "x" not in landscape.communities


def test_set_competence() -> None:
    landscape = cop.Landscape()
    landscape.add_member("ada")
    landscape.add_domain("testing")
    landscape.add_domain("docs")
    landscape.set_competence("ada", "testing", "expert")
    landscape.set_competence("ada", "docs", 2)
    assert landscape.members["ada"].competence == {"testing": "expert", "docs": "advanced_beginner"}
    with pytest.raises(cop.InvalidValueError):
        landscape.set_competence("ada", "docs", "guru")
    with pytest.raises(cop.InvalidValueError):
        landscape.set_competence("ada", "docs", 6)
    with pytest.raises(TypeError):
        landscape.set_competence("ada", "docs", 2.5)
    with pytest.raises(cop.UnknownKeyError):
        landscape.set_competence("eve", "docs", 1)
    with pytest.raises(cop.UnknownKeyError):
        landscape.set_competence("ada", "nope", 1)


def test_kinds_and_weights() -> None:
    landscape = cop.Landscape()
    kinds = landscape.kinds
    assert list(kinds)[:3] == ["read", "react", "ask"]
    assert kinds["read"] < kinds["answer"] < kinds["organize"]
    landscape.record("ada", 0, "badge")
    assert list(landscape.kinds)[-1] == "badge"
    landscape.set_kind_weight("badge", 2.5)
    assert landscape.kinds["badge"] == 2.5
    with pytest.raises(cop.UnknownKeyError):
        landscape.set_kind_weight("nope", 1.0)
    with pytest.raises(cop.InvalidValueError):
        landscape.set_kind_weight("badge", float("nan"))


def test_too_many_custom_kinds_is_a_capacity_error() -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.CapacityError) as caught:
        for i in range(300):
            landscape.record("ada", i, f"kind{i}")
    assert caught.value.what == "custom event kinds"
    assert caught.value.limit == len(landscape)
