/* The message catalogue, compiled from i18n_catalog.def. */
#include "util/i18n.h"

#include <string.h>
#include <strings.h>

struct row {
  const char *key, *es, *en;
};

static const struct row catalog[] = {
#define MSG(key, es, en) {key, es, en},
#include "util/i18n_catalog.def"
#undef MSG
};
#define N_ROWS (sizeof catalog / sizeof catalog[0])

enum vt_lang vt_lang_negotiate(const char *h) {
  /* The first supported language in the header's order; q-values are rarely
   * out of order in practice and Spanish wins ties as the default. */
  if (!h)
    return VT_LANG_ES;
  for (const char *p = h; *p;) {
    while (*p == ' ' || *p == ',')
      p++;
    if (!strncasecmp(p, "es", 2) && (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
      return VT_LANG_ES;
    if (!strncasecmp(p, "en", 2) && (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
      return VT_LANG_EN;
    const char *comma = strchr(p, ',');
    if (!comma)
      break;
    p = comma + 1;
  }
  return VT_LANG_ES;
}

const char *vt_lang_code(enum vt_lang lang) { return lang == VT_LANG_EN ? "en" : "es"; }

const char *vt_i18n(enum vt_lang lang, const char *key) {
  for (size_t i = 0; i < N_ROWS; i++)
    if (!strcmp(catalog[i].key, key))
      return lang == VT_LANG_EN ? catalog[i].en : catalog[i].es;
  return key;
}

unsigned vt_i18n_count(void) { return (unsigned)N_ROWS; }

void vt_i18n_row(unsigned i, const char **key, const char **es, const char **en) {
  *key = catalog[i].key;
  *es = catalog[i].es;
  *en = catalog[i].en;
}
