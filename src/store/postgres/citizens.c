/* PostgreSQL: citizens, their identities, merging two records of one person, and
 * the timeline of everything that happened on their tickets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

/* Lives in tickets.c: reads the 12 message columns of MESSAGE_FIELDS below,
 * starting at col, into m (which then owns its strings). */
extern void vt_pg_read_message(const PGresult *r, int row, int col, struct vt_message *m);

/* Every statement that sees citizens takes $1 = scope->all and $2 = the
 * scope's tenants; the casts type them where they only meet OR and ANY. */

/* A citizen is visible to a caller who may see one of the person's tickets
 * in their administrations, or who serves the administration where the
 * record began, unless the person has a ticket there the caller may not see
 * (see the SQLite twin); a, b, c number vt_pg_conf_params' parameters. */
#define CITIZEN_VISIBLE(a, b, c)                                                                   \
  " ($1::boolean OR EXISTS (SELECT 1 FROM tickets t WHERE t.citizen_id = c.id"                     \
  " AND t.tenant_id = ANY($2::bigint[]) AND" VT_PG_CONF_VISIBLE(                                   \
      "t", a, b,                                                                                   \
      c) ")"                                                                                       \
         " OR (c.origin_tenant_id = ANY($2::bigint[]) AND NOT EXISTS (SELECT 1 FROM tickets t"     \
         " WHERE t.citizen_id = c.id AND t.tenant_id = ANY($2::bigint[]) AND "                     \
         "NOT" VT_PG_CONF_VISIBLE("t", a, b, c) ")))"
/* The ticket count leaves out confidential tickets the caller may not see:
 * a, b, c are the statement's numbers of vt_pg_conf_params' parameters. */
#define CITIZEN_COLS(a, b, c)                                                                      \
  "c.id, c.name, c.lang, c.created_at, c.merged_into, (SELECT count(*) FROM tickets t WHERE"       \
  " t.citizen_id = c.id AND ($1::boolean OR t.tenant_id = ANY($2::bigint[])) "                     \
  "AND" VT_PG_CONF_VISIBLE("t", a, b, c) ")"

/* The message of an event (m) with its author (u: users, c: citizens), in
 * the order vt_pg_read_message reads them. */
#define MESSAGE_FIELDS                                                                             \
  "m.id, m.ticket_id, m.direction, m.channel, m.author_user_id, m.author_citizen_id,"              \
  " coalesce(u.name, c.name), m.body, m.internal, m.channel_message_id, m.created_at,"             \
  " (SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename,"               \
  " 'content_type', a.content_type, 'size', a.size) ORDER BY a.id), '[]'::json)::text"             \
  " FROM attachments a WHERE a.message_id = m.id)"

static void read_citizen(const PGresult *r, int row, struct vt_citizen *c) {
  memset(c, 0, sizeof *c);
  c->id = vt_pg_int64(r, row, 0);
  c->name = vt_pg_dup(r, row, 1);
  vt_pg_copy(r, row, 2, c->lang, sizeof c->lang);
  c->created_at = vt_pg_int64(r, row, 3);
  c->merged_into = vt_pg_int64(r, row, 4);
  c->ticket_count = (long)vt_pg_int64(r, row, 5);
}

static void read_identity(const PGresult *r, int row, struct vt_identity *i) {
  memset(i, 0, sizeof *i);
  int k = PQgetisnull(r, row, 1) ? -1 : vt_identity_kind_parse(PQgetvalue(r, row, 1));
  i->kind = k < 0 ? VT_ID_EMAIL : (enum vt_identity_kind)k;
  vt_pg_copy(r, row, 2, i->value, sizeof i->value);
  i->verified = vt_pg_bool_at(r, row, 3);
}

/* The failure of a read: SOFT and HARD pass through; NONE (a constraint,
 * which a SELECT cannot break) would be a bug. */
static enum vt_qs read_failed(enum vt_qs qs) { return qs < 0 ? qs : VT_QS_HARD; }

/* Fills the identities of n citizens in one round trip. On failure the
 * citizens keep what they had (no identities); the caller releases them. */
static enum vt_qs load_identities(struct vt_pg_conn *c, struct vt_citizen *cz, size_t n) {
  if (!n)
    return VT_QS_ONE;
  size_t cap = 3 + n * 21;
  char *ids = malloc(cap);
  if (!ids)
    abort();
  size_t len = 0;
  ids[len++] = '{';
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(ids + len, cap - len, "%s%lld", i ? "," : "", (long long)cz[i].id);
  ids[len++] = '}';
  ids[len] = '\0';
  struct vt_pg_params p = {0};
  vt_pg_text(&p, ids);
  enum vt_qs qs;
  /* COLLATE "C": kinds in byte order, as SQLite sorts them, whatever the
   * database's collation. */
  PGresult *r = vt_pg_exec(c,
                           "SELECT citizen_id, kind, value, verified FROM citizen_identities"
                           " WHERE citizen_id = ANY($1::bigint[])"
                           " ORDER BY citizen_id, kind COLLATE \"C\", id",
                           &p, &qs);
  free(ids);
  if (qs != VT_QS_ONE) {
    PQclear(r);
    return read_failed(qs);
  }
  int rows = PQntuples(r);
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    for (int row = 0; row < rows; row++)
      if (vt_pg_int64(r, row, 0) == cz[i].id)
        k++;
    if (!k)
      continue;
    cz[i].identities = calloc(k, sizeof *cz[i].identities);
    if (!cz[i].identities)
      abort();
    for (int row = 0; row < rows; row++)
      if (vt_pg_int64(r, row, 0) == cz[i].id)
        read_identity(r, row, &cz[i].identities[cz[i].n_identities++]);
  }
  PQclear(r);
  return VT_QS_ONE;
}

/* Reads every row of a citizens query, then their identities. */
static enum vt_qs read_citizens(struct vt_pg_conn *c, PGresult *r, struct vt_citizen **items,
                                size_t *n) {
  size_t rows = (size_t)PQntuples(r);
  if (!rows)
    return VT_QS_ONE;
  *items = calloc(rows, sizeof **items);
  if (!*items)
    abort();
  for (size_t i = 0; i < rows; i++)
    read_citizen(r, (int)i, &(*items)[i]);
  *n = rows;
  return load_identities(c, *items, rows);
}

static enum vt_qs citizens_search(struct vt_store *s, const struct vt_scope *scope, const char *q,
                                  const struct vt_identity *exact, int limit,
                                  struct vt_citizen **items, size_t *n) {
  *items = NULL;
  *n = 0;
  char *tsq = NULL;
  if (!exact) {
    tsq = q ? vt_pg_tsquery(q) : NULL;
    if (!tsq)
      return VT_QS_ONE; /* no words: nothing can match */
  }
  struct vt_pg *pg = vt_pg(s);
  struct vt_pg_conn *c = vt_pg_acquire(pg);
  if (!c) {
    free(tsq);
    return VT_QS_SOFT;
  }
  char *sc = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, sc);
  const char *sql;
  if (exact) {
    /* Merged records too: an identity always leads to a record, and the
     * caller follows merged_into to the one that survives. */
    /* One line per clause of the statement. */
    /* clang-format off */
    sql = "SELECT " CITIZEN_COLS("$6", "$7", "$8") " FROM citizen_identities ci"
          " JOIN citizens c ON c.id = ci.citizen_id WHERE ci.kind = $3 AND ci.value = $4"
          " AND" CITIZEN_VISIBLE("$6", "$7", "$8") " LIMIT $5::bigint";
    /* clang-format on */
    vt_pg_text(&p, vt_identity_kind_name(exact->kind));
    vt_pg_text(&p, exact->value);
  } else {
    /* citizens.search is a generated column: always current, so there is
     * no queue to catch up with as on SQLite. */
    /* One line per clause of the statement. */
    /* clang-format off */
    sql = "SELECT " CITIZEN_COLS("$5", "$6", "$7") " FROM citizens c"
          " WHERE c.search @@ to_tsquery('vt_names', $3) AND c.merged_into IS NULL"
          " AND" CITIZEN_VISIBLE("$5", "$6", "$7")
          " ORDER BY ts_rank(c.search, to_tsquery('vt_names', $3)) DESC, c.id LIMIT $4::bigint";
    /* clang-format on */
    vt_pg_text(&p, tsq);
  }
  if (limit < 0)
    vt_pg_text(&p, NULL); /* SQLite's LIMIT -1: no limit */
  else
    vt_pg_int(&p, limit);
  char *depts = vt_pg_conf_params(&p, scope);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, &p, &qs);
  free(sc);
  free(tsq);
  free(depts);
  if (qs == VT_QS_ONE)
    qs = read_citizens(c, r, items, n);
  else
    qs = read_failed(qs);
  PQclear(r);
  vt_pg_release(pg, c);
  if (qs != VT_QS_ONE) {
    /* The caller releases nothing after a failure. */
    VT_RELEASE_ARRAY(*items, *n, vt_citizen_release);
    *items = NULL;
    *n = 0;
  }
  return qs;
}

static enum vt_qs citizen_get(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                              struct vt_citizen *out) {
  struct vt_pg *pg = vt_pg(s);
  struct vt_pg_conn *c = vt_pg_acquire(pg);
  if (!c)
    return VT_QS_SOFT;
  char *sc = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, sc);
  vt_pg_int(&p, id);
  char *depts = vt_pg_conf_params(&p, scope);
  enum vt_qs qs;
  /* One line per clause of the statement. */
  /* clang-format off */
  static const char *const sql =
      "SELECT " CITIZEN_COLS("$4", "$5", "$6") " FROM citizens c"
      " WHERE c.id = $3 AND" CITIZEN_VISIBLE("$4", "$5", "$6");
  /* clang-format on */
  PGresult *r = vt_pg_exec(c, sql, &p, &qs);
  free(sc);
  free(depts);
  if (qs != VT_QS_ONE) {
    qs = read_failed(qs);
  } else if (!PQntuples(r)) {
    qs = VT_QS_NONE;
  } else {
    read_citizen(r, 0, out);
    if ((qs = load_identities(c, out, 1)) != VT_QS_ONE)
      vt_citizen_release(out);
  }
  PQclear(r);
  vt_pg_release(pg, c);
  return qs;
}

struct merge_job {
  vt_id keep, other, actor;
  int64_t now;
};

/* A failed write: the transaction is aborted, so stop here. SOFT is kept for
 * the runner to retry; a constraint saying no to these moves is a bug. */
static enum vt_qs write_failed(enum vt_qs qs) { return qs < 0 ? qs : VT_QS_HARD; }

static enum vt_qs merge_tx(struct vt_pg_conn *c, void *arg) {
  const struct merge_job *m = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, m->keep);
  vt_pg_int(&p, m->other);
  enum vt_qs qs;
  /* Both rows locked, lower id first, before anything is read or written:
   * two merges of the same records queue up instead of interleaving, and
   * READ COMMITTED rechecks each row as the merge before us left it.
   * Only live rows are locked: a merge bound to answer NONE must not hold a
   * merged row that a running merge has to re-point (a deadlock the server
   * log showed under concurrent merges). NO KEY UPDATE still excludes other
   * merges but lets the foreign-key checks of concurrent ticket and message
   * inserts through, which FOR UPDATE would make wait while we wait for
   * their ticket rows: another deadlock. */
  PGresult *r = vt_pg_exec(c,
                           "SELECT id FROM citizens WHERE id IN ($1, $2) AND merged_into IS NULL"
                           " ORDER BY id FOR NO KEY UPDATE",
                           &p, &qs);
  if (qs != VT_QS_ONE) {
    PQclear(r);
    return write_failed(qs);
  }
  /* Both must exist and be live records; anything else changes nothing. */
  bool live = PQntuples(r) == 2;
  PQclear(r);
  if (!live)
    return VT_QS_NONE;
  static const char *const steps[] = {
      /* The surviving record takes the other's name if it had none. */
      "UPDATE citizens SET name = (SELECT o.name FROM citizens o WHERE o.id = $2)"
      " WHERE id = $1 AND name = ''",
      "UPDATE citizen_identities SET citizen_id = $1 WHERE citizen_id = $2",
      "UPDATE tickets SET citizen_id = $1 WHERE citizen_id = $2",
      "UPDATE messages SET author_citizen_id = $1 WHERE author_citizen_id = $2",
      /* Records merged into the other earlier now point at the survivor
       * too, so following merged_into is always one hop. */
      "UPDATE citizens SET merged_into = $1 WHERE merged_into = $2 OR id = $2",
  };
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
    if ((qs = vt_pg_run(c, steps[i], &p)) != VT_QS_ONE)
      return write_failed(qs);
  char data[64];
  snprintf(data, sizeof data, "{\"merged_id\":%lld}", (long long)m->other);
  return vt_pg_event(c, 0, m->now, "user", m->actor, "citizen_merged", "citizen", m->keep, 0,
                     m->keep, 0, data);
}

static enum vt_qs citizen_merge(struct vt_store *s, vt_id keep_id, vt_id other_id,
                                vt_id actor_user_id, int64_t now) {
  if (keep_id == other_id)
    return VT_QS_NONE; /* one record cannot absorb itself */
  struct merge_job m = {keep_id, other_id, actor_user_id, now};
  return vt_pg_tx(vt_pg(s), merge_tx, &m);
}

static void read_timeline_item(const PGresult *r, int row, struct vt_timeline_item *it) {
  memset(it, 0, sizeof *it);
  it->event_id = vt_pg_int64(r, row, 0);
  it->at = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, it->action, sizeof it->action);
  it->ticket_id = vt_pg_int64(r, row, 3);
  vt_pg_copy(r, row, 4, it->reference, sizeof it->reference);
  vt_pg_copy(r, row, 5, it->tenant_code, sizeof it->tenant_code);
  it->data_json = vt_pg_dup(r, row, 6);
  it->message_id = vt_pg_int64(r, row, 7);
  if (it->message_id)
    vt_pg_read_message(r, row, 8, &it->m);
}

static enum vt_qs citizen_timeline(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                                   vt_id before_event, int limit, struct vt_timeline_item **items,
                                   size_t *n) {
  *items = NULL;
  *n = 0;
  struct vt_pg *pg = vt_pg(s);
  struct vt_pg_conn *c = vt_pg_acquire(pg);
  if (!c)
    return VT_QS_SOFT;
  char *sc = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, sc);
  vt_pg_int(&p, id);
  vt_pg_int(&p, before_event);
  if (limit < 0)
    vt_pg_text(&p, NULL); /* SQLite's LIMIT -1: no limit */
  else
    vt_pg_int(&p, limit);
  char *depts = vt_pg_conf_params(&p, scope);
  enum vt_qs qs;
  /* Driven by the person's tickets (few), so merged records' history comes
   * along, and filtered by the caller's administrations. The ticket's tenant
   * is tn: c is the message author's citizen row. */
  PGresult *r = vt_pg_exec(
      c,
      "SELECT e.id, e.at, e.action, e.ticket_id, t.reference, tn.code, e.data::text, "
      "e.message_id, " MESSAGE_FIELDS " FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id"
      " JOIN events e ON e.ticket_id = t.id"
      " LEFT JOIN messages m ON m.id = e.message_id LEFT JOIN users u ON u.id = m.author_user_id"
      " LEFT JOIN citizens c ON c.id = m.author_citizen_id"
      " WHERE t.citizen_id = $3 AND ($1::boolean OR t.tenant_id = ANY($2::bigint[])) "
      "AND" VT_PG_CONF_VISIBLE(
          "t", "$6", "$7",
          "$8") " AND e.action <> 'chat_typing'" /* a live signal, not history */
                " AND ($4::bigint = 0 OR e.id < $4) ORDER BY e.id DESC LIMIT $5::bigint",
      &p, &qs);
  free(sc);
  free(depts);
  if (qs == VT_QS_ONE) {
    size_t rows = (size_t)PQntuples(r);
    if (rows) {
      *items = calloc(rows, sizeof **items);
      if (!*items)
        abort();
      for (size_t i = 0; i < rows; i++)
        read_timeline_item(r, (int)i, &(*items)[i]);
      *n = rows;
    }
  } else {
    qs = read_failed(qs);
  }
  PQclear(r);
  vt_pg_release(pg, c);
  return qs;
}

void vt_pg_init_citizens(struct vt_store *s) {
  s->citizens_search = citizens_search;
  s->citizen_get = citizen_get;
  s->citizen_merge = citizen_merge;
  s->citizen_timeline = citizen_timeline;
}
