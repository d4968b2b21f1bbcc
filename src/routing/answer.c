/* The automatic answer of a new request. A rule's reply comes first (an
 * administration said so explicitly), then a running announcement, then
 * the knowledge base: a public article of the administration (or of the one
 * above it) that covers most of what the citizen wrote. The ticket stays
 * "new": a person still reads it. */
#include "routing/answer.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/kb.h"
#include "channels/announce.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/log.h"

/* The administration and the ones above it: whose public articles apply. */
static size_t tenant_and_parents(struct vt_store *st, vt_id tenant_id, vt_id ids[8]) {
  size_t n = 0;
  vt_id id = tenant_id;
  while (id && n < 8) {
    ids[n++] = id;
    struct vt_tenant t;
    if (st->tenant_get(st, id, &t) != VT_QS_ONE)
      break;
    id = t.parent_id;
    vt_tenant_release(&t);
  }
  return n;
}

/* The article's answer as a message: title, short answer, documents, and
 * the reference the citizen can quote. */
static char *article_answer(const struct vt_kb_article *a, const char *reference) {
  struct vt_buf b = VT_BUF_INIT;
  vt_buf_appendf(&b, "%s\n\n%s\n%s\n\n", vt_i18n(VT_LANG_ES, "answer.intro"), a->title,
                 a->summary ? a->summary : "");
  json_t *docs = json_loads(a->documents_json ? a->documents_json : "[]", 0, NULL);
  if (json_array_size(docs)) {
    vt_buf_appendf(&b, "%s\n", vt_i18n(VT_LANG_ES, "answer.documents"));
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d)
        vt_buf_appendf(&b, "- %s: %s\n", json_string_value(json_object_get(d, "title")),
                       json_string_value(json_object_get(d, "url")));
    vt_buf_append(&b, "\n");
  }
  json_decref(docs);
  vt_buf_appendf(&b, "%s %s.", vt_i18n(VT_LANG_ES, "answer.reference"), reference);
  return vt_buf_steal(&b);
}

void vt_answer_new_ticket(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                          vt_id ticket_id, const struct vt_route_result *rr) {
  struct vt_scope all = {.all = true};
  struct vt_ticket t;
  if (rr && rr->auto_reply) {
    if (st->ticket_get(st, &all, ticket_id, &t) == VT_QS_ONE) {
      if (!vt_auto_answer_post(st, cfg, &t, rr->auto_reply))
        VT_WARN("ticket %lld: the routing rule's automatic reply was not stored",
                (long long)ticket_id);
      vt_ticket_release(&t);
    }
    return;
  }
  if (st->ticket_get(st, &all, ticket_id, &t) != VT_QS_ONE)
    return;
  /* A confidential case (a crime victim, gender violence) gets no
   * unasked mail: the address may be shared, and a person answers. */
  if (t.confidential || vt_announce_answer(st, cfg, tenant_id, ticket_id) ||
      !cfg->routing_auto_answer) {
    vt_ticket_release(&t);
    return;
  }
  struct vt_message *msgs = NULL;
  size_t nm = 0;
  struct vt_buf text = VT_BUF_INIT;
  vt_buf_append(&text, t.subject ? t.subject : "");
  if (st->messages_list(st, t.id, false, &msgs, &nm) == VT_QS_ONE && nm)
    vt_buf_appendf(&text, "\n%s", msgs[0].body ? msgs[0].body : "");
  if (msgs)
    VT_RELEASE_ARRAY(msgs, nm, vt_message_release);
  vt_id ids[8];
  struct vt_scope scope = {.n = tenant_and_parents(st, tenant_id, ids), .tenant_ids = ids};
  struct vt_kb_match *m = NULL;
  size_t n = 0;
  if (vt_kb_find(st, &scope, text.data, NULL, true, 3, &m, &n) == 0 && n &&
      vt_kb_confident(&m[0])) {
    char *body = article_answer(&m[0].article, t.reference);
    if (!body || !vt_auto_answer_post(st, cfg, &t, body))
      VT_WARN("ticket %lld: the article's automatic answer was not stored", (long long)t.id);
    free(body);
  }
  vt_kb_matches_release(m, n);
  vt_buf_release(&text);
  vt_ticket_release(&t);
}
