#!/usr/bin/env bash
# Satisfaction surveys end to end: resolving a ticket offers one survey, once
# (a reopened and resolved ticket gets no second), at most one per citizen in
# surveys.min_interval_days, none for confidential tickets, unreachable
# citizens or with surveys off; the invitation goes out by email through real
# mail servers with a link whose token never reaches the logs; the citizen
# answers once (validation, 409, 404); agents read answers in their own
# administrations only.
. "$(dirname "$0")/lib.sh"
start_mail
export VENTANILLA_MAIL_RETRY=1 VENTANILLA_MAIL_DOMAIN=ventanilla.test VENTANILLA_ROUTING_AUTO_ANSWER=false
DEMO_TICKETS=0 start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
A1=$(token_for agente1.mos@ventanilla.example)
SUPCM=$(token_for supervisor.cm@ventanilla.example)
OTHER=$(token_for agente1.get@ventanilla.example)
ID1=$(db_query "SELECT id FROM users WHERE email = 'agente1.mos@ventanilla.example'")
ANA="ana.$RANDOM@correo.test"

imap() {
  curl -s --url "imap://127.0.0.1:$MAIL_IMAP_PORT/INBOX${3:-}" --user "$1:$MAIL_PASSWORD" ${2:+-X "$2"}
}
inbox_count() { imap "$1" "SEARCH ALL" | tr -d '\r' | sed 's/^\* SEARCH//' | wc -w; }
inbox_has() { test "$(inbox_count "$1")" = "$2"; }
wait_until() {
  local i
  for i in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $*"; return 1
}
# request TENANT SUBJECT BODY EMAIL: a web request; sets REF, ACCESS and TID.
request() {
  as_token ""
  api POST /api/v1/public/requests "$(jobj tenant "$1" subject "$2" body "$3" email "$4")" &&
    expect_status 201 && REF=$(jv .reference) && ACCESS=$(jv .access_token) &&
    TID=$(db_query "SELECT id FROM tickets WHERE reference = '$REF'")
}
# status TOKEN TICKET STATUS: an agent's status change.
status() { as_token "$1"; api PATCH "/api/v1/tickets/$2" "{\"status\":\"$3\"}" && expect_status 200; }
surveys_of() { db_query "SELECT count(*) FROM surveys WHERE ticket_id = $1"; }

test_expect_success 'MOS sends mail through the test SMTP server' '
  as_token "$ADMIN" &&
  api PUT /api/v1/admin/tenants/MOS/smtp "{\"url\":\"$MAIL_SMTP_URL\",\"from_address\":\"atencion@ayto.test\",\"from_name\":\"Ayuntamiento de Móstoles\"}" &&
  expect_status 200
'

test_expect_success 'resolving a web request offers one survey, linked to the ticket, the agent and the citizen' '
  request MOS "Vado en mi calle" "Quiero pedir un vado para mi cochera." "$ANA" && T1=$TID && REF1=$REF && ACC1=$ACCESS &&
  as_token "$A1" && api PATCH "/api/v1/tickets/$T1" "{\"assignee\":\"me\"}" && expect_status 200 &&
  test "$(surveys_of "$T1")" = 0 &&
  status "$A1" "$T1" resolved &&
  test "$(surveys_of "$T1")" = 1 &&
  test "$(db_query "SELECT agent_id, channel, delivered_via, lang FROM surveys WHERE ticket_id = $T1")" = "$ID1|web|web|es" &&
  test "$(db_query "SELECT count(*) FROM surveys s JOIN tickets t ON t.id = s.ticket_id WHERE s.ticket_id = $T1 AND s.citizen_id = t.citizen_id AND s.answered_at IS NULL AND s.csat IS NULL")" = 1 &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE ticket_id = $T1 AND kind = '"'"'survey'"'"' AND to_addr = '"'"'$ANA'"'"'")" = 1 &&
  as_token "$A1" && api GET "/api/v1/tickets/$T1/survey" && expect_status 200 &&
  expect_json .ticket.reference "$REF1" && expect_json .agent.id "$ID1" && expect_json .answers null &&
  expect_json .delivered_via web
'

test_expect_success 'the follow-up page sees the survey with the request token; nothing personal in it' '
  as_token "$ACC1" && api GET "/api/v1/public/requests/$REF1/survey" && expect_status 200 &&
  expect_json .reference "$REF1" && expect_json .answered false && expect_json .tenant.code MOS &&
  expect_json ".questions | map(.id) | join(\",\")" "csat,fcr,ces,nps,comment" &&
  ! grep -q "$ANA" "$BODY" && ! grep -q "agente" "$BODY" &&
  as_token "vtr_wrong" && api GET "/api/v1/public/requests/$REF1/survey" && expect_error 404 not_found &&
  as_token "" && api GET "/api/v1/public/requests/$REF1/survey" && expect_error 401 unauthenticated
'

test_expect_success 'reopened and resolved again: no second survey, no second email' '
  status "$A1" "$T1" open && status "$A1" "$T1" resolved &&
  status "$A1" "$T1" open && status "$A1" "$T1" resolved &&
  test "$(surveys_of "$T1")" = 1 &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE ticket_id = $T1 AND kind = '"'"'survey'"'"'")" = 1
'

test_expect_success 'the invitation arrives by email with a link; its token is stored hashed and never logged' '
  wait_until inbox_has "$ANA" 1 &&
  imap "$ANA" "" "/;UID=1" >"$SCRATCH/survey.eml" &&
  "$VENTANILLA" mail parse "$SCRATCH/survey.eml" >"$SCRATCH/survey.json" &&
  jq -e --arg r "$REF1" ".subject | startswith(\"[\" + \$r + \"] \")" "$SCRATCH/survey.json" &&
  jq -e ".auto == \"auto-generated\" or .auto == \"auto-submitted\" or .auto != null" "$SCRATCH/survey.json" &&
  TOK=$(jq -r .text "$SCRATCH/survey.json" | grep -o "/encuesta#t=vts_[A-Za-z0-9_-]*" | head -1 | sed "s|.*#t=||") &&
  test -n "$TOK" &&
  grep -qi "^Auto-Submitted: auto-generated" "$SCRATCH/survey.eml" &&
  grep -q "text/html" "$SCRATCH/survey.eml" &&
  test "$(db_query "SELECT status FROM outbox WHERE ticket_id = $T1 AND kind = '"'"'survey'"'"'")" = sent &&
  test "$(db_query "SELECT count(*) FROM surveys WHERE token_hash IS NOT NULL AND ticket_id = $T1")" = 1 &&
  test "$(db_query "SELECT count(*) FROM surveys WHERE token_hash = '"'"'$TOK'"'"'")" = 0
'

test_expect_success 'the link shows the questions; answers are validated' '
  as_token "" && api GET "/api/v1/public/surveys/$TOK" && expect_status 200 &&
  expect_json .reference "$REF1" && expect_json .answered false &&
  expect_json .tenant.name "Ayuntamiento de Móstoles" &&
  api POST "/api/v1/public/surveys/$TOK" "{}" && expect_error 422 validation_failed &&
  expect_true ".error.fields.csat | length > 0" &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":6}" && expect_error 422 validation_failed &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":0}" && expect_error 422 validation_failed &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":\"5\"}" && expect_error 422 validation_failed &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":4,\"ces\":8}" && expect_error 422 validation_failed &&
  expect_true ".error.fields.ces | length > 0" &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":4,\"nps\":11}" && expect_error 422 validation_failed &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":4,\"nps\":-1}" && expect_error 422 validation_failed &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":4,\"fcr\":\"si\"}" && expect_error 422 validation_failed &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":4,\"extra\":1}" && expect_error 422 validation_failed &&
  LONG=$(head -c 2001 /dev/zero | tr "\0" "ñ") &&
  api POST "/api/v1/public/surveys/$TOK" "$(jq -nc --arg c "$LONG" "{csat:4, comment:\$c}")" &&
  expect_error 422 validation_failed && expect_true ".error.fields.comment | length > 0" &&
  test "$(db_query "SELECT count(*) FROM surveys WHERE answered_at IS NOT NULL")" = 0
'

test_expect_success 'the citizen answers once; a second answer is 409; unknown tokens are 404' '
  OK=$(head -c 2000 /dev/zero | tr "\0" "ñ") &&
  api POST "/api/v1/public/surveys/$TOK" "$(jq -nc --arg c "$OK" "{csat:5, fcr:true, ces:6, nps:9, comment:\$c}")" &&
  expect_status 200 && expect_json .answered true &&
  api POST "/api/v1/public/surveys/$TOK" "{\"csat\":1}" && expect_error 409 survey_answered &&
  as_token "$ACC1" && api POST "/api/v1/public/requests/$REF1/survey" "{\"csat\":1}" && expect_error 409 survey_answered &&
  as_token "" && api GET "/api/v1/public/surveys/$TOK" && expect_json .answered true &&
  test "$(db_query "SELECT csat, fcr, ces, nps, length(comment) FROM surveys WHERE ticket_id = $T1" | sed "s/|t|/|1|/")" = "5|1|6|9|2000" &&
  api GET "/api/v1/public/surveys/vts_desconocido" && expect_error 404 not_found &&
  api POST "/api/v1/public/surveys/vts_desconocido" "{\"csat\":3}" && expect_error 404 not_found &&
  api GET "/api/v1/public/surveys/nada" && expect_error 404 not_found &&
  ! grep -q "$TOK" "$SCRATCH/server.log" &&
  grep -q "/api/v1/public/surveys/{token}" "$SCRATCH/server.log"
'

test_expect_success 'agents read answers in their administrations only (no IDOR)' '
  as_token "$A1" && api GET "/api/v1/tickets/$T1/survey" && expect_status 200 &&
  expect_json .answers.csat 5 && expect_json .answers.fcr true && expect_json .answers.ces 6 &&
  expect_json .answers.nps 9 && expect_true ".answered_at != null" &&
  api GET "/api/v1/surveys" && expect_status 200 && expect_json ".items | length" 1 &&
  expect_json ".items[0].ticket.id" "$T1" &&
  api GET "/api/v1/surveys?tenant=MOS&answered=true&agent=$ID1&from=2000-01-01&to=2999-12-31" && expect_json ".items | length" 1 &&
  api GET "/api/v1/surveys?from=2999-01-01" && expect_json ".items | length" 0 &&
  api GET "/api/v1/surveys?agent=999999" && expect_json ".items | length" 0 &&
  api GET "/api/v1/surveys?from=ayer" && expect_error 422 validation_failed &&
  api GET "/api/v1/surveys?limit=500" && expect_error 422 validation_failed &&
  as_token "$OTHER" && api GET "/api/v1/surveys" && expect_status 200 && expect_json ".items | length" 0 &&
  api GET "/api/v1/surveys?tenant=MOS" && expect_error 422 validation_failed &&
  api GET "/api/v1/tickets/$T1/survey" && expect_error 404 not_found &&
  as_token "" && api GET "/api/v1/surveys" && expect_error 401 unauthenticated
'

test_expect_success 'the same citizen within the period gets no other survey; after it, they do' '
  request MOS "Otra consulta" "Una cosa más sobre la basura." "$ANA" && T2=$TID &&
  test "$(db_query "SELECT count(*) FROM tickets WHERE id IN ($T1, $T2) GROUP BY citizen_id")" = 2 &&
  status "$A1" "$T2" resolved && test "$(surveys_of "$T2")" = 0 &&
  db_query "UPDATE surveys SET sent_at = sent_at - 2678400000 WHERE ticket_id = $T1" &&
  request MOS "Tercera consulta" "Y otra más." "$ANA" && T3=$TID &&
  status "$A1" "$T3" resolved && test "$(surveys_of "$T3")" = 1
'

test_expect_success 'an email ticket: the invitation answers in the same thread, in the citizen'"'"'s language' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"MOS\",\"name\":\"mos-atencion\",\"address\":\"atencion@ayto.test\"}" &&
  expect_status 201 &&
  EVA="eva.$RANDOM@correo.test" && MID="e1.$RANDOM@correo.test" &&
  printf "From: Eva <%s>\r\nTo: atencion@ayto.test\r\nSubject: Recogida de muebles\r\nMessage-ID: <%s>\r\nDate: Sun, 22 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nQuiero que recojan un sofá.\r\n" "$EVA" "$MID" >"$SCRATCH/e1.eml" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-atencion <"$SCRATCH/e1.eml" &&
  TE=$(db_query "SELECT t.id FROM tickets t JOIN citizen_identities i ON i.citizen_id = t.citizen_id WHERE i.value = '"'"'$EVA'"'"' AND t.channel = '"'"'email'"'"'") &&
  test -n "$TE" &&
  db_query "UPDATE citizens SET lang = '"'"'en'"'"' WHERE id = (SELECT citizen_id FROM tickets WHERE id = $TE)" &&
  wait_until inbox_has "$EVA" 1 &&
  status "$A1" "$TE" resolved &&
  test "$(db_query "SELECT delivered_via || '"'"'/'"'"' || lang FROM surveys WHERE ticket_id = $TE")" = email/en &&
  wait_until inbox_has "$EVA" 2 &&
  imap "$EVA" "" "/;UID=2" >"$SCRATCH/esurvey.eml" &&
  "$VENTANILLA" mail parse "$SCRATCH/esurvey.eml" >"$SCRATCH/esurvey.json" &&
  jq -e --arg m "$MID" ".in_reply_to == \$m and (.references | any(. == \$m))" "$SCRATCH/esurvey.json" &&
  jq -e ".subject | test(\"Rate our service\")" "$SCRATCH/esurvey.json" &&
  jq -e ".text | test(\"/encuesta#t=vts_\")" "$SCRATCH/esurvey.json"
'

test_expect_success 'a confidential ticket (a victim line) gets no survey' '
  request CM "Agresión" "Ayer me agredieron al salir del metro y quiero saber qué ayuda hay para víctimas." "victima.$RANDOM@correo.test" &&
  case "$(db_query "SELECT confidential FROM tickets WHERE id = $TID")" in 1|t) true ;; *) false ;; esac &&
  status "$SUPCM" "$TID" resolved && test "$(surveys_of "$TID")" = 0
'

test_expect_success 'a phone call with no email cannot be reached: no survey; with an email, one by email' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Consulta\",\"body\":\"Llama.\",\"citizen\":{\"phone\":\"600 55 44 3$((RANDOM % 10))\"}}" &&
  expect_status 201 && TP=$(jv .id) && status "$A1" "$TP" resolved && test "$(surveys_of "$TP")" = 0 &&
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"in_person\",\"subject\":\"Visita\",\"body\":\"Viene.\",\"citizen\":{\"email\":\"visita.$RANDOM@correo.test\"}}" &&
  expect_status 201 && TV=$(jv .id) && status "$A1" "$TV" resolved && test "$(surveys_of "$TV")" = 1 &&
  test "$(db_query "SELECT delivered_via FROM surveys WHERE ticket_id = $TV")" = email &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE ticket_id = $TV AND kind = '"'"'survey'"'"'")" = 1
'

test_expect_success 'a chat the agent ends as resolved offers the survey in the widget, reached with the chat token' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/chat-widgets "{\"tenant\":\"MOS\",\"name\":\"Web\",\"allowed_origins\":[\"https://www.mostoles.es\"]}" &&
  expect_status 201 && KEY=$(jv .key) &&
  as_token "$A1" && api PUT /api/v1/chat/availability "{\"available\":true}" && expect_status 200 &&
  as_token "" && api POST /api/v1/public/chats "$(jobj key "$KEY" name Marta body "Una duda del IBI")" &&
  expect_status 201 && CREF=$(jv .reference) && CTOK=$(jv .access_token) &&
  CT=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'$CREF'"'"'") &&
  as_token "$A1" && api POST "/api/v1/chats/$CT/accept" && expect_status 200 &&
  test "$(surveys_of "$CT")" = 0 &&
  api POST "/api/v1/chats/$CT/end" "{\"resolution\":\"resolved\"}" && expect_status 200 &&
  test "$(surveys_of "$CT")" = 1 &&
  test "$(db_query "SELECT delivered_via FROM surveys WHERE ticket_id = $CT")" = chat &&
  as_token "$CTOK" && api GET "/api/v1/public/requests/$CREF/survey" && expect_status 200 &&
  expect_json .answered false &&
  api POST "/api/v1/public/requests/$CREF/survey" "{\"csat\":4,\"fcr\":false,\"comment\":\"  \"}" &&
  expect_status 200 && expect_json .answered true &&
  test "$(db_query "SELECT csat, fcr, ces, nps, comment FROM surveys WHERE ticket_id = $CT" | sed "s/|f|/|0|/")" = "4|0|||"
'

test_expect_success 'with surveys.enabled = false nothing is offered' '
  stop_server && VENTANILLA_SURVEYS_ENABLED=false start_server &&
  A1=$(token_for agente1.mos@ventanilla.example) &&
  request MOS "Sin encuesta" "Nada." "nadie.$RANDOM@correo.test" &&
  status "$A1" "$TID" resolved && test "$(surveys_of "$TID")" = 0
'

test_expect_success 'the server stops cleanly' '
  expect_clean_stop
'
test_done
