/* Polling one IMAP mailbox. The mailbox row remembers the folder's
 * UIDVALIDITY and the highest UID stored; each poll asks for the UIDs above
 * it, fetches each message, stores it, and only then moves the mark on. The
 * fetch marks the message \Seen on the server (libcurl's fetch is a FETCH
 * BODY[]); when it cannot be stored the mark is taken off again, so a
 * message nobody stored never looks read. A crash between fetch and mark
 * fetches it again next time, and the store recognises it: nothing is
 * stored twice, nothing is skipped.
 * A new UIDVALIDITY (the folder was rebuilt) starts over from UID 1, again
 * safely. At most a batch of messages per poll, so one full mailbox cannot
 * starve the others. */
#include "mail/imap_poll.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/ingest.h"
#include "mail/transport.h"
#include "util/log.h"
#include "util/timeutil.h"

#define BATCH 200

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

static int poll(struct vt_imap *imap, struct vt_store *st, const struct vt_config *cfg,
                const struct vt_mailbox *mb, struct vt_imap_stats *stats);

int vt_imap_poll(struct vt_store *st, const struct vt_config *cfg, const struct vt_mailbox *mb,
                 struct vt_imap_stats *stats) {
  memset(stats, 0, sizeof *stats);
  struct vt_imap *imap = vt_imap_open();
  if (!imap)
    return -1;
  /* Full batches in a row while there is more, up to ten: a burst drains
   * without waiting for the next poll, and other mailboxes still get turns. */
  struct vt_mailbox cur = *mb;
  int rc = 0;
  for (int round = 0; round < 10; round++) {
    struct vt_imap_stats one;
    memset(&one, 0, sizeof one);
    rc = poll(imap, st, cfg, &cur, &one);
    stats->stored += one.stored;
    stats->duplicates += one.duplicates;
    stats->ignored += one.ignored;
    if (rc != 0 || one.fetched < BATCH)
      break;
    cur.uidvalidity = one.uidvalidity;
    cur.last_uid = one.last_uid;
  }
  vt_imap_close(imap);
  return rc;
}

static int poll(struct vt_imap *imap, struct vt_store *st, const struct vt_config *cfg,
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
  /* "* SEARCH 4 5 9": "n:*" always names the highest UID, even below n. */
  int64_t uids[BATCH];
  size_t n = 0;
  const char *p = resp.data ? strcasestr(resp.data, "SEARCH") : NULL;
  for (p = p ? p + 6 : NULL; p && *p && n < BATCH;) {
    while (*p == ' ')
      p++;
    if (!isdigit((unsigned char)*p))
      break;
    char *e;
    int64_t u = strtoll(p, &e, 10);
    if (u > last)
      uids[n++] = u;
    p = e;
  }
  vt_buf_release(&resp);
  for (size_t i = 1; i < n; i++) /* ascending, so the mark only moves forward */
    for (size_t k = i; k > 0 && uids[k - 1] > uids[k]; k--) {
      int64_t t = uids[k];
      uids[k] = uids[k - 1];
      uids[k - 1] = t;
    }

  const char *error = NULL;
  for (size_t i = 0; i < n; i++) {
    char msg_url[1000];
    snprintf(msg_url, sizeof msg_url, "%s/;UID=%lld", folder_url, (long long)uids[i]);
    int fetched = vt_imap_command(imap, msg_url, user, pw, NULL, &resp, err, sizeof err);
    if (fetched == -2) {
      /* Larger than any message we take: skip it (left unread) rather than
       * stall the mailbox on it forever. */
      VT_WARN("mailbox %s: UID %lld is too large; skipped", mb->name, (long long)uids[i]);
      vt_buf_release(&resp);
      snprintf(cmd, sizeof cmd, "UID STORE %lld -FLAGS (\\Seen)", (long long)uids[i]);
      vt_imap_command(imap, folder_url, user, pw, cmd, &resp, err, sizeof err);
      vt_buf_release(&resp);
      stats->ignored++;
      last = uids[i];
      continue;
    }
    if (fetched != 0) {
      error = err;
      vt_buf_release(&resp);
      break;
    }
    struct vt_ingest_out out;
    enum vt_ingest r = vt_mail_ingest(st, cfg, mb, resp.data, resp.len, &out);
    vt_buf_release(&resp);
    if (r == VT_INGEST_TEMPFAIL) {
      error = "database unavailable; will retry";
      snprintf(cmd, sizeof cmd, "UID STORE %lld -FLAGS (\\Seen)", (long long)uids[i]);
      vt_imap_command(imap, folder_url, user, pw, cmd, &resp, err, sizeof err);
      vt_buf_release(&resp);
      break; /* the mark stays: the next poll fetches it again */
    }
    if (r == VT_INGEST_STORED)
      stats->stored++;
    else if (r == VT_INGEST_DUPLICATE)
      stats->duplicates++;
    else
      stats->ignored++;
    last = uids[i];
    /* Move the mark every few messages: a crash then refetches at most those
     * (which the store recognises), and the mark does not cost a disk flush
     * per message. */
    if (i % 25 == 24)
      st->mailbox_poll_done(st, mb->id, uidvalidity, last, NULL, vt_now_ms());
  }
  st->mailbox_poll_done(st, mb->id, uidvalidity, last, error, vt_now_ms());
  stats->fetched = (int)n;
  stats->uidvalidity = uidvalidity;
  stats->last_uid = last;
  if (error)
    VT_WARN("mailbox %s: %s", mb->name, error);
  return error ? -1 : 0;
}
