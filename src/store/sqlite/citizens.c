/* SQLite: citizens, their identities, merging two records of one person, and
 * the timeline of everything that happened on their tickets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

/* A citizen is visible to a caller who may see one of the person's tickets
 * in their administrations, or who serves the administration where the
 * record began, unless the person has a ticket there the caller may not see
 * (a confidential case: its victim's record, name and contacts, would say
 * that it exists). */
#define CITIZEN_VISIBLE                                                                            \
  " (?1 OR EXISTS (SELECT 1 FROM tickets t WHERE t.citizen_id = c.id"                              \
  " AND t.tenant_id IN (SELECT value FROM json_each(?2)) AND" VT_SQ_CONF_VISIBLE(                  \
      "t") ")"                                                                                     \
           " OR (c.origin_tenant_id IN (SELECT value FROM json_each(?2)) AND NOT EXISTS (SELECT "  \
           "1 FROM"                                                                                \
           " tickets t WHERE t.citizen_id = c.id AND t.tenant_id IN (SELECT value FROM "           \
           "json_each(?2))"                                                                        \
           " AND NOT" VT_SQ_CONF_VISIBLE("t") ")))"
#define CITIZEN_COLS                                                                               \
  "c.id, c.name, c.lang, c.created_at, c.merged_into, (SELECT count(*) FROM tickets t WHERE"       \
  " t.citizen_id = c.id AND (?1 OR t.tenant_id IN (SELECT value FROM json_each(?2))) "             \
  "AND" VT_SQ_CONF_VISIBLE("t") ")"

static void citizen_fn(sqlite3_stmt *st, void *out) {
  struct vt_citizen *c = out;
  memset(c, 0, sizeof *c);
  c->id = sqlite3_column_int64(st, 0);
  c->name = vt_sq_col_dup(st, 1);
  vt_sq_col_copy(st, 2, c->lang, sizeof c->lang);
  c->created_at = sqlite3_column_int64(st, 3);
  c->merged_into = sqlite3_column_int64(st, 4);
  c->ticket_count = (long)sqlite3_column_int64(st, 5);
}

static void identity_fn(sqlite3_stmt *st, void *out) {
  struct vt_identity *i = out;
  memset(i, 0, sizeof *i);
  int k = vt_identity_kind_parse((const char *)sqlite3_column_text(st, 0));
  i->kind = k < 0 ? VT_ID_EMAIL : (enum vt_identity_kind)k;
  vt_sq_col_copy(st, 1, i->value, sizeof i->value);
  i->verified = sqlite3_column_int(st, 2) != 0;
}

static enum vt_qs load_identities(struct vt_sq_conn *c, struct vt_citizen *cz) {
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT kind, value, verified FROM citizen_identities WHERE "
                                      "citizen_id = ? ORDER BY kind, id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, cz->id);
  return vt_sq_many_rows(c, st, sizeof *cz->identities, identity_fn, (void **)&cz->identities,
                         &cz->n_identities);
}

static void bind_scope2(sqlite3_stmt *st, const struct vt_scope *scope) {
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_bind_conf(st, scope);
}

static enum vt_qs citizens_search(struct vt_store *s, const struct vt_scope *scope, const char *q,
                                  const struct vt_identity *exact, int limit,
                                  struct vt_citizen **items, size_t *n) {
  *items = NULL;
  *n = 0;
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st;
  char *fq = NULL;
  if (exact) {
    st = vt_sq_prepare(c, "SELECT " CITIZEN_COLS " FROM citizen_identities ci"
                          " JOIN citizens c ON c.id = ci.citizen_id"
                          " WHERE ci.kind = ?3 AND ci.value = ?4 AND" CITIZEN_VISIBLE " LIMIT ?5");
    if (!st)
      return VT_QS_HARD;
    vt_sq_text(st, 3, vt_identity_kind_name(exact->kind));
    vt_sq_text(st, 4, exact->value);
  } else {
    fq = q ? vt_sq_fts_query(q) : NULL;
    if (!fq)
      return VT_QS_ONE;
    enum vt_qs iq = vt_sq_search_catch_up(vt_sq(s), c);
    if (iq < 0) {
      free(fq);
      return iq;
    }
    st = vt_sq_prepare(
        c, "SELECT " CITIZEN_COLS " FROM citizens_fts f JOIN citizens c ON c.id = f.rowid"
           " WHERE citizens_fts MATCH ?3 AND c.merged_into IS NULL AND" CITIZEN_VISIBLE
           " ORDER BY f.rank LIMIT ?5");
    if (!st) {
      free(fq);
      return VT_QS_HARD;
    }
    vt_sq_text(st, 3, fq);
    free(fq);
  }
  bind_scope2(st, scope);
  vt_sq_int(st, 5, limit);
  enum vt_qs qs = vt_sq_many_rows(c, st, sizeof **items, citizen_fn, (void **)items, n);
  for (size_t i = 0; qs == VT_QS_ONE && i < *n; i++)
    qs = load_identities(c, &(*items)[i]);
  if (qs != VT_QS_ONE) {
    VT_RELEASE_ARRAY(*items, *n, vt_citizen_release);
    *items = NULL;
    *n = 0;
  }
  return qs;
}

static enum vt_qs citizen_get(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                              struct vt_citizen *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " CITIZEN_COLS
                                      " FROM citizens c WHERE c.id = ?3 AND" CITIZEN_VISIBLE);
  if (!st)
    return VT_QS_HARD;
  bind_scope2(st, scope);
  vt_sq_int(st, 3, id);
  enum vt_qs qs = vt_sq_one_row(c, st, citizen_fn, out);
  if (qs == VT_QS_ONE && (qs = load_identities(c, out)) != VT_QS_ONE)
    vt_citizen_release(out);
  return qs;
}

struct merge_job {
  vt_id keep, other, actor;
  int64_t now;
};

static enum vt_qs merge_job(struct vt_sq_conn *c, void *arg) {
  struct merge_job *m = arg;
  /* Both must be live records; the surviving one takes the other's name if
   * it had none. */
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE citizens SET name = CASE WHEN name = '' THEN (SELECT name FROM citizens WHERE id "
         "= ?2)"
         " ELSE name END WHERE id = ?1 AND ?1 <> ?2 AND merged_into IS NULL"
         " AND EXISTS (SELECT 1 FROM citizens WHERE id = ?2 AND merged_into IS NULL) RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, m->keep);
  vt_sq_int(st, 2, m->other);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc == SQLITE_DONE)
    return VT_QS_NONE;
  if (rc != SQLITE_ROW)
    return vt_sq_rc(c, rc);
  static const char *const moves[] = {
      "UPDATE citizen_identities SET citizen_id = ?1 WHERE citizen_id = ?2",
      "UPDATE tickets SET citizen_id = ?1 WHERE citizen_id = ?2",
      "UPDATE messages SET author_citizen_id = ?1 WHERE author_citizen_id = ?2",
      "UPDATE citizens SET merged_into = ?1 WHERE merged_into = ?2 OR id = ?2",
  };
  for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
    st = vt_sq_prepare(c, moves[i]);
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, m->keep);
    vt_sq_int(st, 2, m->other);
    if (vt_sq_exec(c, st) != VT_QS_ONE)
      return VT_QS_HARD;
  }
  if (vt_sq_search_enqueue(c, "citizen", m->keep) != VT_QS_ONE)
    return VT_QS_HARD;
  char data[64];
  snprintf(data, sizeof data, "{\"merged_id\":%lld}", (long long)m->other);
  return vt_sq_event(c, 0, m->now, "user", m->actor, "citizen_merged", "citizen", m->keep, 0,
                     m->keep, 0, data);
}

static enum vt_qs citizen_merge(struct vt_store *s, vt_id keep_id, vt_id other_id,
                                vt_id actor_user_id, int64_t now) {
  struct merge_job m = {keep_id, other_id, actor_user_id, now};
  return vt_sq_write(vt_sq(s), merge_job, &m);
}

static void timeline_fn(sqlite3_stmt *st, void *out) {
  struct vt_timeline_item *it = out;
  memset(it, 0, sizeof *it);
  it->event_id = sqlite3_column_int64(st, 0);
  it->at = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, it->action, sizeof it->action);
  it->ticket_id = sqlite3_column_int64(st, 3);
  vt_sq_col_copy(st, 4, it->reference, sizeof it->reference);
  vt_sq_col_copy(st, 5, it->tenant_code, sizeof it->tenant_code);
  it->data_json = vt_sq_col_dup(st, 6);
  it->message_id = sqlite3_column_int64(st, 7);
  if (it->message_id)
    vt_sq_read_message(st, 8, &it->m);
}

static enum vt_qs citizen_timeline(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                                   vt_id before_event, int limit, struct vt_timeline_item **items,
                                   size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  /* Driven by the person's tickets (few), so merged records' history comes
   * along, and filtered by the caller's administrations. */
  sqlite3_stmt *st = vt_sq_prepare(
      c,
      "SELECT e.id, e.at, e.action, e.ticket_id, t.reference, tn.code, e.data, "
      "e.message_id, " VT_SQ_MESSAGE_FIELDS " FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id"
      " JOIN events e ON e.ticket_id = t.id"
      " LEFT JOIN messages m ON m.id = e.message_id LEFT JOIN users u ON u.id = m.author_user_id"
      " LEFT JOIN citizens c ON c.id = m.author_citizen_id"
      " WHERE t.citizen_id = ?3 AND (?1 OR t.tenant_id IN (SELECT value FROM json_each(?2)))"
      " AND" VT_SQ_CONF_VISIBLE("t") " AND e.action <> 'chat_typing'" /* a live signal */
                                     " AND (?4 = 0 OR e.id < ?4) ORDER BY e.id DESC LIMIT ?5");
  if (!st)
    return VT_QS_HARD;
  bind_scope2(st, scope);
  vt_sq_int(st, 3, id);
  vt_sq_int(st, 4, before_event);
  vt_sq_int(st, 5, limit);
  return vt_sq_many_rows(c, st, sizeof **items, timeline_fn, (void **)items, n);
}

void vt_sq_init_citizens(struct vt_store *s) {
  s->citizens_search = citizens_search;
  s->citizen_get = citizen_get;
  s->citizen_merge = citizen_merge;
  s->citizen_timeline = citizen_timeline;
}
