#!/usr/bin/env bash
# Installs the Debian packages the native build needs, only when something is missing.
# Usage: scripts/install-deps.sh [extra-debian-package ...]
set -euo pipefail
need=(g++ cmake ninja-build libhowardhinnant-date-dev nlohmann-json3-dev doctest-dev libboost-dev libcli11-dev tzdata "$@")
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
