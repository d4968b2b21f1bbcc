/* Live-chat benchmark: how many citizens' chat streams one node holds, what
 * each costs in server memory, and how long an agent's reply takes to reach
 * the citizen's stream at a steady rate of replies.
 *
 *   setup    creates a widget for TENANT (admin token) and puts the agent on
 *            duty, so the chats are really queued;
 *   phase 1  starts CHATS chats through the public API (16 keep-alive
 *            connections, one request in flight on each);
 *   phase 2  opens every chat's event stream and holds them all, reading the
 *            server's RSS before and after;
 *   phase 3  the agent posts replies at RATE per second for SECONDS seconds,
 *            round-robin over the chats, on AGENT_CONNS keep-alive
 *            connections. Each body carries a sequence number and the
 *            monotonic time just before its POST was written (client and
 *            server share the host); the latency is counted until the
 *            citizen's stream delivers it.
 *
 * One epoll thread, non-blocking sockets. No library beyond libc: the few
 * JSON values needed are read with a small scanner below.
 *
 * Usage: chat_bench HOST PORT ADMIN_TOKEN AGENT_TOKEN TENANT CHATS RATE SECONDS SERVER_PID
 *                   [AGENT_CONNS]
 * Prints: chats created, streams held, server RSS before/after (and per
 * stream), replies sent/delivered/lost, delivery latency p50/p90/p99/max,
 * the POST round trip and the achieved rate. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define CREATE_CONNS    16   /* keep-alive connections starting chats */
#define OPENING_MAX     256  /* streams connecting or awaiting their headers at once */
#define SETTLE_MS       2000 /* quiet time before reading the RSS with the streams */
#define OPEN_TIMEOUT_MS 120000
#define DRAIN_MS        5000 /* wait for late replies after the last send */
#define RECONNECTS_MAX  20   /* per agent connection the server keeps closing */

enum kind { K_CREATE = 1, K_AGENT, K_STREAM, K_TIMER };

static const char *host, *admin_token, *agent_token, *tenant;
static int port;
static int ep;
static char rbuf[65536];

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double ms(int64_t ns) { return ns / 1e6; }

/* The server's VmRSS, from /proc/PID/status opened once at the start (so
 * it still reads when the streams have used every file descriptor). */
static int status_fd = -1;

static long rss_kb(void) {
  char buf[4096];
  ssize_t n = status_fd >= 0 ? pread(status_fd, buf, sizeof buf - 1, 0) : -1;
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  const char *l = strstr(buf, "\nVmRSS:");
  return l ? strtol(l + 7, NULL, 10) : -1;
}

static int dial(bool nonblock) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
  if (fd < 0)
    return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, host, &a.sin_addr);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static void ep_set(int fd, uint32_t events, enum kind k, uint32_t idx, int op) {
  struct epoll_event ev = {.events = events, .data.u64 = (uint64_t)k << 32 | idx};
  epoll_ctl(ep, op, fd, &ev);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Percentile of a sorted array (nearest rank). */
static int64_t pct(const int64_t *v, size_t n, double p) {
  if (!n)
    return 0;
  size_t i = (size_t)(p * (double)n);
  return v[i < n ? i : n - 1];
}

/* ------------------------------------------------------------------------- */
/* A small JSON reader: enough to pick top-level fields out of the answers.  */
/* ------------------------------------------------------------------------- */

static const char *ws(const char *p) {
  while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* Returns the character after the JSON value at p, or NULL. */
static const char *skip_value(const char *p) {
  p = ws(p);
  if (!p || !*p)
    return NULL;
  if (*p == '"') {
    for (p++; *p && *p != '"'; p++)
      if (*p == '\\' && p[1])
        p++;
    return *p ? p + 1 : NULL;
  }
  if (*p == '{' || *p == '[') {
    char close = *p == '{' ? '}' : ']';
    p = ws(p + 1);
    if (p && *p == close)
      return p + 1;
    for (;;) {
      if (close == '}') {
        p = skip_value(p); /* the key */
        p = ws(p);
        if (!p || *p != ':')
          return NULL;
        p++;
      }
      p = ws(skip_value(p));
      if (!p)
        return NULL;
      if (*p == close)
        return p + 1;
      if (*p != ',')
        return NULL;
      p++;
    }
  }
  while (*p && !strchr(",}] \t\r\n", *p))
    p++;
  return p;
}

/* The value of top-level key in the object at obj, or NULL. */
static const char *obj_get(const char *obj, const char *key) {
  const char *p = ws(obj);
  if (!p || *p != '{')
    return NULL;
  size_t kl = strlen(key);
  p = ws(p + 1);
  while (p && *p == '"') {
    const char *k = p + 1, *after = skip_value(p);
    if (!after)
      return NULL;
    bool match = (size_t)(after - 1 - k) == kl && !memcmp(k, key, kl);
    p = ws(after);
    if (!p || *p != ':')
      return NULL;
    p = ws(p + 1);
    if (match)
      return p;
    p = ws(skip_value(p));
    if (!p || *p != ',')
      return NULL;
    p = ws(p + 1);
  }
  return NULL;
}

/* Copies a JSON string without escapes (references, tokens, keys). */
static bool json_str(const char *v, char *out, size_t cap) {
  if (!v || *v != '"')
    return false;
  size_t n = 0;
  for (v++; *v && *v != '"'; v++) {
    if (*v == '\\' || n + 1 >= cap)
      return false;
    out[n++] = *v;
  }
  out[n] = '\0';
  return *v == '"';
}

static long long json_int(const char *v) {
  if (v && *v == '"')
    v++; /* cursors are strings */
  return v && (isdigit((unsigned char)*v) || *v == '-') ? strtoll(v, NULL, 10) : -1;
}

/* ------------------------------------------------------------------------- */
/* HTTP responses                                                            */
/* ------------------------------------------------------------------------- */

/* Looks for one complete response at the start of buf. Returns the bytes it
 * takes, 0 if incomplete, -1 if malformed. The body (de-chunked,
 * NUL-terminated) is malloc'ed into *body. At eof a response with neither
 * length nor chunking ends at the end of the data. */
static long http_parse(const char *buf, size_t len, bool eof, int *status, char **body) {
  const char *end = memmem(buf, len, "\r\n\r\n", 4);
  if (!end)
    return len > 65536 ? -1 : 0;
  if (len < 12 || strncmp(buf, "HTTP/1.", 7))
    return -1;
  *status = atoi(buf + 9);
  long clen = -1;
  bool chunked = false;
  const char *l = memchr(buf, '\n', (size_t)(end + 2 - buf));
  for (l = l + 1; l < end;) {
    const char *nl = memchr(l, '\n', (size_t)(end + 2 - l));
    if (!strncasecmp(l, "Content-Length:", 15))
      clen = strtol(l + 15, NULL, 10);
    else if (!strncasecmp(l, "Transfer-Encoding:", 18) && memmem(l, (size_t)(nl - l), "chunked", 7))
      chunked = true;
    l = nl + 1;
  }
  const char *b = end + 4, *lim = buf + len;
  if (*status == 204 || *status == 304 || *status / 100 == 1)
    clen = 0;
  if (!chunked) {
    if (clen < 0 && !eof)
      return 0;
    size_t n = clen < 0 ? (size_t)(lim - b) : (size_t)clen;
    if ((size_t)(lim - b) < n)
      return 0;
    *body = malloc(n + 1);
    memcpy(*body, b, n);
    (*body)[n] = '\0';
    return (long)(b + n - buf);
  }
  /* First pass: is the whole chunked body here? */
  size_t total = 0;
  const char *p = b;
  for (;;) {
    const char *nl = memchr(p, '\n', (size_t)(lim - p));
    if (!nl)
      return 0;
    long sz = strtol(p, NULL, 16);
    if (sz < 0)
      return -1;
    p = nl + 1;
    if (sz == 0) { /* trailers, then an empty line */
      for (;;) {
        nl = memchr(p, '\n', (size_t)(lim - p));
        if (!nl)
          return 0;
        bool empty = nl == p || (nl == p + 1 && *p == '\r');
        p = nl + 1;
        if (empty)
          break;
      }
      break;
    }
    if (lim - p < sz + 2)
      return 0;
    total += (size_t)sz;
    p += sz + 2;
  }
  long used = (long)(p - buf);
  *body = malloc(total + 1);
  size_t n = 0;
  for (p = b;;) {
    long sz = strtol(p, NULL, 16);
    p = (const char *)memchr(p, '\n', (size_t)(lim - p)) + 1;
    if (sz == 0)
      break;
    memcpy(*body + n, p, (size_t)sz);
    n += (size_t)sz;
    p += sz + 2;
  }
  (*body)[n] = '\0';
  return used;
}

/* One blocking request on its own connection (setup only). Returns the
 * status (or -1) and the malloc'ed body in *out. */
static int http_do(const char *method, const char *path, const char *token, const char *body,
                   char **out) {
  *out = NULL;
  char head[1024];
  int hl = snprintf(head, sizeof head,
                    "%s %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                    "Connection: close\r\n\r\n",
                    method, path, host, token, body ? strlen(body) : 0);
  int fd = dial(false);
  if (fd < 0)
    return -1;
  struct timeval tv = {.tv_sec = 60};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (write(fd, head, (size_t)hl) != hl ||
      (body && write(fd, body, strlen(body)) != (ssize_t)strlen(body))) {
    close(fd);
    return -1;
  }
  size_t len = 0, cap = 65536;
  char *buf = malloc(cap);
  ssize_t r;
  int status = -1;
  long used = 0;
  while (used == 0 && (r = read(fd, buf + len, cap - len - 1)) > 0) {
    len += (size_t)r;
    if (cap - len < 4096)
      buf = realloc(buf, cap *= 2);
    used = http_parse(buf, len, false, &status, out);
  }
  if (used == 0) /* a response that ends with the connection */
    used = http_parse(buf, len, true, &status, out);
  close(fd);
  free(buf);
  return used > 0 ? status : -1;
}

/* Puts the agent on duty (it lapses 90 s after the last refresh). */
static void on_duty(void) {
  char *resp;
  int st = http_do("PUT", "/api/v1/chat/availability", agent_token, "{\"available\":true}", &resp);
  if (st / 100 != 2)
    fprintf(stderr,
            "  note: PUT /api/v1/chat/availability answered %d %.200s (chats will be "
            "filed as requests)\n",
            st, resp ? resp : "");
  free(resp);
}

/* ------------------------------------------------------------------------- */
/* Keep-alive request connections (starting chats, the agent's replies)      */
/* ------------------------------------------------------------------------- */

struct rconn {
  int fd;
  enum kind kind;
  bool connected, busy, dead;
  bool eof; /* the server closed it: send nothing more on it */
  int reconnects;
  char *in;
  size_t in_len, in_cap;
  char out[2048];
  size_t out_len, out_off;
  long tag;       /* chat index or message sequence in flight */
  int64_t t_sent; /* just before the request was written */
};

static void rconn_open(struct rconn *c, enum kind k, uint32_t idx) {
  c->kind = k;
  c->connected = c->busy = c->eof = false;
  c->in_len = c->out_len = c->out_off = 0;
  c->fd = dial(true);
  if (c->fd < 0) {
    c->dead = true;
    return;
  }
  ep_set(c->fd, EPOLLIN | EPOLLOUT, k, idx, EPOLL_CTL_ADD);
}

static void rconn_flush(struct rconn *c, uint32_t idx) {
  while (c->connected && c->out_off < c->out_len) {
    ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
    if (w <= 0)
      break;
    c->out_off += (size_t)w;
  }
  if (c->connected)
    ep_set(c->fd, EPOLLIN | (c->out_off < c->out_len ? EPOLLOUT : 0), c->kind, idx, EPOLL_CTL_MOD);
}

static void rconn_send(struct rconn *c, uint32_t idx, const char *req, size_t n, long tag) {
  memcpy(c->out, req, n);
  c->out_len = n;
  c->out_off = 0;
  c->busy = true;
  c->tag = tag;
  c->t_sent = now_ns();
  rconn_flush(c, idx);
}

/* Handles an epoll event. For each complete response calls done(); on a
 * closed connection calls lost() if a request was in flight, then reopens. */
typedef void (*resp_fn)(struct rconn *c, uint32_t idx, int status, const char *body, int64_t t);
typedef void (*lost_fn)(struct rconn *c, uint32_t idx);

static void rconn_event(struct rconn *c, uint32_t idx, uint32_t events, resp_fn done,
                        lost_fn lost) {
  if (events & EPOLLOUT) {
    if (!c->connected) {
      int err = 0;
      socklen_t sl = sizeof err;
      getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &sl);
      c->connected = err == 0;
    }
    rconn_flush(c, idx);
  }
  bool closed = (events & (EPOLLERR | EPOLLHUP)) && !(events & EPOLLIN);
  if (events & EPOLLIN) {
    for (;;) {
      ssize_t r = read(c->fd, rbuf, sizeof rbuf);
      if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
        closed = true;
        break;
      }
      if (r < 0)
        break;
      if (c->in_len + (size_t)r + 1 > c->in_cap) {
        c->in_cap = (c->in_len + (size_t)r + 1) * 2;
        c->in = realloc(c->in, c->in_cap);
      }
      memcpy(c->in + c->in_len, rbuf, (size_t)r);
      c->in_len += (size_t)r;
    }
    int64_t t = now_ns();
    c->eof = closed;
    for (;;) {
      int status;
      char *body = NULL;
      long used = c->in_len ? http_parse(c->in, c->in_len, false, &status, &body) : 0;
      if (used < 0) {
        closed = true;
        break;
      }
      if (used == 0)
        break;
      memmove(c->in, c->in + used, c->in_len - (size_t)used);
      c->in_len -= (size_t)used;
      c->busy = false;
      done(c, idx, status, body, t);
      free(body);
    }
  }
  if (closed) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    bool was_busy = c->busy;
    c->busy = false;
    if (was_busy && lost)
      lost(c, idx);
    if (++c->reconnects > RECONNECTS_MAX)
      c->dead = true;
    else if (!c->busy)
      rconn_open(c, c->kind, idx);
  }
}

static void rconn_close(struct rconn *c) {
  if (c->fd >= 0) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
  }
  c->fd = -1;
  free(c->in);
  c->in = NULL;
  c->in_cap = 0;
}

/* ------------------------------------------------------------------------- */
/* Chats and their streams                                                   */
/* ------------------------------------------------------------------------- */

enum { CS_SIZE, CS_DATA, CS_CRLF, CS_END };

struct chat {
  char ref[40];
  char token[96];
  long long ticket;
  /* the stream */
  int fd;
  bool opening, sent, open, first_bytes, chunked;
  uint8_t cstate, szlen;
  char szline[18];
  long cleft;
  char *line; /* headers, then the SSE line being read */
  uint32_t llen, lcap;
};

static struct chat *chats;
static int nchats, created;
static int statuses[600]; /* answers to non-201 chat starts, by status */
static int stream_status[600];
static int streams_opening, streams_open, streams_first, streams_dropped, streams_failed;
static int connect_errno;

/* Phase 3 bookkeeping, by message sequence. */
static int nseq;
static int64_t *deliver_ns; /* 0: not delivered */
static int64_t *rtt_ns;
static int *seq_chat;
static long delivered, duplicates, misrouted, frames;

static void line_append(struct chat *s, const char *p, size_t n) {
  if (s->llen + n + 1 > s->lcap) {
    s->lcap = (uint32_t)((s->llen + n + 1) * 2);
    s->line = realloc(s->line, s->lcap);
  }
  memcpy(s->line + s->llen, p, n);
  s->llen += (uint32_t)n;
  s->line[s->llen] = '\0';
}

static void sse_line(int idx, const char *l, size_t n, int64_t t) {
  if (n && l[n - 1] == '\r')
    n--;
  if (n >= 14 && !memcmp(l, "event: message", 14))
    frames++;
  if (n < 5 || memcmp(l, "data:", 5))
    return;
  const char *m = memmem(l, n, "bench seq=", 10);
  if (!m)
    return;
  char *e;
  long seq = strtol(m + 10, &e, 10);
  if (strncmp(e, " t=", 3) || seq < 0 || seq >= nseq)
    return;
  int64_t sent = strtoll(e + 3, NULL, 10);
  if (deliver_ns[seq]) {
    duplicates++;
    return;
  }
  deliver_ns[seq] = t - sent > 0 ? t - sent : 1;
  delivered++;
  if (seq_chat[seq] != idx)
    misrouted++;
}

static void sse_feed(struct chat *s, int idx, const char *p, size_t n, int64_t t) {
  while (n) {
    const char *nl = memchr(p, '\n', n);
    if (!nl) {
      line_append(s, p, n);
      return;
    }
    size_t k = (size_t)(nl - p);
    if (s->llen) {
      line_append(s, p, k);
      sse_line(idx, s->line, s->llen, t);
      s->llen = 0;
    } else {
      sse_line(idx, p, k, t);
    }
    p = nl + 1;
    n -= k + 1;
  }
}

/* The stream's body after the headers: de-chunked, then read as SSE. */
static void stream_body(struct chat *s, int idx, const char *p, size_t n, int64_t t) {
  if (n && !s->first_bytes) {
    s->first_bytes = true;
    streams_first++;
  }
  if (!s->chunked) {
    sse_feed(s, idx, p, n, t);
    return;
  }
  while (n) {
    switch (s->cstate) {
    case CS_SIZE:
      if (*p == '\n') {
        s->cleft = strtol(s->szline, NULL, 16);
        s->szlen = 0;
        s->szline[0] = '\0';
        s->cstate = s->cleft > 0 ? CS_DATA : CS_END;
      } else if ((size_t)s->szlen + 1 < sizeof s->szline) {
        s->szline[s->szlen++] = *p;
        s->szline[s->szlen] = '\0';
      }
      p++, n--;
      break;
    case CS_DATA: {
      size_t k = n < (size_t)s->cleft ? n : (size_t)s->cleft;
      sse_feed(s, idx, p, k, t);
      p += k, n -= k;
      if ((s->cleft -= (long)k) == 0)
        s->cstate = CS_CRLF;
      break;
    }
    case CS_CRLF:
      if (*p == '\n')
        s->cstate = CS_SIZE;
      p++, n--;
      break;
    default:
      return;
    }
  }
}

static void stream_close(struct chat *s) {
  if (s->fd >= 0) {
    epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
    close(s->fd);
  }
  s->fd = -1;
  free(s->line);
  s->line = NULL;
  s->llen = s->lcap = 0;
}

static void stream_open(int i) {
  struct chat *s = &chats[i];
  s->fd = dial(true);
  if (s->fd < 0) {
    if (!connect_errno)
      connect_errno = errno;
    streams_failed++;
    return;
  }
  s->opening = true;
  streams_opening++;
  ep_set(s->fd, EPOLLOUT, K_STREAM, (uint32_t)i, EPOLL_CTL_ADD);
}

static void stream_event(int i, uint32_t events) {
  struct chat *s = &chats[i];
  if (s->fd < 0)
    return;
  if (!s->sent) { /* connected (or refused): send the request */
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET /api/v1/public/chats/%s/events HTTP/1.1\r\nHost: %s\r\n"
                     "Authorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n",
                     s->ref, host, s->token);
    int err = 0;
    socklen_t sl = sizeof err;
    getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &sl);
    if (err || write(s->fd, req, (size_t)n) != n) {
      if (!connect_errno)
        connect_errno = err ? err : errno;
      stream_close(s);
      s->opening = false;
      streams_opening--;
      streams_failed++;
      return;
    }
    s->sent = true;
    ep_set(s->fd, EPOLLIN | EPOLLRDHUP, K_STREAM, (uint32_t)i, EPOLL_CTL_MOD);
    return;
  }
  bool closed = false;
  int64_t t = 0;
  for (;;) {
    ssize_t r = read(s->fd, rbuf, sizeof rbuf);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
      closed = true;
      break;
    }
    if (r < 0)
      break;
    t = now_ns();
    const char *p = rbuf;
    size_t n = (size_t)r;
    if (s->opening) { /* still reading the headers */
      line_append(s, p, n);
      char *end = strstr(s->line, "\r\n\r\n");
      if (!end)
        continue;
      int status = strncmp(s->line, "HTTP/1.", 7) ? 0 : atoi(s->line + 9);
      size_t hlen = (size_t)(end + 4 - s->line);
      *end = '\0';
      for (char *h = s->line; (h = strchr(h, '\n')); h++) {
        char *e = strchr(h + 1, '\n');
        if (!strncasecmp(h + 1, "Transfer-Encoding:", 18) &&
            memmem(h, e ? (size_t)(e - h) : strlen(h), "chunked", 7))
          s->chunked = true;
      }
      s->opening = false;
      streams_opening--;
      if (status != 200) {
        stream_status[status > 0 && status < 600 ? status : 0]++;
        streams_failed++;
        stream_close(s);
        return;
      }
      s->open = true;
      streams_open++;
      /* What came after the headers is body. */
      size_t rest = s->llen - hlen;
      char *tail = rest ? malloc(rest) : NULL;
      if (rest)
        memcpy(tail, s->line + hlen, rest);
      s->llen = 0;
      stream_body(s, i, tail, rest, t);
      free(tail);
      continue;
    }
    stream_body(s, i, p, n, t);
  }
  if (closed || (events & (EPOLLHUP | EPOLLERR))) {
    if (s->opening) {
      s->opening = false;
      streams_opening--;
      streams_failed++;
      stream_status[0]++;
    } else if (s->open) {
      s->open = false;
      streams_open--;
      streams_dropped++;
    }
    stream_close(s);
  }
}

/* ------------------------------------------------------------------------- */
/* Phase 1: starting the chats                                               */
/* ------------------------------------------------------------------------- */

static struct rconn cconns[CREATE_CONNS];
static char widget_key[128];
static int next_chat, answered, queued_count;
static int64_t *create_rtt;
static char first_error[300];

static void create_issue(struct rconn *c, uint32_t idx) {
  if (c->dead || c->eof || !c->connected || c->busy || next_chat >= nchats)
    return;
  char body[256], req[1024];
  int bl = snprintf(body, sizeof body, "{\"key\":\"%s\",\"name\":\"Bench %d\",\"body\":\"hola\"}",
                    widget_key, next_chat);
  int rl = snprintf(req, sizeof req,
                    "POST /api/v1/public/chats HTTP/1.1\r\nHost: %s\r\nContent-Type: "
                    "application/json\r\nContent-Length: %d\r\n\r\n%s",
                    host, bl, body);
  rconn_send(c, idx, req, (size_t)rl, next_chat++);
}

static void create_done(struct rconn *c, uint32_t idx, int status, const char *body, int64_t t) {
  int i = (int)c->tag;
  answered++;
  create_rtt[i] = t - c->t_sent;
  struct chat *ch = &chats[i];
  if (status == 201 && json_str(obj_get(body, "reference"), ch->ref, sizeof ch->ref) &&
      json_str(obj_get(body, "access_token"), ch->token, sizeof ch->token)) {
    created++;
    ch->ticket = json_int(obj_get(body, "ticket_id"));
    char st[32];
    if (json_str(obj_get(body, "status"), st, sizeof st) && !strcmp(st, "queued"))
      queued_count++;
  } else {
    ch->ref[0] = '\0';
    statuses[status > 0 && status < 600 ? status : 0]++;
    if (!first_error[0])
      snprintf(first_error, sizeof first_error, "%d %.200s", status, body);
  }
  create_issue(c, idx);
}

static void create_lost(struct rconn *c, uint32_t idx) {
  (void)idx;
  answered++;
  statuses[0]++;
  create_rtt[c->tag] = -1;
}

/* ------------------------------------------------------------------------- */
/* Ticket ids: reference -> ticket                                           */
/* ------------------------------------------------------------------------- */

static int *by_ref; /* chat indexes sorted by reference */
static int nby_ref;

static int cmp_ref(const void *a, const void *b) {
  return strcmp(chats[*(const int *)a].ref, chats[*(const int *)b].ref);
}

static struct chat *chat_by_ref(const char *ref) {
  int lo = 0, hi = nby_ref - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2, c = strcmp(chats[by_ref[mid]].ref, ref);
    if (!c)
      return &chats[by_ref[mid]];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return NULL;
}

/* Reads one page of a list ({"items":[...],"next_cursor":...}), records the
 * ticket ids it names, and returns the next cursor (0: none) or -1. */
static long long map_page(const char *path, const char *id_key, int *mapped) {
  char *body;
  int status = http_do("GET", path, agent_token, NULL, &body);
  if (status != 200) {
    fprintf(stderr, "GET %s: %d %.200s\n", path, status, body ? body : "");
    free(body);
    return -1;
  }
  const char *p = ws(obj_get(body, "items"));
  long long next = json_int(obj_get(body, "next_cursor"));
  if (p && *p == '[') {
    p = ws(p + 1);
    while (p && *p == '{') {
      char ref[40];
      long long id = json_int(obj_get(p, id_key));
      struct chat *ch =
          json_str(obj_get(p, "reference"), ref, sizeof ref) ? chat_by_ref(ref) : NULL;
      if (ch && ch->ticket <= 0 && id > 0) {
        ch->ticket = id;
        (*mapped)++;
      }
      p = ws(skip_value(p));
      if (p && *p == ',')
        p = ws(p + 1);
    }
  }
  free(body);
  return next > 0 ? next : 0;
}

/* Fills in the ticket ids the chat start did not return: first from the
 * queue (GET /api/v1/chats?status=queued), then from the ticket list
 * (channel=chat, paged). Returns how many chats have one. */
static int map_tickets(void) {
  by_ref = malloc((size_t)nchats * sizeof *by_ref);
  int have = 0;
  for (int i = 0; i < nchats; i++) {
    if (chats[i].ref[0])
      by_ref[nby_ref++] = i;
    if (chats[i].ref[0] && chats[i].ticket > 0)
      have++;
  }
  qsort(by_ref, (size_t)nby_ref, sizeof *by_ref, cmp_ref);
  char path[256];
  long long cur = 0;
  for (int page = 0; have < created && page < 1000; page++) {
    int n = snprintf(path, sizeof path, "/api/v1/chats?status=queued");
    if (cur > 0)
      snprintf(path + n, sizeof path - (size_t)n, "&cursor=%lld", cur);
    int before = have;
    cur = map_page(path, "ticket_id", &have);
    if (cur <= 0 || have == before)
      break;
  }
  cur = 0;
  for (int page = 0; have < created && page < 1000; page++) {
    int n = snprintf(path, sizeof path, "/api/v1/tickets?channel=chat&tenant=%s&limit=200", tenant);
    if (cur > 0)
      snprintf(path + n, sizeof path - (size_t)n, "&cursor=%lld", cur);
    cur = map_page(path, "id", &have);
    if (cur <= 0)
      break;
  }
  return have;
}

/* ------------------------------------------------------------------------- */
/* Phase 3: the agent's replies                                              */
/* ------------------------------------------------------------------------- */

static struct rconn *aconns;
static int nagent;
static int *live; /* chats with an open stream and a ticket id */
static int nlive;
static int issued, answered_posts, post_errors, post_lost, max_waiting;
static int post_status[600];
static char first_post_error[300];
static int64_t t_start, t_stop;
static double rate;
static bool warmup;

static void agent_issue(struct rconn *c, uint32_t idx) {
  if (c->dead || c->eof || !c->connected || c->busy || warmup || issued >= nseq)
    return;
  int64_t t = now_ns();
  if (t >= t_stop || (double)(t - t_start) * rate / 1e9 < issued)
    return;
  int seq = issued++;
  int ci = live[seq % nlive];
  seq_chat[seq] = ci;
  char body[160], req[1024];
  int bl = snprintf(body, sizeof body, "{\"body\":\"bench seq=%d t=%lld\",\"internal\":false}", seq,
                    (long long)t);
  int rl = snprintf(req, sizeof req,
                    "POST /api/v1/tickets/%lld/messages HTTP/1.1\r\nHost: %s\r\n"
                    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                    "Content-Length: %d\r\n\r\n%s",
                    chats[ci].ticket, host, agent_token, bl, body);
  rconn_send(c, idx, req, (size_t)rl, seq);
  c->t_sent = t;
}

static void agent_issue_all(void) {
  for (int k = 0; k < nagent; k++)
    agent_issue(&aconns[k], (uint32_t)k);
  if (!warmup && issued < nseq) {
    int64_t t = now_ns();
    if (t < t_stop) {
      int waiting = (int)((double)(t - t_start) * rate / 1e9) - issued;
      if (waiting > max_waiting)
        max_waiting = waiting;
    }
  }
}

static void agent_done(struct rconn *c, uint32_t idx, int status, const char *body, int64_t t) {
  if (c->tag < 0) { /* the warm-up GET /healthz */
    agent_issue(c, idx);
    return;
  }
  answered_posts++;
  rtt_ns[c->tag] = t - c->t_sent;
  if (status / 100 != 2) {
    post_errors++;
    post_status[status > 0 && status < 600 ? status : 0]++;
    if (!first_post_error[0])
      snprintf(first_post_error, sizeof first_post_error, "%d %.200s", status, body);
  }
  agent_issue(c, idx);
}

static void agent_lost(struct rconn *c, uint32_t idx) {
  (void)idx;
  if (c->tag >= 0) {
    answered_posts++;
    post_lost++;
  }
}

static void agent_warm(struct rconn *c, uint32_t idx) {
  char req[256];
  int n = snprintf(req, sizeof req, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", host);
  rconn_send(c, idx, req, (size_t)n, -1);
}

/* ------------------------------------------------------------------------- */

static void dispatch(struct epoll_event *e) {
  enum kind k = (enum kind)(e->data.u64 >> 32);
  uint32_t idx = (uint32_t)e->data.u64;
  if (k == K_STREAM)
    stream_event((int)idx, e->events);
  else if (k == K_CREATE)
    rconn_event(&cconns[idx], idx, e->events, create_done, create_lost);
  else if (k == K_AGENT) {
    struct rconn *c = &aconns[idx];
    bool was_connected = c->connected;
    rconn_event(c, idx, e->events, agent_done, agent_lost);
    if (!was_connected && c->connected && !c->busy) {
      if (warmup)
        agent_warm(c, idx);
      else
        agent_issue(c, idx);
    }
  }
}

static int poll_once(int timeout_ms) {
  static struct epoll_event evs[1024];
  int k = epoll_wait(ep, evs, 1024, timeout_ms);
  for (int j = 0; j < k; j++) {
    if ((enum kind)(evs[j].data.u64 >> 32) == K_TIMER) {
      uint64_t ticks;
      ssize_t r = read((int)(uint32_t)evs[j].data.u64, &ticks, sizeof ticks);
      (void)r;
      agent_issue_all();
    } else {
      dispatch(&evs[j]);
    }
  }
  return k;
}

static void print_counts(const char *what, const int *st) {
  for (int s = 0; s < 600; s++)
    if (st[s]) {
      if (s)
        fprintf(stderr, "  %s: %d answered %d\n", what, st[s], s);
      else
        fprintf(stderr, "  %s: %d closed without an answer\n", what, st[s]);
    }
}

int main(int argc, char **argv) {
  if (argc != 10 && argc != 11) {
    fprintf(stderr,
            "usage: %s HOST PORT ADMIN_TOKEN AGENT_TOKEN TENANT CHATS RATE SECONDS SERVER_PID "
            "[AGENT_CONNS]\n",
            argv[0]);
    return 2;
  }
  host = argv[1];
  port = atoi(argv[2]);
  admin_token = argv[3];
  agent_token = argv[4];
  tenant = argv[5];
  nchats = atoi(argv[6]);
  rate = atof(argv[7]);
  double seconds = atof(argv[8]);
  int spid = atoi(argv[9]);
  nagent = argc == 11 ? atoi(argv[10]) : 16;
  if (nchats < 1 || rate <= 0 || seconds <= 0 || nagent < 1) {
    fprintf(stderr, "chat_bench: CHATS, RATE, SECONDS and AGENT_CONNS must be positive\n");
    return 2;
  }

  setvbuf(stdout, NULL, _IOLBF, 0); /* keep stdout and stderr in order */
  signal(SIGPIPE, SIG_IGN);         /* a connection the server closed is counted, not fatal */

  /* File descriptors: one per stream plus the request connections. */
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  getrlimit(RLIMIT_NOFILE, &rl);
  /* Streams opened at most: what the limit leaves after the agent's
   * connections and a reserve for everything else. */
  long max_streams = nchats;
  if (rl.rlim_cur != RLIM_INFINITY && (long)rl.rlim_cur - nagent - 64 < max_streams) {
    max_streams = (long)rl.rlim_cur - nagent - 64;
    fprintf(stderr,
            "  note: this process may open %ld files (hard limit): at most %ld of the %d streams "
            "will be opened (raise the hard limit: ulimit -Hn, limits.conf)\n",
            (long)rl.rlim_cur, max_streams > 0 ? max_streams : 0, nchats);
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", spid);
  status_fd = open(path, O_RDONLY | O_CLOEXEC);
  if (status_fd < 0)
    fprintf(stderr, "  note: cannot read %s: no server memory figures\n", path);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

  /* Setup: a widget, and the agent on duty so chats are queued. */
  char body[512], *resp;
  snprintf(body, sizeof body,
           "{\"tenant\":\"%s\",\"name\":\"bench\",\"allowed_origins\":[\"https://example.org\"],"
           "\"hours\":null}",
           tenant);
  int st = http_do("POST", "/api/v1/admin/chat-widgets", admin_token, body, &resp);
  if (st != 201 || !json_str(obj_get(resp, "key"), widget_key, sizeof widget_key)) {
    fprintf(stderr, "creating the widget: POST /api/v1/admin/chat-widgets answered %d %.300s\n", st,
            resp ? resp : "");
    return 1;
  }
  free(resp);
  on_duty();

  ep = epoll_create1(EPOLL_CLOEXEC);
  chats = calloc((size_t)nchats, sizeof *chats);
  for (int i = 0; i < nchats; i++)
    chats[i].fd = -1;

  /* Phase 1: start the chats. */
  create_rtt = calloc((size_t)nchats, sizeof *create_rtt);
  int64_t t0 = now_ns();
  for (int k = 0; k < CREATE_CONNS; k++) {
    rconn_open(&cconns[k], K_CREATE, (uint32_t)k);
    if (cconns[k].dead)
      fprintf(stderr, "  cannot connect: %s\n", strerror(errno));
  }
  int64_t duty = t0 + 30000000000LL;
  while (answered < next_chat || next_chat < nchats) {
    if (now_ns() > duty) {
      on_duty();
      duty = now_ns() + 30000000000LL;
    }
    bool any = false;
    for (int k = 0; k < CREATE_CONNS; k++) {
      if (!cconns[k].dead)
        any = true;
      if (cconns[k].connected && !cconns[k].busy)
        create_issue(&cconns[k], (uint32_t)k);
    }
    if (!any)
      break;
    poll_once(100);
  }
  double create_s = (now_ns() - t0) / 1e9;
  for (int k = 0; k < CREATE_CONNS; k++)
    rconn_close(&cconns[k]);
  size_t nr = 0;
  for (int i = 0; i < next_chat; i++)
    if (create_rtt[i] > 0)
      create_rtt[nr++] = create_rtt[i];
  qsort(create_rtt, nr, sizeof *create_rtt, cmp_i64);
  printf("  chats started: %d of %d in %.1f s (%.0f/s, %d queued), POST p50 %.1f ms, p99 %.1f ms\n",
         created, nchats, create_s, created / create_s, queued_count, ms(pct(create_rtt, nr, 0.5)),
         ms(pct(create_rtt, nr, 0.99)));
  print_counts("chat starts", statuses);
  if (first_error[0])
    fprintf(stderr, "  first failed chat start: %s\n", first_error);
  if (!created)
    return 1;

  int with_ticket = map_tickets();
  if (with_ticket < created)
    fprintf(stderr, "  note: ticket id found for %d of %d chats (the others get no replies)\n",
            with_ticket, created);

  /* The agent's connections come first, so they count against any
   * connection limit before the streams do. */
  aconns = calloc((size_t)nagent, sizeof *aconns);
  warmup = true;
  for (int k = 0; k < nagent; k++)
    rconn_open(&aconns[k], K_AGENT, (uint32_t)k);
  int64_t wdead = now_ns() + 5000000000LL;
  for (;;) {
    int ready = 0;
    for (int k = 0; k < nagent; k++)
      ready += aconns[k].dead || (aconns[k].connected && !aconns[k].busy);
    if (ready == nagent || now_ns() > wdead)
      break;
    poll_once(50);
  }

  /* Phase 2: open every stream and hold them. */
  long rss0 = rss_kb();
  t0 = now_ns();
  int next = 0;
  int64_t deadline = t0 + (int64_t)OPEN_TIMEOUT_MS * 1000000;
  while (now_ns() < deadline) {
    while (streams_opening < OPENING_MAX && next < nchats &&
           streams_open + streams_opening < max_streams) {
      if (chats[next].ref[0])
        stream_open(next);
      next++;
    }
    if ((next >= nchats || streams_open >= max_streams) && streams_opening == 0)
      break;
    poll_once(50);
  }
  double open_s = (now_ns() - t0) / 1e9;
  int64_t settle = now_ns() + SETTLE_MS * 1000000LL;
  while (now_ns() < settle)
    poll_once(100);
  long rss1 = rss_kb();
  int held = streams_open;
  printf("  streams held: %d of %d (answered 200; %d sent their first bytes of stream), opened in "
         "%.1f s\n",
         held, created, streams_first, open_s);
  if (streams_failed)
    fprintf(stderr, "  %d streams failed to open%s%s\n", streams_failed, connect_errno ? ": " : "",
            connect_errno ? strerror(connect_errno) : "");
  print_counts("streams", stream_status);
  printf("  server RSS: %.1f MiB before the streams, %.1f MiB with them (%.1f KiB per stream)\n",
         rss0 / 1024.0, rss1 / 1024.0, held ? (double)(rss1 - rss0) / held : 0.0);

  /* Phase 3: the agent's replies. */
  live = malloc((size_t)nchats * sizeof *live);
  for (int i = 0; i < nchats; i++)
    if (chats[i].open && chats[i].ticket > 0)
      live[nlive++] = i;
  if (!nlive) {
    fprintf(stderr, "  no open stream with a ticket id: no replies to send\n");
    return 1;
  }
  nseq = (int)(rate * seconds + 0.5);
  deliver_ns = calloc((size_t)nseq, sizeof *deliver_ns);
  rtt_ns = calloc((size_t)nseq, sizeof *rtt_ns);
  seq_chat = calloc((size_t)nseq, sizeof *seq_chat);
  struct itimerspec its = {.it_interval = {0, 1000000}, .it_value = {0, 1000000}};
  timerfd_settime(tfd, 0, &its, NULL);
  ep_set(tfd, EPOLLIN, K_TIMER, (uint32_t)tfd, EPOLL_CTL_ADD);
  int dropped_before = streams_dropped;
  warmup = false;
  t_start = now_ns();
  t_stop = t_start + (int64_t)(seconds * 1e9);
  for (int k = 0; k < nagent; k++)
    if (!aconns[k].dead && !aconns[k].connected && aconns[k].fd < 0)
      rconn_open(&aconns[k], K_AGENT, (uint32_t)k);
  agent_issue_all();
  while (now_ns() < t_stop) {
    int alive = 0;
    for (int k = 0; k < nagent; k++)
      alive += !aconns[k].dead;
    if (!alive) {
      fprintf(stderr, "  the server closed every agent connection (a connection limit?)\n");
      break;
    }
    poll_once(10);
  }
  double send_s = (now_ns() - t_start) / 1e9;
  timerfd_settime(tfd, 0, &(struct itimerspec){0}, NULL);
  int64_t drain = now_ns() + DRAIN_MS * 1000000LL;
  while (now_ns() < drain &&
         (answered_posts < issued || delivered < issued - post_errors - post_lost))
    poll_once(10);
  long rss2 = rss_kb();

  int sent_ok = issued - post_errors - post_lost;
  size_t nd = 0, np = 0;
  for (int s = 0; s < issued; s++) {
    if (deliver_ns[s])
      deliver_ns[nd++] = deliver_ns[s];
    if (rtt_ns[s] > 0)
      rtt_ns[np++] = rtt_ns[s];
  }
  qsort(deliver_ns, nd, sizeof *deliver_ns, cmp_i64);
  qsort(rtt_ns, np, sizeof *rtt_ns, cmp_i64);
  printf("  replies: %d sent in %.1f s (%.0f/s, target %.0f/s) over %d chats, %d connections; "
         "POST p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
         issued, send_s, send_s > 0 ? issued / send_s : 0.0, rate, nlive < issued ? nlive : issued,
         nagent, ms(pct(rtt_ns, np, 0.5)), ms(pct(rtt_ns, np, 0.99)),
         np ? ms(rtt_ns[np - 1]) : 0.0);
  if (post_errors || post_lost)
    fprintf(stderr, "  %d replies failed (%d closed without an answer)%s%s\n",
            post_errors + post_lost, post_lost, first_post_error[0] ? ", first: " : "",
            first_post_error);
  print_counts("replies", post_status);
  if (max_waiting > 1)
    fprintf(stderr, "  the client fell behind: up to %d replies waited for a free connection\n",
            max_waiting);
  printf("  delivered to the citizen's stream: %ld of %d (%d lost, %ld duplicated, %ld on the "
         "wrong stream)\n",
         delivered, sent_ok, sent_ok - (int)delivered > 0 ? sent_ok - (int)delivered : 0,
         duplicates, misrouted);
  if (delivered < sent_ok)
    fprintf(stderr, "  (%ld message events seen on the streams in all)\n", frames);
  if (nd)
    printf("  agent -> citizen latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
           ms(pct(deliver_ns, nd, 0.5)), ms(pct(deliver_ns, nd, 0.9)),
           ms(pct(deliver_ns, nd, 0.99)), ms(deliver_ns[nd - 1]));
  printf("  streams dropped by the server: %d while holding, %d during the replies; server RSS "
         "after: %.1f MiB\n",
         dropped_before, streams_dropped - dropped_before, rss2 / 1024.0);

  for (int i = 0; i < nchats; i++)
    stream_close(&chats[i]);
  for (int k = 0; k < nagent; k++)
    rconn_close(&aconns[k]);
  close(tfd);
  close(ep);
  if (status_fd >= 0)
    close(status_fd);
  free(chats);
  free(create_rtt);
  free(by_ref);
  free(aconns);
  free(live);
  free(deliver_ns);
  free(rtt_ns);
  free(seq_chat);
  return 0;
}
