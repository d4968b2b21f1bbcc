#!/usr/bin/env bash
# The live event stream: agents see what happens in their administrations
# as it happens, only there, and resume after a dropped connection.
. "$(dirname "$0")/lib.sh"
DEMO_TICKETS=0 start_server --with-demo
MOS=$(token_for agente1.mos@ventanilla.example)
GET=$(token_for agente1.get@ventanilla.example)
REGION=$(token_for supervisor.cm@ventanilla.example)

# Waits for the stream's opening lines, so events after it are live.
wait_connected() { wait_for "$SCRATCH/$1.sse" '^: connected'; }
new_request() {
  as_token "" && api POST /api/v1/public/requests "$(jobj tenant "$1" email vecino@correo.example subject "$2" body "$2")" &&
    expect_status 201
}

test_expect_success 'the stream is text/event-stream and needs a login' '
  as_token "" && api GET /api/v1/events && expect_error 401 unauthenticated &&
  curl -s -m 1 -D "$SCRATCH/sse-headers" -o /dev/null -H "Authorization: Bearer $MOS" "$BASE/api/v1/events";
  grep -qi "^content-type: text/event-stream" "$SCRATCH/sse-headers"
'
test_expect_success 'a new request reaches the agents of its administration at once' '
  stream mos "$MOS" && stream get "$GET" && stream region "$REGION" &&
  wait_connected mos && wait_connected get && wait_connected region &&
  new_request MOS "Farola fundida en la calle Mayor" && REF=$(jv .reference) &&
  wait_for "$SCRATCH/mos.sse" "\"reference\":\"$REF\"" &&
  wait_for "$SCRATCH/region.sse" "\"reference\":\"$REF\"" &&
  grep -q "^event: ticket_created" "$SCRATCH/mos.sse"
'
test_expect_success 'agents of another administration never see it' '
  new_request GET "Bache en la avenida" && GREF=$(jv .reference) &&
  wait_for "$SCRATCH/get.sse" "\"reference\":\"$GREF\"" &&
  ! grep -q "$REF" "$SCRATCH/get.sse" && sleep 0.3 && ! grep -q "$GREF" "$SCRATCH/mos.sse"
'
test_expect_success 'replies, notes and changes stream too, with their ticket id' '
  as_token "$MOS" && api GET "/api/v1/tickets?q=farola" && TID=$(jv ".items[0].id") &&
  api POST "/api/v1/tickets/$TID/messages" "{\"body\":\"Avisamos al servicio de alumbrado.\"}" &&
  expect_status 201 &&
  api POST "/api/v1/tickets/$TID/messages" "{\"body\":\"Nota interna\",\"internal\":true}" &&
  api PATCH "/api/v1/tickets/$TID" "{\"status\":\"pending\"}" && expect_status 200 &&
  wait_for "$SCRATCH/mos.sse" "^event: ticket_updated" &&
  test "$(grep -c "^event: message_added" "$SCRATCH/mos.sse")" -eq 2 &&
  grep "^data: " "$SCRATCH/mos.sse" | sed "s/^data: //" | jq -e "select(.action == \"ticket_updated\") | .ticket_id == $TID and .data.status == [\"open\",\"pending\"]" >/dev/null
'
test_expect_success 'every event has an id, in increasing order' '
  grep "^id: " "$SCRATCH/mos.sse" | cut -d" " -f2 >"$SCRATCH/ids" &&
  test "$(wc -l <"$SCRATCH/ids")" -ge 4 && sort -n -c "$SCRATCH/ids" && test -z "$(uniq -d "$SCRATCH/ids")"
'
test_expect_success 'a reconnecting client with Last-Event-ID gets what it missed, once' '
  stop_streams && FIRST=$(head -1 "$SCRATCH/ids") &&
  new_request MOS "Mientras estaba desconectada" && MISSED=$(jv .reference) &&
  stream again "$MOS" "$FIRST" && wait_for "$SCRATCH/again.sse" "\"reference\":\"$MISSED\"" &&
  ! grep -q "^id: $FIRST\$" "$SCRATCH/again.sse" &&
  grep -q "^event: ticket_updated" "$SCRATCH/again.sse" &&
  grep "^id: " "$SCRATCH/again.sse" | sort | uniq -d >"$SCRATCH/dups" && test ! -s "$SCRATCH/dups"
'
test_expect_success 'a malformed Last-Event-ID is 422' '
  as_token "$MOS" && api GET /api/v1/events -H "Last-Event-ID: abc" && expect_error 422 validation_failed
'
test_expect_success 'open streams end when the server stops, and it stops cleanly' '
  stop_streams && stream open1 "$MOS" && stream open2 "$REGION" &&
  wait_connected open1 && wait_connected open2 && stop_server &&
  grep -q "stopped cleanly" "$SCRATCH/server.log"
'
stop_streams
test_done
