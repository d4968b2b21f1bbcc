/* Request helpers: arguments, headers, the client address and the JSON body. */
#include "http/request.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/reply.h"

const char *vt_request_arg(struct vt_request *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct arg_check {
  const char *const *allowed;
  const char *other;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value) {
  struct arg_check *c = cls;
  for (size_t i = 0; c->allowed[i]; i++)
    if (!strcmp(key, c->allowed[i]))
      return MHD_YES;
  c->other = key;
  return MHD_NO;
}

const char *vt_request_arg_other(struct vt_request *r, const char *const allowed[]) {
  struct arg_check c = {allowed, NULL};
  MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
  return c.other;
}

const char *vt_request_header(struct vt_request *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void vt_request_client_ip(struct vt_request *r, char *out, size_t outsz) {
  out[0] = '\0';
  if (r->app->config->trust_proxy) {
    const char *xff = vt_request_header(r, "X-Forwarded-For");
    if (xff && *xff) {
      size_t n = strcspn(xff, ", ");
      if (n >= outsz)
        n = outsz - 1;
      memcpy(out, xff, n);
      out[n] = '\0';
      return;
    }
  }
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!ci || !ci->client_addr)
    return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)outsz);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)outsz);
}

bool vt_request_is_unsafe_method(const struct vt_request *r) {
  return strcmp(r->method, "GET") && strcmp(r->method, "HEAD") && strcmp(r->method, "OPTIONS");
}

json_t *vt_request_json_object(struct vt_request *r) {
  const char *ct = vt_request_header(r, "Content-Type");
  if (!ct || strncasecmp(ct, "application/json", 16) ||
      (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
    vt_reply_error(r, VT_ERR_UNSUPPORTED_MEDIA_TYPE, NULL);
    return NULL;
  }
  json_error_t jerr;
  /* jansson rejects invalid UTF-8 and NUL characters in strings. */
  json_t *j =
      json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &jerr);
  if (!j || !json_is_object(j)) {
    json_decref(j);
    vt_reply_error(r, VT_ERR_MALFORMED_JSON, NULL);
    return NULL;
  }
  return j;
}
