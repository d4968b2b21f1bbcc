/* Internals of the SQLite backend, shared by its files: connections with a
 * prepared-statement cache, one reader connection per thread, and one writer
 * thread that commits queued jobs in groups (one fsync for many requests). */
#ifndef VT_SQ_H
#define VT_SQ_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "store/store.h"

#define VT_SQ_CACHE 128

struct vt_sq_conn {
  sqlite3 *db;
  struct {
    char *sql;
    sqlite3_stmt *stmt;
  } cache[VT_SQ_CACHE];
  struct vt_sq_conn *next_open; /* list of every connection, for closing */
};

struct vt_sq_job;

struct vt_sqlite {
  struct vt_store base;
  char *path;
  int busy_timeout_ms;
  pthread_key_t reader_key;
  pthread_mutex_t conns_lock;
  struct vt_sq_conn *conns; /* every reader connection */
  /* The writer: jobs queue under lock; the writer thread takes them all,
   * runs each in a savepoint inside one transaction, commits, wakes them. */
  pthread_t writer;
  bool writer_running, stopping;
  pthread_mutex_t lock;
  pthread_cond_t work;
  struct vt_sq_job *head, *tail;
  struct vt_sq_conn *wconn;
  /* The syncer: committed groups wait here for the fsync of the WAL that
   * makes them durable, while the writer already runs the next group. */
  pthread_t syncer;
  bool syncer_running, sync_stopping;
  pthread_cond_t sync_work;
  struct vt_sq_job *sync_head, *sync_tail;
  int wal_fd;
  /* The search indexer: set by jobs that queue work for it (writer thread
   * only); run by the writer when idle or at least every 200 ms. */
  bool index_dirty;
  int64_t index_last_us;
  /* Bumped after every commit, for the live event stream (under lock). */
  unsigned long events_gen;
  pthread_cond_t events_cond;
  /* Statistics (each written by one thread; read at close). */
  long long stat_batches, stat_jobs, stat_work_us, stat_commit_us, stat_syncs, stat_sync_us;
};

/* A unit of write work. fn runs on the writer's connection inside a
 * transaction and returns an enum vt_qs; on failure its changes are rolled
 * back alone. It may run more than once (on a retried batch), so it must only
 * write its results to arg. */
typedef enum vt_qs (*vt_sq_job_fn)(struct vt_sq_conn *c, void *arg);

struct vt_store *vt_sqlite_open(const char *path, int busy_timeout_ms);

/* Runs fn in the writer and waits until its transaction is durable. */
enum vt_qs vt_sq_write(struct vt_sqlite *s, vt_sq_job_fn fn, void *arg);
/* This thread's reader connection (opened on first use). */
struct vt_sq_conn *vt_sq_reader(struct vt_sqlite *s);

/* A cached prepared statement, reset and unbound, valid until the next call
 * with the same SQL on this connection. NULL after logging on error. */
sqlite3_stmt *vt_sq_prepare(struct vt_sq_conn *c, const char *sql);
/* Steps a statement expected to finish (INSERT/UPDATE): VT_QS_ONE if done,
 * VT_QS_NONE on a constraint violation, SOFT on busy, HARD otherwise. */
enum vt_qs vt_sq_exec(struct vt_sq_conn *c, sqlite3_stmt *st);
enum vt_qs vt_sq_rc(struct vt_sq_conn *c, int rc);
/* Runs literal SQL without parameters (transaction control, pragmas). */
int vt_sq_simple(struct vt_sq_conn *c, const char *sql);

/* Binding helpers: NULL text and zero ids bind SQL NULL. */
void vt_sq_text(sqlite3_stmt *st, int i, const char *s);
void vt_sq_id(sqlite3_stmt *st, int i, vt_id id);
void vt_sq_int(sqlite3_stmt *st, int i, int64_t v);
/* Column helpers: a malloc'd copy (NULL stays NULL), a copy into a buffer. */
char *vt_sq_col_dup(sqlite3_stmt *st, int i);
void vt_sq_col_copy(sqlite3_stmt *st, int i, char *out, size_t outsz);
/* Runs a one-row query and reads it with fn; NONE when there is no row. */
enum vt_qs vt_sq_one_row(struct vt_sq_conn *c, sqlite3_stmt *st,
                         void (*fn)(sqlite3_stmt *, void *), void *out);
/* Reads column 0 as an id into *(vt_id *)out: for vt_sq_one_row on a
 * "... RETURNING id" or a one-id query. */
void vt_sq_id_fn(sqlite3_stmt *st, void *out);
/* Runs a many-row query into a malloc'd array of elem_size items. */
enum vt_qs vt_sq_many_rows(struct vt_sq_conn *c, sqlite3_stmt *st, size_t elem_size,
                           void (*fn)(sqlite3_stmt *, void *), void **items, size_t *n);
/* Turns free text into an FTS5 query of prefix terms, all required; NULL if
 * it has no words. Only letters and digits survive, so no FTS5 syntax can be
 * injected. Caller frees. */
char *vt_sq_fts_query(const char *q);
/* A JSON array of the scope's ids for `tenant_id IN (SELECT value FROM json_each(?))`. */
void vt_sq_bind_scope(sqlite3_stmt *st, int i, const struct vt_scope *scope);
/* A confidential ticket (table alias t) the scope may see (struct
 * vt_scope): its parameters are ?90..?92 in every statement, out of the way
 * of each statement's own, bound by vt_sq_bind_conf. Never NULL (no
 * assignee, no department), so NOT of it is the tickets hidden. */
#define VT_SQ_CONF_VISIBLE(t)                                                                      \
  " coalesce(?90 OR NOT " t ".confidential OR " t ".assignee_id = ?91 OR " t ".department_id IN"   \
  " (SELECT value FROM json_each(?92)), 0)"
void vt_sq_bind_conf(sqlite3_stmt *st, const struct vt_scope *scope);

static inline struct vt_sqlite *vt_sq(struct vt_store *s) { return (struct vt_sqlite *)s; }

/* The columns of a message (m) with its author (u: users, c: citizens), and
 * the reader of those 12 columns starting at col. */
#define VT_SQ_MESSAGE_FIELDS                                                                       \
  "m.id, m.ticket_id, m.direction, m.channel, m.author_user_id, m.author_citizen_id,"              \
  " coalesce(u.name, c.name), m.body, m.internal, m.channel_message_id, m.created_at,"             \
  " (SELECT coalesce(json_group_array(json_object('id', a.id, 'filename', a.filename,"             \
  " 'content_type', a.content_type, 'size', a.size)), '[]') FROM attachments a"                    \
  " WHERE a.message_id = m.id)"
void vt_sq_read_message(sqlite3_stmt *st, int col, struct vt_message *m);

/* Queues a ticket (its text and its citizen's name) or a citizen (name)
 * for the search indexes. Writer jobs only. */
enum vt_qs vt_sq_search_enqueue(struct vt_sq_conn *c, const char *kind, vt_id id);
/* Before a full-text read: if anything is queued, index it now (through the
 * writer) so a search sees every write acknowledged before it. */
enum vt_qs vt_sq_search_catch_up(struct vt_sqlite *s, struct vt_sq_conn *reader);
/* The indexer itself, as a writer job (arg unused). */
enum vt_qs vt_sq_search_index_job(struct vt_sq_conn *c, void *arg);

/* The parts of the vtable each file fills in. */
void vt_sq_init_catalog(struct vt_store *s);
void vt_sq_init_users(struct vt_store *s);
void vt_sq_init_tickets(struct vt_store *s);
void vt_sq_init_citizens(struct vt_store *s);
void vt_sq_init_events(struct vt_store *s);
void vt_sq_init_files(struct vt_store *s);
void vt_sq_init_mail(struct vt_store *s);
void vt_sq_init_networks(struct vt_store *s);
void vt_sq_init_announcements(struct vt_store *s);
/* Queues an email in the writer's transaction (mail.c); o NULL: nothing. */
enum vt_qs vt_sq_outbox_insert(struct vt_sq_conn *c, vt_id tenant_id, vt_id ticket_id,
                               vt_id message_id, const struct vt_outbox_new *o, int64_t now);
/* Attaches uploads to a message inside the writer's transaction (files.c). */
enum vt_qs vt_sq_attach_uploads(struct vt_sq_conn *c, vt_id message_id, const struct vt_attach *a,
                                int64_t now);
/* Opens the live chat of a ticket being created (chat.c). */
enum vt_qs vt_sq_chat_insert(struct vt_sq_conn *c, vt_id ticket_id, vt_id citizen_id,
                             const struct vt_ticket_new *in);
void vt_sq_init_chat(struct vt_store *s);
void vt_sq_init_routing(struct vt_store *s);
void vt_sq_init_agents(struct vt_store *s);
void vt_sq_init_macros(struct vt_store *s);
void vt_sq_init_reports(struct vt_store *s);
void vt_sq_init_sla(struct vt_store *s);
void vt_sq_init_surveys(struct vt_store *s);
/* Offers a ticket its satisfaction survey if pol allows (surveys.c): call
 * in the writer job that may have resolved it; it checks the ticket's
 * status itself and does nothing for a ticket that already had one. */
enum vt_qs vt_sq_survey_offer(struct vt_sq_conn *c, const struct vt_survey_policy *pol,
                              vt_id ticket_id, int64_t now);
/* The SQL functions of the report rollups, on every connection. */
int vt_sq_report_functions(sqlite3 *db);
/* Applies (a bounded part of) report_queue to the rollups; a writer job. */
enum vt_qs vt_sq_report_apply_job(struct vt_sq_conn *c, void *arg);
/* Puts an agent's active chats back in their queues (chat.c); adds to *n. */
enum vt_qs vt_sq_chats_requeue_agent(struct vt_sq_conn *c, vt_id user_id, int64_t now, long *n);
/* Wakes events_wait callers: the writer calls it after each commit. */
void vt_sq_events_committed(struct vt_sqlite *s);

/* Shared by tickets and citizens: appends an event row. */
enum vt_qs vt_sq_event(struct vt_sq_conn *c, vt_id tenant_id, int64_t at, const char *actor_kind,
                       vt_id actor_id, const char *action, const char *object_kind,
                       vt_id object_id, vt_id ticket_id, vt_id citizen_id, vt_id message_id,
                       const char *data_json);

#endif
