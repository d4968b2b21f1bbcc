#!/usr/bin/env bash
# Live chat over HTTP: widgets and their allowed origins, the frame's CSP,
# filing a chat as a request out of hours or with nobody on duty, the queue
# (position, expected wait), accepting within the per-agent limit, the race
# for a chat, transfers, the citizen's stream (no internal notes, resume
# without loss or duplicates), typing both ways, ending, tenant isolation,
# the transcript through a real Postfix/Dovecot, and the queue timeout.
. "$(dirname "$0")/lib.sh"
start_mail
export VENTANILLA_MAIL_RETRY=1 VENTANILLA_MAIL_DOMAIN=ventanilla.test
export VENTANILLA_CHAT_MAX_PER_AGENT=2
# This script counts messages: automatic answers from the knowledge base
# (tested in t0019) would add some.
export VENTANILLA_ROUTING_AUTO_ANSWER=false
DEMO_TICKETS=0 start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
AG1=$(token_for agente1.mos@ventanilla.example)
AG2=$(token_for agente2.mos@ventanilla.example)
SUP=$(token_for supervisor.mos@ventanilla.example)
OTHER=$(token_for agente1.get@ventanilla.example)
AG2_ID=$(db_query "SELECT id FROM users WHERE email = 'agente2.mos@ventanilla.example'")
OTHER_ID=$(db_query "SELECT id FROM users WHERE email = 'agente1.get@ventanilla.example'")

wait_until() {
  local i
  for i in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $*"; return 1
}
# start_chat KEY NAME BODY: a citizen starts a chat; sets REF, TOK.
start_chat() {
  as_token ""
  api POST /api/v1/public/chats "$(jobj key "$1" name "$2" body "$3")" &&
    expect_status 201 && REF=$(jv .reference) && TOK=$(jv .access_token)
}
ticket_of() { db_query "SELECT id FROM tickets WHERE reference = '$1'"; }
# stream_open REF TOK FILE [LAST-ID]: the citizen's stream into FILE, in the background.
STREAM_PIDS=()
stream_open() {
  curl -sN "$BASE/api/v1/public/chats/$1/events" -H "Authorization: Bearer $2" \
    ${4:+-H "Last-Event-ID: $4"} >"$3" 2>/dev/null &
  STREAM_PIDS+=($!)
}
streams_close() { local p; for p in "${STREAM_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; STREAM_PIDS=(); return 0; }
trap 'streams_close; cleanup' EXIT
# events_in FILE: the "event:" names in order, comma-separated.
events_in() { grep '^event: ' "$1" | sed 's/^event: //' | paste -sd, -; }
ids_in() { grep '^id: ' "$1" | sed 's/^id: //' | paste -sd, -; }
file_has() { grep -q -- "$2" "$1"; }
duty() { as_token "$1"; api PUT /api/v1/chat/availability "{\"available\":$2}"; }
end_reason_is() { test "$(db_query "SELECT end_reason FROM chats WHERE ticket_id = $1")" = "$2"; }
transcripts_sent_are() {
  test "$(db_query "SELECT count(*) FROM outbox WHERE kind = 'transcript' AND status = 'sent'")" = "$1"
}

test_expect_success 'admins create widgets; origins and hours are checked; agents may not' '
  as_token "$AG1" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"w\",\"allowed_origins\":[\"https://a.es\"]}" &&
  expect_error 403 forbidden &&
  as_token "$ADMIN" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"w\",\"allowed_origins\":[\"https://a.es/ruta\"]}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.allowed_origins | length > 0" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"w\",\"allowed_origins\":[\"javascript:alert(1)\"]}" &&
  expect_error 422 validation_failed &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"w\",\"allowed_origins\":[\"https://a.es\"],\"hours\":{\"mon\":\"19:00-09:00\"}}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.hours | length > 0" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"w\",\"allowed_origins\":[\"https://a.es\"],\"hours\":{\"lunes\":\"09:00-14:00\"}}" &&
  expect_error 422 validation_failed &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"Web municipal\",\"allowed_origins\":[\"https://WWW.Mostoles.es\",\"http://127.0.0.1:8123\"]}" &&
  expect_status 201 && KEY=$(jv .key) && WID=$(jv .id) &&
  expect_json ".allowed_origins | join(\" \")" "https://www.mostoles.es http://127.0.0.1:8123" &&
  expect_true "(.key | startswith(\"vtw_\")) and .hours == null and .active" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"Cerrado\",\"allowed_origins\":[\"https://a.es\"],\"hours\":{}}" &&
  expect_status 201 && CLOSED_KEY=$(jv .key) &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"Padrón\",\"department\":\"padron\",\"allowed_origins\":[\"https://a.es\"],\"hours\":{\"mon\":\"00:00-24:00\",\"tue\":\"00:00-24:00\",\"wed\":\"00:00-24:00\",\"thu\":\"00:00-24:00\",\"fri\":\"00:00-24:00\",\"sat\":\"00:00-24:00\",\"sun\":\"00:00-24:00\"}}" &&
  expect_status 201 && PADRON_KEY=$(jv .key) && expect_json .department padron &&
  as_token "$(token_for admin@ventanilla.example)" && api GET /api/v1/admin/chat-widgets &&
  expect_json "[.items[] | select(.name != \"Sede electrónica (demo)\")] | length" 3 &&
  expect_true "all(.items[]; .tenant == \"MOS\")"
'

test_expect_success 'the frame may be framed only by the allowed origins; the loader by anyone' '
  as_token "" &&
  api GET "/chat/frame?key=$KEY" && expect_status 200 &&
  expect_header Content-Security-Policy ".*frame-ancestors https://www.mostoles.es http://127.0.0.1:8123" &&
  ! grep -qi "^X-Frame-Options" "$HEADERS" &&
  api GET "/chat/frame?key=vtw_nope" && expect_status 404 &&
  expect_header X-Frame-Options DENY &&
  api GET /static/chat/widget.js && expect_status 200 &&
  expect_header Cross-Origin-Resource-Policy cross-origin &&
  api GET /static/portal/home.js && expect_header Cross-Origin-Resource-Policy same-origin
'

test_expect_success 'the widget says whether anyone is there; unknown keys are 404' '
  as_token "" &&
  api GET "/api/v1/public/chat-widgets/$KEY" && expect_status 200 &&
  expect_true ".open and (.agents_available | not) and .tenant.code == \"MOS\" and .timezone == \"Europe/Madrid\"" &&
  api GET "/api/v1/public/chat-widgets/$CLOSED_KEY" && expect_true ".open | not" &&
  api GET /api/v1/public/chat-widgets/vtw_nope && expect_error 404 not_found
'

test_expect_success 'with nobody on duty, or out of hours, a chat is a request with a reference' '
  start_chat "$KEY" "Ana" "Hola, ¿a qué hora abre el registro?" &&
  expect_json .status ended && expect_json .end_reason no_agents &&
  expect_true ".follow_url | startswith(\"/seguimiento#ref=\")" &&
  as_token "$TOK" && api GET "/api/v1/public/requests/$REF" && expect_status 200 &&
  expect_json .messages[0].channel chat &&
  duty "$AG1" true && expect_status 200 && expect_true ".available and .max_chats == 2" &&
  start_chat "$CLOSED_KEY" "Ana" "Buenas noches" &&
  expect_json .end_reason closed &&
  api POST /api/v1/public/chats "$(jobj key "" body y)" && expect_error 422 validation_failed &&
  api POST /api/v1/public/chats "$(jobj key vtw_nope body hola)" &&
  expect_error 422 validation_failed && expect_true ".error.fields.key | length > 0" &&
  api POST /api/v1/public/chats "$(jobj key "$KEY")" && expect_error 422 validation_failed
'

test_expect_success 'queued chats get their place and an expected wait; agents see the queue' '
  start_chat "$KEY" "Luis" "Una consulta sobre un trámite" && expect_json .status queued &&
  expect_json .position 1 && expect_json .expected_wait_seconds 120 &&
  REF1=$REF TOK1=$TOK && T1=$(ticket_of "$REF1") &&
  start_chat "$KEY" "Marta" "Una duda del IBI" && expect_json .position 2 &&
  expect_json .expected_wait_seconds 240 && REF2=$REF TOK2=$TOK && T2=$(ticket_of "$REF2") &&
  start_chat "$PADRON_KEY" "Pedro" "Cambio de domicilio" && expect_json .position 1 &&
  REF3=$REF TOK3=$TOK && T3=$(ticket_of "$REF3") &&
  as_token "$AG2" && api GET "/api/v1/chats?status=queued" && expect_status 200 &&
  expect_json "[.items[].reference] | join(\",\")" "$REF1,$REF2,$REF3" &&
  expect_json "[.items[].position] | join(\",\")" "1,2,1" &&
  expect_json ".items[2].department.code" padron &&
  as_token "$OTHER" && api GET "/api/v1/chats?status=queued" && expect_json ".items | length" 0 &&
  api GET "/api/v1/chats/$T1" && expect_error 404 not_found &&
  api POST "/api/v1/chats/$T1/accept" && expect_error 404 not_found
'

test_expect_success 'the citizen stream: accept, typing, replies, never internal notes, the end' '
  stream_open "$REF1" "$TOK1" "$SCRATCH/s1" && sleep 0.3 &&
  as_token "$AG1" && api POST "/api/v1/chats/$T1/accept" && expect_status 200 &&
  expect_json .status active && expect_json .agent.id "$(db_query "SELECT id FROM users WHERE email = '"'"'agente1.mos@ventanilla.example'"'"'")" &&
  api GET "/api/v1/tickets/$T1" && expect_json .status open && expect_true ".assignee.id != null or .assignee_id != null" &&
  api POST "/api/v1/chats/$T1/typing" && expect_status 204 &&
  api POST "/api/v1/tickets/$T1/messages" "{\"body\":\"Buenas tardes, le atiendo\",\"internal\":false}" && expect_status 201 &&
  api POST "/api/v1/tickets/$T1/messages" "{\"body\":\"NOTA-INTERNA-SECRETA\",\"internal\":true}" && expect_status 201 &&
  as_token "$TOK1" && api POST "/api/v1/public/chats/$REF1/messages" "{\"body\":\"Gracias, necesito el volante\"}" &&
  expect_status 201 && expect_json .channel chat &&
  api POST "/api/v1/public/chats/$REF1/typing" && expect_status 204 &&
  wait_until file_has "$SCRATCH/s1" "necesito el volante" &&
  test "$(events_in "$SCRATCH/s1")" = "chat,typing,message,message" &&
  ! grep -q NOTA-INTERNA "$SCRATCH/s1" &&
  grep -q "\"agent\":{\"name\":" "$SCRATCH/s1" &&
  as_token "$TOK1" && api GET "/api/v1/public/chats/$REF1" &&
  expect_json .status active && expect_json ".messages | length" 3 &&
  ! grep -q NOTA-INTERNA "$BODY" && expect_true ".agent.name | length > 0"
'

test_expect_success 'a dropped stream resumes with Last-Event-ID: nothing lost, nothing twice' '
  streams_close && FIRST=$(ids_in "$SCRATCH/s1" | cut -d, -f2) &&
  as_token "$AG1" && api POST "/api/v1/tickets/$T1/messages" "{\"body\":\"Mientras estaba desconectado\"}" &&
  expect_status 201 &&
  stream_open "$REF1" "$TOK1" "$SCRATCH/s1b" "$FIRST" &&
  wait_until file_has "$SCRATCH/s1b" "Mientras estaba desconectado" &&
  test "$(events_in "$SCRATCH/s1b")" = "message,message,message" &&
  test "$(ids_in "$SCRATCH/s1b")" = "$(ids_in "$SCRATCH/s1" | cut -d, -f3-),$(ids_in "$SCRATCH/s1b" | cut -d, -f3)" &&
  as_token "$AG1" && api POST "/api/v1/tickets/$T1/messages" "{\"body\":\"Y ya en directo\"}" &&
  wait_until file_has "$SCRATCH/s1b" "Y ya en directo" &&
  test "$(grep -c "^event: message" "$SCRATCH/s1b")" = 4 &&
  as_token "wrong-token" && api GET "/api/v1/public/chats/$REF1/events" && expect_error 404 not_found &&
  as_token "" && api GET "/api/v1/public/chats/$REF1/events" && expect_error 401 unauthenticated &&
  as_token "$TOK1" && api GET "/api/v1/public/chats/$REF1/events" -H "Last-Event-ID: abc" &&
  expect_error 422 validation_failed
'

test_expect_success 'files in a chat: the citizen attaches one, the stream carries it, the agent reads it' '
  printf "%%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n" >"$SCRATCH/volante.pdf" &&
  as_token "" &&
  api POST /api/v1/public/uploads --data-binary "@$SCRATCH/volante.pdf" -H "Content-Type: application/pdf" -H "X-Filename: volante.pdf" &&
  expect_status 201 && UP=$(jv .upload_token) &&
  stream_open "$REF1" "$TOK1" "$SCRATCH/s1f" "$(db_query "SELECT max(id) FROM events")" && sleep 0.3 &&
  as_token "$TOK1" &&
  api POST "/api/v1/public/chats/$REF1/messages" "{\"body\":\"Le envío el volante\",\"attachments\":[\"$UP\"]}" &&
  expect_status 201 && expect_json ".attachments[0].filename" volante.pdf && ATT=$(jv ".attachments[0].id") &&
  wait_until file_has "$SCRATCH/s1f" "volante.pdf" &&
  api GET "/api/v1/public/requests/$REF1/attachments/$ATT" && expect_status 200 &&
  expect_header Content-Disposition "attachment.*" &&
  as_token "$AG1" && api GET "/api/v1/attachments/$ATT" && expect_status 200 && cmp -s "$BODY" "$SCRATCH/volante.pdf" &&
  as_token "$TOK2" && api GET "/api/v1/public/requests/$REF1/attachments/$ATT" && expect_error 404 not_found
'

test_expect_success 'one accept wins; the per-agent limit holds; only the agent types' '
  as_token "$AG2" && api POST "/api/v1/chats/$T1/accept" && expect_error 409 chat_taken &&
  api POST "/api/v1/chats/$T1/typing" && expect_error 403 forbidden &&
  as_token "$AG1" && api POST "/api/v1/chats/$T2/accept" && expect_status 200 &&
  api POST "/api/v1/chats/$T3/accept" && expect_error 409 chat_limit &&
  api GET /api/v1/chat/availability && expect_json .active_chats 2 &&
  api GET "/api/v1/chats?status=active&mine=1" && expect_json ".items | length" 2
'

test_expect_success 'transfers: to another agent, back to a department queue keeping its place' '
  as_token "$AG1" &&
  api POST "/api/v1/chats/$T2/transfer" "{\"user_id\":$OTHER_ID}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.user_id | length > 0" &&
  api POST "/api/v1/chats/$T2/transfer" "{\"user_id\":$AG2_ID,\"department\":\"padron\"}" &&
  expect_error 422 validation_failed &&
  api POST "/api/v1/chats/$T2/transfer" "{\"department\":\"no-existe\"}" && expect_error 422 validation_failed &&
  as_token "$AG2" && api POST "/api/v1/chats/$T2/transfer" "{\"department\":\"padron\"}" &&
  expect_error 403 forbidden &&
  as_token "$AG1" && api POST "/api/v1/chats/$T2/transfer" "{\"department\":\"padron\"}" &&
  expect_status 200 && expect_json .status queued && expect_json .department.code padron &&
  expect_json .position 1 &&
  as_token "$TOK3" && api GET "/api/v1/public/chats/$REF3" && expect_json .position 2 &&
  as_token "$AG1" && api POST "/api/v1/chats/$T2/accept" && expect_status 200 &&
  api POST "/api/v1/chats/$T2/transfer" "{\"user_id\":$AG2_ID}" && expect_status 200 &&
  expect_json .agent.id "$AG2_ID" && expect_json .status active &&
  as_token "$AG2" && api GET "/api/v1/tickets/$T2" && expect_true "(.assignee.id // .assignee_id) == $AG2_ID"
'

test_expect_success 'ending: resolved resolves the ticket, "ticket" keeps it open; then the chat is closed to messages' '
  stream_open "$REF1" "$TOK1" "$SCRATCH/s1c" "$(db_query "SELECT max(id) FROM events")" && sleep 0.3 &&
  as_token "$AG1" && api POST "/api/v1/chats/$T1/end" "{\"resolution\":\"maybe\"}" && expect_error 422 validation_failed &&
  as_token "$AG2" && api POST "/api/v1/chats/$T1/end" "{\"resolution\":\"resolved\"}" && expect_error 403 forbidden &&
  as_token "$AG1" && api POST "/api/v1/chats/$T1/end" "{\"resolution\":\"resolved\"}" && expect_status 200 &&
  expect_json .status ended && expect_json .end_reason resolved &&
  api GET "/api/v1/tickets/$T1" && expect_json .status resolved &&
  api POST "/api/v1/chats/$T1/end" "{\"resolution\":\"resolved\"}" && expect_error 409 chat_ended &&
  wait_until file_has "$SCRATCH/s1c" "\"end_reason\":\"resolved\"" &&
  as_token "$TOK1" && api POST "/api/v1/public/chats/$REF1/messages" "{\"body\":\"otra cosa\"}" &&
  expect_error 409 chat_ended &&
  as_token "$SUP" && api POST "/api/v1/chats/$T2/end" "{\"resolution\":\"ticket\"}" && expect_status 200 &&
  api GET "/api/v1/tickets/$T2" && expect_json .status open &&
  as_token "$TOK3" && api POST "/api/v1/public/chats/$REF3/end" && expect_status 200 &&
  expect_json .status ended && expect_json .end_reason citizen_left &&
  api POST "/api/v1/public/chats/$REF3/end" && expect_status 200
'

test_expect_success 'every line is in the citizen timeline' '
  CIT=$(db_query "SELECT citizen_id FROM tickets WHERE id = $T1") &&
  as_token "$AG1" && api GET "/api/v1/citizens/$CIT/timeline?limit=100" && expect_status 200 &&
  grep -q "necesito el volante" "$BODY" && grep -q "Y ya en directo" "$BODY" &&
  expect_true "any(.items[]; .action == \"chat_accepted\") and any(.items[]; .action == \"chat_ended\")" &&
  expect_true "all(.items[]; .action != \"chat_typing\")"
'

test_expect_success 'the transcript arrives by email, at most three times per chat' '
  as_token "$ADMIN" &&
  api PUT /api/v1/admin/tenants/MOS/smtp "{\"url\":\"$MAIL_SMTP_URL\",\"from_address\":\"atencion@ayto.test\"}" &&
  expect_status 200 &&
  as_token "$TOK1" &&
  api POST "/api/v1/public/chats/$REF1/transcript" "{\"email\":\"no es un correo\"}" && expect_error 422 validation_failed &&
  api POST "/api/v1/public/chats/$REF1/transcript" "{\"email\":\"luis.chat@correo.test\"}" && expect_status 202 &&
  api POST "/api/v1/public/chats/$REF1/transcript" "{\"email\":\"luis.chat@correo.test\"}" && expect_status 202 &&
  api POST "/api/v1/public/chats/$REF1/transcript" "{\"email\":\"luis.chat@correo.test\"}" && expect_status 202 &&
  api POST "/api/v1/public/chats/$REF1/transcript" "{\"email\":\"luis.chat@correo.test\"}" && expect_error 429 too_many_requests &&
  wait_until transcripts_sent_are 3 &&
  curl -s --url "imap://127.0.0.1:$MAIL_IMAP_PORT/INBOX;UID=1" --user "luis.chat@correo.test:$MAIL_PASSWORD" >"$SCRATCH/transcript.eml" &&
  grep -q "^Subject: .*$REF1" "$SCRATCH/transcript.eml" &&
  "$VENTANILLA" mail parse "$SCRATCH/transcript.eml" >"$SCRATCH/transcript.json" &&
  jq -r .text "$SCRATCH/transcript.json" | grep -q "necesito el volante" &&
  jq -r .text "$SCRATCH/transcript.json" | grep -q "Buenas tardes, le atiendo" &&
  ! jq -r .text "$SCRATCH/transcript.json" | grep -q NOTA-INTERNA &&
  test "$(jq -r .auto "$SCRATCH/transcript.json")" != null
'

test_expect_success 'a transcript goes only to the citizen; bad widget hours are refused; a chat holds at most 5 streams' '
  as_token "" && api POST /api/v1/public/chats "$(jobj key "$KEY" name Eva email eva.chat@correo.test body "Hola")" &&
  expect_status 201 && REF5=$(jv .reference) && TOK5=$(jv .access_token) &&
  as_token "$TOK5" && api POST "/api/v1/public/chats/$REF5/transcript" "{\"email\":\"otra@correo.test\"}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.email | length > 0" &&
  api POST "/api/v1/public/chats/$REF5/transcript" "{\"email\":\"Eva.Chat@correo.test\"}" && expect_status 202 &&
  as_token "$ADMIN" && api PATCH "/api/v1/admin/chat-widgets/$WID" "{\"hours\":{\"mon\":\"mal\"}}" &&
  expect_error 422 validation_failed &&
  api PATCH "/api/v1/admin/chat-widgets/$WID" "{\"name\":\"Web municipal\"}" && expect_status 200 && expect_json .hours null &&
  for i in 1 2 3 4 5; do stream_open "$REF5" "$TOK5" "$SCRATCH/s5-$i"; done && sleep 0.5 &&
  as_token "$TOK5" && api GET "/api/v1/public/chats/$REF5/events" -m 2 && expect_error 429 too_many_requests &&
  streams_close
'

test_expect_success 'a chat nobody takes in time is kept as a request' '
  stop_server && VENTANILLA_CHAT_QUEUE_TIMEOUT=1 start_server &&
  duty "$AG2" true &&
  start_chat "$KEY" "Rosa" "¿Sigue ahí alguien?" && expect_json .status queued &&
  T4=$(ticket_of "$REF") && REF4=$REF TOK4=$TOK &&
  wait_until end_reason_is "$T4" timeout &&
  as_token "$TOK4" && api GET "/api/v1/public/chats/$REF4" && expect_json .end_reason timeout &&
  expect_json .ticket_status new
'

test_expect_success 'going off duty: new chats become requests again; the server stops cleanly' '
  duty "$AG1" false && expect_json .available false &&
  duty "$AG2" false &&
  start_chat "$KEY" "Ana" "¿Hay alguien?" && expect_json .end_reason no_agents &&
  streams_close && expect_clean_stop
'

test_done
