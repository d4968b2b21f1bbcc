/* SQLite: the search indexer. Writes only append to search_queue; this
 * applies the queue to the FTS5 indexes in bulk, which costs a fraction of
 * updating them inside every small write transaction. */
#include "store/sqlite/sq.h"

#include "util/timeutil.h"

enum vt_qs vt_sq_search_enqueue(struct vt_sq_conn *c, const char *kind, vt_id id) {
  sqlite3_stmt *st = vt_sq_prepare(c, "INSERT INTO search_queue(kind, object_id) VALUES (?, ?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, kind);
  vt_sq_int(st, 2, id);
  return vt_sq_exec(c, st);
}

enum vt_qs vt_sq_search_index_job(struct vt_sq_conn *c, void *arg) {
  (void)arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT max(id) FROM search_queue");
  if (!st)
    return VT_QS_HARD;
  int rc = sqlite3_step(st);
  sqlite3_int64 upto = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return vt_sq_rc(c, rc);
  if (!upto)
    return VT_QS_ONE;
  /* Set-based, so a ticket queued many times is indexed once; REPLACE
   * rewrites a ticket's row with its subject and all its messages. */
  static const char *const steps[] = {
      "INSERT OR REPLACE INTO tickets_fts(rowid, subject, body)"
      " SELECT t.id, t.subject, (SELECT group_concat(m.body, char(10)) FROM messages m"
      " WHERE m.ticket_id = t.id) FROM tickets t WHERE t.id IN"
      " (SELECT object_id FROM search_queue WHERE kind = 'ticket' AND id <= ?1)",
      "INSERT OR REPLACE INTO citizens_fts(rowid, name) SELECT c.id, c.name FROM citizens c"
      " WHERE c.id IN (SELECT t.citizen_id FROM tickets t WHERE t.id IN (SELECT object_id"
      " FROM search_queue WHERE kind = 'ticket' AND id <= ?1) UNION SELECT object_id FROM"
      " search_queue WHERE kind = 'citizen' AND id <= ?1)",
      "DELETE FROM search_queue WHERE id <= ?1",
  };
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    st = vt_sq_prepare(c, steps[i]);
    if (!st)
      return VT_QS_HARD;
    sqlite3_bind_int64(st, 1, upto);
    enum vt_qs qs = vt_sq_exec(c, st);
    if (qs != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
  }
  return VT_QS_ONE;
}

enum vt_qs vt_sq_search_catch_up(struct vt_sqlite *s, struct vt_sq_conn *reader) {
  sqlite3_stmt *st = vt_sq_prepare(reader, "SELECT EXISTS (SELECT 1 FROM search_queue)");
  if (!st)
    return VT_QS_HARD;
  int rc = sqlite3_step(st);
  bool pending = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return vt_sq_rc(reader, rc);
  if (!pending)
    return VT_QS_ONE;
  return vt_sq_write(s, vt_sq_search_index_job, NULL);
}
