/* Search words, with utf8proc's Unicode categories: "col·legi" is two
 * words, "padrón" one, and punctuation never reaches a query language. */
#include "util/words.h"

#include <utf8proc.h>

static bool is_word_char(const char *s, size_t *n) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
  if (k <= 0) {
    *n = 1; /* invalid UTF-8: skip the byte */
    return false;
  }
  *n = (size_t)k;
  utf8proc_category_t cat = utf8proc_category(cp);
  return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) ||
         (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

bool vt_next_word(const char **p, const char **word, size_t *len) {
  const char *s = *p;
  size_t n;
  while (*s && !is_word_char(s, &n))
    s += n;
  if (!*s) {
    *p = s;
    return false;
  }
  const char *start = s;
  while (*s && is_word_char(s, &n))
    s += n;
  *word = start;
  *len = (size_t)(s - start);
  *p = s;
  return true;
}
