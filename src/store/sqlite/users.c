/* SQLite: users, their administrations, API tokens, login sessions and the
 * login-failure log used for throttling. Only hashes of secrets are kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

static void user_fn(sqlite3_stmt *st, void *out) {
  struct vt_user *u = out;
  memset(u, 0, sizeof *u);
  u->id = sqlite3_column_int64(st, 0);
  vt_sq_col_copy(st, 1, u->email, sizeof u->email);
  u->name = vt_sq_col_dup(st, 2);
  int r = vt_role_parse((const char *)sqlite3_column_text(st, 3));
  u->role = r < 0 ? VT_ROLE_AGENT : (enum vt_role)r;
  u->active = sqlite3_column_int(st, 4) != 0;
  vt_sq_col_copy(st, 5, u->lang, sizeof u->lang);
  if (sqlite3_column_count(st) > 6)
    u->password_hash = vt_sq_col_dup(st, 6);
}

struct user_upsert {
  const struct vt_user *in;
  const char *password_hash;
  const vt_id *tenants;
  size_t n;
  vt_id id;
};

static enum vt_qs user_upsert_job(struct vt_sq_conn *c, void *arg) {
  struct user_upsert *u = arg;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "INSERT INTO users(email, name, role, password_hash, active, created_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, strftime('%s','now')*1000)"
                       " ON CONFLICT(email) DO UPDATE SET name = ?2, role = ?3,"
                       " password_hash = coalesce(?4, password_hash), active = ?5 RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, u->in->email);
  vt_sq_text(st, 2, u->in->name);
  vt_sq_text(st, 3, vt_role_name(u->in->role));
  vt_sq_text(st, 4, u->password_hash);
  vt_sq_int(st, 5, u->in->active);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    u->id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return vt_sq_rc(c, rc);
  if (u->tenants) {
    st = vt_sq_prepare(c, "DELETE FROM user_tenants WHERE user_id = ?");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, u->id);
    if (vt_sq_exec(c, st) != VT_QS_ONE)
      return VT_QS_HARD;
    for (size_t i = 0; i < u->n; i++) {
      st = vt_sq_prepare(c, "INSERT OR IGNORE INTO user_tenants(user_id, tenant_id) VALUES (?, ?)");
      if (!st)
        return VT_QS_HARD;
      vt_sq_int(st, 1, u->id);
      vt_sq_int(st, 2, u->tenants[i]);
      enum vt_qs qs = vt_sq_exec(c, st);
      if (qs != VT_QS_ONE)
        return qs < 0 ? qs : VT_QS_HARD;
    }
  }
  return VT_QS_ONE;
}

static enum vt_qs user_upsert(struct vt_store *s, const struct vt_user *in,
                              const char *password_hash, const vt_id *tenant_ids, size_t n_tenants,
                              vt_id *id) {
  struct user_upsert u = {in, password_hash, tenant_ids, n_tenants, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), user_upsert_job, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs user_by_email(struct vt_store *s, const char *email, struct vt_user *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT id, email, name, role, active, lang, password_hash FROM users WHERE email = ?");
  if (st)
    vt_sq_text(st, 1, email);
  return vt_sq_one_row(c, st, user_fn, out);
}

static enum vt_qs user_get(struct vt_store *s, vt_id id, struct vt_user *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT id, email, name, role, active, lang FROM users WHERE id = ?");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, user_fn, out);
}

static enum vt_qs user_tenants(struct vt_store *s, vt_id user_id, vt_id **ids, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT tenant_id FROM user_tenants WHERE user_id = ? ORDER BY tenant_id");
  if (st)
    vt_sq_int(st, 1, user_id);
  return vt_sq_many_rows(c, st, sizeof **ids, vt_sq_id_fn, (void **)ids, n);
}

static enum vt_qs agent_department_ids(struct vt_store *s, vt_id user_id, vt_id **ids, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT d.id FROM agent_profiles p, json_each(p.departments) j"
                       " JOIN departments d ON d.code = j.value WHERE p.user_id = ? ORDER BY d.id");
  if (st)
    vt_sq_int(st, 1, user_id);
  return vt_sq_many_rows(c, st, sizeof **ids, vt_sq_id_fn, (void **)ids, n);
}

static enum vt_qs user_serves_tenant(struct vt_store *s, vt_id user_id, vt_id tenant_id) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  /* The user's administrations or any ancestor of the ticket's. */
  sqlite3_stmt *st = vt_sq_prepare(
      c, "WITH RECURSIVE up(id) AS (SELECT ?2 UNION SELECT t.parent_id FROM tenants t JOIN up"
         " ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
         " SELECT u.id FROM users u JOIN user_tenants ut ON ut.user_id = u.id"
         " WHERE u.id = ?1 AND u.active AND ut.tenant_id IN (SELECT id FROM up) LIMIT 1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, user_id);
  vt_sq_int(st, 2, tenant_id);
  vt_id ignored;
  return vt_sq_one_row(c, st, vt_sq_id_fn, &ignored);
}

static enum vt_qs users_for_tenant(struct vt_store *s, vt_id tenant_id, struct vt_user **items,
                                   size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT t.parent_id FROM tenants t JOIN up"
         " ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
         " SELECT u.id, u.email, u.name, u.role, u.active, u.lang FROM users u WHERE u.active AND "
         "EXISTS"
         " (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id AND ut.tenant_id IN"
         " (SELECT id FROM up)) ORDER BY u.name, u.id");
  if (st)
    vt_sq_int(st, 1, tenant_id);
  return vt_sq_many_rows(c, st, sizeof **items, user_fn, (void **)items, n);
}

static enum vt_qs user_set_lang_job(struct vt_sq_conn *c, void *arg) {
  const struct vt_user *u = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "UPDATE users SET lang = ? WHERE id = ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, u->lang);
  vt_sq_int(st, 2, u->id);
  return vt_sq_exec(c, st);
}

static enum vt_qs user_set_lang(struct vt_store *s, vt_id id, const char *lang) {
  struct vt_user u = {.id = id};
  snprintf(u.lang, sizeof u.lang, "%s", lang);
  return vt_sq_write(vt_sq(s), user_set_lang_job, &u);
}

/* ---- presence ---- */

struct presence_job {
  vt_id ticket_id, user_id;
  const char *activity;
  int64_t now;
};

static enum vt_qs presence_touch_job(struct vt_sq_conn *c, void *arg) {
  struct presence_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO presence(ticket_id, user_id, activity, at) VALUES (?1, ?2, ?3, ?4)"
         " ON CONFLICT(ticket_id, user_id) DO UPDATE SET activity = ?3, at = ?4");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  vt_sq_int(st, 2, j->user_id);
  vt_sq_text(st, 3, j->activity);
  vt_sq_int(st, 4, j->now);
  enum vt_qs qs = vt_sq_exec(c, st);
  if (qs < 0)
    return qs;
  /* Old entries go away with the writes that make new ones. */
  st = vt_sq_prepare(c, "DELETE FROM presence WHERE at < ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->now - 3600000);
  qs = vt_sq_exec(c, st);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs presence_touch(struct vt_store *s, vt_id ticket_id, vt_id user_id,
                                 const char *activity, int64_t now) {
  struct presence_job j = {ticket_id, user_id, activity, now};
  return vt_sq_write(vt_sq(s), presence_touch_job, &j);
}

static enum vt_qs presence_leave_job(struct vt_sq_conn *c, void *arg) {
  struct presence_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM presence WHERE ticket_id = ?1 AND user_id = ?2");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  vt_sq_int(st, 2, j->user_id);
  enum vt_qs qs = vt_sq_exec(c, st);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs presence_leave(struct vt_store *s, vt_id ticket_id, vt_id user_id) {
  struct presence_job j = {ticket_id, user_id, NULL, 0};
  return vt_sq_write(vt_sq(s), presence_leave_job, &j);
}

static void presence_fn(sqlite3_stmt *st, void *out) {
  struct vt_presence *p = out;
  memset(p, 0, sizeof *p);
  p->user_id = sqlite3_column_int64(st, 0);
  p->user_name = vt_sq_col_dup(st, 1);
  vt_sq_col_copy(st, 2, p->activity, sizeof p->activity);
  p->at = sqlite3_column_int64(st, 3);
}

static enum vt_qs presence_list(struct vt_store *s, vt_id ticket_id, vt_id except_user,
                                int64_t since, struct vt_presence **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c,
      "SELECT p.user_id, u.name, p.activity, p.at FROM presence p JOIN users u ON u.id = p.user_id"
      " WHERE p.ticket_id = ?1 AND p.user_id <> ?2 AND p.at >= ?3 ORDER BY p.at DESC");
  if (st) {
    vt_sq_int(st, 1, ticket_id);
    vt_sq_int(st, 2, except_user);
    vt_sq_int(st, 3, since);
  }
  return vt_sq_many_rows(c, st, sizeof **items, presence_fn, (void **)items, n);
}

/* ---- tokens and sessions ---- */

struct token_create {
  vt_id user_id;
  const char *hash, *label;
  int64_t now;
};

static enum vt_qs token_create_job(struct vt_sq_conn *c, void *arg) {
  struct token_create *t = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO api_tokens(user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, t->user_id);
  vt_sq_text(st, 2, t->hash);
  vt_sq_text(st, 3, t->label);
  vt_sq_int(st, 4, t->now);
  return vt_sq_exec(c, st);
}

static enum vt_qs token_create(struct vt_store *s, vt_id user_id, const char *token_hash,
                               const char *label, int64_t now) {
  struct token_create t = {user_id, token_hash, label, now};
  return vt_sq_write(vt_sq(s), token_create_job, &t);
}

static enum vt_qs token_user(struct vt_store *s, const char *token_hash, vt_id *user_id) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id"
                       " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active");
  if (st)
    vt_sq_text(st, 1, token_hash);
  return vt_sq_one_row(c, st, vt_sq_id_fn, user_id);
}

struct session_create {
  const char *hash, *csrf;
  vt_id user_id;
  int64_t now, expires;
};

static enum vt_qs session_create_job(struct vt_sq_conn *c, void *arg) {
  struct session_create *x = arg;
  /* Expired sessions are swept here, where a write happens anyway. */
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM sessions WHERE expires_at < ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, x->now);
  if (vt_sq_exec(c, st) != VT_QS_ONE)
    return VT_QS_HARD;
  st = vt_sq_prepare(
      c, "INSERT INTO sessions(session_hash, user_id, csrf_token, created_at, expires_at)"
         " VALUES (?, ?, ?, ?, ?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, x->hash);
  vt_sq_int(st, 2, x->user_id);
  vt_sq_text(st, 3, x->csrf);
  vt_sq_int(st, 4, x->now);
  vt_sq_int(st, 5, x->expires);
  return vt_sq_exec(c, st);
}

static enum vt_qs session_create(struct vt_store *s, const char *session_hash, vt_id user_id,
                                 const char *csrf_token, int64_t now, int64_t expires_at) {
  struct session_create x = {session_hash, csrf_token, user_id, now, expires_at};
  return vt_sq_write(vt_sq(s), session_create_job, &x);
}

struct session_row {
  vt_id user_id;
  char *csrf;
};

static void session_fn(sqlite3_stmt *st, void *out) {
  struct session_row *r = out;
  r->user_id = sqlite3_column_int64(st, 0);
  vt_sq_col_copy(st, 1, r->csrf, 80);
}

static enum vt_qs session_get(struct vt_store *s, const char *session_hash, int64_t now,
                              vt_id *user_id, char csrf_token[80]) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT s.user_id, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id"
         " WHERE s.session_hash = ? AND s.expires_at > ? AND u.active");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, session_hash);
  vt_sq_int(st, 2, now);
  struct session_row r = {0, csrf_token};
  enum vt_qs qs = vt_sq_one_row(c, st, session_fn, &r);
  *user_id = r.user_id;
  return qs;
}

struct key_arg {
  const char *key;
  int64_t now;
};

static enum vt_qs session_delete_job(struct vt_sq_conn *c, void *arg) {
  struct key_arg *k = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM sessions WHERE session_hash = ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, k->key);
  return vt_sq_exec(c, st);
}

static enum vt_qs session_delete(struct vt_store *s, const char *session_hash) {
  struct key_arg k = {session_hash, 0};
  return vt_sq_write(vt_sq(s), session_delete_job, &k);
}

/* ---- login throttling ---- */

static void long_fn(sqlite3_stmt *st, void *out) {
  *(long *)out = (long)sqlite3_column_int64(st, 0);
}

static enum vt_qs login_failures(struct vt_store *s, const char *key, int64_t since, long *count) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, key);
  vt_sq_int(st, 2, since);
  *count = 0;
  return vt_sq_one_row(c, st, long_fn, count);
}

static enum vt_qs login_failure_add_job(struct vt_sq_conn *c, void *arg) {
  struct key_arg *k = arg;
  /* Old rows are swept on every write: the table stays as small as the
   * number of recent failures. */
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM login_failures WHERE at < ? - 86400000");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, k->now);
  if (vt_sq_exec(c, st) != VT_QS_ONE)
    return VT_QS_HARD;
  st = vt_sq_prepare(c, "INSERT INTO login_failures(key, at) VALUES (?, ?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, k->key);
  vt_sq_int(st, 2, k->now);
  return vt_sq_exec(c, st);
}

static enum vt_qs login_failure_add(struct vt_store *s, const char *key, int64_t now) {
  struct key_arg k = {key, now};
  return vt_sq_write(vt_sq(s), login_failure_add_job, &k);
}

static enum vt_qs login_failures_clear_job(struct vt_sq_conn *c, void *arg) {
  struct key_arg *k = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM login_failures WHERE key = ?");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, k->key);
  return vt_sq_exec(c, st);
}

static enum vt_qs login_failures_clear(struct vt_store *s, const char *key) {
  struct key_arg k = {key, 0};
  return vt_sq_write(vt_sq(s), login_failures_clear_job, &k);
}

void vt_sq_init_users(struct vt_store *s) {
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
