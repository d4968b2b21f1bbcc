/* Two threads per node: one sends the outbox, one polls the IMAP
 * mailboxes. Both only claim work through the store (leases), so any number
 * of nodes can run them; both sleep on a condition variable so shutdown does
 * not wait for a poll interval. */
#include "mail/workers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail/imap_poll.h"
#include "mail/sender.h"
#include "util/log.h"
#include "util/timeutil.h"

struct vt_mail_workers {
  struct vt_store *st;
  const struct vt_config *cfg;
  pthread_t sender, poller;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bool stopping;
};

/* Sleeps ms unless stopping; returns whether to go on. */
static bool nap(struct vt_mail_workers *w, int ms) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&w->lock);
  if (!w->stopping)
    pthread_cond_timedwait(&w->wake, &w->lock, &until);
  bool go = !w->stopping;
  pthread_mutex_unlock(&w->lock);
  return go;
}

static void *sender_main(void *arg) {
  struct vt_mail_workers *w = arg;
  vt_log_set_request_id(NULL);
  do {
    /* A full batch: there may be more, go straight on. */
    while (vt_outbox_run(w->st, w->cfg) >= 10 && !w->stopping) {
    }
    vt_announcement_posts_run(w->st, w->cfg);
  } while (nap(w, 1000));
  return NULL;
}

#define MORE_MAX 64

/* Whether id is among the n mailboxes in ids. */
static bool listed(const vt_id *ids, size_t n, vt_id id) {
  for (size_t i = 0; i < n; i++)
    if (ids[i] == id)
      return true;
  return false;
}

static void *poller_main(void *arg) {
  struct vt_mail_workers *w = arg;
  struct vt_scope all = {.all = true};
  /* Mailboxes whose last poll stopped with more waiting (a burst larger
   * than a poll takes): polled again at once, after every other mailbox's
   * turn, instead of waiting for the interval. */
  vt_id more[MORE_MAX], next[MORE_MAX];
  size_t n_more = 0;
  do {
    size_t n_next = 0;
    struct vt_mailbox *items;
    size_t n;
    if (w->st->mailboxes_list(w->st, &all, &items, &n) != VT_QS_ONE) {
      n_more = 0;
      continue;
    }
    int64_t now = vt_now_ms();
    for (size_t i = 0; i < n && !w->stopping; i++) {
      struct vt_mailbox *mb = &items[i];
      if (!mb->active || !mb->imap_url)
        continue;
      if (mb->last_poll_at && !listed(more, n_more, mb->id) &&
          now - mb->last_poll_at < (int64_t)w->cfg->mail_poll_interval * 1000 - 200)
        continue;
      if (w->st->mailbox_claim_poll(w->st, mb->id, now, now + 600000) != VT_QS_ONE)
        continue; /* another node has it */
      struct vt_mailbox full;
      if (w->st->mailbox_get(w->st, mb->id, true, &full) != VT_QS_ONE)
        continue;
      struct vt_imap_stats stats;
      vt_imap_poll(w->st, w->cfg, &full, &stats);
      if (stats.stored || stats.duplicates || stats.ignored)
        VT_INFO("mailbox %s: %d stored, %d already stored, %d ignored", full.name, stats.stored,
                stats.duplicates, stats.ignored);
      if (stats.more && n_next < MORE_MAX)
        next[n_next++] = mb->id;
      vt_mailbox_release(&full);
    }
    VT_RELEASE_ARRAY(items, n, vt_mailbox_release);
    memcpy(more, next, n_next * sizeof *next);
    n_more = n_next;
  } while (n_more ? !w->stopping : nap(w, 1000));
  return NULL;
}

struct vt_mail_workers *vt_mail_workers_start(struct vt_store *st, const struct vt_config *cfg) {
  struct vt_mail_workers *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->st = st;
  w->cfg = cfg;
  pthread_mutex_init(&w->lock, NULL);
  pthread_cond_init(&w->wake, NULL);
  if (pthread_create(&w->sender, NULL, sender_main, w) != 0) {
    free(w);
    return NULL;
  }
  if (pthread_create(&w->poller, NULL, poller_main, w) != 0) {
    vt_mail_workers_stop(w);
    return NULL;
  }
  return w;
}

void vt_mail_workers_stop(struct vt_mail_workers *w) {
  if (!w)
    return;
  pthread_mutex_lock(&w->lock);
  w->stopping = true;
  pthread_cond_broadcast(&w->wake);
  pthread_mutex_unlock(&w->lock);
  pthread_join(w->sender, NULL);
  if (w->poller)
    pthread_join(w->poller, NULL);
  pthread_mutex_destroy(&w->lock);
  pthread_cond_destroy(&w->wake);
  free(w);
}
