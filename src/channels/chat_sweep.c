/* The chat sweeper thread: every few seconds, ends the chats that waited
 * too long. A timed wait on a condition variable, so stopping is at once. */
#include "channels/chat_sweep.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "util/log.h"
#include "util/timeutil.h"

#define SWEEP_EVERY_S 5

struct vt_chat_sweep {
  struct vt_store *st;
  const struct vt_config *cfg;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bool stopping;
};

static void *sweep_main(void *arg) {
  struct vt_chat_sweep *s = arg;
  pthread_mutex_lock(&s->lock);
  while (!s->stopping) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += SWEEP_EVERY_S;
    pthread_cond_timedwait(&s->wake, &s->lock, &until);
    if (s->stopping)
      break;
    pthread_mutex_unlock(&s->lock);
    int64_t now = vt_now_ms();
    long n = 0;
    if (s->st->chats_expire(s->st, now - s->cfg->chat_queue_timeout * 1000LL, now, &n) < 0)
      VT_WARN("chat sweep failed; retrying in %d s", SWEEP_EVERY_S);
    else if (n)
      VT_INFO("%ld queued chats waited too long: kept as requests", n);
    pthread_mutex_lock(&s->lock);
  }
  pthread_mutex_unlock(&s->lock);
  return NULL;
}

struct vt_chat_sweep *vt_chat_sweep_start(struct vt_store *st, const struct vt_config *cfg) {
  struct vt_chat_sweep *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->st = st;
  s->cfg = cfg;
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->wake, NULL);
  if (pthread_create(&s->thread, NULL, sweep_main, s) != 0) {
    VT_ERROR("cannot start the chat sweeper");
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
    return NULL;
  }
  return s;
}

void vt_chat_sweep_stop(struct vt_chat_sweep *s) {
  if (!s)
    return;
  pthread_mutex_lock(&s->lock);
  s->stopping = true;
  pthread_cond_signal(&s->wake);
  pthread_mutex_unlock(&s->lock);
  pthread_join(s->thread, NULL);
  pthread_cond_destroy(&s->wake);
  pthread_mutex_destroy(&s->lock);
  free(s);
}
