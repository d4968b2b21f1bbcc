/* The deadline sweep's cost (no HTTP): on a store that already holds open
 * tickets (bench/sla.sh puts 100,000 there, spread over three months), times
 * the passes of vt_sla_sweep_once that compute every ticket's due times and
 * fire what is due, then the steady state: passes with nothing changed.
 * Usage: sla_bench DB */
#include <stdio.h>
#include <stdlib.h>

#include "sla/sweep.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

static double ms_since(int64_t t0) { return (double)(vt_mono_us() - t0) / 1000.0; }

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sla_bench DB\n");
    return 2;
  }
  vt_log_threshold = VT_LOG_WARN;
  struct vt_store *st = vt_store_open(argv[1], 5000, 4);
  if (!st)
    return 1;
  int64_t now = vt_now_ms(), t0 = vt_mono_us();
  long stamped_all = 0, fired_all = 0, passes = 0;
  for (;;) {
    long stamped, fired;
    int64_t p0 = vt_mono_us();
    vt_sla_sweep_once(st, now, &stamped, &fired);
    passes++;
    stamped_all += stamped;
    fired_all += fired;
    printf("  pass %ld: %6ld tickets computed, %6ld escalations fired, %8.1f ms\n", passes,
           stamped, fired, ms_since(p0));
    if (!stamped && !fired)
      break;
  }
  double first = ms_since(t0);
  printf("catch-up: %ld tickets computed and %ld escalations fired in %ld passes, %.2f s"
         " (%.1f us per ticket computed)\n",
         stamped_all, fired_all, passes, first / 1000.0,
         stamped_all ? first * 1000.0 / (double)stamped_all : 0.0);

  /* Steady state: nothing changed since. */
  double idle[5];
  for (int i = 0; i < 5; i++) {
    long s, f;
    int64_t p0 = vt_mono_us();
    vt_sla_sweep_once(st, now, &s, &f);
    idle[i] = ms_since(p0);
  }
  printf("steady state, nothing changed: %.1f %.1f %.1f %.1f %.1f ms per pass\n", idle[0],
         idle[1], idle[2], idle[3], idle[4]);
  st->close(st);
  return 0;
}
