/* One email message, parsed (GMime 3) into what ventanilla keeps of it. */
#ifndef VT_MAIL_PARSE_H
#define VT_MAIL_PARSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vt_mail_attachment {
  char *filename;     /* never empty: a generated name when the part has none */
  char *content_type; /* "type/subtype", lower case */
  bool is_inline;     /* an image the HTML body shows (multipart/related, Content-ID) */
  unsigned char *data;
  size_t size;
};

struct vt_mail {
  char *message_id; /* without <>; NULL when absent */
  char *from_addr;  /* domain lower-cased; NULL when absent */
  char *from_name;
  char *reply_to;
  char *subject; /* decoded UTF-8, "" when absent */
  char *in_reply_to;
  char **to, **cc, **references;
  size_t n_to, n_cc, n_refs;
  int64_t date_ms; /* 0: absent or unreadable */
  char *text;         /* the whole text body, UTF-8, quotes and signature kept */
  char *display_text; /* the text without the quoted message and the signature */
  bool from_html;     /* text was converted from an HTML part */
  struct vt_mail_attachment *att;
  size_t n_att;
  const char *auto_reason; /* why it is an automatic message; NULL for a person's */
  bool ours;               /* carries X-Ventanilla-Mail: one of our own emails came back */
  char reference[40];      /* a ticket reference in the subject, "" if none */
  char content_hash[65];   /* SHA-256 of the message without trace headers */
};

/* Parses raw (len bytes). Returns 0, or -1 when the input is empty or not a
 * message at all. Never fails on malformed MIME: what can be read is kept.
 * The caller releases m with vt_mail_free even after -1. */
int vt_mail_parse(const void *raw, size_t len, struct vt_mail *m);
/* Whether a Message-ID is safe to keep and to write into headers. */
bool vt_mail_id_ok(const char *id);
/* Starts GMime once per process (parse and compose call it). */
void vt_mail_init(void);
void vt_mail_free(struct vt_mail *m);
/* The parse result as JSON (attachments by name, type and size). */
json_t *vt_mail_json(const struct vt_mail *m);

#endif
