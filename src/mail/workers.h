/* The node's mail threads: the outbox sender and the IMAP poller. */
#ifndef VT_MAIL_WORKERS_H
#define VT_MAIL_WORKERS_H

#include "store/store.h"
#include "util/config.h"

struct vt_mail_workers;
struct vt_mail_workers *vt_mail_workers_start(struct vt_store *st, const struct vt_config *cfg);
/* Finishes the send or poll in progress, then stops; NULL is fine. */
void vt_mail_workers_stop(struct vt_mail_workers *w);

#endif
