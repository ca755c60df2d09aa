#!/usr/bin/env bash
# Installs what is missing, builds the CLI and prints the bundled clinic's free slots for a week.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBOOKING_TESTS=OFF >/dev/null
cmake --build build/release --target booking_cli
build/release/booking availability --clinic examples/clinic/clinic.json \
  --bookings examples/clinic/bookings.json --request examples/clinic/request-week.json "$@"
