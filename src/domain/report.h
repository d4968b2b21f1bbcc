/* Report arithmetic with no I/O: the log-scale buckets of response and
 * resolution times, the sparse histogram blobs the rollups carry, quantiles
 * read off a histogram, and a moment's local day and hour. */
#ifndef VT_DOMAIN_REPORT_H
#define VT_DOMAIN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A rollup histogram has VT_RPT_SLOTS counters: tickets created by local
 * hour of day (0-23), then first-response times (VT_RPT_BUCKETS buckets),
 * then resolution times (the same buckets). */
#define VT_RPT_HOURS 24
#define VT_RPT_BUCKETS 60
#define VT_RPT_FRT 24
#define VT_RPT_RES (24 + VT_RPT_BUCKETS)
#define VT_RPT_SLOTS (24 + 2 * VT_RPT_BUCKETS)

/* Bucket 0 holds durations under one minute; bucket k >= 1 holds
 * [lo(k), lo(k+1)) with lo(k) = round(60 s * 2^((k-1)/3)): each bucket is
 * 26% wider than the one before; the last (k = 59, from 458 days) is open. */
int vt_rpt_bucket(int64_t ms);
int64_t vt_rpt_bucket_lo(int k);
/* What a bucket reports: 30 s for bucket 0, the geometric middle of the
 * bucket otherwise (within 12.3% of any value in it), the lower bound for
 * the open last one. */
int64_t vt_rpt_bucket_value(int k);

/* The q-quantile (nearest rank: the ceil(q * n)-th smallest) of n counts
 * in buckets; -1 when empty. */
int64_t vt_rpt_quantile(const int64_t *buckets, double q);

/* Sparse blobs: (uint8 slot, int32 little-endian count) pairs, slots
 * ascending, no zero counts. decode adds into dense[VT_RPT_SLOTS] (bad
 * bytes are ignored). encode writes at most 5 * VT_RPT_SLOTS bytes into
 * out and returns the length. */
void vt_rpt_hist_add(int64_t *dense, const unsigned char *blob, size_t n);
size_t vt_rpt_hist_encode(const int64_t *dense, unsigned char *out);

/* The local calendar day (yyyymmdd) and hour of a moment (ms since the
 * epoch) in a tz database zone (UTC when unknown). Thread-safe. */
void vt_rpt_local(int64_t ms, const char *tz, int *day, int *hour);


/* Which rollup rows answer a period [from, to] (yyyymmdd): up to three
 * ranges of (grain, first period, last period); an empty range has
 * lo > hi. Grouped by day: day rows only (grain 2, the totals, when no
 * channel, department or service is asked for; else grain 0). Otherwise
 * whole months from month rows (grain 1) and the days at either end. */
struct vt_rpt_range {
  int grain, lo, hi;
};
void vt_rpt_ranges(int from, int to, bool by_day, bool dims, struct vt_rpt_range r[3]);
/* yyyymmdd plus days (negative: minus); 0 if not a date. */
int vt_rpt_day_add(int day, int days);
bool vt_rpt_day_valid(int day);

#endif
