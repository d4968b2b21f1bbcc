/* SQLite: canned answers. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

#define MACRO_COLS                                                                                 \
  "m.id, m.tenant_id, t.code, m.department_id, d.code, m.name, m.body, m.updated_at"               \
  " FROM macros m JOIN tenants t ON t.id = m.tenant_id"                                            \
  " LEFT JOIN departments d ON d.id = m.department_id"

static void macro_fn(sqlite3_stmt *st, void *out) {
  struct vt_macro *m = out;
  memset(m, 0, sizeof *m);
  m->id = sqlite3_column_int64(st, 0);
  m->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, m->tenant_code, sizeof m->tenant_code);
  m->department_id = sqlite3_column_int64(st, 3);
  vt_sq_col_copy(st, 4, m->department_code, sizeof m->department_code);
  m->name = vt_sq_col_dup(st, 5);
  m->body = vt_sq_col_dup(st, 6);
  m->updated_at = sqlite3_column_int64(st, 7);
}

static enum vt_qs macros_list(struct vt_store *s, const struct vt_scope *scope, vt_id department_id,
                              struct vt_macro **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " MACRO_COLS " WHERE (?1 OR m.tenant_id IN (SELECT value FROM json_each(?2)))"
         " AND (?3 = 0 OR m.department_id IS NULL OR m.department_id = ?3)"
         " ORDER BY m.department_id IS NULL, m.name, m.id LIMIT 500");
  if (!st)
    return VT_QS_HARD;
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_int(st, 3, department_id);
  return vt_sq_many_rows(c, st, sizeof **items, macro_fn, (void **)items, n);
}

static enum vt_qs macro_get(struct vt_store *s, vt_id id, struct vt_macro *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " MACRO_COLS " WHERE m.id = ?1");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, macro_fn, out);
}

struct macro_job {
  const struct vt_macro *in;
  int64_t now;
  vt_id id;
};

static enum vt_qs macro_job(struct vt_sq_conn *c, void *arg) {
  struct macro_job *j = arg;
  const struct vt_macro *in = j->in;
  sqlite3_stmt *st = vt_sq_prepare(
      c, in->id ? "UPDATE macros SET department_id = ?3, name = ?4, body = ?5, updated_at = ?6"
                  " WHERE id = ?1 RETURNING id"
                : "INSERT INTO macros(tenant_id, department_id, name, body, created_at,"
                  " updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?6) RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->id);
  vt_sq_int(st, 2, in->tenant_id);
  vt_sq_id(st, 3, in->department_id);
  vt_sq_text(st, 4, in->name);
  vt_sq_text(st, 5, in->body);
  vt_sq_int(st, 6, j->now);
  return vt_sq_one_row(c, st, vt_sq_id_fn, &j->id);
}

static enum vt_qs macro_save(struct vt_store *s, const struct vt_macro *in, int64_t now,
                             vt_id *id) {
  struct macro_job j = {in, now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), macro_job, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs delete_job(struct vt_sq_conn *c, void *arg) {
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM macros WHERE id = ?1 RETURNING id");
  vt_id gone;
  if (st)
    vt_sq_int(st, 1, *(vt_id *)arg);
  return vt_sq_one_row(c, st, vt_sq_id_fn, &gone); /* NONE: there was no such row */
}

static enum vt_qs macro_delete(struct vt_store *s, vt_id id) {
  return vt_sq_write(vt_sq(s), delete_job, &id);
}

void vt_sq_init_macros(struct vt_store *s) {
  s->macros_list = macros_list;
  s->macro_get = macro_get;
  s->macro_save = macro_save;
  s->macro_delete = macro_delete;
}
