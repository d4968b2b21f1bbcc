/* PostgreSQL: live chat (the port of sqlite/chat.c). Widgets, the chats'
 * live state, agents on duty. Every change of a chat writes a chat_* event
 * in the same transaction, so the agents' streams and the citizen's stream
 * learn it from the event log like everything else.
 *
 * Unlike SQLite's single writer, several nodes change chats at once, so a
 * check and the update that follows it are made atomic with row locks, always
 * taken in the same order: the chat's row (FOR UPDATE), then the agent's
 * users row (when counting their active chats against the limit), then the
 * ticket's row (updated). Under READ COMMITTED each statement after a lock
 * sees what the previous holder committed. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"

/* Names sort as SQLite's BINARY collation does (byte order), as in catalog.c. */
#define BYTES " COLLATE \"C\""

/* ---- widgets ---- */

#define WIDGET_COLS                                                                                \
  "w.id, w.tenant_id, t.code, t.name, t.timezone, w.department_id, d.code, d.name, w.key, w.name," \
  " w.allowed_origins, w.hours::text, w.active, w.created_at"                                      \
  " FROM chat_widgets w JOIN tenants t ON t.id = w.tenant_id"                                      \
  " LEFT JOIN departments d ON d.id = w.department_id"

static void widget_fn(const PGresult *r, int row, void *out) {
  struct vt_chat_widget *w = out;
  memset(w, 0, sizeof *w);
  w->id = vt_pg_int64(r, row, 0);
  w->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, w->tenant_code, sizeof w->tenant_code);
  w->tenant_name = vt_pg_dup(r, row, 3);
  w->timezone = vt_pg_dup(r, row, 4);
  w->department_id = vt_pg_int64(r, row, 5);
  vt_pg_copy(r, row, 6, w->department_code, sizeof w->department_code);
  w->department_name = vt_pg_dup(r, row, 7);
  vt_pg_copy(r, row, 8, w->key, sizeof w->key);
  w->name = vt_pg_dup(r, row, 9);
  w->allowed_origins = vt_pg_dup(r, row, 10);
  w->hours_json = vt_pg_dup(r, row, 11);
  w->active = vt_pg_bool_at(r, row, 12);
  w->created_at = vt_pg_int64(r, row, 13);
}

/* SQLite's CHECK (json_valid(hours)) turns bad JSON into a constraint
 * failure (NONE); PostgreSQL's ::jsonb cast would raise a hard error, so the
 * text is checked here first (as catalog.c does). NULL: always open. */
static bool json_ok(const char *text) {
  if (!text)
    return true;
  json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, NULL);
  bool ok = j != NULL;
  json_decref(j);
  return ok;
}

struct widget_arg {
  const struct vt_chat_widget *in;
  int64_t now;
  vt_id id;
};

/* One statement: NONE when the widget to update is unknown or a constraint
 * says no (a taken key, an unknown tenant or department). */
static enum vt_qs widget_save_tx(struct vt_pg_conn *c, void *arg) {
  struct widget_arg *a = arg;
  const struct vt_chat_widget *in = a->in;
  a->id = 0;
  struct vt_pg_params p = {0};
  const char *sql;
  if (in->id) {
    vt_pg_int(&p, in->id);
    vt_pg_id(&p, in->department_id);
    vt_pg_text(&p, in->name);
    vt_pg_text(&p, in->allowed_origins);
    vt_pg_text(&p, in->hours_json);
    vt_pg_bool(&p, in->active);
    vt_pg_int(&p, a->now);
    sql = "UPDATE chat_widgets SET department_id = $2::bigint, name = $3::text,"
          " allowed_origins = $4::text, hours = $5::jsonb, active = $6::boolean,"
          " updated_at = $7::bigint WHERE id = $1::bigint RETURNING id";
  } else {
    vt_pg_int(&p, in->tenant_id);
    vt_pg_id(&p, in->department_id);
    vt_pg_text(&p, in->key);
    vt_pg_text(&p, in->name);
    vt_pg_text(&p, in->allowed_origins);
    vt_pg_text(&p, in->hours_json);
    vt_pg_bool(&p, in->active);
    vt_pg_int(&p, a->now);
    sql = "INSERT INTO chat_widgets(tenant_id, department_id, key, name, allowed_origins, hours,"
          " active, created_at, updated_at) VALUES ($1::bigint, $2::bigint, $3::text, $4::text,"
          " $5::text, $6::jsonb, $7::boolean, $8::bigint, $8::bigint) RETURNING id";
  }
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, &p, &qs);
  if (qs == VT_QS_ONE && PQntuples(r) == 1)
    a->id = vt_pg_int64(r, 0, 0);
  else if (qs == VT_QS_ONE)
    qs = VT_QS_NONE;
  PQclear(r);
  return qs;
}

static enum vt_qs chat_widget_save(struct vt_store *s, const struct vt_chat_widget *in, int64_t now,
                                   vt_id *id) {
  struct widget_arg a = {in, now, 0};
  enum vt_qs qs =
      json_ok(in->hours_json) ? vt_pg_autocommit(vt_pg(s), widget_save_tx, &a) : VT_QS_NONE;
  if (id)
    *id = a.id;
  return qs;
}

static enum vt_qs chat_widget_get(struct vt_store *s, vt_id id, struct vt_chat_widget *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " WIDGET_COLS " WHERE w.id = $1::bigint", &p, widget_fn, out);
}

static enum vt_qs chat_widget_by_key(struct vt_store *s, const char *key,
                                     struct vt_chat_widget *out) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, key);
  return vt_pg_read_one(s, "SELECT " WIDGET_COLS " WHERE w.key = $1::text", &p, widget_fn, out);
}

static enum vt_qs chat_widgets_list(struct vt_store *s, const struct vt_scope *scope,
                                    struct vt_chat_widget **items, size_t *n) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  enum vt_qs qs = vt_pg_read_many(s,
                                  "SELECT " WIDGET_COLS " WHERE $1::boolean"
                                  " OR w.tenant_id = ANY($2::bigint[])"
                                  " ORDER BY t.code" BYTES ", w.name" BYTES ", w.id",
                                  &p, sizeof **items, widget_fn, (void **)items, n);
  free(tenants);
  return qs;
}

/* ---- chats ---- */

#define CHAT_COLS                                                                                  \
  "ch.ticket_id, ch.widget_id, ch.tenant_id, te.code, te.name, tk.reference, ch.department_id,"    \
  " d.code, d.name, ch.status, coalesce(ch.end_reason, ''), ch.agent_id, u.name, tk.citizen_id,"   \
  " ci.name, ch.queued_at, ch.accepted_at, ch.ended_at"
#define CHAT_FROM                                                                                  \
  " FROM chats ch JOIN tickets tk ON tk.id = ch.ticket_id JOIN tenants te ON te.id = ch.tenant_id" \
  " LEFT JOIN departments d ON d.id = ch.department_id LEFT JOIN users u ON u.id = ch.agent_id"    \
  " LEFT JOIN citizens ci ON ci.id = tk.citizen_id"
/* The place in the queue: those of the same administration and department
 * (no department: the same NULL) queued before (ties by ticket id) that the
 * caller may see (chat_get's $4..$6: confidential chats hidden from them
 * are not counted). */
#define CHAT_POSITION                                                                              \
  ", CASE WHEN ch.status = 'queued' THEN 1 + (SELECT count(*) FROM chats q"                        \
  " JOIN tickets qt ON qt.id = q.ticket_id"                                                        \
  " WHERE q.status = 'queued' AND q.tenant_id = ch.tenant_id"                                      \
  " AND q.department_id IS NOT DISTINCT FROM ch.department_id AND (q.queued_at < ch.queued_at"     \
  " OR (q.queued_at = ch.queued_at AND q.ticket_id < ch.ticket_id)) AND" VT_PG_CONF_VISIBLE(       \
      "qt", "$4", "$5", "$6") ") ELSE 0 END"

static void chat_fn(const PGresult *r, int row, void *out) {
  struct vt_chat *c = out;
  memset(c, 0, sizeof *c);
  c->ticket_id = vt_pg_int64(r, row, 0);
  c->widget_id = vt_pg_int64(r, row, 1);
  c->tenant_id = vt_pg_int64(r, row, 2);
  vt_pg_copy(r, row, 3, c->tenant_code, sizeof c->tenant_code);
  vt_pg_copy(r, row, 4, c->tenant_name, sizeof c->tenant_name);
  vt_pg_copy(r, row, 5, c->reference, sizeof c->reference);
  c->department_id = vt_pg_int64(r, row, 6);
  vt_pg_copy(r, row, 7, c->department_code, sizeof c->department_code);
  c->department_name = vt_pg_dup(r, row, 8);
  vt_pg_copy(r, row, 9, c->status, sizeof c->status);
  vt_pg_copy(r, row, 10, c->end_reason, sizeof c->end_reason);
  c->agent_id = vt_pg_int64(r, row, 11);
  c->agent_name = vt_pg_dup(r, row, 12);
  c->citizen_id = vt_pg_int64(r, row, 13);
  c->citizen_name = vt_pg_dup(r, row, 14);
  c->queued_at = vt_pg_int64(r, row, 15);
  c->accepted_at = vt_pg_int64(r, row, 16);
  c->ended_at = vt_pg_int64(r, row, 17);
  if (PQnfields(r) > 18)
    c->position = (long)vt_pg_int64(r, row, 18);
}

static enum vt_qs chat_get(struct vt_store *s, const struct vt_scope *scope, vt_id ticket_id,
                           struct vt_chat *out) {
  struct vt_scope all = {.all = true};
  if (!scope)
    scope = &all;
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  char *depts = vt_pg_conf_params(&p, scope);
  enum vt_qs qs = vt_pg_read_one(
      s,
      "SELECT " CHAT_COLS CHAT_POSITION CHAT_FROM " WHERE ch.ticket_id = $1::bigint"
      " AND ($2::boolean OR ch.tenant_id = ANY($3::bigint[])) AND" VT_PG_CONF_VISIBLE("tk", "$4",
                                                                                      "$5", "$6"),
      &p, chat_fn, out);
  free(tenants);
  free(depts);
  return qs;
}

static enum vt_qs chats_list(struct vt_store *s, const struct vt_scope *scope, const char *status,
                             vt_id agent_id, struct vt_chat **items, size_t *n) {
  bool queued = !strcmp(status, "queued");
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, agent_id);
  char *depts = vt_pg_conf_params(&p, scope); /* $4, $5, $6 */
  if (!queued)
    vt_pg_text(&p, status);
  /* Ties of the newest-first list by ticket id, newest first: a stable
   * order for the console (SQLite leaves them unspecified). */
  enum vt_qs qs = vt_pg_read_many(
      s,
      queued ? "SELECT " CHAT_COLS CHAT_FROM " WHERE ch.status = 'queued'"
               " AND ($1::boolean OR ch.tenant_id = ANY($2::bigint[]))"
               " AND ($3::bigint = 0 OR ch.agent_id = $3::bigint) AND" VT_PG_CONF_VISIBLE(
                   "tk", "$4", "$5", "$6") " ORDER BY ch.queued_at, ch.ticket_id LIMIT 200"
             : "SELECT " CHAT_COLS CHAT_FROM " WHERE ch.status = $7::text"
               " AND ($1::boolean OR ch.tenant_id = ANY($2::bigint[]))"
               " AND ($3::bigint = 0 OR ch.agent_id = $3::bigint) AND" VT_PG_CONF_VISIBLE(
                   "tk", "$4", "$5",
                   "$6") " ORDER BY coalesce(ch.ended_at, ch.accepted_at, ch.queued_at) DESC,"
                         " ch.ticket_id DESC LIMIT 200",
      &p, sizeof **items, chat_fn, (void **)items, n);
  free(tenants);
  free(depts);
  /* The list is oldest first, so positions follow (per queue). */
  if (qs == VT_QS_ONE && queued)
    for (size_t i = 0; i < *n; i++) {
      long pos = 1;
      for (size_t k = 0; k < i; k++)
        if ((*items)[k].tenant_id == (*items)[i].tenant_id &&
            (*items)[k].department_id == (*items)[i].department_id)
          pos++;
      (*items)[i].position = pos;
    }
  return qs;
}

struct mean_wait {
  int64_t mean_ms;
  long count;
};

static void mean_wait_fn(const PGresult *r, int row, void *out) {
  struct mean_wait *m = out;
  m->mean_ms = vt_pg_int64(r, row, 0);
  m->count = (long)vt_pg_int64(r, row, 1);
}

static enum vt_qs chat_mean_wait(struct vt_store *s, vt_id tenant_id, int64_t since,
                                 int64_t *mean_ms, long *count) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  vt_pg_int(&p, since);
  struct mean_wait m = {0, 0};
  /* trunc: SQLite's double average is truncated towards zero by the cast. */
  enum vt_qs qs = vt_pg_read_one(
      s,
      "SELECT coalesce(trunc(avg(w)), 0)::bigint, count(*) FROM (SELECT accepted_at - queued_at"
      " AS w FROM chats WHERE tenant_id = $1::bigint AND accepted_at >= $2::bigint"
      " ORDER BY accepted_at DESC LIMIT 20) AS recent",
      &p, mean_wait_fn, &m);
  if (qs == VT_QS_ONE) {
    *mean_ms = m.mean_ms;
    *count = m.count;
  }
  return qs;
}

/* The event of a chat's change; its data has no free text, only names
 * and ids, so it is formatted here. */
static enum vt_qs chat_event(struct vt_pg_conn *c, vt_id tenant_id, vt_id ticket_id,
                             vt_id citizen_id, vt_id actor_user_id, const char *action,
                             const char *status, const char *end_reason, vt_id agent_id,
                             vt_id department_id, int64_t now) {
  char data[256], reason[40] = "null", agent[24] = "null", dept[24] = "null";
  if (end_reason && *end_reason)
    snprintf(reason, sizeof reason, "\"%s\"", end_reason);
  if (agent_id)
    snprintf(agent, sizeof agent, "%lld", (long long)agent_id);
  if (department_id)
    snprintf(dept, sizeof dept, "%lld", (long long)department_id);
  snprintf(data, sizeof data,
           "{\"status\":\"%s\",\"end_reason\":%s,\"agent_id\":%s,\"department_id\":%s}", status,
           reason, agent, dept);
  return vt_pg_event(c, tenant_id, now, actor_user_id ? "user" : "system", actor_user_id, action,
                     "chat", ticket_id, ticket_id, citizen_id, 0, data);
}

enum vt_qs vt_pg_chat_insert(struct vt_pg_conn *c, vt_id ticket_id, vt_id citizen_id,
                             const struct vt_ticket_new *in) {
  const struct vt_chat_new *ch = in->chat;
  bool ended = !strcmp(ch->status, "ended");
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_int(&p, ch->widget_id);
  vt_pg_int(&p, in->tenant_id);
  vt_pg_id(&p, in->department_id);
  vt_pg_text(&p, ch->status);
  vt_pg_text(&p, ch->end_reason);
  vt_pg_int(&p, in->now);
  if (ended)
    vt_pg_int(&p, in->now);
  else
    vt_pg_text(&p, NULL);
  enum vt_qs qs = vt_pg_must_run(
      c,
      "INSERT INTO chats(ticket_id, widget_id, tenant_id, department_id, status, end_reason,"
      " queued_at, ended_at) VALUES ($1::bigint, $2::bigint, $3::bigint, $4::bigint, $5::text,"
      " $6::text, $7::bigint, $8::bigint)",
      &p);
  if (qs != VT_QS_ONE)
    return qs;
  return chat_event(c, in->tenant_id, ticket_id, citizen_id, 0,
                    ended ? "chat_ended" : "chat_queued", ch->status, ch->end_reason, 0,
                    in->department_id, in->now);
}

/* The row a change starts from, locked until COMMIT: concurrent changes of
 * one chat (on any node) take turns, and each sees the previous one's. */
struct chat_row {
  bool found;
  char status[8];
  vt_id tenant_id, citizen_id, agent_id, department_id;
};

static enum vt_qs chat_row(struct vt_pg_conn *c, vt_id ticket_id, struct chat_row *row) {
  memset(row, 0, sizeof *row);
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c,
      "SELECT ch.status, ch.tenant_id, tk.citizen_id, ch.agent_id, ch.department_id"
      " FROM chats ch JOIN tickets tk ON tk.id = ch.ticket_id WHERE ch.ticket_id = $1::bigint"
      " FOR UPDATE OF ch",
      &p, &qs);
  if (qs == VT_QS_ONE && PQntuples(r) > 0) {
    row->found = true;
    vt_pg_copy(r, 0, 0, row->status, sizeof row->status);
    row->tenant_id = vt_pg_int64(r, 0, 1);
    row->citizen_id = vt_pg_int64(r, 0, 2);
    row->agent_id = vt_pg_int64(r, 0, 3);
    row->department_id = vt_pg_int64(r, 0, 4);
  } else if (qs == VT_QS_ONE) {
    qs = VT_QS_NONE;
  } else if (qs == VT_QS_NONE) {
    qs = VT_QS_HARD; /* a read cannot break a constraint */
  }
  PQclear(r);
  return qs;
}

/* An agent's active chats (but `except`), counted under the lock of their
 * users row: two nodes giving the same agent a chat at once take turns, and
 * the second counts the first one's. NO KEY UPDATE is enough for that (it
 * conflicts with itself) and, unlike FOR UPDATE, does not hold up the
 * foreign-key checks of rows that merely name the agent (their messages,
 * presence, sessions) meanwhile. */
static enum vt_qs active_count(struct vt_pg_conn *c, vt_id user_id, vt_id except, long *n) {
  *n = 0;
  struct vt_pg_params l = {0};
  vt_pg_int(&l, user_id);
  enum vt_qs qs =
      vt_pg_must_run(c, "SELECT 1 FROM users WHERE id = $1::bigint FOR NO KEY UPDATE", &l);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, user_id);
  vt_pg_int(&p, except);
  PGresult *r = vt_pg_exec(c,
                           "SELECT count(*) FROM chats WHERE agent_id = $1::bigint"
                           " AND status = 'active' AND ticket_id <> $2::bigint",
                           &p, &qs);
  if (qs == VT_QS_ONE && PQntuples(r) == 1)
    *n = (long)vt_pg_int64(r, 0, 0);
  else if (qs >= 0)
    qs = VT_QS_HARD;
  PQclear(r);
  return qs;
}

/* The ticket follows its chat: assignee, department, status. */
static enum vt_qs ticket_follow(struct vt_pg_conn *c, vt_id ticket_id, bool set_assignee,
                                vt_id assignee, bool set_department, vt_id department,
                                const char *status, int64_t now) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_int(&p, now);
  vt_pg_bool(&p, set_assignee);
  vt_pg_id(&p, assignee);
  vt_pg_bool(&p, set_department);
  vt_pg_id(&p, department);
  vt_pg_text(&p, status ? status : "");
  return vt_pg_must_run(
      c,
      "UPDATE tickets SET version = version + 1, updated_at = $2::bigint,"
      " assignee_id = CASE WHEN $3::boolean THEN $4::bigint ELSE assignee_id END,"
      " department_id = CASE WHEN $5::boolean THEN $6::bigint ELSE department_id END,"
      " status = CASE WHEN $7::text = 'open' AND status = 'new' THEN 'open'"
      " WHEN $7::text = 'resolved' AND status <> 'closed' THEN 'resolved' ELSE status END,"
      " resolved_at = CASE WHEN $7::text = 'resolved' AND status <> 'closed' THEN $2::bigint"
      " ELSE resolved_at END WHERE id = $1::bigint",
      &p);
}

struct change_job {
  vt_id ticket_id, actor, to_user, to_department;
  bool holder_only;
  int max;
  const char *reason;
  int64_t now;
  enum vt_chat_refusal why;
  const struct vt_survey_policy *surveys; /* chat_end only */
};

/* The (locked) row of a chat still going on; NONE with j->why when it is
 * gone or has ended. */
static enum vt_qs open_chat(struct vt_pg_conn *c, struct change_job *j, struct chat_row *r) {
  enum vt_qs qs = chat_row(c, j->ticket_id, r);
  j->why = qs == VT_QS_NONE ? VT_CHAT_GONE : VT_CHAT_OK;
  if (qs == VT_QS_ONE && !strcmp(r->status, "ended")) {
    j->why = VT_CHAT_ENDED;
    return VT_QS_NONE;
  }
  if (qs == VT_QS_ONE && j->holder_only && !strcmp(r->status, "active") &&
      r->agent_id != j->actor) {
    j->why = VT_CHAT_NOT_YOURS;
    return VT_QS_NONE;
  }
  return qs;
}

static enum vt_qs accept_tx(struct vt_pg_conn *c, void *arg) {
  struct change_job *j = arg;
  struct chat_row r;
  enum vt_qs qs = open_chat(c, j, &r);
  if (qs != VT_QS_ONE)
    return qs;
  if (strcmp(r.status, "queued")) {
    j->why = VT_CHAT_TAKEN;
    return VT_QS_NONE;
  }
  long n;
  if ((qs = active_count(c, j->actor, 0, &n)) != VT_QS_ONE)
    return qs;
  if (n >= j->max) {
    j->why = VT_CHAT_LIMIT;
    return VT_QS_NONE;
  }
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->ticket_id);
  vt_pg_int(&p, j->actor);
  vt_pg_int(&p, j->now);
  if ((qs = vt_pg_must_run(c,
                           "UPDATE chats SET status = 'active', agent_id = $2::bigint,"
                           " accepted_at = $3::bigint WHERE ticket_id = $1::bigint",
                           &p)) != VT_QS_ONE ||
      (qs = ticket_follow(c, j->ticket_id, true, j->actor, false, 0, "open", j->now)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  return chat_event(c, r.tenant_id, j->ticket_id, r.citizen_id, j->actor, "chat_accepted", "active",
                    NULL, j->actor, r.department_id, j->now);
}

static enum vt_qs chat_accept(struct vt_store *s, vt_id ticket_id, vt_id user_id, int max,
                              int64_t now, enum vt_chat_refusal *why) {
  struct change_job j = {.ticket_id = ticket_id, .actor = user_id, .max = max, .now = now};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), accept_tx, &j);
  *why = j.why;
  return qs;
}

static enum vt_qs transfer_tx(struct vt_pg_conn *c, void *arg) {
  struct change_job *j = arg;
  struct chat_row r;
  enum vt_qs qs = open_chat(c, j, &r);
  if (qs != VT_QS_ONE)
    return qs;
  const char *status;
  vt_id agent = 0, dept = r.department_id;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->ticket_id);
  if (j->to_user) {
    long n;
    if ((qs = active_count(c, j->to_user, j->ticket_id, &n)) != VT_QS_ONE)
      return qs;
    if (n >= j->max) {
      j->why = VT_CHAT_LIMIT;
      return VT_QS_NONE;
    }
    vt_pg_int(&p, j->to_user);
    vt_pg_int(&p, j->now);
    qs = vt_pg_must_run(c,
                        "UPDATE chats SET status = 'active', agent_id = $2::bigint,"
                        " accepted_at = coalesce(accepted_at, $3::bigint)"
                        " WHERE ticket_id = $1::bigint",
                        &p);
    status = "active";
    agent = j->to_user;
  } else {
    /* Back in a queue, keeping its place: the original queue time. */
    vt_pg_id(&p, j->to_department);
    qs = vt_pg_must_run(c,
                        "UPDATE chats SET status = 'queued', agent_id = NULL,"
                        " department_id = $2::bigint WHERE ticket_id = $1::bigint",
                        &p);
    status = "queued";
    dept = j->to_department;
  }
  if (qs != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  if ((qs = ticket_follow(c, j->ticket_id, true, agent, !j->to_user, dept, agent ? "open" : NULL,
                          j->now)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  return chat_event(c, r.tenant_id, j->ticket_id, r.citizen_id, j->actor, "chat_transferred",
                    status, NULL, agent, dept, j->now);
}

static enum vt_qs chat_transfer(struct vt_store *s, vt_id ticket_id, vt_id actor_user_id,
                                bool holder_only, vt_id to_user, vt_id to_department, int max,
                                int64_t now, enum vt_chat_refusal *why) {
  struct change_job j = {.ticket_id = ticket_id,
                         .actor = actor_user_id,
                         .holder_only = holder_only,
                         .to_user = to_user,
                         .to_department = to_department,
                         .max = max,
                         .now = now};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), transfer_tx, &j);
  *why = j.why;
  return qs;
}

static enum vt_qs end_tx(struct vt_pg_conn *c, void *arg) {
  struct change_job *j = arg;
  struct chat_row r;
  enum vt_qs qs = open_chat(c, j, &r);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->ticket_id);
  vt_pg_text(&p, j->reason);
  vt_pg_int(&p, j->now);
  if ((qs = vt_pg_must_run(c,
                           "UPDATE chats SET status = 'ended', end_reason = $2::text,"
                           " ended_at = $3::bigint WHERE ticket_id = $1::bigint",
                           &p)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  const char *ticket_status = !strcmp(j->reason, "resolved") ? "resolved"
                              : r.agent_id                   ? "open"
                                                             : NULL;
  if ((qs = ticket_follow(c, j->ticket_id, false, 0, false, 0, ticket_status, j->now)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  if ((qs = chat_event(c, r.tenant_id, j->ticket_id, r.citizen_id, j->actor, "chat_ended", "ended",
                       j->reason, r.agent_id, r.department_id, j->now)) != VT_QS_ONE)
    return qs;
  if (ticket_status && !strcmp(ticket_status, "resolved"))
    return vt_pg_survey_offer(c, j->surveys, j->ticket_id, j->now);
  return VT_QS_ONE;
}

static enum vt_qs chat_end(struct vt_store *s, vt_id ticket_id, vt_id actor_user_id,
                           bool holder_only, const char *reason, int64_t now,
                           enum vt_chat_refusal *why) {
  struct change_job j = {.ticket_id = ticket_id,
                         .actor = actor_user_id,
                         .holder_only = holder_only,
                         .reason = reason,
                         .now = now,
                         .surveys = &s->survey_policy};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), end_tx, &j);
  *why = j.why;
  return qs;
}

struct typing_job {
  vt_id ticket_id, actor;
  const char *who;
  int64_t now;
};

/* The UPDATE is the chat row's lock: a concurrent typing event of the same
 * side waits for it, then finds the throttle's time moved and changes
 * nothing (READ COMMITTED re-checks the WHERE on the newest row). */
static enum vt_qs typing_tx(struct vt_pg_conn *c, void *arg) {
  struct typing_job *j = arg;
  bool agent = !strcmp(j->who, "agent");
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->ticket_id);
  vt_pg_int(&p, j->now);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(
      c,
      agent ? "UPDATE chats SET agent_typing_at = $2::bigint WHERE ticket_id = $1::bigint"
              " AND status <> 'ended' AND agent_typing_at <= $2::bigint - 2000 RETURNING tenant_id"
            : "UPDATE chats SET citizen_typing_at = $2::bigint WHERE ticket_id = $1::bigint"
              " AND status <> 'ended' AND citizen_typing_at <= $2::bigint - 2000"
              " RETURNING tenant_id",
      &p, &qs);
  vt_id tenant_id = 0;
  bool changed = qs == VT_QS_ONE && PQntuples(r) == 1;
  if (changed)
    tenant_id = vt_pg_int64(r, 0, 0);
  PQclear(r);
  if (!changed)
    return qs == VT_QS_ONE ? VT_QS_NONE : qs;
  char data[40];
  snprintf(data, sizeof data, "{\"who\":\"%s\"}", agent ? "agent" : "citizen");
  return vt_pg_event(c, tenant_id, j->now, agent ? "user" : "citizen", j->actor, "chat_typing",
                     "chat", j->ticket_id, j->ticket_id, agent ? 0 : j->actor, 0, data);
}

static enum vt_qs chat_typing(struct vt_store *s, vt_id ticket_id, const char *who, vt_id actor_id,
                              int64_t now) {
  struct typing_job j = {ticket_id, actor_id, who, now};
  return vt_pg_tx(vt_pg(s), typing_tx, &j);
}

struct expire_job {
  int64_t before, now;
  long n;
};

/* Every node runs this: SKIP LOCKED hands each chat to one of them (and
 * passes over one being accepted right now); the lock re-checks that the
 * chat is still queued. Each is then ended as chat_end does. */
static enum vt_qs expire_tx(struct vt_pg_conn *c, void *arg) {
  struct expire_job *j = arg;
  j->n = 0;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->before);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c,
                           "SELECT ticket_id FROM chats WHERE status = 'queued'"
                           " AND queued_at < $1::bigint ORDER BY queued_at LIMIT 200"
                           " FOR UPDATE SKIP LOCKED",
                           &p, &qs);
  if (qs != VT_QS_ONE) {
    PQclear(r);
    return qs < 0 ? qs : VT_QS_HARD;
  }
  int rows = PQntuples(r);
  vt_id *ids = rows ? malloc((size_t)rows * sizeof *ids) : NULL;
  if (rows && !ids)
    abort();
  for (int i = 0; i < rows; i++)
    ids[i] = vt_pg_int64(r, i, 0);
  PQclear(r);
  for (int i = 0; i < rows && qs >= 0; i++) {
    struct change_job e = {.ticket_id = ids[i], .reason = "timeout", .now = j->now};
    qs = end_tx(c, &e);
    if (qs == VT_QS_ONE)
      j->n++;
  }
  free(ids);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs chats_expire(struct vt_store *s, int64_t before, int64_t now, long *n) {
  struct expire_job j = {before, now, 0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), expire_tx, &j);
  *n = j.n;
  return qs;
}

/* Puts the chats that sql selects (ticket_id, department_id; locked by the
 * SELECT) back in their own department's queues, keeping their place, as a
 * transfer by nobody (the system) would; *n counts them. The row locks keep
 * anyone else from changing them meanwhile, and transfer_tx re-reads each
 * one under its lock (an ended one is passed over). */
static enum vt_qs requeue_rows(struct vt_pg_conn *c, const char *sql, const struct vt_pg_params *p,
                               int64_t now, long *n) {
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c, sql, p, &qs);
  if (qs != VT_QS_ONE) {
    PQclear(r);
    return qs < 0 ? qs : VT_QS_HARD;
  }
  int rows = PQntuples(r);
  for (int i = 0; i < rows && qs >= 0; i++) {
    struct change_job j = {
        .ticket_id = vt_pg_int64(r, i, 0), .to_department = vt_pg_int64(r, i, 1), .now = now};
    qs = transfer_tx(c, &j);
    if (qs == VT_QS_ONE)
      (*n)++;
  }
  PQclear(r);
  return qs < 0 ? qs : VT_QS_ONE;
}

/* One agent's active chats (at most 64, as SQLite), in the caller's
 * transaction. FOR UPDATE waits for a change in progress; READ COMMITTED
 * then re-checks the row, so a chat another node has meanwhile transferred,
 * ended or given to someone else is left alone. In ticket order: two
 * transactions locking several chats take them in the same order. */
enum vt_qs vt_pg_chats_requeue_agent(struct vt_pg_conn *c, vt_id user_id, int64_t now, long *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, user_id);
  return requeue_rows(c,
                      "SELECT ticket_id, department_id FROM chats WHERE agent_id = $1::bigint"
                      " AND status = 'active' ORDER BY ticket_id LIMIT 64 FOR UPDATE",
                      &p, now, n);
}

struct requeue_job {
  int64_t now;
  long n;
};

/* The active chats of agents no longer on chat duty, at most 200 a sweep
 * (like chats_expire; SQLite takes up to 100 agents). Every node runs this:
 * SKIP LOCKED hands each chat to one of them and passes over one being
 * changed right now (the next sweep sees it again if still active). */
static enum vt_qs requeue_absent_tx(struct vt_pg_conn *c, void *arg) {
  struct requeue_job *j = arg;
  j->n = 0;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->now);
  return requeue_rows(c,
                      "SELECT ch.ticket_id, ch.department_id FROM chats ch"
                      " WHERE ch.status = 'active' AND ch.agent_id IS NOT NULL"
                      " AND NOT EXISTS (SELECT 1 FROM chat_duty d WHERE d.user_id = ch.agent_id"
                      " AND d.until > $1::bigint) ORDER BY ch.ticket_id LIMIT 200"
                      " FOR UPDATE OF ch SKIP LOCKED",
                      &p, j->now, &j->n);
}

static enum vt_qs chats_requeue_absent(struct vt_store *s, int64_t now, long *n) {
  struct requeue_job j = {now, 0};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), requeue_absent_tx, &j);
  *n = j.n;
  return qs;
}

/* ---- agents on duty ---- */

struct duty_job {
  vt_id user_id;
  int64_t until;
};

static enum vt_qs duty_tx(struct vt_pg_conn *c, void *arg) {
  struct duty_job *j = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->user_id);
  if (j->until)
    vt_pg_int(&p, j->until);
  enum vt_qs qs = vt_pg_run(c,
                            j->until ? "INSERT INTO chat_duty(user_id, until)"
                                       " VALUES ($1::bigint, $2::bigint)"
                                       " ON CONFLICT (user_id) DO UPDATE SET until = excluded.until"
                                     : "DELETE FROM chat_duty WHERE user_id = $1::bigint",
                            &p);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs chat_duty_set(struct vt_store *s, vt_id user_id, int64_t until) {
  struct duty_job j = {user_id, until};
  return vt_pg_autocommit(vt_pg(s), duty_tx, &j);
}

struct duty_state {
  bool on;
  long active;
};

static void duty_fn(const PGresult *r, int row, void *out) {
  struct duty_state *d = out;
  d->on = vt_pg_bool_at(r, row, 0);
  d->active = (long)vt_pg_int64(r, row, 1);
}

static enum vt_qs chat_duty_get(struct vt_store *s, vt_id user_id, int64_t now, bool *on,
                                long *active_chats) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, user_id);
  vt_pg_int(&p, now);
  struct duty_state d = {false, 0};
  enum vt_qs qs = vt_pg_read_one(
      s,
      "SELECT EXISTS (SELECT 1 FROM chat_duty WHERE user_id = $1::bigint AND until > $2::bigint),"
      " (SELECT count(*) FROM chats WHERE agent_id = $1::bigint AND status = 'active')",
      &p, duty_fn, &d);
  if (qs == VT_QS_ONE) {
    *on = d.on;
    *active_chats = d.active;
  }
  return qs;
}

static void long_fn(const PGresult *r, int row, void *out) {
  *(long *)out = (long)vt_pg_int64(r, row, 0);
}

static enum vt_qs chat_agents_on_duty(struct vt_store *s, vt_id tenant_id, int64_t now, long *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  vt_pg_int(&p, now);
  *n = 0;
  /* Agents of the administration or of any of its ancestors. */
  return vt_pg_read_one(
      s,
      "WITH RECURSIVE up(id) AS (SELECT $1::bigint UNION SELECT t.parent_id FROM tenants t"
      " JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
      " SELECT count(*) FROM chat_duty d JOIN users u ON u.id = d.user_id"
      " WHERE d.until > $2::bigint AND u.active AND EXISTS (SELECT 1 FROM user_tenants ut"
      " WHERE ut.user_id = u.id AND ut.tenant_id IN (SELECT id FROM up))",
      &p, long_fn, n);
}

/* ---- transcripts ---- */

struct transcript_job {
  vt_id tenant_id, ticket_id;
  const char *to, *rfc_id;
  int max;
  int64_t now;
};

static enum vt_qs transcript_tx(struct vt_pg_conn *c, void *arg) {
  struct transcript_job *j = arg;
  /* The ticket's row lock makes the count-then-queue of two nodes take
   * turns, so no more than max are ever queued. (NO KEY UPDATE, as the
   * ticket's own updates take: the outbox row's foreign key still passes.) */
  struct vt_pg_params l = {0};
  vt_pg_int(&l, j->ticket_id);
  enum vt_qs qs =
      vt_pg_must_run(c, "SELECT 1 FROM tickets WHERE id = $1::bigint FOR NO KEY UPDATE", &l);
  if (qs != VT_QS_ONE)
    return qs;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->ticket_id);
  PGresult *r = vt_pg_exec(c,
                           "SELECT count(*) FROM outbox WHERE ticket_id = $1::bigint"
                           " AND kind = 'transcript'",
                           &p, &qs);
  long n = 0;
  if (qs == VT_QS_ONE && PQntuples(r) == 1)
    n = (long)vt_pg_int64(r, 0, 0);
  else if (qs >= 0)
    qs = VT_QS_HARD;
  PQclear(r);
  if (qs != VT_QS_ONE)
    return qs;
  if (n >= j->max)
    return VT_QS_NONE;
  struct vt_outbox_new o = {"transcript", j->to, j->rfc_id};
  return vt_pg_outbox_insert(c, j->tenant_id, j->ticket_id, 0, &o, j->now);
}

static enum vt_qs chat_transcript_queue(struct vt_store *s, vt_id tenant_id, vt_id ticket_id,
                                        const char *to_addr, const char *rfc_message_id, int max,
                                        int64_t now) {
  struct transcript_job j = {tenant_id, ticket_id, to_addr, rfc_message_id, max, now};
  return vt_pg_tx(vt_pg(s), transcript_tx, &j);
}

void vt_pg_init_chat(struct vt_store *s) {
  s->chat_widget_save = chat_widget_save;
  s->chat_widget_get = chat_widget_get;
  s->chat_widget_by_key = chat_widget_by_key;
  s->chat_widgets_list = chat_widgets_list;
  s->chat_get = chat_get;
  s->chats_list = chats_list;
  s->chat_mean_wait = chat_mean_wait;
  s->chat_accept = chat_accept;
  s->chat_transfer = chat_transfer;
  s->chat_end = chat_end;
  s->chat_typing = chat_typing;
  s->chats_expire = chats_expire;
  s->chats_requeue_absent = chats_requeue_absent;
  s->chat_duty_set = chat_duty_set;
  s->chat_duty_get = chat_duty_get;
  s->chat_agents_on_duty = chat_agents_on_duty;
  s->chat_transcript_queue = chat_transcript_queue;
}
