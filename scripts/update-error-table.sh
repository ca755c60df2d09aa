#!/usr/bin/env bash
# Rewrites docs/format.md's table of error codes from include/booking/error_codes.h (the docs test
# fails while they differ). Builds the C++ tests in build/test if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/test/build.ninja ] || cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/test --target booking_tests
BOOKING_UPDATE_DOCS=1 build/test/tests/booking_tests --source-file='*docs_test.cpp' >/dev/null || true
build/test/tests/booking_tests --source-file='*docs_test.cpp'
