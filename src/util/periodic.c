/* The periodic thread: a timed wait on a condition variable between calls,
 * so stopping does not wait for the interval to pass. */
#include "util/periodic.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "util/log.h"

struct vt_periodic {
  const char *name;
  int interval_s;
  void (*fn)(void *);
  void *arg;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bool stopping;
};

static void *periodic_main(void *arg) {
  struct vt_periodic *p = arg;
  pthread_mutex_lock(&p->lock);
  while (!p->stopping) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += p->interval_s;
    pthread_cond_timedwait(&p->wake, &p->lock, &until);
    if (p->stopping)
      break;
    pthread_mutex_unlock(&p->lock);
    p->fn(p->arg);
    pthread_mutex_lock(&p->lock);
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

struct vt_periodic *vt_periodic_start(const char *name, int interval_s, void (*fn)(void *),
                                      void *arg) {
  struct vt_periodic *p = calloc(1, sizeof *p);
  if (!p)
    abort();
  *p = (struct vt_periodic){.name = name, .interval_s = interval_s, .fn = fn, .arg = arg};
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->wake, NULL);
  if (pthread_create(&p->thread, NULL, periodic_main, p) != 0) {
    VT_ERROR("cannot start the %s thread", name);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
    return NULL;
  }
  return p;
}

void vt_periodic_stop(struct vt_periodic *p) {
  if (!p)
    return;
  pthread_mutex_lock(&p->lock);
  p->stopping = true;
  pthread_cond_signal(&p->wake);
  pthread_mutex_unlock(&p->lock);
  pthread_join(p->thread, NULL);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->lock);
  free(p);
}
