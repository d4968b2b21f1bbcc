/* Agents for assignment: their own availability (online, away, offline),
 * and the profile supervisors keep for them: the departments they work
 * for, the languages they speak, their skills, and how many open tickets
 * they may hold. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "http/reply.h"
#include "util/timeutil.h"

#define ONLINE_MS 90000 /* online lapses this long after the console's last refresh */
#define MAX_ITEMS 30

static json_t *profile_json(const struct vt_agent_profile *p) {
  json_t *deps = json_loads(p->departments_json ? p->departments_json : "[]", 0, NULL);
  json_t *langs = json_loads(p->languages_json ? p->languages_json : "[]", 0, NULL);
  json_t *skills = json_loads(p->skills_json ? p->skills_json : "[]", 0, NULL);
  return json_pack("{s:I, s:s, s:o, s:o, s:o, s:I, s:I}", "user_id", (json_int_t)p->user_id,
                   "status", p->status, "departments", deps ? deps : json_array(), "languages",
                   langs ? langs : json_array(), "skills", skills ? skills : json_array(),
                   "max_open", (json_int_t)p->max_open, "open_tickets",
                   (json_int_t)p->open_tickets);
}

static enum MHD_Result reply_profile(struct vt_request *r, vt_id user_id) {
  struct vt_store *st = r->app->store;
  struct vt_agent_profile p;
  enum vt_qs qs = st->agent_profile_get(st, user_id, vt_now_ms(), &p);
  if (qs != VT_QS_ONE)
    return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  enum MHD_Result ret = vt_reply_json(r, 200, profile_json(&p));
  vt_agent_profile_release(&p);
  return ret;
}

enum MHD_Result vt_api_me_status_get(struct vt_request *r) {
  return reply_profile(r, r->principal->user.id);
}

enum MHD_Result vt_api_me_status_put(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  static const char *const allowed[] = {"status", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  char status[12];
  if (vt_in_string(in, "status", 10, true, &f, status, sizeof status) && strcmp(status, "online") &&
      strcmp(status, "away") && strcmp(status, "offline"))
    vt_fields_add(&f, "status", "field.unknown_value");
  json_decref(in);
  if (f.errors) {
    enum MHD_Result ret = vt_reply_fields(r, &f);
    json_decref(f.errors);
    return ret;
  }
  int64_t now = vt_now_ms();
  enum vt_qs qs = st->agent_status_set(st, r->principal->user.id, status,
                                       !strcmp(status, "online") ? now + ONLINE_MS : 0, now);
  return qs < 0 ? vt_reply_store_error(r, qs) : reply_profile(r, r->principal->user.id);
}

/* The path's user, if they serve one of the caller's administrations. */
static int load_agent(struct vt_request *r, vt_id *id) {
  struct vt_store *st = r->app->store;
  vt_id *tenants = NULL;
  size_t n = 0;
  enum vt_qs qs =
      vt_in_parse_id(r->params[0], id) ? st->user_tenants(st, *id, &tenants, &n) : VT_QS_NONE;
  bool mine = false;
  for (size_t i = 0; qs == VT_QS_ONE && i < n && !mine; i++)
    mine = vt_scope_has(&r->principal->scope, tenants[i]);
  free(tenants);
  if (qs < 0) {
    vt_reply_store_error(r, qs);
    return -1;
  }
  if (!mine) {
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    return -1;
  }
  return 0;
}

enum MHD_Result vt_api_agent_profile_get(struct vt_request *r) {
  vt_id id;
  if (load_agent(r, &id) != 0)
    return MHD_YES;
  return reply_profile(r, id);
}

/* A list of short strings (codes, languages, skills) as compact JSON. */
static char *string_list(json_t *in, const char *key, size_t maxlen, struct vt_fields *f) {
  json_t *v = json_object_get(in, key);
  if (!v || json_is_null(v))
    return strdup("[]");
  bool ok = json_is_array(v) && json_array_size(v) <= MAX_ITEMS;
  size_t i;
  json_t *e;
  json_array_foreach(v, i, e) ok =
      ok && json_is_string(e) && json_string_length(e) >= 1 && json_string_length(e) <= maxlen;
  if (!ok) {
    vt_fields_add(f, key, "field.string_list");
    return NULL;
  }
  return json_dumps(v, JSON_COMPACT);
}

enum MHD_Result vt_api_agent_profile_put(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  vt_id id;
  if (load_agent(r, &id) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  static const char *const allowed[] = {"departments", "languages", "skills", "max_open", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  struct vt_agent_profile p = {.user_id = id, .max_open = 40};
  p.departments_json = string_list(in, "departments", 47, &f);
  p.languages_json = string_list(in, "languages", 10, &f);
  p.skills_json = string_list(in, "skills", 40, &f);
  json_t *max = json_object_get(in, "max_open");
  if (max &&
      (!json_is_integer(max) || json_integer_value(max) < 1 || json_integer_value(max) > 10000))
    vt_fields_add(&f, "max_open", "field.max_open");
  else if (max)
    p.max_open = (long)json_integer_value(max);
  if (p.languages_json && !strcmp(p.languages_json, "[]")) {
    free(p.languages_json);
    p.languages_json = strdup("[\"es\"]"); /* nobody speaks no language */
  }
  enum MHD_Result ret;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    enum vt_qs qs = st->agent_profile_save(st, &p);
    ret = qs != VT_QS_ONE ? vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs)
                          : reply_profile(r, id);
  }
  vt_agent_profile_release(&p);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}
