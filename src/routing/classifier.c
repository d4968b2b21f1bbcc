/* Multinomial Naive Bayes over routing/text terms: training, prediction, the
 * JSON form of a model and a train/test evaluation. */
#include "routing/classifier.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "routing/text.h"
#include "util/buf.h"

#define MODEL_KIND    "vt-naive-bayes"
#define MODEL_VERSION 1
#define NONE          UINT32_MAX

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    abort(); /* as util/buf: nothing sensible is left to do */
  return p;
}

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    abort();
  return p;
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p)
    abort();
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

/* ---- the term index ------------------------------------------------------
 * A small open-addressing hash table (linear probing, at most half full)
 * from a string to its index in a caller's array of strings, written here
 * rather than taking GLib's GHashTable so the module needs nothing but
 * jansson and a term lookup is one probe into a flat array. A slot holds the
 * 32-bit hash (to skip most string compares) and index + 1 (0: empty). */

struct table {
  uint64_t *slot;
  size_t mask; /* capacity - 1, capacity a power of two */
  size_t used;
};

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void table_init(struct table *t, size_t expect) {
  size_t cap = 16;
  while (cap < expect * 2)
    cap *= 2;
  t->slot = xcalloc(cap, sizeof *t->slot);
  t->mask = cap - 1;
  t->used = 0;
}

static void table_release(struct table *t) {
  free(t->slot);
  t->slot = NULL;
}

static void table_put(struct table *t, uint32_t h, uint32_t idx);

static void table_grow(struct table *t) {
  struct table bigger;
  table_init(&bigger, (t->mask + 1));
  for (size_t i = 0; i <= t->mask; i++)
    if (t->slot[i])
      table_put(&bigger, (uint32_t)(t->slot[i] >> 32), (uint32_t)(t->slot[i] & 0xffffffffu) - 1);
  free(t->slot);
  *t = bigger;
}

/* idx must not be in the table yet. */
static void table_put(struct table *t, uint32_t h, uint32_t idx) {
  if ((t->used + 1) * 2 > t->mask + 1)
    table_grow(t);
  size_t i = h & t->mask;
  while (t->slot[i])
    i = (i + 1) & t->mask;
  t->slot[i] = ((uint64_t)h << 32) | ((uint64_t)idx + 1);
  t->used++;
}

static uint32_t table_find(const struct table *t, char *const *keys, const char *s, uint32_t h) {
  for (size_t i = h & t->mask; t->slot[i]; i = (i + 1) & t->mask) {
    uint32_t idx = (uint32_t)(t->slot[i] & 0xffffffffu) - 1;
    if ((uint32_t)(t->slot[i] >> 32) == h && !strcmp(keys[idx], s))
      return idx;
  }
  return NONE;
}

/* ---- the model -------------------------------------------------------------
 * Scores are log P(label) + sum over the text's known terms of
 * log P(term | label), with P(t | c) = (count(t, c) + alpha) /
 * (total(c) + alpha * V). Most (term, label) counts are zero, so the model
 * keeps only the non-zero ones (sparse rows, by term) and splits each log:
 *   log P(t | c) = base(c) + weight(t, c)
 *   base(c)      = log alpha - log(total(c) + alpha * V)
 *   weight(t, c) = log((count(t, c) + alpha) / alpha), 0 when count is 0
 * so a text costs one hash probe and a few additions per term, plus
 * known * base(c) per label, whatever the number of labels and terms. */

struct entry {
  uint32_t label;
  uint32_t count;
};

struct vt_classifier {
  struct vt_classifier_params params;
  size_t nlabels;
  char **labels;  /* sorted by bytes */
  uint32_t *docs; /* training texts per label, all >= 1 */
  size_t nterms;
  char **terms;       /* sorted by bytes */
  size_t *first;      /* term i's entries: ent[first[i] .. first[i + 1]) */
  struct entry *ent;  /* by term, then by increasing label */
  double *weight;     /* per entry */
  double *base;       /* per label */
  double *log_prior;  /* per label */
  struct table index; /* term -> i */
};

void vt_classifier_free(struct vt_classifier *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->nlabels; i++)
    free(m->labels[i]);
  for (size_t i = 0; i < m->nterms; i++)
    free(m->terms[i]);
  free(m->labels);
  free(m->docs);
  free(m->terms);
  free(m->first);
  free(m->ent);
  free(m->weight);
  free(m->base);
  free(m->log_prior);
  table_release(&m->index);
  free(m);
}

/* Derives every number prediction uses from the counts, in a fixed order:
 * the one path for trained and loaded models, hence identical predictions. */
static void model_finish(struct vt_classifier *m) {
  double alpha = m->params.alpha;
  uint64_t *total = xcalloc(m->nlabels, sizeof *total);
  m->weight = xmalloc(m->first[m->nterms] * sizeof *m->weight);
  for (size_t e = 0; e < m->first[m->nterms]; e++) {
    total[m->ent[e].label] += m->ent[e].count;
    m->weight[e] = log1p((double)m->ent[e].count / alpha);
  }
  uint64_t all_docs = 0;
  for (size_t c = 0; c < m->nlabels; c++)
    all_docs += m->docs[c];
  m->base = xmalloc(m->nlabels * sizeof *m->base);
  m->log_prior = xmalloc(m->nlabels * sizeof *m->log_prior);
  for (size_t c = 0; c < m->nlabels; c++) {
    m->base[c] = log(alpha) - log((double)total[c] + alpha * (double)m->nterms);
    m->log_prior[c] = log((double)m->docs[c]) - log((double)all_docs);
  }
  free(total);
  table_init(&m->index, m->nterms);
  for (size_t i = 0; i < m->nterms; i++)
    table_put(&m->index, hash_str(m->terms[i]), (uint32_t)i);
}

size_t vt_classifier_label_count(const struct vt_classifier *m) { return m->nlabels; }
const char *vt_classifier_label(const struct vt_classifier *m, size_t i) {
  return i < m->nlabels ? m->labels[i] : NULL;
}
size_t vt_classifier_term_count(const struct vt_classifier *m) { return m->nterms; }

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint32_t label_index(const struct vt_classifier *m, const char *label) {
  char *const *hit = bsearch(&label, m->labels, m->nlabels, sizeof *m->labels, cmp_str);
  return hit ? (uint32_t)(hit - m->labels) : NONE;
}

/* ---- prediction ---------------------------------------------------------- */

/* Fills p[0..nlabels) with the posterior of each label and returns how many
 * of the text's terms the vocabulary knows. */
static size_t posterior(const struct vt_classifier *m, const struct vt_terms *t, double *p) {
  for (size_t c = 0; c < m->nlabels; c++)
    p[c] = 0;
  size_t known = 0;
  for (size_t k = 0; k < t->n; k++) {
    uint32_t i = table_find(&m->index, m->terms, t->v[k], hash_str(t->v[k]));
    if (i == NONE)
      continue; /* unseen terms say nothing about any label */
    known++;
    for (size_t e = m->first[i]; e < m->first[i + 1]; e++)
      p[m->ent[e].label] += m->weight[e];
  }
  double max = -INFINITY;
  for (size_t c = 0; c < m->nlabels; c++) {
    p[c] += m->log_prior[c];
    if (known) /* base is +inf in a model without terms */
      p[c] += (double)known * m->base[c];
    if (p[c] > max)
      max = p[c];
  }
  /* log-sum-exp: shift by the maximum so the largest term is exp(0) = 1 and
   * nothing overflows; scores of long texts are far below -1000. */
  double sum = 0;
  for (size_t c = 0; c < m->nlabels; c++) {
    p[c] = exp(p[c] - max);
    sum += p[c];
  }
  for (size_t c = 0; c < m->nlabels; c++)
    p[c] /= sum;
  return known;
}

void vt_classifier_predict(const struct vt_classifier *m, const char *text, const char *lang,
                           struct vt_classifier_prediction *out) {
  struct vt_terms t;
  vt_text_terms(text, lang, &t);
  double *p = xmalloc(m->nlabels * sizeof *p);
  out->known = posterior(m, &t, p);
  out->terms = t.n;
  size_t best = 0;
  for (size_t c = 1; c < m->nlabels; c++)
    if (p[c] > p[best])
      best = c;
  out->label = m->labels[best];
  out->confidence = p[best];
  free(p);
  vt_terms_release(&t);
}

size_t vt_classifier_predict_top(const struct vt_classifier *m, const char *text, const char *lang,
                                 struct vt_classifier_score *top, size_t k) {
  if (k > m->nlabels)
    k = m->nlabels;
  if (k == 0)
    return 0;
  struct vt_terms t;
  vt_text_terms(text, lang, &t);
  double *p = xmalloc(m->nlabels * sizeof *p);
  posterior(m, &t, p);
  /* Insertion into the k best so far: k and the labels are small. Equal
   * probabilities keep label order. */
  size_t have = 0;
  for (size_t c = 0; c < m->nlabels; c++) {
    size_t j = have < k ? have++ : k;
    while (j > 0 && top[j - 1].p < p[c]) {
      if (j < k)
        top[j] = top[j - 1];
      j--;
    }
    if (j < k)
      top[j] = (struct vt_classifier_score){m->labels[c], p[c]};
  }
  free(p);
  vt_terms_release(&t);
  return k;
}

/* ---- training -------------------------------------------------------------- */

static const char *check_params(const struct vt_classifier_params *p) {
  if (!(p->alpha > 0 && isfinite(p->alpha)))
    return "alpha must be a positive number";
  if (p->max_terms == 0 || p->max_terms > VT_CLASSIFIER_MAX_TERMS)
    return "max_terms out of range";
  return NULL;
}

/* A label is 1..VT_CLASSIFIER_MAX_LABEL bytes of UTF-8 (jansson's own check:
 * the model must be writable as JSON). */
static bool label_ok(const char *label) {
  if (!label || !*label || strlen(label) > VT_CLASSIFIER_MAX_LABEL)
    return false;
  json_t *s = json_string(label);
  json_decref(s);
  return s != NULL;
}

/* A training-time term: its total occurrences, the texts holding it (df,
 * counted once per text through last_doc) and its count in the label being
 * read (cur). */
struct tterm {
  uint64_t total;
  uint32_t df, last_doc, cur;
};

struct triple {
  uint32_t term, label, count;
};

struct trainer {
  struct table index;
  char **keys;
  struct tterm *st;
  size_t n, cap;
  uint32_t *touched; /* terms with cur > 0 */
  size_t ntouched;
  struct triple *tri; /* non-zero (term, label) counts */
  size_t ntri, tricap;
};

static uint32_t trainer_term(struct trainer *tr, const char *s) {
  uint32_t h = hash_str(s);
  uint32_t i = tr->n ? table_find(&tr->index, tr->keys, s, h) : NONE;
  if (i != NONE)
    return i;
  if (tr->n == tr->cap) {
    tr->cap = tr->cap ? tr->cap * 2 : 1024;
    tr->keys = xrealloc(tr->keys, tr->cap * sizeof *tr->keys);
    tr->st = xrealloc(tr->st, tr->cap * sizeof *tr->st);
    tr->touched = xrealloc(tr->touched, tr->cap * sizeof *tr->touched);
  }
  i = (uint32_t)tr->n++;
  tr->keys[i] = xstrdup(s);
  tr->st[i] = (struct tterm){0, 0, 0, 0};
  table_put(&tr->index, h, i);
  return i;
}

/* Moves the current label's counts into triples. */
static void trainer_flush(struct trainer *tr, uint32_t label) {
  for (size_t k = 0; k < tr->ntouched; k++) {
    uint32_t i = tr->touched[k];
    if (tr->ntri == tr->tricap) {
      tr->tricap = tr->tricap ? tr->tricap * 2 : 1024;
      tr->tri = xrealloc(tr->tri, tr->tricap * sizeof *tr->tri);
    }
    tr->tri[tr->ntri++] = (struct triple){i, label, tr->st[i].cur};
    tr->st[i].cur = 0;
  }
  tr->ntouched = 0;
}

static void trainer_add_text(struct trainer *tr, const struct vt_classifier_example *ex,
                             uint32_t doc) {
  struct vt_terms t;
  vt_text_terms(ex->text, ex->lang, &t);
  for (size_t k = 0; k < t.n; k++) {
    uint32_t i = trainer_term(tr, t.v[k]);
    struct tterm *s = &tr->st[i];
    if (s->last_doc != doc) {
      s->last_doc = doc;
      s->df++;
    }
    if (s->cur == 0)
      tr->touched[tr->ntouched++] = i;
    if (s->cur < UINT32_MAX)
      s->cur++;
    s->total++;
  }
  vt_terms_release(&t);
}

/* A candidate term for the vocabulary: sorted by frequency to pick the
 * kept ones, then by bytes (the model's order). */
struct cand {
  uint64_t total;
  const char *key;
  uint32_t id;
};

/* Most frequent first, then by bytes, so the cut at max_terms is
 * deterministic. */
static int cmp_frequent(const void *a, const void *b) {
  const struct cand *x = a, *y = b;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return strcmp(x->key, y->key);
}

static int cmp_cand_bytes(const void *a, const void *b) {
  return strcmp(((const struct cand *)a)->key, ((const struct cand *)b)->key);
}

static int cmp_triple(const void *a, const void *b) {
  const struct triple *x = a, *y = b;
  if (x->term != y->term)
    return x->term < y->term ? -1 : 1;
  return x->label < y->label ? -1 : x->label > y->label;
}

/* Keeps the terms held by min_docs texts, at most max_terms of them, and
 * moves them and their counts into m (terms sorted by bytes). */
static void trainer_into_model(struct trainer *tr, struct vt_classifier *m) {
  struct cand *kept = xmalloc(tr->n * sizeof *kept);
  size_t nk = 0;
  for (size_t i = 0; i < tr->n; i++)
    if (tr->st[i].df >= m->params.min_docs)
      kept[nk++] = (struct cand){tr->st[i].total, tr->keys[i], (uint32_t)i};
  qsort(kept, nk, sizeof *kept, cmp_frequent);
  if (nk > m->params.max_terms)
    nk = m->params.max_terms;
  qsort(kept, nk, sizeof *kept, cmp_cand_bytes);

  /* Reuse cur as the old -> new index map (NONE: dropped). */
  for (size_t i = 0; i < tr->n; i++)
    tr->st[i].cur = NONE;
  m->nterms = nk;
  m->terms = xmalloc(nk * sizeof *m->terms);
  for (size_t k = 0; k < nk; k++) {
    tr->st[kept[k].id].cur = (uint32_t)k;
    m->terms[k] = tr->keys[kept[k].id];
    tr->keys[kept[k].id] = NULL;
  }
  free(kept);

  size_t ne = 0;
  for (size_t k = 0; k < tr->ntri; k++) {
    uint32_t to = tr->st[tr->tri[k].term].cur;
    if (to != NONE)
      tr->tri[ne++] = (struct triple){to, tr->tri[k].label, tr->tri[k].count};
  }
  qsort(tr->tri, ne, sizeof *tr->tri, cmp_triple);
  m->ent = xmalloc(ne * sizeof *m->ent);
  m->first = xcalloc(nk + 1, sizeof *m->first);
  for (size_t k = 0; k < ne; k++) {
    m->ent[k] = (struct entry){tr->tri[k].label, tr->tri[k].count};
    m->first[tr->tri[k].term + 1]++;
  }
  for (size_t k = 0; k < nk; k++)
    m->first[k + 1] += m->first[k];
}

static void trainer_release(struct trainer *tr) {
  for (size_t i = 0; i < tr->n; i++)
    free(tr->keys[i]);
  free(tr->keys);
  free(tr->st);
  free(tr->touched);
  free(tr->tri);
  if (tr->index.slot)
    table_release(&tr->index);
}

struct vt_classifier *vt_classifier_train(const struct vt_classifier_example *ex, size_t n,
                                          const struct vt_classifier_params *params,
                                          const char **err) {
  static const struct vt_classifier_params defaults = VT_CLASSIFIER_PARAMS_DEFAULT;
  const char *why = check_params(params ? params : &defaults);
  if (!why && n == 0)
    why = "no examples";
  for (size_t i = 0; !why && i < n; i++)
    if (!label_ok(ex[i].label))
      why = "a label is empty, too long or not UTF-8";
  if (why) {
    if (err)
      *err = why;
    return NULL;
  }

  struct vt_classifier *m = xcalloc(1, sizeof *m);
  m->params = params ? *params : defaults;
  if (m->params.min_docs == 0)
    m->params.min_docs = 1;

  /* Labels: distinct, sorted by bytes, so indices do not depend on the order
   * of the examples. */
  const char **sorted = xmalloc(n * sizeof *sorted);
  for (size_t i = 0; i < n; i++)
    sorted[i] = ex[i].label;
  qsort(sorted, n, sizeof *sorted, cmp_str);
  for (size_t i = 0; i < n; i++)
    if (i == 0 || strcmp(sorted[i], sorted[i - 1]))
      sorted[m->nlabels++] = sorted[i];
  if (m->nlabels > VT_CLASSIFIER_MAX_LABELS) {
    free(sorted);
    free(m);
    if (err)
      *err = "too many labels";
    return NULL;
  }
  m->labels = xmalloc(m->nlabels * sizeof *m->labels);
  for (size_t c = 0; c < m->nlabels; c++)
    m->labels[c] = xstrdup(sorted[c]);
  free(sorted);

  /* Read the texts label by label, so a term's count for the current label
   * lives in the term itself and only non-zero counts are ever stored. */
  m->docs = xcalloc(m->nlabels, sizeof *m->docs);
  size_t *by_label = xmalloc(n * sizeof *by_label), *start = xcalloc(m->nlabels + 1, sizeof *start);
  uint32_t *lab = xmalloc(n * sizeof *lab);
  for (size_t i = 0; i < n; i++) {
    lab[i] = label_index(m, ex[i].label);
    start[lab[i] + 1]++;
    if (m->docs[lab[i]] < UINT32_MAX)
      m->docs[lab[i]]++;
  }
  for (size_t c = 0; c < m->nlabels; c++)
    start[c + 1] += start[c];
  for (size_t i = 0; i < n; i++)
    by_label[start[lab[i]]++] = i; /* start[c] ends as the end of label c */

  struct trainer tr = {0};
  table_init(&tr.index, 1024);
  size_t k = 0;
  for (uint32_t c = 0; c < m->nlabels; c++) {
    for (; k < start[c]; k++)
      trainer_add_text(&tr, &ex[by_label[k]], (uint32_t)(k + 1));
    trainer_flush(&tr, c);
  }
  free(by_label);
  free(start);
  free(lab);
  trainer_into_model(&tr, m);
  trainer_release(&tr);
  model_finish(m);
  return m;
}

/* ---- JSON ---------------------------------------------------------------- */

char *vt_classifier_to_json(const struct vt_classifier *m) {
  json_t *labels = json_array(), *docs = json_array(), *terms = json_object();
  for (size_t c = 0; c < m->nlabels; c++) {
    json_array_append_new(labels, json_string(m->labels[c]));
    json_array_append_new(docs, json_integer((json_int_t)m->docs[c]));
  }
  bool ok = true;
  for (size_t i = 0; ok && i < m->nterms; i++) {
    json_t *pairs = json_array();
    for (size_t e = m->first[i]; e < m->first[i + 1]; e++) {
      json_array_append_new(pairs, json_integer((json_int_t)m->ent[e].label));
      json_array_append_new(pairs, json_integer((json_int_t)m->ent[e].count));
    }
    ok = json_object_set_new(terms, m->terms[i], pairs) == 0;
  }
  json_t *root =
      json_pack("{s:s, s:i, s:i, s:f, s:I, s:I, s:o, s:o, s:o}", "kind", MODEL_KIND, "version",
                MODEL_VERSION, "text_version", VT_TEXT_VERSION, "alpha", m->params.alpha,
                "min_docs", (json_int_t)m->params.min_docs, "max_terms",
                (json_int_t)m->params.max_terms, "labels", labels, "docs", docs, "terms", terms);
  char *s = ok && root ? json_dumps(root, JSON_COMPACT) : NULL;
  json_decref(root);
  return s;
}

/* An integer field in [lo, hi]. */
static bool get_int(json_t *j, json_int_t lo, json_int_t hi, json_int_t *out) {
  if (!json_is_integer(j))
    return false;
  *out = json_integer_value(j);
  return *out >= lo && *out <= hi;
}

static const char *load_labels(struct vt_classifier *m, json_t *labels, json_t *docs) {
  if (!json_is_array(labels) || !json_is_array(docs) ||
      json_array_size(labels) != json_array_size(docs))
    return "labels and docs must be arrays of the same length";
  size_t n = json_array_size(labels);
  if (n == 0 || n > VT_CLASSIFIER_MAX_LABELS)
    return "number of labels out of range";
  m->labels = xcalloc(n, sizeof *m->labels);
  m->docs = xmalloc(n * sizeof *m->docs);
  for (size_t c = 0; c < n; c++) {
    const char *s = json_string_value(json_array_get(labels, c));
    json_int_t d;
    if (!s || !label_ok(s) || strlen(s) != json_string_length(json_array_get(labels, c)))
      return "a label is empty, too long or not a string";
    if (c > 0 && strcmp(m->labels[c - 1], s) >= 0)
      return "labels must be sorted and distinct";
    if (!get_int(json_array_get(docs, c), 1, UINT32_MAX, &d))
      return "docs must be positive integers";
    m->labels[c] = xstrdup(s);
    m->docs[c] = (uint32_t)d;
    m->nlabels = c + 1;
  }
  return NULL;
}

static const char *load_terms(struct vt_classifier *m, json_t *terms) {
  if (!json_is_object(terms))
    return "terms must be an object";
  size_t n = json_object_size(terms);
  if (n > VT_CLASSIFIER_MAX_TERMS)
    return "too many terms";
  /* Keys sorted by bytes, as training leaves them, whatever the file order. */
  m->terms = xcalloc(n, sizeof *m->terms);
  const char *key;
  json_t *val;
  size_t ne = 0;
  json_object_foreach(terms, key, val) {
    if (!*key || strlen(key) > 4 * VT_TEXT_MAX_WORD)
      return "a term is empty or too long";
    if (!json_is_array(val) || json_array_size(val) == 0 || json_array_size(val) % 2 ||
        json_array_size(val) / 2 > m->nlabels)
      return "a term's counts must be (label, count) pairs";
    ne += json_array_size(val) / 2;
    m->terms[m->nterms++] = xstrdup(key);
  }
  qsort(m->terms, m->nterms, sizeof *m->terms, cmp_str);
  m->first = xcalloc(n + 1, sizeof *m->first);
  m->ent = xmalloc(ne * sizeof *m->ent);
  size_t e = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *pairs = json_object_get(terms, m->terms[i]);
    for (size_t k = 0; k < json_array_size(pairs); k += 2) {
      json_int_t label, count;
      if (!get_int(json_array_get(pairs, k), 0, (json_int_t)m->nlabels - 1, &label) ||
          !get_int(json_array_get(pairs, k + 1), 1, UINT32_MAX, &count))
        return "a term's label index or count is out of range";
      if (k > 0 && (uint32_t)label <= m->ent[e - 1].label)
        return "a term's label indices must increase";
      m->ent[e++] = (struct entry){(uint32_t)label, (uint32_t)count};
    }
    m->first[i + 1] = e;
  }
  return NULL;
}

struct vt_classifier *vt_classifier_from_json(const char *json, const char **err) {
  /* A duplicate key would otherwise be silently merged. */
  json_t *root = json ? json_loads(json, JSON_REJECT_DUPLICATES, NULL) : NULL;
  struct vt_classifier *m = xcalloc(1, sizeof *m);
  const char *why = NULL;
  json_int_t v;
  if (!json_is_object(root))
    why = "not a JSON object";
  else if (!json_is_string(json_object_get(root, "kind")) ||
           strcmp(json_string_value(json_object_get(root, "kind")), MODEL_KIND))
    why = "not a classifier model";
  else if (!get_int(json_object_get(root, "version"), MODEL_VERSION, MODEL_VERSION, &v))
    why = "unknown model version";
  else if (!get_int(json_object_get(root, "text_version"), VT_TEXT_VERSION, VT_TEXT_VERSION, &v))
    why = "model built with another text analysis: retrain it";
  if (!why) {
    m->params.alpha = json_number_value(json_object_get(root, "alpha"));
    if (!json_is_number(json_object_get(root, "alpha")) || !(m->params.alpha > 0) ||
        !isfinite(m->params.alpha))
      why = "alpha must be a positive number";
    else if (!get_int(json_object_get(root, "min_docs"), 1, UINT32_MAX, &v))
      why = "min_docs out of range";
    else {
      m->params.min_docs = (unsigned)v;
      if (!get_int(json_object_get(root, "max_terms"), 1, VT_CLASSIFIER_MAX_TERMS, &v))
        why = "max_terms out of range";
      else
        m->params.max_terms = (size_t)v;
    }
  }
  if (!why)
    why = load_labels(m, json_object_get(root, "labels"), json_object_get(root, "docs"));
  if (!why)
    why = load_terms(m, json_object_get(root, "terms"));
  json_decref(root);
  if (why) {
    if (err)
      *err = why;
    vt_classifier_free(m); /* copes with a half-filled model */
    return NULL;
  }
  model_finish(m);
  return m;
}

/* ---- evaluation ---------------------------------------------------------- */

void vt_classifier_eval_release(struct vt_classifier_eval *ev) {
  if (!ev)
    return;
  for (size_t c = 0; c < ev->nlabels; c++)
    free(ev->labels[c]);
  free(ev->labels);
  free(ev->per_label);
  free(ev->confusion);
  memset(ev, 0, sizeof *ev);
}

/* A text's identity for de-duplication: its terms, space-separated. Caller
 * frees. */
static char *text_key(const struct vt_classifier_example *ex) {
  struct vt_terms t;
  struct vt_buf b = VT_BUF_INIT;
  vt_text_terms(ex->text, ex->lang, &t);
  for (size_t k = 0; k < t.n; k++) {
    if (k)
      vt_buf_append_mem(&b, " ", 1);
    vt_buf_append(&b, t.v[k]);
  }
  vt_terms_release(&t);
  return vt_buf_steal(&b);
}

/* Splits ex into train and test (indices into ex); returns the number of
 * duplicates dropped. */
static size_t split(const struct vt_classifier_example *ex, size_t n, unsigned every, size_t *train,
                    size_t *ntrain, size_t *test, size_t *ntest) {
  struct table seen;
  table_init(&seen, n);
  char **keys = xmalloc(n * sizeof *keys);
  size_t distinct = 0, dup = 0;
  *ntrain = *ntest = 0;
  for (size_t i = 0; i < n; i++) {
    char *key = text_key(&ex[i]);
    uint32_t h = hash_str(key);
    if (table_find(&seen, keys, key, h) != NONE) {
      free(key);
      dup++;
      continue;
    }
    keys[distinct] = key;
    table_put(&seen, h, (uint32_t)distinct);
    if (++distinct % every == 0)
      test[(*ntest)++] = i;
    else
      train[(*ntrain)++] = i;
  }
  for (size_t i = 0; i < distinct; i++)
    free(keys[i]);
  free(keys);
  table_release(&seen);
  return dup;
}

static bool eval_fail(struct vt_classifier_eval *out, const char **err, const char *why) {
  vt_classifier_eval_release(out);
  if (err)
    *err = why;
  return false;
}

bool vt_classifier_evaluate(const struct vt_classifier_example *ex, size_t n,
                            const struct vt_classifier_params *params, unsigned test_every,
                            struct vt_classifier_eval *out, const char **err) {
  memset(out, 0, sizeof *out);
  if (test_every < 2)
    return eval_fail(out, err, "test_every must be at least 2");
  for (size_t i = 0; i < n; i++)
    if (!label_ok(ex[i].label))
      return eval_fail(out, err, "a label is empty, too long or not UTF-8");

  size_t *train = xmalloc(n * sizeof *train), *test = xmalloc(n * sizeof *test), ntrain, ntest;
  out->duplicates = split(ex, n, test_every, train, &ntrain, test, &ntest);
  if (ntrain == 0 || ntest == 0) {
    free(train);
    free(test);
    return eval_fail(out, err, "too few distinct texts to split");
  }
  struct vt_classifier_example *tex = xmalloc(ntrain * sizeof *tex);
  for (size_t i = 0; i < ntrain; i++)
    tex[i] = ex[train[i]];
  struct vt_classifier *m = vt_classifier_train(tex, ntrain, params, err);
  free(tex);
  free(train);
  if (!m) {
    free(test);
    return eval_fail(out, err, err ? *err : "training failed");
  }

  /* The evaluation's labels: the model's and those only seen in the test
   * part (they can never be predicted, but they have support). */
  const char **all = xmalloc((m->nlabels + ntest) * sizeof *all);
  size_t na = 0;
  for (size_t c = 0; c < m->nlabels; c++)
    all[na++] = m->labels[c];
  for (size_t i = 0; i < ntest; i++)
    all[na++] = ex[test[i]].label;
  qsort(all, na, sizeof *all, cmp_str);
  out->labels = xmalloc(na * sizeof *out->labels);
  for (size_t i = 0; i < na; i++)
    if (i == 0 || strcmp(all[i], all[i - 1]))
      out->labels[out->nlabels++] = xstrdup(all[i]);
  free(all);

  size_t L = out->nlabels;
  out->confusion = xcalloc(L * L, sizeof *out->confusion);
  out->per_label = xcalloc(L, sizeof *out->per_label);
  out->train = ntrain;
  out->test = ntest;
  for (size_t i = 0; i < ntest; i++) {
    struct vt_classifier_prediction pr;
    vt_classifier_predict(m, ex[test[i]].text, ex[test[i]].lang, &pr);
    const char *truth = ex[test[i]].label;
    char **t = bsearch(&truth, out->labels, L, sizeof *out->labels, cmp_str);
    char **p = bsearch(&pr.label, out->labels, L, sizeof *out->labels, cmp_str);
    out->confusion[(size_t)(t - out->labels) * L + (size_t)(p - out->labels)]++;
  }
  free(test);
  vt_classifier_free(m);

  for (size_t c = 0; c < L; c++) {
    struct vt_classifier_label_eval *s = &out->per_label[c];
    s->label = out->labels[c];
    for (size_t o = 0; o < L; o++) {
      s->support += out->confusion[c * L + o];
      s->predicted += out->confusion[o * L + c];
    }
    s->correct = out->confusion[c * L + c];
    s->precision = s->predicted ? (double)s->correct / (double)s->predicted : 0;
    s->recall = s->support ? (double)s->correct / (double)s->support : 0;
    out->correct += s->correct;
  }
  out->accuracy = (double)out->correct / (double)out->test;
  return true;
}
