#!/usr/bin/env bash
# Confidential cases (crime victims, gender violence): a ticket a routing
# rule or an agent marks confidential is seen only by supervisors and
# admins, the agent it is assigned to and the agents of its department.
# For everyone else it does not exist: not by id, not in queues, searches,
# the citizen's timeline and ticket count, nor the live stream; nor does its
# citizen, when that case is all the caller could know them by.
. "$(dirname "$0")/lib.sh"
export VENTANILLA_ROUTING_AUTO_ANSWER=false
DEMO_TICKETS=0 start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
SUP=$(token_for supervisor.mos@ventanilla.example)
OUT=$(token_for agente1.mos@ventanilla.example)  # another department's agent
TEAM=$(token_for agente2.mos@ventanilla.example) # the victims' team

user_id() { as_token "$1" && api GET /api/v1/session && jv .user.id; }
# sees TOKEN TICKET: whether the caller can open the ticket.
sees() { as_token "$1" && api GET "/api/v1/tickets/$2" >/dev/null && test "$STATUS" = 200; }
# listed TOKEN TICKET QUERY: whether the ticket is in the caller's list.
listed() {
  as_token "$1" && api GET "/api/v1/tickets?limit=200${3:+&$3}" >/dev/null &&
    jq -e --argjson id "$2" 'any(.items[]; .id == $id)' "$BODY" >/dev/null
}
test_expect_success 'set-up: the victims team works for social services; a rule marks such requests' '
  TEAM_ID=$(user_id "$TEAM") && OUT_ID=$(user_id "$OUT") &&
  as_token "$SUP" &&
  api PUT "/api/v1/admin/agents/$TEAM_ID/profile" "{\"departments\":[\"servicios_sociales\"]}" && expect_status 200 &&
  api PUT "/api/v1/admin/agents/$OUT_ID/profile" "{\"departments\":[\"padron\"]}" && expect_status 200 &&
  as_token "$ADMIN" &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"Víctimas\",\"position\":1,
    \"when\":{\"words_any\":[\"maltrato\"]},\"then\":{\"department\":\"servicios_sociales\",\"confidential\":true}}" &&
  expect_status 201
'

test_expect_success 'a request the rule marks is confidential, in the team'"'"'s department' '
  as_token "" && api POST /api/v1/public/requests "$(jobj tenant MOS email ana.sanz@correo.example \
    subject "Farola fundida" body "La farola de mi calle no funciona.")" && expect_status 201 &&
  LAST=$(db_query "SELECT max(id) FROM events") &&
  stream out "$OUT" "$LAST" && stream team "$TEAM" "$LAST" &&
  as_token "" &&
  api POST /api/v1/public/requests "$(jobj tenant MOS name "Lucía Vega Ruiz" email lucia.vega@correo.example phone +34600111222 \
    subject "Necesito ayuda" body "Sufro maltrato en casa y necesito orientación urgente.")" &&
  expect_status 201 && REF=$(jv .reference) &&
  TID=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'$REF'"'"'") &&
  test "$(db_query "SELECT confidential FROM tickets WHERE id = $TID")" = "$(db_query "SELECT true")" &&
  CID=$(db_query "SELECT citizen_id FROM tickets WHERE id = $TID")
'

test_expect_success 'supervisors and the department'"'"'s agents see it everywhere' '
  sees "$SUP" "$TID" && expect_json .confidential true &&
  sees "$TEAM" "$TID" && listed "$TEAM" "$TID" && listed "$TEAM" "$TID" "q=maltrato" &&
  as_token "$TEAM" && api GET "/api/v1/citizens/$CID/timeline" && expect_status 200 &&
  expect_true "any(.items[]; .ticket_id == $TID)" &&
  api GET "/api/v1/citizens?phone=%2B34600111222" && expect_json ".items[0].id" "$CID" &&
  api GET "/api/v1/citizens?q=Lucia" && expect_true "any(.items[]; .id == $CID)" &&
  wait_for "$SCRATCH/team.sse" "\"reference\":\"$REF\""
'

test_expect_success 'for any other agent it does not exist' '
  ! sees "$OUT" "$TID" && expect_error 404 not_found &&
  ! listed "$OUT" "$TID" && ! listed "$OUT" "$TID" "q=maltrato" && ! listed "$OUT" "$TID" "status=new" &&
  as_token "$OUT" && api GET "/api/v1/tickets/$TID/messages" && expect_error 404 not_found &&
  api PATCH "/api/v1/tickets/$TID" "{\"status\":\"open\"}" && expect_error 404 not_found &&
  api GET "/api/v1/citizens/$CID/timeline" && expect_error 404 not_found &&
  api GET "/api/v1/citizens/$CID" && expect_error 404 not_found &&
  api GET "/api/v1/citizens?phone=%2B34600111222" && expect_status 200 && expect_json ".items | length" 0 &&
  api GET "/api/v1/citizens?q=Lucia" && expect_status 200 && expect_true "all(.items[]; .id != $CID)" &&
  sleep 1 && ! grep -q "$REF" "$SCRATCH/out.sse" && ! grep -q "\"ticket_id\":$TID[,}]" "$SCRATCH/out.sse"
'

test_expect_success 'the live stream resumed from before it does not replay it either' '
  stop_streams && stream out2 "$OUT" "$LAST" && stream team2 "$TEAM" "$LAST" &&
  wait_for "$SCRATCH/team2.sse" "\"reference\":\"$REF\"" && sleep 0.5 &&
  ! grep -q "$REF" "$SCRATCH/out2.sse" && stop_streams
'

test_expect_success 'assigned to an agent of another department, that agent sees it' '
  as_token "$SUP" && api GET "/api/v1/tickets/$TID" && V=$(jv .version) &&
  api PATCH "/api/v1/tickets/$TID" "{\"assignee\":$OUT_ID,\"version\":$V}" && expect_status 200 &&
  sees "$OUT" "$TID" && listed "$OUT" "$TID" "assignee=me"
'

test_expect_success 'agents may mark a case confidential but only supervisors remove the mark' '
  as_token "$OUT" && api GET "/api/v1/tickets/$TID" && V=$(jv .version) &&
  api PATCH "/api/v1/tickets/$TID" "{\"confidential\":false,\"version\":$V}" && expect_error 403 forbidden &&
  api PATCH "/api/v1/tickets/$TID" "{\"confidential\":\"no\",\"version\":$V}" && expect_error 422 validation_failed &&
  as_token "" &&
  api POST /api/v1/public/requests "$(jobj tenant MOS email pablo.gil@correo.example subject "Empadronamiento" \
    body "Quiero empadronarme en Móstoles.")" && expect_status 201 && REF2=$(jv .reference) &&
  T2=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'$REF2'"'"'") &&
  sees "$OUT" "$T2" && V=$(jv .version) &&
  api PATCH "/api/v1/tickets/$T2" "{\"confidential\":true,\"version\":$V}" && expect_status 200 &&
  expect_json .confidential true &&
  test "$(db_query "SELECT count(*) FROM events WHERE ticket_id = $T2 AND action = '"'"'ticket_updated'"'"' AND CAST(data AS text) LIKE '"'"'%confidential%'"'"'")" = 1 &&
  as_token "$SUP" && api GET "/api/v1/tickets/$T2" && V=$(jv .version) &&
  api PATCH "/api/v1/tickets/$T2" "{\"confidential\":false,\"version\":$V}" && expect_status 200 &&
  expect_json .confidential false && sees "$OUT" "$T2"
'

test_expect_success 'a case marked confidential after its survey: its survey goes out of sight too (here for the victims team: it is a registry case)' '
  as_token "$SUP" && api GET "/api/v1/tickets/$T2" && V=$(jv .version) &&
  api PATCH "/api/v1/tickets/$T2" "{\"status\":\"resolved\",\"version\":$V}" && expect_status 200 &&
  test "$(db_query "SELECT count(*) FROM surveys WHERE ticket_id = $T2")" = 1 &&
  as_token "$TEAM" && api GET "/api/v1/surveys?limit=200" && expect_status 200 &&
  expect_true "any(.items[]; .ticket.id == $T2)" &&
  as_token "$SUP" && api GET "/api/v1/tickets/$T2" && V=$(jv .version) &&
  api PATCH "/api/v1/tickets/$T2" "{\"confidential\":true,\"version\":$V}" && expect_status 200 &&
  api GET "/api/v1/surveys?limit=200" && expect_true "any(.items[]; .ticket.id == $T2)" &&
  as_token "$TEAM" && api GET "/api/v1/surveys?limit=200" && expect_status 200 &&
  expect_true "all(.items[]; .ticket.id != $T2)"
'

test_expect_success 'a queued chat'"'"'s position does not count confidential chats hidden from the caller' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"Servicios sociales\",
    \"department\":\"servicios_sociales\",\"allowed_origins\":[\"https://a.es\"]}" &&
  expect_status 201 && KEY=$(jv .key) &&
  as_token "$TEAM" && api PUT /api/v1/chat/availability "{\"available\":true}" && expect_status 200 &&
  as_token "" && api POST /api/v1/public/chats "$(jobj key "$KEY" name Marta body "Sufro maltrato y tengo miedo.")" &&
  expect_status 201 && CA=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'$(jv .reference)'"'"'") &&
  api POST /api/v1/public/chats "$(jobj key "$KEY" name Pedro body "¿Qué horario tiene el centro de mayores?")" &&
  expect_status 201 && CB=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'$(jv .reference)'"'"'") &&
  as_token "$TEAM" && api GET "/api/v1/chats/$CB" && expect_status 200 && expect_json .position 2 &&
  as_token "$OUT" && api GET "/api/v1/chats/$CA" && expect_error 404 not_found &&
  api GET "/api/v1/chats/$CB" && expect_status 200 && expect_json .position 1 &&
  api GET "/api/v1/chats?status=queued" && expect_true "all(.items[]; .ticket_id != $CA)"
'

test_expect_success 'automatic assignment gives confidential cases only to the department'"'"'s agents' '
  as_token "$SUP" && api PUT "/api/v1/admin/agents/$OUT_ID/profile" "{\"departments\":[]}" && expect_status 200 &&
  as_token "$OUT" && api PUT /api/v1/me/status "{\"status\":\"online\"}" && expect_status 200 &&
  as_token "$TEAM" && api PUT /api/v1/me/status "{\"status\":\"online\"}" && expect_status 200 &&
  as_token "$ADMIN" &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"Agresiones\",\"position\":2,
    \"when\":{\"words_any\":[\"agresión\"]},\"then\":{\"department\":\"servicios_sociales\",
    \"confidential\":true,\"assign\":\"round_robin\"}}" && expect_status 201 &&
  for i in 1 2 3; do
    as_token "" &&
    api POST /api/v1/public/requests "$(jobj tenant MOS email "victima$i@correo.example" subject "Ayuda" \
      body "He sufrido una agresión ($i).")" && expect_status 201 || return 1
    R=$(jv .reference) &&
    test "$(db_query "SELECT coalesce(assignee_id, 0) FROM tickets WHERE reference = '"'"'$R'"'"'")" = "$TEAM_ID" || return 1
  done &&
  as_token "" &&
  api POST /api/v1/public/requests "$(jobj tenant MOS email vecino9@correo.example subject "Farola" \
    body "Farola apagada en la plaza.")" && expect_status 201
'

test_done
