#!/usr/bin/env bash
# Runs the libFuzzer targets of a GRADER_FUZZ=ON build for a fixed time each,
# starting from a copy of the checked-in corpus (tests/fuzz/corpus/<target>;
# the repository is not modified), two targets at a time.
#
#   tests/fuzz/run_fuzz.sh BUILD_DIR SECONDS [TARGET...]     # default: every target
#
# Fails when any target finds a crash, an invariant violation, a leak, a
# timeout (-timeout=10) or an out-of-memory (-rss_limit_mb=2048); the input is
# then in BUILD_DIR/fuzz/<target>/findings/ and the log beside it. Prints one
# line per target: executions, executions per second, coverage and corpus.
# FUZZ_JOBS (default 2) sets how many run at once; FUZZ_KEEP=1 keeps the
# grown corpus in BUILD_DIR/fuzz/<target>/corpus and starts from it next time.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."

# Largest input per target (keep in step with tests/fuzz/make_corpus.py).
declare -A MAX_LEN=([quantity]=8192 [expression]=4096 [segment]=8192 [claims]=8192 [grade]=8192
                    [rubric]=16384 [seed_import]=16384 [escape]=8192)
# Dictionaries of tokens the mutations splice in (tests/fuzz/*.dict).
declare -A DICT=([quantity]=response [expression]=response [segment]=response [claims]=response
                 [grade]=response [rubric]=rubric [seed_import]=seed_import [escape]=response)

seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(quantity expression segment claims rubric seed_import grade escape)
jobs=${FUZZ_JOBS:-2}

run_one() {
  local t=$1 dir="$build/fuzz/$1"
  local bin="$build/tests/fuzz/${t}_fuzz"
  [ -x "$bin" ] || { echo "run_fuzz: no $bin (configure with -DGRADER_FUZZ=ON)" >&2; return 1; }
  [ -n "${MAX_LEN[$t]:-}" ] || { echo "run_fuzz: unknown target $t" >&2; return 1; }
  # A fresh copy of the checked-in corpus, or (FUZZ_KEEP=1) the grown one
  # of the last run with it.
  if [ "${FUZZ_KEEP:-0}" != 1 ] || [ ! -d "$dir/corpus" ]; then
    rm -rf "$dir/corpus"
    mkdir -p "$dir/corpus"
  fi
  cp tests/fuzz/corpus/"$t"/* "$dir/corpus/"
  rm -rf "$dir/findings"
  mkdir -p "$dir/findings"
  local status=0
  "$bin" "$dir/corpus" -max_total_time="$seconds" -max_len="${MAX_LEN[$t]}" -timeout=10 -rss_limit_mb=2048 \
    -dict="tests/fuzz/${DICT[$t]}.dict" \
    -artifact_prefix="$dir/findings/" -print_final_stats=1 >"$dir/log" 2>&1 || status=$?
  # The last status line: "#123 DONE cov: 456 ft: 789 corp: 12/34Kb ... exec/s: 56 rss: 78Mb".
  local last runs
  last=$(grep -E '^#[0-9]+' "$dir/log" | tail -n 1 || true)
  runs=$(grep -E '^stat::number_of_executed_units' "$dir/log" | awk '{print $2}' || true)
  printf '%-12s %s runs in %ss; %s\n' "$t" "${runs:-?}" "$seconds" \
    "$(echo "$last" | grep -oE '(cov|ft|corp|exec/s|rss): [^ ]+' | tr '\n' ' ')"
  if [ "$status" -ne 0 ] || ls "$dir/findings/"* >/dev/null 2>&1; then
    echo "run_fuzz: $t FAILED (exit $status); findings in $dir/findings/, log $dir/log:" >&2
    # The finding: an invariant's message, a sanitizer report or an uncaught
    # exception, with the first frames of its stack.
    grep -E -m1 -A14 'invariant violated|ERROR: AddressSanitizer|runtime error|ERROR: LeakSanitizer|terminate called|ERROR: libFuzzer: (timeout|out-of-memory)' \
      "$dir/log" | grep -vE 'in (fuzzer::|__sanitizer|__libc|_start|main )' >&2 || tail -n 30 "$dir/log" >&2
    return 1
  fi
  [ "${FUZZ_KEEP:-0}" = 1 ] || rm -rf "$dir/corpus"
}

failed=0
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
[ "$failed" -eq 0 ] || { echo "run_fuzz: a fuzz target found a problem" >&2; exit 1; }
echo "run_fuzz: ${#targets[@]} targets, ${seconds}s each, no findings"
