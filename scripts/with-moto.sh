#!/usr/bin/env bash
# Runs CMD with moto's DynamoDB API server on 127.0.0.1 (a free port), then stops it, also when CMD
# fails or the script is interrupted. (moto, not Amazon's DynamoDB Local: that one's licence is not
# open source.)
# Usage: scripts/with-moto.sh CMD [ARG ...]
# CMD sees
#   BOOKING_TEST_DYNAMODB=dynamodb://bookings?endpoint_url=http://127.0.0.1:PORT&region=us-east-1
#   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (dummies), AWS_DEFAULT_REGION=us-east-1
# moto runs in the Python of build/python-venv (created, and moto[server] installed, when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
[ $# -gt 0 ] || { echo "usage: $0 CMD [ARG ...]" >&2; exit 2; }

venv=build/python-venv
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -c "import moto.server, boto3" 2>/dev/null ||
  "$venv/bin/python" -m pip -q --disable-pip-version-check install "moto[server]>=5" boto3

mkdir -p build
dir=$(mktemp -d "$root/build/moto.XXXXXX")
pid=""
stop() {
  status=$?
  trap - EXIT INT TERM
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$dir/log" ]; then
    echo "with-moto: exit $status; the last lines of the server log:" >&2
    tail -n 20 "$dir/log" >&2 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Port 0: the kernel picks a free port and the server writes it down once it listens.
"$venv/bin/python" - "$dir/port" >"$dir/log" 2>&1 <<'EOF' &
import os, signal, sys, threading
from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: done.set())
signal.signal(signal.SIGINT, lambda *_: done.set())
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.get_host_and_port()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
done.wait()
server.stop()
EOF
pid=$!
for _ in $(seq 1 300); do
  [ -s "$dir/port" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "with-moto: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -s "$dir/port" ] || { echo "with-moto: no port after 30 s" >&2; exit 1; }
port=$(cat "$dir/port")

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE
export BOOKING_TEST_DYNAMODB="dynamodb://bookings?endpoint_url=http://127.0.0.1:$port&region=us-east-1"
echo "with-moto: moto $("$venv/bin/python" -c 'import moto; print(moto.__version__)') on 127.0.0.1:$port"
"$@"
