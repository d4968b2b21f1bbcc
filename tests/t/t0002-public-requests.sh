#!/usr/bin/env bash
# The web-form channel: a citizen files a request without an account, follows
# it with the reference and its access token, and writes again. Validation,
# languages, Unicode, body limits and idempotent retries.
. "$(dirname "$0")/lib.sh"
FIXTURES=$(cd "$(dirname "$0")/../fixtures" && pwd)
DEMO_TICKETS=0 start_server --with-demo --config "$FIXTURES/small-body.ini"
YEAR=$(date -u +%Y)
AGENT=$(token_for agente1.mos@ventanilla.example)
PUB=/api/v1/public/requests

test_expect_success 'a web-form request is filed: 201, first MOS reference, Location, token' '
  api POST $PUB "$(jobj tenant MOS subject "Ruido en la calle" body "Hay obras de noche." \
      name "Ana López" email ana.lopez@correo.example)" &&
  expect_status 201 &&
  expect_json .reference "MOS-$YEAR-000001" &&
  expect_true ".reference | test(\"^MOS-[0-9]{4}-[0-9]{6}$\")" &&
  expect_json .status new && expect_json .tenant MOS &&
  expect_json .status_url "$PUB/MOS-$YEAR-000001" &&
  expect_true ".access_token | test(\"^vtr_[A-Za-z0-9_-]{20,}$\")" &&
  expect_true ".created_at | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$\")" &&
  expect_header Location "$PUB/MOS-$YEAR-000001" &&
  expect_header Content-Type "application/json" &&
  REF=$(jv .reference) && TOK=$(jv .access_token)
'
test_expect_success 'references count up per administration' '
  api POST $PUB "$(jobj tenant MOS service empadronamiento subject "Alta en el padrón" \
      body "Quiero empadronarme." phone "611 22 33 44")" &&
  expect_status 201 && expect_json .reference "MOS-$YEAR-000002" &&
  REF2=$(jv .reference) && TOK2=$(jv .access_token) &&
  api POST $PUB "$(jobj tenant GET subject "Otra" body "Otra administración" email otra@correo.example)" &&
  expect_status 201 && expect_json .reference "GET-$YEAR-000001"
'
test_expect_success 'GET with the Bearer token shows the request and its messages' '
  api GET $PUB/$REF -H "Authorization: Bearer $TOK" &&
  expect_status 200 && expect_json .reference "$REF" && expect_json .tenant MOS &&
  expect_json .status new && expect_json .subject "Ruido en la calle" &&
  expect_json .service null && expect_json .resolved_at null &&
  expect_json ".messages | length" 1 &&
  expect_json ".messages[0].body" "Hay obras de noche." &&
  expect_json ".messages[0].direction" in && expect_json ".messages[0].channel" web &&
  expect_json ".messages[0].author" null
'
test_expect_success 'the service chosen on the form is shown by code and name' '
  api GET $PUB/$REF2 -H "Authorization: Bearer $TOK2" &&
  expect_status 200 && expect_json .service.code empadronamiento &&
  expect_json .service.name "Alta y cambio de domicilio en el Padrón"
'
test_expect_success 'GET without a token is 401 unauthenticated' '
  api GET $PUB/$REF && expect_error 401 unauthenticated &&
  api GET $PUB/$REF -H "Authorization: Basic YTpi" && expect_error 401 unauthenticated
'
test_expect_success 'wrong token and unknown reference are both 404 with identical bodies' '
  api GET $PUB/$REF -H "Authorization: Bearer vtr_not-the-right-token" &&
  expect_error 404 not_found && cp "$BODY" "$SCRATCH/wrong-token.json" &&
  api GET $PUB/MOS-$YEAR-999999 -H "Authorization: Bearer $TOK" &&
  expect_error 404 not_found && cmp "$BODY" "$SCRATCH/wrong-token.json" &&
  api GET $PUB/$REF2 -H "Authorization: Bearer $TOK" &&
  expect_error 404 not_found && cmp "$BODY" "$SCRATCH/wrong-token.json" &&
  api GET $PUB/not-a-reference -H "Authorization: Bearer $TOK" &&
  expect_error 404 not_found && cmp "$BODY" "$SCRATCH/wrong-token.json"
'
test_expect_success 'the citizen writes again: 201, and the message is listed' '
  api POST $PUB/$REF/messages "$(jobj body "Sigue el ruido, ¿alguna novedad?")" \
    -H "Authorization: Bearer $TOK" &&
  expect_status 201 && expect_json .body "Sigue el ruido, ¿alguna novedad?" &&
  expect_json .direction in && expect_json .channel web && expect_json .author null &&
  api GET $PUB/$REF -H "Authorization: Bearer $TOK" &&
  expect_json ".messages | length" 2 &&
  expect_json ".messages[1].body" "Sigue el ruido, ¿alguna novedad?"
'
test_expect_success 'writing needs the right token too (401 / 404)' '
  api POST $PUB/$REF/messages "$(jobj body x)" && expect_error 401 unauthenticated &&
  api POST $PUB/$REF/messages "$(jobj body x)" -H "Authorization: Bearer $TOK2" &&
  expect_error 404 not_found
'
test_expect_success 'a citizen reply reopens a pending request' '
  ID2=$(AUTH=(-H "Authorization: Bearer $AGENT"); api GET "/api/v1/tickets?q=empadronarme" && jv ".items[0].id") &&
  AUTH=(-H "Authorization: Bearer $AGENT") && api PATCH /api/v1/tickets/$ID2 "{\"status\":\"pending\"}" &&
  AUTH=() && expect_status 200 && expect_json .status pending &&
  api POST $PUB/$REF2/messages "$(jobj body "Ya tengo el contrato de alquiler.")" \
    -H "Authorization: Bearer $TOK2" && expect_status 201 &&
  api GET $PUB/$REF2 -H "Authorization: Bearer $TOK2" && expect_json .status open
'
test_expect_success 'a citizen reply on a closed request is 409 conflict' '
  ID1=$(AUTH=(-H "Authorization: Bearer $AGENT"); api GET "/api/v1/tickets?q=obras" && jv ".items[0].id") &&
  AUTH=(-H "Authorization: Bearer $AGENT") && api PATCH /api/v1/tickets/$ID1 "{\"status\":\"closed\"}" &&
  AUTH=() && expect_status 200 && expect_json .status closed &&
  api POST $PUB/$REF/messages "$(jobj body "¿Hola?")" -H "Authorization: Bearer $TOK" &&
  expect_error 409 conflict &&
  api GET $PUB/$REF -H "Authorization: Bearer $TOK" && expect_json .status closed &&
  expect_json ".messages | length" 2
'
test_expect_success 'missing tenant, subject and body are each required (Spanish by default)' '
  api POST $PUB "$(jobj email ana@correo.example)" &&
  expect_error 422 validation_failed &&
  expect_json .error.message "Algunos datos no son válidos." &&
  expect_json .error.fields.tenant "Este campo es obligatorio." &&
  expect_json .error.fields.subject "Este campo es obligatorio." &&
  expect_json .error.fields.body "Este campo es obligatorio." &&
  expect_json "[.error.fields | keys[]] | join(\",\")" "body,subject,tenant" &&
  expect_header Content-Language es
'
test_expect_success 'blank strings count as missing' '
  api POST $PUB "$(jobj tenant MOS subject "   " body " " email ana@correo.example)" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.subject "Este campo es obligatorio." &&
  expect_json .error.fields.body "Este campo es obligatorio."
'
test_expect_success 'unknown administration and unknown service' '
  api POST $PUB "$(jobj tenant XYZ subject s body b email ana@correo.example)" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.tenant "No existe esa administración." &&
  api POST $PUB "$(jobj tenant MOS service no-such-service subject s body b email ana@correo.example)" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.service "No existe ese servicio en esta administración." &&
  expect_json "[.error.fields | keys[]] | join(\",\")" service
'
test_expect_success 'no way to reach the citizen: fields.email asks for a contact' '
  api POST $PUB "$(jobj tenant MOS subject s body b name "Sin Contacto")" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.email "Indique al menos un correo electrónico, un teléfono o un DNI/NIE." &&
  expect_json "[.error.fields | keys[]] | join(\",\")" email
'
test_expect_success 'a DNI with the wrong check letter: fields.national_id checksum message' '
  api POST $PUB "$(jobj tenant MOS subject s body b national_id 12345678A)" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.national_id "La letra del DNI/NIE no corresponde al número." &&
  expect_json "[.error.fields | keys[]] | join(\",\")" national_id &&
  api POST $PUB "$(jobj tenant MOS subject s body b national_id 1234)" &&
  expect_error 422 validation_failed &&
  expect_true ".error.fields.national_id | startswith(\"El DNI/NIE no tiene un formato válido\")"
'
test_expect_success 'a malformed email and a malformed phone' '
  api POST $PUB "$(jobj tenant MOS subject s body b email "ana@" phone "12345")" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.email "La dirección de correo electrónico no es válida." &&
  expect_json .error.fields.phone "El número de teléfono no es válido." &&
  expect_json "[.error.fields | keys[]] | join(\",\")" "email,phone"
'
test_expect_success 'an unknown field is refused' '
  api POST $PUB "$(jobj tenant MOS subject s body b email ana@correo.example priority urgent)" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.priority "Campo no admitido." &&
  expect_json "[.error.fields | keys[]] | join(\",\")" priority
'
test_expect_success 'a field of the wrong type' '
  api POST $PUB "{\"tenant\":\"MOS\",\"subject\":42,\"body\":\"b\",\"email\":\"ana@correo.example\"}" &&
  expect_error 422 validation_failed && expect_json .error.fields.subject "Debe ser un texto."
'
test_expect_success 'Accept-Language: en gives English messages' '
  api POST $PUB "$(jobj national_id 12345678A bogus 1)" -H "Accept-Language: en" &&
  expect_error 422 validation_failed &&
  expect_json .error.message "Some fields are not valid." &&
  expect_json .error.fields.tenant "This field is required." &&
  expect_json .error.fields.national_id "The DNI/NIE check letter does not match the number." &&
  expect_json .error.fields.bogus "Unsupported field." &&
  expect_header Content-Language en &&
  api GET $PUB/$REF -H "Accept-Language: fr, en;q=0.8" &&
  expect_json .error.message "Authentication is required."
'
SUBJ="Ñandú en la plaza: ñ á é í ó ú ü Ü ¿¡ — 😀🏛️ 中文 測試"
MSG=$(printf 'Línea uno: «comillas» y "dobles"\nLínea dos: 日本語 한국어 العربية\tfin 👍🏽')
NAME="Zoë Núñez 李小龍"
test_expect_success 'Unicode and accents round-trip exactly' '
  api POST $PUB "$(jobj tenant MOS subject "$SUBJ" body "$MSG" name "$NAME" email zoe@correo.example)" &&
  expect_status 201 && UREF=$(jv .reference) && UTOK=$(jv .access_token) &&
  api GET $PUB/$UREF -H "Authorization: Bearer $UTOK" && expect_status 200 &&
  expect_json .subject "$SUBJ" && expect_json ".messages[0].body" "$MSG" &&
  api POST $PUB/$UREF/messages "$(jobj body "Gracias — 谢谢 🙏")" -H "Authorization: Bearer $UTOK" &&
  expect_status 201 && expect_json .body "Gracias — 谢谢 🙏"
'
test_expect_success 'the citizen name with accents reaches the agent intact' '
  AUTH=(-H "Authorization: Bearer $AGENT") && api GET "/api/v1/tickets?q=%C3%B1and%C3%BA" && AUTH=() &&
  expect_status 200 && expect_json ".items | length" 1 &&
  expect_json ".items[0].subject" "$SUBJ" && expect_json ".items[0].citizen.name" "$NAME"
'
test_expect_success 'malformed JSON is 400 malformed_json' '
  api POST $PUB "{\"tenant\":\"MOS\"," && expect_error 400 malformed_json &&
  expect_json .error.message "El cuerpo de la petición no es JSON válido." &&
  api POST $PUB "[1,2]" && expect_error 400 malformed_json &&
  api POST $PUB -H "Content-Type: application/json" && expect_error 400 malformed_json &&
  api POST $PUB "{\"tenant\":\"MOS\",\"tenant\":\"GET\"}" && expect_error 400 malformed_json
'
test_expect_success 'a body that is not application/json is 415' '
  api POST $PUB -H "Content-Type: text/plain" --data-binary "$(jobj tenant MOS)" &&
  expect_error 415 unsupported_media_type &&
  api POST $PUB -H "Content-Type: application/x-www-form-urlencoded" --data "tenant=MOS" &&
  expect_error 415 unsupported_media_type &&
  api POST $PUB -H "Content-Type: application/jsonp" --data-binary "{}" &&
  expect_error 415 unsupported_media_type
'
test_expect_success 'application/json with a charset parameter is accepted' '
  api POST $PUB -H "Content-Type: application/json; charset=utf-8" \
    --data-binary "$(jobj tenant MOS subject s body b email charset@correo.example)" &&
  expect_status 201
'
test_expect_success 'a body over [server] max_body is 413 (announced or chunked)' '
  big=$(head -c 4000 /dev/zero | tr "\0" a) &&
  api POST $PUB "$(jobj tenant MOS subject s body "$big" email big@correo.example)" &&
  expect_error 413 payload_too_large &&
  api POST $PUB "$(jobj tenant MOS subject s body "$big" email big@correo.example)" \
    -H "Transfer-Encoding: chunked" &&
  expect_error 413 payload_too_large &&
  fits=$(head -c 1800 /dev/zero | tr "\0" a) &&
  api POST $PUB "$(jobj tenant MOS subject s body "$fits" email big@correo.example)" &&
  expect_status 201
'
test_expect_success 'JSON with invalid UTF-8 bytes or a NUL escape is 400' '
  printf "{\"tenant\":\"MOS\",\"subject\":\"caf\\351\",\"body\":\"b\",\"email\":\"a@correo.example\"}" \
    >"$SCRATCH/latin1.json" &&
  api POST $PUB -H "Content-Type: application/json" --data-binary @"$SCRATCH/latin1.json" &&
  expect_error 400 malformed_json &&
  printf "{\"tenant\":\"MOS\",\"subject\":\"\\355\\240\\200\",\"body\":\"b\",\"email\":\"a@correo.example\"}" \
    >"$SCRATCH/surrogate.json" &&
  api POST $PUB -H "Content-Type: application/json" --data-binary @"$SCRATCH/surrogate.json" &&
  expect_error 400 malformed_json &&
  api POST $PUB "{\"tenant\":\"MOS\",\"subject\":\"a\\u0000b\",\"body\":\"b\",\"email\":\"a@correo.example\"}" &&
  expect_error 400 malformed_json
'
IDEM_BODY=$(jobj tenant MOS subject "Solicitud idempotente" body "reintento-unico-7731" email idem@correo.example)
test_expect_success 'Idempotency-Key: a retry returns the same reference and token' '
  api POST $PUB "$IDEM_BODY" -H "Idempotency-Key: form-7731" && expect_status 201 &&
  IREF=$(jv .reference) && ITOK=$(jv .access_token) && ICREATED=$(jv .created_at) &&
  api POST $PUB "$IDEM_BODY" -H "Idempotency-Key: form-7731" && expect_status 201 &&
  expect_json .reference "$IREF" && expect_json .access_token "$ITOK" &&
  expect_header Location "$PUB/$IREF" &&
  api GET $PUB/$IREF -H "Authorization: Bearer $ITOK" && expect_status 200
'
test_expect_success 'Idempotency-Key: the retry created no second ticket' '
  AUTH=(-H "Authorization: Bearer $AGENT") && api GET "/api/v1/tickets?q=reintento-unico-7731" && AUTH=() &&
  expect_status 200 && expect_json ".items | length" 1 && expect_json ".items[0].reference" "$IREF"
'
test_expect_success 'Idempotency-Key: a retry answers with the original created_at' '
  api POST $PUB "$IDEM_BODY" -H "Idempotency-Key: form-7731" && expect_status 201 &&
  expect_json .created_at "$ICREATED"
'
test_expect_success 'Idempotency-Key: the same key with another body is 409 idempotency_conflict' '
  api POST $PUB "$(jobj tenant MOS subject "Otra cosa" body "distinto" email idem@correo.example)" \
    -H "Idempotency-Key: form-7731" &&
  expect_error 409 idempotency_conflict &&
  AUTH=(-H "Authorization: Bearer $AGENT") && api GET "/api/v1/tickets?q=distinto" && AUTH=() &&
  expect_json ".items | length" 0
'
test_expect_success 'a malformed Idempotency-Key is 400 bad_request' '
  long=$(head -c 200 /dev/zero | tr "\0" k) &&
  api POST $PUB "$(jobj tenant MOS subject s body b email k@correo.example)" -H "Idempotency-Key: $long" &&
  expect_error 400 bad_request
'
test_expect_success 'Idempotency-Key: a retry answers with the status as it is now' '
  AUTH=(-H "Authorization: Bearer $AGENT") && api GET "/api/v1/tickets?q=reintento-unico-7731" &&
  api PATCH /api/v1/tickets/$(jv ".items[0].id") "{\"status\":\"on_hold\"}" && AUTH=() && expect_status 200 &&
  api POST $PUB "$IDEM_BODY" -H "Idempotency-Key: form-7731" && expect_status 201 &&
  expect_json .reference "$IREF" && expect_json .status on_hold
'
test_expect_success 'Idempotency-Key: a request that fails validation does not use up the key' '
  api POST $PUB "$(jobj tenant MOS subject "Sin contacto" body "reintento-validado-4410")" \
    -H "Idempotency-Key: form-4410" && expect_error 422 validation_failed &&
  api POST $PUB "$(jobj tenant MOS subject "Con contacto" body "reintento-validado-4410" email v@correo.example)" \
    -H "Idempotency-Key: form-4410" && expect_status 201
'
test_expect_success 'Idempotency-Key: 20 concurrent retries make one request with one token' '
  body=$(jobj tenant MOS subject "Concurrente" body "carrera-idempotente-5521" email carrera@correo.example) &&
  pids=() && mkdir -p "$SCRATCH/race" &&
  for i in $(seq 1 20); do
    curl -s -o "$SCRATCH/race/$i.json" -w "%{http_code}\n" -X POST -H "Content-Type: application/json" \
      -H "Idempotency-Key: race-5521" --data-binary "$body" "$BASE$PUB" >"$SCRATCH/race/$i.status" &
    pids+=($!)
  done && wait "${pids[@]}" &&
  [ "$(cat "$SCRATCH"/race/*.status | sort | uniq -c | sed "s/^ *//")" = "20 201" ] &&
  [ "$(jq -r "[.reference, .access_token] | join(\" \")" "$SCRATCH"/race/*.json | sort -u | wc -l)" = 1 ] &&
  AUTH=(-H "Authorization: Bearer $AGENT") && api GET "/api/v1/tickets?q=carrera-idempotente-5521" && AUTH=() &&
  expect_json ".items | length" 1
'
test_expect_success 'Idempotency-Key on a citizen message: a retry adds nothing, another body is 409' '
  api POST $PUB "$(jobj tenant MOS subject "Mensajes" body "primero" email msg@correo.example)" &&
  MREF=$(jv .reference) && MTOK=$(jv .access_token) &&
  api POST $PUB/$MREF/messages "$(jobj body "Adjunto el contrato.")" -H "Authorization: Bearer $MTOK" \
    -H "Idempotency-Key: msg-1" && expect_status 201 && MID=$(jv .id) &&
  api POST $PUB/$MREF/messages "$(jobj body "Adjunto el contrato.")" -H "Authorization: Bearer $MTOK" \
    -H "Idempotency-Key: msg-1" && expect_status 201 && expect_json .id "$MID" &&
  api POST $PUB/$MREF/messages "$(jobj body "Otra cosa.")" -H "Authorization: Bearer $MTOK" \
    -H "Idempotency-Key: msg-1" && expect_error 409 idempotency_conflict &&
  api GET $PUB/$MREF -H "Authorization: Bearer $MTOK" && expect_json ".messages | length" 2 &&
  api POST $PUB/$REF2/messages "$(jobj body "Adjunto el contrato.")" -H "Authorization: Bearer $TOK2" \
    -H "Idempotency-Key: msg-1" && expect_status 201
'
test_expect_success 'a citizen reply reopens an on-hold or resolved request and clears resolved_at' '
  AUTH=(-H "Authorization: Bearer $AGENT") && api PATCH /api/v1/tickets/$ID2 "{\"status\":\"on_hold\"}" &&
  AUTH=() && expect_json .status on_hold &&
  api POST $PUB/$REF2/messages "$(jobj body "¿Novedades?")" -H "Authorization: Bearer $TOK2" && expect_status 201 &&
  api GET $PUB/$REF2 -H "Authorization: Bearer $TOK2" && expect_json .status open &&
  AUTH=(-H "Authorization: Bearer $AGENT") && api PATCH /api/v1/tickets/$ID2 "{\"status\":\"resolved\"}" &&
  AUTH=() && expect_true ".resolved_at != null" &&
  api GET $PUB/$REF2 -H "Authorization: Bearer $TOK2" && expect_json .status resolved &&
  expect_true ".resolved_at != null" &&
  api POST $PUB/$REF2/messages "$(jobj body "No está resuelto.")" -H "Authorization: Bearer $TOK2" &&
  expect_status 201 &&
  api GET $PUB/$REF2 -H "Authorization: Bearer $TOK2" && expect_json .status open && expect_json .resolved_at null
'
test_expect_success 'on a citizen message the body is checked before the token (415, 400 first)' '
  api POST $PUB/$REF2/messages -H "Content-Type: text/plain" --data-binary "hola" &&
  expect_error 415 unsupported_media_type &&
  api POST $PUB/$REF2/messages "{\"body\":" && expect_error 400 malformed_json &&
  api POST $PUB/$REF2/messages "$(jobj body x extra y)" -H "Authorization: Bearer $TOK2" &&
  expect_error 422 validation_failed && expect_json .error.fields.extra "Campo no admitido."
'
test_expect_success 'strings are trimmed; length limits count UTF-8 bytes' '
  api POST $PUB "$(jobj tenant "  MOS " subject "   Con espacios  " body " cuerpo " email " trim@correo.example ")" &&
  expect_status 201 && TREF=$(jv .reference) && TTOK=$(jv .access_token) &&
  api GET $PUB/$TREF -H "Authorization: Bearer $TTOK" && expect_json .subject "Con espacios" &&
  expect_json ".messages[0].body" cuerpo &&
  s300=$(head -c 300 /dev/zero | tr "\0" s) && n150=$(printf "ñ%.0s" $(seq 1 150)) &&
  api POST $PUB "$(jobj tenant MOS subject "$s300" body b email len@correo.example)" && expect_status 201 &&
  api POST $PUB "$(jobj tenant MOS subject "${s300}s" body b email len@correo.example)" &&
  expect_error 422 validation_failed && expect_json .error.fields.subject "Es demasiado largo." &&
  api POST $PUB "$(jobj tenant MOS subject "$n150" body b email len@correo.example)" && expect_status 201 &&
  api POST $PUB "$(jobj tenant MOS subject "${n150}ñ" body b email len@correo.example)" &&
  expect_error 422 validation_failed && expect_json .error.fields.subject "Es demasiado largo."
'
test_expect_success 'HEAD on a request answers 200 with no body' '
  api HEAD $PUB/$REF2 -I -H "Authorization: Bearer $TOK2" && expect_status 200 &&
  ! grep -q "reference" "$BODY" &&
  expect_header Content-Type "application/json"
'
test_expect_success 'the public catalogue lists an administration services, searchable without accents' '
  api GET "/api/v1/services?tenant=MOS" && expect_status 200 && expect_json .tenant.code MOS &&
  expect_true ".items | length > 5" && expect_true "[.items[].name] == ([.items[].name] | sort)" &&
  expect_true "[.items[].code] | index(\"empadronamiento\") != null" &&
  api GET "/api/v1/services?tenant=MOS&q=padron" && expect_status 200 &&
  expect_true "[.items[].code] | index(\"empadronamiento\") != null" &&
  api GET "/api/v1/services" && expect_error 422 validation_failed &&
  expect_json .error.fields.tenant "Este campo es obligatorio." &&
  api GET "/api/v1/services?tenant=NOPE" && expect_error 422 validation_failed &&
  expect_json .error.fields.tenant "No existe esa administración."
'
test_expect_success 'errors carry the common headers; a client X-Request-Id is ignored' '
  api POST $PUB "$(jobj tenant MOS)" -H "X-Request-Id: elegido-por-el-cliente" &&
  expect_error 422 validation_failed &&
  expect_header X-Request-Id "[0-9a-f]{32}" && ! grep -qi "elegido-por-el-cliente" "$HEADERS" &&
  expect_header X-Content-Type-Options nosniff && expect_header Cache-Control no-store &&
  expect_header X-Frame-Options DENY && expect_header Referrer-Policy no-referrer &&
  expect_header Content-Type "application/json; charset=utf-8" && expect_header Content-Language es
'
test_expect_success 'the server stops cleanly, with no sanitizer report' '
  expect_clean_stop
'
test_done
