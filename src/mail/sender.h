/* Sending the outbox (see sender.c). */
#ifndef VT_MAIL_SENDER_H
#define VT_MAIL_SENDER_H

#include "store/store.h"
#include "util/config.h"

/* Claims and sends the due emails (at most a batch); returns how many. */
int vt_outbox_run(struct vt_store *st, const struct vt_config *cfg);
/* Whether an administration can send email (its own SMTP settings, a
 * parent's, or the server's default). */
bool vt_mail_can_send(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id);

#endif
