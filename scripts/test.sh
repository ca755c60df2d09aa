#!/usr/bin/env bash
# Installs what is missing, builds and runs every test: C++ (unit, golden scenarios, DST, property,
# CLI, README snippet, find_package consumer), the same suite under ASan+UBSan, a fuzz smoke run,
# then the Python and WebAssembly packages.
# Builds are cached under build/ so a second run is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each part's header says how long the run has taken so far (the suite should stay under 40 minutes).
began=$SECONDS
section() { printf '== %s == (%d min %02d s in)\n' "$1" $(((SECONDS - began) / 60)) $(((SECONDS - began) % 60)); }
scripts/install-deps.sh

section "C++"
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOOKING_WERROR=ON >/dev/null
cmake --build build/test
ctest --test-dir build/test --output-on-failure -j 2

section "C++ under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j 2

section "fuzz smoke run (${BOOKING_FUZZ_SECONDS:=30} s per harness)"
BOOKING_FUZZ_SECONDS=$BOOKING_FUZZ_SECONDS scripts/fuzz.sh

for part in python wasm web; do
  if [ -x "scripts/test-$part.sh" ]; then
    section "$part"
    "scripts/test-$part.sh"
  fi
done
section "benchmarks build and run briefly (figures: scripts/bench.sh, bench/README.md)"
scripts/bench.sh --smoke

section "all tests passed"
