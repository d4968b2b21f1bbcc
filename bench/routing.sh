#!/usr/bin/env bash
# The routing and knowledge-base benchmark (no HTTP): the time of one routing
# decision with 200 rules and the classifier, and of one knowledge-base search
# among 10,000 articles. Builds build/release/bench/routing_bench if missing;
# see bench/routing_bench.c for what it generates and times.
# Usage: bench/routing.sh   (make bench-routing)
# Environment: MESSAGES (10000), TRAIN (2000), ARTICLES (10000), SEARCHES
# (2000); VT_BENCH_PG=1 also runs the search part on a throwaway PostgreSQL
# cluster (tests/pg.sh, fsync on).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bench=$root/build/release/bench/routing_bench
[ -x "$bench" ] || make -C "$root" -s build/release/bench/routing_bench
dir=$(mktemp -d /tmp/ventanilla-routing.XXXXXX)
chmod 755 "$dir" # the PostgreSQL cluster runs as its own user
pgdir=""
cleanup() {
  [ -n "$pgdir" ] && "$root/tests/pg.sh" stop "$pgdir" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT

echo "ventanilla routing benchmark — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), release build, 1 thread timing"
"$bench" all "$dir/kb.db"

if [ "${VT_BENCH_PG:-0}" = 1 ]; then
  echo
  pgdir=$dir/pg
  "$root/tests/pg.sh" start "$pgdir" >/dev/null
  pgbase=$(cat "$pgdir/url")
  psql "$pgbase" -qc 'CREATE DATABASE kb'
  "$bench" kb "$(echo "$pgbase" | sed 's|postgresql:///|postgresql:///kb|')"
fi
