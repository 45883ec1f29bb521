"""Durable storage: Landscape.open, recording calls journaled before they return, compact()."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cop

T = 1_700_000_000


def test_two_batches_survive_closing(tmp_path: Path) -> None:
    path = tmp_path / "s.cop"
    store = cop.Landscape.open(path)
    store.record_batch(["ada", "grace"], [T, T + 60], ["ask", "answer"], target=[None, "ada"])
    csv = tmp_path / "events.csv"
    csv.write_text("member,time,kind,target\nlinus,2024-03-02T08:00:00Z,review,ada\n")
    store.import_csv(csv)
    store.record("ada", T + 120, "comment", thread="q1")
    before = store.to_json()
    del store
    reopened = cop.Landscape.open(str(path))
    assert len(reopened) == 4
    assert reopened.to_json() == before


def test_a_refused_batch_leaves_the_store_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "s.cop"
    store = cop.Landscape.open(path)
    store.record_batch(["ada"], [T], ["ask"])
    before = store.to_json()
    with pytest.raises(cop.RecordError):
        store.record_batch(["new-member", None], [T + 1, T + 2], ["ask", "ask"])
    with pytest.raises(cop.CopError):
        store.record("ada", T + 3, "ask", target="nobody", strict=True)
    assert store.to_json() == before
    del store
    assert cop.Landscape.open(path).to_json() == before


def test_compaction_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "s.cop"
    store = cop.Landscape.open(path)
    store.record_batch(["ada", "grace"], [T, T + 1], ["ask", "answer"], target=[None, "ada"])
    store.add_member("hedy")
    store.set_kind_weight("ask", 2.5)
    store.compact()
    store.record("hedy", T + 2, "kudos", target="ada")
    before = store.to_json()
    del store
    reopened = cop.Landscape.open(path)
    assert reopened.to_json() == before
    assert reopened.kinds["ask"] == 2.5
    # An in-memory landscape has nothing to compact.
    cop.Landscape().compact()


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.cop"
    path.write_bytes(b"not an SQLite file, not at all, really not one")
    with pytest.raises(OSError):
        cop.Landscape.open(path)


BATCH = 25

CHILD = """
import sys
import cop

BATCH = {batch}
store = cop.Landscape.open(sys.argv[1])
batch = len(store) // BATCH
while True:
    thread = f"batch-{{batch}}"
    members = [f"m{{(batch * 7 + i) % 53}}" for i in range(BATCH)]
    times = [{t} + batch * BATCH + i for i in range(BATCH)]
    store.record_batch(members, times, "ask", thread=thread)
    print(f"done {{batch}}", flush=True)
    if batch % 9 == 8:
        store.compact()
    batch += 1
"""


def whole_batches(landscape: cop.Landscape) -> int:
    """The number of batches stored; fails on a partial one or a gap."""
    events = landscape.events()
    keys = events["keys"]["thread"]
    counts: dict[int, int] = {}
    for thread in events["thread"]:
        number = int(str(keys[int(thread)]).removeprefix("batch-"))
        counts[number] = counts.get(number, 0) + 1
    assert sorted(counts) == list(range(len(counts)))
    assert all(count == BATCH for count in counts.values()), counts
    return len(counts)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_process_leaves_every_returned_batch_and_no_partial_one(tmp_path: Path) -> None:
    path = tmp_path / "s.cop"
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(batch=BATCH, t=T))
    rng = random.Random()
    kills = 30
    returned = 0
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        time.sleep(rng.uniform(0.01, 0.2))
        os.kill(child.pid, signal.SIGKILL)
        output, _ = child.communicate()
        done = [int(line.split()[1]) for line in output.splitlines() if line.startswith("done ")]
        if done:
            returned = max(returned, done[-1] + 1)
        stored = whole_batches(cop.Landscape.open(path))
        assert returned <= stored <= returned + 1
        returned = stored
    # The child starts slower than Rust; give it time to record at least once.
    child = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    child.stdout.readline()
    os.kill(child.pid, signal.SIGKILL)
    child.communicate()
    assert whole_batches(cop.Landscape.open(path)) > 0
