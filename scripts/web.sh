#!/usr/bin/env bash
# Builds what is missing for the web app (examples/web: the configuration centre and the booking
# page) and serves its static build on 127.0.0.1. The WebAssembly package is built by CMake into
# build/wasm/bindings/wasm/package (the app finds it there: examples/web/vite.config.js).
# Usage: scripts/web.sh [PORT]    serve on PORT (default 8080; 0 picks a free one)
#        scripts/web.sh --build   build only (what scripts/test-web.sh uses)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh emscripten nodejs
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimiser needs Debian's acorn (toolchain trap 1)

# The WASM package: configured once, then an incremental build (a no-op when nothing changed).
scripts/fetch-date-src.sh build/wasm-deps
[ -f build/wasm/CMakeCache.txt ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm

cd examples/web
# npm ci when node_modules is missing or older than the lockfile (npm ci writes .package-lock.json).
if [ ! node_modules/.package-lock.json -nt package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
npm run build --silent
if [ "${1:-}" = "--build" ]; then exit 0; fi
exec node serve.mjs "${1:-8080}"
