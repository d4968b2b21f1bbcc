/* PostgreSQL: mailboxes, SMTP settings, email threading and the outbox (the
 * port of sqlite/mail.c). Outbox rows are claimed with FOR UPDATE SKIP
 * LOCKED, so several nodes share the sending without sending twice. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

#define MAILBOX_COLS                                                                               \
  "m.id, m.tenant_id, t.code, m.department_id, m.name, m.address, m.imap_url, m.imap_user,"        \
  " coalesce(m.imap_password, '') <> '', m.active, m.uidvalidity, m.last_uid, m.last_poll_at,"     \
  " m.last_error, m.imap_password FROM mailboxes m JOIN tenants t ON t.id = m.tenant_id"

struct mailbox_row {
  struct vt_mailbox *m;
  bool secret;
};

static void mailbox_fn(const PGresult *r, int row, void *out) {
  struct mailbox_row *mr = out;
  struct vt_mailbox *m = mr->m;
  memset(m, 0, sizeof *m);
  m->id = vt_pg_int64(r, row, 0);
  m->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, m->tenant_code, sizeof m->tenant_code);
  m->department_id = vt_pg_int64(r, row, 3);
  vt_pg_copy(r, row, 4, m->name, sizeof m->name);
  vt_pg_copy(r, row, 5, m->address, sizeof m->address);
  m->imap_url = vt_pg_dup(r, row, 6);
  m->imap_user = vt_pg_dup(r, row, 7);
  m->has_password = vt_pg_bool_at(r, row, 8);
  m->active = vt_pg_bool_at(r, row, 9);
  m->uidvalidity = vt_pg_int64(r, row, 10);
  m->last_uid = vt_pg_int64(r, row, 11);
  m->last_poll_at = vt_pg_int64(r, row, 12);
  m->last_error = vt_pg_dup(r, row, 13);
  if (mr->secret)
    m->imap_password = vt_pg_dup(r, row, 14);
}

static void mailbox_list_fn(const PGresult *r, int row, void *out) {
  struct mailbox_row mr = {out, false};
  mailbox_fn(r, row, &mr);
}

static void id_fn(const PGresult *r, int row, void *out) { *(vt_id *)out = vt_pg_int64(r, row, 0); }

struct mailbox_save {
  const struct vt_mailbox *in;
  vt_id id;
};

/* A write, not a read: a duplicate name is a constraint (NONE), not a bug. */
static enum vt_qs mailbox_save_tx(struct vt_pg_conn *c, void *arg) {
  struct mailbox_save *j = arg;
  const struct vt_mailbox *in = j->in;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->id);
  vt_pg_int(&p, in->tenant_id);
  vt_pg_id(&p, in->department_id);
  vt_pg_text(&p, in->name);
  vt_pg_text(&p, in->address);
  vt_pg_text(&p, in->imap_url);
  vt_pg_text(&p, in->imap_user);
  vt_pg_text(&p, in->imap_password);
  vt_pg_bool(&p, in->active);
  vt_pg_int(&p, in->last_poll_at); /* created_at: the caller's now */
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c,
      in->id ? "UPDATE mailboxes SET tenant_id = $2::bigint, department_id = $3::bigint,"
               " name = $4::text, address = $5::text, imap_url = $6::text,"
               " imap_user = $7::text, imap_password = CASE WHEN $8::text IS NOT NULL THEN $8::text"
               " WHEN coalesce(imap_url, '') <> coalesce($6::text, '') THEN NULL"
               " ELSE imap_password END,"
               " active = $9::boolean, last_uid = CASE WHEN coalesce(imap_url, '') <>"
               " coalesce($6::text, '') THEN 0 ELSE last_uid END"
               " WHERE id = $1::bigint AND $10::bigint IS NOT NULL RETURNING id"
             : "INSERT INTO mailboxes(tenant_id, department_id, name, address, imap_url,"
               " imap_user, imap_password, active, created_at) SELECT $2::bigint,"
               " $3::bigint, $4::text, $5::text, $6::text, $7::text, $8::text,"
               " $9::boolean, $10::bigint WHERE $1::bigint = 0 RETURNING id",
      &p, &qs);
  if (qs == VT_QS_ONE && PQntuples(r) == 1)
    j->id = vt_pg_int64(r, 0, 0);
  else if (qs == VT_QS_ONE)
    qs = VT_QS_NONE;
  PQclear(r);
  return qs;
}

static enum vt_qs mailbox_save(struct vt_store *s, const struct vt_mailbox *in, vt_id *id) {
  struct mailbox_save j = {in, 0};
  enum vt_qs qs = vt_pg_autocommit(vt_pg(s), mailbox_save_tx, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs mailbox_get(struct vt_store *s, vt_id id, bool with_secret,
                              struct vt_mailbox *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  struct mailbox_row r = {out, with_secret};
  return vt_pg_read_one(s, "SELECT " MAILBOX_COLS " WHERE m.id = $1::bigint", &p, mailbox_fn, &r);
}

static enum vt_qs mailbox_by_name(struct vt_store *s, const char *name, struct vt_mailbox *out) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, name);
  struct mailbox_row r = {out, false};
  return vt_pg_read_one(s, "SELECT " MAILBOX_COLS " WHERE m.name = $1::text", &p, mailbox_fn, &r);
}

static enum vt_qs mailboxes_list(struct vt_store *s, const struct vt_scope *scope,
                                 struct vt_mailbox **items, size_t *n) {
  char *tenants = scope->all ? NULL : vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants ? tenants : "{}");
  enum vt_qs qs =
      vt_pg_read_many(s,
                      "SELECT " MAILBOX_COLS " WHERE $1::boolean OR m.tenant_id = ANY($2::bigint[])"
                      " ORDER BY t.code, m.name",
                      &p, sizeof **items, mailbox_list_fn, (void **)items, n);
  free(tenants);
  return qs;
}

static enum vt_qs mailbox_claim_poll(struct vt_store *s, vt_id id, int64_t now, int64_t until) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  vt_pg_int(&p, now);
  vt_pg_int(&p, until);
  vt_id got = 0;
  return vt_pg_read_one(s,
                        "UPDATE mailboxes SET poll_until = $3::bigint WHERE id = $1::bigint"
                        " AND active AND poll_until < $2::bigint RETURNING id",
                        &p, id_fn, &got);
}

static enum vt_qs mailbox_poll_done(struct vt_store *s, vt_id id, int64_t uidvalidity,
                                    int64_t last_uid, const char *error, int64_t now) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  vt_pg_int(&p, uidvalidity);
  vt_pg_int(&p, last_uid);
  vt_pg_int(&p, now);
  vt_pg_text(&p, error);
  vt_id got = 0;
  enum vt_qs qs = vt_pg_read_one(
      s,
      "UPDATE mailboxes SET last_uid = greatest(CASE WHEN uidvalidity = $2::bigint THEN last_uid"
      " ELSE 0 END, $3::bigint), uidvalidity = $2::bigint, last_poll_at = $4::bigint,"
      " last_error = $5::text, poll_until = 0 WHERE id = $1::bigint RETURNING id",
      &p, id_fn, &got);
  return qs == VT_QS_NONE ? VT_QS_ONE : qs;
}

static enum vt_qs smtp_save(struct vt_store *s, const struct vt_smtp *in, int64_t now) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->tenant_id);
  vt_pg_text(&p, in->url);
  vt_pg_text(&p, in->username);
  vt_pg_text(&p, in->password);
  vt_pg_text(&p, in->from_address);
  vt_pg_text(&p, in->from_name);
  vt_pg_int(&p, now);
  vt_id got = 0;
  return vt_pg_read_one(
      s,
      "INSERT INTO smtp_settings(tenant_id, url, username, password, from_address, from_name,"
      " updated_at) VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text,"
      " $7::bigint) ON CONFLICT (tenant_id) DO UPDATE SET url = $2::text, username = $3::text,"
      " password = CASE WHEN $4::text IS NOT NULL THEN $4::text WHEN smtp_settings.url <> $2::text"
      " THEN NULL ELSE smtp_settings.password END, from_address = $5::text,"
      " from_name = $6::text, updated_at = $7::bigint RETURNING tenant_id",
      &p, id_fn, &got);
}

struct smtp_row {
  struct vt_smtp *s;
  bool secret;
};

static void smtp_fn(const PGresult *r, int row, void *out) {
  struct smtp_row *sr = out;
  memset(sr->s, 0, sizeof *sr->s);
  sr->s->tenant_id = vt_pg_int64(r, row, 0);
  sr->s->url = vt_pg_dup(r, row, 1);
  sr->s->username = vt_pg_dup(r, row, 2);
  sr->s->has_password = !PQgetisnull(r, row, 3) && *PQgetvalue(r, row, 3);
  if (sr->secret)
    sr->s->password = vt_pg_dup(r, row, 3);
  sr->s->from_address = vt_pg_dup(r, row, 4);
  sr->s->from_name = vt_pg_dup(r, row, 5);
}

static enum vt_qs smtp_get(struct vt_store *s, vt_id tenant_id, bool with_secret,
                           struct vt_smtp *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  struct smtp_row r = {out, with_secret};
  return vt_pg_read_one(s,
                        "SELECT tenant_id, url, username, password, from_address, from_name"
                        " FROM smtp_settings WHERE tenant_id = $1::bigint",
                        &p, smtp_fn, &r);
}

static enum vt_qs mail_thread_lookup(struct vt_store *s, vt_id tenant_id, const char *const *ids,
                                     size_t n, vt_id *ticket_id) {
  *ticket_id = 0;
  for (size_t i = 0; i < n; i++) {
    char scoped[400];
    snprintf(scoped, sizeof scoped, "%lld/%s", (long long)tenant_id, ids[i]);
    struct vt_pg_params p = {0};
    vt_pg_text(&p, ids[i]);
    vt_pg_int(&p, tenant_id);
    vt_pg_text(&p, scoped);
    enum vt_qs qs = vt_pg_read_one(
        s,
        "SELECT ticket_id FROM outbox WHERE rfc_message_id = $1::text AND tenant_id = $2::bigint"
        " UNION ALL SELECT ticket_id FROM messages WHERE channel = 'email'"
        " AND channel_message_id = $3::text LIMIT 1",
        &p, id_fn, ticket_id);
    if (qs != VT_QS_NONE)
      return qs;
  }
  return VT_QS_NONE;
}

enum vt_qs vt_pg_outbox_insert(struct vt_pg_conn *c, vt_id tenant_id, vt_id ticket_id,
                               vt_id message_id, const struct vt_outbox_new *o, int64_t now) {
  if (!o)
    return VT_QS_ONE;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  vt_pg_int(&p, ticket_id);
  vt_pg_id(&p, message_id);
  vt_pg_text(&p, o->kind);
  vt_pg_text(&p, o->to_addr);
  vt_pg_text(&p, o->rfc_message_id);
  vt_pg_int(&p, now);
  return vt_pg_must_run(c,
                        "INSERT INTO outbox(tenant_id, ticket_id, message_id, kind, to_addr,"
                        " rfc_message_id, next_attempt_at, created_at) VALUES ($1::bigint,"
                        " $2::bigint, $3::bigint, $4::text, $5::text, $6::text, $7::bigint,"
                        " $7::bigint)",
                        &p);
}

static void outbox_id_fn(const PGresult *r, int row, void *out) {
  *(vt_id *)out = vt_pg_int64(r, row, 0);
}

static void long_fn(const PGresult *r, int row, void *out) {
  *(long *)out = (long)vt_pg_int64(r, row, 0);
}

static enum vt_qs outbox_count_to(struct vt_store *s, const char *to_addr, const char *kind,
                                  int64_t since, long *count) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, to_addr);
  vt_pg_text(&p, kind);
  vt_pg_int(&p, since);
  return vt_pg_read_one(s,
                        "SELECT count(*) FROM outbox WHERE to_addr = $1::text AND kind = $2::text"
                        " AND created_at >= $3::bigint",
                        &p, long_fn, count);
}

static void outbox_fn(const PGresult *r, int row, void *out) {
  struct vt_outbox_item *o = out;
  memset(o, 0, sizeof *o);
  o->id = vt_pg_int64(r, row, 0);
  o->tenant_id = vt_pg_int64(r, row, 1);
  o->ticket_id = vt_pg_int64(r, row, 2);
  o->message_id = vt_pg_int64(r, row, 3);
  vt_pg_copy(r, row, 4, o->kind, sizeof o->kind);
  o->to_addr = vt_pg_dup(r, row, 5);
  vt_pg_copy(r, row, 6, o->rfc_message_id, sizeof o->rfc_message_id);
  o->attempts = (int)vt_pg_int64(r, row, 7);
  o->parts_sent = (int)vt_pg_int64(r, row, 8);
}

static enum vt_qs outbox_claim(struct vt_store *s, int64_t now, int64_t until, int limit,
                               struct vt_outbox_item **items, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, now);
  vt_pg_int(&p, until);
  vt_pg_int(&p, limit);
  enum vt_qs qs = vt_pg_read_many(
      s,
      "UPDATE outbox SET claimed_until = $2::bigint, attempts = attempts + 1 WHERE id IN"
      " (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1::bigint"
      " AND claimed_until < $1::bigint ORDER BY next_attempt_at LIMIT $3::bigint"
      " FOR UPDATE SKIP LOCKED)"
      " RETURNING id, tenant_id, ticket_id, message_id, kind, to_addr, rfc_message_id, attempts,"
      " parts_sent",
      &p, sizeof **items, outbox_fn, (void **)items, n);
  if (qs < 0)
    return qs;
  return *n ? VT_QS_ONE : VT_QS_NONE;
}

struct result_arg {
  vt_id id;
  const char *status, *error, *remote_id;
  int64_t next_at, now;
};

static enum vt_qs outbox_result_tx(struct vt_pg_conn *c, void *arg) {
  struct result_arg *a = arg;
  bool retry = !strcmp(a->status, "retry");
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->id);
  vt_pg_text(&p, retry ? "pending" : a->status);
  vt_pg_text(&p, a->error);
  vt_pg_int(&p, a->next_at);
  vt_pg_int(&p, a->now);
  vt_pg_text(&p, a->remote_id);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c,
      "UPDATE outbox o SET status = $2::text, last_error = $3::text, next_attempt_at = $4::bigint,"
      " claimed_until = 0, sent_at = CASE WHEN $2::text = 'sent' THEN $5::bigint END,"
      " remote_id = coalesce($6::text, o.remote_id)"
      " WHERE o.id = $1::bigint RETURNING o.tenant_id, o.ticket_id, o.message_id, o.to_addr,"
      " o.kind, (SELECT citizen_id FROM tickets WHERE id = o.ticket_id),"
      " (SELECT channel FROM tickets WHERE id = o.ticket_id)",
      &p, &qs);
  if (qs != VT_QS_ONE || PQntuples(r) != 1) {
    PQclear(r);
    return qs == VT_QS_ONE ? VT_QS_NONE : qs;
  }
  vt_id tenant = vt_pg_int64(r, 0, 0), ticket = vt_pg_int64(r, 0, 1),
        message = vt_pg_int64(r, 0, 2), citizen = vt_pg_int64(r, 0, 5);
  bool email = !strcmp(PQgetvalue(r, 0, 6), "email");
  char *to = vt_pg_dup(r, 0, 3), *kind = vt_pg_dup(r, 0, 4);
  PQclear(r);
  qs = VT_QS_ONE;
  if (!strcmp(a->status, "failed")) {
    json_t *data = json_pack("{s:s?, s:s?, s:s?}", "to", to, "kind", kind, "error", a->error);
    char *text = json_dumps(data, JSON_COMPACT);
    json_decref(data);
    qs = vt_pg_event(c, tenant, a->now, "system", 0, email ? "email_failed" : "delivery_failed",
                     "message", message ? message : ticket, ticket, citizen, message, text);
    free(text);
  }
  free(to);
  free(kind);
  return qs;
}

static enum vt_qs outbox_result(struct vt_store *s, vt_id id, const char *status, const char *error,
                                const char *remote_id, int64_t next_at, int64_t now) {
  struct result_arg a = {id, status, error, remote_id, next_at, now};
  return vt_pg_tx(vt_pg(s), outbox_result_tx, &a);
}

static enum vt_qs outbox_progress(struct vt_store *s, vt_id id, int parts, const char *remote_id) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  vt_pg_int(&p, parts);
  vt_pg_text(&p, remote_id);
  vt_id got = 0;
  enum vt_qs qs = vt_pg_read_one(s,
                                 "UPDATE outbox SET parts_sent = $2::bigint,"
                                 " remote_id = coalesce($3::text, remote_id)"
                                 " WHERE id = $1::bigint RETURNING id",
                                 &p, outbox_id_fn, &got);
  return qs == VT_QS_NONE ? VT_QS_ONE : qs;
}

struct receipt_arg {
  vt_id tenant_id;
  const char *remote_id, *action;
  int64_t now;
};

static enum vt_qs outbox_receipt_tx(struct vt_pg_conn *c, void *arg) {
  struct receipt_arg *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, a->remote_id);
  vt_pg_text(&p, a->action);
  vt_pg_int(&p, a->tenant_id);
  enum vt_qs qs;
  /* Receipts for one message arrive in any order and more than once: the
   * row lock makes the check-then-add of each event one at a time. */
  PGresult *r =
      vt_pg_exec(c,
                 "SELECT o.tenant_id, o.ticket_id, o.message_id, t.citizen_id, o.id FROM outbox o"
                 " JOIN tickets t ON t.id = o.ticket_id WHERE o.remote_id = $1::text AND "
                 "o.tenant_id = $3::bigint"
                 " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = o.ticket_id"
                 " AND e.action = $2::text AND e.object_kind = 'outbox' AND e.object_id = o.id)"
                 " FOR UPDATE OF o",
                 &p, &qs);
  if (qs != VT_QS_ONE || PQntuples(r) < 1) {
    PQclear(r);
    return qs == VT_QS_ONE ? VT_QS_NONE : qs;
  }
  vt_id tenant = vt_pg_int64(r, 0, 0), ticket = vt_pg_int64(r, 0, 1),
        message = vt_pg_int64(r, 0, 2), citizen = vt_pg_int64(r, 0, 3),
        outbox = vt_pg_int64(r, 0, 4);
  PQclear(r);
  return vt_pg_event(c, tenant, a->now, "system", 0, a->action, "outbox", outbox, ticket, citizen,
                     message, NULL);
}

static enum vt_qs outbox_receipt(struct vt_store *s, vt_id tenant_id, const char *remote_id,
                                 const char *action, int64_t now) {
  struct receipt_arg a = {tenant_id, remote_id, action, now};
  return vt_pg_tx(vt_pg(s), outbox_receipt_tx, &a);
}

void vt_pg_init_mail(struct vt_store *s) {
  s->mailbox_save = mailbox_save;
  s->mailbox_get = mailbox_get;
  s->mailbox_by_name = mailbox_by_name;
  s->mailboxes_list = mailboxes_list;
  s->mailbox_claim_poll = mailbox_claim_poll;
  s->mailbox_poll_done = mailbox_poll_done;
  s->smtp_save = smtp_save;
  s->smtp_get = smtp_get;
  s->mail_thread_lookup = mail_thread_lookup;
  s->outbox_count_to = outbox_count_to;
  s->outbox_claim = outbox_claim;
  s->outbox_result = outbox_result;
  s->outbox_receipt = outbox_receipt;
  s->outbox_progress = outbox_progress;
}
