#!/usr/bin/env bash
# The documentation is generated from, or checked against, the code: the
# error table, the route table and the configuration example.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)

test_expect_success 'docs/api.md error table is exactly `ventanilla doc errors`' '
  "$VENTANILLA" doc errors >"$SCRATCH/errors.md" &&
  sed -n "/^## Error codes/,\$p" "$root/docs/api.md" | grep "^|" >"$SCRATCH/doc-errors.md" &&
  diff -u "$SCRATCH/errors.md" "$SCRATCH/doc-errors.md"
'
test_expect_success 'every route in routes.c has a section in docs/api.md' '
  grep -Eo "\{\"(GET|POST|PATCH|PUT|DELETE)\", \"[^\"]+\"" "$root/src/http/routes.c" |
    sed -E "s/\{\"([A-Z]+)\", \"([^\"]+)\"/\1 \2/" >"$SCRATCH/routes.txt" &&
  test -s "$SCRATCH/routes.txt" &&
  missing=$(while read -r method path; do
    grep -qxF "### $method $path" "$root/docs/api.md" || echo "undocumented: $method $path"
  done <"$SCRATCH/routes.txt") &&
  { test -z "$missing" || { echo "$missing"; false; }; }
'
test_expect_success 'etc/ventanilla.conf.example is `ventanilla config example`' '
  "$VENTANILLA" config example >"$SCRATCH/example.conf" &&
  diff -u "$root/etc/ventanilla.conf.example" "$SCRATCH/example.conf"
'
test_expect_success 'the README shows the two set-up commands' '
  grep -q "^make run" "$root/README.md" && grep -q "^make test" "$root/README.md"
'
test_done
