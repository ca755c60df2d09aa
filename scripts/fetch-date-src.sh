#!/usr/bin/env bash
# Fetches Howard Hinnant's date library source from Debian (the same 3.0.1 as libhowardhinnant-date-dev)
# into $1/date-src, for the WebAssembly build, which must compile src/tz.cpp itself (libdate-tz.so is
# native only). Nothing third-party is committed: this runs at build time. Idempotent.
set -euo pipefail
dest="${1:?usage: fetch-date-src.sh DIR}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
if [ -f "$dest/date-src/src/tz.cpp" ]; then exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
src_list=/etc/apt/sources.list.d/booking-deb-src.sources
if ! grep -rqs "^Types:.*deb-src" /etc/apt/sources.list.d/ && ! grep -qs "^deb-src" /etc/apt/sources.list; then
  # The same archive, suites and key as the binary entries, for source packages.
  sed -n '/^Types: deb$/,/^$/p' /etc/apt/sources.list.d/debian.sources | sed 's/^Types: deb$/Types: deb-src/' \
    | $SUDO tee "$src_list" >/dev/null
  $SUDO apt-get update -qq
fi
cd "$dest"
apt-get source --download-only howardhinnant-date >/dev/null 2>&1 || { $SUDO apt-get update -qq; apt-get source --download-only howardhinnant-date >/dev/null; }
orig=$(ls howardhinnant-date_*.orig.tar.* | head -n 1)
rm -rf date-src && mkdir date-src
tar -xf "$orig" -C date-src --strip-components=1
test -f date-src/src/tz.cpp
echo "date source unpacked in $dest/date-src"
