/* The PostgreSQL backend's engine room: the connection pool, prepared
 * statements, the transaction runner and migrations. Durability is
 * PostgreSQL's own (synchronous_commit=on: COMMIT returns after the WAL
 * flush, which the server groups across concurrent sessions). */
#include "store/postgres/pg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/words.h"

#define MAX_TX_RETRIES 5

/* ---- parameters and results ---- */

void vt_pg_text(struct vt_pg_params *p, const char *s) {
  if (p->n >= VT_PG_MAX_PARAMS)
    abort();
  p->values[p->n++] = s;
}

void vt_pg_int(struct vt_pg_params *p, int64_t v) {
  if (p->n >= VT_PG_MAX_PARAMS)
    abort();
  snprintf(p->buf[p->n], sizeof p->buf[p->n], "%" PRId64, v);
  p->values[p->n] = p->buf[p->n];
  p->n++;
}

void vt_pg_id(struct vt_pg_params *p, vt_id id) {
  if (id)
    vt_pg_int(p, id);
  else
    vt_pg_text(p, NULL);
}

void vt_pg_bool(struct vt_pg_params *p, bool b) { vt_pg_text(p, b ? "t" : "f"); }

char *vt_pg_scope_array(const struct vt_scope *s) {
  size_t cap = 3 + s->n * 21;
  char *out = malloc(cap);
  if (!out)
    abort();
  size_t len = 0;
  out[len++] = '{';
  for (size_t i = 0; i < s->n; i++)
    len +=
        (size_t)snprintf(out + len, cap - len, "%s%lld", i ? "," : "", (long long)s->tenant_ids[i]);
  out[len++] = '}';
  out[len] = '\0';
  return out;
}

char *vt_pg_conf_params(struct vt_pg_params *p, const struct vt_scope *scope) {
  struct vt_scope depts = {.n = scope->n_conf_depts, .tenant_ids = scope->conf_dept_ids};
  char *arr = vt_pg_scope_array(&depts);
  vt_pg_bool(p, scope->all || scope->conf_all);
  vt_pg_int(p, scope->user_id);
  vt_pg_text(p, arr);
  return arr;
}

char *vt_pg_dup(const PGresult *r, int row, int col) {
  if (PQgetisnull(r, row, col))
    return NULL;
  return strdup(PQgetvalue(r, row, col));
}

void vt_pg_copy(const PGresult *r, int row, int col, char *out, size_t n) {
  const char *v = PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
  snprintf(out, n, "%s", v);
}

int64_t vt_pg_int64(const PGresult *r, int row, int col) {
  if (PQgetisnull(r, row, col))
    return 0;
  return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

bool vt_pg_bool_at(const PGresult *r, int row, int col) {
  return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

char *vt_pg_tsquery(const char *q) {
  /* Each word a prefix term, all required: "padron:* & ibi:*". Words hold
   * only letters, marks and digits, so no tsquery syntax gets through. */
  struct vt_buf b = VT_BUF_INIT;
  const char *word;
  size_t len;
  while (vt_next_word(&q, &word, &len)) {
    if (b.len)
      vt_buf_append(&b, " & ");
    vt_buf_append_mem(&b, word, len);
    vt_buf_append(&b, ":*");
  }
  return b.data ? vt_buf_steal(&b) : NULL;
}

/* ---- executing ---- */

static enum vt_qs classify(PGconn *conn, const PGresult *r) {
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return VT_QS_ONE;
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  if (PQstatus(conn) != CONNECTION_OK)
    return VT_QS_SOFT;
  if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
    return VT_QS_SOFT;
  if (state && !strncmp(state, "23", 2)) /* integrity constraint violation */
    return VT_QS_NONE;
  /* The message names the statement's problem, never bound values. */
  VT_ERROR("postgres: %s%s", state ? state : "",
           r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  return VT_QS_HARD;
}

static unsigned hash_sql(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* The name of sql's prepared statement on c, preparing it on first use. */
static const char *prepared_name(struct vt_pg_conn *c, const char *sql, int nparams) {
  unsigned h = hash_sql(sql) % VT_PG_CACHE;
  for (unsigned i = 0; i < VT_PG_CACHE; i++) {
    unsigned k = (h + i) % VT_PG_CACHE;
    if (c->prepared[k].sql && !strcmp(c->prepared[k].sql, sql))
      return c->prepared[k].name;
    if (!c->prepared[k].sql) {
      snprintf(c->prepared[k].name, sizeof c->prepared[k].name, "vt%u", k);
      PGresult *r = PQprepare(c->conn, c->prepared[k].name, sql, nparams, NULL);
      enum vt_qs qs = classify(c->conn, r);
      PQclear(r);
      if (qs != VT_QS_ONE)
        return NULL;
      c->prepared[k].sql = strdup(sql);
      c->n_prepared++;
      return c->prepared[k].name;
    }
  }
  return NULL; /* cache full: run unprepared */
}

PGresult *vt_pg_exec(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p,
                     enum vt_qs *qs) {
  int n = p ? p->n : 0;
  const char *const *values = p ? p->values : NULL;
  const char *name = prepared_name(c, sql, n);
  PGresult *r;
  if (name)
    r = PQexecPrepared(c->conn, name, n, values, NULL, NULL, 0);
  else
    r = PQexecParams(c->conn, sql, n, NULL, values, NULL, NULL, 0);
  *qs = classify(c->conn, r);
  return r;
}

enum vt_qs vt_pg_run(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p) {
  enum vt_qs qs;
  PQclear(vt_pg_exec(c, sql, p, &qs));
  return qs;
}

enum vt_qs vt_pg_must_run(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p) {
  enum vt_qs qs = vt_pg_run(c, sql, p);
  return qs == VT_QS_NONE ? VT_QS_HARD : qs;
}

enum vt_qs vt_pg_read_one(struct vt_store *s, const char *sql, const struct vt_pg_params *p,
                          vt_pg_row_fn fn, void *out) {
  struct vt_pg_conn *c = vt_pg_acquire(vt_pg(s));
  if (!c)
    return VT_QS_SOFT;
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, p, &qs);
  if (qs == VT_QS_ONE) {
    if (PQntuples(r) > 0)
      fn(r, 0, out);
    else
      qs = VT_QS_NONE;
  } else if (qs == VT_QS_NONE) {
    qs = VT_QS_HARD; /* a read cannot break a constraint */
  }
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  return qs;
}

enum vt_qs vt_pg_read_many(struct vt_store *s, const char *sql, const struct vt_pg_params *p,
                           size_t elem_size, vt_pg_row_fn fn, void **items, size_t *n) {
  *items = NULL;
  *n = 0;
  struct vt_pg_conn *c = vt_pg_acquire(vt_pg(s));
  if (!c)
    return VT_QS_SOFT;
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, p, &qs);
  if (qs == VT_QS_ONE) {
    size_t rows = (size_t)PQntuples(r);
    if (rows) {
      char *arr = calloc(rows, elem_size);
      if (!arr)
        abort();
      for (size_t i = 0; i < rows; i++)
        fn(r, (int)i, arr + i * elem_size);
      *items = arr;
      *n = rows;
    }
  } else if (qs == VT_QS_NONE) {
    qs = VT_QS_HARD;
  }
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  return qs;
}

static void forget_prepared(struct vt_pg_conn *c) {
  for (int i = 0; i < VT_PG_CACHE; i++) {
    free(c->prepared[i].sql);
    c->prepared[i].sql = NULL;
  }
  c->n_prepared = 0;
}

static enum vt_qs simple(struct vt_pg_conn *c, const char *sql) {
  PGresult *r = PQexec(c->conn, sql);
  enum vt_qs qs = classify(c->conn, r);
  PQclear(r);
  return qs;
}

/* ---- the pool ---- */

static bool connect_one(struct vt_pg *pg, struct vt_pg_conn *c) {
  if (c->conn && PQstatus(c->conn) == CONNECTION_OK)
    return true;
  if (c->conn) {
    PQreset(c->conn); /* the server forgot our prepared statements */
    forget_prepared(c);
  } else {
    c->conn = PQconnectdb(pg->conninfo);
  }
  if (PQstatus(c->conn) != CONNECTION_OK) {
    VT_ERROR("cannot connect to PostgreSQL: %s", PQerrorMessage(c->conn));
    return false;
  }
  /* Every session speaks UTC and UTF-8, whatever the server's defaults. */
  /* Notices (e.g. "the query contains only stop words") would go to stderr
   * outside the JSON log; they carry nothing an operator needs. Generic
   * plans: every statement is prepared with parameters, and re-planning the
   * six-way join of the ticket list for each call cost 5 ms against 1 ms of
   * execution (PostgreSQL's default kept choosing custom plans). */
  PGresult *r = PQexec(c->conn, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8';"
                                " SET client_min_messages = warning;"
                                " SET plan_cache_mode = force_generic_plan");
  PQclear(r);
  return true;
}

struct vt_pg_conn *vt_pg_acquire(struct vt_pg *pg) {
  pthread_mutex_lock(&pg->lock);
  struct vt_pg_conn *c = NULL;
  for (;;) {
    for (int i = 0; i < pg->size && !c; i++)
      if (!pg->conns[i].in_use)
        c = &pg->conns[i];
    if (c)
      break;
    pthread_cond_wait(&pg->freed, &pg->lock);
  }
  c->in_use = true;
  pthread_mutex_unlock(&pg->lock);
  if (!connect_one(pg, c)) {
    vt_pg_release(pg, c);
    return NULL;
  }
  return c;
}

void vt_pg_release(struct vt_pg *pg, struct vt_pg_conn *c) {
  pthread_mutex_lock(&pg->lock);
  c->in_use = false;
  pthread_cond_signal(&pg->freed);
  pthread_mutex_unlock(&pg->lock);
}

/* Every node's hub (ours too) must hear that events were committed. Not by
 * a NOTIFY inside each transaction: that takes PostgreSQL's global notify
 * lock across the commit's WAL flush and serialises every writer of the
 * database. Nor one per request: the notifier thread sends one for all the
 * commits of the last few milliseconds. */
static void want_notify(struct vt_pg *pg) {
  pthread_mutex_lock(&pg->lock);
  pg->notify_wanted = true;
  pthread_cond_signal(&pg->notify_cond);
  pthread_mutex_unlock(&pg->lock);
}

static void *notifier_main(void *arg) {
  struct vt_pg *pg = arg;
  PGconn *conn = NULL;
  pthread_mutex_lock(&pg->lock);
  for (;;) {
    while (!pg->notify_wanted && !pg->notifier_stopping)
      pthread_cond_wait(&pg->notify_cond, &pg->lock);
    if (!pg->notify_wanted)
      break;
    pg->notify_wanted = false;
    pthread_mutex_unlock(&pg->lock);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
      if (conn)
        PQfinish(conn);
      conn = PQconnectdb(pg->conninfo);
    }
    if (PQstatus(conn) == CONNECTION_OK)
      PQclear(PQexec(conn, "NOTIFY vt_events"));
    else
      VT_WARN("event notifier: cannot reach PostgreSQL; other nodes will poll");
    usleep(5000);
    pthread_mutex_lock(&pg->lock);
  }
  pthread_mutex_unlock(&pg->lock);
  if (conn)
    PQfinish(conn);
  return NULL;
}

/* One attempt of fn on c, inside BEGIN/COMMIT when in_tx. */
static enum vt_qs attempt_once(struct vt_pg *pg, struct vt_pg_conn *c, vt_pg_tx_fn fn, void *arg,
                               bool in_tx) {
  c->notify_pending = false;
  enum vt_qs qs = in_tx ? simple(c, "BEGIN") : VT_QS_ONE;
  if (qs != VT_QS_ONE)
    return qs;
  qs = fn(c, arg);
  if (qs < 0) {
    if (in_tx)
      simple(c, "ROLLBACK");
    return qs;
  }
  if (in_tx) {
    enum vt_qs cq = simple(c, "COMMIT");
    if (cq != VT_QS_ONE)
      return cq == VT_QS_NONE ? VT_QS_HARD : cq; /* a deferred constraint at commit */
  }
  if (c->notify_pending)
    want_notify(pg);
  return qs;
}

/* Retries SOFT failures (busy pool, serialization, deadlock, lost
 * connection) with back-off, on a fresh connection of the pool each time. */
static enum vt_qs run_with_retries(struct vt_pg *pg, vt_pg_tx_fn fn, void *arg, bool in_tx) {
  enum vt_qs qs = VT_QS_HARD;
  for (int attempt = 0; attempt <= MAX_TX_RETRIES; attempt++) {
    if (attempt)
      usleep(1000u << attempt);
    struct vt_pg_conn *c = vt_pg_acquire(pg);
    if (!c) {
      qs = VT_QS_SOFT;
      continue;
    }
    qs = attempt_once(pg, c, fn, arg, in_tx);
    vt_pg_release(pg, c);
    if (qs != VT_QS_SOFT)
      return qs;
  }
  return qs;
}

enum vt_qs vt_pg_autocommit(struct vt_pg *pg, vt_pg_tx_fn fn, void *arg) {
  return run_with_retries(pg, fn, arg, false);
}

enum vt_qs vt_pg_tx(struct vt_pg *pg, vt_pg_tx_fn fn, void *arg) {
  return run_with_retries(pg, fn, arg, true);
}

/* ---- events (shared by tickets and citizens) ---- */

enum vt_qs vt_pg_event(struct vt_pg_conn *c, vt_id tenant_id, int64_t at, const char *actor_kind,
                       vt_id actor_id, const char *action, const char *object_kind, vt_id object_id,
                       vt_id ticket_id, vt_id citizen_id, vt_id message_id, const char *data_json) {
  struct vt_pg_params p = {0};
  vt_pg_id(&p, tenant_id);
  vt_pg_int(&p, at);
  vt_pg_text(&p, actor_kind);
  vt_pg_id(&p, actor_id);
  vt_pg_text(&p, action);
  vt_pg_text(&p, object_kind);
  vt_pg_int(&p, object_id);
  vt_pg_id(&p, ticket_id);
  vt_pg_id(&p, citizen_id);
  vt_pg_id(&p, message_id);
  vt_pg_text(&p, data_json);
  enum vt_qs qs = vt_pg_run(
      c,
      "INSERT INTO events(tenant_id, at, actor_kind, actor_id, action, object_kind,"
      " object_id, ticket_id, citizen_id, message_id, data) VALUES ($1, $2, $3, $4, $5, $6, $7,"
      " $8, $9, $10, coalesce($11::jsonb, '{}'))",
      &p);
  c->notify_pending = true;
  return qs == VT_QS_NONE ? VT_QS_HARD : qs;
}

/* ---- migrations ---- */

static const char MIGRATION_PREFIX[] = "src/store/migrations/postgres/";

struct migrate_arg {
  int applied;
};

static enum vt_qs migrate_tx(struct vt_pg_conn *c, void *arg) {
  struct migrate_arg *m = arg;
  m->applied = 0;
  /* Nodes starting together take turns: the lock lasts until COMMIT. */
  enum vt_qs qs = simple(c, "SELECT pg_advisory_xact_lock(7242501)");
  if (qs != VT_QS_ONE)
    return qs;
  qs = simple(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
                 " name text NOT NULL, applied_at bigint NOT NULL)");
  if (qs != VT_QS_ONE)
    return qs;
  for (const struct vt_embedded *e = vt_embedded_files; e->name; e++) {
    if (strncmp(e->name, MIGRATION_PREFIX, sizeof MIGRATION_PREFIX - 1))
      continue;
    const char *base = e->name + sizeof MIGRATION_PREFIX - 1;
    int v = atoi(base);
    struct vt_pg_params p = {0};
    vt_pg_int(&p, v);
    PGresult *r = vt_pg_exec(c, "SELECT 1 FROM schema_migrations WHERE version = $1", &p, &qs);
    bool have = qs == VT_QS_ONE && PQntuples(r) > 0;
    PQclear(r);
    if (qs != VT_QS_ONE)
      return qs;
    if (have)
      continue;
    if ((qs = simple(c, (const char *)e->data)) != VT_QS_ONE)
      return qs == VT_QS_NONE ? VT_QS_HARD : qs;
    struct vt_pg_params q = {0};
    vt_pg_int(&q, v);
    vt_pg_text(&q, base);
    qs = vt_pg_run(c,
                   "INSERT INTO schema_migrations(version, name, applied_at)"
                   " VALUES ($1, $2, (extract(epoch from now()) * 1000)::bigint)",
                   &q);
    if (qs != VT_QS_ONE)
      return VT_QS_HARD;
    m->applied++;
    VT_INFO("applied migration %d", v);
  }
  return VT_QS_ONE;
}

static enum vt_qs pg_migrate(struct vt_store *s, int *applied) {
  struct migrate_arg m = {0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), migrate_tx, &m);
  if (applied)
    *applied = m.applied;
  return qs;
}

static enum vt_qs pg_schema_version(struct vt_store *s, int *version) {
  struct vt_pg_conn *c = vt_pg_acquire(vt_pg(s));
  if (!c)
    return VT_QS_SOFT;
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, "SELECT coalesce(max(version), 0) FROM schema_migrations", NULL, &qs);
  *version = qs == VT_QS_ONE && PQntuples(r) ? (int)vt_pg_int64(r, 0, 0) : 0;
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  return qs;
}

/* ---- open and close ---- */

static void pg_close(struct vt_store *s) {
  struct vt_pg *pg = vt_pg(s);
  if (!pg)
    return;
  if (pg->notifier_running) {
    pthread_mutex_lock(&pg->lock);
    pg->notifier_stopping = true;
    pthread_cond_signal(&pg->notify_cond);
    pthread_mutex_unlock(&pg->lock);
    pthread_join(pg->notifier, NULL);
  }
  for (int i = 0; i < pg->size; i++) {
    forget_prepared(&pg->conns[i]);
    if (pg->conns[i].conn)
      PQfinish(pg->conns[i].conn);
  }
  free(pg->conns);
  if (pg->listen_conn)
    PQfinish(pg->listen_conn);
  pthread_mutex_destroy(&pg->lock);
  pthread_cond_destroy(&pg->freed);
  pthread_cond_destroy(&pg->notify_cond);
  free(pg->conninfo);
  free(pg);
}

struct vt_store *vt_pg_open(const char *conninfo, int pool_size) {
  struct vt_pg *pg = calloc(1, sizeof *pg);
  if (!pg)
    abort();
  pg->conninfo = strdup(conninfo);
  pg->size = pool_size > 0 ? pool_size : 1;
  pg->conns = calloc((size_t)pg->size, sizeof *pg->conns);
  if (!pg->conns)
    abort();
  pthread_mutex_init(&pg->lock, NULL);
  pthread_cond_init(&pg->freed, NULL);
  pthread_cond_init(&pg->notify_cond, NULL);
  pg->base.backend = "postgres";
  pg->base.close = pg_close;
  pg->base.migrate = pg_migrate;
  pg->base.schema_version = pg_schema_version;
  vt_pg_init_catalog(&pg->base);
  vt_pg_init_users(&pg->base);
  vt_pg_init_tickets(&pg->base);
  vt_pg_init_citizens(&pg->base);
  vt_pg_init_events(&pg->base);
  vt_pg_init_files(&pg->base);
  vt_pg_init_mail(&pg->base);
  vt_pg_init_networks(&pg->base);
  vt_pg_init_announcements(&pg->base);
  vt_pg_init_chat(&pg->base);
  vt_pg_init_routing(&pg->base);
  vt_pg_init_agents(&pg->base);
  vt_pg_init_macros(&pg->base);
  vt_pg_init_reports(&pg->base);
  vt_pg_init_sla(&pg->base);
  vt_pg_init_surveys(&pg->base);
  /* Fail now, not at the first request, if the server cannot be reached. */
  struct vt_pg_conn *c = vt_pg_acquire(pg);
  if (!c) {
    pg_close(&pg->base);
    return NULL;
  }
  vt_pg_release(pg, c);
  if (pthread_create(&pg->notifier, NULL, notifier_main, pg) != 0) {
    pg_close(&pg->base);
    return NULL;
  }
  pg->notifier_running = true;
  return &pg->base;
}

enum vt_qs vt_pg_returning_id(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p,
                              vt_id *id) {
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, p, &qs);
  if (qs == VT_QS_ONE && PQntuples(r) == 1) {
    if (id)
      *id = vt_pg_int64(r, 0, 0);
  } else if (qs == VT_QS_ONE) {
    qs = VT_QS_NONE;
  }
  PQclear(r);
  return qs;
}
