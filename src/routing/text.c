/* Text analysis for routing: fold with utf8proc, split into words with
 * util/words, drop stop words, stem with Snowball (libstemmer). */
#include "routing/text.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/words.h"

/* Stop words: function words, forms of estar/haber/ser/tener and the
 * courtesies every request carries ("hola", "buenos días", "gracias",
 * "quería", "por favor"). They appear in every department's requests, so they
 * only add noise to a classifier. Written folded (as vt_text_fold gives them:
 * "más" is "mas", "él" is "el") and sorted by bytes for bsearch; the unit
 * test checks both. One-letter words ("y", "a", "o", "e") are not listed:
 * vt_text_terms drops every one-character word. Words that carry meaning for
 * routing stay out even when common ("estado" of a request, "baja" in "dar
 * de baja", "vale" as a voucher). */
static const char *const stop_es[] = {
    "ademas",       "ahi",      "al",       "algo",        "alguien",   "alguna",   "algunas",
    "alguno",       "algunos",  "alli",     "ante",        "antes",     "aquel",    "aquella",
    "aquello",      "aqui",     "asi",      "atentamente", "aun",       "aunque",   "buen",
    "buenas",       "buenos",   "cada",     "como",        "con",       "contra",   "cordial",
    "cordialmente", "cual",     "cuales",   "cuando",      "cuanta",    "cuantas",  "cuanto",
    "cuantos",      "de",       "del",      "demas",       "dentro",    "desde",    "dia",
    "dias",         "don",      "donde",    "durante",     "el",        "ella",     "ellas",
    "ello",         "ellos",    "en",       "entonces",    "entre",     "era",      "eran",
    "eres",         "es",       "esa",      "esas",        "ese",       "eso",      "esos",
    "esta",         "estaba",   "estaban",  "estais",      "estamos",   "estan",    "estando",
    "estar",        "estara",   "estare",   "estaria",     "estas",     "este",     "esteis",
    "estemos",      "esten",    "estes",    "estimada",    "estimadas", "estimado", "estimados",
    "esto",         "estos",    "estoy",    "estuve",      "estuvo",    "favor",    "fue",
    "fuera",        "fueron",   "fui",      "gracias",     "gustaria",  "ha",       "habeis",
    "habia",        "habian",   "habido",   "habra",       "habria",    "hacia",    "han",
    "has",          "hasta",    "hay",      "haya",        "hayan",     "he",       "hemos",
    "hola",         "hubiera",  "hubo",     "la",          "las",       "le",       "les",
    "lo",           "los",      "luego",    "mas",         "me",        "mi",       "mia",
    "mias",         "mientras", "mio",      "mios",        "mis",       "misma",    "mismas",
    "mismo",        "mismos",   "mucha",    "muchas",      "mucho",     "muchos",   "muy",
    "nada",         "nadie",    "necesito", "ni",          "ninguna",   "ninguno",  "no",
    "noches",       "nos",      "nosotras", "nosotros",    "nuestra",   "nuestras", "nuestro",
    "nuestros",     "nunca",    "ok",       "os",          "otra",      "otras",    "otro",
    "otros",        "para",     "pero",     "poca",        "pocas",     "poco",     "pocos",
    "podemos",      "podria",   "podrian",  "por",         "porfa",     "porque",   "puede",
    "pueden",       "puedo",    "pues",     "que",         "queremos",  "queria",   "quien",
    "quienes",      "quiero",   "quisiera", "saludo",      "saludos",   "se",       "sea",
    "sean",         "segun",    "senor",    "senora",      "senores",   "sera",     "seria",
    "si",           "sido",     "siempre",  "siendo",      "sin",       "sino",     "sobre",
    "sois",         "solo",     "somos",    "son",         "soy",       "sr",       "sra",
    "su",           "sus",      "suya",     "suyas",       "suyo",      "suyos",    "tal",
    "tambien",      "tampoco",  "tan",      "tanto",       "tardes",    "te",       "tendra",
    "tendria",      "teneis",   "tenemos",  "tenga",       "tengan",    "tengo",    "tenia",
    "tenian",       "tenido",   "teniendo", "ti",          "tiene",     "tienen",   "tienes",
    "toda",         "todas",    "todo",     "todos",       "tras",      "tu",       "tus",
    "tuve",         "tuvo",     "tuya",     "tuyas",       "tuyo",      "tuyos",    "ud",
    "uds",          "un",       "una",      "uno",         "unos",      "usted",    "ustedes",
    "vd",           "vez",      "vosotras", "vosotros",    "vuestra",   "vuestras", "vuestro",
    "vuestros",     "ya",       "yo"};

/* The common English function words, contraction fragments ("don", "isn":
 * the apostrophe splits words) and courtesies. */
static const char *const stop_en[] = {
    "about",   "above",     "after",      "again",   "against", "all",       "also",      "am",
    "an",      "and",       "any",        "are",     "aren",    "as",        "at",        "be",
    "because", "been",      "before",     "being",   "below",   "between",   "both",      "but",
    "by",      "can",       "could",      "couldn",  "dear",    "did",       "didn",      "do",
    "does",    "doesn",     "doing",      "don",     "down",    "during",    "each",      "every",
    "few",     "for",       "from",       "further", "had",     "hadn",      "has",       "hasn",
    "have",    "haven",     "having",     "he",      "hello",   "her",       "here",      "hers",
    "herself", "hey",       "hi",         "him",     "himself", "his",       "how",       "if",
    "in",      "into",      "is",         "isn",     "it",      "its",       "itself",    "just",
    "kind",    "like",      "ll",         "many",    "me",      "might",     "more",      "most",
    "much",    "must",      "my",         "myself",  "no",      "nor",       "not",       "now",
    "of",      "off",       "on",         "once",    "only",    "or",        "other",     "our",
    "ours",    "ourselves", "out",        "over",    "own",     "please",    "re",        "regards",
    "same",    "shall",     "she",        "should",  "shouldn", "sincerely", "so",        "some",
    "still",   "such",      "than",       "thank",   "thanks",  "that",      "the",       "their",
    "theirs",  "them",      "themselves", "then",    "there",   "these",     "they",      "this",
    "those",   "through",   "to",         "too",     "under",   "until",     "up",        "upon",
    "us",      "ve",        "very",       "want",    "wanted",  "was",       "wasn",      "we",
    "were",    "weren",     "what",       "when",    "where",   "which",     "while",     "who",
    "whom",    "why",       "will",       "with",    "within",  "without",   "won",       "would",
    "wouldn",  "yet",       "you",        "your",    "yours",   "yourself",  "yourselves"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static enum vt_lang lang_of(const char *lang) { return vt_lang_negotiate(lang); }

const char *const *vt_text_stopwords(const char *lang, size_t *n) {
  if (lang_of(lang) == VT_LANG_EN) {
    *n = COUNT(stop_en);
    return stop_en;
  }
  *n = COUNT(stop_es);
  return stop_es;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stopword(enum vt_lang lang, const char *w) {
  size_t n;
  const char *const *list = vt_text_stopwords(lang == VT_LANG_EN ? "en" : "es", &n);
  return bsearch(&w, list, n, sizeof *list, cmp_str) != NULL;
}

/* Where to cut s[0..n) so no character is split: back over at most three
 * continuation bytes (more cannot belong to one valid character). */
static size_t char_boundary(const char *s, size_t n) {
  size_t m = n;
  for (int i = 0; i < 3 && m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80; i++)
    m--;
  return ((unsigned char)s[m] & 0xC0) == 0x80 ? n : m;
}

/* The folded form of the first VT_TEXT_MAX_INPUT bytes of in, malloc'ed and
 * NUL-terminated, with its length in *len; NULL when nothing is left.
 * utf8proc refuses invalid UTF-8 outright, so invalid bytes become spaces
 * first: a bad byte in an email must not cost the whole text. */
static char *fold_alloc(const char *in, size_t *len) {
  *len = 0;
  if (!in || !*in)
    return NULL;
  size_t n = strnlen(in, VT_TEXT_MAX_INPUT);
  if (n == VT_TEXT_MAX_INPUT)
    n = char_boundary(in, n);
  char *clean = malloc(n + 1);
  if (!clean)
    abort();
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)in + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
      clean[i++] = ' ';
    } else {
      memcpy(clean + i, in + i, (size_t)k);
      i += (size_t)k;
    }
  }
  clean[n] = '\0';
  /* NFKC + case folding + marks stripped, as the search index folds words
   * ("padron" finds "padrón"); IGNORE drops soft hyphens and zero-width
   * joiners that would otherwise split a word in two. */
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)clean, (utf8proc_ssize_t)n, &out,
                                    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  free(clean);
  if (r == UTF8PROC_ERROR_NOMEM)
    abort();
  if (r <= 0) {
    free(out);
    return NULL;
  }
  *len = (size_t)r;
  return (char *)out;
}

size_t vt_text_fold(const char *in, char *out, size_t outsz) {
  if (outsz == 0)
    return 0;
  size_t len;
  char *f = fold_alloc(in, &len);
  if (len > outsz - 1)
    len = char_boundary(f, outsz - 1);
  if (len)
    memcpy(out, f, len);
  out[len] = '\0';
  free(f);
  return len;
}

/* Characters and decimal digits of a folded word. */
static void count_chars(const char *w, size_t len, size_t *chars, size_t *digits) {
  *chars = *digits = 0;
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)w + i, (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0)
      k = 1; /* cannot happen after fold_alloc; never loop forever */
    else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND)
      (*digits)++;
    (*chars)++;
    i += (size_t)k;
  }
}

static const char *stem(struct sb_stemmer *st, const char *w, size_t len, size_t *out_len) {
  const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w, (int)len);
  if (!s)
    abort(); /* libstemmer's only failure is running out of memory */
  *out_len = (size_t)sb_stemmer_length(st);
  return (const char *)s;
}

/* Snowball's Spanish rules are written for accented words, and folded words
 * have lost their accents. Two repairs, measured on request vocabulary:
 * - "-ción" is matched only with its accent, so "informacion" stayed whole
 *   while "informaciones" became "inform". Every Spanish word ending in
 *   "-cion" is written "-ción", so the accent is put back before stemming
 *   (Snowball removes accents from its result).
 * - Short words starting with a vowel ("obras", "altas") have no region the
 *   rules may touch, so the plural kept its "s" ("obras" vs "obra"). When
 *   the stemmer changed nothing, the plural "s" after a vowel is dropped and
 *   the rest stemmed. */
static const char *stem_es(struct sb_stemmer *st, char *w, size_t len, size_t *out_len) {
  if (len >= 5 && !memcmp(w + len - 4, "cion", 4)) {
    memcpy(w + len - 2, "\xc3\xb3n", 3); /* buffer has room: see vt_text_terms */
    len++;
  }
  const char *s = stem(st, w, len, out_len);
  if (*out_len == len && !memcmp(s, w, len) && len >= 4 && w[len - 1] == 's' &&
      strchr("aeo", w[len - 2]))
    s = stem(st, w, len - 1, out_len);
  return s;
}

size_t vt_text_terms(const char *utf8, const char *lang, struct vt_terms *out) {
  *out = (struct vt_terms)VT_TERMS_INIT;
  size_t flen;
  char *folded = fold_alloc(utf8, &flen);
  if (!folded)
    return 0;
  enum vt_lang lg = lang_of(lang);
  /* A stemmer keeps state and is not thread-safe. Creating one per call costs
   * about 0.2 us (measured), against some 30 us to fold a 200-word text, so
   * there is no per-thread cache to manage. */
  struct sb_stemmer *st = sb_stemmer_new(lg == VT_LANG_EN ? "english" : "spanish", NULL);
  if (!st)
    abort();

  struct vt_buf arena = VT_BUF_INIT;
  size_t *offs = NULL, n = 0, cap = 0;
  const char *p = folded, *w;
  size_t wlen;
  while (n < VT_TEXT_MAX_TERMS && vt_next_word(&p, &w, &wlen)) {
    size_t chars, digits;
    if (wlen > VT_TEXT_MAX_WORD)
      continue;
    count_chars(w, wlen, &chars, &digits);
    if (chars < 2 || digits >= 5)
      continue;
    char word[VT_TEXT_MAX_WORD + 2]; /* +1 for the accent put back, +1 NUL */
    memcpy(word, w, wlen);
    word[wlen] = '\0';
    if (is_stopword(lg, word))
      continue;
    const char *term = word;
    size_t tlen = wlen;
    if (digits == 0)
      term = lg == VT_LANG_EN ? stem(st, word, wlen, &tlen) : stem_es(st, word, wlen, &tlen);
    if (tlen == 0)
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      offs = realloc(offs, cap * sizeof *offs);
      if (!offs)
        abort();
    }
    offs[n++] = arena.len;
    vt_buf_append_mem(&arena, term, tlen);
    vt_buf_append_mem(&arena, "", 1);
  }
  sb_stemmer_delete(st);
  free(folded);

  if (n == 0) {
    free(offs);
    vt_buf_release(&arena);
    return 0;
  }
  /* Pointers only now: the arena moved while it grew. */
  out->arena = vt_buf_steal(&arena);
  out->v = malloc(n * sizeof *out->v);
  if (!out->v)
    abort();
  for (size_t i = 0; i < n; i++)
    out->v[i] = out->arena + offs[i];
  out->n = n;
  free(offs);
  return n;
}

void vt_terms_release(struct vt_terms *t) {
  if (!t)
    return;
  free(t->v);
  free(t->arena);
  *t = (struct vt_terms)VT_TERMS_INIT;
}
