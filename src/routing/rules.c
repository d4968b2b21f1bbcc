/* Routing rules (see rules.h): rules are validated and compiled once when an
 * administration's list is loaded (folded words, PCRE2 code, hours as minute
 * ranges), so that a decision folds and splits the message once and then
 * tests each rule with hash look-ups and integer comparisons. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "routing/rules.h"

#include <glib.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utf8proc.h>

#include "channels/chat_hours.h"
#include "util/buf.h"

#define MAX_NAME       200
#define MAX_POSITION   1000000
#define MAX_LIST       50  /* services, words per list */
#define MAX_TERM       100 /* bytes of a word or phrase */
#define MAX_TERM_WORDS 8
#define MIN_PREFIX     3 /* letters before a "*" */
#define MIN_SINGULAR   3 /* bytes of a singular that takes plural forms */
#define MAX_LANGS      10
#define MAX_TAG        40
#define MAX_AUTO_REPLY 5000
#define MAX_DEPARTMENT 47 /* store.h: code[48] */
#define MAX_SERVICE    63 /* store.h: code[64] */
#define MAX_RANGES     24 /* per day; chat_hours allows 200 bytes, so at most 18 */
#define MAX_FORMS      7
#define EXCERPT_CHARS  60

/* PCRE2 limits. The match limit counts backtracking steps per start
 * position; the depth and heap limits bound the interpreter's memory. */
#define MATCH_LIMIT    100000
#define DEPTH_LIMIT    10000
#define HEAP_LIMIT_KIB 16384
#define JIT_STACK_MAX  (512 * 1024)
/* Bytes of start positions tried per pcre2_match call, so that the time
 * budget is checked at least this often (see rules.h): with the JIT a start
 * position costs at most about 0.2 ms at the match limit, with the
 * interpreter (no JIT, or "(*NO_JIT)") about 1.5 ms. */
#define WINDOW_JIT    256
#define WINDOW_INTERP 32

static const char *const assigns[] = {"none", "round_robin", "least_loaded", "skills"};
_Static_assert(sizeof assigns / sizeof *assigns == VT_ASSIGN__COUNT, "assign names");

const char *vt_assign_name(enum vt_assign a) {
  return (unsigned)a < VT_ASSIGN__COUNT ? assigns[a] : "none";
}

int vt_assign_parse(const char *s) {
  for (int i = 0; s && i < VT_ASSIGN__COUNT; i++)
    if (!strcmp(s, assigns[i]))
      return i;
  return -1;
}

/* ---- compiled rules ------------------------------------------------------ */

struct needle {
  char *s; /* folded */
  uint32_t len;
  bool prefix; /* written with a trailing "*" */
};

/* One entry of words_any / words_all / words_none: a word or a phrase. */
struct term {
  char *text; /* as the administrator wrote it (trimmed), for explanations */
  struct needle *words;
  size_t nwords;
  /* Exact forms the first word may take in a message (itself, plural,
   * singular), hashed; none when it is a prefix. Point into forms_buf. */
  char *forms_buf;
  struct {
    const char *s;
    uint32_t len, hash;
  } forms[MAX_FORMS];
  int nforms;
};

struct terms {
  struct term *t;
  size_t n;
};

struct range {
  short from, to; /* minutes since local midnight, end exclusive */
};

struct hours {
  struct range r[7][MAX_RANGES]; /* 0 is Monday */
  unsigned char n[7];
};

struct rule {
  int64_t id;
  long position;
  size_t order; /* index in the loaded array, the last tie-break */
  char *name;
  /* when */
  uint32_t channels; /* a bit per enum vt_channel; 0: any */
  char **services;
  size_t nservices;
  struct terms any, all, none;
  pcre2_code *re;
  size_t rx_window;
  char **langs;
  size_t nlangs;
  bool need_national_id, need_email, need_phone;
  struct hours *hours;
  bool outside_hours;
  bool has_conditions;
  /* then */
  unsigned set; /* VT_RA_* */
  char *department, *service;
  enum vt_priority priority;
  char *tags[VT_RULES_MAX_TAGS];
  size_t ntags;
  enum vt_assign assign;
  char *auto_reply;
  bool stop;
};

struct vt_rules {
  struct rule *r;
  size_t n;
  pcre2_match_context *mctx; /* the limits; copied per decision, never changed */
};

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    abort(); /* as util/buf.c: nothing sensible is left to do */
  return p;
}

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    abort();
  return p;
}

static char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static void terms_release(struct terms *ts) {
  for (size_t i = 0; i < ts->n; i++) {
    struct term *t = &ts->t[i];
    for (size_t k = 0; k < t->nwords; k++)
      free(t->words[k].s);
    free(t->words);
    free(t->forms_buf);
    free(t->text);
  }
  free(ts->t);
  ts->t = NULL;
  ts->n = 0;
}

static void strings_release(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

static void rule_release(struct rule *r) {
  free(r->name);
  strings_release(r->services, r->nservices);
  terms_release(&r->any);
  terms_release(&r->all);
  terms_release(&r->none);
  pcre2_code_free(r->re);
  strings_release(r->langs, r->nlangs);
  free(r->hours);
  free(r->department);
  free(r->service);
  for (size_t i = 0; i < r->ntags; i++)
    free(r->tags[i]);
  free(r->auto_reply);
  memset(r, 0, sizeof *r);
}

/* ---- folding and splitting text ---------------------------------------- */

struct sbuf {
  char *p;
  size_t len, cap;
};

static void sb_reserve(struct sbuf *b, size_t more) {
  if (b->len + more + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap * 2 : 64;
  while (cap < b->len + more + 1)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p)
    abort();
  b->p = p;
  b->cap = cap;
}

/* Appends the case- and accent-folded form of s[0..n) to b, as
 * utf8proc_map(DECOMPOSE | CASEFOLD | STRIPMARK) does (and so as
 * vt_announce_fold and the search indexes see words), with a fast path for
 * ASCII. An invalid byte becomes a space. */
static void fold_into(struct sbuf *b, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s, *end = u + n;
  sb_reserve(b, n);
  while (u < end) {
    if (*u < 0x80) {
      b->p[b->len++] = (char)(*u >= 'A' && *u <= 'Z' ? *u + ('a' - 'A') : *u);
      u++;
      continue;
    }
    utf8proc_int32_t cp, d[32];
    utf8proc_ssize_t k = utf8proc_iterate(u, end - u, &cp);
    if (k <= 0) {
      b->p[b->len++] = ' ';
      u++;
      continue;
    }
    int boundclass = 0;
    utf8proc_ssize_t m = utf8proc_decompose_char(
        cp, d, 32, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &boundclass);
    if (m < 0 || m > 32)
      m = 0;
    u += k;
    sb_reserve(b, (size_t)(end - u) + (size_t)m * 4);
    for (utf8proc_ssize_t i = 0; i < m; i++)
      b->len += (size_t)utf8proc_encode_char(d[i], (utf8proc_uint8_t *)b->p + b->len);
  }
  b->p[b->len] = '\0';
}

/* Word characters as util/words.c sees them (Unicode letters, marks and
 * numbers), with ASCII answered without utf8proc. Sets *n to the bytes of
 * the character at s (before end). */
static bool is_word_char(const char *s, const char *end, size_t *n) {
  unsigned char c = (unsigned char)*s;
  if (c < 0x80) {
    *n = 1;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, end - s, &cp);
  if (k <= 0) {
    *n = 1;
    return false;
  }
  *n = (size_t)k;
  utf8proc_category_t cat = utf8proc_category(cp);
  return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) ||
         (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* vt_next_word over [*p, end). */
static bool next_word(const char **p, const char *end, const char **word, size_t *len) {
  const char *s = *p;
  size_t n;
  while (s < end && !is_word_char(s, end, &n))
    s += n;
  if (s >= end) {
    *p = end;
    return false;
  }
  const char *start = s;
  while (s < end && is_word_char(s, end, &n))
    s += n;
  *word = start;
  *len = (size_t)(s - start);
  *p = s;
  return true;
}

static uint32_t hash_bytes(const char *s, size_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

static size_t utf8_chars(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Whether two folded words are the same word or singular and plural: +s,
 * +es, z -> ces, for a singular of at least MIN_SINGULAR bytes. */
static bool related(const char *a, size_t an, const char *b, size_t bn) {
  if (an == bn)
    return !memcmp(a, b, an);
  if (an > bn) {
    const char *t = a;
    size_t tn = an;
    a = b, an = bn, b = t, bn = tn;
  }
  if (an < MIN_SINGULAR)
    return false;
  if (bn == an + 1)
    return b[an] == 's' && !memcmp(a, b, an);
  if (bn == an + 2)
    return (b[an] == 'e' && b[an + 1] == 's' && !memcmp(a, b, an)) ||
           (a[an - 1] == 'z' && !memcmp(a, b, an - 1) && !memcmp(b + an - 1, "ces", 3));
  return false;
}

/* The forms related() accepts for w, for hash look-ups of a term's first
 * word. */
static void term_forms(struct term *t) {
  const struct needle *w = &t->words[0];
  if (w->prefix)
    return;
  const char *s = w->s;
  size_t n = w->len;
  char *buf = xmalloc(MAX_FORMS * (n + 4));
  t->forms_buf = buf;
  char *p = buf;
#define FORM(stem, stemlen, suffix)                                                                \
  do {                                                                                             \
    size_t sl_ = (stemlen), xl_ = strlen(suffix);                                                  \
    memcpy(p, (stem), sl_);                                                                        \
    memcpy(p + sl_, (suffix), xl_);                                                                \
    t->forms[t->nforms].s = p;                                                                     \
    t->forms[t->nforms].len = (uint32_t)(sl_ + xl_);                                               \
    t->forms[t->nforms].hash = hash_bytes(p, sl_ + xl_);                                           \
    t->nforms++;                                                                                   \
    p += sl_ + xl_;                                                                                \
  } while (0)
  FORM(s, n, "");
  if (n >= MIN_SINGULAR) {
    FORM(s, n, "s");
    FORM(s, n, "es");
    if (s[n - 1] == 'z')
      FORM(s, n - 1, "ces");
  }
  if (n >= MIN_SINGULAR + 1 && s[n - 1] == 's')
    FORM(s, n - 1, "");
  if (n >= MIN_SINGULAR + 2 && s[n - 2] == 'e' && s[n - 1] == 's')
    FORM(s, n - 2, "");
  if (n >= MIN_SINGULAR + 2 && !memcmp(s + n - 3, "ces", 3))
    FORM(s, n - 3, "z");
#undef FORM
}

/* ---- validation ---------------------------------------------------------- */

struct parse {
  struct vt_rule_errors *errs; /* may be NULL */
  bool bad;
  bool for_use; /* JIT-compile the regex */
};

static void fail(struct parse *p, const char *field, const char *key, const char *detail) {
  p->bad = true;
  struct vt_rule_errors *e = p->errs;
  if (!e)
    return;
  for (size_t i = 0; i < e->n && i < VT_RULES_MAX_ERRORS; i++)
    if (!strncmp(e->e[i].field, field, sizeof e->e[i].field - 1))
      return;
  if (e->n >= VT_RULES_MAX_ERRORS)
    return;
  struct vt_rule_error *x = &e->e[e->n++];
  snprintf(x->field, sizeof x->field, "%s", field);
  x->key = key;
  snprintf(x->detail, sizeof x->detail, "%s", detail ? detail : "");
}

/* obj[key], NULL when absent or null. */
static json_t *opt(const json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  return v && !json_is_null(v) ? v : NULL;
}

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A JSON string trimmed: *s and *n, false when blank. */
static bool trimmed(const json_t *v, const char **s, size_t *n) {
  const char *p = json_string_value(v);
  size_t len = json_string_length(v);
  while (len && is_space((unsigned char)*p))
    p++, len--;
  while (len && is_space((unsigned char)p[len - 1]))
    len--;
  *s = p;
  *n = len;
  return len > 0;
}

static bool no_controls(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
      return false;
  return true;
}

static bool code_ok(const char *s, size_t n, size_t max) {
  if (!n || n > max)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '.'))
      return false;
  }
  return true;
}

/* "es", "en", "es-ES", "ca-valencia": 2 or 3 letters, then subtags. */
static bool lang_ok(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
    i++;
  if (i < 2 || i > 3 || n > 15)
    return false;
  while (i < n) {
    if (s[i] != '-' && s[i] != '_')
      return false;
    size_t k = ++i;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                     (s[i] >= '0' && s[i] <= '9')))
      i++;
    if (i == k || i - k > 8)
      return false;
  }
  return true;
}

/* A list member obj[key]: NULL when absent, null or empty; records key_err
 * when it is not an array or is longer than max. */
static json_t *list(struct parse *p, const json_t *obj, const char *key, const char *path,
                    size_t max, const char *key_err) {
  json_t *v = opt(obj, key);
  if (!v)
    return NULL;
  if (!json_is_array(v) || json_array_size(v) > max) {
    fail(p, path, key_err, NULL);
    return NULL;
  }
  return json_array_size(v) ? v : NULL;
}

/* Strings of a list, trimmed, each accepted by ok(s, n, max). */
static char **string_list(struct parse *p, const json_t *obj, const char *key, const char *path,
                          size_t maxn, size_t maxlen, bool (*ok)(const char *, size_t, size_t),
                          const char *key_err, size_t *count) {
  *count = 0;
  json_t *a = list(p, obj, key, path, maxn, key_err);
  if (!a)
    return NULL;
  char **out = xcalloc(json_array_size(a), sizeof *out);
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) {
    const char *s;
    size_t n;
    if (!json_is_string(v) || !trimmed(v, &s, &n) || !ok(s, n, maxlen)) {
      fail(p, path, key_err, NULL);
      strings_release(out, *count);
      *count = 0;
      return NULL;
    }
    out[(*count)++] = xstrndup(s, n);
  }
  return out;
}

static bool lang_ok_max(const char *s, size_t n, size_t max) { return n <= max && lang_ok(s, n); }

/* A word or phrase as folded needles; false when it has no word, too many
 * words, or a prefix too short. */
static bool term_compile(const char *s, size_t n, struct term *t) {
  struct sbuf f = {0};
  fold_into(&f, s, n);
  struct needle words[MAX_TERM_WORDS];
  size_t nw = 0;
  const char *p = f.p, *end = f.p + f.len, *w;
  size_t len;
  bool ok = true;
  while (ok && next_word(&p, end, &w, &len)) {
    if (nw == MAX_TERM_WORDS) {
      ok = false;
      break;
    }
    bool prefix = p < end && *p == '*';
    if (prefix && utf8_chars(w, len) < MIN_PREFIX)
      ok = false;
    words[nw++] = (struct needle){xstrndup(w, len), (uint32_t)len, prefix};
  }
  free(f.p);
  if (!ok || !nw) {
    for (size_t i = 0; i < nw; i++)
      free(words[i].s);
    return false;
  }
  t->text = xstrndup(s, n);
  t->words = xmalloc(nw * sizeof *t->words);
  memcpy(t->words, words, nw * sizeof *words);
  t->nwords = nw;
  term_forms(t);
  return true;
}

static void terms_parse(struct parse *p, const json_t *when, const char *key, const char *path,
                        struct terms *out) {
  json_t *a = list(p, when, key, path, MAX_LIST, "field.rule.words");
  if (!a)
    return;
  out->t = xcalloc(json_array_size(a), sizeof *out->t);
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) {
    const char *s;
    size_t n;
    if (!json_is_string(v) || !trimmed(v, &s, &n) || n > MAX_TERM ||
        !term_compile(s, n, &out->t[out->n])) {
      fail(p, path, "field.rule.words", NULL);
      terms_release(out);
      return;
    }
    out->n++;
  }
}

static void hours_parse(struct parse *p, const json_t *when, struct rule *r) {
  static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  json_t *h = opt(when, "hours");
  if (h && json_is_object(h) && !json_object_size(h))
    h = NULL; /* {}: no constraint, like [] */
  json_t *out = opt(when, "outside_hours");
  if (out && !json_is_boolean(out))
    fail(p, "when.outside_hours", "field.type_bool", NULL);
  else if (json_is_true(out) && !h)
    fail(p, "when.outside_hours", "field.rule.outside_hours", NULL);
  if (!h)
    return;
  if (!vt_chat_hours_valid(h)) {
    fail(p, "when.hours", "field.hours", NULL);
    return;
  }
  /* Well formed, as chat_hours.c reads it: "HH:MM-HH:MM" ranges, commas. */
  struct hours *hs = xcalloc(1, sizeof *hs);
  for (int d = 0; d < 7; d++) {
    json_t *v = json_object_get(h, days[d]);
    if (!v)
      continue;
    for (const char *s = json_string_value(v); *s;) {
      while (*s == ' ' || *s == ',')
        s++;
      if (!*s)
        break;
      int h1, m1, h2, m2;
      if (sscanf(s, "%2d:%2d-%2d:%2d", &h1, &m1, &h2, &m2) != 4 || hs->n[d] == MAX_RANGES) {
        free(hs);
        fail(p, "when.hours", "field.hours", NULL);
        return;
      }
      hs->r[d][hs->n[d]++] = (struct range){(short)(h1 * 60 + m1), (short)(h2 * 60 + m2)};
      s += 11;
    }
  }
  r->hours = hs;
  r->outside_hours = json_is_true(out);
}

static void when_parse(struct parse *p, const json_t *when, struct rule *r) {
  static const char *const keys[] = {"channels",   "services",     "words_any",    "words_all",
                                     "words_none", "regex",        "citizen_lang", "citizen_has",
                                     "hours",      "outside_hours"};
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)when, key, v) {
    bool known = false;
    for (size_t i = 0; i < sizeof keys / sizeof *keys && !known; i++)
      known = !strcmp(key, keys[i]);
    if (!known) {
      char path[32];
      snprintf(path, sizeof path, "when.%s", key);
      fail(p, path, "field.unknown_field", NULL);
    }
  }

  json_t *a = list(p, when, "channels", "when.channels", 2 * VT_CH__COUNT, "field.rule.channels");
  size_t i;
  json_array_foreach(a, i, v) {
    int c = vt_channel_parse(json_string_value(v));
    if (c < 0) {
      fail(p, "when.channels", "field.rule.channels", NULL);
      r->channels = 0;
      break;
    }
    r->channels |= 1u << c;
  }

  r->services = string_list(p, when, "services", "when.services", MAX_LIST, MAX_SERVICE, code_ok,
                            "field.rule.services", &r->nservices);
  terms_parse(p, when, "words_any", "when.words_any", &r->any);
  terms_parse(p, when, "words_all", "when.words_all", &r->all);
  terms_parse(p, when, "words_none", "when.words_none", &r->none);

  json_t *rx = opt(when, "regex");
  if (rx && !json_is_string(rx)) {
    fail(p, "when.regex", "field.type_string", NULL);
  } else if (rx && json_string_length(rx) > VT_RULES_REGEX_MAX) {
    fail(p, "when.regex", "field.rule.regex_too_long", NULL);
  } else if (rx && json_string_length(rx)) {
    int code;
    PCRE2_SIZE off;
    r->re = pcre2_compile((PCRE2_SPTR)json_string_value(rx), json_string_length(rx),
                          PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_USE_OFFSET_LIMIT |
                              PCRE2_NEVER_BACKSLASH_C,
                          &code, &off, NULL);
    if (!r->re) {
      PCRE2_UCHAR msg[96];
      char detail[128];
      if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", code);
      snprintf(detail, sizeof detail, "%s at offset %zu", (const char *)msg, (size_t)off);
      fail(p, "when.regex", "field.rule.regex", detail);
    } else if (p->for_use) {
      size_t jit_size = 0;
      if (pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE) == 0) /* else the interpreter runs it */
        pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &jit_size);
      r->rx_window = jit_size ? WINDOW_JIT : WINDOW_INTERP;
    }
  }

  r->langs = string_list(p, when, "citizen_lang", "when.citizen_lang", MAX_LANGS, 15, lang_ok_max,
                         "field.rule.citizen_lang", &r->nlangs);

  a = list(p, when, "citizen_has", "when.citizen_has", 3, "field.rule.citizen_has");
  json_array_foreach(a, i, v) {
    const char *s = json_string_value(v);
    if (s && !strcmp(s, "national_id"))
      r->need_national_id = true;
    else if (s && !strcmp(s, "email"))
      r->need_email = true;
    else if (s && !strcmp(s, "phone"))
      r->need_phone = true;
    else {
      fail(p, "when.citizen_has", "field.rule.citizen_has", NULL);
      break;
    }
  }

  hours_parse(p, when, r);
}

static void then_parse(struct parse *p, const json_t *then, struct rule *r) {
  static const char *const keys[] = {"department", "service",    "priority",     "tags",
                                     "assign",     "auto_reply", "confidential", "stop"};
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)then, key, v) {
    bool known = false;
    for (size_t i = 0; i < sizeof keys / sizeof *keys && !known; i++)
      known = !strcmp(key, keys[i]);
    if (!known) {
      char path[32];
      snprintf(path, sizeof path, "then.%s", key);
      fail(p, path, "field.unknown_field", NULL);
    }
  }
  const char *s;
  size_t n;

  if ((v = opt(then, "department"))) {
    if (!json_is_string(v))
      fail(p, "then.department", "field.type_string", NULL);
    else if (trimmed(v, &s, &n) && !code_ok(s, n, MAX_DEPARTMENT))
      fail(p, "then.department", "field.rule.code", NULL);
    else if (n) {
      r->department = xstrndup(s, n);
      r->set |= VT_RA_DEPARTMENT;
    }
  }
  if ((v = opt(then, "service"))) {
    if (!json_is_string(v))
      fail(p, "then.service", "field.type_string", NULL);
    else if (trimmed(v, &s, &n) && !code_ok(s, n, MAX_SERVICE))
      fail(p, "then.service", "field.rule.code", NULL);
    else if (n) {
      r->service = xstrndup(s, n);
      r->set |= VT_RA_SERVICE;
    }
  }
  if ((v = opt(then, "priority"))) {
    int pr = vt_priority_parse(json_string_value(v));
    if (pr < 0) {
      fail(p, "then.priority", "field.rule.priority", NULL);
    } else {
      r->priority = (enum vt_priority)pr;
      r->set |= VT_RA_PRIORITY;
    }
  }
  if ((v = opt(then, "assign"))) {
    int as = vt_assign_parse(json_string_value(v));
    if (as < 0) {
      fail(p, "then.assign", "field.rule.assign", NULL);
    } else {
      r->assign = (enum vt_assign)as;
      r->set |= VT_RA_ASSIGN;
    }
  }
  json_t *a = list(p, then, "tags", "then.tags", VT_RULES_MAX_TAGS, "field.rule.tags");
  size_t i;
  json_array_foreach(a, i, v) {
    if (!json_is_string(v) || !trimmed(v, &s, &n) || n > MAX_TAG || !no_controls(s, n)) {
      fail(p, "then.tags", "field.rule.tags", NULL);
      break;
    }
    r->tags[r->ntags++] = xstrndup(s, n);
    r->set |= VT_RA_TAGS;
  }
  if ((v = opt(then, "auto_reply"))) {
    if (!json_is_string(v))
      fail(p, "then.auto_reply", "field.type_string", NULL);
    else if (trimmed(v, &s, &n) && n > MAX_AUTO_REPLY)
      fail(p, "then.auto_reply", "field.too_long", NULL);
    else if (n) {
      r->auto_reply = xstrndup(s, n);
      r->set |= VT_RA_AUTO_REPLY;
    }
  }
  if ((v = opt(then, "confidential"))) {
    if (!json_is_boolean(v))
      fail(p, "then.confidential", "field.type_bool", NULL);
    else if (json_is_true(v))
      r->set |= VT_RA_CONFIDENTIAL; /* false is "no opinion": see rules.h */
  }
  r->stop = true;
  if ((v = opt(then, "stop"))) {
    if (!json_is_boolean(v))
      fail(p, "then.stop", "field.type_bool", NULL);
    else
      r->stop = json_is_true(v);
  }
}

static void rule_parse(struct parse *p, const json_t *j, struct rule *r) {
  static const char *const keys[] = {"id", "name", "position", "active", "when", "then"};
  if (!json_is_object(j)) {
    fail(p, "rule", "field.type_object", NULL);
    return;
  }
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)j, key, v) {
    bool known = false;
    for (size_t i = 0; i < sizeof keys / sizeof *keys && !known; i++)
      known = !strcmp(key, keys[i]);
    if (!known)
      fail(p, key, "field.unknown_field", NULL);
  }
  if ((v = opt(j, "id"))) {
    if (!json_is_integer(v) || json_integer_value(v) < 1)
      fail(p, "id", "field.type_integer", NULL);
    else
      r->id = json_integer_value(v);
  }
  const char *s;
  size_t n;
  v = opt(j, "name");
  if (!v)
    fail(p, "name", "field.required", NULL);
  else if (!json_is_string(v))
    fail(p, "name", "field.type_string", NULL);
  else if (!trimmed(v, &s, &n))
    fail(p, "name", "field.required", NULL);
  else if (n > MAX_NAME)
    fail(p, "name", "field.too_long", NULL);
  else
    r->name = xstrndup(s, n);
  v = opt(j, "position");
  if (!v)
    fail(p, "position", "field.required", NULL);
  else if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > MAX_POSITION)
    fail(p, "position", "field.rule.position", NULL);
  else
    r->position = (long)json_integer_value(v);
  if ((v = opt(j, "active")) && !json_is_boolean(v))
    fail(p, "active", "field.type_bool", NULL);

  json_t *when = opt(j, "when"), *then = opt(j, "then");
  if (when && !json_is_object(when))
    fail(p, "when", "field.type_object", NULL);
  else if (when)
    when_parse(p, when, r);
  r->stop = true;
  if (then && !json_is_object(then))
    fail(p, "then", "field.type_object", NULL);
  else if (then)
    then_parse(p, then, r);
  r->has_conditions = r->channels || r->nservices || r->any.n || r->all.n || r->none.n || r->re ||
                      r->nlangs || r->need_national_id || r->need_email || r->need_phone ||
                      r->hours;
}

bool vt_rules_validate(const json_t *rule, struct vt_rule_errors *errs) {
  struct parse p = {errs, false, false};
  struct rule r = {0};
  rule_parse(&p, rule, &r);
  rule_release(&r);
  return !p.bad;
}

/* ---- loading ------------------------------------------------------------- */

static int rule_cmp(const void *a, const void *b) {
  const struct rule *x = a, *y = b;
  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

void vt_rules_free(struct vt_rules *rules) {
  if (!rules)
    return;
  for (size_t i = 0; i < rules->n; i++)
    rule_release(&rules->r[i]);
  free(rules->r);
  pcre2_match_context_free(rules->mctx);
  free(rules);
}

size_t vt_rules_count(const struct vt_rules *rules) { return rules ? rules->n : 0; }

struct vt_rules *vt_rules_load_json(const json_t *array, char *err, size_t errsz) {
  if (!json_is_array(array)) {
    snprintf(err, errsz, "rules: not a JSON array");
    return NULL;
  }
  struct vt_rules *rs = xcalloc(1, sizeof *rs);
  rs->r = xcalloc(json_array_size(array), sizeof *rs->r);
  size_t i;
  json_t *j;
  json_array_foreach(array, i, j) {
    if (json_is_false(json_object_get(j, "active")))
      continue;
    struct vt_rule_errors errs = {0};
    struct parse p = {&errs, false, true};
    struct rule *r = &rs->r[rs->n];
    rule_parse(&p, j, r);
    if (p.bad) {
      const struct vt_rule_error *e = &errs.e[0];
      snprintf(err, errsz, "rule %zu (id %lld): %s: %s%s%s%s", i, (long long)r->id, e->field,
               e->key, *e->detail ? " (" : "", e->detail, *e->detail ? ")" : "");
      rule_release(r);
      vt_rules_free(rs);
      return NULL;
    }
    r->order = i;
    rs->n++;
  }
  qsort(rs->r, rs->n, sizeof *rs->r, rule_cmp);
  rs->mctx = pcre2_match_context_create(NULL);
  if (!rs->mctx)
    abort();
  pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
  pcre2_set_heap_limit(rs->mctx, HEAP_LIMIT_KIB);
  return rs;
}

struct vt_rules *vt_rules_load(const char *json_array_text, char *err, size_t errsz) {
  json_error_t je;
  json_t *a = json_array_text ? json_loads(json_array_text, 0, &je) : NULL;
  if (!a) {
    snprintf(err, errsz, "rules: %s", json_array_text ? je.text : "no text");
    return NULL;
  }
  struct vt_rules *rs = vt_rules_load_json(a, err, errsz);
  json_decref(a);
  return rs;
}

/* ---- deciding ------------------------------------------------------------ */

struct tok {
  const char *s;
  uint32_t len, hash;
  int32_t next; /* previous occurrence of the same word, -1 */
};

/* Per-decision state, built lazily: a decision whose rules test no words
 * never folds the text, and one without regexes never touches PCRE2. */
struct decide {
  const struct vt_rules *rules;
  const struct vt_route_ctx *ctx;
  /* subject "\n" body, at most VT_RULES_SCAN_MAX bytes, valid UTF-8 */
  bool scan_ready;
  struct sbuf scan;
  /* its folded words */
  bool words_ready;
  struct sbuf folded;
  struct tok *toks;
  size_t ntoks;
  int32_t *table; /* open addressing: the latest occurrence of each word, -1 */
  uint32_t mask;
  uint32_t *slots; /* the used slots of table, one per distinct word */
  size_t nslots;
  /* local time */
  bool time_ready, time_ok;
  int day, minute;
  /* PCRE2 */
  pcre2_match_context *mctx;
  pcre2_match_data *md;
  pcre2_jit_stack *jit;
  int64_t rx_spent_ns;
  bool rx_over;
};

static void scan_prepare(struct decide *d) {
  if (d->scan_ready)
    return;
  d->scan_ready = true;
  const char *parts[3] = {d->ctx->subject ? d->ctx->subject : "", "\n",
                          d->ctx->body ? d->ctx->body : ""};
  struct sbuf *b = &d->scan;
  sb_reserve(b, VT_RULES_SCAN_MAX);
  for (int i = 0; i < 3; i++) {
    const unsigned char *u = (const unsigned char *)parts[i];
    while (*u && b->len < VT_RULES_SCAN_MAX) {
      if (*u < 0x80) {
        b->p[b->len++] = (char)*u++;
        continue;
      }
      utf8proc_int32_t cp;
      utf8proc_ssize_t k = utf8proc_iterate(u, 4, &cp);
      if (k <= 0) {
        b->p[b->len++] = '?'; /* so PCRE2 may skip its own UTF check */
        u++;
      } else if (b->len + (size_t)k > VT_RULES_SCAN_MAX) {
        break;
      } else {
        memcpy(b->p + b->len, u, (size_t)k);
        b->len += (size_t)k;
        u += k;
      }
    }
  }
  b->p[b->len] = '\0';
}

static void words_prepare(struct decide *d) {
  if (d->words_ready)
    return;
  d->words_ready = true;
  scan_prepare(d);
  fold_into(&d->folded, d->scan.p, d->scan.len);
  size_t cap = 64;
  d->toks = xmalloc(cap * sizeof *d->toks);
  const char *p = d->folded.p, *end = d->folded.p + d->folded.len, *w;
  size_t len;
  while (next_word(&p, end, &w, &len)) {
    if (d->ntoks == cap) {
      cap *= 2;
      struct tok *t = realloc(d->toks, cap * sizeof *t);
      if (!t)
        abort();
      d->toks = t;
    }
    d->toks[d->ntoks++] = (struct tok){w, (uint32_t)len, hash_bytes(w, len), -1};
  }
  uint32_t size = 16;
  while (size < 2 * d->ntoks)
    size *= 2;
  d->mask = size - 1;
  d->table = xmalloc(size * sizeof *d->table);
  memset(d->table, 0xff, size * sizeof *d->table);
  d->slots = xmalloc((d->ntoks ? d->ntoks : 1) * sizeof *d->slots);
  for (size_t i = 0; i < d->ntoks; i++) {
    struct tok *t = &d->toks[i];
    uint32_t s = t->hash & d->mask;
    for (;; s = (s + 1) & d->mask) {
      int32_t k = d->table[s];
      if (k < 0) {
        d->slots[d->nslots++] = s;
        break;
      }
      if (d->toks[k].hash == t->hash && d->toks[k].len == t->len &&
          !memcmp(d->toks[k].s, t->s, t->len)) {
        t->next = k;
        break;
      }
    }
    d->table[s] = (int32_t)i;
  }
}

static int32_t lookup(const struct decide *d, const char *s, uint32_t len, uint32_t hash) {
  for (uint32_t i = hash & d->mask;; i = (i + 1) & d->mask) {
    int32_t k = d->table[i];
    if (k < 0)
      return -1;
    const struct tok *t = &d->toks[k];
    if (t->hash == hash && t->len == len && !memcmp(t->s, s, len))
      return k;
  }
}

static bool needle_matches(const struct tok *t, const struct needle *w) {
  if (w->prefix)
    return t->len >= w->len && !memcmp(t->s, w->s, w->len);
  return related(t->s, t->len, w->s, w->len);
}

/* Whether the phrase's words from the second on follow the token at i. */
static bool phrase_at(const struct decide *d, size_t i, const struct term *term) {
  if (i + term->nwords > d->ntoks)
    return false;
  for (size_t k = 1; k < term->nwords; k++)
    if (!needle_matches(&d->toks[i + k], &term->words[k]))
      return false;
  return true;
}

static bool term_found(struct decide *d, const struct term *term) {
  words_prepare(d);
  const struct needle *w0 = &term->words[0];
  if (w0->prefix) {
    for (size_t u = 0; u < d->nslots; u++) {
      int32_t k = d->table[d->slots[u]];
      if (!needle_matches(&d->toks[k], w0))
        continue;
      for (; k >= 0; k = d->toks[k].next)
        if (phrase_at(d, (size_t)k, term))
          return true;
    }
    return false;
  }
  for (int f = 0; f < term->nforms; f++)
    for (int32_t k = lookup(d, term->forms[f].s, term->forms[f].len, term->forms[f].hash); k >= 0;
         k = d->toks[k].next)
      if (phrase_at(d, (size_t)k, term))
        return true;
  return false;
}

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* 1 with the match's offsets, 0 for no match, -1 when PCRE2 gave up (a
 * limit) or the decision's regex time is spent. */
static int regex_match(struct decide *d, const pcre2_code *re, size_t window, size_t *from,
                       size_t *to) {
  if (d->rx_over)
    return -1;
  scan_prepare(d);
  if (!d->mctx) {
    d->mctx = pcre2_match_context_copy(d->rules->mctx);
    d->md = pcre2_match_data_create(1, NULL);
    if (!d->mctx || !d->md)
      abort();
    /* PCRE2's JIT otherwise has 32 KiB of machine stack, which a greedy
     * group over a long text can exhaust. */
    d->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
    if (d->jit)
      pcre2_jit_stack_assign(d->mctx, NULL, d->jit);
  }
  const char *s = d->scan.p;
  size_t len = d->scan.len, start = 0;
  if (!window)
    window = WINDOW_INTERP;
  int64_t t0 = now_ns();
  int result = 0;
  for (;;) {
    size_t limit = start + window - 1 < len ? start + window - 1 : len;
    pcre2_set_offset_limit(d->mctx, limit);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, d->md, d->mctx);
    if (rc >= 0) {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
      *from = ov[0];
      *to = ov[1] >= ov[0] ? ov[1] : ov[0]; /* \K can put the end first */
      result = 1;
      break;
    }
    if (rc != PCRE2_ERROR_NOMATCH) {
      result = -1;
      break;
    }
    if (limit >= len)
      break;
    if (d->rx_spent_ns + (now_ns() - t0) > (int64_t)VT_RULES_REGEX_BUDGET_MS * 1000000) {
      d->rx_over = true;
      result = -1;
      break;
    }
    start = limit + 1;
    while (start < len && ((unsigned char)s[start] & 0xC0) == 0x80)
      start++;
  }
  d->rx_spent_ns += now_ns() - t0;
  return result;
}

static bool local_time(struct decide *d) {
  if (d->time_ready)
    return d->time_ok;
  d->time_ready = true;
  const char *zone = d->ctx->timezone;
  GTimeZone *tz = zone && *zone ? g_time_zone_new_identifier(zone) : NULL;
  if (!tz)
    tz = g_time_zone_new_utc();
  GDateTime *utc = g_date_time_new_from_unix_utc(d->ctx->at_ms / 1000);
  GDateTime *local = utc ? g_date_time_to_timezone(utc, tz) : NULL;
  if (local) {
    d->day = g_date_time_get_day_of_week(local) - 1; /* GLib: 1 is Monday */
    d->minute = g_date_time_get_hour(local) * 60 + g_date_time_get_minute(local);
    d->time_ok = true;
    g_date_time_unref(local);
  }
  if (utc)
    g_date_time_unref(utc);
  g_time_zone_unref(tz);
  return d->time_ok;
}

static bool lang_matches(const char *want, const char *have) {
  size_t n = strlen(want);
  return have && !strncasecmp(have, want, n) &&
         (have[n] == '\0' || have[n] == '-' || have[n] == '_');
}

/* What made a rule match, for its explanation. */
struct why {
  const struct term *any; /* the words_any term found */
  bool regex;
  size_t rx_from, rx_to;
  bool inside;
};

/* Cheap conditions first; words, hours and the regex only when the rest hold. */
static bool rule_holds(struct decide *d, const struct rule *r, struct why *why,
                       struct vt_route_decision *out) {
  const struct vt_route_ctx *c = d->ctx;
  memset(why, 0, sizeof *why);
  if (r->channels && ((unsigned)c->channel >= VT_CH__COUNT || !(r->channels & (1u << c->channel))))
    return false;
  if (r->nservices) {
    bool ok = false;
    for (size_t i = 0; i < r->nservices && !ok; i++)
      ok = c->service_code && !strcmp(c->service_code, r->services[i]);
    if (!ok)
      return false;
  }
  if (r->nlangs) {
    bool ok = false;
    for (size_t i = 0; i < r->nlangs && !ok; i++)
      ok = lang_matches(r->langs[i], c->citizen_lang);
    if (!ok)
      return false;
  }
  if ((r->need_national_id && !c->has_national_id) || (r->need_email && !c->has_email) ||
      (r->need_phone && !c->has_phone))
    return false;
  if (r->any.n) {
    for (size_t i = 0; i < r->any.n && !why->any; i++)
      if (term_found(d, &r->any.t[i]))
        why->any = &r->any.t[i];
    if (!why->any)
      return false;
  }
  for (size_t i = 0; i < r->all.n; i++)
    if (!term_found(d, &r->all.t[i]))
      return false;
  for (size_t i = 0; i < r->none.n; i++)
    if (term_found(d, &r->none.t[i]))
      return false;
  if (r->hours) {
    bool inside = false;
    if (local_time(d))
      for (int i = 0; i < r->hours->n[d->day] && !inside; i++)
        inside = d->minute >= r->hours->r[d->day][i].from && d->minute < r->hours->r[d->day][i].to;
    if (inside == r->outside_hours)
      return false;
    why->inside = inside;
  }
  if (r->re) {
    int m = regex_match(d, r->re, r->rx_window, &why->rx_from, &why->rx_to);
    if (m < 0 && !out->regex_aborted) {
      out->regex_aborted = true;
      out->regex_aborted_position = r->position;
    }
    if (m <= 0)
      return false;
    why->regex = true;
  }
  return true;
}

/* ---- explanations -------------------------------------------------------- */

static void sep(struct vt_buf *b, bool *first) {
  if (!*first)
    vt_buf_append(b, ", ");
  *first = false;
}

/* Up to five terms, quoted, separated by ", ". */
static void quote_terms(struct vt_buf *b, const struct terms *ts, const struct term *lead,
                        const char *open, const char *close, bool *any) {
  size_t shown = 0;
  if (lead) {
    vt_buf_appendf(b, "%s%s%s", open, lead->text, close);
    shown++;
    *any = true;
  }
  for (size_t i = 0; ts && i < ts->n; i++) {
    if (shown == 5) {
      vt_buf_append(b, ", …");
      return;
    }
    vt_buf_appendf(b, "%s%s%s%s", *any ? ", " : "", open, ts->t[i].text, close);
    shown++;
    *any = true;
  }
}

/* The regex's match: at most EXCERPT_CHARS characters, control characters
 * as spaces. */
static void excerpt(struct vt_buf *b, const char *s, size_t from, size_t to) {
  size_t chars = 0, i = from;
  while (i < to && chars < EXCERPT_CHARS) {
    size_t k = 1;
    while (i + k < to && ((unsigned char)s[i + k] & 0xC0) == 0x80)
      k++;
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
      vt_buf_append(b, " ");
    else
      vt_buf_append_mem(b, s + i, k);
    i += k;
    chars++;
  }
  if (i < to)
    vt_buf_append(b, "…");
}

static void explain(struct vt_buf *es, struct vt_buf *en, const struct decide *d,
                    const struct rule *r, const struct why *why) {
  static const char *const days_es[] = {"lunes",   "martes", "miércoles", "jueves",
                                        "viernes", "sábado", "domingo"};
  static const char *const days_en[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
  const struct vt_route_ctx *c = d->ctx;
  if (es->len) {
    vt_buf_append(es, "; ");
    vt_buf_append(en, "; ");
  }
  vt_buf_appendf(es, "regla %ld «%s»: ", r->position, r->name);
  vt_buf_appendf(en, "rule %ld “%s”: ", r->position, r->name);
  bool fe = true, fn = true;
  if (!r->has_conditions) {
    vt_buf_append(es, "sin condiciones");
    vt_buf_append(en, "no conditions");
    return;
  }
  if (r->channels) {
    sep(es, &fe), sep(en, &fn);
    vt_buf_appendf(es, "canal %s", vt_channel_name(c->channel));
    vt_buf_appendf(en, "channel %s", vt_channel_name(c->channel));
  }
  if (r->nservices) {
    sep(es, &fe), sep(en, &fn);
    vt_buf_appendf(es, "servicio %s", c->service_code);
    vt_buf_appendf(en, "service %s", c->service_code);
  }
  if (why->any || r->all.n) {
    bool q = false;
    sep(es, &fe), sep(en, &fn);
    vt_buf_append(es, "el asunto o el texto contienen ");
    quote_terms(es, &r->all, why->any, "«", "»", &q);
    q = false;
    vt_buf_append(en, "the subject or text contain ");
    quote_terms(en, &r->all, why->any, "“", "”", &q);
  }
  if (r->none.n) {
    bool q = false;
    sep(es, &fe), sep(en, &fn);
    vt_buf_append(es, "sin ");
    quote_terms(es, &r->none, NULL, "«", "»", &q);
    q = false;
    vt_buf_append(en, "without ");
    quote_terms(en, &r->none, NULL, "“", "”", &q);
  }
  if (why->regex) {
    sep(es, &fe), sep(en, &fn);
    vt_buf_append(es, "la expresión regular encuentra «");
    excerpt(es, d->scan.p, why->rx_from, why->rx_to);
    vt_buf_append(es, "»");
    vt_buf_append(en, "the regular expression finds “");
    excerpt(en, d->scan.p, why->rx_from, why->rx_to);
    vt_buf_append(en, "”");
  }
  if (r->nlangs) {
    sep(es, &fe), sep(en, &fn);
    vt_buf_appendf(es, "idioma %s", c->citizen_lang);
    vt_buf_appendf(en, "language %s", c->citizen_lang);
  }
  if (r->need_national_id) {
    sep(es, &fe), sep(en, &fn);
    vt_buf_append(es, "con DNI/NIE");
    vt_buf_append(en, "with a national ID");
  }
  if (r->need_email) {
    sep(es, &fe), sep(en, &fn);
    vt_buf_append(es, "con correo electrónico");
    vt_buf_append(en, "with an email address");
  }
  if (r->need_phone) {
    sep(es, &fe), sep(en, &fn);
    vt_buf_append(es, "con teléfono");
    vt_buf_append(en, "with a phone number");
  }
  if (r->hours) {
    const char *zone = c->timezone && *c->timezone ? c->timezone : "UTC";
    sep(es, &fe), sep(en, &fn);
    if (d->time_ok) {
      vt_buf_appendf(es, "%s del horario (%s %02d:%02d, %s)", why->inside ? "dentro" : "fuera",
                     days_es[d->day], d->minute / 60, d->minute % 60, zone);
      vt_buf_appendf(en, "%s service hours (%s %02d:%02d, %s)", why->inside ? "within" : "outside",
                     days_en[d->day], d->minute / 60, d->minute % 60, zone);
    } else {
      vt_buf_append(es, "fuera del horario");
      vt_buf_append(en, "outside service hours");
    }
  }
}

/* ---- the decision -------------------------------------------------------- */

static unsigned merge(struct vt_route_decision *out, const struct rule *r) {
  unsigned add = r->set & ~out->set & ~(unsigned)VT_RA_TAGS;
  if (add & VT_RA_DEPARTMENT)
    out->department = r->department;
  if (add & VT_RA_SERVICE)
    out->service = r->service;
  if (add & VT_RA_PRIORITY)
    out->priority = r->priority;
  if (add & VT_RA_ASSIGN)
    out->assign = r->assign;
  if (add & VT_RA_AUTO_REPLY)
    out->auto_reply = r->auto_reply;
  if (add & VT_RA_CONFIDENTIAL)
    out->confidential = true;
  for (size_t i = 0; i < r->ntags && out->ntags < VT_RULES_MAX_TAGS; i++) {
    bool dup = false;
    for (size_t k = 0; k < out->ntags && !dup; k++)
      dup = !strcmp(out->tags[k], r->tags[i]);
    if (!dup) {
      out->tags[out->ntags++] = r->tags[i];
      add |= VT_RA_TAGS;
    }
  }
  out->set |= add;
  return add;
}

bool vt_rules_decide(const struct vt_rules *rules, const struct vt_route_ctx *ctx,
                     struct vt_route_decision *out) {
  memset(out, 0, sizeof *out);
  out->priority = VT_PR_NORMAL;
  out->assign = VT_ASSIGN_NONE;
  struct decide d = {.rules = rules, .ctx = ctx};
  struct vt_buf es = VT_BUF_INIT, en = VT_BUF_INIT;
  for (size_t i = 0; rules && i < rules->n; i++) {
    const struct rule *r = &rules->r[i];
    struct why why;
    if (!rule_holds(&d, r, &why, out))
      continue;
    struct vt_route_match *m = &out->matches[out->nmatches++];
    m->id = r->id;
    m->position = r->position;
    m->name = r->name;
    m->actions = merge(out, r);
    explain(&es, &en, &d, r, &why);
    if (r->stop || out->nmatches == VT_RULES_MAX_MATCHES)
      break;
  }
  out->matched = out->nmatches > 0;
  if (!out->matched) {
    vt_buf_append(&es, "ninguna regla coincide");
    vt_buf_append(&en, "no rule matched");
  }
  out->explain_es = vt_buf_steal(&es);
  out->explain_en = vt_buf_steal(&en);
  free(d.scan.p);
  free(d.folded.p);
  free(d.toks);
  free(d.table);
  free(d.slots);
  pcre2_match_data_free(d.md);
  pcre2_match_context_free(d.mctx);
  pcre2_jit_stack_free(d.jit);
  return out->matched;
}

void vt_route_decision_release(struct vt_route_decision *d) {
  if (!d)
    return;
  free(d->explain_es);
  free(d->explain_en);
  d->explain_es = d->explain_en = NULL;
}
