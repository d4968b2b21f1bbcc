/* Unit tests for domain/ticket_rules: the status machine, what a message does
 * to a ticket, and the shape of reference numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/ticket_rules.h"

#define N VT_ST__COUNT

/* ---- status transitions ------------------------------------------------- */

/* allowed[from][to]. Columns: new open pending on_hold resolved closed.
 * Staying put is always allowed; nothing goes back to "new"; a resolved
 * ticket may only be reopened or closed; closed is final. */
static const int allowed[N][N] = {
    /* from new      */ {1, 1, 1, 1, 1, 1},
    /* from open     */ {0, 1, 1, 1, 1, 1},
    /* from pending  */ {0, 1, 1, 1, 1, 1},
    /* from on_hold  */ {0, 1, 1, 1, 1, 1},
    /* from resolved */ {0, 1, 0, 0, 1, 1},
    /* from closed   */ {0, 0, 0, 0, 0, 1},
};

static void test_transition_table_all_pairs(void **state) {
  (void)state;
  int failures = 0;
  for (int from = 0; from < N; from++) {
    for (int to = 0; to < N; to++) {
      bool got = vt_status_transition_allowed((enum vt_status)from, (enum vt_status)to);
      if (got != (allowed[from][to] != 0)) {
        print_error("transition %s -> %s: expected %s, got %s\n",
                    vt_status_name((enum vt_status)from), vt_status_name((enum vt_status)to),
                    allowed[from][to] ? "allowed" : "refused", got ? "allowed" : "refused");
        failures++;
      }
    }
  }
  assert_int_equal(failures, 0);
}

static void test_transition_never_back_to_new(void **state) {
  (void)state;
  for (int from = VT_ST_OPEN; from < N; from++)
    assert_false(vt_status_transition_allowed((enum vt_status)from, VT_ST_NEW));
}

static void test_transition_closed_is_final(void **state) {
  (void)state;
  for (int to = 0; to < N; to++)
    if (to != VT_ST_CLOSED)
      assert_false(vt_status_transition_allowed(VT_ST_CLOSED, (enum vt_status)to));
}

static void test_transition_resolved_reopen_or_close_only(void **state) {
  (void)state;
  assert_true(vt_status_transition_allowed(VT_ST_RESOLVED, VT_ST_OPEN));
  assert_true(vt_status_transition_allowed(VT_ST_RESOLVED, VT_ST_CLOSED));
  assert_false(vt_status_transition_allowed(VT_ST_RESOLVED, VT_ST_PENDING));
  assert_false(vt_status_transition_allowed(VT_ST_RESOLVED, VT_ST_ON_HOLD));
}

/* ---- vt_status_after_message -------------------------------------------- */

static void test_after_message_internal_changes_nothing(void **state) {
  (void)state;
  for (int st = 0; st < N; st++) {
    assert_int_equal(vt_status_after_message((enum vt_status)st, VT_DIR_IN, true), st);
    assert_int_equal(vt_status_after_message((enum vt_status)st, VT_DIR_OUT, true), st);
  }
}

static void test_after_message_citizen_reply_table(void **state) {
  (void)state;
  /* A citizen writing reopens a ticket waiting on them or considered done. */
  static const enum vt_status want[N] = {VT_ST_NEW,  VT_ST_OPEN, VT_ST_OPEN,
                                         VT_ST_OPEN, VT_ST_OPEN, VT_ST_CLOSED};
  for (int st = 0; st < N; st++)
    assert_int_equal(vt_status_after_message((enum vt_status)st, VT_DIR_IN, false), want[st]);
}

static void test_after_message_agent_reply_table(void **state) {
  (void)state;
  /* An agent's public reply only moves "new" to "open". */
  static const enum vt_status want[N] = {VT_ST_OPEN,    VT_ST_OPEN,     VT_ST_PENDING,
                                         VT_ST_ON_HOLD, VT_ST_RESOLVED, VT_ST_CLOSED};
  for (int st = 0; st < N; st++)
    assert_int_equal(vt_status_after_message((enum vt_status)st, VT_DIR_OUT, false), want[st]);
}

/* ---- vt_message_is_first_response --------------------------------------- */

static void test_first_response_public_agent_reply(void **state) {
  (void)state;
  assert_true(vt_message_is_first_response(VT_DIR_OUT, false, 0));
}

static void test_first_response_not_twice(void **state) {
  (void)state;
  assert_false(vt_message_is_first_response(VT_DIR_OUT, false, 1767225600000LL));
}

static void test_first_response_not_internal_note(void **state) {
  (void)state;
  assert_false(vt_message_is_first_response(VT_DIR_OUT, true, 0));
}

static void test_first_response_not_citizen_message(void **state) {
  (void)state;
  assert_false(vt_message_is_first_response(VT_DIR_IN, false, 0));
  assert_false(vt_message_is_first_response(VT_DIR_IN, true, 0));
}

/* ---- vt_reference_format ------------------------------------------------ */

static void test_reference_format_basic(void **state) {
  (void)state;
  char out[40];
  assert_int_equal(vt_reference_format(out, sizeof out, "CM", 2026, 123), 0);
  assert_string_equal(out, "CM-2026-000123");
  assert_int_equal(vt_reference_format(out, sizeof out, "AYTO01", 2025, 1), 0);
  assert_string_equal(out, "AYTO01-2025-000001");
}

static void test_reference_format_wide_sequence(void **state) {
  (void)state;
  char out[40];
  assert_int_equal(vt_reference_format(out, sizeof out, "CM", 2026, 999999), 0);
  assert_string_equal(out, "CM-2026-999999");
  assert_int_equal(vt_reference_format(out, sizeof out, "CM", 2026, 1234567), 0);
  assert_string_equal(out, "CM-2026-1234567");
}

static void test_reference_format_exact_and_short_buffer(void **state) {
  (void)state;
  char out[15]; /* "CM-2026-000123" is 14 characters */
  assert_int_equal(vt_reference_format(out, sizeof out, "CM", 2026, 123), 0);
  assert_string_equal(out, "CM-2026-000123");
  assert_int_equal(vt_reference_format(out, sizeof out - 1, "CM", 2026, 123), -1);
}

static void test_reference_format_then_parse_roundtrip(void **state) {
  (void)state;
  char out[40], code[16];
  int year = 0;
  long seq = 0;
  assert_int_equal(vt_reference_format(out, sizeof out, "MAD28", 2031, 4567), 0);
  assert_true(vt_reference_parse(out, code, sizeof code, &year, &seq));
  assert_string_equal(code, "MAD28");
  assert_int_equal(year, 2031);
  assert_int_equal(seq, 4567);
}

/* ---- vt_reference_parse ------------------------------------------------- */

static void test_reference_parse_good(void **state) {
  (void)state;
  char code[16];
  int year = 0;
  long seq = 0;
  assert_true(vt_reference_parse("CM-2026-000123", code, sizeof code, &year, &seq));
  assert_string_equal(code, "CM");
  assert_int_equal(year, 2026);
  assert_int_equal(seq, 123);
}

static void test_reference_parse_long_sequence(void **state) {
  (void)state;
  char code[16];
  int year = 0;
  long seq = 0;
  assert_true(vt_reference_parse("AL-2025-1234567890", code, sizeof code, &year, &seq));
  assert_string_equal(code, "AL");
  assert_int_equal(year, 2025);
  assert_int_equal(seq, 1234567890L);
}

static void test_reference_parse_twelve_char_code(void **state) {
  (void)state;
  char code[16];
  assert_true(vt_reference_parse("ABCDEFGHIJ12-2026-000001", code, sizeof code, NULL, NULL));
  assert_string_equal(code, "ABCDEFGHIJ12");
  assert_false(vt_reference_parse("ABCDEFGHIJ123-2026-000001", code, sizeof code, NULL, NULL));
}

static void test_reference_parse_without_outputs(void **state) {
  (void)state;
  assert_true(vt_reference_parse("CM-2026-000001", NULL, 0, NULL, NULL));
}

static void test_reference_parse_code_buffer_too_small(void **state) {
  (void)state;
  char code[3]; /* "CM" fits, "CMX" does not */
  assert_true(vt_reference_parse("CM-2026-000001", code, sizeof code, NULL, NULL));
  assert_string_equal(code, "CM");
  assert_false(vt_reference_parse("CMX-2026-000001", code, sizeof code, NULL, NULL));
}

static void test_reference_parse_bad_code(void **state) {
  (void)state;
  assert_false(vt_reference_parse("-2026-000001", NULL, 0, NULL, NULL));   /* empty */
  assert_false(vt_reference_parse("cm-2026-000001", NULL, 0, NULL, NULL)); /* lower case */
  assert_false(vt_reference_parse("C M-2026-000001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("C_M-2026-000001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse(" CM-2026-000001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CÑ-2026-000001", NULL, 0, NULL, NULL));
}

static void test_reference_parse_bad_year(void **state) {
  (void)state;
  assert_false(vt_reference_parse("CM-202-000001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-20261-000001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-20a6-000001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM--000001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-2026", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-2026000001", NULL, 0, NULL, NULL));
}

static void test_reference_parse_bad_sequence(void **state) {
  (void)state;
  assert_false(vt_reference_parse("CM-2026-00001", NULL, 0, NULL, NULL));       /* 5 digits */
  assert_false(vt_reference_parse("CM-2026-12345678901", NULL, 0, NULL, NULL)); /* 11 digits */
  assert_false(vt_reference_parse("CM-2026-", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-2026-00000a", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-2026-000001 ", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-2026-000001/x", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-2026--00001", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-2026-+00001", NULL, 0, NULL, NULL));
}

static void test_reference_parse_garbage(void **state) {
  (void)state;
  assert_false(vt_reference_parse("", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("nocode", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("-", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("CM-", NULL, 0, NULL, NULL));
  assert_false(vt_reference_parse("../../etc/passwd", NULL, 0, NULL, NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_transition_table_all_pairs),
      cmocka_unit_test(test_transition_never_back_to_new),
      cmocka_unit_test(test_transition_closed_is_final),
      cmocka_unit_test(test_transition_resolved_reopen_or_close_only),
      cmocka_unit_test(test_after_message_internal_changes_nothing),
      cmocka_unit_test(test_after_message_citizen_reply_table),
      cmocka_unit_test(test_after_message_agent_reply_table),
      cmocka_unit_test(test_first_response_public_agent_reply),
      cmocka_unit_test(test_first_response_not_twice),
      cmocka_unit_test(test_first_response_not_internal_note),
      cmocka_unit_test(test_first_response_not_citizen_message),
      cmocka_unit_test(test_reference_format_basic),
      cmocka_unit_test(test_reference_format_wide_sequence),
      cmocka_unit_test(test_reference_format_exact_and_short_buffer),
      cmocka_unit_test(test_reference_format_then_parse_roundtrip),
      cmocka_unit_test(test_reference_parse_good),
      cmocka_unit_test(test_reference_parse_long_sequence),
      cmocka_unit_test(test_reference_parse_twelve_char_code),
      cmocka_unit_test(test_reference_parse_without_outputs),
      cmocka_unit_test(test_reference_parse_code_buffer_too_small),
      cmocka_unit_test(test_reference_parse_bad_code),
      cmocka_unit_test(test_reference_parse_bad_year),
      cmocka_unit_test(test_reference_parse_bad_sequence),
      cmocka_unit_test(test_reference_parse_garbage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
