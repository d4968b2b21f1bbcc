/* The wire, through libcurl: sending one message by SMTP, and the few IMAP
 * commands the poller needs. Every call has connect and total time-outs, so
 * a dead server cannot hold a mail thread. Passwords go to libcurl only,
 * never to a log line. */
#include "mail/transport.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_start(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

struct upload {
  const char *data;
  size_t len, off;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *arg) {
  struct upload *u = arg;
  size_t n = size * nitems;
  if (n > u->len - u->off)
    n = u->len - u->off;
  memcpy(buf, u->data + u->off, n);
  u->off += n;
  return n;
}

static size_t sink_cb(char *ptr, size_t size, size_t nmemb, void *arg) {
  struct vt_buf *b = arg;
  if (b->len + size * nmemb > VT_IMAP_MAX_RESPONSE)
    return 0; /* stop: far larger than any message we accept */
  vt_buf_append_mem(b, ptr, size * nmemb);
  return size * nmemb;
}

/* Whether a URL names this machine: the only place plain text is allowed. */
static bool loopback(const char *url) {
  const char *h = strstr(url, "://");
  h = h ? h + 3 : url;
  return !strncmp(h, "127.", 4) || !strncmp(h, "localhost", 9) || !strncmp(h, "[::1]", 5);
}

static void common(CURL *c, const char *url, const char *user, const char *password, char *errbuf) {
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  if (user && *user)
    curl_easy_setopt(c, CURLOPT_USERNAME, user);
  if (password && *password)
    curl_easy_setopt(c, CURLOPT_PASSWORD, password);
  /* smtps:// and imaps:// are TLS from the start; with the plain schemes
   * STARTTLS is required, so a man in the middle cannot strip it and read
   * the password. Only a server on this machine may speak plain text. */
  curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(loopback(url) ? CURLUSESSL_TRY : CURLUSESSL_ALL));
}

enum vt_send vt_smtp_send(const char *url, const char *user, const char *password, const char *from,
                          const char *to, const char *msg, size_t len, char *err, size_t errsz) {
  /* The envelope goes into SMTP commands: no line breaks, no brackets. */
  if (strpbrk(from, "\r\n<> ") || strpbrk(to, "\r\n<> ")) {
    snprintf(err, errsz, "unusable address");
    return VT_SEND_FAILED;
  }
  pthread_once(&curl_once, curl_start);
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(err, errsz, "out of memory");
    return VT_SEND_RETRY;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  common(c, url, user, password, errbuf);
  char mail_from[300];
  snprintf(mail_from, sizeof mail_from, "<%s>", from);
  struct curl_slist *rcpt = curl_slist_append(NULL, to);
  struct upload u = {msg, len, 0};
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(c, CURLOPT_READDATA, &u);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(c);
  if (rc == CURLE_OK)
    return VT_SEND_OK;
  snprintf(err, errsz, "%s%s(SMTP %ld)", errbuf[0] ? errbuf : curl_easy_strerror(rc),
           errbuf[0] ? " " : " ", code);
  /* 5xx from the server: the address or the message is refused for good. */
  return code >= 500 && code < 600 ? VT_SEND_FAILED : VT_SEND_RETRY;
}

int vt_http_post_json(const char *url, const char *bearer, const char *json, struct vt_buf *out,
                      long *status, char *err, size_t errsz) {
  pthread_once(&curl_once, curl_start);
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
  char auth[2100];
  if (bearer && *bearer) {
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
    h = curl_slist_append(h, auth);
  }
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_cb);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
  CURLcode rc = curl_easy_perform(c);
  *status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) {
    snprintf(err, errsz, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    return -1;
  }
  return 0;
}

struct vt_imap {
  CURL *c;
};

struct vt_imap *vt_imap_open(void) {
  pthread_once(&curl_once, curl_start);
  struct vt_imap *s = calloc(1, sizeof *s);
  if (s && !(s->c = curl_easy_init())) {
    free(s);
    s = NULL;
  }
  return s;
}

void vt_imap_close(struct vt_imap *s) {
  if (!s)
    return;
  curl_easy_cleanup(s->c);
  free(s);
}

int vt_imap_command(struct vt_imap *s, const char *url, const char *user, const char *password,
                    const char *command, struct vt_buf *out, char *err, size_t errsz) {
  /* One handle for a whole poll: libcurl keeps the connection (and the
   * login) between commands, instead of a TCP and IMAP handshake each. */
  CURL *c = s->c;
  curl_easy_reset(c);
  char errbuf[CURL_ERROR_SIZE] = "";
  common(c, url, user, password, errbuf);
  curl_easy_setopt(c, CURLOPT_URL, url);
  if (command)
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_cb);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    snprintf(err, errsz, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    return rc == CURLE_WRITE_ERROR ? -2 : -1; /* -2: larger than we take */
  }
  return 0;
}
