#!/usr/bin/env bash
# The throwaway mail system of tests/mail.sh (a private Dovecot and Postfix on
# loopback) works, so that the email channel's tests can rely on it: mail sent
# by SMTP lands in the recipient's INBOX, a message APPENDed by IMAP comes back
# byte for byte, nothing leaves the machine, and stop leaves no process behind.
. "$(dirname "$0")/lib.sh"
MAIL_SH=$(cd "$(dirname "$0")/.." && pwd)/mail.sh
MAIL_ROOT=$SCRATCH/mail

# Dovecot stores the mail as nobody, who must reach the folder (mktemp's 0700
# will not do).
chmod 755 "$SCRATCH"

# Stop the mail system first on any exit, then run lib.sh's own cleanup
# (which removes the scratch folder after a success) with the exit status.
mail_cleanup() {
  local rc=$?
  if [ -n "$MAIL_ROOT" ]; then
    "$MAIL_SH" stop "$MAIL_ROOT" >>"$SCRATCH/mail-stop.log" 2>&1 7>&- 8>&- || true
  fi
  (exit "$rc")
  cleanup
}
trap mail_cleanup EXIT

# imap USER URL-SUFFIX [curl args...]: curl on USER's INBOX (plus the suffix).
imap() {
  local user=$1 suffix=$2
  shift 2
  curl -sS --max-time 10 --user "$user:$MAIL_PASSWORD" --url "$MAIL_IMAP_URL/INBOX$suffix" "$@"
}

# wait_search USER CRITERIA: polls `UID SEARCH CRITERIA` for up to 10 s until
# it finds something; sets UIDS (space-separated) and UID_LAST.
wait_search() {
  local i out
  UIDS=""
  UID_LAST=""
  for i in $(seq 1 100); do
    out=$(imap "$1" "" -X "UID SEARCH $2" | tr -d '\r') || return 1
    UIDS=$(echo "$out" | sed -n 's/^\* SEARCH *//p' | tr -s ' ' | sed 's/ *$//')
    if [ -n "$UIDS" ]; then
      UID_LAST=${UIDS##* }
      return 0
    fi
    sleep 0.1
  done
  echo "nothing matched UID SEARCH $2 in $1's INBOX within 10 s; last answer: $out"
  return 1
}

# listening_on_loopback_only PORT: a listening TCP socket on PORT exists, on
# 127.0.0.1 and nowhere else (from /proc/net/tcp and tcp6).
listening_on_loopback_only() {
  local hex lines
  hex=$(printf '%04X' "$1")
  lines=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p=":$hex" '$2 ~ p"$" && $4 == "0A" {print $2}')
  [ -n "$lines" ] || { echo "nothing listens on port $1"; return 1; }
  if [ "$lines" != "0100007F:$hex" ]; then echo "port $1 listens on: $lines"; return 1; fi
}

test_expect_success 'tests/mail.sh start brings up Dovecot and Postfix on free loopback ports' '
  "$MAIL_SH" start "$MAIL_ROOT" >"$SCRATCH/mail-start.log" 2>&1 7>&- 8>&- ||
    { cat "$SCRATCH/mail-start.log"; false; } &&
  . "$MAIL_ROOT/env" &&
  [ -n "$MAIL_IMAP_PORT" ] && [ -n "$MAIL_LMTP_PORT" ] && [ -n "$MAIL_SMTP_PORT" ] &&
  [ "$MAIL_PASSWORD" = secret ] &&
  listening_on_loopback_only "$MAIL_IMAP_PORT" &&
  listening_on_loopback_only "$MAIL_LMTP_PORT" &&
  listening_on_loopback_only "$MAIL_SMTP_PORT" &&
  kill -0 "$MAIL_DOVECOT_PID" && kill -0 "$MAIL_POSTFIX_PID" &&
  grep -q "Postfix" "$SCRATCH/mail-start.log"
'
if [ "$test_failures" -ne 0 ]; then
  echo "# the mail system did not start: the other tests are not run"
  test_done
fi

test_expect_success 'a message sent by SMTP lands in the recipient'"'"'s INBOX, readable by IMAP' '
  printf "%s\r\n" \
    "From: Ayuntamiento <x@ayto.test>" \
    "To: Ana <ana@correo.test>" \
    "Subject: =?UTF-8?Q?Cita_para_el_padr=C3=B3n?=" \
    "Message-ID: <t0013-smtp@ayto.test>" \
    "MIME-Version: 1.0" \
    "Content-Type: text/plain; charset=UTF-8" \
    "Content-Transfer-Encoding: 8bit" \
    "" \
    "Estimada vecina:" \
    "Su cita para el padrón es el día 3 — traiga el DNI, por favor. ¡Gracias!" \
    >"$SCRATCH/smtp.eml" &&
  curl -sS --max-time 10 "$MAIL_SMTP_URL" --mail-from x@ayto.test --mail-rcpt ana@correo.test \
    -T "$SCRATCH/smtp.eml" &&
  wait_search ana@correo.test "HEADER Message-ID t0013-smtp@ayto.test" &&
  imap ana@correo.test ";UID=$UID_LAST" >"$SCRATCH/fetched.eml" &&
  grep -qxF "Subject: =?UTF-8?Q?Cita_para_el_padr=C3=B3n?=$(printf "\r")" "$SCRATCH/fetched.eml" &&
  grep -qF "Su cita para el padrón es el día 3 — traiga el DNI, por favor. ¡Gracias!" "$SCRATCH/fetched.eml" &&
  grep -qi "^Delivered-To: ana@correo.test" "$SCRATCH/fetched.eml" &&
  grep -q "to=<ana@correo.test>, relay=127.0.0.1\[127.0.0.1\]:$MAIL_LMTP_PORT,.*status=sent" "$MAIL_POSTFIX_LOG"
'

test_expect_success 'a message APPENDed by IMAP is listed and fetched back byte for byte' '
  printf "%s\r\n" \
    "From: María <maria@correo.test>" \
    "To: atencion@ayto.test" \
    "Subject: Solicitud de certificado" \
    "Message-ID: <t0013-append@correo.test>" \
    "MIME-Version: 1.0" \
    "Content-Type: text/plain; charset=UTF-8" \
    "Content-Transfer-Encoding: 8bit" \
    "" >"$SCRATCH/append.eml" &&
  printf "%s\r\n" \
    "Buenos días:" \
    "" \
    "Necesito un certificado de empadronamiento (año 2024) — ñ, ü, €." \
    "Un saludo," \
    "María" >"$SCRATCH/append-body.txt" &&
  cat "$SCRATCH/append-body.txt" >>"$SCRATCH/append.eml" &&
  imap atencion@ayto.test "" -T "$SCRATCH/append.eml" &&
  wait_search atencion@ayto.test "HEADER Message-ID t0013-append@correo.test" &&
  imap atencion@ayto.test "" -X "UID FETCH $UID_LAST (FLAGS RFC822.SIZE)" >"$SCRATCH/list.out" &&
  grep -q "RFC822.SIZE $(wc -c <"$SCRATCH/append.eml")" "$SCRATCH/list.out" &&
  imap atencion@ayto.test "/;UID=$UID_LAST/;SECTION=TEXT" >"$SCRATCH/append-body.got" &&
  cmp "$SCRATCH/append-body.txt" "$SCRATCH/append-body.got" &&
  imap atencion@ayto.test ";UID=$UID_LAST" >"$SCRATCH/append.got" &&
  cmp "$SCRATCH/append.eml" "$SCRATCH/append.got"
'

# exit_code CMD...: prints CMD's exit code (its output is dropped).
exit_code() { local rc=0; "$@" >/dev/null 2>&1 || rc=$?; echo "$rc"; }

test_expect_success 'a wrong password or an unknown user cannot log in (curl: 67 login denied)' '
  [ "$(exit_code curl -s --max-time 10 --user "atencion@ayto.test:wrong" "$MAIL_IMAP_URL/INBOX" -X "SEARCH ALL")" = 67 ] &&
  [ "$(exit_code curl -s --max-time 10 --user "noexiste@correo.test:$MAIL_PASSWORD" "$MAIL_IMAP_URL/INBOX" -X "SEARCH ALL")" = 67 ] &&
  [ "$(exit_code curl -s --max-time 10 --user "luis@correo.test:$MAIL_PASSWORD" "$MAIL_IMAP_URL/INBOX" -X "SEARCH ALL")" = 0 ]
'

test_expect_success 'unknown users are refused at RCPT, other domains bounce at once, nothing leaves' '
  for to in noexiste@correo.test nadie@ayto.test; do
    rc=0
    timeout 15 curl -sv --max-time 10 "$MAIL_SMTP_URL" --mail-from atencion@ayto.test --mail-rcpt "$to" \
      -T "$SCRATCH/smtp.eml" >"$SCRATCH/rcpt.out" 2>&1 || rc=$?
    [ "$rc" -eq 55 ] || { echo "curl to $to: exit $rc"; cat "$SCRATCH/rcpt.out"; false; } || return 1
    grep -q "^< 550 5.1.1 <$to>" "$SCRATCH/rcpt.out" || { cat "$SCRATCH/rcpt.out"; false; } || return 1
  done &&
  timeout 15 curl -sS --max-time 10 "$MAIL_SMTP_URL" --mail-from atencion@ayto.test \
    --mail-rcpt alguien@otro.example -T "$SCRATCH/smtp.eml" &&
  wait_search atencion@ayto.test "FROM MAILER-DAEMON BODY alguien@otro.example" &&
  imap atencion@ayto.test ";UID=$UID_LAST" >"$SCRATCH/bounce.eml" &&
  grep -q "^Subject: Undelivered Mail Returned to Sender" "$SCRATCH/bounce.eml" &&
  grep -q "^Status: 5.1.2" "$SCRATCH/bounce.eml" &&
  grep -q "to=<alguien@otro.example>, relay=none,.*status=bounced" "$MAIL_POSTFIX_LOG" &&
  ! grep -E "postfix/(smtp|relay)\[" "$MAIL_POSTFIX_LOG"
'

test_expect_success 'tests/mail.sh stop leaves no process of this instance, and may be repeated' '
  pids="$MAIL_DOVECOT_PID $MAIL_POSTFIX_PID $(pgrep -P "$MAIL_DOVECOT_PID" | tr "\n" " ") $(pgrep -P "$MAIL_POSTFIX_PID" | tr "\n" " ")" &&
  [ "$(echo $pids | wc -w)" -gt 4 ] &&
  "$MAIL_SH" stop "$MAIL_ROOT" 7>&- 8>&- &&
  for p in $pids; do
    if kill -0 "$p" 2>/dev/null; then echo "process $p is still running: $(ps -o args= -p "$p")"; false; return 1; fi
  done &&
  ! listening_on_loopback_only "$MAIL_IMAP_PORT" >/dev/null &&
  ! listening_on_loopback_only "$MAIL_SMTP_PORT" >/dev/null &&
  "$MAIL_SH" stop "$MAIL_ROOT" 7>&- 8>&-
'

test_done
