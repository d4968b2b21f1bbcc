/* The knowledge base: articles per administration (Markdown, rendered by
 * cmark in its safe mode), linked to services and official documents,
 * public or internal, versioned; search with the same Spanish analysis as
 * routing, for agents, for the portal and the chat while a citizen types,
 * and for automatic answers. */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/input.h"
#include "api/kb.h"
#include "api/render.h"
#include "http/reply.h"
#include "routing/text.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define MAX_DOCUMENTS 10
#define SEARCH_LIMIT  10

/* Markdown to HTML that cannot carry script: cmark's default drops raw
 * HTML and javascript:/vbscript:/data: links (CMARK_OPT_UNSAFE is not set). */
static char *render_html(const char *md) {
  return cmark_markdown_to_html(md ? md : "", strlen(md ? md : ""), CMARK_OPT_DEFAULT);
}

static json_t *article_json(const struct vt_kb_article *a, bool with_body) {
  json_t *docs = vt_json_parse_stored(a->documents_json);
  if (!json_is_array(docs)) {
    json_decref(docs);
    docs = json_array();
  }
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:b, s:o}", "id",
                        (json_int_t)a->id, "tenant", a->tenant_code, "lang", a->lang, "title",
                        a->title ? a->title : "", "summary", a->summary ? a->summary : "",
                        "visibility", a->visibility, "service",
                        a->service_id ? json_string(a->service_code) : json_null(), "department",
                        a->department_id ? json_string(a->department_code) : json_null(),
                        "documents", docs, "version", (json_int_t)a->version, "active", a->active,
                        "updated_at", vt_json_time(a->updated_at));
  if (with_body) {
    char *html = render_html(a->body);
    json_object_set_new(j, "body", json_string(a->body ? a->body : ""));
    json_object_set_new(j, "html", json_string(html ? html : ""));
    free(html);
  }
  if (a->rank > 0)
    json_object_set_new(j, "score", json_real(a->rank));
  return j;
}

/* The search terms of an article: its title counts twice (a title says
 * what the article answers), then the summary and the body. */
char *vt_kb_terms(const struct vt_kb_article *a) {
  struct vt_buf text = VT_BUF_INIT, out = VT_BUF_INIT;
  vt_buf_appendf(&text, "%s\n%s\n%s\n%s", a->title ? a->title : "", a->title ? a->title : "",
                 a->summary ? a->summary : "", a->body ? a->body : "");
  struct vt_terms t = VT_TERMS_INIT;
  vt_text_terms(text.data, a->lang, &t);
  for (size_t i = 0; i < t.n; i++)
    vt_buf_appendf(&out, "%s%s", out.len ? " " : "", t.v[i]);
  vt_terms_release(&t);
  vt_buf_release(&text);
  char *s = vt_buf_steal(&out);
  return s ? s : strdup("");
}

/* documents: [{title, url (http/https), format}] */
static json_t *read_documents(json_t *in, struct vt_fields *f) {
  json_t *docs = json_object_get(in, "documents");
  if (!docs || json_is_null(docs))
    return json_array();
  if (!json_is_array(docs) || json_array_size(docs) > MAX_DOCUMENTS) {
    vt_fields_add(f, "documents", "field.documents");
    return NULL;
  }
  json_t *out = json_array();
  size_t i;
  json_t *d;
  json_array_foreach(docs, i, d) {
    const char *title = json_string_value(json_object_get(d, "title"));
    const char *url = json_string_value(json_object_get(d, "url"));
    const char *format = json_string_value(json_object_get(d, "format"));
    if (!title || !*title || strlen(title) > 300 || !url || strlen(url) > 1000 ||
        (strncasecmp(url, "https://", 8) && strncasecmp(url, "http://", 7)) ||
        strpbrk(url, " \t\r\n\"<>") || (format && strlen(format) > 20)) {
      vt_fields_add(f, "documents", "field.documents");
      json_decref(out);
      return NULL;
    }
    json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "title", title, "url", url, "format",
                                         format ? format : "html"));
  }
  return out;
}

static const char *const article_fields[] = {"tenant",    "lang",       "title",   "summary",
                                             "body",      "visibility", "service", "department",
                                             "documents", "active",     NULL};

/* Reads the body into a (fields absent keep a's values); the strings are
 * borrowed from in, documents_json is a new string the caller frees. */
static enum vt_qs read_article(struct vt_request *r, json_t *in, struct vt_kb_article *a,
                               bool creating, struct vt_fields *f) {
  struct vt_store *st = r->app->store;
  vt_in_only(in, article_fields, f);
  enum vt_qs qs = VT_QS_ONE;
  if (creating)
    qs = vt_in_scoped_tenant(r, in, f, &a->tenant_id);
  else if (json_object_get(in, "tenant"))
    vt_fields_add(f, "tenant", "field.unknown_field");
  if (qs < 0)
    return qs;
  char lang[8];
  if (vt_in_string(in, "lang", 5, false, f, lang, sizeof lang)) {
    if (strcmp(lang, "es") && strcmp(lang, "en") && strcmp(lang, "ca") && strcmp(lang, "eu") &&
        strcmp(lang, "gl"))
      vt_fields_add(f, "lang", "field.unknown_value");
    else
      snprintf(a->lang, sizeof a->lang, "%s", lang);
  }
  const char *s;
  if ((s = vt_in_string(in, "title", 300, creating, f, NULL, 0)))
    a->title = (char *)s;
  if ((s = vt_in_string(in, "summary", 2000, false, f, NULL, 0)))
    a->summary = (char *)s;
  if ((s = vt_in_string(in, "body", 50000, creating, f, NULL, 0)))
    a->body = (char *)s;
  char vis[12];
  if (vt_in_string(in, "visibility", 10, false, f, vis, sizeof vis)) {
    if (strcmp(vis, "public") && strcmp(vis, "internal"))
      vt_fields_add(f, "visibility", "field.unknown_value");
    else
      snprintf(a->visibility, sizeof a->visibility, "%s", vis);
  }
  a->active = vt_in_bool(in, "active", a->active, f);
  char code[64];
  if (a->tenant_id && vt_in_string(in, "service", 63, false, f, code, sizeof code)) {
    struct vt_service sv;
    if ((qs = st->service_by_code(st, a->tenant_id, code, &sv)) == VT_QS_ONE) {
      a->service_id = sv.id;
      vt_service_release(&sv);
    } else if (qs == VT_QS_NONE) {
      vt_fields_add(f, "service", "field.unknown_service");
    }
  }
  if (qs >= 0 && a->tenant_id && vt_in_string(in, "department", 47, false, f, code, sizeof code)) {
    struct vt_department d;
    if ((qs = st->department_by_code(st, a->tenant_id, code, &d)) == VT_QS_ONE) {
      a->department_id = d.id;
      vt_department_release(&d);
    } else if (qs == VT_QS_NONE) {
      vt_fields_add(f, "department", "field.unknown_department");
    }
  }
  if (json_object_get(in, "documents")) {
    json_t *docs = read_documents(in, f);
    if (docs) {
      a->documents_json = json_dumps(docs, JSON_COMPACT);
      json_decref(docs);
    }
  }
  return qs < 0 ? qs : VT_QS_ONE;
}

static enum vt_qs save(struct vt_request *r, struct vt_kb_article *a, vt_id *id) {
  struct vt_store *st = r->app->store;
  char *terms = vt_kb_terms(a);
  enum vt_qs qs = st->kb_article_save(st, a, terms, r->principal->user.id, vt_now_ms(), id);
  free(terms);
  return qs;
}

static enum MHD_Result reply_article(struct vt_request *r, vt_id id, unsigned status) {
  struct vt_store *st = r->app->store;
  struct vt_kb_article a;
  enum vt_qs qs = st->kb_article_get(st, id, &a);
  if (qs != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  enum MHD_Result ret = vt_reply_json(r, status, article_json(&a, true));
  vt_kb_article_release(&a);
  return ret;
}

enum MHD_Result vt_api_kb_article_create(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  struct vt_kb_article a = {0};
  snprintf(a.lang, sizeof a.lang, "es");
  snprintf(a.visibility, sizeof a.visibility, "public");
  a.active = true;
  enum vt_qs qs = read_article(r, in, &a, true, &f);
  enum MHD_Result ret;
  vt_id id = 0;
  if (qs < 0)
    ret = vt_reply_store_error(r, qs);
  else if (f.errors)
    ret = vt_reply_fields(r, &f);
  else if ((qs = save(r, &a, &id)) != VT_QS_ONE)
    ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  else
    ret = reply_article(r, id, 201);
  free(a.documents_json);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* The path's article in the caller's scope; 404 otherwise (replied). */
static int load(struct vt_request *r, struct vt_kb_article *a) {
  struct vt_store *st = r->app->store;
  vt_id id;
  enum vt_qs qs = vt_in_parse_id(r->params[0], &id) ? st->kb_article_get(st, id, a) : VT_QS_NONE;
  if (qs == VT_QS_ONE && !vt_scope_has(&r->principal->scope, a->tenant_id)) {
    vt_kb_article_release(a);
    qs = VT_QS_NONE;
  }
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

enum MHD_Result vt_api_kb_article_patch(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_kb_article a;
  if (load(r, &a) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  /* The loaded strings are replaced by borrowed ones from the body: keep
   * the originals to free them. */
  struct vt_kb_article owned = a;
  struct vt_fields f = {NULL, r->lang};
  a.documents_json = NULL;
  enum vt_qs qs = read_article(r, in, &a, false, &f);
  if (!a.documents_json)
    a.documents_json = owned.documents_json;
  enum MHD_Result ret;
  if (qs < 0)
    ret = vt_reply_store_error(r, qs);
  else if (f.errors)
    ret = vt_reply_fields(r, &f);
  else if ((qs = save(r, &a, NULL)) != VT_QS_ONE)
    ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  else
    ret = reply_article(r, a.id, 200);
  if (a.documents_json != owned.documents_json)
    free(a.documents_json);
  vt_kb_article_release(&owned);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_kb_article_get(struct vt_request *r) {
  struct vt_kb_article a;
  if (load(r, &a) != 0)
    return MHD_YES;
  enum MHD_Result ret = vt_reply_json(r, 200, article_json(&a, true));
  vt_kb_article_release(&a);
  return ret;
}

enum MHD_Result vt_api_kb_articles_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_kb_article *items;
  size_t n;
  enum vt_qs qs = st->kb_articles_list(st, &r->principal->scope, 0, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, article_json(&items[i], false));
  VT_RELEASE_ARRAY(items, n, vt_kb_article_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* Whether term is among set[0..n). */
static bool among(const char *const *set, size_t n, const char *term) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(set[i], term))
      return true;
  return false;
}

/* The distinct terms of text, borrowed from t. */
static size_t distinct_terms(const char *text, const char *lang, struct vt_terms *t,
                             const char ***out) {
  vt_text_terms(text, lang, t);
  *out = calloc(t->n ? t->n : 1, sizeof **out);
  size_t n = 0;
  for (size_t i = 0; *out && i < t->n; i++)
    if (!among(*out, n, t->v[i]))
      (*out)[n++] = t->v[i];
  return n;
}

static int by_relevance(const void *a, const void *b) {
  double x = ((const struct vt_kb_match *)a)->relevance,
         y = ((const struct vt_kb_match *)b)->relevance;
  return x < y ? 1 : x > y ? -1 : 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Scores one candidate against the question's terms q[0..nq). The article's
 * terms are its stored stems (from the search), used as they are: analysing
 * stems again would stem them twice ("baldos" -> "bald") and miss matches. */
static void score(struct vt_kb_match *m, const char *const *q, size_t nq, double best_rank) {
  struct vt_kb_article *a = &m->article;
  char *aterms = a->terms ? strdup(a->terms) : vt_kb_terms(a);
  size_t cap = 16, na = 0;
  char **all = malloc(cap * sizeof *all);
  for (char *save = NULL, *tok = strtok_r(aterms, " ", &save); tok && all;
       tok = strtok_r(NULL, " ", &save)) {
    if (na == cap) {
      char **grown = realloc(all, (cap *= 2) * sizeof *all);
      if (!grown)
        break;
      all = grown;
    }
    all[na++] = tok;
  }
  if (all)
    qsort(all, na, sizeof *all, cmp_str);
  struct vt_terms tt = VT_TERMS_INIT;
  const char **title = NULL;
  size_t nt = distinct_terms(a->title, a->lang, &tt, &title);
  size_t hit = 0, thit = 0;
  for (size_t k = 0; k < nq; k++)
    hit += all && bsearch(&q[k], all, na, sizeof *all, cmp_str) != NULL;
  for (size_t k = 0; k < nt; k++)
    thit += title && among(q, nq, title[k]);
  m->coverage = nq ? (double)hit / (double)nq : 0;
  m->title_coverage = nt ? (double)thit / (double)nt : 0;
  m->query_terms = nq;
  m->relevance = 0.45 * (best_rank > 0 ? a->rank / best_rank : 0) + 0.35 * m->title_coverage +
                 0.2 * m->coverage;
  free(all);
  free(title);
  free(aterms);
  vt_terms_release(&tt);
}

/* What one search may cost: the engine scores every article holding any
 * searched term, so the terms searched are the question's rarest, at most
 * SEARCH_TERMS of them, together held by at most SEARCH_POSTINGS articles
 * (the rarest is always searched), none in more than half the articles
 * (such a term ranks nothing). The rare terms are the ones that tell
 * articles apart; re-ranking then weighs the whole question. */
#define SEARCH_TERMS    6
#define SEARCH_POSTINGS 2500

struct term_docs {
  const char *term;
  long docs;
};

static int by_docs(const void *a, const void *b) {
  long x = ((const struct term_docs *)a)->docs, y = ((const struct term_docs *)b)->docs;
  return x < y ? -1 : x > y ? 1 : 0;
}

static enum vt_qs search_terms(struct vt_store *st, const char *const *q, size_t nq,
                               const char **out, size_t *n_out) {
  *n_out = 0;
  long *docs = calloc(nq, sizeof *docs), total = 0;
  struct term_docs *t = calloc(nq, sizeof *t);
  enum vt_qs qs = docs && t ? st->kb_term_docs(st, q, nq, docs, &total) : VT_QS_HARD;
  size_t n = 0;
  for (size_t i = 0; qs == VT_QS_ONE && i < nq; i++)
    if (docs[i] > 0) /* in no article: nothing to match */
      t[n++] = (struct term_docs){q[i], docs[i]};
  if (n)
    qsort(t, n, sizeof *t, by_docs);
  long postings = 0;
  for (size_t i = 0; i < n && *n_out < SEARCH_TERMS; i++) {
    if (*n_out && (postings + t[i].docs > SEARCH_POSTINGS || t[i].docs * 2 > total))
      break;
    out[(*n_out)++] = t[i].term;
    postings += t[i].docs;
  }
  free(docs);
  free(t);
  return qs;
}

int vt_kb_find(struct vt_store *st, const struct vt_scope *scope, const char *text,
               const char *lang, bool public_only, int limit, struct vt_kb_match **out,
               size_t *n_out) {
  *out = NULL;
  *n_out = 0;
  struct vt_terms t = VT_TERMS_INIT;
  const char **q = NULL;
  size_t nq = distinct_terms(text, lang, &t, &q);
  /* The search engine's best candidates, re-ranked here: a long question
   * in plain words brings in articles that share only its filler words
   * ("casa", "llevar"), and the engine alone ranks those too high. */
  struct vt_kb_article *items = NULL;
  size_t n = 0;
  int want = limit * 3 < 30 ? 30 : limit * 3;
  const char *sq[SEARCH_TERMS];
  size_t nsq = 0;
  enum vt_qs qs = q && nq ? search_terms(st, q, nq, sq, &nsq) : VT_QS_ONE;
  if (qs == VT_QS_ONE && nsq)
    qs = st->kb_search(st, scope, sq, nsq, public_only, want, &items, &n);
  if (qs == VT_QS_ONE && n && (*out = calloc(n, sizeof **out))) {
    for (size_t i = 0; i < n; i++) {
      (*out)[i].article = items[i];
      memset(&items[i], 0, sizeof items[i]);
      score(&(*out)[i], q, nq, (*out)[0].article.rank);
    }
    qsort(*out, n, sizeof **out, by_relevance);
    /* Confident: the question names the article's subject (half its title
     * terms), the article holds a fair share of the question, and no other
     * article comes close. */
    struct vt_kb_match *top = &(*out)[0];
    top->confident = nq >= 2 && top->relevance >= 0.6 && top->title_coverage >= 0.5 &&
                     top->coverage >= 0.25 &&
                     (n == 1 || (*out)[1].relevance <= top->relevance - 0.1);
    for (size_t i = (size_t)limit; i < n; i++)
      vt_kb_article_release(&(*out)[i].article);
    *n_out = n < (size_t)limit ? n : (size_t)limit;
  }
  if (items)
    VT_RELEASE_ARRAY(items, n, vt_kb_article_release);
  free(q);
  vt_terms_release(&t);
  return qs < 0 ? (int)qs : 0;
}

void vt_kb_matches_release(struct vt_kb_match *m, size_t n) {
  for (size_t i = 0; i < n; i++)
    vt_kb_article_release(&m[i].article);
  free(m);
}

bool vt_kb_confident(const struct vt_kb_match *m) { return m->confident; }

static enum MHD_Result reply_search(struct vt_request *r, const struct vt_scope *scope,
                                    bool public_only) {
  const char *q = vt_request_arg(r, "q");
  if (!q || !*q || strlen(q) > 2000) {
    struct vt_fields f = {NULL, r->lang};
    vt_fields_add(&f, "q", "field.required");
    return vt_reply_fields(r, &f);
  }
  struct vt_kb_match *m;
  size_t n;
  int rc = vt_kb_find(r->app->store, scope, q, vt_request_arg(r, "lang"), public_only, SEARCH_LIMIT,
                      &m, &n);
  if (rc < 0)
    return vt_reply_store_error(r, (enum vt_qs)rc);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *j = article_json(&m[i].article, false);
    json_object_set_new(j, "coverage", json_real(m[i].coverage));
    json_object_set_new(j, "title_coverage", json_real(m[i].title_coverage));
    json_object_set_new(j, "relevance", json_real(m[i].relevance));
    json_object_set_new(j, "confident", json_boolean(vt_kb_confident(&m[i])));
    json_array_append_new(arr, j);
  }
  vt_kb_matches_release(m, n);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

enum MHD_Result vt_api_kb_search(struct vt_request *r) {
  const char *tc = vt_request_arg(r, "tenant");
  if (!tc)
    return reply_search(r, &r->principal->scope, false);
  struct vt_tenant t;
  enum vt_qs qs = r->app->store->tenant_by_code(r->app->store, tc, &t);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE || !vt_scope_has(&r->principal->scope, t.id)) {
    if (qs == VT_QS_ONE)
      vt_tenant_release(&t);
    struct vt_fields f = {NULL, r->lang};
    vt_fields_add(&f, "tenant", "field.unknown_tenant");
    return vt_reply_fields(r, &f);
  }
  vt_id ids[1] = {t.id};
  struct vt_scope one = {.n = 1, .tenant_ids = ids};
  vt_tenant_release(&t);
  return reply_search(r, &one, false);
}

/* The public search answers for one administration and its parents (the
 * region's articles serve its municipalities' citizens too). */
static enum vt_qs public_scope(struct vt_request *r, const char *code, vt_id ids[8],
                               struct vt_scope *scope) {
  struct vt_store *st = r->app->store;
  struct vt_tenant t;
  enum vt_qs qs = code && *code ? st->tenant_by_code(st, code, &t) : VT_QS_NONE;
  memset(scope, 0, sizeof *scope);
  scope->tenant_ids = ids;
  while (qs == VT_QS_ONE && scope->n < 8) {
    ids[scope->n++] = t.id;
    vt_id parent = t.parent_id;
    vt_tenant_release(&t);
    qs = parent ? st->tenant_get(st, parent, &t) : VT_QS_NONE;
  }
  return qs < 0 ? qs : scope->n ? VT_QS_ONE : VT_QS_NONE;
}

enum MHD_Result vt_api_public_kb_search(struct vt_request *r) {
  vt_id ids[8];
  struct vt_scope scope;
  enum vt_qs qs = public_scope(r, vt_request_arg(r, "tenant"), ids, &scope);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE) {
    struct vt_fields f = {NULL, r->lang};
    vt_fields_add(&f, "tenant", "field.unknown_tenant");
    return vt_reply_fields(r, &f);
  }
  return reply_search(r, &scope, true);
}

enum MHD_Result vt_api_public_kb_article(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  vt_id id;
  struct vt_kb_article a;
  enum vt_qs qs = vt_in_parse_id(r->params[0], &id) ? st->kb_article_get(st, id, &a) : VT_QS_NONE;
  if (qs == VT_QS_ONE && (!a.active || strcmp(a.visibility, "public"))) {
    vt_kb_article_release(&a);
    qs = VT_QS_NONE; /* internal articles do not exist for citizens */
  }
  if (qs != VT_QS_ONE)
    return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  enum MHD_Result ret = vt_reply_json(r, 200, article_json(&a, true));
  vt_kb_article_release(&a);
  return ret;
}

enum MHD_Result vt_api_public_kb_helped(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  static const char *const allowed[] = {"channel", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  char channel[16] = "web";
  if (vt_in_string(in, "channel", 15, false, &f, channel, sizeof channel) &&
      strcmp(channel, "web") && strcmp(channel, "chat"))
    vt_fields_add(&f, "channel", "field.unknown_value");
  json_decref(in);
  if (f.errors) {
    enum MHD_Result ret = vt_reply_fields(r, &f);
    json_decref(f.errors);
    return ret;
  }
  vt_id id;
  struct vt_kb_article a;
  enum vt_qs qs = vt_in_parse_id(r->params[0], &id) ? st->kb_article_get(st, id, &a) : VT_QS_NONE;
  if (qs == VT_QS_ONE && strcmp(a.visibility, "public")) {
    vt_kb_article_release(&a);
    qs = VT_QS_NONE;
  }
  if (qs != VT_QS_ONE)
    return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  qs = st->kb_deflection_add(st, a.tenant_id, a.id, channel, vt_now_ms());
  vt_kb_article_release(&a);
  return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_empty(r, 204, NULL, NULL);
}
