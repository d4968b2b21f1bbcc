/* SQLite: figures over many tickets — the operations gauges and the
 * backlog by age. Both read through the (status, id) and (department, id)
 * indexes and group in one pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "store/sqlite/sq.h"

static void gauges_fn(sqlite3_stmt *st, void *out) {
  struct vt_ops_gauges *g = out;
  g->tickets_open = (long)sqlite3_column_int64(st, 0);
  g->tickets_overdue = (long)sqlite3_column_int64(st, 1);
  g->outbox_pending = (long)sqlite3_column_int64(st, 2);
  g->outbox_failed = (long)sqlite3_column_int64(st, 3);
  g->chats_queued = (long)sqlite3_column_int64(st, 4);
  g->chats_active = (long)sqlite3_column_int64(st, 5);
  g->sla_warnings = (long)sqlite3_column_int64(st, 6);
  g->sla_breaches = (long)sqlite3_column_int64(st, 7);
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
         " (SELECT count(*) FROM chats WHERE status = 'active'),"
         " (SELECT count(*) FROM sla_escalations WHERE stage = 'warning'),"
         " (SELECT count(*) FROM sla_escalations WHERE stage = 'breach')");
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

/* ---- the rollups' SQL functions (the triggers of migration 0014) ---- */

/* vt_local_day(ms, tz): the local yyyymmdd of a moment. */
static void fn_local_day(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  int day, hour;
  vt_rpt_local(sqlite3_value_int64(v[0]), (const char *)sqlite3_value_text(v[1]), &day, &hour);
  sqlite3_result_int(ctx, day);
}

static void result_hist(sqlite3_context *ctx, const int64_t *dense) {
  unsigned char out[5 * VT_RPT_SLOTS];
  size_t n = vt_rpt_hist_encode(dense, out);
  sqlite3_result_blob(ctx, out, (int)n, SQLITE_TRANSIENT);
}

/* vt_report_hist(created_at, first_response_at, resolved_at, tz, d): what
 * one ticket adds (d = 1) or takes away (d = -1). */
static void fn_report_hist(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  int64_t dense[VT_RPT_SLOTS] = {0};
  if (sqlite3_value_type(v[0]) != SQLITE_NULL) {
    int64_t created = sqlite3_value_int64(v[0]), d = sqlite3_value_int64(v[4]);
    int day, hour;
    vt_rpt_local(created, (const char *)sqlite3_value_text(v[3]), &day, &hour);
    dense[hour] += d;
    if (sqlite3_value_type(v[1]) != SQLITE_NULL)
      dense[VT_RPT_FRT + vt_rpt_bucket(sqlite3_value_int64(v[1]) - created)] += d;
    if (sqlite3_value_type(v[2]) != SQLITE_NULL)
      dense[VT_RPT_RES + vt_rpt_bucket(sqlite3_value_int64(v[2]) - created)] += d;
  }
  result_hist(ctx, dense);
}

/* vt_hist_merge(a, b): a + b, slot by slot. */
static void fn_hist_merge(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  int64_t dense[VT_RPT_SLOTS] = {0};
  for (int i = 0; i < argc; i++)
    vt_rpt_hist_add(dense, sqlite3_value_blob(v[i]), (size_t)sqlite3_value_bytes(v[i]));
  result_hist(ctx, dense);
}

/* vt_hist_sum(hist): the aggregate. */
static void hist_step(sqlite3_context *ctx, int argc, sqlite3_value **v) {
  (void)argc;
  int64_t *dense = sqlite3_aggregate_context(ctx, sizeof(int64_t) * VT_RPT_SLOTS);
  if (dense)
    vt_rpt_hist_add(dense, sqlite3_value_blob(v[0]), (size_t)sqlite3_value_bytes(v[0]));
}

static void hist_final(sqlite3_context *ctx) {
  int64_t *dense = sqlite3_aggregate_context(ctx, 0);
  int64_t zero[VT_RPT_SLOTS] = {0};
  result_hist(ctx, dense ? dense : zero);
}

int vt_sq_report_functions(sqlite3 *db) {
  int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  int rc = sqlite3_create_function(db, "vt_local_day", 2, f, NULL, fn_local_day, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "vt_report_hist", 5, f, NULL, fn_report_hist, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "vt_hist_merge", 2, f, NULL, fn_hist_merge, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "vt_hist_sum", 1, f, NULL, NULL, hist_step, hist_final);
  return rc;
}

/* ---- applying report_queue to the rollups ---- */

#define ROLL_SET                                                                                   \
  " ON CONFLICT DO UPDATE SET created = created + excluded.created,"                               \
  " responded = responded + excluded.responded, resolved = resolved + excluded.resolved,"          \
  " fcr = fcr + excluded.fcr, handled = handled + excluded.handled,"                               \
  " handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist),"        \
  " fr_due = fr_due + excluded.fr_due, fr_met = fr_met + excluded.fr_met,"                         \
  " fr_missed = fr_missed + excluded.fr_missed, res_due = res_due + excluded.res_due,"             \
  " res_met = res_met + excluded.res_met, res_missed = res_missed + excluded.res_missed,"          \
  " lg_due = lg_due + excluded.lg_due, lg_met = lg_met + excluded.lg_met,"                         \
  " lg_missed = lg_missed + excluded.lg_missed"
#define ROLL_COLS                                                                                  \
  "INSERT INTO report_roll (tenant_id, grain, period, channel, department_id, service_id,"         \
  " created, responded, resolved, fcr, handled, handle_ms, hist, fr_due, fr_met, fr_missed,"       \
  " res_due, res_met, res_missed, lg_due, lg_met, lg_missed)"
/* A target (docs/metrics.md, "SLA compliance"): due when the ticket has the
 * due time; met when done by then; missed when done after it, or not done
 * and its breach marked (bit of sla_breached). Never NULL. */
#define SLA_SUMS(done, due, bit)                                                                   \
  " sum(q.sign * (q." due " IS NOT NULL)),"                                                        \
  " sum(q.sign * (q." due " IS NOT NULL AND q." done " IS NOT NULL AND q." done " <= q." due "))," \
  " sum(q.sign * (q." due " IS NOT NULL AND CASE WHEN q." done " IS NOT NULL"                      \
  " THEN q." done " > q." due " ELSE (q.breached & " bit ") != 0 END))"
#define ROLL_SUMS                                                                                  \
  " sum(q.sign), sum(q.sign * (q.first_response_at IS NOT NULL)),"                                 \
  " sum(q.sign * (q.resolved_at IS NOT NULL)), sum(q.sign * q.fcr),"                               \
  " sum(q.sign * (q.handle_ms IS NOT NULL)), sum(q.sign * coalesce(q.handle_ms, 0)),"              \
  " vt_hist_sum(vt_report_hist(q.created_at, q.first_response_at, q.resolved_at, tn.timezone,"     \
  " q.sign))," SLA_SUMS("first_response_at", "fr_due_at", "1") "," SLA_SUMS(                       \
      "resolved_at", "res_due_at",                                                                 \
      "2") "," SLA_SUMS("resolved_at", "legal_due_at",                                             \
                        "4") " FROM report_queue q JOIN tenants tn ON tn.id = q.tenant_id"         \
                             " WHERE q.id BETWEEN ?1 AND ?2 AND q.kind = 't'"
/* Surveys: answered ones (kind 's') by the local day of answered_at and
 * offered ones ('o', fcr: answered since) by the local day of sent_at;
 * created_at in the queue is that moment. They add nothing to the ticket
 * counts. Every sum is over both kinds, so each is guarded: never NULL. */
#define SURVEY_COLS                                                                                \
  "INSERT INTO report_roll (tenant_id, grain, period, channel, department_id, service_id,"         \
  " created, responded, resolved, fcr, handled, handle_ms, answers, csat_sum, csat_sat, nps_n,"    \
  " nps_pro, nps_det, ces_n, ces_sum, fcr_n, fcr_yes, offered, offer_answered)"
#define SURVEY_VALUES                                                                              \
  " sum(q.sign * (q.kind = 's')), sum(q.sign * coalesce(q.csat, 0)),"                              \
  " sum(q.sign * coalesce(q.csat >= 4, 0)), sum(q.sign * (q.nps IS NOT NULL)),"                    \
  " sum(q.sign * coalesce(q.nps >= 9, 0)), sum(q.sign * coalesce(q.nps <= 6, 0)),"                 \
  " sum(q.sign * (q.ces IS NOT NULL)), sum(q.sign * coalesce(q.ces, 0)),"                          \
  " sum(q.sign * (q.sfcr IS NOT NULL)), sum(q.sign * coalesce(q.sfcr, 0)),"                        \
  " sum(q.sign * (q.kind = 'o')), sum(q.sign * (q.kind = 'o' AND q.fcr))"                          \
  " FROM report_queue q JOIN tenants tn ON tn.id = q.tenant_id"                                    \
  " WHERE q.id BETWEEN ?1 AND ?2 AND q.kind IN ('s', 'o')"
#define SURVEY_SUMS " 0, 0, 0, 0, 0, 0," SURVEY_VALUES
#define SURVEY_SET                                                                                 \
  " ON CONFLICT DO UPDATE SET answers = answers + excluded.answers,"                               \
  " csat_sum = csat_sum + excluded.csat_sum, csat_sat = csat_sat + excluded.csat_sat,"             \
  " nps_n = nps_n + excluded.nps_n, nps_pro = nps_pro + excluded.nps_pro,"                         \
  " nps_det = nps_det + excluded.nps_det, ces_n = ces_n + excluded.ces_n,"                         \
  " ces_sum = ces_sum + excluded.ces_sum, fcr_n = fcr_n + excluded.fcr_n,"                         \
  " fcr_yes = fcr_yes + excluded.fcr_yes, offered = offered + excluded.offered,"                   \
  " offer_answered = offer_answered + excluded.offer_answered"

/* At most this many queue rows per transaction: a backlog (migration 0014
 * on a large database, a bulk import) is taken in bounded steps. */
#define APPLY_BATCH 20000

/* Set-based: each statement groups the queued rows by rollup row, so a
 * busy day's row is written once per batch, not once per ticket. */
enum vt_qs vt_sq_report_apply_job(struct vt_sq_conn *c, void *arg) {
  (void)arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT min(id), max(id) FROM report_queue");
  if (!st)
    return VT_QS_HARD;
  int rc = sqlite3_step(st);
  int64_t lo = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  int64_t hi = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return vt_sq_rc(c, rc);
  if (!hi)
    return VT_QS_ONE;
  if (hi - lo >= APPLY_BATCH)
    hi = lo + APPLY_BATCH - 1;
  static const char *const steps[] = {
      ROLL_COLS " SELECT q.tenant_id, 0, vt_local_day(q.created_at, tn.timezone),"
                " q.channel, q.department_id, q.service_id," ROLL_SUMS
                " GROUP BY 1, 3, 4, 5, 6" ROLL_SET,
      ROLL_COLS " SELECT q.tenant_id, 1, vt_local_day(q.created_at, tn.timezone) / 100 * 100,"
                " q.channel, q.department_id, q.service_id," ROLL_SUMS
                " GROUP BY 1, 3, 4, 5, 6" ROLL_SET,
      ROLL_COLS " SELECT q.tenant_id, 2, vt_local_day(q.created_at, tn.timezone),"
                " '', 0, 0," ROLL_SUMS " GROUP BY 1, 3" ROLL_SET,
      SURVEY_COLS " SELECT q.tenant_id, 0, vt_local_day(q.created_at, tn.timezone),"
                  " q.channel, q.department_id, q.service_id," SURVEY_SUMS
                  " GROUP BY 1, 3, 4, 5, 6" SURVEY_SET,
      SURVEY_COLS " SELECT q.tenant_id, 1, vt_local_day(q.created_at, tn.timezone) / 100 * 100,"
                  " q.channel, q.department_id, q.service_id," SURVEY_SUMS
                  " GROUP BY 1, 3, 4, 5, 6" SURVEY_SET,
      SURVEY_COLS " SELECT q.tenant_id, 2, vt_local_day(q.created_at, tn.timezone),"
                  " '', 0, 0," SURVEY_SUMS " GROUP BY 1, 3" SURVEY_SET,
      "INSERT INTO report_agent (tenant_id, period, user_id, resolved, replies)"
      " SELECT q.tenant_id, vt_local_day(q.resolved_at, tn.timezone),"
      " q.user_id, sum(q.sign), 0 FROM report_queue q JOIN tenants tn ON tn.id = q.tenant_id"
      " WHERE q.id BETWEEN ?1 AND ?2 AND q.kind = 't' AND q.resolved_at IS NOT NULL"
      " AND q.user_id IS NOT NULL GROUP BY 1, 2, 3"
      " ON CONFLICT DO UPDATE SET resolved = resolved + excluded.resolved",
      "INSERT INTO report_agent (tenant_id, period, user_id, resolved, replies)"
      " SELECT q.tenant_id, vt_local_day(q.created_at, tn.timezone),"
      " q.user_id, 0, sum(q.sign) FROM report_queue q JOIN tenants tn ON tn.id = q.tenant_id"
      " WHERE q.id BETWEEN ?1 AND ?2 AND q.kind = 'r' AND q.user_id IS NOT NULL GROUP BY 1, 2, 3"
      " ON CONFLICT DO UPDATE SET replies = replies + excluded.replies",
      /* The surveys of the agent's tickets (surveys.agent_id). */
      "INSERT INTO report_agent (tenant_id, period, user_id, resolved, replies, answers, csat_sum,"
      " csat_sat, nps_n, nps_pro, nps_det, ces_n, ces_sum, fcr_n, fcr_yes, offered, offer_answered)"
      " SELECT q.tenant_id, vt_local_day(q.created_at, tn.timezone), q.user_id, 0, 0," SURVEY_VALUES
      " AND q.user_id IS NOT NULL GROUP BY 1, 2, 3" SURVEY_SET,
      "DELETE FROM report_queue WHERE id BETWEEN ?1 AND ?2",
  };
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    st = vt_sq_prepare(c, steps[i]);
    if (!st)
      return VT_QS_HARD;
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    enum vt_qs qs = vt_sq_exec(c, st);
    if (qs != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
  }
  return VT_QS_ONE;
}

/* Before a report reads the rollups: take in everything queued, so a
 * report sees every write acknowledged before it (as searches do). */
static enum vt_qs catch_up(struct vt_sqlite *s, struct vt_sq_conn *reader) {
  for (int round = 0; round < 10000; round++) {
    sqlite3_stmt *st = vt_sq_prepare(reader, "SELECT EXISTS (SELECT 1 FROM report_queue)");
    if (!st)
      return VT_QS_HARD;
    int rc = sqlite3_step(st);
    bool pending = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
      return vt_sq_rc(reader, rc);
    if (!pending)
      return VT_QS_ONE;
    enum vt_qs qs = vt_sq_write(s, vt_sq_report_apply_job, NULL);
    if (qs < 0)
      return qs;
  }
  return VT_QS_ONE;
}

/* ---- volumes and times ---- */

static void report_fn(sqlite3_stmt *st, void *out) {
  struct vt_report_row *r = out;
  memset(r, 0, sizeof *r);
  vt_sq_col_copy(st, 0, r->key, sizeof r->key);
  r->id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, r->tenant_code, sizeof r->tenant_code);
  vt_sq_col_copy(st, 3, r->code, sizeof r->code);
  r->name = vt_sq_col_dup(st, 4);
  r->created = (long)sqlite3_column_int64(st, 5);
  r->responded = (long)sqlite3_column_int64(st, 6);
  r->resolved = (long)sqlite3_column_int64(st, 7);
  r->fcr = (long)sqlite3_column_int64(st, 8);
  r->handled = (long)sqlite3_column_int64(st, 9);
  r->handle_ms = sqlite3_column_int64(st, 10);
  vt_rpt_hist_add(r->hist, sqlite3_column_blob(st, 11), (size_t)sqlite3_column_bytes(st, 11));
  for (int i = 0; i < 9; i++)
    r->sla[i / 3][i % 3] = (long)sqlite3_column_int64(st, 12 + i);
  for (int i = 0; i < VT_RPT_SAT_N; i++)
    r->sat[i] = (long)sqlite3_column_int64(st, 21 + i);
}

/* The administrations asked for, then their rollup rows of one range: the
 * primary key (tenant_id, grain, period, ...) reads exactly those rows. */
#define RANGE(g, lo, hi)                                                                           \
  " SELECT r.* FROM (SELECT id FROM tenants WHERE (?1 OR id IN (SELECT value FROM json_each(?2)))" \
  " AND (?3 = 0 OR id = ?3)) s CROSS JOIN report_roll r ON r.tenant_id = s.id AND r.grain = " g    \
  " AND r.period BETWEEN " lo " AND " hi                                                           \
  " AND (?13 = '' OR r.channel = ?13) AND (?14 = 0 OR r.department_id = ?14)"                      \
  " AND (?15 = 0 OR r.service_id = ?15)"

/* The SLA and satisfaction columns, in the order of vt_report_row's sla
 * and sat (report_fn). */
#define REPORT_EXTRA_G                                                                             \
  " g.fr_due, g.fr_met, g.fr_missed, g.res_due, g.res_met, g.res_missed, g.lg_due, g.lg_met,"      \
  " g.lg_missed, g.answers, g.csat_sum, g.csat_sat, g.nps_n, g.nps_pro, g.nps_det, g.ces_n,"       \
  " g.ces_sum, g.fcr_n, g.fcr_yes, g.offered, g.offer_answered"
#define REPORT_EXTRA_SUMS                                                                          \
  " sum(r.fr_due) AS fr_due, sum(r.fr_met) AS fr_met, sum(r.fr_missed) AS fr_missed,"              \
  " sum(r.res_due) AS res_due, sum(r.res_met) AS res_met, sum(r.res_missed) AS res_missed,"        \
  " sum(r.lg_due) AS lg_due, sum(r.lg_met) AS lg_met, sum(r.lg_missed) AS lg_missed,"              \
  " sum(r.answers) AS answers, sum(r.csat_sum) AS csat_sum, sum(r.csat_sat) AS csat_sat,"          \
  " sum(r.nps_n) AS nps_n, sum(r.nps_pro) AS nps_pro, sum(r.nps_det) AS nps_det,"                  \
  " sum(r.ces_n) AS ces_n, sum(r.ces_sum) AS ces_sum, sum(r.fcr_n) AS fcr_n,"                      \
  " sum(r.fcr_yes) AS fcr_yes, sum(r.offered) AS offered, sum(r.offer_answered) AS offer_answered"

static const struct {
  const char *group, *tid, *key, *id, *join, *code, *name;
} GROUPS[] = {
    {"none", "0", "''", "0", "", "''", "NULL"},
    {"channel", "0", "r.channel", "0", "", "''", "NULL"},
    {"day", "0", "r.period", "0", "", "''", "NULL"},
    {"tenant", "r.tenant_id", "''", "r.tenant_id", " LEFT JOIN tenants x ON x.id = g.id", "x.code",
     "x.name"},
    {"department", "r.tenant_id", "''", "r.department_id",
     " LEFT JOIN departments x ON x.id = g.id", "x.code", "x.name"},
    {"service", "r.tenant_id", "''", "r.service_id", " LEFT JOIN services x ON x.id = g.id",
     "x.code", "x.name"},
};

static enum vt_qs report_volumes(struct vt_store *s, const struct vt_scope *scope,
                                 const struct vt_report_filter *f, const char *group,
                                 struct vt_report_row **items, size_t *n) {
  size_t gi = 0;
  while (gi < sizeof GROUPS / sizeof *GROUPS && strcmp(GROUPS[gi].group, group))
    gi++;
  if (gi == sizeof GROUPS / sizeof *GROUPS)
    return VT_QS_HARD;
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  enum vt_qs qs = catch_up(vt_sq(s), c);
  if (qs < 0)
    return qs;
  /* Constant text per group (only fragments of GROUPS): one cached
   * statement each, every value bound. */
  char sql[8192];
  snprintf(
      sql, sizeof sql,
      "SELECT g.k, g.id, coalesce(tn.code, ''), coalesce(%s, ''), %s, g.created,"
      " g.responded, g.resolved, g.fcr, g.handled, g.handle_ms, g.hist," REPORT_EXTRA_G " FROM ("
      "SELECT %s AS tid, %s AS k, %s AS id, sum(r.created) AS created,"
      " sum(r.responded) AS responded, sum(r.resolved) AS resolved, sum(r.fcr) AS fcr,"
      " sum(r.handled) AS handled, sum(r.handle_ms) AS handle_ms, vt_hist_sum(r.hist) AS "
      "hist," REPORT_EXTRA_SUMS
      " FROM (" RANGE("?4", "?5", "?6") " UNION ALL" RANGE("?7", "?8", "?9") " UNION ALL" RANGE(
          "?10", "?11", "?12") ") r GROUP BY 1, 2, 3) g"
                               " LEFT JOIN tenants tn ON tn.id = g.tid%s ORDER BY tn.code, g.k, "
                               "%s, g.id LIMIT 5000",
      GROUPS[gi].code, GROUPS[gi].name, GROUPS[gi].tid, GROUPS[gi].key, GROUPS[gi].id,
      GROUPS[gi].join, GROUPS[gi].code);
  sqlite3_stmt *st = vt_sq_prepare(c, sql);
  if (!st)
    return VT_QS_HARD;
  struct vt_rpt_range rg[3];
  vt_rpt_ranges(f->from_day, f->to_day, !strcmp(group, "day"),
                f->channel[0] || f->department_id || f->service_id, rg);
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_int(st, 3, f->tenant_id);
  for (int i = 0; i < 3; i++) {
    sqlite3_bind_int(st, 4 + 3 * i, rg[i].grain);
    sqlite3_bind_int(st, 5 + 3 * i, rg[i].lo);
    sqlite3_bind_int(st, 6 + 3 * i, rg[i].hi);
  }
  vt_sq_text(st, 13, f->channel);
  vt_sq_int(st, 14, f->department_id);
  vt_sq_int(st, 15, f->service_id);
  return vt_sq_many_rows(c, st, sizeof **items, report_fn, (void **)items, n);
}

/* ---- agents ---- */

static void agent_fn(sqlite3_stmt *st, void *out) {
  struct vt_agent_load *a = out;
  memset(a, 0, sizeof *a);
  a->user_id = sqlite3_column_int64(st, 0);
  a->name = vt_sq_col_dup(st, 1);
  a->open = (long)sqlite3_column_int64(st, 2);
  a->resolved = (long)sqlite3_column_int64(st, 3);
  a->replies = (long)sqlite3_column_int64(st, 4);
  for (int i = 0; i < VT_RPT_SAT_N; i++)
    a->sat[i] = (long)sqlite3_column_int64(st, 5 + i);
}

/* The survey sums of report_agent, in the order of vt_agent_load's sat. */
#define AGENT_SAT(f)                                                                               \
  " " f "(answers), " f "(csat_sum), " f "(csat_sat), " f "(nps_n), " f "(nps_pro), " f            \
  "(nps_det),"                                                                                     \
  " " f "(ces_n), " f "(ces_sum), " f "(fcr_n), " f "(fcr_yes), " f "(offered), " f                \
  "(offer_answered)"

/* Open tickets come from the partial index of open assigned tickets (the
 * planner preferred (status, id), reading every open ticket: 130 ms over a
 * million tickets, bench/README.md); the period's work and surveys from
 * report_agent, only the rows of the administrations in scope: an agent
 * who works for two shows each one only its own. */
static enum vt_qs report_agents(struct vt_store *s, const struct vt_scope *scope,
                                const struct vt_report_filter *f, struct vt_agent_load **items,
                                size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  enum vt_qs qs = catch_up(vt_sq(s), c);
  if (qs < 0)
    return qs;
  sqlite3_stmt *st = vt_sq_prepare(
      c,
      "WITH s AS (SELECT id FROM tenants WHERE (?1 OR id IN (SELECT value FROM json_each(?2)))"
      " AND (?3 = 0 OR id = ?3)),"
      " w AS (SELECT t.assignee_id AS uid, count(*) AS open, 0 AS resolved, 0 AS replies,"
      "  0 AS answers, 0 AS csat_sum, 0 AS csat_sat, 0 AS nps_n, 0 AS nps_pro, 0 AS nps_det,"
      "  0 AS ces_n, 0 AS ces_sum, 0 AS fcr_n, 0 AS fcr_yes, 0 AS offered, 0 AS offer_answered"
      "  FROM tickets t INDEXED BY tickets_assignee_open WHERE t.assignee_id IS NOT NULL"
      "  AND t.status IN ('new','open','pending','on_hold') AND t.tenant_id IN (SELECT id FROM s)"
      "  GROUP BY t.assignee_id"
      " UNION ALL SELECT a.user_id, 0, sum(a.resolved), sum(a.replies)," AGENT_SAT(
          "sum") "  FROM s CROSS JOIN report_agent a ON a.tenant_id = s.id AND a.period BETWEEN ?4 "
                 "AND ?5"
                 "  GROUP BY a.user_id)"
                 " SELECT w.uid, u.name, sum(w.open), sum(w.resolved), sum(w.replies)," AGENT_SAT(
                     "sum") " FROM w JOIN users u ON u.id = w.uid GROUP BY w.uid, u.name"
                            " HAVING sum(w.open) + sum(w.resolved) + sum(w.replies) + "
                            "sum(w.answers) + sum(w.offered) > 0"
                            " ORDER BY u.name, w.uid LIMIT 5000");
  if (!st)
    return VT_QS_HARD;
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_int(st, 3, f->tenant_id);
  sqlite3_bind_int(st, 4, f->from_day);
  sqlite3_bind_int(st, 5, f->to_day);
  return vt_sq_many_rows(c, st, sizeof **items, agent_fn, (void **)items, n);
}

/* ---- import ---- */

struct import_job {
  const struct vt_ticket_import *rows;
  size_t n, created, bad;
  int64_t now;
};

static enum vt_qs import_job(struct vt_sq_conn *c, void *arg) {
  struct import_job *j = arg;
  j->created = 0;
  struct {
    char code[16];
    vt_id citizen;
  } cit[16];
  size_t ncit = 0;
  for (size_t i = 0; i < j->n; i++) {
    const struct vt_ticket_import *t = &j->rows[i];
    j->bad = i;
    vt_id citizen = 0;
    for (size_t k = 0; k < ncit; k++)
      if (!strcmp(cit[k].code, t->tenant))
        citizen = cit[k].citizen;
    if (!citizen) {
      sqlite3_stmt *st =
          vt_sq_prepare(c, "INSERT INTO citizens (name, origin_tenant_id, created_at)"
                           " SELECT '', id, ?2 FROM tenants WHERE code = ?1"
                           " RETURNING id");
      if (!st)
        return VT_QS_HARD;
      vt_sq_text(st, 1, t->tenant);
      vt_sq_int(st, 2, j->now);
      enum vt_qs qs = vt_sq_one_row(c, st, vt_sq_id_fn, &citizen);
      if (qs != VT_QS_ONE)
        return qs;
      if (ncit < sizeof cit / sizeof *cit) {
        snprintf(cit[ncit].code, sizeof cit[ncit].code, "%s", t->tenant);
        cit[ncit++].citizen = citizen;
      }
    }
    /* Every code must resolve: a NULL from a lookup that was asked for
     * makes the CASE yield -1, which the CHECK below turns away. */
    sqlite3_stmt *st = vt_sq_prepare(
        c, "INSERT INTO tickets (tenant_id, reference, service_id, department_id, citizen_id,"
           " channel, status, assignee_id, subject, created_at, updated_at, first_response_at,"
           " resolved_at, closed_at, agent_replies, reopens, handle_ms, first_response_due_at,"
           " resolution_due_at, legal_due_at, due_at, sla_breached, sla_stamped_at)"
           " SELECT tn.id, ?1, s.id, coalesce(d.id, s.department_id), ?3, ?4,"
           " CASE WHEN ?11 > 0 THEN 'closed' WHEN ?10 > 0 THEN 'resolved'"
           "  WHEN ?9 > 0 THEN 'open' ELSE 'new' END, u.id, ?8, ?7, max(?7, ?9, ?10, ?11),"
           " nullif(?9, 0), CASE WHEN ?10 > 0 THEN ?10 WHEN ?11 > 0 THEN ?11 END, nullif(?11, 0),"
           " ?12, ?13, CASE WHEN ?14 >= 0 THEN ?14 END, nullif(?16, 0), nullif(?17, 0),"
           " nullif(?18, 0), CASE WHEN ?17 > 0 AND ?18 > 0 THEN min(?17, ?18)"
           "  WHEN ?17 > 0 THEN ?17 WHEN ?18 > 0 THEN ?18 END, ?19,"
           " CASE WHEN ?16 > 0 OR ?17 > 0 OR ?18 > 0 THEN max(?7, ?9, ?10, ?11) END"
           " FROM tenants tn LEFT JOIN departments d ON d.tenant_id = tn.id AND d.code = ?5"
           " LEFT JOIN services s ON s.tenant_id = tn.id AND s.code = ?6"
           " LEFT JOIN users u ON u.email = ?15"
           " WHERE tn.code = ?2 AND (?5 = '' OR d.id IS NOT NULL) AND (?6 = '' OR s.id IS NOT NULL)"
           " AND (?15 = '' OR u.id IS NOT NULL)"
           " ON CONFLICT (reference) DO NOTHING RETURNING id");
    if (!st)
      return VT_QS_HARD;
    vt_sq_text(st, 1, t->reference);
    vt_sq_text(st, 2, t->tenant);
    vt_sq_id(st, 3, citizen);
    vt_sq_text(st, 4, t->channel);
    vt_sq_text(st, 5, t->department);
    vt_sq_text(st, 6, t->service);
    vt_sq_int(st, 7, t->created_at);
    vt_sq_text(st, 8, t->subject);
    vt_sq_int(st, 9, t->first_response_at);
    vt_sq_int(st, 10, t->resolved_at);
    vt_sq_int(st, 11, t->closed_at);
    vt_sq_int(st, 12, t->agent_replies);
    vt_sq_int(st, 13, t->reopens);
    vt_sq_int(st, 14, t->handle_ms);
    vt_sq_text(st, 15, t->assignee);
    vt_sq_int(st, 16, t->first_response_due_at);
    vt_sq_int(st, 17, t->resolution_due_at);
    vt_sq_int(st, 18, t->legal_due_at);
    vt_sq_int(st, 19, t->sla_breached);
    vt_id id = 0;
    enum vt_qs qs = vt_sq_one_row(c, st, vt_sq_id_fn, &id);
    if (qs < 0)
      return qs;
    if (qs == VT_QS_NONE) {
      /* Already there, or a code that does not resolve. */
      sqlite3_stmt *ex = vt_sq_prepare(c, "SELECT id FROM tickets WHERE reference = ?1");
      if (!ex)
        return VT_QS_HARD;
      vt_sq_text(ex, 1, t->reference);
      qs = vt_sq_one_row(c, ex, vt_sq_id_fn, &id);
      if (qs < 0)
        return qs;
      if (qs == VT_QS_NONE)
        return VT_QS_NONE;
      continue;
    }
    j->created++;
  }
  return VT_QS_ONE;
}

static enum vt_qs tickets_import(struct vt_store *s, const struct vt_ticket_import *rows, size_t n,
                                 int64_t now, size_t *created, size_t *bad) {
  struct import_job j = {rows, n, 0, 0, now};
  enum vt_qs qs = vt_sq_write(vt_sq(s), import_job, &j);
  *created = j.created;
  *bad = j.bad;
  return qs;
}

struct handle_job {
  vt_id id;
  int64_t ms;
};

static enum vt_qs handle_job(struct vt_sq_conn *c, void *arg) {
  struct handle_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "UPDATE tickets SET handle_ms = ?2 WHERE id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_id(st, 1, j->id);
  vt_sq_int(st, 2, j->ms);
  return vt_sq_exec(c, st);
}

static enum vt_qs ticket_handle_set(struct vt_store *s, vt_id ticket_id, int64_t handle_ms) {
  struct handle_job j = {ticket_id, handle_ms};
  return vt_sq_write(vt_sq(s), handle_job, &j);
}

void vt_sq_init_reports(struct vt_store *s) {
  s->ticket_handle_set = ticket_handle_set;
  s->tickets_import = tickets_import;
  s->ops_gauges = ops_gauges;
  s->backlog = backlog;
  s->report_volumes = report_volumes;
  s->report_agents = report_agents;
}
