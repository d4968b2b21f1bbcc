/* Clocks and timestamps. Times in the store and the API are Unix
 * milliseconds (UTC); text forms are ISO 8601 with a Z. */
#ifndef VT_TIMEUTIL_H
#define VT_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

int64_t vt_now_ms(void);
/* Monotonic clock for measuring durations. */
int64_t vt_mono_us(void);
/* "2026-11-22T13:06:36.123Z"; out holds at least 25 bytes. */
void vt_time_iso8601(int64_t ms, char *out, size_t outsz);
/* The UTC calendar year of a timestamp. */
int vt_time_year(int64_t ms);
/* "2026-11-22T10:00:00Z" or with milliseconds (UTC); 0 when malformed. */
int64_t vt_time_parse_iso8601(const char *s);

#endif
