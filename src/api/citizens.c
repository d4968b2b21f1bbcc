/* Citizens: search by name or by an identity (the screen pop of a contact
 * centre), the profile, the timeline across channels, and merging two
 * records of the same person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "util/timeutil.h"
#include "util/validate.h"

/* Reads q as an identity when it is shaped like one; name search otherwise. */
static bool q_as_identity(const char *q, struct vt_identity *id) {
  if (strchr(q, '@'))
    return (id->kind = VT_ID_EMAIL,
            vt_email_normalize(q, id->value, sizeof id->value) == VT_VALID_OK);
  if (vt_national_id_normalize(q, id->value, sizeof id->value) == VT_VALID_OK)
    return (id->kind = VT_ID_NATIONAL_ID, true);
  if (strspn(q, "+0123456789 ().-") == strlen(q) &&
      vt_phone_normalize(q, "34", id->value, sizeof id->value) == VT_VALID_OK)
    return (id->kind = VT_ID_PHONE, true);
  return false;
}

enum MHD_Result vt_api_citizens_search(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  struct vt_identity exact = {0};
  bool have_exact = false;
  const char *q = vt_request_arg(r, "q");
  static const struct {
    const char *arg;
    enum vt_identity_kind kind;
  } args[] = {{"email", VT_ID_EMAIL}, {"phone", VT_ID_PHONE}, {"national_id", VT_ID_NATIONAL_ID}};
  for (size_t i = 0; i < sizeof args / sizeof *args && !have_exact; i++) {
    const char *v = vt_request_arg(r, args[i].arg);
    if (!v || !*v)
      continue;
    enum vt_valid ok;
    exact.kind = args[i].kind;
    if (args[i].kind == VT_ID_EMAIL)
      ok = vt_email_normalize(v, exact.value, sizeof exact.value);
    else if (args[i].kind == VT_ID_PHONE)
      ok = vt_phone_normalize(v, "34", exact.value, sizeof exact.value);
    else
      ok = vt_national_id_normalize(v, exact.value, sizeof exact.value);
    if (ok != VT_VALID_OK)
      vt_fields_add(&f, args[i].arg,
                    args[i].kind == VT_ID_EMAIL   ? "field.email.format"
                    : args[i].kind == VT_ID_PHONE ? "field.phone.format"
                                                  : "field.national_id.format");
    have_exact = true;
  }
  if (!have_exact && (!q || !*q))
    vt_fields_add(&f, "q", "field.required");
  else if (q && strlen(q) > 200)
    vt_fields_add(&f, "q", "field.too_long");
  if (f.errors)
    return vt_reply_fields(r, &f);
  if (!have_exact)
    have_exact = q_as_identity(q, &exact);
  struct vt_citizen *items;
  size_t n;
  enum vt_qs qs = st->citizens_search(st, &r->principal->scope, have_exact ? NULL : q,
                                      have_exact ? &exact : NULL, 20, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_citizen(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_citizen_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* Loads the {id} citizen in the caller's scope, following a merge to the
 * surviving record; 404 otherwise. */
static int load_citizen(struct vt_request *r, const char *param, struct vt_citizen *c) {
  struct vt_store *st = r->app->store;
  vt_id id;
  if (!vt_in_parse_id(param, &id)) {
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    return -1;
  }
  enum vt_qs qs = st->citizen_get(st, &r->principal->scope, id, c);
  if (qs == VT_QS_ONE && c->merged_into) {
    vt_id to = c->merged_into;
    vt_citizen_release(c);
    qs = st->citizen_get(st, &r->principal->scope, to, c);
  }
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

enum MHD_Result vt_api_citizen_get(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_citizen c;
  if (load_citizen(r, r->params[0], &c) != 0)
    return MHD_YES;
  struct vt_ticket_filter flt = {
      .status = -1, .channel = -1, .priority = -1, .citizen_id = c.id, .limit = 20};
  struct vt_ticket *items;
  size_t n;
  enum vt_qs qs = st->tickets_list(st, &r->principal->scope, &flt, &items, &n);
  if (qs < 0) {
    vt_citizen_release(&c);
    return vt_reply_store_error(r, qs);
  }
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_ticket(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  json_t *j = vt_json_citizen(&c);
  json_object_set_new(j, "recent_tickets", arr);
  vt_citizen_release(&c);
  return vt_reply_json(r, 200, j);
}

enum MHD_Result vt_api_citizen_timeline(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  vt_id before = 0, limit = 50;
  const char *cursor = vt_request_arg(r, "cursor");
  if (cursor && *cursor && !vt_in_parse_id(cursor, &before))
    vt_fields_add(&f, "cursor", "field.cursor");
  const char *lim = vt_request_arg(r, "limit");
  if (lim && (!vt_in_parse_id(lim, &limit) || limit > 200))
    vt_fields_add(&f, "limit", "field.limit");
  if (f.errors)
    return vt_reply_fields(r, &f);
  struct vt_citizen c;
  if (load_citizen(r, r->params[0], &c) != 0)
    return MHD_YES;
  struct vt_timeline_item *items;
  size_t n;
  enum vt_qs qs =
      st->citizen_timeline(st, &r->principal->scope, c.id, before, (int)limit, &items, &n);
  vt_citizen_release(&c);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_timeline_item(&items[i]));
  json_t *next = json_null();
  if (n == (size_t)limit) {
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)items[n - 1].event_id);
    next = json_string(buf);
  }
  VT_RELEASE_ARRAY(items, n, vt_timeline_item_release);
  return vt_reply_json(r, 200, json_pack("{s:o, s:o}", "items", arr, "next_cursor", next));
}

enum MHD_Result vt_api_citizen_merge(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  static const char *const allowed[] = {"other_id", NULL};
  vt_in_only(in, allowed, &f);
  json_t *o = json_object_get(in, "other_id");
  if (!o)
    vt_fields_add(&f, "other_id", "field.required");
  else if (!json_is_integer(o) || json_integer_value(o) <= 0)
    vt_fields_add(&f, "other_id", "field.type_integer");
  vt_id other_id = o && json_is_integer(o) ? json_integer_value(o) : 0;
  json_decref(in);
  if (f.errors)
    return vt_reply_fields(r, &f);
  struct vt_citizen keep, other;
  if (load_citizen(r, r->params[0], &keep) != 0)
    return MHD_YES;
  enum vt_qs qs = st->citizen_get(st, &r->principal->scope, other_id, &other);
  if (qs < 0) {
    vt_citizen_release(&keep);
    return vt_reply_store_error(r, qs);
  }
  if (qs == VT_QS_NONE || other.merged_into) {
    if (qs == VT_QS_ONE)
      vt_citizen_release(&other);
    vt_citizen_release(&keep);
    vt_fields_add(&f, "other_id", "field.unknown_citizen");
    return vt_reply_fields(r, &f);
  }
  if (other.id == keep.id) {
    vt_citizen_release(&other);
    vt_citizen_release(&keep);
    vt_fields_add(&f, "other_id", "field.same_citizen");
    return vt_reply_fields(r, &f);
  }
  qs = st->citizen_merge(st, keep.id, other.id, r->principal->user.id, vt_now_ms());
  vt_id keep_id = keep.id;
  vt_citizen_release(&other);
  vt_citizen_release(&keep);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE)
    return vt_reply_error(r, VT_ERR_CONFLICT, NULL);
  qs = st->citizen_get(st, &r->principal->scope, keep_id, &keep);
  if (qs != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  json_t *j = vt_json_citizen(&keep);
  vt_citizen_release(&keep);
  return vt_reply_json(r, 200, j);
}
