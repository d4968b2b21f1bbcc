#!/usr/bin/env bash
# Operator commands (migrate, demo, config) and durability: requests answered
# 201 survive a SIGKILL of the server.
. "$(dirname "$0")/lib.sh"
V=$VENTANILLA
CHANNELS="chat,email,facebook,in_person,phone,telegram,web,whatsapp,x"
q() { db_query "$1"; }
# intact: the database passes its engine's own consistency check (SQLite's
# integrity_check; on PostgreSQL, amcheck over every table and index).
intact() {
  if [ "$BACKEND" = postgres ]; then
    q "CREATE EXTENSION IF NOT EXISTS amcheck" &&
    [ "$(q "SELECT count(*) FROM pg_class c CROSS JOIN LATERAL verify_heapam(c.oid) v
            WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence = 'p'")" = 0 ] &&
    [ "$(q "SELECT count(bt_index_check(c.oid, true)) >= 0 FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            WHERE a.amname = 'btree' AND c.relpersistence = 'p' AND i.indisready AND i.indisvalid")" = t ]
  else
    [ "$(q "PRAGMA integrity_check")" = ok ]
  fi
}
COUNTS="SELECT (SELECT count(*) FROM tenants) || ' ' || (SELECT count(*) FROM departments) || ' ' ||
  (SELECT count(*) FROM services) || ' ' || (SELECT count(*) FROM users) || ' ' ||
  (SELECT count(*) FROM citizens) || ' ' || (SELECT count(*) FROM citizen_identities) || ' ' ||
  (SELECT count(*) FROM tickets) || ' ' || (SELECT count(*) FROM messages) || ' ' ||
  (SELECT count(*) FROM events)"

test_expect_success 'migrate on a new database applies the migrations' '
  "$V" migrate --db "$DB" --log-level warn >"$SCRATCH/m1" &&
  grep -Eq "^schema version [1-9][0-9]* \([1-9][0-9]* migrations? applied\)$" "$SCRATCH/m1" &&
  SCHEMA=$(sed -E "s/^schema version ([0-9]+) .*/\1/" "$SCRATCH/m1") &&
  [ "$(q "SELECT max(version) FROM schema_migrations")" = "$SCHEMA" ]
'
test_expect_success 'migrate a second time applies 0' '
  "$V" migrate --db "$DB" --log-level warn >"$SCRATCH/m2" &&
  [ "$(cat "$SCRATCH/m2")" = "schema version $SCHEMA (0 migrations applied)" ]
'
test_expect_success 'demo loads 14 administrations and at least 1000 tickets' '
  "$V" demo --db "$DB" --log-level warn >"$SCRATCH/d1" &&
  grep -q "^demo: 14 administrations, .* 1200 tickets created, 0 already present$" "$SCRATCH/d1" &&
  N=$(q "SELECT count(*) FROM tickets") && [ "$N" -ge 1000 ] &&
  [ "$(q "SELECT count(*) FROM tenants")" = 14 ] &&
  BEFORE=$(q "$COUNTS")
'
test_expect_success 'the demo tickets cover every intake channel' '
  [ "$(q "SELECT DISTINCT channel FROM tickets ORDER BY channel" | paste -sd,)" = "$CHANNELS" ]
'
test_expect_success 'demo a second time is idempotent: nothing added' '
  "$V" demo --db "$DB" --log-level warn >"$SCRATCH/d2" &&
  grep -q "0 tickets created, 1200 already present$" "$SCRATCH/d2" &&
  AFTER=$(q "$COUNTS") && [ "$AFTER" = "$BEFORE" ] || { echo "before: $BEFORE"; echo "after:  ${AFTER:-}"; return 1; }
'
test_expect_success 'through the API, the admin sees every channel and administration' '
  start_server && as_token "$(token_for admin@ventanilla.example)" &&
  api GET /api/v1/tenants && expect_status 200 && expect_json ".items | length" 14 &&
  for ch in $(echo $CHANNELS | tr , " "); do
    api GET "/api/v1/tickets?channel=$ch&limit=1" && expect_status 200 &&
    expect_json ".items[0].channel" "$ch" || { echo "channel $ch"; return 1; }
  done &&
  api GET "/api/v1/tickets?limit=200" && expect_json ".items | length" 200 &&
  as_token "" && stop_server
'
test_expect_success '`config example` is a commented file with every section' '
  "$V" config example >"$SCRATCH/example.ini" &&
  for s in server database log security; do grep -qx "\[$s\]" "$SCRATCH/example.ini" || return 1; done &&
  grep -Eq "^# max_body = [0-9]+$" "$SCRATCH/example.ini"
'
test_expect_success '`serve --config` with the example as printed starts' '
  start_server --config "$SCRATCH/example.ini" && api GET /healthz && expect_status 200 &&
  expect_json .status ok && stop_server
'
test_expect_success 'the example with every option uncommented (the defaults) starts too' '
  sed -E "s/^# ([a-z_]+ = .*)$/\1/" "$SCRATCH/example.ini" >"$SCRATCH/active.ini" &&
  [ "$(grep -Ec "^[a-z_]+ = " "$SCRATCH/active.ini")" -ge 10 ] &&
  start_server --config "$SCRATCH/active.ini" && api GET /healthz && expect_status 200 && stop_server
'
# refuse_start ARGS...: serve must exit non-zero without listening; its
# stderr is left in $SCRATCH/refused.
refuse_start() {
  rm -f "$SCRATCH/never-ready"
  local rc=0
  timeout 20 "$V" serve --db "$DB" --listen 127.0.0.1:0 --ready-file "$SCRATCH/never-ready" "$@" \
    >"$SCRATCH/refused" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ] || [ -e "$SCRATCH/never-ready" ]; then
    echo "serve $* did not refuse to start (exit $rc)"; cat "$SCRATCH/refused"; return 1
  fi
}
test_expect_success 'a bad option in the config file stops start-up: config: [server] threads: ...' '
  printf "[server]\nthreads = 0\n" >"$SCRATCH/bad.ini" &&
  refuse_start --config "$SCRATCH/bad.ini" &&
  grep -q "^config: \[server\] threads: " "$SCRATCH/refused" &&
  printf "[server]\nthreads = lots\n" >"$SCRATCH/bad.ini" &&
  refuse_start --config "$SCRATCH/bad.ini" &&
  grep -q "^config: \[server\] threads: " "$SCRATCH/refused"
'
test_expect_success 'unknown options and sections, and malformed lines, stop start-up' '
  printf "[server]\ncolour = red\n" >"$SCRATCH/bad.ini" &&
  refuse_start --config "$SCRATCH/bad.ini" &&
  grep -q "^config: \[server\] colour: unknown option" "$SCRATCH/refused" &&
  printf "[servidor]\nlisten = 127.0.0.1:0\n" >"$SCRATCH/bad.ini" &&
  refuse_start --config "$SCRATCH/bad.ini" && grep -q "^config: " "$SCRATCH/refused" &&
  printf "[server\n" >"$SCRATCH/bad.ini" &&
  refuse_start --config "$SCRATCH/bad.ini" && grep -q "^config: " "$SCRATCH/refused" &&
  refuse_start --config "$SCRATCH/no-such-file.ini" && grep -q "^config: " "$SCRATCH/refused"
'
test_expect_success 'bad values from the environment and flags stop start-up too' '
  VENTANILLA_THREADS=0 refuse_start && grep -q "^config: \[server\] threads: .*VENTANILLA_THREADS" "$SCRATCH/refused" &&
  refuse_start --threads 0 && grep -q "^config: \[server\] threads: " "$SCRATCH/refused" &&
  VENTANILLA_MAX_BODY=12 refuse_start && grep -q "^config: \[server\] max_body: " "$SCRATCH/refused" &&
  refuse_start --public-url ftp://example.org && grep -q "^config: \[server\] public_url: " "$SCRATCH/refused"
'
DUR="$SCRATCH/durable"
mkdir -p "$DUR"
DURABLE_11_19="SELECT id FROM tickets WHERE subject IN ('Durable 11', 'Durable 12', 'Durable 13',
  'Durable 14', 'Durable 15', 'Durable 16', 'Durable 17', 'Durable 18', 'Durable 19')"
DURABLE_COUNT="SELECT count(*) FROM tickets WHERE subject LIKE 'Durable %' OR subject = 'Después'"
APAGADO_COUNT="SELECT count(*) FROM tickets WHERE subject LIKE 'Apagado %'"
test_expect_success 'durability: 50 concurrent requests, all 201, then kill -9 at once' '
  start_server && pids=() &&
  for i in $(seq 1 50); do
    curl -s -o "$DUR/$i.json" -w "%{http_code}\n" -X POST -H "Content-Type: application/json" \
      --data-binary "$(jobj tenant MOS subject "Durable $i" body "Cuerpo número $i ✓" email "d$i@correo.example")" \
      "$BASE/api/v1/public/requests" >"$DUR/$i.status" &
    pids+=($!)
  done &&
  wait "${pids[@]}" && kill_server_hard &&
  [ "$(cat "$DUR"/*.status | sort | uniq -c | sed "s/^ *//")" = "50 201" ] &&
  [ "$(jq -r .reference "$DUR"/*.json | sort -u | wc -l)" = 50 ]
'
test_expect_success 'after a restart every reference is readable with its token' '
  start_server &&
  for i in $(seq 1 50); do
    ref=$(jq -r .reference "$DUR/$i.json") && tok=$(jq -r .access_token "$DUR/$i.json") &&
    api GET /api/v1/public/requests/$ref -H "Authorization: Bearer $tok" && expect_status 200 &&
    expect_json .subject "Durable $i" && expect_json ".messages[0].body" "Cuerpo número $i ✓" ||
      { echo "request $i ($ref)"; return 1; }
  done
'
test_expect_success 'the reference counter survived: a new request gets a new number' '
  api POST /api/v1/public/requests "$(jobj tenant MOS subject "Después" body "b" email after@correo.example)" &&
  expect_status 201 && NEWREF=$(jv .reference) &&
  ! jq -r .reference "$DUR"/*.json | grep -qx "$NEWREF"
'
test_expect_success 'durability: concurrent citizen replies and agent changes survive kill -9 too' '
  AGENT=$(token_for agente1.mos@ventanilla.example) && pids=() &&
  for i in $(seq 1 10); do
    ref=$(jq -r .reference "$DUR/$i.json") && tok=$(jq -r .access_token "$DUR/$i.json") &&
    curl -s -o /dev/null -w "%{http_code}\n" -X POST -H "Content-Type: application/json" \
      -H "Authorization: Bearer $tok" --data-binary "$(jobj body "Segundo mensaje $i")" \
      "$BASE/api/v1/public/requests/$ref/messages" >"$DUR/m$i.status" &
    pids+=($!)
  done &&
  for id in $(q "$DURABLE_11_19"); do
    curl -s -o /dev/null -w "%{http_code}\n" -X PATCH -H "Content-Type: application/json" \
      -H "Authorization: Bearer $AGENT" --data-binary "{\"priority\":\"urgent\",\"status\":\"pending\"}" \
      "$BASE/api/v1/tickets/$id" >"$DUR/p$id.status" &
    pids+=($!)
  done &&
  wait "${pids[@]}" && kill_server_hard &&
  [ "$(cat "$DUR"/m*.status | sort | uniq -c | sed "s/^ *//")" = "10 201" ] &&
  [ "$(cat "$DUR"/p*.status | sort | uniq -c | sed "s/^ *//")" = "9 200" ] &&
  start_server &&
  for i in $(seq 1 10); do
    ref=$(jq -r .reference "$DUR/$i.json") && tok=$(jq -r .access_token "$DUR/$i.json") &&
    api GET /api/v1/public/requests/$ref -H "Authorization: Bearer $tok" &&
    expect_json ".messages | length" 2 && expect_json ".messages[1].body" "Segundo mensaje $i" ||
      { echo "request $i"; return 1; }
  done &&
  as_token "$AGENT" && api GET "/api/v1/tickets?priority=urgent&status=pending&q=durable" && as_token "" &&
  expect_status 200 && expect_json "[.items[].subject] | sort | join(\",\")" \
    "Durable 11,Durable 12,Durable 13,Durable 14,Durable 15,Durable 16,Durable 17,Durable 18,Durable 19"
'
test_expect_success 'SIGTERM during a burst: exit 0, every request answered 201 or refused, none lost' '
  mkdir -p "$DUR/term" && pids=() &&
  for i in $(seq 1 60); do
    jobj tenant GET subject "Apagado $i" body "b" email "t$i@correo.example" >"$DUR/term/$i.req"
  done &&
  for i in $(seq 1 60); do
    curl -s -o "$DUR/term/$i.json" -w "%{http_code}\n" -X POST -H "Content-Type: application/json" \
      --data-binary @"$DUR/term/$i.req" "$BASE/api/v1/public/requests" >"$DUR/term/$i.status" &
    pids+=($!)
  done &&
  for t in $(seq 1 500); do
    [ "$(cat "$DUR"/term/*.status | grep -c "^201$")" -ge 5 ] && break; sleep 0.02
  done &&
  stop_server && { wait "${pids[@]}"; true; } &&
  ok=$(cat "$DUR"/term/*.status | grep -c "^201$") &&
  bad=$(cat "$DUR"/term/*.status | grep -v -e "^201$" -e "^000$" | sort | uniq -c) &&
  { [ -z "$bad" ] || { echo "unexpected statuses: $bad"; false; }; } &&
  echo "$ok of 60 answered before the stop" && [ "$ok" -ge 5 ] &&
  [ "$(q "$APAGADO_COUNT")" = "$ok" ] &&
  grep -q "stopped cleanly" "$SCRATCH/server.log" &&
  start_server
'
test_expect_success 'the server stops cleanly and the database is intact' '
  expect_clean_stop && intact &&
  [ "$(q "$DURABLE_COUNT")" = 51 ]
'
test_done
