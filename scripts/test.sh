#!/usr/bin/env bash
# Installs what is missing, builds and runs every test: C++ (unit, golden scenarios, DST, property,
# CLI, README snippet, find_package consumer), the same suite under ASan+UBSan, a fuzz smoke run,
# then the Python and WebAssembly packages.
# Builds are cached under build/ so a second run is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== C++ =="
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOOKING_WERROR=ON >/dev/null
cmake --build build/test
ctest --test-dir build/test --output-on-failure -j 2

echo "== C++ under AddressSanitizer + UndefinedBehaviorSanitizer =="
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j 2

echo "== fuzz smoke run (${BOOKING_FUZZ_SECONDS:=30} s per harness) =="
BOOKING_FUZZ_SECONDS=$BOOKING_FUZZ_SECONDS scripts/fuzz.sh

for part in python wasm web; do
  if [ -x "scripts/test-$part.sh" ]; then
    echo "== $part =="
    "scripts/test-$part.sh"
  fi
done
echo "== benchmarks build and run briefly (figures: scripts/bench.sh, bench/README.md) =="
scripts/bench.sh --smoke

echo "all tests passed"
