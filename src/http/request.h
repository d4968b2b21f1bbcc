/* One HTTP request as the handlers see it: method, path, parameters, body,
 * language, the caller once authenticated, and the app it runs in. Lives from
 * the first access-handler call to the completion callback, which alone
 * frees it (libmicrohttpd may abort a request at any point). */
#ifndef VT_REQUEST_H
#define VT_REQUEST_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/i18n.h"

struct vt_hub;

/* What every handler can reach: borrowed for the server's lifetime. */
struct vt_app {
  struct vt_store *store;
  const struct vt_config *config;
  struct vt_hub *hub; /* the live event stream; set by the server */
};

enum vt_auth_level { VT_AUTH_NONE, VT_AUTH_AGENT, VT_AUTH_SUPERVISOR, VT_AUTH_ADMIN };

/* The authenticated caller. */
struct vt_principal {
  struct vt_user user;
  struct vt_scope scope; /* the administrations they serve, with descendants */
  bool via_session;
  char session_hash[65];
  char csrf_token[80];
};

#define VT_MAX_PATH_PARAMS 2

struct vt_route;

struct vt_request {
  struct vt_app *app;
  struct MHD_Connection *conn;
  const char *method; /* borrowed from MHD */
  const char *path;   /* borrowed from MHD, without query string */
  char id[33];        /* request id, also sent as X-Request-Id */
  enum vt_lang lang;
  int64_t start_us;
  struct vt_buf body;
  bool body_too_large;
  long body_limit; /* bytes: server.max_body, or attachments.max_size for uploads */
  bool dispatched;
  bool sent;
  unsigned status;               /* of the response, for the access log */
  struct MHD_Response *response; /* made by the handler, queued by the server */
  const struct vt_route *route;  /* set by the router */
  struct vt_request *next_job;   /* worker queue link */
  char params[VT_MAX_PATH_PARAMS][128]; /* {x} segments of the route, in order */
  struct vt_principal *principal;       /* NULL until authenticated */
};

/* A query-string argument (decoded), or NULL. Borrowed from MHD. */
const char *vt_request_arg(struct vt_request *r, const char *name);
/* The first query argument not named in allowed (NULL-terminated), or
 * NULL: for endpoints that must refuse filters they do not take. */
const char *vt_request_arg_other(struct vt_request *r, const char *const allowed[]);
const char *vt_request_header(struct vt_request *r, const char *name);
/* The client's address as text (X-Forwarded-For first when trusted). */
void vt_request_client_ip(struct vt_request *r, char *out, size_t outsz);
bool vt_request_is_unsafe_method(const struct vt_request *r);

/* Parses the body as a JSON object. On failure queues 415/400 and returns
 * NULL. The caller owns the result (json_decref). */
json_t *vt_request_json_object(struct vt_request *r);

#endif
