#!/usr/bin/env bash
# Builds and installs the Python package into a virtual environment under build/ (kept between
# runs, like the CMake build it caches in build/python/), then runs pytest (golden scenarios, API,
# GIL, hypothesis properties, schema, the stores: PostgreSQL and moto's DynamoDB API are started for the
# run by scripts/with-postgres.sh and scripts/with-moto.sh), mypy --strict on the example, the analyst example, and a
# wheel installed into a fresh virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh
py="${PYTHON:-python3}"
venv=build/python-venv
if [ ! -x "$venv/bin/python" ]; then "$py" -m venv "$venv"; fi
pip() { "$venv/bin/python" -m pip -q --disable-pip-version-check "$@"; }
"$venv/bin/python" -c "import scikit_build_core, pybind11, pytest, hypothesis, mypy, pandas, matplotlib, jsonschema, icalendar, starlette, uvicorn, httpx2, psycopg, psycopg_pool, boto3, moto.server" 2>/dev/null ||
  pip install "scikit-build-core>=0.10" "pybind11>=2.12" pytest hypothesis mypy pandas pandas-stubs matplotlib jsonschema icalendar \
    "starlette>=1.0" "uvicorn>=0.30" httpx2 "psycopg[binary]>=3.1" "psycopg_pool>=3.2" boto3 "moto[server]>=5"

echo "-- pip install ."
pip install --no-build-isolation .
(cd /tmp && "$root/$venv/bin/python" -c "import booking; print('import booking', booking.version())")

echo "-- pytest (beside a throw-away PostgreSQL and moto's DynamoDB API, for the store tests)"
scripts/with-postgres.sh scripts/with-moto.sh "$venv/bin/python" -m pytest -q tests/python tests/schema

echo "-- mypy --strict"
"$venv/bin/python" -m mypy --strict examples/python/analyst.py examples/python/draft_preview.py

echo "-- analyst example"
"$venv/bin/python" examples/python/analyst.py build/analyst

echo "-- draft preview example (exits 3: the bundled draft breaks two bookings)"
status=0; "$venv/bin/python" examples/python/draft_preview.py || status=$?
[ "$status" -eq 3 ] || { echo "draft_preview.py exited $status, expected 3"; exit 1; }

echo "-- the wheel installs and imports in a new virtual environment"
rm -rf build/python-wheel build/python-wheel-venv
pip wheel --no-build-isolation --no-deps -w build/python-wheel .
"$py" -m venv build/python-wheel-venv
build/python-wheel-venv/bin/python -m pip -q --disable-pip-version-check install build/python-wheel/booking-*.whl
(cd /tmp && "$root/build/python-wheel-venv/bin/python" -c "
import booking, json
c = booking.Clinic.from_path('$root/examples/clinic/clinic.json', '$root/examples/clinic/bookings.json')
print('wheel:', booking.version(), len(c.availability(json.load(open('$root/examples/clinic/request-week.json')))), 'slots')")
