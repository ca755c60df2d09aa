#!/usr/bin/env bash
# Fetches Howard Hinnant's date library source from Debian (the same 3.0.1 as libhowardhinnant-date-dev)
# into $1/date-src, for the WebAssembly build, which must compile src/tz.cpp itself (libdate-tz.so is
# native only). Nothing third-party is committed: this runs at build time. Idempotent.
set -euo pipefail
dest="${1:?usage: fetch-date-src.sh DIR}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
if [ -f "$dest/date-src/src/tz.cpp" ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  # Not Debian (the manylinux image cibuildwheel builds wheels in): the same file from Debian's archive.
  orig=howardhinnant-date_3.0.1+ds.orig.tar.xz
  curl -fsSL -o "$dest/$orig" "https://deb.debian.org/debian/pool/main/h/howardhinnant-date/howardhinnant-date_3.0.1%2bds.orig.tar.xz"
  echo "2768b67c1b5cf07715978584ef174dae679e90bf420777aee4e8b09e993681f1  $dest/$orig" | sha256sum -c - >/dev/null
  rm -rf "$dest/date-src" && mkdir "$dest/date-src"
  tar -xf "$dest/$orig" -C "$dest/date-src" --strip-components=1
  test -f "$dest/date-src/src/tz.cpp"
  echo "date source unpacked in $dest/date-src"
  exit 0
fi
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
