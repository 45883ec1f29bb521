"""Times read by the core's one parser, kinds without regard to case, and question threads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import cop

FEB1 = int(dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc).timestamp())


def test_a_date_is_accepted_as_as_of_like_the_command_reads_it() -> None:
    landscape = cop.Landscape()
    landscape.record("ada", "2024-02-01 10:00:00", "ask")  # no offset: UTC
    landscape.record("bob", "2024-02-01", "answer", target="ada")  # a date: its start
    # As of 2024-02-01 is the end of that day: both events count.
    health = landscape.health("2024-02-01")
    assert health["as_of"] == "2024-02-01T23:59:59Z"
    assert health["active_members"] == 2
    assert landscape.health(dt.date(2024, 2, 1))["as_of"] == "2024-02-01T23:59:59Z"
    assert landscape.health("2024-02-01T12:00:00Z")["as_of"] == "2024-02-01T12:00:00Z"
    with pytest.raises(cop.InvalidValueError) as caught:
        landscape.health("yesterday")
    assert caught.value.field == "as_of" and "is not a time" in str(caught.value)


def test_epoch_numbers_in_strings_are_read_by_magnitude(tmp_path: Path) -> None:
    landscape = cop.Landscape()
    landscape.record("ada", str(FEB1 * 1000), "ask")  # milliseconds
    events = landscape.events()
    assert int(events["time"].astype("int64")[0]) == FEB1
    path = tmp_path / "ms.csv"
    path.write_text(f"member,time,kind\nada,{FEB1 * 1000},ask\nbob,100000000000000000000,ask\n")
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_csv(path)
    error = caught.value
    assert (error.line, error.column, error.field) == (3, 2, "time")
    assert "out of the range of epoch numbers" in str(error)


def test_kinds_are_matched_without_regard_to_case() -> None:
    landscape = cop.Landscape.from_events(["ada", "bob", "cy"], FEB1, ["ASK", "Answer", "answer"])
    assert landscape.summary()["events_per_kind"] == {"answer": 2, "ask": 1}
    with pytest.raises(cop.InvalidValueError) as caught:
        landscape.record("ada", FEB1, "not a kind")
    assert "use one of read, react, ask, answer" in str(caught.value)


# The core's hand-computed case (tests/it/threads.rs): three questions in threads q1..q3, all
# answered (after 3, 24 and 5 hours), two accepted (after 24 and 48 hours): solved share 2/3.
ROWS = [
    ("ann", "2024-03-01T10:00:00Z", "ask", "testing", None, "q1"),
    ("bob", "2024-03-01T13:00:00Z", "answer", "docs", None, "q1"),
    ("ann", "2024-03-02T10:00:00Z", "accept", "testing", "bob", "q1"),
    ("cy", "2024-03-05T10:00:00Z", "ask", "testing", None, "q2"),
    ("cy", "2024-03-05T11:00:00Z", "comment", "testing", None, "q2"),
    ("dan", "2024-03-06T10:00:00Z", "answer", "testing", "ann", "q2"),
    ("cy", "2024-03-07T10:00:00Z", "accept", "testing", "dan", "q2"),
    ("dan", "2024-03-10T10:00:00Z", "ask", "docs", None, "q3"),
    ("ann", "2024-03-10T15:00:00Z", "answer", "docs", "dan", "q3"),
]


def check_responsiveness(landscape: cop.Landscape) -> None:
    r = landscape.health("2024-03-31")["responsiveness"]
    assert (r["questions"], r["threaded"], r["answered"], r["solved"]) == (3, 3, 3, 2)
    assert r["median_hours"] == pytest.approx(5.0)
    assert r["solved_share"] == pytest.approx(2 / 3)
    assert r["median_solution_hours"] == pytest.approx(36.0)


def test_threads_pair_questions_with_their_answers_and_accepts() -> None:
    columns = list(zip(*ROWS))
    batch = cop.Landscape.from_events(
        list(columns[0]), list(columns[1]), list(columns[2]), domain=list(columns[3]),
        target=list(columns[4]), thread=list(columns[5]),
    )
    check_responsiveness(batch)
    one_by_one = cop.Landscape()
    for member, time, kind, domain, target, thread in ROWS:
        one_by_one.record(member, time, kind, domain=domain, target=target, thread=thread)
    check_responsiveness(one_by_one)
    frame = pd.DataFrame(ROWS, columns=["member", "time", "kind", "domain", "target", "thread"])
    check_responsiveness(cop.Landscape.from_pandas(frame))
    frame["thread"] = frame["thread"].astype("category")  # the coded path
    check_responsiveness(cop.Landscape.from_pandas(frame))
    # Without threads the fallback pairs by target and domain: bob's answer (about docs, towards
    # nobody) answers nothing, cy's question gets no reply towards cy, and dan's answer towards
    # ann (testing, 5 days later) counts for ann's question; the askers' own accepts solve
    # ann's and cy's questions.
    plain = cop.Landscape.from_pandas(frame.drop(columns=["thread"]))
    r = plain.health("2024-03-31")["responsiveness"]
    assert (r["threaded"], r["answered"], r["solved"]) == (0, 2, 2)
    assert r["median_hours"] == pytest.approx((120 + 5) / 2)


def test_threads_survive_export_and_snapshots(tmp_path: Path) -> None:
    landscape = cop.Landscape()
    for member, time, kind, domain, target, thread in ROWS:
        landscape.record(member, time, kind, domain=domain, target=target, thread=thread)
    path = tmp_path / "events.csv"
    landscape.export_csv(path)
    text = path.read_text()
    assert text.startswith("member,time,kind,domain,target,community,artifact,weight,thread\n")
    check_responsiveness(cop.Landscape.from_csv(path))
    check_responsiveness(cop.Landscape.from_json(landscape.to_json()))
    # Out as columns: thread ids with their keys, and a categorical column in pandas.
    ev = landscape.events()
    assert ev["keys"]["thread"] == ["q1", "q2", "q3"]
    assert [ev["keys"]["thread"][t] for t in ev["thread"]] == [row[5] for row in ROWS]
    frame = landscape.to_pandas()
    assert frame["thread"].tolist() == [row[5] for row in ROWS]
    check_responsiveness(cop.Landscape.from_pandas(frame))


def test_numbers_are_read_by_magnitude_like_event_files() -> None:
    import numpy as np

    seconds = np.array([FEB1, FEB1 * 1000, FEB1 * 1_000_000, FEB1 * 1_000_000_000], dtype=np.int64)
    landscape = cop.Landscape.from_events(["a", "b", "c", "d"], seconds, "ask")
    assert set(landscape.events()["time"].astype("int64").tolist()) == {FEB1}
    floats = cop.Landscape.from_events(["a", "b"], [float(FEB1), FEB1 * 1000.0 + 0.5], "ask")
    assert set(floats.events()["time"].astype("int64").tolist()) == {FEB1}
    one = cop.Landscape()
    one.record("a", FEB1 * 1000, "ask")
    assert int(one.events()["time"].astype("int64")[0]) == FEB1
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_events(["a", "b"], [FEB1, 10**20], "ask")
    assert caught.value.line == 2 and "out of the range of epoch numbers" in str(caught.value)
    with pytest.raises(cop.InvalidValueError):
        one.record("a", -5, "ask")
