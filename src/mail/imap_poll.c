/* Polling one IMAP mailbox. The mailbox row remembers the folder's
 * UIDVALIDITY and the highest UID stored; each poll asks for the UIDs above
 * it (at most a round of ROUND, so one full mailbox cannot starve the
 * others), stores them, and only then moves the mark on. libcurl's fetch
 * marks a message \Seen; one that was not stored is unmarked again, so a
 * message nobody stored never looks read. A crash before the mark fetches
 * them again next time, and the store recognises them: nothing is stored
 * twice, nothing is skipped. A new UIDVALIDITY (the folder was rebuilt)
 * starts over from UID 1, again safely.
 *
 * Speed: this thread fetches the messages and parses them in UID order
 * and hands each to one of INGEST_THREADS threads,
 * whose writes the store commits together (one fsync for many; a thread
 * per message would wait for its own). Messages that must be stored in
 * order go to the same thread, in UID order: those of one sender (flood
 * control and acknowledgement caps count them), copies of one Message-ID,
 * and a message and the replies to it in the same round.
 *
 * Failures: when a message cannot be fetched or stored for now, nothing
 * more is handed out, the mark stops before the first message not stored,
 * and those not stored are left unread; the next poll fetches them again
 * (those stored after it are recognised then). A message larger than we
 * take is skipped, left unread. */
#include "mail/imap_poll.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/ingest.h"
#include "mail/transport.h"
#include "util/log.h"
#include "util/timeutil.h"

#define ROUND          200                 /* UIDs per round */
#define ROUNDS         10                  /* full rounds in a row per poll */
#define INGEST_THREADS 8                   /* each waits on the database most of the time */
#define INFLIGHT_BYTES (64L * 1024 * 1024) /* fetched and not yet stored */

/* Splits imap[s]://host[:port]/FOLDER into the server's URL ("…/") and the
 * folder (default INBOX). */
static int split_url(const char *url, char *base, size_t basesz, char *folder, size_t foldersz) {
  const char *p = strstr(url, "://");
  if (!p)
    return -1;
  const char *slash = strchr(p + 3, '/');
  size_t n = slash ? (size_t)(slash - url) : strlen(url);
  if (n + 2 > basesz)
    return -1;
  memcpy(base, url, n);
  base[n] = '/';
  base[n + 1] = '\0';
  snprintf(folder, foldersz, "%s", slash && slash[1] ? slash + 1 : "INBOX");
  return 0;
}

static int64_t number_after(const char *text, const char *key) {
  const char *p = text ? strcasestr(text, key) : NULL;
  return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

/* ---- the ingest threads ---- */

enum state {
  S_WAITING, /* not fetched, or fetched and not stored yet */
  S_DONE,    /* stored (or stored before, or nothing to store) */
  S_SKIPPED  /* too large: passed over, left unread */
};

struct job {
  size_t idx; /* in the round */
  char *raw;  /* owned */
  size_t len;
  struct vt_mail m; /* parsed from raw */
  struct job *next;
};

struct pool;
struct worker_arg {
  struct pool *p;
  int k; /* which queue */
};

struct pool {
  struct vt_store *st;
  const struct vt_config *cfg;
  const struct vt_mailbox *mb;
  pthread_t th[INGEST_THREADS];
  struct worker_arg args[INGEST_THREADS];
  int started;
  pthread_mutex_t lock;
  pthread_cond_t work[INGEST_THREADS], idle; /* a thread's own: wake only it */
  struct job *head[INGEST_THREADS], *tail[INGEST_THREADS];
  int busy;      /* jobs queued or running */
  long inflight; /* their bytes */
  bool failed;   /* a message could not be stored: hand out no more */
  bool stopping;
  enum state *states; /* of the current round, under lock */
  struct vt_imap_stats *stats;
};

static void *worker_main(void *arg) {
  struct worker_arg *a = arg;
  struct pool *p = a->p;
  int k = a->k;
  vt_log_set_request_id(NULL);
  pthread_mutex_lock(&p->lock);
  for (;;) {
    while (!p->head[k] && !p->stopping)
      pthread_cond_wait(&p->work[k], &p->lock);
    struct job *j = p->head[k];
    if (!j)
      break;
    p->head[k] = j->next;
    if (!p->head[k])
      p->tail[k] = NULL;
    bool skip = p->failed;
    pthread_mutex_unlock(&p->lock);

    enum vt_ingest r = VT_INGEST_TEMPFAIL;
    if (!skip) {
      struct vt_ingest_out out;
      r = vt_mail_ingest_parsed(p->st, p->cfg, p->mb, &j->m, j->raw, j->len, &out);
    }
    vt_mail_free(&j->m);
    free(j->raw);

    pthread_mutex_lock(&p->lock);
    if (r == VT_INGEST_TEMPFAIL) {
      p->failed = true; /* this one stays S_WAITING */
    } else {
      p->states[j->idx] = S_DONE;
      if (r == VT_INGEST_STORED)
        p->stats->stored++;
      else if (r == VT_INGEST_DUPLICATE)
        p->stats->duplicates++;
      else
        p->stats->ignored++;
    }
    p->inflight -= (long)j->len;
    p->busy--;
    free(j);
    pthread_cond_signal(&p->idle); /* only the poll thread waits on it */
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

static void pool_init(struct pool *p, struct vt_store *st, const struct vt_config *cfg,
                      const struct vt_mailbox *mb, struct vt_imap_stats *stats) {
  memset(p, 0, sizeof *p);
  p->st = st;
  p->cfg = cfg;
  p->mb = mb;
  p->stats = stats;
  pthread_mutex_init(&p->lock, NULL);
  for (int i = 0; i < INGEST_THREADS; i++)
    pthread_cond_init(&p->work[i], NULL);
  pthread_cond_init(&p->idle, NULL);
}

/* Waits until every job handed out is finished. */
static void pool_wait(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  while (p->busy)
    pthread_cond_wait(&p->idle, &p->lock);
  pthread_mutex_unlock(&p->lock);
}

static void pool_release(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  p->stopping = true;
  for (int i = 0; i < INGEST_THREADS; i++)
    pthread_cond_signal(&p->work[i]);
  pthread_mutex_unlock(&p->lock);
  for (int i = 0; i < p->started; i++)
    pthread_join(p->th[i], NULL);
  pthread_mutex_destroy(&p->lock);
  for (int i = 0; i < INGEST_THREADS; i++)
    pthread_cond_destroy(&p->work[i]);
  pthread_cond_destroy(&p->idle);
}

/* The round's ordering keys ("f:" sender, "m:" Message-ID) and the thread
 * that has them. */
struct keys {
  char *key[ROUND * 2];
  int thread[ROUND * 2];
  size_t n;
  int next; /* round robin for messages with no tie */
};

static int key_find(const struct keys *ks, char kind, const char *value) {
  if (!value)
    return -1;
  for (size_t i = ks->n; i > 0; i--)
    if (ks->key[i - 1][0] == kind && !strcasecmp(ks->key[i - 1] + 2, value))
      return ks->thread[i - 1];
  return -1;
}

static void key_set(struct keys *ks, char kind, const char *value, int thread) {
  if (!value || ks->n == sizeof ks->key / sizeof ks->key[0])
    return;
  size_t l = strlen(value);
  char *k = malloc(l + 3);
  if (!k)
    return;
  k[0] = kind;
  k[1] = ':';
  memcpy(k + 2, value, l + 1);
  ks->key[ks->n] = k;
  ks->thread[ks->n++] = thread;
}

static void keys_release(struct keys *ks) {
  for (size_t i = 0; i < ks->n; i++)
    free(ks->key[i]);
  ks->n = 0;
}

/* The thread for m: the one that has a copy of it, or the message it
 * answers, or its sender; otherwise the next in turn. */
static int thread_for(struct keys *ks, const struct vt_mail *m) {
  int t = key_find(ks, 'm', m->message_id);
  if (t < 0)
    t = key_find(ks, 'm', m->in_reply_to);
  for (size_t i = 0; t < 0 && i < m->n_refs; i++)
    t = key_find(ks, 'm', m->references[i]);
  if (t < 0)
    t = key_find(ks, 'f', m->from_addr);
  if (t < 0)
    t = ks->next++ % INGEST_THREADS;
  key_set(ks, 'm', m->message_id, t);
  key_set(ks, 'f', m->from_addr, t);
  return t;
}

/* Message idx passed over for good (too large: left unread), or, with
 * skipped false, a failure that stops the round. */
static void skip_or_fail(struct pool *p, size_t idx, bool skipped) {
  pthread_mutex_lock(&p->lock);
  if (skipped) {
    p->states[idx] = S_SKIPPED;
    p->stats->ignored++;
  } else {
    p->failed = true;
  }
  pthread_mutex_unlock(&p->lock);
}

/* Hands raw (taking it) to a thread; false once a message failed. A
 * message that is not an email at all is done here. */
static bool dispatch(struct pool *p, struct keys *ks, size_t idx, char *raw, size_t len) {
  pthread_mutex_lock(&p->lock);
  while (p->busy && p->inflight + (long)len > INFLIGHT_BYTES && !p->failed)
    pthread_cond_wait(&p->idle, &p->lock);
  bool failed = p->failed;
  pthread_mutex_unlock(&p->lock);
  if (failed) {
    free(raw);
    return false;
  }
  struct job *j = calloc(1, sizeof *j);
  if (!j) {
    free(raw);
    skip_or_fail(p, idx, false);
    return false;
  }
  j->idx = idx;
  j->raw = raw;
  j->len = len;
  if (vt_mail_parse(raw, len, &j->m) != 0) {
    vt_mail_free(&j->m);
    free(raw);
    free(j);
    pthread_mutex_lock(&p->lock);
    p->states[idx] = S_DONE;
    p->stats->ignored++;
    pthread_mutex_unlock(&p->lock);
    return true;
  }
  int k = thread_for(ks, &j->m);
  pthread_mutex_lock(&p->lock);
  if (p->started < INGEST_THREADS) { /* started on first use: most polls find nothing */
    for (int i = p->started; i < INGEST_THREADS; i++) {
      p->args[i].k = i;
      p->args[i].p = p;
    }
    while (p->started < INGEST_THREADS &&
           pthread_create(&p->th[p->started], NULL, worker_main, &p->args[p->started]) == 0)
      p->started++;
    if (!p->started) {
      p->failed = true;
      pthread_mutex_unlock(&p->lock);
      vt_mail_free(&j->m);
      free(raw);
      free(j);
      return false;
    }
  }
  k %= p->started;
  if (p->tail[k])
    p->tail[k]->next = j;
  else
    p->head[k] = j;
  p->tail[k] = j;
  p->busy++;
  p->inflight += (long)len;
  pthread_cond_signal(&p->work[k]);
  pthread_mutex_unlock(&p->lock);
  return true;
}

/* ---- one round ---- */

/* Appends the UIDs whose want is set to b as an IMAP set ("3:7,9");
 * returns how many. */
static size_t uid_set(struct vt_buf *b, const int64_t *uids, const bool *want, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++) {
    if (!want[i])
      continue;
    size_t e = i;
    while (e + 1 < n && want[e + 1] && uids[e + 1] == uids[e] + 1)
      e++;
    vt_buf_appendf(b, "%s%lld", count ? "," : "", (long long)uids[i]);
    if (e > i)
      vt_buf_appendf(b, ":%lld", (long long)uids[e]);
    count += e - i + 1;
    i = e;
  }
  return count;
}

struct round {
  const char *folder_url, *user, *pw;
  const struct vt_mailbox *mb;
  int64_t uids[ROUND];
  bool fetched[ROUND]; /* libcurl's FETCH marks it \Seen on the server */
  size_t n;
};

/* Fetches the round's messages one after the other on one connection (with
 * Maildir, Dovecot serialises sessions on one folder: a second connection
 * fetching made it slower, not faster) and hands them out in UID order;
 * stops at the first that cannot be fetched or stored. Returns the fetch
 * error, if any (in err). */
static const char *fetch_all(struct round *r, struct vt_imap *imap, struct pool *pool, char *err,
                             size_t errsz) {
  struct keys keys = {0};
  const char *error = NULL;
  for (size_t i = 0; i < r->n && !error; i++) {
    char url[1000];
    snprintf(url, sizeof url, "%s/;UID=%lld", r->folder_url, (long long)r->uids[i]);
    struct vt_buf resp = VT_BUF_INIT;
    int rc = vt_imap_command(imap, url, r->user, r->pw, NULL, &resp, err, errsz);
    r->fetched[i] = true;
    if (rc == -2) {
      /* Larger than any message we take: skip it (left unread) rather than
       * stall the mailbox on it forever. */
      VT_WARN("mailbox %s: UID %lld is too large; skipped", r->mb->name, (long long)r->uids[i]);
      vt_buf_release(&resp);
      skip_or_fail(pool, i, true);
      continue;
    }
    if (rc != 0) {
      vt_buf_release(&resp);
      error = err;
      break;
    }
    size_t len = resp.len;
    char *raw = vt_buf_steal(&resp);
    if (!raw) {
      skip_or_fail(pool, i, false);
      break;
    }
    if (!dispatch(pool, &keys, i, raw, len))
      break; /* a message could not be stored: the pool says so */
  }
  keys_release(&keys);
  return error;
}

/* One UID STORE over the round's messages that have want. */
static void store_flags(struct vt_imap *imap, struct round *r, const bool *want,
                        const char *change) {
  struct vt_buf cmd = VT_BUF_INIT, resp = VT_BUF_INIT;
  vt_buf_appendf(&cmd, "UID STORE ");
  if (uid_set(&cmd, r->uids, want, r->n)) {
    vt_buf_appendf(&cmd, " %s (\\Seen)", change);
    char err[300];
    if (vt_imap_command(imap, r->folder_url, r->user, r->pw, cmd.data, &resp, err, sizeof err))
      VT_WARN("mailbox %s: could not set flags: %s", r->mb->name, err);
  }
  vt_buf_release(&cmd);
  vt_buf_release(&resp);
}

static int poll_round(struct vt_imap *imap, struct pool *pool, struct vt_store *st,
                      const struct vt_mailbox *mb, struct vt_imap_stats *stats) {
  char base[600], folder[256], err[300] = "", folder_url[900], cmd[400];
  if (!mb->imap_url || split_url(mb->imap_url, base, sizeof base, folder, sizeof folder) != 0) {
    st->mailbox_poll_done(st, mb->id, mb->uidvalidity, mb->last_uid, "bad imap_url", vt_now_ms());
    return -1;
  }
  snprintf(folder_url, sizeof folder_url, "%s%s", base, folder);
  const char *user = mb->imap_user, *pw = mb->imap_password;

  struct vt_buf resp = VT_BUF_INIT;
  snprintf(cmd, sizeof cmd, "STATUS \"%s\" (UIDVALIDITY UIDNEXT)", folder);
  if (vt_imap_command(imap, base, user, pw, cmd, &resp, err, sizeof err) != 0) {
    vt_buf_release(&resp);
    st->mailbox_poll_done(st, mb->id, mb->uidvalidity, mb->last_uid, err, vt_now_ms());
    return -1;
  }
  int64_t uidvalidity = number_after(resp.data, "UIDVALIDITY ");
  vt_buf_release(&resp);
  if (uidvalidity < 0)
    uidvalidity = mb->uidvalidity;
  int64_t last = uidvalidity == mb->uidvalidity ? mb->last_uid : 0;

  snprintf(cmd, sizeof cmd, "UID SEARCH UID %lld:*", (long long)last + 1);
  if (vt_imap_command(imap, folder_url, user, pw, cmd, &resp, err, sizeof err) != 0) {
    vt_buf_release(&resp);
    st->mailbox_poll_done(st, mb->id, uidvalidity, last, err, vt_now_ms());
    return -1;
  }
  struct round *r = calloc(1, sizeof *r);
  if (!r) {
    vt_buf_release(&resp);
    return -1;
  }
  r->folder_url = folder_url;
  r->user = user;
  r->pw = pw;
  r->mb = mb;
  /* "* SEARCH 4 5 9": "n:*" always names the highest UID, even below n. */
  const char *p = resp.data ? strcasestr(resp.data, "SEARCH") : NULL;
  for (p = p ? p + 6 : NULL; p && *p && r->n < ROUND;) {
    while (*p == ' ')
      p++;
    if (!isdigit((unsigned char)*p))
      break;
    char *e;
    int64_t u = strtoll(p, &e, 10);
    if (u > last)
      r->uids[r->n++] = u;
    p = e;
  }
  vt_buf_release(&resp);
  for (size_t i = 1; i < r->n; i++) /* ascending, so the mark only moves forward */
    for (size_t k = i; k > 0 && r->uids[k - 1] > r->uids[k]; k--) {
      int64_t t = r->uids[k];
      r->uids[k] = r->uids[k - 1];
      r->uids[k - 1] = t;
    }

  enum state states[ROUND];
  for (size_t i = 0; i < r->n; i++)
    states[i] = S_WAITING;
  pthread_mutex_lock(&pool->lock);
  pool->states = states;
  pool->failed = false;
  pthread_mutex_unlock(&pool->lock);

  /* Read-only while fetching, so that fetching does not mark a message
   * \Seen before it is stored: libcurl keeps the folder it selected for
   * the SEARCH and only FETCHes, and an EXAMINEd folder is not changed by
   * a FETCH. Should it select the folder again (a new connection), the
   * fetch marks the message, as before, and what is not stored is
   * unmarked below: slower, equally safe. */
  struct vt_buf ignored = VT_BUF_INIT;
  snprintf(cmd, sizeof cmd, "EXAMINE \"%s\"", folder);
  if (r->n)
    vt_imap_command(imap, folder_url, user, pw, cmd, &ignored, err, sizeof err);
  vt_buf_release(&ignored);
  const char *error = r->n ? fetch_all(r, imap, pool, err, sizeof err) : NULL;
  pool_wait(pool); /* every message handed out is stored, or failed */
  pthread_mutex_lock(&pool->lock);
  bool failed = pool->failed;
  pool->states = NULL;
  pthread_mutex_unlock(&pool->lock);
  if (failed && !error)
    error = "a message could not be stored now; will retry";

  /* The mark moves up to the first message not stored; a message larger
   * than we take counts as passed. */
  size_t first_waiting = 0;
  while (first_waiting < r->n && states[first_waiting] != S_WAITING)
    first_waiting++;
  if (first_waiting)
    last = r->uids[first_waiting - 1];
  st->mailbox_poll_done(st, mb->id, uidvalidity, last, error, vt_now_ms());

  /* Now that they are stored: read, in one command (the folder selected
   * read-write again). What was fetched and not stored (or skipped as too
   * large) is left unread, as if nobody had fetched it. */
  if (r->n) {
    bool seen[ROUND], unseen[ROUND];
    for (size_t i = 0; i < r->n; i++) {
      seen[i] = r->fetched[i] && states[i] == S_DONE;
      unseen[i] = r->fetched[i] && states[i] != S_DONE;
    }
    snprintf(cmd, sizeof cmd, "SELECT \"%s\"", folder);
    char err2[300];
    if (vt_imap_command(imap, folder_url, user, pw, cmd, &ignored, err2, sizeof err2) != 0)
      VT_WARN("mailbox %s: could not select the folder to set flags: %s", mb->name, err2);
    vt_buf_release(&ignored);
    store_flags(imap, r, seen, "+FLAGS.SILENT");
    store_flags(imap, r, unseen, "-FLAGS.SILENT");
  }

  stats->fetched = (int)r->n;
  stats->uidvalidity = uidvalidity;
  stats->last_uid = last;
  if (error)
    VT_WARN("mailbox %s: %s", mb->name, error);
  free(r);
  return error ? -1 : 0;
}

int vt_imap_poll(struct vt_store *st, const struct vt_config *cfg, const struct vt_mailbox *mb,
                 struct vt_imap_stats *stats) {
  memset(stats, 0, sizeof *stats);
  struct vt_imap *imap = vt_imap_open();
  if (!imap)
    return -1;
  /* Full rounds in a row while there is more, up to ROUNDS: a burst drains
   * without waiting for the next poll, and other mailboxes still get turns. */
  struct vt_mailbox cur = *mb;
  struct pool pool;
  pool_init(&pool, st, cfg, &cur, stats);
  int rc = 0;
  for (int round = 0; round < ROUNDS; round++) {
    rc = poll_round(imap, &pool, st, &cur, stats);
    if (rc != 0 || stats->fetched < ROUND)
      break;
    cur.uidvalidity = stats->uidvalidity;
    cur.last_uid = stats->last_uid;
  }
  stats->more = rc == 0 && stats->fetched >= ROUND;
  pool_release(&pool);
  vt_imap_close(imap);
  return rc;
}
