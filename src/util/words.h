/* Splitting free text into search words: runs of Unicode letters, marks and
 * digits, as the full-text tokenizers of both backends see words. */
#ifndef VT_WORDS_H
#define VT_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the next word at or after *p: sets *word and *len and moves *p past
 * it. False when no word is left. Invalid UTF-8 bytes separate words. */
bool vt_next_word(const char **p, const char **word, size_t *len);

#endif
