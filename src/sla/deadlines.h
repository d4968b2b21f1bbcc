/* A ticket's due times, computed on its administration's calendar from the
 * facts the store gives (src/store: sla_facts) and saved on the ticket:
 *   - first response: the SLA policy's target in business time from creation;
 *   - resolution: the policy's target in business time, or else the
 *     service's usual processing days in business days;
 *   - legal: the service's legal deadline in business days from the filing
 *     (art. 31.2.b: a filing on a non-business day counts from the next);
 *   - due: the earlier of resolution and legal.
 * Time waiting on the citizen (status pending) stops the clock: resolution
 * and legal move later by the business time (days) spent paused.
 *
 * vt_sla_stamp computes and saves one ticket; the sweep (sweep.h) calls it
 * for every ticket changed since, so a path that forgets is caught within a
 * sweep, and the paths that create or change tickets call it at once. */
#ifndef VT_SLA_DEADLINES_H
#define VT_SLA_DEADLINES_H

#include <stdint.h>

#include "sla/calendar.h"
#include "store/store.h"

/* An administration's calendar (no holidays yet) in zone with hours_json;
 * hours that do not parse give the default hours. NULL only on failure to
 * allocate. */
struct vt_cal *vt_sla_calendar(const char *zone, const char *hours_json);

/* Pure: due times from facts at `now` (now only closes a pause still open:
 * the time until now is paused). 0 on success, -1 when the calendar cannot
 * be built (bad zone falls back to UTC; bad hours to the default). */
int vt_sla_compute(const struct vt_sla_facts *f, int64_t now, struct vt_sla_due *out);

/* Reads one ticket's facts and computes its due times into *out. */
enum vt_qs vt_sla_prepare(struct vt_store *st, vt_id ticket_id, int64_t now,
                          struct vt_sla_stamp *out);
/* Computes and saves one ticket's due times; store status (NONE: the ticket
 * is gone). */
enum vt_qs vt_sla_stamp(struct vt_store *st, vt_id ticket_id, int64_t now);

#endif
