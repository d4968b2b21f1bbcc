/* PostgreSQL: administrations' accounts on messaging networks (the port of
 * sqlite/networks.c). */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

#define ACCOUNT_COLS                                                                               \
  "a.id, a.tenant_id, t.code, a.network, a.account_id, coalesce(a.secret, '') <> '',"              \
  " coalesce(a.access_token, '') <> '', coalesce(a.verify_token, '') <> '', a.api_base_url,"       \
  " a.active, a.secret, a.access_token, a.verify_token"                                            \
  " FROM channel_accounts a JOIN tenants t ON t.id = a.tenant_id"

struct account_row {
  struct vt_channel_account *a;
  bool secret;
};

static void account_fn(const PGresult *r, int row, void *out) {
  struct account_row *ar = out;
  struct vt_channel_account *a = ar->a;
  memset(a, 0, sizeof *a);
  a->id = vt_pg_int64(r, row, 0);
  a->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, a->tenant_code, sizeof a->tenant_code);
  vt_pg_copy(r, row, 3, a->network, sizeof a->network);
  vt_pg_copy(r, row, 4, a->account_id, sizeof a->account_id);
  a->has_secret = vt_pg_bool_at(r, row, 5);
  a->has_access_token = vt_pg_bool_at(r, row, 6);
  a->has_verify_token = vt_pg_bool_at(r, row, 7);
  a->api_base_url = vt_pg_dup(r, row, 8);
  a->active = vt_pg_bool_at(r, row, 9);
  if (ar->secret) {
    a->secret = vt_pg_dup(r, row, 10);
    a->access_token = vt_pg_dup(r, row, 11);
    a->verify_token = vt_pg_dup(r, row, 12);
  }
}

static void account_list_fn(const PGresult *r, int row, void *out) {
  struct account_row ar = {out, false};
  account_fn(r, row, &ar);
}

struct save_arg {
  const struct vt_channel_account *in;
  int64_t now;
  vt_id id;
};

/* A write: a taken (network, account) pair is a constraint (NONE). */
static enum vt_qs save_tx(struct vt_pg_conn *c, void *arg) {
  struct save_arg *a = arg;
  const struct vt_channel_account *in = a->in;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->id);
  vt_pg_int(&p, in->tenant_id);
  vt_pg_text(&p, in->secret);
  vt_pg_text(&p, in->access_token);
  vt_pg_text(&p, in->verify_token);
  vt_pg_text(&p, in->api_base_url);
  vt_pg_bool(&p, in->active);
  vt_pg_text(&p, in->network);
  vt_pg_text(&p, in->account_id);
  vt_pg_int(&p, a->now);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c,
      in->id ? "UPDATE channel_accounts SET secret = coalesce($3::text, secret),"
               " access_token = CASE WHEN $4::text IS NOT NULL THEN $4::text"
               " WHEN api_base_url <> $6::text THEN NULL ELSE access_token END,"
               " verify_token = coalesce($5::text, verify_token), api_base_url = $6::text,"
               " active = $7::boolean WHERE id = $1::bigint AND $2::bigint IS NOT NULL"
               " AND $8::text IS NOT NULL AND $9::text IS NOT NULL AND $10::bigint IS NOT NULL"
               " RETURNING id"
             : "INSERT INTO channel_accounts(tenant_id, network, account_id, secret, access_token,"
               " verify_token, api_base_url, active, created_at) SELECT $2::bigint, $8::text,"
               " $9::text, $3::text, $4::text, $5::text, $6::text, $7::boolean, $10::bigint"
               " WHERE $1::bigint = 0 RETURNING id",
      &p, &qs);
  if (qs == VT_QS_ONE && PQntuples(r) == 1)
    a->id = vt_pg_int64(r, 0, 0);
  else if (qs == VT_QS_ONE)
    qs = VT_QS_NONE;
  PQclear(r);
  return qs;
}

static enum vt_qs channel_account_save(struct vt_store *s, const struct vt_channel_account *in,
                                       int64_t now, vt_id *id) {
  struct save_arg a = {in, now, 0};
  enum vt_qs qs = vt_pg_autocommit(vt_pg(s), save_tx, &a);
  if (id)
    *id = a.id;
  return qs;
}

static enum vt_qs channel_account_find(struct vt_store *s, const char *network,
                                       const char *account_id, bool with_secret,
                                       struct vt_channel_account *out) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, network);
  vt_pg_text(&p, account_id);
  struct account_row r = {out, with_secret};
  return vt_pg_read_one(
      s, "SELECT " ACCOUNT_COLS " WHERE a.network = $1::text AND a.account_id = $2::text", &p,
      account_fn, &r);
}

static enum vt_qs channel_account_of(struct vt_store *s, vt_id tenant_id, const char *network,
                                     struct vt_channel_account *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  vt_pg_text(&p, network);
  struct account_row r = {out, true};
  return vt_pg_read_one(s,
                        "SELECT " ACCOUNT_COLS
                        " WHERE a.tenant_id = $1::bigint AND a.network = $2::text"
                        " AND a.active ORDER BY a.id LIMIT 1",
                        &p, account_fn, &r);
}

static enum vt_qs channel_accounts_list(struct vt_store *s, const struct vt_scope *scope,
                                        struct vt_channel_account **items, size_t *n) {
  char *tenants = scope->all ? NULL : vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants ? tenants : "{}");
  enum vt_qs qs = vt_pg_read_many(s,
                                  "SELECT " ACCOUNT_COLS " WHERE $1::boolean OR"
                                  " a.tenant_id = ANY($2::bigint[])"
                                  " ORDER BY t.code, a.network, a.account_id",
                                  &p, sizeof **items, account_list_fn, (void **)items, n);
  free(tenants);
  return qs;
}

void vt_pg_init_networks(struct vt_store *s) {
  s->channel_account_save = channel_account_save;
  s->channel_account_find = channel_account_find;
  s->channel_account_of = channel_account_of;
  s->channel_accounts_list = channel_accounts_list;
}
