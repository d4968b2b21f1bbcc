/* The deadline sweep (see sweep.h). Bounded: at most BATCH tickets computed
 * and BATCH escalations per round, repeated while a full batch came back,
 * up to ROUNDS times, and the two again (PASSES) while escalations changed
 * tickets; the rest waits for the next sweep. */
#include "sla/sweep.h"

#include <stdlib.h>

#include "sla/deadlines.h"
#include "util/log.h"
#include "util/periodic.h"
#include "util/timeutil.h"

#define BATCH  500
#define ROUNDS 20
#define PASSES 3

struct vt_sla_sweep {
  struct vt_store *st;
  struct vt_periodic *p;
};

/* Computes the due times of tickets changed since they were last computed;
 * returns how many. */
static long stamp_stale(struct vt_store *st, int64_t now) {
  long stamped = 0;
  for (int round = 0; round < ROUNDS; round++) {
    vt_id *ids = NULL;
    size_t n = 0;
    if (st->sla_stale(st, BATCH, &ids, &n) != VT_QS_ONE)
      break;
    /* Computed one by one, saved together: one transaction per batch. */
    struct vt_sla_stamp *k = calloc(n ? n : 1, sizeof *k);
    size_t nk = 0;
    long failed = !k;
    for (size_t i = 0; k && i < n; i++) {
      enum vt_qs qs = vt_sla_prepare(st, ids[i], now, &k[nk]);
      nk += qs == VT_QS_ONE;
      failed += qs < 0;
    }
    if (nk && st->sla_stamp(st, k, nk) == VT_QS_ONE)
      stamped += (long)nk;
    else if (nk)
      failed++;
    free(k);
    free(ids);
    /* A ticket that keeps failing would come back first every round. */
    if (n < BATCH || failed)
      break;
  }
  return stamped;
}

/* Fires the warnings and breaches due; returns how many. */
static long escalate_due(struct vt_store *st, int64_t now) {
  long fired = 0;
  for (int round = 0; round < ROUNDS; round++) {
    struct vt_sla_candidate *c = NULL;
    size_t n = 0;
    if (st->sla_candidates(st, now, BATCH, &c, &n) != VT_QS_ONE)
      break;
    /* A batch in one transaction; if it fails, one by one, so a single
     * bad ticket does not hold the others back. */
    long failed = 0, did = 0;
    if (st->sla_escalate(st, c, n, now, &did) == VT_QS_ONE) {
      fired += did;
    } else {
      for (size_t i = 0; i < n; i++) {
        failed += st->sla_escalate(st, &c[i], 1, now, &did) < 0;
        fired += did;
      }
    }
    VT_RELEASE_ARRAY(c, n, vt_sla_candidate_release);
    if (n < BATCH || failed)
      break;
  }
  return fired;
}

void vt_sla_sweep_once(struct vt_store *st, int64_t now, long *stamped, long *fired) {
  *stamped = *fired = 0;
  /* A breach that raises the priority or hands the ticket back changes it:
   * its due times are computed again (the policy may differ) before its
   * other targets are judged, in a second round, at most PASSES. */
  for (int pass = 0; pass < PASSES; pass++) {
    *stamped += stamp_stale(st, now);
    long did = escalate_due(st, now);
    *fired += did;
    if (!did)
      break;
  }
}

static void sweep(void *arg) {
  struct vt_sla_sweep *s = arg;
  long stamped, fired;
  vt_sla_sweep_once(s->st, vt_now_ms(), &stamped, &fired);
  if (fired)
    VT_INFO("deadlines: %ld escalations fired (%ld tickets computed)", fired, stamped);
}

struct vt_sla_sweep *vt_sla_sweep_start(struct vt_store *st, const struct vt_config *cfg) {
  if (cfg->sla_sweep_seconds <= 0)
    return NULL;
  struct vt_sla_sweep *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->st = st;
  s->p = vt_periodic_start("deadline sweep", cfg->sla_sweep_seconds, sweep, s);
  if (!s->p) {
    free(s);
    return NULL;
  }
  return s;
}

void vt_sla_sweep_stop(struct vt_sla_sweep *s) {
  if (!s)
    return;
  vt_periodic_stop(s->p);
  free(s);
}
