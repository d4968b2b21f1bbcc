/* Who is calling: API tokens (Authorization: Bearer) and login sessions
 * (cookie plus CSRF token on unsafe methods), roles and administrations. */
#ifndef VT_AUTH_H
#define VT_AUTH_H

#include "http/request.h"

#define VT_SESSION_COOKIE "vt_session"

/* Authenticates r for a route of the given level. Returns 0 with
 * r->principal set, or -1 after queuing 401/403 (or 500). */
int vt_auth_require(struct vt_request *r, enum vt_auth_level level);
/* Builds the principal for a user id (scope expanded); 0 on success. */
int vt_auth_load_principal(struct vt_app *app, vt_id user_id, struct vt_principal **out);
void vt_principal_free(struct vt_principal *p);

#endif
