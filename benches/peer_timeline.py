#!/usr/bin/env python3
"""The monthly level timeline, computed with polars the way a data scientist would: a peer for
cop's timeline (issue 18).

    python benches/peer_timeline.py --events FILE.csv [--json OUT.json] [--counts OUT.csv]

For each month from the first event's to the last event's, as of the month's last second (the
last month as of the last event, like cop's default date), it takes the events of the window
(365 days up to that date), scores every member the way cop's default does, and cuts the scores
into cop's default quantile bands:

- score = Σ kind weight × 0.5^(age / 90 days) (activity)
          + distinct domains + ½ × distinct people interacted with (either direction)
          + ½ × distinct active days (UTC) + ¼ × Σ decayed weight received from others;
- the core group is the top 15 % of participants by score, the active level the next 20 %, the
  occasional level the next 30 % (each band's cut is the score at its rank, ties included); a
  member with fewer than 2 events whose score reaches the active cut is occasional; below the
  occasional band, members active on one day are transactional, the rest peripheral.

It prints the time (best of `--repeat`, default 3), and with `--counts` writes the members per
level per month, which `--check COP.json` compares with cop's own timeline (`cop report --format
json`): the peer computes the same thing, so the counts must agree.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone

import polars as pl

KIND_WEIGHT = {
    "read": 0.5, "react": 1.0, "ask": 2.0, "answer": 3.0, "comment": 2.0, "share": 3.0,
    "review": 4.0, "mentor": 5.0, "attend": 2.0, "present": 4.0, "organize": 6.0, "commit": 3.0,
    "merge": 4.0, "accept": 1.0, "coauthor": 3.0,
}
DAY = 86_400
WINDOW_DAYS, HALF_LIFE_DAYS = 365, 90.0
BANDS = (0.15, 0.20, 0.30)
LEVELS = ["core_group", "active", "occasional", "peripheral", "transactional"]


def load(path: str) -> pl.DataFrame:
    df = pl.read_csv(path)
    return df.with_columns(
        t=pl.col("time").str.to_datetime(time_zone="UTC").dt.epoch("s"),
        w=pl.col("kind").str.to_lowercase().replace_strict(KIND_WEIGHT, default=1.0, return_dtype=pl.Float64),
    )


def month_ends(first: int, last: int) -> list[int]:
    """The last second of each month from the first event's month, the last one the last event."""
    start = datetime.fromtimestamp(first, timezone.utc)
    year, month = start.year, start.month
    ends = []
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = int(datetime(year, month, 1, tzinfo=timezone.utc).timestamp()) - 1
        ends.append(min(end, last))
        if end >= last:
            return ends


def levels_as_of(df: pl.DataFrame, as_of: int) -> pl.DataFrame:
    window = df.filter((pl.col("t") > as_of - WINDOW_DAYS * DAY) & (pl.col("t") <= as_of)).with_columns(
        d=pl.col("w") * (2.0 ** (-((as_of - pl.col("t")) / DAY) / HALF_LIFE_DAYS)),
        day=pl.col("t") // DAY,
    )
    own = window.group_by("member").agg(
        events=pl.len(),
        activity=pl.col("d").sum(),
        domains=pl.col("domain").drop_nulls().n_unique(),
        days=pl.col("day").n_unique(),
    )
    aimed = window.filter(pl.col("target").is_not_null() & (pl.col("target") != pl.col("member")))
    received = aimed.group_by("target").agg(received=pl.col("d").sum()).rename({"target": "member"})
    pairs = pl.concat([
        aimed.select(a=pl.col("member"), b=pl.col("target")),
        aimed.select(a=pl.col("target"), b=pl.col("member")),
    ]).unique()
    people = pairs.group_by("a").agg(people=pl.len()).rename({"a": "member"})
    scores = (
        own.join(received, on="member", how="left")
        .join(people, on="member", how="left")
        .fill_null(0)
        .with_columns(
            total=(pl.col("activity") + pl.col("domains") + 0.5 * pl.col("people") + 0.5 * pl.col("days")
                   + 0.25 * pl.col("received")).mul(1e9).round().truediv(1e9)
        )
    )
    totals = scores["total"].sort(descending=True)
    n = len(totals)

    def cut(share: float) -> float:
        k = -(-int(share * n * 1e12) // int(1e12)) if n else 0  # ceil, exact for these shares
        return float("inf") if k == 0 else totals[min(k, n) - 1]

    core, active, occasional = cut(BANDS[0]), cut(BANDS[0] + BANDS[1]), cut(sum(BANDS))
    total = pl.col("total")
    return scores.with_columns(
        level=pl.when((total >= active) & (pl.col("events") < 2)).then(pl.lit("occasional"))
        .when(total >= core).then(pl.lit("core_group"))
        .when(total >= active).then(pl.lit("active"))
        .when(total >= occasional).then(pl.lit("occasional"))
        .when(pl.col("days") <= 1).then(pl.lit("transactional"))
        .otherwise(pl.lit("peripheral"))
    ).select("member", "level")


def timeline(df: pl.DataFrame) -> pl.DataFrame:
    first, last = df["t"].min(), df["t"].max()
    counts = []
    for as_of in month_ends(first, last):
        levels = levels_as_of(df, as_of)
        row = {"as_of": as_of, **{level: 0 for level in LEVELS}}
        for level, n in levels.group_by("level").len().iter_rows():
            row[level] = n
        counts.append(row)
    return pl.DataFrame(counts)


def check(counts: pl.DataFrame, cop_json: str) -> int:
    """Compares with cop's timeline counts (the report's `timeline` section); the number of
    months that differ."""
    report = json.load(open(cop_json))
    section = report.get("timeline") or report.get("participation", {}).get("timeline")
    names = ["core_group", "active", "occasional", "peripheral", "transactional"]
    differ = 0
    for p, row in enumerate(counts.iter_rows(named=True)):
        theirs = section["counts"][p]
        ours = [row[n] for n in names]
        mine = [theirs[n] for n in names] if isinstance(theirs, dict) else list(theirs[:5])
        if ours != mine:
            differ += 1
            print(f"month {p}: peer {ours}, cop {mine}", file=sys.stderr)
    return differ


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", required=True)
    ap.add_argument("--json", help="write {step, seconds, times_s, months} here")
    ap.add_argument("--counts", help="write the counts per month here (CSV)")
    ap.add_argument("--check", help="cop's report JSON on the same file: the counts must agree")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    df = load(a.events)
    times, counts = [], None
    for _ in range(max(1, a.repeat)):
        start = time.perf_counter()
        counts = timeline(df)
        times.append(time.perf_counter() - start)
    print(f"polars monthly timeline: {min(times):.3f} s (best of {len(times)}), {len(counts)} months")
    if a.counts:
        counts.write_csv(a.counts)
    if a.json:
        json.dump({"tool": "polars", "step": "timeline", "seconds": min(times), "times_s": times,
                   "months": len(counts), "polars": pl.__version__, "threads": pl.thread_pool_size()},
                  open(a.json, "w"))
    if a.check and check(counts, a.check):
        sys.exit(1)


if __name__ == "__main__":
    main()
