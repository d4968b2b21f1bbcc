/* A received email becomes a ticket or a message on one (see ingest.c). */
#ifndef VT_MAIL_INGEST_H
#define VT_MAIL_INGEST_H

#include "mail/parse.h"
#include "store/store.h"
#include "util/config.h"

enum vt_ingest {
  VT_INGEST_STORED,    /* a new ticket, or a message on an existing one */
  VT_INGEST_DUPLICATE, /* stored before: nothing new */
  VT_INGEST_IGNORED,   /* our own message, or automatic mail with no ticket to join */
  VT_INGEST_NOT_MAIL,  /* not an email message at all */
  VT_INGEST_TEMPFAIL   /* the database could not take it now: deliver again later */
};

struct vt_ingest_out {
  vt_id ticket_id, message_id;
  char reference[40]; /* of a new ticket */
  bool threaded;      /* joined an existing ticket */
  bool acknowledged;  /* an acknowledgement was queued */
  const char *why;    /* for IGNORED */
};

/* A fresh Message-ID (without <>) in our domain. */
void vt_mail_new_message_id(const char *domain, char *out, size_t outsz);
/* The citizen's email address (their first email identity), if any. */
bool vt_mail_citizen_address(struct vt_store *st, vt_id citizen_id, char *out, size_t outsz);
/* The citizen's first identity of a kind (a network's user id...), if any. */
bool vt_citizen_identity(struct vt_store *st, vt_id citizen_id, enum vt_identity_kind kind,
                         char *out, size_t outsz);

/* The tickets (newest first, at most limit) of the person with this
 * identity on a channel in an administration; none for an unknown person. */
enum vt_qs vt_person_tickets(struct vt_store *st, const struct vt_identity *id, vt_id tenant_id,
                             enum vt_channel ch, int limit, struct vt_ticket **items, size_t *n);

enum vt_ingest vt_mail_ingest(struct vt_store *st, const struct vt_config *cfg,
                              const struct vt_mailbox *mb, const void *raw, size_t len,
                              struct vt_ingest_out *out);
/* The same for a message the caller has parsed (m, from raw; both stay the
 * caller's): the IMAP poller parses first to see which messages must be
 * stored in order. */
enum vt_ingest vt_mail_ingest_parsed(struct vt_store *st, const struct vt_config *cfg,
                                     const struct vt_mailbox *mb, const struct vt_mail *m,
                                     const void *raw, size_t len, struct vt_ingest_out *out);

#endif
