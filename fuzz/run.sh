#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 20) each, when a nightly toolchain is present
# (cargo-fuzz is installed if missing). A crash, a hang (-timeout) or a memory blow-up
# (-rss_limit_mb) fails the run and leaves the input in fuzz/artifacts/<target>/.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# New inputs the fuzzer finds go to a scratch copy of the corpus, not to fuzz/corpus: the
# committed corpus stays small and is replayed on stable by cop-core/tests/fuzz_replay.rs.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}
shift || true
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "no nightly toolchain: fuzzing skipped (the corpus replay ran on stable)"
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz ..."
    cargo install cargo-fuzz --locked --quiet
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv_import jsonl_import snapshot coded_batch options time people)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cargo +nightly fuzz build -O
for target in "${targets[@]}"; do
    mkdir -p "$scratch/$target"
    cp corpus/"$target"/* "$scratch/$target/"
    echo "== fuzz $target for ${seconds}s"
    cargo +nightly fuzz run -O "$target" "$scratch/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
        grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|Done)' || true
    # cargo fuzz exits non-zero on a crash; pipefail would hide which: check the artifacts.
    if compgen -G "artifacts/$target/*" >/dev/null; then
        echo "fuzz $target: failing inputs in fuzz/artifacts/$target/" >&2
        exit 1
    fi
done
echo "fuzzing: no failure"
