"""Stack Exchange data dumps: `Landscape.from_stackexchange` / `import_stackexchange` on a small
dump written from the format's documentation (an accepted answer, a deleted user, a bad date) and
on the real samples of `../shared/sources` when this checkout has them (the same hand-checked
figures as the Rust and C tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

import cop

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "sources"


def write_dump(folder: Path, badge_date: str = "2020-01-03T00:00:00.000") -> Path:
    def file(name: str, root: str, rows: list[str]) -> None:
        text = '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<' + root + ">\r\n"
        text += "".join(f"  {row}\r\n" for row in rows)
        text += f"</{root}>\r\n"
        (folder / name).write_bytes(text.encode("utf-8"))

    file(
        "Posts.xml",
        "posts",
        [
            '<row Id="1" PostTypeId="1" AcceptedAnswerId="2" CreationDate="2020-01-01T10:00:00.000"'
            ' OwnerUserId="10" Tags="&lt;grammar&gt;" />',
            '<row Id="2" PostTypeId="2" ParentId="1" CreationDate="2020-01-02T10:00:00.000" OwnerUserId="11" />',
        ],
    )
    file(
        "Comments.xml",
        "comments",
        [
            '<row Id="1" PostId="2" CreationDate="2020-01-02T11:00:00.000" UserId="10" />',
            '<row Id="2" PostId="2" CreationDate="2020-01-02T12:00:00.000" UserDisplayName="user9" />',
        ],
    )
    file("Users.xml", "users", ['<row Id="10" CreationDate="2019-12-24T08:00:00.000" DisplayName="Ada" />'])
    file("Badges.xml", "badges", [f'<row Id="1" UserId="11" Name="Teacher" Date="{badge_date}" />'])
    return folder


def test_a_small_dump(tmp_path: Path) -> None:
    landscape = cop.Landscape.from_stackexchange(write_dump(tmp_path), site="demo")
    assert landscape.counts["events"] == 5
    report = cop.Landscape().import_stackexchange(tmp_path, site="demo", community="lang")
    assert report["events"] == {"accept": 1, "answer": 1, "ask": 1, "badge": 1, "comment": 1}
    assert report["recorded"] == 5
    assert report["deleted_users"] == {"Comments.xml": 1}
    assert report["rows"] == {"Badges.xml": 1, "Comments.xml": 2, "Posts.xml": 2, "Users.xml": 1}
    assert report["bots"] == []


def test_a_bad_date_changes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    landscape = cop.Landscape.from_stackexchange(write_dump(good))
    before = landscape.counts
    bad = tmp_path / "bad"
    bad.mkdir()
    write_dump(bad, badge_date="someday")
    with pytest.raises(cop.RecordError) as caught:
        landscape.import_stackexchange(bad)
    assert caught.value.source is not None and caught.value.source.endswith("Badges.xml")
    assert caught.value.line == 3
    assert caught.value.field == "Date"
    assert landscape.counts == before


def test_unknown_options_are_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        cop.Landscape.from_stackexchange(write_dump(tmp_path), colour=1)  # type: ignore[call-arg]


@pytest.mark.skipif(not (SHARED / "stackexchange-conlang-meta").is_dir(), reason="../shared/sources is absent")
def test_the_conlang_meta_sample() -> None:
    report = cop.Landscape().import_stackexchange(SHARED / "stackexchange-conlang-meta", site="conlang-meta")
    assert report["events"] == {"accept": 10, "answer": 109, "ask": 54, "badge": 612, "comment": 216, "edit": 123}
    assert report["recorded"] == 1124
    assert report["deleted_users"] == {"Comments.xml": 14, "PostHistory.xml": 2, "Posts.xml": 7}
    assert report["missing_posts"] == {"PostHistory.xml": 5, "Votes.xml": 29}
    assert report["bots"] == ["se:conlang-meta:-1"]


@pytest.mark.skipif(not (SHARED / "stackexchange-cardano-2021-06").is_dir(), reason="../shared/sources is absent")
def test_the_cardano_sample() -> None:
    report = cop.Landscape().import_stackexchange(SHARED / "stackexchange-cardano-2021-06")
    assert report["events"] == {"accept": 59, "answer": 151, "ask": 103, "badge": 280, "comment": 226}
    assert report["deleted_users"] == {}
