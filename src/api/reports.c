/* Reports: what an administration is judged by. For now the backlog: open
 * tickets by age band and overdue, per administration and department or
 * service, each figure with the address of the list behind it (the ticket
 * list's own filters, so the list is exactly what was counted). */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "http/reply.h"
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
