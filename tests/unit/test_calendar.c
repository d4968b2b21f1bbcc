/* Unit tests for sla/calendar: legal deadlines in business days and months
 * (Ley 39/2015, art. 30) and business time, in Madrid and Canary time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "sla/calendar.h"

/* An instant given as UTC wall-clock time (GLib, independent of the code
 * under test). Expected values are written in UTC with the local time beside. */
static int64_t utc(int y, int mo, int d, int h, int mi) {
  GDateTime *t = g_date_time_new_utc(y, mo, d, h, mi, 0);
  int64_t ms = g_date_time_to_unix(t) * 1000;
  g_date_time_unref(t);
  return ms;
}

/* The last millisecond of a UTC minute's predecessor: utc(...) - 1. */
#define END(y, mo, d, h) (utc(y, mo, d, h, 0) - 1)

/* Madrid's 2026-2027 holidays that the tests cross (Jueves and Viernes Santo,
 * Christmas, New Year, Epiphany, Inmaculada). */
static const char MADRID_HOLIDAYS[] = "[\"2026-04-02\",\"2026-04-03\",\"2026-12-08\","
                                      "\"2026-12-25\",\"2027-01-01\",\"2027-01-06\"]";

static struct vt_cal *madrid(void) {
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", NULL);
  assert_non_null(cal);
  assert_int_equal(vt_cal_add_holidays(cal, MADRID_HOLIDAYS), VT_CAL_OK);
  return cal;
}

static int64_t add_days(const struct vt_cal *cal, int64_t start, int days) {
  int64_t out = -1;
  assert_int_equal(vt_cal_add_business_days(cal, start, days, &out), VT_CAL_OK);
  return out;
}

static int64_t add_months(const struct vt_cal *cal, int64_t start, int months) {
  int64_t out = -1;
  assert_int_equal(vt_cal_add_calendar_months(cal, start, months, &out), VT_CAL_OK);
  return out;
}

static int64_t add_minutes(const struct vt_cal *cal, int64_t start, int64_t minutes) {
  int64_t out = -1;
  assert_int_equal(vt_cal_add_business_hours(cal, start, minutes, &out), VT_CAL_OK);
  return out;
}

static int64_t minutes_between(const struct vt_cal *cal, int64_t from, int64_t to) {
  int64_t out = -1;
  assert_int_equal(vt_cal_business_minutes_between(cal, from, to, &out), VT_CAL_OK);
  return out;
}

static struct vt_date date(const char *text) {
  struct vt_date d;
  assert_true(vt_date_parse(text, &d));
  return d;
}

/* ---- dates and holidays ----------------------------------------------------- */

static void test_date_parse(void **state) {
  (void)state;
  struct vt_date d;
  assert_true(vt_date_parse("2028-02-29", &d));
  assert_int_equal(d.year, 2028);
  assert_int_equal(d.month, 2);
  assert_int_equal(d.day, 29);
  assert_false(vt_date_parse("2026-02-29", &d)); /* not a leap year */
  assert_false(vt_date_parse("2100-02-29", &d)); /* nor is 2100 */
  assert_true(vt_date_parse("2000-02-29", &d));
  assert_false(vt_date_parse("2026-13-01", &d));
  assert_false(vt_date_parse("2026-04-31", &d));
  assert_false(vt_date_parse("2026-4-01", &d));
  assert_false(vt_date_parse("2026-04-01 ", &d));
  assert_false(vt_date_parse("+026-04-01", &d));
  assert_false(vt_date_parse("", &d));
  assert_false(vt_date_parse(NULL, &d));
}

static void test_business_day_weekends_and_holidays(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  assert_true(vt_cal_is_business_day(cal, date("2026-12-24")));  /* Thursday */
  assert_false(vt_cal_is_business_day(cal, date("2026-12-25"))); /* Friday, Christmas */
  assert_false(vt_cal_is_business_day(cal, date("2026-12-26"))); /* Saturday */
  assert_false(vt_cal_is_business_day(cal, date("2026-12-27"))); /* Sunday */
  assert_true(vt_cal_is_business_day(cal, date("2026-12-28")));
  assert_true(vt_cal_is_holiday(cal, date("2027-01-06")));
  assert_false(vt_cal_is_holiday(cal, date("2027-01-07")));
  assert_false(vt_cal_is_business_day(cal, (struct vt_date){2026, 2, 30}));
  vt_cal_free(cal);
}

static void test_holidays_merge_lists(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", NULL);
  /* National, then regional, then local lists, overlapping and unsorted. */
  assert_int_equal(vt_cal_add_holidays(cal, "[\"2026-12-25\",\"2026-01-01\"]"), VT_CAL_OK);
  assert_int_equal(vt_cal_add_holidays(cal, "[\"2026-05-02\",\"2026-12-25\"]"), VT_CAL_OK);
  assert_int_equal(vt_cal_add_holidays(cal, "[\"2026-05-15\"]"), VT_CAL_OK);
  assert_int_equal(vt_cal_add_holidays(cal, "[]"), VT_CAL_OK);
  assert_int_equal(vt_cal_add_holidays(cal, NULL), VT_CAL_OK);
  assert_int_equal(vt_cal_add_holidays(cal, "null"), VT_CAL_OK);
  assert_true(vt_cal_add_holiday(cal, date("2026-11-09")));
  assert_false(vt_cal_add_holiday(cal, (struct vt_date){2026, 11, 31}));
  const char *yes[] = {"2026-01-01", "2026-05-02", "2026-05-15", "2026-11-09", "2026-12-25"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    assert_true(vt_cal_is_holiday(cal, date(yes[i])));
  assert_false(vt_cal_is_holiday(cal, date("2026-05-01")));
  assert_false(vt_cal_is_holiday(cal, date("2026-12-31")));
  vt_cal_free(cal);
}

static void test_holidays_bad_list_adds_nothing(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", NULL);
  assert_int_equal(vt_cal_add_holidays(cal, "[\"2026-03-19\",\"2026-02-30\"]"), VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_holidays(cal, "[\"2026-03-19\",20260320]"), VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_holidays(cal, "[\"2026-03-19\",\"19/03/2026\"]"), VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_holidays(cal, "{\"d\":\"2026-03-19\"}"), VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_holidays(cal, "[\"2026-03-19\""), VT_CAL_BAD_INPUT);
  assert_false(vt_cal_is_holiday(cal, date("2026-03-19")));
  vt_cal_free(cal);
}

static void test_hours_malformed(void **state) {
  (void)state;
  const char *bad[] = {"[]",
                       "{\"lun\":\"09:00-14:00\"}",
                       "{\"mon\":\"\"}",
                       "{\"mon\":\"14:00-09:00\"}",
                       "{\"mon\":\"09:00-09:00\"}",
                       "{\"mon\":\"9:00-14:00\"}",
                       "{\"mon\":\"09:00-24:30\"}",
                       "{\"mon\":\"09:60-14:00\"}",
                       "{\"mon\":\"09:00-14:00;16:00-19:00\"}",
                       "{\"mon\":540}",
                       "{\"mon\":"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    struct vt_cal *cal = vt_cal_new("Europe/Madrid", bad[i]);
    if (cal)
      print_error("accepted %s\n", bad[i]);
    assert_null(cal);
  }
  vt_cal_free(NULL);
}

static void test_unknown_zone_is_utc(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Mars/Olympus_Mons", NULL);
  assert_string_equal(vt_cal_timezone(cal), "UTC");
  /* Mon 2026-03-02 09:00 UTC + 60 business minutes. */
  assert_int_equal(add_minutes(cal, utc(2026, 3, 2, 9, 0), 60), utc(2026, 3, 2, 10, 0));
  vt_cal_free(cal);
  cal = vt_cal_new("", NULL);
  assert_string_equal(vt_cal_timezone(cal), "UTC");
  vt_cal_free(cal);
  cal = vt_cal_new("Atlantic/Canary", NULL);
  assert_string_equal(vt_cal_timezone(cal), "Atlantic/Canary");
  vt_cal_free(cal);
}

static void test_local_date_follows_zone(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* 2026-03-05 23:30 UTC is already Friday 00:30 in Madrid. */
  struct vt_date d = vt_cal_local_date(cal, utc(2026, 3, 5, 23, 30));
  assert_int_equal(d.year, 2026);
  assert_int_equal(d.month, 3);
  assert_int_equal(d.day, 6);
  /* Summer: 22:30 UTC is 00:30 the next day. */
  d = vt_cal_local_date(cal, utc(2026, 7, 31, 22, 30));
  assert_int_equal(d.month, 8);
  assert_int_equal(d.day, 1);
  vt_cal_free(cal);
}

/* ---- business days ---------------------------------------------------------- */

static void test_days_from_friday_across_weekend(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* Notified Fri 2026-03-06 10:00 CET: counting starts Saturday, the first
   * counted day is Mon 9, the tenth Fri 20; ends 23:59:59.999 CET. */
  int64_t start = utc(2026, 3, 6, 9, 0);
  assert_int_equal(add_days(cal, start, 10), END(2026, 3, 20, 23));
  assert_int_equal(add_days(cal, start, 1), END(2026, 3, 9, 23)); /* Monday, not Saturday */
  assert_int_equal(add_days(cal, start, 5), END(2026, 3, 13, 23));
  assert_int_equal(add_days(cal, start, 6), END(2026, 3, 16, 23));
  /* The time of day does not matter, only the local date. */
  assert_int_equal(add_days(cal, utc(2026, 3, 5, 23, 0), 10), END(2026, 3, 20, 23));
  assert_int_equal(add_days(cal, utc(2026, 3, 6, 22, 59), 10), END(2026, 3, 20, 23));
  vt_cal_free(cal);
}

static void test_days_local_date_not_utc(void **state) {
  (void)state;
  /* Thu 2026-03-05 23:30 UTC: Friday 00:30 in Madrid, still Thursday in UTC. */
  int64_t start = utc(2026, 3, 5, 23, 30);
  struct vt_cal *cal = madrid();
  assert_int_equal(add_days(cal, start, 1), END(2026, 3, 9, 23)); /* Mon 9, 23:59:59.999 CET */
  vt_cal_free(cal);
  cal = vt_cal_new("UTC", NULL);
  assert_int_equal(add_days(cal, start, 1), END(2026, 3, 7, 0)); /* Fri 6, 23:59:59.999 UTC */
  vt_cal_free(cal);
}

static void test_days_consecutive_holidays_and_year_end(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* Thu 2026-12-24 is a business day, Fri 25 a holiday, then the weekend. */
  int64_t wed23 = utc(2026, 12, 23, 11, 0);
  assert_int_equal(add_days(cal, wed23, 1), END(2026, 12, 24, 23));
  assert_int_equal(add_days(cal, wed23, 2), END(2026, 12, 28, 23));
  /* 24(1) 28(2) 29(3) 30(4) 31(5) [1 Jan holiday, weekend] 4(6) 5(7) [6 Epiphany]
   * 7(8) 8(9) 11(10). */
  assert_int_equal(add_days(cal, wed23, 5), END(2026, 12, 31, 23));
  assert_int_equal(add_days(cal, wed23, 6), END(2027, 1, 4, 23));
  assert_int_equal(add_days(cal, wed23, 7), END(2027, 1, 5, 23));
  assert_int_equal(add_days(cal, wed23, 8), END(2027, 1, 7, 23));
  assert_int_equal(add_days(cal, wed23, 10), END(2027, 1, 11, 23));
  /* Without the holidays the tenth day is Wed 6 January. */
  struct vt_cal *plain = vt_cal_new("Europe/Madrid", NULL);
  assert_int_equal(add_days(plain, wed23, 10), END(2027, 1, 6, 23));
  vt_cal_free(plain);
  vt_cal_free(cal);
}

static void test_days_leap_year(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", NULL);
  assert_int_equal(add_days(cal, utc(2028, 2, 25, 10, 0), 1), END(2028, 2, 28, 23)); /* Fri->Mon */
  assert_int_equal(add_days(cal, utc(2028, 2, 28, 10, 0), 1), END(2028, 2, 29, 23)); /* the 29th */
  assert_int_equal(add_days(cal, utc(2028, 2, 28, 10, 0), 2), END(2028, 3, 1, 23));
  /* Not a leap year: Fri 2027-02-26 + 1 -> Mon 1 March. */
  assert_int_equal(add_days(cal, utc(2027, 2, 26, 10, 0), 1), END(2027, 3, 1, 23));
  vt_cal_free(cal);
}

static void test_days_start_on_saturday_or_holiday(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* Notified Sat 2026-03-07: counting starts Sunday, the first day is Monday. */
  assert_int_equal(add_days(cal, utc(2026, 3, 7, 11, 0), 1), END(2026, 3, 9, 23));
  assert_int_equal(add_days(cal, utc(2026, 3, 7, 11, 0), 10), END(2026, 3, 20, 23));
  /* Notified on Christmas (Fri): the first day is Mon 28. */
  assert_int_equal(add_days(cal, utc(2026, 12, 25, 11, 0), 1), END(2026, 12, 28, 23));
  /* Notified on Jueves Santo: Viernes Santo and the weekend go by; Mon 6 April
   * (CEST, so 23:59:59.999 local is 21:59:59.999 UTC). */
  assert_int_equal(add_days(cal, utc(2026, 4, 2, 9, 0), 1), END(2026, 4, 6, 22));
  vt_cal_free(cal);
}

static void test_filing_on_non_business_day(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  int64_t at;
  /* Filed Sat 2026-03-07 12:00 CET: counts as filed Mon 9 at 00:00 CET
   * (art. 31.2.b), so counting starts on Tuesday. */
  assert_int_equal(vt_cal_filing_instant(cal, utc(2026, 3, 7, 11, 0), &at), VT_CAL_OK);
  assert_int_equal(at, utc(2026, 3, 8, 23, 0));
  assert_int_equal(add_days(cal, at, 1), END(2026, 3, 10, 23));
  /* Filed on a business day: unchanged. */
  assert_int_equal(vt_cal_filing_instant(cal, utc(2026, 3, 9, 16, 0), &at), VT_CAL_OK);
  assert_int_equal(at, utc(2026, 3, 9, 16, 0));
  /* Filed on Jueves Santo: Mon 6 April 00:00 CEST. */
  assert_int_equal(vt_cal_filing_instant(cal, utc(2026, 4, 2, 8, 0), &at), VT_CAL_OK);
  assert_int_equal(at, utc(2026, 4, 5, 22, 0));
  vt_cal_free(cal);
}

static void test_days_semana_santa(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* Notified Mon 2026-03-23. Tue 24 (1) ... Wed 1 April (7); Jueves and Viernes
   * Santo and the weekend go by; Mon 6 (8) ... Wed 22 (20). CEST from 29 March. */
  int64_t start = utc(2026, 3, 23, 10, 0);
  assert_int_equal(add_days(cal, start, 7), END(2026, 4, 1, 22));
  assert_int_equal(add_days(cal, start, 8), END(2026, 4, 6, 22));
  assert_int_equal(add_days(cal, start, 20), END(2026, 4, 22, 22));
  struct vt_cal *plain = vt_cal_new("Europe/Madrid", NULL);
  assert_int_equal(add_days(plain, start, 20), END(2026, 4, 20, 22));
  vt_cal_free(plain);
  vt_cal_free(cal);
}

static void test_days_end_of_day_across_dst(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", NULL);
  /* Fri 2026-03-27 (CET) + 1 -> Mon 30 (CEST): 23:59:59.999 +02:00. */
  assert_int_equal(add_days(cal, utc(2026, 3, 27, 10, 0), 1), END(2026, 3, 30, 22));
  /* Fri 2026-10-23 (CEST) + 1 -> Mon 26 (CET): 23:59:59.999 +01:00. */
  assert_int_equal(add_days(cal, utc(2026, 10, 23, 10, 0), 1), END(2026, 10, 26, 23));
  vt_cal_free(cal);
}

static void test_days_canary_one_hour_later(void **state) {
  (void)state;
  struct vt_cal *mad = madrid(), *can = vt_cal_new("Atlantic/Canary", NULL);
  assert_int_equal(vt_cal_add_holidays(can, MADRID_HOLIDAYS), VT_CAL_OK);
  int64_t start = utc(2026, 3, 23, 12, 0);
  assert_int_equal(add_days(can, start, 20), END(2026, 4, 22, 23)); /* 23:59:59.999 WEST */
  assert_int_equal(add_days(can, start, 20) - add_days(mad, start, 20), 3600 * 1000);
  vt_cal_free(can);
  vt_cal_free(mad);
}

static void test_days_bounds(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  int64_t out = 42, start = utc(2026, 3, 6, 9, 0);
  assert_int_equal(vt_cal_add_business_days(cal, start, 0, &out), VT_CAL_BAD_INPUT);
  assert_int_equal(out, 0);
  assert_int_equal(vt_cal_add_business_days(cal, start, -1, &out), VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_business_days(cal, start, VT_CAL_MAX_DAYS + 1, &out),
                   VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_business_days(cal, -1, 10, &out), VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_business_days(cal, VT_CAL_MAX_MS, 10, &out), VT_CAL_BAD_INPUT);
  assert_int_equal(vt_cal_add_business_days(cal, start, VT_CAL_MAX_DAYS, &out), VT_CAL_OK);
  assert_true(out > start + 9LL * 365 * 86400000 && out < start + 10LL * 366 * 86400000);
  vt_cal_free(cal);
}

/* ---- months ----------------------------------------------------------------- */

static void test_months_same_day_number(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* Tue 2026-03-31 + 3 months -> Tue 30 June (no 31st): 23:59:59.999 CEST. */
  assert_int_equal(add_months(cal, utc(2026, 3, 31, 10, 0), 3), END(2026, 6, 30, 22));
  /* Mon 2026-03-16 + 1 month -> Thu 16 April. */
  assert_int_equal(add_months(cal, utc(2026, 3, 16, 10, 0), 1), END(2026, 4, 16, 22));
  /* 12 months across the year: Mon 2026-11-16 -> Tue 2027-11-16. */
  assert_int_equal(add_months(cal, utc(2026, 11, 16, 10, 0), 12), END(2027, 11, 16, 23));
  vt_cal_free(cal);
}

static void test_months_end_of_month(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* 2026-01-31 + 1 month -> 28 February, a Saturday -> Mon 2 March. */
  assert_int_equal(add_months(cal, utc(2026, 1, 31, 10, 0), 1), END(2026, 3, 2, 23));
  /* Leap year: 2028-01-31 + 1 month -> Tue 29 February, a business day. */
  assert_int_equal(add_months(cal, utc(2028, 1, 31, 10, 0), 1), END(2028, 2, 29, 23));
  /* 2027-12-31 + 2 months -> 29 February 2028. */
  assert_int_equal(add_months(cal, utc(2027, 12, 31, 10, 0), 2), END(2028, 2, 29, 23));
  vt_cal_free(cal);
}

static void test_months_non_business_end_moves(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* 2026-11-25 + 1 month -> Christmas (Fri) -> Mon 28 December. */
  assert_int_equal(add_months(cal, utc(2026, 11, 25, 10, 0), 1), END(2026, 12, 28, 23));
  /* 2026-01-03 (Sat) + 3 months -> Fri 3 April, Viernes Santo -> Mon 6 April. */
  assert_int_equal(add_months(cal, utc(2026, 1, 3, 10, 0), 3), END(2026, 4, 6, 22));
  /* 2026-02-15 (Sun) + 1 month -> Sun 15 March -> Mon 16. */
  assert_int_equal(add_months(cal, utc(2026, 2, 15, 10, 0), 1), END(2026, 3, 16, 23));
  int64_t out = 1;
  assert_int_equal(vt_cal_add_calendar_months(cal, utc(2026, 2, 15, 10, 0), 0, &out),
                   VT_CAL_BAD_INPUT);
  assert_int_equal(out, 0);
  assert_int_equal(
      vt_cal_add_calendar_months(cal, utc(2026, 2, 15, 10, 0), VT_CAL_MAX_MONTHS + 1, &out),
      VT_CAL_BAD_INPUT);
  vt_cal_free(cal);
}

/* ---- business time ---------------------------------------------------------- */

static void test_default_hours(void **state) {
  (void)state;
  const char *defaults[] = {NULL, "", "null", VT_CAL_DEFAULT_HOURS};
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
    struct vt_cal *cal = vt_cal_new("Europe/Madrid", defaults[i]);
    assert_non_null(cal);
    /* Mon 2026-03-02 09:00 CET + 5 h -> 14:00 the same day (the end of the
     * range, not Tuesday 09:00). */
    int64_t mon9 = utc(2026, 3, 2, 8, 0);
    assert_int_equal(add_minutes(cal, mon9, 300), utc(2026, 3, 2, 13, 0));
    assert_int_equal(add_minutes(cal, mon9, 301), utc(2026, 3, 3, 8, 1));
    /* Before opening: the clock starts at 09:00. */
    assert_int_equal(add_minutes(cal, utc(2026, 3, 2, 6, 0), 30), utc(2026, 3, 2, 8, 30));
    /* 16:00 CET is after closing: Tuesday 09:30. */
    assert_int_equal(add_minutes(cal, utc(2026, 3, 2, 15, 0), 30), utc(2026, 3, 3, 8, 30));
    /* Saturday: Monday. */
    assert_int_equal(add_minutes(cal, utc(2026, 3, 7, 10, 0), 60), utc(2026, 3, 9, 9, 0));
    /* A week of default hours is 25 hours. */
    assert_int_equal(minutes_between(cal, utc(2026, 3, 2, 0, 0), utc(2026, 3, 9, 0, 0)), 25 * 60);
    vt_cal_free(cal);
  }
}

static void test_split_hours(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", "{\"mon\":\"16:00-19:00, 09:00-14:00\","
                                                   "\"tue\":\"09:00-12:00,11:00-14:00\"}");
  assert_non_null(cal);
  /* Mon 2026-03-02 13:00 CET + 2 h: one before lunch, one from 16:00. */
  assert_int_equal(add_minutes(cal, utc(2026, 3, 2, 12, 0), 120), utc(2026, 3, 2, 16, 0));
  /* Overlapping Tuesday ranges merge: 09:00-14:00 is 5 hours, not 6. */
  assert_int_equal(minutes_between(cal, utc(2026, 3, 3, 0, 0), utc(2026, 3, 4, 0, 0)), 300);
  /* Monday evening to Tuesday: 18:00-19:00 then 09:00-... */
  assert_int_equal(add_minutes(cal, utc(2026, 3, 2, 17, 0), 90), utc(2026, 3, 3, 8, 30));
  vt_cal_free(cal);
}

static void test_hours_across_dst_madrid(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* Fri 2026-03-27 12:00 CET (11:00 UTC) + 4 business hours: 12:00-14:00 on
   * Friday, then Mon 30 09:00-11:00 CEST, which is 09:00 UTC (not 10:00). */
  int64_t fri = utc(2026, 3, 27, 11, 0);
  assert_int_equal(add_minutes(cal, fri, 240), utc(2026, 3, 30, 9, 0));
  /* First response in 8 business hours: Tue 31 10:00 CEST. */
  assert_int_equal(add_minutes(cal, fri, 480), utc(2026, 3, 31, 8, 0));
  assert_int_equal(minutes_between(cal, fri, utc(2026, 3, 30, 9, 0)), 240);
  /* And back in October: Fri 23 12:00 CEST + 4 h -> Mon 26 11:00 CET. */
  assert_int_equal(add_minutes(cal, utc(2026, 10, 23, 10, 0), 240), utc(2026, 10, 26, 10, 0));
  vt_cal_free(cal);
}

static void test_hours_canary_one_hour_later(void **state) {
  (void)state;
  struct vt_cal *can = vt_cal_new("Atlantic/Canary", NULL);
  /* The same local start (Fri 12:00 WET = 12:00 UTC) and the same rules give
   * Mon 30 11:00 WEST = 10:00 UTC: an hour after Madrid's 09:00 UTC. */
  assert_int_equal(add_minutes(can, utc(2026, 3, 27, 12, 0), 240), utc(2026, 3, 30, 10, 0));
  assert_int_equal(add_minutes(can, utc(2026, 3, 27, 12, 0), 480), utc(2026, 3, 31, 9, 0));
  /* The same instant is an hour earlier on the Canary clock: Fri 11:00 WET
   * leaves 3 hours on Friday, then Mon 09:00 WEST (08:00 UTC) + 1 h. */
  assert_int_equal(add_minutes(can, utc(2026, 3, 27, 11, 0), 240), utc(2026, 3, 30, 9, 0));
  vt_cal_free(can);
}

static void test_hours_on_23_and_25_hour_days(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", "{\"sat\":\"00:00-24:00\","
                                                   "\"sun\":\"00:00-24:00\"}");
  assert_non_null(cal);
  /* Sun 2026-03-29 (00:00 CET = Sat 23:00 UTC to 00:00 CEST = 22:00 UTC): 23 h. */
  assert_int_equal(minutes_between(cal, utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0)), 23 * 60);
  /* Sun 2026-10-25: 25 h. */
  assert_int_equal(minutes_between(cal, utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0)),
                   25 * 60);
  /* The whole weekend of 28-29 March, measured over a wider window. */
  assert_int_equal(minutes_between(cal, utc(2026, 3, 26, 0, 0), utc(2026, 4, 1, 0, 0)), 47 * 60);
  /* Sat 2026-03-28 12:00 CET + 24 business hours -> Sun 13:00 CEST (11:00 UTC). */
  assert_int_equal(add_minutes(cal, utc(2026, 3, 28, 11, 0), 24 * 60), utc(2026, 3, 29, 11, 0));
  vt_cal_free(cal);
}

static void test_hours_in_the_skipped_and_repeated_hour(void **state) {
  (void)state;
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", "{\"sun\":\"02:30-04:00\"}");
  /* 2026-03-29: 02:30 is never shown; the range starts when the clock jumps to
   * 03:00 CEST (01:00 UTC) and ends at 04:00 CEST (02:00 UTC): one hour. */
  assert_int_equal(minutes_between(cal, utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)), 60);
  assert_int_equal(add_minutes(cal, utc(2026, 3, 28, 0, 0), 1), utc(2026, 3, 29, 1, 1));
  vt_cal_free(cal);
  cal = vt_cal_new("Europe/Madrid", "{\"sun\":\"01:00-04:00\"}");
  /* 2026-10-25: 01:00 CEST (Sat 23:00 UTC) to 04:00 CET (03:00 UTC), the
   * repeated hour included: four hours. */
  assert_int_equal(minutes_between(cal, utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)), 240);
  assert_int_equal(add_minutes(cal, utc(2026, 10, 24, 0, 0), 1), utc(2026, 10, 24, 23, 1));
  vt_cal_free(cal);
}

static void test_minutes_between_weekend_and_holiday(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  /* Thu 2026-12-24 12:00 CET to Tue 29 10:30 CET: Thursday 12:00-14:00 (120),
   * Christmas and the weekend (0), Monday (300), Tuesday 09:00-10:30 (90). */
  int64_t from = utc(2026, 12, 24, 11, 0), to = utc(2026, 12, 29, 9, 30);
  assert_int_equal(minutes_between(cal, from, to), 510);
  int64_t ms = -1;
  assert_int_equal(vt_cal_business_ms_between(cal, from, to, &ms), VT_CAL_OK);
  assert_int_equal(ms, 510LL * 60000);
  /* Pausing: the caller subtracts the paused Monday afternoon-to-Tuesday. */
  int64_t paused = minutes_between(cal, utc(2026, 12, 28, 12, 0), utc(2026, 12, 29, 8, 30));
  assert_int_equal(paused, 60 + 30);
  /* Empty, partial-minute and reversed intervals. */
  assert_int_equal(minutes_between(cal, from, from), 0);
  assert_int_equal(minutes_between(cal, from, from + 59999), 0);
  assert_int_equal(vt_cal_business_ms_between(cal, from, from + 59999, &ms), VT_CAL_OK);
  assert_int_equal(ms, 59999);
  assert_int_equal(vt_cal_business_minutes_between(cal, to, from, &ms), VT_CAL_BAD_INPUT);
  assert_int_equal(ms, 0);
  assert_int_equal(vt_cal_business_minutes_between(
                       cal, from, from + (VT_CAL_MAX_WALK_DAYS + 1) * 86400000LL, &ms),
                   VT_CAL_BAD_INPUT);
  vt_cal_free(cal);
}

static void test_add_then_measure_round_trip(void **state) {
  (void)state;
  /* For starts every 37 minutes around both changes of 2026, adding m business
   * minutes and measuring back gives m. */
  struct vt_cal *cal = vt_cal_new("Europe/Madrid", "{\"mon\":\"08:00-15:00,16:00-18:30\","
                                                   "\"fri\":\"09:00-14:00\","
                                                   "\"sun\":\"01:00-04:00,22:00-24:00\"}");
  assert_non_null(cal);
  assert_int_equal(vt_cal_add_holidays(cal, MADRID_HOLIDAYS), VT_CAL_OK);
  const int64_t windows[] = {utc(2026, 3, 26, 0, 0), utc(2026, 10, 22, 0, 0)};
  const int64_t amounts[] = {1, 59, 60, 180, 299, 480, 1000, 5000};
  for (size_t w = 0; w < 2; w++) {
    for (int64_t s = windows[w]; s < windows[w] + 5 * 86400000LL; s += 37 * 60000) {
      for (size_t a = 0; a < sizeof amounts / sizeof *amounts; a++) {
        int64_t end = add_minutes(cal, s, amounts[a]);
        assert_true(end > s);
        assert_int_equal(minutes_between(cal, s, end), amounts[a]);
        assert_int_equal(minutes_between(cal, s, end - 1), amounts[a] - 1);
      }
    }
  }
  vt_cal_free(cal);
}

static void test_hours_bounds(void **state) {
  (void)state;
  struct vt_cal *cal = madrid();
  int64_t out = 7, start = utc(2026, 3, 6, 9, 0);
  assert_int_equal(vt_cal_add_business_hours(cal, start, 0, &out), VT_CAL_OK);
  assert_int_equal(out, start);
  assert_int_equal(vt_cal_add_business_hours(cal, start, -1, &out), VT_CAL_BAD_INPUT);
  assert_int_equal(out, 0);
  assert_int_equal(vt_cal_add_business_hours(cal, start, VT_CAL_MAX_MINUTES + 1, &out),
                   VT_CAL_BAD_INPUT);
  /* More business time than ten years hold. */
  assert_int_equal(vt_cal_add_business_hours(cal, start, VT_CAL_MAX_MINUTES, &out), VT_CAL_TOO_FAR);
  assert_int_equal(out, 0);
  vt_cal_free(cal);
  /* No hours at all: legal days work, business time never comes. */
  cal = vt_cal_new("Europe/Madrid", "{}");
  assert_non_null(cal);
  assert_int_equal(vt_cal_add_business_hours(cal, start, 1, &out), VT_CAL_TOO_FAR);
  assert_int_equal(add_days(cal, start, 1), END(2026, 3, 9, 23));
  assert_int_equal(minutes_between(cal, start, start + 86400000LL * 30), 0);
  vt_cal_free(cal);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_parse),
      cmocka_unit_test(test_business_day_weekends_and_holidays),
      cmocka_unit_test(test_holidays_merge_lists),
      cmocka_unit_test(test_holidays_bad_list_adds_nothing),
      cmocka_unit_test(test_hours_malformed),
      cmocka_unit_test(test_unknown_zone_is_utc),
      cmocka_unit_test(test_local_date_follows_zone),
      cmocka_unit_test(test_days_from_friday_across_weekend),
      cmocka_unit_test(test_days_local_date_not_utc),
      cmocka_unit_test(test_days_consecutive_holidays_and_year_end),
      cmocka_unit_test(test_days_leap_year),
      cmocka_unit_test(test_days_start_on_saturday_or_holiday),
      cmocka_unit_test(test_filing_on_non_business_day),
      cmocka_unit_test(test_days_semana_santa),
      cmocka_unit_test(test_days_end_of_day_across_dst),
      cmocka_unit_test(test_days_canary_one_hour_later),
      cmocka_unit_test(test_days_bounds),
      cmocka_unit_test(test_months_same_day_number),
      cmocka_unit_test(test_months_end_of_month),
      cmocka_unit_test(test_months_non_business_end_moves),
      cmocka_unit_test(test_default_hours),
      cmocka_unit_test(test_split_hours),
      cmocka_unit_test(test_hours_across_dst_madrid),
      cmocka_unit_test(test_hours_canary_one_hour_later),
      cmocka_unit_test(test_hours_on_23_and_25_hour_days),
      cmocka_unit_test(test_hours_in_the_skipped_and_repeated_hour),
      cmocka_unit_test(test_minutes_between_weekend_and_holiday),
      cmocka_unit_test(test_add_then_measure_round_trip),
      cmocka_unit_test(test_hours_bounds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
