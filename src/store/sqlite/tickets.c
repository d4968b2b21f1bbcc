/* SQLite: tickets, their messages, reference numbers, idempotency and the
 * event log entries these writes produce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/ticket_rules.h"
#include "store/sqlite/sq.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define TICKET_COLS                                                                                \
  "t.id, t.tenant_id, tn.code, t.reference, t.service_id, s.code, s.name, t.department_id,"        \
  " d.code, d.name, t.citizen_id, c.name, t.assignee_id, u.name, t.channel, t.status,"             \
  " t.priority, t.subject, t.version, t.created_at, t.updated_at, t.first_response_at,"            \
  " t.resolved_at, t.closed_at,"                                                                   \
  " t.due_at, t.tags, t.confidential, t.first_response_due_at, t.resolution_due_at,"               \
  " t.legal_due_at, t.status = 'pending',"                                                         \
  " EXISTS (SELECT 1 FROM sla_escalations e WHERE e.ticket_id = t.id)"
/* How many columns TICKET_COLS has: what a query adds comes after. */
#define TICKET_NCOLS 32
#define TICKET_JOINS                                                                               \
  " JOIN tenants tn ON tn.id = t.tenant_id LEFT JOIN services s ON s.id = t.service_id"            \
  " LEFT JOIN departments d ON d.id = t.department_id JOIN citizens c ON c.id = t.citizen_id"      \
  " LEFT JOIN users u ON u.id = t.assignee_id"

static void ticket_fn(sqlite3_stmt *st, void *out) {
  struct vt_ticket *t = out;
  memset(t, 0, sizeof *t);
  t->id = sqlite3_column_int64(st, 0);
  t->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, t->tenant_code, sizeof t->tenant_code);
  vt_sq_col_copy(st, 3, t->reference, sizeof t->reference);
  t->service_id = sqlite3_column_int64(st, 4);
  vt_sq_col_copy(st, 5, t->service_code, sizeof t->service_code);
  t->service_name = vt_sq_col_dup(st, 6);
  t->department_id = sqlite3_column_int64(st, 7);
  vt_sq_col_copy(st, 8, t->department_code, sizeof t->department_code);
  t->department_name = vt_sq_col_dup(st, 9);
  t->citizen_id = sqlite3_column_int64(st, 10);
  t->citizen_name = vt_sq_col_dup(st, 11);
  t->assignee_id = sqlite3_column_int64(st, 12);
  t->assignee_name = vt_sq_col_dup(st, 13);
  int v = vt_channel_parse((const char *)sqlite3_column_text(st, 14));
  t->channel = v < 0 ? VT_CH_API : (enum vt_channel)v;
  v = vt_status_parse((const char *)sqlite3_column_text(st, 15));
  t->status = v < 0 ? VT_ST_OPEN : (enum vt_status)v;
  v = vt_priority_parse((const char *)sqlite3_column_text(st, 16));
  t->priority = v < 0 ? VT_PR_NORMAL : (enum vt_priority)v;
  t->subject = vt_sq_col_dup(st, 17);
  t->version = sqlite3_column_int64(st, 18);
  t->created_at = sqlite3_column_int64(st, 19);
  t->updated_at = sqlite3_column_int64(st, 20);
  t->first_response_at = sqlite3_column_int64(st, 21);
  t->resolved_at = sqlite3_column_int64(st, 22);
  t->closed_at = sqlite3_column_int64(st, 23);
  t->due_at = sqlite3_column_int64(st, 24);
  t->tags_json = vt_sq_col_dup(st, 25);
  t->confidential = sqlite3_column_int(st, 26) != 0;
  t->first_response_due_at = sqlite3_column_int64(st, 27);
  t->resolution_due_at = sqlite3_column_int64(st, 28);
  t->legal_due_at = sqlite3_column_int64(st, 29);
  t->sla_paused = sqlite3_column_int(st, 30) != 0;
  t->sla_escalated = sqlite3_column_int(st, 31) != 0;
}

enum vt_qs vt_sq_event(struct vt_sq_conn *c, vt_id tenant_id, int64_t at, const char *actor_kind,
                       vt_id actor_id, const char *action, const char *object_kind, vt_id object_id,
                       vt_id ticket_id, vt_id citizen_id, vt_id message_id, const char *data_json) {
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO events(tenant_id, at, actor_kind, actor_id, action, object_kind, object_id,"
         " ticket_id, citizen_id, message_id, data) VALUES (?,?,?,?,?,?,?,?,?,?,coalesce(?,'{}'))");
  if (!st)
    return VT_QS_HARD;
  vt_sq_id(st, 1, tenant_id);
  vt_sq_int(st, 2, at);
  vt_sq_text(st, 3, actor_kind);
  vt_sq_id(st, 4, actor_id);
  vt_sq_text(st, 5, action);
  vt_sq_text(st, 6, object_kind);
  vt_sq_int(st, 7, object_id);
  vt_sq_id(st, 8, ticket_id);
  vt_sq_id(st, 9, citizen_id);
  vt_sq_id(st, 10, message_id);
  vt_sq_text(st, 11, data_json);
  enum vt_qs qs = vt_sq_exec(c, st);
  return qs == VT_QS_ONE ? qs : VT_QS_HARD;
}

/* ---- idempotency ---- */

struct idem_row {
  char request_hash[65];
  vt_id ticket_id, message_id;
  char secret[128];
};

static void idem_fn(sqlite3_stmt *st, void *out) {
  struct idem_row *r = out;
  vt_sq_col_copy(st, 0, r->request_hash, sizeof r->request_hash);
  r->ticket_id = sqlite3_column_int64(st, 1);
  r->message_id = sqlite3_column_int64(st, 2);
  vt_sq_col_copy(st, 3, r->secret, sizeof r->secret);
}

static enum vt_qs idem_lookup(struct vt_sq_conn *c, const struct vt_idempotency *idem, int64_t now,
                              struct idem_row *row) {
  memset(row, 0, sizeof *row);
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT request_hash, ticket_id, message_id, secret FROM idempotency_keys"
                       " WHERE scope = ?1 AND key = ?2 AND created_at > ?3 - 86400000");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, idem->scope);
  vt_sq_text(st, 2, idem->key);
  vt_sq_int(st, 3, now);
  return vt_sq_one_row(c, st, idem_fn, row);
}

static enum vt_qs idem_store(struct vt_sq_conn *c, const struct vt_idempotency *idem,
                             vt_id ticket_id, vt_id message_id, const char *secret, int64_t now) {
  /* Keys live a day (long enough for any client's retries); expired ones,
   * with the access tokens they kept, are deleted as new keys arrive. */
  sqlite3_stmt *st =
      vt_sq_prepare(c, "DELETE FROM idempotency_keys WHERE created_at <= ? - 86400000");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, now);
  if (vt_sq_exec(c, st) != VT_QS_ONE)
    return VT_QS_HARD;
  st = vt_sq_prepare(c,
                     "INSERT INTO idempotency_keys(scope, key, request_hash, ticket_id, message_id,"
                     " secret, created_at) VALUES (?,?,?,?,?,?,?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, idem->scope);
  vt_sq_text(st, 2, idem->key);
  vt_sq_text(st, 3, idem->request_hash);
  vt_sq_id(st, 4, ticket_id);
  vt_sq_id(st, 5, message_id);
  vt_sq_text(st, 6, secret);
  vt_sq_int(st, 7, now);
  enum vt_qs qs = vt_sq_exec(c, st);
  return qs == VT_QS_ONE ? qs : VT_QS_HARD;
}

static void ticket_ref_fn(sqlite3_stmt *st, void *out) {
  struct vt_ticket_created *o = out;
  vt_sq_col_copy(st, 0, o->reference, sizeof o->reference);
  o->citizen_id = sqlite3_column_int64(st, 1);
}

static enum vt_qs fill_replay(struct vt_sq_conn *c, vt_id ticket_id, vt_id message_id,
                              struct vt_ticket_created *out) {
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT reference, citizen_id FROM tickets WHERE id = ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  out->ticket_id = ticket_id;
  out->message_id = message_id;
  out->replayed = true;
  enum vt_qs qs = vt_sq_one_row(c, st, ticket_ref_fn, out);
  return qs == VT_QS_ONE ? qs : VT_QS_HARD;
}

static void two_ids_fn(sqlite3_stmt *st, void *out) {
  vt_id *ids = out;
  ids[0] = sqlite3_column_int64(st, 0);
  ids[1] = sqlite3_column_int64(st, 1);
}

/* An earlier message with this channel id: fills ids {ticket, message}. */
static enum vt_qs channel_message_lookup(struct vt_sq_conn *c, enum vt_channel ch, const char *cmid,
                                         vt_id ids[2]) {
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT ticket_id, id FROM messages WHERE channel = ? AND channel_message_id = ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, vt_channel_name(ch));
  vt_sq_text(st, 2, cmid);
  return vt_sq_one_row(c, st, two_ids_fn, ids);
}

/* ---- citizens found or created by identity ---- */

#define MAX_IDS (sizeof((struct vt_ticket_new *)0)->identities / sizeof(struct vt_identity))

static enum vt_qs resolve_citizen(struct vt_sq_conn *c, const struct vt_ticket_new *in,
                                  vt_id *citizen_id) {
  static const enum vt_identity_kind strength[] = {VT_ID_NATIONAL_ID, VT_ID_EMAIL,    VT_ID_PHONE,
                                                   VT_ID_TELEGRAM,    VT_ID_WHATSAPP, VT_ID_X,
                                                   VT_ID_FACEBOOK};
  size_t n = in->n_identities;
  if (n > MAX_IDS)
    return VT_QS_HARD;
  vt_id found = in->citizen_id;
  sqlite3_stmt *st;
  if (!found && n) {
    /* Every identity in one statement (an OR of index lookups; unused
     * pairs are NULL and match nothing); the strongest found decides who
     * this is, and the others are attached to that person unless they
     * already belong to someone else. */
    st = vt_sq_prepare(c,
                       "SELECT ci.kind, coalesce(c.merged_into, c.id) FROM citizen_identities ci"
                       " JOIN citizens c ON c.id = ci.citizen_id"
                       " WHERE (ci.kind = ?1 AND ci.value = ?2) OR (ci.kind = ?3 AND ci.value = ?4)"
                       " OR (ci.kind = ?5 AND ci.value = ?6) OR (ci.kind = ?7 AND ci.value = ?8)");
    if (!st)
      return VT_QS_HARD;
    for (size_t i = 0; i < n; i++) {
      vt_sq_text(st, (int)(2 * i + 1), vt_identity_kind_name(in->identities[i].kind));
      vt_sq_text(st, (int)(2 * i + 2), in->identities[i].value);
    }
    vt_id by_kind[VT_ID__COUNT] = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      int k = vt_identity_kind_parse((const char *)sqlite3_column_text(st, 0));
      if (k >= 0)
        by_kind[k] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
      return vt_sq_rc(c, rc);
    for (size_t k = 0; !found && k < sizeof strength / sizeof *strength; k++)
      found = by_kind[strength[k]];
  }
  if (!found) {
    st = vt_sq_prepare(c,
                       "INSERT INTO citizens(name, origin_tenant_id, created_at) VALUES (?, ?, ?)");
    if (!st)
      return VT_QS_HARD;
    vt_sq_text(st, 1, in->citizen_name ? in->citizen_name : "");
    vt_sq_int(st, 2, in->tenant_id);
    vt_sq_int(st, 3, in->now);
    if (vt_sq_exec(c, st) != VT_QS_ONE)
      return VT_QS_HARD;
    found = sqlite3_last_insert_rowid(c->db);
  } else if (in->citizen_name && *in->citizen_name) {
    st = vt_sq_prepare(c, "UPDATE citizens SET name = ? WHERE id = ? AND name = ''");
    if (!st)
      return VT_QS_HARD;
    vt_sq_text(st, 1, in->citizen_name);
    vt_sq_int(st, 2, found);
    if (vt_sq_exec(c, st) != VT_QS_ONE)
      return VT_QS_HARD;
  }
  if (n) {
    st = vt_sq_prepare(
        c, "INSERT INTO citizen_identities(citizen_id, kind, value, verified, created_at)"
           " SELECT ?1, column1, column2, column3, ?2 FROM (VALUES (?3, ?4, ?5),"
           " (?6, ?7, ?8), (?9, ?10, ?11), (?12, ?13, ?14)) WHERE column1 IS NOT NULL"
           " ON CONFLICT(kind, value) DO NOTHING");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, found);
    vt_sq_int(st, 2, in->now);
    for (size_t i = 0; i < n; i++) {
      vt_sq_text(st, (int)(3 * i + 3), vt_identity_kind_name(in->identities[i].kind));
      vt_sq_text(st, (int)(3 * i + 4), in->identities[i].value);
      vt_sq_int(st, (int)(3 * i + 5), in->identities[i].verified);
    }
    if (vt_sq_exec(c, st) != VT_QS_ONE)
      return VT_QS_HARD;
  }
  *citizen_id = found;
  return VT_QS_ONE;
}

/* ---- ticket creation ---- */

struct create_job {
  const struct vt_ticket_new *in;
  struct vt_ticket_created *out;
};

static enum vt_qs next_reference(struct vt_sq_conn *c, vt_id tenant_id, int64_t now, char *out,
                                 size_t outsz) {
  int year = vt_time_year(now);
  sqlite3_stmt *st =
      vt_sq_prepare(c, "INSERT INTO ref_counters(tenant_id, year, last) VALUES (?1, ?2, 1)"
                       " ON CONFLICT(tenant_id, year) DO UPDATE SET last = last + 1"
                       " RETURNING last, (SELECT code FROM tenants WHERE id = ?1)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, tenant_id);
  vt_sq_int(st, 2, year);
  int rc = sqlite3_step(st);
  enum vt_qs qs = VT_QS_HARD;
  if (rc == SQLITE_ROW && sqlite3_column_text(st, 1) &&
      vt_reference_format(out, outsz, (const char *)sqlite3_column_text(st, 1), year,
                          (long)sqlite3_column_int64(st, 0)) == 0)
    qs = VT_QS_ONE;
  else if (rc != SQLITE_ROW)
    qs = vt_sq_rc(c, rc) == VT_QS_SOFT ? VT_QS_SOFT : VT_QS_HARD;
  sqlite3_reset(st);
  return qs;
}

static enum vt_qs create_job(struct vt_sq_conn *c, void *arg) {
  struct create_job *j = arg;
  const struct vt_ticket_new *in = j->in;
  struct vt_ticket_created *out = j->out;
  memset(out, 0, sizeof *out);
  enum vt_qs qs;

  if (in->idem) {
    struct idem_row row;
    qs = idem_lookup(c, in->idem, in->now, &row);
    if (qs < 0)
      return qs;
    if (qs == VT_QS_ONE) {
      if (strcmp(row.request_hash, in->idem->request_hash)) {
        out->idem_conflict = true;
        return VT_QS_NONE;
      }
      snprintf(out->access_token, sizeof out->access_token, "%s", row.secret);
      return fill_replay(c, row.ticket_id, row.message_id, out);
    }
  }
  if (in->channel_message_id) {
    vt_id ids[2];
    qs = channel_message_lookup(c, in->channel, in->channel_message_id, ids);
    if (qs < 0)
      return qs;
    if (qs == VT_QS_ONE)
      return fill_replay(c, ids[0], ids[1], out);
  }

  vt_id citizen_id = 0;
  if ((qs = resolve_citizen(c, in, &citizen_id)) != VT_QS_ONE)
    return qs;
  if ((qs = next_reference(c, in->tenant_id, in->now, out->reference, sizeof out->reference)) !=
      VT_QS_ONE)
    return qs;

  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO tickets(tenant_id, reference, service_id, department_id, citizen_id, channel,"
         " priority, assignee_id, subject, access_hash, created_at, updated_at, tags, confidential)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?11, ?8, ?9, ?10, ?10, coalesce(?12, '[]'), ?13)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->tenant_id);
  vt_sq_text(st, 2, out->reference);
  vt_sq_id(st, 3, in->service_id);
  vt_sq_id(st, 4, in->department_id);
  vt_sq_int(st, 5, citizen_id);
  vt_sq_text(st, 6, vt_channel_name(in->channel));
  vt_sq_text(st, 7, vt_priority_name(in->priority));
  vt_sq_text(st, 8, in->subject);
  vt_sq_text(st, 9, in->access_token_hash);
  vt_sq_int(st, 10, in->now);
  vt_sq_id(st, 11, in->assignee_id);
  vt_sq_text(st, 12, in->tags_json);
  sqlite3_bind_int(st, 13, in->confidential);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  vt_id ticket_id = sqlite3_last_insert_rowid(c->db);

  st = vt_sq_prepare(c, "INSERT INTO messages(ticket_id, direction, channel, author_user_id,"
                        " author_citizen_id, body, internal, channel_message_id, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  vt_sq_text(st, 2, vt_direction_name(in->direction));
  vt_sq_text(st, 3, vt_channel_name(in->channel));
  vt_sq_id(st, 4, in->direction == VT_DIR_OUT ? in->actor_user_id : 0);
  vt_sq_id(st, 5, in->direction == VT_DIR_IN ? citizen_id : 0);
  vt_sq_text(st, 6, in->body);
  vt_sq_text(st, 7, in->channel_message_id);
  vt_sq_int(st, 8, in->now);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  vt_id message_id = sqlite3_last_insert_rowid(c->db);
  if ((qs = vt_sq_attach_uploads(c, message_id, &in->attach, in->now)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  if ((qs = vt_sq_outbox_insert(c, in->tenant_id, ticket_id, message_id, in->outbox, in->now)) !=
      VT_QS_ONE)
    return qs;

  if (vt_sq_search_enqueue(c, "ticket", ticket_id) != VT_QS_ONE)
    return VT_QS_HARD;

  const char *actor_kind = in->actor_user_id ? "user" : "citizen";
  vt_id actor = in->actor_user_id ? in->actor_user_id : citizen_id;
  char data[128];
  snprintf(data, sizeof data, "{\"channel\":\"%s\",\"reference\":\"%s\"}",
           vt_channel_name(in->channel), out->reference);
  if (vt_sq_event(c, in->tenant_id, in->now, actor_kind, actor, "ticket_created", "ticket",
                  ticket_id, ticket_id, citizen_id, message_id, data) != VT_QS_ONE)
    return VT_QS_HARD;
  if (in->routing_json &&
      vt_sq_event(c, in->tenant_id, in->now, "system", 0, "ticket_routed", "ticket", ticket_id,
                  ticket_id, citizen_id, 0, in->routing_json) != VT_QS_ONE)
    return VT_QS_HARD;
  if (in->chat && (qs = vt_sq_chat_insert(c, ticket_id, citizen_id, in)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  if (in->idem &&
      idem_store(c, in->idem, ticket_id, message_id, in->access_token, in->now) != VT_QS_ONE)
    return VT_QS_HARD;
  out->ticket_id = ticket_id;
  out->message_id = message_id;
  out->citizen_id = citizen_id;
  return VT_QS_ONE;
}

static enum vt_qs ticket_create(struct vt_store *s, const struct vt_ticket_new *in,
                                struct vt_ticket_created *out) {
  struct create_job j = {in, out};
  return vt_sq_write(vt_sq(s), create_job, &j);
}

/* ---- reading tickets ---- */

static enum vt_qs ticket_get(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                             struct vt_ticket *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " TICKET_COLS " FROM tickets t" TICKET_JOINS
                                      " WHERE t.id = ?1 AND (?2 OR t.tenant_id IN (SELECT value "
                                      "FROM json_each(?3))) AND" VT_SQ_CONF_VISIBLE("t"));
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, id);
  sqlite3_bind_int(st, 2, scope->all);
  vt_sq_bind_scope(st, 3, scope);
  vt_sq_bind_conf(st, scope);
  return vt_sq_one_row(c, st, ticket_fn, out);
}

struct ticket_and_hash {
  struct vt_ticket *t;
  char *hash;
};

static void ticket_hash_fn(sqlite3_stmt *st, void *out) {
  struct ticket_and_hash *th = out;
  ticket_fn(st, th->t);
  vt_sq_col_copy(st, TICKET_NCOLS, th->hash, 65);
}

static enum vt_qs ticket_by_reference(struct vt_store *s, const char *reference,
                                      struct vt_ticket *out, char access_hash[65]) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT " TICKET_COLS ", t.access_hash FROM tickets t" TICKET_JOINS
                       " WHERE t.reference = ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, reference);
  struct ticket_and_hash th = {out, access_hash};
  access_hash[0] = '\0';
  return vt_sq_one_row(c, st, ticket_hash_fn, &th);
}

static enum vt_qs tickets_list(struct vt_store *s, const struct vt_scope *scope,
                               const struct vt_ticket_filter *f, struct vt_ticket **items,
                               size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  char *fq = f->q ? vt_sq_fts_query(f->q) : NULL;
  if (fq) {
    enum vt_qs iq = vt_sq_search_catch_up(vt_sq(s), c);
    if (iq < 0) {
      free(fq);
      return iq;
    }
  }
  /* The statement is assembled from fixed fragments with numbered
   * parameters, so each filter combination is one cached statement and no
   * value ever becomes SQL text. With a text query the full-text index
   * drives, in id order, so LIMIT stops the scan early. */
  struct vt_buf sql = VT_BUF_INIT;
  vt_buf_append(&sql, "SELECT " TICKET_COLS);
  if (fq)
    vt_buf_append(&sql, " FROM tickets_fts f JOIN tickets t ON t.id = f.rowid" TICKET_JOINS
                        " WHERE tickets_fts MATCH ?10");
  else
    vt_buf_append(&sql, " FROM tickets t" TICKET_JOINS " WHERE 1");
  /* One administration: its (tenant_id, id) index yields tickets newest
   * first. Several: an IN over that index would need a sort of every match,
   * so the unary + keeps the planner on the id order and filters instead. */
  if (!scope->all && scope->n == 1)
    vt_buf_append(&sql, " AND t.tenant_id = ?13");
  else if (!scope->all)
    vt_buf_append(&sql, " AND +t.tenant_id IN (SELECT value FROM json_each(?2))");
  if (!scope->all && !scope->conf_all)
    vt_buf_append(&sql, " AND" VT_SQ_CONF_VISIBLE("t"));
  if (f->status >= 0)
    vt_buf_append(&sql, " AND t.status = ?3");
  if (f->channel >= 0)
    vt_buf_append(&sql, " AND t.channel = ?4");
  if (f->priority >= 0)
    vt_buf_append(&sql, " AND t.priority = ?5");
  if (f->tenant_id)
    vt_buf_append(&sql, " AND t.tenant_id = ?6");
  if (f->department_id)
    vt_buf_append(&sql, " AND t.department_id = ?7");
  if (f->citizen_id)
    vt_buf_append(&sql, " AND t.citizen_id = ?8");
  if (f->assignee_id > 0)
    vt_buf_append(&sql, " AND t.assignee_id = ?9");
  else if (f->assignee_id < 0)
    vt_buf_append(&sql, " AND t.assignee_id IS NULL");
  /* Overdue: past the due time it is judged by (business days and hours,
   * src/sla), and not waiting on the citizen (the clock is stopped). */
  if (f->overdue)
    vt_buf_append(&sql, " AND t.status IN ('new', 'open', 'on_hold') AND t.due_at < ?14");
  if (f->at_risk)
    vt_buf_append(&sql, " AND t.status IN ('new', 'open', 'on_hold') AND EXISTS (SELECT 1 FROM"
                        " sla_escalations e WHERE e.ticket_id = t.id)");
  if (f->open_only)
    vt_buf_append(&sql, " AND t.status NOT IN ('resolved', 'closed')");
  if (f->service_id)
    vt_buf_append(&sql, " AND t.service_id = ?15");
  if (f->created_after)
    vt_buf_append(&sql, " AND t.created_at > ?16");
  if (f->created_before)
    vt_buf_append(&sql, " AND t.created_at <= ?17");
  if (f->before_id)
    vt_buf_append(&sql, fq ? " AND f.rowid < ?11" : " AND t.id < ?11");
  vt_buf_append(&sql, fq ? " ORDER BY f.rowid DESC LIMIT ?12" : " ORDER BY t.id DESC LIMIT ?12");
  sqlite3_stmt *st = vt_sq_prepare(c, sql.data);
  vt_buf_release(&sql);
  if (!st) {
    free(fq);
    return VT_QS_HARD;
  }
  if (!scope->all && scope->n == 1)
    vt_sq_int(st, 13, scope->tenant_ids[0]);
  else if (!scope->all)
    vt_sq_bind_scope(st, 2, scope);
  if (!scope->all && !scope->conf_all)
    vt_sq_bind_conf(st, scope);
  if (f->status >= 0)
    vt_sq_text(st, 3, vt_status_name((enum vt_status)f->status));
  if (f->channel >= 0)
    vt_sq_text(st, 4, vt_channel_name((enum vt_channel)f->channel));
  if (f->priority >= 0)
    vt_sq_text(st, 5, vt_priority_name((enum vt_priority)f->priority));
  if (f->tenant_id)
    vt_sq_int(st, 6, f->tenant_id);
  if (f->department_id)
    vt_sq_int(st, 7, f->department_id);
  if (f->citizen_id)
    vt_sq_int(st, 8, f->citizen_id);
  if (f->assignee_id > 0)
    vt_sq_int(st, 9, f->assignee_id);
  if (fq)
    vt_sq_text(st, 10, fq);
  if (f->before_id)
    vt_sq_int(st, 11, f->before_id);
  vt_sq_int(st, 12, f->limit);
  if (f->overdue)
    vt_sq_int(st, 14, f->now);
  if (f->service_id)
    vt_sq_int(st, 15, f->service_id);
  if (f->created_after)
    vt_sq_int(st, 16, f->created_after);
  if (f->created_before)
    vt_sq_int(st, 17, f->created_before);
  free(fq);
  return vt_sq_many_rows(c, st, sizeof **items, ticket_fn, (void **)items, n);
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

static enum vt_qs update_job(struct vt_sq_conn *c, void *arg) {
  struct update_job *u = arg;
  const struct vt_ticket_patch *p = u->p;
  struct vt_buf sql = VT_BUF_INIT;
  vt_buf_append(&sql, "UPDATE tickets SET version = version + 1, updated_at = ?3");
  if (p->has_status) {
    vt_buf_append(&sql, ", status = ?4");
    if (p->status == VT_ST_RESOLVED)
      vt_buf_append(&sql, ", resolved_at = ?3");
    else if (p->status == VT_ST_CLOSED)
      vt_buf_append(&sql, ", closed_at = ?3, resolved_at = coalesce(resolved_at, ?3)");
    else
      vt_buf_append(&sql, ", resolved_at = NULL");
  }
  if (p->has_priority)
    vt_buf_append(&sql, ", priority = ?5");
  if (p->has_department)
    vt_buf_append(&sql, ", department_id = ?6");
  if (p->has_assignee)
    vt_buf_append(&sql, ", assignee_id = ?7");
  if (p->has_service)
    vt_buf_append(&sql, ", service_id = ?8");
  if (p->has_confidential)
    vt_buf_append(&sql, ", confidential = ?9");
  vt_buf_append(&sql, " WHERE id = ?1 AND version = ?2 RETURNING tenant_id, citizen_id");
  sqlite3_stmt *st = vt_sq_prepare(c, sql.data);
  vt_buf_release(&sql);
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, u->id);
  vt_sq_int(st, 2, u->version);
  vt_sq_int(st, 3, u->now);
  if (p->has_status)
    vt_sq_text(st, 4, vt_status_name(p->status));
  if (p->has_priority)
    vt_sq_text(st, 5, vt_priority_name(p->priority));
  if (p->has_department)
    vt_sq_id(st, 6, p->department_id);
  if (p->has_assignee)
    vt_sq_id(st, 7, p->assignee_id);
  if (p->has_service)
    vt_sq_id(st, 8, p->service_id);
  if (p->has_confidential)
    sqlite3_bind_int(st, 9, p->confidential);
  vt_id ids[2] = {0, 0};
  enum vt_qs qs = vt_sq_one_row(c, st, two_ids_fn, ids);
  if (qs != VT_QS_ONE)
    return qs;
  if ((qs = vt_sq_event(c, ids[0], u->now, "user", u->actor, "ticket_updated", "ticket", u->id,
                        u->id, ids[1], 0, u->changes)) != VT_QS_ONE)
    return qs;
  if (p->has_status && p->status == VT_ST_RESOLVED)
    return vt_sq_survey_offer(c, u->surveys, u->id, u->now);
  return VT_QS_ONE;
}

static enum vt_qs ticket_update(struct vt_store *s, vt_id id, int64_t version,
                                const struct vt_ticket_patch *p, vt_id actor_user_id,
                                const char *changes_json, int64_t now) {
  struct update_job u = {id, version, p, actor_user_id, changes_json, now, &s->survey_policy};
  return vt_sq_write(vt_sq(s), update_job, &u);
}

/* ---- messages ---- */

struct message_job {
  const struct vt_message_new *in;
  struct vt_message_added *out;
  const struct vt_survey_policy *surveys;
};

static enum vt_qs message_job(struct vt_sq_conn *c, void *arg) {
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
  sqlite3_stmt *st =
      vt_sq_prepare(c, "UPDATE tickets SET version = version + 1, updated_at = ?2,"
                       " status = coalesce(?3, status),"
                       " resolved_at = CASE WHEN ?3 IN ('new','open','pending','on_hold') THEN "
                       "NULL ELSE resolved_at END,"
                       " first_response_at = CASE WHEN ?4 THEN coalesce(first_response_at, ?2) "
                       "ELSE first_response_at END"
                       " WHERE id = ?1 AND status <> 'closed' RETURNING tenant_id, citizen_id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->ticket_id);
  vt_sq_int(st, 2, in->now);
  vt_sq_text(st, 3, in->new_status >= 0 ? vt_status_name((enum vt_status)in->new_status) : NULL);
  sqlite3_bind_int(st, 4, in->set_first_response);
  vt_id ids[2] = {0, 0};
  if ((qs = vt_sq_one_row(c, st, two_ids_fn, ids)) != VT_QS_ONE)
    return qs;

  st = vt_sq_prepare(c, "INSERT INTO messages(ticket_id, direction, channel, author_user_id,"
                        " author_citizen_id, body, internal, channel_message_id, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->ticket_id);
  vt_sq_text(st, 2, vt_direction_name(in->direction));
  vt_sq_text(st, 3, vt_channel_name(in->channel));
  vt_sq_id(st, 4, in->author_user_id);
  vt_sq_id(st, 5, in->author_citizen_id);
  vt_sq_text(st, 6, in->body);
  sqlite3_bind_int(st, 7, in->internal);
  vt_sq_text(st, 8, in->channel_message_id);
  vt_sq_int(st, 9, in->now);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  out->message_id = sqlite3_last_insert_rowid(c->db);
  if ((qs = vt_sq_attach_uploads(c, out->message_id, &in->attach, in->now)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  if ((qs = vt_sq_outbox_insert(c, ids[0], in->ticket_id, out->message_id, in->outbox, in->now)) !=
      VT_QS_ONE)
    return qs;

  if (vt_sq_search_enqueue(c, "ticket", in->ticket_id) != VT_QS_ONE)
    return VT_QS_HARD;

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
  if (vt_sq_event(c, ids[0], in->now, actor_kind, actor, "message_added", "message",
                  out->message_id, in->ticket_id, ids[1], out->message_id, data) != VT_QS_ONE)
    return VT_QS_HARD;
  if (in->idem &&
      idem_store(c, in->idem, in->ticket_id, out->message_id, NULL, in->now) != VT_QS_ONE)
    return VT_QS_HARD;
  if (in->new_status == VT_ST_RESOLVED)
    return vt_sq_survey_offer(c, j->surveys, in->ticket_id, in->now);
  return VT_QS_ONE;
}

static enum vt_qs message_add(struct vt_store *s, const struct vt_message_new *in,
                              struct vt_message_added *out) {
  struct message_job j = {in, out, &s->survey_policy};
  return vt_sq_write(vt_sq(s), message_job, &j);
}

#define MESSAGE_COLS                                                                               \
  VT_SQ_MESSAGE_FIELDS " FROM messages m LEFT JOIN users u ON u.id = m.author_user_id"             \
                       " LEFT JOIN citizens c ON c.id = m.author_citizen_id"

void vt_sq_read_message(sqlite3_stmt *st, int col, struct vt_message *m) {
  memset(m, 0, sizeof *m);
  m->id = sqlite3_column_int64(st, col + 0);
  m->ticket_id = sqlite3_column_int64(st, col + 1);
  const unsigned char *d = sqlite3_column_text(st, col + 2);
  m->direction = d && !strcmp((const char *)d, "out") ? VT_DIR_OUT : VT_DIR_IN;
  int ch = vt_channel_parse((const char *)sqlite3_column_text(st, col + 3));
  m->channel = ch < 0 ? VT_CH_API : (enum vt_channel)ch;
  m->author_user_id = sqlite3_column_int64(st, col + 4);
  m->author_citizen_id = sqlite3_column_int64(st, col + 5);
  m->author_name = vt_sq_col_dup(st, col + 6);
  m->body = vt_sq_col_dup(st, col + 7);
  m->internal = sqlite3_column_int(st, col + 8) != 0;
  m->channel_message_id = vt_sq_col_dup(st, col + 9);
  m->created_at = sqlite3_column_int64(st, col + 10);
  m->attachments_json = vt_sq_col_dup(st, col + 11);
}

static void message_fn(sqlite3_stmt *st, void *out) { vt_sq_read_message(st, 0, out); }

static enum vt_qs message_get(struct vt_store *s, vt_id id, struct vt_message *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " MESSAGE_COLS " WHERE m.id = ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, message_fn, out);
}

static enum vt_qs messages_list(struct vt_store *s, vt_id ticket_id, bool include_internal,
                                struct vt_message **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " MESSAGE_COLS " WHERE m.ticket_id = ?1 AND (?2 OR NOT m.internal) ORDER BY m.id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  sqlite3_bind_int(st, 2, include_internal);
  return vt_sq_many_rows(c, st, sizeof **items, message_fn, (void **)items, n);
}

void vt_sq_init_tickets(struct vt_store *s) {
  s->ticket_create = ticket_create;
  s->ticket_get = ticket_get;
  s->ticket_by_reference = ticket_by_reference;
  s->tickets_list = tickets_list;
  s->ticket_update = ticket_update;
  s->message_add = message_add;
  s->message_get = message_get;
  s->messages_list = messages_list;
}
