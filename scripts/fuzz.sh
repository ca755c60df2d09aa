#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang-14, ASan+UBSan) and runs each for BOOKING_FUZZ_SECONDS
# (default 30; CI's smoke run) on the seed corpus cut from tests/scenarios plus every input that
# once crashed (tests/fuzz/regressions). For a long run: BOOKING_FUZZ_SECONDS=3600 scripts/fuzz.sh
# A crash leaves its input in build/fuzz/artifacts/; add it to tests/fuzz/regressions/<harness>/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh clang-14 libfuzzer-14-dev libclang-rt-14-dev python3
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
seconds="${BOOKING_FUZZ_SECONDS:-30}"
mkdir -p build/fuzz/artifacts
failed=0
for h in clinic bookings request engine config; do
  work="build/fuzz/work/$h"
  mkdir -p "$work"
  if build/fuzz/tests/fuzz/fuzz_$h -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/$h- \
       "$work" "build/fuzz/tests/fuzz/corpus/$h" "tests/fuzz/regressions/$h" >"build/fuzz/$h.log" 2>&1; then
    echo "fuzz_$h: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/$h.log" | grep -o '[0-9]*$') runs in ${seconds}s, no crash"
  else
    echo "fuzz_$h: FAILED, see build/fuzz/$h.log"; grep -E "ERROR|what\(\)|runtime error" "build/fuzz/$h.log" | head -5
    failed=1
  fi
done
exit $failed
