"""People: identities and merges, bots and staff, the scope of analyses, forgetting a member and
identities files (the same hand-computed scenarios as the C tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

import cop

# Four identities: ada@home (id 0), ada@work (1), bob (2) and dependabot[bot] (3), a bot by its
# key. Six events: ada@home 1, ada@work 2 (one answering bob), bob 2 (one answering ada@work,
# one reviewing the bot), the bot 1.
PEOPLE_CSV = (
    "member,time,kind,target\n"
    "ada@home,2024-01-01T10:00:00Z,ask,\n"
    "ada@work,2024-01-02T10:00:00Z,answer,bob\n"
    "bob,2024-01-03T10:00:00Z,answer,ada@work\n"
    "ada@work,2024-01-04T10:00:00Z,commit,\n"
    "dependabot[bot],2024-01-05T10:00:00Z,commit,\n"
    "bob,2024-01-06T10:00:00Z,review,dependabot[bot]\n"
)
AS_OF = "2024-01-31T00:00:00Z"


@pytest.fixture
def people(tmp_path: Path) -> cop.Landscape:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE_CSV, encoding="utf-8")
    return cop.Landscape.from_csv(path)


def members_and_events(landscape: cop.Landscape) -> tuple[int, int]:
    counts = landscape.counts
    return counts["members"], counts["events"]


def events_per_member(landscape: cop.Landscape) -> dict[str, int]:
    """The events analyses read, counted per member key."""
    columns = landscape.events()
    keys = columns["keys"]["member"]
    counted: dict[str, int] = {}
    for member in columns["member"]:
        counted[keys[member]] = counted.get(keys[member], 0) + 1
    return counted


def targets(landscape: cop.Landscape) -> list[str | None]:
    columns = landscape.events()
    keys = columns["keys"]["member"]
    return [None if t == cop.NONE else keys[t] for t in columns["target"]]


def test_a_bot_recognised_on_import_is_left_out_until_the_scope_includes_it(people: cop.Landscape) -> None:
    # The bot's commit and the target of bob's review are left out.
    assert members_and_events(people) == (3, 5)
    assert people.people() == {
        "identities": 4,
        "members": 4,
        "merges": {},
        "bots": 1,
        "staff": 0,
        "left_out": 1,
        "events_left_out": 1,
    }
    assert people.is_bot("dependabot[bot]") and people.is_left_out("dependabot[bot]")
    assert not people.is_bot("bob") and not people.is_staff("bob") and not people.is_left_out("bob")
    assert people.scope == {"include_bots": False, "include_staff": True}
    assert len(people.members) == 3
    assert people.members.keys() == ["ada@home", "ada@work", "bob"]
    assert [m.key for m in people.members] == ["ada@home", "ada@work", "bob"]
    assert "dependabot[bot]" in people.members  # still found by key
    assert people.members["dependabot[bot]"].events == 0
    assert targets(people) == [None, "bob", "ada@work", None, None]

    people.set_scope(include_bots=True)
    assert people.scope == {"include_bots": True, "include_staff": True}
    assert members_and_events(people) == (4, 6)
    assert not people.is_left_out("dependabot[bot]")
    assert events_per_member(people) == {"ada@home": 1, "ada@work": 2, "bob": 2, "dependabot[bot]": 1}
    assert targets(people)[-1] == "dependabot[bot]"
    assert people.people()["left_out"] == 0 and people.people()["events_left_out"] == 0
    assert people.members.keys() == ["ada@home", "ada@work", "bob", "dependabot[bot]"]

    people.set_scope()
    assert members_and_events(people) == (3, 5)
    # An event of a bot is recorded, without an id among the events analyses read.
    assert people.record("dependabot[bot]", "2024-01-08T10:00:00Z", "commit") == cop.NONE
    assert members_and_events(people) == (3, 5)
    assert people.people()["events_left_out"] == 2


def test_merging_two_identities_makes_one_member_and_unmerging_restores_the_events(
    people: cop.Landscape,
) -> None:
    before = people.events()
    levels = people.participation(AS_OF).levels()
    assert levels["level"][1] != cop.LEVELS.index("outsider")

    assert people.merge("ada@home", "ada@work", rule="email") is True
    assert members_and_events(people) == (2, 5)
    assert people.members["ada@work"].key == "ada@home"
    assert people.members["ada@work"].id == 0
    assert people.members["ada@home"].events == 3
    assert people.members.keys() == ["ada@home", "bob"]
    assert people.summary()["acting_members"] == 2
    assert events_per_member(people) == {"ada@home": 3, "bob": 2}
    assert targets(people) == [None, "bob", "ada@home", None, None]
    assert people.people()["merges"] == {"email": 1}
    assert people.people()["members"] == 3
    # Levels see one member: the merged identity has no events of its own.
    participation = people.participation(AS_OF)
    assert participation.levels()["level"][1] == cop.LEVELS.index("outsider")
    assert participation.level("ada@home").parts["events"] == 3

    identities = people.identities("ada@work")
    assert [i.key for i in identities] == ["ada@home", "ada@work"]
    assert (identities[0].merged_into, identities[0].rule) == (None, None)
    assert (identities[1].merged_into, identities[1].rule) == ("ada@home", "email")
    assert repr(identities[1]) == 'Identity(key="ada@work", merged_into="ada@home", rule="email")'
    assert [i.key for i in people.identities("bob")] == ["bob"]
    # Once more changes nothing, whichever identity names the member.
    assert people.merge("ada@work", "ada@home") is False

    # A snapshot and a pickle keep the merge.
    loaded = cop.Landscape.from_json(people.to_json())
    assert members_and_events(loaded) == (2, 5)
    assert loaded.identities("ada@home")[1].rule == "email"

    people.unmerge("ada@work")
    assert members_and_events(people) == (3, 5)
    after = people.events()
    for column in ("time", "member", "kind", "target"):
        assert (after[column] == before[column]).all(), column
    assert events_per_member(people) == {"ada@home": 1, "ada@work": 2, "bob": 2}
    assert targets(people) == [None, "bob", "ada@work", None, None]
    assert people.participation(AS_OF).levels()["level"][1] != cop.LEVELS.index("outsider")
    with pytest.raises(cop.InvalidValueError, match="`ada@work` is not merged into another member"):
        people.unmerge("ada@work")


def test_errors_are_typed_and_change_nothing(people: cop.Landscape) -> None:
    with pytest.raises(cop.InvalidValueError) as caught:
        people.merge("ada@home", "ada@work", rule="fuzzy")
    assert caught.value.field == "rule"
    assert str(caught.value) == (
        "invalid rule: `fuzzy` is not a merge rule (email, mailmap, noreply, noreply_name, login, file, api)"
    )
    with pytest.raises(cop.UnknownKeyError) as unknown:
        people.merge("ada@home", "nobody")
    assert (unknown.value.entity, unknown.value.key) == ("member", "nobody")
    assert isinstance(unknown.value, KeyError)
    for call in (
        lambda: people.unmerge("nobody"),
        lambda: people.identities("nobody"),
        lambda: people.set_identity("nobody", name="x"),
        lambda: people.set_bot("nobody"),
        lambda: people.set_staff("nobody"),
        lambda: people.is_bot("nobody"),
        lambda: people.is_staff("nobody"),
        lambda: people.is_left_out("nobody"),
        lambda: people.forget("nobody"),
    ):
        with pytest.raises(cop.UnknownKeyError, match="unknown member `nobody`"):
            call()
    with pytest.raises(TypeError):
        people.set_scope(True)  # type: ignore[misc]
    assert members_and_events(people) == (3, 5)
    assert people.people()["merges"] == {}


def test_flags_set_by_hand_and_the_scope_of_staff(people: cop.Landscape) -> None:
    people.set_bot("bob")
    assert people.is_bot("bob") and people.is_left_out("bob")
    assert members_and_events(people) == (2, 3)
    people.set_bot("bob", False)
    assert members_and_events(people) == (3, 5)
    people.set_staff("bob")
    assert people.is_staff("bob") and not people.is_left_out("bob")
    assert members_and_events(people) == (3, 5)
    people.set_scope(include_staff=False)
    assert people.is_left_out("bob")
    assert members_and_events(people) == (2, 3)
    assert people.people() == {
        "identities": 4,
        "members": 4,
        "merges": {},
        "bots": 1,
        "staff": 1,
        "left_out": 2,
        "events_left_out": 3,
    }
    people.set_scope()
    people.set_staff("bob", flag=False)
    assert not people.is_staff("bob")
    assert members_and_events(people) == (3, 5)


def test_identities_files_merge_split_and_name_the_bad_line(people: cop.Landscape, tmp_path: Path) -> None:
    path = tmp_path / "identities.csv"
    path.write_text("identity,member\nada@work,ada@home\n", encoding="utf-8")
    report = people.import_identities(path)
    assert isinstance(report, cop.IdentitiesReport)
    assert (report.lines, report.merged, report.split) == (1, 1, 0)
    assert repr(report) == "IdentitiesReport(lines=1, merged=1, split=0)"
    assert members_and_events(people) == (2, 5)
    assert people.identities("ada@home")[1].rule == "file"

    path.write_text("identity,member\nada@work,ada@work\n", encoding="utf-8")
    report = people.import_identities(str(path))
    assert (report.lines, report.merged, report.split) == (1, 0, 1)
    assert members_and_events(people) == (3, 5)

    # A bad line: nothing of the file is applied, and the error names the file, line and field.
    path.write_text("identity,member\nada@work,ada@home\nbob,nobody\n", encoding="utf-8")
    with pytest.raises(cop.RecordError) as caught:
        people.import_identities(path)
    error = caught.value
    assert (error.source, error.line, error.column, error.field) == (str(path), 3, 2, "member")
    assert error.message == "unknown member `nobody`"
    assert str(error) == f"{path}:3:2: field `member`: unknown member `nobody`"
    assert members_and_events(people) == (3, 5)
    path.write_text("who,whom\nada@work,ada@home\n", encoding="utf-8")
    with pytest.raises(cop.RecordError, match="the header must name the columns `identity` and `member`"):
        people.import_identities(path)
    with pytest.raises(OSError) as missing:
        people.import_identities(tmp_path / "none.csv")
    assert isinstance(missing.value, cop.CopIOError)
    assert "none.csv" in str(missing.value)


def test_identity_details_and_forgetting_a_member(people: cop.Landscape) -> None:
    people.merge("ada@home", "ada@work")
    people.set_identity("ada@work", source="git", name="Ada Lovelace", email="ada@example.org")
    work = people.identities("ada@home")[1]
    assert (work.key, work.source, work.name, work.email, work.login) == (
        "ada@work",
        "git",
        "Ada Lovelace",
        "ada@example.org",
        "",
    )
    assert (work.merged_into, work.rule) == ("ada@home", "api")
    assert work == people.identities("ada@work")[1]

    # Forgetting the merged member: its 3 events, both identities and what was known of them
    # leave, and so does the target of bob's answer.
    assert people.forget("ada@work") == 3
    assert members_and_events(people) == (1, 2)
    assert "ada@home" not in people.members and "ada@work" not in people.members
    assert people.members["bob"].id == 0
    assert targets(people) == [None, None]
    assert people.people() == {
        "identities": 2,
        "members": 2,
        "merges": {},
        "bots": 1,
        "staff": 0,
        "left_out": 1,
        "events_left_out": 1,
    }
    snapshot = people.to_json()
    assert "bob" in snapshot and "dependabot[bot]" in snapshot
    for gone in ("ada@", "Lovelace", "example.org"):
        assert gone not in snapshot, gone
    assert people.forget("dependabot[bot]") == 1
    assert people.people()["identities"] == 1


def test_a_landscape_kept_in_a_file_forgets_on_the_disk(tmp_path: Path) -> None:
    events = tmp_path / "people.csv"
    events.write_text(PEOPLE_CSV, encoding="utf-8")
    path = tmp_path / "people.cop"
    landscape = cop.Landscape.open(path)
    landscape.import_csv(events)
    assert landscape.forget("ada@work") == 2
    del landscape
    reopened = cop.Landscape.open(path)
    assert members_and_events(reopened) == (2, 3)
    snapshot = reopened.to_json()
    assert "ada@home" in snapshot and "ada@work" not in snapshot
