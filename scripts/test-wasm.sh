#!/usr/bin/env bash
# Builds the WebAssembly package with Debian's Emscripten and runs its tests: golden scenarios,
# errors, memory over 100,000 calls, every embedded zone against the native CLI, the TypeScript
# declarations (tsc --noEmit), an `npm pack` install, and the example page in headless Chromium.
# Expects the native CLI from scripts/test.sh (build/test/booking) for the zone comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh emscripten chromium nodejs
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimiser needs Debian's acorn (toolchain trap 1)

scripts/fetch-date-src.sh build/wasm-deps
cmake --preset wasm >/dev/null
cmake --build --preset wasm
pkg=build/wasm/bindings/wasm/package

raw=$(stat -c %s "$pkg/booking_core.js"); gz=$(gzip -9c "$pkg/booking_core.js" | wc -c)
echo "package: booking_core.js ${raw} bytes raw, ${gz} bytes gzip (wasm inlined, zones included)"

cd bindings/wasm
[ -d node_modules/typescript ] && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
npx tsc --noEmit -p test/tsconfig.json
echo "tsc: declarations check"

# The packed tarball installs and imports with a plain `import` in a fresh project.
tmp=$(mktemp -d)
(cd "../../$pkg" && npm pack --silent --pack-destination "$tmp" >/dev/null)
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund ./booking-engine-*.tgz >/dev/null &&
 node --input-type=module -e '
   import createBooking from "booking-engine";
   const b = await createBooking();
   if (!b.zones.includes("America/Santiago")) throw new Error("zones missing");
   console.log(`npm pack: booking-engine ${b.version} imports from a fresh project`);')
rm -rf "$tmp"

BOOKING_CLI="${BOOKING_CLI:-$PWD/../../build/test/booking}" node --test test/
