/* PostgreSQL: administrations (tenants and their hierarchy), departments and
 * the service catalogue with its full-text search. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

/* Names sort as SQLite's BINARY collation does (byte order), whatever
 * locale the database was created with: both backends list alike. */
#define BYTES " COLLATE \"C\""

/* ---- reading rows ---- */

/* The id an INSERT ... RETURNING id gave back. */
static enum vt_qs returned_id(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p,
                              vt_id *id) {
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, p, &qs);
  if (qs == VT_QS_ONE) {
    if (PQntuples(r) == 1)
      *id = vt_pg_int64(r, 0, 0);
    else
      qs = VT_QS_HARD; /* an upsert always returns its row */
  }
  PQclear(r);
  return qs;
}

/* ---- tenants ---- */

#define TENANT_COLS                                                                                \
  "t.id, t.code, t.name, t.parent_id, p.code, t.timezone, t.email, t.phone"                        \
  " FROM tenants t LEFT JOIN tenants p ON p.id = t.parent_id"

static void tenant_fn(const PGresult *r, int row, void *out) {
  struct vt_tenant *t = out;
  memset(t, 0, sizeof *t);
  t->id = vt_pg_int64(r, row, 0);
  vt_pg_copy(r, row, 1, t->code, sizeof t->code);
  t->name = vt_pg_dup(r, row, 2);
  t->parent_id = vt_pg_int64(r, row, 3);
  vt_pg_copy(r, row, 4, t->parent_code, sizeof t->parent_code);
  t->timezone = vt_pg_dup(r, row, 5);
  t->email = vt_pg_dup(r, row, 6);
  t->phone = vt_pg_dup(r, row, 7);
}

struct tenant_upsert {
  const struct vt_tenant *in;
  vt_id id;
};

static enum vt_qs tenant_upsert_tx(struct vt_pg_conn *c, void *arg) {
  struct tenant_upsert *u = arg;
  u->id = 0;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, u->in->code);
  vt_pg_text(&p, u->in->name);
  vt_pg_id(&p, u->in->parent_id);
  vt_pg_text(&p, u->in->timezone);
  vt_pg_text(&p, u->in->email);
  vt_pg_text(&p, u->in->phone);
  /* No timezone given: a new tenant gets Madrid's, an existing one keeps its own. */
  return returned_id(
      c,
      "INSERT INTO tenants(code, name, parent_id, timezone, email, phone, created_at)"
      " VALUES ($1::text, $2::text, $3::bigint, coalesce($4::text, 'Europe/Madrid'), $5::text,"
      " $6::text, (extract(epoch from now()) * 1000)::bigint)"
      " ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,"
      " timezone = coalesce($4::text, tenants.timezone), email = excluded.email,"
      " phone = excluded.phone RETURNING id",
      &p, &u->id);
}

static enum vt_qs tenant_upsert(struct vt_store *s, const struct vt_tenant *in, vt_id *id) {
  struct tenant_upsert u = {in, 0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), tenant_upsert_tx, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs tenant_by_code(struct vt_store *s, const char *code, struct vt_tenant *out) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, code);
  return vt_pg_read_one(s, "SELECT " TENANT_COLS " WHERE t.code = $1::text", &p, tenant_fn, out);
}

static enum vt_qs tenant_get(struct vt_store *s, vt_id id, struct vt_tenant *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " TENANT_COLS " WHERE t.id = $1::bigint", &p, tenant_fn, out);
}

static enum vt_qs tenants_list(struct vt_store *s, const struct vt_scope *scope,
                               struct vt_tenant **items, size_t *n) {
  char *ids = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, ids);
  /* Top-level administrations first, then by name. */
  enum vt_qs qs =
      vt_pg_read_many(s,
                      "SELECT " TENANT_COLS " WHERE $1::boolean OR t.id = ANY($2::bigint[])"
                      " ORDER BY t.parent_id IS NOT NULL, t.name" BYTES ", t.id",
                      &p, sizeof **items, tenant_fn, (void **)items, n);
  free(ids);
  return qs;
}

static enum vt_qs tenants_expand(struct vt_store *s, const vt_id *roots, size_t n_roots,
                                 struct vt_scope *out) {
  memset(out, 0, sizeof *out);
  struct vt_scope in = {.n = n_roots, .tenant_ids = (vt_id *)roots};
  char *ids = vt_pg_scope_array(&in);
  struct vt_pg_params p = {0};
  vt_pg_text(&p, ids);
  struct vt_pg_conn *c = vt_pg_acquire(vt_pg(s));
  if (!c) {
    free(ids);
    return VT_QS_SOFT;
  }
  /* UNION (not UNION ALL) drops repeats, so overlapping roots and even a
   * cycle in the hierarchy end the recursion. Roots are kept as given. */
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c,
                           "WITH RECURSIVE sub(id) AS (SELECT unnest($1::bigint[])"
                           " UNION SELECT t.id FROM tenants t JOIN sub ON t.parent_id = sub.id)"
                           " SELECT DISTINCT id FROM sub ORDER BY id",
                           &p, &qs);
  free(ids);
  if (qs == VT_QS_ONE) {
    int rows = PQntuples(r);
    if (rows) {
      out->tenant_ids = malloc((size_t)rows * sizeof *out->tenant_ids);
      if (!out->tenant_ids)
        abort();
    }
    for (int i = 0; i < rows; i++)
      out->tenant_ids[i] = vt_pg_int64(r, i, 0);
    out->n = (size_t)rows;
  }
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  return qs;
}

/* ---- departments ---- */

#define DEPT_COLS                                                                                  \
  "d.id, d.tenant_id, t.code, d.code, d.name"                                                      \
  " FROM departments d JOIN tenants t ON t.id = d.tenant_id"

static void dept_fn(const PGresult *r, int row, void *out) {
  struct vt_department *d = out;
  memset(d, 0, sizeof *d);
  d->id = vt_pg_int64(r, row, 0);
  d->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, d->tenant_code, sizeof d->tenant_code);
  vt_pg_copy(r, row, 3, d->code, sizeof d->code);
  d->name = vt_pg_dup(r, row, 4);
}

struct dept_upsert {
  const struct vt_department *in;
  vt_id id;
};

static enum vt_qs dept_upsert_tx(struct vt_pg_conn *c, void *arg) {
  struct dept_upsert *u = arg;
  u->id = 0;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, u->in->tenant_id); /* 0 breaks the foreign key: NONE, as on SQLite */
  vt_pg_text(&p, u->in->code);
  vt_pg_text(&p, u->in->name);
  return returned_id(c,
                     "INSERT INTO departments(tenant_id, code, name)"
                     " VALUES ($1::bigint, $2::text, $3::text)"
                     " ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name"
                     " RETURNING id",
                     &p, &u->id);
}

static enum vt_qs department_upsert(struct vt_store *s, const struct vt_department *in, vt_id *id) {
  struct dept_upsert u = {in, 0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), dept_upsert_tx, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs department_get(struct vt_store *s, vt_id id, struct vt_department *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " DEPT_COLS " WHERE d.id = $1::bigint", &p, dept_fn, out);
}

static enum vt_qs department_by_code(struct vt_store *s, vt_id tenant_id, const char *code,
                                     struct vt_department *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  vt_pg_text(&p, code);
  return vt_pg_read_one(s,
                        "SELECT " DEPT_COLS " WHERE d.tenant_id = $1::bigint AND d.code = $2::text",
                        &p, dept_fn, out);
}

static enum vt_qs departments_list(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id tenant_id, struct vt_department **items, size_t *n) {
  char *ids = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, ids);
  vt_pg_id(&p, tenant_id); /* 0: every tenant in the scope */
  enum vt_qs qs =
      vt_pg_read_many(s,
                      "SELECT " DEPT_COLS " WHERE ($1::boolean OR d.tenant_id = ANY($2::bigint[]))"
                      " AND ($3::bigint IS NULL OR d.tenant_id = $3::bigint)"
                      " ORDER BY t.code" BYTES ", d.name" BYTES ", d.id",
                      &p, sizeof **items, dept_fn, (void **)items, n);
  free(ids);
  return qs;
}

/* ---- services ---- */

#define SERVICE_COLS                                                                               \
  "s.id, s.tenant_id, t.code, s.code, s.name, s.description, s.requirements::text,"                \
  " s.documents::text, s.channels, s.department_id, d.code, s.processing_days,"                    \
  " s.legal_deadline_days, s.active, d.name"                                                       \
  " FROM services s JOIN tenants t ON t.id = s.tenant_id"                                          \
  " LEFT JOIN departments d ON d.id = s.department_id"

static void service_fn(const PGresult *r, int row, void *out) {
  struct vt_service *v = out;
  memset(v, 0, sizeof *v);
  v->id = vt_pg_int64(r, row, 0);
  v->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, v->tenant_code, sizeof v->tenant_code);
  vt_pg_copy(r, row, 3, v->code, sizeof v->code);
  v->name = vt_pg_dup(r, row, 4);
  v->description = vt_pg_dup(r, row, 5);
  v->requirements_json = vt_pg_dup(r, row, 6);
  v->documents_json = vt_pg_dup(r, row, 7);
  v->channels = vt_pg_dup(r, row, 8);
  v->department_id = vt_pg_int64(r, row, 9);
  vt_pg_copy(r, row, 10, v->department_code, sizeof v->department_code);
  v->processing_days = (int)vt_pg_int64(r, row, 11);
  v->legal_deadline_days = (int)vt_pg_int64(r, row, 12);
  v->active = vt_pg_bool_at(r, row, 13);
  v->department_name = vt_pg_dup(r, row, 14);
}

/* SQLite's CHECK (json_valid(...)) turns bad JSON into a constraint failure
 * (NONE); PostgreSQL's ::jsonb cast would raise a hard error instead, so the
 * text is checked here first. NULL is fine: it stands for "[]". */
static bool json_ok(const char *text) {
  if (!text)
    return true;
  json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, NULL);
  bool ok = j != NULL;
  json_decref(j);
  return ok;
}

struct service_upsert {
  const struct vt_service *in;
  vt_id id;
};

static enum vt_qs service_upsert_tx(struct vt_pg_conn *c, void *arg) {
  struct service_upsert *u = arg;
  const struct vt_service *v = u->in;
  u->id = 0;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, v->tenant_id);
  vt_pg_text(&p, v->code);
  vt_pg_text(&p, v->name);
  vt_pg_text(&p, v->description ? v->description : "");
  vt_pg_text(&p, v->requirements_json);
  vt_pg_text(&p, v->documents_json);
  vt_pg_text(&p, v->channels);
  vt_pg_id(&p, v->department_id);
  vt_pg_int(&p, v->processing_days);
  vt_pg_int(&p, v->legal_deadline_days);
  vt_pg_bool(&p, v->active);
  /* Every field is replaced on update, the search vector with them (it is
   * generated from name and description). */
  return returned_id(
      c,
      "INSERT INTO services(tenant_id, code, name, description, requirements, documents,"
      " channels, department_id, processing_days, legal_deadline_days, active)"
      " VALUES ($1::bigint, $2::text, $3::text, $4::text, coalesce($5::jsonb, '[]'::jsonb),"
      " coalesce($6::jsonb, '[]'::jsonb), coalesce($7::text, ''), $8::bigint, $9::integer,"
      " $10::integer, $11::boolean)"
      " ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name,"
      " description = excluded.description, requirements = excluded.requirements,"
      " documents = excluded.documents, channels = excluded.channels,"
      " department_id = excluded.department_id, processing_days = excluded.processing_days,"
      " legal_deadline_days = excluded.legal_deadline_days, active = excluded.active"
      " RETURNING id",
      &p, &u->id);
}

static enum vt_qs service_upsert(struct vt_store *s, const struct vt_service *in, vt_id *id) {
  struct service_upsert u = {in, 0};
  enum vt_qs qs = VT_QS_NONE;
  if (json_ok(in->requirements_json) && json_ok(in->documents_json))
    qs = vt_pg_tx(vt_pg(s), service_upsert_tx, &u);
  if (id)
    *id = u.id;
  return qs;
}

static enum vt_qs service_get(struct vt_store *s, vt_id id, struct vt_service *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " SERVICE_COLS " WHERE s.id = $1::bigint", &p, service_fn, out);
}

static enum vt_qs service_by_code(struct vt_store *s, vt_id tenant_id, const char *code,
                                  struct vt_service *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  vt_pg_text(&p, code);
  return vt_pg_read_one(
      s, "SELECT " SERVICE_COLS " WHERE s.tenant_id = $1::bigint AND s.code = $2::text", &p,
      service_fn, out);
}

static enum vt_qs services_list(struct vt_store *s, vt_id tenant_id, const char *q,
                                struct vt_service **items, size_t *n) {
  /* A q without words (only punctuation, say) lists everything, as on SQLite. */
  char *tq = q ? vt_pg_tsquery(q) : NULL;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  const char *sql;
  if (tq) {
    vt_pg_text(&p, tq);
    sql = "SELECT " SERVICE_COLS " WHERE s.tenant_id = $1::bigint AND s.active"
          " AND s.search @@ to_tsquery('vt_search', $2::text)"
          " ORDER BY ts_rank(s.search, to_tsquery('vt_search', $2::text)) DESC,"
          " s.name" BYTES ", s.id";
  } else {
    sql = "SELECT " SERVICE_COLS " WHERE s.tenant_id = $1::bigint AND s.active"
          " ORDER BY s.name" BYTES ", s.id";
  }
  enum vt_qs qs = vt_pg_read_many(s, sql, &p, sizeof **items, service_fn, (void **)items, n);
  free(tq);
  return qs;
}

void vt_pg_init_catalog(struct vt_store *s) {
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
