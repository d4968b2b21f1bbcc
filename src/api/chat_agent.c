/* The agents' side of live chat: going on duty, the queue, accepting
 * within the per-agent limit, transferring, typing, ending. Replies are
 * ordinary ticket messages (POST /api/v1/tickets/{id}/messages). */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/chat.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "util/timeutil.h"

#define DUTY_MS 90000 /* duty lapses this long after the console's last refresh */

static json_t *chat_json(const struct vt_chat *c) {
  json_t *dept = c->department_id ? json_pack("{s:s, s:s}", "code", c->department_code, "name",
                                              c->department_name ? c->department_name : "")
                                  : json_null();
  json_t *agent = c->agent_id ? json_pack("{s:I, s:s}", "id", (json_int_t)c->agent_id, "name",
                                          c->agent_name ? c->agent_name : "")
                              : json_null();
  return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:{s:I, s:o}, s:o, s:o, s:o, s:o, s:o}",
                   "ticket_id", (json_int_t)c->ticket_id, "reference", c->reference, "tenant",
                   c->tenant_code, "department", dept, "status", c->status, "end_reason",
                   c->end_reason[0] ? json_string(c->end_reason) : json_null(), "citizen", "id",
                   (json_int_t)c->citizen_id, "name",
                   c->citizen_name ? json_string(c->citizen_name) : json_null(), "agent", agent,
                   "queued_at", vt_json_time(c->queued_at), "accepted_at",
                   vt_json_time(c->accepted_at), "ended_at", vt_json_time(c->ended_at), "position",
                   c->position ? json_integer(c->position) : json_null());
}

enum MHD_Result vt_api_chats_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  const char *status = vt_request_arg(r, "status");
  const char *mine = vt_request_arg(r, "mine");
  if (!status)
    status = "queued";
  if (strcmp(status, "queued") && strcmp(status, "active") && strcmp(status, "ended")) {
    struct vt_fields f = {NULL, r->lang};
    vt_fields_add(&f, "status", "field.unknown_value");
    return vt_reply_fields(r, &f);
  }
  vt_id agent = mine && (!strcmp(mine, "1") || !strcmp(mine, "true")) ? r->principal->user.id : 0;
  struct vt_chat *items;
  size_t n;
  enum vt_qs qs = st->chats_list(st, &r->principal->scope, status, agent, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, chat_json(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_chat_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* The path's chat in the caller's scope; on failure it has replied. */
static int load(struct vt_request *r, struct vt_chat *c) {
  struct vt_store *st = r->app->store;
  vt_id id;
  enum vt_qs qs = vt_in_parse_id(r->params[0], &id) ? st->chat_get(st, &r->principal->scope, id, c)
                                                    : VT_QS_NONE;
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

/* Whether only the chat's agent may change it (a supervisor may change any
 * chat; anyone in scope a queued one). The store checks it on the row it
 * locks, so a chat taken meanwhile is refused, not stolen. */
static bool holder_only(const struct vt_request *r) {
  return r->principal->user.role < VT_ROLE_SUPERVISOR;
}

/* Answers with the chat as it is now (after a change). */
static enum MHD_Result reply_chat(struct vt_request *r, vt_id ticket_id) {
  struct vt_store *st = r->app->store;
  struct vt_chat c;
  enum vt_qs qs = st->chat_get(st, &r->principal->scope, ticket_id, &c);
  if (qs != VT_QS_ONE)
    return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  enum MHD_Result ret = vt_reply_json(r, 200, chat_json(&c));
  vt_chat_release(&c);
  return ret;
}

/* The outcome of a change: the chat, or why not. */
static enum MHD_Result outcome(struct vt_request *r, vt_id ticket_id, enum vt_qs qs,
                               enum vt_chat_refusal why) {
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE)
    return vt_chat_reply_refused(r, why);
  return reply_chat(r, ticket_id);
}

enum MHD_Result vt_api_chat_get(struct vt_request *r) {
  struct vt_chat c;
  if (load(r, &c) != 0)
    return MHD_YES;
  enum MHD_Result ret = vt_reply_json(r, 200, chat_json(&c));
  vt_chat_release(&c);
  return ret;
}

enum MHD_Result vt_api_chat_accept(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_chat c;
  if (load(r, &c) != 0)
    return MHD_YES;
  vt_id id = c.ticket_id;
  vt_chat_release(&c);
  enum vt_chat_refusal why;
  enum vt_qs qs = st->chat_accept(st, id, r->principal->user.id, r->app->config->chat_max_per_agent,
                                  vt_now_ms(), &why);
  return outcome(r, id, qs, why);
}

enum MHD_Result vt_api_chat_transfer(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_chat c;
  if (load(r, &c) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  static const char *const allowed[] = {"user_id", "department", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  json_t *user = json_object_get(in, "user_id");
  char code[48];
  const char *dept = vt_in_string(in, "department", 47, false, &f, code, sizeof code);
  vt_id to_user = 0, to_dept = 0;
  enum vt_qs qs = VT_QS_ONE;
  enum MHD_Result ret;
  if ((user != NULL) == (dept != NULL)) {
    vt_fields_add(&f, user ? "user_id" : "department", "field.transfer_target");
  } else if (user) {
    if (!json_is_integer(user) || json_integer_value(user) <= 0)
      vt_fields_add(&f, "user_id", "field.unknown_user");
    else if ((qs = st->user_serves_tenant(st, to_user = (vt_id)json_integer_value(user),
                                          c.tenant_id)) == VT_QS_NONE)
      vt_fields_add(&f, "user_id", "field.unknown_user");
  } else {
    struct vt_department d;
    if ((qs = st->department_by_code(st, c.tenant_id, dept, &d)) == VT_QS_ONE) {
      to_dept = d.id;
      vt_department_release(&d);
    } else if (qs == VT_QS_NONE) {
      vt_fields_add(&f, "department", "field.unknown_department");
    }
  }
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
  } else if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    enum vt_chat_refusal why;
    qs = st->chat_transfer(st, c.ticket_id, r->principal->user.id, holder_only(r), to_user, to_dept,
                           r->app->config->chat_max_per_agent, vt_now_ms(), &why);
    ret = outcome(r, c.ticket_id, qs, why);
  }
  json_decref(f.errors);
  vt_chat_release(&c);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_chat_typing(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_chat c;
  if (load(r, &c) != 0)
    return MHD_YES;
  enum MHD_Result ret;
  if (!strcmp(c.status, "ended")) {
    ret = vt_reply_error(r, VT_ERR_CHAT_ENDED, NULL);
  } else if (c.agent_id != r->principal->user.id) {
    ret = vt_reply_error(r, VT_ERR_FORBIDDEN, NULL); /* only the agent talking types */
  } else {
    enum vt_qs qs = st->chat_typing(st, c.ticket_id, "agent", r->principal->user.id, vt_now_ms());
    ret = qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_empty(r, 204, NULL, NULL);
  }
  vt_chat_release(&c);
  return ret;
}

enum MHD_Result vt_api_chat_end(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_chat c;
  if (load(r, &c) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  static const char *const allowed[] = {"resolution", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  char res[16];
  if (vt_in_string(in, "resolution", 15, true, &f, res, sizeof res) && strcmp(res, "resolved") &&
      strcmp(res, "ticket"))
    vt_fields_add(&f, "resolution", "field.resolution");
  enum MHD_Result ret;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    enum vt_chat_refusal why;
    enum vt_qs qs = st->chat_end(st, c.ticket_id, r->principal->user.id, holder_only(r), res,
                                 vt_now_ms(), &why);
    ret = outcome(r, c.ticket_id, qs, why);
  }
  json_decref(f.errors);
  vt_chat_release(&c);
  json_decref(in);
  return ret;
}

static enum MHD_Result reply_duty(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  bool on = false;
  long active = 0;
  enum vt_qs qs = st->chat_duty_get(st, r->principal->user.id, vt_now_ms(), &on, &active);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  return vt_reply_json(r, 200,
                       json_pack("{s:b, s:i, s:I}", "available", on, "max_chats",
                                 r->app->config->chat_max_per_agent, "active_chats",
                                 (json_int_t)active));
}

enum MHD_Result vt_api_chat_duty_get(struct vt_request *r) { return reply_duty(r); }

enum MHD_Result vt_api_chat_duty_put(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  static const char *const allowed[] = {"available", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  if (!json_is_boolean(json_object_get(in, "available")))
    vt_fields_add(&f, "available", "field.type_bool");
  bool on = json_is_true(json_object_get(in, "available"));
  json_decref(in);
  if (f.errors) {
    enum MHD_Result ret = vt_reply_fields(r, &f);
    json_decref(f.errors);
    return ret;
  }
  enum vt_qs qs = st->chat_duty_set(st, r->principal->user.id, on ? vt_now_ms() + DUTY_MS : 0);
  return qs < 0 ? vt_reply_store_error(r, qs) : reply_duty(r);
}
