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
/* The email or network message that carries an answer on this ticket to the
 * citizen, if there is a way to reach them; to and rfc_id hold its strings. */
bool vt_outbox_for_reply(struct vt_store *st, const struct vt_config *cfg,
                         const struct vt_ticket *t, struct vt_outbox_new *o, char *to,
                         size_t tosz, char *rfc_id, size_t rfcsz);
/* Posts the announcements due on social accounts; returns how many. */
int vt_announcement_posts_run(struct vt_store *st, const struct vt_config *cfg);

#endif
