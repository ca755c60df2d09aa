#!/usr/bin/env bash
# Builds the bench preset (release with the benchmarks) and produces bench/results.md and bench/scaling.png:
# native availability vs the naive bitmap baseline, scaling, conflict checking, JSON parsing,
# interval sets, the end-to-end JSON path natively, through Python and through WebAssembly, and the
# peak memory of the largest case. Raw outputs go to build/bench/.
#   scripts/bench.sh            full run (about five minutes on 2 cores)
#   scripts/bench.sh --smoke    CI: builds, checks the baseline against the engine (and that a broken
#                               baseline is caught), runs every benchmark once, very briefly
# Before anything is timed, booking_bench checks that the naive baseline gives byte-identical answers
# on every shape, and the binding scripts check their answers against the native one: any
# disagreement exits non-zero. The Python and WASM figures need scripts/test-python.sh and
# scripts/test-wasm.sh to have built the packages (skipped with a note otherwise).
# BENCH_JOBS (default 2) sets the build's parallelism.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh libbenchmark-dev
cmake --preset bench >/dev/null
cmake --build --preset bench -j "${BENCH_JOBS:-2}" --target booking_bench booking_bench_gen booking_peak_memory
bin=build/release/bench
out=build/bench
mkdir -p "$out"
py=build/python-venv/bin/python
have_python() { [ -x "$py" ] && "$py" -c "import booking" 2>/dev/null; }
wasm_pkg=build/wasm/bindings/wasm/package
have_wasm() { [ -f "$wasm_pkg/index.js" ] && command -v node >/dev/null; }

bindings() {  # bindings WORKLOAD REPETITIONS [CALLS]: one JSON line per binding into bindings.jsonl
  if have_python; then
    "$py" bench/python/bench_python.py "$out/$1" "${@:2}" | tee -a "$out/bindings.jsonl"
    MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=268435456 \
      "$py" bench/python/bench_python.py "$out/$1" "${@:2}" | tee -a "$out/bindings.jsonl"
  else echo "(no Python package: run scripts/test-python.sh first)"; fi
  if have_wasm; then node bench/wasm/bench_wasm.mjs "$out/$1" "${@:2}" | tee -a "$out/bindings.jsonl"
  else echo "(no WASM package: run scripts/test-wasm.sh first)"; fi
}

if [ "${1:-}" = "--smoke" ]; then
  start=$(date +%s)
  "$bin/booking_bench" --benchmark_min_time=0.001 --benchmark_out="$out/smoke.json" \
    --benchmark_out_format=json >/dev/null
  # The agreement check must be able to fail: with one slot dropped from the baseline it has to.
  if BOOKING_BENCH_BREAK_BASELINE=1 "$bin/booking_bench" --benchmark_filter='^$' >/dev/null 2>&1; then
    echo "bench smoke: FAILED: a broken baseline was not caught" >&2
    exit 1
  fi
  w=santiago-month-8
  mkdir -p "$out/$w"
  "$bin/booking_bench_gen" "$w" "$out/$w"
  "$bin/booking_peak_memory" "$out/$w" >/dev/null
  : > "$out/bindings.jsonl"
  bindings "$w" 1 1 >/dev/null
  echo "bench smoke: $(grep -c '"run_name"' "$out/smoke.json") benchmarks ran once each; the baseline agreed with the engine" \
       "and a broken one was caught; bindings checked: $(wc -l < "$out/bindings.jsonl"); $(( $(date +%s) - start )) s"
  exit 0
fi

{
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel: $(uname -sr)"
  echo "compiler: $(c++ --version | head -1)"
  echo "python: $( { have_python && "$py" --version; } || echo none)"
  echo "node: $( { have_wasm && node --version; } || echo none)"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"
"$bin/booking_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 --benchmark_out="$out/results.json" --benchmark_out_format=json
: > "$out/bindings.jsonl"
: > "$out/peak_memory.jsonl"
for w in santiago-month-1 santiago-month-8 base-30d largest; do
  mkdir -p "$out/$w"
  "$bin/booking_bench_gen" "$w" "$out/$w"
  "$bin/booking_peak_memory" "$out/$w" | tee -a "$out/peak_memory.jsonl"
  bindings "$w" 5
done
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
plot_py="$py"; [ -x "$plot_py" ] || plot_py=python3
"$plot_py" -c "import matplotlib" 2>/dev/null || "$plot_py" -m pip -q install matplotlib
"$plot_py" bench/plot.py "$out" bench
