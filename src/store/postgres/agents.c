/* PostgreSQL: agents' profiles, availability and automatic assignment (the
 * port of sqlite/agents.c). SQLite's single writer makes choosing an agent
 * and assigning the ticket one step nobody can race; here several nodes
 * assign at once, so each assignment first takes a transaction-scoped
 * advisory lock for the ticket's administration: "least loaded" and "round
 * robin" then see the previous assignment's commit, as with SQLite. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

/* The class (first key) of the advisory locks that serialise automatic
 * assignment; the second key is the administration. No other code uses it. */
#define ASSIGN_LOCK_CLASS "7170"

/* SQLite's CHECK (json_valid(...)) turns bad JSON into a constraint failure
 * (NONE); PostgreSQL's ::jsonb cast would raise a hard error instead, so the
 * text is checked here first (as catalog.c does). NULL passes: the column's
 * NOT NULL decides. */
static bool json_ok(const char *text) {
  if (!text)
    return true;
  json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, NULL);
  bool ok = j != NULL;
  json_decref(j);
  return ok;
}

static void profile_fn(const PGresult *r, int row, void *out) {
  struct vt_agent_profile *p = out;
  memset(p, 0, sizeof *p);
  p->user_id = vt_pg_int64(r, row, 0);
  p->departments_json = vt_pg_dup(r, row, 1);
  p->languages_json = vt_pg_dup(r, row, 2);
  p->skills_json = vt_pg_dup(r, row, 3);
  p->max_open = (long)vt_pg_int64(r, row, 4);
  vt_pg_copy(r, row, 5, p->status, sizeof p->status);
  p->status_until = vt_pg_int64(r, row, 6);
  p->last_assigned_at = vt_pg_int64(r, row, 7);
  p->open_tickets = (long)vt_pg_int64(r, row, 8);
}

static enum vt_qs agent_profile_get(struct vt_store *s, vt_id user_id, int64_t now,
                                    struct vt_agent_profile *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, user_id);
  vt_pg_int(&p, now);
  /* Online only while the console keeps refreshing it. */
  return vt_pg_read_one(
      s,
      "SELECT u.id, coalesce(p.departments, '[]'::jsonb)::text,"
      " coalesce(p.languages, '[\"es\"]'::jsonb)::text, coalesce(p.skills, '[]'::jsonb)::text,"
      " coalesce(p.max_open, 40),"
      " CASE WHEN p.status = 'online' AND p.status_until <= $2::bigint THEN 'offline'"
      " ELSE coalesce(p.status, 'offline') END, coalesce(p.status_until, 0),"
      " coalesce(p.last_assigned_at, 0), (SELECT count(*) FROM tickets t"
      " WHERE t.assignee_id = u.id AND t.status IN ('new', 'open', 'pending', 'on_hold'))"
      " FROM users u LEFT JOIN agent_profiles p ON p.user_id = u.id WHERE u.id = $1::bigint",
      &p, profile_fn, out);
}

/* One statement: NONE when a constraint says no (an unknown user, a
 * missing list). */
static enum vt_qs profile_save_tx(struct vt_pg_conn *c, void *arg) {
  const struct vt_agent_profile *in = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->user_id);
  vt_pg_text(&p, in->departments_json);
  vt_pg_text(&p, in->languages_json);
  vt_pg_text(&p, in->skills_json);
  vt_pg_int(&p, in->max_open);
  return vt_pg_run(c,
                   "INSERT INTO agent_profiles(user_id, departments, languages, skills, max_open)"
                   " VALUES ($1::bigint, $2::jsonb, $3::jsonb, $4::jsonb, $5::bigint)"
                   " ON CONFLICT (user_id) DO UPDATE SET departments = excluded.departments,"
                   " languages = excluded.languages, skills = excluded.skills,"
                   " max_open = excluded.max_open",
                   &p);
}

static enum vt_qs agent_profile_save(struct vt_store *s, const struct vt_agent_profile *in) {
  if (!json_ok(in->departments_json) || !json_ok(in->languages_json) || !json_ok(in->skills_json))
    return VT_QS_NONE;
  return vt_pg_autocommit(vt_pg(s), profile_save_tx, (void *)in);
}

struct status_job {
  vt_id user_id;
  const char *status;
  int64_t until, now;
};

static enum vt_qs status_tx(struct vt_pg_conn *c, void *arg) {
  struct status_job *j = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->user_id);
  vt_pg_text(&p, j->status);
  vt_pg_int(&p, j->until);
  enum vt_qs qs = vt_pg_run(c,
                            "INSERT INTO agent_profiles(user_id, status, status_until)"
                            " VALUES ($1::bigint, $2::text, $3::bigint)"
                            " ON CONFLICT (user_id) DO UPDATE SET status = excluded.status,"
                            " status_until = excluded.status_until",
                            &p);
  if (qs != VT_QS_ONE || !strcmp(j->status, "online"))
    return qs;
  /* Whoever leaves hands their live chats back: off chat duty too. */
  struct vt_pg_params d = {0};
  vt_pg_int(&d, j->user_id);
  if ((qs = vt_pg_must_run(c, "DELETE FROM chat_duty WHERE user_id = $1::bigint", &d)) != VT_QS_ONE)
    return qs;
  long n = 0;
  return vt_pg_chats_requeue_agent(c, j->user_id, j->now, &n);
}

static enum vt_qs agent_status_set(struct vt_store *s, vt_id user_id, const char *status,
                                   int64_t until, int64_t now) {
  struct status_job j = {user_id, status, until, now};
  return vt_pg_tx(vt_pg(s), status_tx, &j);
}

struct assign_job {
  vt_id ticket_id;
  const char *policy;
  int64_t now;
  vt_id assignee;
};

static enum vt_qs assign_tx(struct vt_pg_conn *c, void *arg) {
  struct assign_job *j = arg;
  j->assignee = 0;
  /* First the assignments' lock (until COMMIT or ROLLBACK): every
   * automatic assignment, on any node, takes its turn here, and under READ
   * COMMITTED the candidate query below, a later statement, sees what the
   * previous holder committed (its agent's new load and last_assigned_at).
   * One lock for all administrations, not one each: an agent of the
   * region serves every municipality, so two municipalities' assignments
   * may pick the same person. An assignment is a few milliseconds. */
  struct vt_pg_params l = {0};
  vt_pg_int(&l, j->ticket_id);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c,
                           "SELECT pg_advisory_xact_lock(" ASSIGN_LOCK_CLASS ", 0)"
                           " FROM tickets WHERE id = $1::bigint",
                           &l, &qs);
  bool found = qs == VT_QS_ONE && PQntuples(r) == 1;
  PQclear(r);
  if (qs != VT_QS_ONE)
    return qs == VT_QS_NONE ? VT_QS_HARD : qs;
  if (!found)
    return VT_QS_NONE;
  /* The candidates, best first: online agents of the ticket's
   * administration (or one above it) who work for its department, are
   * under their limit and, for skills, speak the citizen's language. The
   * lists are arrays of strings, so `?` is membership. */
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->ticket_id);
  vt_pg_text(&p, j->policy);
  vt_pg_int(&p, j->now);
  r = vt_pg_exec(
      c,
      "WITH RECURSIVE tk AS (SELECT t.tenant_id, d.code AS dept, t.tags, ci.lang,"
      "  t.confidential AS conf FROM tickets t LEFT JOIN departments d ON d.id = t.department_id"
      "  JOIN citizens ci ON ci.id = t.citizen_id"
      "  WHERE t.id = $1::bigint AND t.assignee_id IS NULL),"
      " up(id) AS (SELECT tenant_id FROM tk UNION SELECT te.parent_id FROM tenants te"
      "  JOIN up ON te.id = up.id WHERE te.parent_id IS NOT NULL),"
      " cand AS (SELECT u.id, p.last_assigned_at, p.max_open,"
      "  (SELECT count(*) FROM tickets o WHERE o.assignee_id = u.id"
      "   AND o.status IN ('new', 'open', 'pending', 'on_hold')) AS open_count,"
      "  (SELECT count(*) FROM jsonb_array_elements_text(p.skills) AS sk(value)"
      "   WHERE tk.tags ? sk.value) AS skill_hits,"
      "  coalesce(p.languages ? tk.lang, false) AS speaks"
      "  FROM users u JOIN agent_profiles p ON p.user_id = u.id, tk"
      "  WHERE u.active AND p.status = 'online' AND p.status_until > $3::bigint"
      "  AND EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id"
      "   AND ut.tenant_id IN (SELECT id FROM up))"
      "  AND ((NOT tk.conf AND (jsonb_array_length(p.departments) = 0 OR tk.dept IS NULL))"
      "   OR p.departments ? tk.dept))" /* confidential: named departments only */
      " SELECT id FROM cand WHERE open_count < max_open AND ($2::text <> 'skills' OR speaks)"
      " ORDER BY CASE WHEN $2::text = 'skills' THEN -skill_hits ELSE 0 END,"
      " CASE WHEN $2::text = 'round_robin' THEN last_assigned_at ELSE open_count END,"
      " last_assigned_at, id LIMIT 1",
      &p, &qs);
  vt_id who = 0;
  if (qs == VT_QS_ONE && PQntuples(r) == 1)
    who = vt_pg_int64(r, 0, 0);
  PQclear(r);
  if (qs != VT_QS_ONE)
    return qs == VT_QS_NONE ? VT_QS_HARD : qs;
  if (!who)
    return VT_QS_NONE;
  struct vt_pg_params u = {0};
  vt_pg_int(&u, j->ticket_id);
  vt_pg_int(&u, who);
  vt_pg_int(&u, j->now);
  r = vt_pg_exec(c,
                 "UPDATE tickets SET assignee_id = $2::bigint, version = version + 1,"
                 " updated_at = $3::bigint WHERE id = $1::bigint AND assignee_id IS NULL"
                 " RETURNING tenant_id, citizen_id",
                 &u, &qs);
  vt_id tenant_id = 0, citizen_id = 0;
  found = qs == VT_QS_ONE && PQntuples(r) == 1;
  if (found) {
    tenant_id = vt_pg_int64(r, 0, 0);
    citizen_id = vt_pg_int64(r, 0, 1);
  }
  PQclear(r);
  if (qs != VT_QS_ONE)
    return qs;
  if (!found)
    return VT_QS_NONE;
  struct vt_pg_params a = {0};
  vt_pg_int(&a, who);
  vt_pg_int(&a, j->now);
  if ((qs = vt_pg_must_run(c,
                           "UPDATE agent_profiles SET last_assigned_at = $2::bigint"
                           " WHERE user_id = $1::bigint",
                           &a)) != VT_QS_ONE)
    return qs;
  char data[160];
  snprintf(data, sizeof data, "{\"assignee_id\":[null,%lld],\"assigned_by\":\"%s\"}",
           (long long)who, j->policy);
  if ((qs = vt_pg_event(c, tenant_id, j->now, "system", 0, "ticket_updated", "ticket", j->ticket_id,
                        j->ticket_id, citizen_id, 0, data)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  j->assignee = who;
  return VT_QS_ONE;
}

static enum vt_qs ticket_assign_auto(struct vt_store *s, vt_id ticket_id, const char *policy,
                                     int64_t now, vt_id *assignee) {
  struct assign_job j = {ticket_id, policy, now, 0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), assign_tx, &j);
  if (assignee)
    *assignee = qs == VT_QS_ONE ? j.assignee : 0;
  return qs;
}

void vt_pg_init_agents(struct vt_store *s) {
  s->agent_profile_get = agent_profile_get;
  s->agent_profile_save = agent_profile_save;
  s->agent_status_set = agent_status_set;
  s->ticket_assign_auto = ticket_assign_auto;
}
