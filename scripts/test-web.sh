#!/usr/bin/env bash
# The web app's tests: builds what is missing (the WASM package, npm dependencies, the native CLI
# in build/test), builds the app and runs its tests in Debian's headless Chromium (playwright-core,
# no browser downloaded): the numbers shown equal `booking simulate/availability/check --json`,
# errors are shown, axe-core finds no serious violation in either theme.
# Screenshots land in build/web-screenshots/; `npm --prefix examples/web run screenshots` writes
# docs/screenshots/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh chromium nodejs
scripts/web.sh --build

[ -f build/test/CMakeCache.txt ] || cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOOKING_WERROR=ON >/dev/null
cmake --build build/test --target booking_cli

cd examples/web
BOOKING_CLI="${BOOKING_CLI:-$PWD/../../build/test/booking}" npm test
