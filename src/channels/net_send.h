/* Replies on the messaging networks (see net_send.c). */
#ifndef VT_NET_SEND_H
#define VT_NET_SEND_H

#include <stddef.h>

#include "mail/transport.h"
#include "store/store.h"

#define VT_X_MAX_POST 280

struct vt_net_reply {
  const char *to;             /* chat id, wa_id, page-scoped id, X user id */
  const char *text;
  const char *public_post_id; /* X: answering this public mention; NULL: a direct message */
  const char *short_note;     /* X: the public note when the answer does not fit */
  const char *link;           /* X: where the note points (the portal) */
};

/* Publishes a public post (an announcement) on the account: X, Facebook. */
enum vt_send vt_net_publish(const struct vt_channel_account *acc, const char *text,
                            const char *link, char *remote_id, size_t idsz, char *err,
                            size_t errsz);
/* Sends; remote_id gets the network's id of what was sent. */
enum vt_send vt_net_send(const struct vt_channel_account *acc, const struct vt_net_reply *rp,
                         char *remote_id, size_t idsz, char *err, size_t errsz);

#endif
