#!/usr/bin/env bash
# Runs CMD with a throw-away PostgreSQL cluster on 127.0.0.1 (a free port), then stops and removes it,
# also when CMD fails or the script is interrupted.
# Usage: scripts/with-postgres.sh CMD [ARG ...]
# CMD sees
#   BOOKING_TEST_POSTGRES=postgresql://postgres@127.0.0.1:PORT/booking_test
#   BOOKING_TEST_POSTGRES_CTL=<script>   `<script> stop` (pg_ctl stop -m immediate: a crash) and
#                                        `<script> start` (same port, same data) for the kill test
# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user (runuser).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
[ $# -gt 0 ] || { echo "usage: $0 CMD [ARG ...]" >&2; exit 2; }

scripts/install-deps.sh postgresql postgresql-contrib
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "with-postgres: no initdb under /usr/lib/postgresql/*/bin" >&2; exit 1; }
share=$("$bin/pg_config" --sharedir)
[ -f "$share/extension/btree_gist.control" ] ||
  { echo "with-postgres: btree_gist is missing ($share/extension; package postgresql-contrib)" >&2; exit 1; }

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "with-postgres: running as root but there is no postgres user" >&2; exit 1; }
  as_owner=(runuser -u postgres --)
fi

mkdir -p build
dir=$(mktemp -d "$root/build/postgres.XXXXXX")
chmod 755 "$dir"
[ ${#as_owner[@]} -eq 0 ] || chown postgres: "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  status=$?
  trap - EXIT INT TERM
  if [ -f "$dir/data/postmaster.pid" ]; then
    (cd / && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1) ||
      (cd / && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1) || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$dir/log" ]; then
    echo "with-postgres: exit $status; the last lines of the server log:" >&2
    tail -n 20 "$dir/log" >&2 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The controller the tests use; the same options as the first start, so a restart comes back on the
# same port with the same data.
cat >"$dir/ctl.sh" <<EOF
#!/usr/bin/env bash
# $dir/ctl.sh stop|start — stop = pg_ctl stop -m immediate (no checkpoint, like a crash)
set -euo pipefail
cd /
case "\${1:-}" in
  stop) ${as_owner[*]} "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop ;;
  start) ${as_owner[*]} "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \\
           -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
EOF
chmod 755 "$dir/ctl.sh"

(cd / && "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1) ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"$dir/ctl.sh" start >/dev/null
"$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE booking_test" >/dev/null

export BOOKING_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/booking_test"
export BOOKING_TEST_POSTGRES_CTL="$dir/ctl.sh"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
"$@"
