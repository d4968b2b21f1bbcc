/* The web-form channel: a citizen files a request without an account and
 * follows it with the reference number and a secret access token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/attachments.h"
#include "api/chat.h"
#include "api/input.h"
#include "api/render.h"
#include "domain/ticket_rules.h"
#include "http/reply.h"
#include "routing/route.h"
#include "util/crypto.h"
#include "util/timeutil.h"

static const char *const create_fields[] = {"tenant",      "service",     "name",    "email",
                                            "phone",       "national_id", "subject", "body",
                                            "attachments", NULL};

enum MHD_Result vt_api_public_request_create(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, create_fields, &f);
  char tenant_code[16], service_code[64];
  const char *tc = vt_in_string(in, "tenant", 15, true, &f, tenant_code, sizeof tenant_code);
  const char *sc = vt_in_string(in, "service", 63, false, &f, service_code, sizeof service_code);
  const char *name = vt_in_string(in, "name", VT_MAX_NAME, false, &f, NULL, 0);
  const char *subject = vt_in_string(in, "subject", VT_MAX_SUBJECT, true, &f, NULL, 0);
  const char *body = vt_in_string(in, "body", VT_MAX_BODY, true, &f, NULL, 0);
  struct vt_ticket_new tn = {0};
  struct vt_route_result routed = {0};
  tn.n_identities = vt_in_identities(in, &f, tn.identities);
  if (!tn.n_identities && !json_object_get(f.errors, "email") &&
      !json_object_get(f.errors, "phone") && !json_object_get(f.errors, "national_id"))
    vt_fields_add(&f, "email", "field.contact_required");

  struct vt_tenant tenant = {0};
  struct vt_service service = {0};
  enum vt_qs qs = VT_QS_ONE;
  if (tc) {
    qs = st->tenant_by_code(st, tc, &tenant);
    if (qs == VT_QS_NONE)
      vt_fields_add(&f, "tenant", "field.unknown_tenant");
  }
  if (qs >= 0 && tenant.id && sc) {
    qs = st->service_by_code(st, tenant.id, sc, &service);
    if (qs == VT_QS_NONE || (qs == VT_QS_ONE && !service.active))
      vt_fields_add(&f, "service", "field.unknown_service");
  }
  struct vt_att_tokens att;
  if (qs >= 0 && vt_att_parse(in, &f, &att) && !f.errors)
    qs = vt_att_check(st, "public", &att, vt_request_header(r, "Idempotency-Key") != NULL, &f);
  enum MHD_Result ret;
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
      vt_in_idempotency(r, "public_request", &idem_storage, idem_hash, &bad_key);
  if (bad_key) {
    ret = vt_reply_error(r, VT_ERR_BAD_REQUEST, NULL);
    goto out;
  }

  char token[VT_TOKEN_CHARS + 8], token_hash[VT_TOKEN_HASH_HEX + 1];
  vt_token_new("vtr_", token, sizeof token);
  vt_token_hash(token, token_hash);
  tn.tenant_id = tenant.id;
  tn.service_id = service.id;
  tn.department_id = service.department_id;
  tn.channel = VT_CH_WEB;
  tn.priority = VT_PR_NORMAL;
  tn.subject = subject;
  tn.body = body;
  tn.citizen_name = name;
  tn.direction = VT_DIR_IN;
  tn.access_token_hash = token_hash;
  tn.access_token = idem ? token : NULL;
  tn.idem = idem;
  tn.attach = vt_att_for_store(&att, "public");
  tn.now = vt_now_ms();
  vt_route_new_ticket(st, r->app->config, &tn, sc, &routed);
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
    vt_route_created(st, r->app->config, tenant.id, out.ticket_id, &routed);
  const char *give_token = out.replayed ? out.access_token : token;
  enum vt_status status = VT_ST_NEW;
  int64_t created_at = tn.now;
  if (out.replayed) {
    /* Answer a retry with what the first request created, as it is now. */
    struct vt_ticket t;
    char ignored[65];
    qs = st->ticket_by_reference(st, out.reference, &t, ignored);
    if (qs != VT_QS_ONE) {
      ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
      goto out;
    }
    status = t.status;
    created_at = t.created_at;
    vt_ticket_release(&t);
  }
  char location[128];
  snprintf(location, sizeof location, "/api/v1/public/requests/%s", out.reference);
  json_t *reply =
      json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "reference", out.reference, "access_token",
                give_token, "status", vt_status_name(status), "tenant", tenant.code, "status_url",
                location, "created_at", vt_json_time(created_at));
  if (!*give_token)
    json_object_set_new(reply, "access_token", json_null());
  ret = vt_reply_json_hdr(r, 201, reply, "Location", location);
out:
  vt_route_result_release(&routed);
  vt_tenant_release(&tenant);
  vt_service_release(&service);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* Finds the request by reference and checks its access token. Unknown
 * reference and wrong token look the same, so references cannot be probed. */
int vt_api_load_public_request(struct vt_request *r, struct vt_ticket *t) {
  struct vt_store *st = r->app->store;
  const char *authz = vt_request_header(r, "Authorization");
  if (!authz || strncasecmp(authz, "Bearer ", 7) || !authz[7]) {
    vt_reply_error(r, VT_ERR_UNAUTHENTICATED, NULL);
    return -1;
  }
  if (!vt_reference_parse(r->params[0], NULL, 0, NULL, NULL)) {
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    return -1;
  }
  char stored[65], given[VT_TOKEN_HASH_HEX + 1];
  enum vt_qs qs = st->ticket_by_reference(st, r->params[0], t, stored);
  if (qs < 0) {
    vt_reply_store_error(r, qs);
    return -1;
  }
  vt_token_hash(authz + 7, given);
  if (qs == VT_QS_NONE || !stored[0] || !vt_secure_streq(given, stored)) {
    if (qs == VT_QS_ONE)
      vt_ticket_release(t);
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    return -1;
  }
  return 0;
}

enum MHD_Result vt_api_public_request_get(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_ticket t;
  if (vt_api_load_public_request(r, &t) != 0)
    return MHD_YES;
  struct vt_message *msgs;
  size_t n;
  enum vt_qs qs = st->messages_list(st, t.id, false, &msgs, &n);
  if (qs < 0) {
    vt_ticket_release(&t);
    return vt_reply_store_error(r, qs);
  }
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_public_message(&msgs[i]));
  VT_RELEASE_ARRAY(msgs, n, vt_message_release);
  json_t *reply =
      json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "reference", t.reference, "tenant",
                t.tenant_code, "status", vt_status_name(t.status), "subject",
                t.subject ? json_string(t.subject) : json_null(), "service",
                t.service_id ? json_pack("{s:s, s:s}", "code", t.service_code, "name",
                                         t.service_name ? t.service_name : "")
                             : json_null(),
                "created_at", vt_json_time(t.created_at), "updated_at", vt_json_time(t.updated_at),
                "resolved_at", vt_json_time(t.resolved_at), "messages", arr);
  vt_ticket_release(&t);
  return vt_reply_json(r, 200, reply);
}

enum MHD_Result vt_api_public_message_create(struct vt_request *r) {
  return vt_public_message_on(r, VT_CH_WEB);
}

enum MHD_Result vt_public_message_on(struct vt_request *r, enum vt_channel channel) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_ticket t;
  if (vt_api_load_public_request(r, &t) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  static const char *const allowed[] = {"body", "attachments", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  const char *body = vt_in_string(in, "body", VT_MAX_BODY, true, &f, NULL, 0);
  struct vt_att_tokens att;
  enum vt_qs qs = VT_QS_ONE;
  if (vt_att_parse(in, &f, &att) && !f.errors)
    qs = vt_att_check(st, "public", &att, vt_request_header(r, "Idempotency-Key") != NULL, &f);
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  /* A closed ticket is refused by the store (NONE below), after the
   * idempotency check, so a retried message still gets its replay. */
  char scope[64], idem_hash[65];
  snprintf(scope, sizeof scope, "public_message:%lld", (long long)t.id);
  struct vt_idempotency idem_storage;
  bool bad_key;
  const struct vt_idempotency *idem =
      vt_in_idempotency(r, scope, &idem_storage, idem_hash, &bad_key);
  if (bad_key) {
    ret = vt_reply_error(r, VT_ERR_BAD_REQUEST, NULL);
    goto out;
  }
  enum vt_status next = vt_status_after_message(t.status, VT_DIR_IN, false);
  struct vt_message_new mn = {
      .ticket_id = t.id,
      .direction = VT_DIR_IN,
      .channel = channel,
      .author_citizen_id = t.citizen_id,
      .body = body,
      .idem = idem,
      .new_status = next != t.status ? (int)next : -1,
      .attach = vt_att_for_store(&att, "public"),
      .now = vt_now_ms(),
  };
  struct vt_message_added added;
  qs = st->message_add(st, &mn, &added);
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (qs == VT_QS_NONE) {
    ret = vt_reply_error(r, VT_ERR_CONFLICT, NULL); /* closed meanwhile */
    goto out;
  }
  if (added.idem_conflict) {
    ret = vt_reply_error(r, VT_ERR_IDEMPOTENCY_CONFLICT, NULL);
    goto out;
  }
  struct vt_message m;
  qs = st->message_get(st, added.message_id, &m);
  if (qs != VT_QS_ONE) {
    ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
    goto out;
  }
  ret = vt_reply_json(r, 201, vt_json_public_message(&m));
  vt_message_release(&m);
out:
  json_decref(f.errors);
  vt_ticket_release(&t);
  json_decref(in);
  return ret;
}
