/* PostgreSQL: canned answers (the port of sqlite/macros.c). */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

#define MACRO_COLS                                                                                 \
  "m.id, m.tenant_id, t.code, m.department_id, d.code, m.name, m.body, m.updated_at"               \
  " FROM macros m JOIN tenants t ON t.id = m.tenant_id"                                            \
  " LEFT JOIN departments d ON d.id = m.department_id"

static void macro_fn(const PGresult *r, int row, void *out) {
  struct vt_macro *m = out;
  memset(m, 0, sizeof *m);
  m->id = vt_pg_int64(r, row, 0);
  m->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, m->tenant_code, sizeof m->tenant_code);
  m->department_id = vt_pg_int64(r, row, 3);
  vt_pg_copy(r, row, 4, m->department_code, sizeof m->department_code);
  m->name = vt_pg_dup(r, row, 5);
  m->body = vt_pg_dup(r, row, 6);
  m->updated_at = vt_pg_int64(r, row, 7);
}

static enum vt_qs macros_list(struct vt_store *s, const struct vt_scope *scope, vt_id department_id,
                              struct vt_macro **items, size_t *n) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, department_id);
  /* Names sort by bytes, as SQLite's do. */
  enum vt_qs qs = vt_pg_read_many(
      s,
      "SELECT " MACRO_COLS " WHERE ($1::boolean OR m.tenant_id = ANY($2::bigint[]))"
      " AND ($3::bigint = 0 OR m.department_id IS NULL OR m.department_id = $3::bigint)"
      " ORDER BY m.department_id IS NULL, m.name COLLATE \"C\", m.id LIMIT 500",
      &p, sizeof **items, macro_fn, (void **)items, n);
  free(tenants);
  return qs;
}

static enum vt_qs macro_get(struct vt_store *s, vt_id id, struct vt_macro *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " MACRO_COLS " WHERE m.id = $1::bigint", &p, macro_fn, out);
}

struct macro_arg {
  const struct vt_macro *in;
  int64_t now;
  vt_id id;
};

static enum vt_qs macro_save_tx(struct vt_pg_conn *c, void *arg) {
  struct macro_arg *a = arg;
  const struct vt_macro *in = a->in;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->id ? in->id : in->tenant_id);
  vt_pg_id(&p, in->department_id);
  vt_pg_text(&p, in->name);
  vt_pg_text(&p, in->body);
  vt_pg_int(&p, a->now);
  return vt_pg_returning_id(
      c,
      in->id ? "UPDATE macros SET department_id = $2::bigint, name = $3::text, body = $4::text,"
               " updated_at = $5::bigint WHERE id = $1::bigint RETURNING id"
             : "INSERT INTO macros(tenant_id, department_id, name, body, created_at, updated_at)"
               " VALUES ($1::bigint, $2::bigint, $3::text, $4::text, $5::bigint, $5::bigint)"
               " RETURNING id",
      &p, &a->id);
}

static enum vt_qs macro_save(struct vt_store *s, const struct vt_macro *in, int64_t now,
                             vt_id *id) {
  struct macro_arg a = {in, now, 0};
  enum vt_qs qs = vt_pg_autocommit(vt_pg(s), macro_save_tx, &a);
  if (id)
    *id = a.id;
  return qs;
}

static enum vt_qs macro_delete_tx(struct vt_pg_conn *c, void *arg) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, *(vt_id *)arg);
  return vt_pg_returning_id(c, "DELETE FROM macros WHERE id = $1::bigint RETURNING id", &p, NULL);
}

static enum vt_qs macro_delete(struct vt_store *s, vt_id id) {
  return vt_pg_autocommit(vt_pg(s), macro_delete_tx, &id);
}

void vt_pg_init_macros(struct vt_store *s) {
  s->macros_list = macros_list;
  s->macro_get = macro_get;
  s->macro_save = macro_save;
  s->macro_delete = macro_delete;
}
