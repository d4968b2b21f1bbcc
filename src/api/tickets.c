/* Agents' ticket API: list with filters and search, log a phone call or a
 * visit, read, change, and reply. Every lookup passes the caller's scope, so
 * a ticket of another administration is simply not found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/attachments.h"
#include "api/input.h"
#include "api/render.h"
#include "channels/networks.h"
#include "domain/ticket_rules.h"
#include "http/reply.h"
#include "mail/ingest.h"
#include "mail/sender.h"
#include "sla/deadlines.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define DEFAULT_LIMIT 50
#define MAX_LIMIT     200

/* Reads the {id} parameter and loads the ticket in the caller's scope;
 * replies 404 itself when it cannot. */
int vt_api_load_ticket(struct vt_request *r, struct vt_ticket *t) {
  struct vt_store *st = r->app->store;
  vt_id id;
  if (!vt_in_parse_id(r->params[0], &id)) {
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    return -1;
  }
  enum vt_qs qs = st->ticket_get(st, &r->principal->scope, id, t);
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

static int parse_enum_arg(struct vt_request *r, const char *name, int (*parse)(const char *),
                          struct vt_fields *f) {
  const char *v = vt_request_arg(r, name);
  if (!v || !*v)
    return -1;
  int x = parse(v);
  if (x < 0)
    vt_fields_add(f, name, "field.unknown_value");
  return x;
}

static vt_id parse_id_arg(struct vt_request *r, const char *name, struct vt_fields *f) {
  const char *v = vt_request_arg(r, name);
  vt_id id = 0;
  if (v && *v && !vt_in_parse_id(v, &id))
    vt_fields_add(f, name, "field.unknown_value");
  return id;
}

enum MHD_Result vt_api_tickets_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  struct vt_ticket_filter flt = {
      .status = -1, .channel = -1, .priority = -1, .limit = DEFAULT_LIMIT};
  flt.status = parse_enum_arg(r, "status", vt_status_parse, &f);
  flt.channel = parse_enum_arg(r, "channel", vt_channel_parse, &f);
  flt.priority = parse_enum_arg(r, "priority", vt_priority_parse, &f);
  flt.department_id = parse_id_arg(r, "department", &f);
  flt.citizen_id = parse_id_arg(r, "citizen", &f);
  const char *a = vt_request_arg(r, "assignee");
  if (a && !strcmp(a, "me"))
    flt.assignee_id = r->principal->user.id;
  else if (a && !strcmp(a, "none"))
    flt.assignee_id = -1;
  else
    flt.assignee_id = parse_id_arg(r, "assignee", &f);
  const char *od = vt_request_arg(r, "overdue");
  if (od && !strcmp(od, "true")) {
    flt.overdue = true;
    flt.now = vt_now_ms();
  } else if (od && strcmp(od, "false")) {
    vt_fields_add(&f, "overdue", "field.unknown_value");
  }
  const char *risk = vt_request_arg(r, "at_risk");
  if (risk && !strcmp(risk, "true"))
    flt.at_risk = true;
  else if (risk && strcmp(risk, "false"))
    vt_fields_add(&f, "at_risk", "field.unknown_value");
  /* The list behind a backlog figure: open tickets of a service, of an age
   * in whole days (age_min and age_max included). */
  flt.service_id = parse_id_arg(r, "service_id", &f);
  const char *open = vt_request_arg(r, "open");
  if (open && !strcmp(open, "true"))
    flt.open_only = true;
  else if (open && strcmp(open, "false"))
    vt_fields_add(&f, "open", "field.unknown_value");
  vt_id age;
  int64_t now = vt_now_ms();
  const char *amin = vt_request_arg(r, "age_min"), *amax = vt_request_arg(r, "age_max");
  if (amin && *amin && strcmp(amin, "0")) {
    if (!vt_in_parse_id(amin, &age) || age > 36500)
      vt_fields_add(&f, "age_min", "field.unknown_value");
    else
      flt.created_before = now - age * 86400000LL;
  }
  if (amax && *amax) {
    if (strcmp(amax, "0") && (!vt_in_parse_id(amax, &age) || age > 36500))
      vt_fields_add(&f, "age_max", "field.unknown_value");
    else
      flt.created_after = now - ((strcmp(amax, "0") ? age : 0) + 1) * 86400000LL;
  }
  const char *q = vt_request_arg(r, "q");
  if (q && strlen(q) > 200)
    vt_fields_add(&f, "q", "field.too_long");
  else if (q && *q)
    flt.q = q;
  const char *cursor = vt_request_arg(r, "cursor");
  if (cursor && *cursor && !vt_in_parse_id(cursor, &flt.before_id))
    vt_fields_add(&f, "cursor", "field.cursor");
  const char *lim = vt_request_arg(r, "limit");
  if (lim) {
    vt_id l;
    if (!vt_in_parse_id(lim, &l) || l > MAX_LIMIT)
      vt_fields_add(&f, "limit", "field.limit");
    else
      flt.limit = (int)l;
  }
  const char *tc = vt_request_arg(r, "tenant");
  if (tc && *tc) {
    struct vt_tenant t;
    enum vt_qs qs = st->tenant_by_code(st, tc, &t);
    if (qs < 0)
      return vt_reply_store_error(r, qs);
    if (qs == VT_QS_NONE)
      vt_fields_add(&f, "tenant", "field.unknown_tenant");
    else {
      flt.tenant_id = t.id;
      vt_tenant_release(&t);
    }
  }
  if (f.errors)
    return vt_reply_fields(r, &f);

  struct vt_ticket *items;
  size_t n;
  enum vt_qs qs = st->tickets_list(st, &r->principal->scope, &flt, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_ticket(&items[i]));
  json_t *next = json_null();
  if (n == (size_t)flt.limit) {
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)items[n - 1].id);
    json_decref(next);
    next = json_string(buf);
  }
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  return vt_reply_json(r, 200, json_pack("{s:o, s:o}", "items", arr, "next_cursor", next));
}

/* Resolves a department given by id or code within a tenant. */
static enum vt_qs department_ref(struct vt_store *st, json_t *v, vt_id tenant_id, vt_id *out) {
  struct vt_department d;
  enum vt_qs qs;
  if (json_is_integer(v))
    qs = st->department_get(st, json_integer_value(v), &d);
  else if (json_is_string(v))
    qs = st->department_by_code(st, tenant_id, json_string_value(v), &d);
  else
    return VT_QS_NONE;
  if (qs != VT_QS_ONE)
    return qs;
  qs = d.tenant_id == tenant_id ? VT_QS_ONE : VT_QS_NONE;
  *out = d.id;
  vt_department_release(&d);
  return qs;
}

/* Resolves an active service given by id or code within a tenant; its
 * department comes along. */
static enum vt_qs service_ref(struct vt_store *st, json_t *v, vt_id tenant_id, vt_id *out,
                              vt_id *department_id) {
  struct vt_service s;
  enum vt_qs qs;
  if (json_is_integer(v))
    qs = st->service_get(st, json_integer_value(v), &s);
  else if (json_is_string(v))
    qs = st->service_by_code(st, tenant_id, json_string_value(v), &s);
  else
    return VT_QS_NONE;
  if (qs != VT_QS_ONE)
    return qs;
  qs = (s.tenant_id == tenant_id && s.active) ? VT_QS_ONE : VT_QS_NONE;
  *out = s.id;
  if (department_id)
    *department_id = s.department_id;
  vt_service_release(&s);
  return qs;
}

static const char *const create_fields[] = {
    "tenant", "channel",    "service", "department",   "priority",     "subject",
    "body",   "citizen_id", "citizen", "assign_to_me", "call_seconds", NULL};
static const char *const citizen_fields[] = {"name", "email", "phone", "national_id", NULL};

enum MHD_Result vt_api_ticket_create(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_principal *p = r->principal;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, create_fields, &f);
  struct vt_ticket_new tn = {0};
  char tenant_code[16], channel[16], priority[16];
  const char *tc = vt_in_string(in, "tenant", 15, true, &f, tenant_code, sizeof tenant_code);
  const char *ch = vt_in_string(in, "channel", 15, true, &f, channel, sizeof channel);
  if (ch) {
    int c = vt_channel_parse(ch);
    /* Agents log what reached them outside ventanilla: calls and visits. */
    if (c != VT_CH_PHONE && c != VT_CH_IN_PERSON)
      vt_fields_add(&f, "channel", "field.unknown_value");
    else
      tn.channel = (enum vt_channel)c;
  }
  tn.priority = VT_PR_NORMAL;
  if (vt_in_string(in, "priority", 15, false, &f, priority, sizeof priority)) {
    int pr = vt_priority_parse(priority);
    if (pr < 0)
      vt_fields_add(&f, "priority", "field.unknown_value");
    else
      tn.priority = (enum vt_priority)pr;
  }
  tn.subject = vt_in_string(in, "subject", VT_MAX_SUBJECT, true, &f, NULL, 0);
  tn.body = vt_in_string(in, "body", VT_MAX_BODY, true, &f, NULL, 0);
  bool assign_to_me = vt_in_bool(in, "assign_to_me", true, &f);
  /* The call's (or visit's) length, for average handling time: the
   * console sends the time from opening the screen pop to saving it. */
  json_t *cs = json_object_get(in, "call_seconds");
  int64_t handle_ms = -1;
  if (cs && !json_is_null(cs)) {
    if (!json_is_integer(cs) || json_integer_value(cs) < 0 || json_integer_value(cs) > 86400)
      vt_fields_add(&f, "call_seconds", "field.type_integer");
    else
      handle_ms = (int64_t)json_integer_value(cs) * 1000;
  }
  json_t *cid = json_object_get(in, "citizen_id");
  json_t *cz = json_object_get(in, "citizen");
  if (cid && !json_is_null(cid)) {
    if (!json_is_integer(cid) || json_integer_value(cid) <= 0)
      vt_fields_add(&f, "citizen_id", "field.type_integer");
    else
      tn.citizen_id = json_integer_value(cid);
  } else if (json_is_object(cz)) {
    vt_in_only(cz, citizen_fields, &f);
    tn.citizen_name = vt_in_string(cz, "name", VT_MAX_NAME, false, &f, NULL, 0);
    tn.n_identities = vt_in_identities(cz, &f, tn.identities);
    if (!tn.n_identities && !f.errors)
      vt_fields_add(&f, "citizen", "field.contact_required");
  } else {
    vt_fields_add(&f, "citizen", "field.contact_required");
  }

  enum MHD_Result ret;
  enum vt_qs qs = VT_QS_ONE;
  struct vt_tenant tenant = {0};
  if (tc) {
    qs = st->tenant_by_code(st, tc, &tenant);
    if (qs == VT_QS_NONE)
      vt_fields_add(&f, "tenant", "field.unknown_tenant");
  }
  if (qs == VT_QS_ONE && tenant.id && !vt_scope_has(&p->scope, tenant.id)) {
    ret = vt_reply_error(r, VT_ERR_FORBIDDEN, NULL);
    goto out;
  }
  json_t *sv = json_object_get(in, "service"), *dv = json_object_get(in, "department");
  if (qs == VT_QS_ONE && tenant.id && sv && !json_is_null(sv)) {
    qs = service_ref(st, sv, tenant.id, &tn.service_id, &tn.department_id);
    if (qs == VT_QS_NONE) {
      vt_fields_add(&f, "service", "field.unknown_service");
      qs = VT_QS_ONE;
    }
  }
  if (qs == VT_QS_ONE && tenant.id && dv && !json_is_null(dv)) {
    qs = department_ref(st, dv, tenant.id, &tn.department_id);
    if (qs == VT_QS_NONE) {
      vt_fields_add(&f, "department", "field.unknown_department");
      qs = VT_QS_ONE;
    }
  }
  if (qs == VT_QS_ONE && tn.citizen_id) {
    struct vt_citizen c;
    qs = st->citizen_get(st, &p->scope, tn.citizen_id, &c);
    if (qs == VT_QS_NONE) {
      vt_fields_add(&f, "citizen_id", "field.unknown_citizen");
      qs = VT_QS_ONE;
    } else if (qs == VT_QS_ONE) {
      if (c.merged_into)
        tn.citizen_id = c.merged_into;
      vt_citizen_release(&c);
    }
  }
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  char scope[32], idem_hash[65];
  snprintf(scope, sizeof scope, "user:%lld", (long long)p->user.id);
  struct vt_idempotency idem_storage;
  bool bad_key;
  tn.idem = vt_in_idempotency(r, scope, &idem_storage, idem_hash, &bad_key);
  if (bad_key) {
    ret = vt_reply_error(r, VT_ERR_BAD_REQUEST, NULL);
    goto out;
  }
  tn.tenant_id = tenant.id;
  tn.actor_user_id = p->user.id;
  tn.assignee_id = assign_to_me ? p->user.id : 0;
  tn.direction = VT_DIR_IN;
  tn.now = vt_now_ms();
  struct vt_ticket_created created;
  qs = st->ticket_create(st, &tn, &created);
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (created.idem_conflict) {
    ret = vt_reply_error(r, VT_ERR_IDEMPOTENCY_CONFLICT, NULL);
    goto out;
  }
  /* A second write: a crash in between loses the duration only. */
  if (handle_ms >= 0 && !created.replayed &&
      (qs = st->ticket_handle_set(st, created.ticket_id, handle_ms)) < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  /* Due times now, not at the next sweep: the agent sees them at once. */
  vt_sla_stamp(st, created.ticket_id, tn.now);
  struct vt_ticket t;
  qs = st->ticket_get(st, &p->scope, created.ticket_id, &t);
  if (qs != VT_QS_ONE) {
    ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
    goto out;
  }
  char location[64];
  snprintf(location, sizeof location, "/api/v1/tickets/%lld", (long long)t.id);
  ret = vt_reply_json_hdr(r, 201, vt_json_ticket(&t), "Location", location);
  vt_ticket_release(&t);
out:
  vt_tenant_release(&tenant);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

static json_t *messages_json(struct vt_store *st, vt_id ticket_id, enum vt_qs *qs) {
  struct vt_message *msgs;
  size_t n;
  *qs = st->messages_list(st, ticket_id, true, &msgs, &n);
  if (*qs < 0)
    return NULL;
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_message(&msgs[i]));
  VT_RELEASE_ARRAY(msgs, n, vt_message_release);
  return arr;
}

enum MHD_Result vt_api_ticket_get(struct vt_request *r) {
  struct vt_ticket t;
  if (vt_api_load_ticket(r, &t) != 0)
    return MHD_YES;
  enum vt_qs qs;
  json_t *msgs = messages_json(r->app->store, t.id, &qs);
  if (!msgs) {
    vt_ticket_release(&t);
    return vt_reply_store_error(r, qs);
  }
  json_t *j = vt_json_ticket(&t);
  json_object_set_new(j, "messages", msgs);
  vt_ticket_release(&t);
  return vt_reply_json(r, 200, j);
}

enum MHD_Result vt_api_ticket_messages_list(struct vt_request *r) {
  struct vt_ticket t;
  if (vt_api_load_ticket(r, &t) != 0)
    return MHD_YES;
  enum vt_qs qs;
  json_t *msgs = messages_json(r->app->store, t.id, &qs);
  vt_ticket_release(&t);
  if (!msgs)
    return vt_reply_store_error(r, qs);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", msgs));
}

static const char *const patch_fields[] = {"status",  "priority",     "department", "assignee",
                                           "service", "confidential", "version",    NULL};

/* Validates the body against the ticket as it is now, filling the patch and
 * a JSON record of the changes. Returns the HTTP-level outcome through f /
 * *conflict; store failures through the return value. */
static enum vt_qs build_patch(struct vt_request *r, json_t *in, const struct vt_ticket *t,
                              struct vt_ticket_patch *p, json_t *changes, struct vt_fields *f,
                              bool *transition_refused) {
  struct vt_store *st = r->app->store;
  memset(p, 0, sizeof *p);
  json_t *v;
  enum vt_qs qs = VT_QS_ONE;

  if ((v = json_object_get(in, "status"))) {
    int s = json_is_string(v) ? vt_status_parse(json_string_value(v)) : -1;
    if (s < 0)
      vt_fields_add(f, "status", "field.unknown_value");
    else if (!vt_status_transition_allowed(t->status, (enum vt_status)s))
      *transition_refused = true;
    else if (s != (int)t->status) {
      p->has_status = true;
      p->status = (enum vt_status)s;
      json_object_set_new(changes, "status",
                          json_pack("[s,s]", vt_status_name(t->status), vt_status_name(p->status)));
    }
  }
  if ((v = json_object_get(in, "priority"))) {
    int pr = json_is_string(v) ? vt_priority_parse(json_string_value(v)) : -1;
    if (pr < 0)
      vt_fields_add(f, "priority", "field.unknown_value");
    else if (pr != (int)t->priority) {
      p->has_priority = true;
      p->priority = (enum vt_priority)pr;
      json_object_set_new(
          changes, "priority",
          json_pack("[s,s]", vt_priority_name(t->priority), vt_priority_name(p->priority)));
    }
  }
  if ((v = json_object_get(in, "department"))) {
    vt_id d = 0;
    if (!json_is_null(v) && (qs = department_ref(st, v, t->tenant_id, &d)) == VT_QS_NONE) {
      vt_fields_add(f, "department", "field.unknown_department");
      qs = VT_QS_ONE;
    } else if (qs == VT_QS_ONE && d != t->department_id) {
      p->has_department = true;
      p->department_id = d;
      json_object_set_new(changes, "department_id",
                          json_pack("[o,o]",
                                    t->department_id ? json_integer(t->department_id) : json_null(),
                                    d ? json_integer(d) : json_null()));
    }
  }
  if (qs == VT_QS_ONE && (v = json_object_get(in, "service"))) {
    vt_id s = 0;
    if (!json_is_null(v) && (qs = service_ref(st, v, t->tenant_id, &s, NULL)) == VT_QS_NONE) {
      vt_fields_add(f, "service", "field.unknown_service");
      qs = VT_QS_ONE;
    } else if (qs == VT_QS_ONE && s != t->service_id) {
      p->has_service = true;
      p->service_id = s;
      json_object_set_new(changes, "service_id",
                          json_pack("[o,o]",
                                    t->service_id ? json_integer(t->service_id) : json_null(),
                                    s ? json_integer(s) : json_null()));
    }
  }
  if (qs == VT_QS_ONE && (v = json_object_get(in, "assignee"))) {
    vt_id a = 0;
    if (json_is_string(v) && !strcmp(json_string_value(v), "me"))
      a = r->principal->user.id;
    else if (json_is_integer(v) && json_integer_value(v) > 0)
      a = json_integer_value(v);
    else if (!json_is_null(v))
      vt_fields_add(f, "assignee", "field.unknown_user");
    if (a) {
      qs = st->user_serves_tenant(st, a, t->tenant_id);
      if (qs == VT_QS_NONE) {
        vt_fields_add(f, "assignee", "field.unknown_user");
        qs = VT_QS_ONE;
        a = t->assignee_id;
      }
    }
    if (qs == VT_QS_ONE && a != t->assignee_id && !json_object_get(f->errors, "assignee")) {
      p->has_assignee = true;
      p->assignee_id = a;
      json_object_set_new(changes, "assignee_id",
                          json_pack("[o,o]",
                                    t->assignee_id ? json_integer(t->assignee_id) : json_null(),
                                    a ? json_integer(a) : json_null()));
    }
  }
  if ((v = json_object_get(in, "confidential"))) {
    if (!json_is_boolean(v))
      vt_fields_add(f, "confidential", "field.type_bool");
    else if (json_is_true(v) != t->confidential) {
      p->has_confidential = true;
      p->confidential = json_is_true(v);
      json_object_set_new(changes, "confidential",
                          json_pack("[b,b]", t->confidential, p->confidential));
    }
  }
  /* Closed is final: a request that would change anything is refused. */
  if (t->status == VT_ST_CLOSED && json_object_size(changes))
    *transition_refused = true;
  return qs;
}

enum MHD_Result vt_api_ticket_patch(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, patch_fields, &f);
  json_t *ver = json_object_get(in, "version");
  if (ver && !json_is_integer(ver))
    vt_fields_add(&f, "version", "field.type_integer");
  if (f.errors) {
    json_decref(in);
    return vt_reply_fields(r, &f);
  }
  /* Anyone who handles a case may make it confidential; only a supervisor
   * opens it to every agent again. */
  if (json_is_false(json_object_get(in, "confidential")) &&
      r->principal->user.role == VT_ROLE_AGENT) {
    json_decref(in);
    return vt_reply_error(r, VT_ERR_FORBIDDEN, NULL);
  }
  enum MHD_Result ret = MHD_YES;
  /* Optimistic concurrency: re-read and re-validate if another agent
   * changed the ticket between our read and our write. */
  for (int attempt = 0; attempt < 3; attempt++) {
    struct vt_ticket t;
    if (vt_api_load_ticket(r, &t) != 0)
      goto out;
    if (ver && json_integer_value(ver) != t.version) {
      vt_ticket_release(&t);
      ret = vt_reply_error(r, VT_ERR_CONFLICT, NULL);
      goto out;
    }
    struct vt_ticket_patch p;
    json_t *changes = json_object();
    bool refused = false;
    enum vt_qs qs = build_patch(r, in, &t, &p, changes, &f, &refused);
    if (qs < 0 || f.errors || refused) {
      vt_ticket_release(&t);
      json_decref(changes);
      if (qs < 0)
        ret = vt_reply_store_error(r, qs);
      else if (f.errors)
        ret = vt_reply_fields(r, &f);
      else {
        struct vt_fields tf = {NULL, r->lang};
        vt_fields_add(&tf, "status", "field.transition");
        ret = vt_reply_error(r, VT_ERR_CONFLICT, tf.errors);
      }
      goto out;
    }
    if (json_object_size(changes)) {
      char *cj = json_dumps(changes, JSON_COMPACT);
      qs = st->ticket_update(st, t.id, t.version, &p, r->principal->user.id, cj, vt_now_ms());
      free(cj);
    } else {
      qs = VT_QS_ONE;
    }
    json_decref(changes);
    vt_id id = t.id;
    vt_ticket_release(&t);
    if (qs < 0) {
      ret = vt_reply_store_error(r, qs);
      goto out;
    }
    if (qs == VT_QS_NONE)
      continue;                        /* changed meanwhile */
    vt_sla_stamp(st, id, vt_now_ms()); /* a new service, priority or pause moves them */
    qs = st->ticket_get(st, &r->principal->scope, id, &t);
    if (qs != VT_QS_ONE) {
      ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
      goto out;
    }
    ret = vt_reply_json(r, 200, vt_json_ticket(&t));
    vt_ticket_release(&t);
    goto out;
  }
  ret = vt_reply_error(r, VT_ERR_CONFLICT, NULL);
out:
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_ticket_message_create(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_ticket t;
  if (vt_api_load_ticket(r, &t) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  static const char *const allowed[] = {"body", "internal", "attachments", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  const char *body = vt_in_string(in, "body", VT_MAX_BODY, true, &f, NULL, 0);
  bool internal = vt_in_bool(in, "internal", false, &f);
  struct vt_att_tokens att;
  char owner[32];
  vt_att_owner_user(r->principal->user.id, owner, sizeof owner);
  enum MHD_Result ret;
  enum vt_qs qs = VT_QS_ONE;
  if (vt_att_parse(in, &f, &att) && !f.errors)
    qs = vt_att_check(st, owner, &att, vt_request_header(r, "Idempotency-Key") != NULL, &f);
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
  char scope[48], idem_hash[65];
  snprintf(scope, sizeof scope, "user:%lld", (long long)r->principal->user.id);
  struct vt_idempotency idem_storage;
  bool bad_key;
  const struct vt_idempotency *idem =
      vt_in_idempotency(r, scope, &idem_storage, idem_hash, &bad_key);
  if (bad_key) {
    ret = vt_reply_error(r, VT_ERR_BAD_REQUEST, NULL);
    goto out;
  }
  enum vt_status next = vt_status_after_message(t.status, VT_DIR_OUT, internal);
  /* The answer reaches the citizen where they wrote (email, a network) or, on
   * a web-form request, they are told by email; queued with the message. */
  struct vt_outbox_new outbox = {0};
  char to[256], rfc_id[200];
  const struct vt_outbox_new *outbox_ptr =
      !internal && vt_outbox_for_reply(st, r->app->config, &t, &outbox, to, sizeof to, rfc_id,
                                       sizeof rfc_id)
          ? &outbox
          : NULL;
  struct vt_message_new mn = {
      .ticket_id = t.id,
      .direction = VT_DIR_OUT,
      .channel = t.channel,
      .author_user_id = r->principal->user.id,
      .body = body,
      .internal = internal,
      .idem = idem,
      .new_status = next != t.status ? (int)next : -1,
      .set_first_response = vt_message_is_first_response(VT_DIR_OUT, internal, t.first_response_at),
      .attach = vt_att_for_store(&att, owner),
      .outbox = outbox_ptr,
      .now = vt_now_ms(),
  };
  struct vt_message_added added;
  qs = st->message_add(st, &mn, &added);
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (qs == VT_QS_NONE) {
    ret = vt_reply_error(r, VT_ERR_CONFLICT, NULL);
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
  ret = vt_reply_json(r, 201, vt_json_message(&m));
  vt_message_release(&m);
out:
  json_decref(f.errors);
  vt_ticket_release(&t);
  json_decref(in);
  return ret;
}
