#!/usr/bin/env bash
# Runs every test tier against both storage backends and ends with the line
# "N passed, N failed".
# Usage: tests/run.sh BINARY UNIT_TEST_BINARY...
# Unit tests are cmocka programs; end-to-end tests are tests/t/t*.sh scripts
# printing TAP lines ("ok N - ...", "not ok N - ..."), each given the binary
# in $VENTANILLA.
#
# One throwaway PostgreSQL cluster (tests/pg.sh) serves the whole run; its
# base URL is exported as VT_TEST_PG_BASE. The unit tests run once as they
# are (SQLite), and those that honour VT_TEST_BACKEND (test_store) once more
# with VT_TEST_BACKEND=postgres; the end-to-end scripts run once with
# VT_TEST_BACKEND=sqlite and once with VT_TEST_BACKEND=postgres. The browser
# tests (tests/browser/*.test.mjs: node driving Debian's Chromium) run once,
# on the first backend (SQLite). Result lines name the backend.
# VT_TEST_BACKENDS="sqlite" (or "postgres") limits the run to one backend.
set -u
bin=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
export VENTANILLA=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
unset VT_TEST_BACKEND VT_TEST_PG_BASE
backends=${VT_TEST_BACKENDS:-sqlite postgres}
passed=0
failed=0
failed_names=()
logdir=$(mktemp -d /tmp/ventanilla-tests.XXXXXX)

# ---- the PostgreSQL cluster ------------------------------------------------

pgroot=""
stop_cluster() {
  [ -n "$pgroot" ] || return 0
  local rc=0
  "$here/pg.sh" stop "$pgroot/pg" >>"$logdir/pg.log" 2>&1 || rc=$?
  rm -rf "$pgroot"
  pgroot=""
  return $rc
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# cluster_failed WHAT: counts one failure for the cluster and shows its log.
cluster_failed() {
  failed=$((failed + 1))
  failed_names+=("postgresql-cluster")
  echo "FAIL postgresql cluster ($1)"
  sed 's/^/    /' "$logdir/pg.log" | tail -30
}

pg_ok=0
case " $backends " in
  *" postgres "*)
    # The cluster runs as the postgres user when we are root: it must be
    # able to reach the folder, so mktemp's 0700 will not do.
    pgroot=$(mktemp -d /tmp/ventanilla-pg.XXXXXX)
    chmod 755 "$pgroot"
    if "$here/pg.sh" start "$pgroot/pg" >"$logdir/pg.log" 2>&1; then
      export VT_TEST_PG_BASE=$(cat "$pgroot/pg/url")
      pg_ok=1
      echo "ok   postgresql cluster ($(grep -o 'PostgreSQL [^ ]*' "$logdir/pg.log" | head -1), socket in $pgroot/pg)"
    else
      cluster_failed "could not start it: the PostgreSQL runs are not done"
      stop_cluster >/dev/null 2>&1
    fi
    ;;
esac

# ---- runners ---------------------------------------------------------------

# run_unit LABEL PROGRAM [VAR=VALUE...]: a cmocka program.
run_unit() {
  local label=$1 t=$2
  shift 2
  local out="$logdir/$label.log"
  env "$@" "$t" >"$out" 2>&1
  local rc=$?
  local p f
  p=$(grep -Eo '\[  PASSED  \] [0-9]+' "$out" | grep -Eo '[0-9]+$' | tail -1)
  f=$(grep -Eo '\[  FAILED  \] [0-9]+ test' "$out" | grep -Eo '[0-9]+' | tail -1)
  p=${p:-0}
  f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  local skipped
  skipped=$(grep -Eo '\[  SKIPPED \] [0-9]+' "$out" | grep -Eo '[0-9]+$' | tail -1)
  skipped=${skipped:+, $skipped skipped}
  if [ "$f" -ne 0 ]; then
    failed_names+=("$label")
    echo "FAIL $label ($p passed, $f failed${skipped})"
    sed 's/^/    /' "$out" | tail -40
  else
    echo "ok   $label ($p passed${skipped})"
  fi
}

# run_tap LABEL SCRIPT [VAR=VALUE...]: an end-to-end script.
run_tap() {
  local label=$1 t=$2
  shift 2
  local out="$logdir/$label.log"
  local start
  start=$(date +%s)
  env "$@" bash "$t" >"$out" 2>&1
  local rc=$?
  local p f
  p=$(grep -Ec '^ok [0-9]+' "$out")
  f=$(grep -Ec '^not ok [0-9]+' "$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  local secs=$(( $(date +%s) - start ))
  if [ "$f" -ne 0 ]; then
    failed_names+=("$label")
    echo "FAIL $label ($p passed, $f failed, ${secs}s)"
    sed 's/^/    /' "$out" | tail -60
  else
    echo "ok   $label ($p passed, ${secs}s)"
  fi
}

# ---- unit tests --------------------------------------------------------------

# Programs that read VT_TEST_BACKEND (test_store) run on each backend; the
# others do not touch a database and run once.
backend_aware() { grep -q VT_TEST_BACKEND "$1" 2>/dev/null; }

for t in "$@"; do
  name=$(basename "$t")
  if backend_aware "$t"; then
    case " $backends " in *" sqlite "*) run_unit "$name[sqlite]" "$t" VT_TEST_BACKEND=sqlite ;; esac
  else
    run_unit "$name" "$t"
  fi
done
if [ "$pg_ok" -eq 1 ]; then
  for t in "$@"; do
    backend_aware "$t" && run_unit "$(basename "$t")[postgres]" "$t" VT_TEST_BACKEND=postgres
  done
fi

# ---- end-to-end tests ----------------------------------------------------------

for backend in $backends; do
  [ "$backend" != postgres ] || [ "$pg_ok" -eq 1 ] || continue
  for t in "$here"/t/t[0-9]*.sh; do
    [ -e "$t" ] || continue
    run_tap "$(basename "$t")[$backend]" "$t" VT_TEST_BACKEND="$backend"
  done
done

# ---- browser tests ---------------------------------------------------------------

# The web front ends in Debian's Chromium (tests/browser, see its README), once,
# on the run's first backend: SQLite unless VT_TEST_BACKENDS leaves it out.
# Missing Chromium or npm packages is a failure, not a skip.
run_browser() {
  local label=$1 backend=$2
  local out="$logdir/$label.log"
  local chromium=${VT_CHROMIUM:-/usr/bin/chromium} why=""
  command -v node >/dev/null 2>&1 || why="node is not installed"
  [ -x "$chromium" ] || why="${why:+$why; }no Chromium at $chromium"
  [ -d "$here/browser/node_modules/playwright-core" ] && [ -d "$here/browser/node_modules/axe-core" ] ||
    why="${why:+$why; }tests/browser/node_modules lacks playwright-core or axe-core"
  if [ -n "$why" ]; then
    failed=$((failed + 1))
    failed_names+=("$label")
    echo "FAIL $label (cannot run the browser tests: $why; run scripts/deps.sh test as root)"
    return
  fi
  local start
  start=$(date +%s)
  env VT_TEST_BACKEND="$backend" node "$here/browser/run.mjs" >"$out" 2>&1
  local rc=$?
  local p f
  p=$(grep -Ec '^ok - ' "$out")
  f=$(grep -Ec '^not ok - ' "$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  local secs=$(( $(date +%s) - start ))
  if [ "$f" -ne 0 ]; then
    failed_names+=("$label")
    echo "FAIL $label ($p passed, $f failed, ${secs}s)"
    # The failures with their messages, then the end of the output.
    awk '/^not ok - /{show=1} /^ok - /{show=0} show' "$out" | head -150 | sed 's/^/    /'
    # No "not ok" line but a failed exit: the runner itself broke.
    grep -Eq '^not ok - ' "$out" || tail -30 "$out" | sed 's/^/    /'
  else
    echo "ok   $label ($p passed, ${secs}s)"
  fi
}

for backend in $backends; do
  [ "$backend" != postgres ] || [ "$pg_ok" -eq 1 ] || continue
  run_browser "browser[$backend]" "$backend"
  break
done

# ---- the end -------------------------------------------------------------------

if [ -n "$pgroot" ]; then
  # The cluster's own log names the statements that failed.
  [ "$failed" -eq 0 ] || cp "$pgroot/pg/server.log" "$logdir/postgresql.log" 2>/dev/null
  if ! stop_cluster; then
    cluster_failed "did not stop cleanly"
  fi
fi
if [ "$failed" -eq 0 ]; then rm -rf "$logdir"; else echo "logs kept in $logdir"; fi
[ ${#failed_names[@]} -eq 0 ] || echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
