/* SQLite: routing rules, the classifiers, and the knowledge base. The
 * search terms of an article are analysed in C (src/routing/text.c) and
 * stored already stemmed, so FTS5 only matches whole terms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"
#include "util/buf.h"

/* ---- rules ---- */

#define RULE_COLS                                                                                  \
  "r.id, r.tenant_id, t.code, r.position, r.name, r.rule, r.active, r.created_at, r.updated_at"    \
  " FROM routing_rules r JOIN tenants t ON t.id = r.tenant_id"

static void rule_fn(sqlite3_stmt *st, void *out) {
  struct vt_routing_rule *r = out;
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(st, 0);
  r->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, r->tenant_code, sizeof r->tenant_code);
  r->position = (long)sqlite3_column_int64(st, 3);
  r->name = vt_sq_col_dup(st, 4);
  r->rule_json = vt_sq_col_dup(st, 5);
  r->active = sqlite3_column_int(st, 6) != 0;
  r->created_at = sqlite3_column_int64(st, 7);
  r->updated_at = sqlite3_column_int64(st, 8);
}

static enum vt_qs routing_rules_list(struct vt_store *s, const struct vt_scope *scope,
                                     vt_id tenant_id, bool include_inactive,
                                     struct vt_routing_rule **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " RULE_COLS " WHERE (?1 OR r.tenant_id IN (SELECT value FROM json_each(?2)))"
         " AND (?3 = 0 OR r.tenant_id = ?3) AND (?4 OR r.active)"
         " ORDER BY t.code, r.position, r.id");
  if (!st)
    return VT_QS_HARD;
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_int(st, 3, tenant_id);
  sqlite3_bind_int(st, 4, include_inactive);
  return vt_sq_many_rows(c, st, sizeof **items, rule_fn, (void **)items, n);
}

static enum vt_qs routing_rule_get(struct vt_store *s, vt_id id, struct vt_routing_rule *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " RULE_COLS " WHERE r.id = ?1");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, rule_fn, out);
}

struct rule_job {
  const struct vt_routing_rule *in;
  int64_t now;
  vt_id id;
};

static enum vt_qs rule_job(struct vt_sq_conn *c, void *arg) {
  struct rule_job *j = arg;
  const struct vt_routing_rule *in = j->in;
  sqlite3_stmt *st = vt_sq_prepare(
      c, in->id ? "UPDATE routing_rules SET position = ?3, name = ?4, rule = ?5, active = ?6,"
                  " updated_at = ?7 WHERE id = ?1 RETURNING id"
                : "INSERT INTO routing_rules(tenant_id, position, name, rule, active, created_at,"
                  " updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->id);
  vt_sq_int(st, 2, in->tenant_id);
  vt_sq_int(st, 3, in->position);
  vt_sq_text(st, 4, in->name);
  vt_sq_text(st, 5, in->rule_json);
  sqlite3_bind_int(st, 6, in->active);
  vt_sq_int(st, 7, j->now);
  return vt_sq_one_row(c, st, vt_sq_id_fn, &j->id);
}

static enum vt_qs routing_rule_save(struct vt_store *s, const struct vt_routing_rule *in,
                                    int64_t now, vt_id *id) {
  struct rule_job j = {in, now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), rule_job, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs delete_job(struct vt_sq_conn *c, void *arg) {
  sqlite3_stmt *st = vt_sq_prepare(c, "DELETE FROM routing_rules WHERE id = ?1 RETURNING id");
  vt_id gone;
  if (st)
    vt_sq_int(st, 1, *(vt_id *)arg);
  return vt_sq_one_row(c, st, vt_sq_id_fn, &gone); /* NONE: there was no such row */
}

static enum vt_qs routing_rule_delete(struct vt_store *s, vt_id id) {
  return vt_sq_write(vt_sq(s), delete_job, &id);
}

/* ---- the classifiers ---- */

struct model_row {
  char **json;
  int64_t *trained_at;
  long *examples;
};

static void model_fn(sqlite3_stmt *st, void *out) {
  struct model_row *m = out;
  *m->json = vt_sq_col_dup(st, 0);
  *m->trained_at = sqlite3_column_int64(st, 1);
  *m->examples = (long)sqlite3_column_int64(st, 2);
}

static enum vt_qs routing_model_get(struct vt_store *s, vt_id tenant_id, char **model_json,
                                    int64_t *trained_at, long *examples) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT model, trained_at, examples FROM routing_models WHERE tenant_id = ?1");
  if (st)
    vt_sq_int(st, 1, tenant_id);
  *model_json = NULL;
  struct model_row m = {model_json, trained_at, examples};
  return vt_sq_one_row(c, st, model_fn, &m);
}

struct model_job {
  vt_id tenant_id;
  const char *json;
  long examples, labels;
  int64_t now;
};

static enum vt_qs model_job(struct vt_sq_conn *c, void *arg) {
  struct model_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(
      c,
      "INSERT INTO routing_models(tenant_id, model, examples, labels, trained_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(tenant_id) DO UPDATE SET model = excluded.model,"
      " examples = excluded.examples, labels = excluded.labels, trained_at = excluded.trained_at");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->tenant_id);
  vt_sq_text(st, 2, j->json);
  vt_sq_int(st, 3, j->examples);
  vt_sq_int(st, 4, j->labels);
  vt_sq_int(st, 5, j->now);
  return vt_sq_exec(c, st);
}

static enum vt_qs routing_model_save(struct vt_store *s, vt_id tenant_id, const char *model_json,
                                     long examples, long labels, int64_t now) {
  struct model_job j = {tenant_id, model_json, examples, labels, now};
  return vt_sq_write(vt_sq(s), model_job, &j);
}

static void example_fn(sqlite3_stmt *st, void *out) {
  struct vt_routing_example *e = out;
  memset(e, 0, sizeof *e);
  e->text = vt_sq_col_dup(st, 0);
  vt_sq_col_copy(st, 1, e->label, sizeof e->label);
}

static enum vt_qs routing_examples(struct vt_store *s, vt_id tenant_id, int limit,
                                   struct vt_routing_example **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  /* The subject and the citizen's first message: what routing sees. */
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT t.subject || char(10) || coalesce((SELECT m.body FROM messages m"
         " WHERE m.ticket_id = t.id AND m.direction = 'in' ORDER BY m.id LIMIT 1), ''), d.code"
         " FROM tickets t JOIN departments d ON d.id = t.department_id"
         " WHERE t.tenant_id = ?1 AND t.status IN ('resolved', 'closed')"
         " ORDER BY t.id DESC LIMIT ?2");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, tenant_id);
  vt_sq_int(st, 2, limit);
  return vt_sq_many_rows(c, st, sizeof **items, example_fn, (void **)items, n);
}

/* ---- the knowledge base ---- */

#define ARTICLE_COLS                                                                               \
  "a.id, a.tenant_id, t.code, a.lang, a.title, a.summary, a.body, a.visibility, a.service_id,"     \
  " s.code, a.department_id, d.code, a.documents, a.version, a.active, a.created_at,"              \
  " a.updated_at, a.updated_by"
#define ARTICLE_FROM                                                                               \
  " FROM kb_articles a JOIN tenants t ON t.id = a.tenant_id"                                       \
  " LEFT JOIN services s ON s.id = a.service_id LEFT JOIN departments d ON d.id = a.department_id"

static void article_fn(sqlite3_stmt *st, void *out) {
  struct vt_kb_article *a = out;
  memset(a, 0, sizeof *a);
  a->id = sqlite3_column_int64(st, 0);
  a->tenant_id = sqlite3_column_int64(st, 1);
  vt_sq_col_copy(st, 2, a->tenant_code, sizeof a->tenant_code);
  vt_sq_col_copy(st, 3, a->lang, sizeof a->lang);
  a->title = vt_sq_col_dup(st, 4);
  a->summary = vt_sq_col_dup(st, 5);
  a->body = vt_sq_col_dup(st, 6);
  vt_sq_col_copy(st, 7, a->visibility, sizeof a->visibility);
  a->service_id = sqlite3_column_int64(st, 8);
  vt_sq_col_copy(st, 9, a->service_code, sizeof a->service_code);
  a->department_id = sqlite3_column_int64(st, 10);
  vt_sq_col_copy(st, 11, a->department_code, sizeof a->department_code);
  a->documents_json = vt_sq_col_dup(st, 12);
  a->version = (long)sqlite3_column_int64(st, 13);
  a->active = sqlite3_column_int(st, 14) != 0;
  a->created_at = sqlite3_column_int64(st, 15);
  a->updated_at = sqlite3_column_int64(st, 16);
  a->updated_by = sqlite3_column_int64(st, 17);
  if (sqlite3_column_count(st) > 18) {
    a->rank = sqlite3_column_double(st, 18);
    a->terms = vt_sq_col_dup(st, 19);
  }
}

struct article_job {
  const struct vt_kb_article *in;
  const char *terms;
  vt_id actor;
  int64_t now;
  vt_id id;
};

static int cmp_term(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds delta to the document count of each distinct term of an article's
 * terms (space-separated, repeats allowed). */
static enum vt_qs count_terms(struct vt_sq_conn *c, const char *terms, int delta) {
  if (!terms || !*terms)
    return VT_QS_ONE;
  char *copy = strdup(terms);
  size_t n = 0, cap = 64;
  char **t = malloc(cap * sizeof *t);
  if (!copy || !t) {
    free(copy);
    free(t);
    return VT_QS_HARD;
  }
  for (char *save = NULL, *tok = strtok_r(copy, " ", &save); tok;
       tok = strtok_r(NULL, " ", &save)) {
    if (n == cap) {
      char **grown = realloc(t, (cap *= 2) * sizeof *t);
      if (!grown) {
        free(copy);
        free(t);
        return VT_QS_HARD;
      }
      t = grown;
    }
    t[n++] = tok;
  }
  qsort(t, n, sizeof *t, cmp_term);
  sqlite3_stmt *st =
      vt_sq_prepare(c, delta > 0 ? "INSERT INTO kb_df(term, docs) VALUES (?1, ?2)"
                                   " ON CONFLICT(term) DO UPDATE SET docs = docs + ?2"
                                 : "UPDATE kb_df SET docs = docs + ?2 WHERE term = ?1");
  enum vt_qs qs = st ? VT_QS_ONE : VT_QS_HARD;
  for (size_t i = 0; i < n && qs == VT_QS_ONE; i++) {
    if (i && !strcmp(t[i], t[i - 1]))
      continue;
    vt_sq_text(st, 1, t[i]);
    sqlite3_bind_int(st, 2, delta);
    qs = vt_sq_exec(c, st);
  }
  free(t);
  free(copy);
  return qs;
}

static enum vt_qs article_job(struct vt_sq_conn *c, void *arg) {
  struct article_job *j = arg;
  const struct vt_kb_article *in = j->in;
  sqlite3_stmt *st;
  enum vt_qs qs;
  if (in->id) {
    /* The text being replaced becomes a version first. */
    st = vt_sq_prepare(c, "INSERT INTO kb_article_versions(article_id, version, title, summary,"
                          " body, documents, updated_at, updated_by) SELECT id, version, title,"
                          " summary, body, documents, updated_at, updated_by FROM kb_articles"
                          " WHERE id = ?1");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, in->id);
    if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
      return qs;
    if (!sqlite3_changes(c->db))
      return VT_QS_NONE;
  }
  st = vt_sq_prepare(
      c, in->id ? "UPDATE kb_articles SET lang = ?3, title = ?4, summary = ?5, body = ?6,"
                  " visibility = ?7, service_id = ?8, department_id = ?9, documents = ?10,"
                  " active = ?11, version = version + 1, updated_at = ?12, updated_by = ?13"
                  " WHERE id = ?1 RETURNING id"
                : "INSERT INTO kb_articles(tenant_id, lang, title, summary, body, visibility,"
                  " service_id, department_id, documents, active, created_at, updated_at,"
                  " updated_by) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)"
                  " RETURNING id");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, in->id);
  vt_sq_int(st, 2, in->tenant_id);
  vt_sq_text(st, 3, in->lang);
  vt_sq_text(st, 4, in->title);
  vt_sq_text(st, 5, in->summary ? in->summary : "");
  vt_sq_text(st, 6, in->body);
  vt_sq_text(st, 7, in->visibility);
  vt_sq_id(st, 8, in->service_id);
  vt_sq_id(st, 9, in->department_id);
  vt_sq_text(st, 10, in->documents_json ? in->documents_json : "[]");
  sqlite3_bind_int(st, 11, in->active);
  vt_sq_int(st, 12, j->now);
  vt_sq_id(st, 13, j->actor);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    j->id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  /* A NONE is committed by the writer: after the version row it would
   * leave that row behind, so an update that fails here fails hard. */
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE && !in->id ? VT_QS_NONE
           : rc == SQLITE_DONE          ? VT_QS_HARD
                                        : vt_sq_rc(c, rc);
  /* The old terms leave the document counts and the index, the new ones
   * come in. */
  char *old_terms = NULL;
  st = vt_sq_prepare(c, "SELECT terms FROM kb_fts WHERE rowid = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    old_terms = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_reset(st);
  qs = old_terms ? count_terms(c, old_terms, -1) : VT_QS_ONE;
  free(old_terms);
  if (qs != VT_QS_ONE)
    return qs;
  st = vt_sq_prepare(c, "DELETE FROM kb_fts WHERE rowid = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE)
    return qs;
  st = vt_sq_prepare(c, "INSERT INTO kb_fts(rowid, terms) VALUES (?1, ?2)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  vt_sq_text(st, 2, j->terms ? j->terms : "");
  if ((qs = vt_sq_exec(c, st)) != VT_QS_ONE || (qs = count_terms(c, j->terms, 1)) != VT_QS_ONE)
    return qs;
  st = vt_sq_prepare(c, "INSERT OR REPLACE INTO kb_filter(id, tenant_id, public, active)"
                        " SELECT id, tenant_id, visibility = 'public', active"
                        " FROM kb_articles WHERE id = ?1");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->id);
  return vt_sq_exec(c, st);
}

static enum vt_qs kb_article_save(struct vt_store *s, const struct vt_kb_article *in,
                                  const char *terms, vt_id actor_user_id, int64_t now, vt_id *id) {
  struct article_job j = {in, terms, actor_user_id, now, 0};
  enum vt_qs qs = vt_sq_write(vt_sq(s), article_job, &j);
  if (id)
    *id = j.id;
  return qs;
}

static enum vt_qs kb_article_get(struct vt_store *s, vt_id id, struct vt_kb_article *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT " ARTICLE_COLS ARTICLE_FROM " WHERE a.id = ?1");
  if (st)
    vt_sq_int(st, 1, id);
  return vt_sq_one_row(c, st, article_fn, out);
}

static enum vt_qs kb_articles_list(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id tenant_id, struct vt_kb_article **items, size_t *n) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " ARTICLE_COLS ARTICLE_FROM
         " WHERE (?1 OR a.tenant_id IN (SELECT value FROM json_each(?2)))"
         " AND (?3 = 0 OR a.tenant_id = ?3) ORDER BY a.updated_at DESC, a.id DESC LIMIT 500");
  if (!st)
    return VT_QS_HARD;
  sqlite3_bind_int(st, 1, scope->all);
  vt_sq_bind_scope(st, 2, scope);
  vt_sq_int(st, 3, tenant_id);
  return vt_sq_many_rows(c, st, sizeof **items, article_fn, (void **)items, n);
}

static enum vt_qs kb_term_docs(struct vt_store *s, const char *const *terms, size_t n, long *docs,
                               long *total) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  *total = 0;
  sqlite3_stmt *st = vt_sq_prepare(c, "SELECT count(*) FROM kb_filter");
  if (!st)
    return VT_QS_HARD;
  if (sqlite3_step(st) == SQLITE_ROW)
    *total = (long)sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (!(st = vt_sq_prepare(c, "SELECT docs FROM kb_df WHERE term = ?1")))
    return VT_QS_HARD;
  for (size_t i = 0; i < n; i++) {
    docs[i] = 0;
    vt_sq_text(st, 1, terms[i]);
    if (sqlite3_step(st) == SQLITE_ROW)
      docs[i] = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
  }
  return VT_QS_ONE;
}

/* Any of the terms. Letters and digits only (they are analysed already):
 * quoted, they make an FTS5 query nothing can be injected into; anything
 * else is skipped. */
static void match_any(const char *const *terms, size_t n_terms, struct vt_buf *q) {
  for (size_t i = 0; i < n_terms && i < 64; i++) {
    bool plain = terms[i][0] != '\0';
    for (const char *p = terms[i]; *p && plain; p++)
      plain = *p != '"';
    if (plain)
      vt_buf_appendf(q, "%s\"%s\"", q->len ? " OR " : "", terms[i]);
  }
}

static enum vt_qs kb_search(struct vt_store *s, const struct vt_scope *scope,
                            const char *const *terms, size_t n_terms, bool public_only, int limit,
                            struct vt_kb_article **items, size_t *n) {
  *items = NULL;
  *n = 0;
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  struct vt_buf q = VT_BUF_INIT;
  match_any(terms, n_terms, &q);
  if (!q.len) {
    vt_buf_release(&q);
    return VT_QS_ONE;
  }
  /* FTS5 ranks the matches, each filtered through kb_filter's small rows
   * (CROSS JOIN keeps that order: the index drives); only the best
   * candidates' article rows and terms are read. bm25() is lower for better
   * matches: its negation is the rank. */
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT " ARTICLE_COLS ", r.rank, (SELECT terms FROM kb_fts WHERE rowid = r.id)"
         " FROM (SELECT f.rowid AS id, -bm25(kb_fts) AS rank FROM kb_fts f"
         " CROSS JOIN kb_filter m ON m.id = f.rowid WHERE kb_fts MATCH ?3 AND m.active"
         " AND (?1 OR m.tenant_id IN (SELECT value FROM json_each(?2))) AND (NOT ?4 OR m.public)"
         " ORDER BY bm25(kb_fts) LIMIT ?5) r JOIN kb_articles a ON a.id = r.id"
         " JOIN tenants t ON t.id = a.tenant_id LEFT JOIN services s ON s.id = a.service_id"
         " LEFT JOIN departments d ON d.id = a.department_id ORDER BY r.rank DESC");
  enum vt_qs qs = VT_QS_HARD;
  if (st) {
    sqlite3_bind_int(st, 1, scope->all);
    vt_sq_bind_scope(st, 2, scope);
    vt_sq_text(st, 3, q.data);
    sqlite3_bind_int(st, 4, public_only);
    vt_sq_int(st, 5, limit);
    qs = vt_sq_many_rows(c, st, sizeof **items, article_fn, (void **)items, n);
  }
  vt_buf_release(&q);
  return qs;
}

struct deflection_job {
  vt_id tenant_id, article_id;
  const char *channel;
  int64_t now;
};

static enum vt_qs deflection_job(struct vt_sq_conn *c, void *arg) {
  struct deflection_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "INSERT INTO kb_deflections(tenant_id, article_id, channel,"
                                      " at) VALUES (?1, ?2, ?3, ?4)");
  if (!st)
    return VT_QS_HARD;
  vt_sq_int(st, 1, j->tenant_id);
  vt_sq_int(st, 2, j->article_id);
  vt_sq_text(st, 3, j->channel);
  vt_sq_int(st, 4, j->now);
  return vt_sq_exec(c, st);
}

static enum vt_qs kb_deflection_add(struct vt_store *s, vt_id tenant_id, vt_id article_id,
                                    const char *channel, int64_t now) {
  struct deflection_job j = {tenant_id, article_id, channel, now};
  return vt_sq_write(vt_sq(s), deflection_job, &j);
}

void vt_sq_init_routing(struct vt_store *s) {
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
