#!/usr/bin/env bash
# Renders sample summary.html and feedback.html pages in headless Chromium
# and saves screenshots, for a person to look at. Not part of the test suite.
#
#   tests/reports/render_summary.sh [build-dir] [out-dir]
#
# Needs Debian's `chromium` package (apt-get install -y chromium).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "render_summary.sh: error: chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi
GRADER_RENDER_DIR="$out" "$build/tests/grader_tests" "[.render]" >/dev/null
for page in summary feedback; do
  profile="$(mktemp -d)"
  # No network, no sync, no first-run UI: the pages must render from the file alone.
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --hide-scrollbars --window-size=1200,2400 --screenshot="$out/$page.png" \
    "file://$out/$page.html" >/dev/null 2>&1
  rm -rf "$profile"
  [[ -s "$out/$page.png" ]] || { echo "render_summary.sh: error: no screenshot for $page.html" >&2; exit 1; }
  echo "$out/$page.png"
done
