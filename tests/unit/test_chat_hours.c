/* Unit tests for channels/chat_hours: which service hours are well formed,
 * and whether a widget is open at a given instant in its administration's
 * time zone, across a daylight-saving change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <jansson.h>

#include "channels/chat_hours.h"

/* 2026-11-23 was a Monday. Madrid is UTC+1 in winter, UTC+2 in summer. */
#define MON_2026_11_23_UTC 1795392000000LL /* 00:00 UTC */
#define HOUR               3600000LL
#define MINUTE             60000LL

static bool valid(const char *text) {
  json_t *j = json_loads(text, 0, NULL);
  assert_non_null(j);
  bool ok = vt_chat_hours_valid(j);
  json_decref(j);
  return ok;
}

static void test_valid_hours(void **state) {
  (void)state;
  assert_true(valid("{}"));
  assert_true(valid("{\"mon\":\"09:00-14:00\"}"));
  assert_true(valid("{\"tue\":\"09:00-14:00,16:00-19:30\",\"sun\":\"00:00-24:00\"}"));
  assert_true(valid("{\"wed\":\" 09:00-14:00 , 16:00-19:00 \"}"));
}

static void test_invalid_hours(void **state) {
  (void)state;
  assert_false(valid("[]"));
  assert_false(valid("{\"lunes\":\"09:00-14:00\"}"));           /* unknown day */
  assert_false(valid("{\"mon\":\"19:00-09:00\"}"));             /* backwards */
  assert_false(valid("{\"mon\":\"09:00-09:00\"}"));             /* empty range */
  assert_false(valid("{\"mon\":\"9:00-14:00\"}"));              /* not HH:MM */
  assert_false(valid("{\"mon\":\"09:60-14:00\"}"));             /* no such minute */
  assert_false(valid("{\"mon\":\"24:30-25:00\"}"));             /* no such hour */
  assert_false(valid("{\"mon\":\"09:00-14:00;16:00-19:00\"}")); /* wrong separator */
  assert_false(valid("{\"mon\":\"\"}"));
  assert_false(valid("{\"mon\":9}"));
}

static void test_no_hours_is_always_open(void **state) {
  (void)state;
  assert_true(vt_chat_hours_open(NULL, "Europe/Madrid", MON_2026_11_23_UTC));
  assert_true(vt_chat_hours_open("null", "Europe/Madrid", MON_2026_11_23_UTC));
  assert_false(vt_chat_hours_open("{}", "Europe/Madrid", MON_2026_11_23_UTC));
}

static void test_local_time_in_winter(void **state) {
  (void)state;
  const char *h = "{\"mon\":\"09:00-14:00,16:00-19:00\"}";
  /* 08:00 UTC is 09:00 in Madrid: open; 07:59 UTC is 08:59: closed. */
  assert_true(vt_chat_hours_open(h, "Europe/Madrid", MON_2026_11_23_UTC + 8 * HOUR));
  assert_false(vt_chat_hours_open(h, "Europe/Madrid", MON_2026_11_23_UTC + 8 * HOUR - MINUTE));
  /* 13:00 UTC is 14:00: the first range has ended (ends are exclusive). */
  assert_false(vt_chat_hours_open(h, "Europe/Madrid", MON_2026_11_23_UTC + 13 * HOUR));
  assert_true(vt_chat_hours_open(h, "Europe/Madrid", MON_2026_11_23_UTC + 15 * HOUR));
  /* Tuesday has no hours. */
  assert_false(vt_chat_hours_open(h, "Europe/Madrid", MON_2026_11_23_UTC + 24 * HOUR + 9 * HOUR));
  /* The Canary Islands are an hour behind Madrid. */
  assert_false(vt_chat_hours_open(h, "Atlantic/Canary", MON_2026_11_23_UTC + 8 * HOUR));
  assert_true(vt_chat_hours_open(h, "Atlantic/Canary", MON_2026_11_23_UTC + 9 * HOUR));
}

static void test_local_time_in_summer(void **state) {
  (void)state;
  /* Monday 2026-06-01: Madrid is UTC+2, so 09:00 local is 07:00 UTC. */
  const long long jun1 = 1780272000000LL;
  const char *h = "{\"mon\":\"09:00-14:00\"}";
  assert_true(vt_chat_hours_open(h, "Europe/Madrid", jun1 + 7 * HOUR));
  assert_false(vt_chat_hours_open(h, "Europe/Madrid", jun1 + 7 * HOUR - MINUTE));
}

static void test_unknown_zone_is_utc(void **state) {
  (void)state;
  const char *h = "{\"mon\":\"09:00-10:00\"}";
  assert_true(vt_chat_hours_open(h, "No/Such_Zone", MON_2026_11_23_UTC + 9 * HOUR));
  assert_true(vt_chat_hours_open(h, "", MON_2026_11_23_UTC + 9 * HOUR));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_hours),
      cmocka_unit_test(test_invalid_hours),
      cmocka_unit_test(test_no_hours_is_always_open),
      cmocka_unit_test(test_local_time_in_winter),
      cmocka_unit_test(test_local_time_in_summer),
      cmocka_unit_test(test_unknown_zone_is_utc),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
