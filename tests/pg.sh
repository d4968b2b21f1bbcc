#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, listening only on a unix
# socket in its own folder.
#
#   tests/pg.sh start DIR   initdb into DIR/data, start the server with its
#                           socket in DIR, write the base URL (no database
#                           name) to DIR/url and wait until it accepts
#                           connections
#   tests/pg.sh stop DIR    stop that server (pg_ctl stop -m fast) and remove DIR
#
# As root, initdb and postgres run as the `postgres` system user (created by
# Debian's postgresql package; PG_USER overrides it), which then owns DIR.
# PG_BIN may name the folder holding initdb, pg_ctl and pg_isready.
set -eu

die() { echo "pg.sh: $*" >&2; exit 1; }

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case "$dir" in
  /*) ;;
  *) dir=$(pwd)/$dir ;;
esac

# The folder of the server programs: PG_BIN, else the newest Debian
# /usr/lib/postgresql/N/bin, else wherever initdb is on the PATH.
find_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/initdb" ] || die "PG_BIN=$PG_BIN has no initdb"
    echo "$PG_BIN"
    return
  fi
  local d best=""
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
  done
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1; then
    best=$(dirname "$(command -v initdb)")
  fi
  [ -n "$best" ] || die "PostgreSQL server not found (no initdb in /usr/lib/postgresql/*/bin or on PATH); install the Debian packages postgresql and postgresql-contrib (scripts/deps.sh test does)"
  echo "$best"
}

# as_owner CMD...: runs CMD as the cluster's owner (the postgres user when
# we are root, ourselves otherwise), from DIR so that a folder the owner
# cannot read is never the current one.
owner=""
if [ "$(id -u)" -eq 0 ]; then
  owner=${PG_USER:-postgres}
fi
as_owner() {
  if [ -n "$owner" ]; then
    (cd "$dir" && runuser -u "$owner" -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

start() {
  local bin port url
  bin=$(find_bin)
  for p in initdb pg_ctl pg_isready; do
    [ -x "$bin/$p" ] || die "$bin/$p is missing; install the Debian package postgresql"
  done
  if [ -n "$owner" ]; then
    id -u "$owner" >/dev/null 2>&1 ||
      die "running as root but there is no user '$owner' to run PostgreSQL as (the postgresql package creates it; or set PG_USER)"
    command -v runuser >/dev/null 2>&1 || die "runuser (util-linux) is needed to run PostgreSQL as $owner"
  fi
  [ ! -e "$dir/data" ] || die "$dir/data already exists"
  mkdir -p "$dir"
  : >"$dir/.vt-pg"
  # The owner writes the socket and its lock file into DIR; everyone else
  # only needs to reach the socket.
  if [ -n "$owner" ]; then chown "$owner" "$dir"; fi
  chmod 755 "$dir"
  if [ -n "$owner" ] && ! runuser -u "$owner" -- test -w "$dir"; then
    die "user $owner cannot write to $dir: every parent folder must be searchable by it (chmod 755 the folder made by mktemp)"
  fi

  local locale=C
  if locale -a 2>/dev/null | grep -Eqix 'c\.utf-?8'; then locale=C.UTF-8; fi
  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale="$locale" \
    --no-instructions >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  # The port only names the socket (no TCP): any number does, as the
  # socket lives in this cluster's own folder.
  port=$((20000 + RANDOM % 30000))
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -p $port" start >"$dir/pg_ctl.log" 2>&1; then
    cat "$dir/pg_ctl.log" >&2
    tail -20 "$dir/server.log" >&2 2>/dev/null || true
    die "the server did not start"
  fi
  local i
  for i in $(seq 1 300); do
    "$bin/pg_isready" -q -h "$dir" -p "$port" -U postgres -d postgres && break
    sleep 0.1
  done
  if ! "$bin/pg_isready" -q -h "$dir" -p "$port" -U postgres -d postgres; then
    tail -20 "$dir/server.log" >&2 2>/dev/null || true
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    die "the server does not accept connections"
  fi
  url="postgresql:///?host=$dir&port=$port&user=postgres"
  echo "$url" >"$dir/url"
  echo "$port" >"$dir/port"
  echo "$bin" >"$dir/bin"
  echo "pg.sh: PostgreSQL $("$bin/pg_ctl" --version | sed -E 's/^[^)]*\) ([^ ]+).*/\1/') on $dir/.s.PGSQL.$port"
}

stop() {
  [ -d "$dir" ] || return 0
  [ -e "$dir/.vt-pg" ] || die "$dir was not made by pg.sh start; not touching it"
  local bin rc=0
  bin=$(cat "$dir/bin" 2>/dev/null || find_bin)
  if [ -s "$dir/data/postmaster.pid" ]; then
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >"$dir/pg_ctl-stop.log" 2>&1; then
      # Still running: end it by its pid (the first line of postmaster.pid).
      local pid
      pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        echo "pg.sh: pg_ctl stop failed; killing postmaster $pid" >&2
        kill -QUIT "$pid" 2>/dev/null || true
        sleep 1
        kill -KILL "$pid" 2>/dev/null || true
        rc=1
      fi
    fi
  fi
  rm -rf "$dir"
  return $rc
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
