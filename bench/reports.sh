#!/usr/bin/env bash
# The reports benchmark: TICKETS (1,000,000) tickets over two years in a
# fresh SQLite store holding the demo's administrations, services and
# agents, then p50/p90/p99 of each report query (bench/reports_bench.c).
# Usage: bench/reports.sh [DB]   (make bench-reports). A DB given is kept
# and reused (the tickets are only added once).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bench=$root/build/release/bench/reports_bench
[ -x "$bench" ] || make -C "$root" -s build/release/bench/reports_bench
[ -x "$root/ventanilla" ] || make -C "$root" -s ventanilla
dir=""
db=${1:-}
if [ -z "$db" ]; then
  dir=$(mktemp -d /tmp/ventanilla-reports.XXXXXX)
  trap 'rm -rf "$dir"' EXIT
  db=$dir/reports.db
fi
"$root/ventanilla" demo --db "$db" --tickets 0 --log-level warn >/dev/null
echo "ventanilla reports benchmark — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), release build, SQLite"
"$bench" "$db"
ls -l "$db" | awk '{printf "database file: %.0f MB\n", $5 / 1048576}'
