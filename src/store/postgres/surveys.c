/* PostgreSQL: satisfaction surveys (the port of sqlite/surveys.c). A survey
 * is offered inside the transaction that resolves its ticket; an advisory
 * lock on the citizen makes "at most one in the period" hold across nodes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"
#include "util/crypto.h"

#define DAY_MS 86400000LL

enum vt_qs vt_pg_survey_offer(struct vt_pg_conn *c, const struct vt_survey_policy *pol,
                              vt_id ticket_id, int64_t now) {
  if (!pol || !pol->enabled)
    return VT_QS_ONE;
  int64_t since = pol->min_interval_days > 0 ? now - pol->min_interval_days * DAY_MS : INT64_MAX;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  enum vt_qs qs;
  /* Two tickets of one citizen resolved at once: the second waits here and
   * then sees the first one's survey. */
  PGresult *r = vt_pg_exec(c,
                           "SELECT pg_advisory_xact_lock(hashtextextended('survey:' ||"
                           " (SELECT citizen_id FROM tickets WHERE id = $1::bigint)::text, 0))",
                           &p, &qs);
  PQclear(r);
  if (qs != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  vt_pg_int(&p, since);
  r = vt_pg_exec(c,
                 "SELECT t.tenant_id, t.citizen_id, t.assignee_id, t.department_id, t.service_id,"
                 " t.channel, t.status, t.confidential, c.lang,"
                 " (SELECT value FROM citizen_identities WHERE citizen_id = t.citizen_id"
                 "  AND kind = 'email' ORDER BY verified DESC, id LIMIT 1),"
                 " (SELECT value FROM citizen_identities WHERE citizen_id = t.citizen_id"
                 "  AND kind = t.channel ORDER BY id LIMIT 1),"
                 " t.access_hash IS NOT NULL,"
                 " EXISTS (SELECT 1 FROM surveys WHERE ticket_id = t.id),"
                 " EXISTS (SELECT 1 FROM surveys WHERE citizen_id = t.citizen_id"
                 "  AND sent_at > $2::bigint),"
                 " $3::boolean OR EXISTS (WITH RECURSIVE up(id, depth) AS ("
                 "  SELECT t.tenant_id, 0 UNION ALL SELECT tn.parent_id, up.depth + 1"
                 "  FROM tenants tn JOIN up ON tn.id = up.id"
                 "  WHERE tn.parent_id IS NOT NULL AND up.depth < 8)"
                 "  SELECT 1 FROM smtp_settings WHERE tenant_id IN (SELECT id FROM up))"
                 " FROM tickets t JOIN citizens c ON c.id = t.citizen_id WHERE t.id = $1::bigint",
                 (vt_pg_bool(&p, pol->default_smtp || pol->record_only), &p), &qs);
  if (qs != VT_QS_ONE || PQntuples(r) != 1) {
    PQclear(r);
    return qs < 0 ? qs : VT_QS_ONE;
  }
  vt_id tenant_id = vt_pg_int64(r, 0, 0), citizen_id = vt_pg_int64(r, 0, 1);
  vt_id assignee_id = vt_pg_int64(r, 0, 2), department_id = vt_pg_int64(r, 0, 3);
  vt_id service_id = vt_pg_int64(r, 0, 4);
  char channel[16], status[16], lang[8], email[256], handle[256];
  vt_pg_copy(r, 0, 5, channel, sizeof channel);
  vt_pg_copy(r, 0, 6, status, sizeof status);
  bool confidential = vt_pg_bool_at(r, 0, 7);
  vt_pg_copy(r, 0, 8, lang, sizeof lang);
  vt_pg_copy(r, 0, 9, email, sizeof email);
  vt_pg_copy(r, 0, 10, handle, sizeof handle);
  bool has_access = vt_pg_bool_at(r, 0, 11), has_survey = vt_pg_bool_at(r, 0, 12);
  bool recent = vt_pg_bool_at(r, 0, 13), mail_ok = email[0] && vt_pg_bool_at(r, 0, 14);
  PQclear(r);
  /* Confidential tickets (a crime victim's, say) get none: an invitation
   * naming the ticket could reach a shared inbox or phone. */
  if (strcmp(status, "resolved") || confidential || has_survey || recent)
    return VT_QS_ONE;
  const char *via = NULL, *to = NULL;
  int ch = vt_channel_parse(channel);
  switch (ch) {
  case VT_CH_EMAIL:
    if (mail_ok)
      via = "email", to = email;
    break;
  case VT_CH_TELEGRAM:
  case VT_CH_WHATSAPP:
  case VT_CH_X:
  case VT_CH_FACEBOOK:
    if (handle[0])
      via = "network", to = handle;
    break;
  case VT_CH_WEB:
  case VT_CH_CHAT:
    if (has_access)
      via = ch == VT_CH_WEB ? "web" : "chat";
    else if (mail_ok)
      via = "email";
    if (mail_ok)
      to = email;
    break;
  default: /* phone, in person, API: only by email */
    if (mail_ok)
      via = "email", to = email;
  }
  if (!via)
    return VT_QS_ONE; /* no way to reach the citizen */
  struct vt_pg_params q = {0};
  vt_pg_int(&q, tenant_id);
  vt_pg_int(&q, ticket_id);
  vt_pg_int(&q, citizen_id);
  vt_pg_id(&q, assignee_id);
  vt_pg_id(&q, department_id);
  vt_pg_id(&q, service_id);
  vt_pg_text(&q, channel);
  vt_pg_int(&q, now);
  vt_pg_text(&q, via);
  vt_pg_text(&q, lang[0] ? lang : "es");
  vt_id survey_id = 0;
  qs = vt_pg_returning_id(c,
                          "INSERT INTO surveys(tenant_id, ticket_id, citizen_id, agent_id,"
                          " department_id, service_id, channel, sent_at, delivered_via, lang)"
                          " VALUES ($1::bigint, $2::bigint, $3::bigint, $4::bigint, $5::bigint,"
                          " $6::bigint, $7::text, $8::bigint, $9::text, $10::text)"
                          " ON CONFLICT (ticket_id) DO NOTHING RETURNING id",
                          &q, &survey_id);
  if (qs != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_ONE;
  if (to && !pol->record_only) {
    char rnd[33], rfc[200];
    vt_random_hex(rnd, 16);
    snprintf(rfc, sizeof rfc, "vt.%s@%s", rnd,
             pol->mail_domain[0] ? pol->mail_domain : "ventanilla.localhost");
    struct vt_outbox_new o = {.kind = "survey", .to_addr = to, .rfc_message_id = rfc};
    if ((qs = vt_pg_outbox_insert(c, tenant_id, ticket_id, 0, &o, now)) != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
  }
  char data[64];
  snprintf(data, sizeof data, "{\"via\":\"%s\"}", via);
  return vt_pg_event(c, tenant_id, now, "system", 0, "survey_offered", "survey", survey_id,
                     ticket_id, citizen_id, 0, data);
}

/* ---- reading ---- */

#define SURVEY_COLS                                                                                \
  "v.id, v.tenant_id, v.ticket_id, v.citizen_id, v.agent_id, v.department_id, v.service_id,"       \
  " tn.code, tk.reference, v.channel, v.delivered_via, v.lang, tn.name, u.name, v.sent_at,"        \
  " v.answered_at, v.csat, v.fcr, v.ces, v.nps, v.comment"                                         \
  " FROM surveys v JOIN tenants tn ON tn.id = v.tenant_id JOIN tickets tk ON tk.id = v.ticket_id"  \
  " LEFT JOIN users u ON u.id = v.agent_id"

static int opt_int(const PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? -1 : (int)vt_pg_int64(r, row, col);
}

static void survey_fn(const PGresult *r, int row, void *out) {
  struct vt_survey *v = out;
  memset(v, 0, sizeof *v);
  v->id = vt_pg_int64(r, row, 0);
  v->tenant_id = vt_pg_int64(r, row, 1);
  v->ticket_id = vt_pg_int64(r, row, 2);
  v->citizen_id = vt_pg_int64(r, row, 3);
  v->agent_id = vt_pg_int64(r, row, 4);
  v->department_id = vt_pg_int64(r, row, 5);
  v->service_id = vt_pg_int64(r, row, 6);
  vt_pg_copy(r, row, 7, v->tenant_code, sizeof v->tenant_code);
  vt_pg_copy(r, row, 8, v->reference, sizeof v->reference);
  vt_pg_copy(r, row, 9, v->channel, sizeof v->channel);
  vt_pg_copy(r, row, 10, v->delivered_via, sizeof v->delivered_via);
  vt_pg_copy(r, row, 11, v->lang, sizeof v->lang);
  v->tenant_name = vt_pg_dup(r, row, 12);
  v->agent_name = vt_pg_dup(r, row, 13);
  v->sent_at = vt_pg_int64(r, row, 14);
  v->answered_at = vt_pg_int64(r, row, 15);
  v->csat = (int)vt_pg_int64(r, row, 16);
  v->fcr = PQgetisnull(r, row, 17) ? -1 : vt_pg_bool_at(r, row, 17) ? 1 : 0;
  v->ces = opt_int(r, row, 18);
  v->nps = opt_int(r, row, 19);
  v->comment = vt_pg_dup(r, row, 20);
}

static enum vt_qs survey_of_ticket(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id ticket_id, struct vt_survey *out) {
  struct vt_scope none = {0};
  char *tenants = vt_pg_scope_array(scope ? scope : &none);
  struct vt_pg_params p = {0};
  vt_pg_int(&p, ticket_id);
  vt_pg_bool(&p, !scope || scope->all);
  vt_pg_text(&p, tenants);
  enum vt_qs qs = vt_pg_read_one(s,
                                 "SELECT " SURVEY_COLS " WHERE v.ticket_id = $1::bigint"
                                 " AND ($2::boolean OR v.tenant_id = ANY($3::bigint[]))",
                                 &p, survey_fn, out);
  free(tenants);
  return qs;
}

static enum vt_qs survey_by_token(struct vt_store *s, const char *token_hash,
                                  struct vt_survey *out) {
  struct vt_pg_params p = {0};
  vt_pg_text(&p, token_hash);
  return vt_pg_read_one(s, "SELECT " SURVEY_COLS " WHERE v.token_hash = $1::text", &p, survey_fn,
                        out);
}

static enum vt_qs surveys_list(struct vt_store *s, const struct vt_scope *scope,
                               const struct vt_survey_filter *f, struct vt_survey **items,
                               size_t *n) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, f->tenant_id);
  vt_pg_int(&p, f->agent_id);
  vt_pg_int(&p, f->department_id);
  vt_pg_int(&p, f->from);
  vt_pg_int(&p, f->to);
  vt_pg_bool(&p, f->answered_only);
  vt_pg_int(&p, f->before_id);
  vt_pg_int(&p, f->limit > 0 ? f->limit : 50);
  char *depts = vt_pg_conf_params(&p, scope); /* a case marked confidential after its survey */
  enum vt_qs qs = vt_pg_read_many(
      s,
      "SELECT " SURVEY_COLS " WHERE ($1::boolean OR v.tenant_id = ANY($2::bigint[]))"
      " AND ($3::bigint = 0 OR v.tenant_id = $3::bigint)"
      " AND ($4::bigint = 0 OR v.agent_id = $4::bigint)"
      " AND ($5::bigint = 0 OR v.department_id = $5::bigint)"
      " AND ($6::bigint = 0 OR v.sent_at >= $6::bigint)"
      " AND ($7::bigint = 0 OR v.sent_at < $7::bigint)"
      " AND (NOT $8::boolean OR v.answered_at IS NOT NULL)"
      " AND ($9::bigint = 0 OR v.id < $9::bigint) AND" VT_PG_CONF_VISIBLE(
          "tk", "$11", "$12", "$13") " ORDER BY v.id DESC LIMIT $10::bigint",
      &p, sizeof **items, survey_fn, (void **)items, n);
  free(tenants);
  free(depts);
  return qs;
}

/* ---- writing ---- */

struct token_arg {
  vt_id id;
  const char *hash;
};

static enum vt_qs token_tx(struct vt_pg_conn *c, void *arg) {
  struct token_arg *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->id);
  vt_pg_text(&p, a->hash);
  return vt_pg_returning_id(
      c, "UPDATE surveys SET token_hash = $2::text WHERE id = $1::bigint RETURNING id", &p, NULL);
}

static enum vt_qs survey_token_set(struct vt_store *s, vt_id survey_id, const char *token_hash) {
  struct token_arg a = {survey_id, token_hash};
  return vt_pg_autocommit(vt_pg(s), token_tx, &a);
}

struct answer_arg {
  vt_id id;
  const struct vt_survey_answer *a;
  int64_t now;
};

static enum vt_qs answer_tx(struct vt_pg_conn *c, void *arg) {
  struct answer_arg *j = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, j->id);
  vt_pg_int(&p, j->now);
  vt_pg_int(&p, j->a->csat);
  if (j->a->fcr < 0)
    vt_pg_text(&p, NULL);
  else
    vt_pg_bool(&p, j->a->fcr != 0);
  if (j->a->ces < 0)
    vt_pg_text(&p, NULL);
  else
    vt_pg_int(&p, j->a->ces);
  if (j->a->nps < 0)
    vt_pg_text(&p, NULL);
  else
    vt_pg_int(&p, j->a->nps);
  vt_pg_text(&p, j->a->comment);
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c,
                           "UPDATE surveys SET answered_at = $2::bigint, csat = $3::smallint,"
                           " fcr = $4::boolean, ces = $5::smallint, nps = $6::smallint,"
                           " comment = $7::text WHERE id = $1::bigint AND answered_at IS NULL"
                           " RETURNING tenant_id, ticket_id, citizen_id",
                           &p, &qs);
  if (qs != VT_QS_ONE || PQntuples(r) != 1) {
    PQclear(r);
    return qs == VT_QS_ONE ? VT_QS_NONE : qs;
  }
  vt_id tenant_id = vt_pg_int64(r, 0, 0), ticket_id = vt_pg_int64(r, 0, 1);
  vt_id citizen_id = vt_pg_int64(r, 0, 2);
  PQclear(r);
  char data[48];
  snprintf(data, sizeof data, "{\"csat\":%d}", j->a->csat);
  return vt_pg_event(c, tenant_id, j->now, "citizen", citizen_id, "survey_answered", "survey",
                     j->id, ticket_id, citizen_id, 0, data);
}

static enum vt_qs survey_answer(struct vt_store *s, vt_id survey_id,
                                const struct vt_survey_answer *a, int64_t now) {
  struct answer_arg j = {survey_id, a, now};
  return vt_pg_tx(vt_pg(s), answer_tx, &j);
}

void vt_pg_init_surveys(struct vt_store *s) {
  s->survey_of_ticket = survey_of_ticket;
  s->survey_by_token = survey_by_token;
  s->survey_token_set = survey_token_set;
  s->survey_answer = survey_answer;
  s->surveys_list = surveys_list;
}
