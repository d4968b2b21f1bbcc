#!/bin/sh
# Installs the Debian packages a target needs, and only those missing, so that
# `make run` and `make test` work on a fresh machine. Usage: deps.sh build|test|bench
set -eu

build_pkgs="gcc make pkg-config libc6-dev libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libutf8proc-dev libpq-dev"
test_pkgs="libcmocka-dev curl jq sqlite3 procps postgresql postgresql-contrib"
bench_pkgs="wrk curl jq sqlite3 postgresql postgresql-contrib"

case "${1:-build}" in
  build) want="$build_pkgs" ;;
  test) want="$build_pkgs $test_pkgs" ;;
  bench) want="$build_pkgs $bench_pkgs" ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "deps: missing packages:$missing (run as root, or install them)" >&2; exit 1
  fi
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
