#!/usr/bin/env bash
# The C tests of cop, as CI runs them:
#
#   bash cop-ffi/ctest/run.sh        (from anywhere; needs cargo, cc; installs what is missing)
#
# 1. regenerates the header with the pinned cbindgen and fails with a diff if the committed
#    cop-ffi/include/cop.h is stale (fix: bash cop-ffi/generate-header.sh);
# 2. builds libcop (cargo build -p cop-ffi, the workspace's dev profile);
# 3. compiles cop-ffi/ctest/test.c as C99 and, if a C++ compiler exists, as C++, with every
#    warning an error, and links it against the static library;
# 4. runs it; 5. runs it under valgrind (installed with apt-get if missing);
# 6. compiles and runs the C example examples/c/member_count.c and checks its output;
# and checks that test.c names every function of the header.
# The last line is `C tests: N passed, M failed`; the exit status is 0 only when M is 0.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
build="$root/cop-ffi/ctest/build"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
data="$root/examples/data/requests-commits.csv"
mkdir -p "$build"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }
finish() {
    echo "C tests: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] && exit 0
    exit 1
}
abort() { fail "$*"; finish; }

# Adds the counts of a test run's closing line; true when it ran to the end with 0 failures.
count_run() {
    local line
    line="$(grep -E '^C tests: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)"
    [ -n "$line" ] || return 1
    local p f
    p="$(echo "$line" | sed -E 's/^C tests: ([0-9]+) passed, ([0-9]+) failed$/\1/')"
    f="$(echo "$line" | sed -E 's/^C tests: ([0-9]+) passed, ([0-9]+) failed$/\2/')"
    passed=$((passed + p))
    failed=$((failed + f))
    [ "$f" -eq 0 ]
}

# ----- 1. the committed header is up to date -----------------------------------------------
echo "== header: regenerating with the pinned cbindgen"
if ! bash cop-ffi/generate-header.sh "$build/cop.h" </dev/null; then
    abort "the header could not be generated"
fi
if diff -u cop-ffi/include/cop.h "$build/cop.h"; then
    pass "cop-ffi/include/cop.h is up to date"
else
    fail "cop-ffi/include/cop.h is stale (diff above); run: bash cop-ffi/generate-header.sh"
fi

# Every function of the header is exercised by test.c.
untested=""
for function in $(grep -oE '^[A-Za-z_][A-Za-z0-9_ ]*[ *]cop_[a-z0-9_]+\(' cop-ffi/include/cop.h \
    | grep -oE 'cop_[a-z0-9_]+' | sort -u); do
    grep -qE "\\b${function}\\(" cop-ffi/ctest/test.c || untested="$untested $function"
done
if [ -z "$untested" ]; then
    pass "test.c calls every function of cop.h"
else
    fail "test.c does not call:$untested"
fi

# ----- 2. the library ----------------------------------------------------------------------
echo "== cargo build -p cop-ffi"
cargo build -p cop-ffi </dev/null || abort "cargo build -p cop-ffi"
lib="$target/debug/libcop.a"
[ -f "$lib" ] || abort "no static library at $lib"
libs=(-lpthread -ldl -lm)

# ----- 3. compile the test program as C99 and as C++ ---------------------------------------
echo "== compiling test.c"
command -v cc >/dev/null 2>&1 || abort "no C compiler (cc)"
warnings=(-Wall -Wextra -Werror -pedantic)
cc -std=c99 "${warnings[@]}" -g -I cop-ffi/include cop-ffi/ctest/test.c "$lib" "${libs[@]}" \
    -o "$build/test" || abort "test.c does not compile as C99"
cxx=""
if command -v c++ >/dev/null 2>&1; then
    cxx=c++
    c++ -std=c++11 "${warnings[@]}" -g -I cop-ffi/include -x c++ cop-ffi/ctest/test.c -x none \
        "$lib" "${libs[@]}" -o "$build/test-cpp" || abort "test.c does not compile as C++"
else
    echo "(no C++ compiler: skipping the C++ build)"
fi

# ----- 4. run it ---------------------------------------------------------------------------
echo "== running test (C99)"
"$build/test" "$data" "$build" >"$build/test.out" </dev/null
status=$?
if count_run "$build/test.out" && [ "$status" -eq 0 ]; then
    echo "ok: test (C99): $(tail -n 1 "$build/test.out")"
else
    fail "test (C99) exited with $status: $(tail -n 1 "$build/test.out")"
fi
if [ -n "$cxx" ]; then
    echo "== running test (C++)"
    if "$build/test-cpp" "$data" "$build" >"$build/test-cpp.out" </dev/null \
        && grep -qE '^C tests: [0-9]+ passed, 0 failed$' "$build/test-cpp.out"; then
        pass "test (C++): $(tail -n 1 "$build/test-cpp.out")"
    else
        fail "test (C++): $(tail -n 1 "$build/test-cpp.out")"
    fi
fi

# ----- 5. run it under valgrind ------------------------------------------------------------
if ! command -v valgrind >/dev/null 2>&1; then
    echo "== installing valgrind"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -qq valgrind </dev/null >/dev/null \
        || { $sudo apt-get update -qq </dev/null >/dev/null \
            && $sudo apt-get install -y -qq valgrind </dev/null >/dev/null; }
fi
if command -v valgrind >/dev/null 2>&1; then
    echo "== running test under valgrind"
    if valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "$build/test" "$data" "$build" >"$build/test-valgrind.out" </dev/null \
        && grep -qE '^C tests: [0-9]+ passed, 0 failed$' "$build/test-valgrind.out"; then
        pass "valgrind: no memory errors, no leaks"
    else
        fail "under valgrind: memory errors, leaks or failed checks (see above)"
    fi
else
    fail "valgrind is missing and could not be installed"
fi

# ----- 6. the C example --------------------------------------------------------------------
echo "== examples/c/member_count.c"
if cc -std=c99 "${warnings[@]}" -I cop-ffi/include examples/c/member_count.c "$lib" "${libs[@]}" \
    -o "$build/member_count"; then
    output="$("$build/member_count" </dev/null)"
    if [ "$output" = "members: 779" ]; then
        pass "member_count prints \"$output\""
    else
        fail "member_count printed \"$output\", expected \"members: 779\""
    fi
else
    fail "examples/c/member_count.c does not compile"
fi

finish
