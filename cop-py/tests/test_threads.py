"""Threads: long calls release the interpreter, and concurrent use stays consistent."""

from __future__ import annotations

import threading

import numpy as np

import cop


def test_concurrent_batches_and_reads() -> None:
    landscape = cop.Landscape()
    rows = 20_000
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            members = np.array([f"w{worker}-{i % 500}" for i in range(rows)])
            landscape.record_batch(members, np.arange(rows), "commit", domain="code")
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    def read() -> None:
        try:
            for _ in range(200):
                assert len(landscape) % rows == 0  # a batch is recorded whole
                _ = landscape.counts, len(landscape.members)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    threads += [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert len(landscape) == 4 * rows
    assert len(landscape.members) == 4 * 500
