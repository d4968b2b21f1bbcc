/* SQLite: the event log as a live stream. The writer bumps a generation
 * counter after every commit; the node's hub waits on it, so a new event
 * reaches connected agents without polling delay. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite/sq.h"

static void event_fn(sqlite3_stmt *st, void *out) {
  struct vt_event *e = out;
  memset(e, 0, sizeof *e);
  e->id = sqlite3_column_int64(st, 0);
  e->tenant_id = sqlite3_column_int64(st, 1);
  e->ticket_id = sqlite3_column_int64(st, 2);
  e->citizen_id = sqlite3_column_int64(st, 3);
  e->message_id = sqlite3_column_int64(st, 4);
  e->object_id = sqlite3_column_int64(st, 5);
  e->at = sqlite3_column_int64(st, 6);
  vt_sq_col_copy(st, 7, e->action, sizeof e->action);
  vt_sq_col_copy(st, 8, e->object_kind, sizeof e->object_kind);
  vt_sq_col_copy(st, 9, e->actor_kind, sizeof e->actor_kind);
  e->actor_id = sqlite3_column_int64(st, 10);
  e->data_json = vt_sq_col_dup(st, 11);
  if (sqlite3_column_count(st) > 12) {
    e->ticket_confidential = sqlite3_column_int(st, 12) != 0;
    e->ticket_department_id = sqlite3_column_int64(st, 13);
    e->ticket_assignee_id = sqlite3_column_int64(st, 14);
  }
}

static enum vt_qs events_after(struct vt_store *s, const struct vt_scope *scope, vt_id after_id,
                               int limit, struct vt_event **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT e.id, e.tenant_id, e.ticket_id, e.citizen_id, e.message_id, e.object_id, e.at,"
         " e.action, e.object_kind, e.actor_kind, e.actor_id, e.data, t.confidential,"
         " t.department_id, t.assignee_id FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id"
         " WHERE e.id > ?1 AND (?2 OR e.tenant_id IN (SELECT value FROM json_each(?3)))"
         " AND (t.id IS NULL OR" VT_SQ_CONF_VISIBLE("t") ") ORDER BY e.id LIMIT ?4");
  if (!st)
    return VT_QS_HARD;
  struct vt_scope all = {.all = true};
  if (!scope)
    scope = &all;
  vt_sq_int(st, 1, after_id);
  sqlite3_bind_int(st, 2, scope->all);
  vt_sq_bind_scope(st, 3, scope);
  vt_sq_int(st, 4, limit);
  vt_sq_bind_conf(st, scope);
  return vt_sq_many_rows(c, st, sizeof **items, event_fn, (void **)items, n);
}

static enum vt_qs ticket_events_after(struct vt_store *s, vt_id ticket_id, vt_id after_id,
                                      int limit, struct vt_event **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT id, tenant_id, ticket_id, citizen_id, message_id, object_id, at, action,"
         " object_kind, actor_kind, actor_id, data FROM events WHERE ticket_id = ?1 AND id > ?2"
         " ORDER BY id LIMIT ?3");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  vt_sq_int(st, 2, after_id);
  vt_sq_int(st, 3, limit);
  return vt_sq_many_rows(c, st, sizeof **items, event_fn, (void **)items, n);
}

static enum vt_qs events_last_id(struct vt_store *s, vt_id *id) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT coalesce(max(id), 0) FROM events");
  if (!st)
    return VT_QS_HARD;
  int rc = sqlite3_step(st);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

void vt_sq_events_committed(struct vt_sqlite *s) {
  pthread_mutex_lock(&s->lock);
  s->events_gen++;
  pthread_cond_broadcast(&s->events_cond);
  pthread_mutex_unlock(&s->lock);
}

static enum vt_qs events_wait(struct vt_store *store, int timeout_ms) {
  struct vt_sqlite *s = vt_sq(store);
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += timeout_ms / 1000;
  until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&s->lock);
  unsigned long gen = s->events_gen;
  int rc = 0;
  while (gen == s->events_gen && rc == 0 && !s->stopping)
    rc = pthread_cond_timedwait(&s->events_cond, &s->lock, &until);
  bool woken = gen != s->events_gen;
  pthread_mutex_unlock(&s->lock);
  return woken ? VT_QS_ONE : VT_QS_NONE;
}

void vt_sq_init_events(struct vt_store *s) {
  s->events_after = events_after;
  s->events_last_id = events_last_id;
  s->ticket_events_after = ticket_events_after;
  s->events_wait = events_wait;
}
