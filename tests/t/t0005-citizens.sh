#!/usr/bin/env bash
# Citizens: one person across channels, found by any identity in any format
# or by name without accents; profile, timeline, merging two records of one
# person, and isolation between administrations.
. "$(dirname "$0")/lib.sh"
DEMO_TICKETS=0 start_server --with-demo
A1=$(token_for agente1.mos@ventanilla.example)
SUP=$(token_for supervisor.mos@ventanilla.example)
G1=$(token_for agente1.get@ventanilla.example)
R1=$(token_for agente1.cm@ventanilla.example)
PUB=/api/v1/public/requests
search() { api GET /api/v1/citizens --get --data-urlencode "$1"; }

test_expect_success 'a web request with email + DNI and a call with the same DNI: one citizen' '
  as_token "" &&
  api POST $PUB "$(jobj tenant MOS subject "Licencia de obra" body "¿Necesito licencia para reformar la cocina?" \
      name "María Gómez Ruiz" email Maria.Gomez@Correo.Example national_id 12345678Z)" &&
  expect_status 201 && WREF=$(jv .reference) && WTOK=$(jv .access_token) &&
  as_token "$A1" && api GET "/api/v1/tickets?channel=web" && CIT=$(jv ".items[0].citizen.id") &&
  WID=$(jv ".items[0].id") && [ "$CIT" != null ] &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Llamada sobre la obra\",
      \"body\":\"Llama para preguntar por su licencia.\",
      \"citizen\":{\"phone\":\"600 11 22 33\",\"national_id\":\"12.345.678-z\",\"name\":\"Maria Gomez\"}}" &&
  expect_status 201 && expect_json .citizen.id "$CIT" && PID=$(jv .id)
'
test_expect_success 'the profile has every identity and both tickets, newest first' '
  as_token "$A1" && api GET /api/v1/citizens/$CIT && expect_status 200 &&
  expect_json .id "$CIT" && expect_json .name "María Gómez Ruiz" && expect_json .merged_into null &&
  expect_json .ticket_count 2 &&
  expect_json "[.identities[] | \"\(.kind)=\(.value)\"] | join(\" \")" \
    "email=Maria.Gomez@correo.example national_id=12345678Z phone=+34600112233" &&
  expect_json "[.recent_tickets[].id] | join(\",\")" "$PID,$WID" &&
  expect_json "[.recent_tickets[].channel] | join(\",\")" "phone,web"
'
test_expect_success 'search by DNI in any case and format' '
  as_token "$A1" &&
  for q in 12345678Z 12345678z 12.345.678-z " 12345678 Z "; do
    search "q=$q" && expect_status 200 && expect_json "[.items[].id] | join(\",\")" "$CIT" || return 1
  done &&
  search "national_id=12345678-z" && expect_json "[.items[].id] | join(\",\")" "$CIT"
'
test_expect_success 'search by email (the domain in any case)' '
  as_token "$A1" &&
  search "q=Maria.Gomez@correo.example" && expect_json "[.items[].id] | join(\",\")" "$CIT" &&
  search "q=Maria.Gomez@CORREO.EXAMPLE" && expect_json "[.items[].id] | join(\",\")" "$CIT" &&
  search "email= Maria.Gomez@Correo.example " && expect_json "[.items[].id] | join(\",\")" "$CIT" &&
  expect_json ".items[0].ticket_count" 2
'
test_expect_success 'search by phone in national and international formats' '
  as_token "$A1" &&
  for q in "600 11 22 33" 600112233 600-11-22-33 "+34 600 112 233" 0034600112233 "(+34) 600.11.22.33"; do
    search "q=$q" && expect_status 200 && expect_json "[.items[].id] | join(\",\")" "$CIT" || { echo "q=$q"; return 1; }
  done &&
  search "phone=600 11 22 33" && expect_json "[.items[].id] | join(\",\")" "$CIT"
'
test_expect_success 'search by name without accents, in any case, by prefix' '
  as_token "$A1" &&
  for q in "maria gomez" "MARIA" "gómez ruiz" "Gom" "maría"; do
    search "q=$q" && expect_status 200 && expect_json "[.items[].id] | join(\",\")" "$CIT" || { echo "q=$q"; return 1; }
  done
'
test_expect_success 'a search that matches nobody is an empty list' '
  as_token "$A1" &&
  search "q=99999999R" && expect_status 200 && expect_json ".items | length" 0 &&
  search "q=nadie@correo.example" && expect_json ".items | length" 0 &&
  search "q=611 99 99 99" && expect_json ".items | length" 0 &&
  search "q=Zacarías" && expect_json ".items | length" 0
'
test_expect_success 'search needs q or an identity, each well formed' '
  as_token "$A1" &&
  api GET /api/v1/citizens && expect_error 422 validation_failed &&
  expect_json .error.fields.q "Este campo es obligatorio." &&
  search "email=no-es-correo" && expect_error 422 validation_failed &&
  expect_json .error.fields.email "La dirección de correo electrónico no es válida." &&
  search "phone=12" && expect_error 422 validation_failed &&
  expect_json .error.fields.phone "El número de teléfono no es válido." &&
  search "national_id=1234" && expect_error 422 validation_failed &&
  expect_true ".error.fields.national_id | startswith(\"El DNI/NIE no tiene un formato válido\")"
'
test_expect_success 'setup: a reply by the agent and a new message from the citizen' '
  as_token "$A1" &&
  api POST /api/v1/tickets/$WID/messages "{\"body\":\"Para una reforma interior basta una declaración responsable.\"}" &&
  expect_status 201 &&
  as_token "" &&
  api POST $PUB/$WREF/messages "$(jobj body "Gracias, ¿dónde la presento?")" -H "Authorization: Bearer $WTOK" &&
  expect_status 201
'
test_expect_success 'the timeline is newest first, with messages of both channels' '
  as_token "$A1" && api GET /api/v1/citizens/$CIT/timeline && expect_status 200 &&
  expect_json ".items | length" 4 && expect_json .next_cursor null &&
  expect_true "[.items[].id] as \$ids | \$ids == (\$ids | sort | reverse) and (\$ids | unique | length) == 4" &&
  expect_true "[.items[].at] as \$at | \$at == (\$at | sort | reverse)" &&
  expect_json "[.items[].action] | join(\",\")" "message_added,message_added,ticket_created,ticket_created" &&
  expect_json "[.items[].message.channel] | join(\",\")" "web,web,phone,web" &&
  expect_json "[.items[].message.direction] | join(\",\")" "in,out,in,in" &&
  expect_json ".items[0].message.body" "Gracias, ¿dónde la presento?" &&
  expect_json ".items[0].reference" "$WREF" && expect_json ".items[0].tenant" MOS &&
  expect_json ".items[2].message.body" "Llama para preguntar por su licencia." &&
  cp "$BODY" "$SCRATCH/timeline.json"
'
test_expect_success 'timeline cursor pagination: limit=2 pages cover every item once' '
  as_token "$A1" && api GET "/api/v1/citizens/$CIT/timeline?limit=2" && expect_status 200 &&
  expect_json ".items | length" 2 && C1=$(jv .next_cursor) && [ "$C1" = "$(jv ".items[1].id")" ] &&
  P1=$(jv "[.items[].id] | join(\",\")") &&
  api GET "/api/v1/citizens/$CIT/timeline?limit=2&cursor=$C1" && expect_json ".items | length" 2 &&
  C2=$(jv .next_cursor) && P2=$(jv "[.items[].id] | join(\",\")") &&
  api GET "/api/v1/citizens/$CIT/timeline?limit=2&cursor=$C2" && expect_json ".items | length" 0 &&
  expect_json .next_cursor null &&
  [ "$P1,$P2" = "$(jq -r "[.items[].id] | join(\",\")" "$SCRATCH/timeline.json")" ] &&
  api GET "/api/v1/citizens/$CIT/timeline?cursor=x" && expect_error 422 validation_failed &&
  expect_json .error.fields.cursor "El cursor de paginación no es válido." &&
  api GET "/api/v1/citizens/$CIT/timeline?limit=0" && expect_error 422 validation_failed
'
test_expect_success 'a status change appears in the timeline as ticket_updated [old, new]' '
  as_token "$A1" && api PATCH /api/v1/tickets/$PID "{\"status\":\"pending\",\"priority\":\"high\"}" &&
  expect_status 200 &&
  api GET "/api/v1/citizens/$CIT/timeline?limit=1" && expect_json ".items[0].action" ticket_updated &&
  expect_json ".items[0].ticket_id" "$PID" && expect_json ".items[0].message" null &&
  expect_json ".items[0].data.status | join(\",\")" "new,pending" &&
  expect_json ".items[0].data.priority | join(\",\")" "normal,high"
'
test_expect_success 'unknown citizens are 404' '
  as_token "$A1" && api GET /api/v1/citizens/999999 && expect_error 404 not_found &&
  api GET /api/v1/citizens/abc && expect_error 404 not_found &&
  api GET /api/v1/citizens/999999/timeline && expect_error 404 not_found
'
test_expect_success 'setup: two records of one person (email by web, phone by call)' '
  as_token "" &&
  api POST $PUB "$(jobj tenant MOS subject "Vado" body "Quiero un vado." name "Pepe Bueno" email pepe.bueno@correo.example)" &&
  expect_status 201 &&
  as_token "$A1" && search "q=pepe.bueno@correo.example" && KEEP=$(jv ".items[0].id") &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Vado (llamada)\",
      \"body\":\"Llama por lo del vado.\",\"citizen\":{\"phone\":\"699 88 77 66\",\"name\":\"José Bueno\"}}" &&
  expect_status 201 && OTHER=$(jv .citizen.id) && OTKT=$(jv .id) && [ "$KEEP" != "$OTHER" ]
'
test_expect_success 'merge is for supervisors: an agent gets 403' '
  as_token "$A1" && api POST /api/v1/citizens/$KEEP/merge "{\"other_id\":$OTHER}" &&
  expect_error 403 forbidden
'
test_expect_success 'a supervisor merges them: identities and tickets move to the survivor' '
  as_token "$SUP" && api POST /api/v1/citizens/$KEEP/merge "{\"other_id\":$OTHER}" &&
  expect_status 200 && expect_json .id "$KEEP" && expect_json .merged_into null &&
  expect_json .name "Pepe Bueno" && expect_json .ticket_count 2 &&
  expect_json "[.identities[] | \"\(.kind)=\(.value)\"] | join(\" \")" \
    "email=pepe.bueno@correo.example phone=+34699887766" &&
  api GET /api/v1/tickets/$OTKT && expect_json .citizen.id "$KEEP" &&
  api GET "/api/v1/tickets?citizen=$KEEP" && expect_json ".items | length" 2
'
test_expect_success 'the merged id resolves to the survivor' '
  as_token "$A1" && api GET /api/v1/citizens/$OTHER && expect_status 200 &&
  expect_json .id "$KEEP" && expect_json .ticket_count 2 &&
  api GET /api/v1/citizens/$OTHER/timeline && expect_status 200 &&
  expect_json "[.items[].reference] | unique | length" 2
'
test_expect_success 'after the merge every identity finds the survivor, and its name search only it' '
  as_token "$A1" &&
  search "q=699887766" && expect_json "[.items[].id] | join(\",\")" "$KEEP" &&
  search "q=bueno" && expect_json "[.items[].id] | join(\",\")" "$KEEP" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Otra llamada\",
      \"body\":\"Vuelve a llamar.\",\"citizen\":{\"phone\":\"+34699887766\"}}" &&
  expect_status 201 && expect_json .citizen.id "$KEEP"
'
test_expect_success 'merging a citizen with itself is 422' '
  as_token "$SUP" && api POST /api/v1/citizens/$KEEP/merge "{\"other_id\":$KEEP}" &&
  expect_error 422 validation_failed &&
  expect_json .error.fields.other_id "No se puede fusionar una persona consigo misma." &&
  api POST /api/v1/citizens/$OTHER/merge "{\"other_id\":$KEEP}" && expect_error 422 validation_failed &&
  expect_json .error.fields.other_id "No se puede fusionar una persona consigo misma."
'
test_expect_success 'merging an already merged record, or a bad other_id, is 422' '
  as_token "$SUP" &&
  api POST /api/v1/citizens/$CIT/merge "{\"other_id\":$OTHER}" && expect_error 422 validation_failed &&
  expect_json .error.fields.other_id "No existe esa persona." &&
  api POST /api/v1/citizens/$CIT/merge "{}" && expect_error 422 validation_failed &&
  expect_json .error.fields.other_id "Este campo es obligatorio." &&
  api POST /api/v1/citizens/$CIT/merge "{\"other_id\":\"$KEEP\"}" && expect_error 422 validation_failed &&
  expect_json .error.fields.other_id "Debe ser un número entero." &&
  api GET /api/v1/citizens/$CIT && expect_json .ticket_count 2
'
test_expect_success 'setup: a citizen who only wrote to Getafe' '
  as_token "" &&
  api POST $PUB "$(jobj tenant GET subject "Bonobús" body "Consulta de Getafe." name "Gerardo Getafe" \
      email solo.getafe@correo.example national_id 87654321X phone "655 44 33 22")" &&
  expect_status 201 &&
  as_token "$G1" && search "q=solo.getafe@correo.example" && expect_status 200 &&
  GCIT=$(jv ".items[0].id") && [ "$GCIT" != null ]
'
test_expect_success 'tenant isolation: a MOS agent cannot find or open that citizen' '
  as_token "$A1" &&
  for q in solo.getafe@correo.example 87654321X "655 44 33 22" gerardo getafe; do
    search "q=$q" && expect_status 200 && expect_json ".items | length" 0 || { echo "q=$q"; return 1; }
  done &&
  search "national_id=87654321x" && expect_json ".items | length" 0 &&
  api GET /api/v1/citizens/$GCIT && expect_error 404 not_found &&
  api GET /api/v1/citizens/$GCIT/timeline && expect_error 404 not_found &&
  api GET "/api/v1/tickets?citizen=$GCIT" && expect_json ".items | length" 0
'
test_expect_success 'and a MOS supervisor cannot merge across administrations' '
  as_token "$SUP" &&
  api POST /api/v1/citizens/$CIT/merge "{\"other_id\":$GCIT}" && expect_error 422 validation_failed &&
  expect_json .error.fields.other_id "No existe esa persona." &&
  api POST /api/v1/citizens/$GCIT/merge "{\"other_id\":$CIT}" && expect_error 404 not_found &&
  as_token "$G1" && api GET /api/v1/citizens/$GCIT && expect_status 200 && expect_json .ticket_count 1 &&
  as_token "$A1" && api GET /api/v1/citizens/$CIT && expect_json .ticket_count 2
'
test_expect_success 'the region sees the person across its municipalities' '
  as_token "$R1" && search "q=solo.getafe@correo.example" && expect_json "[.items[].id] | join(\",\")" "$GCIT" &&
  search "q=12345678Z" && expect_json "[.items[].id] | join(\",\")" "$CIT"
'
test_expect_success 'a new ticket for a merged record lands on the survivor' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"in_person\",\"subject\":\"Visita\",
      \"body\":\"Viene en persona.\",\"citizen_id\":$OTHER}" &&
  expect_status 201 && expect_json .citizen.id "$KEEP"
'
test_expect_success 'merging through a merged path id uses its survivor; a nameless survivor takes the name' '
  as_token "$A1" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",
      \"citizen\":{\"phone\":\"644 10 20 30\"}}" && expect_status 201 && NONAME=$(jv .citizen.id) &&
  expect_json .citizen.name "" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",
      \"citizen\":{\"phone\":\"644 10 20 31\",\"name\":\"Nieves Sinnombre\"}}" && expect_status 201 &&
  NAMED=$(jv .citizen.id) &&
  as_token "$SUP" && api POST /api/v1/citizens/$NONAME/merge "{\"other_id\":$NAMED}" && expect_status 200 &&
  expect_json .id "$NONAME" && expect_json .name "Nieves Sinnombre" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",
      \"citizen\":{\"phone\":\"644 10 20 32\"}}" && expect_status 201 && THIRD=$(jv .citizen.id) &&
  api POST /api/v1/citizens/$NAMED/merge "{\"other_id\":$THIRD}" && expect_status 200 &&
  expect_json .id "$NONAME" && expect_json ".identities | length" 3 &&
  as_token "$A1" && search "q=nieves" && expect_json "[.items[].id] | join(\",\")" "$NONAME"
'
test_expect_success 'a name given later fills a nameless record, and name search finds it' '
  as_token "" &&
  api POST $PUB "$(jobj tenant MOS subject s body b phone "+34 699 88 77 66" name "Otro Nombre")" && expect_status 201 &&
  as_token "$A1" && api GET /api/v1/citizens/$KEEP && expect_json .name "Pepe Bueno" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"s\",\"body\":\"b\",
      \"citizen\":{\"national_id\":\"23456789D\"}}" && expect_status 201 && LATE=$(jv .citizen.id) &&
  as_token "" &&
  api POST $PUB "$(jobj tenant MOS subject s body b national_id 23456789d name "Úrsula Tardía")" &&
  expect_status 201 &&
  as_token "$A1" && search "q=ursula tardia" && expect_json "[.items[].id] | join(\",\")" "$LATE"
'
test_expect_success '20 concurrent requests from one new person make one citizen' '
  as_token "" && pids=() && mkdir -p "$SCRATCH/race" &&
  for i in $(seq 1 20); do
    curl -s -o /dev/null -w "%{http_code}\n" -X POST -H "Content-Type: application/json" \
      --data-binary "$(jobj tenant MOS subject "Prisa $i" body "b" national_id 11111111H email "prisa$i@correo.example")" \
      "$BASE$PUB" >"$SCRATCH/race/$i.status" &
    pids+=($!)
  done && wait "${pids[@]}" &&
  [ "$(cat "$SCRATCH"/race/*.status | sort | uniq -c | sed "s/^ *//")" = "20 201" ] &&
  as_token "$A1" && search "q=11111111H" && expect_json ".items | length" 1 &&
  expect_json ".items[0].ticket_count" 20 && expect_json "[.items[0].identities[].kind] | join(\",\")" \
    "email,email,email,email,email,email,email,email,email,email,email,email,email,email,email,email,email,email,email,email,national_id"
'
test_expect_success 'the server stops cleanly, with no sanitizer report' '
  expect_clean_stop
'
test_done
