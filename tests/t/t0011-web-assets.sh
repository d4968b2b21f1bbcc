#!/usr/bin/env bash
# The web front ends' file server: content types, ETags and 304s, the
# Content-Security-Policy and other security headers, clean URLs, friendly
# 404s, no way out of web/, and HTML under web/ that the CSP will not break.
. "$(dirname "$0")/lib.sh"
WEB=$(cd "$(dirname "$0")/../../web" && pwd)
# The files compiled into the binary (the front-end developer's mode, which
# reads web/ from disk, is checked on its own below).
unset VENTANILLA_WEB_DIR
start_server

# etag_of: the ETag of the last response (with its quotes).
etag_of() { grep -i '^ETag:' "$HEADERS" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
# header_of NAME: the value of a header of the last response.
header_of() { grep -i "^$1:" "$HEADERS" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
# expect_empty_body: the last response had no body.
expect_empty_body() {
  if [ -s "$BODY" ]; then echo "expected no body, got $(wc -c <"$BODY") bytes"; return 1; fi
}
# expect_html_404: a friendly page for people, still a 404.
expect_html_404() {
  expect_status 404 && expect_header Content-Type "text/html; charset=utf-8" &&
  grep -qi '<html' "$BODY"
}
# expect_not_outside: the body holds none of the files outside web/.
expect_not_outside() {
  if grep -q -e '#include' -e 'PKGS' -e 'root:' "$BODY"; then
    echo "a file from outside web/ was served:"; head -5 "$BODY"; return 1
  fi
}

test_expect_success 'pages and assets answer 200 with the right Content-Type' '
  api GET / && expect_status 200 && expect_header Content-Type "text/html; charset=utf-8" &&
  grep -qi "<html" "$BODY" &&
  api GET /agent/ && expect_status 200 && expect_header Content-Type "text/html; charset=utf-8" &&
  api GET /static/common/api.js && expect_status 200 &&
  expect_header Content-Type "text/javascript; charset=utf-8" &&
  cmp -s "$BODY" "$WEB/common/api.js" &&
  api GET /static/common/base.css && expect_status 200 &&
  expect_header Content-Type "text/css; charset=utf-8" &&
  api GET /static/i18n/es/common.json && expect_status 200 &&
  expect_header Content-Type "application/json; charset=utf-8" &&
  jq -e "type == \"object\"" "$BODY" >/dev/null
'

test_expect_success 'every file has an ETag, and If-None-Match with it gives 304 with no body' '
  for p in / /agent/ /static/common/api.js /static/common/base.css /static/i18n/es/common.json; do
    api GET "$p" && expect_status 200 || return 1
    etag=$(etag_of)
    echo "$p: ETag $etag"
    case "$etag" in \"?*\") ;; *) echo "no strong ETag on $p"; return 1 ;; esac
    : >"$BODY" # curl leaves the file alone when no body comes
    api GET "$p" -H "If-None-Match: $etag" && expect_status 304 && expect_empty_body &&
    expect_header ETag "$etag" || return 1
    api GET "$p" -H "If-None-Match: \"0000\"" && expect_status 200 || return 1
  done
'

# head_request PATH: a HEAD request; headers in $HEADERS, status in $STATUS.
# shellcheck disable=SC2034 # STATUS is read by expect_status
head_request() {
  STATUS=$(curl -s -I -o /dev/null -D "$HEADERS" -w '%{http_code}' --max-time 10 "$BASE$1")
}

test_expect_success 'HEAD answers like GET without a body' '
  for p in / /static/common/base.css; do
    api GET "$p" && len=$(wc -c <"$BODY") && etag=$(etag_of) && type=$(header_of Content-Type) &&
    head_request "$p" && expect_status 200 && expect_header Content-Type "$type" &&
    expect_header ETag "$etag" && expect_header Content-Length "$len" || return 1
  done &&
  : >"$BODY" &&
  # A body after the HEAD answer would be read as the next response on the
  # same connection, and spoil it.
  curl -s -I -o /dev/null --max-time 10 "$BASE/" --next -s -o "$BODY" --max-time 10 "$BASE/healthz" &&
  expect_json .status ok
'

test_expect_success 'pages carry a Content-Security-Policy with no inline script' '
  for p in / /agent/ /no-such-page; do
    api GET "$p" || return 1
    csp=$(header_of Content-Security-Policy)
    echo "$p: $csp"
    case "$csp" in *"script-src '"'"'self'"'"'"*) ;; *) echo "no script-src self on $p"; return 1 ;; esac
    case "$csp" in *unsafe-inline*|*unsafe-eval*) echo "unsafe source on $p"; return 1 ;; esac
    case "$csp" in *"default-src '"'"'self'"'"'"*) ;; *) echo "no default-src self on $p"; return 1 ;; esac
    case "$csp" in *"frame-ancestors '"'"'none'"'"'"*) ;; *) echo "no frame-ancestors none on $p"; return 1 ;; esac
  done
'

test_expect_success 'security headers: nosniff, no framing, a referrer policy' '
  for p in / /agent/ /static/common/api.js /no-such-page; do
    api GET "$p" && expect_header X-Content-Type-Options nosniff &&
    expect_header X-Frame-Options DENY && expect_header Referrer-Policy "[a-z-]+" || return 1
  done
'

test_expect_success '/agent redirects to /agent/ with 308' '
  api GET /agent && expect_status 308 && expect_header Location "/agent/"
'

test_expect_success 'every path under /agent/ serves the console page' '
  api GET /agent/ && cp "$BODY" "$SCRATCH/agent.html" &&
  api GET /agent/anything/deep && expect_status 200 &&
  expect_header Content-Type "text/html; charset=utf-8" && cmp "$BODY" "$SCRATCH/agent.html" &&
  api GET "/agent/ticket/123?x=1" && expect_status 200 && cmp "$BODY" "$SCRATCH/agent.html"
'

test_expect_success 'a one-segment path serves web/portal/<name>.html' '
  found="" &&
  for f in "$WEB"/portal/*.html; do
    name=$(basename "$f" .html)
    case "$name" in index|404) continue ;; esac
    api GET "/static/portal/$name.html" && [ "$STATUS" = 200 ] || continue
    cp "$BODY" "$SCRATCH/page.html"
    api GET "/$name" && expect_status 200 && expect_header Content-Type "text/html; charset=utf-8" &&
    cmp "$BODY" "$SCRATCH/page.html" && expect_header Content-Security-Policy "default-src .*script-src" || return 1
    api GET "/$name.html" && expect_html_404 || return 1
    found=$name
  done &&
  echo "pages checked up to $found" && [ -n "$found" ]
'

test_expect_success 'unknown pages and files are 404 with an HTML body' '
  api GET /nope && expect_html_404 &&
  api GET /static/nope.js && expect_html_404 &&
  api GET /static/common/ && expect_html_404 &&
  api GET /static/ && expect_html_404 &&
  api GET /agentx && expect_html_404 &&
  api GET /a/b && expect_html_404
'

test_expect_success 'no path reaches files outside web/' '
  for p in /static/../src/main.c /static/%2e%2e/Makefile /..%2fMakefile /static/..%2fMakefile \
           /static/common/../../Makefile /static/%2e%2e%2f%2e%2e%2fMakefile /static//etc/passwd \
           /static/common/%2e%2e/%2e%2e/src/main.c /%2e%2e/Makefile /static/./../Makefile; do
    api GET "$p" --path-as-is || return 1
    echo "$p: $STATUS"
    expect_status 404 && expect_not_outside || return 1
  done &&
  api GET /agent/ && cp "$BODY" "$SCRATCH/agent.html" &&
  for p in /agent/../Makefile /agent/%2e%2e/%2e%2e/Makefile; do
    api GET "$p" --path-as-is && echo "$p: $STATUS (the console page)" &&
    expect_status 200 && cmp "$BODY" "$SCRATCH/agent.html" || return 1
  done
'

test_expect_success 'POST, PUT and DELETE on pages are 405 with Allow: GET, HEAD' '
  api POST / "{}" && expect_status 405 && expect_header Allow "GET, HEAD" &&
  api PUT /static/common/api.js "x" && expect_status 405 && expect_header Allow "GET, HEAD" &&
  api DELETE /agent/ && expect_status 405 && expect_header Allow "GET, HEAD"
'

test_expect_success 'the API is unaffected: JSON 404 under /api/, /healthz ok' '
  api GET /api/v1/nope && expect_status 404 && expect_header Content-Type "application/json" &&
  expect_json .error.code not_found &&
  api GET /api && expect_status 404 && expect_json .error.code not_found &&
  api GET /healthz && expect_status 200 && expect_json .status ok
'

test_expect_success 'the server stops cleanly' '
  expect_clean_stop
'

# The front-end developer's mode: web/ read from disk on each request.
test_expect_success 'with server.web_dir: files come from disk, still never from outside web/' '
  VENTANILLA_WEB_DIR=$WEB start_server &&
  api GET /static/common/api.js && expect_status 200 && cmp -s "$BODY" "$WEB/common/api.js" &&
  expect_header Content-Type "text/javascript; charset=utf-8" &&
  expect_header Content-Security-Policy "default-src" &&
  api GET /agent/deep/path && expect_status 200 && cmp -s "$BODY" "$WEB/agent/index.html" &&
  api GET /nope && expect_html_404 &&
  for p in /static/../src/main.c /static/%2e%2e/Makefile /..%2fMakefile /static/..%2f..%2fMakefile \
           /static/common/%2e%2e/%2e%2e/Makefile /static//etc/passwd /static/%2fetc%2fpasswd; do
    api GET "$p" --path-as-is || return 1
    echo "$p: $STATUS"
    expect_status 404 && expect_not_outside || return 1
  done &&
  expect_clean_stop
'

# ---- the HTML itself: what the CSP would block must not be there ----------

# html_problems: lists inline scripts, event-handler and style attributes,
# <style> elements and javascript: URLs in web/**/*.html, one a line.
html_problems() {
  find "$WEB" -name '*.html' -print0 | sort -z | xargs -0 perl -0777 -ne '
    my $f = $ARGV;
    my $text = $_;
    $text =~ s/<!--.*?-->//gs;
    while ($text =~ /<script\b([^>]*)>(.*?)<\/script\s*>/gis) {
      my ($attrs, $body) = ($1, $2);
      if ($attrs !~ /\ssrc\s*=/i) { print "$f: inline <script> (no src)\n"; }
      elsif ($body =~ /\S/) { print "$f: <script src> with content\n"; }
    }
    while ($text =~ /<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"\x27]|"[^"]*"|\x27[^\x27]*\x27)*)>/g) {
      my ($tag, $attrs) = ($1, $2);
      print "$f: <$tag> has an event-handler attribute ($1)\n" while $attrs =~ /\s(on[a-z]+)\s*=/gi;
      print "$f: <$tag> has a style attribute\n" if $attrs =~ /\sstyle\s*=/i;
      print "$f: <$tag> has a javascript: URL\n" if $attrs =~ /=\s*["\x27]?\s*javascript:/i;
    }
    print "$f: <style> element\n" if $text =~ /<style\b/i;
  '
}

test_expect_success 'no HTML under web/ has inline script, on*= or style= (the CSP forbids them)' '
  n=$(find "$WEB" -name "*.html" | wc -l) && echo "$n HTML files" && [ "$n" -gt 0 ] &&
  html_problems >"$SCRATCH/html-problems" &&
  if [ -s "$SCRATCH/html-problems" ]; then cat "$SCRATCH/html-problems"; false; fi
'

test_expect_success 'the HTML check itself finds what it looks for' '
  mkdir -p "$SCRATCH/web" &&
  printf "%s\n" "<html><body><p style=\"color:red\">x</p><button onclick=\"go()\">b</button>" \
    "<script>alert(1)</script><script type=\"module\" src=\"/static/a.js\"></script>" \
    "<a href=\"javascript:void 0\">x</a><style>p{}</style></body></html>" >"$SCRATCH/web/bad.html" &&
  WEB="$SCRATCH/web" html_problems >"$SCRATCH/found" && cat "$SCRATCH/found" &&
  [ "$(wc -l <"$SCRATCH/found")" -eq 5 ]
'

test_done
