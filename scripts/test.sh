#!/usr/bin/env bash
# Installs what is missing, builds and runs every test: C++ (unit, golden scenarios, DST, property,
# CLI, README snippet, find_package consumer), then the Python and WebAssembly packages.
# Builds are cached under build/ so a second run is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== C++ =="
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOOKING_WERROR=ON >/dev/null
cmake --build build/test
ctest --test-dir build/test --output-on-failure -j 2

for part in python wasm; do
  if [ -x "scripts/test-$part.sh" ]; then
    echo "== $part =="
    "scripts/test-$part.sh"
  fi
done
echo "all tests passed"
