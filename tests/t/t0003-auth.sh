#!/usr/bin/env bash
# Agents' authentication: password login with an HttpOnly SameSite cookie and
# a CSRF token, throttling, API tokens, logout, roles, and `user add` checks.
. "$(dirname "$0")/lib.sh"
DEMO_TICKETS=0 start_server --with-demo
PW=ventanilla-demo
JAR="$SCRATCH/cookies"
login() { api POST /api/v1/session "$(jobj email "$1" password "$2")" "${@:3}"; }
PHONE_TICKET=$(jobj tenant MOS channel phone subject "Llamada" body "Pregunta por el IBI" )
PHONE_TICKET=$(echo "$PHONE_TICKET" | jq -c ".citizen = {phone: \"622 00 11 22\"}")

test_expect_success 'right password: 201, HttpOnly SameSite=Strict cookie and a CSRF token' '
  login agente1.mos@ventanilla.example $PW -c "$JAR" &&
  expect_status 201 &&
  expect_header Set-Cookie "vt_session=vts_[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800$(printf "\r")?$" &&
  expect_json .user.email agente1.mos@ventanilla.example && expect_json .user.role agent &&
  expect_json ".tenants | join(\",\")" MOS &&
  expect_true ".csrf_token | test(\"^vtc_[A-Za-z0-9_-]{20,}$\")" &&
  expect_true ".expires_at | test(\"Z$\")" &&
  CSRF=$(jv .csrf_token) && grep -q vt_session "$JAR"
'
test_expect_success 'the cookie is not marked Secure on a plain-http public_url' '
  ! grep -i "^Set-Cookie:.*Secure" "$HEADERS"
'
test_expect_success 'wrong password: 401 bad_credentials and no cookie' '
  login agente1.mos@ventanilla.example not-the-password &&
  expect_error 401 bad_credentials &&
  expect_json .error.message "Correo o contraseña incorrectos." &&
  ! grep -i "^Set-Cookie" "$HEADERS" && cp "$BODY" "$SCRATCH/wrong-password.json"
'
test_expect_success 'unknown email: the same 401 bad_credentials' '
  login nadie@ventanilla.example $PW && expect_error 401 bad_credentials &&
  cmp "$BODY" "$SCRATCH/wrong-password.json"
'
test_expect_success 'missing email or password is 422' '
  api POST /api/v1/session "$(jobj email agente1.mos@ventanilla.example)" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.password "Este campo es obligatorio." &&
  api POST /api/v1/session "$(jobj password $PW)" &&
  expect_error 422 validation_failed && expect_json .error.fields.email "Este campo es obligatorio."
'
test_expect_success 'the login email is case-insensitive, as `user add` stores it' '
  login Agente1.MOS@Ventanilla.Example $PW && expect_status 201 &&
  expect_json .user.email agente1.mos@ventanilla.example
'
test_expect_success 'a successful login clears the account failure count' '
  for i in 1 2 3; do login agente2.mos@ventanilla.example wrong-$i; [ "$STATUS" = 401 ] || return 1; done &&
  login agente2.mos@ventanilla.example $PW && expect_status 201 &&
  for i in 1 2 3; do login agente2.mos@ventanilla.example wrong-$i; [ "$STATUS" = 401 ] || return 1; done &&
  login agente2.mos@ventanilla.example $PW && expect_status 201
'
test_expect_success 'after 5 failures the account is throttled: 429 with Retry-After' '
  for i in 1 2 3 4 5; do
    login supervisor.mos@ventanilla.example wrong-$i
    [ "$STATUS" = 401 ] || { echo "attempt $i: $STATUS"; return 1; }
  done &&
  login supervisor.mos@ventanilla.example wrong-6 && expect_error 429 too_many_requests &&
  expect_header Retry-After 900 &&
  login supervisor.mos@ventanilla.example $PW && expect_error 429 too_many_requests &&
  ! grep -i "^Set-Cookie" "$HEADERS"
'
test_expect_success 'throttling one account does not lock out another' '
  login agente1.get@ventanilla.example $PW && expect_status 201
'
test_expect_success 'GET /session with the cookie answers who is signed in' '
  api GET /api/v1/session -b "$JAR" && expect_status 200 &&
  expect_json .user.email agente1.mos@ventanilla.example &&
  expect_json ".tenants | join(\",\")" MOS && expect_json .csrf_token "$CSRF"
'
test_expect_success 'no credentials, or a forged cookie, is 401 unauthenticated' '
  api GET /api/v1/session && expect_error 401 unauthenticated &&
  api GET /api/v1/tickets && expect_error 401 unauthenticated &&
  api GET /api/v1/session -b "vt_session=vts_forged0000000000000000000000000000000000" &&
  expect_error 401 unauthenticated
'
test_expect_success 'an unsafe method with the cookie but no X-CSRF-Token is 403 csrf_failed' '
  api POST /api/v1/tickets "$PHONE_TICKET" -b "$JAR" && expect_error 403 csrf_failed &&
  expect_json .error.message "Falta el token CSRF o no es válido." &&
  api POST /api/v1/tickets "$PHONE_TICKET" -b "$JAR" -H "X-CSRF-Token: vtc_wrong" &&
  expect_error 403 csrf_failed &&
  api GET "/api/v1/tickets?q=IBI" -b "$JAR" && expect_json ".items | length" 0
'
test_expect_success 'with the X-CSRF-Token the same request works' '
  api POST /api/v1/tickets "$PHONE_TICKET" -b "$JAR" -H "X-CSRF-Token: $CSRF" &&
  expect_status 201 && expect_json .channel phone && TID=$(jv .id) &&
  api PATCH /api/v1/tickets/$TID "{\"priority\":\"high\"}" -b "$JAR" -H "X-CSRF-Token: $CSRF" &&
  expect_status 200 && expect_json .priority high
'
test_expect_success 'a Bearer API token from `ventanilla token create` needs no CSRF token' '
  TOKEN=$(token_for agente2.mos@ventanilla.example) &&
  api GET /api/v1/session -H "Authorization: Bearer $TOKEN" && expect_status 200 &&
  expect_json .user.email agente2.mos@ventanilla.example && ME=$(jv .user.id) &&
  api POST /api/v1/tickets "$PHONE_TICKET" -H "Authorization: Bearer $TOKEN" &&
  expect_status 201 && expect_json .assignee.id "$ME"
'
test_expect_success 'a bad Bearer token is 401 even with a valid cookie' '
  api GET /api/v1/tickets -H "Authorization: Bearer vta_bogus" && expect_error 401 unauthenticated &&
  api GET /api/v1/tickets -H "Authorization: Bearer " && expect_error 401 unauthenticated &&
  api GET /api/v1/tickets -H "Authorization: Bearer vta_bogus" -b "$JAR" && expect_error 401 unauthenticated
'
test_expect_success 'an agent calling the supervisor-only merge is 403 forbidden' '
  api POST /api/v1/citizens/1/merge "{\"other_id\":2}" -H "Authorization: Bearer $TOKEN" &&
  expect_error 403 forbidden &&
  expect_json .error.message "No tiene permiso para esta operación." &&
  api POST /api/v1/citizens/1/merge "{\"other_id\":2}" -b "$JAR" -H "X-CSRF-Token: $CSRF" &&
  expect_error 403 forbidden
'
test_expect_success 'a supervisor passes the role check (then 404 for an unknown citizen)' '
  SUP=$(token_for supervisor.get@ventanilla.example) &&
  api POST /api/v1/citizens/999999/merge "{\"other_id\":2}" -H "Authorization: Bearer $SUP" &&
  expect_error 404 not_found
'
test_expect_success 'DELETE /session needs the CSRF token too' '
  api DELETE /api/v1/session -b "$JAR" && expect_error 403 csrf_failed &&
  api GET /api/v1/session -b "$JAR" && expect_status 200
'
test_expect_success 'DELETE /session logs out: 204, cookie cleared, cookie no longer works' '
  api DELETE /api/v1/session -b "$JAR" -H "X-CSRF-Token: $CSRF" && expect_status 204 &&
  expect_header Set-Cookie "vt_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" &&
  api GET /api/v1/session -b "$JAR" && expect_error 401 unauthenticated &&
  api POST /api/v1/tickets "$PHONE_TICKET" -b "$JAR" -H "X-CSRF-Token: $CSRF" &&
  expect_error 401 unauthenticated
'
test_expect_success 'a region supervisor serves the region and its 13 municipalities' '
  api GET /api/v1/tenants -H "Authorization: Bearer $(token_for supervisor.cm@ventanilla.example)" &&
  expect_status 200 && expect_json ".items | length" 14 &&
  expect_json "[.items[].code] | sort | join(\",\")" "ALB,ALC,ALR,CM,FUE,GET,LEG,MAD,MOS,PAR,POZ,ROZ,SSR,TOR"
'
test_expect_success '`user add` rejects a short password with a non-zero exit' '
  ! echo "corta" | "$VENTANILLA" user add --db "$DB" --email corta@ventanilla.example \
      --name Corta --role agent --tenant MOS 2>"$SCRATCH/err" &&
  grep -q "at least 10 characters" "$SCRATCH/err" &&
  ! token_for corta@ventanilla.example 2>/dev/null
'
test_expect_success '`user add` rejects an unknown administration with a non-zero exit' '
  ! echo "a-long-enough-password" | "$VENTANILLA" user add --db "$DB" \
      --email sinsitio@ventanilla.example --name "Sin Sitio" --role agent --tenant NOPE 2>"$SCRATCH/err" &&
  grep -q -- "--tenant NOPE: no such administration" "$SCRATCH/err" &&
  ! token_for sinsitio@ventanilla.example 2>/dev/null
'
test_expect_success '`user add` rejects an unknown role and a bad email' '
  ! echo "a-long-enough-password" | "$VENTANILLA" user add --db "$DB" \
      --email rol@ventanilla.example --name Rol --role jefe --tenant MOS 2>/dev/null &&
  ! echo "a-long-enough-password" | "$VENTANILLA" user add --db "$DB" \
      --email "no-es-un-correo" --name Rol --role agent --tenant MOS 2>/dev/null
'
test_expect_success 'a user made with `user add` signs in with that password' '
  echo "una-clave-bastante-larga" | "$VENTANILLA" user add --db "$DB" --email nueva@ventanilla.example \
      --name "Nueva Agente" --role agent --tenant MOS --tenant GET --log-level warn >/dev/null &&
  login nueva@ventanilla.example una-clave-bastante-larga && expect_status 201 &&
  expect_json ".tenants | sort | join(\",\")" GET,MOS
'
test_expect_success 'a password of 1024 bytes or more is 422 too long' '
  login agente1.mos@ventanilla.example "$(head -c 1024 /dev/zero | tr "\0" x)" &&
  expect_error 422 validation_failed && expect_json .error.fields.password "Es demasiado largo."
'
test_expect_success 'with [server] cookie_secure = true the cookie is marked Secure' '
  stop_server && VENTANILLA_COOKIE_SECURE=true start_server &&
  login agente1.mos@ventanilla.example $PW && expect_status 201 &&
  expect_header Set-Cookie "vt_session=vts_[^;]+; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800; Secure"
'
test_expect_success 'a client address is blocked after 4 x login_max_failures failures' '
  stop_server && VENTANILLA_TRUST_PROXY=true VENTANILLA_LOGIN_MAX_FAILURES=2 start_server &&
  for i in 1 2 3 4 5 6 7 8; do
    login "nadie$i@ventanilla.example" wrong -H "X-Forwarded-For: 203.0.113.7"
    [ "$STATUS" = 401 ] || { echo "attempt $i: $STATUS"; return 1; }
  done &&
  login agente1.mos@ventanilla.example $PW -H "X-Forwarded-For: 203.0.113.7" &&
  expect_error 429 too_many_requests && expect_header Retry-After 900 &&
  login agente1.mos@ventanilla.example $PW -H "X-Forwarded-For: 198.51.100.9, 203.0.113.7" &&
  expect_status 201
'
test_expect_success 'the server stops cleanly, with no sanitizer report' '
  expect_clean_stop
'
test_done
