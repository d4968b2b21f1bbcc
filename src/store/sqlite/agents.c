/* SQLite: agents' profiles, availability and automatic assignment. The
 * writer runs one job at a time, so choosing the agent and assigning the
 * ticket cannot be raced by another assignment: "least loaded" stays true
 * under concurrent requests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

static void profile_fn(sqlite3_stmt *st, void *out) {
  struct vt_agent_profile *p = out;
  memset(p, 0, sizeof *p);
  p->user_id = sqlite3_column_int64(st, 0);
  p->departments_json = vt_sq_col_dup(st, 1);
  p->languages_json = vt_sq_col_dup(st, 2);
  p->skills_json = vt_sq_col_dup(st, 3);
  p->max_open = (long)sqlite3_column_int64(st, 4);
  vt_sq_col_copy(st, 5, p->status, sizeof p->status);
  p->status_until = sqlite3_column_int64(st, 6);
  p->last_assigned_at = sqlite3_column_int64(st, 7);
  p->open_tickets = (long)sqlite3_column_int64(st, 8);
}

static enum vt_qs agent_profile_get(struct vt_store *s, vt_id user_id, int64_t now,
                                    struct vt_agent_profile *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  /* Online only while the console keeps refreshing it. */
  sqlite3_stmt *st = vt_sq_prepare(
      c,
      "SELECT u.id, coalesce(p.departments, '[]'), coalesce(p.languages, '[\"es\"]'),"
      " coalesce(p.skills, '[]'), coalesce(p.max_open, 40),"
      " CASE WHEN p.status = 'online' AND p.status_until <= ?2 THEN 'offline'"
      " ELSE coalesce(p.status, 'offline') END, coalesce(p.status_until, 0),"
      " coalesce(p.last_assigned_at, 0), (SELECT count(*) FROM tickets t WHERE t.assignee_id = u.id"
      " AND t.status IN ('new', 'open', 'pending', 'on_hold'))"
      " FROM users u LEFT JOIN agent_profiles p ON p.user_id = u.id WHERE u.id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, user_id);
  vt_sq_int(st, 2, now);
  return vt_sq_one_row(c, st, profile_fn, out);
}

static enum vt_qs profile_job(struct vt_sq_conn *c, void *arg) {
  const struct vt_agent_profile *in = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO agent_profiles(user_id, departments, languages, skills, max_open)"
         " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(user_id) DO UPDATE SET"
         " departments = excluded.departments, languages = excluded.languages,"
         " skills = excluded.skills, max_open = excluded.max_open");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->user_id);
  vt_sq_text(st, 2, in->departments_json);
  vt_sq_text(st, 3, in->languages_json);
  vt_sq_text(st, 4, in->skills_json);
  vt_sq_int(st, 5, in->max_open);
  return vt_sq_exec(c, st);
}

static enum vt_qs agent_profile_save(struct vt_store *s, const struct vt_agent_profile *in) {
  return vt_sq_write(vt_sq(s), profile_job, (void *)in);
}

struct status_job {
  vt_id user_id;
  const char *status;
  int64_t until, now;
};

static enum vt_qs status_job(struct vt_sq_conn *c, void *arg) {
  struct status_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO agent_profiles(user_id, status, status_until) VALUES (?1, ?2, ?3)"
         " ON CONFLICT(user_id) DO UPDATE SET status = excluded.status,"
         " status_until = excluded.status_until");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->user_id);
  vt_sq_text(st, 2, j->status);
  vt_sq_int(st, 3, j->until);
  enum vt_qs qs = vt_sq_exec(c, st);
  if (qs != VT_QS_ONE || !strcmp(j->status, "online"))
    return qs;
  /* Whoever leaves hands their live chats back: off chat duty too. */
  st = vt_sq_prepare(c, "DELETE FROM chat_duty WHERE user_id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->user_id);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs;
  long n = 0;
  return vt_sq_chats_requeue_agent(c, j->user_id, j->now, &n);
}

static enum vt_qs agent_status_set(struct vt_store *s, vt_id user_id, const char *status,
                                   int64_t until, int64_t now) {
  struct status_job j = {user_id, status, until, now};
  return vt_sq_write(vt_sq(s), status_job, &j);
}

struct assign_job {
  vt_id ticket_id;
  const char *policy;
  int64_t now;
  vt_id assignee;
};

static enum vt_qs assign_job(struct vt_sq_conn *c, void *arg) {
  struct assign_job *j = arg;
  j->assignee = 0;
  /* The candidates, best first: online agents of the ticket's
   * administration (or one above it) who work for its department, are
   * under their limit and, for skills, speak the citizen's language. A
   * confidential ticket goes only to an agent whose profile names its
   * department (the agents who may see it), never to "any department". */
  sqlite3_stmt *st = vt_sq_prepare(
      c, "WITH RECURSIVE tk AS (SELECT t.tenant_id, d.code AS dept, t.tags, ci.lang, t.confidential"
         "  AS conf"
         "  FROM tickets t LEFT JOIN departments d ON d.id = t.department_id"
         "  JOIN citizens ci ON ci.id = t.citizen_id WHERE t.id = ?1 AND t.assignee_id IS NULL),"
         " up(id) AS (SELECT tenant_id FROM tk UNION SELECT te.parent_id FROM tenants te"
         "  JOIN up ON te.id = up.id WHERE te.parent_id IS NOT NULL),"
         " cand AS (SELECT u.id, p.last_assigned_at, p.max_open,"
         "  (SELECT count(*) FROM tickets o WHERE o.assignee_id = u.id"
         "   AND o.status IN ('new', 'open', 'pending', 'on_hold')) AS open_count,"
         "  (SELECT count(*) FROM json_each(p.skills) sk, tk"
         "   WHERE sk.value IN (SELECT value FROM json_each(tk.tags))) AS skill_hits,"
         "  EXISTS (SELECT 1 FROM json_each(p.languages) l, tk WHERE l.value = tk.lang) AS speaks"
         "  FROM users u JOIN agent_profiles p ON p.user_id = u.id, tk"
         "  WHERE u.active AND p.status = 'online' AND p.status_until > ?3"
         "  AND EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id"
         "   AND ut.tenant_id IN (SELECT id FROM up))"
         "  AND ((NOT tk.conf AND (json_array_length(p.departments) = 0 OR tk.dept IS NULL))"
         "   OR EXISTS (SELECT 1 FROM json_each(p.departments) pd WHERE pd.value = tk.dept)))"
         " SELECT id FROM cand WHERE open_count < max_open AND (?2 <> 'skills' OR speaks)"
         " ORDER BY CASE WHEN ?2 = 'skills' THEN -skill_hits ELSE 0 END,"
         " CASE WHEN ?2 = 'round_robin' THEN last_assigned_at ELSE open_count END,"
         " last_assigned_at, id LIMIT 1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  vt_sq_text(st, 2, j->policy);
  vt_sq_int(st, 3, j->now);
  vt_id who = 0;
  enum vt_qs qs = vt_sq_one_row(c, st, vt_sq_id_fn, &who);
  if (qs != VT_QS_ONE)
    return qs;
  st = vt_sq_prepare(c, "UPDATE tickets SET assignee_id = ?2, version = version + 1,"
                        " updated_at = ?3 WHERE id = ?1 AND assignee_id IS NULL"
                        " RETURNING tenant_id, citizen_id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  vt_sq_int(st, 2, who);
  vt_sq_int(st, 3, j->now);
  vt_id tenant_id = 0, citizen_id = 0;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    tenant_id = sqlite3_column_int64(st, 0);
    citizen_id = sqlite3_column_int64(st, 1);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? VT_QS_NONE : vt_sq_rc(c, rc);
  st = vt_sq_prepare(c, "UPDATE agent_profiles SET last_assigned_at = ?2 WHERE user_id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, who);
  vt_sq_int(st, 2, j->now);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs;
  char data[160];
  snprintf(data, sizeof data, "{\"assignee_id\":[null,%lld],\"assigned_by\":\"%s\"}",
           (long long)who, j->policy);
  if (vt_sq_event(c, tenant_id, j->now, "system", 0, "ticket_updated", "ticket", j->ticket_id,
                  j->ticket_id, citizen_id, 0, data) != VT_QS_ONE)
    return VT_QS_HARD;
  j->assignee = who;
  return VT_QS_ONE;
}

static enum vt_qs ticket_assign_auto(struct vt_store *s, vt_id ticket_id, const char *policy,
                                     int64_t now, vt_id *assignee) {
  struct assign_job j = {ticket_id, policy, now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), assign_job, &j);
  if (assignee)
    *assignee = j.assignee;
  return qs;
}

void vt_sq_init_agents(struct vt_store *s) {
  s->agent_profile_get = agent_profile_get;
  s->agent_profile_save = agent_profile_save;
  s->agent_status_set = agent_status_set;
  s->ticket_assign_auto = ticket_assign_auto;
}
