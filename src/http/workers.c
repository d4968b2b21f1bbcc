/* The handler pool: a FIFO of requests under one mutex, n threads. */
#include "http/workers.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/log.h"

struct vt_workers {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  struct vt_request *head, *tail;
  bool stopping;
  int n;
  pthread_t *threads;
  void (*run)(struct vt_request *r);
};

static void *worker_main(void *arg) {
  struct vt_workers *w = arg;
  pthread_mutex_lock(&w->lock);
  for (;;) {
    while (!w->head && !w->stopping)
      pthread_cond_wait(&w->cond, &w->lock);
    struct vt_request *r = w->head;
    if (!r)
      break;
    w->head = r->next_job;
    if (!w->head)
      w->tail = NULL;
    pthread_mutex_unlock(&w->lock);
    w->run(r);
    pthread_mutex_lock(&w->lock);
  }
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

struct vt_workers *vt_workers_start(int n, void (*run)(struct vt_request *r)) {
  struct vt_workers *w = calloc(1, sizeof *w);
  if (!w)
    abort();
  pthread_mutex_init(&w->lock, NULL);
  pthread_cond_init(&w->cond, NULL);
  w->run = run;
  w->threads = calloc((size_t)n, sizeof *w->threads);
  if (!w->threads)
    abort();
  for (int i = 0; i < n; i++) {
    if (pthread_create(&w->threads[i], NULL, worker_main, w) != 0) {
      VT_ERROR("could start only %d of %d handler threads", i, n);
      break;
    }
    w->n++;
  }
  if (!w->n) {
    vt_workers_stop(w);
    return NULL;
  }
  return w;
}

void vt_workers_submit(struct vt_workers *w, struct vt_request *r) {
  r->next_job = NULL;
  pthread_mutex_lock(&w->lock);
  if (w->tail)
    w->tail->next_job = r;
  else
    w->head = r;
  w->tail = r;
  pthread_cond_signal(&w->cond);
  pthread_mutex_unlock(&w->lock);
}

void vt_workers_stop(struct vt_workers *w) {
  if (!w)
    return;
  pthread_mutex_lock(&w->lock);
  w->stopping = true;
  pthread_cond_broadcast(&w->cond);
  pthread_mutex_unlock(&w->lock);
  for (int i = 0; i < w->n; i++)
    pthread_join(w->threads[i], NULL);
  pthread_mutex_destroy(&w->lock);
  pthread_cond_destroy(&w->cond);
  free(w->threads);
  free(w);
}
