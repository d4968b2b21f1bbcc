/* An administration's working calendar and the deadlines computed on it: legal
 * deadlines in business days or months (Ley 39/2015, art. 30) and SLA targets
 * in business hours. Pure: no I/O, no clock; instants are Unix milliseconds.
 *
 * A calendar is three things:
 *   - a time zone (IANA name, "Europe/Madrid", "Atlantic/Canary"); an unknown
 *     or empty name counts as UTC. Every local date and time below is in it,
 *     through GLib's GTimeZone (the tz database), so daylight saving is right.
 *   - business hours per weekday, the format of channels/chat_hours.h:
 *     {"mon":"09:00-14:00,16:00-19:00", "tue":..., ...}; a missing day is
 *     closed. NULL, "" or "null" means the usual public-office hours,
 *     09:00-14:00 Monday to Friday (VT_CAL_DEFAULT_HOURS). Unlike chat hours,
 *     "no hours" is therefore not "always open".
 *   - holidays: local calendar dates; the caller merges the national,
 *     regional and local lists (vt_cal_add_holidays, once per list).
 *
 * Two notions of "business":
 *   - a business day (día hábil, art. 30.2) is Monday to Friday and not a
 *     holiday. Legal deadlines (days, months) use only this and ignore hours.
 *   - business time is the configured hours of the weekday, on dates that are
 *     not holidays. With the default hours that is exactly business days
 *     09:00-14:00; a calendar that declares "sat" hours (an office open on
 *     Saturday mornings) counts them as business time, though a Saturday is
 *     never a legal business day.
 *
 * A range runs from the first instant the wall clock shows its start to the
 * first instant it shows its end, and business time is measured in real
 * elapsed time: on the 23-hour day of March "00:00-24:00" is 23 hours; a
 * start inside the skipped hour begins when the clock jumps (03:00).
 *
 * Thread safety: building (vt_cal_new, vt_cal_add_holidays) is not; once
 * built, a calendar is only read and may be shared between threads. */
#ifndef VT_SLA_CALENDAR_H
#define VT_SLA_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#define VT_CAL_DEFAULT_HOURS                                                                       \
  "{\"mon\":\"09:00-14:00\",\"tue\":\"09:00-14:00\",\"wed\":\"09:00-14:00\","                      \
  "\"thu\":\"09:00-14:00\",\"fri\":\"09:00-14:00\"}"

/* How far any computation walks: about ten years of calendar days. */
#define VT_CAL_MAX_WALK_DAYS 3660
/* Largest counts accepted (ten years' worth); more is bad input. */
#define VT_CAL_MAX_DAYS    2400 /* business days: ~10 years with holidays */
#define VT_CAL_MAX_MONTHS  120
#define VT_CAL_MAX_MINUTES (10LL * 366 * 24 * 60)
/* Instants accepted: from 1970-01-01 up to (not including) 3000-01-01 UTC. */
#define VT_CAL_MAX_MS 32503680000000LL

enum vt_cal_status {
  VT_CAL_OK,
  VT_CAL_BAD_INPUT, /* negative or absurd count, instant out of range, from > to,
                       malformed holiday list */
  VT_CAL_TOO_FAR,   /* no answer within VT_CAL_MAX_WALK_DAYS (e.g. a calendar
                       with no business hours at all) */
};

/* A local calendar date. Valid: years 1900-2999, a real month and day. */
struct vt_date {
  int year;
  int month; /* 1-12 */
  int day;   /* 1-31 */
};

struct vt_cal;

/* A calendar in time zone `zone` with `hours_json` (see above; NULL for the
 * default) and no holidays. Returns NULL when hours_json is malformed:
 * not an object, an unknown day key, a value that is not "HH:MM-HH:MM"
 * ranges (start before end, 24:00 allowed as an end, at most 12 per day,
 * overlapping ranges are merged). "{}" is accepted: no business time at all
 * (legal days still work; business-time calls answer VT_CAL_TOO_FAR).
 * Caller frees with vt_cal_free. */
struct vt_cal *vt_cal_new(const char *zone, const char *hours_json);
void vt_cal_free(struct vt_cal *cal);

/* Whether the week has any business time (hours that are open some day).
 * Hours with none would leave every target in business hours without a due
 * time: the admin API refuses them. */
bool vt_cal_has_hours(const struct vt_cal *cal);

/* Merges a JSON array of "YYYY-MM-DD" strings into the holidays (kept sorted,
 * duplicates dropped). All or nothing: one bad element (not a string, not a
 * real date, year outside 1900-2999) or more than 20,000 holidays in all adds
 * nothing and answers VT_CAL_BAD_INPUT. NULL, "" and "null" add nothing. */
enum vt_cal_status vt_cal_add_holidays(struct vt_cal *cal, const char *json_array);
/* Adds one holiday; false when the date is not valid. */
bool vt_cal_add_holiday(struct vt_cal *cal, struct vt_date date);

/* The zone actually used: the name given, or "UTC" when it was unknown.
 * Borrowed from the calendar. */
const char *vt_cal_timezone(const struct vt_cal *cal);

/* "2026-12-25" -> date; false when malformed or not a real date. */
bool vt_date_parse(const char *text, struct vt_date *out);
/* The local date of an instant in the calendar's zone. */
struct vt_date vt_cal_local_date(const struct vt_cal *cal, int64_t ms);

/* Monday to Friday and not a holiday; false for an invalid date. */
bool vt_cal_is_business_day(const struct vt_cal *cal, struct vt_date date);
bool vt_cal_is_holiday(const struct vt_cal *cal, struct vt_date date);

/* A deadline of `days` business days (1..VT_CAL_MAX_DAYS) from the act at
 * start_ms (a notification or publication; only its local date matters).
 * Counting starts the day after; Saturdays, Sundays and holidays are skipped;
 * the deadline is the last millisecond (23:59:59.999 local) of the last
 * counted day. Art. 30.5 (a last day that is not a business day moves to the
 * next business day) never applies here: only business days are counted, so
 * the last counted day is one by construction. A start on a non-business day
 * is still the start: counting begins the next day (see vt_cal_filing_instant
 * for filings, which art. 31.2.b moves instead). *out is 0 on failure. */
enum vt_cal_status vt_cal_add_business_days(const struct vt_cal *cal, int64_t start_ms, int days,
                                            int64_t *out);

/* A deadline of `months` months (1..VT_CAL_MAX_MONTHS; years are 12 months)
 * from the act at start_ms (art. 30.4): it ends on the same day number of the
 * target month as the start's local date, or on that month's last day when it
 * has no such day (31 January + 1 month = 28/29 February); a day that is not
 * a business day moves to the next business day (art. 30.5). The deadline is
 * the last millisecond of that local day. *out is 0 on failure. */
enum vt_cal_status vt_cal_add_calendar_months(const struct vt_cal *cal, int64_t start_ms,
                                              int months, int64_t *out);

/* When a filing made at `ms` counts as made (art. 31.2.b): at `ms` if its
 * local date is a business day, otherwise at the first instant (00:00 local)
 * of the next business day. Feed the result to the functions above when the
 * deadline runs from a citizen's filing. */
enum vt_cal_status vt_cal_filing_instant(const struct vt_cal *cal, int64_t ms, int64_t *out);

/* An SLA target: the earliest instant at which `minutes` of business time
 * (0..VT_CAL_MAX_MINUTES; 8 business hours is 480) have elapsed since
 * start_ms. It may fall at the end of a range, never at the start of the next
 * one (Monday 09:00 + 5 h with 09:00-14:00 is Monday 14:00); 0 minutes is
 * start_ms itself. Holds: vt_cal_business_minutes_between(start, result) is
 * `minutes`. *out is 0 on failure. */
enum vt_cal_status vt_cal_add_business_hours(const struct vt_cal *cal, int64_t start_ms,
                                             int64_t minutes, int64_t *out);

/* Business time in [from_ms, to_ms): milliseconds, and whole minutes (rounded
 * down). To subtract paused intervals call it per interval and subtract the
 * milliseconds, then round: rounding each interval loses up to a minute each.
 * from_ms > to_ms, or more than VT_CAL_MAX_WALK_DAYS apart, is bad input. */
enum vt_cal_status vt_cal_business_ms_between(const struct vt_cal *cal, int64_t from_ms,
                                              int64_t to_ms, int64_t *out);
enum vt_cal_status vt_cal_business_minutes_between(const struct vt_cal *cal, int64_t from_ms,
                                                   int64_t to_ms, int64_t *out);

#endif
