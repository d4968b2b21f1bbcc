/* Outgoing email as RFC 5322 bytes (see compose.c). */
#ifndef VT_MAIL_COMPOSE_H
#define VT_MAIL_COMPOSE_H

#include <stddef.h>

#include "store/store.h"
#include "util/i18n.h"

struct vt_mail_out {
  const char *kind; /* "ack", "reply", "notification", "transcript", "survey", "sla_alert" */
  vt_id outbox_id;
  const char *from_addr, *from_name, *reply_to, *to_addr;
  const char *message_id; /* without <> */
  const char *reference, *ticket_subject, *tenant_name;
  const char *body; /* the agent's text, for a reply; the conversation, for a transcript */
  const char *portal_url; /* the follow-up page (notification); the survey's link (survey) */
  enum vt_lang lang;
  const char *const *refs; /* Message-IDs of the thread, oldest first, without <> */
  size_t n_refs;
  const struct vt_attachment_file *files;
  size_t n_files;
};

/* The message with CRLF line ends; caller frees. */
char *vt_mail_compose(const struct vt_mail_out *o, size_t *len);

#endif
