#!/usr/bin/env bash
# Deadlines: holiday calendars at three levels (national, regional, local)
# and office hours, edited by administrators; the deadline calculator on
# those calendars; each ticket's due times from its service's legal days and
# its SLA policy; waiting on the citizen stops the clock; a breach fires its
# actions once, also across a restart of the server; the supervisors' alert
# arrives by email (real Postfix and Dovecot) in the language each chose.
. "$(dirname "$0")/lib.sh"
export MAIL_USERS="supervisor.mos@ventanilla.example admin@ventanilla.example"
start_mail
export VENTANILLA_ROUTING_AUTO_ANSWER=false VENTANILLA_SLA_SWEEP_SECONDS=1 VENTANILLA_MAIL_RETRY=1
DEMO_TICKETS=0 start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
SUP=$(token_for supervisor.mos@ventanilla.example)
AG=$(token_for agente1.mos@ventanilla.example)
OTHER=$(token_for agente1.get@ventanilla.example)

wait_until() {
  local i
  for i in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $*"; return 1
}
# The supervisor's mailbox (Dovecot).
SUP_MAIL=supervisor.mos@ventanilla.example
# alert_uid REF: the UID of the alert about ticket REF, once it is in the mailbox.
alert_uid() {
  local u
  u=$(curl -s --url "imap://127.0.0.1:$MAIL_IMAP_PORT/INBOX" --user "$SUP_MAIL:$MAIL_PASSWORD" \
    -X "UID SEARCH HEADER Subject \"$1\"" | tr -d '\r' | sed -n 's/^\* SEARCH *//p')
  test -n "$u" && echo "$u"
}
alert_sent() { test "$(db_query "SELECT status FROM outbox WHERE ticket_id = $TID AND kind = 'sla_alert' AND to_addr = '$SUP_MAIL'")" = sent; }
inbox_message() { curl -s --url "imap://127.0.0.1:$MAIL_IMAP_PORT/INBOX/;UID=$1" --user "$SUP_MAIL:$MAIL_PASSWORD"; }
deadline() { # deadline TENANT FROM-ISO KIND N: sets DUE (the due_date)
  api GET "/api/v1/sla/deadline?tenant=$1&from=$2&$3=$4" && expect_status 200 && DUE=$(jv .due_date)
}
phone_ticket() { # phone_ticket [SERVICE]: an agent of MOS logs a call; sets TID
  as_token "$AG"
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",${1:+\"service\":\"$1\",}
    \"subject\":\"Llamada\",\"body\":\"Consulta por teléfono.\",\"citizen\":{\"name\":\"Ana Ruiz\",\"phone\":\"$(printf "+346%08d" $RANDOM)\"}}" &&
    expect_status 201 && TID=$(jv .id)
}

test_expect_success 'alerts go out through the administration'"'"'s mail server' '
  as_token "$ADMIN" &&
  api PUT /api/v1/admin/tenants/MOS/smtp "{\"url\":\"$MAIL_SMTP_URL\",\"from_address\":\"atencion@ayto.test\",
    \"from_name\":\"Ayuntamiento de Móstoles\"}" && expect_status 200
'

test_expect_success 'holidays at three levels: national, the region and the town' '
  as_token "$ADMIN" && api GET /api/v1/admin/calendars/national && expect_status 200 &&
  expect_true "any(.holidays[]; .date == \"2026-12-08\") and any(.holidays[]; .date == \"2027-03-26\")" &&
  api PUT /api/v1/admin/calendars/MOS "{\"hours\":{\"mon\":\"09:00-14:00\",\"tue\":\"09:00-14:00\",\"wed\":\"09:00-14:00\",\"thu\":\"09:00-14:00\",\"fri\":\"09:00-14:00\"},
    \"holidays\":[{\"date\":\"2026-12-07\",\"name\":\"Fiesta local de prueba\"}]}" &&
  expect_status 200 && expect_json ".holidays | length" 1 &&
  expect_true "any(.inherited[]; .date == \"2026-12-08\" and .level == \"national\")" &&
  expect_true "any(.inherited[]; .date == \"2026-05-02\" and .level == \"CM\")" &&
  expect_true "all(.inherited[]; .level != \"GET\")" &&
  api PUT /api/v1/admin/calendars/MOS "{\"holidays\":[{\"date\":\"2026-02-30\",\"name\":\"x\"}]}" &&
  expect_error 422 validation_failed &&
  api PUT /api/v1/admin/calendars/MOS "{\"hours\":{\"mon\":\"25:00-26:00\"},\"holidays\":[]}" &&
  expect_error 422 validation_failed &&
  api PUT /api/v1/admin/calendars/MOS "{\"hours\":{},\"holidays\":[]}" && expect_error 422 validation_failed &&
  api PUT /api/v1/admin/calendars/MOS "{\"departments\":{\"padron\":{}},\"holidays\":[]}" &&
  expect_error 422 validation_failed &&
  as_token "$SUP" && api PUT /api/v1/admin/calendars/MOS "{\"holidays\":[]}" && expect_error 403 forbidden &&
  as_token "$OTHER" && api GET /api/v1/admin/calendars/MOS && expect_error 404 not_found &&
  as_token "$AG" && api GET /api/v1/admin/calendars/MOS && expect_status 200 && expect_json ".holidays[0].date" 2026-12-07
'

test_expect_success 'the deadline calculator counts business days on each administration’s calendar' '
  as_token "$AG" &&
  deadline MOS 2026-12-03T10:00:00Z business_days 3 && test "$DUE" = 2026-12-10 &&
  expect_true ".due_at | startswith(\"2026-12-10T22:59:59\")" &&
  deadline MOS 2026-12-05T10:00:00Z business_days 1 && test "$DUE" = 2026-12-10 &&
  as_token "$OTHER" &&
  deadline GET 2026-12-03T10:00:00Z business_days 3 && test "$DUE" = 2026-12-09 &&
  deadline GET 2026-12-05T10:00:00Z business_days 1 && test "$DUE" = 2026-12-09 &&
  deadline GET 2026-12-30T10:00:00Z business_days 3 && test "$DUE" = 2027-01-05 &&
  deadline GET 2027-01-31T10:00:00Z months 1 && test "$DUE" = 2027-03-01 &&
  deadline GET 2026-12-04T13:00:00Z business_minutes 180 && expect_json .due_at 2026-12-07T11:00:00.000Z &&
  api GET "/api/v1/sla/deadline?tenant=MOS&business_days=3" && expect_error 422 validation_failed &&
  api GET "/api/v1/sla/deadline?tenant=GET&business_days=0" && expect_error 422 validation_failed &&
  api GET "/api/v1/sla/deadline?tenant=GET&business_days=2&months=1" && expect_error 422 validation_failed
'

test_expect_success 'a ticket shows its due times: the policy in business hours, the law in business days' '
  SVC=$(db_query "SELECT s.code FROM services s JOIN tenants t ON t.id = s.tenant_id WHERE t.code = '"'"'MOS'"'"' AND s.legal_deadline_days > 0 ORDER BY s.id LIMIT 1") &&
  DAYS=$(db_query "SELECT s.legal_deadline_days FROM services s JOIN tenants t ON t.id = s.tenant_id WHERE s.code = '"'"'$SVC'"'"' AND t.code = '"'"'MOS'"'"'") &&
  test -n "$SVC" && phone_ticket "$SVC" && CREATED=$(jv .created_at) &&
  LEGAL=$(jv .sla.legal_due_at) && FIRST=$(jv .sla.first_response_due_at) && test "$LEGAL" != null &&
  expect_true ".due_at != null and .sla.paused == false" &&
  api GET "/api/v1/sla/deadline?tenant=MOS&from=$CREATED&business_days=$DAYS" && expect_json .due_at "$LEGAL" &&
  api GET "/api/v1/sla/deadline?tenant=MOS&from=$CREATED&business_minutes=480" && expect_json .due_at "$FIRST"
'

test_expect_success 'waiting on the citizen stops the clock; the due time moves by the business days paused' '
  db_query "UPDATE tickets SET created_at = created_at - 864000000 WHERE id = $TID" &&
  as_token "$AG" && api GET "/api/v1/tickets/$TID" && V=$(jv .version) &&
  api PATCH "/api/v1/tickets/$TID" "{\"status\":\"pending\",\"version\":$V}" && expect_status 200 &&
  expect_json .sla.paused true && L1=$(jv .sla.legal_due_at) && V=$(jv .version) &&
  test "$(db_query "SELECT count(*) FROM ticket_pauses WHERE ticket_id = $TID AND ended_at IS NULL")" = 1 &&
  db_query "UPDATE ticket_pauses SET started_at = started_at - 604800000 WHERE ticket_id = $TID" &&
  api PATCH "/api/v1/tickets/$TID" "{\"status\":\"open\",\"version\":$V}" && expect_status 200 &&
  expect_json .sla.paused false && L2=$(jv .sla.legal_due_at) &&
  test "$(db_query "SELECT count(*) FROM ticket_pauses WHERE ticket_id = $TID AND ended_at IS NOT NULL")" = 1 &&
  test "$(date -d "$L2" +%s)" -ge "$(( $(date -d "$L1" +%s) + 3 * 86400 ))"
'

test_expect_success 'SLA policies: administrators set them, checked; supervisors read them' '
  as_token "$SUP" && api GET /api/v1/admin/sla-policies/MOS && expect_status 200 &&
  expect_true ".items | length >= 1" &&
  api PUT /api/v1/admin/sla-policies/MOS "{\"items\":[]}" && expect_error 403 forbidden &&
  as_token "$OTHER" && api GET /api/v1/admin/sla-policies/MOS && expect_error 403 forbidden &&
  as_token "$ADMIN" &&
  api PUT /api/v1/admin/sla-policies/MOS "{\"items\":[{\"service\":\"no-such\"}]}" && expect_error 422 validation_failed &&
  api PUT /api/v1/admin/sla-policies/MOS "{\"items\":[{\"priority\":\"low\"},{\"priority\":\"low\"}]}" &&
  expect_error 422 validation_failed &&
  api PUT /api/v1/admin/sla-policies/MOS "{\"items\":[{\"on_breach\":[\"fire_everyone\"]}]}" && expect_error 422 validation_failed &&
  api PUT /api/v1/admin/sla-policies/MOS "{\"items\":[{\"resolution_minutes\":-1}]}" && expect_error 422 validation_failed &&
  api PUT /api/v1/admin/sla-policies/MOS "{\"items\":[{\"priority\":\"normal\",\"resolution_minutes\":0,
    \"on_breach\":[\"raise_priority\",\"reassign\",\"notify_supervisor\"]},
    {\"priority\":\"high\",\"resolution_minutes\":6000}]}" &&
  expect_status 200 && expect_json ".items | length" 2 &&
  expect_true "any(.items[]; .priority == \"normal\" and .resolution_minutes == 0)"
'

breaches() { db_query "SELECT count(*) FROM sla_escalations WHERE ticket_id = $TID AND stage = 'breach'"; }
breached() { test "$(breaches)" = 1; }
# The supervisor of MOS is emailed (outbox), once.
alerts() { db_query "SELECT count(*) FROM outbox WHERE ticket_id = $TID AND kind = 'sla_alert' AND to_addr = 'supervisor.mos@ventanilla.example'"; }

test_expect_success 'a breach fires once, with its actions: priority raised, back to the queue, supervisors told' '
  phone_ticket && expect_json .priority normal && expect_true ".assignee != null" &&
  wait_until breached &&
  as_token "$AG" && api GET "/api/v1/tickets/$TID" && expect_json .priority high && expect_json .assignee null &&
  expect_json .sla.escalated true &&
  test "$(db_query "SELECT count(*) FROM events WHERE ticket_id = $TID AND action = '"'"'sla_breach'"'"'")" = 1 &&
  as_token "$SUP" && api GET "/api/v1/tickets?at_risk=true&tenant=MOS" && expect_status 200 &&
  expect_true "any(.items[]; .id == $TID)" &&
  as_token "$OTHER" && api GET "/api/v1/tickets?at_risk=true" && expect_true "all(.items[]; .id != $TID)" &&
  test "$(alerts)" = 1 &&
  as_token "$ADMIN" && api GET /metrics && expect_status 200 &&
  N=$(db_query "SELECT count(*) FROM sla_escalations WHERE stage = '"'"'breach'"'"'") &&
  grep -qx "ventanilla_sla_escalations_total{stage=\"breach\"} $N" "$BODY"
'

test_expect_success 'the supervisor gets the alert by email: in Spanish, local times, not in the citizen'"'"'s thread' '
  REF=$(db_query "SELECT reference FROM tickets WHERE id = $TID") &&
  wait_until alert_uid "$REF" && test "$(alert_uid "$REF" | wc -w)" = 1 &&
  inbox_message "$(alert_uid "$REF")" >"$SCRATCH/alert-es.eml" &&
  grep -q "^Subject: Plazo incumplido: $REF" "$SCRATCH/alert-es.eml" &&
  grep -qi "^Auto-Submitted: auto-generated" "$SCRATCH/alert-es.eml" &&
  ! grep -qi "^In-Reply-To:" "$SCRATCH/alert-es.eml" && ! grep -q "^Subject: .*\[$REF\]" "$SCRATCH/alert-es.eml" &&
  grep -q "(Europe/Madrid)" "$SCRATCH/alert-es.eml" && ! grep -q " UTC$" "$SCRATCH/alert-es.eml" &&
  test "$(grep -ci "^Content-Type: text/.*charset=utf-8" "$SCRATCH/alert-es.eml")" = 2 &&
  grep -q "^Resoluci=C3=B3n antes de: " "$SCRATCH/alert-es.eml" &&
  grep -q "/agent/#/ticket/$TID" "$SCRATCH/alert-es.eml" &&
  wait_until alert_sent
'

test_expect_success 'the language a user reads the console in is kept, and checked' '
  as_token "$SUP" && api GET /api/v1/session && expect_json .user.lang es &&
  api PUT /api/v1/me/language "{\"lang\":\"fr\"}" && expect_error 422 validation_failed &&
  api PUT /api/v1/me/language "{\"lang\":\"en\",\"role\":\"admin\"}" && expect_error 422 validation_failed &&
  api PUT /api/v1/me/language "{\"lang\":\"en\"}" && expect_status 200 && expect_json .lang en &&
  api GET /api/v1/session && expect_json .user.lang en && expect_json .user.role supervisor &&
  as_token "$AG" && api GET /api/v1/session && expect_json .user.lang es
'

test_expect_success 'a supervisor who reads the console in English gets the next alert in English' '
  FIRST_TID=$TID && phone_ticket &&
  REF=$(db_query "SELECT reference FROM tickets WHERE id = $TID") &&
  wait_until alert_uid "$REF" &&
  inbox_message "$(alert_uid "$REF")" >"$SCRATCH/alert-en.eml" &&
  grep -q "^Subject: Deadline missed: $REF" "$SCRATCH/alert-en.eml" &&
  grep -q "Resolution due: " "$SCRATCH/alert-en.eml" && grep -q "(Europe/Madrid)" "$SCRATCH/alert-en.eml" &&
  as_token "$SUP" && api PUT /api/v1/me/language "{\"lang\":\"es\"}" && expect_status 200 &&
  TID=$FIRST_TID
'

test_expect_success 'after a restart the sweep does not fire it again' '
  stop_server && start_server && sleep 3 &&
  test "$(breaches)" = 1 && test "$(alerts)" = 1 &&
  test "$(db_query "SELECT priority FROM tickets WHERE id = $TID")" = high &&
  test "$(db_query "SELECT count(*) FROM events WHERE ticket_id = $TID AND action = '"'"'sla_breach'"'"'")" = 1
'

all_breached() { test "$(db_query "SELECT count(*) FROM tickets t JOIN tenants n ON n.id = t.tenant_id WHERE n.code = 'MOS' AND t.status IN ('new', 'open') AND t.priority = 'normal'")" = 0; }

test_expect_success 'breach emails to one supervisor are bounded: at most 20 an hour' '
  for i in $(seq 1 24); do phone_ticket || return 1; done &&
  wait_until all_breached &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE kind = '"'"'sla_alert'"'"' AND to_addr = '"'"'supervisor.mos@ventanilla.example'"'"'")" = 20 &&
  test "$(db_query "SELECT count(*) FROM sla_escalations e JOIN tickets t ON t.id = e.ticket_id WHERE e.stage = '"'"'breach'"'"' AND t.tenant_id = (SELECT id FROM tenants WHERE code = '"'"'MOS'"'"')")" -ge 25
'

test_done
