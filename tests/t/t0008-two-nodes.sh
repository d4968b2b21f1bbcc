#!/usr/bin/env bash
# Two nodes on one database, as behind a load balancer: requests created
# through both, a reply posted on node A reaches an agent streaming from
# node B, and concurrent creations on both never share a reference number.
# (On SQLite the second node is a second process on the same file; on
# PostgreSQL, two nodes on one database, the deployment this is for.)
. "$(dirname "$0")/lib.sh"
DEMO_TICKETS=0 start_server --with-demo
A=$BASE
"$VENTANILLA" serve --db "$DB" --listen 127.0.0.1:0 --ready-file "$SCRATCH/port-b" \
  >>"$SCRATCH/server-b.log" 2>&1 7>&- 8>&- &
NODE_B=$!
for i in $(seq 1 200); do [ -s "$SCRATCH/port-b" ] && break; sleep 0.05; done
B=http://127.0.0.1:$(cat "$SCRATCH/port-b")
stop_b() { if kill -TERM "$NODE_B" 2>/dev/null; then wait "$NODE_B"; fi; }
trap 'rc=$?; stop_b; (exit $rc); cleanup' EXIT
AGENT=$(token_for agente1.mos@ventanilla.example)

post() { # post NODE TENANT SUBJECT: one web-form request; prints the reference
  curl -s -X POST "$1/api/v1/public/requests" -H "Content-Type: application/json" \
    -d "$(jobj tenant "$2" email "vecina.$RANDOM@correo.example" subject "$3" body "$3")" | jq -r .reference
}

test_expect_success 'both nodes serve the same data' '
  R1=$(post "$A" MOS "Primera por el nodo A") && R2=$(post "$B" MOS "Segunda por el nodo B") &&
  test "$R1" = "MOS-$(date -u +%Y)-000001" && test "$R2" = "MOS-$(date -u +%Y)-000002" &&
  curl -sf -H "Authorization: Bearer $AGENT" "$A/api/v1/tickets?tenant=MOS" >"$SCRATCH/a.json" &&
  curl -sf -H "Authorization: Bearer $AGENT" "$B/api/v1/tickets?tenant=MOS" >"$SCRATCH/b.json" &&
  test "$(jq -c "[.items[].reference]" "$SCRATCH/a.json")" = "$(jq -c "[.items[].reference]" "$SCRATCH/b.json")" &&
  test "$(jq ".items | length" "$SCRATCH/a.json")" -eq 2
'
test_expect_success 'a reply posted on node A reaches the live stream of an agent on node B' '
  curl -sN -H "Authorization: Bearer $AGENT" "$B/api/v1/events" >"$SCRATCH/b.sse" 2>/dev/null &
  SSE=$! &&
  for i in $(seq 1 100); do grep -q "^: connected" "$SCRATCH/b.sse" && break; sleep 0.05; done &&
  TID=$(jq -r ".items[0].id" "$SCRATCH/a.json") &&
  curl -sf -X POST -H "Authorization: Bearer $AGENT" -H "Content-Type: application/json" \
    -d "{\"body\":\"Respondido desde el nodo A\"}" "$A/api/v1/tickets/$TID/messages" >"$SCRATCH/reply.json" &&
  MID=$(jq -r .id "$SCRATCH/reply.json") &&
  for i in $(seq 1 100); do grep -q "\"message_id\":$MID," "$SCRATCH/b.sse" && break; sleep 0.05; done;
  kill $SSE; wait $SSE 2>/dev/null;
  grep "\"message_id\":$MID," "$SCRATCH/b.sse" | grep -q "\"ticket_id\":$TID,"
'
test_expect_success 'concurrent creations on both nodes: every reference unique, none skipped' '
  pids="" &&
  for i in $(seq 1 25); do
    post "$A" POZ "Carga A $i" >>"$SCRATCH/refs" & pids="$pids $!"
    post "$B" POZ "Carga B $i" >>"$SCRATCH/refs" & pids="$pids $!"
  done; wait $pids &&
  test "$(grep -c . "$SCRATCH/refs")" -eq 50 &&
  test -z "$(sort "$SCRATCH/refs" | uniq -d)" &&
  sed "s/.*-//" "$SCRATCH/refs" | sort -n | awk "{ if (\$1 != NR) { print \"gap at \" NR; exit 1 } }"
'
test_expect_success 'both nodes stop cleanly' '
  stop_b && grep -q "stopped cleanly" "$SCRATCH/server-b.log" && stop_server &&
  grep -q "stopped cleanly" "$SCRATCH/server.log"
'
test_done
