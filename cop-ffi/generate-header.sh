#!/usr/bin/env bash
# Generates the C header of cop with the pinned cbindgen.
#
#   bash cop-ffi/generate-header.sh            # rewrites cop-ffi/include/cop.h
#   bash cop-ffi/generate-header.sh OUT.h      # writes elsewhere (CI compares it)
#
# cbindgen reads cop-ffi/cbindgen.toml and the crate's `///` comments; the version macros
# (COP_VERSION, COP_VERSION_MAJOR/MINOR/PATCH) are generated here from Cargo.toml, never typed.
set -euo pipefail

CBINDGEN_VERSION=0.29.4
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/include/cop.h}"

cbindgen="${CBINDGEN:-cbindgen}"
if ! command -v "$cbindgen" >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cbindgen" ]; then
    cbindgen="$HOME/.cargo/bin/cbindgen"
fi
if ! "$cbindgen" --version 2>/dev/null | grep -qx "cbindgen $CBINDGEN_VERSION"; then
    echo "installing cbindgen $CBINDGEN_VERSION (pinned) ..." >&2
    cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --quiet >&2
    cbindgen="$HOME/.cargo/bin/cbindgen"
    [ -x "$cbindgen" ] || cbindgen="$(command -v cbindgen)"
fi

# The package version, as Cargo resolves it (`path+file:///…/cop-ffi#0.1.0`).
version="$(cd "$here" && cargo pkgid)"
version="${version##*[#@]}"
if ! [[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]]; then
    echo "generate-header.sh: cannot read the version from \`cargo pkgid\`: $version" >&2
    exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
{
    printf 'after_includes = """\n\n'
    printf '/* The version of the library this header describes (from Cargo.toml). */\n'
    printf '#define COP_VERSION "%s"\n' "$version"
    printf '#define COP_VERSION_MAJOR %s\n' "${BASH_REMATCH[1]}"
    printf '#define COP_VERSION_MINOR %s\n' "${BASH_REMATCH[2]}"
    printf '#define COP_VERSION_PATCH %s\n' "${BASH_REMATCH[3]}"
    printf '"""\n\n'
    cat "$here/cbindgen.toml"
} > "$tmp/cbindgen.toml"

"$cbindgen" --quiet --config "$tmp/cbindgen.toml" --crate cop-ffi --output "$tmp/cop.h" "$here"
mkdir -p "$(dirname "$out")"
mv "$tmp/cop.h" "$out"
