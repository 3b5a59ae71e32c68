#!/usr/bin/env bash
# Set-up, build and run for grader. See README.md.
#   ./build.sh demo   install what is missing, build, regenerate every answer key
#   ./build.sh test   install what is missing, build, run the whole test suite
#   ./build.sh build  build only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake g++ make pkg-config libboost-dev libre2-dev nlohmann-json3-dev catch2
          libcurl4-openssl-dev libcli11-dev libbenchmark-dev python3)
BUILD_DIR=${BUILD_DIR:-build}

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

build() {
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)"
}

case "${1:-}" in
  demo)
    install_missing
    build
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
    install_missing
    build
    cd "$BUILD_DIR"
    ctest --output-on-failure -j"$(nproc)"
    ;;
  build)
    install_missing
    build
    ;;
  *)
    echo "usage: ./build.sh demo|test|build" >&2
    exit 2
    ;;
esac
