/* The SQLite backend's engine room: connections, the statement cache, the
 * group-commit writer and migrations. Readers run in parallel on their own
 * connections (WAL); all writes go through one thread, which commits many
 * requests' work with one fsync, so durability does not cost one disk flush
 * per request. */
#include "store/sqlite/sq.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/words.h"

#define MAX_BATCH         512
#define MAX_BATCH_RETRIES 5

struct vt_sq_job {
  vt_sq_job_fn fn;
  void *arg;
  enum vt_qs result;
  bool finished;
  pthread_cond_t done; /* its own, so finishing a group wakes only its members */
  struct vt_sq_job *next;
};

/* ---- connections and statements ---- */

static unsigned hash_sql(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

sqlite3_stmt *vt_sq_prepare(struct vt_sq_conn *c, const char *sql) {
  unsigned h = hash_sql(sql) % VT_SQ_CACHE;
  for (unsigned i = 0; i < VT_SQ_CACHE; i++) {
    unsigned k = (h + i) % VT_SQ_CACHE;
    if (!c->cache[k].sql) {
      sqlite3_stmt *st;
      if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        VT_ERROR("sqlite prepare failed: %s", sqlite3_errmsg(c->db));
        return NULL;
      }
      c->cache[k].sql = strdup(sql);
      c->cache[k].stmt = st;
      return st;
    }
    if (!strcmp(c->cache[k].sql, sql)) {
      sqlite3_stmt *st = c->cache[k].stmt;
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
      return st;
    }
  }
  /* The cache is full: a statement built from too many shapes. Still serve
   * it, uncached, by evicting the home slot. */
  unsigned k = h;
  sqlite3_finalize(c->cache[k].stmt);
  free(c->cache[k].sql);
  c->cache[k].sql = NULL;
  return vt_sq_prepare(c, sql);
}

enum vt_qs vt_sq_rc(struct vt_sq_conn *c, int rc) {
  switch (rc & 0xff) {
  case SQLITE_DONE:
  case SQLITE_OK:
  case SQLITE_ROW:
    return VT_QS_ONE;
  case SQLITE_CONSTRAINT:
    return VT_QS_NONE;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return VT_QS_SOFT;
  default:
    VT_ERROR("sqlite error %d: %s", rc, sqlite3_errmsg(c->db));
    return VT_QS_HARD;
  }
}

enum vt_qs vt_sq_exec(struct vt_sq_conn *c, sqlite3_stmt *st) {
  if (!st)
    return VT_QS_HARD;
  int rc = sqlite3_step(st);
  enum vt_qs qs = vt_sq_rc(c, rc);
  sqlite3_reset(st);
  return qs;
}

int vt_sq_simple(struct vt_sq_conn *c, const char *sql) {
  char *err = NULL;
  int rc = sqlite3_exec(c->db, sql, NULL, NULL, &err);
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
    VT_ERROR("sqlite: %s", err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  return rc;
}

void vt_sq_text(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

void vt_sq_id(sqlite3_stmt *st, int i, vt_id id) {
  if (id)
    sqlite3_bind_int64(st, i, id);
  else
    sqlite3_bind_null(st, i);
}

void vt_sq_int(sqlite3_stmt *st, int i, int64_t v) { sqlite3_bind_int64(st, i, v); }

char *vt_sq_col_dup(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? strdup((const char *)t) : NULL;
}

void vt_sq_col_copy(sqlite3_stmt *st, int i, char *out, size_t outsz) {
  const unsigned char *t = sqlite3_column_text(st, i);
  size_t n = t ? strlen((const char *)t) : 0;
  if (n >= outsz)
    n = outsz - 1;
  if (n)
    memcpy(out, t, n);
  out[n] = '\0';
}

/* Binds ids as one JSON array: the SQL text stays constant (one prepared
 * statement) whatever their number. */
static void bind_ids(sqlite3_stmt *st, int i, const vt_id *ids, size_t n) {
  size_t cap = 3 + n * 21;
  char *json = malloc(cap);
  if (!json)
    abort();
  size_t len = 0;
  json[len++] = '[';
  for (size_t k = 0; k < n; k++)
    len += (size_t)snprintf(json + len, cap - len, "%s%lld", k ? "," : "", (long long)ids[k]);
  json[len++] = ']';
  json[len] = '\0';
  sqlite3_bind_text(st, i, json, (int)len, free);
}

void vt_sq_bind_scope(sqlite3_stmt *st, int i, const struct vt_scope *scope) {
  bind_ids(st, i, scope->tenant_ids, scope->n);
}

void vt_sq_bind_conf(sqlite3_stmt *st, const struct vt_scope *scope) {
  sqlite3_bind_int(st, 90, scope->all || scope->conf_all);
  sqlite3_bind_int64(st, 91, scope->user_id);
  bind_ids(st, 92, scope->conf_dept_ids, scope->n_conf_depts);
}

enum vt_qs vt_sq_one_row(struct vt_sq_conn *c, sqlite3_stmt *st, void (*fn)(sqlite3_stmt *, void *),
                         void *out) {
  if (!st)
    return VT_QS_HARD;
  int rc = sqlite3_step(st);
  enum vt_qs qs;
  if (rc == SQLITE_ROW) {
    fn(st, out);
    qs = VT_QS_ONE;
  } else {
    qs = rc == SQLITE_DONE ? VT_QS_NONE : vt_sq_rc(c, rc);
  }
  sqlite3_reset(st);
  return qs;
}

void vt_sq_id_fn(sqlite3_stmt *st, void *out) { *(vt_id *)out = sqlite3_column_int64(st, 0); }

enum vt_qs vt_sq_many_rows(struct vt_sq_conn *c, sqlite3_stmt *st, size_t elem_size,
                           void (*fn)(sqlite3_stmt *, void *), void **items, size_t *n) {
  *items = NULL;
  *n = 0;
  if (!st)
    return VT_QS_HARD;
  size_t cap = 0;
  char *arr = NULL;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      arr = realloc(arr, cap * elem_size);
      if (!arr)
        abort();
    }
    fn(st, arr + *n * elem_size);
    (*n)++;
  }
  sqlite3_reset(st);
  *items = arr;
  return rc == SQLITE_DONE ? VT_QS_ONE : vt_sq_rc(c, rc);
}

char *vt_sq_fts_query(const char *q) {
  /* Each word quoted as an FTS5 string and made a prefix; words joined by
   * spaces, which FTS5 reads as AND. */
  struct vt_buf b = VT_BUF_INIT;
  const char *word;
  size_t len;
  while (vt_next_word(&q, &word, &len)) {
    vt_buf_append(&b, b.len ? " \"" : "\"");
    vt_buf_append_mem(&b, word, len);
    vt_buf_append(&b, "\"*");
  }
  return b.data ? vt_buf_steal(&b) : NULL;
}

static struct vt_sq_conn *conn_open(struct vt_sqlite *s, bool writer) {
  struct vt_sq_conn *c = calloc(1, sizeof *c);
  if (!c)
    abort();
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(s->path, &c->db, flags, NULL) != SQLITE_OK) {
    VT_ERROR("cannot open database: %s", c->db ? sqlite3_errmsg(c->db) : "out of memory");
    sqlite3_close(c->db);
    free(c);
    return NULL;
  }
  sqlite3_busy_timeout(c->db, s->busy_timeout_ms);
  sqlite3_extended_result_codes(c->db, 1);
  if (vt_sq_report_functions(c->db) != SQLITE_OK) {
    VT_ERROR("cannot register the report functions: %s", sqlite3_errmsg(c->db));
    sqlite3_close(c->db);
    free(c);
    return NULL;
  }
  /* NORMAL: COMMIT itself does not fsync the WAL; the syncer thread does,
   * before any waiter is acknowledged (see syncer_main). Checkpoints still
   * sync the WAL and the database file as SQLite orders them. */
  /* wal_autocheckpoint: the writer copies the WAL into the database inside
   * a commit every so many pages; every 1,000 (the default) cost a tenth of
   * its throughput under load, every 10,000 (40 MB) does not.
   * journal_size_limit: the WAL file shrinks back after a burst. */
  const char *pragmas = writer
                            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                              "PRAGMA wal_autocheckpoint=10000; PRAGMA journal_size_limit=67108864;"
                              "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                              "PRAGMA cache_size=-65536;"
                            : "PRAGMA foreign_keys=ON; PRAGMA query_only=1;"
                              "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;";
  /* No mmap for readers: the file grows with every checkpoint and each
   * growth remaps every reader's view, whose munmap (a TLB shootdown on
   * every core) was measured at a tenth of all CPU time under writes. */
  if (vt_sq_simple(c, pragmas) != SQLITE_OK) {
    sqlite3_close(c->db);
    free(c);
    return NULL;
  }
  return c;
}

static void conn_close(struct vt_sq_conn *c) {
  for (int i = 0; i < VT_SQ_CACHE; i++) {
    if (c->cache[i].sql) {
      sqlite3_finalize(c->cache[i].stmt);
      free(c->cache[i].sql);
    }
  }
  sqlite3_close(c->db);
  free(c);
}

struct vt_sq_conn *vt_sq_reader(struct vt_sqlite *s) {
  struct vt_sq_conn *c = pthread_getspecific(s->reader_key);
  if (c)
    return c;
  c = conn_open(s, false);
  if (!c)
    return NULL;
  pthread_mutex_lock(&s->conns_lock);
  c->next_open = s->conns;
  s->conns = c;
  pthread_mutex_unlock(&s->conns_lock);
  pthread_setspecific(s->reader_key, c);
  return c;
}

/* ---- the writer ---- */

/* Runs every job of the group in the open transaction. With savepoints,
 * a failing job is rolled back alone; without, the first failure stops the
 * run (returns false) and the caller rolls everything back. */
static bool run_jobs(struct vt_sqlite *s, struct vt_sq_job *batch, bool savepoints) {
  struct vt_sq_conn *c = s->wconn;
  for (struct vt_sq_job *j = batch; j; j = j->next) {
    if (savepoints)
      vt_sq_exec(c, vt_sq_prepare(c, "SAVEPOINT job"));
    j->result = j->fn(c, j->arg);
    if (j->result < 0) {
      if (!savepoints)
        return false;
      vt_sq_exec(c, vt_sq_prepare(c, "ROLLBACK TO job"));
    }
    if (savepoints)
      vt_sq_exec(c, vt_sq_prepare(c, "RELEASE job"));
  }
  return true;
}

/* Runs a group in one transaction. Returns true when it committed (and so
 * awaits its fsync), false when every job already has its final result.
 * Jobs almost never fail, and a savepoint per job costs a copy of every page
 * it touches, so the group first runs without them; only if a job fails is
 * it all rolled back and run again, each job in its own savepoint. */
static bool run_batch(struct vt_sqlite *s, struct vt_sq_job *batch) {
  struct vt_sq_conn *c = s->wconn;
  bool savepoints = false;
  for (int attempt = 0;; attempt++) {
    int64_t t0 = vt_mono_us();
    int rc = vt_sq_simple(c, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK) {
      if (!run_jobs(s, batch, savepoints)) {
        vt_sq_simple(c, "ROLLBACK");
        savepoints = true;
        attempt--; /* not a busy retry */
        continue;
      }
      int64_t t1 = vt_mono_us();
      rc = vt_sq_simple(c, "COMMIT");
      s->stat_batches++;
      for (struct vt_sq_job *j = batch; j; j = j->next)
        s->stat_jobs++;
      s->stat_work_us += t1 - t0;
      s->stat_commit_us += vt_mono_us() - t1;
      if (rc == SQLITE_OK)
        return true;
      vt_sq_simple(c, "ROLLBACK");
    }
    if ((rc & 0xff) != SQLITE_BUSY || attempt >= MAX_BATCH_RETRIES) {
      enum vt_qs r = (rc & 0xff) == SQLITE_BUSY ? VT_QS_SOFT : VT_QS_HARD;
      VT_ERROR("write batch failed after %d attempts: %s", attempt + 1, sqlite3_errstr(rc));
      for (struct vt_sq_job *j = batch; j; j = j->next)
        j->result = r;
      return false;
    }
    usleep(1000u << attempt);
  }
}

static void finish(struct vt_sq_job *list);

/* fsync of the WAL through a descriptor of our own (fsync acts on the file,
 * whichever descriptor asks), opened on first use since SQLite creates the
 * WAL lazily. */
static bool sync_wal(struct vt_sqlite *s) {
  if (s->wal_fd < 0) {
    char *wal = malloc(strlen(s->path) + 5);
    if (!wal)
      abort();
    sprintf(wal, "%s-wal", s->path);
    s->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
    free(wal);
    if (s->wal_fd < 0) {
      VT_ERROR("cannot open the WAL file to sync it: %s", strerror(errno));
      return false;
    }
  }
  if (fdatasync(s->wal_fd) != 0) {
    VT_ERROR("fsync of the WAL failed: %s", strerror(errno));
    return false;
  }
  return true;
}

/* The search indexer and the report rollups run between groups, so they
 * lag by a fraction of a second at most (and searches and reports catch up
 * first anyway). */
static void run_indexer_if_due(struct vt_sqlite *s) {
  int64_t now = vt_mono_us();
  pthread_mutex_lock(&s->lock);
  bool idle = s->head == NULL;
  pthread_mutex_unlock(&s->lock);
  /* Between bursts, index soon (50 ms); under sustained load, every 200 ms:
   * either way in batches big enough to keep FTS5 cheap. */
  if (now - s->index_last_us < (idle ? 50000 : 200000))
    return;
  s->index_last_us = now;
  struct vt_sq_job job = {.fn = vt_sq_search_index_job, .arg = NULL};
  run_batch(s, &job); /* nobody waits for it: no fsync needed before going on */
  /* The report rollups take in their queue the same way (reports catch up
   * first too). */
  struct vt_sq_job report = {.fn = vt_sq_report_apply_job, .arg = NULL};
  run_batch(s, &report);
}

static void *writer_main(void *arg) {
  struct vt_sqlite *s = arg;
  pthread_mutex_lock(&s->lock);
  for (;;) {
    while (!s->head && !s->stopping)
      pthread_cond_wait(&s->work, &s->lock);
    if (!s->head)
      break;
    struct vt_sq_job *batch = s->head, *last = batch;
    int n = 1;
    while (last->next && n < MAX_BATCH) {
      last = last->next;
      n++;
    }
    s->head = last->next;
    if (!s->head)
      s->tail = NULL;
    last->next = NULL;
    pthread_mutex_unlock(&s->lock);

    bool committed = run_batch(s, batch);
    if (committed)
      vt_sq_events_committed(s);

    pthread_mutex_lock(&s->lock);
    if (committed) {
      if (s->sync_tail)
        s->sync_tail->next = batch;
      else
        s->sync_head = batch;
      s->sync_tail = last;
      pthread_cond_signal(&s->sync_work);
    } else {
      finish(batch);
    }
    pthread_mutex_unlock(&s->lock);
    run_indexer_if_due(s);
    pthread_mutex_lock(&s->lock);
  }
  pthread_mutex_unlock(&s->lock);
  return NULL;
}

/* Wakes every job of a list. Called with s->lock held. */
static void finish(struct vt_sq_job *list) {
  for (struct vt_sq_job *j = list, *next; j; j = next) {
    next = j->next; /* j lives on its waiter's stack: read before waking it */
    j->finished = true;
    pthread_cond_signal(&j->done);
  }
}

/* The writer commits with synchronous=NORMAL (no fsync inside COMMIT) and
 * this thread fsyncs the WAL file before any waiter is told its write is
 * done: the same guarantee as synchronous=FULL (an acknowledged write is on
 * disk), but the fsync of one group overlaps the work of the next, and one
 * fsync covers every group committed meanwhile. */
static void *syncer_main(void *arg) {
  struct vt_sqlite *s = arg;
  pthread_mutex_lock(&s->lock);
  for (;;) {
    while (!s->sync_head && !s->sync_stopping)
      pthread_cond_wait(&s->sync_work, &s->lock);
    struct vt_sq_job *list = s->sync_head;
    if (!list)
      break;
    s->sync_head = s->sync_tail = NULL;
    pthread_mutex_unlock(&s->lock);

    int64_t t0 = vt_mono_us();
    bool ok = sync_wal(s);
    s->stat_syncs++;
    s->stat_sync_us += vt_mono_us() - t0;

    pthread_mutex_lock(&s->lock);
    if (!ok)
      for (struct vt_sq_job *j = list; j; j = j->next)
        j->result = VT_QS_HARD;
    finish(list);
  }
  pthread_mutex_unlock(&s->lock);
  return NULL;
}

enum vt_qs vt_sq_write(struct vt_sqlite *s, vt_sq_job_fn fn, void *arg) {
  struct vt_sq_job job = {.fn = fn, .arg = arg, .result = VT_QS_HARD};
  pthread_cond_init(&job.done, NULL);
  pthread_mutex_lock(&s->lock);
  if (s->stopping) {
    pthread_mutex_unlock(&s->lock);
    pthread_cond_destroy(&job.done);
    return VT_QS_HARD;
  }
  if (s->tail)
    s->tail->next = &job;
  else
    s->head = &job;
  s->tail = &job;
  pthread_cond_signal(&s->work);
  while (!job.finished)
    pthread_cond_wait(&job.done, &s->lock);
  pthread_mutex_unlock(&s->lock);
  pthread_cond_destroy(&job.done);
  return job.result;
}

/* ---- migrations ---- */

static const char MIGRATION_PREFIX[] = "src/store/migrations/sqlite/";

static int migration_version(const char *name) {
  const char *base = name + sizeof MIGRATION_PREFIX - 1;
  return atoi(base);
}

struct migrate_job {
  int applied;
  int version;
};

static enum vt_qs migrate_job(struct vt_sq_conn *c, void *arg) {
  struct migrate_job *m = arg;
  m->applied = 0;
  if (vt_sq_simple(
          c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
             " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)") !=
      SQLITE_OK)
    return VT_QS_HARD;
  for (const struct vt_embedded *e = vt_embedded_files; e->name; e++) {
    if (strncmp(e->name, MIGRATION_PREFIX, sizeof MIGRATION_PREFIX - 1))
      continue;
    int v = migration_version(e->name);
    sqlite3_stmt *st = vt_sq_prepare(c, "SELECT 1 FROM schema_migrations WHERE version = ?");
    if (!st)
      return VT_QS_HARD;
    sqlite3_bind_int(st, 1, v);
    int have = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (!have) {
      if (vt_sq_simple(c, (const char *)e->data) != SQLITE_OK)
        return VT_QS_HARD;
      st = vt_sq_prepare(c, "INSERT INTO schema_migrations(version, name, applied_at)"
                            " VALUES (?, ?, strftime('%s','now') * 1000)");
      if (!st)
        return VT_QS_HARD;
      sqlite3_bind_int(st, 1, v);
      vt_sq_text(st, 2, e->name + sizeof MIGRATION_PREFIX - 1);
      if (vt_sq_exec(c, st) != VT_QS_ONE)
        return VT_QS_HARD;
      m->applied++;
      VT_INFO("applied migration %d", v);
    }
    if (v > m->version)
      m->version = v;
  }
  return VT_QS_ONE;
}

static enum vt_qs sq_migrate(struct vt_store *store, int *applied) {
  struct migrate_job m = {0, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(store), migrate_job, &m);
  if (applied)
    *applied = m.applied;
  return qs;
}

static enum vt_qs sq_schema_version(struct vt_store *store, int *version) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(store));
  if (!c)
    return VT_QS_HARD;
  *version = 0;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT max(version) FROM schema_migrations");
  if (!st)
    return VT_QS_NONE; /* no table yet: nothing applied */
  if (sqlite3_step(st) == SQLITE_ROW)
    *version = sqlite3_column_int(st, 0);
  sqlite3_reset(st);
  return VT_QS_ONE;
}

/* ---- open and close ---- */

static void sq_close(struct vt_store *store) {
  struct vt_sqlite *s = vt_sq(store);
  if (!s)
    return;
  if (s->writer_running) {
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_broadcast(&s->work);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->writer, NULL);
  }
  if (s->syncer_running) {
    pthread_mutex_lock(&s->lock);
    s->sync_stopping = true;
    pthread_cond_broadcast(&s->sync_work);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->syncer, NULL);
  }
  if (s->wal_fd >= 0)
    close(s->wal_fd);
  if (s->stat_batches && s->stat_syncs)
    VT_INFO("database writer: %lld jobs in %lld commits (%.1f per commit, %.0f us work and"
            " %.0f us commit each); %lld fsyncs of %.0f us",
            s->stat_jobs, s->stat_batches, (double)s->stat_jobs / (double)s->stat_batches,
            (double)s->stat_work_us / (double)s->stat_batches,
            (double)s->stat_commit_us / (double)s->stat_batches, s->stat_syncs,
            (double)s->stat_sync_us / (double)s->stat_syncs);
  if (s->wconn) {
    /* A clean checkpoint leaves a single database file behind. */
    sqlite3_wal_checkpoint_v2(s->wconn->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    conn_close(s->wconn);
  }
  for (struct vt_sq_conn *c = s->conns, *next; c; c = next) {
    next = c->next_open;
    conn_close(c);
  }
  pthread_key_delete(s->reader_key);
  pthread_mutex_destroy(&s->conns_lock);
  pthread_mutex_destroy(&s->lock);
  pthread_cond_destroy(&s->work);
  pthread_cond_destroy(&s->sync_work);
  pthread_cond_destroy(&s->events_cond);
  free(s->path);
  free(s);
}

struct vt_store *vt_sqlite_open(const char *path, int busy_timeout_ms) {
  if (!sqlite3_threadsafe()) {
    VT_ERROR("this SQLite library was built without thread support");
    return NULL;
  }
  struct vt_sqlite *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->path = strdup(path);
  s->busy_timeout_ms = busy_timeout_ms;
  pthread_key_create(&s->reader_key, NULL);
  pthread_mutex_init(&s->conns_lock, NULL);
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->work, NULL);
  pthread_cond_init(&s->sync_work, NULL);
  pthread_cond_init(&s->events_cond, NULL);
  s->wal_fd = -1;
  s->base.backend = "sqlite";
  s->base.events_in_id_order = true;
  s->base.close = sq_close;
  s->base.migrate = sq_migrate;
  s->base.schema_version = sq_schema_version;
  vt_sq_init_catalog(&s->base);
  vt_sq_init_users(&s->base);
  vt_sq_init_tickets(&s->base);
  vt_sq_init_citizens(&s->base);
  vt_sq_init_events(&s->base);
  vt_sq_init_files(&s->base);
  vt_sq_init_mail(&s->base);
  vt_sq_init_networks(&s->base);
  vt_sq_init_announcements(&s->base);
  vt_sq_init_chat(&s->base);
  vt_sq_init_routing(&s->base);
  vt_sq_init_agents(&s->base);
  vt_sq_init_macros(&s->base);
  vt_sq_init_reports(&s->base);
  vt_sq_init_sla(&s->base);
  vt_sq_init_surveys(&s->base);
  s->wconn = conn_open(s, true);
  if (!s->wconn) {
    sq_close(&s->base);
    return NULL;
  }
  if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
    VT_ERROR("cannot start the database writer thread");
    sq_close(&s->base);
    return NULL;
  }
  s->writer_running = true;
  if (pthread_create(&s->syncer, NULL, syncer_main, s) != 0) {
    VT_ERROR("cannot start the database syncer thread");
    sq_close(&s->base);
    return NULL;
  }
  s->syncer_running = true;
  return &s->base;
}
