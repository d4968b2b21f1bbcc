/* PostgreSQL: the event log as a live stream across nodes. Every event
 * insert also sends NOTIFY vt_events (delivered at commit, to every node);
 * each node's hub LISTENs on a connection of its own. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"
#include "util/log.h"

static void read_event(const PGresult *r, int row, struct vt_event *e) {
  memset(e, 0, sizeof *e);
  e->id = vt_pg_int64(r, row, 0);
  e->tenant_id = vt_pg_int64(r, row, 1);
  e->ticket_id = vt_pg_int64(r, row, 2);
  e->citizen_id = vt_pg_int64(r, row, 3);
  e->message_id = vt_pg_int64(r, row, 4);
  e->object_id = vt_pg_int64(r, row, 5);
  e->at = vt_pg_int64(r, row, 6);
  vt_pg_copy(r, row, 7, e->action, sizeof e->action);
  vt_pg_copy(r, row, 8, e->object_kind, sizeof e->object_kind);
  vt_pg_copy(r, row, 9, e->actor_kind, sizeof e->actor_kind);
  e->actor_id = vt_pg_int64(r, row, 10);
  e->data_json = vt_pg_dup(r, row, 11);
  if (PQnfields(r) > 12) {
    e->ticket_confidential = vt_pg_bool_at(r, row, 12);
    e->ticket_department_id = vt_pg_int64(r, row, 13);
    e->ticket_assignee_id = vt_pg_int64(r, row, 14);
  }
}

static enum vt_qs events_after(struct vt_store *s, const struct vt_scope *scope, vt_id after_id,
                               int limit, struct vt_event **items, size_t *n) {
  *items = NULL;
  *n = 0;
  struct vt_pg_conn *c = vt_pg_acquire(vt_pg(s));
  if (!c)
    return VT_QS_SOFT;
  struct vt_scope all = {.all = true};
  if (!scope)
    scope = &all;
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_int(&p, after_id);
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, limit);
  char *depts = vt_pg_conf_params(&p, scope);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c,
      "SELECT e.id, e.tenant_id, e.ticket_id, e.citizen_id, e.message_id, e.object_id, e.at,"
      " e.action, e.object_kind, e.actor_kind, e.actor_id, e.data::text, t.confidential,"
      " t.department_id, t.assignee_id FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id"
      " WHERE e.id > $1 AND ($2::boolean OR e.tenant_id = ANY($3::bigint[]))"
      " AND (t.id IS NULL OR" VT_PG_CONF_VISIBLE("t", "$5", "$6",
                                                 "$7") ")"
                                                       " ORDER BY e.id LIMIT $4::bigint",
      &p, &qs);
  free(tenants);
  free(depts);
  if (qs == VT_QS_ONE && PQntuples(r) > 0) {
    *n = (size_t)PQntuples(r);
    *items = calloc(*n, sizeof **items);
    if (!*items)
      abort();
    for (size_t i = 0; i < *n; i++)
      read_event(r, (int)i, &(*items)[i]);
  }
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  return qs;
}

static void event_fn(const PGresult *r, int row, void *out) { read_event(r, row, out); }

static enum vt_qs ticket_events_after(struct vt_store *s, vt_id ticket_id, vt_id after_id,
                                      int limit, struct vt_event **items, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_int(&p, after_id);
  /* A negative limit means none, as on SQLite: LIMIT NULL is LIMIT ALL. */
  if (limit >= 0)
    vt_pg_int(&p, limit);
  else
    vt_pg_text(&p, NULL);
  return vt_pg_read_many(s,
                         "SELECT id, tenant_id, ticket_id, citizen_id, message_id, object_id, at,"
                         " action, object_kind, actor_kind, actor_id, data::text FROM events"
                         " WHERE ticket_id = $1::bigint AND id > $2::bigint ORDER BY id"
                         " LIMIT $3::bigint",
                         &p, sizeof **items, event_fn, (void **)items, n);
}

static enum vt_qs events_last_id(struct vt_store *s, vt_id *id) {
  *id = 0;
  struct vt_pg_conn *c = vt_pg_acquire(vt_pg(s));
  if (!c)
    return VT_QS_SOFT;
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, "SELECT coalesce(max(id), 0) FROM events", NULL, &qs);
  if (qs == VT_QS_ONE && PQntuples(r))
    *id = vt_pg_int64(r, 0, 0);
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  return qs;
}

/* The LISTEN connection is the hub's alone, outside the pool: it sits idle
 * between notifications and must not be handed to a request. */
static bool listen_ready(struct vt_pg *pg) {
  if (pg->listen_conn && PQstatus(pg->listen_conn) == CONNECTION_OK)
    return true;
  if (pg->listen_conn)
    PQfinish(pg->listen_conn);
  pg->listen_conn = PQconnectdb(pg->conninfo);
  if (PQstatus(pg->listen_conn) != CONNECTION_OK) {
    VT_WARN("event stream: cannot connect to PostgreSQL to LISTEN: %s",
            PQerrorMessage(pg->listen_conn));
    return false;
  }
  PGresult *r = PQexec(pg->listen_conn, "LISTEN vt_events");
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok;
}

static enum vt_qs events_wait(struct vt_store *s, int timeout_ms) {
  struct vt_pg *pg = vt_pg(s);
  if (!listen_ready(pg)) {
    poll(NULL, 0, timeout_ms); /* the hub polls instead until the server is back */
    return VT_QS_NONE;
  }
  bool woken = false;
  PGnotify *nt;
  PQconsumeInput(pg->listen_conn);
  while ((nt = PQnotifies(pg->listen_conn))) {
    woken = true;
    PQfreemem(nt);
  }
  if (woken)
    return VT_QS_ONE;
  struct pollfd pfd = {.fd = PQsocket(pg->listen_conn), .events = POLLIN};
  if (poll(&pfd, 1, timeout_ms) > 0) {
    PQconsumeInput(pg->listen_conn);
    while ((nt = PQnotifies(pg->listen_conn))) {
      woken = true;
      PQfreemem(nt);
    }
  }
  return woken ? VT_QS_ONE : VT_QS_NONE;
}

void vt_pg_init_events(struct vt_store *s) {
  s->events_after = events_after;
  s->events_last_id = events_last_id;
  s->ticket_events_after = ticket_events_after;
  s->events_wait = events_wait;
}
