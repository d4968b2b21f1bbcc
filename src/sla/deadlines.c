/* Due times of a ticket (see deadlines.h). */
#include "sla/deadlines.h"

#include <jansson.h>
#include <string.h>

#include "sla/calendar.h"

/* Business days in (from, to]: the days a pause took out of a legal
 * deadline (the day it started is already counting; the day it ended is
 * suspended). */
static int paused_business_days(const struct vt_cal *cal, int64_t from, int64_t to) {
  int n = 0;
  struct vt_date end = vt_cal_local_date(cal, to);
  for (int64_t ms = from + 86400000LL, walked = 0; walked < VT_CAL_MAX_WALK_DAYS;
       ms += 86400000LL, walked++) {
    struct vt_date d = vt_cal_local_date(cal, ms);
    if (d.year > end.year ||
        (d.year == end.year && (d.month > end.month || (d.month == end.month && d.day > end.day))))
      break;
    n += vt_cal_is_business_day(cal, d);
  }
  return n;
}

struct vt_cal *vt_sla_calendar(const char *zone, const char *hours_json) {
  struct vt_cal *cal = vt_cal_new(zone, hours_json);
  /* Hours are checked when saved; a value that no longer parses falls back. */
  return cal ? cal : vt_cal_new(zone, NULL);
}

int vt_sla_compute(const struct vt_sla_facts *f, int64_t now, struct vt_sla_due *out) {
  memset(out, 0, sizeof *out);
  out->policy_id = f->policy_id;
  struct vt_cal *cal = vt_sla_calendar(f->timezone, f->hours_json);
  if (!cal)
    return -1;
  vt_cal_add_holidays(cal, f->holidays_json);

  /* What the pauses took: business time (for targets in hours) and
   * business days (for deadlines in days). */
  int64_t paused_ms = 0;
  int paused_days = 0;
  json_t *pauses = f->pauses_json ? json_loads(f->pauses_json, 0, NULL) : NULL;
  size_t i;
  json_t *pz;
  json_array_foreach(pauses, i, pz) {
    int64_t from = json_integer_value(json_array_get(pz, 0));
    int64_t to = json_integer_value(json_array_get(pz, 1));
    if (!to || to > now)
      to = now;
    if (from <= 0 || to <= from)
      continue;
    int64_t ms = 0;
    if (vt_cal_business_ms_between(cal, from, to, &ms) == VT_CAL_OK)
      paused_ms += ms;
    paused_days += paused_business_days(cal, from, to);
  }
  json_decref(pauses);

  int64_t filed = f->created_at;
  vt_cal_filing_instant(cal, f->created_at, &filed);
  if (f->first_response_minutes >= 0)
    vt_cal_add_business_hours(cal, f->created_at, f->first_response_minutes, &out->first_response);
  if (f->resolution_minutes >= 0)
    vt_cal_add_business_hours(cal, f->created_at, f->resolution_minutes + paused_ms / 60000,
                              &out->resolution);
  else if (f->processing_days > 0)
    vt_cal_add_business_days(cal, filed, f->processing_days + paused_days, &out->resolution);
  if (f->legal_days > 0)
    vt_cal_add_business_days(cal, filed, f->legal_days + paused_days, &out->legal);
  out->due = out->resolution && (!out->legal || out->resolution < out->legal) ? out->resolution
                                                                              : out->legal;
  vt_cal_free(cal);
  return 0;
}

enum vt_qs vt_sla_prepare(struct vt_store *st, vt_id ticket_id, int64_t now,
                          struct vt_sla_stamp *out) {
  struct vt_sla_facts f;
  enum vt_qs qs = st->sla_facts(st, ticket_id, &f);
  if (qs != VT_QS_ONE)
    return qs;
  out->ticket_id = ticket_id;
  out->seen_updated_at = f.updated_at;
  qs = vt_sla_compute(&f, now, &out->due) == 0 ? VT_QS_ONE : VT_QS_HARD;
  vt_sla_facts_release(&f);
  return qs;
}

enum vt_qs vt_sla_stamp(struct vt_store *st, vt_id ticket_id, int64_t now) {
  struct vt_sla_stamp k;
  enum vt_qs qs = vt_sla_prepare(st, ticket_id, now, &k);
  return qs == VT_QS_ONE ? st->sla_stamp(st, &k, 1) : qs;
}
