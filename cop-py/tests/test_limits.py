"""Hostile input (issue 17): missing codes, times and spans out of range, deep domains, long
keys, durable saves and errors that name what was wrong."""

from __future__ import annotations

import datetime as dt
import os
import resource
import signal
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cop


def test_a_categorical_member_with_a_missing_value_is_a_record_error_and_records_nothing(tmp_path: Path) -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.RecordError) as caught:
        landscape.record_batch(
            member=pd.Categorical(["ada", None, "grace"]),
            time=[1_700_000_000, 1_700_000_060, 1_700_000_120],
            kind=pd.Categorical(["ask", "ask", "answer"]),
        )
    assert (caught.value.line, caught.value.field) == (2, "member")
    assert "missing" in str(caught.value)
    assert len(landscape) == 0 and len(landscape.members) == 0
    # A missing kind likewise; skipping records the others, and everything still works.
    report = landscape.record_batch(
        member=pd.Categorical(["ada", "bob", "grace"]),
        time=[1_700_000_000, 1_700_000_060, 1_700_000_120],
        kind=pd.Categorical(["ask", None, "answer"]),
        skip_bad_records=True,
    )
    assert report.recorded == 2
    assert [(s.line, s.field) for s in report.skipped] == [(2, "kind")]
    landscape.participation()
    path = tmp_path / "after.json"
    landscape.save(path)
    assert cop.Landscape.load(path) == landscape


def test_times_and_spans_out_of_range_name_the_argument() -> None:
    landscape = cop.Landscape()
    landscape.record("ada", "2024-01-01T00:00:00Z", "ask")
    started = time.monotonic()
    for call in (
        lambda: landscape.report(as_of="9999-12-31"),
        lambda: landscape.participation(as_of=dt.datetime(9999, 12, 31)),
    ):
        with pytest.raises(cop.InvalidValueError) as caught:
            call()
        assert caught.value.field == "as_of"
        assert "at most 10000" in str(caught.value)
    assert time.monotonic() - started < 10
    # An event far in the future makes the default as_of (the last event) refused, not slow.
    landscape.record("bob", "9999-01-01T00:00:00Z", "ask")
    with pytest.raises(cop.InvalidValueError, match="as_of"):
        landscape.report()
    with pytest.raises(cop.RecordError) as record:
        landscape.record_batch(member=["cy"], time=np.array(["12000-01-01"], dtype="datetime64[s]"), kind=["ask"])
    assert record.value.field == "time" and "out of the supported range" in str(record.value)
    assert len(landscape.members) == 2


def test_domains_are_at_most_32_deep_and_keys_at_most_1024_bytes(tmp_path: Path) -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.InvalidValueError, match="at most 32"):
        landscape.add_domain("/".join(["d"] * 33))
    landscape.add_domain("/".join(["d"] * 32))
    landscape.add_domain("top")
    with pytest.raises(cop.InvalidValueError, match="33 domains deep"):
        landscape.set_parent_domain("d", "top")
    with pytest.raises(cop.InvalidValueError) as caught:
        landscape.add_member("k" * 5000)
    assert len(str(caught.value)) < 400 and "…" in str(caught.value)
    # A 700 KB file with a 100,000-deep path is refused at once, line and column named.
    deep = tmp_path / "deep.csv"
    deep.write_text("member,time,kind,domain\nada,2024-01-01,ask," + "/".join(["x"] * 100_000) + "\n")
    with pytest.raises(cop.RecordError) as record:
        cop.Landscape().import_csv(deep)
    assert (record.value.line, record.value.field) == (2, "domain")
    assert len(str(record.value)) < 400


def test_a_failed_save_leaves_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "landscape.json"
    landscape = cop.Landscape()
    landscape.record("ada", "2024-01-01T00:00:00Z", "ask")
    landscape.save(path)
    before = path.read_bytes()
    for i in range(300):
        landscape.add_member(f"member-{i}")
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, old_limit[1]))
        with pytest.raises(cop.CopIOError) as caught:
            landscape.save(path)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["landscape.json"]
    # A directory is named in the message.
    with pytest.raises(cop.CopIOError) as caught:
        landscape.save(tmp_path)
    assert str(tmp_path) in str(caught.value)
    with pytest.raises(cop.CopIOError) as caught:
        cop.Landscape.load(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_numbers_out_of_range_name_the_argument() -> None:
    landscape = cop.Landscape()
    landscape.record("ada", "2024-01-01T00:00:00Z", "ask")
    for call, name in (
        (lambda: landscape.participation(window_days=-1), "window_days"),
        (lambda: landscape.structure(window_days=2**40), "window_days"),
        (lambda: landscape.health(window_days=-5), "window_days"),
        (lambda: landscape.add_member("bob", mentoring_capacity=-1), "mentoring_capacity"),
        (lambda: landscape.add_member("cy", joined=10**30), "joined"),
    ):
        with pytest.raises(cop.InvalidValueError) as caught:
            call()
        assert caught.value.field == name, str(caught.value)
        assert name in str(caught.value)
    with pytest.raises(TypeError, match="window_days"):
        landscape.participation(window_days="a year")  # type: ignore[arg-type]


def test_bad_cells_are_echoed_short(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("member,time,kind\nada," + "9" * 1_000_000 + "x,ask\n")
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape().import_csv(path)
    assert len(str(caught.value)) < 500 and "…" in str(caught.value)
    jsonl = tmp_path / "types.jsonl"
    jsonl.write_text('{"member": "ada", "time": "2024-01-01", "kind": 7}\n')
    with pytest.raises(cop.RecordError) as record:
        cop.Landscape().import_jsonl(jsonl)
    assert record.value.field == "kind", str(record.value)


def test_snapshots_the_api_would_refuse_are_refused() -> None:
    with pytest.raises(cop.SnapshotError, match="version 0"):
        cop.Landscape.from_json('{"format":"cop-landscape","version":0}')
    landscape = cop.Landscape()
    landscape.record("ada", "2024-01-01T00:00:00Z", "ask", domain="testing/perf")
    text = landscape.to_json()
    with pytest.raises(cop.SnapshotError, match="not the last segment"):
        cop.Landscape.from_json(text.replace('"name":"perf"', '"name":"other"'))
    with pytest.raises(cop.SnapshotError, match="empty"):
        cop.Landscape.from_json(text.replace('["ada"]', '[""]'))


def test_keys_with_spaces_around_are_refused_and_files_round_trip(tmp_path: Path) -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.InvalidValueError, match="white space"):
        landscape.record(" ada", "2024-01-01T00:00:00Z", "ask")
    source = tmp_path / "in.csv"
    source.write_text(
        'member,time,kind,domain\r\n" ada ",0000-01-01T00:00:00Z,ask,"a,b"\r\n'
        'grace,9999-12-31T23:59:59Z,answer,\r\nlinus,0000-01-01T00:00:00+01:00,ask,\r\n'
    )
    report = landscape.import_csv(source, skip_bad_records=True)
    assert report.recorded == 2
    assert [(s.line, s.field) for s in report.skipped] == [(4, "time")]
    for name in ("out.csv", "out.jsonl"):
        out = tmp_path / name
        (landscape.export_csv if name.endswith(".csv") else landscape.export_jsonl)(out)
        again = cop.Landscape()
        (again.import_csv if name.endswith(".csv") else again.import_jsonl)(out)
        assert sorted(again.members.keys()) == sorted(landscape.members.keys()) == ["ada", "grace"]
        assert len(again) == 2


def test_a_panic_inside_cop_is_an_internal_error_not_a_panic_exception() -> None:
    # `except Exception` catches it: it is a CopError (a ValueError), not pyo3's PanicException.
    with pytest.raises(cop.InternalError) as caught:
        cop._cop._panic_for_tests("boom")
    assert isinstance(caught.value, cop.CopError) and isinstance(caught.value, Exception)
    assert "internal error in cop: boom" in str(caught.value)
