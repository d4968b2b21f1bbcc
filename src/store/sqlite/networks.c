/* SQLite: administrations' accounts on messaging networks. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

#define ACCOUNT_COLS                                                                               \
  "a.id, a.tenant_id, t.code, a.network, a.account_id, coalesce(a.secret, '') <> '',"              \
  " coalesce(a.access_token, '') <> '', coalesce(a.verify_token, '') <> '', a.api_base_url,"       \
  " a.active, a.secret, a.access_token, a.verify_token"                                            \
  " FROM channel_accounts a JOIN tenants t ON t.id = a.tenant_id"

struct account_row {
  struct vt_channel_account *a;
  bool secret;
};

static void account_fn(sqlite3_stmt *st, void *out) {
  struct account_row *r = out;
  struct vt_channel_account *a = r->a;
  memset(a, 0, sizeof *a);
  a->id = sqlite3_column_int64(st, 0);
  a->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, a->tenant_code, sizeof a->tenant_code);
  vt_sq_col_copy(st, 3, a->network, sizeof a->network);
  vt_sq_col_copy(st, 4, a->account_id, sizeof a->account_id);
  a->has_secret = sqlite3_column_int(st, 5) != 0;
  a->has_access_token = sqlite3_column_int(st, 6) != 0;
  a->has_verify_token = sqlite3_column_int(st, 7) != 0;
  a->api_base_url = vt_sq_col_dup(st, 8);
  a->active = sqlite3_column_int(st, 9) != 0;
  if (r->secret) {
    a->secret = vt_sq_col_dup(st, 10);
    a->access_token = vt_sq_col_dup(st, 11);
    a->verify_token = vt_sq_col_dup(st, 12);
  }
}

static void account_list_fn(sqlite3_stmt *st, void *out) {
  struct account_row r = {out, false};
  account_fn(st, &r);
}

struct save_job {
  const struct vt_channel_account *in;
  int64_t now;
  vt_id id;
};

static enum vt_qs save_job(struct vt_sq_conn *c, void *arg) {
  struct save_job *j = arg;
  const struct vt_channel_account *in = j->in;
  sqlite3_stmt *st = vt_sq_prepare(
      c, in->id
             ? "UPDATE channel_accounts SET secret = coalesce(?3, secret),"
               " access_token = CASE WHEN ?4 IS NOT NULL THEN ?4 WHEN api_base_url <> ?6"
               " THEN NULL ELSE access_token END," /* a new host never gets the old token */
               " verify_token = coalesce(?5, verify_token), api_base_url = ?6, active = ?7"
               " WHERE id = ?1 RETURNING id"
             : "INSERT INTO channel_accounts(tenant_id, network, account_id, secret, access_token,"
               " verify_token, api_base_url, active, created_at)"
               " VALUES (?2, ?8, ?9, ?3, ?4, ?5, ?6, ?7, ?10) RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->id);
  vt_sq_int(st, 2, in->tenant_id);
  vt_sq_text(st, 3, in->secret);
  vt_sq_text(st, 4, in->access_token);
  vt_sq_text(st, 5, in->verify_token);
  vt_sq_text(st, 6, in->api_base_url);
  vt_sq_int(st, 7, in->active);
  vt_sq_text(st, 8, in->network);
  vt_sq_text(st, 9, in->account_id);
  vt_sq_int(st, 10, j->now);
  return vt_sq_one_row(c, st, vt_sq_id_fn, &j->id);
}

static enum vt_qs channel_account_save(struct vt_store *s, const struct vt_channel_account *in,
                                       int64_t now, vt_id *id) {
  struct save_job j = {in, now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), save_job, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs channel_account_find(struct vt_store *s, const char *network,
                                       const char *account_id, bool with_secret,
                                       struct vt_channel_account *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT " ACCOUNT_COLS " WHERE a.network = ?1 AND a.account_id = ?2");
  if (st) {
    vt_sq_text(st, 1, network);
    vt_sq_text(st, 2, account_id);
  }
  struct account_row r = {out, with_secret};
  return vt_sq_one_row(c, st, account_fn, &r);
}

static enum vt_qs channel_account_of(struct vt_store *s, vt_id tenant_id, const char *network,
                                     struct vt_channel_account *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " ACCOUNT_COLS " WHERE a.tenant_id = ?1"
                                      " AND a.network = ?2 AND a.active ORDER BY a.id LIMIT 1");
  if (st) {
    vt_sq_int(st, 1, tenant_id);
    vt_sq_text(st, 2, network);
  }
  struct account_row r = {out, true};
  return vt_sq_one_row(c, st, account_fn, &r);
}

static enum vt_qs channel_accounts_list(struct vt_store *s, const struct vt_scope *scope,
                                        struct vt_channel_account **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " ACCOUNT_COLS " WHERE ?1 OR a.tenant_id IN (SELECT value FROM json_each(?2))"
         " ORDER BY t.code, a.network, a.account_id");
  if (st) {
    sqlite3_bind_int(st, 1, scope->all);
    vt_sq_bind_scope(st, 2, scope);
  }
  return vt_sq_many_rows(c, st, sizeof **items, account_list_fn, (void **)items, n);
}

void vt_sq_init_networks(struct vt_store *s) {
  s->channel_account_save = channel_account_save;
  s->channel_account_find = channel_account_find;
  s->channel_account_of = channel_account_of;
  s->channel_accounts_list = channel_accounts_list;
}
