/* Unit tests for routing/text: folding, words, stop words and stems of
 * Spanish and English requests, and the bounds on hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/text.h"

/* The terms of text joined by spaces, for readable comparisons. */
static char *terms_of(const char *text, const char *lang) {
  static char joined[4096];
  struct vt_terms t;
  size_t n = vt_text_terms(text, lang, &t);
  assert_int_equal(n, t.n);
  joined[0] = '\0';
  for (size_t i = 0; i < t.n; i++) {
    if (i)
      strncat(joined, " ", sizeof joined - strlen(joined) - 1);
    strncat(joined, t.v[i], sizeof joined - strlen(joined) - 1);
  }
  vt_terms_release(&t);
  return joined;
}

static size_t count_terms(const char *text, const char *lang) {
  struct vt_terms t;
  size_t n = vt_text_terms(text, lang, &t);
  vt_terms_release(&t);
  return n;
}

static void assert_same_terms(const char *a, const char *b, const char *lang) {
  char first[4096];
  snprintf(first, sizeof first, "%s", terms_of(a, lang));
  const char *second = terms_of(b, lang);
  if (strcmp(first, second))
    print_error("\"%s\" -> [%s]\n\"%s\" -> [%s]\n", a, first, b, second);
  assert_string_equal(first, second);
}

/* ---- vt_text_fold ------------------------------------------------------- */

static void test_fold_accents_and_case(void **state) {
  (void)state;
  char out[64];
  assert_int_equal(vt_text_fold("Padrón", out, sizeof out), 6);
  assert_string_equal(out, "padron");
  vt_text_fold("BECAS", out, sizeof out);
  assert_string_equal(out, "becas");
  vt_text_fold("ÑANDÚ Güell", out, sizeof out);
  assert_string_equal(out, "nandu guell");
  vt_text_fold("\xef\xac\x81"
               "cha",
               out, sizeof out); /* the "fi" ligature: NFKC */
  assert_string_equal(out, "ficha");
  vt_text_fold("pa\xc2\xad"
               "drón",
               out, sizeof out); /* soft hyphen: ignorable */
  assert_string_equal(out, "padron");
  vt_text_fold("Stra\xc3\x9f"
               "e",
               out, sizeof out); /* German sharp s: case folding */
  assert_string_equal(out, "strasse");
}

static void test_fold_truncates_at_character(void **state) {
  (void)state;
  char out[4];
  /* Greek keeps no marks once folded but stays two bytes a letter: "ωμ"
   * would need 4 bytes plus the NUL, so only "ω" fits. */
  assert_int_equal(vt_text_fold("Ωμέγα", out, sizeof out), 2);
  assert_string_equal(out, "\xcf\x89");
  assert_int_equal(vt_text_fold("abc", out, 1), 0);
  assert_string_equal(out, "");
  assert_int_equal(vt_text_fold("abc", out, 0), 0);
  assert_int_equal(vt_text_fold(NULL, out, sizeof out), 0);
  assert_string_equal(out, "");
}

static void test_fold_invalid_utf8(void **state) {
  (void)state;
  char out[64];
  vt_text_fold("a\xff"
               "b\xc3",
               out, sizeof out);
  assert_string_equal(out, "a b ");
}

/* ---- Spanish terms ------------------------------------------------------ */

static void test_terms_plural_case_and_stop_words(void **state) {
  (void)state;
  assert_same_terms("Becas de comedor", "beca comedor", "es");
  assert_string_equal(terms_of("Becas de comedor", "es"), "bec comedor");
  assert_same_terms("BECAS DE COMEDOR", "becas comedores", "es");
}

static void test_terms_accents(void **state) {
  (void)state;
  assert_same_terms("Padrón", "padron", "es");
  assert_string_equal(terms_of("Padrón", "es"), "padron");
  assert_same_terms("plusvalía", "plusvalia", "es");
  assert_same_terms("Inscripción", "inscripcion", "es");
}

static void test_terms_share_stems(void **state) {
  (void)state;
  /* The verb, the noun and the participle of the same procedure. */
  assert_same_terms("empadronarme", "empadronamiento", "es");
  assert_same_terms("empadronado", "empadronar", "es");
  /* "-ción" with and without its accent, singular and plural. */
  assert_same_terms("información", "informaciones", "es");
  assert_same_terms("informacion", "informaciones", "es");
  /* Short words starting with a vowel keep no plural "s". */
  assert_same_terms("obras", "obra", "es");
  assert_same_terms("licencias", "licencia", "es");
  assert_same_terms("solicitudes", "solicitud", "es");
}

static void test_terms_sentence(void **state) {
  (void)state;
  const char *s = terms_of("Hola, buenos días: quería solicitar información sobre las BECAS de "
                           "comedor para mi hijo, por favor. ¡Gracias!",
                           "es");
  assert_string_equal(s, "solicit inform bec comedor hij");
}

static void test_terms_only_stop_words(void **state) {
  (void)state;
  assert_int_equal(count_terms("Hola, buenos días. Muchas gracias por todo, un saludo", "es"), 0);
  assert_int_equal(count_terms("y a o e ¿qué? ¡sí! él, tú, más", "es"), 0);
  assert_int_equal(count_terms("Hello, thank you very much for all of this", "en"), 0);
}

static void test_terms_numbers(void **state) {
  (void)state;
  /* Years and short numbers stay; one character goes; five digits or more
   * (postal codes, DNI, phone numbers) go as personal data. */
  assert_string_equal(terms_of("IBI 2024, portal 5, piso 12", "es"), "ibi 2024 portal pis 12");
  assert_int_equal(count_terms("DNI 12345678Z, CP 28001, 600123456", "es"), 2); /* dni, cp */
  assert_string_equal(terms_of("b2 x 7", "es"), "b2");
}

/* ---- English and languages ---------------------------------------------- */

static void test_terms_english(void **state) {
  (void)state;
  const char *s = terms_of("Hello, I would like to register my new address in the town's census. "
                           "Thanks!",
                           "en");
  assert_string_equal(s, "regist new address town census");
  assert_same_terms("Licences", "licence", "en");
  assert_same_terms("Registration", "REGISTRATIONS", "en");
}

static void test_terms_language_codes(void **state) {
  (void)state;
  const char *text = "Solicito licencias de obras";
  char es[256];
  snprintf(es, sizeof es, "%s", terms_of(text, "es"));
  assert_string_equal(terms_of(text, NULL), es);
  assert_string_equal(terms_of(text, "fr"), es);
  assert_string_equal(terms_of(text, ""), es);
  assert_string_equal(terms_of(text, "es-ES"), es);
  assert_string_equal(terms_of("the licences", "EN-gb"), terms_of("the licences", "en"));
  assert_string_equal(terms_of("the licences", "en"), "licenc");
}

/* ---- bounds and hostile input ------------------------------------------- */

static void test_terms_empty(void **state) {
  (void)state;
  struct vt_terms t;
  assert_int_equal(vt_text_terms(NULL, "es", &t), 0);
  assert_null(t.v);
  vt_terms_release(&t);
  assert_int_equal(vt_text_terms("", "es", &t), 0);
  vt_terms_release(&t);
  assert_int_equal(vt_text_terms(" ,.;:¡!¿? \t\n", "es", &t), 0);
  vt_terms_release(&t);
  vt_terms_release(&t); /* twice is fine */
  vt_terms_release(NULL);
}

static void test_terms_capped(void **state) {
  (void)state;
  size_t n = 1 << 20;
  char *big = malloc(n + 1);
  for (size_t i = 0; i < n; i += 4)
    memcpy(big + i, "ibi ", 4);
  big[n] = '\0';
  struct vt_terms t;
  assert_int_equal(vt_text_terms(big, "es", &t), VT_TEXT_MAX_TERMS);
  assert_string_equal(t.v[VT_TEXT_MAX_TERMS - 1], "ibi");
  vt_terms_release(&t);
  free(big);
}

static void test_terms_only_first_bytes_read(void **state) {
  (void)state;
  char *s = malloc(VT_TEXT_MAX_INPUT + 64);
  /* A word ending right at the limit is read; one after it is not. */
  memset(s, ' ', VT_TEXT_MAX_INPUT);
  memcpy(s + VT_TEXT_MAX_INPUT - 4, "ibis", 4);
  strcpy(s + VT_TEXT_MAX_INPUT, " padron");
  assert_string_equal(terms_of(s, "es"), "ibis");
  /* A two-byte character across the limit is cut whole. */
  memset(s, ' ', VT_TEXT_MAX_INPUT);
  memcpy(s + VT_TEXT_MAX_INPUT - 3,
         "ab\xc3\xb1"
         "o",
         5);
  s[VT_TEXT_MAX_INPUT + 2] = '\0';
  assert_string_equal(terms_of(s, "es"), "ab");
  free(s);
}

static void test_terms_invalid_utf8(void **state) {
  (void)state;
  /* Stray bytes, a truncated sequence, an overlong '/', a UTF-16 surrogate,
   * a code point past U+10FFFF, an unassigned one and a noncharacter. */
  const char *bad[] = {
      "\xff\xfe padron \xc3",
      "beca\xc3\xa9s comedor\xe2\x82",
      "\xc0\xaflicencia\xed\xa0\x80 obras",
      "\xf4\x90\x80\x80 ibi \xcd\xb8 \xef\xbf\xbf",
      "\x80\x80\x80\x80\x80\x80",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_true(count_terms(bad[i], "es") <= 4);
  assert_string_equal(terms_of("\xff\xfe padron \xc3", "es"), "padron");
  assert_string_equal(terms_of("\xc0\xaflicencia\xed\xa0\x80 obras", "es"), "licenci obra");
}

static void test_terms_long_words_dropped(void **state) {
  (void)state;
  char s[200];
  memset(s, 'k', 150);
  strcpy(s + 150, " padron");
  assert_string_equal(terms_of(s, "es"), "padron");
}

/* ---- the stop lists ----------------------------------------------------- */

static void check_stop_list(const char *lang) {
  size_t n = 0;
  const char *const *w = vt_text_stopwords(lang, &n);
  assert_true(n > 100);
  int failures = 0;
  for (size_t i = 0; i < n; i++) {
    char folded[64];
    vt_text_fold(w[i], folded, sizeof folded);
    if (strcmp(folded, w[i])) {
      print_error("%s: \"%s\" is not folded\n", lang, w[i]);
      failures++;
    }
    if (i > 0 && strcmp(w[i - 1], w[i]) >= 0) {
      print_error("%s: \"%s\" before \"%s\"\n", lang, w[i - 1], w[i]);
      failures++;
    }
    if (count_terms(w[i], lang) != 0) {
      print_error("%s: \"%s\" is not dropped\n", lang, w[i]);
      failures++;
    }
  }
  assert_int_equal(failures, 0);
}

static void test_stop_lists_folded_sorted(void **state) {
  (void)state;
  check_stop_list("es");
  check_stop_list("en");
}

static void test_stop_list_spanish_words(void **state) {
  (void)state;
  /* Written with their accents: the list holds them folded. */
  const char *words[] = {"de",    "que",      "más",      "también", "porque",  "él",
                         "estén", "habéis",   "hola",     "días",    "gracias", "quería",
                         "favor", "nosotras", "vuestros", "tenemos"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    assert_int_equal(count_terms(words[i], "es"), 0);
  /* Words that matter for routing are not stop words. */
  assert_int_equal(count_terms("estado baja vale", "es"), 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fold_accents_and_case),
      cmocka_unit_test(test_fold_truncates_at_character),
      cmocka_unit_test(test_fold_invalid_utf8),
      cmocka_unit_test(test_terms_plural_case_and_stop_words),
      cmocka_unit_test(test_terms_accents),
      cmocka_unit_test(test_terms_share_stems),
      cmocka_unit_test(test_terms_sentence),
      cmocka_unit_test(test_terms_only_stop_words),
      cmocka_unit_test(test_terms_numbers),
      cmocka_unit_test(test_terms_english),
      cmocka_unit_test(test_terms_language_codes),
      cmocka_unit_test(test_terms_empty),
      cmocka_unit_test(test_terms_capped),
      cmocka_unit_test(test_terms_only_first_bytes_read),
      cmocka_unit_test(test_terms_invalid_utf8),
      cmocka_unit_test(test_terms_long_words_dropped),
      cmocka_unit_test(test_stop_lists_folded_sorted),
      cmocka_unit_test(test_stop_list_spanish_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
