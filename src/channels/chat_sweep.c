/* The chat sweeper: every few seconds, ends the chats that waited too long
 * and puts back in the queue those of agents no longer on chat duty (on
 * the node's periodic thread). */
#include "channels/chat_sweep.h"

#include <stdlib.h>

#include "util/log.h"
#include "util/periodic.h"
#include "util/timeutil.h"

#define SWEEP_EVERY_S 5

struct sweep {
  struct vt_store *st;
  const struct vt_config *cfg;
};

static void sweep(void *arg) {
  struct sweep *s = arg;
  int64_t now = vt_now_ms();
  long n = 0;
  if (s->st->chats_expire(s->st, now - s->cfg->chat_queue_timeout * 1000LL, now, &n) < 0)
    VT_WARN("chat sweep failed; retrying in %d s", SWEEP_EVERY_S);
  else if (n)
    VT_INFO("%ld queued chats waited too long: kept as requests", n);
  /* Agents whose chat duty lapsed (a closed laptop) hand their chats back. */
  if (s->st->chats_requeue_absent(s->st, now, &n) < 0)
    VT_WARN("requeuing absent agents' chats failed; retrying in %d s", SWEEP_EVERY_S);
  else if (n)
    VT_INFO("%ld chats of agents no longer on duty went back to their queues", n);
}

struct vt_chat_sweep {
  struct sweep s;
  struct vt_periodic *p;
};

struct vt_chat_sweep *vt_chat_sweep_start(struct vt_store *st, const struct vt_config *cfg) {
  struct vt_chat_sweep *c = calloc(1, sizeof *c);
  if (!c)
    abort();
  c->s = (struct sweep){st, cfg};
  c->p = vt_periodic_start("chat sweeper", SWEEP_EVERY_S, sweep, &c->s);
  if (!c->p) {
    free(c);
    return NULL;
  }
  return c;
}

void vt_chat_sweep_stop(struct vt_chat_sweep *c) {
  if (!c)
    return;
  vt_periodic_stop(c->p);
  free(c);
}
