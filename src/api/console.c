/* What the agents' console needs beside tickets and citizens: the people a
 * ticket can be assigned to, and who else has a ticket open right now. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "util/timeutil.h"

/* A heartbeat older than this means the agent has left (closed the laptop,
 * lost the network); the console sends one every 10 seconds. */
#define PRESENCE_TTL_MS 30000

enum MHD_Result vt_api_users_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  const char *code = vt_request_arg(r, "tenant");
  if (!code || !*code) {
    vt_fields_add(&f, "tenant", "field.required");
    return vt_reply_fields(r, &f);
  }
  struct vt_tenant t;
  enum vt_qs qs = st->tenant_by_code(st, code, &t);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE) {
    vt_fields_add(&f, "tenant", "field.unknown_tenant");
    return vt_reply_fields(r, &f);
  }
  vt_id tenant_id = t.id;
  vt_tenant_release(&t);
  /* Outside the caller's scope the list is empty, as for departments: the
   * staff of another administration is not the caller's business. */
  json_t *arr = json_array();
  if (vt_scope_has(&r->principal->scope, tenant_id)) {
    struct vt_user *items;
    size_t n;
    qs = st->users_for_tenant(st, tenant_id, &items, &n);
    if (qs < 0) {
      json_decref(arr);
      return vt_reply_store_error(r, qs);
    }
    for (size_t i = 0; i < n; i++)
      json_array_append_new(arr, vt_json_user(&items[i]));
    VT_RELEASE_ARRAY(items, n, vt_user_release);
  }
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

static const char *const presence_fields[] = {"activity", NULL};

enum MHD_Result vt_api_presence_touch(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, presence_fields, &f);
  char act[16] = "";
  const char *activity = vt_in_string(in, "activity", 15, true, &f, act, sizeof act);
  if (activity && strcmp(act, "viewing") && strcmp(act, "replying"))
    vt_fields_add(&f, "activity", "field.unknown_value");
  json_decref(in);
  if (f.errors)
    return vt_reply_fields(r, &f);

  struct vt_ticket t;
  if (vt_api_load_ticket(r, &t) != 0)
    return MHD_YES;
  vt_id ticket_id = t.id;
  vt_ticket_release(&t);
  struct vt_store *st = r->app->store;
  int64_t now = vt_now_ms();
  vt_id me = r->principal->user.id;
  enum vt_qs qs = st->presence_touch(st, ticket_id, me, act, now);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  struct vt_presence *items;
  size_t n;
  qs = st->presence_list(st, ticket_id, me, now - PRESENCE_TTL_MS, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, json_pack("{s:{s:I,s:s?},s:s,s:o}", "user", "id",
                                         (json_int_t)items[i].user_id, "name", items[i].user_name,
                                         "activity", items[i].activity, "at",
                                         vt_json_time(items[i].at)));
  VT_RELEASE_ARRAY(items, n, vt_presence_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "others", arr));
}

enum MHD_Result vt_api_presence_leave(struct vt_request *r) {
  struct vt_ticket t;
  if (vt_api_load_ticket(r, &t) != 0)
    return MHD_YES;
  vt_id ticket_id = t.id;
  vt_ticket_release(&t);
  struct vt_store *st = r->app->store;
  enum vt_qs qs = st->presence_leave(st, ticket_id, r->principal->user.id);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  return vt_reply_empty(r, 204, NULL, NULL);
}
