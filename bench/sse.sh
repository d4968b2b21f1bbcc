#!/usr/bin/env bash
# The live-stream benchmark: how many Server-Sent-Events streams one node
# holds, what each costs in server memory, and how long a new ticket takes to
# reach every open stream (measured from the web-form POST, so it includes
# that request's commit and fsync).
# Usage: bench/sse.sh [BINARY]   Environment: STREAMS (default "1000 5000"),
# EVENTS (per run, default 50). SQLite, demo data.
set -eu
bin=$(cd "$(dirname "${1:-./ventanilla}")" && pwd)/$(basename "${1:-./ventanilla}")
here=$(cd "$(dirname "$0")" && pwd)
client=$here/../build/release/bench/sse_fanout
dir=$(mktemp -d /tmp/ventanilla-sse.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
"$bin" migrate --db "$dir/db" --log-level warn >/dev/null
"$bin" demo --db "$dir/db" --tickets 0 --log-level warn >/dev/null
token=$("$bin" token create --db "$dir/db" --log-level warn --email agente1.cm@ventanilla.example)
for n in ${STREAMS:-1000 5000}; do
  rm -f "$dir/port"
  "$bin" serve --db "$dir/db" --listen 127.0.0.1:0 --ready-file "$dir/port" --log-level warn \
    >>"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do [ -s "$dir/port" ] && break; sleep 0.05; done
  echo "SSE fan-out, $n streams (agente1.cm: every administration in scope)"
  "$client" 127.0.0.1 "$(cat "$dir/port")" "$token" "$n" "${EVENTS:-50}" "$pid"
  kill -TERM "$pid"; wait "$pid" || true; pid=""
done
