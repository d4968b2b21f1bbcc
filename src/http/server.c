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
#include <unistd.h>

#include "http/auth.h"
#include "http/reply.h"
#include "http/routes.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/timeutil.h"

struct vt_server {
  struct MHD_Daemon *daemon;
  struct vt_app *app;
  atomic_int in_flight;
  int port;
};

static enum MHD_Result dispatch(struct vt_request *r) {
  if (r->body_too_large)
    return vt_reply_error(r, VT_ERR_PAYLOAD_TOO_LARGE, NULL);
  const struct vt_route *route = NULL;
  char allow[64];
  switch (vt_route_find(r, &route, allow, sizeof allow)) {
  case VT_ROUTE_NO_PATH:
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  case VT_ROUTE_NO_METHOD: {
    json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", vt_err_code(VT_ERR_METHOD_NOT_ALLOWED),
                             "message", vt_err_message(VT_ERR_METHOD_NOT_ALLOWED, r->lang));
    return vt_reply_json_hdr(r, 405, body, "Allow", allow);
  }
  case VT_ROUTE_FOUND:
    break;
  }
  if (route->auth != VT_AUTH_NONE && vt_auth_require(r, route->auth) != 0)
    return MHD_YES; /* the error is queued */
  return route->handler(r);
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
    /* Refuse an announced oversize body before reading any of it. */
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoll(cl, NULL, 10) > srv->app->config->max_body) {
      vt_log_set_request_id(r->id);
      r->dispatched = true;
      enum MHD_Result ret = vt_reply_error(r, VT_ERR_PAYLOAD_TOO_LARGE, NULL);
      vt_log_set_request_id(NULL);
      return ret;
    }
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (!r->body_too_large) {
      if (r->body.len + *upload_data_size > (size_t)srv->app->config->max_body) {
        r->body_too_large = true;
        vt_buf_release(&r->body);
      } else {
        vt_buf_append_mem(&r->body, upload_data, *upload_data_size);
      }
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (r->dispatched)
    return MHD_YES;
  r->dispatched = true;
  vt_log_set_request_id(r->id);
  enum MHD_Result ret = dispatch(r);
  vt_log_set_request_id(NULL);
  return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  struct vt_server *srv = cls;
  struct vt_request *r = *con_cls;
  if (!r)
    return;
  vt_log_set_request_id(r->id);
  /* The path only: query strings may carry names, emails or phone numbers. */
  vt_log_access(r->method, r->path, r->status, (long long)(vt_mono_us() - r->start_us));
  vt_log_set_request_id(NULL);
  vt_principal_free(r->principal);
  vt_buf_release(&r->body);
  free(r);
  *con_cls = NULL;
  atomic_fetch_sub(&srv->in_flight, 1);
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
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                           .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
  struct addrinfo *ai = NULL;
  char portstr[16];
  snprintf(portstr, sizeof portstr, "%d", port);
  if (getaddrinfo(host, portstr, &hints, &ai) != 0 || !ai) {
    VT_ERROR("cannot resolve listen address %s", host);
    return NULL;
  }
  struct vt_server *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->app = app;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                   MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
  if (ai->ai_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  s->daemon = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, access_handler, s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->config->threads, MHD_OPTION_NOTIFY_COMPLETED,
      completed, s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)10000, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
      MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL, MHD_OPTION_END);
  freeaddrinfo(ai);
  if (!s->daemon) {
    VT_ERROR("cannot listen on %s", app->config->listen);
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
  for (int waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10)
    usleep(10000);
  if (atomic_load(&s->in_flight) > 0)
    VT_WARN("stopping with %d requests still running", atomic_load(&s->in_flight));
  MHD_stop_daemon(s->daemon);
  free(s);
}
