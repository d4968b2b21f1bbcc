#!/usr/bin/env bash
# The foundation benchmark: prints the HTTP floor (/healthz), web-form
# requests created per second at concurrency 1 and 16 with median and p99
# latency, and ticket-list latency with 100,000 tickets in the database.
# Usage: bench/run.sh [BINARY [sqlite|postgres]]   (make bench runs both)
# Environment: DURATION (seconds per run, default 10), TICKETS (default 100000).
# The PostgreSQL run starts a throwaway cluster with tests/pg.sh (fsync on).
set -eu
bin=$(cd "$(dirname "${1:-./ventanilla}")" && pwd)/$(basename "${1:-./ventanilla}")
backend=${2:-sqlite}
here=$(cd "$(dirname "$0")" && pwd)
dur=${DURATION:-10}
tickets=${TICKETS:-100000}
dir=$(mktemp -d /tmp/ventanilla-bench.XXXXXX)
chmod 755 "$dir" # the PostgreSQL cluster runs as its own user
pid=""
pgdir=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  [ -n "$pgdir" ] && "$here/../tests/pg.sh" stop "$pgdir" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT

case "$backend" in
  sqlite)
    db=$dir/bench.db
    store_db=$dir/store.db
    dbq() { sqlite3 "$db" "$1"; }
    ;;
  postgres)
    pgdir=$dir/pg
    "$here/../tests/pg.sh" start "$pgdir" >/dev/null
    pgbase=$(cat "$pgdir/url")
    psql "$pgbase" -qc 'CREATE DATABASE bench' -c 'CREATE DATABASE store'
    db=$(echo "$pgbase" | sed 's|postgresql:///|postgresql:///bench|')
    store_db=$(echo "$pgbase" | sed 's|postgresql:///|postgresql:///store|')
    dbq() { psql "$db" -Atc "$1"; }
    ;;
  *) echo "usage: $0 [BINARY [sqlite|postgres]]" >&2; exit 2 ;;
esac

start() {
  rm -f "$dir/port"
  "$bin" serve --db "$db" --listen 127.0.0.1:0 --ready-file "$dir/port" --log-level "${LOG_LEVEL:-info}" \
    >>"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do [ -s "$dir/port" ] && break; sleep 0.05; done
  base="http://127.0.0.1:$(cat "$dir/port")"
}
stop() {
  kill -TERM "$pid"; wait "$pid" || true; pid=""
  # The server's own account of its writes: jobs per group commit, fsyncs.
  grep -o 'database writer: [^"]*' "$dir/server.log" | tail -1 | sed 's/^/  /'
}

# run_wrk LABEL THREADS CONNS SCRIPT PATH: prints rate and latency percentiles.
run_wrk() {
  local label=$1 threads=$2 conns=$3 script=$4 path=$5 out
  out=$(wrk -t"$threads" -c"$conns" -d"${dur}s" --latency ${script:+-s "$script"} "$base$path")
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bad=$(grep -o 'non2xx=[0-9]* errors=[0-9]*' <<<"$out" || echo "non2xx=? errors=?")
  printf '%-44s %10s req/s   p50 %-9s p99 %-9s %s\n' "$label" "$rps" "$p50" "$p99" "$bad"
  eval "RPS_$6=$rps"
}

echo "ventanilla benchmark — $backend — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), ${dur}s per run"
echo "every 201 is on disk before it is sent; access log at ${LOG_LEVEL:-info}"
"$bin" demo --db "$db" --tickets 0 --log-level warn >/dev/null
start
run_wrk "GET /healthz (HTTP floor), c=16" 2 16 "" /healthz HEALTH
run_wrk "POST /api/v1/public/requests, c=1" 1 1 "$here/webform.lua" / C1
run_wrk "POST /api/v1/public/requests, c=16" 2 16 "$here/webform.lua" / C16
awk -v a="$RPS_C16" -v b="$RPS_HEALTH" 'BEGIN { printf "web form at c=16 / healthz: %.2f\n", a / b }'
stop

# The writer's own ceiling, without HTTP, on a copy of the demo database.
store_bench=$(dirname "$bin")/build/release/bench/store_create
[ -x "$store_bench" ] || store_bench=$here/../build/release/bench/store_create
if [ -x "$store_bench" ]; then
  "$bin" demo --db "$store_db" --tickets 0 --log-level warn >/dev/null
  printf '%s (16 threads)\n' "$("$store_bench" "$store_db" 16 3000)"
fi

have=$(dbq 'select count(*) from tickets')
if [ "$have" -lt "$tickets" ]; then
  t0=$(date +%s%N)
  "$bin" demo --db "$db" --tickets $((tickets - have)) --log-level warn >/dev/null
  t1=$(date +%s%N)
  echo "seeded $((tickets - have)) more tickets through the store in $(( (t1 - t0) / 1000000 )) ms"
fi
echo "tickets in the database: $(dbq 'select count(*) from tickets')"
# As autovacuum would after a bulk load, before the server plans its queries.
[ "$backend" = postgres ] && dbq 'ANALYZE' >/dev/null
echo agent-password-1 | "$bin" user add --db "$db" --email bench@ventanilla.example --name Bench \
  --role admin --tenant CM --log-level warn >/dev/null
export TOKEN=$("$bin" token create --db "$db" --email bench@ventanilla.example --log-level warn)
export CURSOR=$(( $(dbq 'select max(id) from tickets') / 2 ))
start
run_wrk "GET /api/v1/tickets (8 filter mixes), c=1" 1 1 "$here/list.lua" / L1
run_wrk "GET /api/v1/tickets (8 filter mixes), c=16" 2 16 "$here/list.lua" / L16
stop
