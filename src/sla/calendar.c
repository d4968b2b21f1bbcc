/* Business days, legal deadlines and business time on an administration's
 * calendar. Dates are counted as days since 1970-01-01 (proleptic Gregorian),
 * and only the UTC offset of an instant comes from GLib's GTimeZone. */
#include "sla/calendar.h"

#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RANGES   12
#define MAX_HOLIDAYS 20000
#define MS_PER_DAY   86400000LL

static const char *const DAYS[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct range {
  int from, to; /* minutes since local midnight, from < to <= 1440 */
};

struct vt_cal {
  GTimeZone *tz;
  char *tz_name;
  struct range hours[7][MAX_RANGES]; /* index 0 is Monday; sorted, disjoint */
  int nhours[7];
  int32_t *holidays; /* day numbers, sorted, unique */
  size_t nholidays, capholidays;
};

/* ---- civil dates ---------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static struct vt_date civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = (int)(doy - (153 * mp + 2) / 5 + 1);
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  return (struct vt_date){(int)(yoe + era * 400 + (m <= 2)), m, d};
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m) {
  static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : n[m - 1];
}

static bool date_valid(struct vt_date d) {
  return d.year >= 1900 && d.year <= 2999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= month_days(d.year, d.month);
}

/* 0 is Monday; 1970-01-01 was a Thursday. */
static int weekday(int64_t day) { return (int)(((day % 7) + 7 + 3) % 7); }

bool vt_date_parse(const char *text, struct vt_date *out) {
  if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !(text[i] >= '0' && text[i] <= '9'))
      return false;
  struct vt_date d = {atoi(text), atoi(text + 5), atoi(text + 8)};
  if (!date_valid(d))
    return false;
  *out = d;
  return true;
}

/* ---- the zone: instants <-> local wall clock ------------------------------ */

/* The zone's UTC offset at a UTC instant, in seconds. */
static int64_t offset_at(const struct vt_cal *cal, int64_t secs) {
  int i = g_time_zone_find_interval(cal->tz, G_TIME_TYPE_UNIVERSAL, secs);
  return g_time_zone_get_offset(cal->tz, i);
}

/* The local day number of an instant. */
static int64_t local_day(const struct vt_cal *cal, int64_t ms) {
  return floor_div(ms + offset_at(cal, floor_div(ms, 1000)) * 1000, MS_PER_DAY);
}

/* The first instant (ms) at which the wall clock shows `minute` (may be 1440)
 * of local day `day`: for a time shown twice (October) the first time, for a
 * time never shown (March) the instant the clock jumps past it. Assumes at
 * most one offset change within a day either side of it (true of Spain's
 * zones and of every zone's present rules). */
static int64_t wall_to_ms(const struct vt_cal *cal, int64_t day, int minute) {
  int64_t wall = day * 86400 + (int64_t)minute * 60; /* seconds, as if UTC */
  int64_t before = offset_at(cal, wall - 86400), after = offset_at(cal, wall + 86400);
  int64_t best = INT64_MAX;
  if (offset_at(cal, wall - before) == before)
    best = wall - before;
  if (offset_at(cal, wall - after) == after && wall - after < best)
    best = wall - after;
  if (best == INT64_MAX) {
    /* In a gap (before < after): find the change, the first second on `after`. */
    int64_t lo = wall - after, hi = wall - before; /* lo on `before`, hi on `after` */
    while (hi - lo > 1) {
      int64_t mid = lo + (hi - lo) / 2;
      if (offset_at(cal, mid) == after)
        hi = mid;
      else
        lo = mid;
    }
    best = hi;
  }
  return best * 1000;
}

/* ---- building ------------------------------------------------------------- */

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q)
    abort(); /* as util/buf.c: nothing sensible is left to do */
  return q;
}

/* Reads "HH:MM" at *p into minutes since midnight (24:00 allowed). */
static bool read_time(const char **p, int *minutes) {
  const char *s = *p;
  if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' && s[3] >= '0' &&
        s[3] <= '5' && s[4] >= '0' && s[4] <= '9'))
    return false;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || (h == 24 && m))
    return false;
  *minutes = h * 60 + m;
  *p = s + 5;
  return true;
}

static int range_cmp(const void *a, const void *b) {
  const struct range *x = a, *y = b;
  return x->from < y->from ? -1 : x->from > y->from;
}

/* Parses one day's "HH:MM-HH:MM,..." (chat_hours' grammar) into sorted,
 * merged ranges. */
static bool parse_day(const char *text, struct range *out, int *n) {
  const char *p = text;
  *n = 0;
  if (!*p)
    return false;
  while (*p) {
    struct range r;
    while (*p == ' ')
      p++;
    if (*n == MAX_RANGES || !read_time(&p, &r.from) || *p++ != '-' || !read_time(&p, &r.to) ||
        r.from >= r.to)
      return false;
    out[(*n)++] = r;
    while (*p == ' ')
      p++;
    if (*p == ',')
      p++;
    else if (*p)
      return false;
  }
  qsort(out, (size_t)*n, sizeof *out, range_cmp);
  int k = 0;
  for (int i = 1; i < *n; i++) {
    if (out[i].from <= out[k].to) {
      if (out[i].to > out[k].to)
        out[k].to = out[i].to;
    } else {
      out[++k] = out[i];
    }
  }
  *n = k + 1;
  return true;
}

static bool parse_hours(struct vt_cal *cal, const char *hours_json) {
  json_t *hours = json_loads(hours_json, 0, NULL);
  bool ok = json_is_object(hours);
  const char *key;
  json_t *v;
  if (ok) {
    json_object_foreach(hours, key, v) {
      int d = 0;
      while (d < 7 && strcmp(key, DAYS[d]))
        d++;
      if (d == 7 || !json_is_string(v) || json_string_length(v) > 200 ||
          !parse_day(json_string_value(v), cal->hours[d], &cal->nhours[d])) {
        ok = false;
        break;
      }
    }
  }
  json_decref(hours);
  return ok;
}

bool vt_cal_has_hours(const struct vt_cal *cal) {
  for (int d = 0; d < 7; d++)
    if (cal->nhours[d] > 0)
      return true;
  return false;
}

struct vt_cal *vt_cal_new(const char *zone, const char *hours_json) {
  struct vt_cal *cal = xrealloc(NULL, sizeof *cal);
  memset(cal, 0, sizeof *cal);
  if (!hours_json || !*hours_json || !strcmp(hours_json, "null"))
    hours_json = VT_CAL_DEFAULT_HOURS;
  if (!parse_hours(cal, hours_json)) {
    free(cal);
    return NULL;
  }
  cal->tz = zone && *zone ? g_time_zone_new_identifier(zone) : NULL;
  const char *name = cal->tz ? zone : "UTC";
  if (!cal->tz)
    cal->tz = g_time_zone_new_utc();
  cal->tz_name = xrealloc(NULL, strlen(name) + 1);
  memcpy(cal->tz_name, name, strlen(name) + 1);
  return cal;
}

void vt_cal_free(struct vt_cal *cal) {
  if (!cal)
    return;
  g_time_zone_unref(cal->tz);
  free(cal->tz_name);
  free(cal->holidays);
  free(cal);
}

const char *vt_cal_timezone(const struct vt_cal *cal) { return cal->tz_name; }

static int day_cmp(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return x < y ? -1 : x > y;
}

/* Appends days and restores the invariant: sorted, unique. */
static void holidays_merge(struct vt_cal *cal, const int32_t *days, size_t n) {
  if (!n)
    return;
  if (cal->nholidays + n > cal->capholidays) {
    cal->capholidays = cal->nholidays + n;
    cal->holidays = xrealloc(cal->holidays, cal->capholidays * sizeof *cal->holidays);
  }
  memcpy(cal->holidays + cal->nholidays, days, n * sizeof *days);
  cal->nholidays += n;
  qsort(cal->holidays, cal->nholidays, sizeof *cal->holidays, day_cmp);
  size_t k = 0;
  for (size_t i = 0; i < cal->nholidays; i++)
    if (k == 0 || cal->holidays[i] != cal->holidays[k - 1])
      cal->holidays[k++] = cal->holidays[i];
  cal->nholidays = k;
}

enum vt_cal_status vt_cal_add_holidays(struct vt_cal *cal, const char *json_array) {
  if (!json_array || !*json_array || !strcmp(json_array, "null"))
    return VT_CAL_OK;
  json_t *list = json_loads(json_array, 0, NULL);
  size_t n = json_array_size(list);
  if (!json_is_array(list) || n > MAX_HOLIDAYS || cal->nholidays + n > MAX_HOLIDAYS) {
    json_decref(list);
    return VT_CAL_BAD_INPUT;
  }
  int32_t *days = xrealloc(NULL, (n ? n : 1) * sizeof *days);
  enum vt_cal_status st = VT_CAL_OK;
  for (size_t i = 0; i < n; i++) {
    struct vt_date d;
    if (!vt_date_parse(json_string_value(json_array_get(list, i)), &d)) {
      st = VT_CAL_BAD_INPUT;
      break;
    }
    days[i] = (int32_t)days_from_civil(d.year, d.month, d.day);
  }
  if (st == VT_CAL_OK)
    holidays_merge(cal, days, n);
  free(days);
  json_decref(list);
  return st;
}

bool vt_cal_add_holiday(struct vt_cal *cal, struct vt_date date) {
  if (!date_valid(date) || cal->nholidays >= MAX_HOLIDAYS)
    return false;
  int32_t day = (int32_t)days_from_civil(date.year, date.month, date.day);
  holidays_merge(cal, &day, 1);
  return true;
}

/* ---- days ----------------------------------------------------------------- */

static bool holiday(const struct vt_cal *cal, int64_t day) {
  int32_t key = (int32_t)day;
  return cal->nholidays &&
         bsearch(&key, cal->holidays, cal->nholidays, sizeof key, day_cmp) != NULL;
}

static bool business_day(const struct vt_cal *cal, int64_t day) {
  return weekday(day) < 5 && !holiday(cal, day);
}

bool vt_cal_is_holiday(const struct vt_cal *cal, struct vt_date date) {
  return date_valid(date) && holiday(cal, days_from_civil(date.year, date.month, date.day));
}

bool vt_cal_is_business_day(const struct vt_cal *cal, struct vt_date date) {
  return date_valid(date) && business_day(cal, days_from_civil(date.year, date.month, date.day));
}

struct vt_date vt_cal_local_date(const struct vt_cal *cal, int64_t ms) {
  return civil_from_days(local_day(cal, ms));
}

static bool instant_ok(int64_t ms) { return ms >= 0 && ms < VT_CAL_MAX_MS; }

/* The last millisecond of local day `day`. */
static int64_t end_of_day(const struct vt_cal *cal, int64_t day) {
  return wall_to_ms(cal, day + 1, 0) - 1;
}

enum vt_cal_status vt_cal_add_business_days(const struct vt_cal *cal, int64_t start_ms, int days,
                                            int64_t *out) {
  *out = 0;
  if (!instant_ok(start_ms) || days < 1 || days > VT_CAL_MAX_DAYS)
    return VT_CAL_BAD_INPUT;
  int64_t first = local_day(cal, start_ms), day = first;
  for (int counted = 0; counted < days;) {
    if (++day - first > VT_CAL_MAX_WALK_DAYS)
      return VT_CAL_TOO_FAR; /* only with an absurd holiday list */
    if (business_day(cal, day))
      counted++;
  }
  *out = end_of_day(cal, day);
  return VT_CAL_OK;
}

/* The first business day on or after `day`, or -1 past the walking limit. */
static int64_t next_business_day(const struct vt_cal *cal, int64_t day) {
  for (int i = 0; i <= VT_CAL_MAX_WALK_DAYS; i++, day++)
    if (business_day(cal, day))
      return day;
  return -1;
}

enum vt_cal_status vt_cal_add_calendar_months(const struct vt_cal *cal, int64_t start_ms,
                                              int months, int64_t *out) {
  *out = 0;
  if (!instant_ok(start_ms) || months < 1 || months > VT_CAL_MAX_MONTHS)
    return VT_CAL_BAD_INPUT;
  struct vt_date s = civil_from_days(local_day(cal, start_ms));
  int m0 = s.month - 1 + months;
  int y = s.year + m0 / 12, m = m0 % 12 + 1;
  int d = s.day <= month_days(y, m) ? s.day : month_days(y, m);
  int64_t day = next_business_day(cal, days_from_civil(y, m, d));
  if (day < 0)
    return VT_CAL_TOO_FAR;
  *out = end_of_day(cal, day);
  return VT_CAL_OK;
}

enum vt_cal_status vt_cal_filing_instant(const struct vt_cal *cal, int64_t ms, int64_t *out) {
  *out = 0;
  if (!instant_ok(ms))
    return VT_CAL_BAD_INPUT;
  int64_t day = local_day(cal, ms);
  if (business_day(cal, day)) {
    *out = ms;
    return VT_CAL_OK;
  }
  int64_t next = next_business_day(cal, day + 1);
  if (next < 0)
    return VT_CAL_TOO_FAR;
  *out = wall_to_ms(cal, next, 0);
  return VT_CAL_OK;
}

/* ---- business time -------------------------------------------------------- */

typedef bool (*range_fn)(int64_t from_ms, int64_t to_ms, void *arg);

/* Calls `each` with every business range of local day `day` as instants,
 * in order, until it returns false; returns false then. */
static bool day_ranges(const struct vt_cal *cal, int64_t day, range_fn each, void *arg) {
  int wd = weekday(day);
  if (!cal->nhours[wd] || holiday(cal, day))
    return true;
  for (int i = 0; i < cal->nhours[wd]; i++) {
    const struct range *r = &cal->hours[wd][i];
    if (!each(wall_to_ms(cal, day, r->from), wall_to_ms(cal, day, r->to), arg))
      return false;
  }
  return true;
}

struct adding {
  int64_t start, left, result;
};

static bool add_range(int64_t from, int64_t to, void *arg) {
  struct adding *a = arg;
  if (to <= a->start)
    return true;
  if (from < a->start)
    from = a->start;
  if (to - from >= a->left) {
    a->result = from + a->left;
    return false;
  }
  a->left -= to - from;
  return true;
}

enum vt_cal_status vt_cal_add_business_hours(const struct vt_cal *cal, int64_t start_ms,
                                             int64_t minutes, int64_t *out) {
  *out = 0;
  if (!instant_ok(start_ms) || minutes < 0 || minutes > VT_CAL_MAX_MINUTES)
    return VT_CAL_BAD_INPUT;
  if (minutes == 0) {
    *out = start_ms;
    return VT_CAL_OK;
  }
  struct adding a = {start_ms, minutes * 60000, 0};
  /* Ranges of earlier days end before the start's local midnight, so the
   * walk starts on the start's local day. */
  int64_t first = local_day(cal, start_ms);
  for (int64_t day = first; day - first <= VT_CAL_MAX_WALK_DAYS; day++) {
    if (!day_ranges(cal, day, add_range, &a)) {
      *out = a.result;
      return VT_CAL_OK;
    }
  }
  return VT_CAL_TOO_FAR;
}

struct summing {
  int64_t from, to, total;
};

static bool sum_range(int64_t from, int64_t to, void *arg) {
  struct summing *s = arg;
  if (from < s->from)
    from = s->from;
  if (to > s->to)
    to = s->to;
  if (to > from)
    s->total += to - from;
  return true;
}

enum vt_cal_status vt_cal_business_ms_between(const struct vt_cal *cal, int64_t from_ms,
                                              int64_t to_ms, int64_t *out) {
  *out = 0;
  if (!instant_ok(from_ms) || !instant_ok(to_ms) || from_ms > to_ms ||
      to_ms - from_ms > VT_CAL_MAX_WALK_DAYS * MS_PER_DAY)
    return VT_CAL_BAD_INPUT;
  struct summing s = {from_ms, to_ms, 0};
  int64_t last = local_day(cal, to_ms);
  for (int64_t day = local_day(cal, from_ms); day <= last; day++)
    day_ranges(cal, day, sum_range, &s);
  *out = s.total;
  return VT_CAL_OK;
}

enum vt_cal_status vt_cal_business_minutes_between(const struct vt_cal *cal, int64_t from_ms,
                                                   int64_t to_ms, int64_t *out) {
  enum vt_cal_status st = vt_cal_business_ms_between(cal, from_ms, to_ms, out);
  *out /= 60000;
  return st;
}
