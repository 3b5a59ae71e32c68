#!/usr/bin/env bash
# Set-up, build and run for grader. See README.md.
#   ./build.sh demo   install what is missing, build the grader binary (no tests), regenerate every answer key
#   ./build.sh test   install what is missing, build and run the whole test suite, then the
#                     same suite under ASan+UBSan (clang) and every fuzz target for FUZZ_SECONDS (CI)
#   ./build.sh quick  build and run the test suite (Release only)
#   ./build.sh build  build only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake g++ make pkg-config libboost-dev libre2-dev nlohmann-json3-dev catch2
          libcurl4-openssl-dev libssl-dev libcli11-dev libcpp-httplib-dev libmimalloc-dev libbenchmark-dev python3)
SANITIZER_PACKAGES=(clang libclang-rt-14-dev)
BROWSER_PACKAGES=(chromium)   # the review page's end-to-end test drives headless chromium
BUILD_DIR=${BUILD_DIR:-build}
SANITIZE_DIR=${SANITIZE_DIR:-build-sanitize}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}

install_missing() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "build.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# build [TARGET]: everything, or only TARGET and what it needs.
build() {
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" ${1:+--target "$1"}
}

# One clang build for both: the libraries carry ASan+UBSan and libFuzzer's
# coverage; grader and grader_tests link the sanitizers, tests/fuzz/*_fuzz
# link libFuzzer too.
build_sanitized() {
  cmake -S . -B "$SANITIZE_DIR" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DGRADER_FUZZ=ON -DGRADER_BUILD_BENCH=OFF >/dev/null
  cmake --build "$SANITIZE_DIR" -j"$(nproc)"
}

run_tests() {
  (cd "$1" && ctest --output-on-failure -j"$(nproc)")
}

case "${1:-}" in
  demo)
    install_missing
    build grader   # the binary only: no test or benchmark is compiled
    "$BUILD_DIR"/grader key --all --out keys
    echo
    head -n 40 keys/cs336-transformer-accounting.md
    echo "... (the whole key is in keys/cs336-transformer-accounting.md)"
    echo
    samples=(problems/examples/cs336-transformer-accounting)
    for seed in ../shared/seeds/002_*.txt ../shared/seeds/004_*.txt; do
      [ -f "$seed" ] && samples+=("$seed")
    done
    "$BUILD_DIR"/grader grade --rubric rubrics/cs336-transformer-accounting.json "${samples[@]}" \
      --out graded --gradescope --quiet
    echo "feedback for each student is in graded/feedback/, the gradebook in graded/grades.csv"
    ;;
  test)
    PACKAGES+=("${SANITIZER_PACKAGES[@]}" "${BROWSER_PACKAGES[@]}")
    install_missing
    build
    run_tests "$BUILD_DIR"
    build_sanitized
    run_tests "$SANITIZE_DIR"
    tests/fuzz/run_fuzz.sh "$SANITIZE_DIR" "$FUZZ_SECONDS"
    ;;
  quick)
    PACKAGES+=("${BROWSER_PACKAGES[@]}")
    install_missing
    build
    run_tests "$BUILD_DIR"
    ;;
  build)
    install_missing
    build
    ;;
  *)
    echo "usage: ./build.sh demo|test|quick|build" >&2
    exit 2
    ;;
esac
