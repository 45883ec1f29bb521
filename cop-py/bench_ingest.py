"""Measures the bulk-ingest rate of ``cop.Landscape.from_events`` from numpy arrays.

With ``--csv FILE``, reads an events file with pandas (keys as categoricals, times as
``datetime64[s]``) and times ``from_events`` on its columns. Otherwise generates ``--events``
rows (default 1,000,000) with numpy: 50,000 members, 9 kinds, 40 domains,
40 % of events with a target, times as ``datetime64[s]``; then times ``from_events`` with the
keys as ``<U`` arrays, as object arrays of ``str``, and as pandas categoricals (when pandas is
installed). Prints events per second for each (best of ``--repeat`` runs); ``--json OUT`` also writes them
as ``{"python_ingest": {name: events_per_s}}`` (the scale comparison reads it).

Build the module in release mode first for representative numbers::

    (cd cop-py && maturin develop --release)
    python cop-py/bench_ingest.py
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Mapping

import numpy as np

import cop

KINDS = ["read", "react", "ask", "answer", "comment", "share", "review", "mentor", "organize"]


def generate(n: int, members: int, domains: int, seed: int = 7) -> dict[str, np.ndarray]:
    """The event columns as ``<U`` arrays (keys) and ``datetime64[s]`` (time)."""
    rng = np.random.default_rng(seed)
    member_keys = np.array([f"m{i:05d}" for i in range(members)])
    domain_keys = np.array([f"domain-{i:02d}" for i in range(domains)])
    start = np.datetime64("2020-01-01T00:00:00", "s")
    seconds = np.sort(rng.integers(0, 4 * 365 * 86_400, n))
    target = member_keys[rng.integers(0, members, n)].astype(object)
    target[rng.random(n) >= 0.4] = None  # 40 % of events have a target
    return {
        "member": member_keys[rng.integers(0, members, n)],
        "time": start + seconds.astype("timedelta64[s]"),
        "kind": np.array(KINDS)[rng.integers(0, len(KINDS), n)],
        "domain": domain_keys[rng.integers(0, domains, n)],
        # `<U` cannot hold None: the empty string means "none".
        "target": np.where(target == None, "", target).astype(member_keys.dtype),  # noqa: E711
    }


def as_objects(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The same columns with the keys as object arrays of ``str`` (None for "none")."""
    out = {k: (v if k == "time" else v.astype(object)) for k, v in columns.items()}
    target = out["target"]
    target[target == ""] = None
    return out


def as_categoricals(columns: Mapping[str, np.ndarray]) -> dict[str, object] | None:
    """The same columns with the keys as pandas categoricals, if pandas is installed."""
    try:
        import pandas as pd
    except ImportError:
        return None
    out: dict[str, object] = {}
    for k, v in columns.items():
        if k == "time":
            out[k] = v
        else:
            values = v.astype(object)
            values[values == ""] = None
            out[k] = pd.Categorical(values)
    return out


def file_columns(path: str) -> dict[str, dict[str, object]]:
    """The columns of an events file as numpy arrays: keys as pandas categoricals (codes and
    categories) and as object arrays of ``str``, times as ``datetime64[s]``."""
    import pandas as pd

    keys = ["member", "kind", "domain", "target"]
    df = pd.read_csv(path, dtype={k: "category" for k in keys})
    df = df[[c for c in ["member", "time", "kind", "domain", "target"] if c in df.columns]]
    times = pd.to_datetime(df["time"], utc=True).dt.tz_localize(None).to_numpy().astype("datetime64[s]")
    categorical = {k: df[k].array for k in keys if k in df.columns}
    objects = {k: df[k].astype(object).where(df[k].notna(), None).to_numpy() for k in keys if k in df.columns}
    return {
        "file, categorical keys": {"time": times, **categorical},
        "file, object arrays of str": {"time": times, **objects},
    }


def measure(name: str, columns: Mapping[str, object], repeat: int) -> float:
    """Best events per second of ``from_events`` over ``repeat`` runs."""
    n = len(columns["time"])  # type: ignore[arg-type]
    best = float("inf")
    landscape = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        landscape = cop.Landscape.from_events(**columns)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - t0)
    assert landscape is not None and len(landscape) == n
    rate = n / best
    print(f"{name:<28} {n:>10,} events in {best:6.3f} s  = {rate / 1e6:5.2f} M events/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--domains", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--csv", default=None, help="an events file: time its columns instead of generated ones")
    parser.add_argument("--json", default=None, help="also write the rates to this JSON file")
    args = parser.parse_args()
    rates: dict[str, float] = {}
    if args.csv:
        for name, columns in file_columns(args.csv).items():
            rates[name] = measure(name, columns, args.repeat)
    else:
        columns = generate(args.events, args.members, args.domains)
        rates["<U arrays"] = measure("<U arrays", columns, args.repeat)
        rates["object arrays of str"] = measure("object arrays of str", as_objects(columns), args.repeat)
        categoricals = as_categoricals(columns)
        if categoricals is not None:
            rates["pandas categoricals"] = measure("pandas categoricals", categoricals, args.repeat)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"python_ingest": rates}, out, indent=2)


if __name__ == "__main__":
    main()
