/* SQLite: mailboxes, SMTP settings, email threading and the outbox. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

/* ---- mailboxes ---- */

#define MAILBOX_COLS                                                                               \
  "m.id, m.tenant_id, t.code, m.department_id, m.name, m.address, m.imap_url, m.imap_user,"        \
  " m.imap_password IS NOT NULL AND m.imap_password <> '', m.active, m.uidvalidity, m.last_uid,"   \
  " m.last_poll_at, m.last_error, m.imap_password FROM mailboxes m JOIN tenants t ON t.id = "      \
  "m.tenant_id"

struct mailbox_row {
  struct vt_mailbox *m;
  bool secret;
};

static void mailbox_fn(sqlite3_stmt *st, void *out) {
  struct mailbox_row *r = out;
  struct vt_mailbox *m = r->m;
  memset(m, 0, sizeof *m);
  m->id = sqlite3_column_int64(st, 0);
  m->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, m->tenant_code, sizeof m->tenant_code);
  m->department_id = sqlite3_column_int64(st, 3);
  vt_sq_col_copy(st, 4, m->name, sizeof m->name);
  vt_sq_col_copy(st, 5, m->address, sizeof m->address);
  m->imap_url = vt_sq_col_dup(st, 6);
  m->imap_user = vt_sq_col_dup(st, 7);
  m->has_password = sqlite3_column_int(st, 8) != 0;
  m->active = sqlite3_column_int(st, 9) != 0;
  m->uidvalidity = sqlite3_column_int64(st, 10);
  m->last_uid = sqlite3_column_int64(st, 11);
  m->last_poll_at = sqlite3_column_int64(st, 12);
  m->last_error = vt_sq_col_dup(st, 13);
  if (r->secret)
    m->imap_password = vt_sq_col_dup(st, 14);
}

static void mailbox_list_fn(sqlite3_stmt *st, void *out) {
  struct mailbox_row r = {out, false};
  mailbox_fn(st, &r);
}

struct mailbox_save {
  const struct vt_mailbox *in;
  vt_id id;
};

static enum vt_qs mailbox_save_job(struct vt_sq_conn *c, void *arg) {
  struct mailbox_save *j = arg;
  const struct vt_mailbox *in = j->in;
  sqlite3_stmt *st;
  if (in->id) {
    st = vt_sq_prepare(c, "UPDATE mailboxes SET tenant_id = ?2, department_id = ?3, name = ?4,"
                          " address = ?5, imap_url = ?6, imap_user = ?7,"
                          /* A new server never gets the old one's password. */
                          " imap_password = CASE WHEN ?8 IS NOT NULL THEN ?8"
                          " WHEN coalesce(imap_url, '') <> coalesce(?6, '') THEN NULL"
                          " ELSE imap_password END, active = ?9,"
                          " last_uid = CASE WHEN coalesce(imap_url, '') <> coalesce(?6, '')"
                          " THEN 0 ELSE last_uid END WHERE id = ?1 RETURNING id");
  } else {
    st = vt_sq_prepare(c, "INSERT INTO mailboxes(tenant_id, department_id, name, address, imap_url,"
                          " imap_user, imap_password, active, created_at)"
                          " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
  }
  if (!st)
    return VT_QS_HARD;
  if (in->id)
    vt_sq_int(st, 1, in->id);
  vt_sq_int(st, 2, in->tenant_id);
  vt_sq_id(st, 3, in->department_id);
  vt_sq_text(st, 4, in->name);
  vt_sq_text(st, 5, in->address);
  vt_sq_text(st, 6, in->imap_url);
  vt_sq_text(st, 7, in->imap_user);
  vt_sq_text(st, 8, in->imap_password);
  vt_sq_int(st, 9, in->active);
  if (!in->id)
    vt_sq_int(st, 10, in->last_poll_at); /* created_at: the caller's now */
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    j->id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc == SQLITE_ROW)
    return VT_QS_ONE;
  if (rc == SQLITE_DONE)
    return VT_QS_NONE;    /* no such mailbox */
  return vt_sq_rc(c, rc); /* a duplicate name is a constraint: NONE */
}

static enum vt_qs mailbox_save(struct vt_store *s, const struct vt_mailbox *in, vt_id *id) {
  struct mailbox_save j = {in, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), mailbox_save_job, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs mailbox_get(struct vt_store *s, vt_id id, bool with_secret,
                              struct vt_mailbox *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " MAILBOX_COLS " WHERE m.id = ?1");
  if (st)
    vt_sq_int(st, 1, id);
  struct mailbox_row r = {out, with_secret};
  return vt_sq_one_row(c, st, mailbox_fn, &r);
}

static enum vt_qs mailbox_by_name(struct vt_store *s, const char *name, struct vt_mailbox *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " MAILBOX_COLS " WHERE m.name = ?1");
  if (st)
    vt_sq_text(st, 1, name);
  struct mailbox_row r = {out, false};
  return vt_sq_one_row(c, st, mailbox_fn, &r);
}

static enum vt_qs mailboxes_list(struct vt_store *s, const struct vt_scope *scope,
                                 struct vt_mailbox **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " MAILBOX_COLS " WHERE ?1 OR m.tenant_id IN (SELECT value FROM json_each(?2))"
         " ORDER BY t.code, m.name");
  if (st) {
    sqlite3_bind_int(st, 1, scope->all);
    vt_sq_bind_scope(st, 2, scope);
  }
  return vt_sq_many_rows(c, st, sizeof **items, mailbox_list_fn, (void **)items, n);
}

struct poll_job {
  vt_id id;
  int64_t now, until, uidvalidity, last_uid;
  const char *error;
};

static enum vt_qs claim_poll_job(struct vt_sq_conn *c, void *arg) {
  struct poll_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "UPDATE mailboxes SET poll_until = ?3 WHERE id = ?1"
                                      " AND active AND poll_until < ?2 RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_int(st, 2, j->now);
  vt_sq_int(st, 3, j->until);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : rc == SQLITE_DONE ? VT_QS_NONE : vt_sq_rc(c, rc);
}

static enum vt_qs mailbox_claim_poll(struct vt_store *s, vt_id id, int64_t now, int64_t until) {
  struct poll_job j = {.id = id, .now = now, .until = until};
  return vt_sq_write(vt_sq(s), claim_poll_job, &j);
}

static enum vt_qs poll_done_job(struct vt_sq_conn *c, void *arg) {
  struct poll_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE mailboxes SET uidvalidity = ?2, last_uid = max(last_uid * (uidvalidity = ?2), ?3),"
         " last_poll_at = ?4, last_error = ?5, poll_until = 0 WHERE id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_int(st, 2, j->uidvalidity);
  vt_sq_int(st, 3, j->last_uid);
  vt_sq_int(st, 4, j->now);
  vt_sq_text(st, 5, j->error);
  return vt_sq_exec(c, st);
}

static enum vt_qs mailbox_poll_done(struct vt_store *s, vt_id id, int64_t uidvalidity,
                                    int64_t last_uid, const char *error, int64_t now) {
  struct poll_job j = {
      .id = id, .now = now, .uidvalidity = uidvalidity, .last_uid = last_uid, .error = error};
  return vt_sq_write(vt_sq(s), poll_done_job, &j);
}

/* ---- SMTP settings ---- */

struct smtp_job {
  const struct vt_smtp *in;
  int64_t now;
};

static enum vt_qs smtp_save_job(struct vt_sq_conn *c, void *arg) {
  struct smtp_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO smtp_settings(tenant_id, url, username, password, from_address, from_name,"
         " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(tenant_id) DO UPDATE SET"
         " url = ?2, username = ?3, password = CASE WHEN ?4 IS NOT NULL THEN ?4"
         " WHEN url <> ?2 THEN NULL ELSE password END, from_address = ?5,"
         " from_name = ?6, updated_at = ?7");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->in->tenant_id);
  vt_sq_text(st, 2, j->in->url);
  vt_sq_text(st, 3, j->in->username);
  vt_sq_text(st, 4, j->in->password);
  vt_sq_text(st, 5, j->in->from_address);
  vt_sq_text(st, 6, j->in->from_name);
  vt_sq_int(st, 7, j->now);
  return vt_sq_exec(c, st);
}

static enum vt_qs smtp_save(struct vt_store *s, const struct vt_smtp *in, int64_t now) {
  struct smtp_job j = {in, now};
  return vt_sq_write(vt_sq(s), smtp_save_job, &j);
}

struct smtp_row {
  struct vt_smtp *s;
  bool secret;
};

static void smtp_fn(sqlite3_stmt *st, void *out) {
  struct smtp_row *r = out;
  memset(r->s, 0, sizeof *r->s);
  r->s->tenant_id = sqlite3_column_int64(st, 0);
  r->s->url = vt_sq_col_dup(st, 1);
  r->s->username = vt_sq_col_dup(st, 2);
  r->s->has_password = sqlite3_column_type(st, 3) != SQLITE_NULL && sqlite3_column_bytes(st, 3) > 0;
  if (r->secret)
    r->s->password = vt_sq_col_dup(st, 3);
  r->s->from_address = vt_sq_col_dup(st, 4);
  r->s->from_name = vt_sq_col_dup(st, 5);
}

static enum vt_qs smtp_get(struct vt_store *s, vt_id tenant_id, bool with_secret,
                           struct vt_smtp *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT tenant_id, url, username, password, from_address,"
                                      " from_name FROM smtp_settings WHERE tenant_id = ?1");
  if (st)
    vt_sq_int(st, 1, tenant_id);
  struct smtp_row r = {out, with_secret};
  return vt_sq_one_row(c, st, smtp_fn, &r);
}

/* ---- threading ---- */

static enum vt_qs mail_thread_lookup(struct vt_store *s, vt_id tenant_id, const char *const *ids,
                                     size_t n, vt_id *ticket_id) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  *ticket_id = 0;
  for (size_t i = 0; i < n; i++) {
    sqlite3_stmt *st = vt_sq_prepare(
        c, "SELECT ticket_id FROM outbox WHERE rfc_message_id = ?1 AND tenant_id = ?2 UNION ALL"
           " SELECT ticket_id FROM messages WHERE channel = 'email' AND channel_message_id = ?3"
           " LIMIT 1");
    if (!st)
      return VT_QS_HARD;
    char scoped[400];
    snprintf(scoped, sizeof scoped, "%lld/%s", (long long)tenant_id, ids[i]);
    vt_sq_text(st, 1, ids[i]);
    vt_sq_int(st, 2, tenant_id);
    vt_sq_text(st, 3, scoped);
    enum vt_qs qs = vt_sq_one_row(c, st, vt_sq_id_fn, ticket_id);
    if (qs != VT_QS_NONE)
      return qs;
  }
  return VT_QS_NONE;
}

/* ---- the outbox ---- */

enum vt_qs vt_sq_outbox_insert(struct vt_sq_conn *c, vt_id tenant_id, vt_id ticket_id,
                               vt_id message_id, const struct vt_outbox_new *o, int64_t now) {
  if (!o)
    return VT_QS_ONE;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO outbox(tenant_id, ticket_id, message_id, kind, to_addr, rfc_message_id,"
         " next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, tenant_id);
  vt_sq_int(st, 2, ticket_id);
  vt_sq_id(st, 3, message_id);
  vt_sq_text(st, 4, o->kind);
  vt_sq_text(st, 5, o->to_addr);
  vt_sq_text(st, 6, o->rfc_message_id);
  vt_sq_int(st, 7, now);
  enum vt_qs qs = vt_sq_exec(c, st);
  return qs == VT_QS_ONE ? qs : (qs < 0 ? qs : VT_QS_HARD);
}

static void long_fn(sqlite3_stmt *st, void *out) {
  *(long *)out = (long)sqlite3_column_int64(st, 0);
}

static enum vt_qs outbox_count_to(struct vt_store *s, const char *to_addr, const char *kind,
                                  int64_t since, long *count) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT count(*) FROM outbox WHERE to_addr = ?1 AND kind = ?2"
                                      " AND created_at >= ?3");
  if (st) {
    vt_sq_text(st, 1, to_addr);
    vt_sq_text(st, 2, kind);
    vt_sq_int(st, 3, since);
  }
  return vt_sq_one_row(c, st, long_fn, count);
}

static void outbox_fn(sqlite3_stmt *st, void *out) {
  struct vt_outbox_item *o = out;
  memset(o, 0, sizeof *o);
  o->id = sqlite3_column_int64(st, 0);
  o->tenant_id = sqlite3_column_int64(st, 1);
  o->ticket_id = sqlite3_column_int64(st, 2);
  o->message_id = sqlite3_column_int64(st, 3);
  vt_sq_col_copy(st, 4, o->kind, sizeof o->kind);
  o->to_addr = vt_sq_col_dup(st, 5);
  vt_sq_col_copy(st, 6, o->rfc_message_id, sizeof o->rfc_message_id);
  o->attempts = sqlite3_column_int(st, 7);
  o->parts_sent = sqlite3_column_int(st, 8);
}

struct claim_job {
  int64_t now, until;
  int limit;
  struct vt_outbox_item *items;
  size_t n;
};

static enum vt_qs outbox_claim_job(struct vt_sq_conn *c, void *arg) {
  struct claim_job *j = arg;
  free(j->items); /* a re-run of the job starts over */
  j->items = NULL;
  j->n = 0;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE outbox SET claimed_until = ?2, attempts = attempts + 1 WHERE id IN"
         " (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1"
         " AND claimed_until < ?1 ORDER BY next_attempt_at LIMIT ?3)"
         " RETURNING id, tenant_id, ticket_id, message_id, kind, to_addr, rfc_message_id, attempts,"
         " parts_sent");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->now);
  vt_sq_int(st, 2, j->until);
  vt_sq_int(st, 3, j->limit);
  return vt_sq_many_rows(c, st, sizeof *j->items, outbox_fn, (void **)&j->items, &j->n);
}

static enum vt_qs outbox_claim(struct vt_store *s, int64_t now, int64_t until, int limit,
                               struct vt_outbox_item **items, size_t *n) {
  struct claim_job j = {now, until, limit, NULL, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), outbox_claim_job, &j);
  if (qs < 0) {
    VT_RELEASE_ARRAY(j.items, j.n, vt_outbox_item_release);
    return qs;
  }
  *items = j.items;
  *n = j.n;
  return j.n ? VT_QS_ONE : VT_QS_NONE;
}

struct result_job {
  vt_id id;
  const char *status, *error, *remote_id;
  int64_t next_at, now;
};

static enum vt_qs outbox_result_job(struct vt_sq_conn *c, void *arg) {
  struct result_job *j = arg;
  bool retry = !strcmp(j->status, "retry");
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE outbox SET status = ?2, last_error = ?3, next_attempt_at = ?4, claimed_until = 0,"
         " sent_at = CASE WHEN ?2 = 'sent' THEN ?5 END, remote_id = coalesce(?6, remote_id)"
         " WHERE id = ?1 RETURNING tenant_id, ticket_id, message_id, to_addr, kind,"
         " (SELECT citizen_id FROM tickets WHERE id = outbox.ticket_id),"
         " (SELECT channel FROM tickets WHERE id = outbox.ticket_id)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_text(st, 2, retry ? "pending" : j->status);
  vt_sq_text(st, 3, j->error);
  vt_sq_int(st, 4, j->next_at);
  vt_sq_int(st, 5, j->now);
  vt_sq_text(st, 6, j->remote_id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? VT_QS_NONE : vt_sq_rc(c, rc);
  }
  vt_id tenant = sqlite3_column_int64(st, 0), ticket = sqlite3_column_int64(st, 1),
        message = sqlite3_column_int64(st, 2);
  char *to = vt_sq_col_dup(st, 3), *kind = vt_sq_col_dup(st, 4);
  vt_id citizen = sqlite3_column_int64(st, 5);
  bool email =
      sqlite3_column_text(st, 6) && !strcmp((const char *)sqlite3_column_text(st, 6), "email");
  sqlite3_reset(st);
  enum vt_qs qs = VT_QS_ONE;
  if (!strcmp(j->status, "failed")) {
    /* A failed send is part of the ticket's story: agents see it. */
    json_t *data = json_pack("{s:s?, s:s?, s:s?}", "to", to, "kind", kind, "error", j->error);
    char *text = json_dumps(data, JSON_COMPACT);
    json_decref(data);
    qs = vt_sq_event(c, tenant, j->now, "system", 0, email ? "email_failed" : "delivery_failed",
                     "message", message ? message : ticket, ticket, citizen, message, text);
    free(text);
  }
  free(to);
  free(kind);
  return qs;
}

static enum vt_qs outbox_result(struct vt_store *s, vt_id id, const char *status, const char *error,
                                const char *remote_id, int64_t next_at, int64_t now) {
  struct result_job j = {id, status, error, remote_id, next_at, now};
  return vt_sq_write(vt_sq(s), outbox_result_job, &j);
}

struct progress_job {
  vt_id id;
  int parts;
  const char *remote;
};

static enum vt_qs progress_job(struct vt_sq_conn *c, void *arg) {
  struct progress_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "UPDATE outbox SET parts_sent = ?2,"
                                      " remote_id = coalesce(?3, remote_id) WHERE id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_int(st, 2, j->parts);
  vt_sq_text(st, 3, j->remote);
  return vt_sq_exec(c, st);
}

static enum vt_qs outbox_progress(struct vt_store *s, vt_id id, int parts, const char *remote_id) {
  struct progress_job j = {id, parts, remote_id};
  return vt_sq_write(vt_sq(s), progress_job, &j);
}

struct receipt_job {
  vt_id tenant_id;
  const char *remote_id, *action;
  int64_t now;
};

static enum vt_qs outbox_receipt_job(struct vt_sq_conn *c, void *arg) {
  struct receipt_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT o.tenant_id, o.ticket_id, o.message_id, t.citizen_id, o.id FROM outbox o"
         " JOIN tickets t ON t.id = o.ticket_id WHERE o.remote_id = ?1 AND o.tenant_id = ?3"
         " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = o.ticket_id"
         " AND e.action = ?2 AND e.object_kind = 'outbox' AND e.object_id = o.id)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, j->remote_id);
  vt_sq_text(st, 2, j->action);
  vt_sq_int(st, 3, j->tenant_id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? VT_QS_NONE : vt_sq_rc(c, rc);
  }
  vt_id tenant = sqlite3_column_int64(st, 0), ticket = sqlite3_column_int64(st, 1),
        message = sqlite3_column_int64(st, 2), citizen = sqlite3_column_int64(st, 3),
        outbox = sqlite3_column_int64(st, 4);
  sqlite3_reset(st);
  return vt_sq_event(c, tenant, j->now, "system", 0, j->action, "outbox", outbox, ticket, citizen,
                     message, NULL);
}

static enum vt_qs outbox_receipt(struct vt_store *s, vt_id tenant_id, const char *remote_id,
                                 const char *action, int64_t now) {
  struct receipt_job j = {tenant_id, remote_id, action, now};
  return vt_sq_write(vt_sq(s), outbox_receipt_job, &j);
}

void vt_sq_init_mail(struct vt_store *s) {
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
