/* Announcements as automatic answers (see announce.c). */
#ifndef VT_ANNOUNCE_H
#define VT_ANNOUNCE_H

#include <stdbool.h>

#include "store/store.h"
#include "util/config.h"

/* Folded search words of text (lower case, no accents), space-separated. */
char *vt_announce_fold(const char *text);
/* Answers a new ticket with the first running announcement it matches;
 * whether it did. */
bool vt_announce_answer(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                        vt_id ticket_id);
/* An automatic answer on a ticket, on its own channel (queued in the outbox
 * with it when the channel sends: email, networks; a web notification).
 * Whether it was stored. */
bool vt_auto_answer_post(struct vt_store *st, const struct vt_config *cfg,
                         const struct vt_ticket *t, const char *body);

#endif
