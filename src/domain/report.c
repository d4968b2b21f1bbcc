/* Report arithmetic: buckets, sparse histograms, quantiles, local days.
 * The SQLite rollup triggers call these through SQL functions; the
 * PostgreSQL migration carries the same bucket bounds as a literal. */
#include "domain/report.h"

#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

static int64_t bounds[VT_RPT_BUCKETS]; /* bounds[k] = lo(k), k >= 1 */
static pthread_once_t bounds_once = PTHREAD_ONCE_INIT;

static void bounds_init(void) {
  for (int k = 1; k < VT_RPT_BUCKETS; k++)
    bounds[k] = llround(60000.0 * exp2((k - 1) / 3.0));
}

int64_t vt_rpt_bucket_lo(int k) {
  pthread_once(&bounds_once, bounds_init);
  return k <= 0 ? 0 : k >= VT_RPT_BUCKETS ? bounds[VT_RPT_BUCKETS - 1] : bounds[k];
}

int vt_rpt_bucket(int64_t ms) {
  pthread_once(&bounds_once, bounds_init);
  int lo = 0, hi = VT_RPT_BUCKETS - 1; /* largest k with bounds[k] <= ms */
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (bounds[mid] <= ms)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

int64_t vt_rpt_bucket_value(int k) {
  if (k <= 0)
    return 30000;
  if (k >= VT_RPT_BUCKETS - 1)
    return vt_rpt_bucket_lo(VT_RPT_BUCKETS - 1);
  return llround(sqrt((double)vt_rpt_bucket_lo(k) * (double)vt_rpt_bucket_lo(k + 1)));
}

int64_t vt_rpt_quantile(const int64_t *buckets, double q) {
  int64_t n = 0;
  for (int k = 0; k < VT_RPT_BUCKETS; k++)
    n += buckets[k] > 0 ? buckets[k] : 0;
  if (n == 0)
    return -1;
  int64_t rank = (int64_t)ceil(q * (double)n);
  if (rank < 1)
    rank = 1;
  int64_t seen = 0;
  for (int k = 0; k < VT_RPT_BUCKETS; k++) {
    seen += buckets[k] > 0 ? buckets[k] : 0;
    if (seen >= rank)
      return vt_rpt_bucket_value(k);
  }
  return vt_rpt_bucket_value(VT_RPT_BUCKETS - 1);
}

void vt_rpt_hist_add(int64_t *dense, const unsigned char *blob, size_t n) {
  for (size_t i = 0; i + 5 <= n; i += 5) {
    unsigned slot = blob[i];
    uint32_t u = (uint32_t)blob[i + 1] | (uint32_t)blob[i + 2] << 8 | (uint32_t)blob[i + 3] << 16 |
                 (uint32_t)blob[i + 4] << 24;
    if (slot < VT_RPT_SLOTS)
      dense[slot] += (int32_t)u;
  }
}

size_t vt_rpt_hist_encode(const int64_t *dense, unsigned char *out) {
  size_t n = 0;
  for (int s = 0; s < VT_RPT_SLOTS; s++) {
    if (!dense[s])
      continue;
    uint32_t u = (uint32_t)(int32_t)dense[s];
    out[n++] = (unsigned char)s;
    out[n++] = (unsigned char)u;
    out[n++] = (unsigned char)(u >> 8);
    out[n++] = (unsigned char)(u >> 16);
    out[n++] = (unsigned char)(u >> 24);
  }
  return n;
}

/* GTimeZone lookups parse a zone file: zones are kept for the life of the
 * process in a small table (there are a handful; a GTimeZone is immutable,
 * so sharing it between threads is safe). */
static struct {
  char name[64];
  GTimeZone *tz;
} zones[32];
static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;

static GTimeZone *zone(const char *name) {
  GTimeZone *tz = NULL;
  pthread_mutex_lock(&zones_lock);
  size_t i = 0;
  for (; i < sizeof zones / sizeof *zones && zones[i].tz; i++)
    if (!strcmp(zones[i].name, name)) {
      tz = zones[i].tz;
      break;
    }
  if (!tz) {
    tz = g_time_zone_new_identifier(name);
    if (!tz)
      tz = g_time_zone_new_utc();
    if (i < sizeof zones / sizeof *zones) {
      g_strlcpy(zones[i].name, name, sizeof zones[i].name);
      zones[i].tz = tz;
    }
  }
  g_time_zone_ref(tz);
  pthread_mutex_unlock(&zones_lock);
  return tz;
}

void vt_rpt_local(int64_t ms, const char *tz_name, int *day, int *hour) {
  GTimeZone *tz = zone(tz_name && *tz_name ? tz_name : "UTC");
  int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  GDateTime *utc = g_date_time_new_from_unix_utc(s);
  GDateTime *local = utc ? g_date_time_to_timezone(utc, tz) : NULL;
  if (!local) {
    *day = 19700101;
    *hour = 0;
  } else {
    *day = g_date_time_get_year(local) * 10000 + g_date_time_get_month(local) * 100 +
           g_date_time_get_day_of_month(local);
    *hour = g_date_time_get_hour(local);
  }
  if (local)
    g_date_time_unref(local);
  if (utc)
    g_date_time_unref(utc);
  g_time_zone_unref(tz);
}

bool vt_rpt_day_valid(int day) {
  int y = day / 10000, m = day / 100 % 100, d = day % 100;
  return y >= 1970 && y <= 9999 && g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

int vt_rpt_day_add(int day, int days) {
  if (!vt_rpt_day_valid(day))
    return 0;
  GDate *g = g_date_new_dmy((GDateDay)(day % 100), (GDateMonth)(day / 100 % 100),
                            (GDateYear)(day / 10000));
  if (days >= 0)
    g_date_add_days(g, (guint)days);
  else
    g_date_subtract_days(g, (guint)-days);
  int out = g_date_get_year(g) * 10000 + g_date_get_month(g) * 100 + g_date_get_day(g);
  g_date_free(g);
  return out;
}

void vt_rpt_ranges(int from, int to, bool by_day, bool dims, struct vt_rpt_range r[3]) {
  for (int i = 0; i < 3; i++)
    r[i] = (struct vt_rpt_range){0, 1, 0};
  if (by_day) {
    r[0] = (struct vt_rpt_range){dims ? 0 : 2, from, to};
    return;
  }
  int first = from % 100 == 1 ? from / 100 : vt_rpt_day_add(from / 100 * 100 + 1, 31) / 100;
  int y = to / 10000, m = to / 100 % 100;
  bool to_last = to % 100 == g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
  int last = to_last ? to / 100 : (m == 1 ? (y - 1) * 100 + 12 : to / 100 - 1);
  if (first > last) {
    r[0] = (struct vt_rpt_range){0, from, to};
    return;
  }
  r[0] = (struct vt_rpt_range){0, from, first * 100};
  r[1] = (struct vt_rpt_range){1, first * 100, last * 100};
  r[2] = (struct vt_rpt_range){0, last * 100 + 32, to};
}
