#!/usr/bin/env bash
# Builds the WebAssembly package with Debian's Emscripten and runs its tests: golden scenarios,
# errors, memory over 100,000 calls, every IANA zone against the native CLI, the TypeScript
# declarations (tsc --noEmit), the docs' size table, the `npm pack` tarball in Node, tsc, a Vite build
# and a page without a bundler, and the example page in headless Chromium.
# Expects the native CLI from scripts/test.sh (build/test/booking) for the zone comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh emscripten chromium nodejs
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimiser needs Debian's acorn (toolchain trap 1)

scripts/fetch-date-src.sh build/wasm-deps
cmake --preset wasm >/dev/null
cmake --build --preset wasm
cmake --build --preset wasm --target booking_wasm_few   # the two-zone build of test/zones.test.mjs

cd bindings/wasm
[ -d node_modules/typescript ] && [ -d node_modules/playwright-core ] && [ -d node_modules/vite ] || npm ci --no-audit --no-fund
node size-table.mjs --check || true   # prints the sizes; test/size.test.mjs fails on a stale table
npx tsc --noEmit -p test/tsconfig.json
echo "tsc: declarations check"

# All tests through the single-file entry (test/pack.test.mjs packs the tarball and takes it to Node,
# tsc, Vite and Chromium), then the golden scenarios and the API through the separate-.wasm entry.
export BOOKING_CLI="${BOOKING_CLI:-$PWD/../../build/test/booking}"
node --test test/
BOOKING_WASM_ENTRY=wasm.js node --test test/scenarios.test.mjs test/api.test.mjs test/robust.test.mjs
