/* The citizen's side of a live chat: start one from a widget, follow it
 * (state, live stream), write, say one is typing, leave, and ask for the
 * transcript. A chat is a ticket on the chat channel, so the citizen holds
 * its reference and access token exactly as with a web-form request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/attachments.h"
#include "api/chat.h"
#include "api/input.h"
#include "api/render.h"
#include "channels/chat_hours.h"
#include "domain/ticket_rules.h"
#include "http/hub.h"
#include "http/reply.h"
#include "mail/ingest.h"
#include "routing/route.h"
#include "util/crypto.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/validate.h"

#define DEFAULT_WAIT_MS 120000 /* the expected wait when there is no history */
#define MAX_TRANSCRIPTS 3      /* per chat: a transcript is a real email to any address */

static json_t *follow_url(const char *reference, const char *token) {
  char url[256];
  snprintf(url, sizeof url, "/seguimiento#ref=%s&token=%s", reference, token);
  return json_string(url);
}

/* Position and expected wait of a queued chat, into obj. */
static enum vt_qs add_queue_facts(struct vt_store *st, const struct vt_chat *c, json_t *obj) {
  if (strcmp(c->status, "queued")) {
    json_object_set_new(obj, "position", json_null());
    json_object_set_new(obj, "expected_wait_seconds", json_null());
    return VT_QS_ONE;
  }
  int64_t mean = 0;
  long count = 0;
  enum vt_qs qs = st->chat_mean_wait(st, c->tenant_id, vt_now_ms() - 86400000LL, &mean, &count);
  if (qs < 0)
    return qs;
  if (!count || mean <= 0)
    mean = DEFAULT_WAIT_MS;
  json_object_set_new(obj, "position", json_integer(c->position));
  json_object_set_new(obj, "expected_wait_seconds",
                      json_integer((json_int_t)((mean * c->position + 999) / 1000)));
  return VT_QS_ONE;
}

static json_t *public_agent(const char *name) {
  return name ? json_pack("{s:s}", "name", name) : json_null();
}

static const char *const start_fields[] = {"key",  "name",        "email", "phone",
                                           "body", "attachments", NULL};

enum MHD_Result vt_api_public_chat_create(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, start_fields, &f);
  char key[64];
  struct vt_chat_widget w = {0};
  bool have_widget = false;
  struct vt_route_result routed = {0};
  enum MHD_Result ret;
  if (vt_in_string(in, "key", sizeof key - 1, true, &f, key, sizeof key)) {
    int rc = vt_chat_load_widget(r, key, &w);
    if (rc < 0) {
      ret = MHD_YES;
      goto out;
    }
    if (rc > 0)
      vt_fields_add(&f, "key", "field.unknown_widget");
    have_widget = rc == 0;
  }
  const char *name = vt_in_string(in, "name", VT_MAX_NAME, false, &f, NULL, 0);
  const char *body = vt_in_string(in, "body", VT_MAX_BODY, true, &f, NULL, 0);
  struct vt_ticket_new tn = {0};
  tn.n_identities = vt_in_identities(in, &f, tn.identities);
  struct vt_att_tokens att;
  enum vt_qs qs = VT_QS_ONE;
  if (vt_att_parse(in, &f, &att) && !f.errors)
    qs = vt_att_check(st, "public", &att, vt_request_header(r, "Idempotency-Key") != NULL, &f);
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  struct vt_idempotency idem_storage;
  char idem_hash[65];
  bool bad_key;
  const struct vt_idempotency *idem =
      vt_in_idempotency(r, "public_chat", &idem_storage, idem_hash, &bad_key);
  if (bad_key) {
    ret = vt_reply_error(r, VT_ERR_BAD_REQUEST, NULL);
    goto out;
  }

  /* Nobody to chat with (out of hours, nobody on duty): the same ticket,
   * filed as a request at once, instead of a citizen waiting for no one. */
  int64_t now = vt_now_ms();
  long on_duty = 0;
  if ((qs = st->chat_agents_on_duty(st, w.tenant_id, now, &on_duty)) < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  struct vt_chat_new cn = {w.id, "queued", NULL};
  if (!vt_chat_hours_open(w.hours_json, w.timezone, now))
    cn = (struct vt_chat_new){w.id, "ended", "closed"};
  else if (!on_duty)
    cn = (struct vt_chat_new){w.id, "ended", "no_agents"};

  char token[VT_TOKEN_CHARS + 8], token_hash[VT_TOKEN_HASH_HEX + 1];
  vt_token_new("vtr_", token, sizeof token);
  vt_token_hash(token, token_hash);
  char subject[80 * 4 + 1];
  vt_subject_of(body, subject, sizeof subject);
  tn.tenant_id = w.tenant_id;
  tn.department_id = w.department_id;
  tn.channel = VT_CH_CHAT;
  tn.priority = VT_PR_NORMAL;
  tn.subject = subject[0] ? subject : vt_i18n(VT_LANG_ES, "chat.subject");
  tn.body = body;
  tn.citizen_name = name;
  tn.direction = VT_DIR_IN;
  tn.access_token_hash = token_hash;
  tn.access_token = idem ? token : NULL;
  tn.idem = idem;
  tn.attach = vt_att_for_store(&att, "public");
  tn.chat = &cn;
  tn.now = now;
  vt_route_new_ticket(st, r->app->config, &tn, NULL, &routed);
  struct vt_ticket_created out;
  qs = st->ticket_create(st, &tn, &out);
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (out.idem_conflict) {
    ret = vt_reply_error(r, VT_ERR_IDEMPOTENCY_CONFLICT, NULL);
    goto out;
  }
  if (!out.replayed)
    vt_route_created(st, r->app->config, w.tenant_id, out.ticket_id, &routed);
  const char *give_token = out.replayed ? out.access_token : token;
  struct vt_chat c;
  if ((qs = st->chat_get(st, NULL, out.ticket_id, &c)) != VT_QS_ONE) {
    ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
    goto out;
  }
  json_t *reply = json_pack("{s:s, s:s, s:s, s:o, s:o}", "reference", out.reference, "access_token",
                            give_token, "status", c.status, "end_reason",
                            c.end_reason[0] ? json_string(c.end_reason) : json_null(), "follow_url",
                            follow_url(out.reference, give_token));
  if ((qs = add_queue_facts(st, &c, reply)) < 0) {
    json_decref(reply);
    ret = vt_reply_store_error(r, qs);
  } else {
    char location[128];
    snprintf(location, sizeof location, "/api/v1/public/chats/%s", out.reference);
    ret = vt_reply_json_hdr(r, 201, reply, "Location", location);
  }
  vt_chat_release(&c);
out:
  vt_route_result_release(&routed);
  if (have_widget)
    vt_chat_widget_release(&w);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* The path's chat with the caller's token; on failure it has replied. */
static int load_chat(struct vt_request *r, struct vt_ticket *t, struct vt_chat *c) {
  struct vt_store *st = r->app->store;
  if (vt_api_load_public_request(r, t) != 0)
    return -1;
  enum vt_qs qs = st->chat_get(st, NULL, t->id, c);
  if (qs != VT_QS_ONE) {
    vt_ticket_release(t);
    if (qs < 0)
      vt_reply_store_error(r, qs);
    else
      vt_reply_error(r, VT_ERR_NOT_FOUND, NULL); /* a request, not a chat */
    return -1;
  }
  return 0;
}

/* The token the caller authenticated with (checked by load_chat). */
static const char *bearer(struct vt_request *r) {
  return vt_request_header(r, "Authorization") + 7;
}

enum MHD_Result vt_api_public_chat_get(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_ticket t;
  struct vt_chat c;
  if (load_chat(r, &t, &c) != 0)
    return MHD_YES;
  vt_id last_event = 0;
  struct vt_message *msgs = NULL;
  size_t n = 0;
  enum vt_qs qs = st->events_last_id(st, &last_event);
  if (qs >= 0)
    qs = st->messages_list(st, t.id, false, &msgs, &n);
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_public_message(&msgs[i]));
  VT_RELEASE_ARRAY(msgs, n, vt_message_release);
  /* last_event_id: the stream resumes after it, so nothing that happens
   * between this answer and the stream's start is missed. */
  json_t *reply = json_pack(
      "{s:s, s:{s:s, s:s}, s:s, s:o, s:o, s:s, s:o, s:I, s:o}", "reference", t.reference, "tenant",
      "code", c.tenant_code, "name", c.tenant_name, "status", c.status, "end_reason",
      c.end_reason[0] ? json_string(c.end_reason) : json_null(), "agent",
      public_agent(c.agent_name), "ticket_status", vt_status_name(t.status), "messages", arr,
      "last_event_id", (json_int_t)last_event, "follow_url", follow_url(t.reference, bearer(r)));
  if ((qs = add_queue_facts(st, &c, reply)) < 0) {
    json_decref(reply);
    ret = vt_reply_store_error(r, qs);
  } else {
    ret = vt_reply_json(r, 200, reply);
  }
out:
  vt_chat_release(&c);
  vt_ticket_release(&t);
  return ret;
}

enum MHD_Result vt_api_public_chat_events(struct vt_request *r) {
  vt_id last = 0;
  const char *h = vt_request_header(r, "Last-Event-ID");
  if (h && *h && !vt_in_parse_id(h, &last)) {
    struct vt_fields f = {NULL, r->lang};
    vt_fields_add(&f, "last_event_id", "field.cursor");
    return vt_reply_fields(r, &f);
  }
  struct vt_ticket t;
  struct vt_chat c;
  if (load_chat(r, &t, &c) != 0)
    return MHD_YES;
  vt_id ticket_id = t.id;
  vt_chat_release(&c);
  vt_ticket_release(&t);
  if (!r->app->hub)
    return vt_reply_error(r, VT_ERR_UNAVAILABLE, NULL);
  struct vt_sub *s = vt_hub_subscribe_ticket(r->app->hub, ticket_id, vt_chat_public_frame, last);
  if (!s)
    return vt_reply_error(r, VT_ERR_TOO_MANY_REQUESTS, NULL); /* its most streams are open */
  struct MHD_Response *resp = vt_hub_response(s, r->conn);
  if (!resp)
    return vt_reply_error(r, VT_ERR_INTERNAL, NULL);
  return vt_reply_response(r, 200, resp);
}

enum MHD_Result vt_chat_reply_refused(struct vt_request *r, enum vt_chat_refusal why) {
  switch (why) {
  case VT_CHAT_TAKEN:
    return vt_reply_error(r, VT_ERR_CHAT_TAKEN, NULL);
  case VT_CHAT_LIMIT:
    return vt_reply_error(r, VT_ERR_CHAT_LIMIT, NULL);
  case VT_CHAT_ENDED:
    return vt_reply_error(r, VT_ERR_CHAT_ENDED, NULL);
  case VT_CHAT_NOT_YOURS:
    return vt_reply_error(r, VT_ERR_FORBIDDEN, NULL);
  default:
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  }
}

enum MHD_Result vt_api_public_chat_message(struct vt_request *r) {
  struct vt_ticket t;
  struct vt_chat c;
  if (load_chat(r, &t, &c) != 0)
    return MHD_YES;
  bool ended = !strcmp(c.status, "ended");
  vt_chat_release(&c);
  vt_ticket_release(&t);
  /* After the chat, the conversation goes on in the follow-up page. */
  if (ended)
    return vt_reply_error(r, VT_ERR_CHAT_ENDED, NULL);
  return vt_public_message_on(r, VT_CH_CHAT);
}

enum MHD_Result vt_api_public_chat_typing(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_ticket t;
  struct vt_chat c;
  if (load_chat(r, &t, &c) != 0)
    return MHD_YES;
  enum vt_qs qs = st->chat_typing(st, t.id, "citizen", t.citizen_id, vt_now_ms());
  vt_chat_release(&c);
  vt_ticket_release(&t);
  /* Throttled or ended: nothing to tell anyone, and nothing wrong. */
  return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_empty(r, 204, NULL, NULL);
}

enum MHD_Result vt_api_public_chat_end(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_ticket t;
  struct vt_chat c;
  if (load_chat(r, &t, &c) != 0)
    return MHD_YES;
  enum vt_chat_refusal why;
  enum vt_qs qs = st->chat_end(st, t.id, 0, false, "citizen_left", vt_now_ms(), &why);
  vt_chat_release(&c);
  vt_ticket_release(&t);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE && why != VT_CHAT_ENDED)
    return vt_chat_reply_refused(r, why);
  return vt_api_public_chat_get(r); /* ending twice is harmless: the chat as it is */
}

enum MHD_Result vt_api_public_chat_transcript(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_ticket t;
  struct vt_chat c;
  if (load_chat(r, &t, &c) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  static const char *const allowed[] = {"email", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  char raw[320], addr[256];
  if (vt_in_string(in, "email", 254, true, &f, raw, sizeof raw) &&
      vt_email_normalize(raw, addr, sizeof addr) != VT_VALID_OK)
    vt_fields_add(&f, "email", "field.email.format");
  /* A transcript goes only to the person: to one of their email addresses
   * when they have any, and never more than a few a day to one address
   * (else anyone could mail their own text from the administration). */
  struct vt_scope all = {.all = true};
  struct vt_citizen who;
  enum vt_qs cq = f.errors ? VT_QS_NONE : st->citizen_get(st, &all, t.citizen_id, &who);
  if (cq == VT_QS_ONE) {
    bool has_email = false, match = false;
    for (size_t i = 0; i < who.n_identities; i++)
      if (who.identities[i].kind == VT_ID_EMAIL) {
        has_email = true;
        match = match || !strcasecmp(who.identities[i].value, addr);
      }
    if (has_email && !match)
      vt_fields_add(&f, "email", "field.transcript_email");
    vt_citizen_release(&who);
  }
  long sent_today = 0;
  if (!f.errors && cq >= 0)
    cq = st->outbox_count_to(st, addr, "transcript", vt_now_ms() - 86400000LL, &sent_today);
  enum MHD_Result ret;
  if (cq < 0) {
    ret = vt_reply_store_error(r, cq);
  } else if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else if (sent_today >= MAX_TRANSCRIPTS) {
    ret = vt_reply_error(r, VT_ERR_TOO_MANY_REQUESTS, NULL);
  } else {
    char mid[256];
    vt_mail_new_message_id(r->app->config->mail_domain, mid, sizeof mid);
    enum vt_qs qs =
        st->chat_transcript_queue(st, t.tenant_id, t.id, addr, mid, MAX_TRANSCRIPTS, vt_now_ms());
    if (qs < 0)
      ret = vt_reply_store_error(r, qs);
    else if (qs == VT_QS_NONE)
      ret = vt_reply_error(r, VT_ERR_TOO_MANY_REQUESTS, NULL);
    else
      ret = vt_reply_json(r, 202, json_pack("{s:s}", "status", "queued"));
  }
  json_decref(f.errors);
  vt_chat_release(&c);
  vt_ticket_release(&t);
  json_decref(in);
  return ret;
}

/* ---- the citizen's stream ---- */

static void sse(struct vt_buf *out, const struct vt_event *e, const char *name, json_t *data) {
  char *text = json_dumps(data, JSON_COMPACT);
  json_decref(data);
  if (text)
    vt_buf_appendf(out, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)e->id, name, text);
  free(text);
}

/* What the citizen sees of a ticket's event: public messages (both
 * sides', never internal notes), the agent typing, the chat's changes.
 * Runs on the hub's thread; a message or an agent's name costs one read. */
bool vt_chat_public_frame(struct vt_store *st, const struct vt_event *e, struct vt_buf *out) {
  json_t *data = e->data_json ? json_loads(e->data_json, 0, NULL) : NULL;
  bool sent = false;
  if (!strcmp(e->action, "message_added") && e->message_id &&
      !json_is_true(json_object_get(data, "internal"))) {
    struct vt_message m;
    if (st->message_get(st, e->message_id, &m) == VT_QS_ONE) {
      if (!m.internal) {
        sse(out, e, "message", json_pack("{s:o}", "message", vt_json_public_message(&m)));
        sent = true;
      }
      vt_message_release(&m);
    }
  } else if (!strcmp(e->action, "chat_typing")) {
    const char *who = json_string_value(json_object_get(data, "who"));
    if (who && !strcmp(who, "agent")) {
      sse(out, e, "typing", json_pack("{s:s}", "who", "agent"));
      sent = true;
    }
  } else if (!strncmp(e->action, "chat_", 5)) {
    json_t *agent = json_null();
    json_int_t agent_id = json_integer_value(json_object_get(data, "agent_id"));
    struct vt_user u;
    if (agent_id && st->user_get(st, (vt_id)agent_id, &u) == VT_QS_ONE) {
      agent = public_agent(u.name);
      vt_user_release(&u);
    }
    json_t *status = json_object_get(data, "status"), *reason = json_object_get(data, "end_reason");
    sse(out, e, "chat",
        json_pack("{s:O, s:O, s:o}", "status", status ? status : json_null(), "end_reason",
                  reason ? reason : json_null(), "agent", agent));
    sent = true;
  }
  json_decref(data);
  return sent;
}
