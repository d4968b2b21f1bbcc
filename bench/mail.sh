#!/usr/bin/env bash
# The email benchmark: messages parsed and stored per second on SQLite,
# (1) in process with several threads (what the IMAP poller and concurrent
# pipes share: one writer, group commit), (2) through `ventanilla
# mail-deliver`, a process per message as a mail server runs it, four at a
# time, and (3) through IMAP: messages dropped into a real Dovecot mailbox
# (tests/mail.sh) and fetched by a running server's poller.
# Usage: bench/mail.sh [BINARY]   Environment: MESSAGES (default 3000).
set -eu
bin=$(cd "$(dirname "${1:-./ventanilla}")" && pwd)/$(basename "${1:-./ventanilla}")
here=$(cd "$(dirname "$0")" && pwd)
n=${MESSAGES:-3000}
dir=$(mktemp -d /tmp/ventanilla-mailbench.XXXXXX)
chmod 755 "$dir"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  "$here/../tests/mail.sh" stop "$dir/mail" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

now() { date +%s.%N; }
setup_db() { # setup_db DB [IMAP_URL]: demo structure and a mailbox named bench
  "$bin" migrate --db "$1" --log-level warn >/dev/null
  "$bin" demo --db "$1" --tickets 0 --log-level warn >/dev/null
  local imap=${2:-}
  sqlite3 "$1" "INSERT INTO mailboxes(tenant_id, name, address, imap_url, imap_user, imap_password, created_at)
    SELECT id, 'bench', 'atencion@ayto.test', $( [ -n "$imap" ] && echo "'$imap', 'atencion@ayto.test', 'secret'" || echo "NULL, NULL, NULL"), 0
    FROM tenants WHERE code = 'MOS'"
}
gen() { # gen DIR COUNT: distinct messages, a third of them multipart with a PDF
  mkdir -p "$1"
  local i
  for i in $(seq 1 "$2"); do
    printf 'From: Ciudadana %d <c%d@correo.test>\r\nTo: atencion@ayto.test\r\nSubject: Consulta %d\r\nMessage-ID: <g%d@correo.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBuenos días, ¿qué necesito para empadronarme? (%d)\r\n' \
      "$i" "$i" "$i" "$i" "$i" >"$1/$i.eml"
  done
}

echo "Email ingestion, SQLite, $(nproc) cores"
setup_db "$dir/a.db"
"$here/../build/release/bench/mail_ingest" "$dir/a.db" "$n" 8

m=$((n / 3))
setup_db "$dir/b.db"
gen "$dir/msgs" "$m"
t0=$(now)
for lane in 0 1 2 3; do
  ( for f in "$dir"/msgs/*.eml; do
      i=$(basename "$f" .eml)
      [ $((i % 4)) = "$lane" ] || continue
      "$bin" mail-deliver --db "$dir/b.db" --log-level warn --mailbox bench <"$f"
    done ) &
done
wait
t1=$(now)
echo "  mail-deliver, a process per message, 4 at a time: $m messages in $(echo "$t1 - $t0" | bc -l | xargs printf '%.2f') s = $(echo "$m / ($t1 - $t0)" | bc -l | xargs printf '%.0f') messages/s"

"$here/../tests/mail.sh" start "$dir/mail" >/dev/null
. "$dir/mail/env"
setup_db "$dir/c.db" "$MAIL_IMAP_URL/INBOX"
md="$MAIL_STORE/ayto.test/atencion/Maildir"
mkdir -p "$md/new" "$md/cur" "$md/tmp"
for f in "$dir"/msgs/*.eml; do cp "$f" "$md/new/$(basename "$f" .eml).bench:2,"; done
chown -R "${MAIL_OWNER:-nobody:nogroup}" "$MAIL_STORE"
rm -f "$dir/port"
t0=$(now)
VENTANILLA_MAIL_POLL=1 "$bin" serve --db "$dir/c.db" --listen 127.0.0.1:0 --ready-file "$dir/port" --log-level warn >"$dir/server.log" 2>&1 &
pid=$!
while [ ! -s "$dir/port" ]; do sleep 0.02; done
tr=$(now)
while [ "$(sqlite3 "$dir/c.db" "SELECT count(*) FROM tickets" 2>/dev/null || echo 0)" -lt "$m" ]; do sleep 0.05; done
t1=$(now)
echo "  IMAP (Dovecot on loopback), one poller: $m messages in $(echo "$t1 - $t0" | bc -l | xargs printf '%.2f') s = $(echo "$m / ($t1 - $t0)" | bc -l | xargs printf '%.0f') messages/s with the server's start, $(echo "$m / ($t1 - $tr)" | bc -l | xargs printf '%.0f') messages/s from when it is ready"
