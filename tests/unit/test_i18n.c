/* Unit tests for util/i18n and the error registry: every text exists in both
 * languages, language negotiation, and the error codes' stable shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <string.h>

#include "http/errors.h"
#include "util/i18n.h"

/* ---- the catalogue ------------------------------------------------------ */

static void test_catalog_not_empty(void **state) {
  (void)state;
  assert_true(vt_i18n_count() > 0);
}

static void test_catalog_rows_translated(void **state) {
  (void)state;
  int failures = 0;
  for (unsigned i = 0; i < vt_i18n_count(); i++) {
    const char *key = NULL, *es = NULL, *en = NULL;
    vt_i18n_row(i, &key, &es, &en);
    if (!key || !*key) {
      print_error("row %u: empty key\n", i);
      failures++;
      continue;
    }
    if (!es || !*es || !strcmp(es, key)) {
      print_error("%s: Spanish text missing or equal to the key\n", key);
      failures++;
    }
    if (!en || !*en || !strcmp(en, key)) {
      print_error("%s: English text missing or equal to the key\n", key);
      failures++;
    }
  }
  assert_int_equal(failures, 0);
}

static void test_catalog_keys_unique(void **state) {
  (void)state;
  /* A duplicate key would silently shadow the later row. */
  unsigned n = vt_i18n_count();
  for (unsigned i = 0; i < n; i++) {
    const char *ki, *es, *en;
    vt_i18n_row(i, &ki, &es, &en);
    for (unsigned j = i + 1; j < n; j++) {
      const char *kj;
      vt_i18n_row(j, &kj, &es, &en);
      if (!strcmp(ki, kj))
        fail_msg("duplicate catalogue key %s (rows %u and %u)", ki, i, j);
    }
  }
}

static void test_lookup_returns_row_text(void **state) {
  (void)state;
  for (unsigned i = 0; i < vt_i18n_count(); i++) {
    const char *key, *es, *en;
    vt_i18n_row(i, &key, &es, &en);
    assert_string_equal(vt_i18n(VT_LANG_ES, key), es);
    assert_string_equal(vt_i18n(VT_LANG_EN, key), en);
  }
}

static void test_lookup_known_key(void **state) {
  (void)state;
  assert_string_equal(vt_i18n(VT_LANG_ES, "field.required"), "Este campo es obligatorio.");
  assert_string_equal(vt_i18n(VT_LANG_EN, "field.required"), "This field is required.");
}

static void test_lookup_unknown_key_returns_key(void **state) {
  (void)state;
  assert_string_equal(vt_i18n(VT_LANG_ES, "no.such.key"), "no.such.key");
  assert_string_equal(vt_i18n(VT_LANG_EN, "no.such.key"), "no.such.key");
  assert_string_equal(vt_i18n(VT_LANG_EN, ""), "");
}

/* ---- language negotiation ----------------------------------------------- */

static void test_negotiate_en(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate("en"), VT_LANG_EN);
}

static void test_negotiate_en_gb_with_q(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate("en-GB,en;q=0.9"), VT_LANG_EN);
}

static void test_negotiate_es_es(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate("es-ES"), VT_LANG_ES);
}

static void test_negotiate_unsupported_then_en(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate("fr, en"), VT_LANG_EN);
}

static void test_negotiate_unsupported_only(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate("fr"), VT_LANG_ES);
}

static void test_negotiate_null(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate(NULL), VT_LANG_ES);
}

static void test_negotiate_empty(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate(""), VT_LANG_ES);
}

static void test_negotiate_first_supported_wins(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate("es-ES,es;q=0.9,en;q=0.8"), VT_LANG_ES);
  assert_int_equal(vt_lang_negotiate("de-DE;q=0.9, en-US;q=0.8, es;q=0.7"), VT_LANG_EN);
}

static void test_negotiate_case_insensitive(void **state) {
  (void)state;
  assert_int_equal(vt_lang_negotiate("EN-us"), VT_LANG_EN);
}

static void test_negotiate_prefix_is_not_a_language(void **state) {
  (void)state;
  /* "eng" and "esperanto" are not "en" or "es". */
  assert_int_equal(vt_lang_negotiate("eng"), VT_LANG_ES);
  assert_int_equal(vt_lang_negotiate("enx, en"), VT_LANG_EN);
}

static void test_lang_code(void **state) {
  (void)state;
  assert_string_equal(vt_lang_code(VT_LANG_ES), "es");
  assert_string_equal(vt_lang_code(VT_LANG_EN), "en");
}

/* ---- the error registry ------------------------------------------------- */

static void test_errors_codes_distinct(void **state) {
  (void)state;
  for (int i = 0; i < VT_ERR__COUNT; i++) {
    const char *ci = vt_err_code((enum vt_err)i);
    assert_non_null(ci);
    assert_true(*ci != '\0');
    for (int j = i + 1; j < VT_ERR__COUNT; j++)
      if (!strcmp(ci, vt_err_code((enum vt_err)j)))
        fail_msg("error code %s used twice (%d and %d)", ci, i, j);
  }
}

static void test_errors_codes_snake_case(void **state) {
  (void)state;
  /* Codes are a stable API in the `validation_failed` style. */
  for (int i = 0; i < VT_ERR__COUNT; i++) {
    const char *c = vt_err_code((enum vt_err)i);
    for (const char *p = c; *p; p++)
      if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
        fail_msg("error code \"%s\" is not lower snake case", c);
  }
}

static void test_errors_status_range(void **state) {
  (void)state;
  for (int i = 0; i < VT_ERR__COUNT; i++) {
    unsigned st = vt_err_status((enum vt_err)i);
    if (st < 400 || st > 599)
      fail_msg("error %s has status %u", vt_err_code((enum vt_err)i), st);
  }
}

static void test_errors_messages_both_languages(void **state) {
  (void)state;
  for (int i = 0; i < VT_ERR__COUNT; i++) {
    const char *es = vt_err_message((enum vt_err)i, VT_LANG_ES);
    const char *en = vt_err_message((enum vt_err)i, VT_LANG_EN);
    const char *code = vt_err_code((enum vt_err)i);
    if (!es || !*es || !en || !*en)
      fail_msg("error %s lacks a message", code);
    if (!strcmp(es, en))
      fail_msg("error %s: Spanish and English messages are identical", code);
  }
}

static void test_errors_known_entries(void **state) {
  (void)state;
  assert_string_equal(vt_err_code(VT_ERR_VALIDATION_FAILED), "validation_failed");
  assert_int_equal(vt_err_status(VT_ERR_VALIDATION_FAILED), 422);
  assert_string_equal(vt_err_code(VT_ERR_NOT_FOUND), "not_found");
  assert_int_equal(vt_err_status(VT_ERR_NOT_FOUND), 404);
  assert_int_equal(vt_err_status(VT_ERR_INTERNAL), 500);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_catalog_not_empty),
      cmocka_unit_test(test_catalog_rows_translated),
      cmocka_unit_test(test_catalog_keys_unique),
      cmocka_unit_test(test_lookup_returns_row_text),
      cmocka_unit_test(test_lookup_known_key),
      cmocka_unit_test(test_lookup_unknown_key_returns_key),
      cmocka_unit_test(test_negotiate_en),
      cmocka_unit_test(test_negotiate_en_gb_with_q),
      cmocka_unit_test(test_negotiate_es_es),
      cmocka_unit_test(test_negotiate_unsupported_then_en),
      cmocka_unit_test(test_negotiate_unsupported_only),
      cmocka_unit_test(test_negotiate_null),
      cmocka_unit_test(test_negotiate_empty),
      cmocka_unit_test(test_negotiate_first_supported_wins),
      cmocka_unit_test(test_negotiate_case_insensitive),
      cmocka_unit_test(test_negotiate_prefix_is_not_a_language),
      cmocka_unit_test(test_lang_code),
      cmocka_unit_test(test_errors_codes_distinct),
      cmocka_unit_test(test_errors_codes_snake_case),
      cmocka_unit_test(test_errors_status_range),
      cmocka_unit_test(test_errors_messages_both_languages),
      cmocka_unit_test(test_errors_known_entries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
