#!/usr/bin/env bash
# The deadline sweep's cost per 100,000 open tickets (SQLite, no HTTP): a
# demo store (administrations, calendars, policies), OPEN tickets created
# through the store (build/release/bench/store_create), spread over the last
# three months with a mix of statuses and priorities, then
# build/release/bench/sla_bench: the catch-up passes that compute every due
# time and fire what is due, and passes with nothing to do.
# Usage: bench/sla.sh   (make bench-sla)   Environment: OPEN (100000)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
open=${OPEN:-100000}
[ -x "$root/build/release/bench/sla_bench" ] || make -C "$root" -s build/release/bench/sla_bench
[ -x "$root/build/release/bench/store_create" ] || make -C "$root" -s build/release/bench/store_create
dir=$(mktemp -d /tmp/ventanilla-sla.XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/v.db
echo "ventanilla deadline-sweep benchmark — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), release build, SQLite"
"$root/ventanilla" demo --db "$db" --tickets 0 --log-level warn >/dev/null
"$root/build/release/bench/store_create" "$db" 13 $(( (open + 12) / 13 )) >/dev/null
# Three months of history: creation spread back, a fifth waiting on the
# citizen, some urgent; due times to be computed by the sweep.
sqlite3 "$db" "UPDATE tickets SET created_at = created_at - abs(random() % 7776000000),
  status = CASE abs(random() % 10) WHEN 0 THEN 'pending' WHEN 1 THEN 'pending' WHEN 2 THEN 'on_hold' ELSE 'open' END,
  priority = CASE abs(random() % 20) WHEN 0 THEN 'urgent' WHEN 1 THEN 'high' ELSE 'normal' END,
  sla_stamped_at = NULL;"
echo "$(sqlite3 "$db" "SELECT count(*) FROM tickets WHERE status NOT IN ('resolved','closed')") open tickets"
"$root/build/release/bench/sla_bench" "$db"
