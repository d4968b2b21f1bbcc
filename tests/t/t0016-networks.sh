#!/usr/bin/env bash
# The messaging networks end to end: Telegram, WhatsApp Cloud API, Facebook
# Messenger and X, against a local fake of their APIs (tests/fakes/networks.mjs).
# An administrator registers one account per network for MOS; each network's
# webhook handshake; a signed inbound message becomes a ticket on that
# channel with the citizen's network identity; redeliveries, bad signatures,
# unknown accounts, malformed and oversize bodies, and events that are not
# messages store nothing; a second message joins the same ticket (a closed
# one does not); the agent's reply reaches the fake with the right recipient
# and text, through the outbox (retries after 429/5xx, a 4xx fails for good
# and the citizen's timeline shows it); on X, a reply to a public mention is
# never truncated: short, a public reply tweet; long, a short public tweet
# with a link plus the full text by DM, and a retried public note does not
# send that DM twice; internal notes never leave; simultaneous redeliveries
# store once; a number from abroad keeps its country code; WhatsApp
# delivered/read statuses; no credential in the server log.
. "$(dirname "$0")/lib.sh"

# ---- the fake networks, stopped by pid before lib.sh's cleanup ---------------
FAKE_PID=""
stop_fake() {
  if [ -n "$FAKE_PID" ]; then
    kill -TERM "$FAKE_PID" 2>/dev/null
    wait "$FAKE_PID" 2>/dev/null
    FAKE_PID=""
  fi
  return 0
}
networks_cleanup() {
  local rc=$?
  stop_fake
  (exit "$rc")
  cleanup # lib.sh's: reads $? first
}
trap networks_cleanup EXIT

node "$(dirname "$0")/../fakes/networks.mjs" "$SCRATCH/fake.port" >"$SCRATCH/fake.log" 2>&1 7>&- 8>&- &
FAKE_PID=$!
for i in $(seq 1 200); do
  [ -s "$SCRATCH/fake.port" ] && break
  kill -0 "$FAKE_PID" 2>/dev/null || break
  sleep 0.05
done
[ -s "$SCRATCH/fake.port" ] || { echo "the fake networks did not start:"; cat "$SCRATCH/fake.log"; exit 1; }
FAKE="http://127.0.0.1:$(cat "$SCRATCH/fake.port")"

PUBLIC_URL=https://ventanilla.mostoles.test
export VENTANILLA_MAIL_RETRY=1 VENTANILLA_PUBLIC_URL=$PUBLIC_URL
DEMO_TICKETS=0 start_server --with-demo
ADMIN=$(token_for admin@ventanilla.example)
AGENT=$(token_for agente1.mos@ventanilla.example)

# The accounts (ids as the networks give them) and their credentials.
TG_ID=7000000001 TG_SECRET=tg-Secret_token-1 TG_TOKEN=7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw
WA_ID=106540352242922 WA_SECRET=wa-app-secret-5f1c WA_TOKEN=EAAwaAccessTokenZZ1 WA_VERIFY=wa-verify-7731
FB_ID=1122334455 FB_SECRET=fb-app-secret-9e2d FB_TOKEN=EAAfbPageTokenZZ2 FB_VERIFY=fb-verify-4410
X_ID=900000000000000001 X_SECRET=x-consumer-secret-3b7a X_TOKEN=x-user-bearer-ZZ3
# The people writing in.
TG_USER=5123456789 # above 2^32, as real Telegram ids are
WA_FROM=34612345678
FB_PSID=24813579012345678
X_DM_USER=42 X_MENTION_USER=43 X_MENTION_ID=1600000000000000001

# ---- helpers ---------------------------------------------------------------------

# agent / admin METHOD PATH [BODY] [curl args]: `api` as that user.
agent() { local AUTH=(-H "Authorization: Bearer $AGENT"); api "$@"; }
admin() { local AUTH=(-H "Authorization: Bearer $ADMIN"); api "$@"; }
# hook PATH FILE [curl args]: POSTs FILE as the network would, with no token.
hook() {
  local path=$1 file=$2 AUTH=()
  shift 2
  api POST "$path" -H "Content-Type: application/json" --data-binary "@$file" "$@"
}
# hmac_hex / hmac_b64 SECRET FILE: HMAC-SHA256 of FILE's bytes.
hmac_hex() { openssl dgst -sha256 -hmac "$1" <"$2" | sed 's/^.*= //'; }
hmac_b64() { openssl dgst -sha256 -hmac "$1" -binary <"$2" | base64 -w0; }
# {tg,wa,fb,x}_post FILE [SECRET] [ACCOUNT]: a correctly signed delivery.
tg_post() { hook "/webhooks/telegram/${3:-$TG_ID}" "$1" -H "X-Telegram-Bot-Api-Secret-Token: ${2:-$TG_SECRET}"; }
wa_post() { hook "/webhooks/whatsapp/${3:-$WA_ID}" "$1" -H "X-Hub-Signature-256: sha256=$(hmac_hex "${2:-$WA_SECRET}" "$1")"; }
fb_post() { hook "/webhooks/facebook/${3:-$FB_ID}" "$1" -H "X-Hub-Signature-256: sha256=$(hmac_hex "${2:-$FB_SECRET}" "$1")"; }
x_post() { hook "/webhooks/x/${3:-$X_ID}" "$1" -H "X-Twitter-Webhooks-Signature: sha256=$(hmac_b64 "${2:-$X_SECRET}" "$1")"; }
# tg_parallel N FILE: N simultaneous deliveries of FILE to Telegram's webhook; all 200.
tg_parallel() {
  local i pids=() rc=0
  for i in $(seq 1 "$1"); do
    curl -s -o /dev/null -w '%{http_code}' "$BASE/webhooks/telegram/$TG_ID" -H "Content-Type: application/json" \
      -H "X-Telegram-Bot-Api-Secret-Token: $TG_SECRET" --data-binary "@$2" >"$SCRATCH/parallel.$i" &
    pids+=($!)
  done
  wait "${pids[@]}" # only these: the fake and the server are children too
  for i in $(seq 1 "$1"); do
    [ "$(cat "$SCRATCH/parallel.$i")" = 200 ] || { echo "delivery $i answered $(cat "$SCRATCH/parallel.$i")"; rc=1; }
  done
  return $rc
}
expect_ok() { expect_status 200 && expect_json .ok true; }

# Payloads in the networks' own shapes.
# tg_msg FILE UPDATE_ID MESSAGE_ID TEXT [IS_BOT]
tg_msg() {
  jq -nc --argjson u "$2" --argjson m "$3" --argjson id "$TG_USER" --arg t "$4" --argjson bot "${5:-false}" \
    '{update_id:$u, message:{message_id:$m,
      from:{id:$id, is_bot:$bot, first_name:"Ana", last_name:"García", username:"anagarcia", language_code:"es"},
      chat:{id:$id, type:"private", first_name:"Ana"}, date:1764000000, text:$t}}' >"$1"
}
# wa_msg FILE WAMID TEXT [WA_ID]
wa_msg() {
  jq -nc --arg acct "$WA_ID" --arg id "$2" --arg t "$3" --arg from "${4:-$WA_FROM}" \
    '{object:"whatsapp_business_account", entry:[{id:"WABA_ID", changes:[{field:"messages",
      value:{messaging_product:"whatsapp", metadata:{display_phone_number:"34910000000", phone_number_id:$acct},
        contacts:[{profile:{name:"Luis Pérez"}, wa_id:$from}],
        messages:[{from:$from, id:$id, timestamp:"1764000000", type:"text", text:{body:$t}}]}}]}]}' >"$1"
}
# wa_status FILE WAMID STATUS
wa_status() {
  jq -nc --arg acct "$WA_ID" --arg id "$2" --arg s "$3" --arg to "$WA_FROM" \
    '{object:"whatsapp_business_account", entry:[{id:"WABA_ID", changes:[{field:"messages",
      value:{messaging_product:"whatsapp", metadata:{display_phone_number:"34910000000", phone_number_id:$acct},
        statuses:[{id:$id, status:$s, timestamp:"1764000100", recipient_id:$to}]}}]}]}' >"$1"
}
# fb_msg FILE MID TEXT [echo]: from the citizen, or with "echo" our page's own echo.
fb_msg() {
  jq -nc --arg page "$FB_ID" --arg psid "$FB_PSID" --arg mid "$2" --arg t "$3" --arg echo "${4:-}" \
    '{object:"page", entry:[{id:$page, time:1764000000000, messaging:[
      if $echo == "" then
        {sender:{id:$psid}, recipient:{id:$page}, timestamp:1764000000000, message:{mid:$mid, text:$t}}
      else
        {sender:{id:$page}, recipient:{id:$psid}, timestamp:1764000000000,
         message:{is_echo:true, app_id:1517776481860111, mid:$mid, text:$t}}
      end]}]}' >"$1"
}
# x_dm FILE EVENT_ID SENDER TEXT
x_dm() {
  jq -nc --arg me "$X_ID" --arg id "$2" --arg from "$3" --arg t "$4" \
    '{for_user_id:$me, direct_message_events:[{type:"message_create", id:$id, created_timestamp:"1764000000000",
      message_create:{target:{recipient_id:(if $from == $me then "42" else $me end)}, sender_id:$from, message_data:{text:$t}}}],
      users:{($from):{id:$from, name:"Marta", screen_name:"marta"}}}' >"$1"
}
# x_mention FILE TWEET_ID USER_ID TEXT
x_mention() {
  jq -nc --arg me "$X_ID" --arg id "$2" --arg u "$3" --arg t "$4" \
    '{for_user_id:$me, tweet_create_events:[{id_str:$id, text:$t,
      user:{id_str:$u, name:"Pablo", screen_name:"pablo"}}]}' >"$1"
}
# A body just over 1 MiB.
BIG="$SCRATCH/big.json"
{ printf '{"pad":"'; head -c 1100000 /dev/zero | tr '\0' a; printf '"}'; } >"$BIG"

# The fake's record. fake_count FILTER [jq args]: requests matching FILTER.
fake_count() {
  local f=$1
  shift
  curl -s "$FAKE/__requests" | jq "$@" "[.[] | select(try ($f) catch false)] | length"
}
# fake_has N FILTER [jq args]
fake_has() { local n=$1; shift; test "$(fake_count "$@")" = "$n"; }
# fake_fail PATH_PREFIX STATUS TIMES
fake_fail() {
  curl -s -o /dev/null -w '%{http_code}' "$FAKE/__fail" -H 'Content-Type: application/json' \
    --data-binary "{\"path_prefix\":\"$1\",\"status\":$2,\"times\":$3}" | grep -q 200
}
# fake_select FILTER [jq args]: the matching requests, as a JSON array.
fake_select() {
  local f=$1
  shift
  curl -s "$FAKE/__requests" | jq "$@" "[.[] | select(try ($f) catch false)]"
}

# tickets_are CHANNEL N: N tickets of that channel.
tickets_are() { agent GET "/api/v1/tickets?channel=$1&limit=200" && test "$(jv '.items | length')" = "$2"; }
# messages_are TICKET N
messages_are() { agent GET "/api/v1/tickets/$1" && test "$(jv '.messages | length')" = "$2"; }
# timeline_has CITIZEN TICKET ACTION
timeline_has() {
  agent GET "/api/v1/citizens/$1/timeline?limit=200" &&
    jq -e --arg a "$3" --argjson t "$2" '[.items[] | select(.action == $a and .ticket_id == $t)] | length >= 1' <"$BODY" >/dev/null
}
# wait_until CMD...: retries CMD for up to 20 s.
wait_until() {
  local i
  for i in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $*"; return 1
}
# newest_ticket CHANNEL: sets T (id) and C (citizen id) from the newest ticket.
newest_ticket() {
  agent GET "/api/v1/tickets?channel=$1&limit=1" && T=$(jv '.items[0].id') && C=$(jv '.items[0].citizen.id') &&
    [ "$T" != null ]
}
# has_identity KIND VALUE: the last body (a citizen) has that identity.
has_identity() {
  jq -e --arg k "$1" --arg v "$2" '[.identities[] | select(.kind == $k and .value == $v)] | length == 1' <"$BODY" >/dev/null ||
    { echo "no identity $1=$2 in: $(jq -c .identities <"$BODY")"; return 1; }
}

# ---- the accounts ------------------------------------------------------------------

test_expect_success 'admin API: one account per network for MOS; secrets never come back' '
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network telegram account_id $TG_ID secret $TG_SECRET \
    access_token $TG_TOKEN api_base_url $FAKE)" &&
  expect_status 201 && expect_json .network telegram && expect_json .account_id $TG_ID && expect_json .tenant MOS &&
  expect_json .has_secret true && expect_json .has_access_token true && expect_json .has_verify_token false &&
  expect_json .active true && expect_json .api_base_url "$FAKE" &&
  expect_true "has(\"secret\") or has(\"access_token\") or has(\"verify_token\") | not" &&
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network whatsapp account_id $WA_ID secret $WA_SECRET \
    access_token $WA_TOKEN verify_token $WA_VERIFY api_base_url $FAKE)" &&
  expect_status 201 && expect_json .network whatsapp && expect_json .has_verify_token true &&
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network facebook account_id $FB_ID secret $FB_SECRET \
    access_token $FB_TOKEN verify_token $FB_VERIFY api_base_url $FAKE)" &&
  expect_status 201 && expect_json .network facebook && expect_json .has_verify_token true &&
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network x account_id $X_ID secret $X_SECRET \
    access_token $X_TOKEN api_base_url $FAKE)" &&
  expect_status 201 && expect_json .network x && expect_json .account_id $X_ID &&
  admin GET /api/v1/admin/channels && expect_status 200 && expect_json ".items | length" 4 &&
  expect_json "[.items[].network] | sort | join(\",\")" "facebook,telegram,whatsapp,x" &&
  for s in $TG_SECRET $TG_TOKEN $WA_SECRET $WA_TOKEN $WA_VERIFY $FB_SECRET $FB_TOKEN $FB_VERIFY $X_SECRET $X_TOKEN; do
    if grep -q -- "$s" "$BODY"; then echo "the list shows $s"; return 1; fi
  done
'

test_expect_success 'admin API: unknown network, missing account id, bad URL, duplicate account are 422; agents may not' '
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network signal account_id 1 secret s access_token t api_base_url $FAKE)" &&
  expect_error 422 validation_failed && expect_true ".error.fields | has(\"network\")" &&
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network telegram secret s access_token t api_base_url $FAKE)" &&
  expect_error 422 validation_failed && expect_true ".error.fields | has(\"account_id\")" &&
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network telegram account_id 7000000002 secret s access_token t api_base_url ftp://x)" &&
  expect_error 422 validation_failed && expect_true ".error.fields | has(\"api_base_url\")" &&
  admin POST /api/v1/admin/channels "$(jobj tenant MOS network telegram account_id $TG_ID secret s access_token t api_base_url $FAKE)" &&
  expect_error 422 validation_failed && expect_true ".error.fields | has(\"account_id\")" &&
  admin GET /api/v1/admin/channels && expect_json ".items | length" 4 &&
  agent GET /api/v1/admin/channels && expect_error 403 forbidden &&
  agent POST /api/v1/admin/channels "$(jobj tenant MOS network telegram account_id 7000000003 secret s access_token t api_base_url $FAKE)" &&
  expect_error 403 forbidden
'

# ---- Telegram ----------------------------------------------------------------------

TG_TEXT1="Hola, ¿cómo pido cita?
Es para el padrón."
test_expect_success 'telegram: a message with the secret token becomes a MOS ticket with a telegram citizen' '
  tg_msg "$SCRATCH/tg1.json" 900000001 11 "$TG_TEXT1" && tg_post "$SCRATCH/tg1.json" && expect_ok &&
  wait_until tickets_are telegram 1 && newest_ticket telegram && TG_T=$T && TG_C=$C &&
  expect_json ".items[0].tenant" MOS && expect_json ".items[0].channel" telegram &&
  expect_json ".items[0].subject" "Hola, ¿cómo pido cita?" &&
  agent GET /api/v1/tickets/$TG_T && expect_json ".messages | length" 1 &&
  expect_json ".messages[0].body" "$TG_TEXT1" && expect_json ".messages[0].direction" in &&
  expect_json ".messages[0].channel" telegram &&
  agent GET /api/v1/citizens/$TG_C && expect_status 200 && has_identity telegram $TG_USER
'

test_expect_success 'telegram: a redelivered update, a wrong or missing secret token, a bot, other updates store nothing' '
  tg_post "$SCRATCH/tg1.json" && expect_ok &&
  tg_parallel 8 "$SCRATCH/tg1.json" &&
  tg_msg "$SCRATCH/tg-bad.json" 900000002 12 "No debería guardarse" &&
  tg_post "$SCRATCH/tg-bad.json" wrong-secret && expect_error 401 bad_signature &&
  tg_post "$SCRATCH/tg-bad.json" "${TG_SECRET%?}" && expect_error 401 bad_signature &&
  tg_post "$SCRATCH/tg-bad.json" "${TG_SECRET}x" && expect_error 401 bad_signature &&
  hook /webhooks/telegram/$TG_ID "$SCRATCH/tg-bad.json" && expect_error 401 bad_signature &&
  tg_post "$SCRATCH/tg-bad.json" "$TG_SECRET" 7999999999 && expect_status 404 &&
  tg_post "$SCRATCH/tg-bad.json" "$TG_SECRET" $WA_ID && expect_status 404 &&
  tg_msg "$SCRATCH/tg-bot.json" 900000003 13 "Soy un bot" true && tg_post "$SCRATCH/tg-bot.json" && expect_ok &&
  jq -nc --argjson id $TG_USER "{update_id:900000004, my_chat_member:{chat:{id:\$id,type:\"private\"},
    from:{id:\$id,is_bot:false,first_name:\"Ana\"}, date:1764000000,
    old_chat_member:{user:{id:$TG_ID,is_bot:true,first_name:\"Ventanilla\"},status:\"member\"},
    new_chat_member:{user:{id:$TG_ID,is_bot:true,first_name:\"Ventanilla\"},status:\"kicked\",until_date:0}}}" \
    >"$SCRATCH/tg-other.json" &&
  tg_post "$SCRATCH/tg-other.json" && expect_ok &&
  printf "{\"update_id\":900000005,\"message\":" >"$SCRATCH/tg-broken.json" &&
  tg_post "$SCRATCH/tg-broken.json" && expect_error 400 malformed_json &&
  tg_post "$BIG" && expect_error 413 payload_too_large &&
  tg_post "$BIG" "$TG_SECRET" "$TG_ID" -H "Transfer-Encoding: chunked" && expect_error 413 payload_too_large &&
  tickets_are telegram 1 && messages_are $TG_T 1
'

TG_TEXT2="Mañana a primera hora, si puede ser."
test_expect_success 'telegram: a second message joins the same ticket (and nothing earlier slipped in)' '
  tg_msg "$SCRATCH/tg2.json" 900000006 14 "$TG_TEXT2" && tg_post "$SCRATCH/tg2.json" && expect_ok &&
  wait_until messages_are $TG_T 2 && expect_json ".messages[1].body" "$TG_TEXT2" &&
  expect_json ".messages[1].direction" in && tickets_are telegram 1
'

TG_R1="Buenos días, Ana. Puede pedir cita en la sede electrónica o llamando al 010."
TG_NOTE="Nota interna: no se envía a Telegram."
test_expect_success 'telegram: the agent'"'"'s reply goes out by sendMessage to the chat, with the bot token; a note does not' '
  agent POST /api/v1/tickets/$TG_T/messages "{\"body\":\"$TG_NOTE\",\"internal\":true}" && expect_status 201 &&
  agent POST /api/v1/tickets/$TG_T/messages "$(jobj body "$TG_R1")" && expect_status 201 &&
  wait_until fake_has 1 ".body.text? == \$t" --arg t "$TG_R1" &&
  fake_select ".body.text? == \$t" --arg t "$TG_R1" >"$SCRATCH/sel.json" &&
  jq -e --arg p "/bot$TG_TOKEN/sendMessage" --arg c $TG_USER \
    ".[0] | .method == \"POST\" and .path == \$p and (.body.chat_id | tostring) == \$c and .status == 200" "$SCRATCH/sel.json" ||
    { cat "$SCRATCH/sel.json"; false; } &&
  fake_has 0 "tostring | contains(\$n)" --arg n "$TG_NOTE"
'

TG_R2="Le confirmamos la cita para el lunes a las 9:00."
test_expect_success 'telegram: after a 429 and a 503 the third attempt is delivered' '
  fake_fail /bot 429 1 && fake_fail /bot 503 1 &&
  agent POST /api/v1/tickets/$TG_T/messages "$(jobj body "$TG_R2")" && expect_status 201 &&
  wait_until fake_has 1 ".body.text? == \$t and .status == 200" --arg t "$TG_R2" &&
  fake_select ".body.text? == \$t" --arg t "$TG_R2" >"$SCRATCH/sel.json" &&
  jq -e "[.[].status] == [429, 503, 200]" "$SCRATCH/sel.json" ||
    { jq -c "[.[] | {seq, status, path}]" "$SCRATCH/sel.json"; false; }
'

TG_R3="Este mensaje no llegará: el usuario ha bloqueado el bot."
test_expect_success 'telegram: a 403 (bot blocked) fails for good; the citizen timeline shows delivery_failed' '
  fake_fail /bot 403 1 &&
  agent POST /api/v1/tickets/$TG_T/messages "$(jobj body "$TG_R3")" && expect_status 201 &&
  wait_until timeline_has $TG_C $TG_T delivery_failed &&
  fake_has 1 ".body.text? == \$t" --arg t "$TG_R3" &&
  fake_has 1 ".body.text? == \$t and .status == 403" --arg t "$TG_R3"
'

TG_TEXT3="🏊🏊 Vuelvo a escribir: ¿dónde está el certificado histórico? Ñoño año, acción, camión, avión, jamón, corazón, pingüino, cigüeña 🏊🏊🏊🏊 más texto
¿Se puede pedir por aquí?"
test_expect_success 'telegram: once the ticket is closed, the next message opens a new one (subject: the first line, cut to 80); old updates stay stored once' '
  agent PATCH /api/v1/tickets/$TG_T "{\"status\":\"closed\"}" && expect_status 200 &&
  tg_msg "$SCRATCH/tg3.json" 900000007 15 "$TG_TEXT3" && tg_post "$SCRATCH/tg3.json" && expect_ok &&
  wait_until tickets_are telegram 2 && newest_ticket telegram && TG_T2=$T &&
  test "$TG_T2" != "$TG_T" && test "$C" = "$TG_C" &&
  expect_true ".items[0].subject | length > 0 and length <= 80 and (contains(\"\\n\") | not) and (contains(\"\\ufffd\") | not)" &&
  expect_true ".items[0].subject | startswith(\"🏊🏊 Vuelvo a escribir: ¿dónde está\")" &&
  agent GET /api/v1/tickets/$TG_T2 && expect_json ".messages[0].body" "$TG_TEXT3" &&
  tg_post "$SCRATCH/tg1.json" && expect_ok && tg_post "$SCRATCH/tg2.json" && expect_ok &&
  tickets_are telegram 2 && messages_are $TG_T 6 && messages_are $TG_T2 1
'

# ---- WhatsApp ------------------------------------------------------------------------

test_expect_success 'whatsapp: the verification handshake answers the challenge only to the right verify token' '
  local AUTH=() &&
  api GET "/webhooks/whatsapp/$WA_ID?hub.mode=subscribe&hub.verify_token=$WA_VERIFY&hub.challenge=1158201444" &&
  expect_status 200 && test "$(cat "$BODY")" = 1158201444 && expect_header Content-Type "text/plain" &&
  api GET "/webhooks/whatsapp/$WA_ID?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444" &&
  expect_status 403 && ! grep -q 1158201444 "$BODY" &&
  api GET "/webhooks/whatsapp/$WA_ID?hub.mode=subscribe&hub.verify_token=$FB_VERIFY&hub.challenge=1158201444" &&
  expect_status 403 &&
  api GET "/webhooks/whatsapp/999999999999999?hub.mode=subscribe&hub.verify_token=$WA_VERIFY&hub.challenge=1158201444" &&
  expect_status 404
'

WA_TEXT1="Buenas, quiero renovar el DNI"
test_expect_success 'whatsapp: a signed message becomes a ticket; the citizen has the whatsapp and phone identities' '
  wa_msg "$SCRATCH/wa1.json" "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUVCMDAwMDAwMDAwMDAwMDAwMQA=" "$WA_TEXT1" &&
  wa_post "$SCRATCH/wa1.json" && expect_ok &&
  wait_until tickets_are whatsapp 1 && newest_ticket whatsapp && WA_T=$T && WA_C=$C &&
  expect_json ".items[0].tenant" MOS && expect_json ".items[0].subject" "$WA_TEXT1" &&
  agent GET /api/v1/tickets/$WA_T && expect_json ".messages[0].body" "$WA_TEXT1" &&
  expect_json ".messages[0].channel" whatsapp &&
  agent GET "/api/v1/citizens?q=%2B34612345678" && expect_status 200 && expect_json ".items | length" 1 &&
  expect_json ".items[0].id" "$WA_C" && jq ".items[0]" "$BODY" >"$SCRATCH/c.json" && cp "$SCRATCH/c.json" "$BODY" &&
  has_identity whatsapp $WA_FROM && has_identity phone +34612345678
'

test_expect_success 'whatsapp: redelivery, bad or missing signatures, unknown account, malformed, oversize, other events store nothing' '
  wa_post "$SCRATCH/wa1.json" && expect_ok &&
  wa_msg "$SCRATCH/wa-bad.json" "wamid.BAD1" "No debería guardarse" &&
  wa_post "$SCRATCH/wa-bad.json" wrong-secret && expect_error 401 bad_signature &&
  hook /webhooks/whatsapp/$WA_ID "$SCRATCH/wa-bad.json" && expect_error 401 bad_signature &&
  hook /webhooks/whatsapp/$WA_ID "$SCRATCH/wa-bad.json" -H "X-Hub-Signature-256: sha256=$(hmac_hex $WA_SECRET "$SCRATCH/wa1.json")" &&
  expect_error 401 bad_signature &&
  hook /webhooks/whatsapp/$WA_ID "$SCRATCH/wa-bad.json" -H "X-Hub-Signature-256: $(hmac_hex $WA_SECRET "$SCRATCH/wa-bad.json")" &&
  expect_error 401 bad_signature &&
  sig=$(hmac_hex $WA_SECRET "$SCRATCH/wa-bad.json") &&
  hook /webhooks/whatsapp/$WA_ID "$SCRATCH/wa-bad.json" -H "X-Hub-Signature-256: sha256=${sig:0:16}" &&
  expect_error 401 bad_signature &&
  hook /webhooks/whatsapp/$WA_ID "$SCRATCH/wa-bad.json" -H "X-Hub-Signature-256: sha256=" &&
  expect_error 401 bad_signature &&
  wa_post "$SCRATCH/wa-bad.json" "$WA_SECRET" 999999999999999 && expect_status 404 &&
  printf "{\"object\":\"whatsapp_business_account\",\"entry\":[" >"$SCRATCH/wa-broken.json" &&
  wa_post "$SCRATCH/wa-broken.json" && expect_error 400 malformed_json &&
  wa_post "$BIG" && expect_error 413 payload_too_large &&
  jq -nc "{object:\"whatsapp_business_account\", entry:[{id:\"WABA_ID\", changes:[{field:\"message_template_status_update\",
    value:{event:\"APPROVED\", message_template_id:12345678, message_template_name:\"recordatorio_cita\",
    message_template_language:\"es\", reason:null}}]}]}" >"$SCRATCH/wa-other.json" &&
  wa_post "$SCRATCH/wa-other.json" && expect_ok &&
  wa_status "$SCRATCH/wa-st0.json" "wamid.NOT-OURS-0001" delivered && wa_post "$SCRATCH/wa-st0.json" && expect_ok &&
  tickets_are whatsapp 1 && messages_are $WA_T 1
'

WA_TEXT2="Tengo cita el jueves, ¿qué tengo que llevar?"
test_expect_success 'whatsapp: a second message joins the same ticket' '
  wa_msg "$SCRATCH/wa2.json" "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUVCMDAwMDAwMDAwMDAwMDAwMgA=" "$WA_TEXT2" &&
  wa_post "$SCRATCH/wa2.json" && expect_ok &&
  wait_until messages_are $WA_T 2 && expect_json ".messages[1].body" "$WA_TEXT2" && tickets_are whatsapp 1
'

WA_R1="Hola, Luis. Traiga el DNI caducado y una fotografía reciente en color."
test_expect_success 'whatsapp: the agent'"'"'s reply goes to the wa_id through the Cloud API with the bearer token' '
  agent POST /api/v1/tickets/$WA_T/messages "$(jobj body "$WA_R1")" && expect_status 201 &&
  wait_until fake_has 1 ".body.text.body? == \$t" --arg t "$WA_R1" &&
  fake_select ".body.text.body? == \$t" --arg t "$WA_R1" >"$SCRATCH/sel.json" &&
  jq -e --arg p "/v19.0/$WA_ID/messages" --arg a "Bearer $WA_TOKEN" --arg to $WA_FROM \
    ".[0] | .path == \$p and .headers.authorization == \$a and .body.messaging_product == \"whatsapp\"
      and (.body.to | ltrimstr(\"+\")) == \$to and .body.type == \"text\" and .status == 200" "$SCRATCH/sel.json" ||
    { cat "$SCRATCH/sel.json"; false; }
'

test_expect_success 'whatsapp: delivered and read statuses of our message are recorded on the ticket' '
  WAMID=$(curl -s "$FAKE/__requests" | jq -r --arg t "$WA_R1" "[.[] | select(.body.text.body? == \$t)][0].response.messages[0].id") &&
  case "$WAMID" in wamid.*) ;; *) echo "no wamid: $WAMID"; false ;; esac &&
  wa_status "$SCRATCH/wa-st1.json" "$WAMID" delivered && wa_post "$SCRATCH/wa-st1.json" && expect_ok &&
  wa_status "$SCRATCH/wa-st2.json" "$WAMID" read && wa_post "$SCRATCH/wa-st2.json" && expect_ok &&
  wait_until timeline_has $WA_C $WA_T message_delivered &&
  wait_until timeline_has $WA_C $WA_T message_read &&
  tickets_are whatsapp 1 && messages_are $WA_T 3
'

test_expect_success 'whatsapp: a number from abroad keeps its own country code as the phone identity' '
  wa_msg "$SCRATCH/wa-uk.json" "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUM0FFQjAwMDAwMDAwMDAwMDAwMDEA" "Hello, I need an appointment" 447700900123 &&
  wa_post "$SCRATCH/wa-uk.json" && expect_ok &&
  wait_until tickets_are whatsapp 2 && newest_ticket whatsapp && test "$C" != "$WA_C" &&
  agent GET /api/v1/citizens/$C && has_identity whatsapp 447700900123 && has_identity phone +447700900123
'

# ---- Facebook Messenger -----------------------------------------------------------------

test_expect_success 'facebook: the verification handshake' '
  local AUTH=() &&
  api GET "/webhooks/facebook/$FB_ID?hub.mode=subscribe&hub.verify_token=$FB_VERIFY&hub.challenge=CH-fb-2201" &&
  expect_status 200 && test "$(cat "$BODY")" = CH-fb-2201 && expect_header Content-Type "text/plain" &&
  api GET "/webhooks/facebook/$FB_ID?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=CH-fb-2201" &&
  expect_status 403 &&
  api GET "/webhooks/facebook/5544332211?hub.mode=subscribe&hub.verify_token=$FB_VERIFY&hub.challenge=CH-fb-2201" &&
  expect_status 404
'

test_expect_success 'facebook: a signed message becomes a ticket; the citizen has the PSID as facebook identity' '
  fb_msg "$SCRATCH/fb1.json" "m_abc-0001" "Hola" && fb_post "$SCRATCH/fb1.json" && expect_ok &&
  wait_until tickets_are facebook 1 && newest_ticket facebook && FB_T=$T && FB_C=$C &&
  expect_json ".items[0].tenant" MOS && expect_json ".items[0].subject" Hola &&
  agent GET /api/v1/tickets/$FB_T && expect_json ".messages[0].body" Hola &&
  agent GET /api/v1/citizens/$FB_C && has_identity facebook $FB_PSID
'

test_expect_success 'facebook: redelivery, bad signature, unknown page, malformed, oversize, echoes and read receipts store nothing' '
  fb_post "$SCRATCH/fb1.json" && expect_ok &&
  fb_msg "$SCRATCH/fb-bad.json" "m_bad-0001" "No debería guardarse" &&
  fb_post "$SCRATCH/fb-bad.json" "$WA_SECRET" && expect_error 401 bad_signature &&
  hook /webhooks/facebook/$FB_ID "$SCRATCH/fb-bad.json" && expect_error 401 bad_signature &&
  fb_post "$SCRATCH/fb-bad.json" "$FB_SECRET" 5544332211 && expect_status 404 &&
  printf "{\"object\":\"page\",\"entry\":[{\"id\":" >"$SCRATCH/fb-broken.json" &&
  fb_post "$SCRATCH/fb-broken.json" && expect_error 400 malformed_json &&
  fb_post "$BIG" && expect_error 413 payload_too_large &&
  fb_msg "$SCRATCH/fb-echo.json" "m_echo-0001" "Respuesta de la página" echo &&
  fb_post "$SCRATCH/fb-echo.json" && expect_ok &&
  jq -nc --arg page $FB_ID --arg psid $FB_PSID "{object:\"page\", entry:[{id:\$page, time:1764000000000, messaging:[
    {sender:{id:\$psid}, recipient:{id:\$page}, timestamp:1764000000000, read:{watermark:1764000000000}}]}]}" \
    >"$SCRATCH/fb-other.json" &&
  fb_post "$SCRATCH/fb-other.json" && expect_ok &&
  tickets_are facebook 1 && messages_are $FB_T 1
'

FB_TEXT2="¿Abren el registro el sábado?"
test_expect_success 'facebook: a second message joins the same ticket' '
  fb_msg "$SCRATCH/fb2.json" "m_abc-0002" "$FB_TEXT2" && fb_post "$SCRATCH/fb2.json" && expect_ok &&
  wait_until messages_are $FB_T 2 && expect_json ".messages[1].body" "$FB_TEXT2" && tickets_are facebook 1
'

FB_R1="El registro abre los sábados de 9:00 a 14:00 en la plaza de España, 1."
test_expect_success 'facebook: the agent'"'"'s reply goes to the PSID through the Send API' '
  agent POST /api/v1/tickets/$FB_T/messages "$(jobj body "$FB_R1")" && expect_status 201 &&
  wait_until fake_has 1 ".body.message.text? == \$t" --arg t "$FB_R1" &&
  fake_select ".body.message.text? == \$t" --arg t "$FB_R1" >"$SCRATCH/sel.json" &&
  jq -e --arg a "Bearer $FB_TOKEN" --arg r $FB_PSID \
    ".[0] | .path == \"/v19.0/me/messages\" and (.headers.authorization == \$a or .query.access_token == \"$FB_TOKEN\")
      and .body.recipient.id == \$r and .body.messaging_type == \"RESPONSE\" and .status == 200" "$SCRATCH/sel.json" ||
    { cat "$SCRATCH/sel.json"; false; }
'

# ---- X -----------------------------------------------------------------------------------

test_expect_success 'x: the CRC challenge is answered with the HMAC of the token' '
  local AUTH=() &&
  printf %s "crc-Tok_3141" >"$SCRATCH/crc" &&
  api GET "/webhooks/x/$X_ID?crc_token=crc-Tok_3141" && expect_status 200 &&
  expect_json .response_token "sha256=$(hmac_b64 $X_SECRET "$SCRATCH/crc")" &&
  api GET "/webhooks/x/900000000000000009?crc_token=crc-Tok_3141" && expect_status 404
'

X_TEXT1="Hola, ¿horario del registro?"
test_expect_success 'x: a signed DM becomes a ticket; the citizen has the X user id' '
  x_dm "$SCRATCH/x1.json" 1500000000000000001 $X_DM_USER "$X_TEXT1" && x_post "$SCRATCH/x1.json" && expect_ok &&
  wait_until tickets_are x 1 && newest_ticket x && X_T=$T && X_C=$C &&
  expect_json ".items[0].tenant" MOS && expect_json ".items[0].subject" "$X_TEXT1" &&
  agent GET /api/v1/tickets/$X_T && expect_json ".messages[0].body" "$X_TEXT1" &&
  expect_json ".messages[0].channel" x &&
  agent GET /api/v1/citizens/$X_C && has_identity x $X_DM_USER
'

test_expect_success 'x: redelivery, bad signature, unknown account, malformed, oversize, our own DMs, likes store nothing' '
  x_post "$SCRATCH/x1.json" && expect_ok &&
  x_dm "$SCRATCH/x-bad.json" 1500000000000000002 $X_DM_USER "No debería guardarse" &&
  x_post "$SCRATCH/x-bad.json" wrong-secret && expect_error 401 bad_signature &&
  hook /webhooks/x/$X_ID "$SCRATCH/x-bad.json" && expect_error 401 bad_signature &&
  hook /webhooks/x/$X_ID "$SCRATCH/x-bad.json" -H "X-Twitter-Webhooks-Signature: sha256=$(hmac_hex $X_SECRET "$SCRATCH/x-bad.json")" &&
  expect_error 401 bad_signature &&
  x_post "$SCRATCH/x-bad.json" "$X_SECRET" 900000000000000009 && expect_status 404 &&
  printf "{\"for_user_id\":\"%s\",\"direct_message_events\":[" $X_ID >"$SCRATCH/x-broken.json" &&
  x_post "$SCRATCH/x-broken.json" && expect_error 400 malformed_json &&
  x_post "$BIG" && expect_error 413 payload_too_large &&
  x_dm "$SCRATCH/x-own.json" 1500000000000000003 $X_ID "Un DM que enviamos nosotros" &&
  x_post "$SCRATCH/x-own.json" && expect_ok &&
  jq -nc --arg me $X_ID "{for_user_id:\$me, favorite_events:[{id:\"a7ba59eab0bfcba386f7acedac279542\",
    created_at:\"Mon Nov 24 16:00:00 +0000 2025\", timestamp_ms:1764000000000,
    favorited_status:{id_str:\"1600000000000000099\", text:\"Aviso\", user:{id_str:\$me, screen_name:\"ayto_mostoles\"}},
    user:{id_str:\"44\", name:\"Eva\", screen_name:\"eva\"}}]}" >"$SCRATCH/x-other.json" &&
  x_post "$SCRATCH/x-other.json" && expect_ok &&
  tickets_are x 1 && messages_are $X_T 1
'

X_TEXT2="¿Y los sábados?"
test_expect_success 'x: a second DM joins the same ticket' '
  x_dm "$SCRATCH/x2.json" 1500000000000000004 $X_DM_USER "$X_TEXT2" && x_post "$SCRATCH/x2.json" && expect_ok &&
  wait_until messages_are $X_T 2 && expect_json ".messages[1].body" "$X_TEXT2" && tickets_are x 1
'

X_R1="El registro abre de lunes a viernes de 9:00 a 14:00."
test_expect_success 'x: the agent'"'"'s reply on a DM ticket goes out as a DM to that user' '
  agent POST /api/v1/tickets/$X_T/messages "$(jobj body "$X_R1")" && expect_status 201 &&
  wait_until fake_has 1 ".body.text? == \$t" --arg t "$X_R1" &&
  fake_select ".body.text? == \$t" --arg t "$X_R1" >"$SCRATCH/sel.json" &&
  jq -e --arg a "Bearer $X_TOKEN" \
    ".[0] | .path == \"/2/dm_conversations/with/$X_DM_USER/messages\" and .headers.authorization == \$a
      and .status == 201" "$SCRATCH/sel.json" ||
    { cat "$SCRATCH/sel.json"; false; }
'

X_MENTION="@ayto_mostoles ¿cuándo abre la piscina?"
test_expect_success 'x: a public mention becomes its own ticket, once' '
  x_mention "$SCRATCH/xm1.json" $X_MENTION_ID $X_MENTION_USER "$X_MENTION" && x_post "$SCRATCH/xm1.json" && expect_ok &&
  wait_until tickets_are x 2 && newest_ticket x && XM_T=$T && XM_C=$C && test "$XM_C" != "$X_C" &&
  agent GET /api/v1/tickets/$XM_T && expect_json ".messages[0].body" "$X_MENTION" &&
  agent GET /api/v1/citizens/$XM_C && has_identity x $X_MENTION_USER &&
  x_post "$SCRATCH/xm1.json" && expect_ok &&
  x_mention "$SCRATCH/xm-own.json" 1600000000000000002 $X_ID "Hoy abre la piscina municipal." &&
  x_post "$SCRATCH/xm-own.json" && expect_ok &&
  tickets_are x 2 && messages_are $XM_T 1
'

# 100 characters (code points), 200 bytes with the accents: one public reply.
X_SHORT="Abre el 15 de junio, de 11:00 a 20:30. Más información en la web del ayuntamiento, sección deportes."
# 270 characters, 284 bytes: still fits in one tweet (X counts characters).
X_MID="¡Hola! La piscina de verano abrirá el 15 de junio, según el calendario público. Horario: de 11:00 a 20:30 todos los días. Entradas en taquilla o en la sede electrónica. Niños pequeños, gratis. Bonos de 10 baños más económicos para empadronados. ¿Dudas? Teléfono 010, sí."
# 400 characters: too long for a tweet.
X_LONG="$X_MID Para los abonos de temporada: DNI y certificado de empadronamiento; la solicitud, en la sede electrónica. ¡Gracias por contactar!"
test_expect_success 'x: the reply texts are the lengths this test needs' '
  test "$(printf %s "$X_SHORT" | jq -Rr length)" = 100 && test "$(printf %s "$X_MID" | jq -Rr length)" = 270 &&
  test "$(printf %s "$X_MID" | wc -c)" -gt 280 && test "$(printf %s "$X_LONG" | jq -Rr length)" = 400
'

# x_tweets: the reply tweets to the mention, as an array.
x_tweets() { fake_select ".path == \"/2/tweets\" and .body.reply.in_reply_to_tweet_id? == \"$X_MENTION_ID\""; }
x_dms_to_mentioner() { fake_select ".path == \"/2/dm_conversations/with/$X_MENTION_USER/messages\""; }

test_expect_success 'x: a short reply to a mention is one public reply tweet, whole, and no DM' '
  agent POST /api/v1/tickets/$XM_T/messages "$(jobj body "$X_SHORT")" && expect_status 201 &&
  wait_until fake_has 1 ".path == \"/2/tweets\" and (.body.text? // \"\" | contains(\$t))" --arg t "$X_SHORT" &&
  x_tweets >"$SCRATCH/sel.json" &&
  jq -e --arg a "Bearer $X_TOKEN" "length == 1 and (.[0] | .headers.authorization == \$a and .status == 201
    and (.body.text | length) <= 280)" "$SCRATCH/sel.json" || { cat "$SCRATCH/sel.json"; false; }
'

test_expect_success 'x: a 270-character reply (over 280 bytes) is still one public reply tweet' '
  agent POST /api/v1/tickets/$XM_T/messages "$(jobj body "$X_MID")" && expect_status 201 &&
  wait_until fake_has 1 ".path == \"/2/tweets\" and .status == 201 and (.body.text? // \"\" | contains(\$t))" --arg t "$X_MID" &&
  x_tweets >"$SCRATCH/sel.json" && jq -e "length == 2" "$SCRATCH/sel.json" &&
  fake_has 0 ".path == \"/2/tweets\" and .status != 201"
'

test_expect_success 'x: a 400-character reply: a short public tweet with a link, and the whole text by DM' '
  agent POST /api/v1/tickets/$XM_T/messages "$(jobj body "$X_LONG")" && expect_status 201 &&
  wait_until fake_has 1 ".path == \"/2/dm_conversations/with/$X_MENTION_USER/messages\" and (.body.text? // \"\" | contains(\$t))" --arg t "$X_LONG" &&
  wait_until fake_has 3 ".path == \"/2/tweets\" and .body.reply.in_reply_to_tweet_id? == \"$X_MENTION_ID\"" &&
  x_tweets >"$SCRATCH/sel.json" &&
  jq -e --arg u "$PUBLIC_URL" --arg long "$X_LONG" ".[2] | .status == 201 and (.body.text | length) <= 280
    and (.body.text | contains(\$u)) and (.body.text | contains(\$long) | not)" "$SCRATCH/sel.json" ||
    { cat "$SCRATCH/sel.json"; false; } &&
  x_dms_to_mentioner >"$SCRATCH/sel.json" &&
  jq -e --arg a "Bearer $X_TOKEN" "length == 1 and (.[0] | .headers.authorization == \$a and .status == 201)" "$SCRATCH/sel.json" ||
    { cat "$SCRATCH/sel.json"; false; }
'

X_LONG2="$X_LONG Segunda respuesta larga: la piscina cubierta sigue abierta todo el año."
test_expect_success 'x: when the public note meets a 503, the retry does not send the DM again' '
  fake_fail /2/tweets 503 1 &&
  agent POST /api/v1/tickets/$XM_T/messages "$(jobj body "$X_LONG2")" && expect_status 201 &&
  wait_until fake_has 4 ".path == \"/2/tweets\" and .status == 201 and .body.reply.in_reply_to_tweet_id? == \"$X_MENTION_ID\"" &&
  x_dms_to_mentioner >"$SCRATCH/sel.json" &&
  jq -e --arg t "$X_LONG2" "[.[] | select(.body.text == \$t)] | length == 1" "$SCRATCH/sel.json" ||
    { echo "DMs to the mentioner (the last ones should be one for this reply, of $(printf %s "$X_LONG2" | jq -Rr length) characters):"
      jq -c "[.[] | {seq, status, characters: (.body.text | length)}]" "$SCRATCH/sel.json"
      echo "public tweets:"; fake_select ".path == \"/2/tweets\"" | jq -c "[.[] | {seq, status, text: .body.text[0:40]}]"; false; }
'

test_expect_success 'whatsapp: a photo keeps its caption; reactions are not messages' '
  jq -nc --arg acct "$WA_ID" --arg from "34699000111" \
    '"'"'{object:"whatsapp_business_account", entry:[{id:"W", changes:[{field:"messages", value:{
      metadata:{phone_number_id:$acct}, contacts:[{profile:{name:"Rosa"}, wa_id:$from}],
      messages:[{from:$from, id:"wamid.photo1", timestamp:"1", type:"image",
                 image:{id:"m1", mime_type:"image/jpeg", caption:"Bache en la calle Mayor"}},
                {from:$from, id:"wamid.react1", timestamp:"2", type:"reaction",
                 reaction:{message_id:"wamid.photo1", emoji:"👍"}}]}}]}]}'"'"' >"$SCRATCH/wa-photo.json" &&
  wa_post "$SCRATCH/wa-photo.json" && expect_ok &&
  agent GET "/api/v1/citizens?phone=%2B34699000111" && CR=$(jv ".items[0].id") &&
  agent GET "/api/v1/tickets?citizen=$CR" && TR=$(jv ".items[0].id") &&
  expect_json ".items[0].subject" "Bache en la calle Mayor [image]" &&
  messages_are "$TR" 1
'

test_expect_success 'x: a retweet is not a question; an instagram object on the page webhook is ignored' '
  before=$(agent GET "/api/v1/tickets?channel=x&limit=200" && jv ".items | length") &&
  jq -nc --arg me "$X_ID" '"'"'{for_user_id:$me, tweet_create_events:[{id_str:"1700000000000000009",
    text:"RT @ayto: Abierto el plazo", retweeted_status:{id_str:"1"}, user:{id_str:"77", name:"Eva"}}]}'"'"' >"$SCRATCH/rt.json" &&
  x_post "$SCRATCH/rt.json" && expect_ok && tickets_are x "$before" &&
  jq -nc --arg page "$FB_ID" '"'"'{object:"instagram", entry:[{id:$page, messaging:[{sender:{id:"IG1"},
    recipient:{id:$page}, message:{mid:"ig1", text:"hola"}}]}]}'"'"' >"$SCRATCH/ig.json" &&
  fbefore=$(agent GET "/api/v1/tickets?channel=facebook&limit=200" && jv ".items | length") &&
  fb_post "$SCRATCH/ig.json" && expect_ok && tickets_are facebook "$fbefore"
'

test_expect_success 'telegram: a reply longer than a message is split, never cut' '
  tg_msg "$SCRATCH/tg-long.json" 990001 990001 "Consulta larga sobre licencias" &&
  tg_post "$SCRATCH/tg-long.json" && expect_ok && newest_ticket telegram &&
  long=$(head -c 5000 /dev/zero | tr "\\0" x | sed "s/x\{50\}/&\n/g" | tr "\n" " ") &&
  agent POST /api/v1/tickets/$T/messages "$(jobj body "$long")" && expect_status 201 &&
  wait_until fake_has 2 "(.path | endswith(\"/sendMessage\")) and (.body.text | startswith(\"xxxxx\")) and (.body.text | length) > 1000" &&
  fake_select "(.path | endswith(\"/sendMessage\")) and (.body.text | startswith(\"xxxxx\")) and (.body.text | length) > 1000" |
    jq -e "all(.[]; .body.text | length <= 4096) and ([.[].body.text] | join(\" \") | gsub(\" +\"; \" \") | length) >= 4900"
'

test_expect_success 'no secret, token or verify token ever appears in the server log' '
  for s in $TG_SECRET $TG_TOKEN $WA_SECRET $WA_TOKEN $WA_VERIFY $FB_SECRET $FB_TOKEN $FB_VERIFY $X_SECRET $X_TOKEN; do
    if grep -q -- "$s" "$SCRATCH/server.log"; then echo "the log shows $s:"; grep -- "$s" "$SCRATCH/server.log" | head -3; return 1; fi
  done
'

test_expect_success 'the server stops cleanly' 'expect_clean_stop && stop_fake'
test_done
