/* Messaging networks (Telegram, WhatsApp Cloud API, Facebook Messenger, X):
 * webhook authentication and payloads as events (see networks.c). */
#ifndef VT_NETWORKS_H
#define VT_NETWORKS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/model.h"

#define VT_NET_MAX_EVENTS 250
#define VT_NET_MAX_TEXT 4096

enum vt_net_kind { VT_NET_MESSAGE, VT_NET_RECEIPT };

struct vt_net_event {
  enum vt_net_kind kind;
  char remote_id[160];  /* a message: "network:id" (our channel id); a receipt: the id we sent */
  char sender_id[64];   /* the person on the network */
  char reply_to[64];    /* where an answer goes (Telegram's chat) */
  char sender_name[200];
  char phone[40];       /* WhatsApp: the number, E.164 */
  bool public_post;     /* an X mention, not a direct message */
  char status[16];      /* a receipt: delivered, read, failed */
  char text[VT_NET_MAX_TEXT];
};

struct vt_net_events {
  size_t n;
  bool truncated; /* more events than fit: the delivery must be refused */
  struct vt_net_event items[VT_NET_MAX_EVENTS];
};

bool vt_net_known(const char *network);
enum vt_channel vt_net_channel(const char *network);
/* Whether tickets of this channel came from a messaging network. */
bool vt_net_is_channel(enum vt_channel ch);
enum vt_identity_kind vt_net_identity(const char *network);
/* The request header carrying the network's signature or secret token. */
const char *vt_net_signature_header(const char *network);
/* Whether the header proves the body came from the network (constant time). */
bool vt_net_authentic(const char *network, const char *secret, const char *header,
                      const void *body, size_t len);
/* X's challenge-response check: "sha256=" + base64 HMAC of the token. */
void vt_net_crc_response(const char *secret, const char *token, char *out, size_t outsz);
/* The people's messages and the receipts in a webhook payload. */
void vt_net_parse(const char *network, const char *account_id, json_t *payload,
                  struct vt_net_events *ev);

#endif
