/* Unit tests for util/validate: DNI/NIE, email and phone normalisation,
 * including the edge cases citizens actually type at the counter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <string.h>

#include "util/validate.h"

/* Pre-filled with junk so the tests prove the output is written (or
 * cleared) rather than left over from a previous call. */
#define FILL(buf) memset((buf), 'Q', sizeof(buf) - 1), (buf)[sizeof(buf) - 1] = '\0'

static void id_ok(const char *in, const char *want) {
  char out[16];
  FILL(out);
  assert_int_equal(vt_national_id_normalize(in, out, sizeof out), VT_VALID_OK);
  assert_string_equal(out, want);
}

static void id_err(const char *in, enum vt_valid want) {
  char out[16];
  FILL(out);
  assert_int_equal(vt_national_id_normalize(in, out, sizeof out), want);
  assert_string_equal(out, "");
}

static void mail_ok(const char *in, const char *want) {
  char out[300];
  FILL(out);
  assert_int_equal(vt_email_normalize(in, out, sizeof out), VT_VALID_OK);
  assert_string_equal(out, want);
}

static void mail_err(const char *in, enum vt_valid want) {
  char out[300];
  FILL(out);
  assert_int_equal(vt_email_normalize(in, out, sizeof out), want);
  assert_string_equal(out, "");
}

static void phone_ok(const char *in, const char *cc, const char *want) {
  char out[17];
  FILL(out);
  assert_int_equal(vt_phone_normalize(in, cc, out, sizeof out), VT_VALID_OK);
  assert_string_equal(out, want);
}

static void phone_err(const char *in, const char *cc, enum vt_valid want) {
  char out[17];
  FILL(out);
  assert_int_equal(vt_phone_normalize(in, cc, out, sizeof out), want);
  assert_string_equal(out, "");
}

/* ---- vt_dni_letter ------------------------------------------------------ */

static void test_dni_letter_table(void **state) {
  (void)state;
  assert_int_equal(vt_dni_letter(12345678UL), 'Z');
  assert_int_equal(vt_dni_letter(0), 'T');
  assert_int_equal(vt_dni_letter(22), 'E');
  assert_int_equal(vt_dni_letter(23), 'T');
  assert_int_equal(vt_dni_letter(99999999UL), 'R');
}

static void test_dni_letter_out_of_range(void **state) {
  (void)state;
  assert_int_equal(vt_dni_letter(100000000UL), '\0');
}

/* ---- DNI ---------------------------------------------------------------- */

static void test_dni_valid(void **state) {
  (void)state;
  id_ok("12345678Z", "12345678Z");
  id_ok("00000000T", "00000000T");
}

static void test_dni_lowercase_letter(void **state) {
  (void)state;
  id_ok("12345678z", "12345678Z");
}

static void test_dni_separators(void **state) {
  (void)state;
  id_ok("12.345.678-z", "12345678Z");
  id_ok("  12 345 678 Z  ", "12345678Z");
  id_ok("\t12345678-Z\n", "12345678Z");
}

static void test_dni_wrong_letter(void **state) {
  (void)state;
  id_err("12345678A", VT_VALID_CHECKSUM);
  id_err("12.345.678-a", VT_VALID_CHECKSUM);
}

static void test_dni_unused_letter_is_checksum(void **state) {
  (void)state;
  id_err("12345678I", VT_VALID_CHECKSUM);
}

static void test_dni_too_few_digits(void **state) {
  (void)state;
  /* 1234567 -> L, but a short DNI is not padded: it must be typed whole. */
  id_err("1234567L", VT_VALID_FORMAT);
  id_err("Z", VT_VALID_FORMAT);
}

static void test_dni_too_many_digits(void **state) {
  (void)state;
  id_err("123456789Z", VT_VALID_FORMAT);
  id_err("12345678ZZ", VT_VALID_FORMAT);
}

static void test_dni_missing_letter(void **state) {
  (void)state;
  id_err("123456789", VT_VALID_FORMAT);
  id_err("12345678", VT_VALID_FORMAT);
}

static void test_dni_bad_characters(void **state) {
  (void)state;
  id_err("1234567OZ", VT_VALID_FORMAT);
  id_err("12345678/Z", VT_VALID_FORMAT);
  id_err("12345678\xc3\x91", VT_VALID_FORMAT); /* Ñ in UTF-8 */
  id_err("A2345678Z", VT_VALID_FORMAT);
  id_err("...--", VT_VALID_FORMAT);
}

static void test_dni_empty(void **state) {
  (void)state;
  id_err("", VT_VALID_EMPTY);
  id_err("  \t\n ", VT_VALID_EMPTY);
  id_err(NULL, VT_VALID_EMPTY);
}

static void test_dni_small_buffer(void **state) {
  char out[9];
  (void)state;
  FILL(out);
  assert_int_equal(vt_national_id_normalize("12345678Z", out, sizeof out), VT_VALID_TOO_LONG);
  assert_string_equal(out, "");
  assert_int_equal(vt_national_id_normalize("12345678Z", NULL, 0), VT_VALID_TOO_LONG);
}

static void test_dni_exact_buffer(void **state) {
  char out[10];
  (void)state;
  assert_int_equal(vt_national_id_normalize("12345678Z", out, sizeof out), VT_VALID_OK);
  assert_string_equal(out, "12345678Z");
}

static void test_dni_in_place(void **state) {
  char buf[32] = "12.345.678-z";
  (void)state;
  assert_int_equal(vt_national_id_normalize(buf, buf, sizeof buf), VT_VALID_OK);
  assert_string_equal(buf, "12345678Z");
}

/* ---- NIE ---------------------------------------------------------------- */

static void test_nie_x(void **state) {
  (void)state;
  id_ok("X1234567L", "X1234567L"); /* 01234567 % 23 = 19 -> L */
  id_ok("x-1234567-l", "X1234567L");
}

static void test_nie_y(void **state) {
  (void)state;
  id_ok("Y1234567X", "Y1234567X"); /* 11234567 % 23 = 10 -> X */
  id_ok("y 1234567 x", "Y1234567X");
}

static void test_nie_z(void **state) {
  (void)state;
  id_ok("Z1234567R", "Z1234567R"); /* 21234567 % 23 = 1 -> R */
  id_ok("z.1234567.r", "Z1234567R");
}

static void test_nie_wrong_letter(void **state) {
  (void)state;
  id_err("X1234567A", VT_VALID_CHECKSUM);
  id_err("Y1234567L", VT_VALID_CHECKSUM);
  id_err("Z1234567L", VT_VALID_CHECKSUM);
}

static void test_nie_bad_shape(void **state) {
  (void)state;
  id_err("X12345678L", VT_VALID_FORMAT); /* 8 digits after the prefix */
  id_err("X123456L", VT_VALID_FORMAT);   /* 6 digits after the prefix */
  id_err("W1234567L", VT_VALID_FORMAT);  /* unknown prefix */
  id_err("XX234567L", VT_VALID_FORMAT);
  id_err("X12345670", VT_VALID_FORMAT); /* digit where the letter goes */
}

/* ---- Email -------------------------------------------------------------- */

static void test_email_valid(void **state) {
  (void)state;
  mail_ok("ana.garcia@example.es", "ana.garcia@example.es");
  mail_ok("a@b.co", "a@b.co");
  mail_ok("a+tag_1!#$%&'*/=?^`{|}~-x@sub.example.gob.es",
          "a+tag_1!#$%&'*/=?^`{|}~-x@sub.example.gob.es");
  mail_ok("x@1-2.3a", "x@1-2.3a");
}

static void test_email_trims_whitespace(void **state) {
  (void)state;
  mail_ok("  \tana@example.es \r\n", "ana@example.es");
}

static void test_email_idn_domain(void **state) {
  (void)state;
  mail_ok("usuario@ayuntamiento-m\xc3\xb3stoles.es", "usuario@ayuntamiento-m\xc3\xb3stoles.es");
  /* Non-ASCII bytes are not case-folded: only ASCII is lowered. */
  mail_ok("usuario@AYUNTAMIENTO-M\xc3\x93STOLES.ES", "usuario@ayuntamiento-m\xc3\x93stoles.es");
}

static void test_email_domain_lowercased_local_kept(void **state) {
  (void)state;
  mail_ok("Ana.Garcia@Example.GOB.ES", "Ana.Garcia@example.gob.es");
}

static void test_email_double_at(void **state) {
  (void)state;
  mail_err("ana@garcia@example.es", VT_VALID_FORMAT);
  mail_err("ana@@example.es", VT_VALID_FORMAT);
}

static void test_email_no_at(void **state) {
  (void)state;
  mail_err("ana.example.es", VT_VALID_FORMAT);
}

static void test_email_empty_parts(void **state) {
  (void)state;
  mail_err("@example.es", VT_VALID_FORMAT);
  mail_err("ana@", VT_VALID_FORMAT);
  mail_err("@", VT_VALID_FORMAT);
}

static void test_email_inner_spaces(void **state) {
  (void)state;
  mail_err("ana garcia@example.es", VT_VALID_FORMAT);
  mail_err("ana@example .es", VT_VALID_FORMAT);
  mail_err("ana @example.es", VT_VALID_FORMAT);
  mail_err("ana\t@example.es", VT_VALID_FORMAT);
}

static void test_email_local_dots(void **state) {
  (void)state;
  mail_err(".ana@example.es", VT_VALID_FORMAT);
  mail_err("ana.@example.es", VT_VALID_FORMAT);
  mail_err("ana..garcia@example.es", VT_VALID_FORMAT);
}

static void test_email_local_non_ascii(void **state) {
  (void)state;
  mail_err("mar\xc3\xad"
           "a@example.es",
           VT_VALID_FORMAT);
  mail_err("ana\x7f@example.es", VT_VALID_FORMAT);
  mail_err("ana\x01@example.es", VT_VALID_FORMAT);
}

static void test_email_domain_dots(void **state) {
  (void)state;
  mail_err("ana@example.es.", VT_VALID_FORMAT);
  mail_err("ana@.example.es", VT_VALID_FORMAT);
  mail_err("ana@example..es", VT_VALID_FORMAT);
}

static void test_email_domain_single_label(void **state) {
  (void)state;
  mail_err("ana@localhost", VT_VALID_FORMAT);
}

static void test_email_domain_hyphens(void **state) {
  (void)state;
  mail_err("ana@-example.es", VT_VALID_FORMAT);
  mail_err("ana@example-.es", VT_VALID_FORMAT);
  mail_err("ana@example.es-", VT_VALID_FORMAT);
  mail_ok("ana@ex--ample.es", "ana@ex--ample.es");
}

static void test_email_domain_bad_chars(void **state) {
  (void)state;
  mail_err("ana@exa_mple.es", VT_VALID_FORMAT);
  mail_err("ana@[192.168.0.1]", VT_VALID_FORMAT);
  mail_err("ana@example.es>", VT_VALID_FORMAT);
}

static void test_email_local_64_limit(void **state) {
  char in[128], want[128];
  (void)state;
  memset(in, 'a', 64);
  strcpy(in + 64, "@example.es");
  strcpy(want, in);
  mail_ok(in, want);
  memset(in, 'a', 65);
  strcpy(in + 65, "@example.es");
  mail_err(in, VT_VALID_TOO_LONG);
}

static void test_email_label_63_limit(void **state) {
  char in[128], want[128];
  (void)state;
  strcpy(in, "ana@");
  memset(in + 4, 'b', 63);
  strcpy(in + 67, ".es");
  strcpy(want, in);
  mail_ok(in, want);
  strcpy(in, "ana@");
  memset(in + 4, 'b', 64);
  strcpy(in + 68, ".es");
  mail_err(in, VT_VALID_TOO_LONG);
}

/* Builds "aaaaaaaaaa@bbb...b.bbb...b.es" of exactly total bytes, with a dot
 * every 50 bytes so that no label breaks the 63-byte limit first. */
static void build_email(char *buf, size_t total) {
  size_t mid = total - 14; /* minus "aaaaaaaaaa@" and ".es" */
  memset(buf, 'a', 10);
  buf[10] = '@';
  memset(buf + 11, 'b', mid);
  for (size_t i = 50; i + 1 < mid; i += 51)
    buf[11 + i] = '.';
  memcpy(buf + 11 + mid, ".es", 4);
}

static void test_email_254_ok(void **state) {
  char in[300], want[300];
  (void)state;
  build_email(in, 254);
  assert_int_equal(strlen(in), 254);
  strcpy(want, in);
  mail_ok(in, want);
}

static void test_email_255_too_long(void **state) {
  char in[300];
  (void)state;
  build_email(in, 255);
  assert_int_equal(strlen(in), 255);
  mail_err(in, VT_VALID_TOO_LONG);
}

static void test_email_huge_too_long(void **state) {
  static char in[4096];
  (void)state;
  memset(in, 'a', sizeof in - 1);
  in[sizeof in - 1] = '\0';
  in[100] = '@';
  mail_err(in, VT_VALID_TOO_LONG);
}

static void test_email_trim_does_not_count(void **state) {
  char in[300], want[300];
  (void)state;
  build_email(want, 254);
  strcpy(in, "   ");
  strcat(in, want);
  strcat(in, "   ");
  mail_ok(in, want);
}

static void test_email_empty(void **state) {
  (void)state;
  mail_err("", VT_VALID_EMPTY);
  mail_err(" \t\r\n", VT_VALID_EMPTY);
  mail_err(NULL, VT_VALID_EMPTY);
}

static void test_email_small_buffer(void **state) {
  char out[14];
  (void)state;
  /* "ana@example.es" is 14 bytes: it needs 15 with the terminator. */
  FILL(out);
  assert_int_equal(vt_email_normalize("ana@example.es", out, sizeof out), VT_VALID_TOO_LONG);
  assert_string_equal(out, "");
  assert_int_equal(vt_email_normalize("ana@example.es", NULL, 0), VT_VALID_TOO_LONG);
}

static void test_email_exact_buffer(void **state) {
  char out[15];
  (void)state;
  assert_int_equal(vt_email_normalize("  ana@EXAMPLE.es  ", out, sizeof out), VT_VALID_OK);
  assert_string_equal(out, "ana@example.es");
}

static void test_email_in_place(void **state) {
  char buf[64] = "   Ana@Example.ES  ";
  (void)state;
  assert_int_equal(vt_email_normalize(buf, buf, sizeof buf), VT_VALID_OK);
  assert_string_equal(buf, "Ana@example.es");
}

/* ---- Phone -------------------------------------------------------------- */

static void test_phone_spanish_mobile_default(void **state) {
  (void)state;
  phone_ok("600 11 22 33", "34", "+34600112233");
  phone_ok("600112233", "34", "+34600112233");
  phone_ok("712-345-678", "34", "+34712345678");
}

static void test_phone_spanish_fixed_default(void **state) {
  (void)state;
  phone_ok("(91) 234.56.78", "34", "+34912345678");
  phone_ok("812/345/678", "34", "+34812345678");
}

static void test_phone_double_zero_prefix(void **state) {
  (void)state;
  phone_ok("0034 912 345 678", "34", "+34912345678");
  phone_ok("0044 20 7946 0958", "34", "+442079460958");
}

static void test_phone_plus_prefix(void **state) {
  (void)state;
  phone_ok("+34 600 11 22 33", "34", "+34600112233");
  phone_ok("+44 20 7946 0958", "34", "+442079460958");
  phone_ok("(+34) 600-112-233", "34", "+34600112233");
  phone_ok("+1 (212) 555-0100", "34", "+12125550100");
}

static void test_phone_spanish_bad_first_digit(void **state) {
  (void)state;
  phone_err("+34 123456789", "34", VT_VALID_FORMAT);
  phone_err("+34 512345678", "34", VT_VALID_FORMAT);
  phone_err("123456789", "34", VT_VALID_FORMAT);
  phone_err("0034 123456789", "44", VT_VALID_FORMAT);
}

static void test_phone_spanish_wrong_length(void **state) {
  (void)state;
  phone_err("60011223", "34", VT_VALID_FORMAT);
  phone_err("6001122334", "34", VT_VALID_FORMAT);
  phone_err("+34 6001122", "34", VT_VALID_FORMAT);
  phone_err("+34 6001122334", "34", VT_VALID_FORMAT);
}

static void test_phone_34_without_plus(void **state) {
  (void)state;
  phone_ok("34600111222", "34", "+34600111222");
  phone_ok("34 912 345 678", "34", "+34912345678");
  /* "34" + a digit no Spanish number starts with: no reinterpretation. */
  phone_err("34123456789", "34", VT_VALID_FORMAT);
  /* Only with Spain as default; elsewhere the default is prefixed. */
  phone_ok("34600111222", "44", "+4434600111222");
}

static void test_phone_other_default_cc(void **state) {
  (void)state;
  phone_ok("20 7946 0958", "44", "+442079460958");
  phone_ok("212 555 0100", "1", "+12125550100");
  phone_ok("06 12 34 56 78", "33", "+330612345678");
  /* A number with its own code ignores the default, Spanish rule included. */
  phone_ok("+34 600 11 22 33", "44", "+34600112233");
  phone_err("+34 600 11 22", "44", VT_VALID_FORMAT);
}

static void test_phone_letters(void **state) {
  (void)state;
  phone_err("600 11 22 3A", "34", VT_VALID_FORMAT);
  phone_err("tel. 600112233", "34", VT_VALID_FORMAT);
  phone_err("600112233 ext 2", "34", VT_VALID_FORMAT);
  phone_err("600112233#", "34", VT_VALID_FORMAT);
  phone_err("600\xc2\xa0"
            "112233",
            "34", VT_VALID_FORMAT); /* NBSP */
}

static void test_phone_misplaced_plus(void **state) {
  (void)state;
  phone_err("34+600112233", "34", VT_VALID_FORMAT);
  phone_err("++34600112233", "34", VT_VALID_FORMAT);
  phone_err("+0034600112233", "34", VT_VALID_FORMAT);
  phone_err("+", "34", VT_VALID_FORMAT);
  phone_err("00", "34", VT_VALID_FORMAT);
  phone_err("( ) - .", "34", VT_VALID_FORMAT);
}

static void test_phone_too_long(void **state) {
  (void)state;
  phone_err("+44 1234 5678 901234", "34", VT_VALID_TOO_LONG); /* 16 digits */
  phone_err("+34 600 112 233 444 555", "34", VT_VALID_TOO_LONG);
  phone_err("0044 1234 5678 901234", "34", VT_VALID_TOO_LONG);
  phone_err("1234 5678 9012 34", "44", VT_VALID_TOO_LONG);
  phone_err("+1 2345678901234567890123456789012345678901234567890", "34", VT_VALID_TOO_LONG);
}

static void test_phone_e164_boundaries(void **state) {
  (void)state;
  phone_ok("+44 1234 5678 90123", "34", "+441234567890123"); /* 15 digits */
  phone_ok("+49 301 2345", "34", "+493012345");              /* 9 digits */
  phone_ok("+49301234", "34", "+49301234");                  /* 8 digits */
  phone_err("+4930123", "34", VT_VALID_FORMAT);              /* 7 digits */
}

static void test_phone_bad_default_cc(void **state) {
  (void)state;
  phone_err("600112233", NULL, VT_VALID_FORMAT);
  phone_err("600112233", "", VT_VALID_FORMAT);
  phone_err("600112233", "+34", VT_VALID_FORMAT);
  phone_err("600112233", "034", VT_VALID_FORMAT);
  phone_err("600112233", "3456", VT_VALID_FORMAT);
  /* Not needed when the number carries its own code. */
  phone_ok("+34600112233", NULL, "+34600112233");
}

static void test_phone_empty(void **state) {
  (void)state;
  phone_err("", "34", VT_VALID_EMPTY);
  phone_err("  \t ", "34", VT_VALID_EMPTY);
  phone_err(NULL, "34", VT_VALID_EMPTY);
}

static void test_phone_small_buffer(void **state) {
  char out[12];
  (void)state;
  /* "+34600112233" is 12 bytes: it needs 13 with the terminator. */
  FILL(out);
  assert_int_equal(vt_phone_normalize("600112233", "34", out, sizeof out), VT_VALID_TOO_LONG);
  assert_string_equal(out, "");
  assert_int_equal(vt_phone_normalize("600112233", "34", NULL, 0), VT_VALID_TOO_LONG);
}

static void test_phone_exact_buffer(void **state) {
  char out[13];
  (void)state;
  assert_int_equal(vt_phone_normalize("600 112 233", "34", out, sizeof out), VT_VALID_OK);
  assert_string_equal(out, "+34600112233");
}

static void test_phone_in_place(void **state) {
  char buf[32] = "0034 (600) 11-22-33";
  (void)state;
  assert_int_equal(vt_phone_normalize(buf, "34", buf, sizeof buf), VT_VALID_OK);
  assert_string_equal(buf, "+34600112233");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_dni_letter_table),
      cmocka_unit_test(test_dni_letter_out_of_range),
      cmocka_unit_test(test_dni_valid),
      cmocka_unit_test(test_dni_lowercase_letter),
      cmocka_unit_test(test_dni_separators),
      cmocka_unit_test(test_dni_wrong_letter),
      cmocka_unit_test(test_dni_unused_letter_is_checksum),
      cmocka_unit_test(test_dni_too_few_digits),
      cmocka_unit_test(test_dni_too_many_digits),
      cmocka_unit_test(test_dni_missing_letter),
      cmocka_unit_test(test_dni_bad_characters),
      cmocka_unit_test(test_dni_empty),
      cmocka_unit_test(test_dni_small_buffer),
      cmocka_unit_test(test_dni_exact_buffer),
      cmocka_unit_test(test_dni_in_place),
      cmocka_unit_test(test_nie_x),
      cmocka_unit_test(test_nie_y),
      cmocka_unit_test(test_nie_z),
      cmocka_unit_test(test_nie_wrong_letter),
      cmocka_unit_test(test_nie_bad_shape),
      cmocka_unit_test(test_email_valid),
      cmocka_unit_test(test_email_trims_whitespace),
      cmocka_unit_test(test_email_idn_domain),
      cmocka_unit_test(test_email_domain_lowercased_local_kept),
      cmocka_unit_test(test_email_double_at),
      cmocka_unit_test(test_email_no_at),
      cmocka_unit_test(test_email_empty_parts),
      cmocka_unit_test(test_email_inner_spaces),
      cmocka_unit_test(test_email_local_dots),
      cmocka_unit_test(test_email_local_non_ascii),
      cmocka_unit_test(test_email_domain_dots),
      cmocka_unit_test(test_email_domain_single_label),
      cmocka_unit_test(test_email_domain_hyphens),
      cmocka_unit_test(test_email_domain_bad_chars),
      cmocka_unit_test(test_email_local_64_limit),
      cmocka_unit_test(test_email_label_63_limit),
      cmocka_unit_test(test_email_254_ok),
      cmocka_unit_test(test_email_255_too_long),
      cmocka_unit_test(test_email_huge_too_long),
      cmocka_unit_test(test_email_trim_does_not_count),
      cmocka_unit_test(test_email_empty),
      cmocka_unit_test(test_email_small_buffer),
      cmocka_unit_test(test_email_exact_buffer),
      cmocka_unit_test(test_email_in_place),
      cmocka_unit_test(test_phone_spanish_mobile_default),
      cmocka_unit_test(test_phone_spanish_fixed_default),
      cmocka_unit_test(test_phone_double_zero_prefix),
      cmocka_unit_test(test_phone_plus_prefix),
      cmocka_unit_test(test_phone_spanish_bad_first_digit),
      cmocka_unit_test(test_phone_spanish_wrong_length),
      cmocka_unit_test(test_phone_34_without_plus),
      cmocka_unit_test(test_phone_other_default_cc),
      cmocka_unit_test(test_phone_letters),
      cmocka_unit_test(test_phone_misplaced_plus),
      cmocka_unit_test(test_phone_too_long),
      cmocka_unit_test(test_phone_e164_boundaries),
      cmocka_unit_test(test_phone_bad_default_cc),
      cmocka_unit_test(test_phone_empty),
      cmocka_unit_test(test_phone_small_buffer),
      cmocka_unit_test(test_phone_exact_buffer),
      cmocka_unit_test(test_phone_in_place),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
