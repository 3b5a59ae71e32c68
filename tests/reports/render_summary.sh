#!/usr/bin/env bash
# Grades the bundled sample submissions (and a small multi-model JSONL made
# from them), then screenshots summary.html and one feedback page in
# headless Chromium, for a person to look at. Not part of the test suite.
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
examples="$root/problems/examples/cs336-transformer-accounting"
# Two "models" answering with the sample texts, plus one hostile id.
python3 - "$examples" > "$out/models.jsonl" <<'PY'
import json, os, sys
d = sys.argv[1]
files = sorted(os.listdir(d))
for m, model in enumerate(["model-one", "model-<two>"]):
    for i, f in enumerate(files):
        text = open(os.path.join(d, f)).read()
        print(json.dumps({"id": f"{model}/{i}", "model": model, "problem": "cs336-transformer-accounting",
                          "response": text if (i + m) % 2 == 0 else text.replace("2,127,057,600", "1,555,124,800")}))
print(json.dumps({"id": "<script>alert(1)</script>", "model": "model-one", "response": ""}))
PY
# Exit code 1: the empty response is an error row, as intended.
status=0
"$build/grader" grade --rubric "$root/rubrics/cs336-transformer-accounting.json" "$examples" "$out/models.jsonl" \
  --out "$out/graded" --quiet >/dev/null || status=$?
[[ $status -le 1 ]] || exit "$status"
for page in summary feedback/ada; do
  profile="$(mktemp -d)"
  # No network, no sync, no first-run UI: the pages must render from the file alone.
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --hide-scrollbars --window-size=1200,2400 --screenshot="$out/${page//\//_}.png" \
    "file://$out/graded/$page.html" >/dev/null 2>&1
  rm -rf "$profile"
  [[ -s "$out/${page//\//_}.png" ]] || { echo "render_summary.sh: error: no screenshot for $page.html" >&2; exit 1; }
  echo "$out/${page//\//_}.png"
done
