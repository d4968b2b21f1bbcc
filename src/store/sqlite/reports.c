/* SQLite: figures over many tickets — the operations gauges and the
 * backlog by age. Both read through the (status, id) and (department, id)
 * indexes and group in one pass. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

static void gauges_fn(sqlite3_stmt *st, void *out) {
  struct vt_ops_gauges *g = out;
  g->tickets_open = (long)sqlite3_column_int64(st, 0);
  g->tickets_overdue = (long)sqlite3_column_int64(st, 1);
  g->outbox_pending = (long)sqlite3_column_int64(st, 2);
  g->outbox_failed = (long)sqlite3_column_int64(st, 3);
  g->chats_queued = (long)sqlite3_column_int64(st, 4);
  g->chats_active = (long)sqlite3_column_int64(st, 5);
}

/* One read of the counts. */
static enum vt_qs ops_gauges(struct vt_store *s, int64_t now, struct vt_ops_gauges *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT (SELECT count(*) FROM tickets WHERE status IN ('new','open','pending','on_hold')),"
         " (SELECT count(*) FROM tickets t WHERE t.status IN ('new','open','on_hold')"
         "  AND t.due_at < ?1),"
         " (SELECT count(*) FROM outbox WHERE status = 'pending'),"
         " (SELECT count(*) FROM outbox WHERE status = 'failed'),"
         " (SELECT count(*) FROM chats WHERE status = 'queued'),"
         " (SELECT count(*) FROM chats WHERE status = 'active')");
  if (st)
    vt_sq_int(st, 1, now);
  memset(out, 0, sizeof *out);
  return vt_sq_one_row(c, st, gauges_fn, out);
}
static void backlog_fn(sqlite3_stmt *st, void *out) {
  struct vt_backlog_row *b = out;
  memset(b, 0, sizeof *b);
  b->tenant_id = sqlite3_column_int64(st, 0);
  vt_sq_col_copy(st, 1, b->tenant_code, sizeof b->tenant_code);
  b->group_id = sqlite3_column_int64(st, 2);
  vt_sq_col_copy(st, 3, b->group_code, sizeof b->group_code);
  b->group_name = vt_sq_col_dup(st, 4);
  for (int i = 0; i < 4; i++)
    b->band[i] = (long)sqlite3_column_int64(st, 5 + i);
  b->overdue = (long)sqlite3_column_int64(st, 9);
  b->total = (long)sqlite3_column_int64(st, 10);
}

/* Age in whole days: (now - created_at) / one day; bands 0-7, 8-30,
 * 31-60, over 60. Overdue as the ticket list says it. */
#define BACKLOG_SELECT(gid, gcode, gname, join)                                                    \
  "SELECT t.tenant_id, tn.code, coalesce(" gid ", 0), coalesce(" gcode ", ''), " gname ","         \
  " sum((?3 - t.created_at) / 86400000 <= 7), sum((?3 - t.created_at) / 86400000 BETWEEN 8 AND "   \
  "30),"                                                                                           \
  " sum((?3 - t.created_at) / 86400000 BETWEEN 31 AND 60), sum((?3 - t.created_at) / 86400000 > "  \
  "60),"                                                                                           \
  " sum(t.status IN ('new','open','on_hold') AND t.due_at < ?3), count(*)"                         \
  " FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id"                                         \
  " LEFT JOIN services s ON s.id = t.service_id" join                                              \
  " WHERE t.status NOT IN ('resolved', 'closed')"                                                  \
  " AND (?1 OR t.tenant_id IN (SELECT value FROM json_each(?2))) AND (?4 = 0 OR t.tenant_id = ?4)" \
  " GROUP BY t.tenant_id, " gid " ORDER BY tn.code, count(*) DESC LIMIT 2000"

static enum vt_qs backlog(struct vt_store *s, const struct vt_scope *scope, vt_id tenant_id,
                          const char *group, int64_t now, struct vt_backlog_row **items,
                          size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, !strcmp(group, "service")
                           ? BACKLOG_SELECT("t.service_id", "s.code", "s.name", "")
                           : BACKLOG_SELECT("t.department_id", "d.code", "d.name",
                                            " LEFT JOIN departments d ON d.id = t.department_id"));
  if (!st)
    return VT_QS_HARD;
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_int(st, 3, now);
  vt_sq_int(st, 4, tenant_id);
  return vt_sq_many_rows(c, st, sizeof **items, backlog_fn, (void **)items, n);
}

void vt_sq_init_reports(struct vt_store *s) {
  s->ops_gauges = ops_gauges;
  s->backlog = backlog;
}
