/* Text analysis for routing: a request's free text as a list of stemmed
 * terms (Spanish first, also English). Pure: no I/O, no shared state. */
#ifndef VT_ROUTING_TEXT_H
#define VT_ROUTING_TEXT_H

#include <stddef.h>

/* Bounds. Only the first VT_TEXT_MAX_INPUT bytes of a text are read (cut back
 * to a character boundary): the opening of a request says what it is about,
 * and this keeps the cost of one text below a millisecond. At most
 * VT_TEXT_MAX_TERMS terms are returned; words longer than VT_TEXT_MAX_WORD
 * bytes once folded (URLs, encoded blobs) are dropped. */
#define VT_TEXT_MAX_INPUT 20000
#define VT_TEXT_MAX_TERMS 4096
#define VT_TEXT_MAX_WORD  64

/* Changes whenever the terms of some text change (stop lists, folding,
 * stemming rules): a stored classifier built with another version no longer
 * matches the terms of new texts and must be retrained. */
#define VT_TEXT_VERSION 1

/* The terms of a text, in text order, repeats kept (a classifier counts
 * them). Every string is NUL-terminated and owned by the struct. */
struct vt_terms {
  char **v;
  size_t n;
  char *arena; /* the bytes v points into */
};

#define VT_TERMS_INIT {NULL, 0, NULL}

/* Splits utf8 into terms for language lang ("es", "en", "es-ES", "en-GB";
 * NULL or anything else is Spanish). Each word (a run of letters and digits)
 * is folded as vt_text_fold does, dropped if it is one character long, a
 * stop word of the language, longer than VT_TEXT_MAX_WORD bytes, or holds
 * five or more digits (phone numbers, DNI/NIE, postal codes, account and
 * reference numbers: they say nothing about a department, and a stored model
 * must not keep personal data); otherwise it is stemmed with Snowball
 * ("Becas" and "beca" -> "bec"; "empadronarme", "empadronamiento" ->
 * "empadron"). Words with digits ("2024", "b2") are kept unstemmed.
 * utf8 may be NULL or invalid UTF-8 (invalid bytes separate words).
 * Fills *out (whatever it held is not freed) and returns out->n; release it
 * with vt_terms_release even when it is 0. */
size_t vt_text_terms(const char *utf8, const char *lang, struct vt_terms *out);
void vt_terms_release(struct vt_terms *t);

/* Folds text as the terms are folded, for other modules that compare words:
 * NFKC, case folding, marks stripped ("Padrón" -> "padron", "BECAS" ->
 * "becas"), default-ignorable characters (soft hyphen, zero-width joiners)
 * removed, invalid UTF-8 bytes as spaces. Reads at most VT_TEXT_MAX_INPUT
 * bytes of in (NULL is ""); writes at most outsz bytes with the NUL, cut at
 * a character boundary. Returns the length written. */
size_t vt_text_fold(const char *in, char *out, size_t outsz);

/* The stop words of a language (as vt_text_terms picks it), folded and
 * sorted by bytes; static. For tests and for modules that build queries. */
const char *const *vt_text_stopwords(const char *lang, size_t *n);

#endif
