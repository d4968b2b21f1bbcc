/* SQLite: deadlines. What a ticket's due times are computed from, saving
 * them, the escalation sweep's candidates and its once-only firing, and the
 * calendars and SLA policies administrators edit. The computing itself is
 * in src/sla/deadlines.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/escalation.h"
#include "domain/model.h"
#include "store/sqlite/sq.h"

/* The holidays of an administration (alias tn): the nation's (level 0), its
 * own and its ancestors' (regions are at most two levels above a
 * municipality). */
#define HOLIDAY_LEVELS                                                                             \
  "(0, tn.id, coalesce(tn.parent_id, -1),"                                                         \
  " coalesce((SELECT parent_id FROM tenants WHERE id = tn.parent_id), -1))"

/* The policy that applies to a ticket (alias t): the most specific. */
#define POLICY_OF_TICKET                                                                           \
  "(SELECT q.id FROM sla_policies q WHERE q.tenant_id = t.tenant_id"                               \
  " AND (q.service_id = t.service_id OR q.service_id IS NULL)"                                     \
  " AND (q.priority = t.priority OR q.priority IS NULL)"                                           \
  " ORDER BY q.service_id IS NULL, q.priority IS NULL LIMIT 1)"

static void facts_fn(sqlite3_stmt *st, void *out) {
  struct vt_sla_facts *f = out;
  memset(f, 0, sizeof *f);
  f->ticket_id = sqlite3_column_int64(st, 0);
  f->tenant_id = sqlite3_column_int64(st, 1);
  f->created_at = sqlite3_column_int64(st, 2);
  f->updated_at = sqlite3_column_int64(st, 3);
  f->first_response_at = sqlite3_column_int64(st, 4);
  int v = vt_status_parse((const char *)sqlite3_column_text(st, 5));
  f->status = v < 0 ? VT_ST_OPEN : (enum vt_status)v;
  vt_sq_col_copy(st, 6, f->timezone, sizeof f->timezone);
  f->hours_json = vt_sq_col_dup(st, 7);
  f->legal_days = sqlite3_column_int(st, 8);
  f->processing_days = sqlite3_column_int(st, 9);
  f->policy_id = sqlite3_column_int64(st, 10);
  f->first_response_minutes =
      sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 11);
  f->resolution_minutes =
      sqlite3_column_type(st, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 12);
  f->holidays_json = vt_sq_col_dup(st, 13);
  f->pauses_json = vt_sq_col_dup(st, 14);
}

static enum vt_qs sla_facts(struct vt_store *s, vt_id ticket_id, struct vt_sla_facts *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT t.id, t.tenant_id, t.created_at, t.updated_at, t.first_response_at, t.status,"
         " tn.timezone, coalesce(d.business_hours, tn.business_hours),"
         " coalesce(s.legal_deadline_days, 0), coalesce(s.processing_days, 0),"
         " p.id, p.first_response_minutes, p.resolution_minutes,"
         " (SELECT json_group_array(day) FROM holidays WHERE level IN " HOLIDAY_LEVELS "),"
         " (SELECT json_group_array(json_array(started_at, coalesce(ended_at, 0)))"
         "  FROM ticket_pauses WHERE ticket_id = t.id)"
         " FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id"
         " LEFT JOIN departments d ON d.id = t.department_id"
         " LEFT JOIN services s ON s.id = t.service_id"
         " LEFT JOIN sla_policies p ON p.id = " POLICY_OF_TICKET " WHERE t.id = ?1");
  if (st)
    vt_sq_int(st, 1, ticket_id);
  return vt_sq_one_row(c, st, facts_fn, out);
}

struct stamp_job {
  const struct vt_sla_stamp *items;
  size_t n;
};

static enum vt_qs stamp_job(struct vt_sq_conn *c, void *arg) {
  struct stamp_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE tickets SET first_response_due_at = ?3, resolution_due_at = ?4,"
         " legal_due_at = ?5, due_at = ?6, sla_policy_id = ?7, sla_stamped_at = updated_at"
         " WHERE id = ?1 AND updated_at = ?2");
  if (!st)
    return VT_QS_HARD;
  enum vt_qs qs = VT_QS_ONE;
  for (size_t i = 0; i < j->n && qs == VT_QS_ONE; i++) {
    const struct vt_sla_stamp *k = &j->items[i];
    vt_sq_int(st, 1, k->ticket_id);
    vt_sq_int(st, 2, k->seen_updated_at);
    vt_sq_id(st, 3, k->due.first_response);
    vt_sq_id(st, 4, k->due.resolution);
    vt_sq_id(st, 5, k->due.legal);
    vt_sq_id(st, 6, k->due.due);
    vt_sq_id(st, 7, k->due.policy_id);
    qs = vt_sq_exec(c, st);
  }
  return qs;
}

static enum vt_qs sla_stamp(struct vt_store *s, const struct vt_sla_stamp *items, size_t n) {
  struct stamp_job j = {items, n};
  return n ? vt_sq_write(vt_sq(s), stamp_job, &j) : VT_QS_ONE;
}

static void id_fn(sqlite3_stmt *st, void *out) { *(vt_id *)out = sqlite3_column_int64(st, 0); }

static enum vt_qs sla_stale(struct vt_store *s, int limit, vt_id **ids, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT id FROM tickets INDEXED BY tickets_sla_stale"
                       " WHERE sla_stamped_at IS NOT updated_at ORDER BY id LIMIT ?1");
  if (st)
    vt_sq_int(st, 1, limit);
  return vt_sq_many_rows(c, st, sizeof **ids, id_fn, (void **)ids, n);
}

static void candidate_fn(sqlite3_stmt *st, void *out) {
  struct vt_sla_candidate *k = out;
  memset(k, 0, sizeof *k);
  k->ticket_id = sqlite3_column_int64(st, 0);
  k->tenant_id = sqlite3_column_int64(st, 1);
  k->citizen_id = sqlite3_column_int64(st, 2);
  vt_sq_col_copy(st, 3, k->target, sizeof k->target);
  vt_sq_col_copy(st, 4, k->stage, sizeof k->stage);
  k->due_at = sqlite3_column_int64(st, 5);
  k->actions_json = vt_sq_col_dup(st, 6);
}

/* One target's candidates: due within its warning (or past), open and not
 * waiting on the citizen, due times computed after the ticket's last change
 * (a stale one waits for the sweep to compute them), its breach not fired
 * yet (the partial indexes tickets_sweep_* hold exactly those), that stage
 * not fired yet. ?1 now, ?2 the longest warning any policy may ask for
 * (bounds the index range). The
 * WHERE terms repeat the indexes' own, so they can be used; INDEXED BY
 * because the planner preferred tickets_status (all open tickets: 117 ms a
 * pass at 100,000 against ~1 ms). */
#define CANDIDATES(target, col, bit, warn_ms, extra)                                               \
  "SELECT * FROM (SELECT t.id, t.tenant_id, t.citizen_id, '" target "',"                           \
  " CASE WHEN t." col " <= ?1 THEN 'breach' ELSE 'warning' END AS stage, t." col ","               \
  " coalesce(p.on_breach, '[\"notify_supervisor\"]')"                                              \
  " FROM tickets t INDEXED BY tickets_sweep_" target                                               \
  " LEFT JOIN sla_policies p ON p.id = t.sla_policy_id"                                            \
  " WHERE t." col " IS NOT NULL" extra " AND t.status IN ('new', 'open', 'on_hold')"               \
  " AND (t.sla_breached & " bit ") = 0 AND t." col " <= ?1 + ?2"                                   \
  " AND t.sla_stamped_at = t.updated_at"                                                           \
  " AND t." col " - " warn_ms " <= ?1) x"                                                          \
  " WHERE NOT EXISTS (SELECT 1 FROM sla_escalations e WHERE e.ticket_id = x.id"                    \
  " AND e.target = '" target "' AND e.stage = x.stage)"
#define WARN_MINUTES "coalesce(p.warn_before_minutes, 120) * 60000"
#define WARN_DAYS    "coalesce(p.legal_warn_days, 3) * 86400000"
#define FIRST_RESPONSE                                                                             \
  CANDIDATES("first_response", "first_response_due_at", "1", WARN_MINUTES,                         \
             " AND t.first_response_at IS NULL")
#define RESOLUTION CANDIDATES("resolution", "resolution_due_at", "2", WARN_MINUTES, "")
#define LEGAL      CANDIDATES("legal", "legal_due_at", "4", WARN_DAYS, "")

static enum vt_qs sla_candidates(struct vt_store *s, int64_t now, int limit,
                                 struct vt_sla_candidate **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, FIRST_RESPONSE " UNION ALL " RESOLUTION " UNION ALL " LEGAL " LIMIT ?3");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, now);
  vt_sq_int(st, 2, VT_SLA_MAX_WARN_MS);
  vt_sq_int(st, 3, limit);
  return vt_sq_many_rows(c, st, sizeof **items, candidate_fn, (void **)items, n);
}

struct escalate_job {
  const struct vt_sla_candidate *k;
  int64_t now;
  const char *mail_domain;
  bool fired;
};

/* A breach's email to each active supervisor and administrator of the
 * ticket's administration, in the transaction that fires it; at most
 * ALERTS_PER_HOUR to one address (a calendar change can breach thousands
 * of tickets at once: the console's at-risk queue lists them all). */
static enum vt_qs alert_supervisors(struct vt_sq_conn *c, const struct vt_sla_candidate *k,
                                    const char *domain, int64_t now) {
  char to[32][256];
  size_t n = 0;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT u.email FROM users u JOIN user_tenants ut ON ut.user_id = u.id"
         " WHERE ut.tenant_id = ?1 AND u.active AND u.role IN ('supervisor', 'admin')"
         " AND (SELECT count(*) FROM outbox o WHERE o.to_addr = u.email AND o.kind = 'sla_alert'"
         "      AND o.created_at > ?2 - 3600000) < ?3"
         " ORDER BY u.id LIMIT 32");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, k->tenant_id);
  vt_sq_int(st, 2, now);
  vt_sq_int(st, 3, VT_SLA_ALERTS_PER_HOUR);
  while (n < 32 && sqlite3_step(st) == SQLITE_ROW) {
    vt_sq_col_copy(st, 0, to[n], sizeof to[n]);
    n++;
  }
  sqlite3_reset(st);
  for (size_t i = 0; i < n; i++) {
    char rfc[320];
    vt_escalation_alert_id(k->ticket_id, k->target, domain, rfc, sizeof rfc);
    struct vt_outbox_new o = {.kind = "sla_alert", .to_addr = to[i], .rfc_message_id = rfc};
    enum vt_qs qs = vt_sq_outbox_insert(c, k->tenant_id, k->ticket_id, 0, &o, now);
    if (qs != VT_QS_ONE)
      return qs;
  }
  return VT_QS_ONE;
}

/* The candidate's ticket, unchanged since its due times were computed, still
 * open and with the same due time for the target. ?1 id, ?2 target, ?3 due. */
#define SAME_AS_CANDIDATE                                                                          \
  "SELECT 1 FROM tickets WHERE id = ?1 AND status IN ('new', 'open', 'on_hold')"                   \
  " AND sla_stamped_at = updated_at AND CASE ?2"                                                   \
  " WHEN 'first_response' THEN first_response_due_at = ?3 AND first_response_at IS NULL"           \
  " WHEN 'resolution' THEN resolution_due_at = ?3 ELSE legal_due_at = ?3 END"

static enum vt_qs escalate_job(struct vt_sq_conn *c, void *arg) {
  struct escalate_job *j = arg;
  const struct vt_sla_candidate *k = j->k;
  bool breach = !strcmp(k->stage, "breach");
  const char *actions = vt_escalation_actions(breach, k->actions_json);
  j->fired = false;
  /* Still as the candidate query saw it? A citizen's answer may have
   * reopened a paused ticket since (its due times not yet recomputed: they
   * are those from before the pause), or an agent resolved it: then this
   * pass does nothing, and the next one decides on fresh due times. */
  sqlite3_stmt *st = vt_sq_prepare(c, SAME_AS_CANDIDATE);
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, k->ticket_id);
  vt_sq_text(st, 2, k->target);
  vt_sq_int(st, 3, k->due_at);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc == SQLITE_DONE)
    return VT_QS_ONE;
  if (rc != SQLITE_ROW)
    return VT_QS_HARD;
  st = vt_sq_prepare(c, "INSERT OR IGNORE INTO sla_escalations(ticket_id, target,"
                        " stage, due_at, fired_at, actions) VALUES (?1, ?2, ?3, ?4,"
                        " ?5, ?6)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, k->ticket_id);
  vt_sq_text(st, 2, k->target);
  vt_sq_text(st, 3, k->stage);
  vt_sq_int(st, 4, k->due_at);
  vt_sq_int(st, 5, j->now);
  vt_sq_text(st, 6, actions);
  enum vt_qs qs = vt_sq_exec(c, st);
  if (qs != VT_QS_ONE || !sqlite3_changes(c->db))
    return qs; /* fired already: nothing else happens */
  j->fired = true;
  if (breach) { /* the ticket leaves this target's sweep index */
    st = vt_sq_prepare(c, "UPDATE tickets SET sla_breached = sla_breached | ?2 WHERE id = ?1");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, k->ticket_id);
    vt_sq_int(st, 2, vt_escalation_target_bit(k->target));
    if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
      return qs;
  }
  if (breach && vt_escalation_has(actions, "notify_supervisor") &&
      (qs = alert_supervisors(c, k, j->mail_domain, j->now)) != VT_QS_ONE)
    return qs;
  if (breach &&
      (vt_escalation_has(actions, "raise_priority") || vt_escalation_has(actions, "reassign"))) {
    st = vt_sq_prepare(c,
                       "UPDATE tickets SET version = version + 1, updated_at = ?2,"
                       " priority = CASE WHEN ?3 THEN CASE priority WHEN 'low' THEN 'normal'"
                       "  WHEN 'normal' THEN 'high' ELSE 'urgent' END ELSE priority END,"
                       " assignee_id = CASE WHEN ?4 THEN NULL ELSE assignee_id END WHERE id = ?1");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, k->ticket_id);
    vt_sq_int(st, 2, j->now);
    sqlite3_bind_int(st, 3, vt_escalation_has(actions, "raise_priority"));
    sqlite3_bind_int(st, 4, vt_escalation_has(actions, "reassign"));
    if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
      return qs;
  }
  char data[256];
  vt_escalation_event_data(k->target, k->due_at, actions, data, sizeof data);
  return vt_sq_event(c, k->tenant_id, j->now, "system", 0, breach ? "sla_breach" : "sla_warning",
                     "ticket", k->ticket_id, k->ticket_id, k->citizen_id, 0, data);
}

struct escalate_batch {
  const struct vt_sla_candidate *items;
  size_t n;
  int64_t now;
  const char *mail_domain;
  long fired;
};

static enum vt_qs escalate_batch_job(struct vt_sq_conn *c, void *arg) {
  struct escalate_batch *b = arg;
  b->fired = 0; /* the job may run again on a retried group */
  for (size_t i = 0; i < b->n; i++) {
    struct escalate_job j = {&b->items[i], b->now, b->mail_domain, false};
    enum vt_qs qs = escalate_job(c, &j);
    if (qs != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
    b->fired += j.fired;
  }
  return VT_QS_ONE;
}

static enum vt_qs sla_escalate(struct vt_store *s, const struct vt_sla_candidate *items, size_t n,
                               int64_t now, long *fired) {
  struct escalate_batch b = {items, n, now, s->survey_policy.mail_domain, 0};
  enum vt_qs qs = n ? vt_sq_write(vt_sq(s), escalate_batch_job, &b) : VT_QS_ONE;
  *fired = qs == VT_QS_ONE ? b.fired : 0;
  return qs;
}

/* ---- calendars ---- */

static void calendar_fn(sqlite3_stmt *st, void *out) {
  struct vt_calendar *k = out;
  memset(k, 0, sizeof *k);
  k->hours_json = vt_sq_col_dup(st, 0);
  k->departments_json = vt_sq_col_dup(st, 1);
  k->holidays_json = vt_sq_col_dup(st, 2);
  k->inherited_json = vt_sq_col_dup(st, 3);
}

static enum vt_qs calendar_get(struct vt_store *s, vt_id level, struct vt_calendar *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT tn.business_hours,"
         " (SELECT json_group_object(code, json(business_hours)) FROM"
         "  (SELECT code, business_hours FROM departments WHERE tenant_id = tn.id ORDER BY code)),"
         " (SELECT json_group_array(json_object('date', day, 'name', name)) FROM"
         "  (SELECT day, name FROM holidays WHERE level = ?1 ORDER BY day)),"
         " (SELECT json_group_array(json_object('date', day, 'name', name, 'level', lv)) FROM"
         "  (SELECT h.day, h.name, coalesce(a.code, 'national') AS lv FROM holidays h"
         "   LEFT JOIN tenants a ON a.id = h.level"
         "   WHERE h.level <> ?1 AND h.level IN " HOLIDAY_LEVELS " ORDER BY h.day))"
         " FROM (SELECT ?1 AS id, NULL AS parent_id, NULL AS business_hours WHERE ?1 = 0"
         "       UNION ALL SELECT id, parent_id, business_hours FROM tenants WHERE id = ?1) tn");
  if (st)
    vt_sq_int(st, 1, level);
  return vt_sq_one_row(c, st, calendar_fn, out);
}

/* The open tickets of an administration and those below it (national: all)
 * are computed again by the sweep. */
static enum vt_qs restamp_below(struct vt_sq_conn *c, vt_id level) {
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE tickets SET sla_stamped_at = NULL WHERE status NOT IN ('resolved', 'closed')"
         " AND (?1 = 0 OR tenant_id IN (WITH RECURSIVE below(id) AS (SELECT ?1 UNION"
         " SELECT t.id FROM tenants t JOIN below b ON t.parent_id = b.id) SELECT id FROM below))");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, level);
  return vt_sq_exec(c, st);
}

struct calendar_job {
  vt_id level;
  const struct vt_calendar *in;
};

static enum vt_qs calendar_job(struct vt_sq_conn *c, void *arg) {
  struct calendar_job *j = arg;
  sqlite3_stmt *st;
  enum vt_qs qs;
  if (j->level) {
    st = vt_sq_prepare(c, "UPDATE tenants SET business_hours = ?2 WHERE id = ?1");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, j->level);
    vt_sq_text(st, 2, j->in->hours_json);
    if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
      return qs;
    if (!sqlite3_changes(c->db))
      return VT_QS_NONE;
    if (j->in->departments_json) {
      st = vt_sq_prepare(c, "UPDATE departments SET business_hours = (SELECT CASE WHEN"
                            " e.type = 'null' THEN NULL ELSE e.value END FROM json_each(?2) e"
                            " WHERE e.key = departments.code) WHERE tenant_id = ?1");
      if (!st)
        return VT_QS_HARD;
      vt_sq_int(st, 1, j->level);
      vt_sq_text(st, 2, j->in->departments_json);
      if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
        return qs;
    }
  }
  st = vt_sq_prepare(c, "DELETE FROM holidays WHERE level = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->level);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs;
  st = vt_sq_prepare(c, "INSERT INTO holidays(level, day, name) SELECT ?1,"
                        " json_extract(value, '$.date'), json_extract(value, '$.name')"
                        " FROM json_each(?2)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->level);
  vt_sq_text(st, 2, j->in->holidays_json ? j->in->holidays_json : "[]");
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs;
  return restamp_below(c, j->level);
}

static enum vt_qs calendar_put(struct vt_store *s, vt_id level, const struct vt_calendar *in,
                               int64_t now) {
  struct calendar_job j = {level, in};
  return vt_sq_write(vt_sq(s), calendar_job, &j);
}

/* ---- policies ---- */

static void json_fn(sqlite3_stmt *st, void *out) { *(char **)out = vt_sq_col_dup(st, 0); }

static enum vt_qs sla_policies_get(struct vt_store *s, vt_id tenant_id, char **json) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  *json = NULL;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT json_group_array(json_object('id', p.id, 'service', s.code, 'priority',"
         " p.priority, 'first_response_minutes', p.first_response_minutes,"
         " 'resolution_minutes', p.resolution_minutes, 'warn_before_minutes',"
         " p.warn_before_minutes, 'legal_warn_days', p.legal_warn_days,"
         " 'on_breach', json(p.on_breach))) FROM (SELECT * FROM sla_policies"
         " WHERE tenant_id = ?1 ORDER BY id) p LEFT JOIN services s ON s.id = p.service_id");
  if (st)
    vt_sq_int(st, 1, tenant_id);
  return vt_sq_one_row(c, st, json_fn, json);
}

struct policies_job {
  vt_id tenant_id;
  const char *json;
};

static enum vt_qs policies_job(struct vt_sq_conn *c, void *arg) {
  struct policies_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM sla_policies WHERE tenant_id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->tenant_id);
  enum vt_qs qs = vt_sq_exec(c, st);
  if (qs != VT_QS_ONE)
    return qs;
  st = vt_sq_prepare(
      c, "INSERT INTO sla_policies(tenant_id, service_id, priority, first_response_minutes,"
         " resolution_minutes, warn_before_minutes, legal_warn_days, on_breach)"
         " SELECT ?1, json_extract(value, '$.service_id'), json_extract(value, '$.priority'),"
         " json_extract(value, '$.first_response_minutes'),"
         " json_extract(value, '$.resolution_minutes'),"
         " coalesce(json_extract(value, '$.warn_before_minutes'), 120),"
         " coalesce(json_extract(value, '$.legal_warn_days'), 3),"
         " coalesce(json_extract(value, '$.on_breach'), '[\"notify_supervisor\"]')"
         " FROM json_each(?2)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->tenant_id);
  vt_sq_text(st, 2, j->json);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs;
  return restamp_below(c, j->tenant_id);
}

static enum vt_qs sla_policies_put(struct vt_store *s, vt_id tenant_id, const char *json,
                                   int64_t now) {
  struct policies_job j = {tenant_id, json};
  return vt_sq_write(vt_sq(s), policies_job, &j);
}

void vt_sq_init_sla(struct vt_store *s) {
  s->sla_facts = sla_facts;
  s->sla_stamp = sla_stamp;
  s->sla_stale = sla_stale;
  s->sla_candidates = sla_candidates;
  s->sla_escalate = sla_escalate;
  s->calendar_get = calendar_get;
  s->calendar_put = calendar_put;
  s->sla_policies_get = sla_policies_get;
  s->sla_policies_put = sla_policies_put;
}
