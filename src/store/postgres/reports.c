/* PostgreSQL: figures over many tickets — the operations gauges and the
 * backlog by age (as sqlite/reports.c). */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

static void gauges_fn(const PGresult *r, int row, void *out) {
  struct vt_ops_gauges *g = out;
  g->tickets_open = (long)vt_pg_int64(r, row, 0);
  g->tickets_overdue = (long)vt_pg_int64(r, row, 1);
  g->outbox_pending = (long)vt_pg_int64(r, row, 2);
  g->outbox_failed = (long)vt_pg_int64(r, row, 3);
  g->chats_queued = (long)vt_pg_int64(r, row, 4);
  g->chats_active = (long)vt_pg_int64(r, row, 5);
}

/* One read of the counts. */
static enum vt_qs ops_gauges(struct vt_store *s, int64_t now, struct vt_ops_gauges *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, now);
  memset(out, 0, sizeof *out);
  return vt_pg_read_one(
      s,
      "SELECT (SELECT count(*) FROM tickets WHERE status IN ('new','open','pending','on_hold')),"
      " (SELECT count(*) FROM tickets t WHERE t.status IN ('new','open','on_hold')"
      "  AND t.due_at < $1::bigint),"
      " (SELECT count(*) FROM outbox WHERE status = 'pending'),"
      " (SELECT count(*) FROM outbox WHERE status = 'failed'),"
      " (SELECT count(*) FROM chats WHERE status = 'queued'),"
      " (SELECT count(*) FROM chats WHERE status = 'active')",
      &p, gauges_fn, out);
}
static void backlog_fn(const PGresult *r, int row, void *out) {
  struct vt_backlog_row *b = out;
  memset(b, 0, sizeof *b);
  b->tenant_id = vt_pg_int64(r, row, 0);
  vt_pg_copy(r, row, 1, b->tenant_code, sizeof b->tenant_code);
  b->group_id = vt_pg_int64(r, row, 2);
  vt_pg_copy(r, row, 3, b->group_code, sizeof b->group_code);
  b->group_name = vt_pg_dup(r, row, 4);
  for (int i = 0; i < 4; i++)
    b->band[i] = (long)vt_pg_int64(r, row, 5 + i);
  b->overdue = (long)vt_pg_int64(r, row, 9);
  b->total = (long)vt_pg_int64(r, row, 10);
}

#define AGE "($3::bigint - t.created_at) / 86400000"
#define BACKLOG_SELECT(gid, gcode, gname, join)                                                    \
  "SELECT t.tenant_id, tn.code, coalesce(" gid ", 0), coalesce(" gcode ", ''), " gname ","         \
  " count(*) FILTER (WHERE " AGE " <= 7), count(*) FILTER (WHERE " AGE " BETWEEN 8 AND 30),"       \
  " count(*) FILTER (WHERE " AGE " BETWEEN 31 AND 60), count(*) FILTER (WHERE " AGE " > 60),"      \
  " count(*) FILTER (WHERE t.status IN ('new','open','on_hold') AND t.due_at < $3::bigint),"       \
  " count(*)"                                                                                      \
  " FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id"                                         \
  " LEFT JOIN services s ON s.id = t.service_id" join                                              \
  " WHERE t.status NOT IN ('resolved', 'closed')"                                                  \
  " AND ($1::boolean OR t.tenant_id = ANY($2::bigint[]))"                                          \
  " AND ($4::bigint = 0 OR t.tenant_id = $4::bigint)"                                              \
  " GROUP BY t.tenant_id, tn.code, " gid ", " gcode ", " gname                                     \
  " ORDER BY tn.code COLLATE \"C\", count(*) DESC LIMIT 2000"

static enum vt_qs backlog(struct vt_store *s, const struct vt_scope *scope, vt_id tenant_id,
                          const char *group, int64_t now, struct vt_backlog_row **items,
                          size_t *n) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, now);
  vt_pg_int(&p, tenant_id);
  enum vt_qs qs =
      vt_pg_read_many(s,
                      !strcmp(group, "service")
                          ? BACKLOG_SELECT("t.service_id", "s.code", "s.name", "")
                          : BACKLOG_SELECT("t.department_id", "d.code", "d.name",
                                           " LEFT JOIN departments d ON d.id = t.department_id"),
                      &p, sizeof **items, backlog_fn, (void **)items, n);
  free(tenants);
  return qs;
}

void vt_pg_init_reports(struct vt_store *s) {
  s->ops_gauges = ops_gauges;
  s->backlog = backlog;
}
