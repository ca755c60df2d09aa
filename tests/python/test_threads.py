"""The engine releases the GIL: Python threads run while it works."""
import json
import pathlib
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import booking
from booking import _core

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"


def test_engine_calls_run_without_the_gil() -> None:
    assert _core._gil_held()
    assert not _core._gil_held_in_engine_call()


def test_another_thread_progresses_during_engine_calls() -> None:
    # With a huge switch interval the interpreter never takes the GIL away from a running thread;
    # so the main loop can only observe `inside` set if the worker gave the GIL up inside the engine.
    clinic = booking.Clinic.from_path(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json")
    request = json.dumps({"site": "santiago-centro", "treatment": "control", "from": "2026-12-01",
                          "to": "2027-01-29", "now": "2026-12-01T00:00:00Z"})
    state = {"inside": False, "done": False}

    def worker() -> None:
        for _ in range(20):
            state["inside"] = True
            clinic.availability(request)
            state["inside"] = False
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        t = threading.Thread(target=worker)
        t.start()
        seen_inside = 0
        spins = 0
        while not state["done"]:
            spins += 1
            if state["inside"]:
                seen_inside += 1
            if spins % 1000 == 0:
                threading.Event().wait(0.0001)  # let the worker take the GIL to return from the engine
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert seen_inside > 100, f"the main thread never ran while the engine worked ({seen_inside})"


def test_a_thread_pool_gets_the_same_answers() -> None:
    clinic = booking.Clinic.from_path(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json")
    requests = [json.dumps({"site": "santiago-centro", "treatment": t, "from": "2026-12-07", "to": "2026-12-20",
                            "now": "2026-12-01T00:00:00Z"}) for t in ["limpieza", "control", "endodoncia", "extraccion"]] * 4
    serial = [clinic.availability(r).to_json() for r in requests]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = [a.to_json() for a in pool.map(clinic.availability, requests)]
    assert parallel == serial


def test_readers_never_see_a_half_replaced_engine() -> None:
    """Six threads query one Clinic while another replaces its bookings: every answer is the answer
    of one of the two bookings documents. Before set_bookings swapped in a new engine it crashed
    (rc 139) or answered from a mix of the two; the run is in a child process so a crash fails here."""
    run = subprocess.run([sys.executable, str(pathlib.Path(__file__).with_name("swap_stress.py")), "2", "6"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"exit status {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
