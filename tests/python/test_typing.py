"""The stubs under mypy --strict: keyword-only arguments that a call needs are typed as required
(a call without them is a type error, not a TypeError at run time), answers' tables are typed."""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

GOOD = '''
import datetime as dt
import pandas as pd
import booking

clinic = booking.Clinic.from_path("examples/clinic/clinic.json")
now = dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc)
week = clinic.availability(site="s", treatment="t", from_=dt.date(2026, 12, 7), to="2026-12-13", now=now)
week2 = clinic.availability({"site": "s"})
frame: pd.DataFrame = week.to_pandas()
r1 = clinic.check(slot="x", now=now)
r2 = clinic.check(site="s", professional="p", treatment="t", start=now, now=now, chair="c1")
alts = clinic.alternatives(slot="x", now=now, limit=3)
sim = booking.simulate({}, {}, from_="2026-12-01", to="2026-12-07", now=now)
rows: pd.DataFrame = sim.to_pandas()
'''

BAD = '''
import datetime as dt
import booking

clinic = booking.Clinic.from_path("examples/clinic/clinic.json")
now = dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc)
clinic.availability(site="s", treatment="t", from_="2026-12-07", to="2026-12-13")  # no now
clinic.check(site="s", professional="p", now=now)  # neither a slot nor treatment and start
clinic.alternatives(limit=3)  # nothing to look around
booking.simulate({}, {}, from_="2026-12-01", now=now)  # no to
'''


def mypy(tmp_path: pathlib.Path, code: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    source = tmp_path / "usage.py"
    source.write_text(code, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(source)],
                          capture_output=True, text=True, cwd=tmp_path)


def test_correct_calls_type_check(tmp_path: pathlib.Path) -> None:
    result = mypy(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout


def test_a_missing_required_keyword_is_a_type_error(tmp_path: pathlib.Path) -> None:
    result = mypy(tmp_path, BAD)
    assert result.returncode == 1, result.stdout
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert sorted({int(line.split(":")[1]) for line in lines}) == [7, 8, 9, 10], result.stdout
