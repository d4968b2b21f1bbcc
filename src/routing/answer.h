/* Answers before anyone has to ask: the automatic answer a new request
 * gets on its own channel, from a routing rule, a running announcement or a
 * knowledge-base article that matches it confidently. */
#ifndef VT_ANSWER_H
#define VT_ANSWER_H

#include "routing/route.h"
#include "store/store.h"
#include "util/config.h"

/* Call once for a ticket just created (not for a replayed creation): at
 * most one automatic answer, in this order: the routing rule's reply, an
 * announcement, a confident public article (title, short answer, its
 * official documents, and the reference). rr may be NULL. */
void vt_answer_new_ticket(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                          vt_id ticket_id, const struct vt_route_result *rr);

#endif
