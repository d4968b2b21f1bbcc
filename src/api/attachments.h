/* Attachments on messages: the tokens of uploads named in a message body,
 * checked before the message is created and attached after. */
#ifndef VT_ATTACHMENTS_H
#define VT_ATTACHMENTS_H

#include <jansson.h>
#include <stdbool.h>

#include "http/reply.h"
#include "store/store.h"

#define VT_MAX_ATTACHMENTS 5

struct vt_att_tokens {
  size_t n;
  char hashes[VT_MAX_ATTACHMENTS][65];
};

/* The owner string of an agent's uploads. Citizens' uploads are "public". */
void vt_att_owner_user(vt_id user_id, char *out, size_t outsz);
/* Reads the optional "attachments" array of upload tokens; records a field
 * error and returns false when it is malformed. Duplicates count once. */
bool vt_att_parse(json_t *in, struct vt_fields *f, struct vt_att_tokens *out);
/* Records a field error unless every token names a usable upload of owner.
 * A request with an Idempotency-Key (retry) may name uploads already
 * attached: its replay attaches nothing new. */
enum vt_qs vt_att_check(struct vt_store *st, const char *owner, const struct vt_att_tokens *tk,
                        bool retry, struct vt_fields *f);
/* The uploads as the store attaches them with a new message. */
struct vt_attach vt_att_for_store(const struct vt_att_tokens *tk, const char *owner);

#endif
