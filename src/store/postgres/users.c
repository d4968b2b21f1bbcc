/* PostgreSQL: users, their administrations, API tokens, login sessions and
 * the login-failure log used for throttling. Only hashes of secrets are kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

/* ---- reading rows ---- */

/* For INSERT ... ON CONFLICT DO NOTHING: ONE if the row went in, NONE if
 * one with the same key was there (SQLite's constraint failure). */
static enum vt_qs insert_new(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p) {
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, p, &qs);
  if (qs == VT_QS_ONE && atoi(PQcmdTuples(r)) == 0)
    qs = VT_QS_NONE;
  PQclear(r);
  return qs;
}

static void id_fn(const PGresult *r, int row, void *out) { *(vt_id *)out = vt_pg_int64(r, row, 0); }

/* ---- users ---- */

static void user_fn(const PGresult *r, int row, void *out) {
  struct vt_user *u = out;
  memset(u, 0, sizeof *u);
  u->id = vt_pg_int64(r, row, 0);
  vt_pg_copy(r, row, 1, u->email, sizeof u->email);
  u->name = vt_pg_dup(r, row, 2);
  int role = vt_role_parse(PQgetisnull(r, row, 3) ? NULL : PQgetvalue(r, row, 3));
  u->role = role < 0 ? VT_ROLE_AGENT : (enum vt_role)role;
  u->active = vt_pg_bool_at(r, row, 4);
  vt_pg_copy(r, row, 5, u->lang, sizeof u->lang);
  if (PQnfields(r) > 6)
    u->password_hash = vt_pg_dup(r, row, 6);
}

struct user_upsert {
  const struct vt_user *in;
  const char *password_hash;
  const vt_id *tenants; /* NULL: keep the user's administrations */
  size_t n;
  vt_id id;
};

static enum vt_qs user_upsert_tx(struct vt_pg_conn *c, void *arg) {
  struct user_upsert *u = arg;
  u->id = 0;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, u->in->email);
  vt_pg_text(&p, u->in->name);
  vt_pg_text(&p, vt_role_name(u->in->role));
  vt_pg_text(&p, u->password_hash);
  vt_pg_bool(&p, u->in->active);
  /* No password given: an existing user keeps theirs. */
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c,
      "INSERT INTO users(email, name, role, password_hash, active, created_at)"
      " VALUES ($1::text, $2::text, $3::text, $4::text, $5::boolean,"
      " (extract(epoch from now()) * 1000)::bigint)"
      " ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role,"
      " password_hash = coalesce($4::text, users.password_hash), active = excluded.active"
      " RETURNING id",
      &p, &qs);
  if (qs == VT_QS_ONE) {
    if (PQntuples(r) == 1)
      u->id = vt_pg_int64(r, 0, 0);
    else
      qs = VT_QS_HARD;
  }
  PQclear(r);
  if (qs != VT_QS_ONE || !u->tenants)
    return qs;

  /* The list replaces the old one. The upsert above holds the user's row
   * lock until COMMIT, so two concurrent upserts of one user replace it in
   * turn instead of merging. An unknown tenant breaks the foreign key: the
   * whole upsert is then rolled back (HARD), as on SQLite. */
  struct vt_pg_params d = {0};
  vt_pg_int(&d, u->id);
  qs = vt_pg_must_run(c, "DELETE FROM user_tenants WHERE user_id = $1::bigint", &d);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_scope list = {.n = u->n, .tenant_ids = (vt_id *)u->tenants};
  char *ids = vt_pg_scope_array(&list);
  struct vt_pg_params t = {0};
  vt_pg_int(&t, u->id);
  vt_pg_text(&t, ids);
  /* DO NOTHING lets a tenant given twice through, like INSERT OR IGNORE. */
  qs = vt_pg_must_run(c,
                      "INSERT INTO user_tenants(user_id, tenant_id)"
                      " SELECT $1::bigint, unnest($2::bigint[]) ON CONFLICT DO NOTHING",
                      &t);
  free(ids);
  return qs;
}

static enum vt_qs user_upsert(struct vt_store *s, const struct vt_user *in,
                              const char *password_hash, const vt_id *tenant_ids, size_t n_tenants,
                              vt_id *id) {
  struct user_upsert u = {in, password_hash, tenant_ids, n_tenants, 0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), user_upsert_tx, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs user_by_email(struct vt_store *s, const char *email, struct vt_user *out) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, email);
  /* The only read that fills password_hash (the seventh column). */
  return vt_pg_read_one(
      s,
      "SELECT id, email, name, role, active, lang, password_hash FROM users WHERE email = $1::text",
      &p, user_fn, out);
}

static enum vt_qs user_get(struct vt_store *s, vt_id id, struct vt_user *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(
      s, "SELECT id, email, name, role, active, lang FROM users WHERE id = $1::bigint", &p, user_fn,
      out);
}

static enum vt_qs user_tenants(struct vt_store *s, vt_id user_id, vt_id **ids, size_t *n) {
  *ids = NULL;
  *n = 0;
  struct vt_pg_conn *c = vt_pg_acquire(vt_pg(s));
  if (!c)
    return VT_QS_SOFT;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, user_id);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c, "SELECT tenant_id FROM user_tenants WHERE user_id = $1::bigint ORDER BY tenant_id", &p,
      &qs);
  if (qs == VT_QS_ONE) {
    int rows = PQntuples(r);
    if (rows) {
      *ids = malloc((size_t)rows * sizeof **ids);
      if (!*ids)
        abort();
    }
    for (int i = 0; i < rows; i++)
      (*ids)[i] = vt_pg_int64(r, i, 0);
    *n = (size_t)rows;
  }
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  return qs;
}

static enum vt_qs agent_department_ids(struct vt_store *s, vt_id user_id, vt_id **ids, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, user_id);
  return vt_pg_read_many(s,
                         "SELECT d.id FROM agent_profiles ap"
                         " CROSS JOIN LATERAL jsonb_array_elements_text(ap.departments) j(code)"
                         " JOIN departments d ON d.code = j.code WHERE ap.user_id = $1::bigint"
                         " ORDER BY d.id",
                         &p, sizeof **ids, id_fn, (void **)ids, n);
}

static enum vt_qs user_serves_tenant(struct vt_store *s, vt_id user_id, vt_id tenant_id) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, user_id);
  vt_pg_int(&p, tenant_id);
  /* The user's administrations or any ancestor of the ticket's; UNION ends
   * the walk even if the hierarchy has a cycle. */
  vt_id ignored;
  return vt_pg_read_one(
      s,
      "WITH RECURSIVE up(id) AS (SELECT $2::bigint UNION SELECT t.parent_id"
      " FROM tenants t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
      " SELECT u.id FROM users u JOIN user_tenants ut ON ut.user_id = u.id"
      " WHERE u.id = $1::bigint AND u.active AND ut.tenant_id IN (SELECT id FROM up)"
      " LIMIT 1",
      &p, id_fn, &ignored);
}

static enum vt_qs users_for_tenant(struct vt_store *s, vt_id tenant_id, struct vt_user **items,
                                   size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  return vt_pg_read_many(
      s,
      "WITH RECURSIVE up(id) AS (SELECT $1::bigint UNION SELECT t.parent_id FROM tenants t"
      " JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
      " SELECT u.id, u.email, u.name, u.role, u.active, u.lang FROM users u WHERE u.active AND "
      "EXISTS"
      " (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id AND ut.tenant_id IN"
      " (SELECT id FROM up)) ORDER BY u.name, u.id",
      &p, sizeof **items, user_fn, (void **)items, n);
}

static enum vt_qs user_set_lang_tx(struct vt_pg_conn *c, void *arg) {
  const struct vt_user *u = arg;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, u->lang);
  vt_pg_int(&p, u->id);
  return vt_pg_run(c, "UPDATE users SET lang = $1::text WHERE id = $2::bigint", &p);
}

static enum vt_qs user_set_lang(struct vt_store *s, vt_id id, const char *lang) {
  struct vt_user u = {.id = id};
  snprintf(u.lang, sizeof u.lang, "%s", lang);
  return vt_pg_tx(vt_pg(s), user_set_lang_tx, &u);
}

/* ---- presence ---- */

struct presence_arg {
  vt_id ticket_id, user_id;
  const char *activity;
  int64_t now;
};

static enum vt_qs presence_touch_tx(struct vt_pg_conn *c, void *arg) {
  struct presence_arg *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->ticket_id);
  vt_pg_int(&p, a->user_id);
  vt_pg_text(&p, a->activity);
  vt_pg_int(&p, a->now);
  enum vt_qs qs = vt_pg_run(c,
                            "INSERT INTO presence(ticket_id, user_id, activity, at)"
                            " VALUES ($1::bigint, $2::bigint, $3::text, $4::bigint)"
                            " ON CONFLICT (ticket_id, user_id) DO UPDATE SET activity = $3::text,"
                            " at = $4::bigint",
                            &p);
  if (qs < 0)
    return qs;
  /* Old entries go away with the writes that make new ones. */
  struct vt_pg_params d = {0};
  vt_pg_int(&d, a->now - 3600000);
  qs = vt_pg_run(c, "DELETE FROM presence WHERE at < $1::bigint", &d);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs presence_touch(struct vt_store *s, vt_id ticket_id, vt_id user_id,
                                 const char *activity, int64_t now) {
  struct presence_arg a = {ticket_id, user_id, activity, now};
  return vt_pg_tx(vt_pg(s), presence_touch_tx, &a);
}

static enum vt_qs presence_leave_tx(struct vt_pg_conn *c, void *arg) {
  struct presence_arg *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->ticket_id);
  vt_pg_int(&p, a->user_id);
  enum vt_qs qs = vt_pg_run(
      c, "DELETE FROM presence WHERE ticket_id = $1::bigint AND user_id = $2::bigint", &p);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs presence_leave(struct vt_store *s, vt_id ticket_id, vt_id user_id) {
  struct presence_arg a = {ticket_id, user_id, NULL, 0};
  return vt_pg_autocommit(vt_pg(s), presence_leave_tx, &a);
}

static void presence_fn(const PGresult *r, int row, void *out) {
  struct vt_presence *p = out;
  memset(p, 0, sizeof *p);
  p->user_id = vt_pg_int64(r, row, 0);
  p->user_name = vt_pg_dup(r, row, 1);
  vt_pg_copy(r, row, 2, p->activity, sizeof p->activity);
  p->at = vt_pg_int64(r, row, 3);
}

static enum vt_qs presence_list(struct vt_store *s, vt_id ticket_id, vt_id except_user,
                                int64_t since, struct vt_presence **items, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_int(&p, except_user);
  vt_pg_int(&p, since);
  return vt_pg_read_many(s,
                         "SELECT p.user_id, u.name, p.activity, p.at FROM presence p"
                         " JOIN users u ON u.id = p.user_id WHERE p.ticket_id = $1::bigint"
                         " AND p.user_id <> $2::bigint AND p.at >= $3::bigint ORDER BY p.at DESC",
                         &p, sizeof **items, presence_fn, (void **)items, n);
}

/* ---- tokens and sessions ---- */

struct token_create {
  vt_id user_id;
  const char *hash, *label;
  int64_t now;
};

static enum vt_qs token_create_tx(struct vt_pg_conn *c, void *arg) {
  struct token_create *t = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, t->user_id);
  vt_pg_text(&p, t->hash);
  vt_pg_text(&p, t->label);
  vt_pg_int(&p, t->now);
  /* A hash issued before is refused (NONE), never replaced. */
  return insert_new(c,
                    "INSERT INTO api_tokens(user_id, token_hash, label, created_at)"
                    " VALUES ($1::bigint, $2::text, $3::text, $4::bigint)"
                    " ON CONFLICT (token_hash) DO NOTHING",
                    &p);
}

static enum vt_qs token_create(struct vt_store *s, vt_id user_id, const char *token_hash,
                               const char *label, int64_t now) {
  struct token_create t = {user_id, token_hash, label, now};
  return vt_pg_tx(vt_pg(s), token_create_tx, &t);
}

static enum vt_qs token_user(struct vt_store *s, const char *token_hash, vt_id *user_id) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, token_hash);
  return vt_pg_read_one(s,
                        "SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id"
                        " WHERE t.token_hash = $1::text AND t.revoked_at IS NULL AND u.active",
                        &p, id_fn, user_id);
}

struct session_create {
  const char *hash, *csrf;
  vt_id user_id;
  int64_t now, expires;
};

static enum vt_qs session_create_tx(struct vt_pg_conn *c, void *arg) {
  struct session_create *x = arg;
  /* Expired sessions are swept here, where a write happens anyway. */
  struct vt_pg_params d = {0};
  vt_pg_int(&d, x->now);
  enum vt_qs qs = vt_pg_must_run(c, "DELETE FROM sessions WHERE expires_at < $1::bigint", &d);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, x->hash);
  vt_pg_int(&p, x->user_id);
  vt_pg_text(&p, x->csrf);
  vt_pg_int(&p, x->now);
  vt_pg_int(&p, x->expires);
  /* A session hash seen before is refused (NONE); the sweep still commits. */
  return insert_new(c,
                    "INSERT INTO sessions(session_hash, user_id, csrf_token, created_at,"
                    " expires_at) VALUES ($1::text, $2::bigint, $3::text, $4::bigint, $5::bigint)"
                    " ON CONFLICT (session_hash) DO NOTHING",
                    &p);
}

static enum vt_qs session_create(struct vt_store *s, const char *session_hash, vt_id user_id,
                                 const char *csrf_token, int64_t now, int64_t expires_at) {
  struct session_create x = {session_hash, csrf_token, user_id, now, expires_at};
  return vt_pg_tx(vt_pg(s), session_create_tx, &x);
}

struct session_row {
  vt_id user_id;
  char *csrf; /* the caller's 80-byte buffer */
};

static void session_fn(const PGresult *r, int row, void *out) {
  struct session_row *x = out;
  x->user_id = vt_pg_int64(r, row, 0);
  vt_pg_copy(r, row, 1, x->csrf, 80);
}

static enum vt_qs session_get(struct vt_store *s, const char *session_hash, int64_t now,
                              vt_id *user_id, char csrf_token[80]) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, session_hash);
  vt_pg_int(&p, now);
  struct session_row x = {0, csrf_token};
  enum vt_qs qs = vt_pg_read_one(s,
                                 "SELECT s.user_id, s.csrf_token FROM sessions s"
                                 " JOIN users u ON u.id = s.user_id WHERE s.session_hash = $1::text"
                                 " AND s.expires_at > $2::bigint AND u.active",
                                 &p, session_fn, &x);
  *user_id = x.user_id; /* 0 unless found */
  return qs;
}

struct key_arg {
  const char *key;
  int64_t now;
};

static enum vt_qs session_delete_tx(struct vt_pg_conn *c, void *arg) {
  struct key_arg *k = arg;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, k->key);
  /* ONE whether or not the session existed: logging out twice is fine. */
  return vt_pg_run(c, "DELETE FROM sessions WHERE session_hash = $1::text", &p);
}

static enum vt_qs session_delete(struct vt_store *s, const char *session_hash) {
  struct key_arg k = {session_hash, 0};
  return vt_pg_tx(vt_pg(s), session_delete_tx, &k);
}

/* ---- login throttling ---- */

static void long_fn(const PGresult *r, int row, void *out) {
  *(long *)out = (long)vt_pg_int64(r, row, 0);
}

static enum vt_qs login_failures(struct vt_store *s, const char *key, int64_t since, long *count) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, key);
  vt_pg_int(&p, since);
  *count = 0;
  return vt_pg_read_one(
      s, "SELECT count(*) FROM login_failures WHERE key = $1::text AND at >= $2::bigint", &p,
      long_fn, count);
}

static enum vt_qs login_failure_add_tx(struct vt_pg_conn *c, void *arg) {
  struct key_arg *k = arg;
  /* Old rows are swept on every write: the table stays as small as the
   * number of recent failures. The cast keeps the arithmetic in bigint. */
  struct vt_pg_params d = {0};
  vt_pg_int(&d, k->now);
  enum vt_qs qs =
      vt_pg_must_run(c, "DELETE FROM login_failures WHERE at < $1::bigint - 86400000", &d);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, k->key);
  vt_pg_int(&p, k->now);
  return vt_pg_run(c, "INSERT INTO login_failures(key, at) VALUES ($1::text, $2::bigint)", &p);
}

static enum vt_qs login_failure_add(struct vt_store *s, const char *key, int64_t now) {
  struct key_arg k = {key, now};
  return vt_pg_tx(vt_pg(s), login_failure_add_tx, &k);
}

static enum vt_qs login_failures_clear_tx(struct vt_pg_conn *c, void *arg) {
  struct key_arg *k = arg;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, k->key);
  return vt_pg_run(c, "DELETE FROM login_failures WHERE key = $1::text", &p);
}

static enum vt_qs login_failures_clear(struct vt_store *s, const char *key) {
  struct key_arg k = {key, 0};
  return vt_pg_tx(vt_pg(s), login_failures_clear_tx, &k);
}

void vt_pg_init_users(struct vt_store *s) {
  s->user_upsert = user_upsert;
  s->user_by_email = user_by_email;
  s->user_get = user_get;
  s->user_set_lang = user_set_lang;
  s->agent_department_ids = agent_department_ids;
  s->user_tenants = user_tenants;
  s->user_serves_tenant = user_serves_tenant;
  s->users_for_tenant = users_for_tenant;
  s->presence_touch = presence_touch;
  s->presence_list = presence_list;
  s->presence_leave = presence_leave;
  s->token_create = token_create;
  s->token_user = token_user;
  s->session_create = session_create;
  s->session_get = session_get;
  s->session_delete = session_delete;
  s->login_failures = login_failures;
  s->login_failure_add = login_failure_add;
  s->login_failures_clear = login_failures_clear;
}
