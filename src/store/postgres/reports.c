/* PostgreSQL: figures over many tickets — the operations gauges and the
 * backlog by age (as sqlite/reports.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "store/postgres/pg.h"

static void gauges_fn(const PGresult *r, int row, void *out) {
  struct vt_ops_gauges *g = out;
  g->tickets_open = (long)vt_pg_int64(r, row, 0);
  g->tickets_overdue = (long)vt_pg_int64(r, row, 1);
  g->outbox_pending = (long)vt_pg_int64(r, row, 2);
  g->outbox_failed = (long)vt_pg_int64(r, row, 3);
  g->chats_queued = (long)vt_pg_int64(r, row, 4);
  g->chats_active = (long)vt_pg_int64(r, row, 5);
  g->sla_warnings = (long)vt_pg_int64(r, row, 6);
  g->sla_breaches = (long)vt_pg_int64(r, row, 7);
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
      " (SELECT count(*) FROM chats WHERE status = 'active'),"
      " (SELECT count(*) FROM sla_escalations WHERE stage = 'warning'),"
      " (SELECT count(*) FROM sla_escalations WHERE stage = 'breach')",
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

/* ---- volumes and times (the rollups of migration 0014) ---- */

/* hist comes as the text of a bigint[]: "{1,0,2,...}". */
static void hist_parse(const char *s, int64_t *dense) {
  if (!s || *s++ != '{')
    return;
  for (int i = 0; i < VT_RPT_SLOTS && *s && *s != '}'; i++) {
    char *end;
    dense[i] += strtoll(s, &end, 10);
    s = *end == ',' ? end + 1 : end;
  }
}

static void report_fn(const PGresult *r, int row, void *out) {
  struct vt_report_row *x = out;
  memset(x, 0, sizeof *x);
  vt_pg_copy(r, row, 0, x->key, sizeof x->key);
  x->id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, x->tenant_code, sizeof x->tenant_code);
  vt_pg_copy(r, row, 3, x->code, sizeof x->code);
  x->name = vt_pg_dup(r, row, 4);
  x->created = (long)vt_pg_int64(r, row, 5);
  x->responded = (long)vt_pg_int64(r, row, 6);
  x->resolved = (long)vt_pg_int64(r, row, 7);
  x->fcr = (long)vt_pg_int64(r, row, 8);
  x->handled = (long)vt_pg_int64(r, row, 9);
  x->handle_ms = vt_pg_int64(r, row, 10);
  if (!PQgetisnull(r, row, 11))
    hist_parse(PQgetvalue(r, row, 11), x->hist);
  for (int i = 0; i < 9; i++)
    x->sla[i / 3][i % 3] = (long)vt_pg_int64(r, row, 12 + i);
  for (int i = 0; i < VT_RPT_SAT_N; i++)
    x->sat[i] = (long)vt_pg_int64(r, row, 21 + i);
}

#define RANGE(g, lo, hi)                                                                           \
  " SELECT r.* FROM report_roll r WHERE ($1::boolean OR r.tenant_id = ANY($2::bigint[]))"          \
  " AND ($3::bigint = 0 OR r.tenant_id = $3::bigint) AND r.grain = " g "::smallint"                \
  " AND r.period BETWEEN " lo "::integer AND " hi "::integer"                                      \
  " AND ($13::text = '' OR r.channel = $13::text)"                                                 \
  " AND ($14::bigint = 0 OR r.department_id = $14::bigint)"                                        \
  " AND ($15::bigint = 0 OR r.service_id = $15::bigint)"

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
    {"none", "0::bigint", "''", "0::bigint", "", "''", "NULL"},
    {"channel", "0::bigint", "r.channel", "0::bigint", "", "''", "NULL"},
    {"day", "0::bigint", "r.period::text", "0::bigint", "", "''", "NULL"},
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
  char sql[8192];
  snprintf(
      sql, sizeof sql,
      "SELECT g.k, g.id, coalesce(tn.code, ''), coalesce(%s, ''), %s, g.created,"
      " g.responded, g.resolved, g.fcr, g.handled, g.handle_ms, g.hist::text," REPORT_EXTRA_G
      " FROM (SELECT %s AS tid, %s AS k, %s AS id, sum(r.created) AS created,"
      " sum(r.responded) AS responded, sum(r.resolved) AS resolved, sum(r.fcr) AS fcr,"
      " sum(r.handled) AS handled, sum(r.handle_ms) AS handle_ms, vt_hist_sum(r.hist) AS "
      "hist," REPORT_EXTRA_SUMS
      " FROM (" RANGE("$4", "$5", "$6") " UNION ALL" RANGE("$7", "$8", "$9") " UNION ALL" RANGE(
          "$10", "$11", "$12") ") r GROUP BY 1, 2, 3) g"
                               " LEFT JOIN tenants tn ON tn.id = g.tid%s"
                               " ORDER BY tn.code COLLATE \"C\", g.k COLLATE \"C\", coalesce(%s, "
                               "'') COLLATE \"C\", g.id"
                               " LIMIT 5000",
      GROUPS[gi].code, GROUPS[gi].name, GROUPS[gi].tid, GROUPS[gi].key, GROUPS[gi].id,
      GROUPS[gi].join, GROUPS[gi].code);
  struct vt_rpt_range rg[3];
  vt_rpt_ranges(f->from_day, f->to_day, !strcmp(group, "day"),
                f->channel[0] || f->department_id || f->service_id, rg);
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, f->tenant_id);
  for (int i = 0; i < 3; i++) {
    vt_pg_int(&p, rg[i].grain);
    vt_pg_int(&p, rg[i].lo);
    vt_pg_int(&p, rg[i].hi);
  }
  vt_pg_text(&p, f->channel);
  vt_pg_int(&p, f->department_id);
  vt_pg_int(&p, f->service_id);
  enum vt_qs qs = vt_pg_read_many(s, sql, &p, sizeof **items, report_fn, (void **)items, n);
  free(tenants);
  return qs;
}

static void agent_fn(const PGresult *r, int row, void *out) {
  struct vt_agent_load *a = out;
  memset(a, 0, sizeof *a);
  a->user_id = vt_pg_int64(r, row, 0);
  a->name = vt_pg_dup(r, row, 1);
  a->open = (long)vt_pg_int64(r, row, 2);
  a->resolved = (long)vt_pg_int64(r, row, 3);
  a->replies = (long)vt_pg_int64(r, row, 4);
  for (int i = 0; i < VT_RPT_SAT_N; i++)
    a->sat[i] = (long)vt_pg_int64(r, row, 5 + i);
}

/* The survey sums of report_agent, in the order of vt_agent_load's sat. */
#define AGENT_SAT(f)                                                                               \
  " " f "(answers), " f "(csat_sum), " f "(csat_sat), " f "(nps_n), " f "(nps_pro), " f            \
  "(nps_det),"                                                                                     \
  " " f "(ces_n), " f "(ces_sum), " f "(fcr_n), " f "(fcr_yes), " f "(offered), " f                \
  "(offer_answered)"

/* The period's work and surveys come only from the rows of the
 * administrations in scope: an agent who works for two shows each one
 * only its own. */
static enum vt_qs report_agents(struct vt_store *s, const struct vt_scope *scope,
                                const struct vt_report_filter *f, struct vt_agent_load **items,
                                size_t *n) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, f->tenant_id);
  vt_pg_int(&p, f->from_day);
  vt_pg_int(&p, f->to_day);
  enum vt_qs qs = vt_pg_read_many(
      s,
      "WITH w AS (SELECT t.assignee_id AS uid, count(*) AS open, 0::bigint AS resolved,"
      "  0::bigint AS replies, 0::bigint AS answers, 0::bigint AS csat_sum, 0::bigint AS csat_sat,"
      "  0::bigint AS nps_n, 0::bigint AS nps_pro, 0::bigint AS nps_det, 0::bigint AS ces_n,"
      "  0::bigint AS ces_sum, 0::bigint AS fcr_n, 0::bigint AS fcr_yes, 0::bigint AS offered,"
      "  0::bigint AS offer_answered FROM tickets t WHERE t.assignee_id IS NOT NULL"
      "  AND t.status IN ('new','open','pending','on_hold')"
      "  AND ($1::boolean OR t.tenant_id = ANY($2::bigint[]))"
      "  AND ($3::bigint = 0 OR t.tenant_id = $3::bigint) GROUP BY t.assignee_id"
      " UNION ALL SELECT a.user_id, 0, sum(a.resolved), sum(a.replies)," AGENT_SAT(
          "sum") "  FROM report_agent a WHERE ($1::boolean OR a.tenant_id = ANY($2::bigint[]))"
                 "  AND ($3::bigint = 0 OR a.tenant_id = $3::bigint)"
                 "  AND a.period BETWEEN $4::integer AND $5::integer GROUP BY a.user_id)"
                 " SELECT w.uid, u.name, sum(w.open), sum(w.resolved), sum(w.replies)," AGENT_SAT(
                     "sum") " FROM w JOIN users u ON u.id = w.uid GROUP BY w.uid, u.name"
                            " HAVING sum(w.open) + sum(w.resolved) + sum(w.replies) + "
                            "sum(w.answers)"
                            " + sum(w.offered) > 0"
                            " ORDER BY u.name COLLATE \"C\", w.uid LIMIT 5000",
      &p, sizeof **items, agent_fn, (void **)items, n);
  free(tenants);
  return qs;
}

/* ---- import ---- */

struct import_arg {
  const struct vt_ticket_import *rows;
  size_t n, created, bad;
  int64_t now;
};

static enum vt_qs import_tx(struct vt_pg_conn *c, void *arg) {
  struct import_arg *a = arg;
  a->created = 0;
  struct {
    char code[16];
    vt_id citizen;
  } cit[16];
  size_t ncit = 0;
  for (size_t i = 0; i < a->n; i++) {
    const struct vt_ticket_import *t = &a->rows[i];
    a->bad = i;
    vt_id citizen = 0;
    for (size_t k = 0; k < ncit; k++)
      if (!strcmp(cit[k].code, t->tenant))
        citizen = cit[k].citizen;
    if (!citizen) {
      struct vt_pg_params p = {0};
      vt_pg_text(&p, t->tenant);
      vt_pg_int(&p, a->now);
      enum vt_qs qs = vt_pg_returning_id(
          c,
          "INSERT INTO citizens (name, origin_tenant_id, created_at)"
          " SELECT '', id, $2::bigint FROM tenants WHERE code = $1::text RETURNING id",
          &p, &citizen);
      if (qs != VT_QS_ONE)
        return qs;
      if (ncit < sizeof cit / sizeof *cit) {
        snprintf(cit[ncit].code, sizeof cit[ncit].code, "%s", t->tenant);
        cit[ncit++].citizen = citizen;
      }
    }
    struct vt_pg_params p = {0};
    vt_pg_text(&p, t->reference);
    vt_pg_text(&p, t->tenant);
    vt_pg_int(&p, citizen);
    vt_pg_text(&p, t->channel);
    vt_pg_text(&p, t->department);
    vt_pg_text(&p, t->service);
    vt_pg_int(&p, t->created_at);
    vt_pg_text(&p, t->subject);
    vt_pg_int(&p, t->first_response_at);
    vt_pg_int(&p, t->resolved_at);
    vt_pg_int(&p, t->closed_at);
    vt_pg_int(&p, t->agent_replies);
    vt_pg_int(&p, t->reopens);
    vt_pg_int(&p, t->handle_ms);
    vt_pg_text(&p, t->assignee);
    vt_pg_int(&p, t->first_response_due_at);
    vt_pg_int(&p, t->resolution_due_at);
    vt_pg_int(&p, t->legal_due_at);
    vt_pg_int(&p, t->sla_breached);
    vt_id id = 0;
    enum vt_qs qs = vt_pg_returning_id(
        c,
        "INSERT INTO tickets (tenant_id, reference, service_id, department_id, citizen_id,"
        " channel, status, assignee_id, subject, created_at, updated_at, first_response_at,"
        " resolved_at, closed_at, agent_replies, reopens, handle_ms, first_response_due_at,"
        " resolution_due_at, legal_due_at, due_at, sla_breached, sla_stamped_at)"
        " SELECT tn.id, $1::text, s.id, coalesce(d.id, s.department_id), $3::bigint, $4::text,"
        " CASE WHEN $11::bigint > 0 THEN 'closed' WHEN $10::bigint > 0 THEN 'resolved'"
        "  WHEN $9::bigint > 0 THEN 'open' ELSE 'new' END, u.id, $8::text, $7::bigint,"
        " greatest($7::bigint, $9::bigint, $10::bigint, $11::bigint), nullif($9::bigint, 0),"
        " CASE WHEN $10::bigint > 0 THEN $10::bigint WHEN $11::bigint > 0 THEN $11::bigint END,"
        " nullif($11::bigint, 0), $12::integer, $13::integer,"
        " CASE WHEN $14::bigint >= 0 THEN $14::bigint END, nullif($16::bigint, 0),"
        " nullif($17::bigint, 0), nullif($18::bigint, 0),"
        " least(nullif($17::bigint, 0), nullif($18::bigint, 0)), $19::integer,"
        " CASE WHEN $16::bigint > 0 OR $17::bigint > 0 OR $18::bigint > 0"
        "  THEN greatest($7::bigint, $9::bigint, $10::bigint, $11::bigint) END"
        " FROM tenants tn LEFT JOIN departments d ON d.tenant_id = tn.id AND d.code = $5::text"
        " LEFT JOIN services s ON s.tenant_id = tn.id AND s.code = $6::text"
        " LEFT JOIN users u ON u.email = $15::text"
        " WHERE tn.code = $2::text AND ($5::text = '' OR d.id IS NOT NULL)"
        " AND ($6::text = '' OR s.id IS NOT NULL) AND ($15::text = '' OR u.id IS NOT NULL)"
        " ON CONFLICT (reference) DO NOTHING RETURNING id",
        &p, &id);
    if (qs < 0)
      return qs;
    if (qs == VT_QS_NONE) {
      struct vt_pg_params q = {0};
      vt_pg_text(&q, t->reference);
      qs = vt_pg_returning_id(c, "SELECT id FROM tickets WHERE reference = $1::text", &q, &id);
      if (qs <= 0)
        return qs;
      continue;
    }
    a->created++;
  }
  return VT_QS_ONE;
}

static enum vt_qs tickets_import(struct vt_store *s, const struct vt_ticket_import *rows, size_t n,
                                 int64_t now, size_t *created, size_t *bad) {
  struct import_arg a = {rows, n, 0, 0, now};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), import_tx, &a);
  *created = a.created;
  *bad = a.bad;
  return qs;
}

static enum vt_qs handle_tx(struct vt_pg_conn *c, void *arg) {
  const int64_t *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a[0]);
  vt_pg_int(&p, a[1]);
  return vt_pg_run(c, "UPDATE tickets SET handle_ms = $2::bigint WHERE id = $1::bigint", &p);
}

static enum vt_qs ticket_handle_set(struct vt_store *s, vt_id ticket_id, int64_t handle_ms) {
  int64_t a[2] = {ticket_id, handle_ms};
  return vt_pg_tx(vt_pg(s), handle_tx, a);
}

void vt_pg_init_reports(struct vt_store *s) {
  s->ticket_handle_set = ticket_handle_set;
  s->ops_gauges = ops_gauges;
  s->backlog = backlog;
  s->report_volumes = report_volumes;
  s->report_agents = report_agents;
  s->tickets_import = tickets_import;
}
