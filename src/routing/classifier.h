/* Which department a request belongs to: a multinomial Naive Bayes classifier
 * over the terms of routing/text.h, trained from labelled texts, stored as
 * JSON. Pure: no I/O; a built model is read-only, so threads may share it. */
#ifndef VT_ROUTING_CLASSIFIER_H
#define VT_ROUTING_CLASSIFIER_H

#include <stdbool.h>
#include <stddef.h>

/* Limits on what training and loading accept, so a stored model of any
 * origin has a bounded size and cost. */
#define VT_CLASSIFIER_MAX_LABEL  128 /* bytes of one label */
#define VT_CLASSIFIER_MAX_LABELS 1000
#define VT_CLASSIFIER_MAX_TERMS  50000

/* One training text. The label is the caller's: a department code
 * ("padron"), a "dept/service" pair, anything up to VT_CLASSIFIER_MAX_LABEL
 * bytes of UTF-8. lang is as for vt_text_terms (NULL: Spanish). */
struct vt_classifier_example {
  const char *text;
  const char *label;
  const char *lang;
};

/* alpha: Laplace (add-alpha) smoothing of term counts; 1 is the classic
 * choice and does well on short texts.
 * min_docs: a term enters the vocabulary only if at least this many training
 * texts hold it. Terms seen in one text are mostly typos, names and numbers:
 * no evidence about a department, and personal data a stored model should not
 * keep. Counting texts, not occurrences, keeps one long email repeating a word
 * from making it evidence.
 * max_terms: the vocabulary keeps at most this many terms, the most frequent
 * (ties by bytes), at most VT_CLASSIFIER_MAX_TERMS. */
struct vt_classifier_params {
  double alpha;
  unsigned min_docs;
  size_t max_terms;
};

#define VT_CLASSIFIER_PARAMS_DEFAULT {1.0, 2, VT_CLASSIFIER_MAX_TERMS}

struct vt_classifier;

/* Trains a model on ex[0..n) (params NULL: the defaults). Returns NULL and a
 * static reason in *err (err may be NULL) when there are no examples, a label
 * is empty, too long or not UTF-8, there are too many labels, or params are
 * out of range. Caller frees with vt_classifier_free. */
struct vt_classifier *vt_classifier_train(const struct vt_classifier_example *ex, size_t n,
                                          const struct vt_classifier_params *params,
                                          const char **err);
void vt_classifier_free(struct vt_classifier *m);

/* The labels, sorted by bytes; strings borrowed from the model. */
size_t vt_classifier_label_count(const struct vt_classifier *m);
const char *vt_classifier_label(const struct vt_classifier *m, size_t i);
size_t vt_classifier_term_count(const struct vt_classifier *m);

/* label: the most probable label (ties: the first by bytes), borrowed from
 * the model. confidence: its posterior probability in [0, 1]. terms: the
 * text's terms; known: how many of them the vocabulary holds. With known == 0
 * the answer is only the labels' prior (the most common department), and
 * confidence is that prior share: an off-topic text scores low. Naive Bayes
 * treats words as independent, so on long on-topic texts the confidence runs
 * close to 1: compare it with a threshold, not as a calibrated chance. */
struct vt_classifier_prediction {
  const char *label;
  double confidence;
  size_t terms;
  size_t known;
};

struct vt_classifier_score {
  const char *label; /* borrowed from the model */
  double p;
};

void vt_classifier_predict(const struct vt_classifier *m, const char *text, const char *lang,
                           struct vt_classifier_prediction *out);
/* Fills top[0..k) with the k most probable labels, most probable first, and
 * returns how many it wrote (min(k, labels)). */
size_t vt_classifier_predict_top(const struct vt_classifier *m, const char *text, const char *lang,
                                 struct vt_classifier_score *top, size_t k);

/* The model as compact JSON, for a database column: the training counts and
 * parameters, not probabilities, so a loaded model computes exactly the same
 * numbers (identical predictions) and stays open to retraining. Shape:
 *   {"kind":"vt-naive-bayes","version":1,"text_version":1,"alpha":1.0,
 *    "min_docs":2,"max_terms":50000,"labels":["padron","tributos"],
 *    "docs":[12,9],"terms":{"empadron":[0,7],"ibi":[1,5],"recib":[0,1,1,3]}}
 * labels sorted by bytes; docs[i] = training texts of labels[i]; each term
 * maps to (label index, count) pairs by increasing index. Caller frees the
 * string with free(). */
char *vt_classifier_to_json(const struct vt_classifier *m);
/* Loads what vt_classifier_to_json wrote, checking every field and limit (a
 * stored model is input like any other). A model whose text_version differs
 * from VT_TEXT_VERSION is refused: its terms no longer match what
 * vt_text_terms produces, so it must be retrained. NULL and a static reason
 * in *err (may be NULL) on failure; caller frees with vt_classifier_free. */
struct vt_classifier *vt_classifier_from_json(const char *json, const char **err);

/* ---- evaluation ---------------------------------------------------------- */

struct vt_classifier_label_eval {
  const char *label; /* borrowed from the evaluation's labels */
  size_t support;    /* test texts with this label */
  size_t predicted;  /* test texts given this label */
  size_t correct;
  double precision; /* correct / predicted, 0 when nothing was predicted */
  double recall;    /* correct / support, 0 when there was no support */
};

/* confusion[t * nlabels + p]: test texts of label t predicted as label p; so
 * row sums are supports, column sums predictions, the diagonal is correct. */
struct vt_classifier_eval {
  size_t nlabels;
  char **labels; /* every label of the examples, sorted by bytes; owned */
  struct vt_classifier_label_eval *per_label;
  size_t *confusion;
  size_t duplicates; /* examples dropped as repeats of an earlier text */
  size_t train, test, correct;
  double accuracy; /* correct / test */
};

/* Splits ex[0..n) deterministically, trains on one part and tests on the
 * other. Texts with the same terms (the same text up to case, accents,
 * punctuation and stop words) are one text: only the first is kept, so no
 * text sits on both sides. Of the distinct texts in input order, every
 * test_every-th (the 5th, 10th... for 5) goes to the test side. Returns false
 * with a static reason in *err (may be NULL) when test_every < 2, no text
 * falls on one of the sides, or training fails; out is then empty. Release
 * with vt_classifier_eval_release. */
bool vt_classifier_evaluate(const struct vt_classifier_example *ex, size_t n,
                            const struct vt_classifier_params *params, unsigned test_every,
                            struct vt_classifier_eval *out, const char **err);
void vt_classifier_eval_release(struct vt_classifier_eval *ev);

#endif
