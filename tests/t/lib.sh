# End-to-end test library in git's t/ style. Each test script sources this,
# starts the real binary on a free loopback port with a fresh database in its
# own scratch folder, drives it with curl and jq, and prints TAP lines.
#
#   . "$(dirname "$0")/lib.sh"
#   start_server [--with-demo]
#   test_expect_success 'what it checks' '
#     api GET /healthz && expect_status 200 && expect_json .status ok
#   '
#   test_done
#
# The database is an SQLite file in the scratch folder, or, with
# VT_TEST_BACKEND=postgres, a fresh PostgreSQL database created for this
# script in the cluster at VT_TEST_PG_BASE (a postgresql:// URL naming no
# database, as tests/run.sh exports it) and dropped at the end. Either way
# $DB is what `--db` takes, and `db_query SQL` runs SQL against it.

set -u
: "${VENTANILLA:?run through tests/run.sh or set VENTANILLA to the binary}"
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "/tmp/vt-$TEST_NAME.XXXXXX")
BACKEND=${VT_TEST_BACKEND:-sqlite}
PG_DBNAME=""

# pg_url_with_db URL NAME: URL (postgresql://[authority][/db][?params]) with
# its database replaced by NAME; any dbname= parameter is dropped.
pg_url_with_db() {
  local url=$1 name=$2 query="" rest auth kv out=""
  case "$url" in *\?*) query=${url#*\?}; url=${url%%\?*} ;; esac
  rest=${url#*://}
  auth=${rest%%/*}
  if [ -n "$query" ]; then
    local IFS='&'
    for kv in $query; do
      case "$kv" in dbname=*|"") ;; *) out="$out${out:+&}$kv" ;; esac
    done
  fi
  echo "${url%%://*}://$auth/$name${out:+?$out}"
}

case "$BACKEND" in
  sqlite) DB="$SCRATCH/ventanilla.db" ;;
  postgres)
    : "${VT_TEST_PG_BASE:?VT_TEST_BACKEND=postgres needs VT_TEST_PG_BASE (tests/run.sh starts a cluster with tests/pg.sh)}"
    PG_ADMIN_URL=$(pg_url_with_db "$VT_TEST_PG_BASE" postgres)
    PG_DBNAME="vt_$(echo "$TEST_NAME" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' _ | cut -c1-40)_$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')"
    if ! psql "$PG_ADMIN_URL" -XqAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $PG_DBNAME" >"$SCRATCH/createdb.out" 2>&1; then
      echo "could not create database $PG_DBNAME on $VT_TEST_PG_BASE:"; cat "$SCRATCH/createdb.out"
      PG_DBNAME=""
      exit 1
    fi
    DB=$(pg_url_with_db "$VT_TEST_PG_BASE" "$PG_DBNAME")
    ;;
  *) echo "VT_TEST_BACKEND must be sqlite or postgres, not '$BACKEND'"; exit 1 ;;
esac
BODY="$SCRATCH/body.json"
HEADERS="$SCRATCH/headers.txt"
SERVER_PID=""
BASE=""
STATUS=""
test_count=0
test_failures=0

# db_query SQL: runs SQL against $DB with the backend's own client (sqlite3
# or psql); prints rows one a line, columns separated by |, no headers.
db_query() {
  if [ "$BACKEND" = postgres ]; then
    psql "$DB" -XqAt -v ON_ERROR_STOP=1 -c "$1"
  else
    sqlite3 -batch -noheader "$DB" "$1"
  fi
}

# Drops this script's PostgreSQL database (after the server has stopped).
drop_database() {
  [ -n "$PG_DBNAME" ] || return 0
  psql "$PG_ADMIN_URL" -XqAt -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS $PG_DBNAME WITH (FORCE)" >/dev/null || return 1
  PG_DBNAME=""
}

# On exit: a test body that ended the script (start_server exits when the
# server does not come up) is reported as failed; the scratch folder and
# the database are kept after any failure.
current_test=""
exec 7>&1 8>&2 # the script's own output, for a trap run inside a test body
cleanup() {
  local rc=$?
  exec >&7 2>&8
  if [ -n "$current_test" ]; then
    test_failures=$((test_failures + 1))
    echo "not ok $test_count - $current_test (the script exited with $rc during this test)"
    sed 's/^/#   /' "$SCRATCH/test.out" 2>/dev/null
    echo "# server log tail:"; tail -20 "$SCRATCH/server.log" 2>/dev/null | sed 's/^/#   /'
    current_test=""
  fi
  stop_streams
  stop_server
  stop_mail
  if [ "$test_failures" -eq 0 ] && [ "$rc" -eq 0 ]; then
    drop_database
    rm -rf "$SCRATCH"
  else
    echo "# scratch kept in $SCRATCH"
    if [ -n "$PG_DBNAME" ]; then echo "# database kept (while its cluster runs): $DB"; fi
  fi
}
trap cleanup EXIT

# start_mail: a throwaway Dovecot (IMAP, LMTP) and Postfix (SMTP) on free
# loopback ports (tests/mail.sh), stopped when the script ends; sets
# MAIL_IMAP_PORT, MAIL_SMTP_PORT, MAIL_IMAP_URL, MAIL_SMTP_URL... from its env.
MAIL_DIR=""
start_mail() {
  MAIL_DIR="$SCRATCH/mail"
  chmod 755 "$SCRATCH" # the mail is stored as an unprivileged user
  if ! "$(dirname "${BASH_SOURCE[0]}")/../mail.sh" start "$MAIL_DIR" >"$SCRATCH/mail-start.log" 2>&1; then
    echo "the mail servers did not start:"; cat "$SCRATCH/mail-start.log"; exit 1
  fi
  . "$MAIL_DIR/env"
}
stop_mail() {
  [ -n "$MAIL_DIR" ] || return 0
  "$(dirname "${BASH_SOURCE[0]}")/../mail.sh" stop "$MAIL_DIR" >/dev/null 2>&1
  MAIL_DIR=""
}

# Starts the server; extra arguments go to `ventanilla serve`.
start_server() {
  local args=()
  if [ "${1:-}" = "--with-demo" ]; then
    shift
    # DEMO_TICKETS=N loads only N demo tickets (0: administrations, services
    # and users only), for tests that count their own tickets.
    "$VENTANILLA" demo --db "$DB" --log-level warn ${DEMO_TICKETS:+--tickets "$DEMO_TICKETS"} \
      >"$SCRATCH/demo.out" 2>&1 || { echo "demo failed"; cat "$SCRATCH/demo.out"; exit 1; }
  fi
  rm -f "$SCRATCH/port"
  "$VENTANILLA" serve --db "$DB" --listen 127.0.0.1:0 --ready-file "$SCRATCH/port" "$@" \
    >>"$SCRATCH/server.log" 2>&1 7>&- 8>&- &
  SERVER_PID=$!
  local i
  for i in $(seq 1 200); do
    [ -s "$SCRATCH/port" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died"; cat "$SCRATCH/server.log"; exit 1; }
    sleep 0.05
  done
  [ -s "$SCRATCH/port" ] || { echo "server did not start"; cat "$SCRATCH/server.log"; exit 1; }
  PORT=$(cat "$SCRATCH/port")
  BASE="http://127.0.0.1:$PORT"
}

# Stops the server by its pid with SIGTERM and waits; returns its exit code.
stop_server() {
  local rc=0
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null || rc=$?
    SERVER_PID=""
  fi
  return $rc
}

# api METHOD PATH [JSON-BODY] [extra curl args...]: the body lands in $BODY,
# headers in $HEADERS, the status in $STATUS. Sends $AUTH (curl args) too.
AUTH=()
api() {
  local method=$1 path=$2
  shift 2
  local data=()
  if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    data=(-H 'Content-Type: application/json' --data-binary "$1")
    shift
  fi
  STATUS=$(curl -s -o "$BODY" -D "$HEADERS" -w '%{http_code}' -X "$method" \
    ${AUTH[@]+"${AUTH[@]}"} ${data[@]+"${data[@]}"} "$@" "$BASE$path")
}

expect_status() {
  if [ "$STATUS" != "$1" ]; then
    echo "expected status $1, got $STATUS: $(head -c 600 "$BODY")"
    return 1
  fi
}

# expect_json FILTER VALUE: jq -r FILTER of the body equals VALUE.
expect_json() {
  local got
  got=$(jq -r "$1" <"$BODY") || { echo "body is not JSON: $(head -c 300 "$BODY")"; return 1; }
  if [ "$got" != "$2" ]; then
    echo "expected $1 = '$2', got '$got'"
    return 1
  fi
}

# The live event stream (GET /api/v1/events) of a caller, for tests of it.
# stream NAME TOKEN [LAST_EVENT_ID]: reads the caller's stream in the
# background into $SCRATCH/NAME.sse until stop_streams.
STREAMS=()
stream() {
  local extra=()
  [ -n "${3:-}" ] && extra=(-H "Last-Event-ID: $3")
  curl -sN -H "Authorization: Bearer $2" ${extra[@]+"${extra[@]}"} "$BASE/api/v1/events" \
    >"$SCRATCH/$1.sse" 2>/dev/null &
  STREAMS+=($!)
}
stop_streams() {
  local p
  for p in ${STREAMS[@]+"${STREAMS[@]}"}; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  STREAMS=()
}
# wait_for FILE PATTERN: up to 5 s for PATTERN (grep -E) to appear.
wait_for() {
  local i
  for i in $(seq 1 100); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "no '$2' in $1 after 5 s:"; cat "$1"; return 1
}

# expect_header NAME PATTERN (grep -i -E on that header line)
expect_header() {
  if ! grep -i -E "^$1: $2" "$HEADERS" >/dev/null; then
    echo "expected header $1 matching '$2'; headers were:"; cat "$HEADERS"
    return 1
  fi
}

# jv FILTER: prints jq -r FILTER of the last body.
jv() { jq -r "$1" <"$BODY"; }

# Creates a user and an API token; sets AUTH to use it.
# make_user EMAIL ROLE TENANT...
make_user() {
  local email=$1 role=$2
  shift 2
  local targs=() t
  for t in "$@"; do targs+=(--tenant "$t"); done
  echo "a-long-enough-password" | "$VENTANILLA" user add --db "$DB" --email "$email" \
    --name "Test $role" --role "$role" ${targs[@]+"${targs[@]}"} >/dev/null || return 1
  TOKEN=$("$VENTANILLA" token create --db "$DB" --email "$email") || return 1
  AUTH=(-H "Authorization: Bearer $TOKEN")
}

# Stops the server with SIGKILL, as a crash or power cut would, and waits.
kill_server_hard() {
  if [ -n "$SERVER_PID" ]; then
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
  return 0
}

# token_for EMAIL: prints a new API token for an existing user (demo users).
token_for() { "$VENTANILLA" token create --db "$DB" --log-level warn --email "$1"; }

# as_token TOKEN: makes `api` send it as a Bearer token (empty: no auth).
as_token() {
  if [ -n "${1:-}" ]; then AUTH=(-H "Authorization: Bearer $1"); else AUTH=(); fi
}

# jobj KEY VALUE...: a JSON object of those string values, safely quoted.
jobj() { jq -nc '[$ARGS.positional | _nwise(2) | {(.[0]): .[1]}] | add // {}' --args "$@"; }

# expect_true FILTER: jq FILTER on the body yields true.
expect_true() {
  local got
  got=$(jq -r "$1" <"$BODY" 2>&1) || { echo "body is not JSON or filter failed: $got; body: $(head -c 300 "$BODY")"; return 1; }
  if [ "$got" != "true" ]; then
    echo "expected $1 to be true, got '$got'; body: $(head -c 600 "$BODY")"
    return 1
  fi
}

# expect_error STATUS CODE: the one error shape with that status and code.
expect_error() {
  expect_status "$1" && expect_json .error.code "$2" && expect_true '.error.message | length > 0'
}

# expect_clean_stop: SIGTERM ends the server with exit code 0, and neither
# AddressSanitizer nor UBSan reported anything while it ran.
expect_clean_stop() {
  local rc=0
  stop_server || rc=$?
  if [ "$rc" -ne 0 ]; then echo "server exited with $rc"; tail -30 "$SCRATCH/server.log"; return 1; fi
  if grep -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$SCRATCH/server.log"; then
    return 1
  fi
  grep -q "stopped cleanly" "$SCRATCH/server.log"
}

# Runs a test body. Being a function, `return N` in a body ends only the body
# (a bare eval in test_expect_success would return from it unreported).
run_test_body() { eval "$1"; }

test_expect_success() {
  local desc=$1 body=$2
  test_count=$((test_count + 1))
  # Run in this shell (not a subshell) so tests can change server state;
  # so a test body must fail with `false`/a failing command, never `exit`.
  current_test=$desc
  if run_test_body "$body" >"$SCRATCH/test.out" 2>&1; then
    current_test=""
    echo "ok $test_count - $desc"
  else
    current_test=""
    test_failures=$((test_failures + 1))
    echo "not ok $test_count - $desc"
    sed 's/^/#   /' "$SCRATCH/test.out"
  fi
}

test_done() {
  echo "1..$test_count"
  if [ "$test_failures" -ne 0 ]; then
    echo "# $test_failures failed"
    echo "# server log tail:"; tail -20 "$SCRATCH/server.log" 2>/dev/null | sed 's/^/#   /'
    exit 1
  fi
  exit 0
}
