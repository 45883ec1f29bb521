#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium (Debian's `chromium`, installed with apt-get
# when missing) opens the report of the bundled demo and of this repository's own history, takes a
# screenshot of each and dumps the DOM it built; the test checks that the screenshot is a real
# picture (a PNG over 20 kB) and that every figure is present and holds a non-empty SVG — the
# maturity figure three of them (the stage track, the indicators' votes, the stage history), and the
# mentor suggestions of the demo at least one line between a mentee and a mentor.
#
#   bash cop-cli/tests/browser.sh            # from anywhere; builds cop first
#   KEEP=1 bash cop-cli/tests/browser.sh     # keep the pages and screenshots (the path is printed)
#
# When Chromium is missing and cannot be installed (not root, no apt-get), the test says so and
# is skipped (exit 0), unless COP_REQUIRE_BROWSER=1, when that is a failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

figures=(maturity health onion levels-over-time flows gravity trajectories top-members mentoring)
passed=0
failed=0
pass() { passed=$((passed + 1)); printf '  ok   %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL %s\n' "$*"; }

find_browser() {
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    done
    return 1
}

browser=$(find_browser || true)
if [ -z "$browser" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing chromium with apt-get …"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq chromium >/dev/null
        browser=$(find_browser || true)
    fi
fi
if [ -z "$browser" ]; then
    echo "SKIPPED: the browser test needs Chromium, which is not installed and cannot be installed here" \
         "(install Debian's chromium package, or run as root where apt-get works)"
    [ "${COP_REQUIRE_BROWSER:-0}" = 1 ] && exit 1
    exit 0
fi

cargo build -q -p cop-cli
cop="${CARGO_TARGET_DIR:-$root/target}/debug/cop"

out=$(mktemp -d "${TMPDIR:-/tmp}/cop-browser.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "pages and screenshots in $out"; else trap 'rm -rf "$out"' EXIT; fi

"$cop" report --demo --format html -o "$out/demo.html"
pages=(demo)
if git -C "$root" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    "$cop" report --git "$root" --pseudonymise --format html -o "$out/self.html"
    pages+=(self)
fi

chrome() {
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --user-data-dir="$(mktemp -d "$out/profile.XXXXXX")" "$@"
}

for page in "${pages[@]}"; do
    url="file://$out/$page.html"
    echo "$page: $url"
    if chrome --screenshot="$out/$page.png" --window-size=1280,2400 "$url" >"$out/$page.shot.log" 2>&1 \
        && [ -f "$out/$page.png" ]; then
        size=$(wc -c <"$out/$page.png")
        if [ "$(head -c 8 "$out/$page.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$size" -gt 20480 ]; then
            pass "$page: screenshot is a PNG of $size bytes"
        else
            fail "$page: screenshot of $size bytes is not a PNG over 20 kB"
        fi
    else
        fail "$page: no screenshot"; tail -5 "$out/$page.shot.log"
    fi
    if ! chrome --dump-dom "$url" >"$out/$page.dom.html" 2>"$out/$page.dom.log"; then
        fail "$page: the DOM could not be dumped"; tail -5 "$out/$page.dom.log"; continue
    fi
    # Each figure: present, with an <svg> that holds at least one drawn shape and a <title>.
    while read -r status message; do
        if [ "$status" = ok ]; then pass "$page: $message"; else fail "$page: $message"; fi
    done < <(python3 - "$out/$page.dom.html" "$page" "${figures[@]}" <<'PY'
import sys
from html.parser import HTMLParser

SHAPES = {"circle", "path", "rect", "polyline", "line"}

class Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []          # open elements: (tag, figure id or None)
        self.found = {}          # figure id -> {"svg": n, "shapes": n, "title": n}
    def current(self):
        for _, fig in reversed(self.stack):
            if fig:
                return fig
        return None
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        fig = attrs.get("id") if tag == "figure" else None
        if fig:
            self.found[fig] = {"svg": 0, "shapes": 0, "title": 0, "pairs": 0}
        owner = fig or self.current()
        if owner:
            counts = self.found[owner]
            if tag == "svg":
                counts["svg"] += 1
            elif tag in SHAPES:
                counts["shapes"] += 1
                if tag == "line" and "pair" in (attrs.get("class") or "").split():
                    counts["pairs"] += 1
            elif tag == "title":
                counts["title"] += 1
        if tag not in {"circle", "path", "rect", "polyline", "line", "meta", "br", "img", "input", "link"}:
            self.stack.append((tag, fig))
    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

parser = Figures()
parser.feed(open(sys.argv[1], encoding="utf-8").read())
page = sys.argv[2]
for fig in sys.argv[3:]:
    c = parser.found.get(fig)
    if c is None:
        print(f"fail figure #{fig} is missing")
    elif c["svg"] == 0 or c["shapes"] == 0 or c["title"] == 0:
        print(f"fail figure #{fig} is empty ({c['svg']} svg, {c['shapes']} shapes, {c['title']} titles)")
    elif fig == "mentoring" and page == "demo" and c["pairs"] == 0:
        print(f"fail figure #mentoring draws no pair on the demo")
    elif fig == "maturity" and c["svg"] < 3:
        print(f"fail figure #maturity has {c['svg']} svg, not the track, the votes and the history")
    else:
        pairs = f", {c['pairs']} pairs" if fig == "mentoring" else ""
        print(f"ok figure #{fig}: {c['svg']} svg, {c['shapes']} shapes{pairs}")
PY
    )
done

echo
echo "browser test: $passed passed, $failed failed"
[ "$failed" = 0 ]
