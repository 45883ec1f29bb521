"""Snapshots: save/load, to_json/from_json, pickling and copies."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest

import cop


def test_save_and_load_round_trip(tmp_path: Path, requests_landscape: cop.Landscape) -> None:
    path = tmp_path / "requests.json"
    requests_landscape.save(path)
    loaded = cop.Landscape.load(path)
    assert loaded == requests_landscape
    assert loaded.summary() == requests_landscape.summary()
    assert cop.Landscape.load(str(path)) == loaded


def test_json_round_trip(small: cop.Landscape) -> None:
    small.record("grace", 0, "mentor", target="linus", weight=1.25)
    text = small.to_json()
    header = json.loads(text)
    assert header["format"] == "cop-landscape" and header["version"] == 1
    assert cop.Landscape.from_json(text) == small
    assert cop.Landscape.from_json(text.encode()) == small
    with pytest.raises(TypeError):
        cop.Landscape.from_json(42)  # type: ignore[arg-type]


def test_snapshot_errors(tmp_path: Path) -> None:
    with pytest.raises(cop.SnapshotError):
        cop.Landscape.from_json("not json")
    with pytest.raises(cop.SnapshotError):
        cop.Landscape.from_json('{"format":"something-else","version":1}')
    with pytest.raises(cop.SnapshotVersionError) as caught:
        cop.Landscape.from_json('{"format":"cop-landscape","version":999}')
    assert (caught.value.found, caught.value.supported) == (999, 3)
    assert isinstance(caught.value, cop.SnapshotError)
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    with pytest.raises(cop.SnapshotError):
        cop.Landscape.load(bad)
    with pytest.raises(cop.CopIOError):
        cop.Landscape.load(tmp_path / "missing.json")
    with pytest.raises(cop.CopIOError):
        cop.Landscape().save(tmp_path / "no" / "such" / "dir.json")


def test_pickle(requests_landscape: cop.Landscape) -> None:
    data = pickle.dumps(requests_landscape)
    again = pickle.loads(data)
    assert isinstance(again, cop.Landscape)
    assert again == requests_landscape
    assert again is not requests_landscape


def test_copies_are_independent(small: cop.Landscape) -> None:
    for duplicate in (small.copy(), copy.copy(small), copy.deepcopy(small)):
        assert duplicate == small
        duplicate.record("eve", 0, "ask")
        assert duplicate != small
        assert len(small) == 3


def test_equality(small: cop.Landscape) -> None:
    assert small == small
    assert small != cop.Landscape()
    assert small != "landscape"
    with pytest.raises(TypeError):
        hash(small)


def test_events_between_keeps_a_time_range(requests_landscape: cop.Landscape) -> None:
    year = requests_landscape.events_between("2012-01-01T00:00:00Z", "2013-01-01T00:00:00Z")
    assert year.counts["events"] == 1222  # requests-commits.csv rows dated 2012
    assert year.counts["members"] == requests_landscape.counts["members"]  # entities are kept
    assert requests_landscape.events_between() == requests_landscape
    with pytest.raises(cop.InvalidValueError):
        requests_landscape.events_between(10, 5)
