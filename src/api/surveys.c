/* Satisfaction surveys over HTTP: the citizen's side (by the link's secret
 * token, or by their request's reference and access token) and the agents'
 * (a ticket's survey, and the list supervisors and reports read). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "util/crypto.h"
#include "util/timeutil.h"

#define MAX_COMMENT   2000 /* characters */
#define DEFAULT_LIMIT 50
#define MAX_LIMIT     200

/* ---- the citizen's side ---- */

/* The questions, as data: the page words them from its own catalogue. */
static json_t *questions(void) {
  return json_pack("[{s:s, s:s, s:i, s:i, s:b}, {s:s, s:s, s:b}, {s:s, s:s, s:i, s:i, s:b},"
                   " {s:s, s:s, s:i, s:i, s:b}, {s:s, s:s, s:i, s:b}]",
                   "id", "csat", "type", "scale", "min", 1, "max", 5, "required", 1, "id", "fcr",
                   "type", "boolean", "required", 0, "id", "ces", "type", "scale", "min", 1, "max",
                   7, "required", 0, "id", "nps", "type", "scale", "min", 0, "max", 10, "required",
                   0, "id", "comment", "type", "text", "max_length", MAX_COMMENT, "required", 0);
}

/* What a citizen may see: nothing personal beyond their own request's reference. */
static json_t *public_json(const struct vt_survey *v) {
  return json_pack("{s:s, s:{s:s, s:s}, s:s, s:b, s:o, s:o}", "reference", v->reference, "tenant",
                   "code", v->tenant_code, "name", v->tenant_name ? v->tenant_name : "", "lang",
                   v->lang, "answered", v->answered_at != 0, "answered_at",
                   vt_json_time(v->answered_at), "questions", questions());
}

/* An optional whole number in [lo, hi] (null or absent: -1). */
static int opt_scale(json_t *in, const char *key, int lo, int hi, bool required,
                     struct vt_fields *f) {
  json_t *v = json_object_get(in, key);
  if (!v || json_is_null(v)) {
    if (required)
      vt_fields_add(f, key, "field.required");
    return -1;
  }
  if (!json_is_integer(v)) {
    vt_fields_add(f, key, "field.type_integer");
    return -1;
  }
  json_int_t x = json_integer_value(v);
  if (x < lo || x > hi) {
    vt_fields_add(f, key, "field.range");
    return -1;
  }
  return (int)x;
}

static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static enum MHD_Result answer(struct vt_request *r, struct vt_survey *v) {
  struct vt_store *st = r->app->store;
  if (v->answered_at)
    return vt_reply_error(r, VT_ERR_SURVEY_ANSWERED, NULL);
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  static const char *const allowed[] = {"csat", "fcr", "ces", "nps", "comment", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  struct vt_survey_answer a = {.fcr = -1};
  a.csat = opt_scale(in, "csat", 1, 5, true, &f);
  json_t *fcr = json_object_get(in, "fcr");
  if (fcr && !json_is_null(fcr)) {
    if (json_is_boolean(fcr))
      a.fcr = json_is_true(fcr) ? 1 : 0;
    else
      vt_fields_add(&f, "fcr", "field.type_bool");
  }
  a.ces = opt_scale(in, "ces", 1, 7, false, &f);
  a.nps = opt_scale(in, "nps", 0, 10, false, &f);
  a.comment = vt_in_string(in, "comment", MAX_COMMENT * 4, false, &f, NULL, 0);
  if (a.comment && utf8_chars(a.comment) > MAX_COMMENT) {
    vt_fields_add(&f, "comment", "field.too_long");
    a.comment = NULL;
  }
  enum MHD_Result ret;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  int64_t now = vt_now_ms();
  enum vt_qs qs = st->survey_answer(st, v->id, &a, now);
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (qs == VT_QS_NONE) { /* answered meanwhile */
    ret = vt_reply_error(r, VT_ERR_SURVEY_ANSWERED, NULL);
    goto out;
  }
  v->answered_at = now;
  ret = vt_reply_json(r, 200, public_json(v));
out:
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* The survey named by the path's token; replies 404 itself when there is none. */
static int load_by_token(struct vt_request *r, struct vt_survey *v) {
  const char *token = r->params[0];
  if (strncmp(token, "vts_", 4) || strlen(token) > VT_TOKEN_CHARS + 8) {
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    return -1;
  }
  char hash[VT_TOKEN_HASH_HEX + 1];
  vt_token_hash(token, hash);
  enum vt_qs qs = r->app->store->survey_by_token(r->app->store, hash, v);
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

/* The survey of the request named by {reference} with its Bearer access token. */
static int load_by_request(struct vt_request *r, struct vt_survey *v) {
  struct vt_ticket t;
  if (vt_api_load_public_request(r, &t) != 0)
    return -1;
  enum vt_qs qs = r->app->store->survey_of_ticket(r->app->store, NULL, t.id, v);
  vt_ticket_release(&t);
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

static enum MHD_Result get_with(struct vt_request *r,
                                int (*load)(struct vt_request *, struct vt_survey *)) {
  struct vt_survey v;
  if (load(r, &v) != 0)
    return MHD_YES;
  enum MHD_Result ret = vt_reply_json(r, 200, public_json(&v));
  vt_survey_release(&v);
  return ret;
}

static enum MHD_Result post_with(struct vt_request *r,
                                 int (*load)(struct vt_request *, struct vt_survey *)) {
  struct vt_survey v;
  if (load(r, &v) != 0)
    return MHD_YES;
  enum MHD_Result ret = answer(r, &v);
  vt_survey_release(&v);
  return ret;
}

enum MHD_Result vt_api_public_survey_get(struct vt_request *r) {
  return get_with(r, load_by_token);
}
enum MHD_Result vt_api_public_survey_answer(struct vt_request *r) {
  return post_with(r, load_by_token);
}
enum MHD_Result vt_api_public_request_survey_get(struct vt_request *r) {
  return get_with(r, load_by_request);
}
enum MHD_Result vt_api_public_request_survey_answer(struct vt_request *r) {
  return post_with(r, load_by_request);
}

/* ---- the agents' side ---- */

static json_t *opt_int_json(int v) { return v < 0 ? json_null() : json_integer(v); }

static json_t *agent_json(const struct vt_survey *v) {
  json_t *answers = json_null();
  if (v->answered_at)
    answers = json_pack("{s:i, s:o, s:o, s:o, s:o}", "csat", v->csat, "fcr",
                        v->fcr < 0 ? json_null() : json_boolean(v->fcr), "ces",
                        opt_int_json(v->ces), "nps", opt_int_json(v->nps), "comment",
                        v->comment ? json_string(v->comment) : json_null());
  return json_pack("{s:I, s:{s:I, s:s}, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
                   (json_int_t)v->id, "ticket", "id", (json_int_t)v->ticket_id, "reference",
                   v->reference, "tenant", v->tenant_code, "agent",
                   v->agent_id ? json_pack("{s:I, s:s}", "id", (json_int_t)v->agent_id, "name",
                                           v->agent_name ? v->agent_name : "")
                               : json_null(),
                   "department_id", v->department_id ? json_integer(v->department_id) : json_null(),
                   "service_id", v->service_id ? json_integer(v->service_id) : json_null(),
                   "channel", v->channel, "delivered_via", v->delivered_via, "lang", v->lang,
                   "sent_at", vt_json_time(v->sent_at), "answered_at", vt_json_time(v->answered_at),
                   "answers", answers);
}

enum MHD_Result vt_api_ticket_survey(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_ticket t;
  if (vt_api_load_ticket(r, &t) != 0)
    return MHD_YES;
  struct vt_survey v;
  enum vt_qs qs = st->survey_of_ticket(st, &r->principal->scope, t.id, &v);
  vt_ticket_release(&t);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE)
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  enum MHD_Result ret = vt_reply_json(r, 200, agent_json(&v));
  vt_survey_release(&v);
  return ret;
}

/* A day (YYYY-MM-DD, UTC) as the milliseconds of its start; -1 if malformed. */
static int64_t parse_day(const char *s) {
  int y, m, d;
  char tail;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 ||
      d < 1 || d > 31 || y < 1970 || y > 9999)
    return -1;
  struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
  time_t t = timegm(&tm);
  return t < 0 ? -1 : (int64_t)t * 1000;
}

enum MHD_Result vt_api_surveys_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  struct vt_survey_filter flt = {.limit = DEFAULT_LIMIT};
  const char *v;
  if ((v = vt_request_arg(r, "tenant")) && *v) {
    struct vt_tenant t;
    enum vt_qs qs = st->tenant_by_code(st, v, &t);
    if (qs < 0)
      return vt_reply_store_error(r, qs);
    if (qs == VT_QS_ONE && vt_scope_has(&r->principal->scope, t.id))
      flt.tenant_id = t.id;
    else
      vt_fields_add(&f, "tenant", "field.unknown_tenant");
    if (qs == VT_QS_ONE)
      vt_tenant_release(&t);
  }
  if ((v = vt_request_arg(r, "agent")) && *v && !vt_in_parse_id(v, &flt.agent_id))
    vt_fields_add(&f, "agent", "field.unknown_value");
  if ((v = vt_request_arg(r, "department")) && *v && !vt_in_parse_id(v, &flt.department_id))
    vt_fields_add(&f, "department", "field.unknown_value");
  if ((v = vt_request_arg(r, "from")) && *v && (flt.from = parse_day(v)) < 0)
    vt_fields_add(&f, "from", "field.unknown_value");
  if ((v = vt_request_arg(r, "to")) && *v) {
    int64_t to = parse_day(v);
    if (to < 0)
      vt_fields_add(&f, "to", "field.unknown_value");
    else
      flt.to = to + 86400000LL; /* the whole day */
  }
  if ((v = vt_request_arg(r, "answered")) && *v) {
    if (!strcmp(v, "true"))
      flt.answered_only = true;
    else if (strcmp(v, "false"))
      vt_fields_add(&f, "answered", "field.type_bool");
  }
  if ((v = vt_request_arg(r, "cursor")) && *v && !vt_in_parse_id(v, &flt.before_id))
    vt_fields_add(&f, "cursor", "field.cursor");
  if ((v = vt_request_arg(r, "limit"))) {
    vt_id l;
    if (!vt_in_parse_id(v, &l) || l > MAX_LIMIT)
      vt_fields_add(&f, "limit", "field.limit");
    else
      flt.limit = (int)l;
  }
  if (f.errors)
    return vt_reply_fields(r, &f);
  struct vt_survey *items;
  size_t n;
  enum vt_qs qs = st->surveys_list(st, &r->principal->scope, &flt, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, agent_json(&items[i]));
  json_t *next = json_null();
  if (n == (size_t)flt.limit) {
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)items[n - 1].id);
    next = json_string(buf);
  }
  VT_RELEASE_ARRAY(items, n, vt_survey_release);
  return vt_reply_json(r, 200, json_pack("{s:o, s:o}", "items", arr, "next_cursor", next));
}
