/* Internals of the PostgreSQL backend, shared by its files: a pool of
 * connections per node, statements prepared once per connection, a
 * transaction runner that retries serialization failures, and helpers for
 * text-format parameters and results. Several nodes may share one database:
 * nothing here keeps state that another node would need to see. */
#ifndef VT_PG_H
#define VT_PG_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>

#include "store/store.h"

#define VT_PG_CACHE 128
#define VT_PG_MAX_PARAMS 24

struct vt_pg_conn {
  PGconn *conn;
  struct {
    char *sql; /* NULL: free slot */
    char name[24];
  } prepared[VT_PG_CACHE];
  int n_prepared;
  bool in_use;
  bool notify_pending; /* this transaction wrote events: NOTIFY after COMMIT */
};

struct vt_pg {
  struct vt_store base;
  char *conninfo;
  pthread_mutex_t lock;
  pthread_cond_t freed;
  int size;
  struct vt_pg_conn *conns;
  PGconn *listen_conn; /* the hub's LISTEN vt_events connection (events.c) */
  /* The notifier: writers flag that events were committed; one thread sends
   * NOTIFY vt_events for all of them, at most every few milliseconds. */
  pthread_t notifier;
  bool notifier_running, notifier_stopping, notify_wanted;
  pthread_cond_t notify_cond;
};

static inline struct vt_pg *vt_pg(struct vt_store *s) { return (struct vt_pg *)s; }

struct vt_store *vt_pg_open(const char *conninfo, int pool_size);

/* A connection of the pool for this thread's use, waiting while all are
 * busy; NULL if the server cannot be reached. Give it back with release. */
struct vt_pg_conn *vt_pg_acquire(struct vt_pg *pg);
void vt_pg_release(struct vt_pg *pg, struct vt_pg_conn *c);

/* Text-format parameters: the values live in the struct until it goes. */
struct vt_pg_params {
  int n;
  const char *values[VT_PG_MAX_PARAMS];
  char buf[VT_PG_MAX_PARAMS][24];
};
void vt_pg_text(struct vt_pg_params *p, const char *s);  /* NULL -> SQL NULL */
void vt_pg_int(struct vt_pg_params *p, int64_t v);
void vt_pg_id(struct vt_pg_params *p, vt_id id);        /* 0 -> SQL NULL */
void vt_pg_bool(struct vt_pg_params *p, bool b);
/* A scope as a bigint[] literal ("{1,2,3}") for `tenant_id = ANY($n)`;
 * the string is owned by the caller (free). */
char *vt_pg_scope_array(const struct vt_scope *s);
/* A confidential ticket (alias t) the scope may see (struct vt_scope), on
 * three parameters a, b, c ("$4", "$5", "$6") that vt_pg_conf_params
 * appends; it returns the string c points to, for the caller to free. Never
 * NULL (no assignee, no department), so NOT of it is the tickets hidden. */
#define VT_PG_CONF_VISIBLE(t, a, b, c)                                                             \
  " coalesce(" a "::boolean OR NOT " t ".confidential OR " t ".assignee_id = " b "::bigint OR " t  \
  ".department_id = ANY(" c "::bigint[]), false)"
char *vt_pg_conf_params(struct vt_pg_params *p, const struct vt_scope *scope);

/* Executes sql (prepared on first use on this connection) with params.
 * Returns the result (caller PQclear) and its status in *qs: ONE for success
 * (with or without rows), NONE for a unique/foreign-key/check violation,
 * SOFT for serialization failure/deadlock/lost connection, HARD otherwise. */
PGresult *vt_pg_exec(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p,
                     enum vt_qs *qs);
/* Same, for statements whose result is not needed. */
enum vt_qs vt_pg_run(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p);

/* Runs fn in a READ COMMITTED transaction (the statements take the row
 * locks they need), committing when fn returns ONE or NONE and rolling back
 * otherwise; SOFT failures (serialization, deadlock, lost connection) are
 * retried a few times with back-off. fn must be re-runnable. */
typedef enum vt_qs (*vt_pg_tx_fn)(struct vt_pg_conn *c, void *arg);
enum vt_qs vt_pg_tx(struct vt_pg *pg, vt_pg_tx_fn fn, void *arg);
/* Runs fn like vt_pg_tx but without BEGIN/COMMIT: for a single statement,
 * atomic on its own, saving two round trips. */
enum vt_qs vt_pg_autocommit(struct vt_pg *pg, vt_pg_tx_fn fn, void *arg);

/* Reads outside any transaction, on a connection of the pool. */
typedef void (*vt_pg_row_fn)(const PGresult *r, int row, void *out);
/* At most one row, read with fn; NONE when there is none (out untouched). */
enum vt_qs vt_pg_read_one(struct vt_store *s, const char *sql, const struct vt_pg_params *p,
                          vt_pg_row_fn fn, void *out);
/* Rows into a malloc'd array of elem_size items (NULL when empty; caller
 * releases items and array); nothing is handed back on failure. */
enum vt_qs vt_pg_read_many(struct vt_store *s, const char *sql, const struct vt_pg_params *p,
                           size_t elem_size, vt_pg_row_fn fn, void **items, size_t *n);
/* Inside a transaction, a write that must succeed: a constraint saying no
 * there is a bug, so NONE becomes HARD (the runner then rolls back). */
enum vt_qs vt_pg_must_run(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p);

/* Result helpers. */
char *vt_pg_dup(const PGresult *r, int row, int col);                     /* NULL stays NULL */
void vt_pg_copy(const PGresult *r, int row, int col, char *out, size_t n); /* "" for NULL */
int64_t vt_pg_int64(const PGresult *r, int row, int col);                 /* 0 for NULL */
bool vt_pg_bool_at(const PGresult *r, int row, int col);                  /* 't' */

/* Full-text query for to_tsquery('vt_search', $n): every word of q as a
 * prefix term, all required ("padron:* & ibi:*"); only letters and digits
 * survive. NULL when q has no words. Caller frees. */
char *vt_pg_tsquery(const char *q);

/* The parts of the vtable each file fills in. */
void vt_pg_init_catalog(struct vt_store *s);
void vt_pg_init_users(struct vt_store *s);
void vt_pg_init_tickets(struct vt_store *s);
void vt_pg_init_citizens(struct vt_store *s);
void vt_pg_init_events(struct vt_store *s);
void vt_pg_init_files(struct vt_store *s);
void vt_pg_init_mail(struct vt_store *s);
void vt_pg_init_networks(struct vt_store *s);
void vt_pg_init_announcements(struct vt_store *s);
void vt_pg_init_chat(struct vt_store *s);
void vt_pg_init_routing(struct vt_store *s);
/* Runs a write whose RETURNING gives at most one id: ONE with *id (id may
 * be NULL), NONE without a row or when a constraint said no. */
enum vt_qs vt_pg_returning_id(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p,
                              vt_id *id);
void vt_pg_init_agents(struct vt_store *s);
void vt_pg_init_macros(struct vt_store *s);
void vt_pg_init_reports(struct vt_store *s);
void vt_pg_init_sla(struct vt_store *s);
void vt_pg_init_surveys(struct vt_store *s);
/* Offers a ticket its satisfaction survey if pol allows, in the caller's
 * transaction (surveys.c): it checks the ticket's status itself and does
 * nothing for a ticket that already had one. */
enum vt_qs vt_pg_survey_offer(struct vt_pg_conn *c, const struct vt_survey_policy *pol,
                              vt_id ticket_id, int64_t now);
/* Queues an email in the caller's transaction (mail.c); o NULL: nothing. */
enum vt_qs vt_pg_outbox_insert(struct vt_pg_conn *c, vt_id tenant_id, vt_id ticket_id,
                               vt_id message_id, const struct vt_outbox_new *o, int64_t now);
/* Opens the live chat (in->chat) of a ticket being created, with its event,
 * in the caller's transaction (chat.c). */
enum vt_qs vt_pg_chat_insert(struct vt_pg_conn *c, vt_id ticket_id, vt_id citizen_id,
                             const struct vt_ticket_new *in);
/* Puts one agent's active chats back in their own departments' queues
 * (keeping their place), in the caller's transaction; *n is increased by
 * how many (chat.c). */
enum vt_qs vt_pg_chats_requeue_agent(struct vt_pg_conn *c, vt_id user_id, int64_t now, long *n);
/* Attaches uploads to a message inside the caller's transaction (files.c). */
enum vt_qs vt_pg_attach_uploads(struct vt_pg_conn *c, vt_id message_id, const struct vt_attach *a,
                                int64_t now);

/* Shared by tickets and citizens: appends an event row. */
enum vt_qs vt_pg_event(struct vt_pg_conn *c, vt_id tenant_id, int64_t at, const char *actor_kind,
                       vt_id actor_id, const char *action, const char *object_kind,
                       vt_id object_id, vt_id ticket_id, vt_id citizen_id, vt_id message_id,
                       const char *data_json);

#endif
