/* Service hours of a chat widget, evaluated in the administration's time
 * zone with GLib's GTimeZone (the tz database), since opening hours are
 * local ("09:00 in Madrid") and move with daylight saving time. */
#include "channels/chat_hours.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static const char *const DAYS[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/* Reads "HH:MM" at *p into minutes since midnight (24:00 allowed as an end). */
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

/* Reads a day's ranges; *inside when minute `at` falls in one; false when malformed. */
static bool ranges(const char *text, int at, bool *inside) {
  const char *p = text;
  *inside = false;
  if (!*p)
    return false;
  while (*p) {
    int from, to;
    while (*p == ' ')
      p++;
    if (!read_time(&p, &from) || *p++ != '-' || !read_time(&p, &to) || from >= to)
      return false;
    if (at >= from && at < to)
      *inside = true;
    while (*p == ' ')
      p++;
    if (*p == ',')
      p++;
    else if (*p)
      return false;
  }
  return true;
}

static int day_index(const char *key) {
  for (int i = 0; i < 7; i++)
    if (!strcmp(key, DAYS[i]))
      return i;
  return -1;
}

bool vt_chat_hours_valid(const json_t *hours) {
  if (!json_is_object(hours))
    return false;
  const char *key;
  json_t *v;
  bool ignored;
  json_object_foreach((json_t *)hours, key, v) {
    if (day_index(key) < 0 || !json_is_string(v) || json_string_length(v) > 200 ||
        !ranges(json_string_value(v), 0, &ignored))
      return false;
  }
  return true;
}

bool vt_chat_hours_open(const char *hours_json, const char *timezone, int64_t now_ms) {
  if (!hours_json || !*hours_json || !strcmp(hours_json, "null"))
    return true;
  json_t *hours = json_loads(hours_json, 0, NULL);
  if (!json_is_object(hours)) {
    json_decref(hours);
    return true;
  }
  GTimeZone *tz = timezone && *timezone ? g_time_zone_new_identifier(timezone) : NULL;
  if (!tz)
    tz = g_time_zone_new_utc();
  GDateTime *utc = g_date_time_new_from_unix_utc(now_ms / 1000);
  GDateTime *local = utc ? g_date_time_to_timezone(utc, tz) : NULL;
  bool open = false;
  if (local) {
    int day = g_date_time_get_day_of_week(local) - 1; /* GLib: 1 is Monday */
    int at = g_date_time_get_hour(local) * 60 + g_date_time_get_minute(local);
    json_t *today = json_object_get(hours, DAYS[day]);
    bool inside;
    open = json_is_string(today) && ranges(json_string_value(today), at, &inside) && inside;
    g_date_time_unref(local);
  }
  if (utc)
    g_date_time_unref(utc);
  g_time_zone_unref(tz);
  json_decref(hours);
  return open;
}
