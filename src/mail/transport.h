/* SMTP sending and IMAP commands through libcurl (see transport.c). */
#ifndef VT_MAIL_TRANSPORT_H
#define VT_MAIL_TRANSPORT_H

#include <stddef.h>

#include "util/buf.h"

#define VT_IMAP_MAX_RESPONSE (80L * 1024 * 1024)

enum vt_send {
  VT_SEND_OK,
  VT_SEND_RETRY, /* the server or the network failed for now: try again later */
  VT_SEND_FAILED /* refused for good (5xx): do not try again */
};

/* Sends msg (CRLF line ends) from `from` to `to` through the server at url
 * (smtp:// or smtps://). err gets a reason on failure. */
enum vt_send vt_smtp_send(const char *url, const char *user, const char *password,
                          const char *from, const char *to, const char *msg, size_t len,
                          char *err, size_t errsz);

/* Runs one IMAP command (libcurl selects the folder in url first, if any);
 * the server's untagged response lines are appended to out. With command
 * NULL, the URL's own action: ".../FOLDER/;UID=n" fetches that message,
 * whose bytes are appended to out. 0 on success, -2 when the answer is
 * larger than VT_IMAP_MAX_RESPONSE, -1 on other failures. */
/* POSTs a JSON body (with a bearer token if given); the answer's body goes to
 * out and its HTTP status to *status. -1 when no answer came (network). */
int vt_http_post_json(const char *url, const char *bearer, const char *json, struct vt_buf *out,
                      long *status, char *err, size_t errsz);

struct vt_imap; /* a connection kept across the commands of one poll */
struct vt_imap *vt_imap_open(void);
void vt_imap_close(struct vt_imap *s);
int vt_imap_command(struct vt_imap *s, const char *url, const char *user, const char *password,
                    const char *command, struct vt_buf *out, char *err, size_t errsz);

#endif
