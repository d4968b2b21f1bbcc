/* Reports: what an administration is judged by. For now the backlog: open
 * tickets by age band and overdue, per administration and department or
 * service, each figure with the address of the list behind it (the ticket
 * list's own filters, so the list is exactly what was counted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/report.h"
#include "http/reply.h"
#include "util/buf.h"
#include "util/timeutil.h"

static const struct {
  const char *name;
  int min, max; /* whole days; max -1: no upper bound */
} BANDS[4] = {{"0-7", 0, 7}, {"8-30", 8, 30}, {"31-60", 31, 60}, {"61+", 61, -1}};

/* The ticket list that shows a figure; NULL when the list has no filter
 * for it (tickets with no department or service). */
static json_t *list_url(const struct vt_backlog_row *row, bool by_service, int band, bool overdue) {
  if (!row->group_id)
    return json_null();
  char url[256];
  int n = snprintf(url, sizeof url, "/api/v1/tickets?open=true&tenant=%s&%s=%lld", row->tenant_code,
                   by_service ? "service_id" : "department", (long long)row->group_id);
  if (band >= 0) {
    n += snprintf(url + n, sizeof url - (size_t)n, "&age_min=%d", BANDS[band].min);
    if (BANDS[band].max >= 0)
      snprintf(url + n, sizeof url - (size_t)n, "&age_max=%d", BANDS[band].max);
  }
  if (overdue)
    snprintf(url + n, sizeof url - (size_t)n, "&overdue=true");
  return json_string(url);
}

enum MHD_Result vt_api_report_backlog(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  const char *group = vt_request_arg(r, "group");
  if (!group || !*group)
    group = "department";
  struct vt_fields f = {NULL, r->lang};
  if (strcmp(group, "department") && strcmp(group, "service"))
    vt_fields_add(&f, "group", "field.unknown_value");
  vt_id tenant_id = 0;
  const char *tc = vt_request_arg(r, "tenant");
  if (tc && *tc) {
    struct vt_tenant t;
    enum vt_qs qs = st->tenant_by_code(st, tc, &t);
    if (qs < 0)
      return vt_reply_store_error(r, qs);
    if (qs == VT_QS_ONE && vt_scope_has(&r->principal->scope, t.id))
      tenant_id = t.id;
    else
      vt_fields_add(&f, "tenant", "field.unknown_tenant");
    if (qs == VT_QS_ONE)
      vt_tenant_release(&t);
  }
  if (f.errors)
    return vt_reply_fields(r, &f);
  bool by_service = !strcmp(group, "service");
  struct vt_backlog_row *rows;
  size_t n;
  enum vt_qs qs = st->backlog(st, &r->principal->scope, tenant_id, group, vt_now_ms(), &rows, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  long totals[4] = {0}, overdue = 0, total = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *bands = json_array();
    for (int b = 0; b < 4; b++) {
      json_array_append_new(bands, json_pack("{s:s, s:I, s:o}", "band", BANDS[b].name, "count",
                                             (json_int_t)rows[i].band[b], "list",
                                             list_url(&rows[i], by_service, b, false)));
      totals[b] += rows[i].band[b];
    }
    overdue += rows[i].overdue;
    total += rows[i].total;
    json_array_append_new(
        arr, json_pack(
                 "{s:s, s:o, s:o, s:{s:I, s:o}, s:I}", "tenant", rows[i].tenant_code, group,
                 rows[i].group_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)rows[i].group_id,
                                              "code", rows[i].group_code, "name",
                                              rows[i].group_name ? rows[i].group_name : "")
                                  : json_null(),
                 "bands", bands, "overdue", "count", (json_int_t)rows[i].overdue, "list",
                 list_url(&rows[i], by_service, -1, true), "total", (json_int_t)rows[i].total));
  }
  VT_RELEASE_ARRAY(rows, n, vt_backlog_row_release);
  json_t *sum = json_array();
  for (int b = 0; b < 4; b++)
    json_array_append_new(
        sum, json_pack("{s:s, s:I}", "band", BANDS[b].name, "count", (json_int_t)totals[b]));
  return vt_reply_json(r, 200,
                       json_pack("{s:s, s:o, s:{s:o, s:I, s:I}}", "group", group, "items", arr,
                                 "totals", "bands", sum, "overdue", (json_int_t)overdue, "total",
                                 (json_int_t)total));
}

/* ---- volumes, times, agents, transparency ----
 * All read the rollups through store->report_volumes / report_agents
 * (definitions in docs/metrics.md). */

#define MAX_SPAN_DAYS 1100

static int parse_day(const char *s) {
  int y, m, d, n = 0;
  if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
    return 0;
  int day = y * 10000 + m * 100 + d;
  return vt_rpt_day_valid(day) ? day : 0;
}

static void day_text(int day, char out[16]) {
  unsigned u = day > 0 ? (unsigned)day : 0;
  snprintf(out, 16, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
}

static int today(void) {
  int day, hour;
  vt_rpt_local(vt_now_ms(), "Europe/Madrid", &day, &hour);
  return day;
}

static bool want_csv(struct vt_request *r) {
  const char *f = vt_request_arg(r, "format");
  if (f && *f)
    return !strcmp(f, "csv");
  const char *acc = vt_request_header(r, "Accept");
  return acc && strstr(acc, "text/csv") && !strstr(acc, "application/json");
}

static bool id_arg(struct vt_request *r, const char *name, vt_id *out, struct vt_fields *f) {
  const char *v = vt_request_arg(r, name);
  *out = 0;
  if (!v || !*v)
    return true;
  char *end;
  long long x = strtoll(v, &end, 10);
  if (*end || x <= 0) {
    vt_fields_add(f, name, "field.type_integer");
    return false;
  }
  *out = (vt_id)x;
  return true;
}

/* The filters every report takes; on a bad one, f has the error. The
 * default period is the last 30 days (default_days), ending today. */
static void parse_filter(struct vt_request *r, struct vt_report_filter *rf, struct vt_fields *f,
                         int default_from) {
  struct vt_store *st = r->app->store;
  memset(rf, 0, sizeof *rf);
  const char *from = vt_request_arg(r, "from"), *to = vt_request_arg(r, "to");
  rf->to_day = to && *to ? parse_day(to) : today();
  if (!rf->to_day)
    vt_fields_add(f, "to", "field.date");
  rf->from_day = from && *from  ? parse_day(from)
                 : default_from ? default_from
                                : vt_rpt_day_add(rf->to_day, -29);
  if (!rf->from_day)
    vt_fields_add(f, "from", "field.date");
  if (rf->from_day && rf->to_day &&
      (rf->from_day > rf->to_day || vt_rpt_day_add(rf->from_day, MAX_SPAN_DAYS) < rf->to_day))
    vt_fields_add(f, "from", "field.date_range");
  const char *ch = vt_request_arg(r, "channel");
  if (ch && *ch) {
    if (vt_channel_parse(ch) < 0)
      vt_fields_add(f, "channel", "field.unknown_value");
    else
      snprintf(rf->channel, sizeof rf->channel, "%s", ch);
  }
  id_arg(r, "department", &rf->department_id, f);
  id_arg(r, "service_id", &rf->service_id, f);
  const char *tc = vt_request_arg(r, "tenant");
  if (tc && *tc) {
    struct vt_tenant t;
    enum vt_qs qs = st->tenant_by_code(st, tc, &t);
    /* Outside the scope reads as unknown, as in the backlog: no way to
     * tell another administration's code from a wrong one. */
    if (qs == VT_QS_ONE && r->principal && vt_scope_has(&r->principal->scope, t.id))
      rf->tenant_id = t.id;
    else
      vt_fields_add(f, "tenant", "field.unknown_tenant");
    if (qs == VT_QS_ONE)
      vt_tenant_release(&t);
  }
}

static const char *const GROUP_NAMES[] = {"none",       "channel", "day",  "tenant",
                                          "department", "service", "hour", NULL};

static const char *parse_group(struct vt_request *r, struct vt_fields *f, const char *def) {
  const char *g = vt_request_arg(r, "group");
  if (!g || !*g)
    return def;
  for (int i = 0; GROUP_NAMES[i]; i++)
    if (!strcmp(g, GROUP_NAMES[i]))
      return GROUP_NAMES[i];
  vt_fields_add(f, "group", "field.unknown_value");
  return def;
}

/* ---- CSV (RFC 4180, UTF-8): every cell quoted when it needs it; a cell
 * a spreadsheet would take for a formula (= + - @, tab, CR) gets a leading
 * apostrophe. Numbers are written by us and never start with those. */
static void csv_cell(struct vt_buf *b, const char *s, bool first) {
  if (!first)
    vt_buf_append(b, ",");
  if (!s)
    return;
  bool formula = strchr("=+-@\t\r", s[0]) && s[0];
  bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
  if (quote)
    vt_buf_append(b, "\"");
  if (formula)
    vt_buf_append(b, "'");
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      vt_buf_append(b, "\"\"");
    else
      vt_buf_append_mem(b, p, 1);
  }
  if (quote)
    vt_buf_append(b, "\"");
}

/* The JSON rows as CSV: one column per listed field (dotted paths reach
 * into objects); null and missing are empty cells. */
static void csv_rows(struct vt_buf *b, json_t *items, const char *const *cols) {
  for (int c = 0; cols[c]; c++)
    csv_cell(b, cols[c], c == 0);
  vt_buf_append(b, "\r\n");
  size_t i;
  json_t *row;
  json_array_foreach(items, i, row) {
    for (int c = 0; cols[c]; c++) {
      json_t *v = row;
      char path[64];
      snprintf(path, sizeof path, "%s", cols[c]);
      for (char *save = NULL, *part = strtok_r(path, ".", &save); part && v;
           part = strtok_r(NULL, ".", &save))
        v = json_is_object(v) ? json_object_get(v, part) : NULL;
      char num[32];
      const char *s = NULL;
      if (json_is_string(v))
        s = json_string_value(v);
      else if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        s = num;
      } else if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.4f", json_real_value(v));
        s = num;
      } else if (json_is_boolean(v)) {
        s = json_is_true(v) ? "true" : "false";
      }
      csv_cell(b, s, c == 0);
    }
    vt_buf_append(b, "\r\n");
  }
}

static enum MHD_Result reply_csv(struct vt_request *r, json_t *items, const char *const *cols,
                                 const char *filename, const char *cache) {
  struct vt_buf b = VT_BUF_INIT;
  csv_rows(&b, items, cols);
  json_decref(items);
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(b.len, b.data ? b.data : strdup(""), MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    vt_buf_release(&b);
    return vt_reply_error(r, VT_ERR_INTERNAL, NULL);
  }
  char disp[128];
  snprintf(disp, sizeof disp, "attachment; filename=\"%s.csv\"", filename);
  MHD_add_response_header(resp, "Content-Type", "text/csv; charset=utf-8; header=present");
  MHD_add_response_header(resp, "Content-Disposition", disp);
  MHD_add_response_header(resp, "Cache-Control", cache);
  return vt_reply_response(r, 200, resp);
}

static json_t *seconds(int64_t ms) {
  return ms < 0 ? json_null() : json_integer((ms + 500) / 1000);
}

static json_t *rate(long part, long whole) {
  return whole > 0 ? json_real((double)part / (double)whole) : json_null();
}

/* What names a group in a row. */
static void add_group(json_t *o, const char *group, const struct vt_report_row *row) {
  if (!strcmp(group, "channel"))
    json_object_set_new(o, "channel", json_string(row->key));
  else if (!strcmp(group, "day")) {
    char d[16];
    day_text(atoi(row->key), d);
    json_object_set_new(o, "day", json_string(d));
  } else if (!strcmp(group, "tenant") || !strcmp(group, "department") ||
             !strcmp(group, "service")) {
    json_object_set_new(o, "tenant", json_string(row->tenant_code));
    if (strcmp(group, "tenant"))
      json_object_set_new(o, group,
                          row->id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)row->id, "code",
                                              row->code, "name", row->name ? row->name : "")
                                  : json_null());
    else
      json_object_set_new(o, "name", json_string(row->name ? row->name : ""));
  }
}

static json_t *time_figures(const int64_t *buckets, long count) {
  return json_pack("{s:I, s:o, s:o}", "count", (json_int_t)count, "median_s",
                   seconds(vt_rpt_quantile(buckets, 0.5)), "p90_s",
                   seconds(vt_rpt_quantile(buckets, 0.9)));
}

static json_t *mean(long sum, long count) {
  return count > 0 ? json_real((double)sum / (double)count) : json_null();
}

/* SLA compliance per target (docs/metrics.md): rate = met / (met + missed);
 * tickets still within their due time count in neither. */
static json_t *sla_json(const struct vt_report_row *row) {
  static const char *const names[3] = {"first_response", "resolution", "legal"};
  json_t *o = json_object();
  for (int t = 0; t < 3; t++) {
    const long *x = row->sla[t];
    json_object_set_new(o, names[t],
                        json_pack("{s:I, s:I, s:I, s:o}", "due", (json_int_t)x[0], "met",
                                  (json_int_t)x[1], "missed", (json_int_t)x[2], "rate",
                                  rate(x[1], x[1] + x[2])));
  }
  return o;
}

/* Satisfaction over the surveys answered in the period (docs/metrics.md);
 * null without answers. Blank answers count in no figure. */
static json_t *satisfaction_json(const long *v) {
  if (v[VT_SAT_ANSWERS] <= 0)
    return json_null();
  long nn = v[VT_SAT_NPS_N];
  return json_pack(
      "{s:I, s:{s:o, s:o}, s:{s:I, s:o}, s:{s:I, s:o}, s:{s:I, s:o}}", "answers",
      (json_int_t)v[VT_SAT_ANSWERS], "csat", "rate", rate(v[VT_SAT_CSAT_SAT], v[VT_SAT_ANSWERS]),
      "mean", mean(v[VT_SAT_CSAT_SUM], v[VT_SAT_ANSWERS]), "nps", "answers", (json_int_t)nn,
      "score",
      nn > 0 ? json_real(100.0 * (double)(v[VT_SAT_NPS_PRO] - v[VT_SAT_NPS_DET]) / (double)nn)
             : json_null(),
      "ces", "answers", (json_int_t)v[VT_SAT_CES_N], "mean",
      mean(v[VT_SAT_CES_SUM], v[VT_SAT_CES_N]), "fcr", "answers", (json_int_t)v[VT_SAT_FCR_N],
      "rate", rate(v[VT_SAT_FCR_YES], v[VT_SAT_FCR_N]));
}

/* The survey response rate (docs/metrics.md): of the surveys offered in
 * the period (by sent_at), how many are answered; rate null when none was
 * offered. */
static json_t *response_rate_json(const long *v) {
  return json_pack("{s:I, s:I, s:o}", "offered", (json_int_t)v[VT_SAT_OFFERED], "answered",
                   (json_int_t)v[VT_SAT_OFFER_ANSWERED], "rate",
                   rate(v[VT_SAT_OFFER_ANSWERED], v[VT_SAT_OFFERED]));
}

/* One report row as JSON: volumes, times, first-contact resolution,
 * handling time, SLA compliance and satisfaction. */
static json_t *row_json(const char *group, const struct vt_report_row *row) {
  json_t *o = json_object();
  add_group(o, group, row);
  json_object_set_new(o, "created", json_integer(row->created));
  json_object_set_new(o, "responded", json_integer(row->responded));
  json_object_set_new(o, "resolved", json_integer(row->resolved));
  json_object_set_new(o, "first_response", time_figures(row->hist + VT_RPT_FRT, row->responded));
  json_object_set_new(o, "resolution", time_figures(row->hist + VT_RPT_RES, row->resolved));
  json_object_set_new(o, "fcr",
                      json_pack("{s:I, s:o}", "count", (json_int_t)row->fcr, "rate",
                                rate(row->fcr, row->resolved)));
  json_object_set_new(
      o, "handling",
      json_pack("{s:I, s:o}", "count", (json_int_t)row->handled, "mean_s",
                row->handled ? seconds(row->handle_ms / row->handled) : json_null()));
  json_object_set_new(o, "sla", sla_json(row));
  json_object_set_new(o, "satisfaction", satisfaction_json(row->sat));
  json_object_set_new(o, "response_rate", response_rate_json(row->sat));
  return o;
}

static void row_add(struct vt_report_row *sum, const struct vt_report_row *row) {
  sum->created += row->created;
  sum->responded += row->responded;
  sum->resolved += row->resolved;
  sum->fcr += row->fcr;
  sum->handled += row->handled;
  sum->handle_ms += row->handle_ms;
  for (int i = 0; i < VT_RPT_SLOTS; i++)
    sum->hist[i] += row->hist[i];
  for (int i = 0; i < 9; i++)
    sum->sla[i / 3][i % 3] += row->sla[i / 3][i % 3];
  for (int i = 0; i < VT_RPT_SAT_N; i++)
    sum->sat[i] += row->sat[i];
}

/* The satisfaction and response-rate CSV columns, in the volumes, times
 * and agents reports alike. */
static const char *const CSV_SURVEYS[] = {"satisfaction.answers",
                                          "satisfaction.csat.rate",
                                          "satisfaction.csat.mean",
                                          "satisfaction.nps.answers",
                                          "satisfaction.nps.score",
                                          "satisfaction.ces.answers",
                                          "satisfaction.ces.mean",
                                          "satisfaction.fcr.answers",
                                          "satisfaction.fcr.rate",
                                          "response_rate.offered",
                                          "response_rate.answered",
                                          "response_rate.rate",
                                          NULL};

static const char *const CSV_GROUP[][3] = {
    {"none", NULL, NULL},
    {"channel", "channel", NULL},
    {"day", "day", NULL},
    {"tenant", "tenant", "name"},
    {"department", "tenant", "department.code"},
    {"service", "tenant", "service.code"},
    {"hour", "hour", NULL},
};

static enum MHD_Result report(struct vt_request *r, bool times) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  struct vt_report_filter rf;
  parse_filter(r, &rf, &f, 0);
  const char *group = parse_group(r, &f, "channel");
  if (times && !strcmp(group, "hour"))
    vt_fields_add(&f, "group", "field.unknown_value");
  if (f.errors)
    return vt_reply_fields(r, &f);
  bool hour = !strcmp(group, "hour");
  struct vt_report_row *rows;
  size_t n;
  enum vt_qs qs =
      st->report_volumes(st, &r->principal->scope, &rf, hour ? "none" : group, &rows, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  struct vt_report_row *total = calloc(1, sizeof *total);
  if (!total)
    abort();
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) {
    row_add(total, &rows[i]);
    if (!hour)
      json_array_append_new(items, row_json(group, &rows[i]));
  }
  VT_RELEASE_ARRAY(rows, n, vt_report_row_release);
  json_t *hours = json_array();
  for (int h = 0; h < VT_RPT_HOURS; h++) {
    json_array_append_new(hours, json_integer(total->hist[h]));
    if (hour)
      json_array_append_new(
          items, json_pack("{s:i, s:I}", "hour", h, "created", (json_int_t)total->hist[h]));
  }
  json_t *tot = row_json("none", total);
  free(total);
  if (want_csv(r)) {
    json_decref(hours);
    json_decref(tot);
    const char *cols[48];
    int c = 0;
    for (size_t g = 0; g < sizeof CSV_GROUP / sizeof *CSV_GROUP; g++)
      if (!strcmp(CSV_GROUP[g][0], group)) {
        for (int k = 1; k < 3; k++)
          if (CSV_GROUP[g][k])
            cols[c++] = CSV_GROUP[g][k];
        if (!strcmp(group, "department") || !strcmp(group, "service"))
          cols[c++] = !strcmp(group, "service") ? "service.name" : "department.name";
      }
    static const char *const vol[] = {"created", "responded", "resolved", "fcr.count", NULL};
    static const char *const tim[] = {"first_response.count",
                                      "first_response.median_s",
                                      "first_response.p90_s",
                                      "resolution.count",
                                      "resolution.median_s",
                                      "resolution.p90_s",
                                      "fcr.rate",
                                      "handling.count",
                                      "handling.mean_s",
                                      NULL};
    /* SLA compliance, satisfaction and the response rate, in both. */
    static const char *const both[] = {"sla.first_response.due",
                                       "sla.first_response.met",
                                       "sla.first_response.missed",
                                       "sla.first_response.rate",
                                       "sla.resolution.due",
                                       "sla.resolution.met",
                                       "sla.resolution.missed",
                                       "sla.resolution.rate",
                                       "sla.legal.due",
                                       "sla.legal.met",
                                       "sla.legal.missed",
                                       "sla.legal.rate",
                                       NULL};
    const char *const *more = hour ? (const char *const[]){"created", NULL} : times ? tim : vol;
    for (int k = 0; more[k]; k++)
      cols[c++] = more[k];
    for (int k = 0; !hour && both[k]; k++)
      cols[c++] = both[k];
    for (int k = 0; !hour && CSV_SURVEYS[k]; k++)
      cols[c++] = CSV_SURVEYS[k];
    cols[c] = NULL;
    return reply_csv(r, items, cols, times ? "times" : "volumes", "private, no-store");
  }
  char from[16], to[16];
  day_text(rf.from_day, from);
  day_text(rf.to_day, to);
  return vt_reply_json(r, 200,
                       json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "group", group, "from", from,
                                 "to", to, "items", items, "totals", tot, "hours", hours));
}

enum MHD_Result vt_api_report_volumes(struct vt_request *r) { return report(r, false); }
enum MHD_Result vt_api_report_times(struct vt_request *r) { return report(r, true); }

enum MHD_Result vt_api_report_agents(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  struct vt_report_filter rf;
  parse_filter(r, &rf, &f, 0);
  if (f.errors)
    return vt_reply_fields(r, &f);
  struct vt_agent_load *rows;
  size_t n;
  enum vt_qs qs = st->report_agents(st, &r->principal->scope, &rf, &rows, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        items,
        json_pack("{s:{s:I, s:s}, s:I, s:I, s:I, s:o, s:o}", "agent", "id",
                  (json_int_t)rows[i].user_id, "name", rows[i].name ? rows[i].name : "", "open",
                  (json_int_t)rows[i].open, "resolved", (json_int_t)rows[i].resolved, "replies",
                  (json_int_t)rows[i].replies, "satisfaction", satisfaction_json(rows[i].sat),
                  "response_rate", response_rate_json(rows[i].sat)));
  VT_RELEASE_ARRAY(rows, n, vt_agent_load_release);
  if (want_csv(r)) {
    const char *cols[24] = {"agent.name", "open", "resolved", "replies"};
    for (int k = 0; CSV_SURVEYS[k]; k++)
      cols[4 + k] = CSV_SURVEYS[k];
    return reply_csv(r, items, cols, "agents", "private, no-store");
  }
  char from[16], to[16];
  day_text(rf.from_day, from);
  day_text(rf.to_day, to);
  return vt_reply_json(r, 200,
                       json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "items", items));
}

/* The public transparency figures: one administration's services (and
 * its own row for requests with none), requests received and the median
 * first response, cells under VT_SUPPRESS requests withheld. No person,
 * no agent. Public and cacheable. */
#define VT_SUPPRESS 5
/* Satisfaction (the CSAT rate) is published over at least this many
 * answers (docs/metrics.md: fewer say too little and may point at people). */
#define VT_SUPPRESS_SAT 10

enum MHD_Result vt_api_public_transparency(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  const char *tc = vt_request_arg(r, "tenant");
  struct vt_tenant t;
  memset(&t, 0, sizeof t);
  enum vt_qs qs = VT_QS_NONE;
  if (!tc || !*tc)
    vt_fields_add(&f, "tenant", "field.required");
  else if ((qs = st->tenant_by_code(st, tc, &t)) < 0)
    return vt_reply_store_error(r, qs);
  else if (qs == VT_QS_NONE)
    vt_fields_add(&f, "tenant", "field.unknown_tenant");
  /* Published figures are of whole, finished months only: a period is one
   * or more calendar months ending no later than the last complete one, and
   * no other filter is taken. With days, or a period that grows every day,
   * two answers could be subtracted to give one day's requests of one
   * service, below the threshold that withholds small counts. Default: the
   * last twelve complete months. */
  static const char *const allowed[] = {"tenant", "from", "to", "format", "lang", NULL};
  const char *other = vt_request_arg_other(r, allowed);
  if (other)
    vt_fields_add(&f, other, "field.unknown_field");
  int first_of_month = today() / 100 * 100 + 1;
  int last_complete = vt_rpt_day_add(first_of_month, -1); /* end of last month */
  int y = last_complete / 10000, m = last_complete / 100 % 100 - 11;
  if (m <= 0) {
    m += 12;
    y--;
  }
  int def_from = y * 10000 + m * 100 + 1; /* twelve months back, first day */
  struct vt_report_filter rf;
  memset(&rf, 0, sizeof rf);
  const char *from_arg = vt_request_arg(r, "from"), *to_arg = vt_request_arg(r, "to");
  rf.from_day = from_arg && *from_arg ? parse_day(from_arg) : def_from;
  rf.to_day = to_arg && *to_arg ? parse_day(to_arg) : last_complete;
  if (!rf.from_day || rf.from_day % 100 != 1)
    vt_fields_add(&f, "from", "field.month_start");
  /* The end must close a month (the day after it is the 1st); a month not
   * finished yet is cut at the last complete one. */
  if (!rf.to_day || vt_rpt_day_add(rf.to_day, 1) % 100 != 1)
    vt_fields_add(&f, "to", "field.month_end");
  else if (rf.to_day > last_complete)
    rf.to_day = last_complete;
  if (rf.from_day && rf.to_day && !json_object_get(f.errors, "from") &&
      !json_object_get(f.errors, "to") &&
      (rf.from_day > rf.to_day || vt_rpt_day_add(rf.from_day, MAX_SPAN_DAYS) < rf.to_day))
    vt_fields_add(&f, "from", "field.date_range");
  const char *fmt = vt_request_arg(r, "format");
  if (fmt && *fmt && strcmp(fmt, "json") && strcmp(fmt, "csv"))
    vt_fields_add(&f, "format", "field.unknown_value");
  if (f.errors && json_object_size(f.errors)) {
    if (qs == VT_QS_ONE)
      vt_tenant_release(&t);
    return vt_reply_fields(r, &f);
  }
  json_decref(f.errors);
  rf.tenant_id = t.id;
  struct vt_scope one = {.n = 1, .tenant_ids = &t.id};
  struct vt_report_row *rows;
  size_t n;
  qs = st->report_volumes(st, &one, &rf, "service", &rows, &n);
  if (qs < 0) {
    vt_tenant_release(&t);
    return vt_reply_store_error(r, qs);
  }
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) {
    bool shown = rows[i].created >= VT_SUPPRESS;
    bool times = rows[i].responded >= VT_SUPPRESS;
    json_array_append_new(
        items, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:o}", "tenant", t.code,
                         "tenant_name", t.name ? t.name : "", "service",
                         rows[i].id ? json_string(rows[i].code) : json_null(), "service_name",
                         rows[i].id ? json_string(rows[i].name ? rows[i].name : "") : json_null(),
                         "requests", shown ? json_integer(rows[i].created) : json_null(),
                         "median_first_response_s",
                         shown && times ? seconds(vt_rpt_quantile(rows[i].hist + VT_RPT_FRT, 0.5))
                                        : json_null(),
                         "suppressed", !shown, "satisfaction",
                         rows[i].sat[VT_SAT_ANSWERS] >= VT_SUPPRESS_SAT
                             ? rate(rows[i].sat[VT_SAT_CSAT_SAT], rows[i].sat[VT_SAT_ANSWERS])
                             : json_null()));
  }
  VT_RELEASE_ARRAY(rows, n, vt_report_row_release);
  char from[16], tos[16], fname[64];
  day_text(rf.from_day, from);
  day_text(rf.to_day, tos);
  snprintf(fname, sizeof fname, "transparencia-%s", t.code);
  vt_tenant_release(&t);
  const char *cache = "public, max-age=3600";
  if (fmt && !strcmp(fmt, "csv")) {
    static const char *const cols[] = {"tenant",       "tenant_name",  "service",
                                       "service_name", "requests",     "median_first_response_s",
                                       "suppressed",   "satisfaction", NULL};
    return reply_csv(r, items, cols, fname, cache);
  }
  json_t *body = json_pack("{s:s, s:s, s:i, s:i, s:o}", "from", from, "to", tos, "min_count",
                           VT_SUPPRESS, "min_answers", VT_SUPPRESS_SAT, "items", items);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  struct MHD_Response *resp =
      text ? MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE) : NULL;
  if (!resp) {
    free(text);
    return vt_reply_error(r, VT_ERR_INTERNAL, NULL);
  }
  MHD_add_response_header(resp, "Content-Type", "application/json");
  MHD_add_response_header(resp, "Cache-Control", cache);
  MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
  return vt_reply_response(r, 200, resp);
}
