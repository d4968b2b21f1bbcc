/* Unit tests for domain/report: the time buckets and what they report,
 * quantiles by nearest rank, the sparse histogram blobs, local days across
 * a DST change, and which rollup rows answer a period. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "domain/report.h"

static void test_buckets(void **state) {
  (void)state;
  assert_int_equal(vt_rpt_bucket(0), 0);
  assert_int_equal(vt_rpt_bucket(59999), 0);
  assert_int_equal(vt_rpt_bucket(60000), 1);
  assert_int_equal(vt_rpt_bucket(-5), 0);
  assert_int_equal(vt_rpt_bucket(INT64_MAX), VT_RPT_BUCKETS - 1);
  /* Powers of two minutes are exact bounds: 2 min starts bucket 4. */
  assert_int_equal(vt_rpt_bucket_lo(4), 120000);
  assert_int_equal(vt_rpt_bucket(119999), 3);
  assert_int_equal(vt_rpt_bucket(120000), 4);
  /* Every value reported is within 12.3% of every value in its bucket. */
  for (int64_t ms = 60000; ms < 400LL * 86400000; ms = ms * 21 / 20 + 7) {
    double v = (double)vt_rpt_bucket_value(vt_rpt_bucket(ms));
    assert_true(fabs(v - (double)ms) / (double)ms < 0.123);
  }
}

static void test_quantile(void **state) {
  (void)state;
  int64_t b[VT_RPT_BUCKETS] = {0};
  assert_int_equal(vt_rpt_quantile(b, 0.5), -1);
  /* 1, 5, 10, 30 and 120 minutes: median the 3rd (10 min), p90 the 5th. */
  int64_t mins[] = {1, 5, 10, 30, 120};
  for (size_t i = 0; i < 5; i++)
    b[vt_rpt_bucket(mins[i] * 60000)]++;
  assert_int_equal(vt_rpt_quantile(b, 0.5), vt_rpt_bucket_value(vt_rpt_bucket(600000)));
  assert_int_equal(vt_rpt_quantile(b, 0.9), vt_rpt_bucket_value(vt_rpt_bucket(7200000)));
  assert_int_equal(vt_rpt_quantile(b, 0.0), vt_rpt_bucket_value(vt_rpt_bucket(60000)));
}

static void test_blobs(void **state) {
  (void)state;
  int64_t a[VT_RPT_SLOTS] = {0}, b[VT_RPT_SLOTS] = {0};
  a[0] = 3;
  a[VT_RPT_FRT + 7] = -1;
  a[VT_RPT_SLOTS - 1] = 70000;
  unsigned char blob[5 * VT_RPT_SLOTS];
  size_t n = vt_rpt_hist_encode(a, blob);
  assert_int_equal(n, 15);
  vt_rpt_hist_add(b, blob, n);
  vt_rpt_hist_add(b, blob, n);
  assert_int_equal(b[0], 6);
  assert_int_equal(b[VT_RPT_FRT + 7], -2);
  assert_int_equal(b[VT_RPT_SLOTS - 1], 140000);
  /* Bad bytes: a slot out of range and a truncated pair are ignored. */
  unsigned char bad[] = {200, 1, 0, 0, 0, 1, 1};
  vt_rpt_hist_add(b, bad, sizeof bad);
  assert_int_equal(b[1], 0);
}

static void test_local_day(void **state) {
  (void)state;
  int day, hour;
  /* 2026-01-31 23:30 UTC is 1 February 00:30 in Madrid (CET). */
  vt_rpt_local(1769902200000, "Europe/Madrid", &day, &hour);
  assert_int_equal(day, 20260201);
  assert_int_equal(hour, 0);
  /* Summer (CEST, UTC+2): 2026-07-01 22:30 UTC is 2 July 00:30. */
  vt_rpt_local(1782945000000, "Europe/Madrid", &day, &hour);
  assert_int_equal(day, 20260702);
  assert_int_equal(hour, 0);
  /* The Canaries are an hour behind; an unknown zone is UTC. */
  vt_rpt_local(1769902200000, "Atlantic/Canary", &day, &hour);
  assert_int_equal(day, 20260131);
  assert_int_equal(hour, 23);
  vt_rpt_local(1769902200000, "Nowhere/Such", &day, &hour);
  assert_int_equal(hour, 23);
}

static void test_ranges(void **state) {
  (void)state;
  struct vt_rpt_range r[3];
  vt_rpt_ranges(20251215, 20260201, false, false, r);
  assert_int_equal(r[0].grain, 0);
  assert_int_equal(r[0].lo, 20251215);
  assert_int_equal(r[0].hi, 20260100);
  assert_int_equal(r[1].grain, 1);
  assert_int_equal(r[1].lo, 20260100);
  assert_int_equal(r[1].hi, 20260100);
  assert_int_equal(r[2].lo, 20260132);
  assert_int_equal(r[2].hi, 20260201);
  /* No whole month: days only. */
  vt_rpt_ranges(20260105, 20260201, false, false, r);
  assert_int_equal(r[0].lo, 20260105);
  assert_int_equal(r[0].hi, 20260201);
  assert_true(r[1].lo > r[1].hi && r[2].lo > r[2].hi);
  /* Whole months at both ends, a leap February. */
  vt_rpt_ranges(20240101, 20240229, false, false, r);
  assert_int_equal(r[1].lo, 20240100);
  assert_int_equal(r[1].hi, 20240200);
  assert_true(r[0].lo > r[0].hi && r[2].lo > r[2].hi); /* no loose days */
  /* By day: totals rows, or day rows with a filter. */
  vt_rpt_ranges(20260101, 20260131, true, false, r);
  assert_int_equal(r[0].grain, 2);
  vt_rpt_ranges(20260101, 20260131, true, true, r);
  assert_int_equal(r[0].grain, 0);
  assert_int_equal(vt_rpt_day_add(20241231, 60), 20250301);
  assert_int_equal(vt_rpt_day_add(20240301, -1), 20240229);
  assert_false(vt_rpt_day_valid(20230229));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_buckets), cmocka_unit_test(test_quantile),
      cmocka_unit_test(test_blobs),   cmocka_unit_test(test_local_day),
      cmocka_unit_test(test_ranges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
