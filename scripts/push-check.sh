#!/usr/bin/env bash
# The server's Web Push checked by the reference Python libraries (tests/push/check.py: py_vapid for the VAPID
# signature, http_ece to open the message), against a real tend-server on a fresh SQLite database. The Python
# tools live in target/py-tools (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
py=target/py-tools/bin/python
work=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cargo build -q -p tend-server
mkdir "$work/dist"
echo '<!doctype html><title>Tend</title>' > "$work/dist/index.html"
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=warn target/debug/tend-server --listen "127.0.0.1:$port" --dist "$work/dist" --data-dir "$work/data" \
  --loopback-push > /dev/null &
server=$!
for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
"$py" tests/push/check.py "http://127.0.0.1:$port"
