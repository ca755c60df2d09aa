"""Where the engine reads zone files: date/tz is compiled in and reads booking.ZONEINFO (the folder
installed with the package), or $BOOKING_TZDIR when set at import."""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import booking

ROOT = pathlib.Path(__file__).resolve().parents[2]

PROBE = """
import json, sys, booking
clinic = json.load(open(sys.argv[1], encoding="utf-8"))
out = {"zoneinfo": booking.ZONEINFO}
for zone in ("America/Santiago", "America/Lima"):
    for site in clinic["sites"]:
        site["timezone"] = zone
    try:
        booking.Clinic(clinic)
        out[zone] = "ok"
    except booking.Error as e:
        out[zone] = e.code
print(json.dumps(out))
"""


def probe(env: dict[str, str]) -> dict[str, str]:
    run = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "examples/clinic/clinic.json")], cwd="/",
                         env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_the_package_brings_its_zone_files() -> None:
    assert booking._core.bundled_tz
    folder = pathlib.Path(booking.ZONEINFO)
    assert folder == pathlib.Path(booking.__file__).with_name("zoneinfo")
    berlin = folder / "Europe" / "Berlin"
    assert berlin.read_bytes()[:4] == b"TZif" and berlin.stat().st_size > 1500  # fat: date ignores the footer
    assert not (folder / "posix").exists() and not (folder / "localtime").exists()
    assert (folder / "version").read_text().strip()


def test_booking_tzdir_points_the_engine_elsewhere(tmp_path: pathlib.Path) -> None:
    (tmp_path / "America").mkdir()
    shutil.copy(pathlib.Path(booking.ZONEINFO) / "America" / "Santiago", tmp_path / "America" / "Santiago")
    assert probe({"BOOKING_TZDIR": str(tmp_path)}) == {"zoneinfo": str(tmp_path), "America/Santiago": "ok",
                                                       "America/Lima": "unknown_zone"}
    assert probe({"BOOKING_TZDIR": ""})["America/Lima"] == "ok"
