#!/usr/bin/env bash
# The server starts on a free port, answers /healthz, and shuts down cleanly.
. "$(dirname "$0")/lib.sh"
start_server

test_expect_success 'GET /healthz answers ok as JSON' '
  api GET /healthz && expect_status 200 && expect_json .status ok &&
  expect_header Content-Type "application/json"
'
test_expect_success 'responses carry a request id and security headers' '
  api GET /healthz && expect_header X-Request-Id "[0-9a-f]{32}" &&
  expect_header X-Content-Type-Options nosniff && expect_header Cache-Control no-store
'
test_expect_success 'unknown path is 404 in the one error shape' '
  api GET /api/v1/nope && expect_status 404 && expect_json .error.code not_found &&
  expect_json ".error.message | length > 0" true
'
test_expect_success 'wrong method is 405 with Allow' '
  api DELETE /healthz && expect_status 405 && expect_json .error.code method_not_allowed &&
  expect_header Allow GET
'
test_expect_success 'SIGTERM stops the server with exit code 0' '
  stop_server && grep -q "stopped cleanly" "$SCRATCH/server.log"
'
test_expect_success 'a mistyped option stops the command instead of being ignored' '
  test_must_fail_with() { local want=$1; shift; "$@" 2>"$SCRATCH/err"; test $? -eq "$want"; } &&
  test_must_fail_with 2 "$VENTANILLA" serve --db "$DB" --lsiten 127.0.0.1:0 &&
  grep -q "unknown option .--lsiten." "$SCRATCH/err" &&
  test_must_fail_with 2 "$VENTANILLA" migrate --db &&
  grep -q "needs a value" "$SCRATCH/err" &&
  test_must_fail_with 2 "$VENTANILLA" token create --db "$DB" --email a@b.example extra &&
  grep -q "unexpected argument" "$SCRATCH/err"
'
test_done
