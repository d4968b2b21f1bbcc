/* The deadline sweep: a node's background thread that, every
 * sla.sweep_seconds, computes the due times of tickets changed since they
 * were last computed, then fires the warnings and breaches that are due
 * (actions: notify the supervisors through the ticket's events and live
 * stream, raise the priority, send it back to its department's queue).
 * Every node may run it: an escalation is recorded in the transaction that
 * acts, under a unique key, so each fires once across nodes and restarts. */
#ifndef VT_SLA_SWEEP_H
#define VT_SLA_SWEEP_H

#include "store/store.h"
#include "util/config.h"

struct vt_sla_sweep;
/* NULL when sla.sweep_seconds is 0 (off) or the thread cannot start. */
struct vt_sla_sweep *vt_sla_sweep_start(struct vt_store *st, const struct vt_config *cfg);
void vt_sla_sweep_stop(struct vt_sla_sweep *s);

/* One pass (the thread's work; also for tools and benchmarks): how many
 * tickets were computed and how many escalations fired. */
void vt_sla_sweep_once(struct vt_store *st, int64_t now, long *stamped, long *fired);

#endif
