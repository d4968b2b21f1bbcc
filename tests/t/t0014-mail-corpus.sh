#!/usr/bin/env bash
# The email parser (`ventanilla mail parse`) over the corpus in
# tests/mail/corpus/ (see its README.md): every message parses (exit 0) to
# one JSON object of the contract's shape, valid UTF-8, with the facts
# expect.json lists for it; one test per file, so a failure names the file.
# Then generated input that is not worth keeping in git: a 15 MB attachment,
# 1,000 nested multiparts, 10,000 parts, random and mutated bytes; the
# content hash that ignores trace headers; standard input; empty input.
# No server. The binary is built with ASan/UBSan: any sanitizer report (or a
# GLib CRITICAL) on stderr fails the test that caused it.
. "$(dirname "$0")/lib.sh"
CORPUS=$(cd "$(dirname "$0")/../mail/corpus" && pwd)
EXPECT=$CORPUS/expect.json
OUT=$SCRATCH/out.json
ERR=$SCRATCH/err.txt
GEN=$SCRATCH/gen
RC=0
PARSE_TIMEOUT=${PARSE_TIMEOUT:-300}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$GEN" "$SCRATCH/file-mode"

# ---- helpers ------------------------------------------------------------

# parse ARG...: runs `ventanilla mail parse ARG...` with the caller's
# standard input; stdout lands in $OUT, stderr in $ERR, the exit code in $RC.
parse() {
  RC=0
  timeout "$PARSE_TIMEOUT" "$VENTANILLA" mail parse "$@" >"$OUT" 2>"$ERR" || RC=$?
  if [ "$RC" -eq 124 ]; then echo "mail parse $* did not finish in ${PARSE_TIMEOUT}s"; fi
  return 0
}

# sanitizer_clean: the last run neither died of a signal nor left a
# sanitizer report or a GLib/GMime CRITICAL on stderr.
sanitizer_clean() {
  if grep -E "AddressSanitizer|LeakSanitizer|runtime error:|-CRITICAL \*\*" "$ERR" >/dev/null; then
    echo "report on stderr (exit code $RC):"; head -60 "$ERR"; return 1
  fi
  if [ "$RC" -gt 128 ] && [ "$RC" -ne 124 ]; then
    echo "killed by signal $((RC - 128)); stderr:"; head -30 "$ERR"; return 1
  fi
}

# show_output: the last stdout, long strings cut, for a failure report.
show_output() {
  jq '(.. | strings) |= (if length > 600 then .[0:600] + "…(\(length) chars)" else . end)' "$OUT" 2>/dev/null ||
    head -c 2000 "$OUT"
  echo
}

# expect_valid_json: stdout is valid UTF-8 without raw control characters
# or lone surrogate escapes, is exactly one JSON object, and has the
# contract's shape (shape.jq).
expect_valid_json() {
  local ctl bad
  if ! iconv -f UTF-8 -t UTF-8 "$OUT" >/dev/null 2>&1; then
    echo "stdout is not valid UTF-8:"; head -c 600 "$OUT" | od -c | head -20; return 1
  fi
  ctl=$(LC_ALL=C tr -d '\11\12\15\40-\377' <"$OUT" | wc -c)
  if [ "$ctl" -ne 0 ]; then echo "stdout has $ctl raw control characters"; return 1; fi
  if LC_ALL=C grep -Pqi '(?<!\\)\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}' "$OUT" 2>/dev/null; then
    echo "stdout has a lone UTF-16 surrogate escape"; return 1
  fi
  if ! jq -e -s 'length == 1 and (.[0] | type) == "object"' "$OUT" >/dev/null 2>&1; then
    echo "stdout is not one JSON object:"; head -c 1000 "$OUT"; echo; return 1
  fi
  bad=$(jq -r -f "$SCRATCH/shape.jq" "$OUT") || { echo "shape check failed to run"; show_output; return 1; }
  if [ -n "$bad" ]; then printf '%s\n' "$bad"; show_output; return 1; fi
}

# expect_parsed: the last run exited 0 cleanly with valid output.
expect_parsed() {
  sanitizer_clean || return 1
  if [ "$RC" -ne 0 ]; then echo "exit code $RC, expected 0; stderr:"; head -20 "$ERR"; return 1; fi
  expect_valid_json
}

# expect_parsed_or_refused: exit 0 with valid output, or exit 65 (not a
# message); never a crash.
expect_parsed_or_refused() {
  sanitizer_clean || return 1
  case "$RC" in
    0) expect_valid_json ;;
    65) return 0 ;;
    *) echo "exit code $RC, expected 0 or 65; stderr:"; head -20 "$ERR"; return 1 ;;
  esac
}

# out FILTER: jq -r FILTER of the last stdout.
out() { jq -r "$1" "$OUT"; }

# The contract's shape; prints one line per violation.
cat >"$SCRATCH/shape.jq" <<'EOF'
def strnull: type == "string" or type == "null";
def strarr: type == "array" and all(.[]; type == "string");
def bare: type != "string" or (test("^<|>$") | not);
def need(c; msg): if c then empty else msg end;
. as $o
| need((["message_id", "from", "reply_to", "to", "cc", "subject", "date", "in_reply_to", "references",
         "text", "display_text", "from_html", "attachments", "auto", "reference", "content_hash"]
        - keys) == []; "missing keys: \(["message_id", "from", "reply_to", "to", "cc", "subject", "date",
         "in_reply_to", "references", "text", "display_text", "from_html", "attachments", "auto",
         "reference", "content_hash"] - keys)"),
  need(($o.message_id | strnull) and ($o.message_id | bare); "message_id: not a string without <> or null: \($o.message_id | tojson)"),
  need(($o.from | type) == "object" and ($o.from.address | strnull) and ($o.from.name | strnull);
       "from: not {address, name} of strings or null: \($o.from | tojson)"),
  need(($o.from.address? | if type == "string" and test("@") then (split("@") | last) as $d | $d == ($d | ascii_downcase) else true end);
       "from.address: domain not lower-cased: \($o.from.address? | tojson)"),
  need($o.reply_to | strnull; "reply_to: not a string or null"),
  need(($o.to | strarr) and ($o.cc | strarr) and ($o.references | strarr); "to/cc/references: not arrays of strings"),
  need(($o.in_reply_to | strnull) and ($o.in_reply_to | bare) and (($o.references | strarr) and all($o.references[]; bare));
       "in_reply_to/references: not bare message ids: \($o.in_reply_to | tojson) \($o.references | tojson)"),
  need(($o.subject | type) == "string"; "subject: not a string"),
  need(($o.date | type) == "null" or (($o.date | type) == "string" and
       ($o.date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-]00:?00)$")));
       "date: not null or an ISO 8601 UTC time: \($o.date | tojson)"),
  need(($o.text | type) == "string" and ($o.display_text | type) == "string"; "text/display_text: not strings"),
  need(($o.text | type) != "string" or ($o.display_text | type) != "string" or
       ($o.display_text | length) <= ($o.text | length); "display_text is longer than text"),
  need(($o.from_html | type) == "boolean"; "from_html: not a boolean"),
  need(($o.attachments | type) == "array"; "attachments: not an array"),
  (($o.attachments | if type == "array" then to_entries[] else empty end) as {key: $i, value: $a}
   | need(($a | type) == "object" and ($a.filename | type) == "string" and ($a.filename | length) > 0 and
          ($a.content_type | type) == "string" and ($a.content_type | test("^[^/\\s]+/[^/\\s]+$")) and
          ($a.size | type) == "number" and $a.size >= 0 and ($a.size | floor) == $a.size and
          ($a.inline | type) == "boolean";
          "attachments[\($i)]: not {filename (non-empty), content_type, size, inline}: \($a | tojson)")),
  need($o.auto == null or ($o.auto | IN("auto-submitted", "precedence", "delivery-report", "mailer-daemon",
       "list", "auto-reply-subject")); "auto: not null or one of the reasons: \($o.auto | tojson)"),
  need($o.reference == null or (($o.reference | type) == "string" and
       ($o.reference | test("^[A-Z]{2,15}-[0-9]{4}-[0-9]{6,}$"))); "reference: malformed: \($o.reference | tojson)"),
  need(($o.content_hash | type) == "string" and ($o.content_hash | test("^[0-9a-f]{64}$"));
       "content_hash: not 64 lower-case hex digits: \($o.content_hash | tojson)")
EOF

# The expectations of one corpus file ($e) against the output; prints one
# line per unmet expectation. Text is compared with CRLF read as LF.
cat >"$SCRATCH/check.jq" <<'EOF'
def norm: if type == "string" then split("\r\n") | join("\n") else . end;
def has($s): type == "string" and index($s) != null;
def nonascii: type == "string" and (explode | any(.[]; . > 127));
def shown: tojson | if length > 300 then .[0:300] + "…" else . end;
def at($p): getpath($p | split("."));
def special: ["text_contains", "text_not_contains", "display_contains", "display_not_contains",
  "subject_contains", "attachments", "attachment_names", "attachment_details", "one_of", "matches",
  "min_length", "length"];
. as $o
| ($o.text | norm) as $text
| ($o.display_text | norm) as $disp
| ( $e | to_entries[] as $it
    | select(any(special[]; . == $it.key) | not)
    | ($o | at($it.key) | norm) as $got
    | select($got != ($it.value | norm))
    | "\($it.key): expected \($it.value | shown), got \($got | shown)" ),
  ( ($e.one_of // {}) | to_entries[] as $it
    | ($o | at($it.key)) as $got
    | select(any($it.value[]; . == $got) | not)
    | "\($it.key): expected one of \($it.value | shown), got \($got | shown)" ),
  ( ($e.matches // {}) | to_entries[] as $it
    | ($o | at($it.key) | norm) as $got
    | ($it.value | if type == "array" then .[] else . end) as $re
    | select(($got | type) != "string" or ($got | test($re) | not))
    | "\($it.key): expected to match \($re | tojson), got \($got | shown)" ),
  ( ($e.min_length // {}) | to_entries[] as $it
    | ($o | at($it.key) | length) as $n
    | select($n < $it.value)
    | "\($it.key): expected at least \($it.value) long, got \($n)" ),
  ( ($e.length // {}) | to_entries[] as $it
    | ($o | at($it.key) | length) as $n
    | select($n != $it.value)
    | "\($it.key): expected \($it.value) long, got \($n)" ),
  ( ($e.text_contains // [])[] as $s | select($text | has($s) | not) | "text lacks \($s | tojson)" ),
  ( ($e.text_not_contains // [])[] as $s | select($text | has($s)) | "text has \($s | tojson)" ),
  ( ($e.display_contains // [])[] as $s | select($disp | has($s) | not) | "display_text lacks \($s | tojson)" ),
  ( ($e.display_not_contains // [])[] as $s | select($disp | has($s)) | "display_text has \($s | tojson)" ),
  ( ($e.subject_contains // [])[] as $s | select($o.subject | has($s) | not) | "subject lacks \($s | tojson)" ),
  ( if any(($e.text_contains // [])[], ($e.display_contains // [])[]; nonascii) then
      (select($text | has("\ufffd")) | "text has U+FFFD where accented text is expected"),
      (select($disp | has("\ufffd")) | "display_text has U+FFFD where accented text is expected")
    else empty end ),
  ( if ($e.subject | nonascii) or any(($e.subject_contains // [])[]; nonascii) then
      (select($o.subject | has("\ufffd")) | "subject has U+FFFD where accented text is expected")
    else empty end ),
  ( if $e.attachments != null and ($o.attachments | length) != $e.attachments then
      "attachments: expected \($e.attachments), got \($o.attachments | length): \([$o.attachments[].filename] | tojson)"
    else empty end ),
  ( ($e.attachment_names // [])[] as $n
    | select(any($o.attachments[]; .filename == $n) | not)
    | "no attachment named \($n | tojson); names: \([$o.attachments[].filename] | tojson)" ),
  ( ($e.attachment_details // [])[] as $d
    | select(any($o.attachments[]; . as $a | all($d | to_entries[]; .key as $k | .value as $v
        | if $k == "filename_matches" then ($a.filename | type) == "string" and ($a.filename | test($v))
          else $a[$k] == $v end)) | not)
    | "no attachment like \($d | tojson); attachments: \($o.attachments | tojson)" )
EOF

# check_corpus_file FILE: parses FILE and checks its expect.json entry.
check_corpus_file() {
  local file=$1 name exp bad
  name=$(basename "$file")
  exp=$(jq -c --arg n "$name" '.[$n]' "$EXPECT") || { echo "expect.json does not parse"; return 1; }
  if [ "$exp" = null ]; then echo "$name has no entry in expect.json"; return 1; fi
  parse "$file"
  if [ "$RC" -eq 0 ] && jq -e . "$OUT" >/dev/null 2>&1; then cp "$OUT" "$SCRATCH/file-mode/$name.json"; fi
  expect_parsed || return 1
  bad=$(jq -r --argjson e "$exp" -f "$SCRATCH/check.jq" "$OUT") || { echo "expectation check failed to run"; return 1; }
  if [ -n "$bad" ]; then printf '%s\n' "$bad"; echo "output:"; show_output; return 1; fi
}

# hash_of FILE: the content_hash `mail parse` gives FILE.
hash_of() {
  parse "$1"
  expect_parsed >&2 || return 1
  out .content_hash
}

# strip_trace FILE: FILE without its Return-Path, Received and Delivered-To
# header fields (folded lines included); the body is left alone.
strip_trace() {
  awk 'BEGIN { inhead = 1; skip = 0 }
       inhead && /^\r?$/ { inhead = 0 }
       inhead && /^[ \t]/ { if (!skip) print; next }
       inhead { skip = (tolower($0) ~ /^(return-path|received|delivered-to):/) }
       !inhead || !skip { print }' "$1"
}

# mutate SRC DST: DST is SRC cut at a random length (at least one byte), then
# with a dozen random bytes overwritten.
mutate() {
  local size off
  size=$(stat -c %s "$1")
  head -c $(( (RANDOM * 32768 + RANDOM) % size + 1 )) "$1" >"$2"
  size=$(stat -c %s "$2")
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
    off=$(( (RANDOM * 32768 + RANDOM) % size ))
    head -c 1 /dev/urandom | dd of="$2" bs=1 seek="$off" conv=notrunc status=none
  done
}

# ---- the corpus ----------------------------------------------------------

test_expect_success 'the corpus has at least 35 messages, each with expectations and none without a file' '
  n=$(find "$CORPUS" -maxdepth 1 -name "*.eml" | wc -l) &&
  { [ "$n" -ge 35 ] || { echo "only $n .eml files"; false; }; } &&
  jq -r "keys[]" "$EXPECT" >"$SCRATCH/keys" &&
  (cd "$CORPUS" && ls -1 -- *.eml) >"$SCRATCH/files" &&
  { ! grep -vxF -f "$SCRATCH/files" "$SCRATCH/keys" || { echo "^ entries without a file"; false; }; } &&
  { ! grep -vxF -f "$SCRATCH/keys" "$SCRATCH/files" || { echo "^ files without an entry"; false; }; } &&
  for f in "$CORPUS"/*.eml; do
    s=$(stat -c %s "$f") && { [ "$s" -le 102400 ] || { echo "$f is $s bytes"; false; }; } || return 1
  done
'

for f in "$CORPUS"/*.eml; do
  test_expect_success "corpus: ${f##*/}" 'check_corpus_file "$f"'
done

test_expect_success 'every corpus message parses the same from standard input' '
  for f in "$CORPUS"/*.eml; do
    name=${f##*/}
    parse - <"$f"
    # (a file whose own test failed is only compared with its file output)
    if [ -f "$SCRATCH/file-mode/$name.json" ]; then
      sanitizer_clean && [ "$RC" -eq 0 ] || { echo "$name from standard input: exit $RC"; head -20 "$ERR"; return 1; }
    else
      expect_parsed || { echo "(from standard input: $name)"; return 1; }
    fi
    if [ -f "$SCRATCH/file-mode/$name.json" ] &&
       [ "$(jq -S . "$OUT")" != "$(jq -S . "$SCRATCH/file-mode/$name.json")" ]; then
      echo "$name: standard input gives other output than the file:"
      diff <(jq -S . "$SCRATCH/file-mode/$name.json") <(jq -S . "$OUT") | head -20
      return 1
    fi
  done
'

# ---- empty and missing input ---------------------------------------------

test_expect_success 'empty input is not a message: exit 65, from a file and from standard input' '
  : >"$GEN/empty.eml" &&
  parse "$GEN/empty.eml" && sanitizer_clean && { [ "$RC" -eq 65 ] || { echo "exit $RC"; false; }; } &&
  parse - </dev/null && sanitizer_clean && { [ "$RC" -eq 65 ] || { echo "exit $RC"; false; }; }
'
test_expect_success 'a file that does not exist is an error, not a crash' '
  parse "$GEN/no-such-file.eml" && sanitizer_clean &&
  { [ "$RC" -ne 0 ] || { echo "exit 0 for a missing file"; false; }; } && [ -s "$ERR" ]
'

# ---- generated hostile input ---------------------------------------------

# shellcheck disable=SC2034 # used in a test body
HUGE_SIZE=15728640
test_expect_success 'a 15 MB base64 attachment is measured exactly and parsed in time' '
  {
    printf "%s\n" "Message-ID: <huge-1@correo.test>" "Date: Mon, 1 Dec 2025 09:00:00 +0100" \
      "From: Archivo Municipal <archivo@correo.test>" "To: registro@ayto.test" \
      "Subject: Expediente completo escaneado" "MIME-Version: 1.0" \
      "Content-Type: multipart/mixed; boundary=\"gran-frontera\"" "" "--gran-frontera" \
      "Content-Type: text/plain; charset=utf-8" "" "Adjunto el expediente completo escaneado (15 MB)." "" \
      "--gran-frontera" "Content-Type: application/zip; name=\"expediente-completo.zip\"" \
      "Content-Disposition: attachment; filename=\"expediente-completo.zip\"" \
      "Content-Transfer-Encoding: base64" ""
    head -c "$HUGE_SIZE" /dev/urandom | base64 -w 76
    printf "%s\n" "--gran-frontera--"
  } >"$GEN/huge.eml" &&
  start=$(date +%s) && parse "$GEN/huge.eml" && expect_parsed &&
  echo "parsed in $(( $(date +%s) - start ))s" &&
  { [ "$(out ".attachments | length")" = 1 ] || { echo "attachments:"; out .attachments; false; }; } &&
  { [ "$(out ".attachments[0].size")" = "$HUGE_SIZE" ] ||
    { echo "size $(out ".attachments[0].size"), expected $HUGE_SIZE"; false; }; } &&
  { [ "$(out ".attachments[0].filename")" = expediente-completo.zip ] || { out .attachments; false; }; } &&
  out .text | grep -q "Adjunto el expediente completo escaneado (15 MB)."
'

# gen_nested N: a message whose text part sits inside N nested multiparts.
gen_nested() {
  local i
  printf "%s\n" "From: Anidado <anidado@correo.test>" "To: registro@ayto.test" "Subject: $1 niveles" \
    "MIME-Version: 1.0"
  for ((i = 1; i <= $1; i++)); do
    printf "Content-Type: multipart/mixed; boundary=\"nivel%04d\"\n\n--nivel%04d\n" "$i" "$i"
  done
  printf "Content-Type: text/plain; charset=utf-8\n\nTexto en lo más hondo.\n"
  for ((i = $1; i >= 1; i--)); do printf "\n--nivel%04d--\n" "$i"; done
}
test_expect_success '1,000 nested multiparts: no crash, exit 0, valid output' '
  gen_nested 1000 >"$GEN/nested.eml" &&
  parse "$GEN/nested.eml" && expect_parsed && [ "$(out .subject)" = "1000 niveles" ]
'
test_expect_success 'text 20 multiparts deep is still found' '
  gen_nested 20 >"$GEN/nested-20.eml" &&
  parse "$GEN/nested-20.eml" && expect_parsed &&
  { out .text | grep -q "Texto en lo más hondo." || { echo "text: $(out .text)"; false; }; }
'

test_expect_success '10,000 parts: no crash, exit 0, the text part kept' '
  {
    printf "%s\n" "From: Escaner <escaner@correo.test>" "To: registro@ayto.test" "Subject: Diez mil partes" \
      "MIME-Version: 1.0" "Content-Type: multipart/mixed; boundary=\"parte\"" "" "--parte" \
      "Content-Type: text/plain; charset=utf-8" "" "Un escáner mal configurado mandó diez mil partes."
    for ((i = 1; i < 10000; i++)); do
      printf -- "--parte\nContent-Type: application/octet-stream; name=\"hoja-%05d.bin\"\n\nx%d\n" "$i" "$i"
    done
    printf -- "--parte--\n"
  } >"$GEN/many.eml" &&
  parse "$GEN/many.eml" && expect_parsed &&
  out .text | grep -q "Un escáner mal configurado mandó diez mil partes."
'

test_expect_success 'random bytes: exit 0 or 65, never a crash' '
  for size in 1 2 17 512 4096 65536 1048576; do
    head -c "$size" /dev/urandom >"$GEN/random-$size.bin" &&
    parse "$GEN/random-$size.bin" && expect_parsed_or_refused ||
      { echo "input: $GEN/random-$size.bin"; return 1; }
  done &&
  { printf "Subject: basura\n\n"; head -c 65536 /dev/urandom; } >"$GEN/random-body.eml" &&
  parse "$GEN/random-body.eml" && expect_parsed
'

# MUTATION_ROUNDS (default 3) mutated copies of each corpus file; every
# failing input is reported and kept in the scratch folder.
test_expect_success 'corpus messages with random bytes overwritten and cut short: exit 0 or 65, never a crash' '
  failed=0 &&
  for round in $(seq 1 "${MUTATION_ROUNDS:-3}"); do
    for f in "$CORPUS"/*.eml; do
      m="$GEN/mutated-$round-${f##*/}"
      mutate "$f" "$m" && parse "$m"
      if expect_parsed_or_refused >"$GEN/why" 2>&1; then rm -f "$m"; else
        failed=$((failed + 1)); echo "input kept: $m"; head -8 "$GEN/why"
      fi
    done
  done &&
  [ "$failed" -eq 0 ]
'

# ---- the content hash ----------------------------------------------------

test_expect_success 'content_hash ignores Received, Delivered-To and Return-Path, and nothing else' '
  base="$CORPUS/01-utf8-simple.eml" &&
  h0=$(hash_of "$base") &&
  strip_trace "$base" >"$GEN/h-bare.eml" &&
  ! grep -qi "^received:" "$GEN/h-bare.eml" && grep -q "^Subject:" "$GEN/h-bare.eml" &&
  h1=$(hash_of "$GEN/h-bare.eml") &&
  { printf "%s\n" "Return-Path: <otra.direccion@correo.test>" "Delivered-To: buzon-2@ayto.test" \
      "Received: from mx2.ayto.test (mx2.ayto.test [198.51.100.7])" \
      "	by buzones.ayto.test (Postfix) with LMTP id 9ZZ" \
      "	for <buzon-2@ayto.test>; Tue, 4 Nov 2025 08:00:01 +0100 (CET)" \
      "Received: from relay.correo.test (relay.correo.test [203.0.113.9]) by mx2.ayto.test; Tue, 4 Nov 2025 08:00:00 +0100"
    cat "$GEN/h-bare.eml"; } >"$GEN/h-other-trace.eml" &&
  h2=$(hash_of "$GEN/h-other-trace.eml") &&
  { cat "$GEN/h-bare.eml"; echo "Una línea más."; } >"$GEN/h-body.eml" &&
  h3=$(hash_of "$GEN/h-body.eml") &&
  sed "s/^Subject: Solicitud de empadronamiento$/Subject: Solicitud de empadronamiento urgente/" \
    "$GEN/h-bare.eml" >"$GEN/h-subject.eml" &&
  h4=$(hash_of "$GEN/h-subject.eml") &&
  echo "hashes: $h0 $h1 $h2 $h3 $h4" &&
  [ "$h0" = "$h1" ] && [ "$h1" = "$h2" ] && [ "$h3" != "$h1" ] && [ "$h4" != "$h1" ]
'
test_expect_success 'content_hash ignores trace headers in a CRLF message too' '
  base="$CORPUS/02-iso-8859-1.eml" &&
  h0=$(hash_of "$base") &&
  { printf "Received: from mx1.ayto.test by buzones.ayto.test with LMTP;\r\n\tTue, 4 Nov 2025 08:15:09 +0100\r\nDelivered-To: tributos@ayto.test\r\nReturn-Path: <lfernandez@correo.test>\r\n"
    cat "$base"; } >"$GEN/h-crlf.eml" &&
  h1=$(hash_of "$GEN/h-crlf.eml") &&
  echo "hashes: $h0 $h1" && [ "$h0" = "$h1" ]
'
test_expect_success 'the same message delivered twice has the same hash; standard input too' '
  h0=$(hash_of "$GEN/h-other-trace.eml") &&
  parse - <"$GEN/h-bare.eml" && expect_parsed && [ "$(out .content_hash)" = "$h0" ]
'

test_done
