#!/usr/bin/env bash
# The live-chat benchmark: how many citizens' chat streams one node holds,
# what each costs in server memory, and how long an agent's reply takes to
# reach the citizen's stream at a steady rate of replies.
# Usage: bench/chat.sh [BINARY]   Environment: CHATS (default "10000"; several
# values run one after the other, each on a fresh server), RATE (replies per
# second, default 1000), DURATION (seconds of replies, default 10),
# AGENT_CONNS (the agent's keep-alive connections, default 16).
# SQLite, demo data: a widget of Móstoles, agente1.mos on duty.
set -eu
bin=$(cd "$(dirname "${1:-./ventanilla}")" && pwd)/$(basename "${1:-./ventanilla}")
here=$(cd "$(dirname "$0")" && pwd)
client=$here/../build/release/bench/chat_bench
[ -x "$client" ] || make -s -C "$here/.." build/release/bench/chat_bench >/dev/null
dir=$(mktemp -d /tmp/ventanilla-chat.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
"$bin" migrate --db "$dir/db" --log-level warn >/dev/null
"$bin" demo --db "$dir/db" --tickets 0 --log-level warn >/dev/null
admin=$("$bin" token create --db "$dir/db" --log-level warn --email admin@ventanilla.example --label bench)
agent=$("$bin" token create --db "$dir/db" --log-level warn --email agente1.mos@ventanilla.example --label bench)
for n in ${CHATS:-10000}; do
  # A connection limit, if this version has one: room for the streams and the
  # benchmark's own connections.
  : >"$dir/conf"
  if "$bin" config example | awk '/^\[/{s=$0} s=="[server]" && /^# ?max_connections = /{f=1} END{exit !f}'; then
    printf '[server]\nmax_connections = %d\n' $((n + 1000)) >"$dir/conf"
  fi
  rm -f "$dir/port"
  "$bin" serve --config "$dir/conf" --db "$dir/db" --listen 127.0.0.1:0 --ready-file "$dir/port" \
    --log-level warn >>"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do [ -s "$dir/port" ] && break; sleep 0.05; done
  if [ ! -s "$dir/port" ]; then echo "the server did not start:"; tail -5 "$dir/server.log"; exit 1; fi
  echo "Live chat, $n chats (MOS widget, agente1.mos on duty), replies at ${RATE:-1000}/s for ${DURATION:-10} s"
  "$client" 127.0.0.1 "$(cat "$dir/port")" "$admin" "$agent" MOS "$n" "${RATE:-1000}" \
    "${DURATION:-10}" "$pid" "${AGENT_CONNS:-16}" || echo "  (chat_bench failed; server log: $(tail -3 "$dir/server.log"))"
  kill -TERM "$pid"; wait "$pid" || true; pid=""
done
