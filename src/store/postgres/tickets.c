/* PostgreSQL: tickets, their messages, reference numbers, idempotency and the
 * event log entries these writes produce (the port of sqlite/tickets.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/ticket_rules.h"
#include "store/postgres/pg.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* The columns of a message (m) with its author (u: users, c: citizens), the
 * 12 that vt_pg_read_message reads. citizens.c reads messages too and keeps a
 * verbatim copy of this define (pg.h, its proper home, was not ours to edit;
 * an identical redefinition stays legal if it moves there). */
#define VT_PG_MESSAGE_FIELDS                                                                       \
  "m.id, m.ticket_id, m.direction, m.channel, m.author_user_id, m.author_citizen_id,"              \
  " coalesce(u.name, c.name), m.body, m.internal, m.channel_message_id, m.created_at,"             \
  " (SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename,"               \
  " 'content_type', a.content_type, 'size', a.size) ORDER BY a.id), '[]'::json)::text"             \
  " FROM attachments a WHERE a.message_id = m.id)"

#define MESSAGE_COLS                                                                               \
  VT_PG_MESSAGE_FIELDS " FROM messages m LEFT JOIN users u ON u.id = m.author_user_id"             \
                       " LEFT JOIN citizens c ON c.id = m.author_citizen_id"

#define TICKET_COLS                                                                                \
  "t.id, t.tenant_id, tn.code, t.reference, t.service_id, s.code, s.name, t.department_id,"        \
  " d.code, d.name, t.citizen_id, c.name, t.assignee_id, u.name, t.channel, t.status,"             \
  " t.priority, t.subject, t.version, t.created_at, t.updated_at, t.first_response_at,"            \
  " t.resolved_at, t.closed_at,"                                                                   \
  " t.due_at, t.tags::text, t.confidential, t.first_response_due_at, t.resolution_due_at,"         \
  " t.legal_due_at, t.status = 'pending',"                                                         \
  " EXISTS (SELECT 1 FROM sla_escalations e WHERE e.ticket_id = t.id)"
/* How many columns TICKET_COLS has: what a query adds comes after. */
#define TICKET_NCOLS 32
#define TICKET_JOINS                                                                               \
  " JOIN tenants tn ON tn.id = t.tenant_id LEFT JOIN services s ON s.id = t.service_id"            \
  " LEFT JOIN departments d ON d.id = t.department_id JOIN citizens c ON c.id = t.citizen_id"      \
  " LEFT JOIN users u ON u.id = t.assignee_id"

/* Idempotency keys live a day: long enough for any client's retries. */
#define IDEM_TTL_MS "86400000"

/* ---- reading rows ---- */

static void read_ticket(const PGresult *r, int row, void *out) {
  struct vt_ticket *t = out;
  memset(t, 0, sizeof *t);
  t->id = vt_pg_int64(r, row, 0);
  t->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, t->tenant_code, sizeof t->tenant_code);
  vt_pg_copy(r, row, 3, t->reference, sizeof t->reference);
  t->service_id = vt_pg_int64(r, row, 4);
  vt_pg_copy(r, row, 5, t->service_code, sizeof t->service_code);
  t->service_name = vt_pg_dup(r, row, 6);
  t->department_id = vt_pg_int64(r, row, 7);
  vt_pg_copy(r, row, 8, t->department_code, sizeof t->department_code);
  t->department_name = vt_pg_dup(r, row, 9);
  t->citizen_id = vt_pg_int64(r, row, 10);
  t->citizen_name = vt_pg_dup(r, row, 11);
  t->assignee_id = vt_pg_int64(r, row, 12);
  t->assignee_name = vt_pg_dup(r, row, 13);
  int v = vt_channel_parse(PQgetvalue(r, row, 14));
  t->channel = v < 0 ? VT_CH_API : (enum vt_channel)v;
  v = vt_status_parse(PQgetvalue(r, row, 15));
  t->status = v < 0 ? VT_ST_OPEN : (enum vt_status)v;
  v = vt_priority_parse(PQgetvalue(r, row, 16));
  t->priority = v < 0 ? VT_PR_NORMAL : (enum vt_priority)v;
  t->subject = vt_pg_dup(r, row, 17);
  t->version = vt_pg_int64(r, row, 18);
  t->created_at = vt_pg_int64(r, row, 19);
  t->updated_at = vt_pg_int64(r, row, 20);
  t->first_response_at = vt_pg_int64(r, row, 21);
  t->resolved_at = vt_pg_int64(r, row, 22);
  t->closed_at = vt_pg_int64(r, row, 23);
  t->due_at = vt_pg_int64(r, row, 24);
  t->tags_json = vt_pg_dup(r, row, 25);
  t->confidential = vt_pg_bool_at(r, row, 26);
  t->first_response_due_at = vt_pg_int64(r, row, 27);
  t->resolution_due_at = vt_pg_int64(r, row, 28);
  t->legal_due_at = vt_pg_int64(r, row, 29);
  t->sla_paused = vt_pg_bool_at(r, row, 30);
  t->sla_escalated = vt_pg_bool_at(r, row, 31);
}

/* Reads the 12 columns of VT_PG_MESSAGE_FIELDS starting at col; the strings
 * are owned by m (vt_message_release). */
void vt_pg_read_message(const PGresult *r, int row, int col, struct vt_message *m);
void vt_pg_read_message(const PGresult *r, int row, int col, struct vt_message *m) {
  memset(m, 0, sizeof *m);
  m->id = vt_pg_int64(r, row, col + 0);
  m->ticket_id = vt_pg_int64(r, row, col + 1);
  m->direction = !strcmp(PQgetvalue(r, row, col + 2), "out") ? VT_DIR_OUT : VT_DIR_IN;
  int ch = vt_channel_parse(PQgetvalue(r, row, col + 3));
  m->channel = ch < 0 ? VT_CH_API : (enum vt_channel)ch;
  m->author_user_id = vt_pg_int64(r, row, col + 4);
  m->author_citizen_id = vt_pg_int64(r, row, col + 5);
  m->author_name = vt_pg_dup(r, row, col + 6);
  m->body = vt_pg_dup(r, row, col + 7);
  m->internal = vt_pg_bool_at(r, row, col + 8);
  m->channel_message_id = vt_pg_dup(r, row, col + 9);
  m->created_at = vt_pg_int64(r, row, col + 10);
  m->attachments_json = vt_pg_dup(r, row, col + 11);
}

static void read_message(const PGresult *r, int row, void *out) {
  vt_pg_read_message(r, row, 0, out);
}

/* Runs a statement that yields at most one row: ONE with the row in *out
 * (caller PQclear), NONE without one (or when a constraint said no), or the
 * failure. *out is NULL unless ONE. */
static enum vt_qs one_row(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p,
                          PGresult **out) {
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, p, &qs);
  *out = NULL;
  if (qs == VT_QS_ONE && PQntuples(r) > 0) {
    *out = r;
    return VT_QS_ONE;
  }
  PQclear(r);
  return qs == VT_QS_ONE ? VT_QS_NONE : qs;
}

/* ---- locks ---- */

/* Serialises, across every node, the transactions that look up and then
 * create the thing named a:b (an idempotency key, a channel's message id, a
 * citizen identity); held until COMMIT. It must be a statement of its own:
 * under READ COMMITTED each statement takes its snapshot when it starts, so
 * only a lookup issued after the lock is granted sees what the previous
 * holder committed. Lock order within a transaction: idempotency key,
 * channel message id, identities (sorted), then rows (ref_counters,
 * tickets), so that two writers never wait on each other in a circle. */
static enum vt_qs lock_name(struct vt_pg_conn *c, const char *a, const char *b) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, a);
  vt_pg_text(&p, b);
  return vt_pg_must_run(
      c, "SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text, 0))", &p);
}

/* The lock of a channel's message id, shared by ticket_create and message_add. */
static enum vt_qs lock_channel_message(struct vt_pg_conn *c, enum vt_channel ch, const char *cmid) {
  char name[48];
  snprintf(name, sizeof name, "message:%s", vt_channel_name(ch));
  return lock_name(c, name, cmid);
}

/* ---- idempotency ---- */

struct idem_row {
  char request_hash[65];
  vt_id ticket_id, message_id;
  char secret[128];
};

/* Takes the key's lock, then looks it up: ONE with *row for a live key. */
static enum vt_qs idem_lookup(struct vt_pg_conn *c, const struct vt_idempotency *idem, int64_t now,
                              struct idem_row *row) {
  memset(row, 0, sizeof *row);
  enum vt_qs qs = lock_name(c, idem->scope, idem->key);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, idem->scope);
  vt_pg_text(&p, idem->key);
  vt_pg_int(&p, now);
  PGresult *r;
  qs = one_row(c,
               "SELECT request_hash, ticket_id, message_id, secret FROM idempotency_keys"
               " WHERE scope = $1 AND key = $2 AND created_at > $3::bigint - " IDEM_TTL_MS,
               &p, &r);
  if (qs == VT_QS_ONE) {
    vt_pg_copy(r, 0, 0, row->request_hash, sizeof row->request_hash);
    row->ticket_id = vt_pg_int64(r, 0, 1);
    row->message_id = vt_pg_int64(r, 0, 2);
    vt_pg_copy(r, 0, 3, row->secret, sizeof row->secret);
  }
  PQclear(r);
  return qs;
}

static enum vt_qs idem_store(struct vt_pg_conn *c, const struct vt_idempotency *idem,
                             vt_id ticket_id, vt_id message_id, const char *secret, int64_t now) {
  /* Expired keys, with the access tokens they kept, are deleted as new keys
   * arrive. SKIP LOCKED: concurrent writers purging the same expired rows
   * would otherwise queue behind each other's commits; whoever holds a row
   * deletes it. */
  struct vt_pg_params p = {0};
  vt_pg_int(&p, now);
  enum vt_qs qs =
      vt_pg_must_run(c,
                     "DELETE FROM idempotency_keys WHERE (scope, key) IN (SELECT scope, key"
                     " FROM idempotency_keys WHERE created_at <= $1::bigint - " IDEM_TTL_MS
                     " FOR UPDATE SKIP LOCKED)",
                     &p);
  if (qs != VT_QS_ONE)
    return qs;
  /* idem_lookup found no live row under this key's lock, so a row still
   * there has expired (the purge may have skipped it): it is replaced. */
  struct vt_pg_params q = {0};
  vt_pg_text(&q, idem->scope);
  vt_pg_text(&q, idem->key);
  vt_pg_text(&q, idem->request_hash);
  vt_pg_id(&q, ticket_id);
  vt_pg_id(&q, message_id);
  vt_pg_text(&q, secret);
  vt_pg_int(&q, now);
  return vt_pg_must_run(
      c,
      "INSERT INTO idempotency_keys(scope, key, request_hash, ticket_id, message_id, secret,"
      " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (scope, key) DO UPDATE"
      " SET request_hash = EXCLUDED.request_hash, ticket_id = EXCLUDED.ticket_id,"
      " message_id = EXCLUDED.message_id, secret = EXCLUDED.secret,"
      " created_at = EXCLUDED.created_at",
      &q);
}

/* Takes the lock of a channel's message id, then looks for an earlier
 * message with it: ONE fills ids {ticket, message}. */
static enum vt_qs channel_message_lookup(struct vt_pg_conn *c, enum vt_channel ch, const char *cmid,
                                         vt_id ids[2]) {
  enum vt_qs qs = lock_channel_message(c, ch, cmid);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, vt_channel_name(ch));
  vt_pg_text(&p, cmid);
  PGresult *r;
  qs = one_row(c,
               "SELECT ticket_id, id FROM messages WHERE channel = $1 AND channel_message_id = $2",
               &p, &r);
  if (qs == VT_QS_ONE) {
    ids[0] = vt_pg_int64(r, 0, 0);
    ids[1] = vt_pg_int64(r, 0, 1);
  }
  PQclear(r);
  return qs;
}

/* ---- ticket creation (see vt_ticket_create in migration 0002) ---- */

struct create_job {
  const struct vt_ticket_new *in;
  struct vt_ticket_created *out;
};

/* A PostgreSQL array literal of strings: every element quoted, with '"'
 * and '\\' escaped, so no value can break out of it. Caller frees. */
static char *text_array(const char *const *values, size_t n) {
  struct vt_buf b = VT_BUF_INIT;
  vt_buf_append(&b, "{");
  for (size_t i = 0; i < n; i++) {
    vt_buf_append(&b, i ? ",\"" : "\"");
    for (const char *p = values[i]; *p; p++) {
      if (*p == '"' || *p == '\\')
        vt_buf_append_mem(&b, "\\", 1);
      vt_buf_append_mem(&b, p, 1);
    }
    vt_buf_append(&b, "\"");
  }
  vt_buf_append(&b, "}");
  return vt_buf_steal(&b);
}

/* One call to vt_ticket_create (migration 0002), which runs the steps of
 * the SQLite create_job server-side, with the same locks as the rest of
 * this file. */
static enum vt_qs create_tx(struct vt_pg_conn *c, void *arg) {
  struct create_job *j = arg;
  const struct vt_ticket_new *in = j->in;
  struct vt_ticket_created *out = j->out;
  memset(out, 0, sizeof *out);
  size_t n = in->n_identities;
  if (n > sizeof in->identities / sizeof *in->identities)
    return VT_QS_HARD;
  const char *kinds[sizeof in->identities / sizeof *in->identities];
  const char *values[sizeof in->identities / sizeof *in->identities];
  const char *verified[sizeof in->identities / sizeof *in->identities];
  for (size_t i = 0; i < n; i++) {
    kinds[i] = vt_identity_kind_name(in->identities[i].kind);
    values[i] = in->identities[i].value;
    verified[i] = in->identities[i].verified ? "t" : "f";
  }
  char *a_kinds = text_array(kinds, n), *a_values = text_array(values, n),
       *a_verified = text_array(verified, n);
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->tenant_id);
  vt_pg_id(&p, in->service_id);
  vt_pg_id(&p, in->department_id);
  vt_pg_text(&p, vt_channel_name(in->channel));
  vt_pg_text(&p, vt_priority_name(in->priority));
  vt_pg_text(&p, in->subject);
  vt_pg_text(&p, in->body);
  vt_pg_id(&p, in->citizen_id);
  vt_pg_text(&p, in->citizen_name);
  vt_pg_text(&p, a_kinds);
  vt_pg_text(&p, a_values);
  vt_pg_text(&p, a_verified);
  vt_pg_id(&p, in->actor_user_id);
  vt_pg_id(&p, in->assignee_id);
  vt_pg_text(&p, vt_direction_name(in->direction));
  vt_pg_text(&p, in->access_token_hash);
  vt_pg_text(&p, in->access_token);
  vt_pg_text(&p, in->channel_message_id);
  vt_pg_text(&p, in->idem ? in->idem->scope : NULL);
  vt_pg_text(&p, in->idem ? in->idem->key : NULL);
  vt_pg_text(&p, in->idem ? in->idem->request_hash : NULL);
  vt_pg_int(&p, in->now);
  vt_pg_int(&p, vt_time_year(in->now));
  PGresult *r;
  enum vt_qs qs = one_row(
      c,
      "SELECT o_ticket, o_message, o_citizen, o_reference, o_replayed, o_idem_conflict, o_secret"
      " FROM vt_ticket_create($1::bigint, $2::bigint, $3::bigint, $4::text, $5::text, $6::text,"
      " $7::text, $8::bigint, $9::text, $10::text[], $11::text[], $12::boolean[], $13::bigint,"
      " $14::bigint, $15::text, $16::text, $17::text, $18::text, $19::text, $20::text, $21::text,"
      " $22::bigint, $23::integer)",
      &p, &r);
  free(a_kinds);
  free(a_values);
  free(a_verified);
  if (qs == VT_QS_ONE) {
    out->ticket_id = vt_pg_int64(r, 0, 0);
    out->message_id = vt_pg_int64(r, 0, 1);
    out->citizen_id = vt_pg_int64(r, 0, 2);
    vt_pg_copy(r, 0, 3, out->reference, sizeof out->reference);
    out->replayed = vt_pg_bool_at(r, 0, 4);
    out->idem_conflict = vt_pg_bool_at(r, 0, 5);
    vt_pg_copy(r, 0, 6, out->access_token, sizeof out->access_token);
  }
  PQclear(r);
  if (qs != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  if (out->idem_conflict)
    return VT_QS_NONE;
  if (!out->replayed) {
    c->notify_pending = true; /* the function wrote a ticket_created event */
    if ((qs = vt_pg_attach_uploads(c, out->message_id, &in->attach, in->now)) != VT_QS_ONE)
      return qs;
    if ((qs = vt_pg_outbox_insert(c, in->tenant_id, out->ticket_id, out->message_id, in->outbox,
                                  in->now)) != VT_QS_ONE)
      return qs;
    /* What routing decided: the ticket's tags and confidentiality, and its
     * explanation as an event right after ticket_created (as on SQLite). */
    if (in->tags_json || in->confidential) {
      struct vt_pg_params t = {0};
      vt_pg_int(&t, out->ticket_id);
      vt_pg_text(&t, in->tags_json);
      vt_pg_bool(&t, in->confidential);
      if ((qs = vt_pg_must_run(c,
                               "UPDATE tickets SET tags = coalesce($2::jsonb, tags),"
                               " confidential = $3::boolean WHERE id = $1::bigint",
                               &t)) != VT_QS_ONE)
        return qs;
    }
    if (in->routing_json &&
        (qs = vt_pg_event(c, in->tenant_id, in->now, "system", 0, "ticket_routed", "ticket",
                          out->ticket_id, out->ticket_id, out->citizen_id, 0, in->routing_json)) !=
            VT_QS_ONE)
      return qs;
    if (in->chat && (qs = vt_pg_chat_insert(c, out->ticket_id, out->citizen_id, in)) != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
  }
  return VT_QS_ONE;
}

static enum vt_qs ticket_create(struct vt_store *s, const struct vt_ticket_new *in,
                                struct vt_ticket_created *out) {
  struct create_job j = {in, out};
  /* Without files it is one statement, atomic by itself; with files, an
   * email, a chat or what routing decided, these must commit with the
   * ticket. */
  if (in->attach.n || in->outbox || in->chat || in->tags_json || in->confidential ||
      in->routing_json)
    return vt_pg_tx(vt_pg(s), create_tx, &j);
  return vt_pg_autocommit(vt_pg(s), create_tx, &j);
}

/* ---- reading tickets ---- */

static enum vt_qs ticket_get(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                             struct vt_ticket *out) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  char *depts = vt_pg_conf_params(&p, scope);
  enum vt_qs qs = vt_pg_read_one(s,
                                 "SELECT " TICKET_COLS " FROM tickets t" TICKET_JOINS
                                 " WHERE t.id = $1 AND ($2::boolean OR t.tenant_id = "
                                 "ANY($3::bigint[])) AND" VT_PG_CONF_VISIBLE("t", "$4", "$5", "$6"),
                                 &p, read_ticket, out);
  free(tenants);
  free(depts);
  return qs;
}

struct ticket_and_hash {
  struct vt_ticket *t;
  char *hash;
};

static void read_ticket_hash(const PGresult *r, int row, void *out) {
  struct ticket_and_hash *th = out;
  read_ticket(r, row, th->t);
  vt_pg_copy(r, row, TICKET_NCOLS, th->hash, 65);
}

static enum vt_qs ticket_by_reference(struct vt_store *s, const char *reference,
                                      struct vt_ticket *out, char access_hash[65]) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, reference);
  struct ticket_and_hash th = {out, access_hash};
  access_hash[0] = '\0';
  return vt_pg_read_one(s,
                        "SELECT " TICKET_COLS ", t.access_hash FROM tickets t" TICKET_JOINS
                        " WHERE t.reference = $1",
                        &p, read_ticket_hash, &th);
}

static enum vt_qs tickets_list(struct vt_store *s, const struct vt_scope *scope,
                               const struct vt_ticket_filter *f, struct vt_ticket **items,
                               size_t *n) {
  char *tq = f->q ? vt_pg_tsquery(f->q) : NULL;
  char *tenants = scope->all ? NULL : vt_pg_scope_array(scope);
  /* Assembled from fixed fragments, parameters numbered in the order the
   * fragments appear (PostgreSQL wants them contiguous), so each filter
   * combination is one prepared statement and no value becomes SQL text. */
  struct vt_pg_params p = {0};
  struct vt_buf sql = VT_BUF_INIT;
  vt_buf_append(&sql, "SELECT " TICKET_COLS " FROM tickets t" TICKET_JOINS);
  if (tq) {
    vt_buf_appendf(&sql,
                   " JOIN ticket_search ts ON ts.ticket_id = t.id"
                   " WHERE ts.doc @@ to_tsquery('vt_search', $%d::text)",
                   p.n + 1);
    vt_pg_text(&p, tq);
  } else {
    vt_buf_append(&sql, " WHERE true");
  }
  if (tenants) {
    vt_buf_appendf(&sql, " AND t.tenant_id = ANY($%d::bigint[])", p.n + 1);
    vt_pg_text(&p, tenants);
  }
  char *depts = NULL;
  if (!scope->all && !scope->conf_all) {
    vt_buf_appendf(&sql, " AND" VT_PG_CONF_VISIBLE("t", "$%d", "$%d", "$%d"), p.n + 1, p.n + 2,
                   p.n + 3);
    depts = vt_pg_conf_params(&p, scope);
  }
  if (f->status >= 0) {
    vt_buf_appendf(&sql, " AND t.status = $%d", p.n + 1);
    vt_pg_text(&p, vt_status_name((enum vt_status)f->status));
  }
  if (f->channel >= 0) {
    vt_buf_appendf(&sql, " AND t.channel = $%d", p.n + 1);
    vt_pg_text(&p, vt_channel_name((enum vt_channel)f->channel));
  }
  if (f->priority >= 0) {
    vt_buf_appendf(&sql, " AND t.priority = $%d", p.n + 1);
    vt_pg_text(&p, vt_priority_name((enum vt_priority)f->priority));
  }
  if (f->tenant_id) {
    vt_buf_appendf(&sql, " AND t.tenant_id = $%d", p.n + 1);
    vt_pg_int(&p, f->tenant_id);
  }
  if (f->department_id) {
    vt_buf_appendf(&sql, " AND t.department_id = $%d", p.n + 1);
    vt_pg_int(&p, f->department_id);
  }
  if (f->citizen_id) {
    vt_buf_appendf(&sql, " AND t.citizen_id = $%d", p.n + 1);
    vt_pg_int(&p, f->citizen_id);
  }
  if (f->assignee_id > 0) {
    vt_buf_appendf(&sql, " AND t.assignee_id = $%d", p.n + 1);
    vt_pg_int(&p, f->assignee_id);
  } else if (f->assignee_id < 0) {
    vt_buf_append(&sql, " AND t.assignee_id IS NULL");
  }
  /* Overdue: past the due time it is judged by (business days and hours,
   * src/sla), and not waiting on the citizen (the clock is stopped). */
  if (f->overdue) {
    vt_buf_appendf(&sql, " AND t.status IN ('new', 'open', 'on_hold') AND t.due_at < $%d::bigint",
                   p.n + 1);
    vt_pg_int(&p, f->now);
  }
  if (f->at_risk)
    vt_buf_append(&sql, " AND t.status IN ('new', 'open', 'on_hold') AND EXISTS (SELECT 1 FROM"
                        " sla_escalations e WHERE e.ticket_id = t.id)");
  if (f->open_only)
    vt_buf_append(&sql, " AND t.status NOT IN ('resolved', 'closed')");
  if (f->service_id) {
    vt_buf_appendf(&sql, " AND t.service_id = $%d::bigint", p.n + 1);
    vt_pg_int(&p, f->service_id);
  }
  if (f->created_after) {
    vt_buf_appendf(&sql, " AND t.created_at > $%d::bigint", p.n + 1);
    vt_pg_int(&p, f->created_after);
  }
  if (f->created_before) {
    vt_buf_appendf(&sql, " AND t.created_at <= $%d::bigint", p.n + 1);
    vt_pg_int(&p, f->created_before);
  }
  if (f->before_id) {
    vt_buf_appendf(&sql, " AND t.id < $%d", p.n + 1);
    vt_pg_int(&p, f->before_id);
  }
  /* A negative limit means none, as on SQLite: LIMIT NULL is LIMIT ALL. */
  vt_buf_appendf(&sql, " ORDER BY t.id DESC LIMIT $%d::bigint", p.n + 1);
  if (f->limit >= 0)
    vt_pg_int(&p, f->limit);
  else
    vt_pg_text(&p, NULL);
  enum vt_qs qs = vt_pg_read_many(s, sql.data, &p, sizeof **items, read_ticket, (void **)items, n);
  vt_buf_release(&sql);
  free(tenants);
  free(depts);
  free(tq);
  return qs;
}

/* ---- changing tickets ---- */

struct update_job {
  vt_id id;
  int64_t version;
  const struct vt_ticket_patch *p;
  vt_id actor;
  const char *changes;
  int64_t now;
  const struct vt_survey_policy *surveys;
};

static enum vt_qs update_tx(struct vt_pg_conn *c, void *arg) {
  struct update_job *u = arg;
  const struct vt_ticket_patch *p = u->p;
  struct vt_pg_params q = {0};
  vt_pg_int(&q, u->id);
  vt_pg_int(&q, u->version);
  vt_pg_int(&q, u->now);
  struct vt_buf sql = VT_BUF_INIT;
  vt_buf_append(&sql, "UPDATE tickets SET version = version + 1, updated_at = $3");
  if (p->has_status) {
    vt_buf_appendf(&sql, ", status = $%d", q.n + 1);
    vt_pg_text(&q, vt_status_name(p->status));
    if (p->status == VT_ST_RESOLVED)
      vt_buf_append(&sql, ", resolved_at = $3");
    else if (p->status == VT_ST_CLOSED)
      vt_buf_append(&sql, ", closed_at = $3, resolved_at = coalesce(resolved_at, $3)");
    else
      vt_buf_append(&sql, ", resolved_at = NULL");
  }
  if (p->has_priority) {
    vt_buf_appendf(&sql, ", priority = $%d", q.n + 1);
    vt_pg_text(&q, vt_priority_name(p->priority));
  }
  if (p->has_department) {
    vt_buf_appendf(&sql, ", department_id = $%d", q.n + 1);
    vt_pg_id(&q, p->department_id);
  }
  if (p->has_assignee) {
    vt_buf_appendf(&sql, ", assignee_id = $%d", q.n + 1);
    vt_pg_id(&q, p->assignee_id);
  }
  if (p->has_service) {
    vt_buf_appendf(&sql, ", service_id = $%d", q.n + 1);
    vt_pg_id(&q, p->service_id);
  }
  if (p->has_confidential) {
    vt_buf_appendf(&sql, ", confidential = $%d::boolean", q.n + 1);
    vt_pg_bool(&q, p->confidential);
  }
  /* Compare-and-set: a writer that got in first holds the row lock; once it
   * commits, this WHERE is checked again on the new row and its version no
   * longer matches, so NONE. */
  vt_buf_append(&sql, " WHERE id = $1 AND version = $2 RETURNING tenant_id, citizen_id");
  PGresult *r;
  enum vt_qs qs = one_row(c, sql.data, &q, &r);
  vt_buf_release(&sql);
  if (qs != VT_QS_ONE)
    return qs;
  vt_id tenant_id = vt_pg_int64(r, 0, 0), citizen_id = vt_pg_int64(r, 0, 1);
  PQclear(r);
  if ((qs = vt_pg_event(c, tenant_id, u->now, "user", u->actor, "ticket_updated", "ticket", u->id,
                        u->id, citizen_id, 0, u->changes)) != VT_QS_ONE)
    return qs;
  if (p->has_status && p->status == VT_ST_RESOLVED)
    return vt_pg_survey_offer(c, u->surveys, u->id, u->now);
  return VT_QS_ONE;
}

static enum vt_qs ticket_update(struct vt_store *s, vt_id id, int64_t version,
                                const struct vt_ticket_patch *p, vt_id actor_user_id,
                                const char *changes_json, int64_t now) {
  struct update_job u = {id, version, p, actor_user_id, changes_json, now, &s->survey_policy};
  return vt_pg_tx(vt_pg(s), update_tx, &u);
}

/* ---- messages ---- */

struct message_job {
  const struct vt_message_new *in;
  struct vt_message_added *out;
  const struct vt_survey_policy *surveys;
};

static enum vt_qs message_tx(struct vt_pg_conn *c, void *arg) {
  struct message_job *j = arg;
  const struct vt_message_new *in = j->in;
  struct vt_message_added *out = j->out;
  memset(out, 0, sizeof *out);
  enum vt_qs qs;
  if (in->idem) {
    struct idem_row row;
    if ((qs = idem_lookup(c, in->idem, in->now, &row)) < 0)
      return qs;
    if (qs == VT_QS_ONE) {
      if (strcmp(row.request_hash, in->idem->request_hash))
        out->idem_conflict = true;
      else
        out->replayed = true;
      out->message_id = row.message_id;
      return VT_QS_ONE;
    }
  }
  if (in->channel_message_id) {
    vt_id ids[2];
    if ((qs = channel_message_lookup(c, in->channel, in->channel_message_id, ids)) < 0)
      return qs;
    if (qs == VT_QS_ONE) {
      out->replayed = true;
      out->message_id = ids[1];
      return VT_QS_ONE;
    }
  }
  /* The ticket's row lock orders concurrent messages on one ticket. */
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->ticket_id);
  vt_pg_int(&p, in->now);
  vt_pg_text(&p, in->new_status >= 0 ? vt_status_name((enum vt_status)in->new_status) : NULL);
  vt_pg_bool(&p, in->set_first_response);
  PGresult *r;
  qs = one_row(c,
               "UPDATE tickets SET version = version + 1, updated_at = $2,"
               " status = coalesce($3::text, status),"
               " resolved_at = CASE WHEN $3::text IN ('new', 'open', 'pending', 'on_hold')"
               " THEN NULL ELSE resolved_at END,"
               " first_response_at = CASE WHEN $4::boolean THEN coalesce(first_response_at, $2)"
               " ELSE first_response_at END"
               " WHERE id = $1 AND status <> 'closed' RETURNING tenant_id, citizen_id",
               &p, &r);
  if (qs != VT_QS_ONE)
    return qs;
  vt_id tenant_id = vt_pg_int64(r, 0, 0), citizen_id = vt_pg_int64(r, 0, 1);
  PQclear(r);

  struct vt_pg_params m = {0};
  vt_pg_int(&m, in->ticket_id);
  vt_pg_text(&m, vt_direction_name(in->direction));
  vt_pg_text(&m, vt_channel_name(in->channel));
  vt_pg_id(&m, in->author_user_id);
  vt_pg_id(&m, in->author_citizen_id);
  vt_pg_text(&m, in->body);
  vt_pg_bool(&m, in->internal);
  vt_pg_text(&m, in->channel_message_id);
  vt_pg_int(&m, in->now);
  qs = one_row(c,
               "INSERT INTO messages(ticket_id, direction, channel, author_user_id,"
               " author_citizen_id, body, internal, channel_message_id, created_at)"
               " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
               &m, &r);
  if (qs == VT_QS_ONE)
    out->message_id = vt_pg_int64(r, 0, 0);
  PQclear(r);
  if (qs != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  if ((qs = vt_pg_attach_uploads(c, out->message_id, &in->attach, in->now)) != VT_QS_ONE)
    return qs;
  if ((qs = vt_pg_outbox_insert(c, tenant_id, in->ticket_id, out->message_id, in->outbox,
                                in->now)) != VT_QS_ONE)
    return qs;

  struct vt_pg_params ts = {0};
  vt_pg_int(&ts, in->ticket_id);
  vt_pg_text(&ts, in->body);
  if ((qs =
           vt_pg_must_run(c,
                          "UPDATE ticket_search SET doc = doc || to_tsvector('vt_search', $2::text)"
                          " WHERE ticket_id = $1",
                          &ts)) != VT_QS_ONE)
    return qs;

  char data[96];
  snprintf(data, sizeof data, "{\"direction\":\"%s\",\"internal\":%s%s%s%s}",
           vt_direction_name(in->direction), in->internal ? "true" : "false",
           in->new_status >= 0 ? ",\"status\":\"" : "",
           in->new_status >= 0 ? vt_status_name((enum vt_status)in->new_status) : "",
           in->new_status >= 0 ? "\"" : "");
  const char *actor_kind = in->author_user_id      ? "user"
                           : in->author_citizen_id ? "citizen"
                                                   : "system";
  vt_id actor = in->author_user_id ? in->author_user_id : in->author_citizen_id;
  if ((qs = vt_pg_event(c, tenant_id, in->now, actor_kind, actor, "message_added", "message",
                        out->message_id, in->ticket_id, citizen_id, out->message_id, data)) !=
      VT_QS_ONE)
    return qs;
  if (in->idem &&
      (qs = idem_store(c, in->idem, in->ticket_id, out->message_id, NULL, in->now)) != VT_QS_ONE)
    return qs;
  if (in->new_status == VT_ST_RESOLVED)
    return vt_pg_survey_offer(c, j->surveys, in->ticket_id, in->now);
  return VT_QS_ONE;
}

static enum vt_qs message_add(struct vt_store *s, const struct vt_message_new *in,
                              struct vt_message_added *out) {
  struct message_job j = {in, out, &s->survey_policy};
  return vt_pg_tx(vt_pg(s), message_tx, &j);
}

static enum vt_qs message_get(struct vt_store *s, vt_id id, struct vt_message *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " MESSAGE_COLS " WHERE m.id = $1", &p, read_message, out);
}

static enum vt_qs messages_list(struct vt_store *s, vt_id ticket_id, bool include_internal,
                                struct vt_message **items, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_bool(&p, include_internal);
  return vt_pg_read_many(
      s,
      "SELECT " MESSAGE_COLS
      " WHERE m.ticket_id = $1 AND ($2::boolean OR NOT m.internal) ORDER BY m.id",
      &p, sizeof **items, read_message, (void **)items, n);
}

void vt_pg_init_tickets(struct vt_store *s) {
  s->ticket_create = ticket_create;
  s->ticket_get = ticket_get;
  s->ticket_by_reference = ticket_by_reference;
  s->tickets_list = tickets_list;
  s->ticket_update = ticket_update;
  s->message_add = message_add;
  s->message_get = message_get;
  s->messages_list = messages_list;
}
