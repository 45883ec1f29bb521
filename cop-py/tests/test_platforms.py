"""One way in for every platform's export: `Landscape.from_platform` / `import_platform` and the
named constructors (`from_github`, `from_discourse`, `from_slack`, `from_discord`, `from_mbox`),
on the small fixtures of `cop-core/tests/fixtures` (written from each format's documentation) and,
when this checkout has `../shared` beside it, on the real samples (the same hand-checked figures
as the Rust and C tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

import cop
from test_stackexchange import write_dump

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "cop-core" / "tests" / "fixtures"
SHARED = ROOT / ".." / "shared" / "sources"


def test_stackexchange_through_the_one_way_in(tmp_path: Path) -> None:
    write_dump(tmp_path)
    landscape = cop.Landscape()
    report = landscape.import_platform("stackexchange", tmp_path, name="demo")
    assert report["platform"] == "stackexchange"
    assert report["name"] == "demo"
    assert report["recorded"] == 5
    assert report["left_out"] == {"deleted user (Comments.xml)": 1}
    assert landscape.counts["events"] == 5
    same = cop.Landscape.from_platform("StackExchange", tmp_path, name="demo")
    assert same.counts == landscape.counts


def test_unknown_platforms_and_options_are_refused(tmp_path: Path) -> None:
    write_dump(tmp_path)
    landscape = cop.Landscape()
    with pytest.raises(cop.InvalidValueError, match="myspace"):
        landscape.import_platform("myspace", tmp_path)
    with pytest.raises(cop.InvalidValueError, match="colour"):
        landscape.import_platform("stackexchange", tmp_path, colour="red")
    with pytest.raises(cop.InvalidValueError):
        cop.Landscape.from_mbox(tmp_path, community=3)
    assert landscape.counts["events"] == 0


# (platform, fixture, events recorded, members, bots): hand-checked in the Rust tests of each
# importer (cop-core/tests/it/<platform>.rs).
GOOD = [
    ("github", "github/rest", 11, 4, ["gh:dependabot[bot]"]),
    ("discourse", "discourse/solved", 10, 7, ["dc:solved:discobot", "dc:solved:system"]),
    ("mbox", "mbox/list", 8, 5, ["ml:list:mailman-owner@lists.example.org"]),
]
# (platform, fixture, the bad record's file ending, line, field; events and bad records when skipping)
BAD = [
    ("github", "github/modern.json", "modern.json", 8, "created_at", 9, 1),
    ("discourse", "discourse/bad", "t/3.json", 7, "created_at", 2, 2),
    ("slack", "chat/slack-demo", "help/2020-01-05.json", 12, "ts", 13, 1),
    ("discord", "chat/discord-demo", "general [200].json", 262, "timestamp", 9, 1),
    ("mbox", "mbox/bad", "bad-date.mbox", 8, "Date", 2, 1),
]


@pytest.mark.parametrize(("platform", "fixture", "events", "members", "bots"), GOOD)
def test_every_platform_is_read(platform: str, fixture: str, events: int, members: int, bots: list[str]) -> None:
    landscape = getattr(cop.Landscape, f"from_{platform}")(FIXTURES / fixture)
    same = cop.Landscape()
    report = same.import_platform(platform, FIXTURES / fixture)
    assert landscape.counts == same.counts
    # Analyses leave the bots' events out: the landscape counts those it analyses.
    assert landscape.counts["events"] == events - landscape.people()["events_left_out"]
    assert report["platform"] == platform
    assert (report["recorded"], report["members"], report["bots"]) == (events, members, bots)


@pytest.mark.parametrize(("platform", "fixture", "file", "line", "field", "events", "skipped"), BAD)
def test_a_bad_record_names_file_line_and_field_and_changes_nothing(
    platform: str, fixture: str, file: str, line: int, field: str, events: int, skipped: int
) -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.RecordError) as caught:
        landscape.import_platform(platform, FIXTURES / fixture)
    assert caught.value.source.endswith(file)
    assert (caught.value.line, caught.value.field) == (line, field)
    assert landscape.counts["events"] == 0 and landscape.counts["members"] == 0
    report = landscape.import_platform(platform, FIXTURES / fixture, skip_bad_records=True)
    assert report["recorded"] == events
    assert len(report["skipped"]) == skipped
    assert report["skipped"][0]["line"] == line and report["skipped"][0]["field"] == field


def test_slack_channels_are_public_and_private_spaces() -> None:
    report = cop.Landscape().import_platform("slack", FIXTURES / "chat" / "slack-demo", skip_bad_records=True)
    spaces = {s["name"]: s["visibility"] for s in report["spaces"]}
    assert spaces["secret-plans"] == "private"
    assert spaces["general"] == "public"


def test_one_community_in_three_places_is_one_set_of_people() -> None:
    """examples/data/three-places: a forum, a chat and GitHub; the identities file joins each
    person's three accounts, and the bots of the three are left out."""
    places = ROOT / "examples" / "data" / "three-places"
    landscape = cop.Landscape.from_discourse(places / "forum")
    landscape.import_platform("slack", places / "chat")
    landscape.import_platform("github", places / "github")
    merged = landscape.import_identities(places / "people.csv")
    assert merged.merged == 6
    people = landscape.people()
    assert (people["identities"], people["members"], people["bots"]) == (14, 8, 3)
    assert len(landscape.members) == 5
    report = landscape.report()
    assert report["people"]["bots"] == ["dc:forum:system", "sl:chat:B05CI", "gh:dependabot[bot]"]
    assert report["spaces"] == [
        {
            "community": "default",
            "public": ["help", "show-and-tell", "general", "tidewater/tidewater"],
            "private": ["maintainers"],
        }
    ]


# The real samples (../shared/sources): figures checked against Python's json / mailbox parsers.
REAL = [
    ("github", "github-gharchive-2015-01-01-12/2015-01-01-12.json.gz", 7109, 3888),
    ("discourse", "discourse-criticalfallibilism-2026", 79, 11),
    ("slack", "slack-houstondatavis-2016", 1230, 37),
    ("mbox", "mbox-clearwater-2015", 94, 29),
]


@pytest.mark.parametrize(("platform", "sample", "events", "members"), REAL)
def test_the_real_samples(platform: str, sample: str, events: int, members: int) -> None:
    path = SHARED / sample
    if not path.exists():
        pytest.skip(f"{path} is absent")
    report = cop.Landscape().import_platform(platform, path)
    assert (report["recorded"], report["members"]) == (events, members)
