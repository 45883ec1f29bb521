#!/usr/bin/env bash
# The scale benchmark against the Python peers, on the same generated files, in one run.
#
#   bash benches/run-comparison.sh            # small and medium
#   bash benches/run-comparison.sh --large    # and large (1 M members, 20 M events: minutes)
#
# Installs the peers (numpy pandas polars pyarrow networkx igraph networkit scipy) into
# ./.venv-bench, generates the files with the shared seeded generator into ./target/bench-data,
# runs peers.py and cop's scale benchmark one after the other on each file, and prints the ratios
# (cop time ÷ best peer time) per step. On the medium and large files it also times the Python
# module's bulk ingest (cop.Landscape.from_events on the file's columns as numpy arrays; the
# module is built in release mode into the same venv). It also times the whole report
# (`cop report --format json`) and polars computing the same monthly level timeline
# (benches/peer_timeline.py, whose counts are checked against cop's). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${COP_SHARED:-$root/../shared}
[ -f "$shared/bench/gen_events.py" ] || { echo "error: $shared/bench/gen_events.py not found (set COP_SHARED)"; exit 1; }
venv=$root/.venv-bench
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check numpy pandas polars pyarrow networkx igraph networkit scipy \
    'maturin>=1.9.4,<2'
cargo build --release -q -p cop-benches --bin scale -p cop-cli
# The Python module, release profile, into the bench venv (for the from_events figure).
(cd cop-py && VIRTUAL_ENV=$venv PATH=$venv/bin:$PATH maturin develop --release --quiet)
data=$root/target/bench-data
mkdir -p "$data"
sizes=("small 10000 200000" "medium 100000 2000000")
[ "${1:-}" = "--large" ] && sizes+=("large 1000000 20000000")
for spec in "${sizes[@]}"; do
    read -r label members events <<<"$spec"
    csv=$data/$label.csv
    if [ ! -f "$csv" ]; then
        "$venv/bin/python" "$shared/bench/gen_events.py" --members "$members" --events "$events" \
            --domains 40 --seed 42 --out "$csv"
    fi
    echo "== $label: peers"
    "$venv/bin/python" "$shared/bench/peers.py" --events "$csv" --label "$label" --out "$data/$label-peers.json" \
        --cache-dir "$data/cache" > "$data/$label-peers.md"
    echo "== $label: cop"
    "$root/target/release/scale" "$csv" --json "$data/$label-cop.json"
    echo "== $label: cop report --format json"
    "$venv/bin/python" "$root/benches/time_command.py" --json "$data/$label-report.json" --warm-up \
        --stdout "$data/$label-report-out.json" -- "$root/target/release/cop" --quiet report --format json "$csv"
    echo "== $label: polars timeline peer"
    "$venv/bin/python" "$root/benches/peer_timeline.py" --events "$csv" --json "$data/$label-timeline.json" \
        --check "$data/$label-report-out.json"
    ingest=()
    if [ "$label" != small ]; then
        echo "== $label: cop Python from_events"
        "$venv/bin/python" "$root/cop-py/bench_ingest.py" --csv "$csv" --json "$data/$label-py-ingest.json"
        ingest=(--python-ingest "$data/$label-py-ingest.json")
    fi
    "$venv/bin/python" "$root/benches/compare.py" --peers "$data/$label-peers.json" --cop "$data/$label-cop.json" \
        --timeline-peer "$data/$label-timeline.json" --report "$data/$label-report.json" \
        "${ingest[@]}" | tee "$data/$label-ratios.md"
done
