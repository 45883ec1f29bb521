#!/usr/bin/env bash
# Builds the Python module `cop` into .venv and tests it: pytest, the stub check (mypy stubtest)
# and the Python examples. Run from anywhere; needs only Python 3 (3.10+) and Rust. Creates
# .venv at the repository root if it is missing and installs the pinned test tools into it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$root/.venv
python=${PYTHON:-python3}

step() { printf '\n== cop-py: %s\n' "$*"; }

if [ ! -x "$venv/bin/python" ]; then
    step "creating $venv"
    "$python" -m venv "$venv"
fi
export VIRTUAL_ENV=$venv
export PATH=$venv/bin:$PATH
export PIP_DISABLE_PIP_VERSION_CHECK=1

step "installing the test tools"
python -m pip install --quiet -r cop-py/requirements-dev.txt

step "maturin develop (dev profile)"
(cd cop-py && maturin develop --quiet)

step "pytest"
(cd cop-py && python -m pytest)

step "stubtest"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Run outside the source tree, so the installed package is the only `cop` mypy sees.
(cd "$scratch" && MYPY_CACHE_DIR="$scratch/.mypy_cache" python -m mypy.stubtest cop)

step "example: examples/python/member_count.py"
out=$(python examples/python/member_count.py)
echo "$out"
if [ "$out" != "members: 779" ]; then
    echo "member_count.py printed '$out', expected 'members: 779'" >&2
    exit 1
fi

# Runs an example and checks that it exits 0 and prints each expected heading (a line start).
example() {
    local script=$1
    shift
    step "example: $script"
    local out
    if ! out=$(python "$script"); then
        echo "$script failed" >&2
        exit 1
    fi
    echo "$out"
    local heading
    for heading in "$@"; do
        if ! grep -q "^$heading" <<<"$out"; then
            echo "$script did not print '$heading'" >&2
            exit 1
        fi
    done
}
example examples/python/levels_and_trajectories.py \
    "Levels as of " "  core_group " "Trajectories:" "Most central members:" "  a0324  core_group "
example examples/python/maturity.py "Settled: " "Indicated: " "Evidence:" "Next steps:" "  \[[123]\] " "Stage history ("
example examples/python/matching.py \
    "Mentor suggestions as of " "Pairs " "  u[0-9]* <- u[0-9]*  score " "      domain fit " "Unmatched: " "Experts in "
example examples/python/three_places.py \
    "discourse: 11 events" "slack: 13 events" "github: 12 events" "people: 14 identities are 8 people" \
    "spaces: 4 public" "gh:chen-wu   core_group"
example examples/python/communities_apart.py \
    "Communities:" "  requests    6513 events" "Landscape: " "Equal to one process: True"

step "all Python tests passed"
