#!/usr/bin/env bash
# Runs every test tier and ends with the line "N passed, N failed".
# Usage: tests/run.sh BINARY UNIT_TEST_BINARY...
# Unit tests are cmocka programs; end-to-end tests are tests/t/t*.sh scripts
# printing TAP lines ("ok N - ...", "not ok N - ..."), each given the binary
# in $VENTANILLA.
set -u
bin=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
export VENTANILLA=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0
failed=0
failed_names=()
logdir=$(mktemp -d /tmp/ventanilla-tests.XXXXXX)

for t in "$@"; do
  name=$(basename "$t")
  out="$logdir/$name.log"
  "$t" >"$out" 2>&1
  rc=$?
  p=$(grep -Eo '\[  PASSED  \] [0-9]+' "$out" | grep -Eo '[0-9]+$' | tail -1)
  f=$(grep -Eo '\[  FAILED  \] [0-9]+ test' "$out" | grep -Eo '[0-9]+' | tail -1)
  p=${p:-0}
  f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -ne 0 ]; then
    failed_names+=("$name")
    echo "FAIL $name ($p passed, $f failed)"
    sed 's/^/    /' "$out" | tail -40
  else
    echo "ok   $name ($p passed)"
  fi
done

for t in "$here"/t/t[0-9]*.sh; do
  [ -e "$t" ] || continue
  name=$(basename "$t")
  out="$logdir/$name.log"
  start=$(date +%s)
  bash "$t" >"$out" 2>&1
  rc=$?
  p=$(grep -Ec '^ok [0-9]+' "$out")
  f=$(grep -Ec '^not ok [0-9]+' "$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  secs=$(( $(date +%s) - start ))
  if [ "$f" -ne 0 ]; then
    failed_names+=("$name")
    echo "FAIL $name ($p passed, $f failed, ${secs}s)"
    sed 's/^/    /' "$out" | tail -60
  else
    echo "ok   $name ($p passed, ${secs}s)"
  fi
done

if [ "$failed" -eq 0 ]; then rm -rf "$logdir"; else echo "logs kept in $logdir"; fi
[ ${#failed_names[@]} -eq 0 ] || echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
