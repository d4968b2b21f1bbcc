#!/usr/bin/env bash
# Agents' tickets: listing within their administrations, filters, accent-
# insensitive search, cursor pagination, logging calls and visits, changes
# with optimistic concurrency, replies and internal notes, and no IDOR.
. "$(dirname "$0")/lib.sh"
# This script counts messages: automatic answers from the knowledge base
# (tested in t0019) would add some.
export VENTANILLA_ROUTING_AUTO_ANSWER=false
DEMO_TICKETS=0 start_server --with-demo
YEAR=$(date -u +%Y)
A1=$(token_for agente1.mos@ventanilla.example)
A2=$(token_for agente2.mos@ventanilla.example)
G1=$(token_for agente1.get@ventanilla.example)
R1=$(token_for agente1.cm@ventanilla.example)
PUB=/api/v1/public/requests
# expect_ids "ID,ID,...": the ids of the listed items, in order.
expect_ids() { expect_json "[.items[].id] | join(\",\")" "$1"; }

test_expect_success 'setup: web-form, phone and visit tickets in MOS and GET' '
  as_token "$A1" && api GET /api/v1/session && ME=$(jv .user.id) &&
  as_token "$A2" && api GET /api/v1/session && A2ID=$(jv .user.id) &&
  as_token "$G1" && api GET /api/v1/session && G1ID=$(jv .user.id) &&
  as_token "" &&
  api POST $PUB "$(jobj tenant MOS service empadronamiento subject "Certificado de padrón" \
      body "Necesito el volante para el colegio." email uno@correo.example)" &&
  expect_status 201 && T1REF=$(jv .reference) && T1TOK=$(jv .access_token) &&
  api POST $PUB "$(jobj tenant MOS subject "Recogida de muebles" body "Un sofá viejo en el portal." \
      email dos@correo.example)" && expect_status 201 &&
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"priority\":\"high\",
      \"subject\":\"Consulta IBI\",\"body\":\"Llama por el recibo del IBI.\",
      \"citizen\":{\"phone\":\"600 11 22 33\",\"national_id\":\"12345678z\",\"name\":\"José Pérez\"}}" &&
  expect_status 201 && T3=$(jv .id) && T3CIT=$(jv .citizen.id) &&
  as_token "$A2" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"in_person\",\"priority\":\"urgent\",
      \"subject\":\"Visita\",\"body\":\"Viene a la oficina.\",\"citizen\":{\"email\":\"cuatro@correo.example\"}}" &&
  expect_status 201 && T4=$(jv .id) &&
  as_token "" &&
  api POST $PUB "$(jobj tenant GET subject "Padrón en Getafe" body "Solo de Getafe." email cinco@correo.example)" &&
  expect_status 201 && T5REF=$(jv .reference) &&
  as_token "$G1" &&
  api GET "/api/v1/tickets?tenant=GET" && T5=$(jv ".items[0].id") &&
  as_token "$A1" && api GET "/api/v1/tickets?channel=web" && T2=$(jv ".items[0].id") && T1=$(jv ".items[1].id") &&
  api PATCH /api/v1/tickets/$T2 "{\"status\":\"pending\"}" && expect_status 200 &&
  api GET "/api/v1/departments?tenant=MOS" && expect_status 200 &&
  PADRON=$(jv ".items[] | select(.code == \"padron\") | .id") && [ -n "$PADRON" ] &&
  api GET "/api/v1/departments?tenant=GET" &&
  GETDEPTS=$(jv ".items | length") && [ "$GETDEPTS" = 0 ] &&
  as_token "$G1" && api GET "/api/v1/departments?tenant=GET" &&
  GPADRON=$(jv ".items[] | select(.code == \"padron\") | .id") && [ -n "$GPADRON" ]
'
test_expect_success 'an agent lists only the tickets of their administrations, newest first' '
  as_token "$A1" && api GET /api/v1/tickets && expect_status 200 &&
  expect_ids "$T4,$T3,$T2,$T1" &&
  expect_json "[.items[].tenant] | unique | join(\",\")" MOS && expect_json .next_cursor null
'
test_expect_success 'a region agent sees the municipalities tickets too' '
  as_token "$R1" && api GET /api/v1/tickets && expect_status 200 &&
  expect_ids "$T5,$T4,$T3,$T2,$T1"
'
test_expect_success 'filter by status, channel and priority' '
  as_token "$A1" &&
  api GET "/api/v1/tickets?status=pending" && expect_ids "$T2" &&
  api GET "/api/v1/tickets?status=new" && expect_ids "$T4,$T3,$T1" &&
  api GET "/api/v1/tickets?channel=web" && expect_ids "$T2,$T1" &&
  api GET "/api/v1/tickets?channel=phone" && expect_ids "$T3" &&
  api GET "/api/v1/tickets?channel=in_person" && expect_ids "$T4" &&
  api GET "/api/v1/tickets?channel=email" && expect_json ".items | length" 0 &&
  api GET "/api/v1/tickets?priority=high" && expect_ids "$T3" &&
  api GET "/api/v1/tickets?priority=urgent" && expect_ids "$T4" &&
  api GET "/api/v1/tickets?channel=web&status=new" && expect_ids "$T1"
'
test_expect_success 'filter by tenant, department and citizen' '
  as_token "$A1" &&
  api GET "/api/v1/tickets?tenant=MOS" && expect_ids "$T4,$T3,$T2,$T1" &&
  api GET "/api/v1/tickets?tenant=GET" && expect_status 200 && expect_json ".items | length" 0 &&
  api GET "/api/v1/tickets?department=$PADRON" && expect_ids "$T1" &&
  api GET "/api/v1/tickets?citizen=$T3CIT" && expect_ids "$T3"
'
test_expect_success 'filter by assignee: me, none, or an agent id' '
  as_token "$A1" &&
  api GET "/api/v1/tickets?assignee=me" && expect_ids "$T3" &&
  api GET "/api/v1/tickets?assignee=none" && expect_ids "$T2,$T1" &&
  api GET "/api/v1/tickets?assignee=$A2ID" && expect_ids "$T4" &&
  as_token "$A2" && api GET "/api/v1/tickets?assignee=me" && expect_ids "$T4"
'
test_expect_success 'text search q is accent- and case-insensitive' '
  as_token "$A1" &&
  api GET "/api/v1/tickets?q=padron" && expect_ids "$T1" &&
  api GET "/api/v1/tickets?q=padr%C3%B3n" && expect_ids "$T1" &&
  api GET "/api/v1/tickets?q=PADR%C3%93N" && expect_ids "$T1" &&
  api GET "/api/v1/tickets?q=sofa" && expect_ids "$T2" &&
  api GET "/api/v1/tickets?q=recibo%20ibi" && expect_ids "$T3" &&
  api GET "/api/v1/tickets?q=getafe" && expect_json ".items | length" 0 &&
  api GET "/api/v1/tickets?q=inexistentepalabra" && expect_json ".items | length" 0
'
test_expect_success 'search combines with filters' '
  as_token "$A1" &&
  api GET "/api/v1/tickets?q=padron&status=pending" && expect_json ".items | length" 0 &&
  api GET "/api/v1/tickets?q=padron&channel=web" && expect_ids "$T1"
'
test_expect_success 'cursor pagination: limit=2, follow next_cursor to null, every item once' '
  as_token "$A1" && seen="" && url="/api/v1/tickets?limit=2" && pages=0 &&
  while :; do
    api GET "$url" && expect_status 200 || return 1
    [ "$(jv ".items | length")" -le 2 ] || return 1
    seen="$seen $(jv "[.items[].id] | join(\" \")")" && pages=$((pages + 1))
    cur=$(jv .next_cursor); [ "$cur" = null ] && break
    [ $pages -lt 10 ] || return 1
    url="/api/v1/tickets?limit=2&cursor=$cur"
  done &&
  got=$(echo $seen | tr " " "\n" | sort -n | tr "\n" " ") &&
  want=$(printf "%s\n" $T1 $T2 $T3 $T4 | sort -n | tr "\n" " ") &&
  [ "$got" = "$want" ] || { echo "pages saw: $seen"; return 1; }
'
test_expect_success 'cursor pagination also works with a search and with filters' '
  as_token "$A1" &&
  api GET "/api/v1/tickets?q=el&limit=2" && expect_ids "$T3,$T2" &&
  expect_json .next_cursor "$T2" &&
  api GET "/api/v1/tickets?q=el&limit=2&cursor=$T2" && expect_ids "$T1" &&
  expect_json .next_cursor null &&
  api GET "/api/v1/tickets?channel=web&limit=1" && expect_ids "$T2" &&
  expect_json .next_cursor "$T2" &&
  api GET "/api/v1/tickets?channel=web&limit=1&cursor=$T2" && expect_ids "$T1" &&
  api GET "/api/v1/tickets?channel=web&limit=1&cursor=$T1" && expect_json ".items | length" 0 &&
  expect_json .next_cursor null
'
test_expect_success 'invalid filter values are 422 with one error per field' '
  as_token "$A1" &&
  api GET "/api/v1/tickets?status=bogus&channel=fax&priority=p&limit=0&cursor=abc&assignee=someone&department=x&citizen=-1&tenant=NOPE" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.status "El valor no está entre los permitidos." &&
  expect_json .error.fields.channel "El valor no está entre los permitidos." &&
  expect_json .error.fields.priority "El valor no está entre los permitidos." &&
  expect_json .error.fields.limit "Debe estar entre 1 y 200." &&
  expect_json .error.fields.cursor "El cursor de paginación no es válido." &&
  expect_json .error.fields.assignee "El valor no está entre los permitidos." &&
  expect_json .error.fields.department "El valor no está entre los permitidos." &&
  expect_json .error.fields.citizen "El valor no está entre los permitidos." &&
  expect_json .error.fields.tenant "No existe esa administración." &&
  api GET "/api/v1/tickets?limit=201" && expect_error 422 validation_failed &&
  expect_json "[.error.fields | keys[]] | join(\",\")" limit
'
test_expect_success 'a phone call is logged: 201, channel phone, assigned to the creator' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Cita para el DNI\",
      \"body\":\"Pregunta dónde renovar el DNI.\",\"service\":\"empadronamiento\",
      \"citizen\":{\"phone\":\"+34 611 000 111\",\"national_id\":\"X1234567L\",\"name\":\"Li Wei\"}}" &&
  expect_status 201 && expect_json .channel phone && expect_json .status new &&
  expect_json .priority normal && expect_json .tenant MOS && expect_json .version 1 &&
  expect_json .assignee.id "$ME" && expect_json .citizen.name "Li Wei" &&
  expect_json .service.code empadronamiento && expect_json .department.code padron &&
  expect_json .first_response_at null &&
  expect_true ".reference | test(\"^MOS-$YEAR-[0-9]{6}$\")" &&
  P1=$(jv .id) && expect_header Location "/api/v1/tickets/$P1"
'
test_expect_success 'assign_to_me=false leaves a logged call unassigned' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",
      \"assign_to_me\":false,\"citizen_id\":$T3CIT}" &&
  expect_status 201 && expect_json .assignee null && expect_json .citizen.id "$T3CIT"
'
test_expect_success 'agents log calls and visits only: channel web is 422' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"web\",\"subject\":\"s\",\"body\":\"b\",\"citizen\":{\"phone\":\"600112233\"}}" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.channel "El valor no está entre los permitidos." &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"carrier-pigeon\",\"subject\":\"s\",\"body\":\"b\",\"citizen\":{\"phone\":\"600112233\"}}" &&
  expect_error 422 validation_failed
'
test_expect_success 'logging a call needs a way to identify the citizen' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\"}" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.citizen "Indique al menos un correo electrónico, un teléfono o un DNI/NIE." &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",\"citizen\":{\"national_id\":\"12345678A\"}}" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.national_id "La letra del DNI/NIE no corresponde al número."
'
test_expect_success 'a tenant outside the agent scope is 403 forbidden' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"GET\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",\"citizen\":{\"phone\":\"600112233\"}}" &&
  expect_error 403 forbidden &&
  api POST /api/v1/tickets "{\"tenant\":\"NOPE\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",\"citizen\":{\"phone\":\"600112233\"}}" &&
  expect_error 422 validation_failed && expect_json .error.fields.tenant "No existe esa administración." &&
  as_token "$G1" && api GET "/api/v1/tickets?q=pigeon" && expect_json ".items | length" 0
'
test_expect_success 'GET /tickets/{id} includes the messages' '
  as_token "$A1" && api GET /api/v1/tickets/$T3 && expect_status 200 &&
  expect_json .id "$T3" && expect_json .subject "Consulta IBI" && expect_json .channel phone &&
  expect_json ".messages | length" 1 &&
  expect_json ".messages[0].body" "Llama por el recibo del IBI." &&
  expect_json ".messages[0].direction" in && expect_json ".messages[0].channel" phone &&
  expect_json ".messages[0].internal" false &&
  expect_json ".messages[0].author.kind" citizen && expect_json ".messages[0].author.id" "$T3CIT" &&
  api GET /api/v1/tickets/999999 && expect_error 404 not_found &&
  api GET /api/v1/tickets/abc && expect_error 404 not_found
'
test_expect_success 'PATCH status, priority, department by code, assignee and service' '
  as_token "$A1" &&
  api PATCH /api/v1/tickets/$T4 "{\"status\":\"open\",\"priority\":\"low\",\"department\":\"padron\",
      \"assignee\":$ME,\"service\":\"empadronamiento\",\"version\":1}" &&
  expect_status 200 && expect_json .status open && expect_json .priority low &&
  expect_json .department.code padron && expect_json .department.id "$PADRON" &&
  expect_json .assignee.id "$ME" && expect_json .service.code empadronamiento &&
  expect_json .version 2 &&
  api GET /api/v1/tickets/$T4 && expect_json .status open && expect_json .version 2
'
test_expect_success 'PATCH assignee: me, null, and an agent of the administration' '
  as_token "$A1" &&
  api PATCH /api/v1/tickets/$T4 "{\"assignee\":null}" && expect_status 200 && expect_json .assignee null &&
  api PATCH /api/v1/tickets/$T4 "{\"assignee\":\"me\"}" && expect_status 200 && expect_json .assignee.id "$ME" &&
  api PATCH /api/v1/tickets/$T4 "{\"assignee\":$A2ID}" && expect_status 200 && expect_json .assignee.id "$A2ID"
'
test_expect_success 'PATCH to an agent of another administration is 422 fields.assignee' '
  as_token "$A1" && api PATCH /api/v1/tickets/$T4 "{\"assignee\":$G1ID}" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.assignee "No existe ese agente en esta administración." &&
  api GET /api/v1/tickets/$T4 && expect_json .assignee.id "$A2ID"
'
test_expect_success 'PATCH with an unknown department is 422' '
  as_token "$A1" &&
  api PATCH /api/v1/tickets/$T4 "{\"department\":\"no-such-dept\"}" && expect_error 422 validation_failed &&
  expect_json .error.fields.department "No existe ese departamento en esta administración." &&
  api PATCH /api/v1/tickets/$T4 "{\"department\":$GPADRON}" && expect_error 422 validation_failed &&
  expect_json .error.fields.department "No existe ese departamento en esta administración." &&
  api PATCH /api/v1/tickets/$T4 "{\"status\":\"bogus\",\"colour\":\"red\"}" && expect_error 422 validation_failed &&
  expect_json .error.fields.colour "Campo no admitido."
'
test_expect_success 'a stale version is 409 and changes nothing' '
  as_token "$A1" && api GET /api/v1/tickets/$T4 && V=$(jv .version) &&
  api PATCH /api/v1/tickets/$T4 "{\"priority\":\"urgent\",\"version\":$((V - 1))}" &&
  expect_error 409 conflict &&
  api GET /api/v1/tickets/$T4 && expect_json .priority low && expect_json .version "$V" &&
  api PATCH /api/v1/tickets/$T4 "{\"priority\":\"urgent\",\"version\":$V}" && expect_status 200 &&
  expect_json .version $((V + 1))
'
test_expect_success 'closed is final: closed -> open is 409 with fields.status' '
  as_token "$A1" &&
  api PATCH /api/v1/tickets/$T4 "{\"status\":\"closed\"}" && expect_status 200 &&
  expect_json .status closed && expect_true ".closed_at != null and .resolved_at != null" &&
  api PATCH /api/v1/tickets/$T4 "{\"status\":\"open\"}" && expect_error 409 conflict &&
  expect_json .error.fields.status "No se puede pasar a ese estado desde el estado actual." &&
  api GET /api/v1/tickets/$T4 && expect_json .status closed
'
test_expect_success 'no way back to new: open -> new is 409' '
  as_token "$A1" && api PATCH /api/v1/tickets/$P1 "{\"status\":\"open\"}" && expect_status 200 &&
  api PATCH /api/v1/tickets/$P1 "{\"status\":\"new\"}" && expect_error 409 conflict &&
  expect_json .error.fields.status "No se puede pasar a ese estado desde el estado actual."
'
test_expect_success 'resolved can be reopened, which clears resolved_at' '
  as_token "$A1" && api PATCH /api/v1/tickets/$P1 "{\"status\":\"resolved\"}" && expect_status 200 &&
  expect_true ".resolved_at != null" &&
  api PATCH /api/v1/tickets/$P1 "{\"status\":\"open\"}" && expect_status 200 &&
  expect_json .resolved_at null
'
test_expect_success 'an internal note: internal true, no status change, no first response' '
  as_token "$A1" &&
  api POST /api/v1/tickets/$T1/messages "{\"body\":\"Nota: revisar padrón histórico.\",\"internal\":true}" &&
  expect_status 201 && expect_json .internal true && expect_json .direction out &&
  expect_json .author.kind user && expect_json .author.id "$ME" &&
  api GET /api/v1/tickets/$T1 && expect_json .status new && expect_json .first_response_at null
'
test_expect_success 'a reply: 201, first_response_at set, status new -> open' '
  as_token "$A1" &&
  api POST /api/v1/tickets/$T1/messages "{\"body\":\"Puede pedir el volante en la sede electrónica.\"}" &&
  expect_status 201 && expect_json .internal false && expect_json .direction out &&
  expect_json .channel web && expect_json .ticket_id "$T1" &&
  api GET /api/v1/tickets/$T1 && expect_json .status open &&
  expect_true ".first_response_at | test(\"Z$\")" && FR=$(jv .first_response_at) &&
  expect_json ".messages | length" 3 &&
  expect_json "[.messages[].internal] | map(tostring) | join(\",\")" "false,true,false"
'
test_expect_success 'a second reply keeps the first first_response_at' '
  as_token "$A1" && api POST /api/v1/tickets/$T1/messages "{\"body\":\"Otra cosa.\"}" && expect_status 201 &&
  api GET /api/v1/tickets/$T1 && expect_json .first_response_at "$FR"
'
test_expect_success 'the citizen sees the replies but never the internal note' '
  as_token "" && api GET $PUB/$T1REF -H "Authorization: Bearer $T1TOK" && expect_status 200 &&
  expect_json .status open && expect_json ".messages | length" 3 &&
  expect_json "[.messages[].body] | join(\"|\")" "Necesito el volante para el colegio.|Puede pedir el volante en la sede electrónica.|Otra cosa." &&
  expect_json "[.messages[].direction] | join(\",\")" "in,out,out" &&
  ! grep -q "histórico" "$BODY" && ! grep -q "internal" "$BODY"
'
test_expect_success 'GET /tickets/{id}/messages lists all messages for agents' '
  as_token "$A1" && api GET /api/v1/tickets/$T1/messages && expect_status 200 &&
  expect_json ".items | length" 4 && expect_json ".items[1].body" "Nota: revisar padrón histórico."
'
test_expect_success 'messages need a body; a closed ticket takes no reply (409)' '
  as_token "$A1" &&
  api POST /api/v1/tickets/$T1/messages "{\"internal\":true}" && expect_error 422 validation_failed &&
  expect_json .error.fields.body "Este campo es obligatorio." &&
  api POST /api/v1/tickets/$T1/messages "{\"body\":\"x\",\"internal\":\"yes\"}" && expect_error 422 validation_failed &&
  expect_json .error.fields.internal "Debe ser verdadero o falso." &&
  api POST /api/v1/tickets/$T4/messages "{\"body\":\"¿Sigue ahí?\"}" && expect_error 409 conflict
'
test_expect_success 'a ticket of another administration is 404 for GET, PATCH and POST messages' '
  as_token "$A1" &&
  api GET /api/v1/tickets/$T5 && expect_error 404 not_found && cp "$BODY" "$SCRATCH/idor.json" &&
  api GET /api/v1/tickets/$T5/messages && expect_error 404 not_found &&
  api PATCH /api/v1/tickets/$T5 "{\"status\":\"closed\"}" && expect_error 404 not_found &&
  api PATCH /api/v1/tickets/$T5 "{\"assignee\":\"me\"}" && expect_error 404 not_found &&
  api POST /api/v1/tickets/$T5/messages "{\"body\":\"intruso\"}" && expect_error 404 not_found &&
  api POST /api/v1/tickets/$T5/messages "{\"body\":\"intruso\",\"internal\":true}" && expect_error 404 not_found &&
  cmp "$BODY" "$SCRATCH/idor.json"
'
test_expect_success 'and that ticket is untouched' '
  as_token "$G1" && api GET /api/v1/tickets/$T5 && expect_status 200 &&
  expect_json .status new && expect_json .version 1 && expect_json .assignee null &&
  expect_json ".messages | length" 1
'
test_expect_success 'PATCH that changes nothing returns the ticket with the same version' '
  as_token "$A1" && api GET /api/v1/tickets/$P1 && V=$(jv .version) &&
  api PATCH /api/v1/tickets/$P1 "{\"status\":\"open\",\"priority\":\"normal\"}" && expect_status 200 &&
  expect_json .version "$V" && api PATCH /api/v1/tickets/$P1 "{}" && expect_status 200 && expect_json .version "$V"
'
test_expect_success 'a closed ticket accepts its own status again, changing nothing (200)' '
  as_token "$A1" && api GET /api/v1/tickets/$T4 && V=$(jv .version) && PR=$(jv .priority) &&
  api PATCH /api/v1/tickets/$T4 "{\"status\":\"closed\"}" && expect_status 200 &&
  expect_json .status closed && expect_json .version "$V" &&
  api PATCH /api/v1/tickets/$T4 "{\"priority\":\"$PR\"}" && expect_status 200 && expect_json .version "$V"
'
test_expect_success 'any real change to a closed ticket is 409 with fields.status' '
  as_token "$A1" &&
  api PATCH /api/v1/tickets/$T4 "{\"priority\":\"low\"}" && expect_error 409 conflict &&
  expect_json .error.fields.status "No se puede pasar a ese estado desde el estado actual." &&
  api PATCH /api/v1/tickets/$T4 "{\"assignee\":null}" && expect_error 409 conflict
'
test_expect_success 'a region agent can take a municipality ticket (assignee by id)' '
  as_token "$R1" && api GET /api/v1/session && R1ID=$(jv .user.id) &&
  as_token "$A1" && api PATCH /api/v1/tickets/$T3 "{\"assignee\":$R1ID}" && expect_status 200 &&
  expect_json .assignee.id "$R1ID"
'
test_expect_success 'concurrent PATCHes with the same version: exactly one wins' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Carrera\",\"body\":\"b\",\"citizen_id\":$T3CIT}" &&
  expect_status 201 && RACE=$(jv .id) && pids=() && mkdir -p "$SCRATCH/race" &&
  for i in $(seq 1 20); do
    curl -s -o /dev/null -w "%{http_code}\n" -X PATCH -H "Content-Type: application/json" \
      -H "Authorization: Bearer $A1" --data-binary "{\"priority\":\"high\",\"version\":1}" \
      "$BASE/api/v1/tickets/$RACE" >"$SCRATCH/race/$i.status" &
    pids+=($!)
  done && wait "${pids[@]}" &&
  [ "$(cat "$SCRATCH"/race/*.status | sort | uniq -c | sed "s/^ *//" | tr "\n" " ")" = "1 200 19 409 " ] &&
  api GET /api/v1/tickets/$RACE && expect_json .version 2 && expect_json .priority high
'
test_expect_success 'citizen_id wins over citizen; unknown keys inside citizen are refused' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"in_person\",\"subject\":\"s\",\"body\":\"b\",
      \"citizen_id\":$T3CIT,\"citizen\":{\"phone\":\"633 33 33 33\"}}" &&
  expect_status 201 && expect_json .citizen.id "$T3CIT" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"in_person\",\"subject\":\"s\",\"body\":\"b\",
      \"citizen\":{\"phone\":\"633 33 33 33\",\"twitter\":\"@x\"}}" &&
  expect_error 422 validation_failed && expect_json .error.fields.twitter "Campo no admitido." &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"in_person\",\"subject\":\"s\",\"body\":\"b\",\"citizen_id\":999999}" &&
  expect_error 422 validation_failed && expect_json .error.fields.citizen_id "No existe esa persona."
'
test_expect_success 'Idempotency-Key on POST /tickets: a retry returns the same ticket' '
  as_token "$A1" && NEW="{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Reintento\",\"body\":\"idem-agente-8812\",\"citizen_id\":$T3CIT}" &&
  api POST /api/v1/tickets "$NEW" -H "Idempotency-Key: agent-8812" && expect_status 201 && IK=$(jv .id) &&
  api POST /api/v1/tickets "$NEW" -H "Idempotency-Key: agent-8812" && expect_status 201 && expect_json .id "$IK" &&
  api GET "/api/v1/tickets?q=idem-agente-8812" && expect_ids "$IK"
'
test_expect_success 'Idempotency-Key: the same key on a reply (another path) is 409; replies replay' '
  as_token "$A1" &&
  api POST /api/v1/tickets/$IK/messages "{\"body\":\"Respuesta\"}" -H "Idempotency-Key: agent-8812" &&
  expect_error 409 idempotency_conflict &&
  api POST /api/v1/tickets/$IK/messages "{\"body\":\"Respuesta\"}" -H "Idempotency-Key: reply-1" &&
  expect_status 201 && RM=$(jv .id) &&
  api POST /api/v1/tickets/$IK/messages "{\"body\":\"Respuesta\"}" -H "Idempotency-Key: reply-1" &&
  expect_status 201 && expect_json .id "$RM" &&
  api GET /api/v1/tickets/$IK && expect_json ".messages | length" 2 &&
  as_token "$A2" && api POST /api/v1/tickets/$IK/messages "{\"body\":\"Otra\"}" -H "Idempotency-Key: reply-1" &&
  expect_status 201
'
test_expect_success 'the citizen sees the agent name on replies' '
  as_token "$A1" && api GET /api/v1/session && MYNAME=$(jv .user.name) &&
  as_token "" && api GET $PUB/$T1REF -H "Authorization: Bearer $T1TOK" &&
  expect_json ".messages[1].author" "$MYNAME" && expect_json ".messages[0].author" null
'
test_expect_success 'a q over 200 bytes is 422; known paths answer 405 with Allow; a trailing slash is 404' '
  as_token "$A1" && api GET "/api/v1/tickets?q=$(head -c 201 /dev/zero | tr "\0" a)" &&
  expect_error 422 validation_failed && expect_json .error.fields.q "Es demasiado largo." &&
  api DELETE /api/v1/tickets/$T1 && expect_error 405 method_not_allowed && expect_header Allow "GET, PATCH" &&
  api PUT /api/v1/tickets && expect_error 405 method_not_allowed && expect_header Allow "GET, POST" &&
  api GET /api/v1/tickets/ && expect_error 404 not_found &&
  api HEAD /api/v1/tickets/$T1 -I && expect_status 200
'
test_expect_success 'a department given with a service overrides the service department' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"in_person\",\"subject\":\"s\",\"body\":\"b\",
      \"service\":\"empadronamiento\",\"department\":\"tributos\",\"citizen_id\":$T3CIT}" &&
  expect_status 201 && expect_json .service.code empadronamiento && expect_json .department.code tributos &&
  DS=$(jv .id)
'
test_expect_success 'PATCH service keeps the department; PATCH department null clears it' '
  as_token "$A1" &&
  api PATCH /api/v1/tickets/$DS "{\"service\":\"vado\"}" && expect_status 200 &&
  expect_json .service.code vado && expect_json .department.code tributos &&
  api PATCH /api/v1/tickets/$DS "{\"department\":null,\"service\":null}" && expect_status 200 &&
  expect_json .department null && expect_json .service null &&
  api PATCH /api/v1/tickets/$DS "{\"service\":\"no-such-service\"}" && expect_error 422 validation_failed &&
  expect_json .error.fields.service "No existe ese servicio en esta administración."
'
test_expect_success 'every message, internal notes included, increases the version' '
  as_token "$A1" && api GET /api/v1/tickets/$DS && V=$(jv .version) &&
  api POST /api/v1/tickets/$DS/messages "{\"body\":\"nota\",\"internal\":true}" && expect_status 201 &&
  api GET /api/v1/tickets/$DS && expect_json .version $((V + 1)) &&
  api POST /api/v1/tickets/$DS/messages "{\"body\":\"respuesta\"}" && expect_status 201 &&
  api GET /api/v1/tickets/$DS && expect_json .version $((V + 2))
'
test_expect_success 'the server stops cleanly, with no sanitizer report' '
  expect_clean_stop
'
test_done
