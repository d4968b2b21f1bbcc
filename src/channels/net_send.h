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
enum vt_net_part_kind { VT_PART_MESSAGE, VT_PART_X_DM, VT_PART_X_POST };
struct vt_net_part {
  enum vt_net_part_kind kind;
  char *text; /* owned */
};
#define VT_NET_MAX_PARTS 16

/* The messages a reply goes out as: split at the network's length limit
 * (never cut off), or for an X mention one post, or a direct message and a
 * short public note. Returns how many; the caller frees each text. */
size_t vt_net_plan(const struct vt_channel_account *acc, const struct vt_net_reply *rp,
                   struct vt_net_part *parts, size_t max);
/* Sends one part; remote_id gets the network's id of it. */
enum vt_send vt_net_send_part(const struct vt_channel_account *acc, const struct vt_net_reply *rp,
                              const struct vt_net_part *part, char *remote_id, size_t idsz,
                              char *err, size_t errsz);

#endif
