/* The request lifecycle on libmicrohttpd: the access handler is called
 * several times per request (headers, body chunks, end); the per-request
 * context hangs off con_cls and is freed only in the completion callback. */
#include "http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "http/auth.h"
#include "http/hub.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/routes.h"
#include "http/static.h"
#include "http/workers.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/timeutil.h"

struct vt_server {
  struct MHD_Daemon *daemon;
  struct vt_app *app;
  atomic_int in_flight;
  int port;
  struct vt_workers *workers;
};

/* Routes the request. Returns true when the handler should run now on the
 * I/O thread (errors, cheap routes), false when it goes to a worker. */
static bool route_request(struct vt_request *r) {
  if (r->body_too_large) {
    vt_reply_error(r, VT_ERR_PAYLOAD_TOO_LARGE, NULL);
    return true;
  }
  if (vt_static_wants(r->path)) {
    vt_static_serve(r);
    return true;
  }
  char allow[64];
  switch (vt_route_find(r, &r->route, allow, sizeof allow)) {
  case VT_ROUTE_NO_PATH:
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    return true;
  case VT_ROUTE_NO_METHOD: {
    json_t *body =
        json_pack("{s:{s:s,s:s}}", "error", "code", vt_err_code(VT_ERR_METHOD_NOT_ALLOWED),
                  "message", vt_err_message(VT_ERR_METHOD_NOT_ALLOWED, r->lang));
    vt_reply_json_hdr(r, 405, body, "Allow", allow);
    return true;
  }
  case VT_ROUTE_FOUND:
    break;
  }
  if (r->route->on_io_thread) {
    r->route->handler(r);
    return true;
  }
  return false;
}

/* Runs on a worker: authenticate, handle, wake the connection. */
static void run_handler(struct vt_request *r) {
  vt_log_set_request_id(r->id);
  if (r->route->auth == VT_AUTH_NONE || vt_auth_require(r, r->route->auth) == 0)
    r->route->handler(r);
  if (!r->response)
    vt_reply_error(r, VT_ERR_INTERNAL, NULL); /* a handler that forgot to answer is a bug */
  vt_log_set_request_id(NULL);
  MHD_resume_connection(r->conn);
}

static enum MHD_Result send_response(struct vt_request *r) {
  if (!r->response)
    return MHD_NO;
  enum MHD_Result ret = MHD_queue_response(r->conn, r->status, r->response);
  MHD_destroy_response(r->response);
  r->response = NULL;
  r->sent = true;
  return ret;
}

/* JSON bodies are small; files go to the upload endpoints, which take up
 * to the attachment limit. */
static long body_limit(const struct vt_config *cfg, const char *method, const char *url) {
  size_t n = strlen(url);
  if (!strcmp(method, "POST") && n >= 8 && !strcmp(url + n - 8, "/uploads"))
    return cfg->attachment_max;
  return cfg->max_body;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **con_cls) {
  struct vt_server *srv = cls;
  struct vt_request *r = *con_cls;
  if (!r) {
    r = calloc(1, sizeof *r);
    if (!r)
      return MHD_NO;
    r->app = srv->app;
    r->conn = conn;
    r->method = method;
    r->path = url;
    r->start_us = vt_mono_us();
    vt_random_hex(r->id, 16);
    r->lang = vt_lang_negotiate(
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
    atomic_fetch_add(&srv->in_flight, 1);
    *con_cls = r;
    r->body_limit = body_limit(srv->app->config, method, url);
    /* Refuse an announced oversize body before reading any of it. */
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoll(cl, NULL, 10) > r->body_limit) {
      r->dispatched = true;
      vt_reply_error(r, VT_ERR_PAYLOAD_TOO_LARGE, NULL);
      return send_response(r);
    }
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (!r->body_too_large) {
      if (r->body.len + *upload_data_size > (size_t)r->body_limit) {
        r->body_too_large = true;
        vt_buf_release(&r->body);
      } else {
        vt_buf_append_mem(&r->body, upload_data, *upload_data_size);
      }
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (r->dispatched) /* called again after a worker resumed us */
    return r->sent ? MHD_YES : send_response(r);
  r->dispatched = true;
  vt_log_set_request_id(r->id);
  bool now = route_request(r);
  vt_log_set_request_id(NULL);
  if (now)
    return send_response(r);
  MHD_suspend_connection(conn);
  vt_workers_submit(srv->workers, r);
  return MHD_YES;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  struct vt_server *srv = cls;
  struct vt_request *r = *con_cls;
  if (!r)
    return;
  vt_log_set_request_id(r->id);
  /* The path only: query strings may carry names, emails or phone numbers. */
  int64_t took = vt_mono_us() - r->start_us;
  /* A survey link's token is a secret: its path is logged as its pattern. */
  static const char survey_prefix[] = "/api/v1/public/surveys/";
  const char *logged = strncmp(r->path, survey_prefix, sizeof survey_prefix - 1)
                           ? r->path
                           : "/api/v1/public/surveys/{token}";
  vt_log_access(r->method, logged, r->status, (long long)took);
  size_t plen = strlen(r->path);
  vt_metrics_observe(r->status, took, plen >= 7 && !strcmp(r->path + plen - 7, "/events"));
  vt_log_set_request_id(NULL);
  vt_principal_free(r->principal);
  if (r->response)
    MHD_destroy_response(r->response);
  vt_buf_release(&r->body);
  free(r);
  *con_cls = NULL;
  atomic_fetch_sub(&srv->in_flight, 1);
}

/* Every open connection is a file descriptor: the usual soft limit (1,024)
 * would cap a node far below the live streams and chats it can hold. The
 * soft limit is raised towards what the configuration needs, up to the
 * hard limit; the connection limit keeps the node under it. */
static void raise_open_files(rlim_t want) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
    return;
  rlim_t to = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
  rl.rlim_cur = to;
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || to + 256 < want)
    VT_WARN("open files limited to %llu: fewer connections than server.max_connections fit",
            (unsigned long long)to);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap) {
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n && msg[n - 1] == '\n')
    msg[--n] = '\0';
  VT_WARN("http: %s", msg);
}

struct vt_server *vt_server_start(struct vt_app *app) {
  char host[128];
  int port;
  if (vt_config_listen_parts(app->config, host, sizeof host, &port) != 0) {
    VT_ERROR("bad listen address");
    return NULL;
  }
  struct addrinfo hints = {
      .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
  struct addrinfo *ai = NULL;
  char portstr[16];
  snprintf(portstr, sizeof portstr, "%d", port);
  if (getaddrinfo(host, portstr, &hints, &ai) != 0 || !ai) {
    VT_ERROR("cannot resolve listen address %s", host);
    return NULL;
  }
  raise_open_files((rlim_t)app->config->max_connections + 512);
  struct vt_server *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->app = app;
  s->workers = vt_workers_start(app->config->workers, run_handler);
  app->hub = vt_hub_start(app->store);
  if (!s->workers || !app->hub) {
    vt_workers_stop(s->workers);
    vt_hub_stop(app->hub);
    app->hub = NULL;
    freeaddrinfo(ai);
    free(s);
    return NULL;
  }
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                   MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
  if (ai->ai_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  s->daemon = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, access_handler, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger,
      NULL, MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)app->config->threads, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
      /* Each connection's buffer pool (MHD's default is 32 KiB): 16 KiB
       * still holds any sane request head, and halves what an idle live
       * stream costs. Bodies are read in chunks, so their size is not bound by it. */
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)app->config->max_connections, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
      MHD_OPTION_END);
  freeaddrinfo(ai);
  if (!s->daemon) {
    VT_ERROR("cannot listen on %s", app->config->listen);
    vt_workers_stop(s->workers);
    vt_hub_stop(app->hub);
    app->hub = NULL;
    free(s);
    return NULL;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = di ? di->port : port;
  return s;
}

int vt_server_port(const struct vt_server *s) { return s->port; }

void vt_server_stop(struct vt_server *s, int grace_ms) {
  if (!s)
    return;
  /* Stop accepting; requests already in progress run to completion. */
  MHD_socket ls = MHD_quiesce_daemon(s->daemon);
  if (ls != MHD_INVALID_SOCKET)
    close(ls);
  /* Live streams never finish on their own: end them so they count out. */
  vt_hub_close_streams(s->app->hub);
  for (int waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10)
    usleep(10000);
  if (atomic_load(&s->in_flight) > 0)
    VT_WARN("stopping with %d requests still running", atomic_load(&s->in_flight));
  MHD_stop_daemon(s->daemon);
  vt_workers_stop(s->workers);
  vt_hub_stop(s->app->hub);
  s->app->hub = NULL;
  free(s);
}
