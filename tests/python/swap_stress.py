"""Readers query one Clinic while a writer replaces its bookings (run by test_threads.py in a child
process, so that a crash fails the test instead of killing pytest).

Usage: python swap_stress.py [SECONDS] [READERS]. Exits 0 when every answer equals the answer of
one of the two bookings documents (computed before the threads start, by Clinic objects of their
own that no thread touches), 1 on a wrong answer or an exception, and dies of a signal on a crash.
"""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys
import threading
import time
from typing import Any

import booking

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "clinic"


def big_bookings() -> dict[str, Any]:
    """About 1,900 bookings in 2027 (outside the week the readers ask about): parsing them takes a
    while, and the calendar they make is large, so a reader overlapping a replacement is likely."""
    rows: list[dict[str, str]] = []
    day = dt.date(2027, 1, 4)
    while len(rows) < 1900:
        if day.weekday() < 5:
            for hour in range(9, 17):
                for pro, chair in (("dra-soto", "c1"), ("dr-rojas", "c2")):
                    rows.append({"id": f"x{len(rows)}", "site": "santiago-centro", "professional": pro,
                                 "chair": chair, "treatment": "limpieza",
                                 "start": f"{day.isoformat()}T{hour:02d}:00:00-03:00", "status": "confirmed"})
        day += dt.timedelta(days=1)
    return {"bookings": rows, "blocks": []}


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    readers = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    clinic_text = (EXAMPLE / "clinic.json").read_text(encoding="utf-8")
    a_text = (EXAMPLE / "bookings.json").read_text(encoding="utf-8")
    b_text = json.dumps(big_bookings())
    week = json.loads((EXAMPLE / "request-week.json").read_text(encoding="utf-8"))
    week["to"] = "2026-12-31"
    busy = json.loads((EXAMPLE / "check-busy.json").read_text(encoding="utf-8"))

    # The two possible answers, each from a Clinic no other thread ever sees.
    expected: dict[str, set[str]] = {"availability": set(), "check": set()}
    for text in (a_text, b_text):
        own = booking.Clinic(clinic_text, text)
        expected["availability"].add(own.availability(week).to_json())
        expected["check"].add(own.check(busy).to_json())
    if any(len(answers) != 2 for answers in expected.values()):
        print("the two bookings documents give the same answer: the test could not see a mix-up")
        return 1

    shared = booking.Clinic(clinic_text, a_text)
    stop = threading.Event()
    failures: list[str] = []
    counts = {"availability": 0, "check": 0, "set_bookings": 0}
    lock = threading.Lock()

    def reader(n: int) -> None:
        try:
            while not stop.is_set():
                if n % 2:
                    got, kind = shared.availability(week).to_json(), "availability"
                else:
                    got, kind = shared.check(busy).to_json(), "check"
                with lock:
                    counts[kind] += 1
                if got not in expected[kind]:
                    failures.append(f"reader {n}: a {kind} answer of neither bookings document: {got[:200]}")
                    stop.set()
        except Exception as e:  # noqa: BLE001 - any exception is a failure of the run
            failures.append(f"reader {n}: {type(e).__name__}: {e}")
            stop.set()

    def writer() -> None:
        try:
            while not stop.is_set():
                for text in (b_text, a_text):
                    shared.set_bookings(text)
                    counts["set_bookings"] += 1
        except Exception as e:  # noqa: BLE001
            failures.append(f"writer: {type(e).__name__}: {e}")
            stop.set()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()
    print(json.dumps(counts))
    for f in failures:
        print(f)
    if failures:
        return 1
    if counts["set_bookings"] < 2 or counts["availability"] == 0 or counts["check"] == 0:
        print("the threads did not overlap: nothing was tested")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
