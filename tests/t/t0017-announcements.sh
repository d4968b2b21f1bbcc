#!/usr/bin/env bash
# Announcements: a supervisor publishes one for a period to the portal's
# news, the administration's social accounts (a local fake of X and the
# Graph API) and as the automatic answer to matching questions, once per
# ticket, folded for case and accents; agents may read but not publish.
. "$(dirname "$0")/lib.sh"
FAKE_PID=""
stop_fake() { [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null; wait "$FAKE_PID" 2>/dev/null; FAKE_PID=""; return 0; }
trap 'stop_fake; cleanup' EXIT
node "$(dirname "$0")/../fakes/networks.mjs" "$SCRATCH/fake.port" >"$SCRATCH/fake.log" 2>&1 &
FAKE_PID=$!
for _ in $(seq 1 100); do [ -s "$SCRATCH/fake.port" ] && break; sleep 0.05; done
FAKE="http://127.0.0.1:$(cat "$SCRATCH/fake.port")"
export VENTANILLA_MAIL_RETRY=1
DEMO_TICKETS=0 start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
SUP=$(token_for supervisor.mos@ventanilla.example)
AGENT=$(token_for agente1.mos@ventanilla.example)
END=$(date -u -d '+10 days' +%Y-%m-%dT%H:%M:%SZ)
LATER=$(date -u -d '+5 days' +%Y-%m-%dT%H:%M:%SZ)
posts() { curl -s "$FAKE/__requests" | jq -c '[.[] | select(.path == "/2/tweets" or (.path | endswith("/feed")))]'; }
posts_are() { test "$(posts | jq length)" = "$1"; }
wait_until() {
  local i
  for i in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $*"; return 1
}

test_expect_success 'setup: the administration has an X account and a Facebook page' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/channels "{\"tenant\":\"MOS\",\"network\":\"x\",\"account_id\":\"900000000000000001\",\"secret\":\"s\",\"access_token\":\"XT\",\"api_base_url\":\"$FAKE\"}" &&
  expect_status 201 &&
  api POST /api/v1/admin/channels "{\"tenant\":\"MOS\",\"network\":\"facebook\",\"account_id\":\"1122334455\",\"secret\":\"s\",\"access_token\":\"FT\",\"verify_token\":\"v\",\"api_base_url\":\"$FAKE\"}" &&
  expect_status 201
'

test_expect_success 'only supervisors publish; bad input is refused field by field' '
  as_token "$AGENT" &&
  api POST /api/v1/announcements "{\"tenant\":\"MOS\",\"title\":\"x\",\"body\":\"y\",\"ends_at\":\"$END\"}" &&
  expect_error 403 forbidden &&
  as_token "$SUP" &&
  api POST /api/v1/announcements "{\"tenant\":\"MOS\",\"title\":\"x\",\"body\":\"y\"}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.ends_at | length > 0" &&
  api POST /api/v1/announcements "{\"tenant\":\"MOS\",\"title\":\"x\",\"body\":\"y\",\"ends_at\":\"mañana\"}" &&
  expect_error 422 validation_failed &&
  api POST /api/v1/announcements "{\"tenant\":\"MOS\",\"title\":\"x\",\"body\":\"y\",\"ends_at\":\"2020-01-01T00:00:00Z\"}" &&
  expect_error 422 validation_failed &&
  api POST /api/v1/announcements "{\"tenant\":\"MOS\",\"title\":\"x\",\"body\":\"y\",\"ends_at\":\"$END\",\"auto_answer\":true}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.keywords | length > 0" &&
  api POST /api/v1/announcements "{\"tenant\":\"GET\",\"title\":\"x\",\"body\":\"y\",\"ends_at\":\"$END\"}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.tenant | length > 0"
'

test_expect_success 'a running announcement: portal news, a post on each social account, never cut' '
  as_token "$SUP" &&
  api POST /api/v1/announcements "{\"tenant\":\"MOS\",\"title\":\"Abierto el plazo de las becas de comedor\",
    \"body\":\"Desde hoy puede solicitar la beca de comedor en la sede electrónica hasta el día 15.\",
    \"keywords\":[\"beca comedor\",\"becas\"],\"ends_at\":\"$END\",\"networks\":true,\"auto_answer\":true}" &&
  expect_status 201 && A1=$(jv .id) && expect_json ".keywords | join(\",\")" "beca comedor,becas" &&
  as_token "" && api GET "/api/v1/public/announcements?tenant=MOS" && expect_status 200 &&
  expect_json ".items[0].title" "Abierto el plazo de las becas de comedor" &&
  expect_true ".items[0] | has(\"keywords\") | not" &&
  wait_until posts_are 2 &&
  posts | jq -e ".[] | select(.path == \"/2/tweets\") | .body.text | startswith(\"Abierto el plazo de las becas de comedor http\")" &&
  posts | jq -e ".[] | select(.path == \"/v19.0/1122334455/feed\") | .body.message == \"Abierto el plazo de las becas de comedor\""
'

test_expect_success 'a future announcement is not news yet; other administrations see none' '
  as_token "$SUP" &&
  api POST /api/v1/announcements "{\"tenant\":\"MOS\",\"title\":\"Mercadillo navideño\",\"body\":\"Próximamente.\",
    \"starts_at\":\"$LATER\",\"ends_at\":\"$END\",\"portal\":true}" && expect_status 201 &&
  as_token "" && api GET "/api/v1/public/announcements?tenant=MOS" && expect_json ".items | length" 1 &&
  api GET "/api/v1/public/announcements?tenant=GET" && expect_json ".items | length" 0 &&
  api GET /api/v1/public/announcements && expect_error 422 validation_failed &&
  as_token "$AGENT" && api GET "/api/v1/announcements?tenant=MOS" && expect_json ".items | length" 2
'

test_expect_success 'a matching question gets the announcement as an automatic answer, once' '
  as_token "" &&
  api POST /api/v1/public/requests "$(jobj tenant MOS subject "Pregunta" body "¿Cuándo se piden las BECAS del comedor?" email pepe@correo.test)" &&
  expect_status 201 && R1=$(jv .reference) && K1=$(jv .access_token) &&
  as_token "$K1" && api GET /api/v1/public/requests/$R1 &&
  expect_json ".messages | length" 2 && expect_json ".messages[1].direction" out &&
  expect_true ".messages[1].body | startswith(\"Abierto el plazo de las becas de comedor\")" &&
  expect_json .status new &&
  as_token "" &&
  api POST /api/v1/public/requests "$(jobj tenant MOS subject "Otra" body "¿Hay cita para el padrón?" email pepe@correo.test)" &&
  R2=$(jv .reference) && K2=$(jv .access_token) &&
  as_token "$K2" && api GET /api/v1/public/requests/$R2 && expect_json ".messages | length" 1 &&
  as_token "" &&
  api POST /api/v1/public/requests "$(jobj tenant GET subject "Becas" body "¿Becas de comedor en Getafe?" email pepe@correo.test)" &&
  R3=$(jv .reference) && K3=$(jv .access_token) &&
  as_token "$K3" && api GET /api/v1/public/requests/$R3 && expect_json ".messages | length" 1
'

test_expect_success 'an ended announcement leaves the news and answers nothing' '
  as_token "$AGENT" && api POST /api/v1/announcements/$A1/end && expect_error 403 forbidden &&
  as_token "$SUP" && api POST /api/v1/announcements/$A1/end && expect_status 200 &&
  api POST /api/v1/announcements/999999/end && expect_error 404 not_found &&
  as_token "" && api GET "/api/v1/public/announcements?tenant=MOS" && expect_json ".items | length" 0 &&
  api POST /api/v1/public/requests "$(jobj tenant MOS subject "Becas" body "¿Las becas de comedor?" email pepe@correo.test)" &&
  R4=$(jv .reference) && K4=$(jv .access_token) &&
  as_token "$K4" && api GET /api/v1/public/requests/$R4 && expect_json ".messages | length" 1
'

test_expect_success 'the server stops cleanly' 'expect_clean_stop && stop_fake'
test_done
