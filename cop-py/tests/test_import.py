"""Event files in: from_csv, from_jsonl, import_csv, import_jsonl and their reports."""

from __future__ import annotations

from pathlib import Path

import pytest

import cop

from conftest import FLASK


def test_requests_history(requests_landscape: cop.Landscape) -> None:
    summary = requests_landscape.summary()
    assert summary["counts"]["members"] == 779
    assert summary["acting_members"] == 774
    assert summary["counts"]["events"] == 6513
    assert summary["events_per_kind"] == {"commit": 5237, "merge": 1252, "coauthor": 24}
    assert list(summary["events_per_kind"]) == ["commit", "merge", "coauthor"]
    assert len(requests_landscape) == 6513
    assert requests_landscape.counts["members"] == 779


def test_flask_history() -> None:
    landscape = cop.Landscape.from_csv(str(FLASK))
    summary = landscape.summary(top=3)
    assert summary["counts"]["members"] == 841
    assert summary["acting_members"] == 837
    assert summary["counts"]["events"] == 5549
    assert len(summary["busiest_domains"]) == 3
    counts = list(summary["busiest_domains"].values())
    assert counts == sorted(counts, reverse=True)


def test_summary_span_and_empty_landscape(small: cop.Landscape) -> None:
    summary = small.summary()
    assert summary["first_event"] == "2024-03-01T09:00:00Z"
    assert summary["last_event"] == "2024-03-02T08:00:00Z"
    assert summary["busiest_domains"] == {"testing": 2, "testing/performance": 1}
    empty = cop.Landscape().summary()
    assert empty["first_event"] is None and empty["counts"]["events"] == 0
    assert empty["counts"]["communities"] == 1


def test_import_csv_returns_a_report(small_csv: Path) -> None:
    landscape = cop.Landscape()
    report = landscape.import_csv(small_csv)
    assert isinstance(report, cop.ImportReport)
    assert report.recorded == 3
    assert report.skipped == []
    assert repr(report) == "ImportReport(recorded=3, skipped=0)"
    # Importing twice appends.
    assert landscape.import_csv(small_csv).recorded == 3
    assert len(landscape) == 6


def test_bad_record_stops_and_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("member,time,kind\nada,2024-01-01T00:00:00Z,ask\ngrace,not-a-time,answer\n")
    landscape = cop.Landscape()
    with pytest.raises(cop.RecordError) as caught:
        landscape.import_csv(path)
    error = caught.value
    assert (error.line, error.column, error.field) == (3, 2, "time")
    assert error.source == str(path)
    assert str(error).startswith(f"{path}:3:2: field `time`:")
    assert "not-a-time" in error.message
    assert len(landscape) == 0 and len(landscape.members) == 0


def test_skip_bad_records_reports_each(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "member,time,kind,weight\n"
        "ada,2024-01-01T00:00:00Z,ask,\n"
        "grace,not-a-time,answer,\n"
        ",2024-01-02T00:00:00Z,answer,\n"
        "linus,2024-01-03T00:00:00Z,review,-1\n"
    )
    landscape = cop.Landscape.from_csv(path, skip_bad_records=True)
    assert len(landscape) == 1
    report = cop.Landscape().import_csv(path, skip_bad_records=True)
    assert report.recorded == 1
    assert [(s.line, s.field) for s in report.skipped] == [(3, "time"), (4, "member"), (5, "weight")]
    first = report.skipped[0]
    assert first.column == 2 and first.source == str(path)
    assert str(first).startswith(f"{path}:3:2:")
    assert "SkippedRecord(line=3" in repr(first)


def test_strict_refuses_unknown_keys(small_csv: Path) -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.RecordError) as caught:
        landscape.import_csv(small_csv, strict=True)
    assert caught.value.field == "member"
    for key in ("ada", "grace", "linus"):
        landscape.add_member(key)
    landscape.add_domain("testing/performance")
    assert landscape.import_csv(small_csv, strict=True).recorded == 3


def test_missing_required_column(tmp_path: Path) -> None:
    path = tmp_path / "nokind.csv"
    path.write_text("member,time\nada,2024-01-01T00:00:00Z\n")
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_csv(path)
    assert (caught.value.line, caught.value.field) == (1, "kind")


def test_jsonl_round_trip(tmp_path: Path, requests_landscape: cop.Landscape) -> None:
    path = tmp_path / "events.jsonl"
    requests_landscape.export_jsonl(path)
    again = cop.Landscape.from_jsonl(path)
    assert again.summary() == requests_landscape.summary()
    report = cop.Landscape().import_jsonl(path)
    assert report.recorded == 6513


def test_jsonl_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"member":"ada","time":0,"kind":"ask"}\n{"member":"ada","kind":"ask"}\n')
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_jsonl(path)
    assert caught.value.line == 2
    report = cop.Landscape().import_jsonl(path, skip_bad_records=True)
    assert report.recorded == 1 and [s.line for s in report.skipped] == [2]


def test_csv_export_round_trip(tmp_path: Path, requests_landscape: cop.Landscape) -> None:
    path = tmp_path / "events.csv"
    requests_landscape.export_csv(path)
    assert cop.Landscape.from_csv(path).summary() == requests_landscape.summary()
    assert path.read_text().splitlines()[0] == "member,time,kind,domain,target,community,artifact,weight"


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    for call in (cop.Landscape.from_csv, cop.Landscape.from_jsonl, cop.Landscape().import_csv):
        with pytest.raises(cop.CopIOError) as caught:
            call(missing)
        assert isinstance(caught.value, OSError) and isinstance(caught.value, cop.CopError)
        assert caught.value.errno == 2
        assert caught.value.filename == str(missing)


def test_paths_may_be_str_or_pathlike(small_csv: Path) -> None:
    assert len(cop.Landscape.from_csv(str(small_csv))) == len(cop.Landscape.from_csv(small_csv)) == 3
    with pytest.raises(TypeError):
        cop.Landscape.from_csv(42)  # type: ignore[arg-type]

