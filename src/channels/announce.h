/* Announcements as automatic answers (see announce.c). */
#ifndef VT_ANNOUNCE_H
#define VT_ANNOUNCE_H

#include "store/store.h"
#include "util/config.h"

/* Folded search words of text (lower case, no accents), space-separated. */
char *vt_announce_fold(const char *text);
/* Answers a new ticket with the first running announcement it matches. */
void vt_announce_answer(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                        vt_id ticket_id);

#endif
