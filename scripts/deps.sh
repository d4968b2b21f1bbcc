#!/bin/sh
# Installs the Debian packages a target needs, and only those missing, so that
# `make run` and `make test` work on a fresh machine. Usage: deps.sh build|test|bench
# For `test` it also installs the browser tests' npm packages (playwright-core,
# axe-core) into tests/browser/node_modules with `npm ci`, when that folder is
# missing or older than tests/browser/package-lock.json. No browser is ever
# downloaded: the tests drive Debian's chromium.
set -eu

build_pkgs="gcc make pkg-config libc6-dev libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libutf8proc-dev libpq-dev libgmime-3.0-dev libcurl4-openssl-dev libpcre2-dev libcmark-dev libstemmer-dev"
test_pkgs="libcmocka-dev curl jq sqlite3 procps postgresql postgresql-contrib chromium fonts-liberation fonts-dejavu-core dovecot-core dovecot-imapd dovecot-lmtpd postfix"
bench_pkgs="wrk curl jq bc sqlite3 postgresql postgresql-contrib dovecot-core dovecot-imapd dovecot-lmtpd postfix"

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
# Node.js and npm: by command, not by package, since a Node.js from another
# source (one whose nodejs package bundles npm) serves as well.
if [ "${1:-build}" = test ]; then
  command -v node >/dev/null 2>&1 || missing="$missing nodejs"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi

if [ -n "$missing" ]; then
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
fi

[ "${1:-build}" = test ] || exit 0

# ---- the browser tests' npm packages ---------------------------------------
browser=$(cd "$(dirname "$0")/../tests/browser" && pwd)
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "deps: Node.js $(node --version) is too old for playwright-core: the browser tests need Node.js 20 or newer" >&2
  exit 1
fi
if [ ! -d "$browser/node_modules" ] ||
   [ -n "$(find "$browser/package-lock.json" -newer "$browser/node_modules" 2>/dev/null)" ]; then
  echo "deps: npm ci in tests/browser"
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$browser/node_modules"
fi
