/* Authentication and role checks, done by the router before any handler of
 * a protected route runs, so no handler can forget them. Scoping to the
 * caller's administrations is then enforced by passing p->scope to the store. */
#include "http/auth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/reply.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/timeutil.h"

void vt_principal_free(struct vt_principal *p) {
  if (!p)
    return;
  vt_user_release(&p->user);
  vt_scope_release(&p->scope);
  free(p);
}

int vt_auth_load_principal(struct vt_app *app, vt_id user_id, struct vt_principal **out) {
  struct vt_store *st = app->store;
  struct vt_principal *p = calloc(1, sizeof *p);
  if (!p)
    abort();
  if (st->user_get(st, user_id, &p->user) != VT_QS_ONE || !p->user.active) {
    vt_principal_free(p);
    return -1;
  }
  vt_id *roots = NULL;
  size_t n = 0;
  enum vt_qs qs = st->user_tenants(st, user_id, &roots, &n);
  if (qs == VT_QS_ONE)
    qs = st->tenants_expand(st, roots, n, &p->scope);
  free(roots);
  /* Confidential tickets: supervisors and admins see them; an agent those
   * assigned to them and those of the departments their profile names. */
  p->scope.user_id = user_id;
  p->scope.conf_all = p->user.role != VT_ROLE_AGENT;
  if (qs == VT_QS_ONE && !p->scope.conf_all)
    qs = st->agent_department_ids(st, user_id, &p->scope.conf_dept_ids, &p->scope.n_conf_depts);
  if (qs != VT_QS_ONE) {
    vt_principal_free(p);
    return -1;
  }
  *out = p;
  return 0;
}

/* The value of one cookie from the Cookie header (MHD parses it). */
static const char *cookie(struct vt_request *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int vt_auth_require(struct vt_request *r, enum vt_auth_level level) {
  struct vt_store *st = r->app->store;
  vt_id user_id = 0;
  bool via_session = false;
  char session_hash[VT_TOKEN_HASH_HEX + 1] = "";
  char csrf[80] = "";
  const char *authz = vt_request_header(r, "Authorization");
  enum vt_qs qs;
  if (authz && !strncasecmp(authz, "Bearer ", 7)) {
    char hash[VT_TOKEN_HASH_HEX + 1];
    vt_token_hash(authz + 7, hash);
    qs = st->token_user(st, hash, &user_id);
  } else {
    const char *sess = cookie(r, VT_SESSION_COOKIE);
    if (!sess) {
      vt_reply_error(r, VT_ERR_UNAUTHENTICATED, NULL);
      return -1;
    }
    vt_token_hash(sess, session_hash);
    qs = st->session_get(st, session_hash, vt_now_ms(), &user_id, csrf);
    via_session = true;
  }
  if (qs < 0) {
    vt_reply_store_error(r, qs);
    return -1;
  }
  if (qs == VT_QS_NONE) {
    vt_reply_error(r, VT_ERR_UNAUTHENTICATED, NULL);
    return -1;
  }
  /* A cookie is sent by the browser whoever made the page; the CSRF token
   * proves the page is ours. Bearer tokens are never sent implicitly. */
  if (via_session && vt_request_is_unsafe_method(r)) {
    const char *given = vt_request_header(r, "X-CSRF-Token");
    if (!given || !vt_secure_streq(given, csrf)) {
      vt_reply_error(r, VT_ERR_CSRF_FAILED, NULL);
      return -1;
    }
  }
  struct vt_principal *p;
  if (vt_auth_load_principal(r->app, user_id, &p) != 0) {
    vt_reply_error(r, VT_ERR_UNAUTHENTICATED, NULL);
    return -1;
  }
  p->via_session = via_session;
  memcpy(p->session_hash, session_hash, sizeof p->session_hash);
  memcpy(p->csrf_token, csrf, sizeof p->csrf_token);
  r->principal = p;
  static const enum vt_role min_role[] = {
      [VT_AUTH_AGENT] = VT_ROLE_AGENT,
      [VT_AUTH_SUPERVISOR] = VT_ROLE_SUPERVISOR,
      [VT_AUTH_ADMIN] = VT_ROLE_ADMIN,
  };
  if (p->user.role < min_role[level]) {
    vt_reply_error(r, VT_ERR_FORBIDDEN, NULL);
    return -1;
  }
  return 0;
}
