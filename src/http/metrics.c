/* The request counters: a fixed histogram (Prometheus' default buckets,
 * in seconds) of relaxed atomics, so observing costs a few increments and
 * no lock on the request path. */
#include "http/metrics.h"

#include <stdatomic.h>

static const double BUCKETS[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define N_BUCKETS (sizeof BUCKETS / sizeof *BUCKETS)

static atomic_ullong by_class[6]; /* 1xx..5xx; [0] other */
static atomic_ullong streams;
static atomic_ullong hist[N_BUCKETS];
static atomic_ullong timed;
static atomic_ullong sum_us;

void vt_metrics_observe(unsigned status, int64_t us, bool stream) {
  unsigned c = status / 100;
  atomic_fetch_add_explicit(&by_class[c >= 1 && c <= 5 ? c : 0], 1, memory_order_relaxed);
  if (stream) {
    atomic_fetch_add_explicit(&streams, 1, memory_order_relaxed);
    return;
  }
  double s = (double)us / 1e6;
  for (size_t i = 0; i < N_BUCKETS; i++)
    if (s <= BUCKETS[i])
      atomic_fetch_add_explicit(&hist[i], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&timed, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&sum_us, (unsigned long long)(us > 0 ? us : 0), memory_order_relaxed);
}

void vt_metrics_render(struct vt_buf *out) {
  vt_buf_append(out,
                "# HELP ventanilla_http_requests_total HTTP requests answered, by status class.\n"
                "# TYPE ventanilla_http_requests_total counter\n");
  static const char *const names[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
  for (int i = 0; i < 6; i++)
    vt_buf_appendf(out, "ventanilla_http_requests_total{code=\"%s\"} %llu\n", names[i],
                   atomic_load_explicit(&by_class[i], memory_order_relaxed));
  vt_buf_appendf(out,
                 "# HELP ventanilla_http_streams_total Live streams (SSE) that have ended.\n"
                 "# TYPE ventanilla_http_streams_total counter\n"
                 "ventanilla_http_streams_total %llu\n",
                 atomic_load_explicit(&streams, memory_order_relaxed));
  vt_buf_append(out, "# HELP ventanilla_http_request_duration_seconds Time to answer a request"
                     " (live streams excluded).\n"
                     "# TYPE ventanilla_http_request_duration_seconds histogram\n");
  for (size_t i = 0; i < N_BUCKETS; i++)
    vt_buf_appendf(out, "ventanilla_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                   BUCKETS[i], atomic_load_explicit(&hist[i], memory_order_relaxed));
  unsigned long long n = atomic_load_explicit(&timed, memory_order_relaxed);
  vt_buf_appendf(out,
                 "ventanilla_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
                 "ventanilla_http_request_duration_seconds_sum %.6f\n"
                 "ventanilla_http_request_duration_seconds_count %llu\n",
                 n, (double)atomic_load_explicit(&sum_us, memory_order_relaxed) / 1e6, n);
}
