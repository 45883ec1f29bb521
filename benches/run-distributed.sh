#!/usr/bin/env bash
# The distributed scale benchmark: a landscape of many communities on a local Spark (local[2])
# and a local Dask cluster (2 workers) against one process (see benches/distributed_bench.py).
#
#   bash benches/run-distributed.sh                 # 20 communities x 1 M events = 20 M events
#   bash benches/run-distributed.sh --communities 4 --events 200000     # any option of the script
#
# Installs the test tools (pyarrow, pyspark, dask, distributed; Spark needs Java 17) into
# ./.venv-bench-dist, builds the Python module in release mode into it, generates one Parquet
# file per community with the shared seeded generator into ./target/bench-data/distributed, and
# prints a Markdown table. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$root/.venv-bench-dist
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r cop-py/requirements-dev.txt
(cd cop-py && VIRTUAL_ENV=$venv PATH=$venv/bin:$PATH maturin develop --release --quiet)
"$venv/bin/python" benches/distributed_bench.py "$@"
