"""Times a generated workload (booking_bench_gen) through Python: the raw binding (JSON text in and
out, what BM_json_path times natively) and the Pythonic API (which also builds Slot objects with
aware datetimes). Checks first that the answer is byte-identical to the native one (answer.json).
Prints one JSON line: median wall-clock microseconds per call over the repetitions.

Run with MALLOC_MMAP_THRESHOLD_ set (scripts/bench.sh sets it and MALLOC_TRIM_THRESHOLD_ to 256 MiB),
it times the binding only and names the figure python_binding_tuned_malloc_us: that separates the
engine call from the cost of glibc handing large answers' memory back to the OS between calls.

    python bench/python/bench_python.py build/bench/base-30d [repetitions] [calls per repetition]
"""
import json
import os
import pathlib
import statistics
import sys
import time

import booking
from booking import _core


def median_us(call, repetitions: int, inner: int) -> float:
    samples = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        for _ in range(inner):
            call()
        samples.append((time.perf_counter() - t0) / inner * 1e6)
    return statistics.median(samples)


def main() -> None:
    d = pathlib.Path(sys.argv[1])
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    inner = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # 0: as many calls as fill about 0.2 s
    clinic, bookings, request, expected = ((d / f).read_text() for f in
                                           ("clinic.json", "bookings.json", "request.json", "answer.json"))
    engine = _core.Engine(clinic, bookings)
    pythonic = booking.Clinic(clinic, bookings)
    answer = engine.availability(request)  # also the warm-up
    if answer != expected:
        sys.exit(f"FATAL: the Python answer for {d.name} differs from the native one")
    t0 = time.perf_counter()
    objects = pythonic.availability(request)
    first_objects = time.perf_counter() - t0
    if len(objects) != expected.count('"id":'):
        sys.exit(f"FATAL: the Pythonic API gives a different number of slots for {d.name}")
    t0 = time.perf_counter()
    engine.availability(request)
    first = time.perf_counter() - t0
    inner_binding = inner or max(1, round(0.2 / first))
    inner_objects = inner or max(1, round(0.2 / first_objects))
    if os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        print(json.dumps({"workload": d.name, "python_binding_tuned_malloc_us":
                          median_us(lambda: engine.availability(request), repetitions, inner_binding)}), flush=True)
        return
    print(json.dumps({
        "workload": d.name,
        "python_binding_us": median_us(lambda: engine.availability(request), repetitions, inner_binding),
        "python_objects_us": median_us(lambda: pythonic.availability(request), repetitions, inner_objects),
    }), flush=True)


if __name__ == "__main__":
    main()
