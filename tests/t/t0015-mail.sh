#!/usr/bin/env bash
# The email channel end to end, through real mail servers on loopback
# (Dovecot for IMAP, Postfix for SMTP; tests/mail.sh): a citizen's email
# becomes a ticket and gets an acknowledgement, the agent's reply arrives
# threaded in the citizen's mailbox, the citizen's answer joins the same
# ticket; the pipe for the local mail server; exactly-once storage; loops,
# bounces and automatic replies; permanent failures shown on the ticket;
# attachments both ways; the mailbox and SMTP administration API.
. "$(dirname "$0")/lib.sh"
start_mail
export VENTANILLA_MAIL_POLL=1 VENTANILLA_MAIL_RETRY=1 VENTANILLA_MAIL_DOMAIN=ventanilla.test
export VENTANILLA_MAIL_ACKS_PER_DAY=3 VENTANILLA_MAIL_TICKETS_PER_HOUR=6
DEMO_TICKETS=0 start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
AGENT=$(token_for agente1.mos@ventanilla.example)
ATT="$SCRATCH/att.pdf"
printf '%%PDF-1.4\n%% prueba\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' >"$ATT"

# smtp_send FROM TO FILE: hands a message to Postfix.
smtp_send() { curl -s "smtp://127.0.0.1:$MAIL_SMTP_PORT" --mail-from "$1" --mail-rcpt "$2" -T "$3"; }
# imap USER COMMAND [PATH]: one IMAP command on USER's INBOX.
imap() {
  curl -s --url "imap://127.0.0.1:$MAIL_IMAP_PORT/INBOX${3:-}" --user "$1:$MAIL_PASSWORD" ${2:+-X "$2"}
}
# inbox_count USER: how many messages USER has.
inbox_count() { imap "$1" "SEARCH ALL" | tr -d '\r' | sed 's/^\* SEARCH//' | wc -w; }
# inbox_has USER N: USER has N messages.
inbox_has() { test "$(inbox_count "$1")" = "$2"; }
# outbox_status_is SQL-WHERE STATUS
outbox_status_is() { test "$(db_query "SELECT status FROM outbox WHERE $1")" = "$2"; }
# messages_are TICKET N: the ticket has N messages.
messages_are() { as_token "$AGENT"; api GET "/api/v1/tickets/$1"; test "$(jv ".messages | length")" = "$2"; }
# wait_until CMD...: retries CMD for up to 20 s.
wait_until() {
  local i
  for i in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $*"; return 1
}
# mail_file OUT FROM SUBJECT MSGID [EXTRA-HEADER-LINES] [BODY]
mail_file() {
  { printf 'From: %s\r\nTo: atencion@ayto.test\r\nSubject: %s\r\nMessage-ID: <%s>\r\n' "$2" "$3" "$4"
    [ -n "${5:-}" ] && printf '%s\r\n' "$5"
    printf 'Date: Sun, 22 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n' "${6:-Hola, ¿me pueden ayudar?}"
  } >"$1"
}
tickets_count() { api GET "/api/v1/tickets?channel=email&limit=200" && jv ".items | length"; }
email_tickets_are() { as_token "$AGENT"; api GET "/api/v1/tickets?channel=email&limit=200"; test "$(jv '.items | length')" = "$1"; }

test_expect_success 'admin API: a mailbox polled by IMAP and the SMTP server of MOS; secrets never come back' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"MOS\",\"name\":\"mos-atencion\",\"address\":\"atencion@ayto.test\",
    \"imap_url\":\"$MAIL_IMAP_URL/INBOX\",\"imap_user\":\"atencion@ayto.test\",\"imap_password\":\"$MAIL_PASSWORD\"}" &&
  expect_status 201 && expect_json .has_password true && expect_true "has(\"imap_password\") | not" &&
  MBOX=$(jv .id) &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"MOS\",\"department\":\"padron\",\"name\":\"mos-padron\",\"address\":\"padron@ayto.test\"}" &&
  expect_status 201 && expect_json .imap_url null &&
  api PUT /api/v1/admin/tenants/MOS/smtp "{\"url\":\"$MAIL_SMTP_URL\",\"from_address\":\"atencion@ayto.test\",
    \"from_name\":\"Ayuntamiento de Móstoles\",\"username\":\"u\",\"password\":\"s3cr3t-smtp\"}" &&
  expect_status 200 && expect_json .has_password true && expect_true "has(\"password\") | not" &&
  api GET /api/v1/admin/tenants/MOS/smtp && expect_status 200 && ! grep -q s3cr3t-smtp "$BODY" &&
  api GET /api/v1/admin/mailboxes && ! grep -q "$MAIL_PASSWORD\\\"" "$BODY" && expect_json ".items | length" 2 &&
  ! grep -q s3cr3t-smtp "$SCRATCH/server.log" &&
  api PUT /api/v1/admin/tenants/MOS/smtp "{\"url\":\"$MAIL_SMTP_URL\",\"from_address\":\"atencion@ayto.test\",\"from_name\":\"Ayuntamiento de Móstoles\"}" &&
  expect_status 200 && expect_json .has_password true
'

test_expect_success 'admin API: bad input is refused, agents may not, other administrations are not found' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"MOS\",\"name\":\"Mal Nombre\",\"address\":\"no-es-correo\",\"imap_url\":\"http://x\"}" &&
  expect_error 422 validation_failed && expect_true ".error.fields | has(\"name\") and has(\"address\") and has(\"imap_url\")" &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"MOS\",\"name\":\"mos-atencion\",\"address\":\"otra@ayto.test\"}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.name | length > 0" &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"MOS\",\"name\":\"q\",\"address\":\"q@ayto.test\",\"imap_url\":\"imap://h/IN\\\"BOX\"}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.imap_url | length > 0" &&
  api PUT /api/v1/admin/tenants/MOS/smtp "{\"url\":\"ftp://x\",\"from_address\":\"atencion@ayto.test\"}" &&
  expect_error 422 validation_failed &&
  api PATCH /api/v1/admin/mailboxes/$MBOX "{\"imap_user\":\"atencion@ayto.test\",\"active\":true}" &&
  expect_status 200 && expect_json .has_password true && expect_json .name mos-atencion &&
  api PATCH /api/v1/admin/mailboxes/999999 "{\"active\":false}" && expect_error 404 not_found &&
  api PATCH /api/v1/admin/mailboxes/$MBOX "{\"name\":\"mos-padron\"}" && expect_error 422 validation_failed &&
  api GET /api/v1/admin/tenants/NOPE/smtp && expect_error 404 not_found &&
  api GET /api/v1/admin/tenants/GET/smtp && expect_error 404 not_found &&
  as_token "$AGENT" && api GET /api/v1/admin/mailboxes && expect_error 403 forbidden
'

test_expect_success 'a citizen emails the city hall: a ticket, and the acknowledgement threaded under it' '
  mail_file "$SCRATCH/m1.eml" "Ana García <ana@correo.test>" "Quiero empadronarme" "m1@correo.test" "" \
    "Buenos días, me he mudado a Móstoles. ¿Qué necesito para empadronarme?" &&
  smtp_send ana@correo.test atencion@ayto.test "$SCRATCH/m1.eml" &&
  wait_until email_tickets_are 1 &&
  T1=$(jv ".items[0].id") && REF1=$(jv ".items[0].reference") && expect_json ".items[0].tenant" MOS &&
  api GET /api/v1/tickets/$T1 && expect_json .subject "Quiero empadronarme" &&
  expect_json ".messages[0].body" "Buenos días, me he mudado a Móstoles. ¿Qué necesito para empadronarme?" &&
  expect_json ".messages[0].attachments[0].filename" mensaje-original.eml &&
  expect_json ".citizen.name" "Ana García" &&
  wait_until inbox_has ana@correo.test 1 &&
  imap ana@correo.test "" "/;UID=1" >"$SCRATCH/ack.eml" &&
  "$VENTANILLA" mail parse "$SCRATCH/ack.eml" >"$SCRATCH/ack.json" &&
  jq -e --arg r "$REF1" ".subject | startswith(\"[\" + \$r + \"]\")" "$SCRATCH/ack.json" &&
  jq -e ".in_reply_to == \"m1@correo.test\" and .auto == \"auto-submitted\"" "$SCRATCH/ack.json" &&
  jq -e --arg r "$REF1" ".text | contains(\$r)" "$SCRATCH/ack.json" &&
  grep -qi "^Reply-To:.*atencion@ayto.test" "$SCRATCH/ack.eml"
'

test_expect_success 'the IMAP message is stored once, marked read, and the mailbox remembers where it is' '
  imap atencion@ayto.test "FETCH 1 FLAGS" | grep -q "Seen" &&
  as_token "$ADMIN" && api GET /api/v1/admin/mailboxes &&
  expect_json ".items[] | select(.name==\"mos-atencion\") | .last_uid" 1 &&
  expect_json ".items[] | select(.name==\"mos-atencion\") | .last_error" null &&
  smtp_send ana@correo.test atencion@ayto.test "$SCRATCH/m1.eml" &&
  wait_until inbox_has atencion@ayto.test 2 && sleep 2.5 &&
  email_tickets_are 1 && api GET /api/v1/tickets/$T1 && expect_json ".messages | length" 1
'

test_expect_success 'the agent replies: the email reaches the citizen threaded, with the attachment' '
  as_token "$AGENT" &&
  api POST /api/v1/uploads --data-binary "@$ATT" -H "Content-Type: application/pdf" -H "X-Filename: hoja%20padronal.pdf" &&
  UP=$(jv .upload_token) &&
  api POST /api/v1/tickets/$T1/messages "{\"body\":\"Buenos días, Ana. Traiga la hoja padronal firmada y su DNI.\",\"attachments\":[\"$UP\"]}" &&
  expect_status 201 &&
  wait_until inbox_has ana@correo.test 2 &&
  imap ana@correo.test "" "/;UID=2" >"$SCRATCH/reply.eml" &&
  "$VENTANILLA" mail parse "$SCRATCH/reply.eml" >"$SCRATCH/reply.json" &&
  jq -e --arg r "$REF1" ".subject == \"Re: [\" + \$r + \"] Quiero empadronarme\"" "$SCRATCH/reply.json" &&
  jq -e ".in_reply_to == \"m1@correo.test\" and (.references | index(\"m1@correo.test\")) != null" "$SCRATCH/reply.json" &&
  jq -e ".text | contains(\"Traiga la hoja padronal\")" "$SCRATCH/reply.json" &&
  jq -e ".attachments[0].filename == \"hoja padronal.pdf\" and .attachments[0].content_type == \"application/pdf\"" "$SCRATCH/reply.json" &&
  jq -e ".auto == null" "$SCRATCH/reply.json" &&
  RID=$(jq -r .message_id "$SCRATCH/reply.json") &&
  test "$(db_query "SELECT status FROM outbox WHERE rfc_message_id = '"'"'$RID'"'"'")" = sent
'

test_expect_success 'the citizen answers the reply: the same ticket, quote trimmed, status back to open' '
  as_token "$AGENT" && api PATCH /api/v1/tickets/$T1 "{\"status\":\"pending\"}" && expect_status 200 &&
  mail_file "$SCRATCH/m2.eml" "Ana García <ana@correo.test>" "Re: [$REF1] Quiero empadronarme" "m2@correo.test" \
    "In-Reply-To: <$RID>" "$(printf "Gracias, iré el lunes.\r\n\r\nEl dom, 22 nov 2026 a las 17:00, Ayuntamiento escribió:\r\n> Buenos días, Ana.")" &&
  smtp_send ana@correo.test atencion@ayto.test "$SCRATCH/m2.eml" &&
  wait_until messages_are $T1 3 &&
  api GET /api/v1/tickets/$T1 && expect_json ".messages[2].body" "Gracias, iré el lunes." &&
  expect_json ".messages[2].direction" in && expect_json .status open && email_tickets_are 1
'

test_expect_success 'a reference in the subject threads only for the ticket citizen; a stranger gets a new ticket' '
  mail_file "$SCRATCH/m3.eml" "Ana García <ana@correo.test>" "Otra cosa [$REF1]" "m3@correo.test" &&
  smtp_send ana@correo.test atencion@ayto.test "$SCRATCH/m3.eml" &&
  wait_until messages_are $T1 4 &&
  mail_file "$SCRATCH/m4.eml" "Luis <luis@correo.test>" "Re: [$REF1] Me cuelo" "m4@correo.test" &&
  smtp_send luis@correo.test atencion@ayto.test "$SCRATCH/m4.eml" &&
  wait_until email_tickets_are 2 &&
  api GET /api/v1/tickets/$T1 && expect_json ".messages | length" 4
'

test_expect_success 'the pipe from the mail server: stored once, with the exit codes an MTA understands' '
  mail_file "$SCRATCH/p1.eml" "María <maria@correo.test>" "Certificado de padrón" "p1@correo.test" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/p1.eml" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/p1.eml" &&
  email_tickets_are 3 && api GET "/api/v1/tickets?channel=email&limit=1" &&
  expect_json ".items[0].subject" "Certificado de padrón" && expect_json ".items[0].department.code" padron &&
  { "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox nope <"$SCRATCH/p1.eml"; test $? = 67; } &&
  { "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron </dev/null; test $? = 65; } &&
  { "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron --nope x <"$SCRATCH/p1.eml"; test $? != 0; }
'

test_expect_success 'a message without Message-ID is stored once by its content hash, whatever its Received lines' '
  printf "Received: from a by b; Sun, 22 Nov 2026 10:00:00 +0100\r\nFrom: maria@correo.test\r\nTo: padron@ayto.test\r\nSubject: Sin identificador\r\n\r\nTexto.\r\n" >"$SCRATCH/n1.eml" &&
  printf "Received: from c by d; Sun, 22 Nov 2026 10:05:00 +0100\r\nFrom: maria@correo.test\r\nTo: padron@ayto.test\r\nSubject: Sin identificador\r\n\r\nTexto.\r\n" >"$SCRATCH/n2.eml" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/n1.eml" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/n2.eml" &&
  email_tickets_are 4
'

test_expect_success 'loops and bounces: automatic mail never makes a ticket; on a ticket it is an internal note' '
  mail_file "$SCRATCH/a1.eml" "Ana García <ana@correo.test>" "Respuesta automática: Quiero empadronarme" "a1@correo.test" \
    "$(printf "Auto-Submitted: auto-replied\r\nIn-Reply-To: <$RID>")" "Estoy fuera de la oficina." &&
  mail_file "$SCRATCH/a2.eml" "Pedro <pedro@correo.test>" "Fuera de la oficina" "a2@correo.test" "Auto-Submitted: auto-replied" &&
  mail_file "$SCRATCH/a3.eml" "MAILER-DAEMON@correo.test" "Undelivered Mail Returned to Sender" "a3@correo.test" &&
  mail_file "$SCRATCH/a4.eml" "Boletín <news@correo.test>" "Novedades" "a4@correo.test" "Precedence: bulk" &&
  mail_file "$SCRATCH/a5.eml" "Ayuntamiento <atencion@ayto.test>" "Eco" "a5@ventanilla.test" "X-Ventanilla-Mail: 7" &&
  for f in a1 a2 a3 a4 a5; do
    "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-atencion <"$SCRATCH/$f.eml" || return 1
  done &&
  email_tickets_are 4 && api GET /api/v1/tickets/$T1 &&
  expect_json ".messages[-1].internal" true && expect_json ".messages[-1].body" "Estoy fuera de la oficina." &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE to_addr IN ('"'"'pedro@correo.test'"'"','"'"'news@correo.test'"'"')")" = 0
'

test_expect_success 'acknowledgements to one address are capped per day (loop protection)' '
  for i in 1 2 3 4 5; do
    mail_file "$SCRATCH/c$i.eml" "Carla <carla@correo.test>" "Consulta $i" "c$i@correo.test" &&
    "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/c$i.eml" || return 1
  done &&
  email_tickets_are 9 &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE to_addr = '"'"'carla@correo.test'"'"' AND kind = '"'"'ack'"'"'")" = 3
'

test_expect_success 'a flood from one sender: six tickets an hour, the rest join the latest, nothing lost' '
  for i in 1 2 3 4 5 6 7 8; do
    mail_file "$SCRATCH/f$i.eml" "Bucle <bucle@correo.test>" "Mensaje $i" "f$i@correo.test" &&
    "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/f$i.eml" || return 1
  done &&
  email_tickets_are 15 && api GET "/api/v1/tickets?channel=email&limit=1" && FT=$(jv ".items[0].id") &&
  expect_json ".items[0].subject" "Mensaje 6" &&
  api GET /api/v1/tickets/$FT && expect_json "[.messages[].body] | length" 3 &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE to_addr = '"'"'bucle@correo.test'"'"'")" = 3
'

test_expect_success 'an email with attachments keeps them, named and typed, next to the original' '
  { printf "From: Ana García <ana@correo.test>\r\nTo: atencion@ayto.test\r\nSubject: =?UTF-8?Q?Env=C3=ADo_documentaci=C3=B3n?=\r\nMessage-ID: <att1@correo.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n"
    printf -- "--zz\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nAdjunto el contrato de alquiler y la hoja firmada.=0D=0AUn saludo.\r\n"
    printf -- "--zz\r\nContent-Type: application/pdf; name=\"contrato.pdf\"\r\nContent-Disposition: attachment; filename*=UTF-8'"'"''"'"'contrato%%20alquiler.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--zz--\r\n" "$(base64 -w0 "$ATT")"
  } >"$SCRATCH/att.eml" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/att.eml" &&
  as_token "$AGENT" && api GET "/api/v1/tickets?channel=email&limit=1" && TA=$(jv ".items[0].id") &&
  expect_json ".items[0].subject" "Envío documentación" &&
  api GET /api/v1/tickets/$TA &&
  expect_json "[.messages[0].attachments[].filename] | sort | join(\",\")" "contrato alquiler.pdf,mensaje-original.eml" &&
  AID=$(jv ".messages[0].attachments[] | select(.filename == \"contrato alquiler.pdf\") | .id") &&
  api GET /api/v1/attachments/$AID && expect_status 200 && cmp "$BODY" "$ATT"
'

test_expect_success 'a reply to an address the server refuses fails for good, and the ticket shows it' '
  mail_file "$SCRATCH/x1.eml" "Nadie <noexiste@correo.test>" "Consulta" "x1@correo.test" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/x1.eml" &&
  as_token "$AGENT" && api GET "/api/v1/tickets?channel=email&limit=1" && TX=$(jv ".items[0].id") &&
  CX=$(jv ".items[0].citizen.id") &&
  wait_until outbox_status_is "to_addr = '"'"'noexiste@correo.test'"'"' AND kind = '"'"'ack'"'"'" failed &&
  db_query "SELECT last_error FROM outbox WHERE to_addr = '"'"'noexiste@correo.test'"'"'" | grep -q 550 &&
  api GET "/api/v1/citizens/$CX/timeline" &&
  expect_true "[.items[] | select(.action == \"email_failed\" and .ticket_id == $TX)] | length == 1"
'

test_expect_success 'hostile headers: an encoded line break in Message-ID or Reply-To never reaches our headers or the SMTP envelope' '
  printf "From: Eva <eva@correo.test>\r\nTo: padron@ayto.test\r\nSubject: Inyeccion\r\nMessage-ID: <=?utf-8?q?a=0D=0AX-Inj:_1?=@c>\r\nReply-To: \"x\\\r\n RCPT TO:<evil@x>\"@evil.com\r\n\r\nHola.\r\n" >"$SCRATCH/inj.eml" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox mos-padron <"$SCRATCH/inj.eml" &&
  test "$(db_query "SELECT count(*) FROM messages WHERE channel_message_id LIKE '"'"'%X-Inj%'"'"'")" = 0 &&
  test "$(db_query "SELECT to_addr FROM outbox WHERE kind = '"'"'ack'"'"' ORDER BY id DESC LIMIT 1")" = eva@correo.test &&
  wait_until inbox_has eva@correo.test 1 &&
  imap eva@correo.test "" "/;UID=1" >"$SCRATCH/eva.eml" && ! grep -qi "^X-Inj" "$SCRATCH/eva.eml"
'

test_expect_success 'one email to two administrations is a ticket in each; threads never cross administrations' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"GET\",\"name\":\"get-atencion\",\"address\":\"atencion@getafe.test\"}" &&
  expect_status 201 &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox get-atencion <"$SCRATCH/p1.eml" &&
  test "$(db_query "SELECT count(*) FROM tickets t JOIN tenants n ON n.id = t.tenant_id WHERE n.code = '"'"'GET'"'"' AND t.channel = '"'"'email'"'"'")" = 1 &&
  mail_file "$SCRATCH/g2.eml" "Ana García <ana@correo.test>" "Re: [$REF1] Quiero empadronarme" "g2@correo.test" "In-Reply-To: <$RID>" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox get-atencion <"$SCRATCH/g2.eml" &&
  test "$(db_query "SELECT count(*) FROM tickets t JOIN tenants n ON n.id = t.tenant_id WHERE n.code = '"'"'GET'"'"' AND t.channel = '"'"'email'"'"'")" = 2
'

test_expect_success 'a reply to a web-form request tells the citizen by email, without the private link' '
  as_token "" &&
  api POST /api/v1/public/requests "$(jobj tenant MOS subject "Por la web" body "Consulta por la web." email luis@correo.test)" &&
  expect_status 201 && WREF=$(jv .reference) && WTOK=$(jv .access_token) &&
  as_token "$AGENT" && api GET "/api/v1/tickets?channel=web&limit=1" && WT=$(jv ".items[0].id") &&
  before=$(inbox_count luis@correo.test) &&
  api POST /api/v1/tickets/$WT/messages "{\"body\":\"Le respondemos en la web.\"}" && expect_status 201 &&
  wait_until inbox_has luis@correo.test $((before + 1)) &&
  imap luis@correo.test "" "/;UID=$((before + 1))" >"$SCRATCH/notify.eml" &&
  "$VENTANILLA" mail parse "$SCRATCH/notify.eml" >"$SCRATCH/notify.json" &&
  jq -e --arg r "$WREF" ".subject | startswith(\"[\" + \$r + \"]\")" "$SCRATCH/notify.json" &&
  jq -e ".text | contains(\"/seguimiento\")" "$SCRATCH/notify.json" &&
  ! grep -q "$WTOK" "$SCRATCH/notify.eml" && ! grep -q "Le respondemos en la web" "$SCRATCH/notify.json" &&
  api POST /api/v1/tickets/$WT/messages "{\"body\":\"Nota\",\"internal\":true}" && expect_status 201 &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE ticket_id = $WT")" = 1
'

# imap_append USER FILE: APPENDs FILE to USER's INBOX (UIDs follow the order of appends).
imap_append() { curl -s --url "imap://127.0.0.1:$MAIL_IMAP_PORT/INBOX" --user "$1:$MAIL_PASSWORD" -T "$2"; }
# mailbox_is COLUMN VALUE: the mos-atencion mailbox's row has COLUMN = VALUE ("" for NULL).
mailbox_is() { test "$(db_query "SELECT $1 FROM mailboxes WHERE name = 'mos-atencion'")" = "$2"; }
# uids_of USER: the UIDs in USER's INBOX, ascending, one a line.
mailbox_failing() { test -n "$(db_query "SELECT last_error FROM mailboxes WHERE name = 'mos-atencion'")"; }
uids_of() { imap "$1" "UID SEARCH ALL" | tr -d '\r' | sed 's/^\* SEARCH//' | tr ' ' '\n' | sed '/^$/d' | sort -n; }
mailbox_active() { as_token "$ADMIN" && api PATCH /api/v1/admin/mailboxes/$MBOX "{\"active\":$1}" && expect_status 200; }
# A store failure the poller cannot tell from a database that is down: a
# trigger that refuses one subject (the store answers a hard error).
if [ "$BACKEND" = postgres ]; then
  FAIL_ON='CREATE FUNCTION t_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.subject = '"'"'Falla de prueba'"'"' THEN RAISE EXCEPTION '"'"'refused for the test'"'"'; END IF;
      RETURN NEW; END $$;
    CREATE TRIGGER t_refuse BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION t_refuse();'
  FAIL_OFF='DROP TRIGGER t_refuse ON tickets; DROP FUNCTION t_refuse();'
else
  FAIL_ON='CREATE TRIGGER t_refuse BEFORE INSERT ON tickets WHEN NEW.subject = '"'"'Falla de prueba'"'"'
    BEGIN SELECT RAISE(ABORT, '"'"'refused for the test'"'"'); END;'
  FAIL_OFF='DROP TRIGGER t_refuse;'
fi

test_expect_success 'a burst larger than a poll round: every message stored exactly once, in order, and marked read' '
  mailbox_active false && sleep 1.5 &&
  mail_file "$SCRATCH/r0.eml" "Rosa <rosa@correo.test>" "Ráfaga inicial" "r0@rafaga.test" &&
  mail_file "$SCRATCH/r1.eml" "Rosa <rosa@correo.test>" "Re: Ráfaga inicial" "r1@rafaga.test" "In-Reply-To: <r0@rafaga.test>" \
    "Olvidé decir que es urgente." &&
  imap_append atencion@ayto.test "$SCRATCH/r0.eml" && imap_append atencion@ayto.test "$SCRATCH/r1.eml" &&
  md="$MAIL_STORE/ayto.test/atencion/Maildir" &&
  for i in $(seq 1 230); do
    mail_file "$SCRATCH/b.eml" "Vecino $i <v$i@correo.test>" "Ráfaga $i" "b$i@rafaga.test" &&
    cp "$SCRATCH/b.eml" "$md/new/rafaga-$i.test:2," || return 1
  done &&
  mail_file "$SCRATCH/b.eml" "Vecino 7 <v7@correo.test>" "Ráfaga 7" "b7@rafaga.test" &&
  cp "$SCRATCH/b.eml" "$md/new/rafaga-7-copia.test:2," &&
  chown -R "${MAIL_OWNER:-nobody:nogroup}" "$md" &&
  test "$(uids_of atencion@ayto.test | wc -l)" -ge 233 &&
  mailbox_active true &&
  wait_until mailbox_is last_uid "$(uids_of atencion@ayto.test | tail -n 1)" &&
  mailbox_is last_error "" &&
  test "$(db_query "SELECT count(*) FROM tickets WHERE subject LIKE '"'"'Ráfaga %'"'"'")" = 231 &&
  test "$(db_query "SELECT count(*) FROM messages WHERE channel_message_id LIKE '"'"'%@rafaga.test'"'"'")" = 232 &&
  test "$(db_query "SELECT count(DISTINCT ticket_id) FROM messages WHERE channel_message_id LIKE '"'"'%/r_@rafaga.test'"'"'")" = 1 &&
  test -z "$(imap atencion@ayto.test "UID SEARCH UNSEEN" | tr -d "\r" | sed "s/^\* SEARCH//" | tr -d " ")"
'

test_expect_success 'a message the database refuses is left unread, the mark stays before it, and it is fetched again' '
  LAST=$(db_query "SELECT last_uid FROM mailboxes WHERE name = '"'"'mos-atencion'"'"'") &&
  db_query "$FAIL_ON" &&
  mailbox_active false && sleep 1.5 &&
  mail_file "$SCRATCH/x1.eml" "Xana <xana@correo.test>" "Falla de prueba" "x1@rafaga.test" &&
  mail_file "$SCRATCH/x2.eml" "Xavi <xavi@correo.test>" "Después de la falla" "x2@rafaga.test" &&
  mail_file "$SCRATCH/x3.eml" "Ximena <ximena@correo.test>" "Después de la falla, otra" "x3@rafaga.test" &&
  imap_append atencion@ayto.test "$SCRATCH/x1.eml" && imap_append atencion@ayto.test "$SCRATCH/x2.eml" &&
  imap_append atencion@ayto.test "$SCRATCH/x3.eml" &&
  X1=$(uids_of atencion@ayto.test | tail -n 3 | head -n 1) && X3=$(uids_of atencion@ayto.test | tail -n 1) &&
  test "$X1" -gt "$LAST" &&
  mailbox_active true &&
  wait_until mailbox_failing &&
  mailbox_active false && sleep 2.5 &&
  mailbox_is last_uid "$LAST" &&
  test "$(db_query "SELECT count(*) FROM tickets WHERE subject = '"'"'Falla de prueba'"'"'")" = 0 &&
  ! imap atencion@ayto.test "UID FETCH $X1 FLAGS" | grep -q Seen &&
  db_query "$FAIL_OFF" &&
  mailbox_active true &&
  wait_until mailbox_is last_uid "$X3" && mailbox_is last_error "" &&
  test "$(db_query "SELECT count(*) FROM tickets WHERE subject = '"'"'Falla de prueba'"'"'")" = 1 &&
  test "$(db_query "SELECT count(*) FROM messages WHERE channel_message_id LIKE '"'"'%/x_@rafaga.test'"'"'")" = 3 &&
  imap atencion@ayto.test "UID FETCH $X1 FLAGS" | grep -q Seen
'

test_expect_success 'the server stops cleanly' 'expect_clean_stop'
test_done
