"""Columns in: Landscape.from_events and record_batch with lists, numpy arrays and scalars."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import cop

T0 = 1_709_283_600  # 2024-03-01T09:00:00Z
ISO = ["2024-03-01T09:00:00Z", "2024-03-01T10:00:00Z", "2024-03-02T08:00:00Z"]
SECONDS = [T0, T0 + 3600, T0 + 82_800]


def columns(landscape: cop.Landscape) -> list[tuple[str, int, str, str | None, str | None]]:
    """The events as (member, seconds, kind, domain, target) tuples, in order of recording."""
    ev = landscape.events()
    keys = ev["keys"]
    out = []
    for i in range(len(landscape)):
        member = keys["member"][ev["member"][i]]
        domain = None if ev["domain"][i] == cop.NONE else keys["domain"][ev["domain"][i]]
        target = None if ev["target"][i] == cop.NONE else keys["member"][ev["target"][i]]
        out.append((member, int(ev["time"][i].astype("int64")), keys["kind"][ev["kind"][i]], domain, target))
    return out


EXPECTED = [
    ("ada", SECONDS[0], "ask", "testing", None),
    ("grace", SECONDS[1], "answer", "testing", "ada"),
    ("linus", SECONDS[2], "review", "testing/performance", "grace"),
]


def test_lists() -> None:
    landscape = cop.Landscape.from_events(
        member=["ada", "grace", "linus"],
        time=ISO,
        kind=["ask", "answer", "review"],
        domain=["testing", "testing", "testing/performance"],
        target=[None, "ada", "grace"],
    )
    assert columns(landscape) == EXPECTED
    assert len(landscape.members) == 3


def test_unicode_arrays() -> None:
    landscape = cop.Landscape.from_events(
        member=np.array(["ada", "grace", "linus"]),
        time=np.array([s.rstrip("Z") for s in ISO], dtype="datetime64[s]"),
        kind=np.array(["ask", "answer", "review"]),
        domain=np.array(["testing", "testing", "testing/performance"]),
        target=np.array(["", "ada", "grace"]),
    )
    assert columns(landscape) == EXPECTED


def test_object_arrays_with_missing_values() -> None:
    landscape = cop.Landscape.from_events(
        member=np.array(["ada", "grace", "linus"], dtype=object),
        time=np.array(ISO, dtype=object),
        kind=np.array(["ask", "answer", "review"], dtype=object),
        domain=np.array(["testing", "testing", "testing/performance"], dtype=object),
        target=np.array([float("nan"), "ada", "grace"], dtype=object),
        community=np.array([None, "", None], dtype=object),
    )
    assert columns(landscape) == EXPECTED
    assert list(landscape.communities.keys()) == ["default"]


def test_bytes_and_string_dtype_arrays() -> None:
    landscape = cop.Landscape.from_events(
        member=np.array([b"ada", b"grace", b"linus"]),
        time=np.array([s.encode() for s in ISO]),
        kind=np.array(["ask", "answer", "review"], dtype=np.dtypes.StringDType()),
        domain=np.array(["testing", "testing", "testing/performance"], dtype=np.dtypes.StringDType()),
        target=np.array(["", "ada", "grace"], dtype="S5"),
    )
    assert columns(landscape) == EXPECTED


def test_non_ascii_keys_round_trip() -> None:
    keys = ["José", "Zoë", "李雷", "🙂"]
    for member in (np.array(keys), np.array(keys, dtype=object), keys):
        landscape = cop.Landscape.from_events(member=member, time=0, kind="ask")
        assert landscape.members.keys() == keys


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns", "m", "h", "D", "W", "10ms", "M", "Y"])
def test_datetime64_of_any_unit(unit: str) -> None:
    times = np.array(["2024-03-01T09:00:00.750", "1969-12-31T23:59:59.250"], dtype="datetime64[ms]").astype(
        f"datetime64[{unit}]"
    )
    landscape = cop.Landscape.from_events(member=["a", "b"], time=times, kind="ask")
    expected = times.astype("datetime64[s]").astype("int64")  # numpy floors toward the past
    got = landscape.events()["time"].astype("int64")
    assert got.tolist() == expected.tolist()


def test_negative_sub_second_times_floor_to_the_past() -> None:
    times = np.array([-1], dtype="datetime64[ms]")
    landscape = cop.Landscape.from_events(member=["a"], time=times, kind="ask")
    assert landscape.events()["time"].astype("int64").tolist() == [-1]


def test_non_native_byte_order_and_strided_arrays() -> None:
    times = np.array(SECONDS * 2, dtype=">i8")[::2]
    members = np.array(["ada", "x", "grace", "y", "linus", "z"])[::2]
    kinds = np.array(["ask", "answer", "review"], dtype=">U6")
    landscape = cop.Landscape.from_events(member=members, time=times, kind=kinds)
    assert [k for _, _, k, _, _ in columns(landscape)] == ["ask", "answer", "review"]
    assert landscape.members.keys() == ["ada", "grace", "linus"]
    assert landscape.events()["time"].astype("int64").tolist() == [SECONDS[0], SECONDS[2], SECONDS[1]]


def test_python_datetimes_naive_is_utc() -> None:
    utc = dt.timezone.utc
    plus_two = dt.timezone(dt.timedelta(hours=2))
    times = [
        dt.datetime(2024, 3, 1, 9, 0, 0),
        dt.datetime(2024, 3, 1, 12, 0, 0, tzinfo=plus_two),
        dt.date(2024, 3, 2),
    ]
    landscape = cop.Landscape.from_events(member=["a", "b", "c"], time=times, kind="ask")
    got = landscape.events()["time"].astype("int64").tolist()
    assert got == [
        int(dt.datetime(2024, 3, 1, 9, tzinfo=utc).timestamp()),
        int(dt.datetime(2024, 3, 1, 10, tzinfo=utc).timestamp()),
        int(dt.datetime(2024, 3, 2, tzinfo=utc).timestamp()),
    ]


def test_unix_seconds_as_ints_floats_and_numpy_scalars() -> None:
    for times in (
        SECONDS,
        np.array(SECONDS, dtype=np.int64),
        np.array(SECONDS, dtype=np.uint32),
        np.array(SECONDS, dtype=np.float64) + 0.5,
        [float(s) for s in SECONDS],
        np.array([np.datetime64(s, "s") for s in SECONDS], dtype=object),
        np.array([str(s) for s in SECONDS]),
    ):
        landscape = cop.Landscape.from_events(member=["a", "b", "c"], time=times, kind="ask")
        assert landscape.events()["time"].astype("int64").tolist() == SECONDS, times


def test_scalars_apply_to_every_row() -> None:
    landscape = cop.Landscape.from_events(
        member=["ada", "grace"], time=T0, kind="commit", domain="docs", community="core", weight=2.0
    )
    ev = landscape.events()
    assert ev["keys"]["kind"][ev["kind"][0]] == "commit"
    assert ev["weight"].tolist() == [2.0, 2.0]
    assert set(landscape.communities.keys()) == {"default", "core"}
    with pytest.raises(ValueError, match="at least one column"):
        cop.Landscape.from_events(member="ada", time=T0, kind="ask")


def test_integer_and_integral_float_keys() -> None:
    landscape = cop.Landscape.from_events(
        member=np.array([10, 20, 10]),
        time=SECONDS,
        kind="answer",
        target=np.array([20.0, np.nan, 10.0]),
    )
    assert landscape.members.keys() == ["10", "20"]
    assert columns(landscape)[0][4] == "20"
    assert columns(landscape)[1][4] is None


def test_weights() -> None:
    landscape = cop.Landscape.from_events(
        member=["a", "b", "c"], time=SECONDS, kind="ask", weight=[1.5, None, float("nan")]
    )
    weights = landscape.events()["weight"]
    assert weights[0] == 1.5 and np.isnan(weights[1]) and np.isnan(weights[2])
    landscape = cop.Landscape.from_events(member=["a", "b"], time=0, kind="ask", weight=np.array([1, 2]))
    assert landscape.events()["weight"].tolist() == [1.0, 2.0]


def test_artifacts_and_communities() -> None:
    landscape = cop.Landscape.from_events(
        member=["a", "b"], time=0, kind="share", artifact=["doc-1", None], community=["x", "y"]
    )
    ev = landscape.events()
    assert ev["keys"]["artifact"] == ["doc-1"]
    assert ev["artifact"].tolist() == [0, cop.NONE]
    assert landscape.counts["artifacts"] == 1
    assert [ev["keys"]["community"][c] for c in ev["community"]] == ["x", "y"]


def test_record_batch_appends_and_reports() -> None:
    landscape = cop.Landscape()
    report = landscape.record_batch(["ada", "grace"], ISO[:2], ["ask", "answer"])
    assert report.recorded == 2 and report.skipped == []
    report = landscape.record_batch(["linus"], ISO[2:], ["review"], target=["grace"])
    assert report.recorded == 1
    assert len(landscape) == 3


def test_length_mismatch_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        cop.Landscape.from_events(member=["a", "b"], time=[0], kind="ask")


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="member"):
        cop.Landscape.from_events(member=[{"a": 1}], time=[0], kind="ask")
    with pytest.raises(TypeError, match="time"):
        cop.Landscape.from_events(member=["a"], time=[[1]], kind="ask")
    with pytest.raises(TypeError, match="time"):
        cop.Landscape.from_events(member=["a"], time=np.array([True]), kind="ask")
    with pytest.raises(TypeError, match="weight"):
        cop.Landscape.from_events(member=["a"], time=[0], kind="ask", weight=["heavy"])
    with pytest.raises(TypeError, match="member"):
        cop.Landscape.from_events(member=[1.5], time=[0], kind="ask")
    with pytest.raises(TypeError):
        cop.Landscape.from_events(member=(x for x in "ab"), time=[0, 1], kind="ask")  # type: ignore[arg-type]


def test_two_dimensional_arrays_are_refused() -> None:
    with pytest.raises(cop.InvalidValueError, match="1-dimensional"):
        cop.Landscape.from_events(member=np.array([["a"]]), time=[0], kind="ask")


def test_bad_time_row_stops_with_its_line() -> None:
    landscape = cop.Landscape()
    with pytest.raises(cop.RecordError) as caught:
        landscape.record_batch(["a", "b", "c"], [ISO[0], "yesterday", None], "ask")
    assert (caught.value.line, caught.value.field) == (2, "time")
    assert "yesterday" in str(caught.value)
    assert len(landscape) == 0 and len(landscape.members) == 0


def test_bad_rows_are_skipped_with_their_lines() -> None:
    landscape = cop.Landscape()
    report = landscape.record_batch(
        member=["a", "", "c", "d", "e"],
        time=np.array(["2024-01-01", "2024-01-02", "NaT", "2024-01-04", "2024-01-05"], dtype="datetime64[s]"),
        kind=["ask", "ask", "ask", "Not A Kind", "ask"],
        skip_bad_records=True,
    )
    assert report.recorded == 2
    assert [(s.line, s.field) for s in report.skipped] == [(2, "member"), (3, "time"), (4, "kind")]
    assert landscape.members.keys() == ["a", "e"]


def test_bad_member_stops_with_its_line() -> None:
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_events(member=["a", None], time=[0, 1], kind="ask")
    assert (caught.value.line, caught.value.field) == (2, "member")


def test_strict_batch_refuses_unknown_members() -> None:
    landscape = cop.Landscape()
    landscape.add_member("ada")
    with pytest.raises(cop.RecordError) as caught:
        landscape.record_batch(["ada", "eve"], [0, 1], "ask", strict=True)
    assert caught.value.line == 2 and caught.value.field == "member"
    assert len(landscape) == 0


def test_empty_columns() -> None:
    landscape = cop.Landscape.from_events(member=[], time=[], kind=[])
    assert len(landscape) == 0
    landscape = cop.Landscape.from_events(
        member=np.array([], dtype="<U1"), time=np.array([], dtype="datetime64[s]"), kind=np.array([], dtype=object)
    )
    assert len(landscape) == 0


def test_numpy_scalars_apply_to_every_row() -> None:
    landscape = cop.Landscape.from_events(
        member=["a", "b"],
        time=np.datetime64("2024-03-01T09:00:00", "s"),
        kind=np.str_("ask"),
        weight=np.float32(1.5),
        domain=np.int64(7),
    )
    ev = landscape.events()
    assert ev["time"].astype("int64").tolist() == [T0, T0]
    assert ev["weight"].tolist() == [1.5, 1.5]
    assert landscape.domains.keys() == ["7"]
    landscape = cop.Landscape.from_events(member=["a"], time=np.int64(T0), kind="ask")
    assert landscape.events()["time"].astype("int64").tolist() == [T0]


def test_numpy_scalars_inside_lists() -> None:
    landscape = cop.Landscape.from_events(
        member=[np.int32(1), np.str_("b")],
        time=[np.int64(T0), np.float64(T0 + 60.5)],
        kind="ask",
        weight=[np.float64(2), np.int8(3)],
    )
    assert landscape.members.keys() == ["1", "b"]
    assert landscape.events()["time"].astype("int64").tolist() == [T0, T0 + 60]
    assert landscape.events()["weight"].tolist() == [2.0, 3.0]
    with pytest.raises(TypeError):
        cop.Landscape.from_events(member=["a"], time=[np.bool_(True)], kind="ask")
    with pytest.raises(TypeError):
        cop.Landscape.from_events(member=["a"], time=[0], kind="ask", weight=[np.bool_(True)])


def test_pandas_missing_values_in_lists() -> None:
    pd = pytest.importorskip("pandas")
    landscape = cop.Landscape.from_events(
        member=["a", "b"], time=[0, 1], kind="ask", target=[pd.NA, "a"], weight=[pd.NA, 1.0]
    )
    assert columns(landscape)[0][4] is None
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_events(member=["a", "b"], time=[0, pd.NaT], kind="ask")
    assert caught.value.line == 2
