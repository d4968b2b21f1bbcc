/* `ventanilla import tickets`: tickets of another system, with their own
 * dates, one JSON object a line (--file, or standard input) (docs/metrics.md says which fields). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/model.h"
#include "util/timeutil.h"

#define BATCH 2000

static void copy(char *out, size_t n, json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  snprintf(out, n, "%s", v ? v : "");
}

static int64_t num(json_t *o, const char *k, int64_t def) {
  json_t *v = json_object_get(o, k);
  return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

/* One line into a row; false (with why) when it cannot be one. */
static bool parse_line(const char *line, struct vt_ticket_import *t, const char **why) {
  json_error_t err;
  json_t *o = json_loads(line, 0, &err);
  memset(t, 0, sizeof *t);
  *why = "not a JSON object";
  if (!json_is_object(o)) {
    json_decref(o);
    return false;
  }
  copy(t->reference, sizeof t->reference, o, "reference");
  copy(t->tenant, sizeof t->tenant, o, "tenant");
  copy(t->channel, sizeof t->channel, o, "channel");
  copy(t->department, sizeof t->department, o, "department");
  copy(t->service, sizeof t->service, o, "service");
  copy(t->assignee, sizeof t->assignee, o, "assignee");
  copy(t->subject, sizeof t->subject, o, "subject");
  t->created_at = num(o, "created_at", 0);
  t->first_response_at = num(o, "first_response_at", 0);
  t->resolved_at = num(o, "resolved_at", 0);
  t->closed_at = num(o, "closed_at", 0);
  t->handle_ms = num(o, "handle_ms", -1);
  t->agent_replies = (long)num(o, "agent_replies", t->first_response_at ? 1 : 0);
  t->reopens = (long)num(o, "reopens", 0);
  t->first_response_due_at = num(o, "first_response_due_at", 0);
  t->resolution_due_at = num(o, "resolution_due_at", 0);
  t->legal_due_at = num(o, "legal_due_at", 0);
  t->sla_breached = (long)num(o, "sla_breached", 0);
  json_decref(o);
  bool ok = true;
  if (!*t->reference || !*t->tenant || t->created_at <= 0)
    *why = "reference, tenant and created_at are required", ok = false;
  else if (vt_channel_parse(t->channel) < 0)
    *why = "unknown channel", ok = false;
  else if ((t->first_response_at && t->first_response_at < t->created_at) ||
           (t->resolved_at && t->resolved_at < t->created_at) ||
           (t->closed_at && t->closed_at < t->created_at))
    *why = "a time before created_at", ok = false;
  else if (t->first_response_due_at < 0 || t->resolution_due_at < 0 || t->legal_due_at < 0 ||
           t->sla_breached < 0 || t->sla_breached > 7)
    *why = "a bad due time or sla_breached (bits 1, 2, 4)", ok = false;
  if (!*t->subject)
    snprintf(t->subject, sizeof t->subject, "%s", t->reference);
  return ok;
}

static int flush(struct vt_store *st, struct vt_ticket_import *rows, size_t n, size_t first_line,
                 size_t *total) {
  size_t created = 0, bad = 0;
  enum vt_qs qs = st->tickets_import(st, rows, n, vt_now_ms(), &created, &bad);
  *total += created;
  if (qs == VT_QS_NONE) {
    fprintf(stderr, "import: line %zu: unknown administration, department, service or agent\n",
            first_line + bad);
    return 1;
  }
  if (qs < 0) {
    fprintf(stderr, "import: the store failed\n");
    return 1;
  }
  return 0;
}

int vt_cmd_import(int argc, char **argv) {
  if (argc < 1 || strcmp(argv[0], "tickets")) {
    fprintf(stderr, "usage: ventanilla import tickets --db PATH [--file FILE]\n");
    return 2;
  }
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) < 0)
    return 2;
  const char *file = vt_cli_flag(argc, argv, "--file");
  if (!file)
    file = "-";
  FILE *in = !strcmp(file, "-") ? stdin : fopen(file, "r");
  if (!in) {
    fprintf(stderr, "import: cannot open %s\n", file);
    return 1;
  }
  struct vt_store *st = vt_cli_open_store(&cfg, NULL);
  if (!st) {
    if (in != stdin)
      fclose(in);
    return 1;
  }
  struct vt_ticket_import *rows = calloc(BATCH, sizeof *rows);
  if (!rows)
    abort();
  char *line = NULL;
  size_t cap = 0, n = 0, lineno = 0, first = 1, total = 0;
  int rc = 0;
  while (!rc && getline(&line, &cap, in) > 0) {
    lineno++;
    if (line[strspn(line, " \t\r\n")] == '\0')
      continue;
    const char *why;
    if (!parse_line(line, &rows[n], &why)) {
      fprintf(stderr, "import: line %zu: %s\n", lineno, why);
      rc = 1;
      break;
    }
    if (n == 0)
      first = lineno;
    if (++n == BATCH) {
      rc = flush(st, rows, n, first, &total);
      n = 0;
    }
  }
  if (!rc && n)
    rc = flush(st, rows, n, first, &total);
  free(line);
  free(rows);
  if (in != stdin)
    fclose(in);
  printf("imported %zu tickets\n", total);
  st->close(st);
  return rc;
}
