/* PostgreSQL: deadlines (a port of sqlite/sla.c; the comments are there). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/escalation.h"
#include "domain/model.h"
#include "store/postgres/pg.h"

#define HOLIDAY_LEVELS                                                                             \
  "(0, tn.id, coalesce(tn.parent_id, -1),"                                                         \
  " coalesce((SELECT parent_id FROM tenants WHERE id = tn.parent_id), -1))"

#define POLICY_OF_TICKET                                                                           \
  "(SELECT q.id FROM sla_policies q WHERE q.tenant_id = t.tenant_id"                               \
  " AND (q.service_id = t.service_id OR q.service_id IS NULL)"                                     \
  " AND (q.priority = t.priority OR q.priority IS NULL)"                                           \
  " ORDER BY q.service_id IS NULL, q.priority IS NULL LIMIT 1)"

static void facts_fn(const PGresult *r, int row, void *out) {
  struct vt_sla_facts *f = out;
  memset(f, 0, sizeof *f);
  f->ticket_id = vt_pg_int64(r, row, 0);
  f->tenant_id = vt_pg_int64(r, row, 1);
  f->created_at = vt_pg_int64(r, row, 2);
  f->updated_at = vt_pg_int64(r, row, 3);
  f->first_response_at = vt_pg_int64(r, row, 4);
  int v = vt_status_parse(PQgetvalue(r, row, 5));
  f->status = v < 0 ? VT_ST_OPEN : (enum vt_status)v;
  vt_pg_copy(r, row, 6, f->timezone, sizeof f->timezone);
  f->hours_json = vt_pg_dup(r, row, 7);
  f->legal_days = (int)vt_pg_int64(r, row, 8);
  f->processing_days = (int)vt_pg_int64(r, row, 9);
  f->policy_id = vt_pg_int64(r, row, 10);
  f->first_response_minutes = PQgetisnull(r, row, 11) ? -1 : vt_pg_int64(r, row, 11);
  f->resolution_minutes = PQgetisnull(r, row, 12) ? -1 : vt_pg_int64(r, row, 12);
  f->holidays_json = vt_pg_dup(r, row, 13);
  f->pauses_json = vt_pg_dup(r, row, 14);
}

static enum vt_qs sla_facts(struct vt_store *s, vt_id ticket_id, struct vt_sla_facts *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  return vt_pg_read_one(
      s,
      "SELECT t.id, t.tenant_id, t.created_at, t.updated_at, t.first_response_at, t.status,"
      " tn.timezone, coalesce(d.business_hours, tn.business_hours)::text,"
      " coalesce(s.legal_deadline_days, 0), coalesce(s.processing_days, 0),"
      " p.id, p.first_response_minutes, p.resolution_minutes,"
      " (SELECT coalesce(json_agg(day), '[]')::text FROM holidays WHERE level IN " HOLIDAY_LEVELS
      "),"
      " (SELECT coalesce(json_agg(json_build_array(started_at, coalesce(ended_at, 0))"
      "  ORDER BY id), '[]')::text FROM ticket_pauses WHERE ticket_id = t.id)"
      " FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id"
      " LEFT JOIN departments d ON d.id = t.department_id"
      " LEFT JOIN services s ON s.id = t.service_id"
      " LEFT JOIN sla_policies p ON p.id = " POLICY_OF_TICKET " WHERE t.id = $1::bigint",
      &p, facts_fn, out);
}

struct stamp_arg {
  const struct vt_sla_stamp *items;
  size_t n;
};

static enum vt_qs stamp_tx(struct vt_pg_conn *c, void *arg) {
  struct stamp_arg *a = arg;
  enum vt_qs qs = VT_QS_ONE;
  for (size_t i = 0; i < a->n && qs == VT_QS_ONE; i++) {
    const struct vt_sla_stamp *k = &a->items[i];
    struct vt_pg_params p = {0};
    vt_pg_int(&p, k->ticket_id);
    vt_pg_int(&p, k->seen_updated_at);
    vt_pg_id(&p, k->due.first_response);
    vt_pg_id(&p, k->due.resolution);
    vt_pg_id(&p, k->due.legal);
    vt_pg_id(&p, k->due.due);
    vt_pg_id(&p, k->due.policy_id);
    qs = vt_pg_run(c,
                   "UPDATE tickets SET first_response_due_at = $3::bigint,"
                   " resolution_due_at = $4::bigint, legal_due_at = $5::bigint,"
                   " due_at = $6::bigint, sla_policy_id = $7::bigint, sla_stamped_at = updated_at"
                   " WHERE id = $1::bigint AND updated_at = $2::bigint",
                   &p);
  }
  return qs;
}

static enum vt_qs sla_stamp(struct vt_store *s, const struct vt_sla_stamp *items, size_t n) {
  struct stamp_arg a = {items, n};
  return n == 1 ? vt_pg_autocommit(vt_pg(s), stamp_tx, &a)
         : n    ? vt_pg_tx(vt_pg(s), stamp_tx, &a)
                : VT_QS_ONE;
}

static void id_fn(const PGresult *r, int row, void *out) { *(vt_id *)out = vt_pg_int64(r, row, 0); }

static enum vt_qs sla_stale(struct vt_store *s, int limit, vt_id **ids, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, limit);
  return vt_pg_read_many(s,
                         "SELECT id FROM tickets WHERE sla_stamped_at IS DISTINCT FROM updated_at"
                         " ORDER BY id LIMIT $1::bigint",
                         &p, sizeof **ids, id_fn, (void **)ids, n);
}

static void candidate_fn(const PGresult *r, int row, void *out) {
  struct vt_sla_candidate *k = out;
  memset(k, 0, sizeof *k);
  k->ticket_id = vt_pg_int64(r, row, 0);
  k->tenant_id = vt_pg_int64(r, row, 1);
  k->citizen_id = vt_pg_int64(r, row, 2);
  vt_pg_copy(r, row, 3, k->target, sizeof k->target);
  vt_pg_copy(r, row, 4, k->stage, sizeof k->stage);
  k->due_at = vt_pg_int64(r, row, 5);
  k->actions_json = vt_pg_dup(r, row, 6);
}

#define CANDIDATES(target, col, bit, warn_ms, extra)                                               \
  "SELECT * FROM (SELECT t.id, t.tenant_id, t.citizen_id, '" target "'::text AS target,"           \
  " CASE WHEN t." col " <= $1::bigint THEN 'breach' ELSE 'warning' END AS stage, t." col ","       \
  " coalesce(p.on_breach, '[\"notify_supervisor\"]')::text"                                        \
  " FROM tickets t LEFT JOIN sla_policies p ON p.id = t.sla_policy_id"                             \
  " WHERE t." col " IS NOT NULL" extra " AND t.status IN ('new', 'open', 'on_hold')"               \
  " AND (t.sla_breached & " bit ") = 0 AND t." col " <= $1::bigint + $2::bigint"                   \
  " AND t.sla_stamped_at = t.updated_at"                                                           \
  " AND t." col " - " warn_ms " <= $1::bigint) x"                                                  \
  " WHERE NOT EXISTS (SELECT 1 FROM sla_escalations e WHERE e.ticket_id = x.id"                    \
  " AND e.target = x.target AND e.stage = x.stage)"
#define WARN_MINUTES "coalesce(p.warn_before_minutes, 120) * 60000"
#define WARN_DAYS    "coalesce(p.legal_warn_days, 3) * 86400000"
#define FIRST_RESPONSE                                                                             \
  CANDIDATES("first_response", "first_response_due_at", "1", WARN_MINUTES,                         \
             " AND t.first_response_at IS NULL")
#define RESOLUTION CANDIDATES("resolution", "resolution_due_at", "2", WARN_MINUTES, "")
#define LEGAL      CANDIDATES("legal", "legal_due_at", "4", WARN_DAYS, "")

static enum vt_qs sla_candidates(struct vt_store *s, int64_t now, int limit,
                                 struct vt_sla_candidate **items, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, now);
  vt_pg_int(&p, VT_SLA_MAX_WARN_MS);
  vt_pg_int(&p, limit);
  return vt_pg_read_many(
      s, "(" FIRST_RESPONSE ") UNION ALL (" RESOLUTION ") UNION ALL (" LEGAL ") LIMIT $3::bigint",
      &p, sizeof **items, candidate_fn, (void **)items, n);
}

struct escalate_arg {
  const struct vt_sla_candidate *k;
  int64_t now;
  const char *mail_domain;
  bool fired;
};

/* A breach's email to each active supervisor and administrator of the
 * ticket's administration, in the transaction that fires it; at most
 * VT_SLA_ALERTS_PER_HOUR to one address (see sqlite/sla.c). */
static enum vt_qs alert_supervisors(struct vt_pg_conn *c, const struct vt_sla_candidate *k,
                                    const char *domain, int64_t now) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, k->tenant_id);
  vt_pg_int(&p, now);
  vt_pg_int(&p, VT_SLA_ALERTS_PER_HOUR);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c,
                           "SELECT u.email FROM users u JOIN user_tenants ut"
                           " ON ut.user_id = u.id WHERE ut.tenant_id = $1::bigint AND u.active"
                           " AND u.role IN ('supervisor', 'admin') AND (SELECT count(*) FROM"
                           " outbox o WHERE o.to_addr = u.email AND o.kind = 'sla_alert'"
                           " AND o.created_at > $2::bigint - 3600000) < $3::bigint"
                           " ORDER BY u.id LIMIT 32",
                           &p, &qs);
  for (int i = 0; qs == VT_QS_ONE && i < PQntuples(r); i++) {
    char rfc[320];
    vt_escalation_alert_id(k->ticket_id, k->target, domain, rfc, sizeof rfc);
    struct vt_outbox_new o = {
        .kind = "sla_alert", .to_addr = PQgetvalue(r, i, 0), .rfc_message_id = rfc};
    qs = vt_pg_outbox_insert(c, k->tenant_id, k->ticket_id, 0, &o, now);
  }
  PQclear(r);
  return qs == VT_QS_NONE ? VT_QS_HARD : qs;
}

static enum vt_qs escalate_tx(struct vt_pg_conn *c, void *arg) {
  struct escalate_arg *a = arg;
  const struct vt_sla_candidate *k = a->k;
  bool breach = !strcmp(k->stage, "breach");
  const char *actions = vt_escalation_actions(breach, k->actions_json);
  a->fired = false;
  /* Still as the candidate query saw it (see the SQLite twin), and locked so
   * that no answer or resolution slips in before this transaction ends. */
  struct vt_pg_params q = {0};
  vt_pg_int(&q, k->ticket_id);
  vt_pg_text(&q, k->target);
  vt_pg_int(&q, k->due_at);
  vt_id same = 0;
  enum vt_qs sq = vt_pg_returning_id(
      c,
      "SELECT id FROM tickets WHERE id = $1::bigint AND status IN ('new', 'open', 'on_hold')"
      " AND sla_stamped_at = updated_at AND CASE $2::text"
      " WHEN 'first_response' THEN first_response_due_at = $3::bigint AND first_response_at IS NULL"
      " WHEN 'resolution' THEN resolution_due_at = $3::bigint ELSE legal_due_at = $3::bigint END"
      " FOR NO KEY UPDATE",
      &q, &same);
  if (sq == VT_QS_NONE)
    return VT_QS_ONE;
  if (sq != VT_QS_ONE)
    return sq;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, k->ticket_id);
  vt_pg_text(&p, k->target);
  vt_pg_text(&p, k->stage);
  vt_pg_int(&p, k->due_at);
  vt_pg_int(&p, a->now);
  vt_pg_text(&p, actions);
  vt_id got = 0;
  enum vt_qs qs = vt_pg_returning_id(
      c,
      "INSERT INTO sla_escalations(ticket_id, target, stage, due_at, fired_at, actions)"
      " VALUES ($1::bigint, $2::text, $3::text, $4::bigint, $5::bigint, $6::jsonb)"
      " ON CONFLICT DO NOTHING RETURNING ticket_id",
      &p, &got);
  if (qs == VT_QS_NONE)
    return VT_QS_ONE; /* fired already: nothing else happens */
  if (qs != VT_QS_ONE)
    return qs;
  a->fired = true;
  if (breach) { /* the ticket leaves this target's sweep index */
    struct vt_pg_params b = {0};
    vt_pg_int(&b, k->ticket_id);
    vt_pg_int(&b, vt_escalation_target_bit(k->target));
    if ((qs = vt_pg_must_run(c,
                             "UPDATE tickets SET sla_breached = sla_breached | $2::integer"
                             " WHERE id = $1::bigint",
                             &b)) != VT_QS_ONE)
      return qs;
  }
  if (breach && vt_escalation_has(actions, "notify_supervisor") &&
      (qs = alert_supervisors(c, k, a->mail_domain, a->now)) != VT_QS_ONE)
    return qs;
  if (breach &&
      (vt_escalation_has(actions, "raise_priority") || vt_escalation_has(actions, "reassign"))) {
    struct vt_pg_params u = {0};
    vt_pg_int(&u, k->ticket_id);
    vt_pg_int(&u, a->now);
    vt_pg_bool(&u, vt_escalation_has(actions, "raise_priority"));
    vt_pg_bool(&u, vt_escalation_has(actions, "reassign"));
    if ((qs = vt_pg_must_run(
             c,
             "UPDATE tickets SET version = version + 1, updated_at = $2::bigint,"
             " priority = CASE WHEN $3::boolean THEN CASE priority WHEN 'low' THEN 'normal'"
             "  WHEN 'normal' THEN 'high' ELSE 'urgent' END ELSE priority END,"
             " assignee_id = CASE WHEN $4::boolean THEN NULL ELSE assignee_id END"
             " WHERE id = $1::bigint",
             &u)) != VT_QS_ONE)
      return qs;
  }
  char data[256];
  vt_escalation_event_data(k->target, k->due_at, actions, data, sizeof data);
  return vt_pg_event(c, k->tenant_id, a->now, "system", 0, breach ? "sla_breach" : "sla_warning",
                     "ticket", k->ticket_id, k->ticket_id, k->citizen_id, 0, data);
}

struct escalate_batch {
  const struct vt_sla_candidate *items;
  size_t n;
  int64_t now;
  const char *mail_domain;
  long fired;
};

static enum vt_qs escalate_batch_tx(struct vt_pg_conn *c, void *arg) {
  struct escalate_batch *b = arg;
  b->fired = 0; /* the transaction may be retried */
  for (size_t i = 0; i < b->n; i++) {
    struct escalate_arg a = {&b->items[i], b->now, b->mail_domain, false};
    enum vt_qs qs = escalate_tx(c, &a);
    if (qs != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
    b->fired += a.fired;
  }
  return VT_QS_ONE;
}

static enum vt_qs sla_escalate(struct vt_store *s, const struct vt_sla_candidate *items, size_t n,
                               int64_t now, long *fired) {
  struct escalate_batch b = {items, n, now, s->survey_policy.mail_domain, 0};
  enum vt_qs qs = n ? vt_pg_tx(vt_pg(s), escalate_batch_tx, &b) : VT_QS_ONE;
  *fired = qs == VT_QS_ONE ? b.fired : 0;
  return qs;
}

/* ---- calendars ---- */

static void calendar_fn(const PGresult *r, int row, void *out) {
  struct vt_calendar *k = out;
  memset(k, 0, sizeof *k);
  k->hours_json = vt_pg_dup(r, row, 0);
  k->departments_json = vt_pg_dup(r, row, 1);
  k->holidays_json = vt_pg_dup(r, row, 2);
  k->inherited_json = vt_pg_dup(r, row, 3);
}

static enum vt_qs calendar_get(struct vt_store *s, vt_id level, struct vt_calendar *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, level);
  return vt_pg_read_one(
      s,
      "SELECT tn.business_hours::text,"
      " (SELECT coalesce(json_object_agg(code, business_hours ORDER BY code), '{}')::text"
      "  FROM departments WHERE tenant_id = tn.id),"
      " (SELECT coalesce(json_agg(json_build_object('date', day, 'name', name) ORDER BY day),"
      "  '[]')::text FROM holidays WHERE level = $1::bigint),"
      " (SELECT coalesce(json_agg(json_build_object('date', h.day, 'name', h.name, 'level',"
      "  coalesce(a.code, 'national')) ORDER BY h.day), '[]')::text FROM holidays h"
      "  LEFT JOIN tenants a ON a.id = h.level"
      "  WHERE h.level <> $1::bigint AND h.level IN " HOLIDAY_LEVELS ")"
      " FROM (SELECT $1::bigint AS id, NULL::bigint AS parent_id, NULL::jsonb AS business_hours"
      "       WHERE $1::bigint = 0"
      "       UNION ALL SELECT id, parent_id, business_hours FROM tenants WHERE id = $1::bigint) "
      "tn",
      &p, calendar_fn, out);
}

static enum vt_qs restamp_below(struct vt_pg_conn *c, vt_id level) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, level);
  return vt_pg_must_run(
      c,
      "UPDATE tickets SET sla_stamped_at = NULL WHERE status NOT IN ('resolved', 'closed')"
      " AND ($1::bigint = 0 OR tenant_id IN (WITH RECURSIVE below(id) AS (SELECT $1::bigint"
      " UNION SELECT t.id FROM tenants t JOIN below b ON t.parent_id = b.id)"
      " SELECT id FROM below))",
      &p);
}

struct calendar_arg {
  vt_id level;
  const struct vt_calendar *in;
};

static enum vt_qs calendar_tx(struct vt_pg_conn *c, void *arg) {
  struct calendar_arg *a = arg;
  enum vt_qs qs;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->level);
  if (a->level) {
    struct vt_pg_params h = {0};
    vt_pg_int(&h, a->level);
    vt_pg_text(&h, a->in->hours_json);
    if ((qs = vt_pg_returning_id(
             c,
             "UPDATE tenants SET business_hours = $2::jsonb WHERE id = $1::bigint"
             " RETURNING id",
             &h, NULL)) != VT_QS_ONE)
      return qs;
    if (a->in->departments_json) {
      struct vt_pg_params d = {0};
      vt_pg_int(&d, a->level);
      vt_pg_text(&d, a->in->departments_json);
      if ((qs = vt_pg_must_run(c,
                               "UPDATE departments SET business_hours = nullif($2::jsonb -> code,"
                               " 'null'::jsonb) WHERE tenant_id = $1::bigint",
                               &d)) != VT_QS_ONE)
        return qs;
    }
  }
  if ((qs = vt_pg_must_run(c, "DELETE FROM holidays WHERE level = $1::bigint", &p)) != VT_QS_ONE)
    return qs;
  struct vt_pg_params i = {0};
  vt_pg_int(&i, a->level);
  vt_pg_text(&i, a->in->holidays_json ? a->in->holidays_json : "[]");
  if ((qs = vt_pg_must_run(c,
                           "INSERT INTO holidays(level, day, name) SELECT $1::bigint,"
                           " e ->> 'date', e ->> 'name' FROM jsonb_array_elements($2::jsonb) e",
                           &i)) != VT_QS_ONE)
    return qs;
  return restamp_below(c, a->level);
}

static enum vt_qs calendar_put(struct vt_store *s, vt_id level, const struct vt_calendar *in,
                               int64_t now) {
  struct calendar_arg a = {level, in};
  return vt_pg_tx(vt_pg(s), calendar_tx, &a);
}

/* ---- policies ---- */

static void json_fn(const PGresult *r, int row, void *out) { *(char **)out = vt_pg_dup(r, row, 0); }

static enum vt_qs sla_policies_get(struct vt_store *s, vt_id tenant_id, char **json) {
  *json = NULL;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  return vt_pg_read_one(
      s,
      "SELECT coalesce(json_agg(json_build_object('id', p.id, 'service', s.code, 'priority',"
      " p.priority, 'first_response_minutes', p.first_response_minutes, 'resolution_minutes',"
      " p.resolution_minutes, 'warn_before_minutes', p.warn_before_minutes, 'legal_warn_days',"
      " p.legal_warn_days, 'on_breach', p.on_breach) ORDER BY p.id), '[]')::text"
      " FROM sla_policies p LEFT JOIN services s ON s.id = p.service_id"
      " WHERE p.tenant_id = $1::bigint",
      &p, json_fn, json);
}

struct policies_arg {
  vt_id tenant_id;
  const char *json;
};

static enum vt_qs policies_tx(struct vt_pg_conn *c, void *arg) {
  struct policies_arg *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->tenant_id);
  enum vt_qs qs;
  if ((qs = vt_pg_must_run(c, "DELETE FROM sla_policies WHERE tenant_id = $1::bigint", &p)) !=
      VT_QS_ONE)
    return qs;
  struct vt_pg_params i = {0};
  vt_pg_int(&i, a->tenant_id);
  vt_pg_text(&i, a->json);
  if ((qs = vt_pg_run(c,
                      "INSERT INTO sla_policies(tenant_id, service_id, priority,"
                      " first_response_minutes, resolution_minutes, warn_before_minutes,"
                      " legal_warn_days, on_breach) SELECT $1::bigint,"
                      " (e ->> 'service_id')::bigint, e ->> 'priority',"
                      " (e ->> 'first_response_minutes')::bigint,"
                      " (e ->> 'resolution_minutes')::bigint,"
                      " coalesce((e ->> 'warn_before_minutes')::bigint, 120),"
                      " coalesce((e ->> 'legal_warn_days')::bigint, 3),"
                      " coalesce(e -> 'on_breach', '[\"notify_supervisor\"]')"
                      " FROM jsonb_array_elements($2::jsonb) e",
                      &i)) != VT_QS_ONE)
    return qs;
  return restamp_below(c, a->tenant_id);
}

static enum vt_qs sla_policies_put(struct vt_store *s, vt_id tenant_id, const char *json,
                                   int64_t now) {
  struct policies_arg a = {tenant_id, json};
  return vt_pg_tx(vt_pg(s), policies_tx, &a);
}

void vt_pg_init_sla(struct vt_store *s) {
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
