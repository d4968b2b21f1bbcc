/* The message catalogue: every user-facing text has a key and a Spanish and
 * an English form. Spanish is the default language. */
#ifndef VT_I18N_H
#define VT_I18N_H

enum vt_lang { VT_LANG_ES, VT_LANG_EN };

/* Picks the best supported language from an Accept-Language header (NULL ok). */
enum vt_lang vt_lang_negotiate(const char *accept_language);
const char *vt_lang_code(enum vt_lang lang);
/* The text for key in lang; the key itself if the catalogue lacks it (a bug
 * the catalogue test catches). Returned text is static. */
const char *vt_i18n(enum vt_lang lang, const char *key);
/* For tests: the catalogue as rows. Returns the number of rows. */
unsigned vt_i18n_count(void);
void vt_i18n_row(unsigned i, const char **key, const char **es, const char **en);

#endif
