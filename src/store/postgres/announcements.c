/* PostgreSQL: announcements, their social posts, and automatic answers (the
 * port of sqlite/announcements.c). */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

#define ANN_COLS                                                                                   \
  "a.id, a.tenant_id, t.code, a.title, a.body, a.keywords, a.starts_at, a.ends_at, a.on_portal,"   \
  " a.on_networks, a.auto_answer, a.created_by, a.created_at"                                      \
  " FROM announcements a JOIN tenants t ON t.id = a.tenant_id"

static void ann_fn(const PGresult *r, int row, void *out) {
  struct vt_announcement *a = out;
  memset(a, 0, sizeof *a);
  a->id = vt_pg_int64(r, row, 0);
  a->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, a->tenant_code, sizeof a->tenant_code);
  a->title = vt_pg_dup(r, row, 3);
  a->body = vt_pg_dup(r, row, 4);
  a->keywords = vt_pg_dup(r, row, 5);
  a->starts_at = vt_pg_int64(r, row, 6);
  a->ends_at = vt_pg_int64(r, row, 7);
  a->on_portal = vt_pg_bool_at(r, row, 8);
  a->on_networks = vt_pg_bool_at(r, row, 9);
  a->auto_answer = vt_pg_bool_at(r, row, 10);
  a->created_by = vt_pg_int64(r, row, 11);
  a->created_at = vt_pg_int64(r, row, 12);
}

static void id_fn(const PGresult *r, int row, void *out) { *(vt_id *)out = vt_pg_int64(r, row, 0); }

struct create_arg {
  const struct vt_announcement *in;
  vt_id id;
};

static enum vt_qs create_tx(struct vt_pg_conn *c, void *arg) {
  struct create_arg *a = arg;
  const struct vt_announcement *in = a->in;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->tenant_id);
  vt_pg_text(&p, in->title);
  vt_pg_text(&p, in->body);
  vt_pg_text(&p, in->keywords ? in->keywords : "");
  vt_pg_int(&p, in->starts_at);
  vt_pg_int(&p, in->ends_at);
  vt_pg_bool(&p, in->on_portal);
  vt_pg_bool(&p, in->on_networks);
  vt_pg_bool(&p, in->auto_answer);
  vt_pg_id(&p, in->created_by);
  vt_pg_int(&p, in->created_at);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c,
                           "INSERT INTO announcements(tenant_id, title, body, keywords, starts_at,"
                           " ends_at, on_portal, on_networks, auto_answer, created_by, created_at)"
                           " VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::bigint,"
                           " $6::bigint, $7::boolean, $8::boolean, $9::boolean, $10::bigint,"
                           " $11::bigint) RETURNING id",
                           &p, &qs);
  if (qs == VT_QS_ONE && PQntuples(r) == 1)
    a->id = vt_pg_int64(r, 0, 0);
  PQclear(r);
  if (qs != VT_QS_ONE || !in->on_networks)
    return qs == VT_QS_NONE ? VT_QS_HARD : qs;
  struct vt_pg_params q = {0};
  vt_pg_int(&q, a->id);
  vt_pg_int(&q, in->starts_at > in->created_at ? in->starts_at : in->created_at);
  vt_pg_int(&q, in->tenant_id);
  return vt_pg_must_run(
      c,
      "INSERT INTO announcement_posts(announcement_id, account_id, next_attempt_at)"
      " SELECT $1::bigint, id, $2::bigint FROM channel_accounts"
      " WHERE tenant_id = $3::bigint AND active AND network IN ('x', 'facebook')",
      &q);
}

static enum vt_qs announcement_create(struct vt_store *s, const struct vt_announcement *in,
                                      vt_id *id) {
  struct create_arg a = {in, 0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), create_tx, &a);
  if (id)
    *id = a.id;
  return qs;
}

static enum vt_qs announcements_list(struct vt_store *s, const struct vt_scope *scope,
                                     vt_id tenant_id, int64_t active_at,
                                     struct vt_announcement **items, size_t *n) {
  char *tenants = scope->all ? NULL : vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants ? tenants : "{}");
  vt_pg_int(&p, tenant_id);
  vt_pg_int(&p, active_at);
  enum vt_qs qs =
      vt_pg_read_many(s,
                      "SELECT " ANN_COLS " WHERE ($1::boolean OR a.tenant_id = ANY($2::bigint[]))"
                      " AND ($3::bigint = 0 OR a.tenant_id = $3::bigint) AND ($4::bigint = 0 OR"
                      " (a.starts_at <= $4::bigint AND a.ends_at > $4::bigint))"
                      " ORDER BY a.starts_at DESC, a.id DESC LIMIT 200",
                      &p, sizeof **items, ann_fn, (void **)items, n);
  free(tenants);
  return qs;
}

static enum vt_qs announcement_get(struct vt_store *s, vt_id id, struct vt_announcement *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " ANN_COLS " WHERE a.id = $1::bigint", &p, ann_fn, out);
}

static enum vt_qs announcement_end(struct vt_store *s, vt_id id, int64_t now) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  vt_pg_int(&p, now);
  vt_id got;
  return vt_pg_read_one(s,
                        "UPDATE announcements SET ends_at = least(ends_at, $2::bigint)"
                        " WHERE id = $1::bigint RETURNING id",
                        &p, id_fn, &got);
}

static enum vt_qs announcement_answer_once(struct vt_store *s, vt_id ticket_id, vt_id ann_id) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_int(&p, ann_id);
  vt_id got;
  return vt_pg_read_one(s,
                        "INSERT INTO announcement_answers(ticket_id, announcement_id)"
                        " VALUES ($1::bigint, $2::bigint) ON CONFLICT (ticket_id) DO NOTHING"
                        " RETURNING ticket_id",
                        &p, id_fn, &got);
}

static void post_fn(const PGresult *r, int row, void *out) {
  struct vt_announcement_post *p = out;
  memset(p, 0, sizeof *p);
  p->id = vt_pg_int64(r, row, 0);
  p->announcement_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, p->network, sizeof p->network);
  vt_pg_copy(r, row, 3, p->account_id, sizeof p->account_id);
  p->attempts = (int)vt_pg_int64(r, row, 4);
}

static enum vt_qs announcement_posts_claim(struct vt_store *s, int64_t now, int64_t until,
                                           int limit, struct vt_announcement_post **items,
                                           size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, now);
  vt_pg_int(&p, until);
  vt_pg_int(&p, limit);
  enum vt_qs qs = vt_pg_read_many(
      s,
      "UPDATE announcement_posts ap SET claimed_until = $2::bigint, attempts = ap.attempts + 1"
      " FROM channel_accounts ca WHERE ca.id = ap.account_id AND ap.id IN (SELECT id FROM"
      " announcement_posts WHERE status = 'pending' AND next_attempt_at <= $1::bigint"
      " AND claimed_until < $1::bigint LIMIT $3::bigint FOR UPDATE SKIP LOCKED)"
      " RETURNING ap.id, ap.announcement_id, ca.network, ca.account_id, ap.attempts",
      &p, sizeof **items, post_fn, (void **)items, n);
  if (qs < 0)
    return qs;
  return *n ? VT_QS_ONE : VT_QS_NONE;
}

static enum vt_qs announcement_post_result(struct vt_store *s, vt_id id, const char *status,
                                           const char *error, const char *remote_id,
                                           int64_t next_at) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  vt_pg_text(&p, !strcmp(status, "retry") ? "pending" : status);
  vt_pg_text(&p, error);
  vt_pg_text(&p, remote_id);
  vt_pg_int(&p, next_at);
  vt_id got;
  enum vt_qs qs = vt_pg_read_one(s,
                                 "UPDATE announcement_posts SET status = $2::text,"
                                 " last_error = $3::text, remote_id = $4::text,"
                                 " next_attempt_at = $5::bigint, claimed_until = 0"
                                 " WHERE id = $1::bigint RETURNING id",
                                 &p, id_fn, &got);
  return qs == VT_QS_NONE ? VT_QS_ONE : qs;
}

void vt_pg_init_announcements(struct vt_store *s) {
  s->announcement_create = announcement_create;
  s->announcements_list = announcements_list;
  s->announcement_get = announcement_get;
  s->announcement_end = announcement_end;
  s->announcement_answer_once = announcement_answer_once;
  s->announcement_posts_claim = announcement_posts_claim;
  s->announcement_post_result = announcement_post_result;
}
