#!/usr/bin/env python3
"""Prints cop's time against the Python peers' for each step, from one run of each on one file.

    python benches/compare.py --peers peers.json --cop cop.json [--python-ingest ingest.json]
        [--timeline-peer timeline.json] [--report report.json]

`peers.json` is written by ../shared/bench/peers.py (--out), `cop.json` by the scale benchmark
(`cargo run --release -p cop-benches --bin scale -- FILE --json cop.json`). A ratio is cop's time
divided by the best peer's time for the same step: below 1 means cop is faster. `ingest.json` is
written by cop-py/bench_ingest.py (--json): the rate of cop.Landscape.from_events on the file's
columns. `timeline.json` is written by benches/peer_timeline.py (--json): polars computing cop's
monthly level timeline. `report.json` holds the time and peak RSS of `cop report --format json`
on the file (written by run-comparison.sh).
"""
from __future__ import annotations

import argparse
import json

# cop step -> (peer task, peer step, peers that count, what the target says). The end-to-end
# chain takes every step but aggregate_levels: cop's chain reads its levels from
# current_analysis (the same levels with trajectories, what matching needs), set against the
# peers' aggregation.
STEPS = [
    ("load", "a", "load", ["pandas-c", "pandas-pyarrow", "polars", "polars-1t", "pyarrow"], "≤ polars read_csv"),
    ("aggregate_levels", "b", "aggregate", ["pandas", "polars", "polars-1t"], "≤ ½ polars"),
    ("current_analysis", "b", "aggregate", ["pandas", "polars", "polars-1t"], "(levels + trajectories)"),
    ("graph_build", "c", "build", ["networkit", "igraph", "networkx"], "(+ polars edge prep)"),
    ("kcore", "c", "core", ["networkit", "igraph", "networkx"], "≤ networkit, ≤ 1/50 networkx"),
    ("pagerank", "c", "pagerank", ["networkit", "igraph", "networkx"], "≤ igraph, ≤ 1/50 networkx"),
    ("matching", "d", "lsa data", ["scipy"], ""),
]


def peer_times(peers, task, step_prefix):
    out = {}
    for result in peers["results"]:
        if result["task"] != task:
            continue
        for step in result["steps"]:
            if step.get("step", "").startswith(step_prefix) and "best_s" in step:
                out[result["peer"]] = (step["best_s"], step.get("peak_rss_mb"))
            elif step.get("step", "").startswith(step_prefix) and "timeout_s" in step:
                out[result["peer"]] = (float("inf"), None)
    return out


def prep_time(peers):
    t = peer_times(peers, "c", "prep")
    return t.get("polars-prep", (0.0, None))[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--peers", required=True)
    ap.add_argument("--cop", required=True)
    ap.add_argument("--python-ingest", help="bench_ingest.py --json output for the same file")
    ap.add_argument("--timeline-peer", help="peer_timeline.py --json output for the same file")
    ap.add_argument("--report", help="{seconds, peak_rss_kb} of `cop report --format json` on the file")
    a = ap.parse_args()
    peers = json.load(open(a.peers))
    cop = json.load(open(a.cop))
    cop_steps = {s["step"]: s["seconds"] for s in cop["steps"]}
    prep = prep_time(peers)
    print(f"## {peers.get('label', '')}: {cop['events']:,} events, {cop['members']:,} members")
    print("| step | cop | best peer | best peer time | cop ÷ best | polars | networkx | target |")
    print("|---|---|---|---|---|---|---|---|")
    chain_cop = chain_best = chain_pandas_nx = 0.0
    for cop_step, task, step, names, target in STEPS:
        if cop_step not in cop_steps:
            continue
        times = {k: v for k, v in peer_times(peers, task, step).items() if k in names}
        if step == "build":  # the graph libraries start from the cached edge list: add its prep
            times = {k: (v[0] + prep, v[1]) for k, v in times.items()}
        if not times:
            continue
        best_peer, (best, _) = min(times.items(), key=lambda kv: kv[1][0])
        ours = cop_steps[cop_step]
        polars = times.get("polars", (None, None))[0]
        nx = times.get("networkx", (None, None))[0]
        fmt = lambda x: "—" if x is None else (f"{x:.3f} s" if x < 100 else f"{x:.0f} s")
        ratio = lambda x: "—" if x in (None, 0) or x == float("inf") else f"{ours / x:.3f}"
        print(f"| {cop_step} | {fmt(ours)} | {best_peer} | {fmt(best)} | {ratio(best)} | "
              f"{ratio(polars) if polars else '—'} | {ratio(nx) if nx else '—'} | {target} |")
        if cop_step == "aggregate_levels" and "current_analysis" in cop_steps:
            continue  # the chain counts current_analysis instead
        chain_cop += ours
        chain_best += best
        pandas_nx = {"a": "pandas-c", "b": "pandas", "c": "networkx", "d": "scipy"}[task]
        chain_pandas_nx += times.get(pandas_nx, (best, None))[0]
    if "report" in cop_steps:
        whole = cop_steps["report"] + cop_steps.get("load", 0.0)
        print(f"| report | {cop_steps['report']:.3f} s | — | — | — | — | — | with the load "
              f"{whole:.3f} s = {whole / chain_cop:.2f}× cop's chain, target ≤ 2× |" if chain_cop > 0 else
              f"| report | {cop_steps['report']:.3f} s | — | — | — | — | — | load + report ≤ 2× cop's chain |")
    print()
    print(f"End to end (load → levels → graph → k-core → PageRank → matching): cop {chain_cop:.2f} s; fastest peer per step "
          f"{chain_best:.2f} s (cop {chain_best / chain_cop:.1f}× faster); pandas + networkx "
          f"{chain_pandas_nx:.2f} s (cop {chain_pandas_nx / chain_cop:.1f}× faster)")
    polars_rss = peer_times(peers, "a", "load").get("polars", (None, None))[1]
    cop_rss = (cop.get("peak_rss_bytes") or 0) / 2**20
    load_rss = (cop.get("load_peak_rss_bytes") or 0) / 2**20
    print(f"Peak RSS: cop {load_rss:.0f} MiB loading the file, {cop_rss:.0f} MiB for the whole run; "
          f"polars holding the loaded file {polars_rss:.0f} MiB" if polars_rss
          else f"Peak RSS: cop {load_rss:.0f} MiB loading, {cop_rss:.0f} MiB for the whole run")
    print(f"Log: {cop['log_bytes_per_event']:.1f} bytes per event")
    time_series(a, cop_steps, chain_cop, polars_rss)
    if a.python_ingest:
        rates = json.load(open(a.python_ingest))["python_ingest"]
        shown = "; ".join(f"{name}: {rate / 1e6:.1f} M events/s" for name, rate in rates.items())
        print(f"Python cop.Landscape.from_events on the file's columns (target ≥ 10 M events/s): {shown}")


def time_series(a, cop_steps, chain_cop, polars_rss):
    """The time series and the whole report against the polars timeline peer and cop's chain."""
    peer = json.load(open(a.timeline_peer))["seconds"] if a.timeline_peer else None
    ours = cop_steps.get("timeline_trajectories")
    if peer and ours:
        print(f"Monthly level timeline with trajectories: cop {ours:.3f} s; polars, the same timeline "
              f"(peer_timeline.py) {peer:.3f} s: cop {peer / ours:.1f}× faster")
    if not a.report:
        return
    report = json.load(open(a.report))
    seconds, rss = report["seconds"], report["peak_rss_kb"] / 1024
    line = (f"Whole report (`cop report --format json`, every section, load included): {seconds:.2f} s = "
            f"{seconds / chain_cop:.2f}× cop's chain (target ≤ 2×)")
    if peer:
        line += f"; {peer / seconds:.1f}× faster than the polars timeline alone (target ≥ 5×)"
    print(line)
    held = f"; polars holding the file {polars_rss:.0f} MiB (target: at most that)" if polars_rss else ""
    print(f"Peak RSS of the whole report: {rss:.0f} MiB{held}")


if __name__ == "__main__":
    main()
