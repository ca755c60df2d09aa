"""Run by scripts/check-wheel.sh inside a mount namespace without libdate-tz and zone files: proves
they are gone, then that the installed wheel answers as the golden scenarios say."""
import ctypes
import json
import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
assert os.listdir("/usr/share/zoneinfo") == [], "the system's zone files are still visible"
try:
    ctypes.CDLL("libdate-tz.so.3")
    raise SystemExit("libdate-tz.so.3 can still be loaded")
except OSError:
    pass

import booking  # noqa: E402  (after the checks: importing must not need what they hid)

assert booking.__file__.startswith(sys.prefix), booking.__file__  # the wheel, not the source tree
assert booking._core.bundled_tz and booking.ZONEINFO.startswith(sys.prefix)
replayed = 0
for path in sorted((root / "tests" / "scenarios").glob("*.json")):  # as tests/python/test_scenarios.py
    s = json.loads(path.read_text(encoding="utf-8"))
    expected = json.dumps(s.pop("expected"), ensure_ascii=False, separators=(",", ":"))
    try:
        got = booking._core.run_json(s["operation"], json.dumps(s, ensure_ascii=False))
    except booking.Error as e:
        got = json.dumps({"error": {"code": e.code, "pointer": e.pointer, "message": str(e)}},
                         ensure_ascii=False, separators=(",", ":"))
    assert got == expected, f"{path.name}: {got[:300]} != {expected[:300]}"
    replayed += 1
assert replayed >= 20, replayed
example = root / "examples" / "clinic"
clinic = booking.Clinic.from_path(example / "clinic.json", example / "bookings.json")
week = clinic.availability(json.loads((example / "request-week.json").read_text(encoding="utf-8")))
assert len(week) > 0 and str(week[0].start.tzinfo) == "America/Santiago"
print(f"wheel {booking.version()} without libdate-tz or /usr/share/zoneinfo: {replayed} golden scenarios, "
      f"{len(week)} slots of the example week")
