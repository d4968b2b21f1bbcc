/* Polling one IMAP mailbox (see imap_poll.c). */
#ifndef VT_MAIL_IMAP_POLL_H
#define VT_MAIL_IMAP_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/config.h"

struct vt_imap_stats {
  int stored, duplicates, ignored;
  int fetched;                   /* in the last batch */
  int64_t uidvalidity, last_uid; /* where the last batch ended */
  bool more;                     /* stopped after its rounds with more waiting */
};

/* Fetches and stores what is new in the mailbox (mb with its password);
 * 0 on success, -1 when the server or the database failed (recorded on the
 * mailbox as last_error). */
int vt_imap_poll(struct vt_store *st, const struct vt_config *cfg, const struct vt_mailbox *mb,
                 struct vt_imap_stats *stats);

#endif
