"""Read-only views: members, domains, communities and their collections."""

from __future__ import annotations

import datetime as dt

import pytest

import cop


def test_member_view(requests_landscape: cop.Landscape) -> None:
    member = requests_landscape.members["a0001"]
    assert isinstance(member, cop.Member)
    assert (member.key, member.id) == ("a0001", 0)
    assert member.joined == dt.datetime(2011, 2, 13, 18, 41, 18, tzinfo=dt.timezone.utc)
    assert member.events > 1000
    assert member.communities == {"default": "member"}
    assert repr(member).startswith('Member(key="a0001", id=0, joined=2011-02-13T18:41:18Z')
    assert requests_landscape.members[0] == member
    assert hash(member) == hash(requests_landscape.members["a0001"])


def test_members_collection(requests_landscape: cop.Landscape) -> None:
    members = requests_landscape.members
    assert len(members) == 779
    assert "a0001" in members and "nobody" not in members
    assert 0 in members and 779 not in members and 3.5 not in members
    assert members["a0001"] in members
    keys = members.keys()
    assert len(keys) == 779 and keys[0] == "a0001"
    listed = list(members)
    assert [m.key for m in listed] == keys
    assert [m.id for m in listed] == list(range(779))
    assert sum(m.events for m in listed) == 6513
    assert repr(members) == "<cop.Members of 779>"
    assert members.get("nobody") is None
    assert members.get("nobody", "x") == "x"
    assert members.get("a0001") == members["a0001"]


def test_lookups_fail_with_key_errors(requests_landscape: cop.Landscape) -> None:
    with pytest.raises(KeyError):
        requests_landscape.members["nobody"]
    with pytest.raises(cop.UnknownKeyError) as caught:
        requests_landscape.members["nobody"]
    assert (caught.value.entity, caught.value.key) == ("member", "nobody")
    assert str(caught.value) == "unknown member `nobody`"
    with pytest.raises(cop.UnknownIdError) as by_id:
        requests_landscape.members[100_000]
    assert (by_id.value.entity, by_id.value.id) == ("member", 100_000)
    with pytest.raises(cop.UnknownIdError):
        requests_landscape.members[-1]
    with pytest.raises(TypeError):
        requests_landscape.members[1.5]  # type: ignore[index]


def test_domains_collection(requests_landscape: cop.Landscape) -> None:
    domains = requests_landscape.domains
    assert len(domains) == 14
    assert "docs" in domains
    docs = domains["docs"]
    assert isinstance(docs, cop.Domain)
    assert (docs.key, docs.name, docs.parent, docs.path) == ("docs", "docs", None, "docs")
    assert [d.key for d in domains] == domains.keys()
    assert repr(docs) == f'Domain(key="docs", id={docs.id}, parent=None)'
    with pytest.raises(cop.UnknownKeyError):
        domains["nope"]


def test_communities_collection(small: cop.Landscape) -> None:
    communities = small.communities
    assert len(communities) == 1
    default = communities["default"]
    assert isinstance(default, cop.Community)
    assert (default.key, default.id, default.kind, default.orientation) == ("default", 0, "open", "practice")
    assert default.domains == [] and default.created is None
    assert list(communities) == [default]
    assert repr(communities) == "<cop.Communities of 1>"
    assert 'Community(key="default"' in repr(default)


def test_collections_are_live_and_iterators_end() -> None:
    landscape = cop.Landscape()
    members = landscape.members
    it = iter(members)
    assert iter(it) is it
    assert len(members) == 0
    with pytest.raises(StopIteration):
        next(it)
    landscape.add_member("ada")
    assert len(members) == 1 and "ada" in members
    with pytest.raises(StopIteration):
        next(it)  # an ended iterator stays ended
    assert [m.key for m in members] == ["ada"]


def test_views_are_read_only(small: cop.Landscape) -> None:
    member = small.members["ada"]
    with pytest.raises(AttributeError):
        member.key = "eve"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        small.members = None  # type: ignore[misc]


def test_landscape_repr_and_len(small: cop.Landscape) -> None:
    assert repr(small) == "<cop.Landscape: 3 members, 3 events, 1 communities, 2 domains, 0 artifacts>"
    assert len(small) == 3
