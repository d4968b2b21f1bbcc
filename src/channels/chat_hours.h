/* A chat widget's service hours: per weekday, ranges of local time in the
 * administration's time zone, e.g. {"mon": "09:00-14:00,16:00-19:00"}. A
 * day that is missing is closed; no hours at all means always open. */
#ifndef VT_CHAT_HOURS_H
#define VT_CHAT_HOURS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Whether hours (a JSON object as above) are well formed: known day keys,
 * each "HH:MM-HH:MM" ranges, start before end, comma-separated. */
bool vt_chat_hours_valid(const json_t *hours);
/* Whether the widget is open at `now_ms`. hours_json NULL: always. An
 * unknown time zone counts as UTC. */
bool vt_chat_hours_open(const char *hours_json, const char *timezone, int64_t now_ms);

#endif
