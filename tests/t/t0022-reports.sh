#!/usr/bin/env bash
# Reports: volumes, times, first-contact resolution, handling time and
# agents' workload from the rollups, checked against hand-counted tickets
# imported with known dates; the live write path (reply, resolve, reopen)
# keeps them exact; CSV and its escaping; scope; the public transparency
# figures with small counts withheld. SLA compliance over imported due
# times, kept exact when a due time, an answer or a breach changes;
# satisfaction from surveys answered through the follow-up page; the
# survey response rate and satisfaction by agent, kept exact when an answer
# changes, arrives late, loses its agent or goes, and kept apart between
# administrations for an agent who serves several.
. "$(dirname "$0")/lib.sh"
# The deadline sweep would stamp the imported tickets and mark breaches at
# a moment of its choosing: the figures here are hand-counted.
export VENTANILLA_ROUTING_AUTO_ANSWER=false VENTANILLA_SLA_SWEEP_SECONDS=0
DEMO_TICKETS=0 start_server --with-demo
SUP=$(token_for supervisor.mos@ventanilla.example)
SUPG=$(token_for supervisor.get@ventanilla.example)
AG=$(token_for agente1.mos@ventanilla.example)
echo "a-long-enough-password" | "$VENTANILLA" user add --db "$DB" --log-level warn \
  --email formula@ventanilla.example --name '=SUMA(1,2) "x"' --role agent --tenant MOS >/dev/null

# Times in ms since the epoch; January is CET (UTC+1). M = 1 minute.
M=60000
T0105_0900=1767600000000   # 2026-01-05 09:00 Madrid
T0106_2330=1767738600000   # 2026-01-06 23:30 Madrid
T0110_1200=1768042800000   # 2026-01-10 12:00 Madrid
T0120_1000=1768899600000   # 2026-01-20 10:00 Madrid
T0131_2330=1769898600000   # 2026-01-31 23:30 Madrid
T0201_0030=1769902200000   # 2026-02-01 00:30 Madrid (2026-01-31 23:30 UTC)
line() { # reference channel service created frt_min res_min handle_s replies reopens [assignee] [tenant]
  local o
  o=$(jq -nc --arg r "$1" --arg c "$2" --arg s "$3" --argjson t "$4" --arg f "$5" --arg x "$6" \
    --arg h "$7" --argjson rp "$8" --argjson ro "$9" --arg a "${10:-}" --arg tn "${11:-MOS}" \
    '{reference:$r, tenant:$tn, channel:$c, service:$s, created_at:$t, agent_replies:$rp,
      reopens:$ro, assignee:$a, subject:"Importada"}
     + (if $f == "" then {} else {first_response_at: ($t + ($f|tonumber) * 60000)} end)
     + (if $x == "" then {} else {resolved_at: ($t + ($x|tonumber) * 60000)} end)
     + (if $h == "" then {} else {handle_ms: (($h|tonumber) * 1000)} end)')
  echo "$o"
}
{
  line R1 phone ayuda-domicilio $T0105_0900 5 60 240 1 0 agente1.mos@ventanilla.example
  line R2 phone ayuda-domicilio $((T0105_0900 + 30 * M)) 10 120 360 2 0 formula@ventanilla.example
  line R3 email ayuda-domicilio $T0106_2330 30 1440 "" 1 1
  line R4 email emergencia-social $T0131_2330 120 "" "" 1 0
  line R5 web "" $T0201_0030 "" "" "" 0 0
  line R6 chat emergencia-social $T0110_1200 1 20 600 1 0 agente1.mos@ventanilla.example
  for i in 1 2 3 4 5; do line "R7-$i" web actividades-deportivas $T0120_1000 60 "" "" 1 0; done
  line G1 phone "" $T0110_1200 5 "" "" 1 0 "" GET
} >"$SCRATCH/import.jsonl"
JAN="from=2026-01-01&to=2026-01-31&tenant=MOS"

test_expect_success 'import brings the tickets in once, with their dates' '
  "$VENTANILLA" import tickets --db "$DB" --log-level warn --file "$SCRATCH/import.jsonl" >"$SCRATCH/imp.out" &&
  grep -q "imported 12 tickets" "$SCRATCH/imp.out" &&
  "$VENTANILLA" import tickets --db "$DB" --log-level warn --file "$SCRATCH/import.jsonl" >"$SCRATCH/imp.out" &&
  grep -q "imported 0 tickets" "$SCRATCH/imp.out" &&
  echo "{\"reference\":\"BAD\",\"tenant\":\"MOS\",\"channel\":\"web\",\"service\":\"nope\",\"created_at\":1}" >"$SCRATCH/bad.jsonl" &&
  ! "$VENTANILLA" import tickets --db "$DB" --log-level warn --file "$SCRATCH/bad.jsonl" 2>/dev/null
'

test_expect_success 'volumes by channel, local hour and day, in Madrid time' '
  as_token "$SUP" && api GET "/api/v1/reports/volumes?$JAN&group=channel" && expect_status 200 &&
  expect_json "[.items[] | \"\(.channel)=\(.created)\"] | join(\",\")" "chat=1,email=2,phone=2,web=5" &&
  expect_json .totals.created 10 && expect_json .totals.responded 10 && expect_json .totals.resolved 4 &&
  expect_json "[.hours | to_entries[] | select(.value > 0) | \"\(.key)=\(.value)\"] | join(\",\")" "9=2,10=5,12=1,23=2" &&
  api GET "/api/v1/reports/volumes?from=2026-01-31&to=2026-01-31&group=day" &&
  expect_json "[.items[] | \"\(.day)=\(.created)\"] | join(\",\")" "2026-01-31=1" &&
  api GET "/api/v1/reports/volumes?from=2026-02-01&to=2026-02-28&group=channel" &&
  expect_json "[.items[] | \"\(.channel)=\(.created)\"] | join(\",\")" "web=1"
'

test_expect_success 'whole months and loose days add up (month rows + day rows)' '
  as_token "$SUP" && api GET "/api/v1/reports/volumes?from=2025-12-15&to=2026-02-01&tenant=MOS&group=none" &&
  expect_json .totals.created 11 &&
  api GET "/api/v1/reports/volumes?from=2026-01-06&to=2026-01-31&tenant=MOS&group=none" &&
  expect_json .totals.created 8 &&
  api GET "/api/v1/reports/volumes?from=2026-01-01&to=2026-01-31&tenant=MOS&group=service&channel=email" &&
  expect_json "[.items[] | \"\(.service.code)=\(.created)\"] | join(\",\")" "ayuda-domicilio=1,emergencia-social=1"
'

# First responses (minutes): 5 10 30 120 1 60x5 -> median 60 (rank 5), p90 60 (rank 9).
# Resolutions: 60 120 1440 20 -> median 60 (rank 2), p90 1440 (rank 4).
# Reported: the middle of the bucket (60 min -> 3421 s, 1440 min -> 86889 s; within 12.3%).
test_expect_success 'medians and p90 of first response and resolution, FCR and handling time' '
  as_token "$SUP" && api GET "/api/v1/reports/times?$JAN&group=none" && expect_status 200 &&
  expect_json .totals.first_response.count 10 && expect_json .totals.first_response.median_s 3421 &&
  expect_json .totals.first_response.p90_s 3421 &&
  expect_json .totals.resolution.count 4 && expect_json .totals.resolution.median_s 3421 &&
  expect_json .totals.resolution.p90_s 86889 &&
  expect_json .totals.fcr.count 2 && expect_json .totals.fcr.rate 0.5 &&
  expect_json .totals.sla.first_response.due 0 && expect_json .totals.sla.legal.rate null &&
  expect_json .totals.satisfaction null &&
  api GET "/api/v1/reports/times?$JAN&group=channel" &&
  expect_json "[.items[] | select(.channel == \"phone\") | .handling.mean_s, .first_response.median_s, .resolution.p90_s] | join(\",\")" "300,269,6842" &&
  expect_json "[.items[] | select(.channel == \"chat\") | .handling.mean_s, .first_response.median_s, .resolution.median_s, .fcr.rate] | join(\",\")" "600,67,1078,1" &&
  expect_json "[.items[] | select(.channel == \"email\") | .handling.count, .first_response.median_s, .first_response.p90_s] | join(\",\")" "0,1711,6842"
'

test_expect_success 'agents: resolved in the period while assigned' '
  as_token "$SUP" && api GET "/api/v1/reports/agents?$JAN" && expect_status 200 &&
  expect_json "[.items[] | \"\(.agent.name)=\(.resolved)/\(.open)\"] | join(\",\")" "=SUMA(1,2) \"x\"=1/0,Gonzalo Pérez=2/0" ||
  { jq -c . "$BODY"; false; }
'

test_expect_success 'CSV: header, RFC 4180 quoting, formulas defused' '
  as_token "$SUP" && api GET "/api/v1/reports/agents?$JAN&format=csv" && expect_status 200 &&
  expect_header Content-Type "text/csv; charset=utf-8; header=present" &&
  head -1 "$BODY" | grep -q "^agent.name,open,resolved,replies" &&
  grep -qF "\"'"'"'=SUMA(1,2) \"\"x\"\"\",0,1,0" "$BODY" &&
  api GET "/api/v1/reports/times?$JAN&group=channel" -H "Accept: text/csv" && expect_status 200 &&
  grep -q "^phone,2,269,539,2,3421,6842,0.5000,2,300" "$BODY"
'

# SLA fixtures, 2026-03-02 10:00 Madrid, minutes after creation (""
# none): first response, resolution; due: first response, resolution,
# legal; sla_breached bits (1 first response, 2 resolution, 4 legal).
#        fr    res   fr_due res_due legal  bits   fr      res     legal
#  S1 e  30    120   60     1440    14400  0      met     met     met
#  S2 e  90    2880  60     1440    14400  0      missed  missed  met
#  S3 p  -     -     60     1440    -      1      missed  (open)  -
#  S4 p  10    -     -      -       -      0      -       -       -
#  S5 p  -     -     60     1440    14400  6      (open)  missed  missed
#  S6 e  60    1441  60     1440    14400  0      met     missed  met
# first response 5 due, 2 met, 2 missed; resolution 5/1/3; legal 4/3/1.
T0302_1000=1772442000000
sla_line() { # reference channel frt res fr_due res_due legal_due bits
  jq -nc --arg r "$1" --arg c "$2" --arg f "$3" --arg x "$4" --arg fd "$5" --arg rd "$6" \
    --arg ld "$7" --argjson b "$8" --argjson t $T0302_1000 \
    'def at($m): if $m == "" then {} else . end; def ms($m): $t + ($m|tonumber) * 60000;
     {reference:$r, tenant:"MOS", channel:$c, service:"ayuda-domicilio", created_at:$t,
      sla_breached:$b}
     + (if $f == "" then {} else {first_response_at: ms($f)} end)
     + (if $x == "" then {} else {resolved_at: ms($x)} end)
     + (if $fd == "" then {} else {first_response_due_at: ms($fd)} end)
     + (if $rd == "" then {} else {resolution_due_at: ms($rd)} end)
     + (if $ld == "" then {} else {legal_due_at: ms($ld)} end)'
}
MAR="from=2026-03-01&to=2026-03-31&tenant=MOS"
sla_of() { # the report's sla as "due/met/missed/rate" per target
  expect_json "[.totals.sla.first_response, .totals.sla.resolution, .totals.sla.legal | \"\(.due)/\(.met)/\(.missed)/\(.rate)\"] | join(\" \")" "$1"
}

test_expect_success 'SLA compliance: due, met and missed per target, hand-counted' '
  { sla_line S1 email 30 120 60 1440 14400 0 && sla_line S2 email 90 2880 60 1440 14400 0 &&
    sla_line S3 phone "" "" 60 1440 "" 1 && sla_line S4 phone 10 "" "" "" "" 0 &&
    sla_line S5 phone "" "" 60 1440 14400 6 && sla_line S6 email 60 1441 60 1440 14400 0; } >"$SCRATCH/sla.jsonl" &&
  "$VENTANILLA" import tickets --db "$DB" --log-level warn --file "$SCRATCH/sla.jsonl" >"$SCRATCH/imp.out" &&
  grep -q "imported 6 tickets" "$SCRATCH/imp.out" &&
  test "$(db_query "SELECT first_response_due_at - created_at, sla_breached, sla_stamped_at = updated_at FROM tickets WHERE reference = '"'"'S5'"'"'" | sed "s/|t$/|1/")" = "3600000|6|1" &&
  as_token "$SUP" && api GET "/api/v1/reports/volumes?$MAR&group=none" && expect_status 200 &&
  sla_of "5/2/2/0.5 5/1/3/0.25 4/3/1/0.75" &&
  api GET "/api/v1/reports/times?$MAR&group=channel" &&
  expect_json "[.items[] | \"\(.channel):\(.sla.first_response.met)/\(.sla.first_response.missed),\(.sla.resolution.met)/\(.sla.resolution.missed),\(.sla.legal.due)/\(.sla.legal.missed)\"] | join(\" \")" \
    "email:2/1,1/2,3/0 phone:0/1,0/1,1/1" &&
  api GET "/api/v1/reports/volumes?$MAR&group=channel&format=csv" && expect_status 200 &&
  head -1 "$BODY" | grep -q "^channel,created,responded,resolved,fcr.count,sla.first_response.due,sla.first_response.met,sla.first_response.missed,sla.first_response.rate,sla.resolution.due,.*,sla.legal.rate,satisfaction.answers,satisfaction.csat.rate,satisfaction.csat.mean," &&
  head -1 "$BODY" | grep -q ",satisfaction.fcr.rate,response_rate.offered,response_rate.answered,response_rate.rate.$" &&
  grep -q "^email,3,3,3,3,3,2,1,0.6667,3,1,2,0.3333,3,3,0,1.0000,,,,,,,,,,0,0,.$" "$BODY" &&
  grep -q "^phone,3,1,0,0,2,0,1,0.0000,2,0,1,0.0000,1,0,1,0.0000,,,,,,,,,,0,0,.$" "$BODY"
'

test_expect_success 'SLA compliance stays exact when answers, due times and breaches change' '
  T5=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'S5'"'"'") &&
  db_query "UPDATE tickets SET first_response_at = created_at + 30 * 60000 WHERE id = $T5" &&
  as_token "$SUP" && api GET "/api/v1/reports/volumes?$MAR&group=none" && sla_of "5/3/2/0.6 5/1/3/0.25 4/3/1/0.75" &&
  db_query "UPDATE tickets SET first_response_due_at = NULL, sla_breached = 0 WHERE reference = '"'"'S3'"'"'" &&
  db_query "UPDATE tickets SET resolution_due_at = created_at + 4320 * 60000 WHERE reference = '"'"'S2'"'"'" &&
  api GET "/api/v1/reports/volumes?$MAR&group=none" && sla_of "4/3/1/0.75 5/2/2/0.5 4/3/1/0.75" &&
  db_query "UPDATE tickets SET sla_breached = sla_breached | 2 WHERE reference = '"'"'S3'"'"'" &&
  api GET "/api/v1/reports/volumes?$MAR&group=none" && sla_of "4/3/1/0.75 5/2/3/0.4 4/3/1/0.75" &&
  db_query "DELETE FROM tickets WHERE reference = '"'"'S4'"'"'" &&
  api GET "/api/v1/reports/volumes?$MAR&group=none" && expect_json .totals.created 5 &&
  sla_of "4/3/1/0.75 5/2/3/0.4 4/3/1/0.75"
'

test_expect_success 'the live write path: reply, resolve, reopen' '
  as_token "" && api POST /api/v1/public/requests "$(jobj tenant MOS subject "Farola" body "Farola fundida." email vecino.rep@correo.test)" &&
  expect_status 201 && T=$(db_query "SELECT id FROM tickets WHERE reference = '"'"'$(jv .reference)'"'"'") &&
  as_token "$SUP" && api GET "/api/v1/reports/times?tenant=MOS&channel=web&group=none" && expect_json .totals.created 1 &&
  expect_json .totals.fcr.count 0 &&
  as_token "$AG" && api POST /api/v1/tickets/$T/messages "{\"body\":\"Lo revisamos.\"}" && expect_status 201 &&
  api PATCH /api/v1/tickets/$T "{\"status\":\"resolved\"}" && expect_status 200 &&
  as_token "$SUP" && api GET "/api/v1/reports/times?tenant=MOS&channel=web&group=none" &&
  expect_json .totals.responded 1 && expect_json .totals.resolved 1 && expect_json .totals.fcr.count 1 &&
  expect_json .totals.first_response.median_s 30 &&
  as_token "$AG" && api PATCH /api/v1/tickets/$T "{\"status\":\"open\"}" && expect_status 200 &&
  api PATCH /api/v1/tickets/$T "{\"status\":\"resolved\"}" && expect_status 200 &&
  as_token "$SUP" && api GET "/api/v1/reports/times?tenant=MOS&channel=web&group=none" &&
  expect_json .totals.resolved 1 && expect_json .totals.fcr.count 0 &&
  test "$(db_query "SELECT reopens FROM tickets WHERE id = $T")" = 1 &&
  test "$(db_query "SELECT agent_replies FROM tickets WHERE id = $T")" = 1 &&
  api GET "/api/v1/reports/agents?tenant=MOS" &&
  expect_json "[.items[] | select(.agent.name == \"Gonzalo Pérez\") | .replies] | join(\",\")" 1
'

# Four web requests of four people, resolved and answered on their
# follow-up page today: csat 5 4 2 1 (satisfied 2 of 4, mean 3); nps 10 7 3 9
# (promoters 2, detractors 1 of 4: +25); ces 7 2 (mean 4.5); fcr yes, no.
answered() { # email answers-json
  as_token "" && api POST /api/v1/public/requests "$(jobj tenant MOS subject "Encuesta" body "Una consulta." email "$1")" &&
  expect_status 201 && local ref=$(jv .reference) acc=$(jv .access_token) &&
  local id=$(db_query "SELECT id FROM tickets WHERE reference = '$ref'") &&
  as_token "$AG" && api PATCH "/api/v1/tickets/$id" "{\"status\":\"resolved\"}" && expect_status 200 &&
  as_token "$acc" && api POST "/api/v1/public/requests/$ref/survey" "$2" && expect_status 200 &&
  LAST_TICKET=$id
}
sat_of() {
  expect_json "[.totals.satisfaction | .answers, .csat.rate, .csat.mean, .nps.answers, .nps.score, .ces.answers, .ces.mean, .fcr.answers, .fcr.rate] | join(\"/\")" "$1"
}

test_expect_success 'satisfaction: CSAT, NPS, CES and FCR of the surveys answered, blanks left out' '
  answered sat1@correo.test "{\"csat\":5,\"nps\":10,\"ces\":7,\"fcr\":true}" &&
  answered sat2@correo.test "{\"csat\":4,\"nps\":7,\"fcr\":false}" &&
  answered sat3@correo.test "{\"csat\":2,\"nps\":3}" &&
  answered sat4@correo.test "{\"csat\":1,\"nps\":9,\"ces\":2}" && T4=$LAST_TICKET &&
  as_token "$SUP" && api GET "/api/v1/reports/volumes?tenant=MOS&group=none" && expect_status 200 &&
  sat_of "4/0.5/3/4/25/2/4.5/2/0.5" &&
  api GET "/api/v1/reports/times?tenant=MOS&group=day" &&
  expect_json "[.items[] | select(.satisfaction != null) | .satisfaction.answers] | join(\",\")" 4 &&
  expect_json "[.items[] | select(.satisfaction == null and .created == 0)] | length" 0 &&
  api GET "/api/v1/reports/volumes?$MAR&group=none" && expect_json .totals.satisfaction null &&
  api GET "/api/v1/reports/volumes?tenant=MOS&group=channel&channel=web&format=csv" && expect_status 200 &&
  grep -q "^web,.*,4,0.5000,3.0000,4,25.0000,2,4.5000,2,0.5000,5,4,0.8000.$" "$BODY"
'

# The response rate: every survey offered today in Móstoles (the four
# above and the one of the live write path's request, never answered).
test_expect_success 'response rate: surveys offered in the period and how many are answered' '
  test "$(db_query "SELECT count(*) FROM surveys s JOIN tenants t ON t.id = s.tenant_id WHERE t.code = '"'"'MOS'"'"'")" = 5 &&
  as_token "$SUP" && api GET "/api/v1/reports/volumes?tenant=MOS&group=none" && expect_status 200 &&
  expect_json "[.totals.response_rate | .offered, .answered, .rate] | join(\"/\")" "5/4/0.8" &&
  api GET "/api/v1/reports/times?tenant=MOS&group=channel" &&
  expect_json "[.items[] | \"\(.channel)=\(.response_rate.offered)/\(.response_rate.answered)/\(.response_rate.rate)\"] | join(\",\")" \
    "web=5/4/0.8" &&
  api GET "/api/v1/reports/volumes?$MAR&group=none" && expect_json .totals.response_rate.offered 0 &&
  expect_json .totals.response_rate.rate null
'

test_expect_success 'satisfaction stays exact when an answer changes or a survey goes' '
  db_query "UPDATE surveys SET csat = 5, ces = NULL WHERE ticket_id = $T4" &&
  as_token "$SUP" && api GET "/api/v1/reports/volumes?tenant=MOS&group=none" &&
  sat_of "4/0.75/4/4/25/1/7/2/0.5" &&
  db_query "DELETE FROM surveys WHERE ticket_id = $T4" &&
  api GET "/api/v1/reports/volumes?tenant=MOS&group=none" &&
  sat_of "3/0.6666666666666666/3.6666666666666665/3/0/1/7/2/0.5"
'

# Satisfaction by agent. Agente 2 of Móstoles resolves three requests
# (answers csat 5 and 3, one not answered); the region's 012 agent, who
# serves every municipality, resolves one in Móstoles (csat 4) and two in
# Getafe (csat 1, one not answered). Each administration sees only its own.
AG2=$(token_for agente2.mos@ventanilla.example)
CMA=$(token_for agente1.cm@ventanilla.example)
resolved_by() { # agent-token tenant email [answers-json]
  as_token "" && api POST /api/v1/public/requests "$(jobj tenant "$2" subject "Encuesta" body "Una consulta." email "$3")" &&
  expect_status 201 && local ref=$(jv .reference) acc=$(jv .access_token) &&
  local id=$(db_query "SELECT id FROM tickets WHERE reference = '$ref'") &&
  as_token "$1" && api PATCH "/api/v1/tickets/$id" "{\"status\":\"resolved\",\"assignee\":\"me\"}" && expect_status 200 &&
  LAST_TICKET=$id LAST_REF=$ref LAST_ACC=$acc &&
  if test -n "${4:-}"; then
    as_token "$acc" && api POST "/api/v1/public/requests/$ref/survey" "$4" && expect_status 200
  fi
}
agent_of() { # name -> "answers/csat.rate/csat.mean/offered/answered/rate" of the agents report
  expect_json "[.items[] | select(.agent.name == \"$1\") | (.satisfaction // {}) as \$s |
    [\$s.answers, \$s.csat.rate, \$s.csat.mean, .response_rate.offered, .response_rate.answered,
     .response_rate.rate] | map(tostring) | join(\"/\")] | join(\",\")" "$2"
}
AG2_NAME=$(db_query "SELECT name FROM users WHERE email = 'agente2.mos@ventanilla.example'")
CMA_NAME=$(db_query "SELECT name FROM users WHERE email = 'agente1.cm@ventanilla.example'")

test_expect_success 'satisfaction by agent, each administration its own' '
  resolved_by "$AG2" MOS ag2a@correo.test "{\"csat\":5,\"nps\":10}" && A2_FIVE=$LAST_TICKET &&
  resolved_by "$AG2" MOS ag2b@correo.test "{\"csat\":3}" &&
  resolved_by "$AG2" MOS ag2c@correo.test && A2_OPEN_REF=$LAST_REF A2_OPEN_ACC=$LAST_ACC &&
  resolved_by "$CMA" MOS cma1@correo.test "{\"csat\":4}" &&
  resolved_by "$CMA" GET cma2@correo.test "{\"csat\":1}" &&
  resolved_by "$CMA" GET cma3@correo.test && G_OPEN=$LAST_TICKET &&
  test "$(db_query "SELECT count(*) FROM surveys WHERE agent_id = (SELECT id FROM users WHERE email = '"'"'agente2.mos@ventanilla.example'"'"')")" = 3 &&
  as_token "$SUP" && api GET "/api/v1/reports/agents?tenant=MOS" && expect_status 200 &&
  agent_of "$AG2_NAME" "2/0.5/4/3/2/0.6666666666666666" && agent_of "$CMA_NAME" "1/1/4/1/1/1" &&
  expect_json "[.items[] | select(.agent.name == \"$AG2_NAME\") | .satisfaction.nps.score] | join(\",\")" 100 &&
  as_token "$SUPG" && api GET "/api/v1/reports/agents" && expect_status 200 &&
  agent_of "$CMA_NAME" "1/0/1/2/1/0.5" && agent_of "$AG2_NAME" "" &&
  as_token "$(token_for supervisor.cm@ventanilla.example)" && api GET "/api/v1/reports/agents?tenant=GET" &&
  agent_of "$CMA_NAME" "1/0/1/2/1/0.5" &&
  api GET "/api/v1/reports/agents" && agent_of "$CMA_NAME" "2/0.5/2.5/3/2/0.6666666666666666" ||
  { jq -c . "$BODY"; false; }
'

test_expect_success 'agents: satisfaction exact when an answer changes, arrives late or goes' '
  db_query "UPDATE surveys SET csat = 1 WHERE ticket_id = $A2_FIVE" &&
  as_token "$SUP" && api GET "/api/v1/reports/agents?tenant=MOS" && agent_of "$AG2_NAME" "2/0/2/3/2/0.6666666666666666" &&
  as_token "$A2_OPEN_ACC" && api POST "/api/v1/public/requests/$A2_OPEN_REF/survey" "{\"csat\":4}" && expect_status 200 &&
  as_token "$SUP" && api GET "/api/v1/reports/agents?tenant=MOS" && agent_of "$AG2_NAME" "3/0.3333333333333333/2.6666666666666665/3/3/1" &&
  api GET "/api/v1/reports/volumes?tenant=MOS&group=none" &&
  expect_json "[.totals.response_rate | .offered, .answered] | join(\"/\")" "8/7" &&
  db_query "UPDATE surveys SET agent_id = NULL WHERE ticket_id = $A2_FIVE" &&
  api GET "/api/v1/reports/agents?tenant=MOS" && agent_of "$AG2_NAME" "2/0.5/3.5/2/2/1" &&
  as_token "$SUPG" && db_query "DELETE FROM surveys WHERE ticket_id = $G_OPEN" &&
  api GET "/api/v1/reports/agents" && agent_of "$CMA_NAME" "1/0/1/1/1/1" &&
  api GET "/api/v1/reports/volumes?group=none" &&
  expect_json "[.totals.response_rate | .offered, .answered] | join(\"/\")" "1/1"
'

test_expect_success 'agents CSV: satisfaction and response rate columns' '
  as_token "$SUP" && api GET "/api/v1/reports/agents?tenant=MOS&format=csv" && expect_status 200 &&
  head -1 "$BODY" | grep -q "^agent.name,open,resolved,replies,satisfaction.answers,satisfaction.csat.rate,satisfaction.csat.mean,satisfaction.nps.answers,satisfaction.nps.score,satisfaction.ces.answers,satisfaction.ces.mean,satisfaction.fcr.answers,satisfaction.fcr.rate,response_rate.offered,response_rate.answered,response_rate.rate.$" &&
  grep -q "^$AG2_NAME,0,3,0,2,0.5000,3.5000,0,,0,,0,,2,2,1.0000.$" "$BODY" || { cat "$BODY"; false; }
'

test_expect_success 'a phone call logged with its length counts in the handling time' '
  as_token "$AG" &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Llamada\",\"body\":\"Pregunta por el padrón.\",\"citizen\":{\"name\":\"Ana\",\"phone\":\"+34600111222\"},\"call_seconds\":300}" &&
  expect_status 201 &&
  api POST /api/v1/tickets "{\"tenant\":\"MOS\",\"channel\":\"phone\",\"subject\":\"Llamada\",\"body\":\"Otra.\",\"citizen\":{\"name\":\"Ana\",\"phone\":\"+34600111222\"},\"call_seconds\":-5}" &&
  expect_error 422 validation_failed && expect_json ".error.fields | keys | join(\",\")" call_seconds &&
  as_token "$SUP" && api GET "/api/v1/reports/times?tenant=MOS&channel=phone&group=none" &&
  expect_json .totals.created 1 && expect_json .totals.handling.count 1 && expect_json .totals.handling.mean_s 300
'

test_expect_success 'scope: another administration is unknown, and not counted' '
  as_token "$SUPG" && api GET "/api/v1/reports/volumes?$JAN" && expect_error 422 validation_failed &&
  expect_json .error.fields.tenant "No existe esa administración." &&
  api GET "/api/v1/reports/times?from=2026-01-01&to=2026-01-31&group=none" && expect_json .totals.created 1 &&
  api GET "/api/v1/reports/agents?$JAN" && expect_error 422 validation_failed &&
  as_token "$AG" && api GET "/api/v1/reports/volumes" && expect_error 403 forbidden &&
  as_token "" && api GET "/api/v1/reports/times" && expect_error 401 unauthenticated
'

test_expect_success 'bad input is a 422 naming the field' '
  as_token "$SUP" &&
  api GET "/api/v1/reports/volumes?from=2026-13-01" && expect_error 422 validation_failed && expect_json ".error.fields | keys | join(\",\")" from &&
  api GET "/api/v1/reports/volumes?from=2026-02-01&to=2026-01-01" && expect_error 422 validation_failed &&
  api GET "/api/v1/reports/volumes?from=2020-01-01&to=2026-01-01" && expect_error 422 validation_failed &&
  api GET "/api/v1/reports/volumes?group=citizen" && expect_json ".error.fields | keys | join(\",\")" group &&
  api GET "/api/v1/reports/times?group=hour" && expect_error 422 validation_failed &&
  api GET "/api/v1/reports/volumes?channel=fax&department=x" && expect_json ".error.fields | keys | join(\",\")" "channel,department"
'

test_expect_success 'transparency: public, cacheable, counts under 5 withheld' '
  as_token "" && api GET "/api/v1/public/transparency?tenant=MOS&from=2026-01-01&to=2026-01-31" && expect_status 200 &&
  expect_header Cache-Control "public, max-age=3600" &&
  expect_json "[.items[] | \"\(.service)=\(.requests)/\(.median_first_response_s)/\(.suppressed)\"] | join(\",\")" \
    "actividades-deportivas=5/3421/false,ayuda-domicilio=null/null/true,emergencia-social=null/null/true" &&
  expect_json "[.items[] | keys[]] | unique | join(\",\")" "median_first_response_s,requests,satisfaction,service,service_name,suppressed,tenant,tenant_name" &&
  expect_json .min_answers 10 && expect_json "[.items[] | .satisfaction] | unique | join(\",\")" "" &&
  api GET "/api/v1/public/transparency?tenant=MOS&from=2026-01-01&to=2026-01-31&format=csv" && expect_status 200 &&
  head -1 "$BODY" | grep -q "^tenant,tenant_name,service,service_name,requests,median_first_response_s,suppressed" &&
  grep -q "^MOS,Ayuntamiento de Móstoles,actividades-deportivas,[^,]*,5,3421,false" "$BODY" &&
  grep -q "^MOS,Ayuntamiento de Móstoles,ayuda-domicilio,[^,]*,,,true" "$BODY" &&
  head -1 "$BODY" | grep -q ",suppressed,satisfaction.$" &&
  api GET "/api/v1/public/transparency?tenant=NOPE" && expect_error 422 validation_failed &&
  api GET "/api/v1/public/transparency" && expect_error 422 validation_failed
'

# Published figures are of whole, finished months: days, filters and a
# period still growing would let two answers be subtracted into one day of
# one service.
test_expect_success 'transparency: whole finished months only, no other filter' '
  as_token "" &&
  api GET "/api/v1/public/transparency?tenant=MOS&from=2026-01-02&to=2026-01-31" && expect_error 422 validation_failed &&
  expect_json ".error.fields | keys | join(\",\")" from &&
  api GET "/api/v1/public/transparency?tenant=MOS&from=2026-01-01&to=2026-01-30" && expect_error 422 validation_failed &&
  expect_json ".error.fields | keys | join(\",\")" to &&
  api GET "/api/v1/public/transparency?tenant=MOS&from=2026-01-01&to=2026-01-31&channel=web" &&
  expect_error 422 validation_failed && expect_json ".error.fields | keys | join(\",\")" channel &&
  api GET "/api/v1/public/transparency?tenant=MOS&service_id=1" && expect_error 422 validation_failed &&
  api GET "/api/v1/public/transparency?tenant=MOS&from=2024-02-01&to=2024-02-29" && expect_status 200 &&
  NOW=$(TZ=Europe/Madrid date +%Y-%m-01) && LAST=$(date -d "$NOW -1 day" +%F) &&
  FIRST=$(date -d "$NOW -12 month" +%F) &&
  api GET "/api/v1/public/transparency?tenant=MOS" && expect_status 200 &&
  expect_json .from "$FIRST" && expect_json .to "$LAST" &&
  api GET "/api/v1/public/transparency?tenant=MOS&from=$(date -d "$NOW" +%Y)-01-01&to=$(date -d "$NOW" +%Y)-12-31" &&
  { [ "$(date -d "$NOW" +%m)" = 01 ] && expect_error 422 validation_failed || { expect_status 200 && expect_json .to "$LAST"; }; }
'

# Ten answers in January on actividades-deportivas (the survey's own
# service, not its ticket's), seven of them 5 and three 2: CSAT 70 %; the
# other services have fewer than ten and show none.
test_expect_success 'transparency: satisfaction as the CSAT rate, from 10 answers' '
  db_query "INSERT INTO surveys (tenant_id, ticket_id, citizen_id, department_id, service_id, channel,
      sent_at, delivered_via, answered_at, csat)
    SELECT t.tenant_id, t.id, t.citizen_id, s.department_id, s.id, t.channel, t.created_at, '"'"'web'"'"',
      $T0120_1000 + 3600000, CASE WHEN t.reference IN ('"'"'R1'"'"', '"'"'R2'"'"', '"'"'R3'"'"') THEN 2 ELSE 5 END
    FROM tickets t JOIN services s ON s.code = '"'"'actividades-deportivas'"'"' AND s.tenant_id = t.tenant_id
    WHERE t.reference IN ('"'"'R1'"'"', '"'"'R2'"'"', '"'"'R3'"'"', '"'"'R4'"'"', '"'"'R6'"'"', '"'"'R7-1'"'"', '"'"'R7-2'"'"', '"'"'R7-3'"'"', '"'"'R7-4'"'"', '"'"'R7-5'"'"')" &&
  as_token "" && api GET "/api/v1/public/transparency?tenant=MOS&from=2026-01-01&to=2026-01-31" && expect_status 200 &&
  expect_json "[.items[] | \"\(.service)=\(.satisfaction)\"] | join(\",\")" \
    "actividades-deportivas=0.7,ayuda-domicilio=null,emergencia-social=null" &&
  api GET "/api/v1/public/transparency?tenant=MOS&from=2026-01-01&to=2026-01-31&format=csv" &&
  grep -q "^MOS,Ayuntamiento de Móstoles,actividades-deportivas,[^,]*,5,3421,false,0.7000.$" "$BODY" &&
  as_token "$SUP" && api GET "/api/v1/reports/volumes?$JAN&group=none" && sat_of "10/0.7/4.1/0//0//0/"
'

test_done
