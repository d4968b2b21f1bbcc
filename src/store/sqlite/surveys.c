/* SQLite: satisfaction surveys. A survey is offered inside the writer job
 * that resolves its ticket (vt_sq_survey_offer), so it is never lost nor
 * made twice; the citizen answers it once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"
#include "util/crypto.h"

#define DAY_MS 86400000LL

/* What the offer needs to know about a ticket, read in the job. */
struct offer_facts {
  vt_id tenant_id, citizen_id, assignee_id, department_id, service_id;
  char channel[16], status[16], lang[8], email[256], handle[256];
  bool confidential, has_access, has_survey, recent;
};

static void facts_fn(sqlite3_stmt *st, void *out) {
  struct offer_facts *f = out;
  f->tenant_id = sqlite3_column_int64(st, 0);
  f->citizen_id = sqlite3_column_int64(st, 1);
  f->assignee_id = sqlite3_column_int64(st, 2);
  f->department_id = sqlite3_column_int64(st, 3);
  f->service_id = sqlite3_column_int64(st, 4);
  vt_sq_col_copy(st, 5, f->channel, sizeof f->channel);
  vt_sq_col_copy(st, 6, f->status, sizeof f->status);
  f->confidential = sqlite3_column_int(st, 7) != 0;
  vt_sq_col_copy(st, 8, f->lang, sizeof f->lang);
  vt_sq_col_copy(st, 9, f->email, sizeof f->email);
  vt_sq_col_copy(st, 10, f->handle, sizeof f->handle);
  f->has_access = sqlite3_column_int(st, 11) != 0;
  f->has_survey = sqlite3_column_int(st, 12) != 0;
  f->recent = sqlite3_column_int(st, 13) != 0;
}

static void int_fn(sqlite3_stmt *st, void *out) { *(int *)out = sqlite3_column_int(st, 0); }

/* Whether the administration (or one above it) can send email. */
static enum vt_qs can_mail(struct vt_sq_conn *c, const struct vt_survey_policy *pol,
                           vt_id tenant_id, bool *yes) {
  *yes = pol->default_smtp || pol->record_only;
  if (*yes)
    return VT_QS_ONE;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT t.parent_id, up.depth + 1"
         " FROM tenants t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL AND up.depth < 8)"
         " SELECT EXISTS (SELECT 1 FROM smtp_settings WHERE tenant_id IN (SELECT id FROM up))");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, tenant_id);
  int v = 0;
  enum vt_qs qs = vt_sq_one_row(c, st, int_fn, &v);
  *yes = v != 0;
  return qs < 0 ? qs : VT_QS_ONE;
}

enum vt_qs vt_sq_survey_offer(struct vt_sq_conn *c, const struct vt_survey_policy *pol,
                              vt_id ticket_id, int64_t now) {
  if (!pol || !pol->enabled)
    return VT_QS_ONE;
  int64_t since = pol->min_interval_days > 0 ? now - pol->min_interval_days * DAY_MS : INT64_MAX;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT t.tenant_id, t.citizen_id, t.assignee_id, t.department_id, t.service_id,"
         " t.channel, t.status, t.confidential, c.lang,"
         " (SELECT value FROM citizen_identities WHERE citizen_id = t.citizen_id"
         "  AND kind = 'email' ORDER BY verified DESC, id LIMIT 1),"
         " (SELECT value FROM citizen_identities WHERE citizen_id = t.citizen_id"
         "  AND kind = t.channel ORDER BY id LIMIT 1),"
         " t.access_hash IS NOT NULL,"
         " EXISTS (SELECT 1 FROM surveys WHERE ticket_id = t.id),"
         " EXISTS (SELECT 1 FROM surveys WHERE citizen_id = t.citizen_id AND sent_at > ?2)"
         " FROM tickets t JOIN citizens c ON c.id = t.citizen_id WHERE t.id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, ticket_id);
  vt_sq_int(st, 2, since);
  struct offer_facts f = {0};
  enum vt_qs qs = vt_sq_one_row(c, st, facts_fn, &f);
  if (qs != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_ONE;
  /* Confidential tickets (a crime victim's, say) get none: an invitation
   * naming the ticket could reach a shared inbox or phone. */
  if (strcmp(f.status, "resolved") || f.confidential || f.has_survey || f.recent)
    return VT_QS_ONE;
  bool mail_ok = false;
  if (f.email[0] && (qs = can_mail(c, pol, f.tenant_id, &mail_ok)) < 0)
    return qs;
  const char *via = NULL, *to = NULL;
  int ch = vt_channel_parse(f.channel);
  switch (ch) {
  case VT_CH_EMAIL:
    if (mail_ok)
      via = "email", to = f.email;
    break;
  case VT_CH_TELEGRAM:
  case VT_CH_WHATSAPP:
  case VT_CH_X:
  case VT_CH_FACEBOOK:
    if (f.handle[0])
      via = "network", to = f.handle;
    break;
  case VT_CH_WEB:
  case VT_CH_CHAT:
    if (f.has_access)
      via = ch == VT_CH_WEB ? "web" : "chat";
    else if (mail_ok)
      via = "email";
    if (mail_ok)
      to = f.email;
    break;
  default: /* phone, in person, API: only by email */
    if (mail_ok)
      via = "email", to = f.email;
  }
  if (!via)
    return VT_QS_ONE; /* no way to reach the citizen */
  st = vt_sq_prepare(c, "INSERT INTO surveys(tenant_id, ticket_id, citizen_id, agent_id,"
                        " department_id, service_id, channel, sent_at, delivered_via, lang)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                        " ON CONFLICT (ticket_id) DO NOTHING RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, f.tenant_id);
  vt_sq_int(st, 2, ticket_id);
  vt_sq_int(st, 3, f.citizen_id);
  vt_sq_id(st, 4, f.assignee_id);
  vt_sq_id(st, 5, f.department_id);
  vt_sq_id(st, 6, f.service_id);
  vt_sq_text(st, 7, f.channel);
  vt_sq_int(st, 8, now);
  vt_sq_text(st, 9, via);
  vt_sq_text(st, 10, f.lang[0] ? f.lang : "es");
  vt_id survey_id = 0;
  if ((qs = vt_sq_one_row(c, st, vt_sq_id_fn, &survey_id)) != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_ONE;
  if (to && !pol->record_only) {
    char rnd[33], rfc[200];
    vt_random_hex(rnd, 16);
    snprintf(rfc, sizeof rfc, "vt.%s@%s", rnd,
             pol->mail_domain[0] ? pol->mail_domain : "ventanilla.localhost");
    struct vt_outbox_new o = {.kind = "survey", .to_addr = to, .rfc_message_id = rfc};
    if ((qs = vt_sq_outbox_insert(c, f.tenant_id, ticket_id, 0, &o, now)) != VT_QS_ONE)
      return qs;
  }
  char data[64];
  snprintf(data, sizeof data, "{\"via\":\"%s\"}", via);
  return vt_sq_event(c, f.tenant_id, now, "system", 0, "survey_offered", "survey", survey_id,
                     ticket_id, f.citizen_id, 0, data);
}

/* ---- reading ---- */

#define SURVEY_COLS                                                                                \
  "v.id, v.tenant_id, v.ticket_id, v.citizen_id, v.agent_id, v.department_id, v.service_id,"       \
  " tn.code, tk.reference, v.channel, v.delivered_via, v.lang, tn.name, u.name, v.sent_at,"        \
  " v.answered_at, v.csat, v.fcr, v.ces, v.nps, v.comment"                                         \
  " FROM surveys v JOIN tenants tn ON tn.id = v.tenant_id JOIN tickets tk ON tk.id = v.ticket_id"  \
  " LEFT JOIN users u ON u.id = v.agent_id"

static int opt_int(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

static void survey_fn(sqlite3_stmt *st, void *out) {
  struct vt_survey *v = out;
  memset(v, 0, sizeof *v);
  v->id = sqlite3_column_int64(st, 0);
  v->tenant_id = sqlite3_column_int64(st, 1);
  v->ticket_id = sqlite3_column_int64(st, 2);
  v->citizen_id = sqlite3_column_int64(st, 3);
  v->agent_id = sqlite3_column_int64(st, 4);
  v->department_id = sqlite3_column_int64(st, 5);
  v->service_id = sqlite3_column_int64(st, 6);
  vt_sq_col_copy(st, 7, v->tenant_code, sizeof v->tenant_code);
  vt_sq_col_copy(st, 8, v->reference, sizeof v->reference);
  vt_sq_col_copy(st, 9, v->channel, sizeof v->channel);
  vt_sq_col_copy(st, 10, v->delivered_via, sizeof v->delivered_via);
  vt_sq_col_copy(st, 11, v->lang, sizeof v->lang);
  v->tenant_name = vt_sq_col_dup(st, 12);
  v->agent_name = vt_sq_col_dup(st, 13);
  v->sent_at = sqlite3_column_int64(st, 14);
  v->answered_at = sqlite3_column_int64(st, 15);
  v->csat = sqlite3_column_int(st, 16);
  v->fcr = opt_int(st, 17);
  v->ces = opt_int(st, 18);
  v->nps = opt_int(st, 19);
  v->comment = vt_sq_col_dup(st, 20);
}

static enum vt_qs survey_of_ticket(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id ticket_id, struct vt_survey *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "SELECT " SURVEY_COLS " WHERE v.ticket_id = ?1"
                       " AND (?2 OR v.tenant_id IN (SELECT value FROM json_each(?3)))");
  if (!st)
    return VT_QS_HARD;
  struct vt_scope none = {0};
  vt_sq_int(st, 1, ticket_id);
  sqlite3_bind_int(st, 2, !scope || scope->all);
  vt_sq_bind_scope(st, 3, scope ? scope : &none);
  return vt_sq_one_row(c, st, survey_fn, out);
}

static enum vt_qs survey_by_token(struct vt_store *s, const char *token_hash,
                                  struct vt_survey *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " SURVEY_COLS " WHERE v.token_hash = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, token_hash);
  return vt_sq_one_row(c, st, survey_fn, out);
}

static enum vt_qs surveys_list(struct vt_store *s, const struct vt_scope *scope,
                               const struct vt_survey_filter *f, struct vt_survey **items,
                               size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " SURVEY_COLS " WHERE (?1 OR v.tenant_id IN (SELECT value FROM json_each(?2)))"
         " AND (?3 = 0 OR v.tenant_id = ?3) AND (?4 = 0 OR v.agent_id = ?4)"
         " AND (?5 = 0 OR v.department_id = ?5) AND (?6 = 0 OR v.sent_at >= ?6)"
         " AND (?7 = 0 OR v.sent_at < ?7) AND (NOT ?8 OR v.answered_at IS NOT NULL)"
         " AND (?9 = 0 OR v.id < ?9) AND" VT_SQ_CONF_VISIBLE("tk") " ORDER BY v.id DESC LIMIT ?10");
  if (!st)
    return VT_QS_HARD;
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_bind_conf(st, scope); /* a case marked confidential after its survey */
  vt_sq_int(st, 3, f->tenant_id);
  vt_sq_int(st, 4, f->agent_id);
  vt_sq_int(st, 5, f->department_id);
  vt_sq_int(st, 6, f->from);
  vt_sq_int(st, 7, f->to);
  sqlite3_bind_int(st, 8, f->answered_only);
  vt_sq_int(st, 9, f->before_id);
  vt_sq_int(st, 10, f->limit > 0 ? f->limit : 50);
  return vt_sq_many_rows(c, st, sizeof **items, survey_fn, (void **)items, n);
}

/* ---- writing ---- */

struct token_job {
  vt_id id;
  const char *hash;
};

static enum vt_qs token_job(struct vt_sq_conn *c, void *arg) {
  struct token_job *j = arg;
  sqlite3_stmt *st =
      vt_sq_prepare(c, "UPDATE surveys SET token_hash = ?2 WHERE id = ?1 RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_text(st, 2, j->hash);
  vt_id id;
  return vt_sq_one_row(c, st, vt_sq_id_fn, &id);
}

static enum vt_qs survey_token_set(struct vt_store *s, vt_id survey_id, const char *token_hash) {
  struct token_job j = {survey_id, token_hash};
  return vt_sq_write(vt_sq(s), token_job, &j);
}

struct answer_job {
  vt_id id;
  const struct vt_survey_answer *a;
  int64_t now;
};

static void three_ids_fn(sqlite3_stmt *st, void *out) {
  vt_id *ids = out;
  for (int i = 0; i < 3; i++)
    ids[i] = sqlite3_column_int64(st, i);
}

static void bind_opt(sqlite3_stmt *st, int i, int v) {
  if (v < 0)
    sqlite3_bind_null(st, i);
  else
    sqlite3_bind_int(st, i, v);
}

static enum vt_qs answer_job(struct vt_sq_conn *c, void *arg) {
  struct answer_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "UPDATE surveys SET answered_at = ?2, csat = ?3, fcr = ?4, ces = ?5, nps = ?6,"
         " comment = ?7 WHERE id = ?1 AND answered_at IS NULL"
         " RETURNING tenant_id, ticket_id, citizen_id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_int(st, 2, j->now);
  sqlite3_bind_int(st, 3, j->a->csat);
  bind_opt(st, 4, j->a->fcr);
  bind_opt(st, 5, j->a->ces);
  bind_opt(st, 6, j->a->nps);
  vt_sq_text(st, 7, j->a->comment);
  vt_id ids[3] = {0, 0, 0};
  enum vt_qs qs = vt_sq_one_row(c, st, three_ids_fn, ids);
  if (qs != VT_QS_ONE)
    return qs;
  char data[48];
  snprintf(data, sizeof data, "{\"csat\":%d}", j->a->csat);
  return vt_sq_event(c, ids[0], j->now, "citizen", ids[2], "survey_answered", "survey", j->id,
                     ids[1], ids[2], 0, data);
}

static enum vt_qs survey_answer(struct vt_store *s, vt_id survey_id,
                                const struct vt_survey_answer *a, int64_t now) {
  struct answer_job j = {survey_id, a, now};
  return vt_sq_write(vt_sq(s), answer_job, &j);
}

void vt_sq_init_surveys(struct vt_store *s) {
  s->survey_of_ticket = survey_of_ticket;
  s->survey_by_token = survey_by_token;
  s->survey_token_set = survey_token_set;
  s->survey_answer = survey_answer;
  s->surveys_list = surveys_list;
}
