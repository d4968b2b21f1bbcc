/* SQLite: announcements, their social posts, and automatic answers. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

#define ANN_COLS                                                                                   \
  "a.id, a.tenant_id, t.code, a.title, a.body, a.keywords, a.starts_at, a.ends_at, a.on_portal,"   \
  " a.on_networks, a.auto_answer, a.created_by, a.created_at"                                      \
  " FROM announcements a JOIN tenants t ON t.id = a.tenant_id"

static void ann_fn(sqlite3_stmt *st, void *out) {
  struct vt_announcement *a = out;
  memset(a, 0, sizeof *a);
  a->id = sqlite3_column_int64(st, 0);
  a->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, a->tenant_code, sizeof a->tenant_code);
  a->title = vt_sq_col_dup(st, 3);
  a->body = vt_sq_col_dup(st, 4);
  a->keywords = vt_sq_col_dup(st, 5);
  a->starts_at = sqlite3_column_int64(st, 6);
  a->ends_at = sqlite3_column_int64(st, 7);
  a->on_portal = sqlite3_column_int(st, 8) != 0;
  a->on_networks = sqlite3_column_int(st, 9) != 0;
  a->auto_answer = sqlite3_column_int(st, 10) != 0;
  a->created_by = sqlite3_column_int64(st, 11);
  a->created_at = sqlite3_column_int64(st, 12);
}

struct create_job {
  const struct vt_announcement *in;
  vt_id id;
};

static enum vt_qs create_job(struct vt_sq_conn *c, void *arg) {
  struct create_job *j = arg;
  const struct vt_announcement *in = j->in;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO announcements(tenant_id, title, body, keywords, starts_at, ends_at,"
         " on_portal, on_networks, auto_answer, created_by, created_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->tenant_id);
  vt_sq_text(st, 2, in->title);
  vt_sq_text(st, 3, in->body);
  vt_sq_text(st, 4, in->keywords ? in->keywords : "");
  vt_sq_int(st, 5, in->starts_at);
  vt_sq_int(st, 6, in->ends_at);
  vt_sq_int(st, 7, in->on_portal);
  vt_sq_int(st, 8, in->on_networks);
  vt_sq_int(st, 9, in->auto_answer);
  vt_sq_id(st, 10, in->created_by);
  vt_sq_int(st, 11, in->created_at);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    j->id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return vt_sq_rc(c, rc) < 0 ? vt_sq_rc(c, rc) : VT_QS_HARD;
  if (!in->on_networks)
    return VT_QS_ONE;
  st = vt_sq_prepare(c,
                     "INSERT INTO announcement_posts(announcement_id, account_id, next_attempt_at)"
                     " SELECT ?1, id, ?2 FROM channel_accounts WHERE tenant_id = ?3 AND active"
                     " AND network IN ('x', 'facebook')");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_int(st, 2, in->starts_at > in->created_at ? in->starts_at : in->created_at);
  vt_sq_int(st, 3, in->tenant_id);
  enum vt_qs qs = vt_sq_exec(c, st);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs announcement_create(struct vt_store *s, const struct vt_announcement *in,
                                      vt_id *id) {
  struct create_job j = {in, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), create_job, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs announcements_list(struct vt_store *s, const struct vt_scope *scope,
                                     vt_id tenant_id, int64_t active_at,
                                     struct vt_announcement **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " ANN_COLS " WHERE (?1 OR a.tenant_id IN (SELECT value FROM json_each(?2)))"
         " AND (?3 = 0 OR a.tenant_id = ?3) AND (?4 = 0 OR (a.starts_at <= ?4 AND a.ends_at > ?4))"
         " ORDER BY a.starts_at DESC, a.id DESC LIMIT 200");
  if (st) {
    sqlite3_bind_int(st, 1, scope->all);
    vt_sq_bind_scope(st, 2, scope);
    vt_sq_int(st, 3, tenant_id);
    vt_sq_int(st, 4, active_at);
  }
  return vt_sq_many_rows(c, st, sizeof **items, ann_fn, (void **)items, n);
}

static enum vt_qs announcement_get(struct vt_store *s, vt_id id, struct vt_announcement *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " ANN_COLS " WHERE a.id = ?1");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, ann_fn, out);
}

struct id_time {
  vt_id id, other;
  int64_t now;
};

static enum vt_qs end_job(struct vt_sq_conn *c, void *arg) {
  struct id_time *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "UPDATE announcements SET ends_at = min(ends_at, ?2)"
                                      " WHERE id = ?1 RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_int(st, 2, j->now);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : rc == SQLITE_DONE ? VT_QS_NONE : vt_sq_rc(c, rc);
}

static enum vt_qs announcement_end(struct vt_store *s, vt_id id, int64_t now) {
  struct id_time j = {id, 0, now};
  return vt_sq_write(vt_sq(s), end_job, &j);
}

static enum vt_qs answer_job(struct vt_sq_conn *c, void *arg) {
  struct id_time *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "INSERT INTO announcement_answers(ticket_id, announcement_id)"
                                      " VALUES (?1, ?2) ON CONFLICT(ticket_id) DO NOTHING");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_int(st, 2, j->other);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return vt_sq_rc(c, rc);
  return sqlite3_changes(c->db) ? VT_QS_ONE : VT_QS_NONE;
}

static enum vt_qs announcement_answer_once(struct vt_store *s, vt_id ticket_id, vt_id ann_id) {
  struct id_time j = {ticket_id, ann_id, 0};
  return vt_sq_write(vt_sq(s), answer_job, &j);
}

static void post_fn(sqlite3_stmt *st, void *out) {
  struct vt_announcement_post *p = out;
  memset(p, 0, sizeof *p);
  p->id = sqlite3_column_int64(st, 0);
  p->announcement_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, p->network, sizeof p->network);
  vt_sq_col_copy(st, 3, p->account_id, sizeof p->account_id);
  p->attempts = sqlite3_column_int(st, 4);
}

struct claim_job {
  int64_t now, until;
  int limit;
  struct vt_announcement_post *items;
  size_t n;
};

static enum vt_qs claim_job(struct vt_sq_conn *c, void *arg) {
  struct claim_job *j = arg;
  free(j->items);
  j->items = NULL;
  j->n = 0;
  sqlite3_stmt *st = vt_sq_prepare(
      c,
      "UPDATE announcement_posts SET claimed_until = ?2, attempts = attempts + 1 WHERE id IN"
      " (SELECT id FROM announcement_posts WHERE status = 'pending' AND next_attempt_at <= ?1"
      " AND claimed_until < ?1 LIMIT ?3) RETURNING id, announcement_id,"
      " (SELECT ca.network FROM channel_accounts ca WHERE ca.id = announcement_posts.account_id),"
      " (SELECT account_id FROM channel_accounts ca WHERE ca.id = announcement_posts.account_id),"
      " attempts");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->now);
  vt_sq_int(st, 2, j->until);
  vt_sq_int(st, 3, j->limit);
  return vt_sq_many_rows(c, st, sizeof *j->items, post_fn, (void **)&j->items, &j->n);
}

static enum vt_qs announcement_posts_claim(struct vt_store *s, int64_t now, int64_t until,
                                           int limit, struct vt_announcement_post **items,
                                           size_t *n) {
  struct claim_job j = {now, until, limit, NULL, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), claim_job, &j);
  if (qs < 0) {
    free(j.items);
    return qs;
  }
  *items = j.items;
  *n = j.n;
  return j.n ? VT_QS_ONE : VT_QS_NONE;
}

struct result_job {
  vt_id id;
  const char *status, *error, *remote;
  int64_t next_at;
};

static enum vt_qs result_job(struct vt_sq_conn *c, void *arg) {
  struct result_job *j = arg;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "UPDATE announcement_posts SET status = ?2, last_error = ?3, remote_id = ?4,"
                       " next_attempt_at = ?5, claimed_until = 0 WHERE id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_text(st, 2, !strcmp(j->status, "retry") ? "pending" : j->status);
  vt_sq_text(st, 3, j->error);
  vt_sq_text(st, 4, j->remote);
  vt_sq_int(st, 5, j->next_at);
  return vt_sq_exec(c, st);
}

static enum vt_qs announcement_post_result(struct vt_store *s, vt_id id, const char *status,
                                           const char *error, const char *remote_id,
                                           int64_t next_at) {
  struct result_job j = {id, status, error, remote_id, next_at};
  return vt_sq_write(vt_sq(s), result_job, &j);
}

void vt_sq_init_announcements(struct vt_store *s) {
  s->announcement_create = announcement_create;
  s->announcements_list = announcements_list;
  s->announcement_get = announcement_get;
  s->announcement_end = announcement_end;
  s->announcement_answer_once = announcement_answer_once;
  s->announcement_posts_claim = announcement_posts_claim;
  s->announcement_post_result = announcement_post_result;
}
