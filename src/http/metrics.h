/* Operational counters for GET /metrics (Prometheus text format): requests
 * by status class and their latency, kept in atomics by the request
 * lifecycle. Live streams are counted but not timed (they last hours). */
#ifndef VT_METRICS_H
#define VT_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

void vt_metrics_observe(unsigned status, int64_t us, bool stream);
/* Appends the counters and the latency histogram. */
void vt_metrics_render(struct vt_buf *out);

#endif
