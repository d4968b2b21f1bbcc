#!/usr/bin/env bash
# What the portal and the console need beside tickets: the public list of
# administrations, the assignable users, presence (who else has a ticket
# open), due dates and the overdue queue, and attachments end to end: upload,
# type and size checks, single-use tokens, downloads that never render, and
# who may download what.
. "$(dirname "$0")/lib.sh"
DEMO_TICKETS=0 start_server --with-demo
A1=$(token_for agente1.mos@ventanilla.example)
A2=$(token_for agente2.mos@ventanilla.example)
G1=$(token_for agente1.get@ventanilla.example)
PUB=/api/v1/public/requests
PDF="$SCRATCH/contrato.pdf"
printf '%%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' >"$PDF"
PNG="$SCRATCH/foto.png"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$PNG"

# upload PATH FILE TYPE NAME: raw-body upload; the token lands in $UPL.
upload() {
  api POST "$1" --data-binary "@$2" -H "Content-Type: $3" -H "X-Filename: $4" &&
    UPL=$(jv '.upload_token // empty')
}

test_expect_success 'public list of administrations: every one, region first, no auth' '
  as_token "" && api GET /api/v1/public/tenants && expect_status 200 &&
  expect_json ".items[0].code" CM && expect_json ".items | length" 14 &&
  expect_true "[.items[] | has(\"id\")] | any | not" &&
  expect_true "[.items[].code] | index(\"MOS\") != null"
'

test_expect_success 'users who can take MOS tickets: MOS staff and the region, by name; empty outside scope' '
  as_token "$A1" && api GET "/api/v1/users?tenant=MOS" && expect_status 200 &&
  expect_true "[.items[].email] | index(\"agente2.mos@ventanilla.example\") != null" &&
  expect_true "[.items[].email] | index(\"agente1.cm@ventanilla.example\") != null" &&
  expect_true "[.items[].email] | index(\"agente1.get@ventanilla.example\") == null" &&
  expect_true "[.items[].name] == ([.items[].name] | sort)" &&
  expect_true "[.items[] | has(\"password_hash\")] | any | not" &&
  api GET "/api/v1/users?tenant=GET" && expect_status 200 && expect_json ".items | length" 0 &&
  api GET "/api/v1/users?tenant=NOPE" && expect_error 422 validation_failed &&
  expect_true ".error.fields.tenant | length > 0" &&
  api GET /api/v1/users && expect_error 422 validation_failed
'

test_expect_success 'setup: a MOS web-form request with a service (due date) and one in GET' '
  as_token "" &&
  api POST $PUB "$(jobj tenant MOS service empadronamiento subject "Alta" body "Quiero empadronarme." email a@correo.example)" &&
  expect_status 201 && REF=$(jv .reference) && RTOK=$(jv .access_token) &&
  api POST $PUB "$(jobj tenant GET subject "Getafe" body "Solo Getafe." email g@correo.example)" &&
  expect_status 201 && GREF=$(jv .reference) &&
  as_token "$A1" && api GET "/api/v1/tickets?tenant=MOS&limit=1" && T=$(jv ".items[0].id") &&
  test "$(jv ".items[0].reference")" = "$REF" &&
  as_token "$G1" && api GET "/api/v1/tickets?tenant=GET&limit=1" && GT=$(jv ".items[0].id")
'

test_expect_success 'due_at is the earlier of the resolution and legal due times, after creation' '
  as_token "$A1" && api GET /api/v1/tickets/$T && expect_status 200 &&
  expect_true ".due_at != null and .due_at > .created_at" &&
  expect_true ". as \$t | [\$t.sla.resolution_due_at, \$t.sla.legal_due_at] | map(select(. != null)) | min == \$t.due_at" &&
  as_token "$G1" && api GET /api/v1/tickets/$GT && expect_true ".due_at == .sla.resolution_due_at"
'

test_expect_success 'overdue=true lists only open tickets past their due date' '
  db_query "UPDATE tickets SET created_at = created_at - 3456000000 WHERE id = $T" &&
  as_token "$A1" && api PATCH /api/v1/tickets/$T "{\"priority\":\"high\"}" && expect_status 200 &&
  api GET "/api/v1/tickets?overdue=true&limit=200" && expect_status 200 &&
  expect_true "[.items[].id] | index($T) != null" &&
  expect_true "[.items[] | select(.status == \"resolved\" or .status == \"closed\")] | length == 0" &&
  expect_true "[.items[] | .due_at != null] | all" &&
  api PATCH /api/v1/tickets/$T "{\"status\":\"resolved\"}" && expect_status 200 &&
  api GET "/api/v1/tickets?overdue=true&limit=200" && expect_true "[.items[].id] | index($T) == null" &&
  api PATCH /api/v1/tickets/$T "{\"status\":\"open\"}" && expect_status 200 &&
  api GET "/api/v1/tickets?overdue=maybe" && expect_error 422 validation_failed
'

test_expect_success 'presence: each agent sees the other, with the activity; leaving and expiry remove them' '
  as_token "$A1" && api GET /api/v1/session && A1NAME=$(jv .user.name) &&
  as_token "$A1" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"viewing\"}" &&
  expect_status 200 && expect_json ".others | length" 0 &&
  as_token "$A2" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"replying\"}" &&
  expect_status 200 && expect_json ".others | length" 1 &&
  expect_json ".others[0].user.name" "$A1NAME" &&
  as_token "$A1" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"viewing\"}" &&
  expect_json ".others[0].activity" replying && expect_true ".others[0].at | test(\"Z\$\")" &&
  as_token "$A2" && api DELETE /api/v1/tickets/$T/presence && expect_status 204 &&
  as_token "$A1" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"viewing\"}" &&
  expect_json ".others | length" 0 &&
  as_token "$A2" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"viewing\"}" &&
  db_query "UPDATE presence SET at = at - 31000 WHERE ticket_id = $T" &&
  as_token "$A1" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"viewing\"}" &&
  expect_json ".others | length" 0
'

test_expect_success 'presence: bad activity, unknown fields, other tenants tickets (404)' '
  as_token "$A1" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"typing\"}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.activity | length > 0" &&
  api POST /api/v1/tickets/$T/presence "{\"activity\":\"viewing\",\"x\":1}" && expect_error 422 validation_failed &&
  api POST /api/v1/tickets/$GT/presence "{\"activity\":\"viewing\"}" && expect_error 404 not_found &&
  api DELETE /api/v1/tickets/$GT/presence && expect_error 404 not_found &&
  as_token "" && api POST /api/v1/tickets/$T/presence "{\"activity\":\"viewing\"}" && expect_error 401 unauthenticated
'

test_expect_success 'upload: a PDF is accepted, its name kept (UTF-8, percent-encoded)' '
  as_token "" && upload /api/v1/public/uploads "$PDF" application/pdf "Contrato%20de%20alquiler%20%C3%B1.pdf" &&
  expect_status 201 && expect_json .filename "Contrato de alquiler ñ.pdf" &&
  expect_json .content_type application/pdf && expect_json .size "$(stat -c %s "$PDF")" &&
  expect_true ".upload_token | test(\"^vtu_\")" && PUPL=$UPL
'

test_expect_success 'upload: octet-stream takes the type from the extension; a mismatching name gets the type extension' '
  upload /api/v1/public/uploads "$PNG" application/octet-stream "foto.png" && expect_status 201 &&
  expect_json .content_type image/png &&
  upload /api/v1/public/uploads "$PNG" image/png "pagina.html" && expect_status 201 &&
  expect_json .filename "pagina.html.png" &&
  upload /api/v1/public/uploads "$PNG" image/png "..%2F..%2Fetc%2Fpasswd" && expect_status 201 &&
  expect_json .filename "passwd.png"
'

test_expect_success 'upload: types off the list and bytes that lie about their type are refused (415)' '
  printf "<html><script>alert(1)</script></html>" >"$SCRATCH/x.html" &&
  upload /api/v1/public/uploads "$SCRATCH/x.html" text/html "x.html" && expect_error 415 file_type_not_allowed &&
  upload /api/v1/public/uploads "$SCRATCH/x.html" application/pdf "x.pdf" && expect_error 415 file_type_not_allowed &&
  upload /api/v1/public/uploads "$SCRATCH/x.html" application/octet-stream "x.exe" && expect_error 415 file_type_not_allowed &&
  printf "MZ\000\000" >"$SCRATCH/x.txt" &&
  upload /api/v1/public/uploads "$SCRATCH/x.txt" text/plain "x.txt" && expect_error 415 file_type_not_allowed
'

test_expect_success 'upload: missing or bad file name (422), empty file (422), too large (413)' '
  api POST /api/v1/public/uploads --data-binary "@$PDF" -H "Content-Type: application/pdf" &&
  expect_error 422 validation_failed && expect_true ".error.fields.filename | length > 0" &&
  upload /api/v1/public/uploads "$PDF" application/pdf "a%01b.pdf" && expect_error 422 validation_failed &&
  upload /api/v1/public/uploads "$PDF" application/pdf "%FF%FE.pdf" && expect_error 422 validation_failed &&
  : >"$SCRATCH/empty.txt" &&
  upload /api/v1/public/uploads "$SCRATCH/empty.txt" text/plain "empty.txt" && expect_error 422 validation_failed &&
  expect_true ".error.fields.file | length > 0" &&
  head -c 10485761 /dev/zero | tr "\\000" a >"$SCRATCH/big.txt" &&
  upload /api/v1/public/uploads "$SCRATCH/big.txt" text/plain "big.txt" && expect_error 413 payload_too_large &&
  head -c 10485760 /dev/zero | tr "\\000" a >"$SCRATCH/max.txt" &&
  upload /api/v1/public/uploads "$SCRATCH/max.txt" text/plain "max.txt" && expect_status 201
'

test_expect_success 'a JSON body over 1 MiB is still refused outside the upload endpoints' '
  head -c 1048577 /dev/zero | tr "\\000" a >"$SCRATCH/big.json" &&
  api POST $PUB --data-binary "@$SCRATCH/big.json" -H "Content-Type: application/json" &&
  expect_error 413 payload_too_large
'

test_expect_success 'a web-form request carries the attachment; the citizen sees and downloads it' '
  as_token "" &&
  api POST $PUB "{\"tenant\":\"MOS\",\"email\":\"b@correo.example\",\"subject\":\"Con adjunto\",\"body\":\"Va el contrato.\",\"attachments\":[\"$PUPL\"]}" &&
  expect_status 201 && AREF=$(jv .reference) && ATOK=$(jv .access_token) &&
  as_token "$ATOK" && api GET $PUB/$AREF && expect_status 200 &&
  expect_json ".messages[0].attachments[0].filename" "Contrato de alquiler ñ.pdf" &&
  AID=$(jv ".messages[0].attachments[0].id") &&
  api GET $PUB/$AREF/attachments/$AID && expect_status 200 &&
  cmp "$BODY" "$PDF" && expect_header Content-Type "application/pdf" &&
  expect_header Content-Disposition "attachment; filename=\"Contrato de alquiler _.pdf\"; filename\\*=UTF-8.." &&
  expect_header Content-Security-Policy ".*sandbox" && expect_header X-Content-Type-Options nosniff
'

test_expect_success 'an upload token is single-use; made-up and malformed tokens are refused' '
  as_token "" &&
  api POST $PUB "{\"tenant\":\"MOS\",\"email\":\"b@correo.example\",\"subject\":\"Otra\",\"body\":\"Otra vez.\",\"attachments\":[\"$PUPL\"]}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.attachments | length > 0" &&
  api POST $PUB "{\"tenant\":\"MOS\",\"email\":\"b@correo.example\",\"subject\":\"Otra\",\"body\":\"x\",\"attachments\":[\"vtu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"]}" &&
  expect_error 422 validation_failed &&
  api POST $PUB "{\"tenant\":\"MOS\",\"email\":\"b@correo.example\",\"subject\":\"Otra\",\"body\":\"x\",\"attachments\":\"nope\"}" &&
  expect_error 422 validation_failed &&
  api POST $PUB "{\"tenant\":\"MOS\",\"email\":\"b@correo.example\",\"subject\":\"Otra\",\"body\":\"x\",\"attachments\":[1,2,3,4,5,6]}" &&
  expect_error 422 validation_failed
'

test_expect_success 'a retry with the same Idempotency-Key replays and attaches nothing twice' '
  as_token "" && upload /api/v1/public/uploads "$PDF" application/pdf "r.pdf" && R=$UPL &&
  B="{\"tenant\":\"MOS\",\"email\":\"c@correo.example\",\"subject\":\"Reintento\",\"body\":\"x\",\"attachments\":[\"$R\"]}" &&
  api POST $PUB "$B" -H "Idempotency-Key: att-retry-1" && expect_status 201 && RREF=$(jv .reference) && RT=$(jv .access_token) &&
  api POST $PUB "$B" -H "Idempotency-Key: att-retry-1" && expect_status 201 && expect_json .reference "$RREF" &&
  as_token "$RT" && api GET $PUB/$RREF && expect_json "[.messages[].attachments[]] | length" 1
'

test_expect_success 'the citizen replies with a file; the agent sees it on the ticket and downloads it' '
  as_token "" && upload /api/v1/public/uploads "$PNG" image/png "dni.png" && R2=$UPL &&
  as_token "$ATOK" && api POST $PUB/$AREF/messages "{\"body\":\"Mi DNI.\",\"attachments\":[\"$R2\"]}" &&
  expect_status 201 && expect_json ".attachments[0].filename" dni.png &&
  as_token "$A1" && api GET "/api/v1/tickets?q=adjunto&tenant=MOS" && AT=$(jv ".items[0].id") &&
  api GET /api/v1/tickets/$AT && expect_json "[.messages[].attachments[].filename] | join(\",\")" "Contrato de alquiler ñ.pdf,dni.png" &&
  PID2=$(jv ".messages[1].attachments[0].id") &&
  api GET /api/v1/attachments/$PID2 && expect_status 200 && cmp "$BODY" "$PNG" &&
  expect_header Content-Disposition "attachment"
'

test_expect_success 'no IDOR: another administration, another request, an internal note' '
  as_token "$G1" && api GET /api/v1/attachments/$AID && expect_error 404 not_found &&
  as_token "$A1" && api GET /api/v1/attachments/999999 && expect_error 404 not_found &&
  api GET /api/v1/attachments/abc && expect_error 404 not_found &&
  as_token "$RT" && api GET $PUB/$RREF/attachments/$AID && expect_error 404 not_found &&
  as_token "$A1" && api POST /api/v1/uploads --data-binary "@$PDF" -H "Content-Type: application/pdf" -H "X-Filename: nota.pdf" &&
  expect_status 201 && N1=$(jv .upload_token) &&
  api POST /api/v1/tickets/$AT/messages "{\"body\":\"Nota con fichero\",\"internal\":true,\"attachments\":[\"$N1\"]}" &&
  expect_status 201 && NID=$(jv ".attachments[0].id") &&
  api GET /api/v1/attachments/$NID && expect_status 200 &&
  as_token "$ATOK" && api GET $PUB/$AREF/attachments/$NID && expect_error 404 not_found &&
  api GET $PUB/$AREF && expect_true "[.messages[].attachments[].id] | index($NID) == null" &&
  as_token "" && api GET /api/v1/attachments/$AID && expect_error 401 unauthenticated &&
  api GET $PUB/$AREF/attachments/$AID && expect_error 401 unauthenticated
'

test_expect_success 'an agent upload token works only for that agent; a citizen token not for agents' '
  as_token "$A2" && api POST /api/v1/uploads --data-binary "@$PDF" -H "Content-Type: application/pdf" -H "X-Filename: a2.pdf" &&
  expect_status 201 && A2U=$(jv .upload_token) &&
  as_token "$A1" && api POST /api/v1/tickets/$AT/messages "{\"body\":\"x\",\"attachments\":[\"$A2U\"]}" &&
  expect_error 422 validation_failed &&
  as_token "" && upload /api/v1/public/uploads "$PDF" application/pdf "c.pdf" && CU=$UPL &&
  as_token "$A1" && api POST /api/v1/tickets/$AT/messages "{\"body\":\"x\",\"attachments\":[\"$CU\"]}" &&
  expect_error 422 validation_failed &&
  as_token "$A2" && api POST /api/v1/tickets/$AT/messages "{\"body\":\"Respuesta con fichero\",\"attachments\":[\"$A2U\"]}" &&
  expect_status 201 && expect_json ".attachments[0].filename" a2.pdf
'

test_expect_success 'the same content uploaded twice is stored once' '
  test "$(db_query "SELECT count(*) FROM blobs WHERE size = $(stat -c %s "$PDF")")" = 1
'

test_expect_success 'uploads never attached are swept after a day, with contents nothing uses' '
  as_token "" && printf "contenido para barrer 123" >"$SCRATCH/sweep.txt" &&
  upload /api/v1/public/uploads "$SCRATCH/sweep.txt" text/plain "sweep.txt" && expect_status 201 && SW=$UPL &&
  db_query "UPDATE uploads SET created_at = created_at - 90000000 WHERE size = 25" &&
  upload /api/v1/public/uploads "$PNG" image/png "otra.png" && expect_status 201 &&
  test "$(db_query "SELECT count(*) FROM uploads WHERE size = 25")" = 0 &&
  test "$(db_query "SELECT count(*) FROM blobs WHERE size = 25")" = 0 &&
  test "$(db_query "SELECT count(*) FROM blobs WHERE size = $(stat -c %s "$PDF")")" = 1 &&
  api POST $PUB "{\"tenant\":\"MOS\",\"email\":\"b@correo.example\",\"subject\":\"Tarde\",\"body\":\"x\",\"attachments\":[\"$SW\"]}" &&
  expect_error 422 validation_failed
'

test_expect_success 'the server stops cleanly' 'expect_clean_stop'
test_done
