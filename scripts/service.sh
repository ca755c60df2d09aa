#!/usr/bin/env bash
# Starts the booking service on the example clinic at http://127.0.0.1:8000 (Ctrl-C stops it).
#   scripts/service.sh                          store: $BOOKING_STORE or sqlite:///build/service.db
#   scripts/service.sh --port 8001 --clinic path/to/clinic.json --store sqlite:///build/other.db
# Installs the package and its [service] extra into build/python-venv when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
py="${PYTHON:-python3}"
venv=build/python-venv
if [ ! -x "$venv/bin/python" ]; then "$py" -m venv "$venv"; fi
pip() { "$venv/bin/python" -m pip -q --disable-pip-version-check "$@"; }
if ! "$venv/bin/python" -c "import booking.store, starlette, uvicorn" 2>/dev/null; then
  scripts/install-deps.sh
  pip install "scikit-build-core>=0.10" "pybind11>=2.12" "starlette>=1.0" "uvicorn>=0.30" httpx2
  pip install --no-build-isolation .
fi
exec "$venv/bin/python" examples/service/app.py "$@"
