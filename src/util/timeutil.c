/* Clocks and timestamps. */
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t vt_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t vt_mono_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void vt_time_iso8601(int64_t ms, char *out, size_t outsz) {
  time_t secs = (time_t)(ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

int vt_time_year(int64_t ms) {
  time_t secs = (time_t)(ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  return tm.tm_year + 1900;
}

/* "2026-11-22T10:00:00Z" or with milliseconds; 0 when malformed. */
int64_t vt_time_parse_iso8601(const char *s) {
  struct tm tm = {0};
  int ms = 0;
  const char *rest = s ? strptime(s, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
  if (!rest)
    return 0;
  if (*rest == '.') {
    char *end;
    ms = (int)strtol(rest + 1, &end, 10);
    rest = end;
  }
  if (strcmp(rest, "Z"))
    return 0;
  time_t t = timegm(&tm);
  return t > 0 ? (int64_t)t * 1000 + ms : 0;
}
