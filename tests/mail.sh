#!/usr/bin/env bash
# A throwaway mail system for the tests: a private Dovecot (IMAP and LMTP)
# and a private Postfix (SMTP) on free ports of 127.0.0.1, with every file
# (configs, queue, mailboxes, logs, pid files) in one folder.
#
#   tests/mail.sh start DIR   write the configs into DIR, start Dovecot then
#                             Postfix, wait until both answer, and write
#                             DIR/env (a shell fragment: MAIL_IMAP_PORT,
#                             MAIL_LMTP_PORT, MAIL_SMTP_PORT, MAIL_PASSWORD...)
#   tests/mail.sh stop DIR    stop both by their process ids and make sure no
#                             process of this instance is left; safe to call
#                             twice. DIR (logs, mailboxes) is left for the
#                             caller to look at or remove.
#
# Mailboxes (password `secret` for all): atencion@ayto.test and
# padron@ayto.test, every address @correo.test except local parts that
# begin with "noexiste", and the addresses in MAIL_USERS (space-separated,
# read by start). Any other address of those domains is refused at RCPT time
# (550 5.1.1); mail for any other domain is accepted from 127.0.0.1 and
# bounced at once to its sender (nothing leaves the machine).
#
# Needs root (Postfix's master runs only as root) and the Debian packages
# dovecot-core, dovecot-imapd, dovecot-lmtpd and postfix (scripts/deps.sh
# test installs them). Writes nothing outside DIR: it never uses
# /etc/dovecot, /etc/postfix/main.cf or the system's queue (Postfix only
# reads its installed file lists in /etc/postfix), nor any system daemon the
# packages may have started. Mail is stored as MAIL_OWNER (default nobody:nogroup), so DIR and
# every folder above it must be searchable by that user (chmod 755 a folder
# made by mktemp -d).
set -eu
PATH=$PATH:/usr/sbin:/sbin # dovecot, postfix, postconf

die() { echo "mail.sh: $*" >&2; exit 1; }

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case "$dir" in
  /*) ;;
  *) dir=$(pwd)/$dir ;;
esac
dir=${dir%/}

password=secret
mail_owner=${MAIL_OWNER:-nobody:nogroup}
mail_user=${mail_owner%%:*}
mail_group=${mail_owner#*:}
[ "$mail_group" != "$mail_owner" ] || mail_group=$(id -gn "$mail_user" 2>/dev/null || echo nogroup)
ayto_users="atencion@ayto.test padron@ayto.test"

dc=$dir/dovecot          # Dovecot's config, users, base_dir (run/), state, log
pf=$dir/postfix          # Postfix's config directory (main.cf, master.cf...)
pfq=$dir/postfix-queue   # its queue_directory (pid/master.pid is there)
pfd=$dir/postfix-data    # its data_directory
pflog=$dir/postfix.log   # its maillog_file
pf_pidfile=$pfq/pid/master.pid
dc_pidfile=$dc/run/master.pid

# ---- ports -------------------------------------------------------------

# A free port: random, below the kernel's ephemeral range (so no outgoing
# connection holds it), and nobody answering on it. A server that still
# finds it taken fails with "Address already in use", and start tries again
# with new ports.
eph_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$eph_low" -gt 12000 ] 2>/dev/null || eph_low=32768
taken=""
port_answers() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }
pick_port() { # pick_port VAR
  local p i
  for i in $(seq 1 200); do
    p=$((10000 + RANDOM % (eph_low - 10000)))
    case " $taken " in *" $p "*) continue ;; esac
    port_answers "$p" && continue
    taken="$taken $p"
    printf -v "$1" %s "$p"
    return 0
  done
  die "found no free port on 127.0.0.1"
}

# greets PORT PREFIX [GOODBYE]: the server on PORT sends a first line
# beginning with PREFIX; GOODBYE is then sent to end the session politely.
greets() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    [ -z "$3" ] || printf "%s\r\n" "$3" >&3
    case "$line" in "$2"*) exit 0 ;; esac
    exit 1' _ "$1" "$2" "${3:-}" 2>/dev/null
}

# wait_greets PORT PREFIX GOODBYE: up to 10 s.
wait_greets() {
  local i
  for i in $(seq 1 100); do
    greets "$@" && return 0
    sleep 0.1
  done
  return 1
}

# ---- processes -----------------------------------------------------------

# live_pid PIDFILE KIND: the pid in PIDFILE when that process runs and is
# this instance's Dovecot or Postfix master (a pid file outlives its process,
# and the pid may have been reused).
live_pid() {
  local pid
  [ -r "$1" ] || return 1
  pid=$(tr -d ' \n' 2>/dev/null <"$1" || true)
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  case "$2" in
    dovecot) tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dc/dovecot.conf" || return 1 ;;
    postfix) [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$pfq" ] || return 1 ;;
  esac
  echo "$pid"
}

# descendants PID: PID's children, grandchildren... one a line.
descendants() {
  local c
  for c in $(pgrep -P "$1" 2>/dev/null || true); do
    echo "$c"
    descendants "$c"
  done
}

# is_mail_server PID: PID runs a Dovecot or Postfix program (a pid that was
# freed and reused by something else is never killed).
is_mail_server() {
  case "$(readlink "/proc/$1/exe" 2>/dev/null)" in
    /usr/lib/dovecot/*|*/sbin/dovecot|/usr/lib/postfix/*) return 0 ;;
  esac
  return 1
}

# leftovers: processes of this instance that outlived their master: Postfix
# daemons work in its queue folder, Dovecot's in its base_dir or a mail home,
# or are chrooted into its base_dir.
leftovers() {
  local p cwd root
  for p in $(ls -l /proc/[0-9]*/exe 2>/dev/null |
    sed -nE 's#.* /proc/([0-9]+)/exe -> (/usr/lib/dovecot/|/usr/sbin/dovecot|/usr/lib/postfix/).*#\1#p'); do
    cwd=$(readlink "/proc/$p/cwd" 2>/dev/null) || continue
    root=$(readlink "/proc/$p/root" 2>/dev/null) || root=/
    case "$cwd/" in "$pfq/"*|"$dc/"*|"$dir/mail/"*) echo "$p"; continue ;; esac
    case "$root/" in "$dc/"*) echo "$p" ;; esac
  done
}

# stop_all: SIGTERM to both masters at once (each stops its children; Dovecot's
# takes a second or so), then SIGKILL to whatever of their process trees is
# left after 10 s, and to any process of this instance whose master is gone.
stop_all() {
  local pid pids="" masters="" p i alive="" rc=0 left
  if pid=$(live_pid "$pf_pidfile" postfix); then masters="$masters $pid"; fi
  if pid=$(live_pid "$dc_pidfile" dovecot); then masters="$masters $pid"; fi
  for pid in $masters; do pids="$pids $pid $(descendants "$pid" | tr '\n' ' ')"; done
  for pid in $masters; do kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 1 100); do
    alive=""
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -n "$alive" ] || break
    sleep 0.1
  done
  if [ -n "$alive" ]; then
    echo "mail.sh: processes still running 10 s after SIGTERM; killing$alive" >&2
    for p in $alive; do
      is_mail_server "$p" && kill -KILL "$p" 2>/dev/null
    done
    sleep 0.2
    rc=1
  fi
  left=$(leftovers | tr '\n' ' ')
  if [ -n "${left// /}" ]; then
    echo "mail.sh: processes of this instance outlived their master ($left); killing them" >&2
    for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
    rc=1
  fi
  return $rc
}

# ---- configs -------------------------------------------------------------

# regexp_quote ADDRESS: ADDRESS as a literal in a POSIX regular expression.
regexp_quote() { printf '%s' "$1" | sed 's/[.+]/\\&/g'; } # MAIL_USERS allows no other special character

write_dovecot_conf() { # write_dovecot_conf IMAP_PORT LMTP_PORT
  local u
  : >"$dc/users.new"
  for u in $users; do printf '%s:{PLAIN}%s::::::\n' "$u" "$password" >>"$dc/users.new"; done
  mv "$dc/users.new" "$dc/users"
  chmod 644 "$dc/users"
  cat >"$dc/dovecot.conf" <<EOF
# A throwaway Dovecot for tests, written by tests/mail.sh: it includes
# nothing from /etc/dovecot.
instance_name = $instance
base_dir = $dc/run
state_dir = $dc/state
log_path = $dc/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
auth_verbose = yes
# No delay after a failed login (auth_failure_delay), and no growing
# penalty for repeated failures from one IP (anvil-auth-penalty, disabled
# below): tests try wrong passwords on purpose.
auth_failure_delay = 0
hostname = mail.ventanilla.test
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_uid = $mail_user
mail_gid = $mail_group
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir

namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}

# The named mailboxes, then every address @correo.test but noexiste*.
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu $dc/users
}
passdb {
  driver = static
  args = password=$password
  username_filter = *@correo.test !noexiste*
}
# Without allow_all_users, a static userdb asks the passdbs whether the
# user exists, so LMTP refuses unknown recipients.
userdb {
  driver = static
  args = home=$dir/mail/%Ld/%Ln
}

protocol lmtp {
  postmaster_address = postmaster@ayto.test
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $1
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $2
  }
}
EOF
}

write_postfix_conf() { # write_postfix_conf SMTP_PORT LMTP_PORT
  local u domains
  domains=$(for u in correo.test $users; do echo "${u#*@}"; done | sort -u | tr '\n' ' ' | sed 's/ *$//')
  {
    echo "# Who has a mailbox (any other address of these domains is refused)."
    for u in $users; do echo "/^$(regexp_quote "$u")\$/ OK"; done
    echo "if !/^noexiste/"
    echo "/@correo\\.test\$/ OK"
    echo "endif"
  } >"$pf/recipients"
  {
    echo "# Unknown recipients of these domains are refused at RCPT time."
    for u in $domains; do echo "/@$(regexp_quote "$u")\$/ reject_unlisted_recipient"; done
  } >"$pf/local-domains"
  cat >"$pf/main.cf" <<EOF
# A throwaway Postfix for tests, written by tests/mail.sh; started with
# postfix -c $pf, it shares nothing with the system's instance.
compatibility_level = 3.6
queue_directory = $pfq
data_directory = $pfd
mail_owner = postfix
setgid_group = postdrop
maillog_file = $pflog
maillog_file_prefixes = $pflog
myhostname = mail.ventanilla.test
mydomain = ventanilla.test
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
local_recipient_maps =
relay_domains =
alias_maps =
alias_database =
biff = no
append_dot_mydomain = no
smtpd_banner = \$myhostname ESMTP ventanilla test mail
smtpd_peername_lookup = no
smtpd_error_sleep_time = 0
smtpd_reject_unlisted_recipient = no
smtpd_recipient_restrictions = check_recipient_access regexp:$pf/local-domains, permit_mynetworks, reject_unauth_destination
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
# ayto.test, correo.test (and MAIL_USERS' domains) go to Dovecot by LMTP...
virtual_mailbox_domains = $domains
virtual_mailbox_maps = regexp:$pf/recipients
virtual_alias_maps =
virtual_transport = lmtp:inet:127.0.0.1:$2
lmtp_host_lookup = native
# ...and nothing else leaves: mail for other domains is accepted, then
# bounced at once to its sender (as a smarthost would: smtpd checks only the
# mail domains' recipients, else it would refuse the rest at RCPT time).
default_transport = error:5.1.2 this test mail system delivers only to $domains
relay_transport = \$default_transport
# Retry soon what Dovecot deferred; give up soon.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 5s
maximal_queue_lifetime = 10m
bounce_queue_lifetime = 10m
EOF
  cat >"$pf/master.cf" <<EOF
# service         type  private unpriv chroot wakeup maxproc command
127.0.0.1:$1      inet  n       -       n       -       -       smtpd
pickup            unix  n       -       n       60      1       pickup
cleanup           unix  n       -       n       -       0       cleanup
qmgr              unix  n       -       n       300     1       qmgr
rewrite           unix  -       -       n       -       -       trivial-rewrite
bounce            unix  -       -       n       -       0       bounce
defer             unix  -       -       n       -       0       bounce
trace             unix  -       -       n       -       0       bounce
verify            unix  -       -       n       -       1       verify
flush             unix  n       -       n       1000?   0       flush
proxymap          unix  -       -       n       -       -       proxymap
proxywrite        unix  -       -       n       -       1       proxymap
smtp              unix  -       -       n       -       -       smtp
relay             unix  -       -       n       -       -       smtp
showq             unix  n       -       n       -       -       showq
error             unix  -       -       n       -       -       error
retry             unix  -       -       n       -       -       error
discard           unix  -       -       n       -       -       discard
lmtp              unix  -       -       n       -       -       lmtp
anvil             unix  -       -       n       -       1       anvil
scache            unix  -       -       n       -       1       scache
postlog           unix-dgram n  -       n       -       1       postlogd
EOF
  chmod 644 "$pf/recipients" "$pf/local-domains" "$pf/main.cf" "$pf/master.cf"
  # The postfix command waits until main.cf is a couple of seconds old (in
  # case it is still being edited); backdate it to start at once.
  touch -d '-1 minute' "$pf/recipients" "$pf/local-domains" "$pf/main.cf" "$pf/master.cf"
}

# ---- start / stop --------------------------------------------------------

show_logs() {
  local f
  for f in "$dc/start.log" "$dc/dovecot.log" "$pf/start.log" "$pflog"; do
    [ -s "$f" ] || continue
    echo "--- $f" >&2
    tail -25 "$f" >&2
  done
}

fail() {
  show_logs
  stop_all >/dev/null 2>&1 || true
  die "$*"
}

start() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (Postfix's master runs only as root)"
  command -v dovecot >/dev/null 2>&1 || die "dovecot not found; install the Debian packages dovecot-core dovecot-imapd dovecot-lmtpd (scripts/deps.sh test does)"
  [ -x /usr/lib/dovecot/imap ] || die "Dovecot's IMAP server is missing; install the Debian package dovecot-imapd"
  [ -x /usr/lib/dovecot/lmtp ] || die "Dovecot's LMTP server is missing; install the Debian package dovecot-lmtpd"
  command -v postfix >/dev/null 2>&1 || die "postfix not found; install the Debian package postfix (scripts/deps.sh test does)"
  command -v pgrep >/dev/null 2>&1 || die "pgrep not found; install the Debian package procps"
  local v
  v=$(dovecot --version | cut -d' ' -f1)
  case "$v" in
    2.3.*) ;;
    *) die "Dovecot $v: this script writes a Dovecot 2.3 configuration (Debian 12's); 2.4 changed the syntax" ;;
  esac
  local u
  for u in "$mail_user" dovecot dovenull postfix; do
    id -u "$u" >/dev/null 2>&1 || die "no system user '$u' (the dovecot-core and postfix packages create dovecot, dovenull and postfix; MAIL_OWNER names the mail's owner)"
  done
  getent group postdrop >/dev/null || die "no group postdrop (the postfix package creates it)"
  getent group "$mail_group" >/dev/null || die "no group '$mail_group' for the mail (MAIL_OWNER=user:group)"

  [ ! -e "$dir/.vt-mail" ] || die "$dir already holds a mail system (stop it and remove the folder first)"
  # Unix sockets live in DIR/dovecot/run and DIR/postfix/queue, and a socket
  # path has at most 107 bytes.
  [ ${#dir} -le 70 ] || die "$dir is too long for the servers' unix sockets (70 characters at most)"
  mkdir -p "$dir"
  : >"$dir/.vt-mail"
  chmod 755 "$dir"
  if ! runuser -u "$mail_user" -- test -x "$dir"; then
    die "user $mail_user cannot reach $dir: every parent folder must be searchable by it (chmod 755 the folder made by mktemp)"
  fi
  mkdir -p "$dc" "$dc/state" "$pf" "$pfq" "$pfd" "$dir/mail"
  chmod 755 "$dc" "$pf" "$pfq"
  chown postfix "$pfd"
  chown "$mail_user:$mail_group" "$dir/mail"
  chmod 700 "$dir/mail"
  instance=vt-mail-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)

  # The mailboxes with a password of their own (correo.test is a wildcard).
  users=$ayto_users
  for u in ${MAIL_USERS:-}; do
    case "$u" in
      *[!A-Za-z0-9@._+-]*|*@*@*|@*|*@|*@correo.test) die "MAIL_USERS: '$u' is not an address outside correo.test" ;;
      *@*) users="$users $(echo "$u" | tr '[:upper:]' '[:lower:]')" ;;
      *) die "MAIL_USERS: '$u' is not an address" ;;
    esac
  done

  # Dovecot first: Postfix delivers to it.
  local attempt imap_port lmtp_port smtp_port pid started=0
  for attempt in 1 2 3 4 5; do
    pick_port imap_port
    pick_port lmtp_port
    write_dovecot_conf "$imap_port" "$lmtp_port"
    if dovecot -c "$dc/dovecot.conf" >"$dc/start.log" 2>&1; then
      started=1
      break
    fi
    grep -qi "address already in use" "$dc/start.log" "$dc/dovecot.log" 2>/dev/null || break
    stop_all >/dev/null 2>&1 || true
  done
  [ "$started" -eq 1 ] || fail "Dovecot did not start"
  wait_greets "$imap_port" "* OK" "a LOGOUT" || fail "Dovecot's IMAP does not answer on 127.0.0.1:$imap_port"
  wait_greets "$lmtp_port" "220 " "QUIT" || fail "Dovecot's LMTP does not answer on 127.0.0.1:$lmtp_port"

  started=0
  for attempt in 1 2 3 4 5; do
    pick_port smtp_port
    write_postfix_conf "$smtp_port" "$lmtp_port"
    if postfix -c "$pf" start >"$pf/start.log" 2>&1; then
      started=1
      break
    fi
    grep -qi "address already in use" "$pf/start.log" "$pflog" 2>/dev/null || break
    if pid=$(live_pid "$pf_pidfile" postfix); then kill -TERM "$pid" 2>/dev/null || true; sleep 1; fi
  done
  [ "$started" -eq 1 ] || fail "Postfix did not start"
  wait_greets "$smtp_port" "220 " "QUIT" || fail "Postfix's SMTP does not answer on 127.0.0.1:$smtp_port"

  local dpid ppid
  dpid=$(live_pid "$dc_pidfile" dovecot) || fail "Dovecot's master pid file $dc_pidfile names no running Dovecot"
  ppid=$(live_pid "$pf_pidfile" postfix) || fail "Postfix's master pid file $pf_pidfile names no running Postfix"
  {
    echo "# Written by tests/mail.sh start; source it."
    echo "MAIL_DIR=$dir"
    echo "MAIL_HOST=127.0.0.1"
    echo "MAIL_IMAP_PORT=$imap_port"
    echo "MAIL_LMTP_PORT=$lmtp_port"
    echo "MAIL_SMTP_PORT=$smtp_port"
    echo "MAIL_PASSWORD=$password"
    echo "MAIL_IMAP_URL=imap://127.0.0.1:$imap_port"
    echo "MAIL_SMTP_URL=smtp://127.0.0.1:$smtp_port"
    echo "MAIL_ADMIN=atencion@ayto.test"
    echo "MAIL_ADMIN2=padron@ayto.test"
    echo "MAIL_USERS='$users'"
    echo "MAIL_DOVECOT_PID=$dpid"
    echo "MAIL_POSTFIX_PID=$ppid"
    echo "MAIL_DOVECOT_CONF=$dc/dovecot.conf"
    echo "MAIL_POSTFIX_CONF=$pf"
    echo "MAIL_DOVECOT_LOG=$dc/dovecot.log"
    echo "MAIL_POSTFIX_LOG=$pflog"
    echo "MAIL_STORE=$dir/mail"
  } >"$dir/env"
  echo "mail.sh: Dovecot $v (IMAP 127.0.0.1:$imap_port, LMTP 127.0.0.1:$lmtp_port) and Postfix $(postconf -h -c "$pf" mail_version) (SMTP 127.0.0.1:$smtp_port) in $dir"
}

stop() {
  [ -d "$dir" ] || return 0
  [ -e "$dir/.vt-mail" ] || die "$dir was not made by mail.sh start; not touching it"
  stop_all
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
