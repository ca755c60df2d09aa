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
"$venv/bin/python" -c "import moto.server, werkzeug, boto3" 2>/dev/null ||
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
# moto's transact_write_items checks every condition and then writes, with no lock, while the server
# answers each connection in its own thread: two concurrent transactions could both pass the check of
# one claim key (and its deepcopy of the table can fail with "dictionary changed size during
# iteration"). DynamoDB executes each transaction in isolation; to model that, requests here are
# handled one at a time (connections stay concurrent and keep-alive). docs/stores.md#dynamodb.
"$venv/bin/python" - "$dir/port" >"$dir/log" 2>&1 <<'EOF' &
import os, signal, sys, threading
from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

moto_app = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()

def app(environ, start_response):
    with one_at_a_time:
        return list(moto_app(environ, start_response))

server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: done.set())
signal.signal(signal.SIGINT, lambda *_: done.set())
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
done.wait()
server.shutdown()
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
