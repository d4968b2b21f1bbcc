/* SQLite: live chat. Widgets, the chats' live state, agents on duty.
 * Every change of a chat writes a chat_* event in the same transaction, so
 * the agents' streams and the citizen's stream learn it from the event log
 * like everything else. The writer is single-threaded: a check and the
 * update that follows it cannot be raced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

/* ---- widgets ---- */

#define WIDGET_COLS                                                                                \
  "w.id, w.tenant_id, t.code, t.name, t.timezone, w.department_id, d.code, d.name, w.key, w.name," \
  " w.allowed_origins, w.hours, w.active, w.created_at"                                            \
  " FROM chat_widgets w JOIN tenants t ON t.id = w.tenant_id"                                      \
  " LEFT JOIN departments d ON d.id = w.department_id"

static void widget_fn(sqlite3_stmt *st, void *out) {
  struct vt_chat_widget *w = out;
  memset(w, 0, sizeof *w);
  w->id = sqlite3_column_int64(st, 0);
  w->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, w->tenant_code, sizeof w->tenant_code);
  w->tenant_name = vt_sq_col_dup(st, 3);
  w->timezone = vt_sq_col_dup(st, 4);
  w->department_id = sqlite3_column_int64(st, 5);
  vt_sq_col_copy(st, 6, w->department_code, sizeof w->department_code);
  w->department_name = vt_sq_col_dup(st, 7);
  vt_sq_col_copy(st, 8, w->key, sizeof w->key);
  w->name = vt_sq_col_dup(st, 9);
  w->allowed_origins = vt_sq_col_dup(st, 10);
  w->hours_json = vt_sq_col_dup(st, 11);
  w->active = sqlite3_column_int(st, 12) != 0;
  w->created_at = sqlite3_column_int64(st, 13);
}

struct widget_job {
  const struct vt_chat_widget *in;
  int64_t now;
  vt_id id;
};

static enum vt_qs widget_job(struct vt_sq_conn *c, void *arg) {
  struct widget_job *j = arg;
  const struct vt_chat_widget *in = j->in;
  sqlite3_stmt *st = vt_sq_prepare(
      c, in->id ? "UPDATE chat_widgets SET department_id = ?3, name = ?5, allowed_origins = ?6,"
                  " hours = ?7, active = ?8, updated_at = ?9 WHERE id = ?1 RETURNING id"
                : "INSERT INTO chat_widgets(tenant_id, department_id, key, name, allowed_origins,"
                  " hours, active, created_at, updated_at)"
                  " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->id);
  vt_sq_int(st, 2, in->tenant_id);
  vt_sq_id(st, 3, in->department_id);
  vt_sq_text(st, 4, in->key);
  vt_sq_text(st, 5, in->name);
  vt_sq_text(st, 6, in->allowed_origins);
  vt_sq_text(st, 7, in->hours_json);
  vt_sq_int(st, 8, in->active);
  vt_sq_int(st, 9, j->now);
  return vt_sq_one_row(c, st, vt_sq_id_fn, &j->id);
}

static enum vt_qs chat_widget_save(struct vt_store *s, const struct vt_chat_widget *in, int64_t now,
                                   vt_id *id) {
  struct widget_job j = {in, now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), widget_job, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs widget_where(struct vt_store *s, const char *where, vt_id id, const char *key,
                               struct vt_chat_widget *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  char sql[1024];
  snprintf(sql, sizeof sql, "SELECT " WIDGET_COLS " WHERE %s", where);
  sqlite3_stmt *st = vt_sq_prepare(c, sql);
  if (st) {
    if (key)
      vt_sq_text(st, 1, key);
    else
      vt_sq_int(st, 1, id);
  }
  return vt_sq_one_row(c, st, widget_fn, out);
}

static enum vt_qs chat_widget_get(struct vt_store *s, vt_id id, struct vt_chat_widget *out) {
  return widget_where(s, "w.id = ?1", id, NULL, out);
}

static enum vt_qs chat_widget_by_key(struct vt_store *s, const char *key,
                                     struct vt_chat_widget *out) {
  return widget_where(s, "w.key = ?1", 0, key, out);
}

static enum vt_qs chat_widgets_list(struct vt_store *s, const struct vt_scope *scope,
                                    struct vt_chat_widget **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " WIDGET_COLS " WHERE ?1 OR w.tenant_id IN (SELECT value FROM json_each(?2))"
         " ORDER BY t.code, w.name, w.id");
  if (st) {
    sqlite3_bind_int(st, 1, scope->all);
    vt_sq_bind_scope(st, 2, scope);
  }
  return vt_sq_many_rows(c, st, sizeof **items, widget_fn, (void **)items, n);
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
 * queued before (ties by ticket id) that the caller may see (a position
 * must not count confidential chats hidden from them: vt_sq_bind_conf). */
#define CHAT_POSITION                                                                              \
  ", CASE WHEN ch.status = 'queued' THEN 1 + (SELECT count(*) FROM chats q"                        \
  " JOIN tickets qt ON qt.id = q.ticket_id"                                                        \
  " WHERE q.status = 'queued' AND q.tenant_id = ch.tenant_id"                                      \
  " AND q.department_id IS ch.department_id AND (q.queued_at < ch.queued_at"                       \
  " OR (q.queued_at = ch.queued_at AND q.ticket_id < ch.ticket_id)) AND" VT_SQ_CONF_VISIBLE(       \
      "qt") ") ELSE 0 END"

static void chat_fn(sqlite3_stmt *st, void *out) {
  struct vt_chat *c = out;
  memset(c, 0, sizeof *c);
  c->ticket_id = sqlite3_column_int64(st, 0);
  c->widget_id = sqlite3_column_int64(st, 1);
  c->tenant_id = sqlite3_column_int64(st, 2);
  vt_sq_col_copy(st, 3, c->tenant_code, sizeof c->tenant_code);
  vt_sq_col_copy(st, 4, c->tenant_name, sizeof c->tenant_name);
  vt_sq_col_copy(st, 5, c->reference, sizeof c->reference);
  c->department_id = sqlite3_column_int64(st, 6);
  vt_sq_col_copy(st, 7, c->department_code, sizeof c->department_code);
  c->department_name = vt_sq_col_dup(st, 8);
  vt_sq_col_copy(st, 9, c->status, sizeof c->status);
  vt_sq_col_copy(st, 10, c->end_reason, sizeof c->end_reason);
  c->agent_id = sqlite3_column_int64(st, 11);
  c->agent_name = vt_sq_col_dup(st, 12);
  c->citizen_id = sqlite3_column_int64(st, 13);
  c->citizen_name = vt_sq_col_dup(st, 14);
  c->queued_at = sqlite3_column_int64(st, 15);
  c->accepted_at = sqlite3_column_int64(st, 16);
  c->ended_at = sqlite3_column_int64(st, 17);
  if (sqlite3_column_count(st) > 18)
    c->position = (long)sqlite3_column_int64(st, 18);
}

static enum vt_qs chat_get(struct vt_store *s, const struct vt_scope *scope, vt_id ticket_id,
                           struct vt_chat *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " CHAT_COLS CHAT_POSITION CHAT_FROM " WHERE ch.ticket_id = ?1"
         " AND (?2 OR ch.tenant_id IN (SELECT value FROM json_each(?3))) AND" VT_SQ_CONF_VISIBLE(
             "tk"));
  if (!st)
    return VT_QS_HARD;
  struct vt_scope all = {.all = true};
  if (!scope)
    scope = &all;
  vt_sq_int(st, 1, ticket_id);
  sqlite3_bind_int(st, 2, scope->all);
  vt_sq_bind_scope(st, 3, scope);
  vt_sq_bind_conf(st, scope);
  return vt_sq_one_row(c, st, chat_fn, out);
}

static enum vt_qs chats_list(struct vt_store *s, const struct vt_scope *scope, const char *status,
                             vt_id agent_id, struct vt_chat **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  bool queued = !strcmp(status, "queued");
  sqlite3_stmt *st =
      vt_sq_prepare(c, queued ? "SELECT " CHAT_COLS CHAT_FROM " WHERE ch.status = 'queued'"
                                " AND (?1 OR ch.tenant_id IN (SELECT value FROM json_each(?2)))"
                                " AND (?4 = 0 OR ch.agent_id = ?4) AND" VT_SQ_CONF_VISIBLE(
                                    "tk") " ORDER BY ch.queued_at, ch.ticket_id LIMIT 200"
                              : "SELECT " CHAT_COLS CHAT_FROM " WHERE ch.status = ?3"
                                " AND (?1 OR ch.tenant_id IN (SELECT value FROM json_each(?2)))"
                                " AND (?4 = 0 OR ch.agent_id = ?4) AND" VT_SQ_CONF_VISIBLE(
                                    "tk") " ORDER BY coalesce(ch.ended_at, ch.accepted_at, "
                                          "ch.queued_at) DESC, ch.ticket_id DESC"
                                          " LIMIT 200");
  if (!st)
    return VT_QS_HARD;
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_text(st, 3, status);
  vt_sq_int(st, 4, agent_id);
  vt_sq_bind_conf(st, scope);
  enum vt_qs qs = vt_sq_many_rows(c, st, sizeof **items, chat_fn, (void **)items, n);
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

static enum vt_qs chat_mean_wait(struct vt_store *s, vt_id tenant_id, int64_t since,
                                 int64_t *mean_ms, long *count) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT coalesce(avg(w), 0), count(*) FROM (SELECT accepted_at - queued_at AS w"
         " FROM chats WHERE tenant_id = ?1 AND accepted_at >= ?2"
         " ORDER BY accepted_at DESC LIMIT 20)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, tenant_id);
  vt_sq_int(st, 2, since);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *mean_ms = (int64_t)sqlite3_column_double(st, 0);
    *count = (long)sqlite3_column_int64(st, 1);
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

/* The event of a chat's change; its data has no free text, only names
 * and ids, so it is formatted here. */
static enum vt_qs chat_event(struct vt_sq_conn *c, vt_id tenant_id, vt_id ticket_id,
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
  return vt_sq_event(c, tenant_id, now, actor_user_id ? "user" : "system", actor_user_id, action,
                     "chat", ticket_id, ticket_id, citizen_id, 0, data);
}

enum vt_qs vt_sq_chat_insert(struct vt_sq_conn *c, vt_id ticket_id, vt_id citizen_id,
                             const struct vt_ticket_new *in) {
  const struct vt_chat_new *ch = in->chat;
  bool ended = !strcmp(ch->status, "ended");
  sqlite3_stmt *st = vt_sq_prepare(
      c, "INSERT INTO chats(ticket_id, widget_id, tenant_id, department_id, status, end_reason,"
         " queued_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  vt_sq_int(st, 2, ch->widget_id);
  vt_sq_int(st, 3, in->tenant_id);
  vt_sq_id(st, 4, in->department_id);
  vt_sq_text(st, 5, ch->status);
  vt_sq_text(st, 6, ch->end_reason);
  vt_sq_int(st, 7, in->now);
  if (ended)
    vt_sq_int(st, 8, in->now);
  else
    sqlite3_bind_null(st, 8);
  enum vt_qs qs = vt_sq_exec(c, st);
  if (qs != VT_QS_ONE)
    return qs;
  return chat_event(c, in->tenant_id, ticket_id, citizen_id, 0,
                    ended ? "chat_ended" : "chat_queued", ch->status, ch->end_reason, 0,
                    in->department_id, in->now);
}

/* The row a change starts from, read in the writer's transaction. */
struct chat_row {
  bool found;
  char status[8];
  vt_id tenant_id, citizen_id, agent_id, department_id;
};

static void chat_row_fn(sqlite3_stmt *st, void *out) {
  struct chat_row *r = out;
  r->found = true;
  vt_sq_col_copy(st, 0, r->status, sizeof r->status);
  r->tenant_id = sqlite3_column_int64(st, 1);
  r->citizen_id = sqlite3_column_int64(st, 2);
  r->agent_id = sqlite3_column_int64(st, 3);
  r->department_id = sqlite3_column_int64(st, 4);
}

static enum vt_qs chat_row(struct vt_sq_conn *c, vt_id ticket_id, struct chat_row *r) {
  memset(r, 0, sizeof *r);
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT ch.status, ch.tenant_id, tk.citizen_id, ch.agent_id, ch.department_id"
         " FROM chats ch JOIN tickets tk ON tk.id = ch.ticket_id WHERE ch.ticket_id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  return vt_sq_one_row(c, st, chat_row_fn, r);
}

static enum vt_qs active_count(struct vt_sq_conn *c, vt_id user_id, vt_id except, long *n) {
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT count(*) FROM chats WHERE agent_id = ?1"
                                      " AND status = 'active' AND ticket_id <> ?2");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, user_id);
  vt_sq_int(st, 2, except);
  int rc = sqlite3_step(st);
  *n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

/* The ticket follows its chat: assignee, department, status. */
static enum vt_qs ticket_follow(struct vt_sq_conn *c, vt_id ticket_id, bool set_assignee,
                                vt_id assignee, bool set_department, vt_id department,
                                const char *status, int64_t now) {
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE tickets SET version = version + 1, updated_at = ?2,"
         " assignee_id = CASE WHEN ?3 THEN ?4 ELSE assignee_id END,"
         " department_id = CASE WHEN ?5 THEN ?6 ELSE department_id END,"
         " status = CASE WHEN ?7 = 'open' AND status = 'new' THEN 'open'"
         " WHEN ?7 = 'resolved' AND status <> 'closed' THEN 'resolved' ELSE status END,"
         " resolved_at = CASE WHEN ?7 = 'resolved' AND status <> 'closed' THEN ?2"
         " ELSE resolved_at END WHERE id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  vt_sq_int(st, 2, now);
  sqlite3_bind_int(st, 3, set_assignee);
  vt_sq_id(st, 4, assignee);
  sqlite3_bind_int(st, 5, set_department);
  vt_sq_id(st, 6, department);
  vt_sq_text(st, 7, status ? status : "");
  return vt_sq_exec(c, st);
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

/* The row of a chat still going on; NONE with j->why when it is gone or
 * has ended. */
static enum vt_qs open_chat(struct vt_sq_conn *c, struct change_job *j, struct chat_row *r) {
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

static enum vt_qs accept_job(struct vt_sq_conn *c, void *arg) {
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
  sqlite3_stmt *st = vt_sq_prepare(c, "UPDATE chats SET status = 'active', agent_id = ?2,"
                                      " accepted_at = ?3 WHERE ticket_id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  vt_sq_int(st, 2, j->actor);
  vt_sq_int(st, 3, j->now);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE ||
      (qs = ticket_follow(c, j->ticket_id, true, j->actor, false, 0, "open", j->now)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  return chat_event(c, r.tenant_id, j->ticket_id, r.citizen_id, j->actor, "chat_accepted", "active",
                    NULL, j->actor, r.department_id, j->now);
}

static enum vt_qs chat_accept(struct vt_store *s, vt_id ticket_id, vt_id user_id, int max,
                              int64_t now, enum vt_chat_refusal *why) {
  struct change_job j = {.ticket_id = ticket_id, .actor = user_id, .max = max, .now = now};
  enum vt_qs qs = vt_sq_write(vt_sq(s), accept_job, &j);
  *why = j.why;
  return qs;
}

static enum vt_qs transfer_job(struct vt_sq_conn *c, void *arg) {
  struct change_job *j = arg;
  struct chat_row r;
  enum vt_qs qs = open_chat(c, j, &r);
  if (qs != VT_QS_ONE)
    return qs;
  sqlite3_stmt *st;
  const char *status;
  vt_id agent = 0, dept = r.department_id;
  if (j->to_user) {
    long n;
    if ((qs = active_count(c, j->to_user, j->ticket_id, &n)) != VT_QS_ONE)
      return qs;
    if (n >= j->max) {
      j->why = VT_CHAT_LIMIT;
      return VT_QS_NONE;
    }
    st = vt_sq_prepare(c, "UPDATE chats SET status = 'active', agent_id = ?2,"
                          " accepted_at = coalesce(accepted_at, ?3) WHERE ticket_id = ?1");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 2, j->to_user);
    vt_sq_int(st, 3, j->now);
    status = "active";
    agent = j->to_user;
  } else {
    /* Back in a queue, keeping its place: the original queue time. */
    st = vt_sq_prepare(c, "UPDATE chats SET status = 'queued', agent_id = NULL,"
                          " department_id = ?2 WHERE ticket_id = ?1");
    if (!st)
      return VT_QS_HARD;
    vt_sq_id(st, 2, j->to_department);
    status = "queued";
    dept = j->to_department;
  }
  vt_sq_int(st, 1, j->ticket_id);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
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
  enum vt_qs qs = vt_sq_write(vt_sq(s), transfer_job, &j);
  *why = j.why;
  return qs;
}

static enum vt_qs end_job(struct vt_sq_conn *c, void *arg) {
  struct change_job *j = arg;
  struct chat_row r;
  enum vt_qs qs = open_chat(c, j, &r);
  if (qs != VT_QS_ONE)
    return qs;
  sqlite3_stmt *st = vt_sq_prepare(c, "UPDATE chats SET status = 'ended', end_reason = ?2,"
                                      " ended_at = ?3 WHERE ticket_id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  vt_sq_text(st, 2, j->reason);
  vt_sq_int(st, 3, j->now);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
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
    return vt_sq_survey_offer(c, j->surveys, j->ticket_id, j->now);
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
  enum vt_qs qs = vt_sq_write(vt_sq(s), end_job, &j);
  *why = j.why;
  return qs;
}

struct typing_job {
  vt_id ticket_id, actor;
  const char *who;
  int64_t now;
};

static enum vt_qs typing_job(struct vt_sq_conn *c, void *arg) {
  struct typing_job *j = arg;
  bool agent = !strcmp(j->who, "agent");
  sqlite3_stmt *st = vt_sq_prepare(
      c, agent ? "UPDATE chats SET agent_typing_at = ?2 WHERE ticket_id = ?1"
                 " AND status <> 'ended' AND agent_typing_at <= ?2 - 2000 RETURNING tenant_id"
               : "UPDATE chats SET citizen_typing_at = ?2 WHERE ticket_id = ?1"
                 " AND status <> 'ended' AND citizen_typing_at <= ?2 - 2000 RETURNING tenant_id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  vt_sq_int(st, 2, j->now);
  vt_id tenant_id = 0;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    tenant_id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? VT_QS_NONE : vt_sq_rc(c, rc);
  char data[40];
  snprintf(data, sizeof data, "{\"who\":\"%s\"}", agent ? "agent" : "citizen");
  return vt_sq_event(c, tenant_id, j->now, agent ? "user" : "citizen", j->actor, "chat_typing",
                     "chat", j->ticket_id, j->ticket_id, agent ? 0 : j->actor, 0, data);
}

static enum vt_qs chat_typing(struct vt_store *s, vt_id ticket_id, const char *who, vt_id actor_id,
                              int64_t now) {
  struct typing_job j = {ticket_id, actor_id, who, now};
  return vt_sq_write(vt_sq(s), typing_job, &j);
}

struct expire_job {
  int64_t before, now;
  long n;
};

static enum vt_qs expire_job(struct vt_sq_conn *c, void *arg) {
  struct expire_job *j = arg;
  j->n = 0;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT ticket_id FROM chats WHERE status = 'queued'"
                                      " AND queued_at < ?1 ORDER BY queued_at LIMIT 200");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->before);
  vt_id *ids;
  size_t n;
  enum vt_qs qs = vt_sq_many_rows(c, st, sizeof *ids, vt_sq_id_fn, (void **)&ids, &n);
  if (qs < 0)
    return qs;
  for (size_t i = 0; i < n && qs >= 0; i++) {
    struct change_job e = {.ticket_id = ids[i], .reason = "timeout", .now = j->now};
    qs = end_job(c, &e);
    if (qs == VT_QS_ONE)
      j->n++;
  }
  free(ids);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs chats_expire(struct vt_store *s, int64_t before, int64_t now, long *n) {
  struct expire_job j = {before, now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), expire_job, &j);
  *n = j.n;
  return qs;
}

/* Puts one agent's active chats back in their queues (keeping their
 * department and place); n counts them. In the writer's transaction. */
enum vt_qs vt_sq_chats_requeue_agent(struct vt_sq_conn *c, vt_id user_id, int64_t now, long *n) {
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT ticket_id, coalesce(department_id, 0) FROM chats"
                                      " WHERE agent_id = ?1 AND status = 'active'");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, user_id);
  vt_id pairs[64][2];
  size_t k = 0;
  int rc;
  while (k < 64 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    pairs[k][0] = sqlite3_column_int64(st, 0);
    pairs[k][1] = sqlite3_column_int64(st, 1);
    k++;
  }
  sqlite3_reset(st);
  for (size_t i = 0; i < k; i++) {
    struct change_job j = {.ticket_id = pairs[i][0], .to_department = pairs[i][1], .now = now};
    enum vt_qs qs = transfer_job(c, &j);
    if (qs < 0)
      return qs;
    if (qs == VT_QS_ONE)
      (*n)++;
  }
  return VT_QS_ONE;
}

struct requeue_job {
  int64_t now;
  long n;
};

static enum vt_qs requeue_job(struct vt_sq_conn *c, void *arg) {
  struct requeue_job *j = arg;
  j->n = 0;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT DISTINCT ch.agent_id FROM chats ch WHERE ch.status = 'active' AND NOT EXISTS"
         " (SELECT 1 FROM chat_duty d WHERE d.user_id = ch.agent_id AND d.until > ?1) LIMIT 100");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->now);
  vt_id agents[100];
  size_t k = 0;
  while (k < 100 && sqlite3_step(st) == SQLITE_ROW)
    agents[k++] = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  for (size_t i = 0; i < k; i++) {
    enum vt_qs qs = vt_sq_chats_requeue_agent(c, agents[i], j->now, &j->n);
    if (qs < 0)
      return qs;
  }
  return VT_QS_ONE;
}

static enum vt_qs chats_requeue_absent(struct vt_store *s, int64_t now, long *n) {
  struct requeue_job j = {now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), requeue_job, &j);
  *n = j.n;
  return qs;
}

/* ---- agents on duty ---- */

struct duty_job {
  vt_id user_id;
  int64_t until;
};

static enum vt_qs duty_job(struct vt_sq_conn *c, void *arg) {
  struct duty_job *j = arg;
  sqlite3_stmt *st =
      vt_sq_prepare(c, j->until ? "INSERT INTO chat_duty(user_id, until) VALUES (?1, ?2)"
                                  " ON CONFLICT(user_id) DO UPDATE SET until = excluded.until"
                                : "DELETE FROM chat_duty WHERE user_id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->user_id);
  if (j->until)
    vt_sq_int(st, 2, j->until);
  enum vt_qs qs = vt_sq_exec(c, st);
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs chat_duty_set(struct vt_store *s, vt_id user_id, int64_t until) {
  struct duty_job j = {user_id, until};
  return vt_sq_write(vt_sq(s), duty_job, &j);
}

static enum vt_qs chat_duty_get(struct vt_store *s, vt_id user_id, int64_t now, bool *on,
                                long *active_chats) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT EXISTS (SELECT 1 FROM chat_duty WHERE user_id = ?1 AND until > ?2),"
                       " (SELECT count(*) FROM chats WHERE agent_id = ?1 AND status = 'active')");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, user_id);
  vt_sq_int(st, 2, now);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *on = sqlite3_column_int(st, 0) != 0;
    *active_chats = (long)sqlite3_column_int64(st, 1);
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

static enum vt_qs chat_agents_on_duty(struct vt_store *s, vt_id tenant_id, int64_t now, long *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  /* Agents of the administration or of any of its ancestors. */
  sqlite3_stmt *st = vt_sq_prepare(
      c, "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT t.parent_id FROM tenants t JOIN up"
         " ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
         " SELECT count(*) FROM chat_duty d JOIN users u ON u.id = d.user_id"
         " WHERE d.until > ?2 AND u.active AND EXISTS (SELECT 1 FROM user_tenants ut"
         " WHERE ut.user_id = u.id AND ut.tenant_id IN (SELECT id FROM up))");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, tenant_id);
  vt_sq_int(st, 2, now);
  int rc = sqlite3_step(st);
  *n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VT_QS_ONE : vt_sq_rc(c, rc);
}

/* ---- transcripts ---- */

struct transcript_job {
  vt_id tenant_id, ticket_id;
  const char *to, *rfc_id;
  int max;
  int64_t now;
};

static enum vt_qs transcript_job(struct vt_sq_conn *c, void *arg) {
  struct transcript_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT count(*) FROM outbox WHERE ticket_id = ?1"
                                      " AND kind = 'transcript'");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->ticket_id);
  int rc = sqlite3_step(st);
  long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return vt_sq_rc(c, rc);
  if (n >= j->max)
    return VT_QS_NONE;
  struct vt_outbox_new o = {"transcript", j->to, j->rfc_id};
  return vt_sq_outbox_insert(c, j->tenant_id, j->ticket_id, 0, &o, j->now);
}

static enum vt_qs chat_transcript_queue(struct vt_store *s, vt_id tenant_id, vt_id ticket_id,
                                        const char *to_addr, const char *rfc_message_id, int max,
                                        int64_t now) {
  struct transcript_job j = {tenant_id, ticket_id, to_addr, rfc_message_id, max, now};
  return vt_sq_write(vt_sq(s), transcript_job, &j);
}

void vt_sq_init_chat(struct vt_store *s) {
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
  s->chat_duty_set = chat_duty_set;
  s->chat_duty_get = chat_duty_get;
  s->chat_agents_on_duty = chat_agents_on_duty;
  s->chat_transcript_queue = chat_transcript_queue;
  s->chats_requeue_absent = chats_requeue_absent;
}
