/* The node's chat sweeper: a queued chat nobody accepted within
 * chat.queue_timeout ends (reason "timeout") and stays as a request. Every
 * node may run it: ending a chat is idempotent. */
#ifndef VT_CHAT_SWEEP_H
#define VT_CHAT_SWEEP_H

#include "store/store.h"
#include "util/config.h"

struct vt_chat_sweep;
struct vt_chat_sweep *vt_chat_sweep_start(struct vt_store *st, const struct vt_config *cfg);
void vt_chat_sweep_stop(struct vt_chat_sweep *s); /* NULL is fine */

#endif
