/* PostgreSQL: routing rules, the classifiers, and the knowledge base (the
 * port of sqlite/routing.c). The search terms of an article are analysed in
 * C (src/routing/text.c) and stored already stemmed in kb_articles.terms;
 * its generated terms_tsv uses the 'simple' configuration, so nothing is
 * analysed twice and only whole terms match, as with SQLite's FTS5. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"
#include "util/buf.h"

/* Names sort as SQLite's BINARY collation does (byte order), as in catalog.c. */
#define BYTES " COLLATE \"C\""

/* SQLite's CHECK (json_valid(...)) turns bad JSON into a constraint failure
 * (NONE); PostgreSQL's ::jsonb cast would raise a hard error instead, so the
 * text is checked here first (as catalog.c does). NULL passes: the column's
 * NOT NULL or a default decides. */
static bool json_ok(const char *text) {
  if (!text)
    return true;
  json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, NULL);
  bool ok = j != NULL;
  json_decref(j);
  return ok;
}

/* A limit as a parameter: negative means none, as on SQLite (LIMIT NULL is
 * LIMIT ALL; a negative LIMIT is an error on PostgreSQL). */
static void limit_param(struct vt_pg_params *p, int limit) {
  if (limit >= 0)
    vt_pg_int(p, limit);
  else
    vt_pg_text(p, NULL);
}

/* ---- rules ---- */

#define RULE_COLS                                                                                  \
  "r.id, r.tenant_id, t.code, r.position, r.name, r.rule::text, r.active, r.created_at,"           \
  " r.updated_at FROM routing_rules r JOIN tenants t ON t.id = r.tenant_id"

static void rule_fn(const PGresult *r, int row, void *out) {
  struct vt_routing_rule *u = out;
  memset(u, 0, sizeof *u);
  u->id = vt_pg_int64(r, row, 0);
  u->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, u->tenant_code, sizeof u->tenant_code);
  u->position = (long)vt_pg_int64(r, row, 3);
  u->name = vt_pg_dup(r, row, 4);
  u->rule_json = vt_pg_dup(r, row, 5);
  u->active = vt_pg_bool_at(r, row, 6);
  u->created_at = vt_pg_int64(r, row, 7);
  u->updated_at = vt_pg_int64(r, row, 8);
}

static enum vt_qs routing_rules_list(struct vt_store *s, const struct vt_scope *scope,
                                     vt_id tenant_id, bool include_inactive,
                                     struct vt_routing_rule **items, size_t *n) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, tenant_id);
  vt_pg_bool(&p, include_inactive);
  enum vt_qs qs = vt_pg_read_many(
      s,
      "SELECT " RULE_COLS " WHERE ($1::boolean OR r.tenant_id = ANY($2::bigint[]))"
      " AND ($3::bigint = 0 OR r.tenant_id = $3::bigint) AND ($4::boolean OR r.active)"
      " ORDER BY t.code" BYTES ", r.position, r.id",
      &p, sizeof **items, rule_fn, (void **)items, n);
  free(tenants);
  return qs;
}

static enum vt_qs routing_rule_get(struct vt_store *s, vt_id id, struct vt_routing_rule *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " RULE_COLS " WHERE r.id = $1::bigint", &p, rule_fn, out);
}

struct rule_arg {
  const struct vt_routing_rule *in;
  int64_t now;
  vt_id id;
};

/* One statement: NONE when the rule to update is unknown or a constraint
 * says no (an unknown tenant, a missing name or rule). An update keeps the
 * rule's tenant. */
static enum vt_qs rule_save_tx(struct vt_pg_conn *c, void *arg) {
  struct rule_arg *a = arg;
  const struct vt_routing_rule *in = a->in;
  a->id = 0;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->id ? in->id : in->tenant_id);
  vt_pg_int(&p, in->position);
  vt_pg_text(&p, in->name);
  vt_pg_text(&p, in->rule_json);
  vt_pg_bool(&p, in->active);
  vt_pg_int(&p, a->now);
  return vt_pg_returning_id(
      c,
      in->id ? "UPDATE routing_rules SET position = $2::bigint, name = $3::text,"
               " rule = $4::jsonb, active = $5::boolean, updated_at = $6::bigint"
               " WHERE id = $1::bigint RETURNING id"
             : "INSERT INTO routing_rules(tenant_id, position, name, rule, active, created_at,"
               " updated_at) VALUES ($1::bigint, $2::bigint, $3::text, $4::jsonb, $5::boolean,"
               " $6::bigint, $6::bigint) RETURNING id",
      &p, &a->id);
}

static enum vt_qs routing_rule_save(struct vt_store *s, const struct vt_routing_rule *in,
                                    int64_t now, vt_id *id) {
  struct rule_arg a = {in, now, 0};
  enum vt_qs qs =
      json_ok(in->rule_json) ? vt_pg_autocommit(vt_pg(s), rule_save_tx, &a) : VT_QS_NONE;
  if (id)
    *id = a.id;
  return qs;
}

static enum vt_qs rule_delete_tx(struct vt_pg_conn *c, void *arg) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, *(vt_id *)arg);
  return vt_pg_returning_id(c, "DELETE FROM routing_rules WHERE id = $1::bigint RETURNING id", &p,
                            NULL);
}

static enum vt_qs routing_rule_delete(struct vt_store *s, vt_id id) {
  return vt_pg_autocommit(vt_pg(s), rule_delete_tx, &id);
}

/* ---- the classifiers ---- */

struct model_row {
  char **json;
  int64_t *trained_at;
  long *examples;
};

static void model_fn(const PGresult *r, int row, void *out) {
  struct model_row *m = out;
  *m->json = vt_pg_dup(r, row, 0);
  *m->trained_at = vt_pg_int64(r, row, 1);
  *m->examples = (long)vt_pg_int64(r, row, 2);
}

static enum vt_qs routing_model_get(struct vt_store *s, vt_id tenant_id, char **model_json,
                                    int64_t *trained_at, long *examples) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  *model_json = NULL;
  struct model_row m = {model_json, trained_at, examples};
  return vt_pg_read_one(s,
                        "SELECT model, trained_at, examples FROM routing_models"
                        " WHERE tenant_id = $1::bigint",
                        &p, model_fn, &m);
}

struct model_arg {
  vt_id tenant_id;
  const char *json;
  long examples, labels;
  int64_t now;
};

static enum vt_qs model_save_tx(struct vt_pg_conn *c, void *arg) {
  struct model_arg *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->tenant_id);
  vt_pg_text(&p, a->json);
  vt_pg_int(&p, a->examples);
  vt_pg_int(&p, a->labels);
  vt_pg_int(&p, a->now);
  return vt_pg_run(c,
                   "INSERT INTO routing_models(tenant_id, model, examples, labels, trained_at)"
                   " VALUES ($1::bigint, $2::text, $3::bigint, $4::bigint, $5::bigint)"
                   " ON CONFLICT (tenant_id) DO UPDATE SET model = excluded.model,"
                   " examples = excluded.examples, labels = excluded.labels,"
                   " trained_at = excluded.trained_at",
                   &p);
}

static enum vt_qs routing_model_save(struct vt_store *s, vt_id tenant_id, const char *model_json,
                                     long examples, long labels, int64_t now) {
  struct model_arg a = {tenant_id, model_json, examples, labels, now};
  return vt_pg_autocommit(vt_pg(s), model_save_tx, &a);
}

static void example_fn(const PGresult *r, int row, void *out) {
  struct vt_routing_example *e = out;
  memset(e, 0, sizeof *e);
  e->text = vt_pg_dup(r, row, 0);
  vt_pg_copy(r, row, 1, e->label, sizeof e->label);
}

static enum vt_qs routing_examples(struct vt_store *s, vt_id tenant_id, int limit,
                                   struct vt_routing_example **items, size_t *n) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, tenant_id);
  limit_param(&p, limit);
  /* The subject and the citizen's first message: what routing sees. */
  return vt_pg_read_many(
      s,
      "SELECT t.subject || chr(10) || coalesce((SELECT m.body FROM messages m"
      " WHERE m.ticket_id = t.id AND m.direction = 'in' ORDER BY m.id LIMIT 1), ''), d.code"
      " FROM tickets t JOIN departments d ON d.id = t.department_id"
      " WHERE t.tenant_id = $1::bigint AND t.status IN ('resolved', 'closed')"
      " ORDER BY t.id DESC LIMIT $2::bigint",
      &p, sizeof **items, example_fn, (void **)items, n);
}

/* ---- the knowledge base ---- */

#define ARTICLE_COLS                                                                               \
  "a.id, a.tenant_id, t.code, a.lang, a.title, a.summary, a.body, a.visibility, a.service_id,"     \
  " s.code, a.department_id, d.code, a.documents::text, a.version, a.active, a.created_at,"        \
  " a.updated_at, a.updated_by"
#define ARTICLE_JOINS                                                                              \
  " JOIN tenants t ON t.id = a.tenant_id"                                                          \
  " LEFT JOIN services s ON s.id = a.service_id LEFT JOIN departments d ON d.id = a.department_id"
#define ARTICLE_FROM " FROM kb_articles a" ARTICLE_JOINS

static void article_fn(const PGresult *r, int row, void *out) {
  struct vt_kb_article *a = out;
  memset(a, 0, sizeof *a);
  a->id = vt_pg_int64(r, row, 0);
  a->tenant_id = vt_pg_int64(r, row, 1);
  vt_pg_copy(r, row, 2, a->tenant_code, sizeof a->tenant_code);
  vt_pg_copy(r, row, 3, a->lang, sizeof a->lang);
  a->title = vt_pg_dup(r, row, 4);
  a->summary = vt_pg_dup(r, row, 5);
  a->body = vt_pg_dup(r, row, 6);
  vt_pg_copy(r, row, 7, a->visibility, sizeof a->visibility);
  a->service_id = vt_pg_int64(r, row, 8);
  vt_pg_copy(r, row, 9, a->service_code, sizeof a->service_code);
  a->department_id = vt_pg_int64(r, row, 10);
  vt_pg_copy(r, row, 11, a->department_code, sizeof a->department_code);
  a->documents_json = vt_pg_dup(r, row, 12);
  a->version = (long)vt_pg_int64(r, row, 13);
  a->active = vt_pg_bool_at(r, row, 14);
  a->created_at = vt_pg_int64(r, row, 15);
  a->updated_at = vt_pg_int64(r, row, 16);
  a->updated_by = vt_pg_int64(r, row, 17);
  if (PQnfields(r) > 18 && !PQgetisnull(r, row, 18))
    a->rank = strtod(PQgetvalue(r, row, 18), NULL);
  if (PQnfields(r) > 19)
    a->terms = vt_pg_dup(r, row, 19);
}

struct article_arg {
  const struct vt_kb_article *in;
  const char *terms;
  vt_id actor;
  int64_t now;
  vt_id id;
};

/* On update, the article's row is locked while its current text becomes a
 * version, so concurrent saves of one article queue up and each keeps the
 * text the previous one committed (not two copies of the same version).
 * A constraint saying no to the update aborts the transaction, version row
 * included. */
static enum vt_qs article_save_tx(struct vt_pg_conn *c, void *arg) {
  struct article_arg *a = arg;
  const struct vt_kb_article *in = a->in;
  a->id = 0;
  enum vt_qs qs;
  if (in->id) {
    struct vt_pg_params v = {0};
    vt_pg_int(&v, in->id);
    if ((qs = vt_pg_returning_id(c, "SELECT id FROM kb_articles WHERE id = $1::bigint FOR UPDATE",
                                 &v, NULL)) != VT_QS_ONE)
      return qs;
    if ((qs = vt_pg_returning_id(
             c,
             "INSERT INTO kb_article_versions(article_id, version, title, summary,"
             " body, documents, updated_at, updated_by) SELECT id, version, title,"
             " summary, body, documents, updated_at, updated_by FROM kb_articles"
             " WHERE id = $1::bigint RETURNING article_id",
             &v, NULL)) != VT_QS_ONE)
      return qs;
  }
  /* Article saves take turns (they are rare): the document counts below
   * are updated row by row, and two saves doing that in different orders
   * could deadlock. */
  if ((qs = vt_pg_run(c, "SELECT pg_advisory_xact_lock(7171, 1)", NULL)) != VT_QS_ONE)
    return qs;
  if (in->id) {
    struct vt_pg_params v = {0};
    vt_pg_int(&v, in->id);
    if ((qs = vt_pg_must_run(c,
                             "UPDATE kb_df SET docs = docs - 1 WHERE term IN (SELECT"
                             " unnest(tsvector_to_array(terms_tsv)) FROM kb_articles"
                             " WHERE id = $1::bigint)",
                             &v)) != VT_QS_ONE)
      return qs;
  }
  struct vt_pg_params p = {0};
  vt_pg_int(&p, in->id ? in->id : in->tenant_id);
  vt_pg_text(&p, in->lang);
  vt_pg_text(&p, in->title);
  vt_pg_text(&p, in->summary ? in->summary : "");
  vt_pg_text(&p, in->body);
  vt_pg_text(&p, in->visibility);
  vt_pg_id(&p, in->service_id);
  vt_pg_id(&p, in->department_id);
  vt_pg_text(&p, in->documents_json ? in->documents_json : "[]");
  vt_pg_bool(&p, in->active);
  vt_pg_int(&p, a->now);
  vt_pg_id(&p, a->actor);
  vt_pg_text(&p, a->terms ? a->terms : "");
  if ((qs = vt_pg_returning_id(
           c,
           in->id
               ? "UPDATE kb_articles SET lang = $2::text, title = $3::text, summary = $4::text,"
                 " body = $5::text, visibility = $6::text, service_id = $7::bigint,"
                 " department_id = $8::bigint, documents = $9::jsonb, active = $10::boolean,"
                 " version = version + 1, updated_at = $11::bigint, updated_by = $12::bigint,"
                 " terms = $13::text WHERE id = $1::bigint RETURNING id"
               : "INSERT INTO kb_articles(tenant_id, lang, title, summary, body, visibility,"
                 " service_id, department_id, documents, active, created_at, updated_at,"
                 " updated_by, terms) VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text,"
                 " $6::text, $7::bigint, $8::bigint, $9::jsonb, $10::boolean, $11::bigint,"
                 " $11::bigint, $12::bigint, $13::text) RETURNING id",
           &p, &a->id)) != VT_QS_ONE)
    return qs;
  struct vt_pg_params d = {0};
  vt_pg_int(&d, a->id);
  if ((qs = vt_pg_must_run(
           c,
           "INSERT INTO kb_df(term, docs) SELECT unnest(tsvector_to_array(terms_tsv)),"
           " 1 FROM kb_articles WHERE id = $1::bigint"
           " ON CONFLICT (term) DO UPDATE SET docs = kb_df.docs + 1",
           &d)) != VT_QS_ONE)
    return qs;
  if (!in->id &&
      (qs = vt_pg_must_run(c, "UPDATE kb_stats SET articles = articles + 1", NULL)) != VT_QS_ONE)
    return qs;
  return vt_pg_must_run(c, "SELECT kb_postings_of($1::bigint)", &d);
}

static enum vt_qs kb_article_save(struct vt_store *s, const struct vt_kb_article *in,
                                  const char *terms, vt_id actor_user_id, int64_t now, vt_id *id) {
  struct article_arg a = {in, terms, actor_user_id, now, 0};
  enum vt_qs qs =
      json_ok(in->documents_json) ? vt_pg_tx(vt_pg(s), article_save_tx, &a) : VT_QS_NONE;
  if (id)
    *id = a.id;
  return qs;
}

static enum vt_qs kb_article_get(struct vt_store *s, vt_id id, struct vt_kb_article *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  return vt_pg_read_one(s, "SELECT " ARTICLE_COLS ARTICLE_FROM " WHERE a.id = $1::bigint", &p,
                        article_fn, out);
}

static enum vt_qs kb_articles_list(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id tenant_id, struct vt_kb_article **items, size_t *n) {
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_int(&p, tenant_id);
  enum vt_qs qs = vt_pg_read_many(s,
                                  "SELECT " ARTICLE_COLS ARTICLE_FROM
                                  " WHERE ($1::boolean OR a.tenant_id = ANY($2::bigint[]))"
                                  " AND ($3::bigint = 0 OR a.tenant_id = $3::bigint)"
                                  " ORDER BY a.updated_at DESC, a.id DESC LIMIT 500",
                                  &p, sizeof **items, article_fn, (void **)items, n);
  free(tenants);
  return qs;
}

/* Terms as a JSON array, a parameter the queries unpack
 * (jsonb_array_elements_text): no tsquery syntax can get in. Caller frees. */
static char *terms_json(const char *const *terms, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, json_string(terms[i]));
  char *list = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return list;
}

static enum vt_qs kb_term_docs(struct vt_store *s, const char *const *terms, size_t n, long *docs,
                               long *total) {
  *total = 0;
  for (size_t i = 0; i < n; i++)
    docs[i] = 0;
  char *list = terms_json(terms, n);
  struct vt_pg_conn *c = list ? vt_pg_acquire(vt_pg(s)) : NULL;
  if (!c) {
    free(list);
    return list ? VT_QS_SOFT : VT_QS_HARD;
  }
  struct vt_pg_params p = {0};
  vt_pg_text(&p, list);
  /* One row per term found, the count of articles repeated on each; one
   * row with a NULL term when none is. */
  enum vt_qs qs;
  PGresult *r = vt_pg_exec(c,
                           "SELECT (SELECT articles FROM kb_stats), d.term, d.docs FROM"
                           " (SELECT 1) one LEFT JOIN kb_df d ON d.term = ANY(ARRAY("
                           "SELECT jsonb_array_elements_text($1::jsonb)))",
                           &p, &qs);
  if (qs == VT_QS_ONE) {
    for (int row = 0; row < PQntuples(r); row++) {
      *total = (long)vt_pg_int64(r, row, 0);
      for (size_t i = 0; i < n && !PQgetisnull(r, row, 1); i++)
        if (!strcmp(terms[i], PQgetvalue(r, row, 1)))
          docs[i] = (long)vt_pg_int64(r, row, 2);
    }
  } else if (qs == VT_QS_NONE) {
    qs = VT_QS_HARD;
  }
  PQclear(r);
  vt_pg_release(vt_pg(s), c);
  free(list);
  return qs;
}

static enum vt_qs kb_search(struct vt_store *s, const struct vt_scope *scope,
                            const char *const *terms, size_t n_terms, bool public_only, int limit,
                            struct vt_kb_article **items, size_t *n) {
  *items = NULL;
  *n = 0;
  char *list = terms_json(terms, n_terms < 64 ? n_terms : 64);
  if (!list)
    return VT_QS_HARD;
  char *tenants = vt_pg_scope_array(scope);
  struct vt_pg_params p = {0};
  vt_pg_bool(&p, scope->all);
  vt_pg_text(&p, tenants);
  vt_pg_text(&p, list);
  vt_pg_bool(&p, public_only);
  limit_param(&p, limit);
  /* BM25 from kb_postings' index alone: each matching (term, article)
   * weight times the term's rarity, summed per article; only the best
   * articles' rows are read. */
  enum vt_qs qs = vt_pg_read_many(
      s,
      /* Each term's rarity once (materialised: inlined, the planner
       * computed it for every posting, in numeric). */
      "WITH q AS MATERIALIZED (SELECT d.term, ln(1.0 + (k.articles - d.docs + 0.5)::float8"
      " / (d.docs + 0.5)::float8)::real AS idf FROM kb_df d CROSS JOIN kb_stats k"
      " WHERE d.term = ANY(ARRAY(SELECT jsonb_array_elements_text($3::jsonb))))"
      " SELECT " ARTICLE_COLS ", r.rank, a.terms FROM (SELECT p.article_id,"
      " sum(p.weight * q.idf) AS rank FROM q JOIN kb_postings p ON p.term = q.term WHERE p.active"
      " AND ($1::boolean OR p.tenant_id = ANY($2::bigint[]))"
      " AND (NOT $4::boolean OR p.public)"
      " GROUP BY p.article_id ORDER BY rank DESC, p.article_id LIMIT $5::bigint) r"
      " JOIN kb_articles a ON a.id = r.article_id" ARTICLE_JOINS " ORDER BY r.rank DESC, a.id",
      &p, sizeof **items, article_fn, (void **)items, n);
  free(tenants);
  free(list);
  return qs;
}

struct deflection_arg {
  vt_id tenant_id, article_id;
  const char *channel;
  int64_t now;
};

static enum vt_qs deflection_tx(struct vt_pg_conn *c, void *arg) {
  struct deflection_arg *a = arg;
  struct vt_pg_params p = {0};
  vt_pg_int(&p, a->tenant_id);
  vt_pg_int(&p, a->article_id);
  vt_pg_text(&p, a->channel);
  vt_pg_int(&p, a->now);
  return vt_pg_run(c,
                   "INSERT INTO kb_deflections(tenant_id, article_id, channel, at)"
                   " VALUES ($1::bigint, $2::bigint, $3::text, $4::bigint)",
                   &p);
}

static enum vt_qs kb_deflection_add(struct vt_store *s, vt_id tenant_id, vt_id article_id,
                                    const char *channel, int64_t now) {
  struct deflection_arg a = {tenant_id, article_id, channel, now};
  return vt_pg_autocommit(vt_pg(s), deflection_tx, &a);
}

void vt_pg_init_routing(struct vt_store *s) {
  s->routing_rules_list = routing_rules_list;
  s->routing_rule_get = routing_rule_get;
  s->routing_rule_save = routing_rule_save;
  s->routing_rule_delete = routing_rule_delete;
  s->routing_model_get = routing_model_get;
  s->routing_model_save = routing_model_save;
  s->routing_examples = routing_examples;
  s->kb_article_save = kb_article_save;
  s->kb_article_get = kb_article_get;
  s->kb_articles_list = kb_articles_list;
  s->kb_term_docs = kb_term_docs;
  s->kb_search = kb_search;
  s->kb_deflection_add = kb_deflection_add;
}
