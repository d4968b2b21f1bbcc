#!/usr/bin/env bash
# Assignment by routing rules: round robin, least loaded (also under
# concurrent requests), skills; only agents who are online, serve the
# administration, work for the department and are under their limit; an
# agent who goes offline hands their live chats back to the queue.
. "$(dirname "$0")/lib.sh"
export VENTANILLA_ROUTING_AUTO_ANSWER=false
DEMO_TICKETS=0 start_server --with-demo
SUP=$(token_for supervisor.mos@ventanilla.example)
ADMIN=$(token_for admin@ventanilla.example)
A1=$(token_for agente1.mos@ventanilla.example)
A2=$(token_for agente2.mos@ventanilla.example)
OTHER=$(token_for agente1.get@ventanilla.example)
ID1=$(db_query "SELECT id FROM users WHERE email = 'agente1.mos@ventanilla.example'")
ID2=$(db_query "SELECT id FROM users WHERE email = 'agente2.mos@ventanilla.example'")
IDG=$(db_query "SELECT id FROM users WHERE email = 'agente1.get@ventanilla.example'")

request() {
  as_token ""
  api POST /api/v1/public/requests "$(jobj tenant MOS subject "$1" body "$2" email "vecino.$RANDOM$RANDOM@correo.test")" &&
    expect_status 201 && TID=$(db_query "SELECT id FROM tickets WHERE reference = '$(jv .reference)'")
}
assignee_of() { db_query "SELECT coalesce(assignee_id, 0) FROM tickets WHERE id = $1"; }
online() { as_token "$1"; api PUT /api/v1/me/status "{\"status\":\"$2\"}"; }
rule() {
  as_token "$SUP"
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"$1\",\"position\":$2,\"when\":{\"words_any\":[\"$3\"]},\"then\":$4}" &&
    expect_status 201
}

test_expect_success 'profiles are kept by supervisors for agents of their administrations' '
  as_token "$A1" && api PUT "/api/v1/admin/agents/$ID2/profile" "{\"max_open\":3}" && expect_error 403 forbidden &&
  as_token "$SUP" &&
  api PUT "/api/v1/admin/agents/$ID1/profile" "{\"departments\":[],\"languages\":[\"es\",\"en\"],\"skills\":[\"urbanismo\"],\"max_open\":10}" &&
  expect_status 200 && expect_json .max_open 10 && expect_json ".languages | join(\",\")" "es,en" &&
  api PUT "/api/v1/admin/agents/$ID2/profile" "{\"departments\":[],\"skills\":[\"ibi\"],\"max_open\":4}" &&
  expect_status 200 &&
  api PUT "/api/v1/admin/agents/$IDG/profile" "{\"max_open\":3}" && expect_error 404 not_found &&
  api PUT "/api/v1/admin/agents/$ID1/profile" "{\"max_open\":0}" && expect_error 422 validation_failed &&
  api PUT "/api/v1/admin/agents/$ID1/profile" "{\"skills\":\"urbanismo\"}" && expect_error 422 validation_failed
'

test_expect_success 'nobody online: the ticket waits unassigned' '
  rule "Licencias por turno" 3 licencia "{\"department\":\"urbanismo\",\"assign\":\"round_robin\"}" &&
  request "Licencia de obra" "Quiero pedir una licencia para reformar la cocina." &&
  test "$(assignee_of "$TID")" = 0 &&
  as_token "$A1" && api GET /api/v1/me/status && expect_json .status offline
'

test_expect_success 'round robin takes turns among the online agents' '
  online "$A1" online && expect_json .status online && online "$A2" online && online "$OTHER" online &&
  request "Licencia" "Necesito una licencia para un andamio." && F=$(assignee_of "$TID") &&
  request "Licencia" "Otra licencia, para un toldo." && S=$(assignee_of "$TID") &&
  request "Licencia" "Una licencia más, para una terraza." && T=$(assignee_of "$TID") &&
  test "$F" != 0 && test "$S" != 0 && test "$F" != "$S" && test "$T" = "$F" &&
  test "$F" != "$IDG" && test "$S" != "$IDG" &&
  db_query "SELECT data FROM events WHERE ticket_id = $TID AND action = '"'"'ticket_updated'"'"'" | grep -q round_robin
'

test_expect_success 'away and offline agents get nothing; nor does anyone over their limit' '
  as_token "$SUP" && api GET "/api/v1/admin/agents/$ID2/profile" && C2=$(jv .open_tickets) &&
  api PUT "/api/v1/admin/agents/$ID2/profile" "{\"skills\":[\"ibi\"],\"max_open\":$((C2 + 1))}" && expect_status 200 &&
  online "$A1" away &&
  request "Licencia" "Licencia para una valla." && test "$(assignee_of "$TID")" = "$ID2" &&
  request "Licencia" "Licencia para un cartel." && test "$(assignee_of "$TID")" = 0 &&
  online "$A1" online
'

test_expect_success 'skills: the agent whose skills meet the ticket tags wins, even if busier' '
  rule "IBI a quien sabe" 4 ibi "{\"department\":\"tributos\",\"tags\":[\"ibi\"],\"assign\":\"skills\"}" &&
  as_token "$SUP" && api PUT "/api/v1/admin/agents/$ID2/profile" "{\"skills\":[\"ibi\"],\"max_open\":20}" && expect_status 200 &&
  request "Recibo del IBI" "No me ha llegado el recibo del IBI de este año." &&
  test "$(assignee_of "$TID")" = "$ID2"
'

test_expect_success 'least loaded under 24 concurrent requests: the load ends up even' '
  rule "Quejas al menos cargado" 5 queja "{\"department\":\"atencion_ciudadana\",\"assign\":\"least_loaded\"}" &&
  as_token "$SUP" &&
  api PUT "/api/v1/admin/agents/$ID1/profile" "{\"max_open\":100}" && api PUT "/api/v1/admin/agents/$ID2/profile" "{\"max_open\":100}" &&
  B1=$(db_query "SELECT count(*) FROM tickets WHERE assignee_id = $ID1 AND status IN ('"'"'new'"'"','"'"'open'"'"')") &&
  B2=$(db_query "SELECT count(*) FROM tickets WHERE assignee_id = $ID2 AND status IN ('"'"'new'"'"','"'"'open'"'"')") &&
  PIDS=() && for i in $(seq 1 24); do
    curl -s -o /dev/null -X POST "$BASE/api/v1/public/requests" -H "Content-Type: application/json" \
      --data-binary "$(jobj tenant MOS subject "Queja $i" body "Pongo una queja por el servicio número $i." email "q$i@correo.test")" &
    PIDS+=($!)
  done && wait "${PIDS[@]}" &&
  N1=$(db_query "SELECT count(*) FROM tickets WHERE assignee_id = $ID1 AND status IN ('"'"'new'"'"','"'"'open'"'"')") &&
  N2=$(db_query "SELECT count(*) FROM tickets WHERE assignee_id = $ID2 AND status IN ('"'"'new'"'"','"'"'open'"'"')") &&
  test $((N1 - B1 + N2 - B2)) = 24 &&
  D=$((N1 - N2)); test "${D#-}" -le 1
'

test_expect_success 'the backlog: open tickets by age band and overdue, each figure with the list behind it' '
  NOW=$(($(date +%s) * 1000)) &&
  URB=$(db_query "SELECT id FROM departments WHERE code = '"'"'urbanismo'"'"' AND tenant_id = (SELECT id FROM tenants WHERE code = '"'"'MOS'"'"')") &&
  IDS=$(db_query "SELECT id FROM tickets WHERE department_id = $URB ORDER BY id LIMIT 3" | paste -sd, -) &&
  db_query "UPDATE tickets SET created_at = $((NOW - 45 * 86400000)) WHERE id IN ($IDS)" &&
  OLD=$(db_query "SELECT id FROM tickets WHERE department_id = $URB ORDER BY id DESC LIMIT 1") &&
  db_query "UPDATE tickets SET created_at = $((NOW - 90 * 86400000)) WHERE id = $OLD" &&
  WANT_OPEN=$(db_query "SELECT count(*) FROM tickets WHERE department_id = $URB AND status NOT IN ('"'"'resolved'"'"','"'"'closed'"'"')") &&
  as_token "$A1" && api GET /api/v1/reports/backlog && expect_error 403 forbidden &&
  as_token "$SUP" && api GET "/api/v1/reports/backlog?tenant=MOS&group=department" && expect_status 200 &&
  expect_json "[.items[] | select(.department.code == \"urbanismo\") | .bands[2].count] | add" 3 &&
  expect_json "[.items[] | select(.department.code == \"urbanismo\") | .bands[3].count] | add" 1 &&
  expect_json "[.items[] | select(.department.code == \"urbanismo\") | .total] | add" "$WANT_OPEN" &&
  expect_true ".totals.total == ([.items[].total] | add)" &&
  LIST=$(jv "[.items[] | select(.department.code == \"urbanismo\") | .bands[2].list][0]") &&
  api GET "$LIST&limit=200" && expect_status 200 && expect_json ".items | length" 3 &&
  expect_true "all(.items[]; .department.code == \"urbanismo\")" &&
  api GET "/api/v1/reports/backlog?group=colour" && expect_error 422 validation_failed &&
  api GET "/api/v1/reports/backlog?tenant=GET" && expect_error 422 validation_failed &&
  api GET "/api/v1/reports/backlog?tenant=MOS&group=service" && expect_status 200
'

test_expect_success 'GET /metrics: Prometheus text for administrators only' '
  as_token "$A1" && api GET /metrics && expect_error 403 forbidden &&
  as_token "" && api GET /metrics && expect_error 401 unauthenticated &&
  as_token "$ADMIN" && api GET /metrics && expect_status 200 &&
  expect_header Content-Type "text/plain; version=0.0.4" &&
  grep -q "^ventanilla_http_requests_total{code=\"2xx\"} [1-9]" "$BODY" &&
  grep -q "^ventanilla_http_request_duration_seconds_count [1-9]" "$BODY" &&
  grep -q "^ventanilla_tickets_open [1-9]" "$BODY" &&
  grep -q "^ventanilla_outbox_pending [0-9]" "$BODY" &&
  grep -q "^ventanilla_chats{state=\"queued\"} [0-9]" "$BODY" &&
  ! grep -q "@" "$BODY" &&
  make_user admin.mos.metrics@ventanilla.example admin MOS && api GET /metrics && expect_error 403 forbidden
'

test_expect_success 'an agent who goes offline hands their live chats back to the queue' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"w\",\"allowed_origins\":[\"https://a.es\"]}" && KEY=$(jv .key) &&
  as_token "$A1" && api PUT /api/v1/chat/availability "{\"available\":true}" && expect_status 200 &&
  as_token "" && api POST /api/v1/public/chats "$(jobj key "$KEY" name Rosa body "Hola, una consulta")" &&
  expect_json .status queued && CT=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'$(jv .reference)'"'"'") &&
  as_token "$A1" && api POST "/api/v1/chats/$CT/accept" && expect_json .status active &&
  online "$A1" offline && expect_json .status offline &&
  as_token "$A2" && api GET "/api/v1/chats/$CT" && expect_json .status queued && expect_json .agent null &&
  as_token "$A1" && api GET /api/v1/chat/availability && expect_json .available false &&
  expect_clean_stop
'

test_done
