/* The store test suite, run through the struct vt_store interface only:
 * each test gets a fresh database. By default that is an SQLite file in its
 * own folder; with VT_TEST_BACKEND=postgres it is a new PostgreSQL database
 * in the cluster at VT_TEST_PG_BASE (a postgresql:// URL naming no database,
 * as tests/run.sh exports it), dropped after the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <dirent.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/ticket_rules.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/log.h"

/* 2025-01-01T00:00:00Z and 2026-01-01T00:00:00Z, in Unix ms. */
#define Y2025 1735689600000LL
#define Y2026 1767225600000LL
#define DAY   86400000LL
#define NOW   (Y2026 + 100 * DAY)

#define BUSY_TIMEOUT_MS 5000
#define POOL_SIZE       8

struct fx {
  char dir[64];        /* SQLite: the test's folder */
  char path[128];      /* SQLite: the database file */
  char dbname[64];     /* PostgreSQL: the test's database */
  char location[1024]; /* what vt_store_open takes: path or URL */
  struct vt_store *s;
};

/* ---- fixtures ----------------------------------------------------------- */

/* PostgreSQL when VT_TEST_BACKEND=postgres (main checks VT_TEST_PG_BASE). */
static bool pg_backend;
static const char *pg_base;

static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  char p[512];
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    unlink(p);
  }
  closedir(d);
  rmdir(dir);
}

/* base (postgresql://[authority][/db][?params]) with its database replaced
 * by name, any dbname= parameter dropped; false if it does not fit. */
static bool pg_url_with_db(const char *base, const char *name, char *out, size_t n) {
  const char *sep = strstr(base, "://");
  if (!sep)
    return false;
  const char *auth = sep + 3;
  size_t auth_len = strcspn(auth, "/?");
  const char *q = strchr(base, '?');
  int len = snprintf(out, n, "%.*s/%s", (int)(auth + auth_len - base), base, name);
  if (len < 0 || (size_t)len >= n)
    return false;
  bool first = true;
  while (q && *q) {
    q++;
    size_t kv = strcspn(q, "&");
    if (kv && strncmp(q, "dbname=", 7) != 0) {
      len += snprintf(out + len, n - (size_t)len, "%s%.*s", first ? "?" : "&", (int)kv, q);
      if ((size_t)len >= n)
        return false;
      first = false;
    }
    q += kv;
  }
  return true;
}

/* Runs one statement on the cluster's maintenance database `postgres`. */
static bool pg_admin(const char *sql) {
  char url[1024];
  if (!pg_url_with_db(pg_base, "postgres", url, sizeof url)) {
    fprintf(stderr, "VT_TEST_PG_BASE is not a postgresql:// URL: %s\n", pg_base);
    return false;
  }
  PGconn *c = PQconnectdb(url);
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (!ok) {
    fprintf(stderr, "cannot connect to %s: %s", url, PQerrorMessage(c));
  } else {
    PGresult *r = PQexec(c, sql);
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
      fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
  }
  PQfinish(c);
  return ok;
}

/* A new, empty database for one test: its name in f->dbname, its URL in
 * f->location. */
static bool pg_create_db(struct fx *f) {
  static unsigned counter;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(f->dbname, sizeof f->dbname, "vt_store_%ld_%u_%lx", (long)getpid(), ++counter,
           (unsigned long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000) & 0xffffffffUL);
  if (!pg_url_with_db(pg_base, f->dbname, f->location, sizeof f->location))
    return false;
  char sql[128];
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->dbname);
  if (!pg_admin(sql)) {
    f->dbname[0] = '\0';
    return false;
  }
  return true;
}

static void pg_drop_db(struct fx *f) {
  if (!f->dbname[0])
    return;
  char sql[128];
  /* FORCE: a connection the pool has just closed may not be gone yet. */
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->dbname);
  pg_admin(sql);
  f->dbname[0] = '\0';
}

static struct vt_store *open_store(const struct fx *f) {
  return vt_store_open(f->location, BUSY_TIMEOUT_MS, POOL_SIZE);
}

/* Removes the test's database; the store must be closed already. */
static void remove_db(struct fx *f) {
  if (pg_backend)
    pg_drop_db(f);
  else
    remove_tree(f->dir);
}

static int setup_bare(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  if (pg_backend) {
    if (!pg_create_db(f)) {
      free(f);
      return -1;
    }
  } else {
    snprintf(f->dir, sizeof f->dir, "/tmp/vt-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
      free(f);
      return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    snprintf(f->location, sizeof f->location, "%s", f->path);
  }
  f->s = open_store(f);
  if (!f->s) {
    remove_db(f);
    free(f);
    return -1;
  }
  *state = f;
  return 0;
}

static int setup(void **state) {
  if (setup_bare(state) != 0)
    return -1;
  struct fx *f = *state;
  int applied = 0;
  return f->s->migrate(f->s, &applied) == VT_QS_ONE ? 0 : -1;
}

static int teardown(void **state) {
  struct fx *f = *state;
  if (f->s)
    f->s->close(f->s);
  remove_db(f);
  free(f);
  return 0;
}

/* Direct access to the test's database, around the store, with the
 * backend's own client library: statements that work or fail, and counts. */
struct raw {
  sqlite3 *sq;
  PGconn *pg;
};

static void raw_open(const struct fx *f, struct raw *r) {
  memset(r, 0, sizeof *r);
  if (pg_backend) {
    r->pg = PQconnectdb(f->location);
    if (PQstatus(r->pg) != CONNECTION_OK)
      fail_msg("cannot connect to %s: %s", f->location, PQerrorMessage(r->pg));
  } else {
    assert_int_equal(sqlite3_open_v2(f->path, &r->sq, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  }
}

static bool raw_exec(struct raw *r, const char *sql) {
  if (r->pg) {
    PGresult *res = PQexec(r->pg, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    return ok;
  }
  char *err = NULL;
  int rc = sqlite3_exec(r->sq, sql, NULL, NULL, &err);
  sqlite3_free(err);
  return rc == SQLITE_OK;
}

static long raw_long(struct raw *r, const char *sql) {
  long n;
  if (r->pg) {
    PGresult *res = PQexec(r->pg, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
      fail_msg("%s: %s", sql, PQresultErrorMessage(res));
    n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return n;
  }
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(r->sq, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  n = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static void raw_close(struct raw *r) {
  if (r->pg)
    PQfinish(r->pg);
  if (r->sq)
    sqlite3_close(r->sq);
  memset(r, 0, sizeof *r);
}

static struct vt_store *S(void **state) { return ((struct fx *)*state)->s; }

/* ---- helpers ------------------------------------------------------------ */

static vt_id mk_tenant(struct vt_store *s, const char *code, const char *name, vt_id parent) {
  struct vt_tenant t = {0};
  snprintf(t.code, sizeof t.code, "%s", code);
  t.name = (char *)name;
  t.parent_id = parent;
  vt_id id = 0;
  assert_int_equal(s->tenant_upsert(s, &t, &id), VT_QS_ONE);
  assert_true(id > 0);
  return id;
}

static vt_id mk_department(struct vt_store *s, vt_id tenant, const char *code, const char *name) {
  struct vt_department d = {0};
  d.tenant_id = tenant;
  snprintf(d.code, sizeof d.code, "%s", code);
  d.name = (char *)name;
  vt_id id = 0;
  assert_int_equal(s->department_upsert(s, &d, &id), VT_QS_ONE);
  assert_true(id > 0);
  return id;
}

static vt_id mk_service(struct vt_store *s, vt_id tenant, const char *code, const char *name,
                        const char *description, bool active) {
  struct vt_service v = {0};
  v.tenant_id = tenant;
  snprintf(v.code, sizeof v.code, "%s", code);
  v.name = (char *)name;
  v.description = (char *)description;
  v.active = active;
  v.processing_days = 10;
  v.legal_deadline_days = 30;
  vt_id id = 0;
  assert_int_equal(s->service_upsert(s, &v, &id), VT_QS_ONE);
  assert_true(id > 0);
  return id;
}

static vt_id mk_user(struct vt_store *s, const char *email, const vt_id *tenants, size_t n) {
  struct vt_user u = {0};
  snprintf(u.email, sizeof u.email, "%s", email);
  u.name = (char *)"Agente de prueba";
  u.role = VT_ROLE_AGENT;
  u.active = true;
  vt_id id = 0;
  assert_int_equal(s->user_upsert(s, &u, NULL, tenants, n, &id), VT_QS_ONE);
  assert_true(id > 0);
  return id;
}

static void add_identity(struct vt_ticket_new *tn, enum vt_identity_kind k, const char *value) {
  assert_true(tn->n_identities < 4);
  tn->identities[tn->n_identities].kind = k;
  snprintf(tn->identities[tn->n_identities].value, sizeof tn->identities[0].value, "%s", value);
  tn->n_identities++;
}

/* A citizen's web request in tenant at now, with an email identity if given. */
static struct vt_ticket_new tn_init(vt_id tenant, int64_t now, const char *email) {
  struct vt_ticket_new tn;
  memset(&tn, 0, sizeof tn);
  tn.tenant_id = tenant;
  tn.channel = VT_CH_WEB;
  tn.priority = VT_PR_NORMAL;
  tn.subject = "Consulta";
  tn.body = "Quisiera hacer una consulta.";
  tn.citizen_name = "Vecina";
  tn.direction = VT_DIR_IN;
  tn.now = now;
  if (email)
    add_identity(&tn, VT_ID_EMAIL, email);
  return tn;
}

static struct vt_ticket_created create_ok(struct vt_store *s, const struct vt_ticket_new *tn) {
  struct vt_ticket_created out;
  memset(&out, 0, sizeof out);
  assert_int_equal(s->ticket_create(s, tn, &out), VT_QS_ONE);
  assert_true(out.ticket_id > 0);
  assert_true(out.message_id > 0);
  assert_true(out.citizen_id > 0);
  assert_false(out.replayed);
  assert_false(out.idem_conflict);
  return out;
}

static struct vt_ticket_created quick_ticket(struct vt_store *s, vt_id tenant, int64_t now,
                                             const char *email) {
  struct vt_ticket_new tn = tn_init(tenant, now, email);
  return create_ok(s, &tn);
}

static const struct vt_scope ALL = {.all = true};

static struct vt_scope scope_of(vt_id *ids, size_t n) {
  struct vt_scope sc = {.n = n, .tenant_ids = ids};
  return sc;
}

static struct vt_ticket_filter filter_any(int limit) {
  struct vt_ticket_filter f;
  memset(&f, 0, sizeof f);
  f.status = f.channel = f.priority = -1;
  f.limit = limit;
  return f;
}

static size_t count_tickets(struct vt_store *s, const struct vt_scope *sc,
                            const struct vt_ticket_filter *f) {
  struct vt_ticket *items = NULL;
  size_t n = 0;
  assert_int_equal(s->tickets_list(s, sc, f, &items, &n), VT_QS_ONE);
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  return n;
}

static size_t count_all_tickets(struct vt_store *s) {
  struct vt_ticket_filter f = filter_any(10000);
  return count_tickets(s, &ALL, &f);
}

static struct vt_ticket get_ticket(struct vt_store *s, vt_id id) {
  struct vt_ticket t;
  memset(&t, 0, sizeof t);
  assert_int_equal(s->ticket_get(s, &ALL, id, &t), VT_QS_ONE);
  return t;
}

static size_t count_messages(struct vt_store *s, vt_id ticket, bool internal) {
  struct vt_message *m = NULL;
  size_t n = 0;
  assert_int_equal(s->messages_list(s, ticket, internal, &m, &n), VT_QS_ONE);
  VT_RELEASE_ARRAY(m, n, vt_message_release);
  return n;
}

static bool citizen_has_identity(const struct vt_citizen *c, enum vt_identity_kind k,
                                 const char *value) {
  for (size_t i = 0; i < c->n_identities; i++)
    if (c->identities[i].kind == k && !strcmp(c->identities[i].value, value))
      return true;
  return false;
}

static struct vt_message_new msg_init(vt_id ticket, enum vt_direction dir, const char *body,
                                      int64_t now) {
  struct vt_message_new m;
  memset(&m, 0, sizeof m);
  m.ticket_id = ticket;
  m.direction = dir;
  m.channel = VT_CH_WEB;
  m.body = body;
  m.new_status = -1;
  m.now = now;
  return m;
}

static void set_status(struct vt_store *s, vt_id id, enum vt_status st, int64_t now) {
  struct vt_ticket t = get_ticket(s, id);
  struct vt_ticket_patch p = {0};
  p.has_status = true;
  p.status = st;
  assert_int_equal(s->ticket_update(s, id, t.version, &p, 0, NULL, now), VT_QS_ONE);
  vt_ticket_release(&t);
}

/* ---- migrations --------------------------------------------------------- */

static void test_migrate_applies_once(void **state) {
  struct fx *f = *state;
  struct vt_store *s = f->s;
  int applied = -1, version = -1;
  assert_int_equal(s->migrate(s, &applied), VT_QS_ONE);
  assert_true(applied >= 1);
  assert_int_equal(s->schema_version(s, &version), VT_QS_ONE);
  assert_true(version >= 1);
  int first_version = version;

  applied = -1;
  assert_int_equal(s->migrate(s, &applied), VT_QS_ONE);
  assert_int_equal(applied, 0);

  /* And again after reopening the database. */
  s->close(s);
  f->s = s = open_store(f);
  assert_non_null(s);
  applied = -1;
  assert_int_equal(s->migrate(s, &applied), VT_QS_ONE);
  assert_int_equal(applied, 0);
  assert_int_equal(s->schema_version(s, &version), VT_QS_ONE);
  assert_int_equal(version, first_version);
}

/* ---- administrations and catalogue -------------------------------------- */

static void test_tenant_upsert_idempotent_by_code(void **state) {
  struct vt_store *s = S(state);
  vt_id a = mk_tenant(s, "CM", "Comunidad", 0);
  vt_id b = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  assert_int_equal(a, b);
  struct vt_tenant t;
  assert_int_equal(s->tenant_by_code(s, "CM", &t), VT_QS_ONE);
  assert_int_equal(t.id, a);
  assert_string_equal(t.name, "Comunidad de Madrid");
  assert_string_equal(t.timezone, "Europe/Madrid");
  vt_tenant_release(&t);
  struct vt_tenant *items = NULL;
  size_t n = 0;
  assert_int_equal(s->tenants_list(s, &ALL, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  VT_RELEASE_ARRAY(items, n, vt_tenant_release);
  assert_int_equal(s->tenant_by_code(s, "XX", &t), VT_QS_NONE);
}

static void test_tenant_child_has_parent_code(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "ALC", "Ayuntamiento de Alcalá", cm);
  struct vt_tenant t;
  assert_int_equal(s->tenant_get(s, al, &t), VT_QS_ONE);
  assert_int_equal(t.parent_id, cm);
  assert_string_equal(t.parent_code, "CM");
  assert_string_equal(t.code, "ALC");
  vt_tenant_release(&t);
}

static void test_department_upsert_idempotent_by_code(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  vt_id d1 = mk_department(s, cm, "urbanismo", "Urbanismo");
  vt_id d2 = mk_department(s, cm, "urbanismo", "Urbanismo y Vivienda");
  vt_id d3 = mk_department(s, al, "urbanismo", "Urbanismo");
  assert_int_equal(d1, d2);
  assert_true(d3 != d1);
  struct vt_department d;
  assert_int_equal(s->department_by_code(s, cm, "urbanismo", &d), VT_QS_ONE);
  assert_int_equal(d.id, d1);
  assert_string_equal(d.name, "Urbanismo y Vivienda");
  assert_string_equal(d.tenant_code, "CM");
  vt_department_release(&d);
  struct vt_department *items = NULL;
  size_t n = 0;
  assert_int_equal(s->departments_list(s, &ALL, cm, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  VT_RELEASE_ARRAY(items, n, vt_department_release);
}

static void test_service_upsert_idempotent_by_code(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id a = mk_service(s, cm, "padron", "Padrón", "Alta", true);
  vt_id b = mk_service(s, cm, "padron", "Empadronamiento", "Alta en el padrón municipal", true);
  assert_int_equal(a, b);
  struct vt_service v;
  assert_int_equal(s->service_by_code(s, cm, "padron", &v), VT_QS_ONE);
  assert_int_equal(v.id, a);
  assert_string_equal(v.name, "Empadronamiento");
  assert_string_equal(v.description, "Alta en el padrón municipal");
  assert_string_equal(v.requirements_json, "[]");
  assert_int_equal(v.legal_deadline_days, 30);
  assert_true(v.active);
  vt_service_release(&v);
  struct vt_service *items = NULL;
  size_t n = 0;
  assert_int_equal(s->services_list(s, cm, NULL, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  VT_RELEASE_ARRAY(items, n, vt_service_release);
}

static size_t services_found(struct vt_store *s, vt_id tenant, const char *q, const char *want) {
  struct vt_service *items = NULL;
  size_t n = 0;
  assert_int_equal(s->services_list(s, tenant, q, &items, &n), VT_QS_ONE);
  bool seen = want == NULL;
  for (size_t i = 0; i < n; i++)
    if (want && !strcmp(items[i].code, want))
      seen = true;
  VT_RELEASE_ARRAY(items, n, vt_service_release);
  assert_true(seen);
  return n;
}

static void test_services_list_search(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  mk_service(s, cm, "padron", "Empadronamiento", "Alta en el padrón municipal", true);
  mk_service(s, cm, "obra", "Licencia de obra menor", "Reformas en viviendas y locales", true);
  mk_service(s, cm, "baja", "Trámite retirado", "Un servicio que ya no se presta", false);
  mk_service(s, al, "padron", "Empadronamiento en Alcalá", "Alta en el padrón", true);

  assert_int_equal(services_found(s, cm, NULL, "obra"), 2);         /* inactive left out */
  assert_int_equal(services_found(s, cm, "padron", "padron"), 1);   /* accent-insensitive */
  assert_int_equal(services_found(s, cm, "PADRÓN", "padron"), 1);   /* and case */
  assert_int_equal(services_found(s, cm, "empadr", "padron"), 1);   /* prefix */
  assert_int_equal(services_found(s, cm, "licen obra", "obra"), 1); /* all words, prefixes */
  assert_int_equal(services_found(s, cm, "viviendas", "obra"), 1);  /* description */
  assert_int_equal(services_found(s, cm, "licencia padron", NULL), 0);
  assert_int_equal(services_found(s, cm, "retirado", NULL), 0); /* inactive */
  assert_int_equal(services_found(s, cm, "xyzzy", NULL), 0);
  assert_int_equal(services_found(s, cm, "\"padron OR obra*", NULL), 0); /* no FTS syntax */
}

static void test_services_search_follows_upsert(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  mk_service(s, cm, "bici", "Préstamo de bicicletas", "", true);
  assert_int_equal(services_found(s, cm, "bicicletas", "bici"), 1);
  mk_service(s, cm, "bici", "Alquiler de patinetes", "", true);
  assert_int_equal(services_found(s, cm, "bicicletas", NULL), 0);
  assert_int_equal(services_found(s, cm, "patinetes", "bici"), 1);
}

static void test_tenants_expand_includes_descendants(void **state) {
  struct vt_store *s = S(state);
  vt_id a = mk_tenant(s, "A", "Raíz", 0);
  vt_id b = mk_tenant(s, "B", "Hija", a);
  vt_id c = mk_tenant(s, "C", "Nieta", b);
  vt_id d = mk_tenant(s, "D", "Otra raíz", 0);
  vt_id b2 = mk_tenant(s, "B2", "Otra hija", a);

  struct vt_scope sc;
  vt_id roots[2] = {a, 0};
  assert_int_equal(s->tenants_expand(s, roots, 1, &sc), VT_QS_ONE);
  assert_int_equal(sc.n, 4);
  assert_true(vt_scope_has(&sc, a) && vt_scope_has(&sc, b) && vt_scope_has(&sc, c) &&
              vt_scope_has(&sc, b2));
  assert_false(vt_scope_has(&sc, d));
  vt_scope_release(&sc);

  roots[0] = b;
  assert_int_equal(s->tenants_expand(s, roots, 1, &sc), VT_QS_ONE);
  assert_int_equal(sc.n, 2);
  assert_true(vt_scope_has(&sc, b) && vt_scope_has(&sc, c));
  vt_scope_release(&sc);

  /* Overlapping roots: no duplicates. */
  roots[0] = a;
  roots[1] = c;
  assert_int_equal(s->tenants_expand(s, roots, 2, &sc), VT_QS_ONE);
  assert_int_equal(sc.n, 4);
  vt_scope_release(&sc);

  roots[0] = d;
  assert_int_equal(s->tenants_expand(s, roots, 1, &sc), VT_QS_ONE);
  assert_int_equal(sc.n, 1);
  assert_int_equal(sc.tenant_ids[0], d);
  vt_scope_release(&sc);
}

/* ---- reference numbers -------------------------------------------------- */

static void test_reference_sequence_per_tenant(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  assert_string_equal(quick_ticket(s, cm, NOW, "a@example.org").reference, "CM-2026-000001");
  assert_string_equal(quick_ticket(s, cm, NOW, "b@example.org").reference, "CM-2026-000002");
  assert_string_equal(quick_ticket(s, al, NOW, "a@example.org").reference, "AL-2026-000001");
  assert_string_equal(quick_ticket(s, cm, NOW, "c@example.org").reference, "CM-2026-000003");
  assert_string_equal(quick_ticket(s, al, NOW, "d@example.org").reference, "AL-2026-000002");
}

static void test_reference_sequence_per_year(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  assert_string_equal(quick_ticket(s, cm, Y2025 + DAY, "a@example.org").reference,
                      "CM-2025-000001");
  assert_string_equal(quick_ticket(s, cm, Y2026 - 1, "a@example.org").reference, "CM-2025-000002");
  assert_string_equal(quick_ticket(s, cm, Y2026, "a@example.org").reference, "CM-2026-000001");
  assert_string_equal(quick_ticket(s, cm, Y2025 + 2 * DAY, "a@example.org").reference,
                      "CM-2025-000003");
  assert_string_equal(quick_ticket(s, cm, Y2026 + DAY, "a@example.org").reference,
                      "CM-2026-000002");
}

static void test_ticket_by_reference(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.access_token_hash = "feedface";
  struct vt_ticket_created c = create_ok(s, &tn);
  struct vt_ticket t;
  char hash[65];
  assert_int_equal(s->ticket_by_reference(s, c.reference, &t, hash), VT_QS_ONE);
  assert_int_equal(t.id, c.ticket_id);
  assert_string_equal(t.reference, c.reference);
  assert_string_equal(hash, "feedface");
  assert_int_equal(t.status, VT_ST_NEW);
  assert_int_equal(t.created_at, NOW);
  vt_ticket_release(&t);
  assert_int_equal(s->ticket_by_reference(s, "CM-2026-999999", &t, hash), VT_QS_NONE);
}

#define THREADS    16
#define PER_THREAD 50

struct worker {
  struct vt_store *s;
  vt_id tenant;
  int idx;
  int failures;
  char refs[PER_THREAD][40];
};

static void *worker_main(void *arg) {
  struct worker *w = arg;
  char email[64];
  snprintf(email, sizeof email, "hilo%d@example.org", w->idx);
  for (int i = 0; i < PER_THREAD; i++) {
    struct vt_ticket_new tn;
    memset(&tn, 0, sizeof tn);
    tn.tenant_id = w->tenant;
    tn.channel = VT_CH_API;
    tn.priority = VT_PR_NORMAL;
    tn.subject = "Concurrente";
    tn.body = "Muchas peticiones a la vez";
    tn.direction = VT_DIR_IN;
    tn.now = NOW;
    tn.n_identities = 1;
    tn.identities[0].kind = VT_ID_EMAIL;
    snprintf(tn.identities[0].value, sizeof tn.identities[0].value, "%s", email);
    struct vt_ticket_created out;
    if (w->s->ticket_create(w->s, &tn, &out) != VT_QS_ONE || out.replayed) {
      w->failures++;
      w->refs[i][0] = '\0';
      continue;
    }
    memcpy(w->refs[i], out.reference, sizeof w->refs[i]);
  }
  return NULL;
}

static void test_reference_concurrent_unique_no_gaps(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  static struct worker w[THREADS];
  pthread_t th[THREADS];
  for (int i = 0; i < THREADS; i++) {
    memset(&w[i], 0, sizeof w[i]);
    w[i].s = s;
    w[i].tenant = cm;
    w[i].idx = i;
    assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
  }
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_join(th[i], NULL), 0);

  enum { TOTAL = THREADS * PER_THREAD };
  static unsigned char seen[TOTAL + 1];
  memset(seen, 0, sizeof seen);
  for (int i = 0; i < THREADS; i++) {
    assert_int_equal(w[i].failures, 0);
    long prev = 0;
    for (int j = 0; j < PER_THREAD; j++) {
      char code[16];
      int year = 0;
      long seq = 0;
      assert_true(vt_reference_parse(w[i].refs[j], code, sizeof code, &year, &seq));
      assert_string_equal(code, "CM");
      assert_int_equal(year, 2026);
      assert_true(seq >= 1 && seq <= TOTAL);
      if (seen[seq])
        fail_msg("reference %s handed out twice", w[i].refs[j]);
      seen[seq] = 1;
      assert_true(seq > prev); /* one thread's tickets are numbered in its order */
      prev = seq;
    }
  }
  for (long k = 1; k <= TOTAL; k++)
    if (!seen[k])
      fail_msg("sequence number %ld missing", k);
  assert_int_equal(count_all_tickets(s), TOTAL);
  /* The counter continues after the burst. */
  assert_string_equal(quick_ticket(s, cm, NOW, "tras@example.org").reference, "CM-2026-000801");
}

/* Good and failing creations committed in the same groups: each failing
 * one is rolled back alone, the good ones keep a gapless sequence. */
struct mixed_worker {
  struct vt_store *s;
  vt_id tenant;
  int idx;
  bool bad;
  int unexpected;
  long seqs[PER_THREAD];
};

static void *mixed_main(void *arg) {
  struct mixed_worker *w = arg;
  for (int i = 0; i < PER_THREAD; i++) {
    struct vt_ticket_new tn;
    memset(&tn, 0, sizeof tn);
    tn.tenant_id = w->tenant;
    tn.channel = VT_CH_API;
    tn.subject = "Mezcla";
    tn.body = "Unas bien y otras mal";
    tn.direction = VT_DIR_IN;
    tn.now = NOW;
    tn.service_id = w->bad ? 987654 : 0;
    tn.n_identities = 1;
    tn.identities[0].kind = VT_ID_PHONE;
    snprintf(tn.identities[0].value, sizeof tn.identities[0].value, "+346000000%02d", w->idx);
    struct vt_ticket_created out;
    enum vt_qs qs = w->s->ticket_create(w->s, &tn, &out);
    w->seqs[i] = 0;
    if (w->bad) {
      if (qs >= 0)
        w->unexpected++;
      continue;
    }
    if (qs != VT_QS_ONE || !vt_reference_parse(out.reference, NULL, 0, NULL, &w->seqs[i]))
      w->unexpected++;
  }
  return NULL;
}

static void test_concurrent_failures_rolled_back_alone(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  static struct mixed_worker w[THREADS];
  pthread_t th[THREADS];
  for (int i = 0; i < THREADS; i++) {
    memset(&w[i], 0, sizeof w[i]);
    w[i].s = s;
    w[i].tenant = cm;
    w[i].idx = i;
    w[i].bad = i % 2;
    assert_int_equal(pthread_create(&th[i], NULL, mixed_main, &w[i]), 0);
  }
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_join(th[i], NULL), 0);
  enum { GOOD = THREADS / 2 * PER_THREAD };
  static unsigned char seen[GOOD + 1];
  memset(seen, 0, sizeof seen);
  for (int i = 0; i < THREADS; i++) {
    assert_int_equal(w[i].unexpected, 0);
    if (w[i].bad)
      continue;
    for (int j = 0; j < PER_THREAD; j++) {
      long q = w[i].seqs[j];
      if (q < 1 || q > GOOD || seen[q])
        fail_msg("sequence number %ld out of range or repeated", q);
      seen[q] = 1;
    }
  }
  assert_int_equal(count_all_tickets(s), GOOD);
}

/* ---- citizens found by identity ----------------------------------------- */

static void test_citizen_found_by_national_id(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_new tn = tn_init(cm, NOW, "ana@example.org");
  add_identity(&tn, VT_ID_NATIONAL_ID, "12345678Z");
  struct vt_ticket_created c1 = create_ok(s, &tn);

  tn = tn_init(cm, NOW + 1000, "ana.garcia@example.org");
  add_identity(&tn, VT_ID_NATIONAL_ID, "12345678Z");
  add_identity(&tn, VT_ID_PHONE, "+34600111222");
  struct vt_ticket_created c2 = create_ok(s, &tn);
  assert_int_equal(c1.citizen_id, c2.citizen_id);

  struct vt_citizen cz;
  assert_int_equal(s->citizen_get(s, &ALL, c1.citizen_id, &cz), VT_QS_ONE);
  assert_int_equal(cz.n_identities, 4);
  assert_true(citizen_has_identity(&cz, VT_ID_NATIONAL_ID, "12345678Z"));
  assert_true(citizen_has_identity(&cz, VT_ID_EMAIL, "ana@example.org"));
  assert_true(citizen_has_identity(&cz, VT_ID_EMAIL, "ana.garcia@example.org"));
  assert_true(citizen_has_identity(&cz, VT_ID_PHONE, "+34600111222"));
  assert_int_equal(cz.ticket_count, 2);
  vt_citizen_release(&cz);
}

static void test_citizen_found_by_weaker_identity(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c1 = quick_ticket(s, cm, NOW, "luis@example.org");
  struct vt_ticket_new tn = tn_init(cm, NOW, NULL);
  add_identity(&tn, VT_ID_PHONE, "+34600999888");
  add_identity(&tn, VT_ID_EMAIL, "luis@example.org");
  struct vt_ticket_created c2 = create_ok(s, &tn);
  assert_int_equal(c1.citizen_id, c2.citizen_id);
  struct vt_ticket_created c3 = quick_ticket(s, cm, NOW, "otra@example.org");
  assert_true(c3.citizen_id != c1.citizen_id);
}

static void test_citizen_identity_not_stolen(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  /* A owns a@; B is known by DNI. */
  struct vt_ticket_created a = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket_new tn = tn_init(cm, NOW, "b@example.org");
  add_identity(&tn, VT_ID_NATIONAL_ID, "87654321X");
  struct vt_ticket_created b = create_ok(s, &tn);
  assert_true(a.citizen_id != b.citizen_id);

  /* B's DNI with A's email: the DNI decides, the email stays with A. */
  tn = tn_init(cm, NOW, "a@example.org");
  add_identity(&tn, VT_ID_NATIONAL_ID, "87654321X");
  struct vt_ticket_created c = create_ok(s, &tn);
  assert_int_equal(c.citizen_id, b.citizen_id);

  struct vt_citizen cz;
  assert_int_equal(s->citizen_get(s, &ALL, a.citizen_id, &cz), VT_QS_ONE);
  assert_true(citizen_has_identity(&cz, VT_ID_EMAIL, "a@example.org"));
  vt_citizen_release(&cz);
  assert_int_equal(s->citizen_get(s, &ALL, b.citizen_id, &cz), VT_QS_ONE);
  assert_false(citizen_has_identity(&cz, VT_ID_EMAIL, "a@example.org"));
  assert_int_equal(cz.n_identities, 2);
  vt_citizen_release(&cz);

  /* An email-only request still finds A. */
  assert_int_equal(quick_ticket(s, cm, NOW, "a@example.org").citizen_id, a.citizen_id);
}

static void test_citizen_explicit_id_wins(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created a = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket_created b = quick_ticket(s, cm, NOW, "b@example.org");
  struct vt_ticket_new tn = tn_init(cm, NOW, "b@example.org");
  tn.citizen_id = a.citizen_id;
  assert_int_equal(create_ok(s, &tn).citizen_id, a.citizen_id);
  assert_true(b.citizen_id != a.citizen_id);
}

/* ---- replays ------------------------------------------------------------ */

static void test_channel_message_id_replay(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.channel = VT_CH_EMAIL;
  tn.channel_message_id = "<abc@mail.example.org>";
  struct vt_ticket_created first = create_ok(s, &tn);

  struct vt_ticket_created again;
  tn.now = NOW + 5000;
  assert_int_equal(s->ticket_create(s, &tn, &again), VT_QS_ONE);
  assert_true(again.replayed);
  assert_int_equal(again.ticket_id, first.ticket_id);
  assert_int_equal(again.message_id, first.message_id);
  assert_int_equal(again.citizen_id, first.citizen_id);
  assert_string_equal(again.reference, first.reference);
  assert_int_equal(count_all_tickets(s), 1);

  /* The same id on another channel is another message. */
  tn.channel = VT_CH_TELEGRAM;
  struct vt_ticket_created other = create_ok(s, &tn);
  assert_true(other.ticket_id != first.ticket_id);
  assert_int_equal(count_all_tickets(s), 2);
}

static void test_idempotency_key_replay(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_idempotency idem = {"public_request", "key-1", "hash-1"};
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.idem = &idem;
  tn.access_token = "vtr_secret_one";
  tn.access_token_hash = "h1";
  struct vt_ticket_created first = create_ok(s, &tn);

  /* The retry carries a fresh token of its own; the first one comes back. */
  tn.access_token = "vtr_secret_two";
  tn.now = NOW + 60000;
  struct vt_ticket_created again;
  assert_int_equal(s->ticket_create(s, &tn, &again), VT_QS_ONE);
  assert_true(again.replayed);
  assert_false(again.idem_conflict);
  assert_int_equal(again.ticket_id, first.ticket_id);
  assert_string_equal(again.reference, first.reference);
  assert_string_equal(again.access_token, "vtr_secret_one");
  assert_int_equal(count_all_tickets(s), 1);
}

static void test_idempotency_key_other_request_conflicts(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_idempotency idem = {"public_request", "key-1", "hash-1"};
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.idem = &idem;
  tn.access_token = "vtr_secret_one";
  create_ok(s, &tn);

  struct vt_idempotency other = {"public_request", "key-1", "hash-2"};
  tn.idem = &other;
  tn.subject = "Otra cosa";
  struct vt_ticket_created out;
  enum vt_qs qs = s->ticket_create(s, &tn, &out);
  assert_true(out.idem_conflict);
  assert_false(out.replayed);
  assert_true(qs >= 0);
  assert_string_equal(out.access_token, "");
  assert_int_equal(count_all_tickets(s), 1);
}

static void test_idempotency_key_scoped(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_idempotency a = {"user:1", "key-1", "hash-1"};
  struct vt_idempotency b = {"user:2", "key-1", "hash-1"};
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.idem = &a;
  struct vt_ticket_created t1 = create_ok(s, &tn);
  tn.idem = &b;
  struct vt_ticket_created t2 = create_ok(s, &tn);
  assert_true(t1.ticket_id != t2.ticket_id);
}

static void test_idempotency_replay_within_one_day(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_idempotency idem = {"public_request", "key-1", "hash-1"};
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.idem = &idem;
  tn.access_token = "vtr_secret_one";
  struct vt_ticket_created first = create_ok(s, &tn);
  tn.now = NOW + DAY - 1000;
  struct vt_ticket_created again;
  assert_int_equal(s->ticket_create(s, &tn, &again), VT_QS_ONE);
  assert_true(again.replayed);
  assert_int_equal(again.ticket_id, first.ticket_id);
  assert_string_equal(again.access_token, "vtr_secret_one");
}

static void test_idempotency_token_not_returned_after_one_day(void **state) {
  /* The access token is kept 24 h only: a day later the key no longer
   * hands it out (whether the retry then counts as new or as a replay). */
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_idempotency idem = {"public_request", "key-1", "hash-1"};
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.idem = &idem;
  tn.access_token = "vtr_secret_one";
  create_ok(s, &tn);

  tn.now = NOW + DAY + 2000;
  tn.access_token = NULL;
  struct vt_ticket_created again;
  assert_int_equal(s->ticket_create(s, &tn, &again), VT_QS_ONE);
  assert_false(again.idem_conflict);
  assert_string_not_equal(again.access_token, "vtr_secret_one");
}

/* A creation that fails part-way is rolled back whole, reference number
 * included, so the next one takes the number it would have had. */
static void test_failed_creation_leaves_no_gap(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  assert_string_equal(quick_ticket(s, cm, NOW, "a@example.org").reference, "CM-2026-000001");
  struct vt_ticket_new bad = tn_init(cm, NOW, "nuevo@example.org");
  bad.service_id = 987654; /* no such service */
  struct vt_ticket_created out;
  assert_true(s->ticket_create(s, &bad, &out) < 0);
  assert_string_equal(quick_ticket(s, cm, NOW, "b@example.org").reference, "CM-2026-000002");
  assert_int_equal(count_all_tickets(s), 2);
  /* Nor did the failed one leave its new citizen behind. */
  struct vt_citizen *found = NULL;
  size_t n = 0;
  struct vt_identity who = {VT_ID_EMAIL, "nuevo@example.org", false};
  assert_int_equal(s->citizens_search(s, &ALL, NULL, &who, 10, &found, &n), VT_QS_ONE);
  assert_int_equal(n, 0);
  free(found);
}

/* ---- listing and reading tickets ---------------------------------------- */

static void test_tickets_list_scope(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  vt_id other = mk_tenant(s, "OT", "Otra", 0);
  quick_ticket(s, cm, NOW, "a@example.org");
  quick_ticket(s, cm, NOW, "b@example.org");
  quick_ticket(s, al, NOW, "c@example.org");
  struct vt_ticket_filter f = filter_any(100);

  vt_id ids[2] = {cm, al};
  struct vt_scope sc = scope_of(ids, 1);
  struct vt_ticket *items = NULL;
  size_t n = 0;
  assert_int_equal(s->tickets_list(s, &sc, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 2);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(items[i].tenant_id, cm);
    assert_string_equal(items[i].tenant_code, "CM");
  }
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  sc = scope_of(ids, 2);
  assert_int_equal(count_tickets(s, &sc, &f), 3);
  sc = scope_of(&other, 1);
  assert_int_equal(count_tickets(s, &sc, &f), 0);
  sc = scope_of(NULL, 0);
  assert_int_equal(count_tickets(s, &sc, &f), 0);
  assert_int_equal(count_tickets(s, &ALL, &f), 3);

  /* A tenant filter cannot widen the scope. */
  sc = scope_of(ids, 1);
  f.tenant_id = al;
  assert_int_equal(count_tickets(s, &sc, &f), 0);
}

static void test_tickets_list_filters(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  vt_id dep = mk_department(s, cm, "urb", "Urbanismo");
  vt_id agent = mk_user(s, "agente@cm.example.es", &cm, 1);

  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.channel = VT_CH_EMAIL;
  tn.priority = VT_PR_HIGH;
  tn.department_id = dep;
  tn.assignee_id = agent;
  struct vt_ticket_created t1 = create_ok(s, &tn);
  tn = tn_init(cm, NOW, "b@example.org");
  tn.channel = VT_CH_PHONE;
  struct vt_ticket_created t2 = create_ok(s, &tn);
  tn = tn_init(al, NOW, "a@example.org");
  struct vt_ticket_created t3 = create_ok(s, &tn);
  set_status(s, t2.ticket_id, VT_ST_PENDING, NOW + 1);

  struct vt_ticket_filter f = filter_any(100);
  struct vt_ticket *items = NULL;
  size_t n = 0;

  f.status = VT_ST_PENDING;
  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, t2.ticket_id);
  assert_int_equal(items[0].status, VT_ST_PENDING);
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  f = filter_any(100);
  f.channel = VT_CH_EMAIL;
  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, t1.ticket_id);
  assert_int_equal(items[0].channel, VT_CH_EMAIL);
  assert_int_equal(items[0].assignee_id, agent);
  assert_string_equal(items[0].assignee_name, "Agente de prueba");
  assert_int_equal(items[0].department_id, dep);
  assert_string_equal(items[0].department_code, "urb");
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  f = filter_any(100);
  f.priority = VT_PR_HIGH;
  assert_int_equal(count_tickets(s, &ALL, &f), 1);
  f.priority = VT_PR_NORMAL;
  assert_int_equal(count_tickets(s, &ALL, &f), 2);

  f = filter_any(100);
  f.tenant_id = al;
  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, t3.ticket_id);
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  f = filter_any(100);
  f.department_id = dep;
  assert_int_equal(count_tickets(s, &ALL, &f), 1);

  f = filter_any(100);
  f.citizen_id = t1.citizen_id; /* a@ has tickets in CM and AL */
  assert_int_equal(count_tickets(s, &ALL, &f), 2);

  f = filter_any(100);
  f.assignee_id = agent;
  assert_int_equal(count_tickets(s, &ALL, &f), 1);
  f.assignee_id = -1;
  assert_int_equal(count_tickets(s, &ALL, &f), 2);

  /* Filters combine. */
  f = filter_any(100);
  f.tenant_id = cm;
  f.priority = VT_PR_NORMAL;
  f.assignee_id = -1;
  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, t2.ticket_id);
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
}

static void test_tickets_list_text_search(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.subject = "Farola fundida";
  tn.body = "La farola de la calle Mayor lleva una semana apagada.";
  struct vt_ticket_created farola = create_ok(s, &tn);
  tn = tn_init(cm, NOW, "b@example.org");
  tn.subject = "Solicitud de información";
  tn.body = "¿Cuál es el horario de atención?";
  struct vt_ticket_created info = create_ok(s, &tn);
  tn = tn_init(al, NOW, "c@example.org");
  tn.subject = "Otra farola";
  tn.body = "También en Alcalá.";
  create_ok(s, &tn);

  struct vt_ticket_filter f = filter_any(100);
  struct vt_ticket *items = NULL;
  size_t n = 0;
  vt_id ids[1] = {cm};
  struct vt_scope sc = scope_of(ids, 1);

  f.q = "farola";
  assert_int_equal(s->tickets_list(s, &sc, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1); /* Alcalá's is out of scope */
  assert_int_equal(items[0].id, farola.ticket_id);
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  assert_int_equal(count_tickets(s, &ALL, &f), 2);

  f.q = "informacion"; /* without the accent */
  assert_int_equal(s->tickets_list(s, &sc, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, info.ticket_id);
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  f.q = "CUÁL horário"; /* accents where the text has none, and case */
  assert_int_equal(count_tickets(s, &sc, &f), 1);
  f.q = "calle may"; /* words of the body, prefixes */
  assert_int_equal(count_tickets(s, &sc, &f), 1);
  f.q = "farola horario"; /* every word must match */
  assert_int_equal(count_tickets(s, &sc, &f), 0);
  f.q = "inexistente";
  assert_int_equal(count_tickets(s, &sc, &f), 0);

  /* Later messages are searchable too. */
  struct vt_message_new m = msg_init(info.ticket_id, VT_DIR_IN, "Adjunto el justificante.", NOW);
  struct vt_message_added added;
  assert_int_equal(s->message_add(s, &m, &added), VT_QS_ONE);
  f.q = "justificante";
  assert_int_equal(s->tickets_list(s, &sc, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, info.ticket_id);
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  /* A search combines with the other filters. */
  f.q = "farola";
  f.status = VT_ST_RESOLVED;
  assert_int_equal(count_tickets(s, &ALL, &f), 0);
}

/* Words joined by punctuation outside ASCII (Catalan "col·legi", a
 * typographic apostrophe, a dash) are ordinary search input. */
static void test_tickets_list_search_words_joined_by_unicode_punctuation(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
  tn.subject = "Matrícula en el col·legi";
  tn.body = "Farola fundida delante de l’escola d’Alcalá.";
  struct vt_ticket_created c = create_ok(s, &tn);
  static const char *const queries[] = {"col·legi", "d’Alcalá", "farola–fundida"};
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    struct vt_ticket_filter f = filter_any(10);
    f.q = queries[i];
    struct vt_ticket *items = NULL;
    size_t n = 0;
    enum vt_qs qs = s->tickets_list(s, &ALL, &f, &items, &n);
    if (qs != VT_QS_ONE)
      fail_msg("search \"%s\": status %d", queries[i], (int)qs);
    if (n != 1 || items[0].id != c.ticket_id)
      fail_msg("search \"%s\": %zu results", queries[i], n);
    VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  }
}

static void test_tickets_list_cursor_and_limit(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id ids[5];
  for (int i = 0; i < 5; i++)
    ids[i] = quick_ticket(s, cm, NOW + i, "a@example.org").ticket_id;

  struct vt_ticket_filter f = filter_any(2);
  struct vt_ticket *items = NULL;
  size_t n = 0;
  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 2);
  assert_int_equal(items[0].id, ids[4]); /* newest first */
  assert_int_equal(items[1].id, ids[3]);
  f.before_id = items[1].id;
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 2);
  assert_int_equal(items[0].id, ids[2]);
  assert_int_equal(items[1].id, ids[1]);
  f.before_id = items[1].id;
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, ids[0]);
  f.before_id = items[0].id;
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);

  assert_int_equal(count_tickets(s, &ALL, &f), 0);
}

static void test_tickets_list_cursor_with_search(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id ids[4];
  for (int i = 0; i < 4; i++) {
    struct vt_ticket_new tn = tn_init(cm, NOW, "a@example.org");
    tn.subject = i % 2 ? "Bache en la acera" : "Ruido nocturno";
    ids[i] = create_ok(s, &tn).ticket_id;
  }
  struct vt_ticket_filter f = filter_any(1);
  f.q = "bache";
  struct vt_ticket *items = NULL;
  size_t n = 0;
  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, ids[3]);
  f.before_id = items[0].id;
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  assert_int_equal(s->tickets_list(s, &ALL, &f, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, ids[1]);
  f.before_id = items[0].id;
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  assert_int_equal(count_tickets(s, &ALL, &f), 0);
}

static void test_ticket_get_outside_scope_none(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket t;
  struct vt_scope sc = scope_of(&al, 1);
  assert_int_equal(s->ticket_get(s, &sc, c.ticket_id, &t), VT_QS_NONE);
  sc = scope_of(NULL, 0);
  assert_int_equal(s->ticket_get(s, &sc, c.ticket_id, &t), VT_QS_NONE);
  sc = scope_of(&cm, 1);
  assert_int_equal(s->ticket_get(s, &sc, c.ticket_id, &t), VT_QS_ONE);
  assert_int_equal(t.id, c.ticket_id);
  assert_int_equal(t.citizen_id, c.citizen_id);
  assert_string_equal(t.citizen_name, "Vecina");
  assert_string_equal(t.subject, "Consulta");
  assert_int_equal(t.version, 1);
  vt_ticket_release(&t);
  assert_int_equal(s->ticket_get(s, &ALL, c.ticket_id + 1000, &t), VT_QS_NONE);
}

/* ---- changing tickets --------------------------------------------------- */

static void test_ticket_update_compare_and_set(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id agent = mk_user(s, "agente@cm.example.es", &cm, 1);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  int64_t v = t.version;
  vt_ticket_release(&t);

  struct vt_ticket_patch p = {0};
  p.has_priority = true;
  p.priority = VT_PR_URGENT;
  p.has_assignee = true;
  p.assignee_id = agent;
  assert_int_equal(
      s->ticket_update(s, c.ticket_id, v, &p, agent, "{\"priority\":\"urgent\"}", NOW + 1000),
      VT_QS_ONE);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.version, v + 1);
  assert_int_equal(t.priority, VT_PR_URGENT);
  assert_int_equal(t.assignee_id, agent);
  assert_int_equal(t.updated_at, NOW + 1000);
  vt_ticket_release(&t);

  /* A writer holding the old version loses and changes nothing. */
  struct vt_ticket_patch stale = {0};
  stale.has_priority = true;
  stale.priority = VT_PR_LOW;
  assert_int_equal(s->ticket_update(s, c.ticket_id, v, &stale, agent, NULL, NOW + 2000),
                   VT_QS_NONE);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.version, v + 1);
  assert_int_equal(t.priority, VT_PR_URGENT);
  assert_int_equal(t.updated_at, NOW + 1000);
  vt_ticket_release(&t);

  /* Clearing the assignee. */
  struct vt_ticket_patch clear = {0};
  clear.has_assignee = true;
  assert_int_equal(s->ticket_update(s, c.ticket_id, v + 1, &clear, agent, NULL, NOW + 3000),
                   VT_QS_ONE);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.assignee_id, 0);
  assert_int_equal(t.priority, VT_PR_URGENT);
  vt_ticket_release(&t);

  assert_int_equal(s->ticket_update(s, c.ticket_id + 1000, 1, &p, agent, NULL, NOW), VT_QS_NONE);
}

static void test_ticket_update_resolved_sets_and_reopen_clears(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.resolved_at, 0);
  vt_ticket_release(&t);

  set_status(s, c.ticket_id, VT_ST_RESOLVED, NOW + 1000);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.status, VT_ST_RESOLVED);
  assert_int_equal(t.resolved_at, NOW + 1000);
  assert_int_equal(t.closed_at, 0);
  vt_ticket_release(&t);

  set_status(s, c.ticket_id, VT_ST_OPEN, NOW + 2000);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.status, VT_ST_OPEN);
  assert_int_equal(t.resolved_at, 0);
  vt_ticket_release(&t);
}

static void test_ticket_update_closed_sets_closed_at(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  set_status(s, c.ticket_id, VT_ST_RESOLVED, NOW + 1000);
  set_status(s, c.ticket_id, VT_ST_CLOSED, NOW + 2000);
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.status, VT_ST_CLOSED);
  assert_int_equal(t.closed_at, NOW + 2000);
  assert_int_equal(t.resolved_at, NOW + 1000); /* kept from the resolution */
  vt_ticket_release(&t);
}

/* ---- messages ----------------------------------------------------------- */

static void test_message_add_changes_status(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  int64_t v = t.version;
  vt_ticket_release(&t);

  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_IN, "Sin cambio de estado", NOW + 1);
  struct vt_message_added out;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_ONE);
  assert_true(out.message_id > 0);
  assert_false(out.replayed);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.status, VT_ST_NEW);
  assert_int_equal(t.version, v + 1); /* a message is a change: stale editors must reload */
  vt_ticket_release(&t);

  m = msg_init(c.ticket_id, VT_DIR_OUT, "Le atendemos", NOW + 2);
  m.new_status = VT_ST_PENDING;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_ONE);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.status, VT_ST_PENDING);
  assert_int_equal(t.updated_at, NOW + 2);
  vt_ticket_release(&t);
}

static void test_message_add_reopen_clears_resolved_at(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  set_status(s, c.ticket_id, VT_ST_RESOLVED, NOW + 1);
  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_IN, "Sigue sin funcionar", NOW + 2);
  m.new_status = VT_ST_OPEN;
  struct vt_message_added out;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_ONE);
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.status, VT_ST_OPEN);
  assert_int_equal(t.resolved_at, 0);
  vt_ticket_release(&t);
}

static void test_message_add_first_response_once(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id agent = mk_user(s, "agente@cm.example.es", &cm, 1);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");

  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_OUT, "Primera respuesta", NOW + 1000);
  m.author_user_id = agent;
  m.set_first_response = true;
  struct vt_message_added out;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_ONE);
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.first_response_at, NOW + 1000);
  vt_ticket_release(&t);

  m = msg_init(c.ticket_id, VT_DIR_OUT, "Segunda respuesta", NOW + 2000);
  m.author_user_id = agent;
  m.set_first_response = true;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_ONE);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.first_response_at, NOW + 1000);
  vt_ticket_release(&t);
}

static void test_message_add_without_flag_keeps_first_response_empty(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_IN, "Otra cosa más", NOW + 1000);
  struct vt_message_added out;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_ONE);
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.first_response_at, 0);
  vt_ticket_release(&t);
}

static void test_message_add_closed_ticket_refused(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  set_status(s, c.ticket_id, VT_ST_CLOSED, NOW + 1);
  struct vt_ticket t = get_ticket(s, c.ticket_id);
  int64_t v = t.version;
  vt_ticket_release(&t);

  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_IN, "¿Hola?", NOW + 2);
  m.new_status = VT_ST_OPEN;
  struct vt_message_added out;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_NONE);
  assert_int_equal(count_messages(s, c.ticket_id, true), 1);
  t = get_ticket(s, c.ticket_id);
  assert_int_equal(t.status, VT_ST_CLOSED);
  assert_int_equal(t.version, v);
  vt_ticket_release(&t);

  /* A missing ticket too. */
  m.ticket_id = c.ticket_id + 1000;
  assert_int_equal(s->message_add(s, &m, &out), VT_QS_NONE);
}

static void test_message_add_channel_message_id_replay(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_IN, "Por Telegram", NOW + 1);
  m.channel = VT_CH_TELEGRAM;
  m.channel_message_id = "tg-42";
  m.author_citizen_id = c.citizen_id;
  struct vt_message_added first, again;
  assert_int_equal(s->message_add(s, &m, &first), VT_QS_ONE);
  assert_false(first.replayed);
  m.now = NOW + 2;
  assert_int_equal(s->message_add(s, &m, &again), VT_QS_ONE);
  assert_true(again.replayed);
  assert_int_equal(again.message_id, first.message_id);
  assert_int_equal(count_messages(s, c.ticket_id, true), 2);

  struct vt_message got;
  assert_int_equal(s->message_get(s, first.message_id, &got), VT_QS_ONE);
  assert_string_equal(got.channel_message_id, "tg-42");
  assert_int_equal(got.channel, VT_CH_TELEGRAM);
  assert_int_equal(got.author_citizen_id, c.citizen_id);
  assert_string_equal(got.author_name, "Vecina");
  assert_string_equal(got.body, "Por Telegram");
  vt_message_release(&got);
}

static void test_message_add_idempotency_key(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_idempotency idem = {"user:1", "reply-1", "h1"};
  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_OUT, "Respuesta", NOW + 1);
  m.idem = &idem;
  struct vt_message_added first, again;
  assert_int_equal(s->message_add(s, &m, &first), VT_QS_ONE);
  assert_int_equal(s->message_add(s, &m, &again), VT_QS_ONE);
  assert_true(again.replayed);
  assert_int_equal(again.message_id, first.message_id);
  struct vt_idempotency other = {"user:1", "reply-1", "h2"};
  m.idem = &other;
  assert_true(s->message_add(s, &m, &again) >= 0);
  assert_true(again.idem_conflict);
  assert_int_equal(count_messages(s, c.ticket_id, true), 2);
}

static void test_messages_list_internal(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id agent = mk_user(s, "agente@cm.example.es", &cm, 1);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_message_new m = msg_init(c.ticket_id, VT_DIR_OUT, "Nota interna", NOW + 1);
  m.internal = true;
  m.author_user_id = agent;
  struct vt_message_added note, reply;
  assert_int_equal(s->message_add(s, &m, &note), VT_QS_ONE);
  m = msg_init(c.ticket_id, VT_DIR_OUT, "Respuesta pública", NOW + 2);
  m.author_user_id = agent;
  assert_int_equal(s->message_add(s, &m, &reply), VT_QS_ONE);

  struct vt_message *items = NULL;
  size_t n = 0;
  assert_int_equal(s->messages_list(s, c.ticket_id, true, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 3);
  assert_int_equal(items[0].id, c.message_id); /* oldest first */
  assert_string_equal(items[0].body, "Quisiera hacer una consulta.");
  assert_int_equal(items[0].direction, VT_DIR_IN);
  assert_int_equal(items[1].id, note.message_id);
  assert_true(items[1].internal);
  assert_string_equal(items[1].author_name, "Agente de prueba");
  assert_int_equal(items[2].id, reply.message_id);
  assert_false(items[2].internal);
  assert_string_equal(items[2].attachments_json, "[]");
  VT_RELEASE_ARRAY(items, n, vt_message_release);

  assert_int_equal(s->messages_list(s, c.ticket_id, false, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 2);
  for (size_t i = 0; i < n; i++)
    assert_false(items[i].internal);
  assert_int_equal(items[0].id, c.message_id);
  assert_int_equal(items[1].id, reply.message_id);
  VT_RELEASE_ARRAY(items, n, vt_message_release);
}

/* ---- citizens ----------------------------------------------------------- */

static void test_citizen_merge_moves_identities_and_tickets(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id agent = mk_user(s, "agente@cm.example.es", &cm, 1);
  struct vt_ticket_created a = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket_new tn = tn_init(cm, NOW, NULL);
  add_identity(&tn, VT_ID_PHONE, "+34600111222");
  struct vt_ticket_created b = create_ok(s, &tn);
  assert_true(a.citizen_id != b.citizen_id);

  assert_int_equal(s->citizen_merge(s, a.citizen_id, b.citizen_id, agent, NOW + 1), VT_QS_ONE);

  struct vt_citizen cz;
  assert_int_equal(s->citizen_get(s, &ALL, b.citizen_id, &cz), VT_QS_ONE);
  assert_int_equal(cz.merged_into, a.citizen_id);
  assert_int_equal(cz.n_identities, 0);
  vt_citizen_release(&cz);
  assert_int_equal(s->citizen_get(s, &ALL, a.citizen_id, &cz), VT_QS_ONE);
  assert_int_equal(cz.merged_into, 0);
  assert_true(citizen_has_identity(&cz, VT_ID_EMAIL, "a@example.org"));
  assert_true(citizen_has_identity(&cz, VT_ID_PHONE, "+34600111222"));
  assert_int_equal(cz.ticket_count, 2);
  vt_citizen_release(&cz);

  struct vt_ticket t = get_ticket(s, b.ticket_id);
  assert_int_equal(t.citizen_id, a.citizen_id);
  vt_ticket_release(&t);
  struct vt_message msg;
  assert_int_equal(s->message_get(s, b.message_id, &msg), VT_QS_ONE);
  assert_int_equal(msg.author_citizen_id, a.citizen_id);
  vt_message_release(&msg);

  /* The merged record's identity now leads to the survivor. */
  tn = tn_init(cm, NOW + 2, NULL);
  add_identity(&tn, VT_ID_PHONE, "+34600111222");
  assert_int_equal(create_ok(s, &tn).citizen_id, a.citizen_id);
}

static void test_citizen_merge_refuses_merged_record(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created a = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket_created b = quick_ticket(s, cm, NOW, "b@example.org");
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "c@example.org");
  assert_int_equal(s->citizen_merge(s, a.citizen_id, b.citizen_id, 0, NOW + 1), VT_QS_ONE);
  /* b is gone as a live record: neither side of a merge. */
  assert_int_equal(s->citizen_merge(s, c.citizen_id, b.citizen_id, 0, NOW + 2), VT_QS_NONE);
  assert_int_equal(s->citizen_merge(s, b.citizen_id, c.citizen_id, 0, NOW + 2), VT_QS_NONE);
  /* Nor a record that does not exist. */
  assert_int_equal(s->citizen_merge(s, c.citizen_id, c.citizen_id + 1000, 0, NOW + 2), VT_QS_NONE);

  struct vt_citizen cz;
  assert_int_equal(s->citizen_get(s, &ALL, b.citizen_id, &cz), VT_QS_ONE);
  assert_int_equal(cz.merged_into, a.citizen_id);
  vt_citizen_release(&cz);
  assert_int_equal(s->citizen_get(s, &ALL, c.citizen_id, &cz), VT_QS_ONE);
  assert_int_equal(cz.merged_into, 0);
  assert_true(citizen_has_identity(&cz, VT_ID_EMAIL, "c@example.org"));
  assert_int_equal(cz.ticket_count, 1);
  vt_citizen_release(&cz);
}

static void test_citizen_merge_with_itself_refused(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created a = quick_ticket(s, cm, NOW, "a@example.org");
  assert_int_equal(s->citizen_merge(s, a.citizen_id, a.citizen_id, 0, NOW + 1), VT_QS_NONE);
  struct vt_citizen cz;
  assert_int_equal(s->citizen_get(s, &ALL, a.citizen_id, &cz), VT_QS_ONE);
  assert_int_equal(cz.merged_into, 0);
  vt_citizen_release(&cz);
}

static void test_citizen_get_scope(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  struct vt_ticket_created a = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_citizen cz;
  struct vt_scope sc = scope_of(&al, 1);
  assert_int_equal(s->citizen_get(s, &sc, a.citizen_id, &cz), VT_QS_NONE);
  /* Once the person has a ticket with AL, AL sees them (and only its tickets). */
  quick_ticket(s, al, NOW, "a@example.org");
  assert_int_equal(s->citizen_get(s, &sc, a.citizen_id, &cz), VT_QS_ONE);
  assert_int_equal(cz.ticket_count, 1);
  vt_citizen_release(&cz);
}

static void test_citizen_timeline_newest_first_scoped(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", 0);
  struct vt_ticket_created t1 = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket_created t2 = quick_ticket(s, al, NOW + 10, "a@example.org");
  assert_int_equal(t1.citizen_id, t2.citizen_id);
  struct vt_message_new m = msg_init(t1.ticket_id, VT_DIR_IN, "Añado un dato", NOW + 20);
  struct vt_message_added added;
  assert_int_equal(s->message_add(s, &m, &added), VT_QS_ONE);
  set_status(s, t2.ticket_id, VT_ST_PENDING, NOW + 30);
  /* Someone else's ticket stays out. */
  quick_ticket(s, cm, NOW + 40, "b@example.org");

  struct vt_timeline_item *items = NULL;
  size_t n = 0;
  assert_int_equal(s->citizen_timeline(s, &ALL, t1.citizen_id, 0, 50, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 4);
  for (size_t i = 1; i < n; i++)
    assert_true(items[i - 1].event_id > items[i].event_id);
  assert_string_equal(items[0].action, "ticket_updated");
  assert_int_equal(items[0].ticket_id, t2.ticket_id);
  assert_string_equal(items[0].reference, t2.reference);
  assert_string_equal(items[0].tenant_code, "AL");
  assert_string_equal(items[1].action, "message_added");
  assert_int_equal(items[1].message_id, added.message_id);
  assert_string_equal(items[1].m.body, "Añado un dato");
  assert_string_equal(items[2].action, "ticket_created");
  assert_int_equal(items[2].ticket_id, t2.ticket_id);
  assert_string_equal(items[3].action, "ticket_created");
  assert_int_equal(items[3].ticket_id, t1.ticket_id);
  assert_int_equal(items[3].message_id, t1.message_id);
  assert_string_equal(items[3].m.body, "Quisiera hacer una consulta.");
  vt_id cursor = items[1].event_id;
  VT_RELEASE_ARRAY(items, n, vt_timeline_item_release);

  /* Limit and cursor. */
  assert_int_equal(s->citizen_timeline(s, &ALL, t1.citizen_id, 0, 1, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_string_equal(items[0].action, "ticket_updated");
  VT_RELEASE_ARRAY(items, n, vt_timeline_item_release);
  assert_int_equal(s->citizen_timeline(s, &ALL, t1.citizen_id, cursor, 50, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 2);
  for (size_t i = 0; i < n; i++)
    assert_true(items[i].event_id < cursor);
  VT_RELEASE_ARRAY(items, n, vt_timeline_item_release);

  /* CM's agents see only what happened at CM. */
  struct vt_scope sc = scope_of(&cm, 1);
  assert_int_equal(s->citizen_timeline(s, &sc, t1.citizen_id, 0, 50, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 2);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(items[i].ticket_id, t1.ticket_id);
    assert_string_equal(items[i].tenant_code, "CM");
  }
  VT_RELEASE_ARRAY(items, n, vt_timeline_item_release);
  sc = scope_of(NULL, 0);
  assert_int_equal(s->citizen_timeline(s, &sc, t1.citizen_id, 0, 50, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 0);
  free(items);
}

static void test_citizen_timeline_follows_merge(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created a = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_ticket_created b = quick_ticket(s, cm, NOW + 1, "b@example.org");
  assert_int_equal(s->citizen_merge(s, a.citizen_id, b.citizen_id, 0, NOW + 2), VT_QS_ONE);
  struct vt_timeline_item *items = NULL;
  size_t n = 0;
  assert_int_equal(s->citizen_timeline(s, &ALL, a.citizen_id, 0, 50, &items, &n), VT_QS_ONE);
  assert_int_equal(n, 2);
  assert_int_equal(items[0].ticket_id, b.ticket_id);
  assert_int_equal(items[1].ticket_id, a.ticket_id);
  VT_RELEASE_ARRAY(items, n, vt_timeline_item_release);
}

/* ---- the event log ------------------------------------------------------ */

static void test_events_append_only(void **state) {
  struct fx *f = *state;
  struct vt_store *s = f->s;
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  set_status(s, c.ticket_id, VT_ST_OPEN, NOW + 1);
  s->close(s);
  f->s = NULL;

  struct raw db;
  raw_open(f, &db);
  const char *count = "SELECT count(*) FROM events";
  long before = raw_long(&db, count);
  assert_int_equal(before, 2);
  assert_false(raw_exec(&db, "UPDATE events SET action = 'forged'"));
  assert_false(raw_exec(&db, "DELETE FROM events"));
  if (pg_backend) /* SQLite has no TRUNCATE; on PostgreSQL it skips row triggers */
    assert_false(raw_exec(&db, "TRUNCATE events"));
  assert_int_equal(raw_long(&db, count), before);
  /* Appending still works. */
  assert_true(raw_exec(&db, "INSERT INTO events(at, actor_kind, action, object_kind, object_id)"
                            " VALUES (1, 'system', 'test', 'ticket', 1)"));
  assert_int_equal(raw_long(&db, count), before + 1);
  raw_close(&db);
}

/* ---- users, tokens, sessions, throttling -------------------------------- */

static void test_token_user(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id u = mk_user(s, "agente@cm.example.es", &cm, 1);
  char token[VT_TOKEN_CHARS + 8], hash[VT_TOKEN_HASH_HEX + 1];
  vt_token_new("vtk_", token, sizeof token);
  vt_token_hash(token, hash);
  assert_int_equal(s->token_create(s, u, hash, "script", NOW), VT_QS_ONE);
  vt_id got = 0;
  assert_int_equal(s->token_user(s, hash, &got), VT_QS_ONE);
  assert_int_equal(got, u);
  assert_int_equal(s->token_user(s, "0000", &got), VT_QS_NONE);
  /* The same hash cannot be issued twice. */
  assert_int_equal(s->token_create(s, u, hash, "again", NOW), VT_QS_NONE);
}

static void test_token_of_inactive_user_refused(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id u = mk_user(s, "agente@cm.example.es", &cm, 1);
  assert_int_equal(s->token_create(s, u, "tokenhash", NULL, NOW), VT_QS_ONE);
  struct vt_user usr = {0};
  snprintf(usr.email, sizeof usr.email, "agente@cm.example.es");
  usr.name = (char *)"Agente de prueba";
  usr.role = VT_ROLE_AGENT;
  usr.active = false;
  vt_id same = 0;
  assert_int_equal(s->user_upsert(s, &usr, NULL, NULL, 0, &same), VT_QS_ONE);
  assert_int_equal(same, u);
  vt_id got = 0;
  assert_int_equal(s->token_user(s, "tokenhash", &got), VT_QS_NONE);
}

static void test_user_upsert_and_tenants(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id al = mk_tenant(s, "AL", "Alcalá", cm);
  vt_id ot = mk_tenant(s, "OT", "Otra", 0);
  vt_id both[2] = {cm, ot};
  struct vt_user in = {0};
  snprintf(in.email, sizeof in.email, "sup@cm.example.es");
  in.name = (char *)"Supervisora";
  in.role = VT_ROLE_SUPERVISOR;
  in.active = true;
  vt_id u = 0;
  assert_int_equal(s->user_upsert(s, &in, "argon2-hash", both, 2, &u), VT_QS_ONE);
  struct vt_user got;
  assert_int_equal(s->user_by_email(s, "sup@cm.example.es", &got), VT_QS_ONE);
  assert_int_equal(got.id, u);
  assert_int_equal(got.role, VT_ROLE_SUPERVISOR);
  assert_string_equal(got.password_hash, "argon2-hash");
  vt_user_release(&got);

  /* Re-upsert without a password keeps it; the tenant list is replaced. */
  vt_id u2 = 0;
  assert_int_equal(s->user_upsert(s, &in, NULL, &cm, 1, &u2), VT_QS_ONE);
  assert_int_equal(u2, u);
  assert_int_equal(s->user_by_email(s, "sup@cm.example.es", &got), VT_QS_ONE);
  assert_string_equal(got.password_hash, "argon2-hash");
  vt_user_release(&got);
  vt_id *ids = NULL;
  size_t n = 0;
  assert_int_equal(s->user_tenants(s, u, &ids, &n), VT_QS_ONE);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], cm);
  free(ids);

  /* Serving CM covers its child AL, not the unrelated OT. */
  assert_int_equal(s->user_serves_tenant(s, u, cm), VT_QS_ONE);
  assert_int_equal(s->user_serves_tenant(s, u, al), VT_QS_ONE);
  assert_int_equal(s->user_serves_tenant(s, u, ot), VT_QS_NONE);
}

static void test_session_get_rejects_expired(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id u = mk_user(s, "agente@cm.example.es", &cm, 1);
  assert_int_equal(s->session_create(s, "sesshash", u, "csrf-token-1", NOW, NOW + 3600000),
                   VT_QS_ONE);
  vt_id got = 0;
  char csrf[80];
  assert_int_equal(s->session_get(s, "sesshash", NOW + 1000, &got, csrf), VT_QS_ONE);
  assert_int_equal(got, u);
  assert_string_equal(csrf, "csrf-token-1");
  assert_int_equal(s->session_get(s, "sesshash", NOW + 3600000 + 1, &got, csrf), VT_QS_NONE);
  assert_int_equal(s->session_get(s, "other", NOW + 1000, &got, csrf), VT_QS_NONE);
}

static void test_session_delete(void **state) {
  struct vt_store *s = S(state);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id u = mk_user(s, "agente@cm.example.es", &cm, 1);
  assert_int_equal(s->session_create(s, "sesshash", u, "csrf", NOW, NOW + 3600000), VT_QS_ONE);
  assert_int_equal(s->session_delete(s, "sesshash"), VT_QS_ONE);
  vt_id got = 0;
  char csrf[80];
  assert_int_equal(s->session_get(s, "sesshash", NOW + 1000, &got, csrf), VT_QS_NONE);
}

static void test_login_failures_window_and_clear(void **state) {
  struct vt_store *s = S(state);
  const char *k = "acct:agente@cm.example.es";
  for (int i = 0; i < 3; i++)
    assert_int_equal(s->login_failure_add(s, k, NOW + i * 60000), VT_QS_ONE);
  assert_int_equal(s->login_failure_add(s, "ip:abc", NOW), VT_QS_ONE);
  long count = -1;
  assert_int_equal(s->login_failures(s, k, NOW - 1000, &count), VT_QS_ONE);
  assert_int_equal(count, 3);
  assert_int_equal(s->login_failures(s, k, NOW + 30000, &count), VT_QS_ONE);
  assert_int_equal(count, 2);
  assert_int_equal(s->login_failures(s, k, NOW + 10 * 60000, &count), VT_QS_ONE);
  assert_int_equal(count, 0);
  assert_int_equal(s->login_failures(s, "acct:nobody", 0, &count), VT_QS_ONE);
  assert_int_equal(count, 0);

  assert_int_equal(s->login_failures_clear(s, k), VT_QS_ONE);
  assert_int_equal(s->login_failures(s, k, 0, &count), VT_QS_ONE);
  assert_int_equal(count, 0);
  /* Other keys are untouched. */
  assert_int_equal(s->login_failures(s, "ip:abc", 0, &count), VT_QS_ONE);
  assert_int_equal(count, 1);
}

/* ---- satisfaction surveys ------------------------------------------------ */

static void survey_policy_on(struct vt_store *s, int days) {
  s->survey_policy.enabled = true;
  s->survey_policy.min_interval_days = days;
  s->survey_policy.default_smtp = true;
  snprintf(s->survey_policy.mail_domain, sizeof s->survey_policy.mail_domain, "test.example");
}

static enum vt_qs survey_of(struct vt_store *s, vt_id ticket, struct vt_survey *v) {
  memset(v, 0, sizeof *v);
  return s->survey_of_ticket(s, &ALL, ticket, v);
}

static void test_survey_offered_once_and_answered_once(void **state) {
  struct vt_store *s = S(state);
  survey_policy_on(s, 30);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  vt_id mos = mk_tenant(s, "MOS", "Ayuntamiento de Móstoles", 0);
  struct vt_ticket_created c = quick_ticket(s, cm, NOW, "a@example.org");
  struct vt_survey v;
  assert_int_equal(survey_of(s, c.ticket_id, &v), VT_QS_NONE);
  set_status(s, c.ticket_id, VT_ST_RESOLVED, NOW + 1000);
  assert_int_equal(survey_of(s, c.ticket_id, &v), VT_QS_ONE);
  vt_id id = v.id;
  assert_string_equal(v.delivered_via, "email"); /* no access token: by email only */
  assert_string_equal(v.channel, "web");
  assert_string_equal(v.lang, "es");
  assert_int_equal(v.sent_at, NOW + 1000);
  assert_int_equal(v.answered_at, 0);
  assert_int_equal(v.citizen_id, c.citizen_id);
  vt_survey_release(&v);
  long n = 0;
  assert_int_equal(s->outbox_count_to(s, "a@example.org", "survey", 0, &n), VT_QS_ONE);
  assert_int_equal(n, 1);

  /* Reopened and resolved again: the same survey, no second invitation. */
  set_status(s, c.ticket_id, VT_ST_OPEN, NOW + 2000);
  set_status(s, c.ticket_id, VT_ST_RESOLVED, NOW + 3000);
  assert_int_equal(survey_of(s, c.ticket_id, &v), VT_QS_ONE);
  assert_int_equal(v.id, id);
  vt_survey_release(&v);
  assert_int_equal(s->outbox_count_to(s, "a@example.org", "survey", 0, &n), VT_QS_ONE);
  assert_int_equal(n, 1);

  /* By the hash of the link's token. */
  char hash[VT_TOKEN_HASH_HEX + 1];
  vt_token_hash("vts_prueba", hash);
  assert_int_equal(s->survey_by_token(s, hash, &v), VT_QS_NONE);
  assert_int_equal(s->survey_token_set(s, id, hash), VT_QS_ONE);
  assert_int_equal(s->survey_by_token(s, hash, &v), VT_QS_ONE);
  assert_int_equal(v.ticket_id, c.ticket_id);
  assert_string_equal(v.tenant_code, "CM");
  vt_survey_release(&v);

  /* Answered once. */
  struct vt_survey_answer a = {.csat = 4, .fcr = 0, .ces = -1, .nps = 10, .comment = "Bien"};
  assert_int_equal(s->survey_answer(s, id, &a, NOW + 5000), VT_QS_ONE);
  struct vt_survey_answer again = {.csat = 1, .fcr = -1, .ces = -1, .nps = -1};
  assert_int_equal(s->survey_answer(s, id, &again, NOW + 6000), VT_QS_NONE);
  assert_int_equal(survey_of(s, c.ticket_id, &v), VT_QS_ONE);
  assert_int_equal(v.answered_at, NOW + 5000);
  assert_int_equal(v.csat, 4);
  assert_int_equal(v.fcr, 0);
  assert_int_equal(v.ces, -1);
  assert_int_equal(v.nps, 10);
  assert_string_equal(v.comment, "Bien");
  vt_survey_release(&v);

  /* Scoped: another administration sees none. */
  vt_id only_mos[1] = {mos}, only_cm[1] = {cm};
  struct vt_scope sm = scope_of(only_mos, 1), sc = scope_of(only_cm, 1);
  assert_int_equal(s->survey_of_ticket(s, &sm, c.ticket_id, &v), VT_QS_NONE);
  struct vt_survey_filter flt = {.limit = 10};
  struct vt_survey *items = NULL;
  size_t count = 0;
  assert_int_equal(s->surveys_list(s, &sm, &flt, &items, &count), VT_QS_ONE);
  assert_int_equal(count, 0);
  VT_RELEASE_ARRAY(items, count, vt_survey_release);
  flt.answered_only = true;
  flt.from = NOW;
  flt.to = NOW + DAY;
  assert_int_equal(s->surveys_list(s, &sc, &flt, &items, &count), VT_QS_ONE);
  assert_int_equal(count, 1);
  VT_RELEASE_ARRAY(items, count, vt_survey_release);
  flt.from = NOW + DAY;
  flt.to = 0;
  assert_int_equal(s->surveys_list(s, &sc, &flt, &items, &count), VT_QS_ONE);
  assert_int_equal(count, 0);
  VT_RELEASE_ARRAY(items, count, vt_survey_release);
}

static void test_survey_interval_confidential_and_off(void **state) {
  struct vt_store *s = S(state);
  survey_policy_on(s, 30);
  vt_id cm = mk_tenant(s, "CM", "Comunidad de Madrid", 0);
  struct vt_survey v;
  struct vt_ticket_created c1 = quick_ticket(s, cm, NOW, "b@example.org");
  set_status(s, c1.ticket_id, VT_ST_RESOLVED, NOW + 1000);
  assert_int_equal(survey_of(s, c1.ticket_id, &v), VT_QS_ONE);
  vt_survey_release(&v);
  /* The same person within 30 days: none. */
  struct vt_ticket_created c2 = quick_ticket(s, cm, NOW + DAY, "b@example.org");
  assert_int_equal(c2.citizen_id, c1.citizen_id);
  set_status(s, c2.ticket_id, VT_ST_RESOLVED, NOW + 29 * DAY);
  assert_int_equal(survey_of(s, c2.ticket_id, &v), VT_QS_NONE);
  /* After them, resolved by an agent's reply (message_add with a status). */
  struct vt_ticket_created c3 = quick_ticket(s, cm, NOW + 2 * DAY, "b@example.org");
  struct vt_message_new mn = {.ticket_id = c3.ticket_id,
                              .direction = VT_DIR_OUT,
                              .channel = VT_CH_WEB,
                              .body = "Hecho.",
                              .new_status = VT_ST_RESOLVED,
                              .now = NOW + 31 * DAY};
  struct vt_message_added added;
  assert_int_equal(s->message_add(s, &mn, &added), VT_QS_ONE);
  assert_int_equal(survey_of(s, c3.ticket_id, &v), VT_QS_ONE);
  vt_survey_release(&v);
  /* Confidential: none. */
  struct vt_ticket_new tn = tn_init(cm, NOW, "c@example.org");
  tn.confidential = true;
  struct vt_ticket_created c4 = create_ok(s, &tn);
  set_status(s, c4.ticket_id, VT_ST_RESOLVED, NOW + 1000);
  assert_int_equal(survey_of(s, c4.ticket_id, &v), VT_QS_NONE);
  /* No way to reach the person (a phone number only): none. */
  struct vt_ticket_new tp = tn_init(cm, NOW, NULL);
  tp.channel = VT_CH_PHONE;
  add_identity(&tp, VT_ID_PHONE, "+34600111222");
  struct vt_ticket_created c5 = create_ok(s, &tp);
  set_status(s, c5.ticket_id, VT_ST_RESOLVED, NOW + 1000);
  assert_int_equal(survey_of(s, c5.ticket_id, &v), VT_QS_NONE);
  /* Surveys off: none. */
  s->survey_policy.enabled = false;
  struct vt_ticket_created c6 = quick_ticket(s, cm, NOW, "d@example.org");
  set_status(s, c6.ticket_id, VT_ST_RESOLVED, NOW + 1000);
  assert_int_equal(survey_of(s, c6.ticket_id, &v), VT_QS_NONE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void) {
  vt_log_threshold = VT_LOG_WARN;
  if (vt_crypto_init() != 0)
    return 1;
  const char *backend = getenv("VT_TEST_BACKEND");
  pg_backend = backend && !strcmp(backend, "postgres");
  if (backend && *backend && !pg_backend && strcmp(backend, "sqlite") != 0) {
    fprintf(stderr, "VT_TEST_BACKEND must be sqlite or postgres, not '%s'\n", backend);
    return 1;
  }
  pg_base = getenv("VT_TEST_PG_BASE");
  if (pg_backend && (!pg_base || !*pg_base)) {
    fprintf(stderr, "VT_TEST_BACKEND=postgres needs VT_TEST_PG_BASE, a postgresql:// URL of a "
                    "cluster (tests/run.sh starts one with tests/pg.sh)\n");
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_migrate_applies_once, setup_bare, teardown),
      T(test_tenant_upsert_idempotent_by_code),
      T(test_tenant_child_has_parent_code),
      T(test_department_upsert_idempotent_by_code),
      T(test_service_upsert_idempotent_by_code),
      T(test_services_list_search),
      T(test_services_search_follows_upsert),
      T(test_tenants_expand_includes_descendants),
      T(test_reference_sequence_per_tenant),
      T(test_reference_sequence_per_year),
      T(test_ticket_by_reference),
      T(test_reference_concurrent_unique_no_gaps),
      T(test_concurrent_failures_rolled_back_alone),
      T(test_citizen_found_by_national_id),
      T(test_citizen_found_by_weaker_identity),
      T(test_citizen_identity_not_stolen),
      T(test_citizen_explicit_id_wins),
      T(test_channel_message_id_replay),
      T(test_idempotency_key_replay),
      T(test_idempotency_key_other_request_conflicts),
      T(test_idempotency_key_scoped),
      T(test_idempotency_replay_within_one_day),
      T(test_idempotency_token_not_returned_after_one_day),
      T(test_failed_creation_leaves_no_gap),
      T(test_tickets_list_scope),
      T(test_tickets_list_filters),
      T(test_tickets_list_text_search),
      T(test_tickets_list_search_words_joined_by_unicode_punctuation),
      T(test_tickets_list_cursor_and_limit),
      T(test_tickets_list_cursor_with_search),
      T(test_ticket_get_outside_scope_none),
      T(test_ticket_update_compare_and_set),
      T(test_ticket_update_resolved_sets_and_reopen_clears),
      T(test_ticket_update_closed_sets_closed_at),
      T(test_message_add_changes_status),
      T(test_message_add_reopen_clears_resolved_at),
      T(test_message_add_first_response_once),
      T(test_message_add_without_flag_keeps_first_response_empty),
      T(test_message_add_closed_ticket_refused),
      T(test_message_add_channel_message_id_replay),
      T(test_message_add_idempotency_key),
      T(test_messages_list_internal),
      T(test_citizen_merge_moves_identities_and_tickets),
      T(test_citizen_merge_refuses_merged_record),
      T(test_citizen_merge_with_itself_refused),
      T(test_citizen_get_scope),
      T(test_citizen_timeline_newest_first_scoped),
      T(test_citizen_timeline_follows_merge),
      T(test_events_append_only),
      T(test_token_user),
      T(test_token_of_inactive_user_refused),
      T(test_user_upsert_and_tenants),
      T(test_session_get_rejects_expired),
      T(test_session_delete),
      T(test_login_failures_window_and_clear),
      T(test_survey_offered_once_and_answered_once),
      T(test_survey_interval_confidential_and_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
