/* Live-stream benchmark: opens N Server-Sent-Events connections to
 * /api/v1/events on one node (one epoll thread here, so the client is not
 * the bottleneck), then creates tickets through the web form one at a time
 * and measures how long each event takes to reach every open stream.
 *
 * Usage: sse_fanout HOST PORT TOKEN CONNECTIONS EVENTS SERVER_PID
 * Prints: connections held, server RSS before/after (and per connection),
 * and the delivery latency to all streams (median, p99, max). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long rss_kb(int pid) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  FILE *f = fopen(path, "r");
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmRSS:", 6))
      kb = strtol(line + 6, NULL, 10);
  if (f)
    fclose(f);
  return kb;
}

static int dial(const char *host, int port, bool nonblock) {
  int fd = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, host, &a.sin_addr);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

/* One blocking POST of a web-form request; returns the HTTP status. */
static int post_request(const char *host, int port, int i) {
  char body[256], req[1024];
  int bl = snprintf(body, sizeof body,
                    "{\"tenant\":\"MOS\",\"email\":\"bench%d@correo.example\",\"subject\":\"Bench %d\","
                    "\"body\":\"Live stream benchmark.\"}",
                    i, i);
  int rl = snprintf(req, sizeof req,
                    "POST /api/v1/public/requests HTTP/1.1\r\nHost: %s\r\nContent-Type: "
                    "application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
                    host, bl, body);
  int fd = dial(host, port, false);
  if (fd < 0 || write(fd, req, (size_t)rl) != rl)
    return -1;
  char resp[4096];
  ssize_t n = read(fd, resp, sizeof resp - 1);
  close(fd);
  if (n < 12)
    return -1;
  resp[n] = '\0';
  return atoi(resp + 9);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s HOST PORT TOKEN CONNECTIONS EVENTS SERVER_PID\n", argv[0]);
    return 2;
  }
  const char *host = argv[1], *token = argv[3];
  int port = atoi(argv[2]), n = atoi(argv[4]), events = atoi(argv[5]), spid = atoi(argv[6]);
  long rss0 = rss_kb(spid);
  int ep = epoll_create1(0);
  int *fds = calloc((size_t)n, sizeof *fds);
  int *got = calloc((size_t)n, sizeof *got); /* events seen per stream */
  char req[512];
  int rl = snprintf(req, sizeof req,
                    "GET /api/v1/events HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                    "Accept: text/event-stream\r\n\r\n",
                    host, token);
  int open_ok = 0;
  double t0 = now_ms();
  for (int i = 0; i < n; i++) {
    fds[i] = dial(host, port, false);
    if (fds[i] < 0 || write(fds[i], req, (size_t)rl) != rl) {
      fprintf(stderr, "connection %d failed: %s\n", i, strerror(errno));
      fds[i] = -1;
      continue;
    }
    fcntl(fds[i], F_SETFL, O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
    open_ok++;
  }
  /* Let every stream get its headers. */
  char buf[65536];
  struct epoll_event evs[512];
  double settle = now_ms() + 2000;
  while (now_ms() < settle) {
    int k = epoll_wait(ep, evs, 512, 100);
    for (int j = 0; j < k; j++)
      while (read(fds[evs[j].data.u32], buf, sizeof buf) > 0) {
      }
  }
  double opened_ms = now_ms() - t0;
  long rss1 = rss_kb(spid);
  double *lat = calloc((size_t)events, sizeof *lat);
  int done_events = 0;
  for (int e = 0; e < events; e++) {
    memset(got, 0, (size_t)n * sizeof *got);
    double start = now_ms();
    if (post_request(host, port, e) != 201) {
      fprintf(stderr, "web form POST failed\n");
      break;
    }
    int reached = 0;
    double deadline = start + 5000;
    while (reached < open_ok && now_ms() < deadline) {
      int k = epoll_wait(ep, evs, 512, 50);
      for (int j = 0; j < k; j++) {
        int i = (int)evs[j].data.u32;
        ssize_t r;
        while ((r = read(fds[i], buf, sizeof buf)) > 0) {
          /* Each event carries "event: ticket_created" once. */
          if (!got[i] && memmem(buf, (size_t)r, "event: ticket_created", 21)) {
            got[i] = 1;
            reached++;
          }
        }
      }
    }
    lat[done_events++] = now_ms() - start;
    if (reached < open_ok)
      fprintf(stderr, "event %d reached %d of %d streams in 5 s\n", e, reached, open_ok);
  }
  qsort(lat, (size_t)done_events, sizeof *lat, cmp_double);
  long rss2 = rss_kb(spid);
  printf("  streams held: %d of %d (opened in %.0f ms)\n", open_ok, n, opened_ms);
  printf("  server RSS: %.1f MiB idle, %.1f MiB with the streams (%.1f KiB per stream), "
         "%.1f MiB after the events\n",
         rss0 / 1024.0, rss1 / 1024.0, open_ok ? (double)(rss1 - rss0) / open_ok : 0.0,
         rss2 / 1024.0);
  if (done_events)
    printf("  ticket created -> event on every stream: median %.1f ms, p99 %.1f ms, max %.1f ms "
           "(%d events)\n",
           lat[done_events / 2], lat[(int)(done_events * 0.99)], lat[done_events - 1],
           done_events);
  for (int i = 0; i < n; i++)
    if (fds[i] >= 0)
      close(fds[i]);
  free(fds);
  free(got);
  free(lat);
  return 0;
}
