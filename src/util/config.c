/* Configuration. Every option is a row of one table, so the file parser, the
 * environment, the flags, validation and the example file cannot disagree. */
#include "util/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

enum opt_type { OPT_STR, OPT_INT, OPT_BOOL };

struct opt {
  const char *section;
  const char *name;
  const char *env;
  enum opt_type type;
  size_t offset;
  size_t size; /* strings: buffer size */
  long min, max;
  const char *def;
  const char *help;
};

#define STR(sec, nm, env, field, def, help)                                                        \
  {                                                                                                \
    sec, nm, env, OPT_STR, offsetof(struct vt_config, field),                                      \
        sizeof(((struct vt_config *)0)->field), 0, 0, def, help                                    \
  }
#define INT(sec, nm, env, field, lo, hi, def, help)                                                \
  { sec, nm, env, OPT_INT, offsetof(struct vt_config, field), 0, lo, hi, def, help }
#define BOOL(sec, nm, env, field, def, help)                                                       \
  { sec, nm, env, OPT_BOOL, offsetof(struct vt_config, field), 0, 0, 1, def, help }

static const struct opt options[] = {
    STR("server", "listen", "VENTANILLA_LISTEN", listen, "127.0.0.1:8080",
        "Address and port to listen on (ADDR:PORT; use [::1]:PORT for IPv6)."),
    INT("server", "threads", "VENTANILLA_THREADS", threads, 1, 256, "2",
        "Network I/O threads (epoll); about one per core is plenty."),
    INT("server", "workers", "VENTANILLA_WORKERS", workers, 1, 4096, "24",
        "Request handler threads. A request waiting for its group commit holds one, so this\n"
        "# bounds how many writes share one disk flush; more than about ten per core only adds\n"
        "# scheduling (measured: 24 beat 64 by 10% on two cores). Live streams hold none."),
    INT("server", "max_body", "VENTANILLA_MAX_BODY", max_body, 1024, 104857600, "1048576",
        "Largest request body accepted, in bytes; larger ones are answered 413."),
    INT("server", "max_connections", "VENTANILLA_MAX_CONNECTIONS", max_connections, 16, 1000000,
        "20000",
        "Open connections one node accepts at most (live streams and chats each hold one);\n"
        "# the open-files limit is raised to fit at start-up."),
    STR("server", "public_url", "VENTANILLA_PUBLIC_URL", public_url, "http://localhost:8080",
        "The address citizens and agents use; links in messages are built from it."),
    STR("server", "web_dir", "VENTANILLA_WEB_DIR", web_dir, "",
        "For front-end work only: serve the web pages from this folder (the project's web/)\n"
        "# instead of the copies built into the binary, so an edit shows on reload."),
    STR("server", "cookie_secure", "VENTANILLA_COOKIE_SECURE", cookie_secure, "auto",
        "Mark the session cookie Secure: true, false, or auto (when public_url is https)."),
    INT("server", "session_ttl", "VENTANILLA_SESSION_TTL", session_ttl, 60, 2592000, "28800",
        "Lifetime of an agent's login session, in seconds."),
    BOOL("server", "trust_proxy", "VENTANILLA_TRUST_PROXY", trust_proxy, "false",
         "Take the client address from X-Forwarded-For (only behind your own proxy)."),
    INT("attachments", "max_size", "VENTANILLA_ATTACHMENT_MAX", attachment_max, 1024, 104857600,
        "10485760", "Largest file a citizen or an agent may attach, in bytes (413 above it)."),
    STR("mail", "domain", "VENTANILLA_MAIL_DOMAIN", mail_domain, "ventanilla.localhost",
        "Domain of the Message-IDs ventanilla gives the emails it sends (your mail domain)."),
    STR("mail", "smtp_url", "VENTANILLA_SMTP_URL", smtp_url, "",
        "Outgoing mail server for administrations without their own (smtp://host:port or\n"
        "# smtps://host:port); empty: only administrations with SMTP settings send mail."),
    STR("mail", "smtp_from", "VENTANILLA_SMTP_FROM", smtp_from, "",
        "From address with mail.smtp_url (e.g. atencion@example.es)."),
    INT("mail", "poll_interval", "VENTANILLA_MAIL_POLL", mail_poll_interval, 1, 86400, "30",
        "Seconds between two polls of each IMAP mailbox."),
    INT("mail", "acks_per_day", "VENTANILLA_MAIL_ACKS_PER_DAY", mail_acks_per_day, 0, 1000, "5",
        "Automatic acknowledgements sent to one address per day at most (loop protection)."),
    INT("mail", "tickets_per_hour", "VENTANILLA_MAIL_TICKETS_PER_HOUR", mail_tickets_per_hour, 0,
        100000, "20",
        "New tickets one sender may open by email per hour; further messages join their latest\n"
        "# (stored, not acknowledged). 0: no limit."),
    INT("mail", "retry_seconds", "VENTANILLA_MAIL_RETRY", mail_retry_seconds, 1, 86400, "30",
        "Wait before retrying a send that failed for now; doubled at each attempt (8 at most)."),
    BOOL("mail", "workers", "VENTANILLA_MAIL_WORKERS", mail_workers, "true",
         "Whether this node polls the IMAP mailboxes and sends the outbox (nodes share the\n"
         "# work safely; turn it off on nodes that should only serve HTTP)."),
    INT("chat", "max_per_agent", "VENTANILLA_CHAT_MAX_PER_AGENT", chat_max_per_agent, 1, 50, "3",
        "Chats one agent may have open at once."),
    INT("chat", "queue_timeout", "VENTANILLA_CHAT_QUEUE_TIMEOUT", chat_queue_timeout, 1, 86400,
        "600",
        "Seconds a chat waits in the queue before it is kept as a request (with its reference)."),
    INT("routing", "classifier_threshold", "VENTANILLA_ROUTING_THRESHOLD", routing_threshold, 1,
        100, "70",
        "Where no routing rule chose a department, the learned classifier's choice is applied\n"
        "# only when its confidence is at least this percentage."),
    BOOL("routing", "auto_answer", "VENTANILLA_ROUTING_AUTO_ANSWER", routing_auto_answer, "true",
         "Answer a new request at once, on its channel, with a public knowledge-base article\n"
         "# that matches it confidently (a routing rule's reply or an announcement come first)."),
    INT("routing", "retrain_hours", "VENTANILLA_ROUTING_RETRAIN_HOURS", routing_retrain_hours, 0,
        8760, "24",
        "Hours between two automatic retrainings of each administration's classifier on its\n"
        "# resolved tickets (in the background); 0: only on demand."),
    INT("sla", "sweep_seconds", "VENTANILLA_SLA_SWEEP_SECONDS", sla_sweep_seconds, 0, 3600, "30",
        "Seconds between two passes of the deadline sweep (due times of changed tickets,\n"
        "# warnings and breaches); 0: off on this node. Every node may run it: each\n"
        "# escalation fires once."),
    BOOL("surveys", "enabled", "VENTANILLA_SURVEYS_ENABLED", surveys_enabled, "true",
         "Offer the citizen a short satisfaction survey (CSAT, first-contact resolution,\n"
         "# effort, NPS, a comment) on the ticket's channel when it is resolved; never for\n"
         "# confidential tickets. See docs/surveys.md."),
    INT("surveys", "min_interval_days", "VENTANILLA_SURVEYS_MIN_INTERVAL_DAYS",
        surveys_min_interval_days, 0, 3650, "30",
        "Days after a survey during which the same citizen is offered no other (0: one per\n"
        "# resolved ticket)."),
    STR("database", "path", "VENTANILLA_DB", db, "var/ventanilla.db",
        "SQLite database file (created if missing), or a PostgreSQL URL:\n"
        "# postgresql://user:password@host:5432/dbname (or "
        "postgresql:///dbname?host=/run/postgresql)."),
    INT("database", "pool_size", "VENTANILLA_POOL_SIZE", pool_size, 1, 1000, "16",
        "PostgreSQL connections per node (all nodes together must stay under the server's\n"
        "# max_connections)."),
    INT("database", "busy_timeout_ms", "VENTANILLA_BUSY_TIMEOUT_MS", busy_timeout_ms, 0, 600000,
        "5000", "How long to wait for a lock held by another process, in milliseconds."),
    STR("log", "level", "VENTANILLA_LOG_LEVEL", log_level, "info",
        "debug, info, warn, error or off. Logs never contain personal data or secrets."),
    INT("security", "login_max_failures", "VENTANILLA_LOGIN_MAX_FAILURES", login_max_failures, 1,
        1000, "5",
        "Failed logins allowed per account within the window (four times as many per client\n"
        "# address, since one office may share an address)."),
    INT("security", "login_window", "VENTANILLA_LOGIN_WINDOW", login_window, 10, 86400, "900",
        "The login throttling window, in seconds."),
};
#define N_OPTIONS (sizeof options / sizeof options[0])

static int set_opt(struct vt_config *c, const struct opt *o, const char *value,
                   const char *origin) {
  char *field = (char *)c + o->offset;
  switch (o->type) {
  case OPT_STR:
    if (strlen(value) >= o->size) {
      fprintf(stderr, "config: [%s] %s: longer than %zu bytes (%s)\n", o->section, o->name,
              o->size - 1, origin);
      return -1;
    }
    memcpy(field, value, strlen(value) + 1);
    return 0;
  case OPT_INT: {
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < o->min || v > o->max) {
      fprintf(stderr, "config: [%s] %s: must be a whole number from %ld to %ld (%s)\n", o->section,
              o->name, o->min, o->max, origin);
      return -1;
    }
    if (o->offset == offsetof(struct vt_config, max_body) ||
        o->offset == offsetof(struct vt_config, attachment_max))
      *(long *)field = v;
    else
      *(int *)field = (int)v;
    return 0;
  }
  case OPT_BOOL:
    if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
      *(bool *)field = true;
    else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
      *(bool *)field = false;
    else {
      fprintf(stderr, "config: [%s] %s: must be true or false (%s)\n", o->section, o->name, origin);
      return -1;
    }
    return 0;
  }
  return -1;
}

void vt_config_defaults(struct vt_config *c) {
  memset(c, 0, sizeof *c);
  for (size_t i = 0; i < N_OPTIONS; i++)
    set_opt(c, &options[i], options[i].def, "default");
}

static char *trim(char *s) {
  while (isspace((unsigned char)*s))
    s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = '\0';
  return s;
}

int vt_config_load_file(struct vt_config *c, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "config: %s: %s\n", path, strerror(errno));
    return -1;
  }
  char line[2048], section[64] = "";
  int lineno = 0, rc = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    if (!strchr(line, '\n') && !feof(f)) {
      /* Never parse the tail of a long line as a line of its own: a long
       * comment is skipped whole, any other long line is an error. */
      int ch;
      while ((ch = fgetc(f)) != EOF && ch != '\n')
        ;
      const char *first = line + strspn(line, " \t");
      if (*first == '#' || *first == ';')
        continue;
      fprintf(stderr, "config: %s:%d: line longer than %zu bytes\n", path, lineno, sizeof line - 2);
      rc = -1;
      break;
    }
    char *s = trim(line);
    if (!*s || *s == '#' || *s == ';')
      continue;
    if (*s == '[') {
      char *end = strchr(s, ']');
      if (!end || end[1]) {
        fprintf(stderr, "config: %s:%d: malformed section header\n", path, lineno);
        rc = -1;
        break;
      }
      *end = '\0';
      snprintf(section, sizeof section, "%s", trim(s + 1));
      continue;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
      fprintf(stderr, "config: %s:%d: expected option = value\n", path, lineno);
      rc = -1;
      break;
    }
    *eq = '\0';
    char *name = trim(s), *value = trim(eq + 1);
    const struct opt *o = NULL;
    for (size_t i = 0; i < N_OPTIONS; i++)
      if (!strcmp(options[i].section, section) && !strcmp(options[i].name, name))
        o = &options[i];
    if (!o) {
      fprintf(stderr, "config: [%s] %s: unknown option (%s:%d)\n", section, name, path, lineno);
      rc = -1;
      break;
    }
    if (set_opt(c, o, value, path) != 0) {
      rc = -1;
      break;
    }
  }
  fclose(f);
  return rc;
}

int vt_config_load_env(struct vt_config *c) {
  for (size_t i = 0; i < N_OPTIONS; i++) {
    const char *v = getenv(options[i].env);
    if (v && set_opt(c, &options[i], v, options[i].env) != 0)
      return -1;
  }
  return 0;
}

int vt_config_set(struct vt_config *c, const char *name, const char *value) {
  if (!strcmp(name, "db"))
    name = "path";
  for (size_t i = 0; i < N_OPTIONS; i++)
    if (!strcmp(options[i].name, name))
      return set_opt(c, &options[i], value, "command line");
  fprintf(stderr, "config: unknown option %s\n", name);
  return -1;
}

int vt_config_listen_parts(const struct vt_config *c, char *host, size_t hostsz, int *port) {
  const char *colon = strrchr(c->listen, ':');
  if (!colon || colon == c->listen)
    return -1;
  const char *h = c->listen;
  size_t hl = (size_t)(colon - h);
  if (h[0] == '[' && colon[-1] == ']') {
    h++;
    hl -= 2;
  }
  if (hl + 1 > hostsz)
    return -1;
  memcpy(host, h, hl);
  host[hl] = '\0';
  char *end;
  long p = strtol(colon + 1, &end, 10);
  if (*end || p < 0 || p > 65535 || end == colon + 1)
    return -1;
  *port = (int)p;
  return 0;
}

bool vt_config_cookie_secure(const struct vt_config *c) {
  if (!strcmp(c->cookie_secure, "true"))
    return true;
  if (!strcmp(c->cookie_secure, "false"))
    return false;
  return strncmp(c->public_url, "https://", 8) == 0;
}

int vt_config_validate(const struct vt_config *c) {
  char host[128];
  int port;
  if (vt_config_listen_parts(c, host, sizeof host, &port) != 0) {
    fprintf(stderr, "config: [server] listen: expected ADDR:PORT, got \"%s\"\n", c->listen);
    return -1;
  }
  if (strcmp(c->cookie_secure, "auto") && strcmp(c->cookie_secure, "true") &&
      strcmp(c->cookie_secure, "false")) {
    fprintf(stderr, "config: [server] cookie_secure: must be auto, true or false\n");
    return -1;
  }
  if (strncmp(c->public_url, "http://", 7) && strncmp(c->public_url, "https://", 8)) {
    fprintf(stderr, "config: [server] public_url: must start with http:// or https://\n");
    return -1;
  }
  enum vt_log_level lvl;
  if (vt_log_level_parse(c->log_level, &lvl) != 0) {
    fprintf(stderr, "config: [log] level: must be debug, info, warn, error or off\n");
    return -1;
  }
  if (!c->db[0]) {
    fprintf(stderr, "config: [database] path: must not be empty\n");
    return -1;
  }
  return 0;
}

void vt_config_print_example(void) {
  printf("# ventanilla configuration. Every option is shown with its default.\n"
         "# Precedence: this file < VENTANILLA_* environment variables < command-line flags.\n");
  const char *section = "";
  for (size_t i = 0; i < N_OPTIONS; i++) {
    const struct opt *o = &options[i];
    if (strcmp(section, o->section)) {
      section = o->section;
      printf("\n[%s]\n", section);
    }
    printf("# %s\n# Environment: %s\n# %s = %s\n\n", o->help, o->env, o->name, o->def);
  }
}
