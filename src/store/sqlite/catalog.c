/* SQLite: administrations, departments and the service catalogue. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

#define TENANT_COLS                                                                                \
  "t.id, t.code, t.name, t.parent_id, p.code, t.timezone, t.email, t.phone"                        \
  " FROM tenants t LEFT JOIN tenants p ON p.id = t.parent_id"

static void read_tenant(sqlite3_stmt *st, struct vt_tenant *t) {
  memset(t, 0, sizeof *t);
  t->id = sqlite3_column_int64(st, 0);
  vt_sq_col_copy(st, 1, t->code, sizeof t->code);
  t->name = vt_sq_col_dup(st, 2);
  t->parent_id = sqlite3_column_int64(st, 3);
  vt_sq_col_copy(st, 4, t->parent_code, sizeof t->parent_code);
  t->timezone = vt_sq_col_dup(st, 5);
  t->email = vt_sq_col_dup(st, 6);
  t->phone = vt_sq_col_dup(st, 7);
}

static void tenant_fn(sqlite3_stmt *st, void *out) { read_tenant(st, out); }

struct tenant_upsert {
  const struct vt_tenant *in;
  vt_id id;
};

static enum vt_qs tenant_upsert_job(struct vt_sq_conn *c, void *arg) {
  struct tenant_upsert *u = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO tenants(code, name, parent_id, timezone, email, phone, created_at)"
         " VALUES (?1, ?2, ?3, coalesce(?4, 'Europe/Madrid'), ?5, ?6, strftime('%s','now')*1000)"
         " ON CONFLICT(code) DO UPDATE SET name = ?2, parent_id = ?3,"
         " timezone = coalesce(?4, timezone), email = ?5, phone = ?6 RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, u->in->code);
  vt_sq_text(st, 2, u->in->name);
  vt_sq_id(st, 3, u->in->parent_id);
  vt_sq_text(st, 4, u->in->timezone);
  vt_sq_text(st, 5, u->in->email);
  vt_sq_text(st, 6, u->in->phone);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    u->id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

static enum vt_qs tenant_upsert(struct vt_store *s, const struct vt_tenant *in, vt_id *id) {
  struct tenant_upsert u = {in, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), tenant_upsert_job, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs tenant_by_code(struct vt_store *s, const char *code, struct vt_tenant *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " TENANT_COLS " WHERE t.code = ?");
  if (st)
    vt_sq_text(st, 1, code);
  return vt_sq_one_row(c, st, tenant_fn, out);
}

static enum vt_qs tenant_get(struct vt_store *s, vt_id id, struct vt_tenant *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " TENANT_COLS " WHERE t.id = ?");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, tenant_fn, out);
}

static enum vt_qs tenants_list(struct vt_store *s, const struct vt_scope *scope,
                               struct vt_tenant **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " TENANT_COLS
                                      " WHERE ?1 OR t.id IN (SELECT value FROM json_each(?2))"
                                      " ORDER BY t.parent_id IS NOT NULL, t.name");
  if (st) {
    sqlite3_bind_int(st, 1, scope->all);
    vt_sq_bind_scope(st, 2, scope);
  }
  return vt_sq_many_rows(c, st, sizeof **items, tenant_fn, (void **)items, n);
}

static enum vt_qs tenants_expand(struct vt_store *s, const vt_id *roots, size_t n_roots,
                                 struct vt_scope *out) {
  memset(out, 0, sizeof *out);
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  struct vt_scope in = {.n = n_roots, .tenant_ids = (vt_id *)roots};
  sqlite3_stmt *st =
      vt_sq_prepare(c, "WITH RECURSIVE sub(id) AS (SELECT value FROM json_each(?1)"
                       " UNION SELECT t.id FROM tenants t JOIN sub ON t.parent_id = sub.id)"
                       " SELECT DISTINCT id FROM sub ORDER BY id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_bind_scope(st, 1, &in);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (out->n == cap) {
      cap = cap ? cap * 2 : 16;
      out->tenant_ids = realloc(out->tenant_ids, cap * sizeof(vt_id));
      if (!out->tenant_ids)
        abort();
    }
    out->tenant_ids[out->n++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? VT_QS_ONE : vt_sq_rc(c, rc);
}

/* ---- departments ---- */

#define DEPT_COLS                                                                                  \
  "d.id, d.tenant_id, t.code, d.code, d.name FROM departments d JOIN tenants t ON t.id = "         \
  "d.tenant_id"

static void dept_fn(sqlite3_stmt *st, void *out) {
  struct vt_department *d = out;
  memset(d, 0, sizeof *d);
  d->id = sqlite3_column_int64(st, 0);
  d->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, d->tenant_code, sizeof d->tenant_code);
  vt_sq_col_copy(st, 3, d->code, sizeof d->code);
  d->name = vt_sq_col_dup(st, 4);
}

struct dept_upsert {
  const struct vt_department *in;
  vt_id id;
};

static enum vt_qs dept_upsert_job(struct vt_sq_conn *c, void *arg) {
  struct dept_upsert *u = arg;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "INSERT INTO departments(tenant_id, code, name) VALUES (?1, ?2, ?3)"
                       " ON CONFLICT(tenant_id, code) DO UPDATE SET name = ?3 RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, u->in->tenant_id);
  vt_sq_text(st, 2, u->in->code);
  vt_sq_text(st, 3, u->in->name);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    u->id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

static enum vt_qs department_upsert(struct vt_store *s, const struct vt_department *in, vt_id *id) {
  struct dept_upsert u = {in, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), dept_upsert_job, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs department_get(struct vt_store *s, vt_id id, struct vt_department *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " DEPT_COLS " WHERE d.id = ?");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, dept_fn, out);
}

static enum vt_qs department_by_code(struct vt_store *s, vt_id tenant_id, const char *code,
                                     struct vt_department *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " DEPT_COLS " WHERE d.tenant_id = ? AND d.code = ?");
  if (st) {
    vt_sq_int(st, 1, tenant_id);
    vt_sq_text(st, 2, code);
  }
  return vt_sq_one_row(c, st, dept_fn, out);
}

static enum vt_qs departments_list(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id tenant_id, struct vt_department **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " DEPT_COLS " WHERE (?1 OR d.tenant_id IN (SELECT value FROM json_each(?2)))"
         " AND (?3 IS NULL OR d.tenant_id = ?3) ORDER BY t.code, d.name");
  if (st) {
    sqlite3_bind_int(st, 1, scope->all);
    vt_sq_bind_scope(st, 2, scope);
    vt_sq_id(st, 3, tenant_id);
  }
  return vt_sq_many_rows(c, st, sizeof **items, dept_fn, (void **)items, n);
}

/* ---- services ---- */

#define SERVICE_COLS                                                                               \
  "s.id, s.tenant_id, t.code, s.code, s.name, s.description, s.requirements, s.documents,"         \
  " s.channels, s.department_id, d.code, s.processing_days, s.legal_deadline_days, s.active,"      \
  " d.name"                                                                                        \
  " FROM services s JOIN tenants t ON t.id = s.tenant_id"                                          \
  " LEFT JOIN departments d ON d.id = s.department_id"

static void service_fn(sqlite3_stmt *st, void *out) {
  struct vt_service *v = out;
  memset(v, 0, sizeof *v);
  v->id = sqlite3_column_int64(st, 0);
  v->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, v->tenant_code, sizeof v->tenant_code);
  vt_sq_col_copy(st, 3, v->code, sizeof v->code);
  v->name = vt_sq_col_dup(st, 4);
  v->description = vt_sq_col_dup(st, 5);
  v->requirements_json = vt_sq_col_dup(st, 6);
  v->documents_json = vt_sq_col_dup(st, 7);
  v->channels = vt_sq_col_dup(st, 8);
  v->department_id = sqlite3_column_int64(st, 9);
  vt_sq_col_copy(st, 10, v->department_code, sizeof v->department_code);
  v->processing_days = sqlite3_column_int(st, 11);
  v->legal_deadline_days = sqlite3_column_int(st, 12);
  v->active = sqlite3_column_int(st, 13) != 0;
  v->department_name = vt_sq_col_dup(st, 14);
}

struct service_upsert {
  const struct vt_service *in;
  vt_id id;
};

static enum vt_qs service_upsert_job(struct vt_sq_conn *c, void *arg) {
  struct service_upsert *u = arg;
  const struct vt_service *v = u->in;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO services(tenant_id, code, name, description, requirements, documents,"
         " channels, department_id, processing_days, legal_deadline_days, active)"
         " VALUES (?1, ?2, ?3, ?4, coalesce(?5, '[]'), coalesce(?6, '[]'), coalesce(?7, ''), ?8, "
         "?9, ?10, ?11)"
         " ON CONFLICT(tenant_id, code) DO UPDATE SET name = ?3, description = ?4,"
         " requirements = coalesce(?5, '[]'), documents = coalesce(?6, '[]'), channels = "
         "coalesce(?7, ''),"
         " department_id = ?8, processing_days = ?9, legal_deadline_days = ?10, active = ?11"
         " RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, v->tenant_id);
  vt_sq_text(st, 2, v->code);
  vt_sq_text(st, 3, v->name);
  vt_sq_text(st, 4, v->description ? v->description : "");
  vt_sq_text(st, 5, v->requirements_json);
  vt_sq_text(st, 6, v->documents_json);
  vt_sq_text(st, 7, v->channels);
  vt_sq_id(st, 8, v->department_id);
  vt_sq_int(st, 9, v->processing_days);
  vt_sq_int(st, 10, v->legal_deadline_days);
  vt_sq_int(st, 11, v->active);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    u->id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

static enum vt_qs service_upsert(struct vt_store *s, const struct vt_service *in, vt_id *id) {
  struct service_upsert u = {in, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), service_upsert_job, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs service_get(struct vt_store *s, vt_id id, struct vt_service *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " SERVICE_COLS " WHERE s.id = ?");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, service_fn, out);
}

static enum vt_qs service_by_code(struct vt_store *s, vt_id tenant_id, const char *code,
                                  struct vt_service *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT " SERVICE_COLS " WHERE s.tenant_id = ? AND s.code = ?");
  if (st) {
    vt_sq_int(st, 1, tenant_id);
    vt_sq_text(st, 2, code);
  }
  return vt_sq_one_row(c, st, service_fn, out);
}

static enum vt_qs services_list(struct vt_store *s, vt_id tenant_id, const char *q,
                                struct vt_service **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  char *fq = q ? vt_sq_fts_query(q) : NULL;
  sqlite3_stmt *st;
  if (fq) {
    st = vt_sq_prepare(c, "SELECT " SERVICE_COLS " JOIN services_fts f ON f.rowid = s.id"
                          " WHERE s.tenant_id = ?1 AND s.active AND services_fts MATCH ?2"
                          " ORDER BY f.rank");
    if (st)
      vt_sq_text(st, 2, fq);
  } else {
    st = vt_sq_prepare(c, "SELECT " SERVICE_COLS
                          " WHERE s.tenant_id = ?1 AND s.active ORDER BY s.name");
  }
  if (st)
    vt_sq_int(st, 1, tenant_id);
  free(fq);
  return vt_sq_many_rows(c, st, sizeof **items, service_fn, (void **)items, n);
}

void vt_sq_init_catalog(struct vt_store *s) {
  s->tenant_upsert = tenant_upsert;
  s->tenant_by_code = tenant_by_code;
  s->tenant_get = tenant_get;
  s->tenants_list = tenants_list;
  s->tenants_expand = tenants_expand;
  s->department_upsert = department_upsert;
  s->department_get = department_get;
  s->department_by_code = department_by_code;
  s->departments_list = departments_list;
  s->service_upsert = service_upsert;
  s->service_get = service_get;
  s->service_by_code = service_by_code;
  s->services_list = services_list;
}
