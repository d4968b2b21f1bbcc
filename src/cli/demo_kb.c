/* The demo's knowledge base: one public article per catalogue service of
 * every administration (what it is, the requirements, the official
 * documents, how long it takes), so a demo request finds its answer. Loaded
 * once: an administration that has articles is left alone. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/kb.h"
#include "cli/cli.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* The summary an automatic answer quotes: the description's first two
 * sentences. */
static void summary_of(const char *desc, char *out, size_t outsz) {
  const char *end = desc;
  for (int sentences = 0; sentences < 2 && end; sentences++) {
    end = strstr(end, ". ");
    if (end)
      end += 1;
  }
  size_t n = end ? (size_t)(end - desc) : strlen(desc);
  snprintf(out, outsz, "%.*s", (int)(n < outsz ? n : outsz - 1), desc);
}

static char *article_body(const struct vt_service *s) {
  struct vt_buf b = VT_BUF_INIT;
  vt_buf_appendf(&b, "%s\n\n", s->description ? s->description : "");
  json_t *req = json_loads(s->requirements_json ? s->requirements_json : "[]", 0, NULL);
  if (json_array_size(req)) {
    vt_buf_append(&b, "## Requisitos\n\n");
    size_t i;
    json_t *v;
    json_array_foreach(req, i, v) vt_buf_appendf(&b, "- %s\n", json_string_value(v));
    vt_buf_append(&b, "\n");
  }
  json_decref(req);
  json_t *docs = json_loads(s->documents_json ? s->documents_json : "[]", 0, NULL);
  if (json_array_size(docs)) {
    vt_buf_append(&b, "## Documentos y formularios\n\n");
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d)
        vt_buf_appendf(&b, "- [%s](%s)\n", json_string_value(json_object_get(d, "title")),
                       json_string_value(json_object_get(d, "url")));
    vt_buf_append(&b, "\n");
  }
  json_decref(docs);
  if (s->processing_days)
    vt_buf_appendf(&b, "Se suele resolver en unos %d días hábiles", s->processing_days);
  if (s->legal_deadline_days)
    vt_buf_appendf(&b, "%s el plazo legal es de %d días hábiles", s->processing_days ? ";" : "El",
                   s->legal_deadline_days);
  if (s->processing_days || s->legal_deadline_days)
    vt_buf_append(&b, ".\n");
  return vt_buf_steal(&b);
}

int vt_demo_kb(struct vt_store *st) {
  struct vt_scope all = {.all = true};
  struct vt_tenant *tenants;
  size_t nt;
  if (st->tenants_list(st, &all, &tenants, &nt) != VT_QS_ONE)
    return -1;
  int rc = 0;
  for (size_t t = 0; t < nt && !rc; t++) {
    vt_id ids[1] = {tenants[t].id};
    struct vt_scope one = {.n = 1, .tenant_ids = ids};
    struct vt_kb_article *have;
    size_t nh;
    if (st->kb_articles_list(st, &one, tenants[t].id, &have, &nh) != VT_QS_ONE) {
      rc = -1;
      break;
    }
    VT_RELEASE_ARRAY(have, nh, vt_kb_article_release);
    if (nh)
      continue;
    struct vt_service *sv;
    size_t ns;
    if (st->services_list(st, tenants[t].id, NULL, &sv, &ns) != VT_QS_ONE) {
      rc = -1;
      break;
    }
    for (size_t i = 0; i < ns && !rc; i++) {
      char summary[600];
      summary_of(sv[i].description ? sv[i].description : "", summary, sizeof summary);
      char *body = article_body(&sv[i]);
      struct vt_kb_article a = {.tenant_id = tenants[t].id,
                                .service_id = sv[i].id,
                                .department_id = sv[i].department_id,
                                .active = true};
      snprintf(a.lang, sizeof a.lang, "es");
      snprintf(a.visibility, sizeof a.visibility, "public");
      a.title = sv[i].name;
      a.summary = summary;
      a.body = body;
      a.documents_json = sv[i].documents_json;
      char *terms = vt_kb_terms(&a);
      if (st->kb_article_save(st, &a, terms, 0, vt_now_ms(), NULL) != VT_QS_ONE)
        rc = -1;
      free(terms);
      free(body);
    }
    VT_RELEASE_ARRAY(sv, ns, vt_service_release);
  }
  VT_RELEASE_ARRAY(tenants, nt, vt_tenant_release);
  return rc;
}
