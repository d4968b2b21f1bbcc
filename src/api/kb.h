/* The knowledge base's search, shared by its handlers (kb.c) and the
 * automatic answers of new requests (routing/answer.c). */
#ifndef VT_API_KB_H
#define VT_API_KB_H

#include <stdbool.h>

#include "store/store.h"

/* The search terms of an article (its title twice, summary, body),
 * space-separated, for kb_article_save; caller frees. */
char *vt_kb_terms(const struct vt_kb_article *a);

/* An article found for a text. coverage: the share of the text's distinct
 * search terms the article holds; title_coverage: the share of the
 * article's title terms the text holds (a question about "volante de
 * empadronamiento" names the article's subject); relevance: the order,
 * mixing the search engine's score (relative to the best), both coverages. */
struct vt_kb_match {
  struct vt_kb_article article;
  double coverage, title_coverage, relevance;
  size_t query_terms;
  bool confident; /* good enough to answer with, unasked (see kb.c) */
};

/* Searches the articles of the scope for text (analysed as lang: NULL is
 * Spanish), best first, at most limit. 0, or a negative enum vt_qs. */
int vt_kb_find(struct vt_store *st, const struct vt_scope *scope, const char *text,
               const char *lang, bool public_only, int limit, struct vt_kb_match **out,
               size_t *n);
void vt_kb_matches_release(struct vt_kb_match *m, size_t n);
bool vt_kb_confident(const struct vt_kb_match *m);

#endif
