/* Deadlines, managed by administrators: each level's calendar (business
 * hours of the administration and its departments, and holidays: national,
 * regional, local), each administration's SLA policies, and a deadline
 * calculator agents use ("if I notify today, when do 10 business days
 * end?") that counts on the same calendars as the tickets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "sla/calendar.h"
#include "sla/deadlines.h"
#include "util/timeutil.h"

/* The level a path names: "national" (0) or an administration's code in the
 * caller's scope; an administration outside it does not exist for them. */
static bool path_level(struct vt_request *r, vt_id *level) {
  const char *code = r->params[0];
  if (!strcmp(code, "national")) {
    *level = 0;
    return true;
  }
  struct vt_tenant t;
  if (r->app->store->tenant_by_code(r->app->store, code, &t) != VT_QS_ONE)
    return false;
  bool ok = vt_scope_has(&r->principal->scope, t.id);
  *level = t.id;
  vt_tenant_release(&t);
  return ok;
}

static json_t *calendar_json(vt_id level, const char *code, const struct vt_calendar *k) {
  json_t *hours = k->hours_json ? vt_json_parse_stored(k->hours_json) : json_null();
  json_t *deps = k->departments_json ? vt_json_parse_stored(k->departments_json) : json_object();
  return json_pack("{s:s, s:o, s:o, s:o, s:o}", "level", level ? code : "national", "hours",
                   hours ? hours : json_null(), "departments", deps ? deps : json_object(),
                   "holidays", vt_json_parse_stored(k->holidays_json ? k->holidays_json : "[]"),
                   "inherited", vt_json_parse_stored(k->inherited_json ? k->inherited_json : "[]"));
}

static enum MHD_Result reply_calendar(struct vt_request *r, vt_id level, int status) {
  struct vt_calendar k;
  enum vt_qs qs = r->app->store->calendar_get(r->app->store, level, &k);
  if (qs != VT_QS_ONE)
    return qs == VT_QS_NONE ? vt_reply_error(r, VT_ERR_NOT_FOUND, NULL)
                            : vt_reply_store_error(r, qs);
  enum MHD_Result ret = vt_reply_json(r, status, calendar_json(level, r->params[0], &k));
  vt_calendar_release(&k);
  return ret;
}

enum MHD_Result vt_api_calendar_get(struct vt_request *r) {
  vt_id level;
  if (!path_level(r, &level))
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return reply_calendar(r, level, 200);
}

/* Hours: null or an object the calendar accepts (days mon..sun, ranges),
 * open on some day ({} would leave no business time at all). */
static bool hours_ok(json_t *hours) {
  if (json_is_null(hours))
    return true;
  if (!json_is_object(hours))
    return false;
  char *text = json_dumps(hours, JSON_COMPACT);
  struct vt_cal *cal = text ? vt_cal_new("UTC", text) : NULL;
  free(text);
  bool open = cal && vt_cal_has_hours(cal);
  vt_cal_free(cal);
  return open;
}

/* [{"date":"YYYY-MM-DD","name":"..."}], at most 200, dates real and unique. */
static bool holidays_ok(json_t *list) {
  if (!json_is_array(list) || json_array_size(list) > 200)
    return false;
  size_t i;
  json_t *h;
  json_array_foreach(list, i, h) {
    const char *date = json_string_value(json_object_get(h, "date"));
    const char *name = json_string_value(json_object_get(h, "name"));
    struct vt_date d;
    if (!json_is_object(h) || json_object_size(h) != 2 || !date || strlen(date) != 10 ||
        !vt_date_parse(date, &d) || !name || !*name || strlen(name) > 120)
      return false;
    for (size_t k = 0; k < i; k++)
      if (!strcmp(date, json_string_value(json_object_get(json_array_get(list, k), "date"))))
        return false;
  }
  return true;
}

enum MHD_Result vt_api_calendar_put(struct vt_request *r) {
  vt_id level;
  if (!path_level(r, &level))
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  /* The nation's calendar is everyone's: only an administrator of all. */
  if (!level && !r->principal->scope.all)
    return vt_reply_error(r, VT_ERR_FORBIDDEN, NULL);
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  static const char *const allowed[] = {"hours", "departments", "holidays", NULL};
  vt_in_only(in, allowed, &f);
  json_t *hours = json_object_get(in, "hours"), *deps = json_object_get(in, "departments");
  json_t *holidays = json_object_get(in, "holidays");
  if (hours && (!level || !hours_ok(hours)))
    vt_fields_add(&f, "hours", "field.hours");
  if (deps) {
    const char *code;
    json_t *v;
    bool ok = level && json_is_object(deps);
    json_object_foreach(ok ? deps : NULL, code, v) ok = ok && hours_ok(v);
    if (!ok)
      vt_fields_add(&f, "departments", "field.hours");
  }
  if (!holidays_ok(holidays ? holidays : json_array()))
    vt_fields_add(&f, "holidays", "field.holidays");
  enum MHD_Result ret;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    struct vt_calendar k = {0};
    k.hours_json = hours && !json_is_null(hours) ? json_dumps(hours, JSON_COMPACT) : NULL;
    k.departments_json = deps ? json_dumps(deps, JSON_COMPACT) : NULL;
    k.holidays_json = json_dumps(holidays ? holidays : json_array(), JSON_COMPACT);
    enum vt_qs qs = r->app->store->calendar_put(r->app->store, level, &k, vt_now_ms());
    vt_calendar_release(&k);
    ret = qs == VT_QS_ONE ? reply_calendar(r, level, 200)
                          : vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  }
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* ---- policies ---- */

static enum MHD_Result reply_policies(struct vt_request *r, vt_id tenant_id) {
  char *json = NULL;
  enum vt_qs qs = r->app->store->sla_policies_get(r->app->store, tenant_id, &json);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *items = vt_json_parse_stored(json ? json : "[]");
  free(json);
  return vt_reply_json(r, 200, json_pack("{s:s, s:o}", "tenant", r->params[0], "items", items));
}

enum MHD_Result vt_api_sla_policies_get(struct vt_request *r) {
  vt_id level;
  if (!strcmp(r->params[0], "national") || !path_level(r, &level))
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return reply_policies(r, level);
}

static const char *const ACTIONS[] = {"notify_supervisor", "raise_priority", "reassign", NULL};

/* One policy: checks it, and writes its stored form (service as id) into
 * out; field names are items[i].field. */
static enum vt_qs check_policy(struct vt_store *st, vt_id tenant_id, json_t *p, size_t i,
                               json_t *out, struct vt_fields *f) {
  char field[64];
#define BAD(name, key)                                                                             \
  do {                                                                                             \
    snprintf(field, sizeof field, "items[%zu].%s", i, name);                                       \
    vt_fields_add(f, field, key);                                                                  \
  } while (0)
  static const char *const allowed[] = {"id",
                                        "service",
                                        "priority",
                                        "first_response_minutes",
                                        "resolution_minutes",
                                        "warn_before_minutes",
                                        "legal_warn_days",
                                        "on_breach",
                                        NULL};
  if (!json_is_object(p)) {
    BAD("", "field.unknown_value");
    return VT_QS_ONE;
  }
  const char *key;
  json_t *v;
  json_object_foreach(p, key, v) {
    bool known = false;
    for (size_t k = 0; allowed[k]; k++)
      known = known || !strcmp(key, allowed[k]);
    if (!known)
      BAD(key, "field.unknown_field");
  }
  json_t *svc = json_object_get(p, "service");
  if (svc && !json_is_null(svc)) {
    struct vt_service s;
    enum vt_qs qs = json_is_string(svc)
                        ? st->service_by_code(st, tenant_id, json_string_value(svc), &s)
                        : VT_QS_NONE;
    if (qs < 0)
      return qs;
    if (qs == VT_QS_ONE) {
      json_object_set_new(out, "service_id", json_integer((json_int_t)s.id));
      vt_service_release(&s);
    } else {
      BAD("service", "field.unknown_service");
    }
  }
  json_t *pr = json_object_get(p, "priority");
  if (pr && !json_is_null(pr)) {
    if (!json_is_string(pr) || vt_priority_parse(json_string_value(pr)) < 0)
      BAD("priority", "field.unknown_value");
    else
      json_object_set(out, "priority", pr);
  }
  static const struct {
    const char *name;
    json_int_t max;
  } nums[] = {{"first_response_minutes", 525600},
              {"resolution_minutes", 5256000},
              {"warn_before_minutes", 43200},
              {"legal_warn_days", 30}};
  for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
    v = json_object_get(p, nums[k].name);
    if (!v || json_is_null(v))
      continue;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > nums[k].max)
      BAD(nums[k].name, "field.range");
    else
      json_object_set(out, nums[k].name, v);
  }
  json_t *acts = json_object_get(p, "on_breach");
  if (acts) {
    bool ok = json_is_array(acts) && json_array_size(acts) <= 3;
    size_t a;
    json_t *x;
    json_array_foreach(ok ? acts : NULL, a, x) {
      bool known = false;
      for (size_t k = 0; ACTIONS[k] && json_is_string(x); k++)
        known = known || !strcmp(json_string_value(x), ACTIONS[k]);
      ok = ok && known;
    }
    if (!ok)
      BAD("on_breach", "field.unknown_value");
    else
      json_object_set(out, "on_breach", acts);
  }
#undef BAD
  return VT_QS_ONE;
}

static const char *text_or_empty(json_t *v) {
  return json_is_string(v) ? json_string_value(v) : "";
}

enum MHD_Result vt_api_sla_policies_put(struct vt_request *r) {
  vt_id tenant_id;
  if (!strcmp(r->params[0], "national") || !path_level(r, &tenant_id))
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  json_t *items = json_object_get(in, "items"), *stored = json_array();
  enum vt_qs qs = VT_QS_ONE;
  if (!json_is_array(items) || json_array_size(items) > 200) {
    vt_fields_add(&f, "items", "field.required");
  } else {
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p) {
      json_t *one = json_object();
      if ((qs = check_policy(r->app->store, tenant_id, p, i, one, &f)) < 0) {
        json_decref(one);
        break;
      }
      json_array_append_new(stored, one);
    }
    /* Two policies for the same service and priority: which would apply? */
    for (size_t a = 0; qs >= 0 && a < json_array_size(stored); a++)
      for (size_t b = 0; b < a; b++) {
        json_t *x = json_array_get(stored, a), *y = json_array_get(stored, b);
        if (json_integer_value(json_object_get(x, "service_id")) ==
                json_integer_value(json_object_get(y, "service_id")) &&
            !strcmp(text_or_empty(json_object_get(x, "priority")),
                    text_or_empty(json_object_get(y, "priority")))) {
          char field[32];
          snprintf(field, sizeof field, "items[%zu]", a);
          vt_fields_add(&f, field, "field.duplicate_policy");
        }
      }
  }
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
  } else if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    char *json = json_dumps(stored, JSON_COMPACT);
    qs = r->app->store->sla_policies_put(r->app->store, tenant_id, json, vt_now_ms());
    free(json);
    ret = qs == VT_QS_ONE ? reply_policies(r, tenant_id)
                          : vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  }
  json_decref(stored);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* ---- the calculator ---- */

/* GET /api/v1/sla/deadline?tenant=CODE&from=ISO&business_days=N
 * (or business_minutes=N, or months=N; department=CODE for its hours). */
enum MHD_Result vt_api_sla_deadline(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  const char *code = vt_request_arg(r, "tenant"), *from_s = vt_request_arg(r, "from");
  const char *days_s = vt_request_arg(r, "business_days"),
             *mins_s = vt_request_arg(r, "business_minutes"),
             *months_s = vt_request_arg(r, "months"), *dep = vt_request_arg(r, "department");
  struct vt_tenant t;
  enum vt_qs qs = code ? st->tenant_by_code(st, code, &t) : VT_QS_NONE;
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  vt_id tenant_id = qs == VT_QS_ONE ? t.id : 0;
  char tz[64] = "UTC";
  if (qs == VT_QS_ONE) {
    snprintf(tz, sizeof tz, "%s", t.timezone);
    vt_tenant_release(&t);
  }
  if (!tenant_id || !vt_scope_has(&r->principal->scope, tenant_id))
    vt_fields_add(&f, "tenant", "field.unknown_tenant");
  int64_t from = from_s ? vt_time_parse_iso8601(from_s) : vt_now_ms();
  if (!from)
    vt_fields_add(&f, "from", "field.time");
  int given = !!days_s + !!mins_s + !!months_s;
  long n = 0;
  const char *which = days_s ? days_s : mins_s ? mins_s : months_s;
  char *end = NULL;
  if (which)
    n = strtol(which, &end, 10);
  if (given != 1 || !end || *end || n < 1 ||
      n > (days_s   ? VT_CAL_MAX_DAYS
           : mins_s ? 5256000
                    : VT_CAL_MAX_MONTHS))
    vt_fields_add(&f, "business_days", "field.range");
  if (f.errors) {
    enum MHD_Result ret = vt_reply_fields(r, &f);
    json_decref(f.errors);
    return ret;
  }
  /* The calendar of a ticket of that administration (and department). */
  struct vt_calendar k;
  if ((qs = st->calendar_get(st, tenant_id, &k)) != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  const char *hours = k.hours_json;
  json_t *deps = dep && k.departments_json ? json_loads(k.departments_json, 0, NULL) : NULL;
  json_t *dh = deps ? json_object_get(deps, dep) : NULL;
  char *dep_hours = dh && json_is_object(dh) ? json_dumps(dh, JSON_COMPACT) : NULL;
  struct vt_cal *cal = vt_sla_calendar(tz, dep_hours ? dep_hours : hours);
  json_t *all[2] = {vt_json_parse_stored(k.holidays_json ? k.holidays_json : "[]"),
                    vt_json_parse_stored(k.inherited_json ? k.inherited_json : "[]")};
  for (int a = 0; a < 2; a++) {
    size_t i;
    json_t *h;
    json_array_foreach(all[a], i, h) {
      struct vt_date d;
      if (vt_date_parse(json_string_value(json_object_get(h, "date")), &d))
        vt_cal_add_holiday(cal, d);
    }
    json_decref(all[a]);
  }
  int64_t filed = from, due = 0;
  enum vt_cal_status cs;
  if (days_s) {
    vt_cal_filing_instant(cal, from, &filed);
    cs = vt_cal_add_business_days(cal, filed, (int)n, &due);
  } else if (mins_s) {
    cs = vt_cal_add_business_hours(cal, from, n, &due);
  } else {
    cs = vt_cal_add_calendar_months(cal, from, (int)n, &due);
  }
  json_t *j = json_pack("{s:o, s:o, s:s}", "from", vt_json_time(from), "due_at",
                        cs == VT_CAL_OK ? vt_json_time(due) : json_null(), "timezone",
                        vt_cal_timezone(cal));
  struct vt_date local = vt_cal_local_date(cal, due);
  char date[16];
  snprintf(date, sizeof date, "%04d-%02d-%02d", local.year, local.month, local.day);
  json_object_set_new(j, "due_date", cs == VT_CAL_OK ? json_string(date) : json_null());
  vt_cal_free(cal);
  free(dep_hours);
  json_decref(deps);
  vt_calendar_release(&k);
  return vt_reply_json(r, 200, j);
}
