"""Columns out: Landscape.events()."""

from __future__ import annotations

import csv

import numpy as np

import cop

from conftest import REQUESTS


def test_events_columns_and_dtypes(requests_landscape: cop.Landscape) -> None:
    ev = requests_landscape.events()
    assert set(ev) == {
        "time", "member", "kind", "community", "domain", "target", "artifact", "weight", "thread", "keys"
    }
    assert ev["time"].dtype == np.dtype("datetime64[s]")
    for column in ("member", "domain", "target", "artifact"):
        assert ev[column].dtype == np.uint32, column
    assert ev["community"].dtype == np.uint16
    assert ev["kind"].dtype == np.uint8
    assert ev["weight"].dtype == np.float32
    for column, array in ev.items():
        if column != "keys":
            assert array.shape == (6513,), column
    assert set(ev["keys"]) == {"member", "kind", "community", "domain", "artifact", "thread"}
    assert len(ev["keys"]["member"]) == 779


def test_events_match_the_file(requests_landscape: cop.Landscape) -> None:
    ev = requests_landscape.events()
    keys = ev["keys"]
    with REQUESTS.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6513
    times = ev["time"].astype(str)
    for i in (0, 1, 100, 3000, 6512):
        row = rows[i]
        assert keys["member"][ev["member"][i]] == row["member"]
        assert keys["kind"][ev["kind"][i]] == row["kind"]
        assert keys["domain"][ev["domain"][i]] == row["domain"]
        assert times[i] + "Z" == row["time"]
        if row["target"]:
            assert keys["member"][ev["target"][i]] == row["target"]
        else:
            assert ev["target"][i] == cop.NONE


def test_none_sentinel_and_masks(requests_landscape: cop.Landscape) -> None:
    ev = requests_landscape.events()
    has_target = ev["target"] != cop.NONE
    assert int(has_target.sum()) == 1252 + 24
    assert (ev["artifact"] == cop.NONE).all()
    assert np.isnan(ev["weight"]).all()
    # Member ids index the key list, kind codes the kind list.
    members = np.array(ev["keys"]["member"], dtype=object)[ev["member"]]
    assert len(set(members)) == 774


def test_kind_codes_are_dense_with_custom_kinds() -> None:
    landscape = cop.Landscape.from_events(member=["a", "b", "c"], time=0, kind=["badge", "ask", "vote"])
    ev = landscape.events()
    names = [ev["keys"]["kind"][k] for k in ev["kind"]]
    assert names == ["badge", "ask", "vote"]
    assert ev["keys"]["kind"][-2:] == ["badge", "vote"]


def test_events_are_copies(small: cop.Landscape) -> None:
    ev = small.events()
    ev["member"][:] = 0
    assert small.events()["member"].tolist() == [0, 1, 2]
