#!/usr/bin/env bash
# Routing and answers over HTTP: rules validated and compiled before they
# are stored, precedence and merging, the preview on a sample message, new
# requests routed with the reason on the ticket, the classifier trained on
# the demo's resolved tickets deciding when no rule does, the knowledge base
# (versions, search with accents and plurals, public and internal),
# automatic answers with document links on the web form and by email, the
# evaluation command, and administrations kept apart.
. "$(dirname "$0")/lib.sh"
start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
SUPCM=$(token_for supervisor.cm@ventanilla.example)
SUPMOS=$(token_for supervisor.mos@ventanilla.example)
SUPGET=$(token_for supervisor.get@ventanilla.example)
AGMOS=$(token_for agente1.mos@ventanilla.example)

# request TENANT SUBJECT BODY: files a web request; sets REF, TOK, TID.
request() {
  as_token ""
  api POST /api/v1/public/requests "$(jobj tenant "$1" subject "$2" body "$3" email "vecina.$RANDOM@correo.test")" &&
    expect_status 201 && REF=$(jv .reference) && TOK=$(jv .access_token) &&
    TID=$(db_query "SELECT id FROM tickets WHERE reference = '$REF'")
}
department_of() { db_query "SELECT d.code FROM tickets t JOIN departments d ON d.id = t.department_id WHERE t.id = $1"; }
routed_of() { db_query "SELECT data FROM events WHERE ticket_id = $1 AND action = 'ticket_routed'"; }

test_expect_success 'rules are validated and compiled before they are stored; agents may not touch them' '
  as_token "$AGMOS" && api GET /api/v1/admin/routing/rules && expect_error 403 forbidden &&
  as_token "$SUPMOS" &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"Mala\",\"position\":5,\"when\":{\"regex\":\"(abc\"},\"then\":{\"department\":\"padron\"}}" &&
  expect_error 422 validation_failed && expect_true ".error.fields[\"when.regex\"] | length > 0" &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"Mala\",\"position\":5,\"when\":{\"channels\":[\"fax\"]},\"then\":{\"department\":\"no_existe\",\"priority\":\"altisima\"}}" &&
  expect_error 422 validation_failed &&
  expect_true "(.error.fields[\"when.channels\"] | length > 0) and (.error.fields[\"then.priority\"] | length > 0)" &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"Depto inexistente\",\"position\":5,\"then\":{\"department\":\"no_existe\"}}" &&
  expect_error 422 validation_failed && expect_true ".error.fields[\"then.department\"] | length > 0" &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"CM\",\"name\":\"Ajena\",\"position\":5}" &&
  expect_error 422 validation_failed && expect_true ".error.fields.tenant | length > 0"
'

test_expect_success 'precedence by position; stop:false lets later rules add what is still unset' '
  as_token "$SUPMOS" &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"Ruido a Medio Ambiente\",\"position\":5,
    \"when\":{\"words_any\":[\"ruido\",\"ruidos\"],\"channels\":[\"web\",\"email\"]},
    \"then\":{\"department\":\"medio_ambiente\",\"tags\":[\"ruido\"],\"stop\":false}}" &&
  expect_status 201 && R1=$(jv .id) &&
  api POST /api/v1/admin/routing/rules "{\"tenant\":\"MOS\",\"name\":\"Nocturno urgente\",\"position\":6,
    \"when\":{\"regex\":\"\\\\b(noche|madrugada)\\\\b\"},
    \"then\":{\"department\":\"movilidad\",\"priority\":\"high\",\"tags\":[\"nocturno\"]}}" &&
  expect_status 201 && R2=$(jv .id) &&
  request MOS "Ruido en la calle" "Todas las noches a las tres de la MADRUGADA hay un ruido tremendo de un bar." &&
  test "$(department_of "$TID")" = medio_ambiente &&
  test "$(db_query "SELECT priority FROM tickets WHERE id = $TID")" = high &&
  test "$(db_query "SELECT tags FROM tickets WHERE id = $TID" | jq -c .)" = "[\"ruido\",\"nocturno\"]" &&
  routed_of "$TID" | jq -e ".by == \"rule\" and (.rules | length) == 2 and (.explain_es | test(\"regla 5\"))" >/dev/null
'

test_expect_success 'the preview runs the rules, or one unsaved rule, on a sample message and says why' '
  as_token "$SUPMOS" &&
  api POST /api/v1/admin/routing/preview "{\"tenant\":\"MOS\",\"subject\":\"Quiero empadronarme\",\"body\":\"Me he mudado a Móstoles.\"}" &&
  expect_status 200 && expect_json .rules.department padron &&
  expect_true ".rules.matched and (.rules.explain_es | test(\"Padrón municipal\")) and (.rules.explain_en | length > 0)" &&
  expect_true ".decision_us >= 0" &&
  api POST /api/v1/admin/routing/preview "{\"tenant\":\"MOS\",\"subject\":\"Farola fundida\",\"body\":\"La farola de mi calle no luce.\",
    \"rule\":{\"name\":\"Alumbrado\",\"position\":1,\"when\":{\"words_any\":[\"farola\"]},\"then\":{\"department\":\"medio_ambiente\"}}}" &&
  expect_status 200 && expect_json .rules.department medio_ambiente && expect_json ".rules.rules[0].name" Alumbrado &&
  api POST /api/v1/admin/routing/preview "{\"tenant\":\"MOS\",\"subject\":\"x\",\"rule\":{\"name\":\"R\",\"position\":1,\"when\":{\"regex\":\"[\"}}}" &&
  expect_error 422 validation_failed && expect_true ".error.fields[\"rule.when.regex\"] | length > 0"
'

test_expect_success 'a plain-Spanish request lands in the right department with its reason; victims are urgent and confidential' '
  request MOS "Cambio de domicilio" "Hola, me he mudado y quiero empadronarme en mi nueva casa. ¿Qué tengo que llevar?" &&
  test "$(department_of "$TID")" = padron &&
  routed_of "$TID" | jq -e ".department == \"padron\" and (.explain_es | test(\"Padrón municipal\"))" >/dev/null &&
  as_token "$AGMOS" && api GET "/api/v1/tickets/$TID" && expect_json .department.code padron &&
  expect_json ".tags | join(\",\")" padron && expect_json .confidential false &&
  request CM "Agresión" "Ayer me agredieron al salir del metro y quiero saber qué ayuda hay para víctimas." &&
  test "$(department_of "$TID")" = justicia &&
  test "$(db_query "SELECT priority FROM tickets WHERE id = $TID")" = urgent &&
  case "$(db_query "SELECT confidential FROM tickets WHERE id = $TID")" in 1|t) true ;; *) false ;; esac
'

test_expect_success 'where no rule decides, the classifier trained on resolved tickets does, above the threshold' '
  as_token "$SUPCM" && api POST /api/v1/admin/routing/train "{\"tenant\":\"CM\"}" &&
  expect_status 200 && expect_true ".trained and .examples >= 20" &&
  request CM "Cita médico" "Necesito cita con mi médico de cabecera en el centro de salud, no consigo que me atiendan por teléfono." &&
  test "$(department_of "$TID")" = sanidad &&
  routed_of "$TID" | jq -e ".by == \"classifier\" and .classifier.confidence >= 0.7 and .classifier.department == \"sanidad\"" >/dev/null &&
  as_token "$SUPCM" &&
  api POST /api/v1/admin/routing/preview "{\"tenant\":\"CM\",\"subject\":\"Abono transporte\",\"body\":\"Tengo 24 años, ¿puedo pedir el abono joven?\"}" &&
  expect_true ".classifier.top | length > 0 and .[0].confidence >= 0 // true" &&
  expect_true ".classifier.top[0].department | length > 0"
'

test_expect_success 'the knowledge base: articles are versioned, internal ones stay internal' '
  as_token "$AGMOS" &&
  api POST /api/v1/kb/articles "{\"tenant\":\"MOS\",\"title\":\"x\",\"body\":\"y\"}" && expect_error 403 forbidden &&
  as_token "$SUPMOS" &&
  api POST /api/v1/kb/articles "{\"tenant\":\"MOS\",\"title\":\"Beca municipal de transporte para estudiantes\",
    \"summary\":\"El Ayuntamiento ayuda con el abono a estudiantes empadronados.\",
    \"body\":\"## Quién puede pedirla\\n\\nEstudiantes empadronados. <script>alert(1)</script> [x](javascript:alert(1))\",
    \"documents\":[{\"title\":\"Bases de la convocatoria\",\"url\":\"https://sede.mostoles.example/becas.pdf\",\"format\":\"pdf\"}]}" &&
  expect_status 201 && KB1=$(jv .id) && expect_json .version 1 &&
  expect_true "(.html | test(\"<script\") | not) and (.html | test(\"javascript:\") | not) and (.html | test(\"<h2>\"))" &&
  api PATCH "/api/v1/kb/articles/$KB1" "{\"summary\":\"Ayuda para el abono de transporte de estudiantes empadronados en Móstoles.\"}" &&
  expect_status 200 && expect_json .version 2 &&
  test "$(db_query "SELECT count(*) FROM kb_article_versions WHERE article_id = $KB1")" = 1 &&
  api POST /api/v1/kb/articles "{\"tenant\":\"MOS\",\"title\":\"Procedimiento interno de becas\",\"body\":\"Solo personal.\",\"visibility\":\"internal\"}" &&
  expect_status 201 && KB2=$(jv .id) &&
  api POST /api/v1/kb/articles "{\"tenant\":\"MOS\",\"title\":\"Doc\",\"body\":\"b\",\"documents\":[{\"title\":\"t\",\"url\":\"javascript:alert(1)\"}]}" &&
  expect_error 422 validation_failed &&
  as_token "" && api GET "/api/v1/public/kb/articles/$KB2" && expect_error 404 not_found &&
  api GET "/api/v1/public/kb/articles/$KB1" && expect_status 200 && expect_json ".documents[0].format" pdf
'

test_expect_success 'search folds accents and plurals; citizens see public articles of their administration and the region' '
  as_token "" &&
  api GET "/api/v1/public/kb/search?tenant=MOS&q=becas" && expect_status 200 &&
  expect_true "any(.items[]; .id == $KB1) and all(.items[]; .id != $KB2) and all(.items[]; .tenant == \"MOS\" or .tenant == \"CM\")" &&
  api GET "/api/v1/public/kb/search?tenant=MOS&q=BECA" && expect_true "any(.items[]; .id == $KB1)" &&
  api GET "/api/v1/public/kb/search?tenant=MOS&q=padron%20volante" &&
  expect_true ".items[0].title | test(\"empadronamiento\")" &&
  api GET "/api/v1/public/kb/search?tenant=MOS&q=padr%C3%B3n" && expect_true ".items | length > 0" &&
  api GET "/api/v1/public/kb/search?tenant=GET&q=becas" && expect_true "all(.items[]; .id != $KB1)" &&
  api GET "/api/v1/public/kb/search?tenant=NOPE&q=becas" && expect_error 422 validation_failed &&
  as_token "$AGMOS" && api GET "/api/v1/kb/search?q=becas" && expect_true "any(.items[]; .id == $KB2)" &&
  as_token "" && api POST "/api/v1/public/kb/articles/$KB1/helped" "{\"channel\":\"web\"}" && expect_status 204 &&
  test "$(db_query "SELECT count(*) FROM kb_deflections WHERE article_id = $KB1")" = 1 &&
  api POST "/api/v1/public/kb/articles/$KB2/helped" "{}" && expect_error 404 not_found
'

test_expect_success 'an edited article is found by its new words and no longer by the old ones' '
  as_token "$SUPMOS" &&
  api POST /api/v1/kb/articles "{\"tenant\":\"MOS\",\"title\":\"Huertos urbanos\",\"body\":\"Parcelas de cultivo ecológico junto al río.\"}" &&
  expect_status 201 && KB3=$(jv .id) &&
  as_token "" && api GET "/api/v1/public/kb/search?tenant=MOS&q=parcelas%20cultivo" &&
  expect_true "any(.items[]; .id == $KB3)" &&
  as_token "$SUPMOS" &&
  api PATCH "/api/v1/kb/articles/$KB3" "{\"body\":\"Invernaderos comunitarios con riego por goteo.\"}" && expect_status 200 &&
  as_token "" && api GET "/api/v1/public/kb/search?tenant=MOS&q=invernaderos%20goteo" &&
  expect_true "any(.items[]; .id == $KB3)" &&
  api GET "/api/v1/public/kb/search?tenant=MOS&q=parcelas%20cultivo" &&
  expect_true "all(.items[]; .id != $KB3)" &&
  as_token "$SUPMOS" && api PATCH "/api/v1/kb/articles/$KB3" "{\"active\":false}" && expect_status 200 &&
  as_token "" && api GET "/api/v1/public/kb/search?tenant=MOS&q=invernaderos%20goteo" &&
  expect_true "all(.items[]; .id != $KB3)"
'

test_expect_success 'a web request that an article answers gets the answer and its documents at once' '
  request MOS "Volante de empadronamiento" "Necesito un volante de empadronamiento para presentarlo en el colegio." &&
  as_token "$TOK" && api GET "/api/v1/public/requests/$REF" &&
  expect_true "any(.messages[]; .direction == \"out\" and (.body | test(\"empadronamiento\")) and (.body | test(\"https://\")) and (.body | test(\"$REF\")))" &&
  request MOS "Una pregunta" "¿A qué hora abre la piscina cubierta los domingos por la tarde?" &&
  as_token "$TOK" && api GET "/api/v1/public/requests/$REF" &&
  expect_true "all(.messages[]; .direction == \"in\")"
'

test_expect_success 'an email request gets the automatic answer by email, threaded' '
  as_token "$ADMIN" &&
  api POST /api/v1/admin/mailboxes "{\"tenant\":\"MOS\",\"name\":\"atencion-mos\",\"address\":\"atencion@mostoles.example.es\"}" &&
  expect_status 201 &&
  printf "From: Ana <ana.kb@correo.test>\r\nTo: atencion@mostoles.example.es\r\nSubject: Volante de empadronamiento\r\nMessage-ID: <kb1@correo.test>\r\nDate: Sun, 22 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNecesito un volante de empadronamiento para el colegio de mi hijo.\r\n" >"$SCRATCH/kb.eml" &&
  "$VENTANILLA" mail-deliver --db "$DB" --log-level warn --mailbox atencion-mos <"$SCRATCH/kb.eml" &&
  T=$(db_query "SELECT ticket_id FROM messages WHERE channel_message_id LIKE '"'"'%kb1@correo.test'"'"'") &&
  test "$(department_of "$T")" = padron &&
  test "$(db_query "SELECT count(*) FROM outbox WHERE ticket_id = $T AND kind = '"'"'reply'"'"' AND to_addr = '"'"'ana.kb@correo.test'"'"'")" = 1 &&
  test "$(db_query "SELECT count(*) FROM messages WHERE ticket_id = $T AND direction = '"'"'out'"'"' AND body LIKE '"'"'%https://%'"'"'")" = 1
'

test_expect_success 'ventanilla routing evaluate prints accuracy, per-department figures and the confusion matrix' '
  "$VENTANILLA" routing evaluate --db "$DB" --log-level warn >"$SCRATCH/eval.txt" &&
  grep -q "^accuracy: [0-9.]* %" "$SCRATCH/eval.txt" &&
  grep -q "^department  *precision  *recall  *support" "$SCRATCH/eval.txt" &&
  grep -q "^confusion matrix" "$SCRATCH/eval.txt" &&
  grep -q "^padron " "$SCRATCH/eval.txt" &&
  "$VENTANILLA" routing train --db "$DB" --log-level warn --tenant CM | grep -q "^CM  *trained on" &&
  ! "$VENTANILLA" routing evaluate --db "$DB" --log-level warn --tenant NOPE 2>/dev/null
'

test_expect_success 'canned answers: per administration or department, filled in for the ticket' '
  as_token "$AGMOS" && api POST /api/v1/macros "{\"tenant\":\"MOS\",\"name\":\"x\",\"body\":\"y\"}" && expect_error 403 forbidden &&
  as_token "$SUPMOS" &&
  api POST /api/v1/macros "{\"tenant\":\"MOS\",\"name\":\"Padrón: documentos\",\"department\":\"padron\",
    \"body\":\"Hola, {ciudadano}: para su solicitud {referencia} traiga el DNI. Le atiende {agente}, {departamento}. {desconocido}\"}" &&
  expect_status 201 && M1=$(jv .id) && expect_json .department padron &&
  api POST /api/v1/macros "{\"tenant\":\"MOS\",\"name\":\"Tributos\",\"department\":\"tributos\",\"body\":\"Sobre su recibo.\"}" &&
  expect_status 201 &&
  api POST /api/v1/macros "{\"tenant\":\"MOS\",\"name\":\"x\",\"body\":\"y\",\"department\":\"no_existe\"}" &&
  expect_error 422 validation_failed &&
  request MOS "Empadronamiento" "Quiero empadronarme en la calle Mayor." &&
  as_token "$AGMOS" && api GET "/api/v1/tickets/$TID/macros" && expect_status 200 &&
  expect_true "any(.items[]; .id == $M1) and all(.items[]; .name != \"Tributos\")" &&
  expect_true "(.items[] | select(.id == $M1) | .text) | test(\"$REF\") and test(\"traiga el DNI\") and test(\"\\\\{desconocido\\\\}\") and (test(\"\\\\{referencia\\\\}\") | not)" &&
  as_token "$SUPGET" && api PATCH "/api/v1/macros/$M1" "{\"name\":\"z\"}" && expect_error 404 not_found &&
  as_token "$SUPMOS" && api PATCH "/api/v1/macros/$M1" "{\"department\":null}" && expect_status 200 && expect_json .department null &&
  api DELETE "/api/v1/macros/$M1" && expect_status 204
'

test_expect_success 'rules change, and are deleted, at once on this node' '
  as_token "$SUPMOS" &&
  api PATCH "/api/v1/admin/routing/rules/$R1" "{\"active\":false}" && expect_status 200 && expect_json .active false &&
  request MOS "Ruido en la calle" "Hay un ruido tremendo de un bar cada noche." &&
  test "$(department_of "$TID")" = movilidad &&
  as_token "$SUPMOS" && api DELETE "/api/v1/admin/routing/rules/$R2" && expect_status 204 &&
  api DELETE "/api/v1/admin/routing/rules/$R2" && expect_error 404 not_found &&
  as_token "$SUPGET" && api PATCH "/api/v1/admin/routing/rules/$R1" "{\"active\":true}" && expect_error 404 not_found &&
  expect_clean_stop
'

test_done
